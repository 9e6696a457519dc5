-- One row per person observed during the year to the end of the records ($window_days days):
-- age at the year end, neighbourhood, death in the year and that year's hospital activity.
-- Restricted DB only (person level). Emergency admission: visit 262, or 9201 with a HES
-- emergency admission method; elective: other 9201; A&E: 9203; outpatient: 9202.
WITH bounds AS (
    SELECT max(observation_period_end_date) AS window_end,
           max(observation_period_end_date) - CAST($window_days AS INTEGER) AS window_start
    FROM restricted.observation_period
),
observed AS (
    SELECT DISTINCT op.person_id
    FROM restricted.observation_period op CROSS JOIN bounds b
    WHERE op.observation_period_end_date > b.window_start
      AND op.observation_period_start_date <= b.window_end
),
visits AS (
    SELECT v.person_id,
           (v.visit_concept_id = 262
            OR (v.visit_concept_id = 9201 AND v.visit_source_value IN
                ('21', '22', '23', '24', '25', '28', '2A', '2B', '2C', '2D'))) AS emergency,
           v.visit_concept_id AS concept,
           greatest(0, coalesce(v.visit_end_date, v.visit_start_date) - v.visit_start_date)
               AS stay_days
    FROM restricted.visit_occurrence v CROSS JOIN bounds b
    WHERE v.visit_start_date > b.window_start AND v.visit_start_date <= b.window_end
),
activity AS (
    SELECT person_id,
           count(*) FILTER (WHERE emergency) AS emergency_admissions,
           coalesce(sum(stay_days) FILTER (WHERE emergency), 0) AS emergency_bed_days,
           count(*) FILTER (WHERE concept = 9201 AND NOT emergency) AS elective_admissions,
           count(*) FILTER (WHERE concept = 9203) AS ae_attendances,
           count(*) FILTER (WHERE concept = 9202) AS outpatient_attendances
    FROM visits
    GROUP BY person_id
)
SELECT p.person_id,
       year(b.window_end) - p.year_of_birth AS age,
       l.neighbourhood,
       coalesce(d.death_date > b.window_start AND d.death_date <= b.window_end, FALSE)
           AS died_in_year,
       CAST(coalesce(a.emergency_admissions, 0) AS BIGINT) AS emergency_admissions,
       CAST(coalesce(a.emergency_bed_days, 0) AS BIGINT) AS emergency_bed_days,
       CAST(coalesce(a.elective_admissions, 0) AS BIGINT) AS elective_admissions,
       CAST(coalesce(a.ae_attendances, 0) AS BIGINT) AS ae_attendances,
       CAST(coalesce(a.outpatient_attendances, 0) AS BIGINT) AS outpatient_attendances
FROM observed o
JOIN restricted.person p USING (person_id)
CROSS JOIN bounds b
LEFT JOIN restricted.location l ON l.location_id = p.location_id
LEFT JOIN (SELECT person_id, min(death_date) AS death_date FROM restricted.death GROUP BY 1) d
    USING (person_id)
LEFT JOIN activity a USING (person_id)
WHERE p.year_of_birth <= year(b.window_end)
ORDER BY p.person_id
