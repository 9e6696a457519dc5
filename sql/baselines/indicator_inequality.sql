-- publish.indicator_inequality: value by IMD quintile within each place (national quintiles,
-- and local quintiles of the place's own LSOAs: quintile_basis), with the slope and relative
-- indices of inequality; places without small-area data get a note row.
-- Stored as publish_store.indicator_inequality by assets.warehouse.publish_query; dashboards
-- read the view publish.indicator_inequality (sql/publish/views/indicator_inequality.sql).
SELECT
    place_code, place_name, indicator_id, indicator_name, sex, age, period,
    member_type AS small_area_type, iod_edition, imd_quintile,
    value, lower_95, upper_95, count, denominator, population_share,
    sii, sii_lower_95, sii_upper_95, rii, rii_lower_95, rii_upper_95, sii_intercept,
    note, quintile_basis
FROM marts.indicator_inequality
ORDER BY place_code, indicator_id, sex, age, period, quintile_basis DESC, imd_quintile;
