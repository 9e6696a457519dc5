"""ONS/NHS geography lookups combined into one row per English LSOA per boundary vintage.

Which file feeds which column (lsoa_vintage 2011 / 2021):
- LSOA11_to_Ward19_LAD19: lsoa_name, ward_code/name (ward_vintage 2019), lad_code/name (2019).
- OA11_LSOA11_MSOA11_LAD17_RGN11 (OAs deduplicated to LSOAs): msoa_code/name, region (2011).
- LSOA11_to_SICBL22_ICB22_LAD22: sub_icb_code/ods_code/name, icb_code/ods_code/name (2022).
- HoCL_MSOA11_names: msoa_hcl_name (House of Commons Library MSOA names).
- LSOA21_to_Ward24_LAD24: lsoa_name, ward (2024), lad (2024) for 2021 LSOAs.
- LSOA21_to_SICBL24_ICB24: sub-ICB and ICB (2024) for 2021 LSOAs.
- LAD24_to_Region24: region by LAD (2021 LSOAs; fills gaps for 2011 LSOAs).
- LAD23_to_UTLA23: utla_code/name by LAD (for 2011 LSOAs via the LAD19 code, else the LAD22 code).
Welsh and Scottish rows are rejected (England-only pipeline) and counted per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources import codes
from sources.checked_csv import read_text_csv
from sources.checked_values import ROW, file_row, first_row, require_pattern, require_values
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, label_of

CODES = {
    "lsoa_code": codes.LSOA_CODE,
    "msoa_code": codes.MSOA_CODE,
    "ward_code": codes.WARD_CODE,
    "lad_code": codes.LAD_CODE,
    "lad22_code": codes.LAD_CODE,
    "utla_code": codes.UTLA_CODE,
    "region_code": codes.REGION_CODE,
    "sub_icb_code": codes.SUB_ICB_CODE,
    "icb_code": codes.ICB_CODE,
}
COLUMNS = ["lsoa_code", "lsoa_name", "lsoa_vintage", "msoa_code", "msoa_name", "msoa_hcl_name"]
COLUMNS += ["ward_code", "ward_name", "ward_vintage", "lad_code", "lad_name", "lad_vintage"]
COLUMNS += ["utla_code", "utla_name", "region_code", "region_name", "sub_icb_code"]
COLUMNS += ["sub_icb_ods_code", "sub_icb_name", "icb_code", "icb_ods_code", "icb_name"]
COLUMNS += ["nhs_vintage"]
INTS = {"lsoa_vintage", "ward_vintage", "lad_vintage", "nhs_vintage"}


@dataclass(frozen=True)
class Lookup:
    """A lookup file: its name pattern, what it is keyed on, its columns and fixed vintages."""

    stem: str
    kind: str  # lsoa11, lsoa21, msoa11, lad (region) or utla
    columns: dict[str, str]
    vintages: dict[str, int] = field(default_factory=dict)


# fmt: off
LOOKUPS = (
    Lookup("LSOA11_to_Ward19_LAD19_England_Wales", "lsoa11",
           {"LSOA11CD": "lsoa_code", "LSOA11NM": "lsoa_name", "WD19CD": "ward_code", "WD19NM": "ward_name", "LAD19CD": "lad_code", "LAD19NM": "lad_name"},
           {"ward_vintage": 2019, "lad_vintage": 2019}),
    Lookup("OA11_LSOA11_MSOA11_LAD17_RGN11_OAC_lookup", "lsoa11",
           {"LSOA11CD": "lsoa_code", "LSOA11NM": "lsoa_name", "MSOA11CD": "msoa_code", "MSOA11NM": "msoa_name", "RGN11CD": "region_code", "RGN11NM": "region_name"}),
    Lookup("LSOA11_to_SICBL22_ICB22_LAD22_England", "lsoa11",
           {"lsoa11_code": "lsoa_code", "lsoa11_name": "lsoa_name", "sicbl22_code": "sub_icb_code", "sicbl22_code_h": "sub_icb_ods_code", "sicbl22_name": "sub_icb_name", "icb22_code": "icb_code", "icb22_code_h": "icb_ods_code", "icb22_name": "icb_name", "ltla22_code": "lad22_code"},
           {"nhs_vintage": 2022}),
    Lookup("HoCL_MSOA11_names", "msoa11",
           {"msoa11cd": "msoa_code", "msoa11hclnm": "msoa_hcl_name"}),
    Lookup("LSOA21_to_Ward24_LAD24_England_Wales", "lsoa21",
           {"lsoa21_code": "lsoa_code", "lsoa21_name": "lsoa_name", "ward24_code": "ward_code", "ward24_name": "ward_name", "ltla24_code": "lad_code", "ltla24_name": "lad_name"},
           {"ward_vintage": 2024, "lad_vintage": 2024}),
    Lookup("LSOA21_to_SICBL24_ICB24_England", "lsoa21",
           {"lsoa21_code": "lsoa_code", "lsoa21_name": "lsoa_name", "sicbl24_code": "sub_icb_code", "sicbl24_code_nhs": "sub_icb_ods_code", "sicbl24_name": "sub_icb_name", "icb24_code": "icb_code", "icb24_code_nhs": "icb_ods_code", "icb24_name": "icb_name"},
           {"nhs_vintage": 2024}),
    Lookup("LAD24_to_Region24_England", "lad",
           {"ltla24_code": "lad_code", "region24_code": "region_code", "region24_name": "region_name"}),
    Lookup("LAD23_to_UTLA23_England_Wales", "utla",
           {"ltla23_code": "lad_code", "utla23_code": "utla_code", "utla23_name": "utla_name"}),
)
# fmt: on
PATTERNS = tuple(f"geography/{lk.stem}*{ext}" for lk in LOOKUPS for ext in (".csv", ".csv.gz"))


def read_lookup(path: Path, label: str, lookup: Lookup) -> tuple[pl.DataFrame, int, int]:
    """English rows of one lookup, renamed, deduplicated to its key; (table, read, rejected)."""
    frame = read_text_csv(path, label, required=list(lookup.columns), only_required=True)
    key = next(iter(lookup.columns))
    require_values(frame, label, [key])
    require_pattern(frame, label, key, codes.GSS_CODE, "GSS area code")
    english = frame[key].str.starts_with("E")
    frame = frame.with_row_index(ROW, offset=1).filter(english)
    for source, target in lookup.columns.items():
        if target in CODES:
            require_pattern(frame, label, source, CODES[target], target.replace("_", " "))
    distinct = frame.filter(pl.struct(list(lookup.columns)).is_first_distinct())
    clash = distinct[key].is_duplicated() & ~distinct[key].is_first_distinct()
    if clash.any():
        row = file_row(distinct, first_row(clash))
        value = distinct[key][first_row(clash) - 1]
        raise IngestError(label, f"{value!r} is mapped to two different areas", row, key)
    table = distinct.select(list(lookup.columns)).rename(lookup.columns)
    table = table.with_columns(pl.lit(v, pl.Int64).alias(k) for k, v in lookup.vintages.items())
    return table, english.len(), int((~english).sum())


def _join_all(frames: list[pl.DataFrame], key: str) -> pl.DataFrame:
    joined = frames[0]
    for frame in frames[1:]:
        shared = [c for c in frame.columns if c in joined.columns and c != key]
        joined = joined.join(frame, on=key, how="full", coalesce=True, suffix="__new")
        joined = joined.with_columns(pl.coalesce(c, f"{c}__new").alias(c) for c in shared)
        joined = joined.drop(f"{c}__new" for c in shared)
    return joined


def _vintage(kind: str, found: dict[str, list[pl.DataFrame]], year: int) -> pl.DataFrame | None:
    if not found.get(kind):
        return None
    table = _join_all(found[kind], "lsoa_code").with_columns(lsoa_vintage=pl.lit(year, pl.Int64))
    if found.get("msoa11") and "msoa_code" in table.columns:
        table = table.join(_join_all(found["msoa11"], "msoa_code"), on="msoa_code", how="left")
    if found.get("lad") and "lad_code" in table.columns:
        regions = _join_all(found["lad"], "lad_code").rename(
            {"region_code": "region_code__lad", "region_name": "region_name__lad"}
        )
        table = table.join(regions, on="lad_code", how="left")
        if "region_code" not in table.columns:
            table = table.with_columns(region_code=None, region_name=None)
        table = table.with_columns(
            pl.coalesce("region_code", "region_code__lad").alias("region_code"),
            pl.coalesce("region_name", "region_name__lad").alias("region_name"),
        ).drop("region_code__lad", "region_name__lad")
    if found.get("utla") and "lad_code" in table.columns:
        utla = _join_all(found["utla"], "lad_code")
        table = table.join(utla, on="lad_code", how="left")
        if "lad22_code" in table.columns:
            by22 = utla.rename({"lad_code": "lad22_code", "utla_code": "u22", "utla_name": "n22"})
            table = table.join(by22, on="lad22_code", how="left").with_columns(
                pl.coalesce("utla_code", "u22").alias("utla_code"),
                pl.coalesce("utla_name", "n22").alias("utla_name"),
            )
    return table.select(
        pl.col(c)
        if c in table.columns
        else pl.lit(None, pl.Int64 if c in INTS else pl.String).alias(c)
        for c in COLUMNS
    )


def read_geography(data_dir: Path, files: list[SourceFile]) -> tuple[pl.DataFrame, list[FileRead]]:
    """One row per English LSOA (2011 and 2021 boundaries) with its ward, LAD, region, ICB."""
    found: dict[str, list[pl.DataFrame]] = {}
    reads = []
    for item in files:
        lookup = next(lk for lk in LOOKUPS if item.path.name.startswith(lk.stem))
        table, read, rejected = read_lookup(item.path, label_of(data_dir, item.path), lookup)
        note = f"{rejected} non-English rows excluded (England-only)" if rejected else ""
        if read - rejected != table.height:
            note = f"{read - rejected} English rows collapse to {table.height} distinct; " + note
        reads.append(FileRead(item.path, item.sha256, read, read - rejected, rejected, note))
        found.setdefault(lookup.kind, []).append(table)
    parts = [_vintage("lsoa11", found, 2011), _vintage("lsoa21", found, 2021)]
    parts = [p for p in parts if p is not None]
    if not parts:
        empty = {c: pl.Int64 if c in INTS else pl.String for c in COLUMNS}
        return pl.DataFrame(schema=empty), reads
    return pl.concat(parts, how="vertical").sort("lsoa_vintage", "lsoa_code"), reads


def english_local_authorities(data_dir: Path) -> list[str]:
    """Codes of every English local authority in the LAD 2024 -> region lookup of `data_dir`
    (what the `places` setting 'all' means before the warehouse is built); [] when absent."""
    lookup = next(lk for lk in LOOKUPS if lk.stem == "LAD24_to_Region24_England")
    found = sorted(p for ext in (".csv", ".csv.gz")
                   for p in (data_dir / "geography").glob(f"{lookup.stem}*{ext}"))  # fmt: skip
    if not found:
        return []
    table, _, _ = read_lookup(found[0], f"geography/{found[0].name}", lookup)
    codes_ = table.filter(pl.col("lad_code").str.contains(codes.LAD_CODE))["lad_code"]
    return sorted(codes_.unique().to_list())
