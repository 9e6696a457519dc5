"""Dagster resources shared by every asset: where the data and the two databases live."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA_DIR = PROJECT_ROOT / "data" / "demo"


class PlaceHealthSettings(dg.ConfigurableResource):
    """Run settings: the extract folder, the reports folder and the disclosure-control rule."""

    data_dir: str = str(DEMO_DATA_DIR)
    reports_dir: str = str(PROJECT_ROOT / "reports")
    live_fingertips: bool = False
    fingertips_api_url: str = "https://fingertips.phe.org.uk/api/"
    fingertips_indicator_ids: list[int] = []
    fingertips_area_type_id: int = 402
    suppress_below: int = 8
    round_to: int = 5

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser().resolve()

    @property
    def reports_path(self) -> Path:
        path = Path(self.reports_dir).expanduser().resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path
