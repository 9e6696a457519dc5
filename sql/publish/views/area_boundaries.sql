-- publish.area_boundaries: map shapes of every place and its neighbourhoods, wards and LSOAs.
-- Written by assets/baselines/boundaries.py. Contract: the columns and order documented in
-- sql/publish/dictionary.yaml; the table behind the view (publish_store.area_boundaries) may
-- change without breaking dashboards.
CREATE OR REPLACE VIEW publish.area_boundaries AS
SELECT
    place_code,
    area_code,
    area_name,
    area_type,
    vintage,
    geometry,
    geometry_source
FROM publish_store.area_boundaries;
