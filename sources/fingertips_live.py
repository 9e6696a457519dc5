"""Live Fingertips: download the bulk CSV through the `fingertips_py` client into a snapshot.

The snapshot is written in the same bulk-CSV layout as a downloaded extract, so the live path and
the file path share one reader and one set of checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import fingertips_py.retrieve_data as fingertips_api


def download_snapshot(
    api_url: str,
    indicator_ids: Sequence[int],
    area_type_id: int,
    out_dir: Path,
    parent_area_type_id: int = 15,
) -> Path:
    """Fetch `indicator_ids` for `area_type_id` and write `<out_dir>/fingertips/live_*.csv.gz`."""
    if not indicator_ids:
        raise ValueError("live Fingertips needs at least one indicator id")
    previous = fingertips_api.base_url
    fingertips_api.base_url = api_url if api_url.endswith("/") else api_url + "/"
    try:
        frame = fingertips_api.get_all_data_for_indicators(
            [int(i) for i in indicator_ids], area_type_id, parent_area_type_id
        )
    finally:
        fingertips_api.base_url = previous
    folder = out_dir / "fingertips"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("live_*.csv.gz"):
        old.unlink()
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    path = folder / f"live_{area_type_id}_{stamp}.csv.gz"
    frame.to_csv(path, index=False, compression="gzip")
    return path
