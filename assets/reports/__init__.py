"""Dagster group `reports`: the self-contained place reports."""
