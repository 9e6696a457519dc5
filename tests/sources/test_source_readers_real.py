"""Every real extract in the shared data folder loads, with per-file row accounting and spot values."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sources import EXTRACTS, SourceRead, read_source
from sources.fingertips import read_area_hierarchy, read_indicator_metadata
from sources.population import read_standard_population
from sources.qof import read_practices

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def loaded(real_data_dir: Path) -> dict[str, SourceRead]:
    reads = {source: read_source(real_data_dir, source) for source in EXTRACTS}
    missing = [s for s, r in reads.items() if r is None]
    assert not missing, f"sources absent from the real data: {missing}"
    return reads


def data_rows(path: Path) -> int:
    """Data records counted independently of the readers (one-column polars read; openpyxl)."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        return book["IMD 2015"].max_row - 1
    return pl.read_csv(path, columns=[0], infer_schema=False).height


@pytest.mark.parametrize("source", EXTRACTS)
def test_every_file_is_accounted_for(loaded: dict[str, SourceRead], source: str) -> None:
    read = loaded[source]
    assert read.table.height > 0
    for item in read.files:
        assert item.rows_loaded + item.rows_rejected == item.rows_read == data_rows(item.path)
        assert len(item.sha256) == 64
        if item.rows_rejected:
            assert item.note, "rejected rows need a reason"


def test_fingertips_spot_values(loaded: dict[str, SourceRead]) -> None:
    table = loaded["fingertips"].table
    overweight = table.filter(
        pl.col("indicator_id") == 93088,
        pl.col("area_code") == "E08000028",
        pl.col("time_period") == "2018/19",
        pl.col("category_type").is_null(),
    )
    assert overweight["value"].to_list() == [71.0]
    smoking = table.filter(
        pl.col("indicator_id") == 93085,
        pl.col("area_code") == "E92000001",
        pl.col("time_period") == "2018/19",
        pl.col("category_type").is_null(),
    ).row(0, named=True)
    assert round(smoking["value"], 1) == 10.6
    assert (smoking["count"], smoking["denominator"]) == (61399.0, 579995.0)
    assert table["indicator_name"].str.contains("\n").sum() == 0
    assert table["area_code"].str.contains(r"^[A-Z]\d{5}$").any()  # GP practice rows kept
    assert table["area_code"].str.contains(r"^U\d{5}$").any()  # PCN rows kept


def test_imd_sandwell_deciles(loaded: dict[str, SourceRead]) -> None:
    imd = loaded["imd"].table
    sandwell = imd.filter(pl.col("iod_edition") == 2019, pl.col("lad_code") == "E08000028")
    assert sandwell.height == 186
    assert (sandwell["imd_decile"] == 1).sum() == 37
    assert imd.filter(pl.col("iod_edition") == 2025)["imd_score"].null_count() == 0
    assert imd.filter(pl.col("iod_edition") == 2019)["imd_score"].null_count() == 32844
    first = imd.filter(pl.col("iod_edition") == 2019, pl.col("lsoa_code") == "E01000001")
    assert first["imd_rank"].to_list() == [29199]  # published as "29,199"


def test_qof_england_diabetes_prevalence(loaded: dict[str, SourceRead]) -> None:
    dm = loaded["qof_prevalence"].table.filter(pl.col("group_code") == "DM")
    assert dm["patient_list_type"].unique().to_list() == ["17OV"]
    england = dm["register"].sum() / dm["practice_list_size"].sum() * 100
    assert round(england, 2) == 7.45
    assert dm["icb_code"].null_count() == 0


def test_geography_sandwell_wards(loaded: dict[str, SourceRead]) -> None:
    geo = loaded["geography"].table
    assert geo["lsoa_code"].str.starts_with("E01").all()
    sandwell = geo.filter(pl.col("lad_code") == "E08000028")
    per_vintage = dict(sandwell.group_by("lsoa_vintage").len().iter_rows())
    assert per_vintage == {2011: 186, 2021: 190}
    assert sandwell["ward_code"].n_unique() >= 24
    assert sandwell["region_name"].unique().to_list() == ["West Midlands"]
    assert geo.select("lsoa_vintage", "lsoa_code").is_duplicated().sum() == 0


def test_population_sandwell_total(loaded: dict[str, SourceRead]) -> None:
    pop = loaded["population"].table
    sandwell = pop.filter(pl.col("area_code") == "E08000028", pl.col("year") == 2020)
    assert sandwell["population"].sum() == 329042
    assert sandwell.height == 19


def test_extra_readers(real_data_dir: Path) -> None:
    meta = read_indicator_metadata(real_data_dir)
    assert meta is not None and meta.height == 1587
    assert meta.filter(pl.col("indicator_id") == 93085)["unit_label"].to_list() == ["%"]
    areas = read_area_hierarchy(real_data_dir)
    assert areas is not None and areas.height == 2983
    esp = read_standard_population(real_data_dir)
    assert esp is not None and esp["esp2013"].sum() == 100_000
    practices = read_practices(real_data_dir)
    assert practices is not None and practices["practice_code"].is_unique().all()
