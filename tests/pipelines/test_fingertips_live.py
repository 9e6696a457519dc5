"""The live Fingertips switch, against a local HTTP server replaying a recorded response."""

import http.server
import threading
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.ingest.staging import ingest_assets
from assets.resources import PlaceHealthSettings
from pipelines.resources import build_resources

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "fingertips_api"


class Replay(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server naming)
        Replay.requests.append(self.path)
        if self.path.startswith("/api/all_data/csv/by_indicator_id?indicator_ids=93088&"):
            body = (RECORDED / "all_data_93088_402.csv").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def api_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    server.shutdown()


def test_live_switch_loads_api_data_through_the_same_reader(tmp_path, api_url):
    resources = build_resources(
        data_dir=str(tmp_path / "extracts"),
        warehouse=str(tmp_path / "w.duckdb"),
        restricted=str(tmp_path / "r.duckdb"),
        reports_dir=str(tmp_path / "reports"),
        live_fingertips=True,
    )
    resources["settings"] = PlaceHealthSettings(
        data_dir=str(tmp_path / "extracts"),
        reports_dir=str(tmp_path / "reports"),
        live_fingertips=True,
        fingertips_api_url=api_url,
        fingertips_indicator_ids=[93088],
        fingertips_area_type_id=402,
    )
    result = dg.materialize(ingest_assets, resources=resources, selection="staging/fingertips")
    assert result.success
    assert any("child_area_type_id=402" in r for r in Replay.requests)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as conn:
        got = conn.execute(
            "SELECT area_code, value FROM staging.fingertips ORDER BY area_code"
        ).fetchall()
    assert got == [("E08000028", 72.5), ("E92000001", 64.0)]
