"""Dagster group `demand`: the "do nothing" bed-demand projection."""
