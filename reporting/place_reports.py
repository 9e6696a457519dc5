"""Every configured place's report and the index page linking them (no Dagster; the asset
and benchmarks/places.py call `write_place_reports`)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from models.neighbourhoods.profile import neighbourhood_matrix_many, spine_rows_many
from reporting.place_report import PlaceTables, render_place_report


@dataclass
class ReportInputs:
    """The published tables the reports read (all places), and where things are."""

    frames: dict[str, pl.DataFrame]  # trajectory_vs_target, indicator_baseline, targets, ...
    quality: pl.DataFrame
    out_dir: Path
    data_dir_label: str
    provenance: str


def _split(frame: pl.DataFrame, column: str) -> dict[str, pl.DataFrame]:
    if frame.is_empty() or column not in frame.columns:
        return {}
    return {k[0]: v for k, v in frame.partition_by(column, as_dict=True).items()}


def _by_place(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    for column in ("place_code", "area_code"):
        if column in frame.columns:
            return _split(frame, column)
    return {}


def write_place_reports(inputs: ReportInputs, places: pl.DataFrame) -> list[Path]:
    """One HTML report per place (place_code, place_name), then index.html; the paths."""
    inputs.out_dir.mkdir(parents=True, exist_ok=True)
    codes = places["place_code"].to_list()
    baseline = inputs.frames.get("indicator_baseline", pl.DataFrame())
    spines = _split(spine_rows_many(baseline, codes), "area_code")
    matrices = _split(neighbourhood_matrix_many(baseline, codes), "place")
    split = {n: _by_place(f) for n, f in inputs.frames.items() if n != "indicator_baseline"}
    empty = pl.DataFrame()
    written = []
    for code, name in places.select("place_code", "place_name").iter_rows():
        trajectory = split.get("trajectory_vs_target", {}).get(code, empty)
        tables = PlaceTables(
            trajectory=trajectory,
            baseline=empty,
            inequality=split.get("indicator_inequality", {}).get(code, empty),
            registers=split.get("register_summary", {}).get(code, empty),
            quality=inputs.quality,
            targets=split.get("targets", {}).get(code, empty),
            demand=split.get("demand_projection", {}).get(code, empty),
            maturity=split.get("maturity_scores", {}).get(code, empty),
            spine=spines.get(code, empty),
            matrix=matrices.get(code, empty),
            funnel_points=split.get("practice_funnel_points", {}).get(code, empty),
            funnel_limits=split.get("practice_funnel_limits", {}).get(code, empty),
        )
        page = render_place_report(code, name, tables, inputs.data_dir_label, inputs.provenance)
        path = inputs.out_dir / f"{code}.html"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    written.append(write_index(inputs.out_dir, places, spines, matrices))
    return written


def write_index(
    out_dir: Path,
    places: pl.DataFrame,
    spines: dict[str, pl.DataFrame],
    matrices: dict[str, pl.DataFrame],
) -> Path:
    """index.html: every place's report, with its neighbourhoods and indicator counts."""
    rows = []
    for code, name in places.select("place_code", "place_name").iter_rows():
        spine, matrix = spines.get(code), matrices.get(code)
        n_ind = spine.height if spine is not None else 0
        n_nbh = matrix["area_code"].n_unique() if matrix is not None and matrix.height else 0
        note = "" if n_ind else " <em>(no data for this place in the extracts)</em>"
        rows.append(
            f"<tr><td><a href='{html.escape(code)}.html'>{html.escape(name)}</a>{note}</td>"
            f"<td>{html.escape(code)}</td><td>{n_nbh}</td><td>{n_ind}</td></tr>"
        )
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Place health reports</title><style>body{font-family:system-ui,Arial,sans-serif;"
        "max-width:900px;margin:0 auto;padding:0 24px}table{border-collapse:collapse}"
        "td,th{border:1px solid #d8dde0;padding:3px 8px;text-align:left}th{background:#e8edee}"
        "</style></head><body><h1>Place health reports</h1>"
        f"<p>{places.height} places.</p><table><tr><th>Place</th><th>Code</th>"
        "<th>Neighbourhoods</th><th>Indicators in the profile</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
