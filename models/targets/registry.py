"""The targets registry: the YAML schema, its validation and the registry as a table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from models.targets.trajectory import period_end, period_end_date

AREA_CODE = r"^[EWSN]\d{8}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Indicator(_Strict):
    """What is measured: a Fingertips indicator (id, sex, age) or a named local metric."""

    name: str
    fingertips_id: int | None = None
    local_metric: str | None = None
    sex: str | None = None
    age: str | None = None
    unit: str | None = None
    value_type: Literal["proportion", "rate", "mean", "count", "other"] = "other"

    @model_validator(mode="after")
    def _one_source(self) -> Indicator:
        if (self.fingertips_id is None) == (self.local_metric is None):
            raise ValueError("give exactly one of fingertips_id and local_metric")
        return self


class Baseline(_Strict):
    """Starting value, its period (or date), and whether the tracked series measures the same."""

    value: float | None = None
    period: str | None = None
    date: dt.date | None = None
    period_inferred: bool = False
    comparable: bool = True

    @model_validator(mode="after")
    def _period_parses(self) -> Baseline:
        if self.period is not None and period_end(self.period) is None:
            raise ValueError(f"period {self.period!r} is not a Fingertips period like '2018/19'")
        return self


class Goal(_Strict):
    """The agreed value and deadline; `relative_change` (e.g. -0.17) when only a % change is set."""

    value: float | None = None
    date: dt.date | None = None
    relative_change: float | None = None


class Milestone(_Strict):
    """One point of a stepped or custom trajectory."""

    date: dt.date
    value: float


class Trajectory(_Strict):
    """Trajectory shape: linear (default), stepped milestones, or custom points."""

    shape: Literal["linear", "stepped", "custom"] = "linear"
    points: list[Milestone] = []


class Source(_Strict):
    """Where the target was agreed: document, section, its date and the exact words."""

    document: str
    section: str
    date: dt.date | None = None
    quote: str | None = None


class TargetSpec(_Strict):
    """One agreed target, as transcribed into data/targets/*.yaml."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    owner: str
    programme: str
    area_codes: list[Annotated[str, Field(pattern=AREA_CODE)]] = Field(min_length=1)
    indicator: Indicator
    polarity: Literal["lower_is_better", "higher_is_better"]
    baseline: Baseline = Baseline()
    target: Goal
    trajectory: Trajectory = Trajectory()
    source: Source
    notes: str = ""


class TargetRegistryError(ValueError):
    """A target file failed validation; the message names the file, target and field."""


def _merge(defaults: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(defaults)
    for key, value in item.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(error: ValidationError) -> str:
    parts = []
    for err in error.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(target)"
        parts.append(f"field {field}: {err['msg']}")
    return "; ".join(parts)


def load_targets(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> list[TargetSpec]:
    """Validate parsed YAML documents, given as (file name, content) pairs, into targets."""
    specs: list[TargetSpec] = []
    seen: dict[str, str] = {}
    for name, doc in documents:
        if not isinstance(doc, Mapping) or not isinstance(doc.get("targets"), list):
            raise TargetRegistryError(f"{name}: field targets: expected a list of targets")
        defaults = doc.get("defaults") or {}
        for i, item in enumerate(doc["targets"]):
            label = f"{name}: targets[{i}]"
            if isinstance(item, Mapping) and "id" in item:
                label += f" (id={item['id']})"
            try:
                spec = TargetSpec.model_validate(_merge(defaults, item))
            except ValidationError as exc:
                raise TargetRegistryError(f"{label}: {_describe(exc)}") from exc
            if spec.id in seen:
                raise TargetRegistryError(f"{label}: field id: duplicate of one in {seen[spec.id]}")
            seen[spec.id] = name
            specs.append(spec)
    return specs


def _row(spec: TargetSpec, area: str) -> dict[str, Any]:
    ind, base, goal = spec.indicator, spec.baseline, spec.target
    value, value_basis = goal.value, "stated"
    if value is None and goal.relative_change is not None and base.value is not None:
        value, value_basis = base.value * (1 + goal.relative_change), "derived from relative change"
    return {
        "target_id": spec.id,
        "title": spec.title,
        "owner": spec.owner,
        "programme": spec.programme,
        "area_code": area,
        "indicator_id": ind.fingertips_id,
        "local_metric": ind.local_metric,
        "indicator_name": ind.name,
        "sex": ind.sex,
        "age": ind.age,
        "unit": ind.unit,
        "value_type": ind.value_type,
        "polarity": spec.polarity,
        "baseline_value": base.value,
        "baseline_period": base.period,
        "baseline_period_inferred": base.period_inferred,
        "baseline_explicit_date": base.date,
        "baseline_comparable": base.comparable,
        "target_value": value,
        "target_value_basis": None if value is None else value_basis,
        "target_relative_change": goal.relative_change,
        "target_date": goal.date,
        "trajectory_shape": spec.trajectory.shape,
        "trajectory_points": [p.model_dump() for p in spec.trajectory.points],
        "source_document": spec.source.document,
        "source_section": spec.source.section,
        "source_date": spec.source.date,
        "source_quote": spec.source.quote,
        "notes": spec.notes,
    }


_FLOATS = ["baseline_value", "target_value", "target_relative_change"]
_DATES = ["baseline_explicit_date", "target_date", "source_date"]
_TEXT = ["local_metric", "sex", "age", "unit", "baseline_period", "target_value_basis"]
_TEXT += ["source_quote"]
ROW_TYPES: dict[str, pl.DataType] = {
    **dict.fromkeys(_FLOATS, pl.Float64()),
    **dict.fromkeys(_DATES, pl.Date()),
    **dict.fromkeys(_TEXT, pl.String()),
    "indicator_id": pl.Int64(),
    "trajectory_points": pl.List(pl.Struct({"date": pl.Date, "value": pl.Float64})),
}


def _incomplete_reason() -> pl.Expr:
    missing = [
        pl.when(pl.col("baseline_value").is_null()).then(pl.lit("no baseline value")),
        pl.when(pl.col("baseline_date").is_null()).then(pl.lit("no baseline period or date")),
        pl.when(pl.col("target_value").is_null()).then(pl.lit("no target value")),
        pl.when(pl.col("target_date").is_null()).then(pl.lit("no target date")),
        pl.when(pl.col("target_date") <= pl.col("baseline_date")).then(
            pl.lit("target date not after baseline")
        ),
    ]
    return pl.concat_str(missing, separator="; ", ignore_nulls=True).replace("", None)


def registry_frame(specs: Sequence[TargetSpec]) -> pl.DataFrame:
    """The registry as a table: one row per target × area, with baseline date and completeness."""
    rows = [_row(spec, area) for spec in specs for area in spec.area_codes]
    frame = pl.DataFrame(rows, schema_overrides=ROW_TYPES, infer_schema_length=None)
    if frame.is_empty():
        return frame
    frame = frame.with_columns(
        pl.coalesce(
            "baseline_explicit_date", period_end_date(pl.col("baseline_period")), "source_date"
        ).alias("baseline_date"),
        pl.when(pl.col("baseline_explicit_date").is_not_null())
        .then(pl.lit("stated date"))
        .when(pl.col("baseline_period").is_not_null())
        .then(pl.lit("period end"))
        .when(pl.col("source_date").is_not_null())
        .then(pl.lit("document date"))
        .alias("baseline_date_basis"),
    )
    return frame.with_columns(_incomplete_reason().alias("incomplete_reason")).with_columns(
        pl.col("incomplete_reason").is_null().alias("complete")
    )
