"""Summing member (LSOA / practice) counts up the hierarchy and recomputing the indicator."""

from __future__ import annotations

import polars as pl

from models.indicators.proportions import proportion
from models.indicators.rates import rate

SERIES = ["indicator_id", "indicator_name", "sex", "age", "period", "period_sortable",
          "period_type", "value_type", "multiplier"]  # fmt: skip
# QOF register -> Fingertips QOF prevalence indicator (names checked in indicator metadata).
QOF_INDICATORS = {
    "AF": 280, "AST": 90933, "CAN": 276, "CHD": 273, "CKD": 258, "COPD": 253, "DEM": 247,
    "DEP": 848, "DM": 241, "EP": 224, "HF": 262, "HYP": 219, "LD": 200, "MH": 90581,
    "NDH": 93797, "OB": 92588, "OST": 90443, "PAD": 92590, "PC": 294, "RA": 91269, "STIA": 212,
}  # fmt: skip
QOF_AGES = {"TOTAL": "All ages", "06OV": "6+ yrs", "16OV": "16+ yrs", "17OV": "17+ yrs",
            "18OV": "18+ yrs", "50OV": "50+ yrs"}  # fmt: skip
OLDER_PEOPLE_ID = 0  # local indicator: population aged 65+ (%), from ONS small-area estimates


def qof_member_counts(qof: pl.DataFrame) -> pl.DataFrame:
    """Practice registers and list sizes as member counts for the Fingertips QOF indicators."""
    year = pl.col("financial_year").str.replace("-", "/")
    return qof.filter(
        (pl.col("practice_list_size") > 0) & (pl.col("register") <= pl.col("practice_list_size"))
    ).select(
        pl.lit("practice").alias("member_type"), pl.col("practice_code").alias("member_code"),
        pl.col("group_code").replace_strict(QOF_INDICATORS, default=None).alias("indicator_id"),
        pl.format("{}: QOF prevalence", pl.col("group_code")).alias("indicator_name"),
        pl.lit("Persons").alias("sex"),
        pl.col("patient_list_type").replace_strict(QOF_AGES, default=None).alias("age"),
        year.alias("period"), (year.str.slice(0, 4).cast(pl.Int64) * 10_000).alias("period_sortable"),
        pl.lit("####/##").alias("period_type"), pl.lit("Proportion").alias("value_type"),
        pl.lit(100.0).alias("multiplier"), pl.col("register").cast(pl.Float64).alias("count"),
        pl.col("practice_list_size").cast(pl.Float64).alias("denominator"),
    ).filter(pl.col("indicator_id").is_not_null())  # fmt: skip


def older_people_member_counts(population: pl.DataFrame) -> pl.DataFrame:
    """LSOA population aged 65+ over all ages, as member counts (a context indicator)."""
    lsoa = population.filter(pl.col("area_type").str.starts_with("lsoa"))
    vintage = pl.col("area_type").str.extract(r"(\d+)").cast(pl.Int64) + 2000
    return lsoa.group_by("area_code", "area_type", "year", "sex").agg(
        pl.col("population").filter(pl.col("age_lower") >= 65).sum().cast(pl.Float64).alias("count"),
        pl.col("population").sum().cast(pl.Float64).alias("denominator"),
    ).select(
        pl.lit("lsoa").alias("member_type"), pl.col("area_code").alias("member_code"),
        vintage.alias("vintage"), pl.lit(OLDER_PEOPLE_ID).cast(pl.Int64).alias("indicator_id"),
        pl.lit("Population aged 65 and over (%)").alias("indicator_name"), "sex",
        pl.lit("65+ yrs").alias("age"), pl.col("year").cast(pl.String).alias("period"),
        (pl.col("year") * 10_000).alias("period_sortable"), pl.lit("####").alias("period_type"),
        pl.lit("Proportion").alias("value_type"), pl.lit(100.0).alias("multiplier"),
        "count", "denominator",
    ).filter(pl.col("denominator") > 0)  # fmt: skip


def recompute(frame: pl.DataFrame, group_by: list[str]) -> pl.DataFrame:
    """Summed count/denominator -> value and 95/99.8% CIs (Wilson or Byar by value_type)."""
    parts = []
    for (kind, mult), rows in frame.group_by(["value_type", "multiplier"]):
        fn = {"proportion": proportion, "crude rate": rate}.get(str(kind).lower())
        if fn is None:
            continue  # DSR and other types need age bands or their own method: not aggregated
        parts.append(fn(rows, "count", "denominator", group_by=group_by, multiplier=mult))
    if not parts:
        return pl.DataFrame()
    return pl.concat(parts, how="diagonal_relaxed").drop("method", strict=False)


def aggregate_to_areas(member_counts: pl.DataFrame, membership: pl.DataFrame) -> pl.DataFrame:
    """Weighted member counts summed per area, value/CIs recomputed; in indicator-value shape."""
    keys = ["member_type", "member_code"]
    if "vintage" in member_counts.columns:
        keys.append("vintage")
    joined = member_counts.join(membership.drop("member_name"), on=keys, how="inner",
                                nulls_equal=True)  # fmt: skip
    joined = joined.with_columns(pl.col("count") * pl.col("weight"),
                                 pl.col("denominator") * pl.col("weight"))  # fmt: skip
    area = ["area_code", "area_type", *SERIES]
    attrs = joined.group_by(area).agg(
        pl.col("area_name").first(), pl.col("parent_code").first(),
        pl.col("attribution_method").unique().sort().str.join("+"),
        pl.len().alias("members"),
    )  # fmt: skip
    out = recompute(joined.select(*area, "count", "denominator"), area)
    if out.is_empty():
        return out
    src = pl.concat_str(pl.lit("aggregated_from_"), pl.col("_mt"))
    mt = joined.group_by(area).agg(pl.col("member_type").first().alias("_mt"))
    return (
        out.join(attrs, on=area, how="left").join(mt, on=area, how="left")
        .with_columns(src.alias("value_source"), pl.lit("recomputed").alias("ci_source"))
        .drop("_mt")
    )  # fmt: skip
