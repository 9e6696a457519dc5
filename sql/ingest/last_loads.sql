-- Last load of each source: status, when, and the rows of its last successful load.
WITH last_loaded AS (
    SELECT source, max(loaded_at) AS loaded_at
    FROM meta.load_log
    WHERE status = 'loaded'
    GROUP BY source
)
SELECT
    l.source,
    arg_max(l.status, l.loaded_at) AS last_status,
    strftime(max(l.loaded_at), '%Y-%m-%d %H:%M') AS last_attempt,
    strftime(any_value(ll.loaded_at), '%Y-%m-%d %H:%M') AS last_loaded,
    sum(l.rows_loaded) FILTER (WHERE l.loaded_at = ll.loaded_at AND l.status = 'loaded')
        AS rows_loaded,
    sum(l.rows_rejected) FILTER (WHERE l.loaded_at = ll.loaded_at AND l.status = 'loaded')
        AS rows_rejected
FROM meta.load_log AS l
LEFT JOIN last_loaded AS ll USING (source)
GROUP BY l.source
ORDER BY l.source
