"""Population segmentation rules and summaries (pure Polars)."""
