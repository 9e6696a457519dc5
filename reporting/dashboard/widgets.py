"""Widgets shared by the pages: the indicator-series chooser (kept in the URL when asked)."""

from __future__ import annotations

import polars as pl
import streamlit as st

SERIES_KEYS = ["indicator_id", "sex", "age"]


def series_label(row: dict, ambiguous: bool) -> str:
    """The indicator's label, with sex and age when the indicator has more than one series."""
    label = row["indicator"]
    return f"{label} — {row['sex']}, {row['age']}" if ambiguous else label


def choose_series(
    rows: pl.DataFrame,
    key: str,
    param: str | None = None,
    widest: bool = False,
    prefer: tuple[int, ...] = (),
) -> pl.DataFrame:
    """A select box of the indicator series in `rows`; returns that series' rows.

    With `param`, the chosen indicator id is read from and written to that query parameter;
    with `widest`, the series with the most areas in its latest period is the default (one with
    counts for 3+ areas, so a funnel can be drawn, where there is one); else the first of the `prefer`
    indicator ids present, else the first by name.
    """
    series = rows.select(*SERIES_KEYS, "indicator").unique().sort("indicator", "sex", "age")
    repeated = set(series.filter(pl.col("indicator_id").is_duplicated())["indicator_id"])
    labels = {
        (r["indicator_id"], r["sex"], r["age"]): series_label(r, r["indicator_id"] in repeated)
        for r in series.iter_rows(named=True)
    }
    wanted = st.query_params.get(param) if param else None
    options = list(labels)
    default = 0
    if widest:
        counted = pl.col("count").is_not_null().sum() if "count" in rows.columns else pl.lit(0)
        latest = rows.filter(pl.col("period") == pl.col("period").max().over(SERIES_KEYS))
        sizes = (
            latest.group_by(SERIES_KEYS)
            .agg(pl.len().alias("len"), counted.alias("counted"))
            .with_columns((pl.col("counted") >= 3).alias("funnel"))
            .sort("funnel", "len", "counted", "indicator_id", descending=True)
        )  # one with counts (a funnel can be drawn) first, then the most areas
        top = sizes.row(0)[:3]
        default = options.index(top) if top in labels else 0
    else:
        ranked = sorted(range(len(options)), key=lambda i: options[i][1] != "Persons")
        default = next((i for p in prefer for i in ranked if options[i][0] == p), 0)
    index = next((i for i, o in enumerate(options) if str(o[0]) == wanted), default)
    chosen = st.selectbox("Indicator", options, index=index, format_func=labels.get, key=key)
    if param:
        st.query_params[param] = str(chosen[0])
    return rows.filter(
        (pl.col("indicator_id") == chosen[0])
        & (pl.col("sex") == chosen[1])
        & (pl.col("age") == chosen[2])
    )
