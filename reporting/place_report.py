"""The self-contained HTML report for one place."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import jinja2
import polars as pl
from markupsafe import Markup

from models.neighbourhoods.profile import neighbourhood_matrix, spine_rows
from models.reports.place_profile import status_summary
from reporting.charts import png_bytes
from reporting.charts.demand import demand_chart
from reporting.charts.maturity import maturity_radar
from reporting.charts.place import funnel_chart, gradient_chart, register_chart
from reporting.charts.targets import target_figures
from reporting.profile_html import heatmap_html, spine_html

TEMPLATES = Path(__file__).with_name("templates")
ICONS = {
    "achieved": "✔",
    "on_track": "▲",
    "at_risk": "◆",
    "off_track": "✖",
    "not_yet_measurable": "…",
    "incomplete_target": "?",
}


@dataclass
class PlaceTables:
    """The published tables, already filtered to one place where that makes sense."""

    trajectory: pl.DataFrame
    baseline: pl.DataFrame  # all areas (peers are needed for the spine chart)
    inequality: pl.DataFrame
    registers: pl.DataFrame
    quality: pl.DataFrame
    targets: pl.DataFrame = field(default_factory=pl.DataFrame)  # the place's registry rows
    demand: pl.DataFrame = field(default_factory=pl.DataFrame)  # publish.demand_projection
    maturity: pl.DataFrame = field(default_factory=pl.DataFrame)  # publish.maturity_scores
    funnel_points: pl.DataFrame = field(default_factory=pl.DataFrame)
    funnel_limits: pl.DataFrame = field(default_factory=pl.DataFrame)
    spine: pl.DataFrame | None = None  # models.neighbourhoods.profile.spine_rows; else derived
    matrix: pl.DataFrame | None = None  # models.neighbourhoods.profile.neighbourhood_matrix


def _b64(png: bytes | None) -> str | None:
    return base64.b64encode(png).decode() if png else None


def html_table(frame: pl.DataFrame, limit: int = 60) -> str:
    """A small escaped HTML table of the first `limit` rows."""
    if frame.is_empty():
        return ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>"
        for row in frame.head(limit).iter_rows()
    )
    more = f"<p class='note'>{frame.height - limit} more rows in the warehouse.</p>"
    return f"<table><tr>{head}</tr>{body}</table>" + (more if frame.height > limit else "")


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


INEQUALITY_SHOWN = [
    "indicator_name",
    "period",
    "quintile_basis",
    "imd_quintile",
    "value",
    "lower_95",
    "upper_95",
    "sii",
    "sii_lower_95",
    "sii_upper_95",
    "rii",
    "rii_lower_95",
    "rii_upper_95",
    "note",
]
FUNNEL_PREFERENCE = [241, 219, 273]  # diabetes, hypertension, CHD registers first
FUNNEL_KEY = ["indicator_id", "age", "period"]
FUNNEL_SHOWN = ["practice_code", "practice_name", "register", "list_size", "value",
                "lower_99_8", "upper_99_8", "significance"]  # fmt: skip


def _interval(row: dict, name: str) -> str:
    """'1.2 (95% CI 0.9 to 1.5)' for sii / rii, or '—'."""
    if row.get(name) is None:
        return "—"
    lo, hi = _fmt(row.get(f"{name}_lower_95")), _fmt(row.get(f"{name}_upper_95"))
    return f"{_fmt(row[name])} (95% CI {lo} to {hi})"


def _gradient(inequality: pl.DataFrame) -> tuple[bytes | None, pl.DataFrame, dict | None]:
    """The first indicator's gradient chart (national and local quintiles side by side), the
    compact table, and the headline: that indicator's SII/RII on local quintiles (the PHOF
    within-area basis), or on national ones where a place has no local rows."""
    if not ({"imd_quintile", "value"} <= set(inequality.columns) and inequality.height):
        return None, inequality, None
    if "quintile_basis" not in inequality.columns:
        inequality = inequality.with_columns(pl.lit("national").alias("quintile_basis"))
    rows = inequality.filter(pl.col("imd_quintile").is_not_null())
    chart, headline = None, None
    if rows.height:
        first = rows.row(0, named=True)["indicator_id"]
        subset = rows.filter(pl.col("indicator_id") == first)
        local = subset.filter(pl.col("quintile_basis") == "local")
        key = (local if local.height else subset).row(0, named=True)
        headline = {
            "indicator": key["indicator_name"], "period": key.get("period"),
            "basis": key["quintile_basis"], "sii": _interval(key, "sii"),
            "rii": _interval(key, "rii"),
        }  # fmt: skip
        chart = gradient_chart(
            subset.rename({"imd_quintile": "quantile", "quintile_basis": "basis"}),
            f"{key['indicator_name']} by IMD quintile; {key['quintile_basis']} quintiles: "
            f"SII {_interval(key, 'sii')}; RII {_fmt(key.get('rii'))}",
        )
    shown = inequality.select([c for c in INEQUALITY_SHOWN if c in inequality.columns])
    return chart, shown, headline


def _funnel(points: pl.DataFrame, limits: pl.DataFrame) -> tuple[bytes | None, pl.DataFrame, str]:
    """One register's practice funnel (diabetes first), practices outside 99.8%, and a title."""
    if points.is_empty() or not set(FUNNEL_KEY) <= set(points.columns):
        return None, pl.DataFrame(), ""
    rank = pl.col("indicator_id").replace_strict(
        {k: i for i, k in enumerate(FUNNEL_PREFERENCE)}, default=len(FUNNEL_PREFERENCE)
    )
    key = points.sort(rank, "indicator_id", "age").row(0, named=True)
    match = pl.all_horizontal(pl.col(c) == key[c] for c in FUNNEL_KEY)
    mine, curve = points.filter(match), limits.filter(match) if limits.height else limits
    title = f"{key['indicator_name']} ({key['age']}, {key['period']}): {mine.height} practices"
    if key.get("funnel_scope") == "sub_icb":
        title += f" of {key['funnel_area_name']} (none can be attributed to this place alone)"
    outside = mine.filter(pl.col("significance").str.ends_with("(0.001)"))
    return funnel_chart(mine, curve, title), outside.select(FUNNEL_SHOWN), title


def render_place_report(
    place_code: str,
    place_name: str,
    tables: PlaceTables,
    data_dir_label: str,
    provenance: str,
) -> str:
    """The report's HTML: targets, spine chart, neighbourhoods, gradient, registers, quality."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["j2"])
    )
    targets = status_summary(tables.trajectory)
    counts = targets.group_by("status").len().sort("status").rows() if targets.height else []
    gradient, inequality, inequality_headline = _gradient(tables.inequality)
    funnel_img, funnel_outliers, funnel_title = _funnel(tables.funnel_points, tables.funnel_limits)
    spine = tables.spine if tables.spine is not None else spine_rows(tables.baseline, place_code)
    matrix = tables.matrix
    if matrix is None:
        matrix = neighbourhood_matrix(tables.baseline, place_code)
    registers_img, registers = None, tables.registers
    if {"neighbourhood", "risk_band", "people", "age_band"} <= set(registers.columns):
        registers = registers.filter(pl.col("age_band") == "all").select(
            "neighbourhood", "risk_band", "people"
        )
        registers_img = register_chart(registers)
    return environment.get_template("place_report.html.j2").render(
        place_code=place_code,
        place_name=place_name,
        built_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        data_dir_label=data_dir_label,
        provenance=provenance,
        icons=ICONS,
        status_counts=counts,
        targets=targets.to_dicts() if targets.height else [],
        target_charts=_target_charts(tables),
        spine=Markup(spine_html(spine)),
        heatmap=Markup(heatmap_html(matrix)),
        neighbourhood_count=matrix["area_code"].n_unique() if matrix.height else 0,
        inequality=Markup(html_table(inequality)),
        gradient_img=_b64(gradient),
        inequality_headline=inequality_headline,
        funnel_img=_b64(funnel_img),
        funnel_title=funnel_title,
        funnel_outliers=Markup(html_table(funnel_outliers)),
        register_img=_b64(registers_img),
        registers=Markup(html_table(registers)),
        quality=Markup(html_table(tables.quality)),
        fmt=_fmt,
        pct=_pct,
        demand_img=_b64(_figure_png(demand_chart, tables.demand, place_code)),
        maturity_img=_b64(_figure_png(maturity_radar, tables.maturity, place_code)),
    )


def _target_charts(tables: PlaceTables) -> list[tuple[str, str]]:
    """(target id, base64 PNG) of the place's target charts, by target id."""
    if tables.trajectory.is_empty() or tables.targets.is_empty():
        return []
    charts = target_figures(tables.trajectory, tables.targets)
    return sorted((target, _b64(png_bytes(figure))) for target, _, figure in charts)


def _figure_png(chart, frame: pl.DataFrame, place_code: str) -> bytes | None:
    """PNG of `chart(frame, place_code)`, or None when the frame has no rows for the place."""
    return None if frame.is_empty() else png_bytes(chart(frame, place_code))
