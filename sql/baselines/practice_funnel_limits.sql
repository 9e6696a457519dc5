-- publish.practice_funnel_limits: the funnel curves behind publish.practice_funnel_points, 100
-- list sizes per place x register x age with the 95% / 99.8% control limits around the place's
-- pooled prevalence (PHEindicatormethods calculate_funnel_limits, Wilson).
-- Stored as publish_store.practice_funnel_limits by warehouse.tables.publish_query; dashboards
-- read the view publish.practice_funnel_limits (sql/publish/views/practice_funnel_limits.sql).
SELECT
    place_code, place_name, funnel_scope, funnel_area_code, funnel_area_name, indicator_id, indicator_name, age, period,
    population AS list_size, lower_95, upper_95, lower_99_8, upper_99_8, baseline
FROM marts.practice_funnel_limits
ORDER BY place_code, indicator_id, age, population;
