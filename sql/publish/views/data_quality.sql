-- publish.data_quality: one row per expectation per check run. Appended by every quality check
-- through assets/quality/store.py (table DDL: sql/quality/data_quality.sql). Contract: the columns
-- and order documented in sql/publish/dictionary.yaml; the table behind the view
-- (publish_store.data_quality) may change without breaking dashboards.
CREATE OR REPLACE VIEW publish.data_quality AS
SELECT
    check_name,
    asset,
    expectation,
    run_id,
    severity,
    passed,
    skipped,
    observed_value,
    unexpected_count,
    message,
    checked_at
FROM publish_store.data_quality;
