"""Place reports from small frames: the spine and heat map render, and a place with no data
gets a report (and an index entry) that says so."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from reporting.place_reports import ReportInputs, write_place_reports
from sources.errors import IngestError
from sources.localities import read_ward_definitions


def _baseline() -> pl.DataFrame:
    rows = []
    for code, atype, value in (("E92000001", "england", 12.0), ("E06000001", "district_ua", 20.0),
                               ("E06000002", "district_ua", 9.0), ("E06000003", "district_ua", 15.0),
                               ("E06000001:NORTH", "neighbourhood", 25.0),
                               ("E06000001:SOUTH", "neighbourhood", 16.0)):  # fmt: skip
        rows.append({
            "indicator_id": 990114, "indicator_name": "Income deprivation (%)", "area_code": code,
            "area_name": code, "area_type": atype, "sex": "Persons", "age": "All ages",
            "period": "2019", "period_sortable": 20190000, "value": value, "count": value * 10,
            "lower_95": value - 1, "upper_95": value + 1, "england_value": 12.0,
            "place_value": 20.0, "compared_to_england": "Worse", "polarity": 0,
            "compared_to_place": "Worse" if value > 20 else "Better", "rank_in_place": 1,
            "areas_in_place": 2,
        })  # fmt: skip
    return pl.DataFrame(rows)


def test_reports_with_profile_and_a_place_without_data(tmp_path: Path):
    places = pl.DataFrame({"place_code": ["E06000001", "E06000099"],
                           "place_name": ["Hartlepool", "Nowhere"]})  # fmt: skip
    inputs = ReportInputs(
        frames={"indicator_baseline": _baseline()}, quality=pl.DataFrame(), out_dir=tmp_path,
        data_dir_label="test", provenance="test",
    )  # fmt: skip
    written = write_place_reports(inputs, places)
    assert [p.name for p in written] == ["E06000001.html", "E06000099.html", "index.html"]
    page = written[0].read_text()
    assert "class='spine'" in page and "class='heat'" in page
    assert "Income deprivation (%)" in page and "E06000001:NORTH" in page
    empty = written[1].read_text()
    assert "No indicator baselines for this place in the data loaded" in empty
    assert "no data for this place in the extracts" in written[2].read_text()


def test_definition_file_with_a_malformed_ward_code_names_file_row_column(tmp_path: Path):
    folder = tmp_path / "neighbourhoods"
    folder.mkdir()
    (folder / "towns.csv").write_text(
        "place_code,place_name,ward_code,ward_name,neighbourhood\n"
        "E06000001,H,E05000001,A,North\nE06000001,H,X05000002,B,South\n"
    )
    with pytest.raises(IngestError, match=r"neighbourhoods/towns.csv, row 2, column 'ward_code'"):
        read_ward_definitions([(folder, "neighbourhoods")])
