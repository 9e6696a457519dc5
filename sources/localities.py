"""Neighbourhood definitions as places publish them.

* the project's own layout (`place_code, place_name, ward_code, ward_name, neighbourhood`), in
  `data/neighbourhoods/` and `<data dir>/neighbourhoods/`;
* the Birmingham and Solihull ICS localities (`<data dir>/localities/`, read as published):
  by ward (`ParentCode, ParentName, AreaCode, AreaName, Locality`) and by GP practice
  (`Practice_Code, Type, PCN, PCN_Code, Locality, Locality_Code, LA, LA_Code`).

Every definition row keeps `source_file` and `source_row` (1-based data row) for error messages.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.checked_csv import read_text_csv
from sources.checked_values import require_pattern, require_values
from sources.codes import LAD_CODE, WARD_CODE

OWN = ["place_code", "place_name", "ward_code", "ward_name", "neighbourhood"]
BY_WARD = {"ParentCode": "place_code", "ParentName": "place_name", "AreaCode": "ward_code",
           "AreaName": "ward_name", "Locality": "neighbourhood"}  # fmt: skip
BY_PRACTICE = {"Practice_Code": "practice_code", "Type": "site_type", "PCN_Code": "pcn_code",
               "Locality": "neighbourhood", "LA_Code": "place_code", "LA": "place_name"}  # fmt: skip


def _numbered(frame: pl.DataFrame, label: str) -> pl.DataFrame:
    return frame.with_row_index("source_row", offset=1).with_columns(
        pl.col("source_row").cast(pl.Int64), pl.lit(label).alias("source_file")
    )


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.csv*") if p.is_file()) if folder.is_dir() else []


def read_ward_definitions(folders: list[tuple[Path, str]]) -> pl.DataFrame | None:
    """Ward -> neighbourhood rows from every definition file in `folders` ((folder, label root)).

    Files in the project layout or the published BSOL ward layout are read; practice lookups
    and other CSVs are skipped here. Codes are checked (file, row, column named on error).
    """
    frames = []
    for folder, root in folders:
        for path in _files(folder):
            label = f"{root}/{path.name}"
            frame = read_text_csv(path, label)
            if set(OWN) <= set(frame.columns):
                frame = frame.select(OWN)
            elif set(BY_WARD) <= set(frame.columns):
                frame = frame.select(list(BY_WARD)).rename(BY_WARD)
            else:
                continue
            require_values(frame, label, ["place_code", "ward_code", "neighbourhood"])
            require_pattern(frame, label, "place_code", LAD_CODE, "local authority code")
            require_pattern(frame, label, "ward_code", WARD_CODE, "ward code")
            frames.append(_numbered(frame, label))
    if not frames:
        return None
    return pl.concat(frames).with_columns(pl.col(c).str.strip_chars() for c in OWN)


def read_practice_localities(folder: Path, root: str) -> pl.DataFrame | None:
    """Main-site GP practice -> locality (neighbourhood) and place, from a published lookup.

    Branch sites (`Type` = Branch) are dropped: QOF reports by main practice code.
    """
    frames = []
    for path in _files(folder):
        label = f"{root}/{path.name}"
        frame = read_text_csv(path, label)
        if not set(BY_PRACTICE) <= set(frame.columns):
            continue
        frame = _numbered(frame.select(list(BY_PRACTICE)).rename(BY_PRACTICE), label)
        frame = frame.filter(pl.col("site_type").str.to_lowercase() == "main")
        require_values(frame, label, ["practice_code", "neighbourhood", "place_code"])
        require_pattern(frame, label, "place_code", LAD_CODE, "local authority code")
        frames.append(frame)
    return pl.concat(frames).unique("practice_code", keep="first") if frames else None
