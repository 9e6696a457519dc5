-- publish.data_quality: one row per expectation per check run, for the quality dashboard.
CREATE SCHEMA IF NOT EXISTS publish;
CREATE TABLE IF NOT EXISTS publish.data_quality (
    check_name       VARCHAR   NOT NULL,  -- Dagster check, e.g. quality_error
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
