"""Data quality: expectation suites as data, validated with Great Expectations and Polars rules."""

from models.quality.outcome import ExpectationResult, ValidationOutcome
from models.quality.suites import ExpectationSpec, Suite
from models.quality.validate import validate

__all__ = [
    "ExpectationResult",
    "ExpectationSpec",
    "Suite",
    "ValidationOutcome",
    "validate",
]
