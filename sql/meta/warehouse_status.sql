-- Every table in the warehouse with its row count source and last successful load.
SELECT
    t.table_schema AS schema,
    t.table_name AS "table",
    t.table_type AS kind,
    coalesce(s.estimated_size, 0) AS rows_estimate
FROM information_schema.tables AS t
LEFT JOIN duckdb_tables() AS s
    ON s.schema_name = t.table_schema AND s.table_name = t.table_name
WHERE t.table_schema NOT IN ('information_schema', 'pg_catalog', 'main')
ORDER BY 1, 2
