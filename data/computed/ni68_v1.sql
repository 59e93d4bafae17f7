-- NI 68, definition version 1: referrals to children's social care going on to initial
-- assessment.
-- Denominator: referrals (ssd_cin_episodes) made in the month.
-- Numerator: those with an initial assessment (cina_assessment_kind 'initial') that names the
-- referral, whenever it started.
-- One row per referral: the month, pseudonymous person id, referral id, referral date, the first
-- linked initial assessment's start, working days from referral to that start (days after the
-- referral up to and including the start; working_day.n counts Monday to Friday, not England and
-- Wales bank holidays), assessed or not.
SELECT date_trunc('month', r.cine_referral_date)::DATE AS period,
       r.cine_person_id AS person_id,
       r.cine_referral_id AS record_id,
       r.cine_referral_date AS from_date,
       min(a.cina_assessment_start_date) AS to_date,
       min(started.n) - referred.n AS measure,
       count(a.cina_assessment_id) > 0 AS counted
FROM ssd_cin_episodes r
LEFT JOIN ssd_cin_assessments a
  ON a.load_id = $load
 AND a.cina_referral_id = r.cine_referral_id
 AND a.cina_assessment_kind = 'initial'
LEFT JOIN working_day referred ON referred.day = r.cine_referral_date
LEFT JOIN working_day started ON started.day = a.cina_assessment_start_date
WHERE r.load_id = $load
  AND r.cine_referral_date >= $first
  AND r.cine_referral_date < $last + INTERVAL 1 MONTH
GROUP BY r.cine_person_id, r.cine_referral_id, r.cine_referral_date, referred.n
