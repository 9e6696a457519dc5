-- publish.opportunity: events gained at the England rate and at the best-quintile peer rate.
-- Written by assets/baselines/indicators.py from sql/baselines/opportunity.sql. Contract: the columns and order
-- documented in sql/publish/dictionary.yaml; the table behind the view (publish_store.opportunity)
-- may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.opportunity AS
SELECT
    indicator_id,
    indicator_name,
    area_code,
    area_name,
    area_type,
    sex,
    age,
    period,
    value,
    count,
    denominator,
    multiplier,
    england_value,
    polarity,
    compared_to_england,
    quintile,
    best_quintile_value,
    expected_at_england_rate,
    expected_at_best_quintile_rate,
    gain_meaning,
    gain_at_england_rate,
    gain_at_best_quintile_rate,
    gain_rank_in_area
FROM publish_store.opportunity;
