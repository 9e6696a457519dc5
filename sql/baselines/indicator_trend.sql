-- publish.indicator_trend: the whole time series per indicator x area x sex x age with CIs,
-- the comparison with England at each period, the recent-trend marker and the SPC view.
-- Stored as publish_store.indicator_trend by assets.warehouse.publish_query; dashboards
-- read the view publish.indicator_trend (sql/publish/views/indicator_trend.sql).
SELECT
    indicator_id, indicator_name, area_code, area_name, area_type,
    sex, age, period, period_sortable, period_type,
    value, lower_95, upper_95, lower_99_8, upper_99_8, count, denominator,
    england_value, compared_to_england, comparison_source,
    CAST(series_points AS BIGINT) AS series_points, recent_trend, recent_trend_source,
    spc_mean, spc_lower_limit, spc_upper_limit, spc_special_cause, spc_rule, spc_point_type,
    value_source
FROM marts.indicator_trend
ORDER BY indicator_id, area_type, area_code, sex, age, period_type, period_sortable;
