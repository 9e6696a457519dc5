-- publish.indicator_trend: the whole time series per indicator x area x sex x age, with the recent
-- trend and the SPC view. Written by assets/baselines/indicators.py from sql/baselines/indicator_trend.sql.
-- Contract: the columns and order documented in sql/publish/dictionary.yaml; the table behind the
-- view (publish_store.indicator_trend) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.indicator_trend AS
SELECT
    indicator_id,
    indicator_name,
    area_code,
    area_name,
    area_type,
    sex,
    age,
    period,
    period_sortable,
    period_type,
    value,
    lower_95,
    upper_95,
    lower_99_8,
    upper_99_8,
    count,
    denominator,
    england_value,
    compared_to_england,
    comparison_source,
    series_points,
    recent_trend,
    recent_trend_source,
    spc_mean,
    spc_lower_limit,
    spc_upper_limit,
    spc_special_cause,
    spc_rule,
    spc_point_type,
    value_source
FROM publish_store.indicator_trend;
