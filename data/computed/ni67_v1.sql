-- NI 67, definition version 1, as pidash computes it monthly from case records: child protection
-- reviews held within the required timescale.
-- Denominator: child protection reviews (ssd_cp_reviews) due in the month.
-- Numerator: those held on or before their due date; a review not held is late.
-- This counts reviews, not children: the annual DCSF definition counts children with a plan
-- lasting 3 months or more whose reviews were all on time.
-- One row per review: the month, pseudonymous person id, review id, due date, date held, days held
-- after the due date (negative: early), on time.
SELECT date_trunc('month', r.cppr_cp_review_due)::DATE AS period,
       r.cppr_person_id AS person_id,
       r.cppr_cp_review_id AS record_id,
       r.cppr_cp_review_due AS from_date,
       r.cppr_cp_review_date AS to_date,
       date_diff('day', r.cppr_cp_review_due, r.cppr_cp_review_date) AS measure,
       coalesce(r.cppr_cp_review_date <= r.cppr_cp_review_due, false) AS counted
FROM ssd_cp_reviews r
WHERE r.load_id = $load
  AND r.cppr_cp_review_due >= $first
  AND r.cppr_cp_review_due < $last + INTERVAL 1 MONTH
