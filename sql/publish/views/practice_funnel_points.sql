-- publish.practice_funnel_points: each practice's QOF prevalence against its place's funnel.
-- Written by assets/baselines/funnels.py from sql/baselines/practice_funnel_points.sql. Contract:
-- the columns and order documented in sql/publish/dictionary.yaml; the table behind the view
-- (publish_store.practice_funnel_points) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.practice_funnel_points AS
SELECT
    place_code,
    place_name,
    funnel_scope,
    funnel_area_code,
    funnel_area_name,
    indicator_id,
    indicator_name,
    age,
    period,
    practice_code,
    practice_name,
    register,
    list_size,
    value,
    baseline,
    lower_95,
    upper_95,
    lower_99_8,
    upper_99_8,
    significance
FROM publish_store.practice_funnel_points;
