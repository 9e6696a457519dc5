-- Condition and observation codes recorded up to the end of the records (restricted DB), and
-- whether each was recorded during the last $window_days days (the segmentation year).
WITH bounds AS (
    SELECT max(observation_period_end_date) AS window_end,
           max(observation_period_end_date) - CAST($window_days AS INTEGER) AS window_start
    FROM restricted.observation_period
),
codes AS (
    SELECT c.person_id, c.condition_source_value AS code, c.condition_start_date AS code_date
    FROM restricted.condition_occurrence c
    UNION ALL
    SELECT o.person_id, o.observation_source_value, o.observation_date
    FROM restricted.observation o
)
SELECT person_id, code, bool_or(code_date > b.window_start) AS in_year
FROM codes CROSS JOIN bounds b
WHERE code_date <= b.window_end
GROUP BY person_id, code
