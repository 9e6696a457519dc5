"""No silent partial loads: a file cut mid-row, a file far shorter than its last good load, or
a reference file without a documented column fails with file, row and column."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sources.errors import IngestError
from sources.fingertips_metadata import read_area_hierarchy, read_indicator_metadata
from sources.geography import LOOKUPS, read_lookup
from sources.registry import discover, read_source
from warehouse.load_log import load_source

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data"
NAMES = next(lk for lk in LOOKUPS if lk.stem == "HoCL_MSOA11_names")
HEADER = "msoa11cd,msoa11nm,msoa11nmw,msoa11hclnm,msoa11hclnmw,Laname\n"


def names_file(rows: int) -> str:
    body = "".join(
        f"E0200{6534 + i},Adur {i:03d},Adur {i:03d},Place {i},,Adurshire\n" for i in range(rows)
    )
    return HEADER + body


def test_a_file_cut_inside_its_last_field_fails_naming_row_and_column(tmp_path):
    path = tmp_path / "HoCL_MSOA11_names_v1.8.csv"
    text = names_file(40)
    path.write_text(text[: text.rindex("Adurshire") + 4])  # "…,Adur": the field count is whole
    with pytest.raises(IngestError) as caught:
        read_lookup(path, path.name, NAMES)
    assert caught.value.row == 40
    assert caught.value.column == "Laname"
    assert "without a line break" in str(caught.value)


@pytest.mark.real_data
def test_the_real_msoa_names_cut_in_half_fails(tmp_path):
    real = REAL / "geography" / "HoCL_MSOA11_names_v1.8.csv"
    if not real.is_file():
        pytest.skip(f"real extracts absent: {real}")
    raw = real.read_bytes()
    cut = tmp_path / real.name
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(IngestError) as caught:
        read_lookup(cut, real.name, NAMES)
    assert caught.value.file == real.name
    assert caught.value.row == raw[: len(raw) // 2].count(b"\n")  # the last, partial data row
    assert caught.value.column == "Laname"


def _hierarchy(folder: Path, header: str, row: str) -> None:
    meta = folder / "fingertips" / "metadata"
    meta.mkdir(parents=True)
    (meta / "areas_hierarchy.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")


def test_an_area_hierarchy_without_area_type_code_fails(tmp_path):
    header = "Children,AreaCode,AreaName,Level,HierarchyType,AreaType"
    _hierarchy(tmp_path, header, '"",E08000028,Sandwell,3,NHS,Districts & UAs')
    with pytest.raises(IngestError) as caught:
        read_area_hierarchy(tmp_path)
    assert caught.value.file == "fingertips/metadata/areas_hierarchy.csv"
    assert (caught.value.row, caught.value.column) == (0, "AreaTypeCode")


def test_an_area_hierarchy_with_every_column_loads_the_area_type_code(tmp_path):
    header = "Children,AreaCode,AreaName,Level,HierarchyType,AreaType,AreaTypeCode"
    _hierarchy(tmp_path, header, '"",E08000028,Sandwell,3,NHS,Districts & UAs,la')
    assert read_area_hierarchy(tmp_path)["area_type_code"].to_list() == ["la"]
    assert read_indicator_metadata(tmp_path) is None  # no metadata JSON: absent, not an error


def _load(conn: duckdb.DuckDBPyConnection, data_dir: Path, run_id: str):
    return load_source(
        conn,
        source="geography",
        table="staging.geography",
        data_dir=data_dir,
        files=discover(data_dir, "geography"),
        read=lambda: read_source(data_dir, "geography"),
        run_id=run_id,
    )


def test_a_file_far_shorter_than_its_last_good_load_fails_and_keeps_the_table(tmp_path):
    data_dir = tmp_path / "extracts"
    (data_dir / "geography").mkdir(parents=True)
    names = data_dir / "geography" / "HoCL_MSOA11_names_v1.8.csv"
    names.write_text(names_file(40))
    conn = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert _load(conn, data_dir, "run-1").status == "loaded"
    names.write_text(names_file(30))  # a quarter fewer: within the floor (75%)
    assert _load(conn, data_dir, "run-2").status == "loaded"
    names.write_text(names_file(12))  # cut at a line break: parses, but 12 of 30 rows
    with pytest.raises(IngestError) as caught:
        _load(conn, data_dir, "run-3")
    assert caught.value.file == "geography/HoCL_MSOA11_names_v1.8.csv"
    assert caught.value.row == 12
    assert "far below the 30 of its last good load" in str(caught.value)
    log = conn.sql("SELECT status, rows_read FROM meta.load_log WHERE run_id = 'run-3'").fetchall()
    assert log == [("failed", None)]
    loaded = conn.execute("SELECT count(*) FROM meta.load_log WHERE status = 'loaded'")
    assert loaded.fetchone()[0] == 2
    conn.close()
