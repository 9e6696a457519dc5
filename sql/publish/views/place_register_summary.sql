-- publish.place_register_summary: people on every place's at-risk registers, side by side, from the
-- national run partitioned by place (disclosure-controlled). Written by assets/risk/places.py.
-- Contract: the columns and order documented in sql/publish/dictionary.yaml; the table behind the
-- view (publish_store.place_register_summary) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.place_register_summary AS
SELECT
    place_code,
    neighbourhood,
    risk_band,
    age_band,
    imd_quintile,
    people,
    people_suppressed
FROM publish_store.place_register_summary;
