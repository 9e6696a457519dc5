"""Validation results as plain Python types, the same shape for GX and custom rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ExpectationResult:
    """What one expectation found."""

    name: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    observed_value: str | None = None
    unexpected_count: int = 0
    sample: tuple[str, ...] = ()
    message: str = ""
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["sample"] = list(self.sample)
        return out


@dataclass
class ValidationOutcome:
    """Every expectation result for one table, plus the raw GX result for Data Docs."""

    suite: str
    rows: int
    results: list[ExpectationResult] = field(default_factory=list)
    seconds: float = 0.0
    gx_result: dict[str, Any] | None = None

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    def failures(self, severity: str | None = None) -> list[ExpectationResult]:
        """Failed expectations, optionally of one severity."""
        return [
            r
            for r in self.results
            if not r.success and (severity is None or r.severity == severity)
        ]

    def passed(self, severity: str) -> bool:
        """True when no expectation of `severity` failed."""
        return not self.failures(severity)

    def summary(self) -> str:
        """One line: how many expectations ran, failed and were skipped."""
        failed = self.failures()
        skipped = sum(r.skipped for r in self.results)
        text = f"{len(self.results)} expectations, {len(failed)} failed, {skipped} skipped"
        if failed:
            text += ": " + "; ".join(f"{r.name} ({r.unexpected_count})" for r in failed[:8])
        return text


def short(value: Any, limit: int = 200) -> str | None:
    """`value` as a short string (None stays None)."""
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
