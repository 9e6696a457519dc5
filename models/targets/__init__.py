"""Targets: registry schema, trajectories, forecasts, status rules and charts."""
