"""Demand projection: the "do nothing" bed-demand model and its scenarios (pure Polars)."""
