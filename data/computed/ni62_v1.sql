-- NI 62, definition version 1: stability of placements of looked after children, number of
-- placements.
-- Denominator: children looked after on the month's last day: an episode of care (ssd_cla_episodes)
-- that started on or before that day and had not ceased by it (an episode ceasing on the last day
-- itself has ceased: the child is not looked after that day).
-- Numerator: those with 3 or more separate placements (ssd_cla_placement rows of the child) open
-- at some time in the 12 months to that day, the 12 calendar months ending with the month: a
-- placement counts when it started on or before the last day and had not ended before the first
-- day (one already running when the 12 months began counts as one).
-- One row per child: the month, pseudonymous person id, no record id, the 12 months' first and
-- last days, the number of placements, 3 or more.
WITH months AS (
    SELECT m::DATE AS period, last_day(m::DATE) AS month_end, (m - INTERVAL 11 MONTH)::DATE AS year_from
    FROM range($first::TIMESTAMP, $last::TIMESTAMP + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS t(m)
),
looked_after AS (
    SELECT DISTINCT m.period, m.month_end, m.year_from, e.clae_person_id AS person_id
    FROM months m
    JOIN ssd_cla_episodes e
      ON e.load_id = $load
     AND e.clae_cla_episode_start_date <= m.month_end
     AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > m.month_end)
)
SELECT l.period,
       l.person_id,
       NULL::VARCHAR AS record_id,
       l.year_from AS from_date,
       l.month_end AS to_date,
       count(p.clap_cla_placement_id) AS measure,
       count(p.clap_cla_placement_id) >= 3 AS counted
FROM looked_after l
LEFT JOIN ssd_cla_placement p
  ON p.load_id = $load
 AND p.clap_person_id = l.person_id
 AND p.clap_cla_placement_start_date <= l.month_end
 AND (p.clap_cla_placement_end_date IS NULL OR p.clap_cla_placement_end_date >= l.year_from)
GROUP BY l.period, l.month_end, l.year_from, l.person_id
