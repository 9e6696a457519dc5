"""Area-profile tables (pure Polars): the Fingertips-style spine rows for a place, and the
neighbourhood x indicator comparison matrix."""

from __future__ import annotations

import polars as pl

from models.baselines.aggregation import QOF_INDICATORS
from models.neighbourhoods.catalogue import FINGERTIPS_DOMAIN, QOF_DOMAIN, domains_frame

ROW = ["indicator_id", "sex", "age"]
DOMAIN_ORDER = ["Deprivation", "Health and wider determinants", "Population structure",
                QOF_DOMAIN, FINGERTIPS_DOMAIN]  # fmt: skip


def latest_rows(baseline: pl.DataFrame) -> pl.DataFrame:
    """One row per indicator x area x sex x age: the latest period (start, then end)."""
    key = [*ROW, "area_code", "area_type"]
    end = pl.col("period").str.split(" - ").list.last()
    return (
        baseline.filter(pl.col("value").is_not_null())
        .with_columns(end.alias("_end"))
        .sort(["period_sortable", "_end"], descending=True, nulls_last=True)
        .unique(key, keep="first", maintain_order=True)
        .drop("_end")
    )


def with_domains(frame: pl.DataFrame) -> pl.DataFrame:
    """Add `domain` and `vintage`: catalogue domains, QOF registers, else Fingertips."""
    out = frame.drop("domain", "vintage", strict=False).join(
        domains_frame().select("indicator_id", "domain", "vintage"), on="indicator_id", how="left"
    )
    qof = pl.col("indicator_id").is_in(list(QOF_INDICATORS.values()))
    return out.with_columns(
        pl.coalesce("domain", pl.when(qof).then(pl.lit(QOF_DOMAIN)),
                    pl.lit(FINGERTIPS_DOMAIN)).alias("domain"),
    )  # fmt: skip


def row_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """`label`: the indicator name plus sex and age where they are not Persons / All ages;
    rows still alike get their period, so no two rows of one area read the same."""
    name = pl.col("indicator_name").fill_null(pl.col("indicator_id").cast(pl.String))
    extra = pl.concat_list(
        pl.when(pl.col("sex") != "Persons").then(pl.col("sex")),
        pl.when(pl.col("age") != "All ages").then(pl.col("age")),
    ).list.drop_nulls()
    label = (
        pl.when(extra.list.len() > 0)
        .then(pl.format("{} ({})", name, extra.list.join(", ")))
        .otherwise(name)
    )
    out = frame.with_columns(label.alias("label"))
    dup = pl.col("label").is_duplicated().over("area_code")
    return out.with_columns(
        pl.when(dup).then(pl.format("{} [{}]", "label", "period")).otherwise("label")
        .alias("label")
    )  # fmt: skip


def spine_rows(baseline: pl.DataFrame, place_code: str) -> pl.DataFrame:
    """The place's profile: one row per indicator x sex x age at its latest period, with the
    period, count, value, England value, the lowest / quartiles / highest of the same-type
    areas in that period, and the comparison; grouped by domain."""
    rows = spine_rows_many(baseline, [place_code])
    return rows.drop("area_code") if rows.height else rows


def spine_rows_many(baseline: pl.DataFrame, place_codes: list[str]) -> pl.DataFrame:
    """spine_rows for many places at once (peer ranges computed once), keyed by area_code."""
    need = {*ROW, "area_code", "area_type", "period", "value", "indicator_name"}
    if baseline.is_empty() or not need <= set(baseline.columns):
        return pl.DataFrame()
    place = latest_rows(baseline.filter(pl.col("area_code").is_in(place_codes)))
    if place.is_empty():
        return pl.DataFrame()
    series = [*ROW, "period", "area_type"]
    peers = (
        baseline.filter(pl.col("value").is_not_null())
        .join(place.select(series).unique(), on=series)
        .group_by(series)
        .agg(
            pl.col("value").min().alias("lowest"),
            pl.col("value").quantile(0.25, "linear").alias("q1"),
            pl.col("value").quantile(0.75, "linear").alias("q3"),
            pl.col("value").max().alias("highest"),
            pl.len().alias("peers"),
        )
    )
    out = row_labels(with_domains(place.join(peers, on=series, how="left")))
    cols = ["area_code", "domain", "label", "indicator_id", "sex", "age", "period", "count",
            "value", "lower_95", "upper_95", "england_value", "lowest", "q1", "q3", "highest",
            "peers", "compared_to_england", "polarity", "vintage"]  # fmt: skip
    return (
        out.with_columns(_domain_order().alias("_order"))
        .sort("area_code", "_order", "indicator_id", "sex", "age")
        .select([c for c in cols if c in out.columns])
    )


def _domain_order() -> pl.Expr:
    return pl.col("domain").replace_strict(
        {d: i for i, d in enumerate(DOMAIN_ORDER)}, default=len(DOMAIN_ORDER), return_dtype=pl.Int32
    )


def neighbourhood_matrix(baseline: pl.DataFrame, place_code: str) -> pl.DataFrame:
    """Long table of the place's neighbourhoods x indicators at the latest period: value, CI,
    place value, England value, compared_to_place and rank_in_place, with row labels."""
    rows = neighbourhood_matrix_many(baseline, [place_code])
    return rows.drop("place") if rows.height else rows


def neighbourhood_matrix_many(baseline: pl.DataFrame, place_codes: list[str]) -> pl.DataFrame:
    """neighbourhood_matrix for many places at once, keyed by `place` (the place code)."""
    if baseline.is_empty() or "area_type" not in baseline.columns:
        return pl.DataFrame()
    place = pl.col("area_code").str.split(":").list.first()
    nbh = baseline.filter(pl.col("area_type") == "neighbourhood").with_columns(
        place.alias("place")
    ).filter(pl.col("place").is_in(place_codes))  # fmt: skip
    if nbh.is_empty():
        return pl.DataFrame()
    rows = latest_rows(nbh)
    firsts = rows.unique([*ROW, "place"]).with_columns(pl.col("place").alias("area_code"))
    labels = row_labels(with_domains(firsts)).select(*ROW, "place", "label", "domain")
    out = rows.join(labels, on=[*ROW, "place"], how="left")
    cols = ["place", "domain", "label", "indicator_id", "area_code", "area_name", "period",
            "value", "lower_95", "upper_95", "place_value", "england_value", "compared_to_place",
            "compared_to_place_99_8", "compared_to_england", "rank_in_place", "areas_in_place"]  # fmt: skip
    return (
        out.with_columns(_domain_order().alias("_order"))
        .sort("place", "_order", "indicator_id", "area_name")
        .select([c for c in cols if c in out.columns])
    )
