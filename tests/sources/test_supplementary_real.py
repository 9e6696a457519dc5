"""Every supplementary real extract loads, its rows add up (counted with `csv`), and spot values."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources.extracts import SourceRead
from sources.registry import OPTIONAL, SOURCES, read_source

TABLES = [
    n for n, source in SOURCES.items() if source.kind == "supplementary" and n not in OPTIONAL
]

pytestmark = pytest.mark.real_data
SANDWELL = "E08000028"


@pytest.fixture(scope="module")
def loaded(real_data_dir: Path) -> dict[str, SourceRead]:
    reads = {name: read_source(real_data_dir, name) for name in TABLES}
    missing = [name for name, read in reads.items() if read is None]
    assert not missing, f"supplementary tables absent from the real data: {missing}"
    return reads


def data_rows(path: Path) -> int:
    """Records in a file counted independently of the readers: csv, json or openpyxl."""
    if path.suffix == ".xlsx":
        return openpyxl.load_workbook(path, read_only=True)["PCNDetails"].max_row - 1
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        text = handle.read().decode("utf-8-sig")
    if ".json" in path.name:
        return len(json.loads(text))
    return sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row) - 1


@pytest.mark.parametrize("name", list(TABLES))
def test_every_file_is_accounted_for(loaded: dict[str, SourceRead], name: str) -> None:
    read = loaded[name]
    assert read.table.height > 0 and read.files
    for item in read.files:
        assert item.rows_loaded + item.rows_rejected == item.rows_read == data_rows(item.path)
        assert (item.rows_rejected > 0) == ("England-only" in item.note)


def test_sandwell_lsoa11s_all_map_to_lsoa21s(loaded: dict[str, SourceRead]) -> None:
    denominators = loaded["imd_population_denominators"].table
    sandwell = denominators.filter(pl.col("lad_code") == SANDWELL)["lsoa_code"]
    assert sandwell.len() == 186
    changes = loaded["lsoa_changes"].table.filter(pl.col("lsoa11_code").is_in(sandwell.implode()))
    assert changes["lsoa11_code"].n_unique() == 186
    assert set(changes["lad22_code"]) == {SANDWELL}
    assert changes["lsoa21_code"].n_unique() >= 186  # splits add LSOAs; Sandwell has 190 in 2021
    assert set(changes["change_code"]) <= {"U", "S", "M", "X"}


def test_england_only_rows_and_change_codes(loaded: dict[str, SourceRead]) -> None:
    changes = loaded["lsoa_changes"]
    assert changes.table["lsoa11_code"].str.starts_with("E01").all()
    assert changes.files[0].rows_rejected == 1940  # Welsh LSOAs
    assert set(changes.table["change_code"]) == {"U", "S", "M", "X"}
    assert loaded["lsoa_ccg_stp_2021"].table.height == 32844
    assert loaded["lad_regions_2022"].table.height == 309


def test_imd_spot_values(loaded: dict[str, SourceRead]) -> None:
    sub = loaded["imd_subdomains"].table
    first = sub.filter(
        (pl.col("iod_edition") == 2025)
        & (pl.col("lsoa_code") == "E01000001")
        & (pl.col("subdomain") == "indoors")
    )
    assert first.select("score", "rank", "decile").row(0) == (1.207, 1105, 1)
    assert sub.filter(pl.col("iod_edition") == 2019)["score"].is_null().all()
    denominators = loaded["imd_population_denominators"].table
    assert denominators.filter(pl.col("lsoa_code") == "E01000001")["population_total"][0] == 1296
    summary = loaded["imd_area_summaries"].table.filter(
        (pl.col("area_code") == "E06000001") & (pl.col("domain") == "imd")
    )
    by_measure = dict(zip(summary["measure"], summary["value"], strict=True))
    assert by_measure["average_score"] == 37.58 and by_measure["rank_of_average_score"] == 6.0
    assert set(loaded["imd_area_summaries"].table["area_type"]) == {"lad24", "icb24"}


def test_pcn_and_fingertips_parents(loaded: dict[str, SourceRead]) -> None:
    pcns = loaded["pcn_details"].table
    assert pcns.height == 1329 and pcns["pcn_code"].n_unique() == 1329
    assert pcns.schema["open_date"] == pl.Date
    parents = loaded["fingertips_area_parents"].table
    densham = parents.filter(pl.col("area_code") == "A81001")
    assert densham["parent_code"].to_list() == ["U89141"]
    assert parents["area_code"].n_unique() == 8139
