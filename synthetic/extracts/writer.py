"""A small SYNTHETIC extract set in exactly the real layouts, for demos and tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

from sources.fingertips import COLUMNS as FT_COLUMNS
from synthetic.extracts import practices as demo_practices
from synthetic.extracts.areas import ENGLAND, PLACES, REGIONS
from synthetic.extracts.boundaries import write_demo_boundaries
from synthetic.extracts.fingertips import SPECS, area_rows, compare, period
from synthetic.extracts.tables import (
    deprivation_files,
    geography_files,
    population_files,
    write_bytes,
    write_csv,
)
from synthetic.extracts.text import README, SOURCES_MD, metadata_json


def _fingertips_record(row: dict) -> list:
    spec, year = row["spec"], row["year"]
    parent = row["parent"] or (None, None)
    category = row.get("category", (None, None))
    values = [
        row.get(k)
        for k in (
            "Value",
            "Lower CI 95.0 limit",
            "Upper CI 95.0 limit",
            "Lower CI 99.8 limit",
            "Upper CI 99.8 limit",
            "Count",
            "Denominator",
        )
    ]
    versus = (
        ""
        if row["england"] is None or row["area"] == ENGLAND and not category[0]
        else (compare(row, row["england"], spec.polarity))
    )
    return [
        spec.id,
        spec.name,
        parent[0],
        parent[1],
        *row["area"],
        row["type"],
        spec.sex,
        spec.age,
        *category,
        period(spec, year),
        *values,
        None,
        None,
        versus,
        None,
        year * 10000,
        None,
        None,
    ]


def _fingertips(out_dir: Path, rng: np.random.Generator, deciles: dict, practices) -> list[Path]:
    rows = area_rows(rng, deciles) + demo_practices.fingertips_rows(practices)
    records = [_fingertips_record(r) for r in rows]
    folder = "fingertips/metadata/"
    polarity = [
        [
            s.id,
            s.polarity,
            "Confidence intervals overlapping reference value (95.0)",
            s.kind,
            s.name,
            s.year_type,
            "annually",
            "False",
        ]
        for s in SPECS
    ]
    return [
        write_csv(
            out_dir, "fingertips/demo_west_midlands_2014_2024.csv.gz", list(FT_COLUMNS), records
        ),
        write_csv(
            out_dir,
            folder + "indicator_polarity_subset.csv",
            [
                "IndicatorID",
                "Polarity",
                "BenchmarkComparisonMethod",
                "ValueType",
                "IndicatorName",
                "PeriodType",
                "Frequency",
                "RequiresGeoAggregation",
            ],
            polarity,
            bom=True,
        ),
        write_csv(
            out_dir,
            folder + "areas_hierarchy.csv",
            [
                "Children",
                "AreaCode",
                "AreaName",
                "Level",
                "HierarchyType",
                "AreaType",
                "AreaTypeCode",
            ],
            _hierarchy(practices),
            bom=True,
        ),
        write_bytes(
            out_dir / folder / "indicator_metadata_all.json.gz",
            gzip.compress(json.dumps(metadata_json(SPECS), indent=1).encode(), mtime=0),
        ),
    ]


def _hierarchy(practices) -> list[list]:
    rows = [["|".join(REGIONS), *ENGLAND, 0, "Administrative", "England", "england"]]
    for code, name in REGIONS.items():
        children = "|".join(p.code for p in PLACES if p.region == code)
        rows.append([children, code, name, 1, "Administrative", "Regions", "regions"])
    for p in PLACES:
        rows.append(
            [
                "",
                p.code,
                p.name,
                2,
                "Administrative",
                "Counties and Unitary Authorities",
                "counties-and-unitary-authorities",
            ]
        )
    for code in dict.fromkeys(x.pcn_code for x in practices):
        members = [x for x in practices if x.pcn_code == code]
        rows.append(
            [
                "|".join(x.code for x in members),
                code,
                members[0].pcn_name,
                4,
                "NHS",
                "NHS Primary Care Networks",
                "nhs-primary-care-networks",
            ]
        )
    rows += [["", x.code, x.name, 5, "NHS", "GPs", "gps"] for x in practices]
    return rows


def write_demo_data(out_dir: Path, seed: int = 2019) -> list[Path]:
    """Write the synthetic extract set under out_dir; returns the files written."""
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    imd_paths, deciles = deprivation_files(out_dir, rng)
    practices = demo_practices.make_practices(rng)
    prevalence, mapping = demo_practices.qof_tables(practices, rng)
    paths = [
        *imd_paths,
        *geography_files(out_dir),
        *population_files(out_dir, rng),
        *_fingertips(out_dir, rng, deciles, practices),
        *write_demo_boundaries(out_dir, seed),
    ]
    paths.append(
        write_csv(
            out_dir,
            "qof/QOF_2022-23_PREVALENCE_2223.csv.gz",
            ["PRACTICE_CODE", "GROUP_CODE", "REGISTER", "PATIENT_LIST_TYPE", "PRACTICE_LIST_SIZE"],
            prevalence,
        )
    )
    paths.append(
        write_csv(
            out_dir,
            "qof/QOF_2022-23_MAPPING_NHS_GEOGRAPHIES_2223.csv.gz",
            [
                "NAT_ONS_CODE",
                "NAT_CODE",
                "NAT_COUNTRY",
                "REGION_ODS_CODE",
                "REGION_ONS_CODE",
                "REGION_NAME",
                "ICB_ODS_CODE",
                "ICB_ONS_CODE",
                "ICB_NAME",
                "SUB_ICB_ODS_CODE",
                "SUB_ICB_ONS_CODE",
                "SUB_ICB_NAME",
                "PCN_ODS_CODE",
                "PCN_NAME",
                "PRACTICE_CODE",
                "PRACTICE_NAME",
            ],
            mapping,
        )
    )
    paths.append(write_bytes(out_dir / "README.md", README.encode()))
    paths.append(write_bytes(out_dir / "SOURCES.md", SOURCES_MD.encode()))
    return paths
