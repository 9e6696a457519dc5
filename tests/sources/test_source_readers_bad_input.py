"""Bad extracts each give one IngestError naming file, row and column; good quirks still load."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest

from sources import IngestError, discover, read_source

FT_HEADER = (
    "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
    "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
    "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
    "Compared to England value or percentiles,Compared to Region value or percentiles,"
    "Time period Sortable,New data,Compared to goal"
)
FT_ROW = (
    '93085,"Smoking status at time of delivery",E12000005,West Midlands region,{code},Sandwell,'
    "Districts & UAs,Female,All ages,,,{period},{value},9.5,11.5,,,300,3000,,,Worse,Similar,"
    "20180000,,"
)
QOF_HEADER = "PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE"
IMD_HEADER = (
    "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
    "Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,"
    "Index of Multiple Deprivation (IMD) Decile"
)
QOF_FILE = "QOF_2022-23_PREVALENCE_2223.csv"
IMD_FILE = "IoD2019_File_1_IMD_LSOA11.csv"


def write(folder: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode(encoding)
    path = folder / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def fingertips_rows(n: int = 3, code: str = "E08000028") -> list[str]:
    periods = ["2016/17", "2017/18", "2018/19", "2019/20"]
    return [FT_ROW.format(code=code, period=periods[i], value=10.0 + i) for i in range(n)]


def error_of(data_dir: Path, source: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_source(data_dir, source)
    return caught.value


def test_missing_data_folder_is_an_error_and_absent_source_is_none(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="data folder does not exist"):
        discover(tmp_path / "nowhere", "fingertips")
    assert discover(tmp_path, "fingertips") == []
    assert read_source(tmp_path, "imd") is None


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "fingertips").mkdir()
    (tmp_path / "fingertips" / "empty.csv").write_bytes(b"")
    err = error_of(tmp_path, "fingertips")
    assert (err.file, err.row, err.column) == ("fingertips/empty.csv", None, None)
    assert "empty" in str(err)


def test_header_without_rows(tmp_path: Path) -> None:
    write(tmp_path / "qof", QOF_FILE, [QOF_HEADER])
    assert "no data rows" in str(error_of(tmp_path, "qof_prevalence"))


def test_missing_column_names_header_row(tmp_path: Path) -> None:
    header = FT_HEADER.replace(",Value,", ",Valeu,")
    write(tmp_path / "fingertips", "x.csv.gz", [header, *fingertips_rows()])
    err = error_of(tmp_path, "fingertips")
    assert (err.row, err.column) == (0, "Value")
    assert "missing column" in str(err)


def test_non_numeric_value_message_names_file_row_column(tmp_path: Path) -> None:
    rows = ["A81001,AF,112.0,TOTAL,3996", "A81001,DM,abc,17OV,3000", "A81002,AF,5,TOTAL,900"]
    write(tmp_path / "qof", QOF_FILE, [QOF_HEADER, *rows])
    err = error_of(tmp_path, "qof_prevalence")
    assert str(err) == f"qof/{QOF_FILE}, row 2, column 'REGISTER': non-numeric value 'abc'"


def test_non_numeric_fingertips_value(tmp_path: Path) -> None:
    rows = fingertips_rows(3)
    rows[2] = rows[2].replace(",12.0,", ",twelve,")
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *rows])
    err = error_of(tmp_path, "fingertips")
    assert (err.row, err.column) == (3, "Value")


def test_thousands_separators_parse(tmp_path: Path) -> None:
    rows = [
        'E01000001,City of London 001A,E09000001,City of London,"29,199",9',
        "E01000002,City of London 001B,E09000001,City of London,30379,10",
    ]
    write(tmp_path / "deprivation", IMD_FILE + ".gz", [IMD_HEADER, *rows])
    table = read_source(tmp_path, "imd").table
    assert table["imd_rank"].to_list() == [29199, 30379]
    assert table["lsoa_vintage"].to_list() == [2011, 2011]


def test_duplicate_lsoa(tmp_path: Path) -> None:
    row = "E01000001,City of London 001A,E09000001,City of London,29199,9"
    write(tmp_path / "deprivation", IMD_FILE, [IMD_HEADER, row, row.replace("001A", "001B")])
    err = error_of(tmp_path, "imd")
    assert (err.row, err.column) == (2, "LSOA code (2011)")
    assert "duplicate" in str(err)


def test_duplicate_qof_register(tmp_path: Path) -> None:
    rows = ["A81001,AF,112,TOTAL,3996", "A81001,AF,113,TOTAL,3996"]
    write(tmp_path / "qof", QOF_FILE, [QOF_HEADER, *rows])
    assert error_of(tmp_path, "qof_prevalence").row == 2


def test_fingertips_conflicting_duplicates_are_rejected_with_reason(tmp_path: Path) -> None:
    rows = fingertips_rows(2)
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *rows, rows[1].replace("11.0", "99.0")])
    read = read_source(tmp_path, "fingertips")
    item = read.files[0]
    assert (item.rows_read, item.rows_loaded, item.rows_rejected) == (3, 1, 2)
    assert "rejected" in item.note
    assert read.table["value"].to_list() == [10.0]


def test_malformed_lsoa_code(tmp_path: Path) -> None:
    rows = [
        "E01000001,City of London 001A,E09000001,City of London,29199,9",
        "E0100002,City of London 001B,E09000001,City of London,30379,10",
    ]
    write(tmp_path / "deprivation", IMD_FILE, [IMD_HEADER, *rows])
    err = error_of(tmp_path, "imd")
    assert (err.row, err.column) == (2, "LSOA code (2011)")
    assert "E0100002" in str(err)


def test_fingertips_area_codes(tmp_path: Path) -> None:
    good = [
        *fingertips_rows(1),
        *fingertips_rows(1, "P82001"),
        *fingertips_rows(1, "U12345"),
        *fingertips_rows(1, "nE54000029"),
        *fingertips_rows(1, "Cl_L2_1ar"),
    ]
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *good])
    assert read_source(tmp_path, "fingertips").table.height == 5
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *good, *fingertips_rows(1, "Sandwell")])
    err = error_of(tmp_path, "fingertips")
    assert (err.row, err.column) == (6, "Area Code")


def test_truncated_gzip(tmp_path: Path) -> None:
    path = write(tmp_path / "fingertips", "x.csv.gz", [FT_HEADER, *fingertips_rows(4)])
    path.write_bytes(path.read_bytes()[:-30])
    err = error_of(tmp_path, "fingertips")
    assert err.file == "fingertips/x.csv.gz"
    assert "truncated" in str(err) and err.row is not None


def test_csv_cut_mid_line(tmp_path: Path) -> None:
    path = write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *fingertips_rows(3)])
    text = path.read_text()
    path.write_text(text[: text.rindex("Sandwell") + 3])
    err = error_of(tmp_path, "fingertips")
    assert err.row == 3 and "cut" in str(err)


def test_cut_inside_quoted_field(tmp_path: Path) -> None:
    path = write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *fingertips_rows(3)])
    text = path.read_text()
    path.write_text(text[: text.rindex('"Smoking') + 5])
    err = error_of(tmp_path, "fingertips")
    assert err.row == 3


def test_cp1252_bytes(tmp_path: Path) -> None:
    rows = fingertips_rows(2)
    rows[1] = rows[1].replace("Sandwell", "Ynys Môn")
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *rows], encoding="cp1252")
    err = error_of(tmp_path, "fingertips")
    assert (err.row, err.column) == (2, "Area Name")
    assert "UTF-8" in str(err)


def test_utf16_file(tmp_path: Path) -> None:
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *fingertips_rows(2)], encoding="utf-16")
    assert "UTF-16" in str(error_of(tmp_path, "fingertips"))


def test_embedded_newline_in_quoted_name_loads(tmp_path: Path) -> None:
    rows = [r.replace('"Smoking status', '"Smoking\nstatus') for r in fingertips_rows(2)]
    write(tmp_path / "fingertips", "x.csv", [FT_HEADER, *rows])
    table = read_source(tmp_path, "fingertips").table
    assert table["indicator_name"].to_list() == ["Smoking status at time of delivery"] * 2


def test_population_ages_must_sum_to_total(tmp_path: Path) -> None:
    header = "lsoa11_name,lsoa11_code,total_population," + ",".join(
        [str(a) for a in range(90)] + ["90+"]
    )
    ok = "Sandwell 001A,E01009999,91," + ",".join(["1"] * 91)
    bad = "Sandwell 001B,E01009998,95," + ",".join(["1"] * 91)
    welsh = "Cardiff 001A,W01001234,91," + ",".join(["1"] * 91)
    name = "ONS_mid2020_SAPE_LSOA11_persons_single_year_of_age.csv"
    write(tmp_path / "population", name, [header, ok, welsh])
    read = read_source(tmp_path, "population")
    assert (read.files[0].rows_loaded, read.files[0].rows_rejected) == (1, 1)
    assert read.table.filter(pl.col("age_band") == "90+")["population"].to_list() == [1]
    assert read.table["population"].sum() == 91
    write(tmp_path / "population", name, [header, welsh, ok, bad])
    err = error_of(tmp_path, "population")
    assert (err.row, err.column) == (3, "total_population")  # the file's row, Welsh row counted


def test_geography_rejects_welsh_rows(tmp_path: Path) -> None:
    header = "FID,LSOA11CD,LSOA11NM,WD19CD,WD19NM,LAD19CD,LAD19NM"
    rows = [
        "1,E01009999,Sandwell 001A,E05001234,Abbey,E08000028,Sandwell",
        "2,W01001234,Cardiff 001A,W05000001,Adamsdown,W06000015,Cardiff",
    ]
    write(tmp_path / "geography", "LSOA11_to_Ward19_LAD19_England_Wales.csv.gz", [header, *rows])
    read = read_source(tmp_path, "geography")
    assert read.table["lsoa_code"].to_list() == ["E01009999"]
    assert (read.files[0].rows_loaded, read.files[0].rows_rejected) == (1, 1)
    write(
        tmp_path / "geography",
        "LSOA11_to_Ward19_LAD19_England_Wales.csv.gz",
        [header, rows[1], rows[0].replace("E05001234", "E0500123X")],
    )
    err = error_of(tmp_path, "geography")
    assert (err.row, err.column) == (2, "WD19CD")  # row in the file, after the Welsh row


def test_fingertips_exact_copies_rejected_and_other_parent_comparison(tmp_path: Path) -> None:
    header = FT_HEADER.replace("Compared to Region value", "Compared to ICB value")
    rows = fingertips_rows(2)
    write(
        tmp_path / "fingertips",
        "x.csv",
        [header + ",Time period range", *[r + ",1y" for r in (*rows, rows[0])]],
    )
    read = read_source(tmp_path, "fingertips")
    assert read.table["compared_to_region"].to_list() == ["Similar", "Similar"]
    assert (read.files[0].rows_loaded, read.files[0].rows_rejected) == (2, 1)
    assert "exact copies" in read.files[0].note


def test_malformed_practice_code(tmp_path: Path) -> None:
    rows = ["A81001,AF,112,TOTAL,3996", "A8100,AF,113,TOTAL,3996"]
    write(tmp_path / "qof", QOF_FILE, [QOF_HEADER, *rows])
    err = error_of(tmp_path, "qof_prevalence")
    assert (err.row, err.column) == (2, "PRACTICE_CODE")


def test_bad_file_name_year_and_missing_mapping(tmp_path: Path) -> None:
    write(tmp_path / "qof", "QOF_2022-24_PREVALENCE_2224.csv", [QOF_HEADER, "A81001,AF,1,TOTAL,9"])
    assert "financial year" in str(error_of(tmp_path, "qof_prevalence"))
    (tmp_path / "qof" / "QOF_2022-24_PREVALENCE_2224.csv").unlink()
    write(tmp_path / "qof", QOF_FILE, [QOF_HEADER, "A81001,AF,1,TOTAL,0"])
    read = read_source(tmp_path, "qof_prevalence")
    assert read.table["prevalence"].to_list() == [None]  # list size 0: no prevalence
    assert read.table["icb_code"].to_list() == [None]
    assert "no NHS geography" in read.files[0].note
