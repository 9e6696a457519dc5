-- Person-years, emergency admissions and their bed days by single year of age, over the last
-- $window_days days of the patient records (restricted DB). Emergency admissions: OMOP visit
-- 262 (ER and inpatient) or inpatient 9201 with a HES emergency admission method (21-28, 2A-2D).
WITH bounds AS (
    SELECT max(observation_period_end_date) AS window_end,
           max(observation_period_end_date) - CAST($window_days AS INTEGER) AS window_start
    FROM restricted.observation_period
),
exposure AS (
    SELECT op.person_id,
           year(b.window_end) - p.year_of_birth AS age,
           greatest(0, least(op.observation_period_end_date, b.window_end)
                    - greatest(op.observation_period_start_date, b.window_start)) / 365.25
               AS person_years
    FROM restricted.observation_period op
    JOIN restricted.person p USING (person_id)
    CROSS JOIN bounds b
),
admissions AS (
    SELECT v.person_id,
           count(*) AS admissions,
           sum(greatest(0, coalesce(v.visit_end_date, v.visit_start_date) - v.visit_start_date))
               AS bed_days
    FROM restricted.visit_occurrence v
    CROSS JOIN bounds b
    WHERE v.visit_start_date > b.window_start
      AND v.visit_start_date <= b.window_end
      AND (v.visit_concept_id = 262
           OR (v.visit_concept_id = 9201
               AND v.visit_source_value IN ('21', '22', '23', '24', '25', '28',
                                            '2A', '2B', '2C', '2D')))
    GROUP BY v.person_id
)
SELECT e.age,
       sum(e.person_years) AS person_years,
       CAST(coalesce(sum(a.admissions), 0) AS BIGINT) AS admissions,
       CAST(coalesce(sum(a.bed_days), 0) AS BIGINT) AS bed_days
FROM exposure e
LEFT JOIN admissions a USING (person_id)
WHERE e.person_years > 0
GROUP BY e.age
ORDER BY e.age
