"""Bad supplementary extracts each give one IngestError naming file, row and column."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import openpyxl
import pytest

from sources.errors import IngestError
from sources.registry import read_source as read_supplementary

CHANGES = "geography/LSOA11_to_LSOA21_LAD22_England_Wales.csv"
CHANGES_HEADER = (
    "lsoa11_name,lsoa11_code,change_code,lsoa21_name,lsoa21_code,ltla22_name,ltla22_code"
)
CHANGE_ROWS = [
    "Sandwell 001A,E01009731,U,Sandwell 001A,E01009731,Sandwell,E08000028",
    "Sandwell 001B,E01009732,S,Sandwell 001E,E01035000,Sandwell,E08000028",
    "Cardiff 001A,W01001701,U,Cardiff 001A,W01001701,Cardiff,W06000015",
]
DENOMINATORS = "deprivation/IoD2019_File_6_Population_Denominators_LSOA11.csv.gz"
POP = "{}: mid 2015 (excluding prisoners)"
DENOMINATOR_HEADER = ",".join(
    [
        "LSOA code (2011)",
        "LSOA name (2011)",
        "Local Authority District code (2019)",
        "Local Authority District name (2019)",
        POP.format("Total population"),
        POP.format("Dependent Children aged 0-15"),
        POP.format("Population aged 16-59"),
        POP.format("Older population aged 60 and over"),
        "Working age population 18-59/64: for use with Employment Deprivation Domain "
        "(excluding prisoners)",
    ]
)
SUBDOMAINS = "deprivation/IoD2025_LSOA21_subdomains.csv"


def write(root: Path, name: str, lines: list[str]) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def error_of(root: Path, name: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_supplementary(root, name)
    return caught.value


def test_absent_files_read_as_none(tmp_path: Path) -> None:
    assert read_supplementary(tmp_path, "lsoa_changes") is None


def test_welsh_rows_are_rejected_with_a_note(tmp_path: Path) -> None:
    write(tmp_path, CHANGES, [CHANGES_HEADER, *CHANGE_ROWS])
    read = read_supplementary(tmp_path, "lsoa_changes")
    assert read.table.height == 2 and read.table["lsoa11_code"].str.starts_with("E").all()
    (item,) = read.files
    assert (item.rows_read, item.rows_loaded, item.rows_rejected) == (3, 2, 1)
    assert "England-only" in item.note


def test_missing_column(tmp_path: Path) -> None:
    header = CHANGES_HEADER.replace("change_code,", "")
    write(tmp_path, CHANGES, [header, "a,E01009731,b,E01009731,c,E08000028"])
    error = error_of(tmp_path, "lsoa_changes")
    assert (error.file, error.row, error.column) == (CHANGES, 0, "change_code")


def test_malformed_code_names_the_data_row(tmp_path: Path) -> None:
    rows = [*CHANGE_ROWS[:1], CHANGE_ROWS[2], CHANGE_ROWS[1].replace("E01035000", "E0103500")]
    write(tmp_path, CHANGES, [CHANGES_HEADER, *rows])
    error = error_of(tmp_path, "lsoa_changes")
    assert (error.file, error.row, error.column) == (CHANGES, 3, "lsoa21_code")
    assert "E0103500" in str(error)


def test_unknown_change_code(tmp_path: Path) -> None:
    write(tmp_path, CHANGES, [CHANGES_HEADER, CHANGE_ROWS[0].replace(",U,", ",Q,")])
    error = error_of(tmp_path, "lsoa_changes")
    assert (error.row, error.column) == (1, "change_code")


def test_non_numeric_value(tmp_path: Path) -> None:
    good = 'E01000001,City of London 001A,E09000001,City of London,"1,296",175,656,465,715'
    bad = "E01000002,City of London 001B,E09000001,City of London,1156,182,abc,394,620"
    write(tmp_path, DENOMINATORS, [DENOMINATOR_HEADER, good, bad])
    error = error_of(tmp_path, "imd_population_denominators")
    assert (error.file, error.row, error.column) == (
        DENOMINATORS,
        2,
        POP.format("Population aged 16-59"),
    )
    assert "non-numeric" in str(error)


def test_age_bands_must_sum_to_the_total(tmp_path: Path) -> None:
    bad = "E01000001,City of London 001A,E09000001,City of London,1297,175,656,465,715"
    write(tmp_path, DENOMINATORS, [DENOMINATOR_HEADER, bad])
    error = error_of(tmp_path, "imd_population_denominators")
    assert (error.row, error.column) == (1, POP.format("Total population"))


def test_subdomain_decile_out_of_range_and_unknown_column(tmp_path: Path) -> None:
    header = "lsoa21_code,indoors_score,indoors_rank,indoors_decile"
    write(tmp_path, SUBDOMAINS, [header, "E01000001,1.2,1105,1", "E01000002,0.3,9591,11"])
    error = error_of(tmp_path, "imd_subdomains")
    assert (error.file, error.row, error.column) == (SUBDOMAINS, 2, "indoors_decile")
    write(tmp_path, SUBDOMAINS, [header + ",notes", "E01000001,1.2,1105,1,x"])
    error = error_of(tmp_path, "imd_subdomains")
    assert (error.row, error.column) == (0, "notes")


def test_subdomains_read_long(tmp_path: Path) -> None:
    header = "lsoa21_code,indoors_score,indoors_rank,indoors_decile,outdoors_rank,outdoors_decile"
    write(tmp_path, SUBDOMAINS, [header, "E01000001,1.2,1105,1,1586,1"])
    table = read_supplementary(tmp_path, "imd_subdomains").table.sort("subdomain")
    assert table["subdomain"].to_list() == ["indoors", "outdoors"]
    assert table["score"].to_list() == [1.2, None] and table["iod_edition"].to_list() == [2025] * 2
    assert table["lsoa_vintage"].to_list() == [2021, 2021]


def test_pcn_details_bad_date(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PCNDetails"
    sheet.append(
        ["PCN Code", "PCN Name", "Current Sub ICB Loc Code", "Sub ICB Location"]
        + ["Open Date", "Close Date"]
        + [f"Address Line {i}" for i in range(1, 6)]
        + ["Postcode"]
    )
    sheet.append(["U00070", "WEST MERTON PCN", "36L", "NHS SWL", "20191001", None] + [None] * 6)
    sheet.append(["U00147", "AEGIS PCN", "04C", "NHS LLR", "2019-10-01", None] + [None] * 6)
    (tmp_path / "qof").mkdir()
    book.save(tmp_path / "qof" / "ePCN.xlsx")
    error = error_of(tmp_path, "pcn_details")
    assert (error.file, error.row, error.column) == ("qof/ePCN.xlsx[PCNDetails]", 2, "Open Date")


def test_fingertips_parents_malformed_code(tmp_path: Path) -> None:
    areas = [
        {
            "areaCode": "A81001",
            "areaName": "Surgery",
            "areaType": "GP",
            "level": 5,
            "parentAreas": [{"areaCode": "U89141"}],
        },
        {"areaCode": "X-1", "areaName": "Odd", "areaType": "GP", "level": 5, "parentAreas": []},
    ]
    path = tmp_path / "fingertips" / "metadata" / "areas_with_parents.json.gz"
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(json.dumps(areas).encode()))
    error = error_of(tmp_path, "fingertips_area_parents")
    assert (error.row, error.column) == (2, "areaCode")
    path.write_bytes(gzip.compress(b'[{"areaCode": "A81001",'))
    assert "JSON" in str(error_of(tmp_path, "fingertips_area_parents"))
