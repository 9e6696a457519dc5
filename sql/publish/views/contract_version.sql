-- publish.contract_version: the contract version, build time and schema hash, one row per build.
-- Written by assets/publish/contract.py. Contract: the columns and order documented in
-- sql/publish/dictionary.yaml; the table behind the view (publish_store.contract_version) may
-- change without breaking dashboards.
CREATE OR REPLACE VIEW publish.contract_version AS
SELECT
    contract_version,
    schema_sha256,
    tables,
    published_at,
    run_id
FROM publish_store.contract_version;
