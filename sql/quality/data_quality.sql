-- The table behind publish.data_quality (view: sql/publish/views/data_quality.sql): one row per
-- expectation per check run, for the quality dashboard. Run by assets.warehouse.append_published.
CREATE SCHEMA IF NOT EXISTS publish_store;
CREATE TABLE IF NOT EXISTS publish_store.data_quality (
    check_name       VARCHAR   NOT NULL,  -- Dagster check, e.g. quality
    asset            VARCHAR   NOT NULL,  -- schema.table guarded
    expectation      VARCHAR   NOT NULL,  -- GX expectation or custom rule, with its column(s)
    run_id           VARCHAR,
    severity         VARCHAR   NOT NULL,  -- ERROR blocks publication, WARN is recorded
    passed           BOOLEAN   NOT NULL,
    skipped          BOOLEAN   NOT NULL,
    observed_value   VARCHAR,
    unexpected_count BIGINT,
    message          VARCHAR,
    checked_at       TIMESTAMP NOT NULL
);
