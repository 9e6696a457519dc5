-- Rows read from each file of one source at its last successful load (the shrink check).
SELECT
    file,
    arg_max(rows_read, loaded_at) AS rows_read,
    max(loaded_at) AS loaded_at
FROM meta.load_log
WHERE source = $source AND status = 'loaded' AND file IS NOT NULL AND rows_read IS NOT NULL
GROUP BY file
