-- NI 63, definition version 1: stability of placements of looked after children, length of
-- placement.
-- Denominator: children under 16 on the month's last day who were looked after on that day (an
-- episode of care started on or before it and not ceased by it) and had been looked after
-- continuously for 2 years and 6 months or more: their period of care began on or before the same
-- day 30 months earlier. A period of care is the run of a child's episodes each starting on or
-- before the day the one before ceased; it began on the earliest of its first episode's start and
-- the date the child entered care (clae_entered_care_date) when given. Age is from the month of
-- birth (pidash keeps no day of birth), which is exact on a month's last day; a child with no date
-- of birth is not counted.
-- Numerator: those whose placement on that day (started on or before it and not ended by it)
-- began on or before the same day 24 months earlier: in the same placement for 2 years or more.
-- One row per child: the month, pseudonymous person id, placement id, the day the period of care
-- began, the day the placement began, whole months in the placement, 2 years or more.
WITH months AS (
    SELECT m::DATE AS period, last_day(m::DATE) AS month_end
    FROM range($first::TIMESTAMP, $last::TIMESTAMP + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS t(m)
),
episodes AS (
    SELECT clae_person_id AS person_id, clae_cla_episode_start_date AS starts,
           coalesce(clae_cla_episode_ceased_date, DATE '9999-12-31') AS ends, clae_entered_care_date AS entered
    FROM ssd_cla_episodes
    WHERE load_id = $load
),
marked AS (
    SELECT *,
           CASE WHEN starts <= max(ends) OVER (PARTITION BY person_id ORDER BY starts, ends
                                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                THEN 0 ELSE 1 END AS begins_period
    FROM episodes
),
numbered AS (
    SELECT *, sum(begins_period) OVER (PARTITION BY person_id ORDER BY starts, ends ROWS UNBOUNDED PRECEDING) AS care_period
    FROM marked
),
periods AS (
    SELECT *, least(min(starts) OVER (PARTITION BY person_id, care_period),
                    min(entered) OVER (PARTITION BY person_id, care_period)) AS care_began
    FROM numbered
),
cohort AS (
    SELECT m.period, m.month_end, e.person_id, min(e.care_began) AS care_began
    FROM months m
    JOIN periods e ON e.starts <= m.month_end AND e.ends > m.month_end
    JOIN ssd_person p ON p.load_id = $load AND p.pers_person_id = e.person_id
    WHERE p.pers_dob + INTERVAL 16 YEAR > m.month_end
    GROUP BY m.period, m.month_end, e.person_id
)
SELECT c.period,
       c.person_id,
       pl.clap_cla_placement_id AS record_id,
       c.care_began AS from_date,
       pl.clap_cla_placement_start_date AS to_date,
       date_sub('month', pl.clap_cla_placement_start_date, c.month_end) AS measure,
       coalesce(pl.clap_cla_placement_start_date <= (c.month_end - INTERVAL 24 MONTH)::DATE, false) AS counted
FROM cohort c
LEFT JOIN ssd_cla_placement pl
  ON pl.load_id = $load
 AND pl.clap_person_id = c.person_id
 AND pl.clap_cla_placement_start_date <= c.month_end
 AND (pl.clap_cla_placement_end_date IS NULL OR pl.clap_cla_placement_end_date > c.month_end)
WHERE c.care_began <= (c.month_end - INTERVAL 30 MONTH)::DATE
QUALIFY row_number() OVER (PARTITION BY c.period, c.person_id ORDER BY pl.clap_cla_placement_start_date DESC) = 1
