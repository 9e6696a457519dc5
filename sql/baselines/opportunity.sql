-- publish.opportunity: for count-based indicators (proportions, crude rates) with a known
-- polarity, how many events a locality would gain at the England rate and at the rate marking
-- the best quintile of its peers (same area type, same period) - "where are the biggest gains".
-- Stored as publish_store.opportunity by assets.warehouse.publish_query; dashboards
-- read the view publish.opportunity (sql/publish/views/opportunity.sql).
WITH peers AS (
    SELECT
        indicator_id, sex, age, period, area_type,
        quantile_cont(value, 0.2) AS p20,
        quantile_cont(value, 0.8) AS p80,
        count(*) AS peer_count
    FROM marts.indicator_values
    WHERE value IS NOT NULL AND area_type <> 'england'
    GROUP BY ALL
),
base AS (
    SELECT
        b.indicator_id, b.indicator_name, b.area_code, b.area_name, b.area_type,
        b.sex, b.age, b.period, b.value, b.count, b.denominator, b.multiplier,
        b.england_value, b.polarity, b.compared_to_england, b.quintile,
        CASE
            WHEN p.peer_count < 5 THEN NULL
            WHEN b.polarity = 1 THEN p.p80
            WHEN b.polarity = 0 THEN p.p20
        END AS best_quintile_value,
        b.denominator * b.england_value / b.multiplier AS expected_at_england_rate
    FROM publish.indicator_baseline AS b
    LEFT JOIN peers AS p USING (indicator_id, sex, age, period, area_type)
    WHERE b.count IS NOT NULL AND b.denominator > 0 AND b.multiplier > 0
      AND b.polarity IN (0, 1) AND b.area_type <> 'england'
      AND lower(b.value_type) IN ('proportion', 'crude rate')
),
gains AS (
    SELECT
        *,
        denominator * best_quintile_value / multiplier AS expected_at_best_quintile_rate,
        CASE WHEN polarity = 0 THEN 'fewer events' ELSE 'more people reached' END AS gain_meaning,
        greatest(0, CASE WHEN polarity = 0 THEN count - expected_at_england_rate
                         ELSE expected_at_england_rate - count END) AS gain_at_england_rate,
        greatest(0, CASE WHEN polarity = 0
                         THEN count - denominator * best_quintile_value / multiplier
                         ELSE denominator * best_quintile_value / multiplier - count END)
            AS gain_at_best_quintile_rate
    FROM base
)
SELECT
    *,
    rank() OVER (
        PARTITION BY area_code, area_type ORDER BY gain_at_england_rate DESC NULLS LAST
    ) AS gain_rank_in_area
FROM gains
ORDER BY area_type, area_code, gain_rank_in_area;
