-- publish.indicator_baseline: each indicator x area x sex x age (x period type) at its latest
-- period, with CIs, England/region values, comparisons, quintile and rank among same-type areas.
-- Stored as publish_store.indicator_baseline by assets.warehouse.publish_query; dashboards
-- read the view publish.indicator_baseline (sql/publish/views/indicator_baseline.sql).
WITH ranked AS (
    SELECT
        *,
        max(period_sortable) OVER (
            PARTITION BY indicator_id, area_code, area_type, sex, age, period_type
        ) AS latest_sortable
    FROM marts.indicator_values
    WHERE value IS NOT NULL
)
SELECT
    indicator_id, indicator_name, area_code, area_name, area_type, region_code,
    sex, age, period, period_sortable, period_type,
    value, lower_95, upper_95, lower_99_8, upper_99_8, count, denominator,
    value_type, multiplier, ci_source,
    england_value, region_value,
    compared_to_england, compared_to_region, comparison_method, comparison_source,
    published_compared_to_england,
    polarity_code AS polarity, polarity_source,
    quintile, peer_rank, peer_count,
    value_source, attribution_method,
    place_code, place_value, compared_to_place, compared_to_place_99_8,
    compared_to_england_99_8, rank_in_place, areas_in_place, domain, vintage
FROM ranked
WHERE period_sortable = latest_sortable
ORDER BY indicator_id, area_type, area_code, sex, age, period_type;
