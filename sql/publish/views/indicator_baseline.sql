-- publish.indicator_baseline: where each locality stands: the latest value per indicator x area x
-- sex x age, benchmarked. Written by assets/baselines/indicators.py from sql/baselines/indicator_baseline.sql.
-- Contract: the columns and order documented in sql/publish/dictionary.yaml; the table behind the
-- view (publish_store.indicator_baseline) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.indicator_baseline AS
SELECT
    indicator_id,
    indicator_name,
    area_code,
    area_name,
    area_type,
    region_code,
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
    value_type,
    multiplier,
    ci_source,
    england_value,
    region_value,
    compared_to_england,
    compared_to_region,
    comparison_method,
    comparison_source,
    published_compared_to_england,
    polarity,
    polarity_source,
    quintile,
    peer_rank,
    peer_count,
    value_source,
    attribution_method
FROM publish_store.indicator_baseline;
