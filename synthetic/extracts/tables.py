"""Synthetic IoD2019, ONS geography and population files for the demo extract set."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import numpy as np

from synthetic.extracts.areas import ICBS, PLACES, REGIONS, WELSH_LSOAS, lsoas

LSOA_COUNT = 32844
DOMAINS = [
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health Deprivation and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
]
ESP2013 = [
    5000,
    5500,
    5500,
    5500,
    6000,
    6000,
    6500,
    7000,
    7000,
    7000,
    7000,
    6500,
    6000,
    5500,
    5000,
    4000,
    2500,
    1500,
    1000,
]
AGE_WEIGHTS = np.array([1.0 if a < 60 else float(np.exp(-(a - 60) / 14)) for a in range(91)])


def write_csv(out_dir: Path, name: str, header: list[str] | None, rows, bom: bool = False) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + buffer.getvalue()
    path = out_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8")
    path.write_bytes(gzip.compress(raw, mtime=0) if name.endswith(".gz") else raw)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def deprivation_files(out_dir: Path, rng: np.random.Generator) -> tuple[list[Path], dict]:
    used: set[int] = set()
    file1, file2, deciles = [], [], {}
    for place, _, _, code, name in lsoas():
        decile = int(np.clip(round(rng.normal(place.mean_decile, 1.5)), 1, 10))
        rank = int(rng.integers((decile - 1) * LSOA_COUNT // 10 + 1, decile * LSOA_COUNT // 10))
        while rank in used:
            rank += 1
        used.add(rank)
        if place.code == "E08000028":
            deciles[code] = (name, decile)
        lad = [code, name, place.code, place.name]
        file1.append([*lad, f"{rank:,}", decile])
        domains = np.clip(rank + rng.normal(0, 3000, len(DOMAINS)), 1, LSOA_COUNT).astype(int)
        pairs = [[int(r), int(np.ceil(r * 10 / LSOA_COUNT))] for r in [rank, *domains]]
        file2.append([*lad, *[v for pair in pairs for v in pair]])
    lad_head = [
        "LSOA code (2011)",
        "LSOA name (2011)",
        "Local Authority District code (2019)",
        "Local Authority District name (2019)",
    ]
    imd = "Index of Multiple Deprivation (IMD)"
    head2 = [
        f"{d} {m}"
        for d in [imd, *DOMAINS]
        for m in (
            "Rank (where 1 is most deprived)",
            "Decile (where 1 is most deprived 10% of LSOAs)",
        )
    ]
    return [
        write_csv(
            out_dir,
            "deprivation/IoD2019_File_1_IMD_LSOA11.csv.gz",
            [*lad_head, f"{imd} Rank", f"{imd} Decile"],
            file1,
            bom=True,
        ),
        write_csv(
            out_dir,
            "deprivation/IoD2019_File_2_Domains_LSOA11.csv.gz",
            [*lad_head, *head2],
            file2,
            bom=True,
        ),
    ], deciles


def geography_files(out_dir: Path) -> list[Path]:
    ward = [
        [i + 1, code, name, wcode, wname, p.code, p.name]
        for i, (p, wcode, wname, code, name) in enumerate(lsoas())
    ]
    ward += [[len(ward) + i + 1, *w] for i, w in enumerate(WELSH_LSOAS)]
    nhs = [
        [
            name,
            code,
            ICBS[p.icb][4],
            ICBS[p.icb][2],
            ICBS[p.icb][3],
            ICBS[p.icb][1],
            ICBS[p.icb][0],
            p.icb,
            p.name,
            p.code,
        ]
        for p, _, _, code, name in lsoas()
    ]
    return [
        write_csv(
            out_dir,
            "geography/LSOA11_to_Ward19_LAD19_England_Wales.csv.gz",
            ["FID", "LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM", "LAD19CD", "LAD19NM"],
            ward,
            bom=True,
        ),
        write_csv(
            out_dir,
            "geography/LSOA11_to_SICBL22_ICB22_LAD22_England.csv.gz",
            [
                "lsoa11_name",
                "lsoa11_code",
                "sicbl22_name",
                "sicbl22_code",
                "sicbl22_code_h",
                "icb22_name",
                "icb22_code",
                "icb22_code_h",
                "ltla22_name",
                "ltla22_code",
            ],
            nhs,
        ),
        write_csv(
            out_dir,
            "geography/LAD24_to_Region24_England.csv",
            ["ltla24_name", "ltla24_code", "region24_name", "region24_code"],
            [[p.name, p.code, REGIONS[p.region], p.region] for p in PLACES],
        ),
        write_csv(
            out_dir,
            "geography/LAD23_to_UTLA23_England_Wales.csv",
            ["ltla23_code", "ltla23_name", "utla23_code", "utla23_name"],
            [[p.code, p.name, p.code, p.name] for p in PLACES]
            + [["W06000015", "Cardiff", "W06000015", "Cardiff"]],
        ),
    ]


def population_files(out_dir: Path, rng: np.random.Generator) -> list[Path]:
    ages = [str(a) for a in range(90)] + ["90+"]
    weights = AGE_WEIGHTS / AGE_WEIGHTS.sum()
    paths, totals = [], {code: int(rng.integers(1300, 2300)) for *_, code, _ in lsoas()}
    for year in (2019, 2020):
        rows = []
        for *_, code, name in lsoas():
            counts = rng.multinomial(round(totals[code] * (1 + 0.005 * (year - 2019))), weights)
            rows.append([name, code, int(counts.sum()), *counts.tolist()])
        rows += [[w[1], w[0], 91, *([1] * 91)] for w in WELSH_LSOAS]
        paths.append(
            write_csv(
                out_dir,
                f"population/ONS_mid{year}_SAPE_LSOA11_persons_single_year_of_age.csv.gz",
                ["lsoa11_name", "lsoa11_code", "total_population", *ages],
                rows,
            )
        )
    lad = [
        [p.code, p.name, p.population, *rng.multinomial(p.population, weights).tolist()]
        for p in PLACES
    ]
    paths.append(
        write_csv(
            out_dir,
            "population/ONS_mid2020_MYE_LAD21_persons_single_year_of_age.csv.gz",
            ["ltla21_code", "ltla21_name", "total_population", *ages],
            lad,
        )
    )
    bands = [(f"{lo}-{lo + 4}", lo, lo + 4) for lo in range(0, 90, 5)] + [("90+", 90, "")]
    esp = [[b, lo, hi, w] for (b, lo, hi), w in zip(bands, ESP2013, strict=True)]
    paths.append(
        write_csv(
            out_dir,
            "population/european_standard_population_2013.csv",
            ["age_band", "age_lower", "age_upper", "esp2013"],
            esp,
        )
    )
    return paths
