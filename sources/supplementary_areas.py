"""Supplementary area lookups: LSOA/MSOA 2011 → 2021 changes, LSOA → CCG/STP (2021), LAD →
region (2022), the ePCN PCN register and the Fingertips area → parent list."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from sources import codes
from sources.checked_csv import load_bytes
from sources.checked_values import ROW, first_row, require_pattern, require_unique, require_values
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, label_of
from sources.supplementary_layout import Layout, file_read

SUB_ICB_ODS_CODE = r"^[0-9A-Z]{3}([0-9A-Z]{2})?$"  # e.g. 36L, or A3A8R since 2022
LSOA_CHANGES = Layout(
    columns={
        "lsoa11_code": "lsoa11_code",
        "lsoa11_name": "lsoa11_name",
        "change_code": "change_code",
        "lsoa21_code": "lsoa21_code",
        "lsoa21_name": "lsoa21_name",
        "ltla22_code": "lad22_code",
        "ltla22_name": "lad22_name",
    },
    key=("lsoa11_code", "lsoa21_code"),
    codes={
        "lsoa11_code": codes.LSOA_CODE,
        "lsoa21_code": codes.LSOA_CODE,
        "lad22_code": codes.LAD_CODE,
    },
    values={"change_code": frozenset("USMX")},  # unchanged, split, merged, irregular
    england_by="lsoa11_code",
)
MSOA_CHANGES = Layout(
    columns={
        "msoa11_code": "msoa11_code",
        "msoa11_name": "msoa11_name",
        "msoa21_code": "msoa21_code",
        "msoa21_name": "msoa21_name",
        "ltla22_code": "lad22_code",
        "ltla22_name": "lad22_name",
    },
    key=("msoa11_code", "msoa21_code"),
    codes={
        "msoa11_code": codes.MSOA_CODE,
        "msoa21_code": codes.MSOA_CODE,
        "lad22_code": codes.LAD_CODE,
    },
    england_by="msoa11_code",
)
LSOA_CCG_STP_2021 = Layout(
    columns={
        "lsoa11_code": "lsoa11_code",
        "lsoa11_name": "lsoa11_name",
        "ccg21_code": "ccg21_code",
        "ccg21_name": "ccg21_name",
        "stp21_code": "stp21_code",
        "stp21_name": "stp21_name",
        "ltla21_code": "lad21_code",
        "ltla21_name": "lad21_name",
    },
    key=("lsoa11_code",),
    codes={
        "lsoa11_code": codes.LSOA_CODE,
        "ccg21_code": codes.SUB_ICB_CODE,  # CCGs share the E38 series with sub-ICB locations
        "stp21_code": codes.ICB_CODE,  # STPs share the E54 series with ICBs
        "lad21_code": codes.LAD_CODE,
    },
    england_by="lsoa11_code",
)
LAD_REGIONS_2022 = Layout(
    columns={
        "LAD22CD": "lad_code",
        "LAD22NM": "lad_name",
        "RGN22CD": "region_code",
        "RGN22NM": "region_name",
    },
    key=("lad_code",),
    codes={"lad_code": codes.LAD_CODE, "region_code": codes.REGION_CODE},
    england_by="lad_code",
    constants={"lad_vintage": 2022},
)
PCN_COLUMNS = {
    "PCN Code": "pcn_code",
    "PCN Name": "pcn_name",
    "Current Sub ICB Loc Code": "sub_icb_ods_code",
    "Sub ICB Location": "sub_icb_name",
    "Open Date": "open_date",
    "Close Date": "close_date",
    **{f"Address Line {i}": f"address_line_{i}" for i in range(1, 6)},
    "Postcode": "postcode",
}
PCN_SHEET = "PCNDetails"


def _require(columns: list[str], wanted: list[str], label: str) -> None:
    missing = [c for c in wanted if c not in columns]
    if missing:
        raise IngestError(label, f"missing column(s) {missing}; found {columns[:8]}", 0, missing[0])


def _dates(frame: pl.DataFrame, label: str, columns: list[str]) -> pl.DataFrame:
    """YYYYMMDD text to dates; anything else that is not blank is an error."""
    parsed = []
    for column in columns:
        date = frame[column].str.strptime(pl.Date, "%Y%m%d", strict=False)
        row = first_row(frame[column].is_not_null() & date.is_null())
        if row is not None:
            raise IngestError(label, f"not a YYYYMMDD date {frame[column][row - 1]!r}", row, column)
        parsed.append(date.alias(column))
    return frame.with_columns(parsed)


def read_pcn_details(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """The ePCN workbook's PCNDetails sheet: one row per PCN with its sub-ICB and dates."""
    tables, reads = [], []
    for item in files:
        label = f"{label_of(data_dir, item.path)}[{PCN_SHEET}]"
        try:
            frame = pl.read_excel(item.path, sheet_name=PCN_SHEET, infer_schema_length=0)
        except Exception as exc:  # calamine raises several unrelated types
            raise IngestError(label, f"cannot read the sheet ({exc})") from exc
        if frame.height == 0:
            raise IngestError(label, "sheet has a header but no data rows")
        _require(frame.columns, list(PCN_COLUMNS), label)
        frame = frame.select(list(PCN_COLUMNS)).with_columns(
            pl.all().cast(pl.String).str.strip_chars().replace("", None)
        )
        require_pattern(frame, label, "PCN Code", r"^U\d{5}$", "PCN code")
        require_pattern(frame, label, "Current Sub ICB Loc Code", SUB_ICB_ODS_CODE, "sub-ICB code")
        require_values(frame, label, ["PCN Name", "Open Date"])
        require_unique(frame, label, ["PCN Code"])
        frame = _dates(frame, label, ["Open Date", "Close Date"])
        tables.append(frame.rename(PCN_COLUMNS))
        reads.append(file_read(item, frame.height, 0))
    return pl.concat(tables, how="vertical"), reads


AREA_FIELDS = {
    "areaCode": ("area_code", pl.String),
    "areaName": ("area_name", pl.String),
    "areaType": ("area_type", pl.String),
    "hierarchyType": ("hierarchy_type", pl.String),
    "level": ("level", pl.Int64),
    "postcode": ("postcode", pl.String),
    "parentAreas": ("parents", pl.List(pl.Struct({"areaCode": pl.String}))),
}


def read_fingertips_area_parents(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """One row per Fingertips area per parent (parent_code null for the few with none)."""
    tables, reads = [], []
    for item in files:
        label = label_of(data_dir, item.path)
        raw = load_bytes(item.path, label)
        schema = {k: t for k, (_, t) in AREA_FIELDS.items()}
        try:
            frame = pl.read_json(io.BytesIO(raw), schema=schema)
        except pl.exceptions.PolarsError as exc:
            raise IngestError(label, f"not a JSON array of areas ({exc})") from exc
        if frame.height == 0:
            raise IngestError(label, "no areas in the JSON array")
        frame = frame.with_row_index(ROW, offset=1)
        require_values(frame, label, ["areaCode", "areaType"])
        require_pattern(frame, label, "areaCode", codes.FINGERTIPS_AREA_CODE, "area code")
        require_unique(frame, label, ["areaCode"])
        frame = frame.rename({k: n for k, (n, _) in AREA_FIELDS.items()})
        table = (
            frame.with_columns(pl.col("parents").list.eval(pl.element().struct.field("areaCode")))
            .explode("parents", empty_as_null=True)
            .rename({"parents": "parent_code"})
        )
        require_pattern(
            table, label, "parent_code", codes.FINGERTIPS_AREA_CODE, "parent code", True
        )
        table = table.drop(ROW)
        tables.append(table)
        reads.append(file_read(item, frame.height, 0))
    return pl.concat(tables, how="vertical"), reads
