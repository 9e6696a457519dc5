"""Synthetic data (no real records): the demo extracts and the synthetic population with its event simulator."""
