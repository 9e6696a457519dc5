-- Every table and view in the warehouse with its estimated row count (a publish view shows the
-- estimate of its table in publish_store).
SELECT
    t.table_schema AS schema,
    t.table_name AS "table",
    t.table_type AS kind,
    coalesce(s.estimated_size, 0) AS rows_estimate
FROM information_schema.tables AS t
LEFT JOIN duckdb_tables() AS s
    ON s.schema_name = CASE
        WHEN t.table_schema = 'publish' AND t.table_type = 'VIEW' THEN 'publish_store'
        ELSE t.table_schema
    END
    AND s.table_name = t.table_name
WHERE t.table_schema NOT IN ('information_schema', 'pg_catalog', 'main')
ORDER BY 1, 2
