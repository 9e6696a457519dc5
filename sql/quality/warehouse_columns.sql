-- Every table's column names in the warehouse, for the IG "registers only in restricted" rule.
SELECT table_schema || '.' || table_name AS "table", list(column_name ORDER BY ordinal_position) AS columns
FROM information_schema.columns
WHERE table_schema NOT IN ('information_schema', 'pg_catalog')
GROUP BY 1
ORDER BY 1
