"""ICS maturity: the framework, self-assessment checks and scores (pure Polars)."""
