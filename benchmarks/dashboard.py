"""Dashboard page loads with 8 concurrent users on a real warehouse, in headless Chromium.

Each user opens the Neighbourhoods page (map, heat map, gradient) for a different place, waits
until the page has rendered (title, every chart drawn, no script run in progress), then changes
the place in the sidebar and waits again; `--rounds` times. Reported: p50/p95 of time to first
render and to a place change. The peer in the same run is the framework's floor: the same
browser loading a one-line Streamlit app (`st.title`), and the same with one two-point Plotly
chart (the cost of loading and drawing Plotly.js), with the same concurrency. The page
script's own time on the server (no browser; queries cold, then cached) is reported beside it,
so the share spent in Python and DuckDB is separate from the browser's drawing.

    .venv/bin/python benchmarks/dashboard.py [--warehouse PATH] [--users 8] [--rounds 3]

The warehouse defaults to the configured one (PLACEHEALTH_WAREHOUSE, else data/warehouse.duckdb);
the figures in the README are on a real build (`PLACEHEALTH_DATA_DIR=../shared/data`).

Needs Chromium (`make browser`) and Playwright (dev extra). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import async_playwright  # noqa: E402

from reporting.dashboard import queries  # noqa: E402
from reporting.dashboard.data import Warehouse  # noqa: E402
from tests.dashboard.live import dashboard  # noqa: E402

GOAL_P95_S = 1.0
SETTLED = "() => !document.querySelector('[data-testid=stStatusWidget]')"


async def settle(page, before: str | None = None) -> None:
    """Wait for the title (changed from `before`), a drawn chart and no running script."""
    await page.wait_for_selector("h1", timeout=120_000)
    if before is not None:
        await page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText !== t",
            arg=before,
            timeout=120_000,
        )
    await page.wait_for_function(SETTLED, timeout=120_000)


async def user(
    browser, base: str, places: list[tuple[str, str]], rounds: int, charts: bool, plot: bool = True
) -> dict:
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    first, change = [], []
    for i in range(rounds):
        code, _ = places[i % len(places)]
        _, other_name = places[(i + 1) % len(places)]
        start = time.perf_counter()
        await page.goto(f"{base}/neighbourhoods?place={code}" if charts else base)
        await settle(page)
        if plot:
            await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        first.append(time.perf_counter() - start)
        if not charts:
            continue
        title = await page.locator("h1").first.inner_text()
        box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first
        await box.locator("input").click()
        await box.locator("input").fill(other_name)
        start = time.perf_counter()
        await page.keyboard.press("Enter")
        await settle(page, before=title)
        await page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
        change.append(time.perf_counter() - start)
    await page.close()
    return {"first": first, "change": change}


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def measure(
    base: str, places, users: int, rounds: int, charts: bool, plot: bool = True
) -> dict:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=binary, args=["--no-sandbox", "--disable-gpu"]
        )
        # One warm-up visit (imports, first queries), as after a restart.
        await user(browser, base, places[:2], 1, charts, plot)
        rotated = [places[i:] + places[:i] for i in range(users)]
        results = await asyncio.gather(
            *(user(browser, base, rotated[i], rounds, charts, plot) for i in range(users))
        )
        await browser.close()
    first = [t for r in results for t in r["first"]]
    change = [t for r in results for t in r["change"]]
    return {
        "first_p50": percentile(first, 50),
        "first_p95": percentile(first, 95),
        "change_p50": percentile(change, 50) if change else None,
        "change_p95": percentile(change, 95) if change else None,
        "samples": len(first),
    }


def timed_app(warehouse: str, page: str, out: str) -> None:
    """The dashboard's entry point, appending the script's own run time to `out`."""
    import time as clock

    from reporting.dashboard.app import main

    start = clock.perf_counter()
    main(warehouse, None, page)
    with open(out, "a", encoding="utf-8") as handle:
        handle.write(f"{clock.perf_counter() - start}\n")


def script_times(warehouse: str, places: list[tuple[str, str]], folder: Path) -> dict:
    """Server-side time of one Neighbourhoods page run per place (no browser), cold then warm."""
    from streamlit.testing.v1 import AppTest

    out = folder / "script_times.txt"
    for _ in range(2):  # first pass: queries not yet cached; second: cached
        for code, _ in places:
            test = AppTest.from_function(
                timed_app, args=(warehouse, "neighbourhoods", str(out)), default_timeout=300
            )
            test.query_params["place"] = code
            test.run()
    times = [float(line) for line in out.read_text(encoding="utf-8").split()]
    cold, warm = times[: len(places)], times[len(places) :]
    return {
        "script_cold_p50": percentile(cold[1:], 50),  # the first run also imports the app
        "script_warm_p50": percentile(warm, 50),
        "script_warm_p95": percentile(warm, 95),
    }


def floor_app(folder: Path, plotly: bool = False) -> Path:
    """The peers: a one-line Streamlit app, and one with a single two-point Plotly chart."""
    app = folder / ("floor_plotly.py" if plotly else "floor.py")
    chart = "st.plotly_chart(go.Figure(go.Scatter(x=[1, 2], y=[1, 2])))\n" if plotly else ""
    app.write_text(
        "import plotly.graph_objects as go\nimport streamlit as st\n\nst.title('floor')\n" + chart,
        encoding="utf-8",
    )
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", help="default: the configured warehouse")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2 users, 1 round")
    args = parser.parse_args()
    if args.quick:
        args.users, args.rounds = 2, 1
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print(json.dumps({"benchmark": "dashboard", "skipped": "chromium not installed"}))
        return 0
    if args.warehouse is None:
        from pipelines.resources import build_resources

        args.warehouse = str(build_resources()["warehouse"].database)
    warehouse = Warehouse(args.warehouse)
    named = queries.places(warehouse)
    with_shapes = warehouse.query(
        "SELECT DISTINCT place_code FROM publish.area_boundaries WHERE area_type = 'ward'"
    )["place_code"].to_list()
    places = [(code, name) for code, name in named.iter_rows() if code in set(with_shapes)][
        : max(args.users + 1, 9)
    ]
    with tempfile.TemporaryDirectory() as folder:
        script = script_times(args.warehouse, places, Path(folder))
        with dashboard(Path(args.warehouse), Path(folder)) as base:
            ours = asyncio.run(measure(base, places, args.users, args.rounds, charts=True))
        with dashboard(Path(args.warehouse), Path(folder), floor_app(Path(folder))) as base:
            floor = asyncio.run(
                measure(base, places, args.users, args.rounds, charts=False, plot=False)
            )
        with dashboard(Path(args.warehouse), Path(folder), floor_app(Path(folder), True)) as base:
            floor_plotly = asyncio.run(measure(base, places, args.users, args.rounds, charts=False))
    figures = {
        "benchmark": "dashboard",
        "warehouse": args.warehouse,
        "users": args.users,
        "rounds": args.rounds,
        "places": len(places),
        **{
            f"dashboard_{k}_s": round(v, 3)
            for k, v in ours.items()
            if k != "samples" and v is not None
        },
        "samples": ours["samples"],
        **{f"{k}_s": round(v, 3) for k, v in script.items()},
        "floor_first_p50_s": round(floor["first_p50"], 3),
        "floor_first_p95_s": round(floor["first_p95"], 3),
        "floor_plotly_first_p50_s": round(floor_plotly["first_p50"], 3),
        "floor_plotly_first_p95_s": round(floor_plotly["first_p95"], 3),
        "goal_p95_s": GOAL_P95_S,
        "meets_goal": bool(
            ours["first_p95"] < GOAL_P95_S and (ours["change_p95"] or 0) < GOAL_P95_S
        ),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
