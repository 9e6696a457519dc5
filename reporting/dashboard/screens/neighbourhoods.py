"""Neighbourhoods: a map of the place's areas for any indicator, a heat map and the gradient."""

from __future__ import annotations

import polars as pl
import streamlit as st

from models.indicators.comparisons import compare
from models.neighbourhoods.catalogue import FINGERTIPS_DOMAIN
from models.neighbourhoods.profile import (
    DOMAIN_ORDER,
    latest_rows,
    neighbourhood_matrix,
    row_labels,
    with_domains,
)
from reporting.dashboard import charts, maps, queries
from reporting.dashboard.state import current
from reporting.dashboard.style import ONS_ATTRIBUTION, PLOTLY_CONFIG
from reporting.dashboard.widgets import choose_series

# The default map: IMD score (IoD2025, then IoD2019), then the share aged 65+.
PREFERRED = (990101, 990109, 990303)
COLOUR_BY = {
    "value": "Value",
    "england": "Compared with England (95% CI)",
    "place": "Compared with the place (95% CI)",
}


def categorise(values: pl.DataFrame, colour_by: str, place_row: dict | None) -> pl.DataFrame:
    """`category`: the comparison with England or with the place, as published; with the place
    recomputed (95% CI against the place value) where the publisher gave none."""
    published = (
        "compared_to_place" in values.columns and values["compared_to_place"].drop_nulls().len()
    )
    if colour_by == "place" and published:
        return values.with_columns(category=pl.col("compared_to_place").fill_null("Not compared"))
    if colour_by == "place" and place_row and place_row.get("value") is not None:
        polarity = values["polarity"].drop_nulls()
        compared = compare(
            values.with_columns(benchmark=pl.lit(place_row["value"])),
            polarity=int(polarity[0]) if polarity.len() else 99,
            method="ci95",
        )
        label = "comparison" if "comparison" in compared.columns else compared.columns[-1]
        return compared.with_columns(category=pl.col(label))
    return values.with_columns(category=pl.col("compared_to_england").fill_null("Not compared"))


def _map(ctx, areas: pl.DataFrame) -> None:
    levels = [t for t in queries.AREA_TYPE_LABELS if t in set(areas["area_type"])]
    if not levels:
        st.info(
            f"No area shapes are published for {ctx.place_name} (publish.area_boundaries): "
            "put ONS boundary files in <data>/geography/boundaries/ and rebuild."
        )
        return
    left, middle, right = st.columns([1, 2, 2])
    level = left.radio(
        "Areas", levels, format_func=queries.AREA_TYPE_LABELS.get, key="nb_level", horizontal=False
    )
    codes = areas.filter(pl.col("area_type") == level)["area_code"].to_list()
    values = queries.baseline(ctx.warehouse, codes)
    if values.is_empty():
        st.info(
            f"No indicator is published for the {queries.AREA_TYPE_LABELS[level]} of {ctx.place_name} yet."
        )
        return
    with middle:
        series = choose_series(
            _in_domain(values, "nb_domain"), "nb_indicator", "indicator", prefer=PREFERRED
        )
    colour_by = right.radio(
        "Colour by", list(COLOUR_BY), format_func=COLOUR_BY.get, key="nb_colour", horizontal=True
    )
    first = series.row(0, named=True)
    place_rows = queries.baseline(ctx.warehouse, [ctx.place]).filter(
        (pl.col("indicator_id") == first["indicator_id"])
        & (pl.col("sex") == first["sex"])
        & (pl.col("age") == first["age"])
    )
    place_rows = place_rows.sort("period_sortable", descending=True, nulls_last=True)
    place_row = place_rows.row(0, named=True) if place_rows.height else None
    if colour_by == "place" and place_row is None:
        st.caption(
            f"{ctx.place_name} has no value for this indicator: coloured by England instead."
        )
    coloured = categorise(series, colour_by, place_row)
    shapes = queries.shapes(ctx.warehouse, ctx.place, level)
    unit = first.get("unit") or ""
    title = (
        f"{first['indicator']}{_sex_age(first, values)}: {queries.AREA_TYPE_LABELS[level]} of "
        f"{ctx.place_name}, {first['period']}{_vintage(first)}"
    )
    figure = maps.choropleth(
        shapes,
        coloured.select("area_code", "value", "lower_95", "upper_95", "period", "category"),
        "value" if colour_by == "value" else "category",
        title,
        unit,
        highlight=ctx.neighbourhood if level == "neighbourhood" else None,
        attribution=_attribution(shapes),
    )
    st.plotly_chart(figure, width="stretch", config=PLOTLY_CONFIG, key="nb_map")
    notes = [f"{shapes.height} areas, {series.height} with a value."]
    if first.get("england_value") is not None:
        notes.append(f"England {first['england_value']:.1f}{unit}.")
    if place_row and place_row["value"] is not None:
        notes.append(f"{ctx.place_name} {place_row['value']:.1f}{unit}.")
    notes.append(
        f"Source: publish.indicator_baseline ({first.get('value_source') or 'published values'}); "
        f"shapes: {shapes['geometry_source'][0] if 'geometry_source' in shapes.columns and shapes.height else '—'}."
    )
    st.caption(" ".join(notes))
    _chosen_area(ctx, coloured, unit)


def _attribution(shapes: pl.DataFrame) -> str:
    """ONS attribution, or a warning that the demo's shapes are invented."""
    sources = " ".join(shapes["geometry_source"].drop_nulls().unique().to_list())
    if "Demo_" in sources:
        return "Synthetic demo shapes (invented, not real boundaries); real codes and names."
    return ONS_ATTRIBUTION


def _chosen_area(ctx, coloured: pl.DataFrame, unit: str) -> None:
    if not ctx.neighbourhood:
        return
    row = coloured.filter(pl.col("area_code") == ctx.neighbourhood)
    if row.is_empty():
        return
    r = row.row(0, named=True)
    a, b, c = st.columns(3)
    a.metric(
        f"{ctx.neighbourhood_name}", f"{r['value']:.1f}{unit}" if r["value"] is not None else "–"
    )
    b.metric(
        "95% confidence interval",
        f"{r['lower_95']:.1f} to {r['upper_95']:.1f}" if r["lower_95"] is not None else "–",
    )
    c.metric("Compared", r["category"])


def _in_domain(values: pl.DataFrame, key: str) -> pl.DataFrame:
    """A select box of the indicator domains present (profile order); that domain's rows."""
    if "domain" not in values.columns:
        return values
    values = values.with_columns(pl.col("domain").fill_null(FINGERTIPS_DOMAIN))
    present = set(values["domain"])
    domains = [d for d in DOMAIN_ORDER if d in present] + sorted(present - set(DOMAIN_ORDER))
    counts = dict(values.group_by("domain").agg(pl.col("indicator_id").n_unique()).rows())
    domain = st.selectbox("Domain", domains, format_func=lambda d: f"{d} ({counts[d]})", key=key)
    return values.filter(pl.col("domain") == domain)


def _sex_age(row: dict, values: pl.DataFrame) -> str:
    """' (Female, 65+ yrs)' where the indicator has more than one sex x age series, else ''."""
    one = values.filter(pl.col("indicator_id") == row["indicator_id"])
    if one.select("sex", "age").n_unique() < 2:
        return ""
    extra = [v for v, dull in ((row.get("sex"), "Persons"), (row.get("age"), "All ages"))
             if v and v != dull]  # fmt: skip
    return f" ({', '.join(extra)})" if extra else ""


def _vintage(row: dict) -> str:
    return f" [{row['vintage']}]" if row.get("vintage") else ""


def _heatmap(ctx, areas: pl.DataFrame) -> None:
    level = "neighbourhood" if "neighbourhood" in set(areas["area_type"]) else "ward"
    codes = areas.filter(pl.col("area_type") == level)["area_code"].to_list()
    values = queries.baseline(ctx.warehouse, codes)
    st.subheader(f"{queries.AREA_TYPE_LABELS[level].capitalize()} × indicator")
    if values.is_empty():
        st.info("No indicators are published for these areas yet.")
        return
    # The place report's matrix (latest period, labelled, domain order); wards likewise.
    if level == "neighbourhood":
        matrix = neighbourhood_matrix(values, ctx.place)
    else:
        matrix = row_labels(with_domains(latest_rows(values))).sort("domain", "label")
    if matrix.is_empty() or "compared_to_place" not in matrix.columns:
        st.info("No area of this place has a comparison with the place published yet.")
        return
    present = matrix["domain"].unique(maintain_order=True).to_list()
    chosen = st.multiselect("Domains", present, default=present[:2], key="nb_heat_domains")
    matrix = matrix.filter(pl.col("domain").is_in(chosen))
    if matrix.is_empty():
        st.info("Choose a domain to draw.")
        return
    st.plotly_chart(
        charts.heatmap(
            matrix.select(
                "area_name", pl.col("label").alias("indicator"), "value", "compared_to_place"
            ),
            f"{ctx.place_name}: {queries.AREA_TYPE_LABELS[level]} compared with the place "
            "(95% CI; numbers are the values)",
        ),
        width="stretch",
        config=PLOTLY_CONFIG,
    )
    st.caption(
        "Latest period of each indicator. Better/worse where the indicator has a direction, "
        "else higher/lower; 'Not compared' where there is no interval or no place value. "
        "Source: publish.indicator_baseline (compared_to_place)."
    )


BASES = {
    "local": "IMD quintile within the place (PHOF method)",
    "national": "national IMD quintile",
}


def _gradient(ctx) -> None:
    st.subheader("Deprivation gradient")
    rows = ctx.warehouse.view(
        "indicator_inequality", "place_code = ? AND imd_quintile IS NOT NULL", (ctx.place,)
    )
    if rows.is_empty():
        st.info(f"No deprivation gradient is published for {ctx.place_name}.")
        return
    rows = queries.with_labels(rows)
    if "quintile_basis" in rows.columns:
        bases = [b for b in BASES if b in set(rows["quintile_basis"].to_list())]
        basis = st.radio(
            "IMD quintiles", bases, format_func=BASES.get, horizontal=True, key="nb_basis"
        )
        rows = rows.filter(rows["quintile_basis"] == basis)
    else:
        basis = "national"
    series = choose_series(rows, "nb_gradient")
    first = series.row(0, named=True)
    title = (
        f"{first['indicator']} by {BASES[basis]}, {ctx.place_name} {first['period']}: "
        f"SII {first['sii']:.1f} (95% CI {first['sii_lower_95']:.1f} to {first['sii_upper_95']:.1f})"
        if first.get("sii") is not None
        else f"{first['indicator']} by IMD quintile, {ctx.place_name}"
    )
    unit = "%" if "%" in first["indicator"] or "prevalence" in first["indicator"] else ""
    st.plotly_chart(charts.gradient(series, title, unit), width="stretch", config=PLOTLY_CONFIG)
    st.caption(
        f"Source: publish.indicator_inequality ({first['small_area_type'].upper()}s grouped by "
        f"IoD{first['iod_edition']} quintile; SII by the PHE method, Monte-Carlo CI)."
    )


def page() -> None:
    """The Neighbourhoods page."""
    ctx = current()
    title = f"{ctx.place_name}: neighbourhoods"
    if ctx.neighbourhood:
        title += f" — {ctx.neighbourhood_name} outlined"
    st.title(title)
    areas = queries.areas_in_place(ctx.warehouse, ctx.place)
    _map(ctx, areas)
    _heatmap(ctx, areas)
    _gradient(ctx)
