"""Supplementary extracts (IoD sub-domains, indicators, denominators, summaries; LSOA/MSOA
changes; CCG/STP and region lookups; PCN register; Fingertips area parents): one typed table each.

`read_supplementary(data_dir, name)` returns a `SourceRead` (table + per-file accounting) or None
when the table's files are absent; bad input raises one `IngestError` naming file, row, column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sources import supplementary_areas as areas
from sources import supplementary_iod as iod
from sources import supplementary_iod_files as iod_files
from sources.extracts import SourceFile, SourceRead, check_data_dir, hash_file
from sources.supplementary_layout import Reader, layout_reader


@dataclass(frozen=True)
class Supplementary:
    """A supplementary table: its files (globs in the data folder), reader and description."""

    patterns: tuple[str, ...]
    reader: Reader
    description: str


def _csv(*stems: str) -> tuple[str, ...]:
    return tuple(f"{stem}{ext}" for stem in stems for ext in (".csv", ".csv.gz"))


TABLES: dict[str, Supplementary] = {
    "imd_subdomains": Supplementary(
        _csv("deprivation/IoD2019_LSOA11_subdomain_*", "deprivation/IoD2025_LSOA21_subdomains*"),
        iod.read_imd_subdomains,
        "IoD sub-domain score (IoD2025), rank and decile per LSOA (IoD2019 LSOA11, IoD2025 LSOA21).",
    ),
    "imd_underlying_indicators": Supplementary(
        _csv("deprivation/IoD*_LSOA*_underlying_indicators*"),
        iod.read_imd_underlying_indicators,
        "IoD underlying indicators per LSOA, long (indicator, value; null where suppressed).",
    ),
    "imd_population_denominators": Supplementary(
        _csv("deprivation/IoD2019_File_6_*"),
        layout_reader(iod_files.POPULATION_DENOMINATORS, iod_files.check_age_bands),
        "IoD2019 File 6: mid-2015 population denominators per LSOA11 (excluding prisoners).",
    ),
    "imd_transformed_scores": Supplementary(
        _csv("deprivation/IoD2019_File_9_*"),
        layout_reader(iod_files.TRANSFORMED_SCORES),
        "IoD2019 File 9: exponentially transformed domain scores per LSOA11.",
    ),
    "imd_area_summaries": Supplementary(
        _csv("deprivation/IoD*_LAD*_summaries*", "deprivation/IoD*_ICB*_summaries*"),
        iod.read_imd_area_summaries,
        "IoD2025 LAD24 and ICB24 summaries: one row per area, domain and summary measure.",
    ),
    "lsoa_changes": Supplementary(
        _csv("geography/LSOA11_to_LSOA21_*"),
        layout_reader(areas.LSOA_CHANGES),
        "ONS LSOA 2011 → LSOA 2021 → LAD22 with change code (U, S split, M merge, X irregular).",
    ),
    "msoa_changes": Supplementary(
        _csv("geography/MSOA11_to_MSOA21_*"),
        layout_reader(areas.MSOA_CHANGES),
        "ONS MSOA 2011 → MSOA 2021 → LAD22 (England).",
    ),
    "lsoa_ccg_stp_2021": Supplementary(
        _csv("geography/LSOA11_to_CCG21_STP21_*"),
        layout_reader(areas.LSOA_CCG_STP_2021),
        "ONS LSOA 2011 → CCG (2021) → STP (2021) → LAD21.",
    ),
    "lad_regions_2022": Supplementary(
        _csv("geography/Local_Authority_District_to_Region_Lookup_England_2022"),
        layout_reader(areas.LAD_REGIONS_2022),
        "ONS local authority district (December 2022) → region, England.",
    ),
    "pcn_details": Supplementary(
        ("qof/ePCN.xlsx",),
        areas.read_pcn_details,
        "NHS Digital ePCN PCNDetails sheet: one row per PCN with sub-ICB and open/close dates.",
    ),
    "fingertips_area_parents": Supplementary(
        ("fingertips/metadata/areas_with_parents.json*",),
        areas.read_fingertips_area_parents,
        "Fingertips areas (practices, PCNs, ICBs, LAs, regions) with each parent area code.",
    ),
}


def discover_supplementary(data_dir: Path, name: str) -> list[SourceFile]:
    """The table's files by its glob patterns, sorted; [] when none are present."""
    data_dir = check_data_dir(data_dir)
    paths = {p for pattern in TABLES[name].patterns for p in data_dir.glob(pattern) if p.is_file()}
    return [SourceFile(path=p, sha256=hash_file(p)) for p in sorted(paths)]


def read_supplementary(
    data_dir: Path, name: str, files: list[SourceFile] | None = None
) -> SourceRead | None:
    """Read one supplementary table; None when its files are absent, IngestError on bad input."""
    files = discover_supplementary(data_dir, name) if files is None else files
    if not files:
        return None
    table, reads = TABLES[name].reader(Path(data_dir), files)
    return SourceRead(source=name, table=table, files=reads)
