-- NI 65, definition version 1: children becoming the subject of a child protection plan for a
-- second or subsequent time.
-- Denominator: child protection plans (ssd_cp_plans) that started in the month.
-- Numerator: those for a child who had an earlier plan: another plan of the same child that
-- started before this one, at any time in the case load (plans before the case system's records
-- began cannot be seen).
-- One row per plan: the month, pseudonymous person id, plan id, its start date, the latest end of
-- an earlier plan, the number of earlier plans, second or later.
SELECT date_trunc('month', p.cppl_cp_plan_start_date)::DATE AS period,
       p.cppl_person_id AS person_id,
       p.cppl_cp_plan_id AS record_id,
       p.cppl_cp_plan_start_date AS from_date,
       max(e.cppl_cp_plan_end_date) AS to_date,
       count(e.cppl_cp_plan_id) AS measure,
       count(e.cppl_cp_plan_id) > 0 AS counted
FROM ssd_cp_plans p
LEFT JOIN ssd_cp_plans e
  ON e.load_id = $load
 AND e.cppl_person_id = p.cppl_person_id
 AND e.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date
WHERE p.load_id = $load
  AND p.cppl_cp_plan_start_date >= $first
  AND p.cppl_cp_plan_start_date < $last + INTERVAL 1 MONTH
GROUP BY p.cppl_person_id, p.cppl_cp_plan_id, p.cppl_cp_plan_start_date
