-- publish.register_summary: people on the at-risk registers by neighbourhood, band, age band and
-- IMD quintile (disclosure-controlled). Written by assets/risk/register.py. Contract: the columns and order
-- documented in sql/publish/dictionary.yaml; the table behind the view
-- (publish_store.register_summary) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.register_summary AS
SELECT
    place_code,
    neighbourhood,
    risk_band,
    age_band,
    imd_quintile,
    people,
    people_suppressed
FROM publish_store.register_summary;
