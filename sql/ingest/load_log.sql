-- meta.load_log: one row per file per load attempt (loaded, skipped, failed, absent).
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.load_log (
    source        VARCHAR   NOT NULL,
    file          VARCHAR,
    sha256        VARCHAR,
    rows_read     BIGINT,
    rows_loaded   BIGINT,
    rows_rejected BIGINT,
    status        VARCHAR   NOT NULL,  -- loaded | skipped | failed | absent
    note          VARCHAR,
    run_id        VARCHAR,
    loaded_at     TIMESTAMP NOT NULL,
    duration_s    DOUBLE
);
