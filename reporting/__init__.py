"""Presentation: self-contained HTML reports and their charts (no Dagster)."""
