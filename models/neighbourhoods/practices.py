"""GP practice -> neighbourhood and place, for QOF prevalence by the practices that serve it.

Attribution rule, in order: (1) NHS Digital "patients registered at a GP practice by LSOA"
when loaded (a practice counts in each area by its patients' share there; see
models.baselines.hierarchy.practice_membership); (2) a practice -> locality lookup the place
publishes (e.g. Birmingham and Solihull's), weight 1 to the named locality and local authority;
(3) otherwise a practice counts only in a place coterminous with its sub-ICB, and the place's
neighbourhoods have no QOF rows.
"""

from __future__ import annotations

import polars as pl

from models.baselines.hierarchy import COLUMNS, neighbourhood_code

METHOD = "published_practice_locality"


def practice_locality_membership(
    localities: pl.DataFrame, practices: pl.DataFrame, places: list[str]
) -> pl.DataFrame:
    """Practice member rows for `neighbourhood` and `district_ua` from a published lookup.

    `localities`: practice_code, neighbourhood, place_code, place_name; `practices`: the QOF
    practices (practice_code, practice_name); only practices in both, of configured places.
    """
    names = practices.select("practice_code", "practice_name").unique("practice_code")
    p = localities.filter(pl.col("place_code").is_in(places)).join(names, on="practice_code")
    code = neighbourhood_code(pl.col("place_code"), pl.col("neighbourhood"))
    base = [pl.lit("practice").alias("member_type"), pl.col("practice_code").alias("member_code"),
            pl.col("practice_name").alias("member_name"), pl.lit(None, pl.Int64).alias("vintage")]  # fmt: skip
    nbh = p.select(*base, pl.lit("neighbourhood").alias("area_type"), code.alias("area_code"),
                   pl.col("neighbourhood").alias("area_name"), pl.col("place_code").alias("parent_code"))  # fmt: skip
    lad = p.select(*base, pl.lit("district_ua").alias("area_type"), pl.col("place_code").alias("area_code"),
                   pl.col("place_name").alias("area_name"), pl.lit(None, pl.String).alias("parent_code"))  # fmt: skip
    out = pl.concat([nbh, lad]).with_columns(
        pl.lit(1.0).alias("weight"), pl.lit(METHOD).alias("attribution_method")
    )
    return out.select(pl.col(c).cast(t) for c, t in COLUMNS.items())
