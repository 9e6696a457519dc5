"""Dagster group `segments`: population segments and activity concentration."""
