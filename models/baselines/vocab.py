"""Fingertips vocabulary: area types, polarity, comparison methods and comparison labels."""

from __future__ import annotations

import polars as pl

ENGLAND_CODE = "E92000001"

# Fingertips area-type names (bulk CSV, API and FingertipsNext spellings) -> our area_type.
AREA_TYPES: dict[str, str] = {
    "england": "england",
    "country": "england",
    "region": "region",
    "regions": "region",
    "county & ua": "county_ua",
    "counties and unitary authorities": "county_ua",
    "upper tier local authorities": "county_ua",
    "county": "county_ua",
    "districts & uas": "district_ua",
    "districts and unitary authorities": "district_ua",
    "lower tier local authorities": "district_ua",
    "district": "district_ua",
    "ua": "district_ua",
    "nhs integrated care boards": "icb",
    "icbs": "icb",
    "icbs - experimental": "icb",
    "nhs sub integrated care boards": "sub_icb",
    "sub-icbs": "sub_icb",
    "nhs primary care networks": "pcn",
    "pcns": "pcn",
    "gp": "gp",
    "gps": "gp",
    "combined authorities": "combined_authority",
}

# Our area types in hierarchy order (smallest first); ranks order the locality hierarchy.
AREA_LEVELS: dict[str, int] = {
    "lsoa": 0, "gp": 1, "ward": 2, "pcn": 3, "neighbourhood": 4, "district_ua": 5,
    "local_authority": 5, "county_ua": 6, "sub_icb": 6, "icb": 7, "region": 8, "england": 9,
}  # fmt: skip

POLARITY_CODES: dict[str, int] = {
    "low is good": 0,
    "rag - low is good": 0,
    "high is good": 1,
    "rag - high is good": 1,
    "no judgement": 99,
    "blue orange blue": 99,
    "not applicable": -1,
}

COMPARISON_LABELS = ("Better", "Similar", "Worse", "Higher", "Lower", "Not compared")


def area_type_expr(column: str = "area_type") -> pl.Expr:
    """Our area_type for a Fingertips area-type name; area-code prefixes settle the blanks."""
    name = pl.col(column).str.strip_chars().str.to_lowercase()
    mapped = name.replace_strict(AREA_TYPES, default=None, return_dtype=pl.String)
    code = pl.col("area_code")
    by_code = (
        pl.when(code == ENGLAND_CODE).then(pl.lit("england"))
        .when(code.str.starts_with("E12")).then(pl.lit("region"))
        .when(code.str.starts_with("E54")).then(pl.lit("icb"))
        .when(code.str.starts_with("E38")).then(pl.lit("sub_icb"))
        .when(code.str.starts_with("E10")).then(pl.lit("county_ua"))
        .when(code.str.contains(r"^E0[6-9]")).then(pl.lit("district_ua"))
        .when(code.str.contains(r"^U\d{5}$")).then(pl.lit("pcn"))
        .when(code.str.contains(r"^[A-Z]\d{5}$")).then(pl.lit("gp"))
        .otherwise(pl.lit("other"))
    )  # fmt: skip
    return pl.coalesce(mapped, by_code)


def polarity_code_expr(column: str = "polarity") -> pl.Expr:
    """Numeric Fingertips polarity (0 low good, 1 high good, 99 no judgement, -1 n/a)."""
    text = pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()
    as_int = text.cast(pl.Int64, strict=False)
    named = text.replace_strict(POLARITY_CODES, default=None, return_dtype=pl.Int64)
    return pl.coalesce(as_int, named)


def comparison_method_expr(column: str = "comparator_method") -> pl.Expr:
    """Our comparison method from a Fingertips comparator name or id; null when unknown."""
    text = pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()
    return (
        pl.when(text.is_null() | (text == "")).then(None)
        .when(text.is_in(["1", "ci95"])).then(pl.lit("ci95"))
        .when(text.is_in(["17", "ci_two_levels"])).then(pl.lit("ci_two_levels"))
        .when(text.is_in(["15", "quintiles"])).then(pl.lit("quintiles"))
        .when(text.is_in(["16", "quartiles"])).then(pl.lit("quartiles"))
        .when(text.is_in(["-1", "none"]) | text.str.contains("no comparison")).then(pl.lit("none"))
        .when(text.str.contains("99.8")).then(pl.lit("ci99_8"))
        .when(text.str.contains("95")).then(pl.lit("ci95"))
        .when(text.str.contains("quintile")).then(pl.lit("quintiles"))
        .when(text.str.contains("quartile")).then(pl.lit("quartiles"))
        .otherwise(None)
    )  # fmt: skip


def published_label_expr(column: str) -> pl.Expr:
    """A published Fingertips comparison in our six words ('Higher 99.8' -> 'Higher')."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    base = text.str.replace(r"\s*99\.8$", "").str.replace(r"\s*95(\.0)?$", "")
    base = base.replace({"Best": "Better", "Worst": "Worse", "Same": "Similar"})
    return pl.when(base.is_in(list(COMPARISON_LABELS))).then(base).otherwise(None)
