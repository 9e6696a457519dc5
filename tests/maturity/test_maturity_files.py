"""The shipped framework and example; invalid self-assessment files give clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml

from models.maturity.framework import SelfAssessmentError, load_framework
from models.maturity.scores import maturity_scores
from sources.maturity import read_framework, read_self_assessment, read_self_assessments

MATURITY = Path(__file__).resolve().parents[2] / "data" / "maturity"
FRAMEWORK = read_framework(MATURITY / "framework.yaml")
CRITERIA = [c.id for cap in FRAMEWORK.capabilities for c in cap.criteria]
HEADER = "place_code,assessment_date,criterion_id,score,evidence\n"


def _csv(tmp_path: Path, lines: list[str], name: str = "self_assessment_E08000028.csv") -> Path:
    path = tmp_path / name
    path.write_text("# a comment line\n" + HEADER + "".join(f"{line}\n" for line in lines))
    return path


def _complete(date: str = "2024-01-31", score: str = "3") -> list[str]:
    return [f"E08000028,{date},{c},{score},Board minutes" for c in CRITERIA]


def test_framework_is_the_west_midlands_matrix() -> None:
    assert [cap.id for cap in FRAMEWORK.capabilities] == ["1", "2", "3", "4", "5"]
    assert len(CRITERIA) == 18 and CRITERIA[0] == "1.1" and CRITERIA[-1] == "5.3"
    assert {level.score: level.status for level in FRAMEWORK.scale}[5] == "Mature"
    kinds = {k for cap in FRAMEWORK.capabilities for c in cap.criteria for k in c.pipeline_evidence}
    assert "population_health_analytics" in kinds


def test_shipped_example_is_valid_and_marked_illustrative() -> None:
    scores = read_self_assessments(MATURITY, FRAMEWORK)
    assert scores["illustrative"].all() and scores["assessment_date"].n_unique() == 2
    assert "ILLUSTRATIVE" in (MATURITY / "self_assessment_E08000028.csv").read_text()


@pytest.mark.parametrize(
    ("line", "column", "text"),
    [
        ("E08000028,2024-01-31,9.9,3,Notes", "criterion_id", "unknown criterion"),
        ("E08000028,2024-01-31,1.1,6,Notes", "score", "whole number from 1 to 5"),
        ("E08000028,2024-01-31,1.1,3.5,Notes", "score", "whole number from 1 to 5"),
        ("E08000028,2024-01-31,1.1,three,Notes", "score", "whole number from 1 to 5"),
        ("E08000028,31/01/2024,1.1,3,Notes", "assessment_date", "ISO date"),
        ("E08000028,2024-01-31,1.1,3,", "evidence", "evidence note"),
        ("E08000025,2024-01-31,1.1,3,Notes", "place_code", "place in the file name"),
        ("Sandwell,2024-01-31,1.1,3,Notes", "place_code", "GSS code"),
    ],
)
def test_bad_cells_name_file_row_and_column(
    tmp_path: Path, line: str, column: str, text: str
) -> None:
    path = _csv(tmp_path, [*_complete()[1:], line])
    with pytest.raises(SelfAssessmentError, match=text) as error:
        read_self_assessment(path, FRAMEWORK)
    assert error.value.file == path.name and error.value.column == column
    assert error.value.row == "18 (line 20)"  # data row 18 after a comment and the header
    assert str(error.value).startswith(f"{path.name}, row 18 (line 20), column '{column}'")


def test_duplicates_missing_criteria_columns_and_names(tmp_path: Path) -> None:
    with pytest.raises(SelfAssessmentError, match="duplicate score for criterion 1.1"):
        read_self_assessment(_csv(tmp_path, [*_complete(), _complete()[0]]), FRAMEWORK)
    with pytest.raises(SelfAssessmentError, match="no score for criteria 5.3"):
        read_self_assessment(_csv(tmp_path, _complete()[:-1]), FRAMEWORK)
    path = tmp_path / "self_assessment_E08000028.csv"
    path.write_text("place_code,assessment_date,criterion_id,score\nE08000028,2024-01-31,1.1,3\n")
    with pytest.raises(SelfAssessmentError, match="missing required column") as error:
        read_self_assessment(path, FRAMEWORK)
    assert error.value.column == "evidence"
    path.write_text(HEADER)
    with pytest.raises(SelfAssessmentError, match="no scores"):
        read_self_assessment(path, FRAMEWORK)
    with pytest.raises(SelfAssessmentError, match="self_assessment_<place code>"):
        read_self_assessment(_csv(tmp_path, _complete(), name="scores.csv"), FRAMEWORK)
    path.write_text(HEADER + "E08000028,2024-01-31,1.1\n")
    with pytest.raises(SelfAssessmentError, match="3 fields"):
        read_self_assessment(path, FRAMEWORK)


def test_yaml_self_assessment(tmp_path: Path) -> None:
    doc = {"place_code": "E08000028", "illustrative": False, "assessments": [
        {"date": "2024-01-31", "scores": [{"criterion": c, "score": 4, "evidence": "Minutes"}
                                          for c in CRITERIA]}]}  # fmt: skip
    path = tmp_path / "self_assessment_E08000028.yaml"
    path.write_text(yaml.safe_dump(doc))
    scores = read_self_assessment(path, FRAMEWORK)
    assert scores.height == 18 and not scores["illustrative"].any()
    doc["assessments"][0]["scores"][2]["score"] = 0
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(
        SelfAssessmentError, match=r"row assessments\[0\]\.scores\[2\], column 'score'"
    ):
        read_self_assessment(path, FRAMEWORK)


def test_bad_framework(tmp_path: Path) -> None:
    doc = yaml.safe_load((MATURITY / "framework.yaml").read_text())
    doc["scale"] = doc["scale"][:4]
    with pytest.raises(SelfAssessmentError, match="scores 1, 2, 3, 4 and 5"):
        load_framework(doc, "framework.yaml")
    doc = yaml.safe_load((MATURITY / "framework.yaml").read_text())
    doc["capabilities"][1]["criteria"][0]["id"] = "1.1"
    with pytest.raises(SelfAssessmentError, match=r"duplicate criterion id\(s\) \['1.1'\]"):
        load_framework(doc, "framework.yaml")


def test_capability_scores_and_change(tmp_path: Path) -> None:
    shutil.copy(MATURITY / "framework.yaml", tmp_path)
    _csv(tmp_path, _complete("2023-01-31", "2") + _complete("2024-01-31", "3"))
    scores = read_self_assessments(tmp_path, FRAMEWORK)
    table = maturity_scores(scores, FRAMEWORK, {"demand_modelling": "projection for E08000028"})
    caps = table.filter((pl.col("level") == "capability") & (pl.col("capability_id") == "5"))
    assert caps["score"].to_list() == [2.0, 3.0] and caps["change_since_previous"][1] == 1.0
    assert caps["status"].to_list() == ["More progress required", "Fair progress"]
    evidence = table.filter(pl.col("criterion_id") == "5.3")["pipeline_evidence"].to_list()
    assert evidence == [None, "projection for E08000028"]  # latest assessment only
