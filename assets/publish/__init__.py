"""Dagster group `publish`: the published contract's version stamp."""
