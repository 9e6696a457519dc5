"""Dagster group `risk`: patient-level risk stratification, at-risk registers and their published summaries."""
