"""Dagster resources shared by every asset: where the data and the two databases live."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA_DIR = PROJECT_ROOT / "data" / "demo"
SHARED_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"

# The places (LAD codes) the pipeline knows by default, the single place of one-place builds
# first: Sandwell (Black Country ICB), Birmingham and Solihull (one ICB), Southend-on-Sea (Mid
# and South Essex ICB), all in the real extracts' LSOA21 -> LAD24 and sub-ICB lookups.
PLACE_NAMES = {
    "E08000028": "Sandwell",
    "E08000025": "Birmingham",
    "E08000029": "Solihull",
    "E06000033": "Southend-on-Sea",
}
DEFAULT_PLACES = tuple(PLACE_NAMES)
DEFAULT_PLACE = DEFAULT_PLACES[0]


class PlaceHealthSettings(dg.ConfigurableResource):
    """Run settings: the extract folder, the reports folder, the places, the register key and
    the disclosure-control rule. Built from the environment by `pipelines.resources`, the one
    reader of PLACEHEALTH_* variables (README "Running on the real extracts")."""

    data_dir: str = str(DEMO_DATA_DIR)
    reports_dir: str = str(PROJECT_ROOT / "reports")
    # Partitions of the place-partitioned risk chain (PLACEHEALTH_PLACES): fixed when the code
    # location loads, as partitions are part of the definitions.
    places: list[str] = list(DEFAULT_PLACES)
    # The real extracts that shape the synthetic population where present (PLACEHEALTH_SHARED_DATA).
    shared_data_dir: str = str(SHARED_DATA_DIR)
    # HMAC key of the register pseudonyms: PLACEHEALTH_PSEUDONYM_KEY through dg.EnvVar, so the
    # key never appears in run configuration; empty means the clearly marked demo key.
    pseudonym_key: str = ""
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
    def shared_data_path(self) -> Path:
        return Path(self.shared_data_dir).expanduser().resolve()

    @property
    def reports_path(self) -> Path:
        path = Path(self.reports_dir).expanduser().resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path


class DuckDBFile(DuckDBResource):
    """A DuckDB database file; with `keep_open`, one connection is held for the whole run.

    DuckDB shuts a database down when its last connection closes, and opening it again reads
    the catalogue afresh: about 20 ms for the warehouse, paid by every step that connects. A
    connection held from resource set-up to teardown keeps the database open, so each step's
    connection costs well under a millisecond. Only for runs whose steps share one process
    (the in-process executor of `placehealth build`): it holds the file's write lock, which
    parallel step processes would wait on.
    """

    keep_open: bool = False
    _keeper: Any = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if self.keep_open and self.database != ":memory:":
            # the configuration DuckDBResource.get_connection uses: DuckDB refuses a second
            # connection to an open file with another one
            config = {"custom_user_agent": "dagster", **self.connection_config}
            self._keeper = duckdb.connect(self.database, config=config)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._keeper is not None:
            self._keeper.close()  # the last connection: DuckDB checkpoints the file
            self._keeper = None
