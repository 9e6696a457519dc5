"""Read the maturity framework YAML and places' self-assessment files (CSV or YAML)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl
import yaml

from models.maturity.framework import (
    REQUIRED,
    Framework,
    SelfAssessmentError,
    load_framework,
    validate_self_assessment,
)

FILE_NAME = re.compile(r"^self_assessment_(?P<place>[A-Za-z0-9]+)\.(csv|ya?ml)$")


def read_framework(path: Path) -> Framework:
    """The validated framework from `framework.yaml`."""
    path = Path(path)
    if not path.is_file():
        raise SelfAssessmentError(str(path), "maturity framework file not found")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SelfAssessmentError(path.name, f"not valid YAML ({error})") from error
    return load_framework(doc, path.name)


def _csv_rows(text: str, label: str) -> list[dict]:
    """Data rows as dicts; '#' lines and blank lines are skipped; `row` is 'N (line L)'."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]  # fmt: skip
    if not lines:
        return []
    reader = csv.reader(io.StringIO("\n".join(line for _, line in lines)))
    header = [h.strip() for h in next(reader)]
    rows = []
    for index, values in enumerate(reader, 1):
        line = lines[index][0] if index < len(lines) else lines[-1][0]
        if len(values) != len(header):
            raise SelfAssessmentError(
                label, f"has {len(values)} fields, the header has {len(header)}",
                f"{index} (line {line})",
            )  # fmt: skip
        rows.append({**dict(zip(header, values, strict=True)), "row": f"{index} (line {line})"})
    if not rows:
        missing = [c for c in REQUIRED if c not in header]
        raise SelfAssessmentError(label, "missing required column" if missing else
                                  "no scores in the file", 0, missing[0] if missing else None)  # fmt: skip
    return rows


def _yaml_rows(text: str, label: str) -> list[dict]:
    """Flatten `{place_code, illustrative, assessments: [{date, scores: [...]}]}` into rows."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SelfAssessmentError(label, f"not valid YAML ({error})") from error
    if not isinstance(doc, dict) or not isinstance(doc.get("assessments"), list):
        raise SelfAssessmentError(label, "expected a mapping with an 'assessments' list")
    rows = []
    for i, assessment in enumerate(doc["assessments"]):
        for j, score in enumerate((assessment or {}).get("scores") or []):
            score = score or {}
            rows.append({
                "place_code": str(doc.get("place_code", "")),
                "assessment_date": str(assessment.get("date", "")),
                "criterion_id": str(score.get("criterion", "")),
                "score": str(score.get("score", "")), "evidence": str(score.get("evidence") or ""),
                "illustrative": str(doc.get("illustrative", "")),
                "row": f"assessments[{i}].scores[{j}]",
            })  # fmt: skip
    return rows


def read_self_assessment(path: Path, framework: Framework) -> pl.DataFrame:
    """One place's validated scores; the place code in the file name must match the rows."""
    path = Path(path)
    match = FILE_NAME.match(path.name)
    if match is None:
        raise SelfAssessmentError(path.name, "name must be self_assessment_<place code>.csv|yaml")
    text = path.read_text(encoding="utf-8-sig")
    rows = (
        _yaml_rows(text, path.name)
        if path.suffix in (".yaml", ".yml")
        else _csv_rows(text, path.name)
    )
    frame = validate_self_assessment(rows, path.name, framework, match["place"])
    return frame.with_columns(source_file=pl.lit(path.name))


def read_self_assessments(folder: Path, framework: Framework) -> pl.DataFrame:
    """Every `self_assessment_*.csv|yaml` in `folder`, stacked (empty if there are none)."""
    files = sorted(p for p in Path(folder).glob("self_assessment_*") if FILE_NAME.match(p.name))
    frames = [read_self_assessment(path, framework) for path in files]
    if not frames:
        return pl.DataFrame(schema={"place_code": pl.String, "assessment_date": pl.Date,
                                    "criterion_id": pl.String, "score": pl.Int64,
                                    "evidence": pl.String, "illustrative": pl.Boolean,
                                    "source_row": pl.String, "source_file": pl.String})  # fmt: skip
    return pl.concat(frames)
