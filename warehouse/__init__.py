"""Warehouse I/O on DuckDB (no Dagster assets): SQL files, transactions, publish helpers, the load log."""
