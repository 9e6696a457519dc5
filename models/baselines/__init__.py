"""Locality baselines: hierarchy, benchmark comparisons, trends, inequality and opportunity."""
