-- The dashboard's table list: every view of the publish schema (the contract) with its columns
-- in order. Tables in other schemas, publish_store included, are not listed, so not readable.
SELECT c.table_name, c.column_name
FROM information_schema.columns AS c
JOIN information_schema.tables AS t USING (table_catalog, table_schema, table_name)
WHERE c.table_schema = 'publish' AND t.table_type = 'VIEW'
ORDER BY c.table_name, c.ordinal_position
