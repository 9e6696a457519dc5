"""Builders for constructed targets and actuals whose right answers are known by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from models.targets.registry import load_targets, registry_frame


def target_doc(**overrides: Any) -> dict[str, Any]:
    """A complete lower-is-better target: 20% in 2020/21 to 10% by 31 March 2025."""
    doc: dict[str, Any] = {
        "id": "t-lower",
        "title": "Constructed target",
        "owner": "Test",
        "programme": "Test",
        "area_codes": ["E08000028"],
        "indicator": {
            "name": "A proportion",
            "fingertips_id": 1,
            "unit": "%",
            "value_type": "proportion",
        },
        "polarity": "lower_is_better",
        "baseline": {"value": 20.0, "period": "2020/21"},
        "target": {"value": 10.0, "date": dt.date(2025, 3, 31)},
        "source": {"document": "test", "section": "test"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    return doc


def registry(*docs: dict[str, Any]) -> pl.DataFrame:
    """The registry frame for constructed target documents."""
    return registry_frame(load_targets([("test.yaml", {"targets": list(docs)})]))


def actuals(
    target_id: str,
    points: list[tuple[str, float | None]],
    area: str = "E08000028",
    half_width: float | None = 1.0,
) -> pl.DataFrame:
    """Actuals for one target × area; a 95% CI of ± half_width (None: no CI)."""
    return pl.DataFrame(
        {
            "target_id": target_id,
            "area_code": area,
            "area_name": "Somewhere",
            "time_period": [p for p, _ in points],
            "value": [v for _, v in points],
            "lower_ci_95": [
                None if v is None or half_width is None else v - half_width for _, v in points
            ],
            "upper_ci_95": [
                None if v is None or half_width is None else v + half_width for _, v in points
            ],
        },
        schema_overrides={
            "value": pl.Float64,
            "lower_ci_95": pl.Float64,
            "upper_ci_95": pl.Float64,
        },
    )


@pytest.fixture
def as_of() -> dt.date:
    return dt.date(2030, 1, 1)
