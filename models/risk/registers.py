"""Neighbourhood at-risk registers: percentile and absolute-risk cuts, bands, pseudonyms.

Within each neighbourhood people are ranked by risk (ties broken by pseudonym); the top
ceil(f x n) are in the top-f band for each percentile cut f, so every neighbourhood's
register is sized to its own population. People above an absolute-risk cut are included
too. Registers are keyed by an HMAC-SHA256 pseudonym of person_id (the controller's key),
never by person_id, and live only in the restricted database.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from models.publish.disclosure import apply_disclosure_control
from models.risk.evaluation import age_band

# Demo key: NOT for real data. Set PLACEHEALTH_PSEUDONYM_KEY (held by the data controller).
DEMO_PSEUDONYM_KEY = "placehealth-DEMO-key-not-for-real-data"


@dataclass(frozen=True)
class RegisterCuts:
    """Percentile cuts (fractions, ascending) and absolute-risk cuts (probabilities)."""

    percentiles: tuple[float, ...] = (0.005, 0.02, 0.05)
    absolute: tuple[float, ...] = (0.5,)


def pseudonymise(person_ids: Sequence[int], key: str) -> list[str]:
    """Hex HMAC-SHA256 of each person_id under `key` (keyed hash, not reversible without it)."""
    secret = key.encode()
    return [hmac.new(secret, str(int(i)).encode(), hashlib.sha256).hexdigest() for i in person_ids]


def band_label(fraction: float) -> str:
    """'top 0.5%' style label for a percentile cut."""
    return f"top {fraction * 100:g}%"


def build_register(
    scores: pl.DataFrame, key: str, cuts: RegisterCuts = RegisterCuts()
) -> pl.DataFrame:
    """Register rows from `scores` (person_id, neighbourhood, risk, ...), without person_id.

    Output: pseudonym, neighbourhood, rank (1 = highest risk), neighbourhood_size, risk,
    risk_band, absolute_cut, and every other column of `scores`.
    """
    ranked = scores.with_columns(
        pseudonym=pl.Series(pseudonymise(scores["person_id"].to_list(), key), dtype=pl.String),
        neighbourhood_size=pl.len().over("neighbourhood"),
    ).sort(["neighbourhood", "risk", "pseudonym"], descending=[False, True, False])
    ranked = ranked.with_columns(rank=pl.int_range(1, pl.len() + 1).over("neighbourhood"))
    band = pl.lit(None, pl.String)
    for fraction in sorted(cuts.percentiles, reverse=True):
        limit = (pl.col("neighbourhood_size") * fraction).ceil()
        band = pl.when(pl.col("rank") <= limit).then(pl.lit(band_label(fraction))).otherwise(band)
    absolute = pl.lit(None, pl.Float64)
    for cut in sorted(cuts.absolute):
        absolute = pl.when(pl.col("risk") >= cut).then(pl.lit(cut)).otherwise(absolute)
    out = ranked.with_columns(absolute_cut=absolute, risk_band=band).with_columns(
        risk_band=pl.col("risk_band").fill_null(
            pl.when(pl.col("absolute_cut").is_not_null()).then(
                pl.format("absolute risk >= {}%", (pl.col("absolute_cut") * 100).round(1))
            )
        )
    )
    out = out.filter(pl.col("risk_band").is_not_null()).drop("person_id")
    first = [
        "pseudonym",
        "neighbourhood",
        "rank",
        "neighbourhood_size",
        "risk",
        "risk_band",
        "absolute_cut",
    ]
    return out.select(first + [c for c in out.columns if c not in first])


def register_summary(
    register: pl.DataFrame,
    suppress_below: int = 8,
    round_to: int = 5,
    neighbourhood_places: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Counts by place, neighbourhood, band, age band and IMD quintile, disclosure-controlled.

    Each neighbourhood × band also gets a total row (age_band 'all', imd_quintile null), counted
    before suppression. The place is the register's own `place_code` column where it has one
    (several places' registers together), else `neighbourhood_places` (neighbourhood, place_code).
    """
    by_place = ["place_code"] if "place_code" in register.columns else []
    cells = register.with_columns(
        age_band=age_band(pl.col("age")),
        imd_quintile=((pl.col("imd_decile") + 1) // 2).cast(pl.Int32),
    )
    detail = cells.group_by(
        *by_place, "neighbourhood", "risk_band", "age_band", "imd_quintile"
    ).agg(people=pl.len().cast(pl.Int64))
    totals = cells.group_by(*by_place, "neighbourhood", "risk_band").agg(
        age_band=pl.lit("all"),
        imd_quintile=pl.lit(None, pl.Int32),
        people=pl.len().cast(pl.Int64),
    )
    counts = pl.concat([detail, totals.select(detail.columns)])
    if not by_place:
        places = (
            neighbourhood_places.unique("neighbourhood")
            if neighbourhood_places is not None
            else pl.DataFrame(schema={"neighbourhood": pl.String, "place_code": pl.String})
        )
        counts = counts.join(
            places.select("neighbourhood", "place_code"), on="neighbourhood", how="left"
        )
    counts = counts.select(
        "place_code", "neighbourhood", "risk_band", "age_band", "imd_quintile", "people"
    ).sort("place_code", "neighbourhood", "risk_band", "age_band", "imd_quintile", nulls_last=True)
    return apply_disclosure_control(counts, ["people"], suppress_below, round_to)
