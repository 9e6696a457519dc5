"""Trajectory-vs-target chart for one target × area (a matplotlib Figure; the caller saves it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import polars as pl
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from models.targets.forecast import forecast_fan
from models.targets.tracking import EPOCH
from models.targets.trajectory import DAYS_PER_YEAR, trajectory_value

STATUS_COLOURS = {
    "achieved": "#007f3b",
    "on_track": "#007f3b",
    "at_risk": "#ffb81c",
    "off_track": "#d5281b",
    "not_yet_measurable": "#768692",
    "incomplete_target": "#768692",
}


def _x(d: dt.date) -> float:
    return (d - EPOCH).days / DAYS_PER_YEAR


def _year(d: dt.date) -> float:
    """Calendar year as a decimal, the chart's x axis (date axes are slow to draw)."""
    return EPOCH.year + _x(d)


def _trajectory_line(target: pl.DataFrame) -> tuple[list[float], list[float]]:
    row = target.row(0, named=True)
    start, end = row["baseline_date"], row["target_date"]
    if not row["complete"]:
        return [], []
    days = [start + dt.timedelta(days=d) for d in range(0, (end - start).days + 1, 30)] + [end]
    grid = pl.DataFrame({"target_id": row["target_id"], "area_code": row["area_code"], "d": days})
    values = trajectory_value(target, grid, "d")
    return [_year(d) for d in days], values.to_list()


def target_chart(rows: pl.DataFrame, target: pl.DataFrame) -> Figure:
    """Actuals with 95% CIs, trajectory, target and forecast fan for one target × area.

    `rows` are that target × area's rows of publish.trajectory_vs_target; `target` its row of
    the registry frame.
    """
    info = target.row(0, named=True)
    fig = Figure(figsize=(7.5, 4.2), dpi=100)
    ax = fig.add_subplot()
    data = rows.filter(pl.col("actual_value").is_not_null()).sort("period_date")
    days, values = _trajectory_line(target)
    if days:
        ax.plot(days, values, color="#005eb8", lw=1.5, ls="--", label="trajectory")
        ax.plot(
            [_year(info["baseline_date"])],
            [info["baseline_value"]],
            "o",
            color="#005eb8",
            mfc="white",
            label="baseline",
        )
    if info["target_value"] is not None and info["target_date"] is not None:
        ax.plot(
            [_year(info["target_date"])],
            [info["target_value"]],
            "*",
            ms=14,
            color="#005eb8",
            label="target",
        )
    if data.height:
        _fan(ax, data, info)
        lower = (data["actual_value"] - data["actual_lower_95"]).fill_null(0).to_list()
        upper = (data["actual_upper_95"] - data["actual_value"]).fill_null(0).to_list()
        years = [_year(d) for d in data["period_date"].to_list()]
        ax.errorbar(
            years,
            data["actual_value"].to_list(),
            yerr=[lower, upper],
            fmt="o-",
            color="#231f20",
            ms=4,
            lw=1,
            capsize=2,
            label="actual (95% CI)",
        )
    latest = rows.sort("period_date", nulls_last=True).tail(1).row(0, named=True)
    status = latest["status"]
    ax.set_title(f"{info['title']} — {latest['area_name'] or info['area_code']}", fontsize=10)
    ax.text(
        0.01,
        0.98,
        f"status: {status.replace('_', ' ')}",
        transform=ax.transAxes,
        va="top",
        fontsize=9,
        color=STATUS_COLOURS.get(status, "black"),
    )
    ax.set_ylabel(info["unit"] or "value")
    ax.set_xlabel("year (periods plotted at their end date)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    fig.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.13)
    return fig


def _fan(ax: object, data: pl.DataFrame, info: dict) -> None:
    """Shade the 80% and 95% prediction intervals from the last point to the target date."""
    if info["target_date"] is None:
        return
    last = data["period_date"].max()
    if last >= info["target_date"]:
        return
    start, end = _x(last), _x(info["target_date"])
    at_x = [start + (end - start) * i / 20 for i in range(21)]
    series = data.rename(
        {
            "actual_value": "value",
            "actual_lower_95": "lower_ci_95",
            "actual_upper_95": "upper_ci_95",
        }
    )
    series = series.with_columns(
        x=pl.col("period_date").map_elements(_x, return_dtype=pl.Float64),
        target_x=pl.lit(end),
        value_type=pl.lit(info["value_type"]),
    )
    fan = forecast_fan(series, at_x, ["target_id", "area_code"])
    if fan.is_empty() or fan["forecast_at_target_date"].null_count() == fan.height:
        return
    dates = [EPOCH.year + x for x in at_x]
    for lo, hi, alpha in (("lower_95", "upper_95", 0.15), ("lower_80", "upper_80", 0.3)):
        ax.fill_between(
            dates,
            fan[f"forecast_{lo}"].to_list(),
            fan[f"forecast_{hi}"].to_list(),
            color="#768692",
            alpha=alpha,
            lw=0,
        )
    ax.plot(
        dates,
        fan["forecast_at_target_date"].to_list(),
        color="#768692",
        lw=1,
        label="forecast (80%, 95% PI)",
    )


def target_figures(
    table: pl.DataFrame, registry: pl.DataFrame
) -> Iterator[tuple[str, str, Figure]]:
    """(target id, area code, chart) per target × area with data or a complete trajectory,
    from `trajectory_vs_target` rows and the target registry (`staging.targets`)."""
    for (target_id, area), rows in table.group_by(["target_id", "area_code"], maintain_order=True):
        target = registry.filter((pl.col("target_id") == target_id) & (pl.col("area_code") == area))
        if rows["actual_value"].null_count() == rows.height and not target["complete"].item():
            continue
        yield target_id, area, target_chart(rows, target)
