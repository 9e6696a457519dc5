"""The place report's area profile as HTML: a Fingertips-style spine chart with numbers (inline
SVG per row, no images to render) and the neighbourhood x indicator heat map."""

from __future__ import annotations

import html

import polars as pl

from reporting.charts.place import COLOURS

WIDTH, HEIGHT = 220, 16
LIGHT_TEXT = {"Better", "Worse", "Lower"}  # dark fills: white text
ROW_HEADINGS = ["Indicator", "Period", "Count", "Value", "England", "Lowest", "Range",
                "Highest"]  # fmt: skip


def number(value: object) -> str:
    """A compact number: 1 dp from 10 up, 3 significant figures below, thousands separated."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if value != value:  # NaN
            return "—"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3g}"
    return html.escape(str(value))


def _scale(row: dict) -> tuple[float, float, bool]:
    """(centre, half-width, flip): England at the middle, the furthest area at the edge;
    flipped when high is good so the worst end is always on the left (as Fingertips)."""
    centre = row["england_value"] if row.get("england_value") is not None else row["value"]
    ends = [v for v in (row.get("lowest"), row.get("highest"), row["value"]) if v is not None]
    half = max((abs(v - centre) for v in ends), default=0.0) or 1.0
    return centre, half, row.get("polarity") == 1


def spine_svg(row: dict) -> str:
    """One row's bar: range (light), inter-quartile range (mid), England line, the area's dot."""
    centre, half, flip = _scale(row)

    def x(v: float) -> float:
        t = (v - centre) / half * (-1 if flip else 1)
        return round(WIDTH / 2 + t * (WIDTH / 2 - 6), 1)

    parts = [f'<svg width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="spine">']
    for lo, hi, colour in (("lowest", "highest", "#e8edee"), ("q1", "q3", "#aeb7bd")):
        if row.get(lo) is not None and row.get(hi) is not None:
            a, b = sorted((x(row[lo]), x(row[hi])))
            parts.append(f'<rect x="{a}" y="3" width="{max(b - a, 1)}" height="10" '
                         f'fill="{colour}"/>')  # fmt: skip
    parts.append(f'<line x1="{WIDTH / 2}" y1="0" x2="{WIDTH / 2}" y2="{HEIGHT}" stroke="#212b32"/>')
    colour = COLOURS.get(row.get("compared_to_england") or "Not compared", COLOURS["Not compared"])
    parts.append(f'<circle cx="{x(row["value"])}" cy="8" r="5" fill="{colour}" '
                 'stroke="#212b32" stroke-width="0.5"/></svg>')  # fmt: skip
    return "".join(parts)


def spine_html(spine: pl.DataFrame) -> str:
    """The spine chart table, one section per domain (empty string when no rows)."""
    if spine.is_empty():
        return ""
    out = ["<table class='spine'>"]
    for (domain,), rows in spine.group_by(["domain"], maintain_order=True):
        out.append(f"<tr><th colspan='{len(ROW_HEADINGS)}' class='domain'>"
                   f"{html.escape(str(domain))}</th></tr>")  # fmt: skip
        out.append("<tr>" + "".join(f"<th>{h}</th>" for h in ROW_HEADINGS) + "</tr>")
        for row in rows.iter_rows(named=True):
            vintage = f" <span class='note'>({html.escape(row['vintage'])})</span>" if row.get(
                "vintage") else ""  # fmt: skip
            cells = [
                html.escape(row["label"]) + vintage, html.escape(str(row["period"])),
                number(row.get("count")), number(row["value"]), number(row.get("england_value")),
                number(row.get("lowest")), spine_svg(row), number(row.get("highest")),
            ]  # fmt: skip
            out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def heatmap_html(matrix: pl.DataFrame) -> str:
    """Neighbourhood x indicator table, each cell coloured by its comparison with the place."""
    if matrix.is_empty():
        return ""
    names = matrix.select("area_code", "area_name").unique().sort("area_name")
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names["area_name"])
    out = [f"<table class='heat'><tr><th>Indicator</th><th>Period</th><th>Place</th>"
           f"<th>England</th>{head}</tr>"]  # fmt: skip
    cells = {(r["label"], r["area_code"]): r for r in matrix.iter_rows(named=True)}
    for (domain,), rows in matrix.group_by(["domain"], maintain_order=True):
        out.append(f"<tr><th colspan='{4 + names.height}' class='domain'>"
                   f"{html.escape(str(domain))}</th></tr>")  # fmt: skip
        for label in rows["label"].unique(maintain_order=True):
            first = rows.filter(pl.col("label") == label).row(0, named=True)
            tds = []
            for code in names["area_code"]:
                r = cells.get((label, code))
                if r is None:
                    tds.append("<td>—</td>")
                    continue
                cmp = r.get("compared_to_place") or "Not compared"
                title = (f"{cmp} than the place (95%); rank {r.get('rank_in_place')} of "
                         f"{r.get('areas_in_place')}; 95% CI {number(r.get('lower_95'))}"
                         f"–{number(r.get('upper_95'))}")  # fmt: skip
                ink = "#fff" if cmp in LIGHT_TEXT else "#212b32"
                tds.append(f"<td class='cmp' style='background:{COLOURS.get(cmp, '#aeb7bd')};"
                           f"color:{ink}' "
                           f"title='{html.escape(title)}'>{number(r['value'])}</td>")  # fmt: skip
            out.append(
                f"<tr><td>{html.escape(label)}</td><td>{html.escape(str(first['period']))}</td>"
                f"<td>{number(first.get('place_value'))}</td>"
                f"<td>{number(first.get('england_value'))}</td>{''.join(tds)}</tr>"
            )
    out.append("</table>")
    return "".join(out)
