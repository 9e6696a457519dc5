"""Locality hierarchy: LSOA -> ward -> neighbourhood -> place -> ICB -> region -> England, and
practice -> PCN -> sub-ICB -> ICB -> England (plus place where it can be attributed)."""

from __future__ import annotations

import polars as pl

from models.baselines.vocab import ENGLAND_CODE

COLUMNS = {
    "member_type": pl.String, "member_code": pl.String, "member_name": pl.String,
    "vintage": pl.Int64, "area_type": pl.String, "area_code": pl.String, "area_name": pl.String,
    "parent_code": pl.String, "weight": pl.Float64, "attribution_method": pl.String,
}  # fmt: skip


def neighbourhood_code(place_code: pl.Expr, name: pl.Expr) -> pl.Expr:
    """A stable code for a user-defined neighbourhood: '<place code>:<NAME_IN_CAPS>'."""
    slug = name.str.strip_chars().str.to_uppercase().str.replace_all(r"[^A-Z0-9]+", "_")
    return pl.format("{}:{}", place_code, slug)


def _shape(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill absent columns with nulls and order them as COLUMNS."""
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in COLUMNS.items()
    )


def lsoa_membership(geography: pl.DataFrame, neighbourhoods: pl.DataFrame | None) -> pl.DataFrame:
    """One row per LSOA x containing area (weight 1) for every LSOA vintage in `geography`."""
    g = geography.rename({"lsoa_vintage": "vintage"}, strict=False)
    if "vintage" not in g.columns:
        g = g.with_columns(pl.lit(None, dtype=pl.Int64).alias("vintage"))
    nb = (
        neighbourhoods
        if neighbourhoods is not None
        else pl.DataFrame(
            schema={"place_code": pl.String, "ward_code": pl.String, "neighbourhood": pl.String}
        )
    )
    if "lsoa_code" in nb.columns:  # LSOA-level membership (models.neighbourhoods.definitions)
        nb = nb.select(
            "lsoa_code", "vintage", pl.col("neighbourhood_code").alias("nbh_code"),
            pl.col("neighbourhood_name").alias("nbh_name"),
            pl.col("basis").str.starts_with("ward_definition").alias("_ward_based"),
        ).unique(["lsoa_code", "vintage"])  # fmt: skip
        g = g.join(nb, on=["lsoa_code", "vintage"], how="left", nulls_equal=True)
    else:
        nb = nb.select(
            "ward_code", pl.col("place_code").alias("_place"),
            neighbourhood_code(pl.col("place_code"), pl.col("neighbourhood")).alias("nbh_code"),
            pl.col("neighbourhood").alias("nbh_name"), pl.lit(True).alias("_ward_based"),
        ).unique(["ward_code", "_place"])  # fmt: skip
        g = g.join(
            nb, left_on=["ward_code", "lad_code"], right_on=["ward_code", "_place"], how="left"
        )
    ward_parent = pl.when(pl.col("_ward_based")).then("nbh_code")
    g = g.with_columns(pl.lit(ENGLAND_CODE).alias("_eng"))
    base = [pl.col("lsoa_code").alias("member_code"), pl.col("lsoa_name").alias("member_name"),
            "vintage"]  # fmt: skip

    def level(area_type: str, code: str, name: str | pl.Expr, parent: pl.Expr) -> pl.DataFrame:
        name_expr = pl.col(name) if isinstance(name, str) else name
        return g.select(*base, pl.lit(area_type).alias("area_type"), pl.col(code).alias("area_code"),
                        name_expr.alias("area_name"), parent.alias("parent_code"))  # fmt: skip

    levels = [
        level("lsoa", "lsoa_code", "lsoa_name", pl.col("ward_code")),
        level("ward", "ward_code", "ward_name", pl.coalesce(ward_parent, "lad_code")),
        level("neighbourhood", "nbh_code", "nbh_name", pl.col("lad_code")),
        level("district_ua", "lad_code", "lad_name", pl.col("region_code")),
        level("sub_icb", "sub_icb_code", "sub_icb_name", pl.col("icb_code")),
        level("icb", "icb_code", "icb_name", pl.lit(ENGLAND_CODE)),
        level("region", "region_code", "region_name", pl.lit(ENGLAND_CODE)),
        level("england", "_eng", pl.lit("England"), pl.lit(None, dtype=pl.String)),
    ]
    out = pl.concat([_shape(f.with_columns(pl.lit("lsoa").alias("member_type"))) for f in levels])
    method = pl.when(pl.col("area_type") == "neighbourhood").then(
        pl.lit("neighbourhood_definition")
    )
    return out.filter(pl.col("area_code").is_not_null()).with_columns(
        pl.lit(1.0).alias("weight"),
        method.otherwise(pl.lit("ons_lsoa_lookup")).alias("attribution_method"),
    )


def coterminous_places(geography: pl.DataFrame) -> pl.DataFrame:
    """Sub-ICBs whose LSOAs form exactly one whole local authority: sub_icb_code -> lad."""
    g = geography.filter(pl.col("sub_icb_code").is_not_null())
    if "lsoa_vintage" in g.columns:
        g = g.filter(pl.col("lsoa_vintage") == pl.col("lsoa_vintage").min())
    one_la = g.group_by("sub_icb_code").agg(
        pl.col("lad_code").n_unique().alias("_n"),
        pl.col("lad_code").first(),
        pl.col("lad_name").first(),
    )
    one_sub = g.group_by("lad_code").agg(pl.col("sub_icb_code").n_unique().alias("_m"))
    both = one_la.filter(pl.col("_n") == 1).join(one_sub.filter(pl.col("_m") == 1), on="lad_code")
    return both.select("sub_icb_code", "lad_code", "lad_name")


def practice_membership(
    practices: pl.DataFrame,
    geography: pl.DataFrame,
    patients_by_lsoa: pl.DataFrame | None = None,
    lsoa_members: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Practice -> GP/PCN/sub-ICB/ICB/England, and -> place by patients' LSOAs or coterminosity.

    With registered-patients-by-LSOA (practice_code, lsoa_code, patients) a practice belongs to
    every LSOA-based area with weight = its patients' share there; otherwise only to the local
    authority coterminous with its sub-ICB (postcode -> LSOA is not available).
    """
    p = practices.unique("practice_code").with_columns(pl.lit(ENGLAND_CODE).alias("_eng"))
    base = [pl.lit("practice").alias("member_type"), pl.col("practice_code").alias("member_code"),
            pl.col("practice_name").alias("member_name")]  # fmt: skip
    spec = [("gp", "practice_code", "practice_name", "pcn_code"),
            ("pcn", "pcn_code", "pcn_name", "sub_icb_code"),
            ("sub_icb", "sub_icb_code", "sub_icb_name", "icb_code"),
            ("icb", "icb_code", "icb_name", "_eng"), ("england", "_eng", None, None)]  # fmt: skip
    parts = [
        _shape(p.select(*base, pl.lit(t).alias("area_type"), pl.col(c).alias("area_code"),
                        (pl.col(n) if n else pl.lit("England")).alias("area_name"),
                        (pl.col(par) if par else pl.lit(None)).alias("parent_code")))
        for t, c, n, par in spec if c in p.columns
    ]  # fmt: skip
    out = pl.concat(parts).with_columns(
        pl.lit(1.0).alias("weight"), pl.lit("qof_practice_mapping").alias("attribution_method")
    )
    if patients_by_lsoa is not None and lsoa_members is not None and patients_by_lsoa.height:
        share = patients_by_lsoa.with_columns(
            (pl.col("patients") / pl.col("patients").sum().over("practice_code")).alias("_share")
        )
        areas = lsoa_members.filter(pl.col("area_type").is_in(["ward", "neighbourhood",
                                                                "district_ua"]))  # fmt: skip
        # One LSOA vintage (the one most of the file's codes belong to): unchanged LSOAs keep
        # their code across vintages and would otherwise count twice.
        if "vintage" in areas.columns and areas["vintage"].n_unique() > 1:
            codes = patients_by_lsoa.select(pl.col("lsoa_code").unique().alias("member_code"))
            best = (
                areas.filter(pl.col("area_type") == "district_ua")
                .join(codes, on="member_code")
                .group_by("vintage")
                .len()
                .sort("len", "vintage", descending=True)
            )
            if best.height:
                areas = areas.filter(pl.col("vintage") == best["vintage"][0])
        linked = share.join(areas, left_on="lsoa_code", right_on="member_code")
        linked = linked.group_by("practice_code", "area_type", "area_code").agg(
            pl.col("area_name").first(), pl.col("parent_code").first(), pl.col("_share").sum()
        )
        placed = linked.join(p.select("practice_code", "practice_name"), on="practice_code")
        placed = placed.select(
            *base,
            "area_type",
            "area_code",
            "area_name",
            "parent_code",
            pl.col("_share").alias("weight"),
            pl.lit("registered_patients_by_lsoa").alias("attribution_method"),
        )
        return pl.concat([out, _shape(placed)])
    if "sub_icb_code" not in p.columns:
        return out
    cot = coterminous_places(geography)
    placed = p.join(cot, on="sub_icb_code").select(
        *base, pl.lit("district_ua").alias("area_type"), pl.col("lad_code").alias("area_code"),
        pl.col("lad_name").alias("area_name"), pl.lit(None).alias("parent_code"),
        pl.lit(1.0).alias("weight"), pl.lit("sub_icb_coterminous_with_place").alias("attribution_method"),
    )  # fmt: skip
    return pl.concat([out, _shape(placed)])


def area_regions(lsoa_members: pl.DataFrame) -> pl.DataFrame:
    """area_code -> region_code for LSOA-based areas lying in a single region."""
    regions = lsoa_members.filter(pl.col("area_type") == "region").select(
        "member_code", "vintage", pl.col("area_code").alias("region_code")
    )
    areas = lsoa_members.filter(~pl.col("area_type").is_in(["region", "england", "lsoa"]))
    joined = areas.join(regions, on=["member_code", "vintage"], how="inner", nulls_equal=True)
    found = joined.group_by("area_code").agg(pl.col("region_code").unique())
    return found.filter(pl.col("region_code").list.len() == 1).select(
        "area_code", pl.col("region_code").list.first()
    )
