"""The synthetic demo extracts are small, deterministic and load cleanly through every reader."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from sources import EXTRACTS, read_source
from sources.fingertips import read_area_hierarchy, read_indicator_metadata
from sources.population import read_population_single_year, read_standard_population
from sources.qof import read_practices
from synthetic.extracts.writer import write_demo_data

TARGET_INDICATORS = {93085, 20101, 90631, 93474, 93475, 93476, 93088, 93015, 92906, 30101, 22401}
TARGET_INDICATORS |= {241, 93867}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    write_demo_data(out)
    return out


def digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


def test_demo_is_small_and_labelled_synthetic(demo: Path) -> None:
    size = sum(p.stat().st_size for p in demo.rglob("*") if p.is_file())
    assert size < 3_000_000
    assert "SYNTHETIC" in (demo / "README.md").read_text()
    assert "SYNTHETIC" in (demo / "SOURCES.md").read_text()


def test_generation_is_deterministic_and_matches_committed(demo: Path, tmp_path: Path) -> None:
    committed = Path(__file__).resolve().parents[2] / "data" / "demo"
    if not committed.is_dir():
        write_demo_data(tmp_path)
        committed = tmp_path
    assert digest(committed) == digest(demo)


@pytest.mark.parametrize("source", EXTRACTS)
def test_every_demo_source_loads(demo: Path, source: str) -> None:
    read = read_source(demo, source)
    assert read is not None and read.table.height > 0
    for item in read.files:
        assert item.rows_loaded + item.rows_rejected == item.rows_read


def test_demo_content_covers_the_targets(demo: Path) -> None:
    fingertips = read_source(demo, "fingertips").table
    assert set(fingertips["indicator_id"].unique().to_list()) >= TARGET_INDICATORS
    sandwell = fingertips.filter(pl.col("area_code") == "E08000028")
    overweight = sandwell.filter(
        pl.col("indicator_id") == 93088, pl.col("time_period") == "2018/19"
    )
    assert overweight["value"].to_list() == [71.0]
    ci = fingertips.drop_nulls("lower_ci_95")
    assert (ci["lower_ci_95"] <= ci["value"]).all() and (ci["value"] <= ci["upper_ci_95"]).all()
    assert (ci["lower_ci_99_8"] <= ci["lower_ci_95"]).all()
    geography = read_source(demo, "geography").table
    wards = geography.filter(pl.col("lad_code") == "E08000028")["ward_code"].n_unique()
    assert wards == 24
    imd = read_source(demo, "imd").table
    assert set(imd["lad_code"]) >= {"E08000028", "E08000025", "E08000029", "E06000033"}
    qof = read_source(demo, "qof_prevalence").table.filter(pl.col("group_code") == "DM")
    gp = fingertips.filter(pl.col("area_type") == "GP", pl.col("time_period") == "2022/23")
    joined = qof.join(gp, left_on="practice_code", right_on="area_code")
    assert joined.height == qof.height
    assert (joined["register"] == joined["count"]).all()


def test_demo_extras_load(demo: Path) -> None:
    assert read_indicator_metadata(demo).height == 16
    assert read_area_hierarchy(demo).height > 10
    assert read_standard_population(demo)["esp2013"].sum() == 100_000
    assert read_practices(demo) is None  # no epraccur in the demo set
    single = read_population_single_year(demo)
    banded = read_source(demo, "population").table
    assert single["age_band"].n_unique() == 91
    assert single["population"].sum() == banded["population"].sum()
