"""`placehealth dashboard`: start the Streamlit dashboard (reporting/dashboard) on the settings.

The CLI resolves the warehouse and reports folder once (settings are read here, in pipelines/)
and hands them to the app as arguments; the app reads only the warehouse's `publish` views.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipelines.resources import build_resources

APP = Path(__file__).resolve().parents[1] / "reporting" / "dashboard" / "app.py"


def command(
    port: int, warehouse: str, reports: str, address: str = "127.0.0.1", app: Path = APP
) -> list[str]:
    """The `streamlit run` command line for the dashboard (`app`: another script, benchmarks)."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--theme.base",
        "light",
        "--client.toolbarMode",
        "viewer",
        "--server.enableStaticServing",
        "true",
        "--",
        "--warehouse",
        warehouse,
        "--reports",
        reports,
    ]


def resolved(warehouse: str | None = None) -> tuple[str, str]:
    """(warehouse, reports folder) from the arguments, else the settings."""
    resources = build_resources(warehouse=warehouse)
    settings = resources["settings"]
    return str(resources["warehouse"].database), str(settings.reports_path)


def serve(port: int = 8501, warehouse: str | None = None) -> int:
    """Run the dashboard until interrupted."""
    database, reports = resolved(warehouse)
    print(f"placehealth dashboard on http://127.0.0.1:{port}/ (reads {database}; Ctrl+C stops)")
    try:
        return subprocess.call(command(port, database, reports))
    except KeyboardInterrupt:
        return 0
