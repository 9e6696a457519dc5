"""Figures behind the place report (pure Polars)."""
