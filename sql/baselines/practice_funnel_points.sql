-- publish.practice_funnel_points: each practice's QOF prevalence within its place, with the
-- place funnel's 95% / 99.8% control limits at the practice's list size and its significance
-- (PHEindicatormethods assign_funnel_significance). One funnel per place x register x age.
-- Stored as publish_store.practice_funnel_points by warehouse.tables.publish_query; dashboards
-- read the view publish.practice_funnel_points (sql/publish/views/practice_funnel_points.sql).
SELECT
    place_code, place_name, funnel_scope, funnel_area_code, funnel_area_name, indicator_id, indicator_name, age, period,
    practice_code, practice_name, count AS register, denominator AS list_size,
    value, baseline, lower_95, upper_95, lower_99_8, upper_99_8, significance
FROM marts.practice_funnel_points
ORDER BY place_code, indicator_id, age, practice_code;
