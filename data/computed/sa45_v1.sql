-- SA45 (local), definition version 1: single assessments for children's social care authorised
-- within 45 working days of their start.
-- Denominator: single assessments (cina_assessment_kind 'single', which a case load gives every
-- assessment whose kind is blank or not given) authorised in the month.
-- Numerator: those authorised within 45 working days of their start: at most 45 working days after
-- the start date, counting the days after it up to and including the day of authorisation (same
-- day: 0). A working day is Monday to Friday and not an England and Wales bank holiday
-- (working_day.n counts them up to and including each day).
-- One row per assessment: the month, pseudonymous person id, assessment id, start date,
-- authorisation date, working days, in time.
SELECT date_trunc('month', a.cina_assessment_auth_date)::DATE AS period,
       a.cina_person_id AS person_id,
       a.cina_assessment_id AS record_id,
       a.cina_assessment_start_date AS from_date,
       a.cina_assessment_auth_date AS to_date,
       authorised.n - started.n AS measure,
       coalesce(authorised.n - started.n <= 45, false) AS counted
FROM ssd_cin_assessments a
LEFT JOIN working_day started ON started.day = a.cina_assessment_start_date
LEFT JOIN working_day authorised ON authorised.day = a.cina_assessment_auth_date
WHERE a.load_id = $load
  AND a.cina_assessment_kind = 'single'
  AND a.cina_assessment_auth_date >= $first
  AND a.cina_assessment_auth_date < $last + INTERVAL 1 MONTH
