-- Last load of each source: status, files and rows.
SELECT
    source,
    arg_max(status, loaded_at) AS last_status,
    max(loaded_at) AS last_attempt,
    max(loaded_at) FILTER (WHERE status = 'loaded') AS last_loaded,
    sum(rows_loaded) FILTER (WHERE status = 'loaded'
        AND loaded_at = (SELECT max(l2.loaded_at) FROM meta.load_log AS l2
                         WHERE l2.source = meta.load_log.source AND l2.status = 'loaded'))
        AS rows_loaded
FROM meta.load_log
GROUP BY source
ORDER BY source
