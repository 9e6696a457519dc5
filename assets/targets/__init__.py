"""Dagster group `targets`: the agreed targets and trajectory-vs-target tracking."""
