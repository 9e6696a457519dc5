"""Neighbourhood definitions: checked ward-based files, documented defaults, LSOA membership.

A place's neighbourhoods come from a definition file (ward -> neighbourhood, e.g. Sandwell's six
towns or the Birmingham and Solihull localities) or, where none exists, from the default rule:
the place's 2011 MSOAs in ONS order (their numbers run across the district), cut into
k = max(1, round(population / 40,000)) contiguous groups of about equal mid-2020 population
(so each holds roughly 30-50k people), each named after its two most populous MSOAs in the
House of Commons Library MSOA names. LSOA 2021 membership follows the LSOA 2011 -> 2021
lookup wherever a ward of the definition does not exist in the 2024 ward lookup.
"""

from __future__ import annotations

import polars as pl

from models.baselines.hierarchy import neighbourhood_code

TARGET_POPULATION = 40_000
ENGLISH_LA = r"^E0[6-9]\d{6}$"
MEMBERSHIP = {
    "lsoa_code": pl.String, "vintage": pl.Int64, "place_code": pl.String,
    "neighbourhood_code": pl.String, "neighbourhood_name": pl.String, "basis": pl.String,
}  # fmt: skip


class DefinitionError(ValueError):
    """A neighbourhood definition or place setting that cannot be used; names file and row."""


def english_places(geography: pl.DataFrame) -> pl.DataFrame:
    """Every English local authority of the latest lookup vintage: place_code, place_name."""
    latest = geography.filter(pl.col("lsoa_vintage") == pl.col("lsoa_vintage").max())
    return (
        latest.filter(pl.col("lad_code").str.contains(ENGLISH_LA))
        .unique("lad_code", keep="first")
        .select(pl.col("lad_code").alias("place_code"), pl.col("lad_name").alias("place_name"))
        .sort("place_code")
    )


def resolve_places(requested: list[str], geography: pl.DataFrame) -> pl.DataFrame:
    """The configured places (codes or 'all') checked against the lookups, with names."""
    known = english_places(geography)
    older = geography.filter(pl.col("lad_code").str.contains(ENGLISH_LA))
    older = older.unique("lad_code").select(
        pl.col("lad_code").alias("place_code"), pl.col("lad_name").alias("place_name")
    )
    if [c.strip().lower() for c in requested] == ["all"]:
        return known
    codes = [c.strip().upper() for c in requested if c.strip()]
    known = pl.concat([known, older.join(known, on="place_code", how="anti")])
    bad = [c for c in codes if c not in set(known["place_code"])]
    if bad:
        raise DefinitionError(
            f"setting 'places': {', '.join(bad)} is not an English local authority code "
            "(E06/E07/E08/E09 in the geography lookups)"
        )
    order = pl.DataFrame({"place_code": codes}).with_row_index("_o")
    return (
        order.join(known, on="place_code")
        .sort("_o")
        .drop("_o")
        .unique("place_code", maintain_order=True)
    )


def check_definitions(definitions: pl.DataFrame, geography: pl.DataFrame) -> pl.DataFrame:
    """Ward definitions (with source_file, source_row) checked against the lookups.

    Errors name the file and row: a ward not in the place in any lookup vintage, a ward in two
    neighbourhoods. Exact duplicate rows (one ward listed twice alike) are dropped.
    """
    d = definitions.with_columns(
        pl.col("place_code").str.strip_chars(), pl.col("ward_code").str.strip_chars(),
        pl.col("neighbourhood").str.strip_chars(),
    ).unique(["place_code", "ward_code", "neighbourhood"], keep="first", maintain_order=True)  # fmt: skip
    wards = geography.select(pl.col("lad_code").alias("place_code"), "ward_code").unique()
    missing = d.join(wards, on=["place_code", "ward_code"], how="anti")
    if missing.height:
        r = missing.row(0, named=True)
        raise DefinitionError(
            f"{r['source_file']}, row {r['source_row']}, column 'ward_code': ward "
            f"{r['ward_code']} is not in the ward lookups for place {r['place_code']}"
        )
    twice = d.filter(pl.col("ward_code").is_duplicated()).sort("ward_code", "source_row")
    if twice.height:
        a, b = twice.row(0, named=True), twice.row(1, named=True)
        raise DefinitionError(
            f"{b['source_file']}, row {b['source_row']}, column 'neighbourhood': ward "
            f"{b['ward_code']} is in '{b['neighbourhood']}' and also in '{a['neighbourhood']}' "
            f"({a['source_file']}, row {a['source_row']})"
        )
    return d


def ward_membership(
    definitions: pl.DataFrame, geography: pl.DataFrame, lsoa_changes: pl.DataFrame | None
) -> pl.DataFrame:
    """LSOA (both vintages) -> neighbourhood for places with a ward definition."""
    d = definitions.select(
        "place_code", "ward_code",
        neighbourhood_code(pl.col("place_code"), pl.col("neighbourhood")).alias(
            "neighbourhood_code"),
        pl.col("neighbourhood").alias("neighbourhood_name"),
        pl.concat_str(pl.lit("ward_definition:"), pl.col("source_file")).alias("basis"),
    )  # fmt: skip
    g = geography.select(
        "lsoa_code", pl.col("lsoa_vintage").alias("vintage"), "ward_code",
        pl.col("lad_code").alias("place_code"),
    ).unique()  # fmt: skip
    direct = g.join(d, on=["place_code", "ward_code"]).drop("ward_code")
    out = _with_2021(direct, g.filter(pl.col("place_code").is_in(d["place_code"].unique().implode())),
                     lsoa_changes)  # fmt: skip
    return _shape(out)


def _with_2021(
    members: pl.DataFrame, place_lsoas: pl.DataFrame, lsoa_changes: pl.DataFrame | None
) -> pl.DataFrame:
    """Add LSOA 2021 members not matched directly, through the 2011 -> 2021 lookup (mode)."""
    if lsoa_changes is None or lsoa_changes.is_empty():
        return members
    have = members.filter(pl.col("vintage") == 2021).select("lsoa_code")
    want = place_lsoas.filter(pl.col("vintage") == 2021).select("lsoa_code", "place_code")
    todo = want.join(have, on="lsoa_code", how="anti")
    if todo.is_empty() and want.height:
        return members
    old = members.filter(pl.col("vintage") == 2011).drop("vintage", "place_code")
    mapped = (
        lsoa_changes.select(pl.col("lsoa11_code").alias("lsoa_code"), "lsoa21_code")
        .join(old, on="lsoa_code")
        .group_by("lsoa21_code", "neighbourhood_code")
        .agg(pl.col("neighbourhood_name").first(), pl.col("basis").first(), pl.len().alias("_n"))
        .sort("_n", "neighbourhood_code", descending=[True, False])
        .unique("lsoa21_code", keep="first")
        .rename({"lsoa21_code": "lsoa_code"})
    )
    if want.height:
        mapped = mapped.join(todo, on="lsoa_code")
    else:
        place = members.select("neighbourhood_code", "place_code").unique()
        mapped = mapped.join(place, on="neighbourhood_code")
    mapped = mapped.with_columns(pl.lit(2021, pl.Int64).alias("vintage")).drop("_n")
    return pl.concat([members, mapped.select(members.columns)])


def _lsoa11_of(
    places: list[str], geography: pl.DataFrame, lsoa_changes: pl.DataFrame | None
) -> pl.DataFrame:
    """LSOA 2011 rows of `places`, with lad_code set to the place; places created after 2019
    (e.g. Somerset, North Yorkshire) reach their 2011 LSOAs through the 2011 -> 2021 lookup."""
    g11 = geography.filter(pl.col("lsoa_vintage") == 2011)
    direct = g11.filter(pl.col("lad_code").is_in(places))
    if lsoa_changes is None or lsoa_changes.is_empty():
        return direct
    new = geography.filter(
        (pl.col("lsoa_vintage") == 2021)
        & pl.col("lad_code").is_in(places)
        & ~pl.col("lad_code").is_in(direct["lad_code"].unique().implode())
    ).select(pl.col("lsoa_code").alias("lsoa21_code"), pl.col("lad_code").alias("_place"))
    if new.is_empty():
        return direct
    via = lsoa_changes.join(new, on="lsoa21_code").unique("lsoa11_code")
    via = g11.join(via.select(pl.col("lsoa11_code").alias("lsoa_code"), "_place"), on="lsoa_code")
    via = via.with_columns(pl.col("_place").alias("lad_code")).drop("_place")
    return pl.concat([direct, via])


def default_membership(
    places: list[str],
    geography: pl.DataFrame,
    msoa_population: pl.DataFrame,
    lsoa_changes: pl.DataFrame | None,
    lsoa_population: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Default neighbourhoods for `places`: contiguous 2011 MSOA groups of ~40k people
    (whole wards instead where no MSOA lookup is loaded; `lsoa_population` then weighs them).

    `msoa_population`: msoa_code, population. Geography must carry msoa_code, msoa_name and
    msoa_hcl_name on its LSOA 2011 rows.
    """
    g = _lsoa11_of(places, geography, lsoa_changes)
    if g.is_empty():
        return _shape(pl.DataFrame())
    basis = "default_msoa11_groups_40k"
    if "msoa_code" not in g.columns or g["msoa_code"].null_count() == g.height:
        # No MSOA lookup loaded: group whole wards instead, named after the wards.
        basis = "default_ward_groups_40k"
        g = g.with_columns(
            pl.col("ward_code").alias("msoa_code"), pl.col("ward_name").alias("msoa_name"),
            pl.col("ward_name").alias("msoa_hcl_name"),
        )  # fmt: skip
        if lsoa_population is None:  # no estimates: an LSOA holds about 1,600 people
            lsoa_population = (
                g.select("lsoa_code").unique().with_columns(pl.lit(1600.0).alias("population"))
            )
        msoa_population = (
            g.select("lsoa_code", "msoa_code").unique("lsoa_code")
            .join(lsoa_population, on="lsoa_code", how="left")
            .group_by("msoa_code").agg(pl.col("population").sum())
        )  # fmt: skip
    msoas = (
        g.group_by("lad_code", "msoa_code")
        .agg(pl.col("msoa_name").first(), pl.col("msoa_hcl_name").first())
        .join(msoa_population, on="msoa_code", how="left")
        .with_columns(
            pl.col("population").fill_null(0).cast(pl.Float64),
            pl.col("msoa_name").str.extract(r"(\d+)\s*$").cast(pl.Int64).alias("_number"),
            pl.col("msoa_name").str.replace(r"\s*\d+\s*$", "").alias("_district"),
        )
        .sort("lad_code", "_district", "_number", "msoa_code")
    )
    total = pl.col("population").sum().over("lad_code")
    groups = (total / TARGET_POPULATION).round(0).clip(lower_bound=1)
    midpoint = pl.col("population").cum_sum().over("lad_code") - pl.col("population") / 2
    msoas = msoas.with_columns((midpoint / (total / groups)).floor().cast(pl.Int64).alias("_group"))
    ranked = msoas.sort("population", descending=True)
    names = ranked.group_by("lad_code", "_group", maintain_order=True).agg(
        pl.coalesce("msoa_hcl_name", "msoa_name").head(2).alias("_names")
    )
    names = names.with_columns(pl.col("_names").list.sort().list.join(", ").alias("_name"))
    # The same two names twice in one place (rare) get the group number.
    dup = pl.col("_name").is_duplicated().over("lad_code")
    names = names.with_columns(
        pl.when(dup).then(pl.format("{} ({})", "_name", pl.col("_group") + 1))
        .otherwise("_name").alias("neighbourhood_name")
    )  # fmt: skip
    members = (
        g.select("lsoa_code", pl.col("lad_code").alias("place_code"), "msoa_code", "lad_code")
        .join(msoas.select("msoa_code", "_group"), on="msoa_code")
        .join(names.select("lad_code", "_group", "neighbourhood_name"), on=["lad_code", "_group"])
        .select(
            "lsoa_code", pl.lit(2011, pl.Int64).alias("vintage"), "place_code",
            neighbourhood_code(pl.col("place_code"), pl.col("neighbourhood_name")).alias(
                "neighbourhood_code"),
            "neighbourhood_name", pl.lit(basis).alias("basis"),
        )
    )  # fmt: skip
    place_lsoas = geography.filter(pl.col("lad_code").is_in(places)).select(
        "lsoa_code", pl.col("lsoa_vintage").alias("vintage"), pl.col("lad_code").alias("place_code")
    )
    return _shape(_with_2021(members, place_lsoas, lsoa_changes))


def neighbourhood_membership(
    places: pl.DataFrame,
    definitions: pl.DataFrame | None,
    geography: pl.DataFrame,
    msoa_population: pl.DataFrame,
    lsoa_changes: pl.DataFrame | None = None,
    lsoa_population: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """LSOA -> neighbourhood for every configured place: its definition, else the default."""
    parts = []
    defined: set[str] = set()
    if definitions is not None and definitions.height:
        d = definitions.filter(pl.col("place_code").is_in(places["place_code"].implode()))
        if d.height:
            d = check_definitions(d, geography)
            parts.append(ward_membership(d, geography, lsoa_changes))
            defined = set(d["place_code"])
    rest = [c for c in places["place_code"] if c not in defined]
    if rest:
        parts.append(
            default_membership(rest, geography, msoa_population, lsoa_changes, lsoa_population)
        )
    return pl.concat(parts) if parts else _shape(pl.DataFrame())


def _shape(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in MEMBERSHIP.items()
    )


def successor_place_rows(
    lsoa_members: pl.DataFrame, membership: pl.DataFrame, places: pl.DataFrame
) -> pl.DataFrame:
    """`district_ua` hierarchy rows for configured places that a lookup vintage predates.

    Places formed since 2019 (e.g. Somerset, North Yorkshire) have no district in the LSOA 2011
    lookup, so their IoD2019 and population values would have no place to compare with; their
    neighbourhoods' 2011 LSOAs are added to the place as members (`lsoa_2011_to_2021_lookup`).
    """
    districts = lsoa_members.filter(pl.col("area_type") == "district_ua")
    have = districts.select(pl.col("area_code").alias("place_code"), "vintage").unique()
    need = membership.join(have, on=["place_code", "vintage"], how="anti")
    if need.is_empty():
        return lsoa_members.clear()
    old = districts.select("member_code", "vintage", "member_name", "parent_code", "member_type")
    rows = (
        need.select(pl.col("lsoa_code").alias("member_code"), "vintage", "place_code")
        .join(old, on=["member_code", "vintage"])
        .join(places.select("place_code", "place_name"), on="place_code")
        .with_columns(
            pl.lit("district_ua").alias("area_type"), pl.col("place_code").alias("area_code"),
            pl.col("place_name").alias("area_name"), pl.lit(1.0).alias("weight"),
            pl.lit("lsoa_2011_to_2021_lookup").alias("attribution_method"),
        )
    )  # fmt: skip
    return rows.select(lsoa_members.columns).cast(dict(lsoa_members.schema))
