-- NI 66, definition version 1, as pidash computes it monthly from case records: looked after
-- children's reviews held within the required timescale.
-- Denominator: reviews of looked after children (ssd_cla_reviews) due in the month and not
-- cancelled (clar_cla_review_cancelled not 'Y').
-- Numerator: those held on or before their due date; a review not held is late.
-- This counts reviews, not children: the annual DCSF definition counts children looked after
-- continuously for 4 weeks or more whose reviews in the year were all on time.
-- One row per review: the month, pseudonymous person id (the child of the episode with the
-- review's CLA id), review id, due date, date held, days held after the due date (negative:
-- early), on time.
SELECT date_trunc('month', r.clar_cla_review_due_date)::DATE AS period,
       e.person_id,
       r.clar_cla_review_id AS record_id,
       r.clar_cla_review_due_date AS from_date,
       r.clar_cla_review_date AS to_date,
       date_diff('day', r.clar_cla_review_due_date, r.clar_cla_review_date) AS measure,
       coalesce(r.clar_cla_review_date <= r.clar_cla_review_due_date, false) AS counted
FROM ssd_cla_reviews r
LEFT JOIN (
    SELECT clae_cla_id, min(clae_person_id) AS person_id
    FROM ssd_cla_episodes
    WHERE load_id = $load AND clae_cla_id IS NOT NULL
    GROUP BY clae_cla_id
) e ON e.clae_cla_id = r.clar_cla_id
WHERE r.load_id = $load
  AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
  AND r.clar_cla_review_due_date >= $first
  AND r.clar_cla_review_due_date < $last + INTERVAL 1 MONTH
