"""Dagster group `maturity`: the ICS maturity framework and self-assessment scores."""
