-- publish.practice_funnel_limits: the 100-point funnel curves behind practice_funnel_points.
-- Written by assets/baselines/funnels.py from sql/baselines/practice_funnel_limits.sql. Contract:
-- the columns and order documented in sql/publish/dictionary.yaml; the table behind the view
-- (publish_store.practice_funnel_limits) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.practice_funnel_limits AS
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
    list_size,
    lower_95,
    upper_95,
    lower_99_8,
    upper_99_8,
    baseline
FROM publish_store.practice_funnel_limits;
