"""The dashboard reads only the views of `publish`, filters, and renders in headless Chromium."""

import json
import threading
import urllib.request

import duckdb
import polars as pl
import pytest

from pipelines.dashboard import make_server
from tests.browser import is_blank, render
from warehouse.tables import replace_table


@pytest.fixture
def server(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        replace_table(
            conn,
            "publish_store.indicator_trend",
            pl.DataFrame(
                {
                    "indicator_id": [93088, 93088, 93015],
                    "area_code": ["E08000028"] * 3,
                    "period": ["2018/19", "2019/20", "2019/20"],
                    "value": [71.0, 70.2, 29.6],
                }
            ),
        )
        conn.execute("CREATE SCHEMA publish")
        conn.execute(
            "CREATE VIEW publish.indicator_trend AS SELECT * FROM publish_store.indicator_trend"
        )
        replace_table(conn, "publish.stray_table", pl.DataFrame({"area_code": ["E08000028"]}))
        replace_table(conn, "restricted_like.person", pl.DataFrame({"person_id": [1]}))
    srv = make_server(0, str(path))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_api_lists_only_publish_and_filters(server):
    assert list(get(f"{server}/api/tables")) == ["indicator_trend"]
    rows = get(f"{server}/api/table/indicator_trend?indicator=93088")["rows"]
    assert len(rows) == 2
    for hidden in ("person", "stray_table"):  # not a view of publish: not readable
        with pytest.raises(urllib.error.HTTPError):
            get(f"{server}/api/table/{hidden}")
    assert get(f"{server}/api/options")["indicator"] == ["93015", "93088"]


def test_page_renders_without_console_errors(server, tmp_path):
    dom, errors, shot = render(server + "/", tmp_path)
    assert errors == []
    assert "rows from publish." in dom
    assert not is_blank(shot)
