"""English Indices of Deprivation (2015, 2019, 2025): one row per LSOA per edition."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources.checked_csv import read_text_csv
from sources.checked_values import first_row, require_pattern, require_unique, to_numbers
from sources.codes import LSOA_CODE
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, label_of

PATTERNS = (
    "deprivation/IoD2019_File_1_*.csv",
    "deprivation/IoD2019_File_1_*.csv.gz",
    "deprivation/IoD2019_File_2_*.csv",
    "deprivation/IoD2019_File_2_*.csv.gz",
    "deprivation/IoD2019_File_3_*.csv",
    "deprivation/IoD2019_File_3_*.csv.gz",
    "deprivation/IoD2025_LSOA21_scores_ranks_deciles*.csv",
    "deprivation/IoD2025_LSOA21_scores_ranks_deciles*.csv.gz",
    "deprivation/File_1_ID_2015_*.xlsx",
)
DOMAINS = {
    "index of multiple deprivation (imd)": "imd",
    "imd": "imd",
    "income": "income",
    "employment": "employment",
    "education, skills and training": "education",
    "education": "education",
    "health deprivation and disability": "health",
    "health": "health",
    "crime": "crime",
    "barriers to housing and services": "barriers",
    "housing and services": "barriers",
    "living environment": "living_environment",
    "environment": "living_environment",
    "income deprivation affecting children index (idaci)": "idaci",
    "income deprivation affecting older people (idaopi)": "idaopi",
}
MEASURES = {"rank": pl.Int64, "decile": pl.Int64, "score": pl.Float64}
COLUMNS = ["iod_edition", "lsoa_code", "lsoa_name", "lsoa_vintage", "lad_code", "lad_name"]
COLUMNS += ["lad_vintage"] + [f"{d}_{m}" for d in dict.fromkeys(DOMAINS.values()) for m in MEASURES]


def _canonical(header: str) -> tuple[str | None, int | None]:
    """(snake_case name, vintage year if the heading names one) for a published heading."""
    text = re.sub(r"\s*\(where 1 is.*\)$", "", " ".join(header.split()))
    if m := re.match(r"^LSOA (code|name) \((\d{4})\)$", text):
        return f"lsoa_{m[1]}", int(m[2])
    if m := re.match(r"^lsoa(\d\d)_(code|name)$", text):
        return f"lsoa_{m[2]}", 2000 + int(m[1])
    if m := re.match(r"^Local Authority District (code|name) \((\d{4})\)$", text):
        return f"lad_{m[1]}", int(m[2])
    if m := re.match(r"^(.*?)[ _](rank|decile|score)$", text, flags=re.IGNORECASE):
        domain = DOMAINS.get(m[1].lower().replace("_", " "))
        if domain:
            return f"{domain}_{m[2].lower()}", None
    return None, None


def _read_any(path: Path, label: str) -> pl.DataFrame:
    if path.suffix != ".xlsx":
        return read_text_csv(path, label)
    try:
        return pl.read_excel(path, sheet_name="IMD 2015", infer_schema_length=0)
    except Exception as exc:  # calamine raises several unrelated types
        raise IngestError(label, f"cannot read sheet 'IMD 2015' ({exc})") from exc


def read_iod_file(path: Path, label: str) -> pl.DataFrame:
    """One IoD file with canonical columns, checked LSOA codes and integer ranks/deciles."""
    frame = _read_any(path, label)
    renames, vintages = {}, {}
    for header in frame.columns:
        name, year = _canonical(header)
        if name and name not in renames.values():
            renames[header] = name
            if year:
                vintages[name.split("_")[0]] = year
    if "lsoa_code" not in renames.values():
        raise IngestError(label, "no LSOA code column", row=0, column=frame.columns[0])
    if not any(v.endswith(("_rank", "_decile")) for v in renames.values()):
        raise IngestError(label, "no rank or decile columns", row=0)
    source = {v: k for k, v in renames.items()}
    numbers = {
        h: MEASURES[n.rsplit("_", 1)[1]]
        for n, h in source.items()
        if n.count("_") and n.rsplit("_", 1)[1] in MEASURES
    }
    frame = to_numbers(frame, label, numbers)
    require_pattern(frame, label, source["lsoa_code"], LSOA_CODE, "LSOA code")
    require_unique(frame, label, [source["lsoa_code"]])
    for name, header in source.items():
        if name.endswith("_decile"):
            bad = ~frame[header].is_between(1, 10)
            row = first_row(bad)
            if row is not None:
                value = frame[header][row - 1]
                raise IngestError(label, f"decile {value} outside 1-10", row=row, column=header)
    edition = re.search(r"(?:IoD|ID_)(\d{4})", path.name)
    if not edition:
        raise IngestError(label, "cannot tell the IoD edition from the file name")
    return (
        frame.select(list(renames))
        .rename(renames)
        .with_columns(
            iod_edition=pl.lit(int(edition[1]), pl.Int64),
            lsoa_vintage=pl.lit(vintages.get("lsoa"), pl.Int64),
            lad_vintage=pl.lit(vintages.get("lad"), pl.Int64),
        )
    )


def read_imd(data_dir: Path, files: list[SourceFile]) -> tuple[pl.DataFrame, list[FileRead]]:
    """Every IoD edition present, joined per edition on LSOA code (File 1 first)."""
    editions: dict[int, pl.DataFrame] = {}
    reads = []
    for item in files:
        frame = read_iod_file(item.path, label_of(data_dir, item.path))
        reads.append(FileRead(item.path, item.sha256, frame.height, frame.height, 0))
        edition = int(frame["iod_edition"][0])
        if edition in editions:
            known = editions[edition]
            extra = [c for c in frame.columns if c not in known.columns]
            frame = known.join(
                frame.select("lsoa_code", *extra), on="lsoa_code", how="full", coalesce=True
            )
        editions[edition] = frame
    table = pl.concat(
        [
            f.select([pl.col(c) if c in f.columns else pl.lit(None).alias(c) for c in COLUMNS])
            .cast({c: MEASURES[c.rsplit("_", 1)[1]] for c in COLUMNS[7:]})
            .cast(
                {
                    "iod_edition": pl.Int64,
                    "lsoa_vintage": pl.Int64,
                    "lad_vintage": pl.Int64,
                    "lsoa_name": pl.String,
                    "lad_code": pl.String,
                    "lad_name": pl.String,
                }
            )
            for _, f in sorted(editions.items())
        ],
        how="vertical",
    )
    return table, reads
