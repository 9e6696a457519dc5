-- publish.indicator_inequality: value by IMD quintile within each place (national and local
-- quintiles: quintile_basis), with SII and RII.
-- Written by assets/baselines/inequality.py from sql/baselines/indicator_inequality.sql. Contract:
-- the columns and order documented in sql/publish/dictionary.yaml; the table behind the view
-- (publish_store.indicator_inequality) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.indicator_inequality AS
SELECT
    place_code,
    place_name,
    indicator_id,
    indicator_name,
    sex,
    age,
    period,
    small_area_type,
    iod_edition,
    imd_quintile,
    value,
    lower_95,
    upper_95,
    count,
    denominator,
    population_share,
    sii,
    sii_lower_95,
    sii_upper_95,
    rii,
    rii_lower_95,
    rii_upper_95,
    sii_intercept,
    note,
    quintile_basis
FROM publish_store.indicator_inequality;
