"""Dagster group `baselines`: locality hierarchy, indicator values, baselines, trends, inequality, opportunity."""
