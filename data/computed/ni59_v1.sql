-- NI 59, definition version 1 (April 2007 to March 2010): initial assessments for children's
-- social care carried out within 7 working days of referral.
-- Denominator: initial assessments (cina_assessment_kind 'initial') authorised in the month.
-- Numerator: those authorised within 7 working days of the referral date: at most 7 working days
-- after it, counting the days after the referral up to and including the day of authorisation
-- (authorised on the day of referral: 0). A working day is Monday to Friday and not an England and
-- Wales bank holiday: working_day.n counts them up to and including each day, so n(E) - n(D) is
-- the number after D up to and including E.
-- One row per assessment: the month, pseudonymous person id, assessment id, referral date,
-- authorisation date, working days, in time.
SELECT date_trunc('month', a.cina_assessment_auth_date)::DATE AS period,
       a.cina_person_id AS person_id,
       a.cina_assessment_id AS record_id,
       r.cine_referral_date AS from_date,
       a.cina_assessment_auth_date AS to_date,
       authorised.n - referred.n AS measure,
       coalesce(authorised.n - referred.n <= 7, false) AS counted
FROM ssd_cin_assessments a
LEFT JOIN ssd_cin_episodes r ON r.load_id = a.load_id AND r.cine_referral_id = a.cina_referral_id
LEFT JOIN working_day referred ON referred.day = r.cine_referral_date
LEFT JOIN working_day authorised ON authorised.day = a.cina_assessment_auth_date
WHERE a.load_id = $load
  AND a.cina_assessment_kind = 'initial'
  AND a.cina_assessment_auth_date >= $first
  AND a.cina_assessment_auth_date < $last + INTERVAL 1 MONTH
