"""GP patients by LSOA (NHS Digital layout) read and used to attribute practices."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from models.baselines.hierarchy import lsoa_membership, practice_membership
from sources import read_source

HEADER = "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,LSOA_CODE,SEX,NUMBER_OF_PATIENTS"


def _write(tmp_path: Path, rows: list[str]) -> Path:
    (tmp_path / "qof").mkdir()
    (tmp_path / "qof" / "gp-reg-pat-prac-lsoa-all.csv").write_text(
        "\n".join([HEADER, *rows]) + "\n"
    )
    return tmp_path


def test_reader_keeps_all_sexes_rows_and_drops_unknown_lsoas(tmp_path: Path):
    data = _write(tmp_path, [
        "GP_PRAC_PAT_LIST,01-Jan-2024,A00001,P1,E01000001,ALL,300",
        "GP_PRAC_PAT_LIST,01-Jan-2024,A00001,P1,E01000002,ALL,100",
        "GP_PRAC_PAT_LIST,01-Jan-2024,A00001,P1,NO2011,ALL,7",
    ])  # fmt: skip
    read = read_source(data, "gp_patients_by_lsoa")
    assert read.table.rows() == [("A00001", "E01000001", 300), ("A00001", "E01000002", 100)]
    assert read.files[0].rows_rejected == 1


def test_bad_count_names_file_row_and_column(tmp_path: Path):
    data = _write(tmp_path, ["GP_PRAC_PAT_LIST,01-Jan-2024,A00001,P1,E01000001,ALL,many"])
    with pytest.raises(
        ValueError, match=r"gp-reg-pat-prac-lsoa-all.csv, row 1.*NUMBER_OF_PATIENTS"
    ):
        read_source(data, "gp_patients_by_lsoa")


def test_practices_count_in_neighbourhoods_by_their_patients_share():
    geography = pl.DataFrame({
        "lsoa_code": ["E01000001", "E01000002"], "lsoa_name": ["a", "b"], "lsoa_vintage": 2011,
        "ward_code": ["E05000001", "E05000002"], "ward_name": ["w1", "w2"],
        "lad_code": "E06000001", "lad_name": "Place", "region_code": "E12000001",
        "region_name": "R", "sub_icb_code": "S", "sub_icb_name": "s", "icb_code": "I",
        "icb_name": "i",
    })  # fmt: skip
    nb = pl.DataFrame({"lsoa_code": ["E01000001", "E01000002"], "vintage": 2011,
                       "place_code": "E06000001", "neighbourhood_code": ["P:N", "P:S"],
                       "neighbourhood_name": ["N", "S"], "basis": "default"})  # fmt: skip
    lsoas = lsoa_membership(geography, nb)
    practices = pl.DataFrame({"practice_code": ["A00001"], "practice_name": ["P1"],
                              "pcn_code": ["U00001"], "pcn_name": ["PCN"], "sub_icb_code": ["S"],
                              "sub_icb_name": ["s"], "icb_code": ["I"], "icb_name": ["i"]})  # fmt: skip
    patients = pl.DataFrame({"practice_code": ["A00001"] * 2,
                             "lsoa_code": ["E01000001", "E01000002"], "patients": [300, 100]})  # fmt: skip
    out = practice_membership(practices, geography, patients, lsoas)
    nbh = out.filter(pl.col("area_type") == "neighbourhood").sort("area_code")
    assert nbh["weight"].to_list() == [0.75, 0.25]
    assert set(nbh["attribution_method"]) == {"registered_patients_by_lsoa"}
