"""Data quality: the latest verdict per table and the information-governance summary."""

from __future__ import annotations

import polars as pl
import streamlit as st

from models.quality.report import summarise
from reporting.dashboard.state import current

STATUS_ICONS = {"passed": "✔ passed", "passed with warnings": "◆ warnings", "blocked": "✖ blocked"}


RETIRED_CHECKS = r"(^|_)quality_(error|warn)$"  # as sql/quality/latest_results.sql


def latest_results(history: pl.DataFrame) -> pl.DataFrame:
    """The rows of the last run of each current check on each asset (as the quality report)."""
    current = history.filter(~pl.col("check_name").str.contains(RETIRED_CHECKS))
    last = pl.col("checked_at") == pl.col("checked_at").max().over("asset", "check_name")
    return current.filter(last).sort("asset", "severity", "passed", "expectation")


def page() -> None:
    """The Data quality page."""
    ctx = current()
    st.title("Data quality and information governance")
    history = ctx.warehouse.view("data_quality")
    if history.is_empty():
        st.info("No quality checks are recorded in this warehouse (publish.data_quality).")
        return
    summary = summarise(latest_results(history))
    ok = summary["ig_ok"]
    (st.success if ok else st.error)(
        "Information governance: "
        + (
            "every published table was screened for identifiers and disclosure control passed."
            if ok
            else "problems found — " + "; ".join(summary["ig_problems"])
        )
    )
    tables = pl.DataFrame(summary["tables"])
    blocked = len(summary["blocked"])
    a, b, c = st.columns(3)
    a.metric("Tables checked", tables.height)
    b.metric("Expectations", summary["expectations"])
    c.metric("Tables blocked", blocked)
    st.subheader("Latest verdict per table")
    st.dataframe(
        tables.with_columns(
            status=pl.col("status").replace_strict(STATUS_ICONS, default=pl.col("status"))
        ).select("asset", "status", "checked", "errors", "warnings", "skipped", "checked_at"),
        hide_index=True,
    )
    if summary["failures"]:
        st.subheader("What failed")
        st.dataframe(
            pl.DataFrame(summary["failures"]).select(
                "severity", "asset", pl.col("plain").alias("check"), "message"
            ),
            hide_index=True,
        )
    docs = ctx.reports / "data_quality" if ctx.reports else None
    if docs and (docs / "summary.html").exists():
        data_docs = docs / "data_docs" / "index.html"
        st.markdown(
            f"Full detail: [one-page summary]({(docs / 'summary.html').resolve().as_uri()}) and "
            f"[Great Expectations Data Docs]({data_docs.resolve().as_uri()}) — files on the "
            "machine that ran the build; if your browser will not follow a file link from a web "
            f"page, open `{data_docs}` directly."
        )
    st.caption("Source: publish.data_quality (latest result of each expectation).")
