"""Write a synthetic OMOP-subset population for a place, calibrated to public aggregates.

With the real extracts (the `shared` folder the caller passes: the settings' `shared_data_dir`,
`$PLACEHEALTH_SHARED_DATA`, else `../shared/data`) the place's LSOA21s,
IoD2025 deciles, ONS mid-2020 ages (LSOA11 apportioned to LSOA21) and the QOF 2022-23
practice prevalence of its sub-ICB practices are used; otherwise shipped defaults.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import polars as pl

from models.risk.codelists import LTCS
from synthetic.population.generator import PlaceInputs
from synthetic.population.simulate import SyntheticPopulation, generate
from synthetic.population.truth import TRUE_COEFFICIENTS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SANDWELL = "E08000028"
# England QOF 2022-23 prevalence (% of the register's age base), rounded
ENGLAND_PREVALENCE = {"AF": 2.1, "AST": 6.5, "CAN": 3.5, "CHD": 3.0, "CKD": 4.4, "COPD": 1.9,
                      "DEM": 0.7, "DEP": 13.2, "DM": 7.5, "HF": 1.0, "HYP": 14.4, "STIA": 1.8}  # fmt: skip
# NHS ethnic category shares, roughly England (Census 2021) with 4% not stated
ENGLAND_ETHNICITY = {"A": 70.0, "B": 0.9, "C": 6.0, "D": 0.8, "E": 0.4, "F": 0.8, "G": 0.6,
                     "H": 3.1, "J": 2.6, "K": 1.1, "L": 1.6, "M": 1.0, "N": 2.4, "P": 0.5,
                     "R": 0.7, "S": 2.1, "Z": 4.0}  # fmt: skip
SANDWELL_IMD_DECILES = {1: 37, 2: 75, 3: 26, 4: 12, 5: 12, 6: 19, 7: 4, 8: 1}  # IoD2019 LSOA counts


def default_age_weights() -> np.ndarray:
    """An England-like single-year age profile 0..89 plus 90+."""
    age = np.arange(91, dtype=np.float64)
    weights = np.where(age < 55, 1.2, 1.2 * np.exp(-0.06 * (age - 55)) ** 1.15)
    weights[90] = 0.9
    return weights


def neighbourhood_lookup(place: str) -> pl.DataFrame | None:
    """ward_code -> neighbourhood from data/neighbourhoods/*.csv for the place, if shipped."""
    for path in sorted((PROJECT_ROOT / "data" / "neighbourhoods").glob("*.csv")):
        frame = pl.read_csv(path, infer_schema=False)
        if {"place_code", "ward_code", "neighbourhood"} <= set(frame.columns):
            frame = frame.filter(pl.col("place_code") == place)
            if frame.height:
                return frame
    return None


def default_place(place: str) -> PlaceInputs:
    """Shipped defaults: 5 synthetic LSOAs per ward (town wards for Sandwell), England QOF."""
    wards = neighbourhood_lookup(place)
    if wards is None:
        wards = pl.DataFrame({
            "ward_code": [f"SYNW{i:03d}" for i in range(24)],
            "ward_name": [f"Ward {i + 1}" for i in range(24)],
            "neighbourhood": [f"Neighbourhood {i // 4 + 1}" for i in range(24)],
        })  # fmt: skip
    deciles = np.repeat(list(SANDWELL_IMD_DECILES), list(SANDWELL_IMD_DECILES.values()))
    lsoas = (
        wards.select("ward_code", "ward_name", "neighbourhood")
        .join(pl.DataFrame({"k": range(5)}), how="cross")
        .with_row_index("i")
        .select(
            pl.format("SYN{}", pl.col("i").cast(pl.String).str.zfill(6)).alias("lsoa_code"),
            "ward_code", "ward_name", "neighbourhood",
            pl.Series(deciles[np.linspace(0, len(deciles) - 1, wards.height * 5).astype(int)]).alias("imd_decile"),
            pl.lit(1600).alias("population"),
        )
    )  # fmt: skip
    practices = pl.DataFrame({"ods_code": [f"SYN{i:03d}" for i in range(30)], "list_size": 8000})
    prevalence = np.tile([ENGLAND_PREVALENCE[k] / 100 for k in LTCS], (30, 1))
    ages = np.tile(default_age_weights(), (lsoas.height, 1))
    return PlaceInputs(lsoas, ages, practices, prevalence, ENGLAND_ETHNICITY)


def real_place(place: str, shared: Path) -> PlaceInputs:
    """LSOA21s, deciles, ages and practice prevalence for LAD `place` from the real extracts."""
    geo = pl.read_csv(shared / "geography/LSOA21_to_Ward24_LAD24_England_Wales.csv.gz")
    geo = geo.filter(
        (pl.col("ltla24_code") == place)
        | (pl.col("ltla24_name").str.to_lowercase() == place.lower())
    )
    if geo.is_empty():
        raise ValueError(f"no LSOAs for place {place!r} in the LSOA21 -> LAD24 lookup")
    imd = pl.read_csv(
        shared / "deprivation/IoD2025_LSOA21_scores_ranks_deciles.csv.gz",
        columns=["lsoa21_code", "IMD_decile"],
    )
    towns = neighbourhood_lookup(geo["ltla24_code"][0])
    lsoas = geo.select(
        pl.col("lsoa21_code").alias("lsoa_code"),
        pl.col("ward24_code").alias("ward_code"),
        pl.col("ward24_name").alias("ward_name"),
    )
    if towns is not None:
        lsoas = lsoas.join(towns.select("ward_code", "neighbourhood"), on="ward_code", how="left")
    else:
        lsoas = lsoas.with_columns(neighbourhood=pl.lit(None, pl.String))
    lsoas = lsoas.with_columns(pl.col("neighbourhood").fill_null(pl.col("ward_name")))
    lsoas = lsoas.join(
        imd.rename({"lsoa21_code": "lsoa_code", "IMD_decile": "imd_decile"}),
        on="lsoa_code",
        how="left",
    )
    ages = _lsoa21_ages(shared, lsoas["lsoa_code"])
    lsoas = lsoas.with_columns(
        imd_decile=pl.col("imd_decile").fill_null(5), population=pl.Series(ages.sum(axis=1))
    )
    practices, prevalence = _practices(shared, lsoas["lsoa_code"])
    return PlaceInputs(lsoas, ages + 1e-9, practices, prevalence, ENGLAND_ETHNICITY)


def _lsoa21_ages(shared: Path, codes: pl.Series) -> np.ndarray:
    """Mid-2020 persons by single year (LSOA11), shared equally among the LSOA21s each maps to."""
    sape = pl.read_csv(
        shared / "population/ONS_mid2020_SAPE_LSOA11_persons_single_year_of_age.csv.gz"
    )
    link = pl.read_csv(
        shared / "geography/LSOA11_to_LSOA21_LAD22_England_Wales.csv.gz",
        columns=["lsoa11_code", "lsoa21_code"],
    )
    link = link.with_columns(share=1.0 / pl.len().over("lsoa11_code"))
    age_cols = [
        c for c in sape.columns if c not in ("lsoa11_name", "lsoa11_code", "total_population")
    ]
    apportioned = (
        link.filter(pl.col("lsoa21_code").is_in(codes.implode()))
        .join(sape, on="lsoa11_code")
        .group_by("lsoa21_code")
        .agg([(pl.col(c) * pl.col("share")).sum().alias(c) for c in age_cols])
    )
    out = (
        pl.DataFrame({"lsoa21_code": codes})
        .join(apportioned, on="lsoa21_code", how="left")
        .fill_null(0)
    )
    ages = out.select(age_cols).to_numpy().astype(np.float64)
    missing = ages.sum(axis=1) == 0
    ages[missing] = default_age_weights() * 15
    return ages


def _practices(shared: Path, codes: pl.Series) -> tuple[pl.DataFrame, np.ndarray]:
    """Practices of the place's sub-ICB location(s), list sizes and QOF prevalence per LTC."""
    sicbl = pl.read_csv(
        shared / "geography/LSOA21_to_SICBL24_ICB24_England.csv.gz",
        columns=["lsoa21_code", "sicbl24_code_nhs"],
    )
    subs = (
        sicbl.filter(pl.col("lsoa21_code").is_in(codes.implode()))["sicbl24_code_nhs"]
        .unique()
        .implode()
    )
    mapping = pl.read_csv(
        shared / "qof/QOF_2022-23_MAPPING_NHS_GEOGRAPHIES_2223.csv.gz",
        columns=["SUB_ICB_ODS_CODE", "PRACTICE_CODE"],
    )
    in_place = mapping.filter(pl.col("SUB_ICB_ODS_CODE").is_in(subs))["PRACTICE_CODE"].implode()
    prev = pl.read_csv(shared / "qof/QOF_2022-23_PREVALENCE_2223.csv.gz").filter(
        pl.col("PRACTICE_CODE").is_in(in_place)
    )
    if prev.is_empty():
        raise ValueError("no QOF practices found for the place's sub-ICB locations")
    sizes = (
        prev.filter(pl.col("PATIENT_LIST_TYPE") == "TOTAL")
        .group_by("PRACTICE_CODE")
        .agg(list_size=pl.col("PRACTICE_LIST_SIZE").max())
    )
    wide = prev.with_columns(rate=pl.col("REGISTER") / pl.col("PRACTICE_LIST_SIZE")).pivot(
        on="GROUP_CODE", index="PRACTICE_CODE", values="rate", aggregate_function="first"
    )
    frame = (
        sizes.join(wide, on="PRACTICE_CODE").filter(pl.col("list_size") > 0).sort("PRACTICE_CODE")
    )
    prevalence = np.column_stack(
        [frame[k].fill_null(ENGLAND_PREVALENCE[k] / 100).to_numpy() for k in LTCS]
    )
    return frame.select(pl.col("PRACTICE_CODE").alias("ods_code"), "list_size"), prevalence


def place_inputs(place: str, shared: Path | None = None) -> tuple[PlaceInputs, str]:
    """Real-data inputs where the extracts are in `shared`, else shipped defaults; and which."""
    if shared is not None and (shared / "geography").is_dir() and (shared / "qof").is_dir():
        return real_place(place, shared), f"real extracts at {shared}"
    return default_place(place), "shipped defaults"


def write_synthetic_population(
    out_dir: Path,
    persons: int,
    place: str,
    seed: int,
    plant_defects: bool = False,
    shared: Path | None = None,
    use_real: bool = True,
) -> SyntheticPopulation:
    """Generate and write `<out_dir>/<table>.parquet` plus `answers/` (true risk, defect key)."""
    inputs, origin = (
        place_inputs(place, shared) if use_real else (default_place(place), "shipped defaults")
    )
    population = generate(inputs, persons, seed, plant_defects)
    out_dir = Path(out_dir)
    (out_dir / "answers").mkdir(parents=True, exist_ok=True)
    marker = out_dir / "answers" / "generating_model.json"
    marker.unlink(missing_ok=True)  # written last: a killed run's half-written tables never match
    for name, frame in population.tables.items():
        frame.write_parquet(out_dir / f"{name}.parquet")
    population.true_risk.write_parquet(out_dir / "answers" / "true_risk.parquet")
    population.defects.write_parquet(out_dir / "answers" / "defects.parquet")
    model = {"place": place, "persons": persons, "seed": seed, "defects": plant_defects, "inputs": origin,
             "intercept": population.intercept, "coefficients": TRUE_COEFFICIENTS,
             "emergency_admission_rate": inputs.emergency_admission_rate}  # fmt: skip
    marker.write_text(json.dumps(model, indent=2))
    return population


def synth(
    persons: int,
    place: str,
    seed: int,
    out_dir: Path,
    plant_defects: bool = False,
    shared: Path | None = None,
) -> Path:
    """CLI entry: write the population with a progress line; returns the folder."""
    from rich.console import Console

    console = Console(stderr=True)
    started = time.perf_counter()
    with console.status(f"Generating {persons:,} persons for {place} (seed {seed})..."):
        population = write_synthetic_population(
            Path(out_dir), persons, place, seed, plant_defects, shared
        )
    rows = sum(f.height for f in population.tables.values())
    console.print(f"Wrote {rows:,} OMOP rows to {out_dir} in {time.perf_counter() - started:.1f} s")
    return Path(out_dir)
