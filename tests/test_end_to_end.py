"""The README promise, end to end: the whole asset graph builds on the bundled demo data.

The build is the session-wide `demo_build` fixture of tests/conftest.py.
"""

from pathlib import Path

import duckdb

from tests.browser import is_blank, render

IDENTIFIER_HINTS = ("person_id", "pseudonym", "nhs_number", "date_of_birth", "postcode")


def tables(path: Path, schema: str) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [schema]
        ).fetchall()
    return {name for (name,) in rows}


def test_whole_graph_builds_on_demo_data(demo_build):
    code, root = demo_build
    assert code == 0
    published = tables(root / "warehouse.duckdb", "publish")
    assert {
        "indicator_baseline",
        "indicator_trend",
        "indicator_inequality",
        "opportunity",
        "trajectory_vs_target",
        "contract_version",
        "data_quality",
    } <= published


def test_publish_holds_no_identifiers_and_restricted_data_stays_apart(demo_build):
    _, root = demo_build
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'publish'"
        ).fetchall()
        schemas = {
            s
            for (s,) in conn.execute(
                "SELECT DISTINCT table_schema FROM information_schema.tables"
            ).fetchall()
        }
    leaks = [(t, c) for t, c in columns if any(h in c.lower() for h in IDENTIFIER_HINTS)]
    assert leaks == []
    assert "restricted" not in schemas


def test_place_report_renders_in_headless_chromium(demo_build, tmp_path):
    """Every configured place's report (the settings default: the four seed places) and the
    index page open in headless Chromium without console errors."""
    from assets.resources import PlaceHealthSettings

    _, root = demo_build
    places = PlaceHealthSettings().places
    index = (root / "reports" / "places" / "index.html").read_text(encoding="utf-8")
    for code in places:
        report = root / "reports" / "places" / f"{code}.html"
        assert report.exists() and f"{code}.html" in index
        text = report.read_text(encoding="utf-8")
        assert "SYNTHETIC" in text
        (tmp_path / code).mkdir()
        dom, errors, shot = render(report.as_uri(), tmp_path / code)
        assert errors == [], code
        assert "Are we on track?" in dom and "area profile against England" in dom
        assert "Neighbourhoods compared with the place" in dom
        assert not is_blank(shot)
    sandwell = (root / "reports" / "places" / "E08000028.html").read_text(encoding="utf-8")
    assert "Sandwell" in sandwell and "class='heat'" in sandwell and "class='spine'" in sandwell
