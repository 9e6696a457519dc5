"""The one registry of staging sources: for each `staging.<name>` table, the data-folder
subfolder it comes from, its file patterns, its reader and a description.

Ingest builds one asset per entry (`assets/ingest/staging.py`), the landing-folder sensor maps
a new or changed file to the entries whose patterns match it, `placehealth status` lists every
entry with its last load, and `docs/sources.md` is generated from it
(`python -m pipelines.source_docs`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

import polars as pl

from sources import boundaries, deprivation, fingertips, geography, population, qof
from sources import supplementary_areas as areas
from sources import supplementary_iod as iod
from sources import supplementary_iod_files as iod_files
from sources.extracts import FileRead, SourceFile, SourceRead, check_data_dir, hash_file
from sources.supplementary_layout import layout_reader

Reader = Callable[[Path, list[SourceFile]], tuple[pl.DataFrame, list[FileRead]] | None]
Kind = Literal["extract", "reference", "supplementary"]


@dataclass(frozen=True)
class Source:
    """A staging source: `staging.<name>` from the files matching `patterns` (relative to the
    data folder, all inside `folder`), read by `read(data_dir, files)`; None from the reader
    means absent. With `main_file_first`, files keep the patterns' order (the first pattern
    names the main file, whose rows are counted) instead of being sorted by path."""

    name: str
    folder: str
    patterns: tuple[str, ...]
    read: Reader
    description: str
    kind: Kind = "extract"
    main_file_first: bool = False

    def matches(self, relative_path: str) -> bool:
        """Whether a file (path relative to the data folder) is one of this source's."""
        path = PurePosixPath(relative_path)
        return any(
            len(path.parts) == len(PurePosixPath(p).parts) and path.match(p) for p in self.patterns
        )


def _csv(*stems: str) -> tuple[str, ...]:
    return tuple(f"{stem}{ext}" for stem in stems for ext in (".csv", ".csv.gz"))


def _data_rows(path: Path, loaded: int) -> int:
    """Data rows in a CSV main file (epraccur has no header); `loaded` for other formats."""
    if ".csv" not in path.name:
        return loaded
    frame = pl.read_csv(
        path,
        has_header=not path.name.startswith("epraccur"),
        infer_schema_length=0,
        truncate_ragged_lines=True,
    )
    return frame.height


def reference_reader(read: Callable[[Path], pl.DataFrame | None]) -> Reader:
    """A reader for a reference table that finds its own files: one row count for all of
    them (the main file's), the other files noted as joined into it."""

    def _read(
        data_dir: Path, files: list[SourceFile]
    ) -> tuple[pl.DataFrame, list[FileRead]] | None:
        table = read(data_dir)
        if table is None:
            return None
        first, *rest = files
        read_rows = _data_rows(first.path, table.height)
        rejected = read_rows - table.height
        note = "rows the reader filters out (e.g. non-GP ODS codes)" if rejected > 0 else ""
        reads = [FileRead(first.path, first.sha256, read_rows, table.height, rejected, note)]
        reads += [FileRead(f.path, f.sha256, 0, 0, 0, "joined into the table above") for f in rest]
        return table, reads

    return _read


def _extract(name: str, folder: str, patterns, read: Reader, description: str) -> Source:
    return Source(name, folder, tuple(patterns), read, description, "extract")


def _reference(name: str, folder: str, patterns, read, description: str) -> Source:
    return Source(name, folder, tuple(patterns), reference_reader(read), description,
                  "reference", main_file_first=True)  # fmt: skip


def _supplementary(name: str, folder: str, patterns, read: Reader, description: str) -> Source:
    return Source(name, folder, tuple(patterns), read, description, "supplementary")


_ALL = [
    _extract("fingertips", "fingertips", fingertips.PATTERNS, fingertips.read_fingertips,
             "OHID Fingertips indicator values (bulk CSV layout, every column kept)."),
    _extract("qof_prevalence", "qof", qof.PATTERNS, qof.read_qof_prevalence,
             "QOF practice disease registers and list sizes, with practice → PCN → ICB."),
    _extract("imd", "deprivation", deprivation.PATTERNS, deprivation.read_imd,
             "English Indices of Deprivation (IoD2015/2019 on LSOA 2011, IoD2025 on LSOA 2021)."),
    _extract("geography", "geography", geography.PATTERNS, geography.read_geography,
             "LSOA → MSOA → ward → local authority → region → sub-ICB → ICB lookups."),
    _extract("population", "population", population.PATTERNS, population.read_population,
             "ONS population by area, sex and age band."),
    _reference("indicator_metadata", "fingertips",
               ["fingertips/metadata/indicator_metadata_all.json*",
                "fingertips/metadata/indicator_polarity_subset.csv"],
               fingertips.read_indicator_metadata,
               "Fingertips indicator metadata: unit, value type, year type, CI method, polarity."),
    _reference("fingertips_areas", "fingertips", ["fingertips/metadata/areas_hierarchy.csv"],
               fingertips.read_area_hierarchy,
               "Fingertips area hierarchy: area code, name, type, level and child codes."),
    _reference("standard_population", "population",
               ["population/european_standard_population_2013.csv"],
               population.read_standard_population,
               "European Standard Population 2013 (19 bands, PHE/OHID form)."),
    _reference("practices", "qof", ["qof/epraccur.csv*", "qof/ePCN_core_partner_details.csv*"],
               qof.read_practices, "ODS epraccur GP practices with their current PCN (ePCN)."),
    Source("boundaries", "geography", boundaries.PATTERNS, boundaries.read_boundary_source,
           "ONS boundaries (GeoJSON, WGS84): area code, name, type, vintage, parent district "
           "and the simplified geometry as GeoJSON text, for the dashboard's maps.",
           "reference"),
    _supplementary(
        "imd_subdomains", "deprivation",
        _csv("deprivation/IoD2019_LSOA11_subdomain_*", "deprivation/IoD2025_LSOA21_subdomains*"),
        iod.read_imd_subdomains,
        "IoD sub-domain score (IoD2025), rank and decile per LSOA (IoD2019 LSOA11, IoD2025 LSOA21)."),
    _supplementary(
        "imd_underlying_indicators", "deprivation",
        _csv("deprivation/IoD*_LSOA*_underlying_indicators*"),
        iod.read_imd_underlying_indicators,
        "IoD underlying indicators per LSOA, long (indicator, value; null where suppressed)."),
    _supplementary(
        "imd_population_denominators", "deprivation", _csv("deprivation/IoD2019_File_6_*"),
        layout_reader(iod_files.POPULATION_DENOMINATORS, iod_files.check_age_bands),
        "IoD2019 File 6: mid-2015 population denominators per LSOA11 (excluding prisoners)."),
    _supplementary(
        "imd_transformed_scores", "deprivation", _csv("deprivation/IoD2019_File_9_*"),
        layout_reader(iod_files.TRANSFORMED_SCORES),
        "IoD2019 File 9: exponentially transformed domain scores per LSOA11."),
    _supplementary(
        "imd_area_summaries", "deprivation",
        _csv("deprivation/IoD*_LAD*_summaries*", "deprivation/IoD*_ICB*_summaries*"),
        iod.read_imd_area_summaries,
        "IoD2025 LAD24 and ICB24 summaries: one row per area, domain and summary measure."),
    _supplementary(
        "lsoa_changes", "geography", _csv("geography/LSOA11_to_LSOA21_*"),
        layout_reader(areas.LSOA_CHANGES),
        "ONS LSOA 2011 → LSOA 2021 → LAD22 with change code (U, S split, M merge, X irregular)."),
    _supplementary(
        "msoa_changes", "geography", _csv("geography/MSOA11_to_MSOA21_*"),
        layout_reader(areas.MSOA_CHANGES), "ONS MSOA 2011 → MSOA 2021 → LAD22 (England)."),
    _supplementary(
        "lsoa_ccg_stp_2021", "geography", _csv("geography/LSOA11_to_CCG21_STP21_*"),
        layout_reader(areas.LSOA_CCG_STP_2021), "ONS LSOA 2011 → CCG (2021) → STP (2021) → LAD21."),
    _supplementary(
        "lad_regions_2022", "geography",
        _csv("geography/Local_Authority_District_to_Region_Lookup_England_2022"),
        layout_reader(areas.LAD_REGIONS_2022),
        "ONS local authority district (December 2022) → region, England."),
    _supplementary(
        "gp_patients_by_lsoa", "qof", qof.PATIENTS_BY_LSOA, qof.read_gp_patients_by_lsoa,
        "NHS Digital patients registered at a GP practice by LSOA: practice, LSOA, patients "
        "(attributes practices to neighbourhoods and places)."),
    _supplementary(
        "pcn_details", "qof", ("qof/ePCN.xlsx",), areas.read_pcn_details,
        "NHS Digital ePCN PCNDetails sheet: one row per PCN with sub-ICB and open/close dates."),
    _supplementary(
        "fingertips_area_parents", "fingertips", ("fingertips/metadata/areas_with_parents.json*",),
        areas.read_fingertips_area_parents,
        "Fingertips areas (practices, PCNs, ICBs, LAs, regions) with each parent area code."),
]  # fmt: skip
SOURCES: dict[str, Source] = {source.name: source for source in _ALL}
# Sources a data folder may well lack (read when present); the shared real extracts hold none.
OPTIONAL: frozenset[str] = frozenset({"gp_patients_by_lsoa"})
# The five main extracts (one reader per published file family).
EXTRACTS: tuple[str, ...] = tuple(n for n, s in SOURCES.items() if s.kind == "extract")


def source(name: str) -> Source:
    """The registry entry of `name`; ValueError naming the known sources otherwise."""
    if name not in SOURCES:
        raise ValueError(f"unknown source {name!r}; expected one of {tuple(SOURCES)}")
    return SOURCES[name]


def discover(data_dir: Path, name: str) -> list[SourceFile]:
    """A source's files by its patterns, with their SHA-256; [] when none are present."""
    entry = source(name)
    data_dir = check_data_dir(data_dir)
    found: list[Path] = []
    for pattern in entry.patterns:
        found += [p for p in sorted(data_dir.glob(pattern)) if p.is_file() and p not in found]
    paths = found if entry.main_file_first else sorted(found)
    return [SourceFile(path=p, sha256=hash_file(p)) for p in paths]


def read_source(
    data_dir: Path, name: str, files: list[SourceFile] | None = None
) -> SourceRead | None:
    """Read and validate one source; None when absent, IngestError on bad input."""
    files = discover(data_dir, name) if files is None else files
    if not files:
        return None
    result = source(name).read(Path(data_dir), files)
    if result is None:
        return None
    table, reads = result
    return SourceRead(source=name, table=table, files=reads)


def sources_of(relative_paths: list[str]) -> list[str]:
    """The sources (registry order) that one or more of these data-folder files belong to."""
    return [n for n, s in SOURCES.items() if any(s.matches(p) for p in relative_paths)]
