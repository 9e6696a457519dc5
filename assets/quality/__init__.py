"""Dagster group `quality`: the Great Expectations asset checks, the IG check, the check store and the data-quality report."""
