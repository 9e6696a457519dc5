"""Recall on planted defects and false alarms on clean data, for the test and the benchmark."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from expectations import load_suite
from models.quality import validate
from tests.quality.corrupt import caught, corrupt_copy, kinds_for


@dataclass
class RecallReport:
    """Defects planted and caught, ERROR false alarms and WARN findings on the clean extracts."""

    planted: int = 0
    caught: int = 0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    warnings_on_clean: dict[str, list[str]] = field(default_factory=dict)
    check_seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.caught / self.planted if self.planted else float("nan")


def real_frames(
    data_dir: Path, sources: tuple[str, ...] = ("fingertips", "imd", "geography", "qof_prevalence")
) -> tuple[dict[str, pl.DataFrame], dict[str, Any]]:
    """The staging tables as the ingest readers build them from the real extracts, and context."""
    from sources.fingertips import read_indicator_metadata
    from sources.qof import read_practices
    from sources.registry import read_source

    frames: dict[str, pl.DataFrame] = {}
    for source in sources:
        read = read_source(data_dir, source)
        if read is not None:
            frames[f"staging.{source}"] = read.table
    practices = read_practices(data_dir)
    if practices is not None:
        frames["staging.practices"] = practices
    metadata = read_indicator_metadata(data_dir)
    context: dict[str, Any] = {}
    if metadata is not None:
        frames["staging.indicator_metadata"] = metadata
        proportions = metadata.filter(pl.col("value_type").str.to_lowercase() == "proportion")
        context["proportion_scales"] = dict(
            zip(proportions["indicator_id"], proportions["unit_value"], strict=True)
        )
    return frames, context


def evaluate(
    frames: dict[str, pl.DataFrame],
    context: dict[str, Any],
    seeds: tuple[int, ...] = (0,),
    sample_rows: int | None = None,
) -> RecallReport:
    """Validate each clean frame, then corrupted copies (of a sample, if given) per kind and seed."""
    report = RecallReport()
    for table, frame in frames.items():
        suite = load_suite(table)
        started = time.perf_counter()
        clean = validate(frame, suite, context)
        report.check_seconds += time.perf_counter() - started
        report.rows[table] = frame.height
        report.false_alarms += [f"{table}: {r.name}" for r in clean.failures("ERROR")]
        report.warnings_on_clean[table] = [
            f"{r.name}: {r.observed_value or r.unexpected_count}" for r in clean.failures("WARN")
        ]
        if sample_rows and frame.height > sample_rows:
            frame = frame.sample(sample_rows, seed=7)
        percent = None
        if "proportion_scales" in context and "value" in frame.columns:
            percent = frame["indicator_id"].is_in(list(context["proportion_scales"]))
        for kind in kinds_for(table):
            for seed in seeds:
                bad, defect = corrupt_copy(frame, table, kind, seed=seed, percent_rows=percent)
                failed = [r.name for r in validate(bad, suite, context, "ERROR").failures("ERROR")]
                report.planted += 1
                if caught(failed, defect):
                    report.caught += 1
                else:
                    report.missed.append(f"{table}: {kind} seed {seed} (failed: {failed})")
    return report


SYNTHETIC_EXPECTED = {
    "duplicate_record": "ExpectColumnValuesToBeUnique(visit_occurrence_id)",
    "end_before_start": "ExpectColumnPairValuesAToBeGreaterThanB(visit_end_date,visit_start_date)",
    "unknown_concept": "ExpectColumnValuesToBeInSet(visit_concept_id)",
    "date_before_birth": "after_birth(condition_start_date)",
    "unknown_code": "ExpectColumnValuesToMatchRegex(condition_source_value)",
    "implausible_value": "values_in_range_by_key(value_as_number)",
    "invalid_ethnic_category": "ExpectColumnValuesToBeInSet(race_source_value)",
}


def evaluate_synthetic(persons: int = 5_000, seed: int = 3, place: str = "E08000028") -> dict:
    """Checks on the synthetic OMOP tables: clean ERROR failures, and planted defect types caught."""
    from synthetic.population.files import default_place
    from synthetic.population.simulate import generate

    inputs = default_place(place)
    clean, planted = generate(inputs, persons, seed), generate(inputs, persons, seed, True)
    births = dict(zip(clean.tables["person"]["person_id"],
                      clean.tables["person"]["year_of_birth"], strict=True))  # fmt: skip
    out: dict = {"false_alarms": [], "caught": [], "missed": [], "counts": {}}
    for table in ("visit_occurrence", "condition_occurrence", "measurement", "person"):
        suite = load_suite(f"restricted.{table}")
        found = validate(clean.tables[table], suite, {"births": births}, "ERROR")
        out["false_alarms"] += [f"{table}: {r.name}" for r in found.failures("ERROR")]
        bad = validate(planted.tables[table], suite, {"births": births}, "ERROR")
        failed = {r.name: r.unexpected_count for r in bad.failures("ERROR")}
        key = planted.defects.filter(pl.col("table") == table)
        for kind, n in key.group_by("defect").len().iter_rows():
            name = SYNTHETIC_EXPECTED[kind]
            (out["caught"] if name in failed else out["missed"]).append(kind)
            out["counts"][kind] = {"planted": n, "flagged_rows": failed.get(name, 0)}
    return out
