"""Dagster group `ingest`: every source in the data folder becomes one typed `staging` table."""
