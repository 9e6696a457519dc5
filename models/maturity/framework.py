"""ICS maturity self-assessment: the framework as data, validation of scores, published scores.

Framework: West Midlands "what good looks like" for integrated care systems (2018): five core
capabilities, each with detailed criteria, scored 1 (not a priority) to 5 (mature).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

REQUIRED = ["place_code", "assessment_date", "criterion_id", "score", "evidence"]
PLACE_CODE = re.compile(r"^E\d{8}$")
TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0", ""}


class SelfAssessmentError(ValueError):
    """A bad framework or self-assessment file: names the file, the row and the column."""

    def __init__(self, file: str, message: str, row: str | int | None = None,
                 column: str | None = None) -> None:  # fmt: skip
        self.file, self.row, self.column, self.reason = file, row, column, message
        where = [str(file)] + [f"row {row}"] * (row is not None)
        where += [f"column '{column}'"] * (column is not None)
        super().__init__(f"{', '.join(where)}: {message}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Criterion(_Strict):
    id: str
    title: str
    what_good_looks_like: list[str]
    pipeline_evidence: list[str] = []


class Capability(_Strict):
    id: str
    name: str
    short_name: str
    criteria: list[Criterion]


class Level(_Strict):
    score: int
    status: str
    meaning: str


class Framework(_Strict):
    source: dict[str, Any]
    scale: list[Level]
    capabilities: list[Capability]

    @field_validator("scale")
    @classmethod
    def _one_to_five(cls, scale: list[Level]) -> list[Level]:
        if sorted(level.score for level in scale) != [1, 2, 3, 4, 5]:
            raise ValueError("the scale must define scores 1, 2, 3, 4 and 5 once each")
        return scale


def load_framework(doc: Any, label: str) -> Framework:
    """Validate the parsed framework YAML; criterion ids must be unique."""
    try:
        framework = Framework.model_validate(doc)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SelfAssessmentError(label, f"{first['msg']} (at {where})") from error
    ids = [c.id for cap in framework.capabilities for c in cap.criteria]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SelfAssessmentError(label, f"duplicate criterion id(s) {duplicates}")
    return framework


def framework_table(framework: Framework) -> pl.DataFrame:
    """One row per criterion: capability, criterion, what good looks like, pipeline evidence."""
    rows = [
        {"capability_id": cap.id, "capability": cap.name, "capability_short": cap.short_name,
         "criterion_id": c.id, "criterion": c.title,
         "what_good_looks_like": "\n".join(c.what_good_looks_like),
         "pipeline_evidence_kinds": c.pipeline_evidence}
        for cap in framework.capabilities for c in cap.criteria
    ]  # fmt: skip
    return pl.DataFrame(rows, schema_overrides={"pipeline_evidence_kinds": pl.List(pl.String)})


def _fail(label: str, row: dict, column: str, message: str) -> None:
    raise SelfAssessmentError(label, f"{message} (got {row.get(column)!r})", row["row"], column)


def _check_row(row: dict, label: str, criteria: set[str], place: str | None) -> dict:
    code = (row["place_code"] or "").strip()
    if not PLACE_CODE.match(code):
        _fail(label, row, "place_code", "place_code must be an English GSS code like E08000028")
    if place is not None and code != place:
        _fail(label, row, "place_code", f"place_code must be {place}, the place in the file name")
    try:
        date = dt.date.fromisoformat((row["assessment_date"] or "").strip())
    except ValueError:
        _fail(label, row, "assessment_date", "assessment_date must be an ISO date (YYYY-MM-DD)")
    criterion = (row["criterion_id"] or "").strip()
    if criterion not in criteria:
        _fail(label, row, "criterion_id", "unknown criterion (see data/maturity/framework.yaml)")
    score = (row["score"] or "").strip()
    if not re.fullmatch(r"[1-5]", score):
        _fail(label, row, "score", "score must be a whole number from 1 to 5")
    if not (row["evidence"] or "").strip():
        _fail(label, row, "evidence", "every score needs an evidence note")
    flag = str(row.get("illustrative") or "").strip().lower()
    if flag not in TRUE | FALSE:
        _fail(label, row, "illustrative", "illustrative must be true or false")
    return {"place_code": code, "assessment_date": date, "criterion_id": criterion,
            "score": int(score), "evidence": row["evidence"].strip(),
            "illustrative": flag in TRUE, "source_row": str(row["row"])}  # fmt: skip


def validate_self_assessment(
    rows: list[dict], label: str, framework: Framework, place: str | None = None
) -> pl.DataFrame:
    """Typed scores from raw rows (dicts of strings with a `row` label); the first problem raises.

    Checks columns, codes, dates, criteria, scores 1-5, evidence, duplicates, and that every
    assessment date scores every criterion.
    """
    if not rows:
        raise SelfAssessmentError(label, "no scores in the file")
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise SelfAssessmentError(label, "missing required column", 0, missing[0])
    criteria = {c.id for cap in framework.capabilities for c in cap.criteria}
    checked, seen = [], {}
    for row in rows:
        item = _check_row(row, label, criteria, place)
        key = (item["place_code"], item["assessment_date"], item["criterion_id"])
        if key in seen:
            raise SelfAssessmentError(label, f"duplicate score for criterion {key[2]} on {key[1]} "
                                      f"(first at row {seen[key]})", row["row"], "criterion_id")  # fmt: skip
        seen[key] = row["row"]
        checked.append(item)
    frame = pl.DataFrame(checked)
    for (code, date), part in frame.group_by("place_code", "assessment_date"):
        lacking = sorted(criteria - set(part["criterion_id"]))
        if lacking:
            raise SelfAssessmentError(
                label, f"{code} on {date} has no score for criteria {', '.join(lacking)}",
                column="criterion_id",
            )  # fmt: skip
    return frame
