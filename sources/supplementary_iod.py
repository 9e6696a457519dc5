"""Supplementary Indices of Deprivation files: sub-domains, underlying indicators, denominators,
transformed scores and area summaries (IoD2019 on LSOA 2011, IoD2025 on LSOA 2021)."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from sources import codes
from sources.checked_csv import read_text_csv
from sources.checked_values import require_pattern, require_unique, to_numbers
from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, label_of
from sources.supplementary_layout import check_deciles, edition_of, file_read

MEASURES = {"score": pl.Float64, "rank": pl.Int64, "decile": pl.Int64}
SUMMARY_DOMAINS = {
    "imd": "imd",
    "income": "income",
    "employment": "employment",
    "education_skills_and_training": "education",
    "health_deprivation_and_disability": "health",
    "crime": "crime",
    "barriers_to_housing_and_services": "barriers",
    "living_environment": "living_environment",
}
SUMMARY_AREAS = {"ltla": ("lad", codes.LAD_CODE), "icb": ("icb", codes.ICB_CODE)}


def _lsoa_file(item: SourceFile, label: str) -> tuple[pl.DataFrame, str, int, int]:
    """A wide LSOA file: (frame, its code column, IoD edition, LSOA vintage), codes checked."""
    frame = read_text_csv(item.path, label)
    code = next((c for c in frame.columns if re.fullmatch(r"lsoa\d\d_code", c)), None)
    if code is None:
        raise IngestError(label, "no LSOA code column (lsoa11_code / lsoa21_code)", 0)
    require_pattern(frame, label, code, codes.LSOA_CODE, "LSOA code")
    require_unique(frame, label, [code])
    return frame, code, edition_of(item.path, label), 2000 + int(code[4:6])


def _stamp(frame: pl.DataFrame, edition: int, vintage: int) -> pl.DataFrame:
    return frame.with_columns(
        iod_edition=pl.lit(edition, pl.Int64), lsoa_vintage=pl.lit(vintage, pl.Int64)
    )


def read_imd_subdomains(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """One row per LSOA per sub-domain: score (IoD2025 only), rank and decile."""
    # IoD2019's file also carries its three parent domains (education, housing_and_access,
    # environment) under the names it gives them.
    tables, reads = [], []
    for item in files:
        label = label_of(data_dir, item.path)
        frame, code, edition, vintage = _lsoa_file(item, label)
        parts = {}
        for column in frame.columns:
            found = re.fullmatch(r"(.+)_(score|rank|decile)", column, flags=re.IGNORECASE)
            if column != code and not found:
                raise IngestError(label, "not a <subdomain>_score/rank/decile column", 0, column)
            if found:
                parts[column] = (found[1].lower(), found[2].lower())
        frame = to_numbers(frame, label, {c: MEASURES[m] for c, (_, m) in parts.items()})
        check_deciles(frame, label, [c for c, (_, m) in parts.items() if m == "decile"])
        long = (
            frame.select(
                code, *(pl.col(c).cast(pl.Float64).alias("|".join(parts[c])) for c in parts)
            )
            .unpivot(index=code, variable_name="part")
            .with_columns(pl.col("part").str.split_exact("|", 1).struct.rename_fields(["s", "m"]))
            .unnest("part")
            .pivot(on="m", index=[code, "s"], values="value")
        )
        long = long.with_columns(
            pl.lit(None, pl.Float64).alias(m) for m in MEASURES if m not in long.columns
        )
        long = long.select(
            pl.col(code).alias("lsoa_code"),
            pl.col("s").alias("subdomain"),
            *(pl.col(m).cast(t) for m, t in MEASURES.items()),
        )
        tables.append(_stamp(long, edition, vintage))
        reads.append(file_read(item, frame.height, 0))
    table = pl.concat(tables, how="vertical")
    return table.select(
        "iod_edition", "lsoa_vintage", pl.exclude("iod_edition", "lsoa_vintage")
    ), reads


def read_imd_underlying_indicators(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """One row per LSOA per underlying indicator (value null where the ministry suppressed it)."""
    tables, reads = [], []
    for item in files:
        label = label_of(data_dir, item.path)
        frame, code, edition, vintage = _lsoa_file(item, label)
        indicators = [c for c in frame.columns if c != code]
        frame = to_numbers(frame, label, dict.fromkeys(indicators, pl.Float64))
        long = frame.rename({code: "lsoa_code"}).unpivot(
            index="lsoa_code", variable_name="indicator", value_name="value"
        )
        tables.append(_stamp(long, edition, vintage))
        reads.append(file_read(item, frame.height, 0))
    table = pl.concat(tables, how="vertical")
    return table.select("iod_edition", "lsoa_vintage", "lsoa_code", "indicator", "value"), reads


def _summary_part(column: str, label: str) -> tuple[str, str]:
    """(domain, measure) of an area-summary heading such as `income_rank_of_average_score`."""
    text = re.sub(r"^imd_?(?:25|2025)_", "imd_", column).replace("lso_as", "lsoas")
    text = text.replace("_in_most_deprived_10_percent_nationally", "_most_deprived_10pct")
    text = re.sub(r"^rank_of_(\w+)_scale$", r"\1_rank_of_scale", text)
    for prefix, domain in SUMMARY_DOMAINS.items():
        if text.startswith(prefix + "_"):
            return domain, text.removeprefix(prefix + "_")
    raise IngestError(label, "not a <domain>_<measure> summary column", 0, column)


def read_imd_area_summaries(
    data_dir: Path, files: list[SourceFile]
) -> tuple[pl.DataFrame, list[FileRead]]:
    """IoD area summaries (LAD, ICB): one row per area per domain per measure."""
    tables, reads = [], []
    for item in files:
        label = label_of(data_dir, item.path)
        frame = read_text_csv(item.path, label)
        found = re.fullmatch(r"(ltla|icb)(\d\d)_code", frame.columns[0])
        if found is None or frame.columns[1] != f"{found[1]}{found[2]}_name":
            raise IngestError(label, "expected <ltla|icb>NN_code, _name first", 0, frame.columns[0])
        code, name = frame.columns[:2]
        area, pattern = SUMMARY_AREAS[found[1]]
        require_pattern(frame, label, code, pattern, f"{area} code")
        require_unique(frame, label, [code])
        parts = {c: _summary_part(c, label) for c in frame.columns[2:]}
        frame = to_numbers(frame, label, dict.fromkeys(parts, pl.Float64))
        long = (
            frame.rename({code: "area_code", name: "area_name"})
            .rename({c: "|".join(p) for c, p in parts.items()})
            .unpivot(index=["area_code", "area_name"], variable_name="part")
            .with_columns(
                pl.col("part").str.split_exact("|", 1).struct.rename_fields(["domain", "measure"])
            )
            .unnest("part")
        )
        long = long.with_columns(
            area_type=pl.lit(f"{area}{found[2]}"),
            iod_edition=pl.lit(edition_of(item.path, label), pl.Int64),
        )
        tables.append(long)
        reads.append(file_read(item, frame.height, 0))
    table = pl.concat(tables, how="vertical")
    columns = ["iod_edition", "area_type", "area_code", "area_name", "domain", "measure", "value"]
    return table.select(columns), reads
