-- NI 64, definition version 1: child protection plans lasting 2 years or more.
-- Denominator: child protection plans (ssd_cp_plans) that ended in the month.
-- Numerator: those that had lasted 2 years or more: ended on or after the second anniversary of
-- their start.
-- One row per plan: the month, pseudonymous person id, plan id, start and end dates, days the plan
-- lasted, 2 years or more.
SELECT date_trunc('month', p.cppl_cp_plan_end_date)::DATE AS period,
       p.cppl_person_id AS person_id,
       p.cppl_cp_plan_id AS record_id,
       p.cppl_cp_plan_start_date AS from_date,
       p.cppl_cp_plan_end_date AS to_date,
       date_diff('day', p.cppl_cp_plan_start_date, p.cppl_cp_plan_end_date) AS measure,
       p.cppl_cp_plan_end_date >= (p.cppl_cp_plan_start_date + INTERVAL 2 YEAR)::DATE AS counted
FROM ssd_cp_plans p
WHERE p.load_id = $load
  AND p.cppl_cp_plan_end_date >= $first
  AND p.cppl_cp_plan_end_date < $last + INTERVAL 1 MONTH
