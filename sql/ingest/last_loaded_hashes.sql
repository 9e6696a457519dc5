-- The file hashes of the most recent successful load of one source.
WITH last_load AS (
    SELECT max(loaded_at) AS loaded_at
    FROM meta.load_log
    WHERE source = $source AND status = 'loaded'
)
SELECT l.file, l.sha256
FROM meta.load_log AS l
JOIN last_load USING (loaded_at)
WHERE l.source = $source AND l.status = 'loaded'
ORDER BY l.file
