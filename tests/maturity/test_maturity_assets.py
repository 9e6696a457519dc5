"""Maturity assets on a temporary warehouse: scores, pipeline evidence, radar, clear failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from assets.maturity.scores import maturity_framework, maturity_scores_table
from assets.resources import PlaceHealthSettings

MATURITY = Path(__file__).resolve().parents[2] / "data" / "maturity"


def _run(tmp_path: Path, folder: Path) -> dg.ExecuteInProcessResult:
    config = {"maturity_dir": str(folder)}
    return dg.materialize(
        [maturity_framework, maturity_scores_table],
        resources={
            "settings": PlaceHealthSettings(reports_dir=str(tmp_path / "rep")),
            "warehouse": DuckDBResource(database=str(tmp_path / "warehouse.duckdb")),
        },
        run_config={
            "ops": {
                "staging__maturity_framework": {"config": config},
                "publish__maturity_scores": {"config": config},
            }
        },  # fmt: skip
    )


def test_scores_evidence_and_radar(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as conn:
        conn.execute("CREATE SCHEMA publish")
        conn.execute("CREATE TABLE publish.demand_projection AS SELECT 'E08000028' AS area_code")
    assert _run(tmp_path, MATURITY).success
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as conn:
        framework = conn.sql("SELECT * FROM staging.maturity_framework").pl()
        scores = conn.sql("SELECT * FROM publish.maturity_scores").pl()
    assert framework.height == 18
    assert scores.filter(scores["level"] == "capability").height == 10  # 5 × 2 dates
    evidence = scores.filter(scores["criterion_id"] == "5.3")["pipeline_evidence"].drop_nulls()
    assert evidence.to_list() == ["do-nothing and target demand projection for E08000028"]
    radar = tmp_path / "rep" / "maturity" / "E08000028.png"
    assert radar.stat().st_size > 10_000


def test_invalid_file_fails_naming_file_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "maturity"
    folder.mkdir()
    shutil.copy(MATURITY / "framework.yaml", folder)
    text = (MATURITY / "self_assessment_E08000028.csv").read_text().replace(",3.1,3,", ",3.1,7,", 1)
    (folder / "self_assessment_E08000028.csv").write_text(text)
    with pytest.raises(
        dg.Failure,
        match=r"self_assessment_E08000028.csv, row 10 \(line 14\), "
        r"column 'score': score must be a whole number",
    ):
        _run(tmp_path, folder)
