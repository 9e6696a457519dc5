"""`publish` holds only views from sql/publish/views/, pinned to the data dictionary's columns."""

from pathlib import Path

import duckdb
import polars as pl
import pytest

from models.publish.data_dictionary import parse_dictionary
from pipelines.data_dictionary import DICTIONARY
from reporting.dashboard.data import Warehouse
from warehouse.tables import PUBLISH_STORE, SQL_DIR, append_published, publish_table, read_table

VIEWS = SQL_DIR / "publish" / "views"
CONTRACT = {
    table.split(".")[1]: spec["columns"]
    for table, spec in parse_dictionary(DICTIONARY.read_text(encoding="utf-8")).items()
    if table.startswith("publish.")
}


def test_every_documented_publish_table_has_exactly_one_view_file():
    assert sorted(p.stem for p in VIEWS.glob("*.sql")) == sorted(CONTRACT)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_view_file_pins_the_documented_columns_in_order(name):
    text = (VIEWS / f"{name}.sql").read_text(encoding="utf-8")
    assert text.startswith(f"-- publish.{name}: "), "a view file starts with its header comment"
    columns = CONTRACT[name]
    # The table behind the view has the columns reversed and one more: the view must not `SELECT *`.
    ddl = ", ".join(f'"{c}" {t}' for c, (t, _) in reversed(columns.items()))
    with duckdb.connect() as conn:
        conn.execute(f"CREATE SCHEMA {PUBLISH_STORE}; CREATE SCHEMA publish")
        conn.execute(f"CREATE TABLE {PUBLISH_STORE}.{name} ({ddl}, internal_only VARCHAR)")
        conn.execute(text)
        kind = conn.execute(
            "SELECT table_type FROM information_schema.tables WHERE table_schema = 'publish'"
        ).fetchall()
        found = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'publish' ORDER BY ordinal_position"
        ).fetchall()
    assert kind == [("VIEW",)]
    assert found == [(c, t) for c, (t, _) in columns.items()]


def _summary(people: list[int]) -> pl.DataFrame:
    n = len(people)
    return pl.DataFrame(
        {
            "place_code": ["E08000028"] * n,
            "neighbourhood": ["North"] * n,
            "risk_band": ["top 2%"] * n,
            "age_band": ["all"] * n,
            "imd_quintile": pl.Series([None] * n, dtype=pl.Int32),
            "people": people,
            "people_suppressed": [False] * n,
        }
    )


def test_publish_table_replaces_table_and_view_together_or_not_at_all(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("CREATE SCHEMA publish")  # a warehouse from before contract 2.0: a table
        conn.execute("CREATE TABLE publish.register_summary AS SELECT 1 AS people")
        assert publish_table(conn, "register_summary", _summary([10, 20])) == 2
        kinds = conn.execute(
            "SELECT table_schema, table_type FROM information_schema.tables "
            "WHERE table_name = 'register_summary' ORDER BY 1"
        ).fetchall()
        assert kinds == [("publish", "VIEW"), (PUBLISH_STORE, "BASE TABLE")]
        with pytest.raises(duckdb.BinderException):  # a contract column is missing
            publish_table(conn, "register_summary", _summary([30]).drop("people_suppressed"))
        assert read_table(conn, "publish.register_summary")["people"].to_list() == [10, 20]
        assert publish_table(conn, "register_summary", _summary([5]).with_columns(extra=1)) == 1
        assert read_table(conn, "publish.register_summary").columns == list(
            CONTRACT["register_summary"]
        )


def test_appended_history_of_a_pre_views_warehouse_is_carried_over(tmp_path):
    row = {"check_name": "quality_error", "asset": "staging.x", "expectation": "row_count"}
    row |= {"run_id": "r", "severity": "ERROR", "passed": True, "skipped": False}
    row |= {"observed_value": "3", "unexpected_count": 0, "message": "ok"}
    frame = pl.DataFrame([row]).with_columns(checked_at=pl.datetime(2026, 1, 1))
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("CREATE SCHEMA publish")
        conn.register("old", frame.to_arrow())
        conn.execute("CREATE TABLE publish.data_quality AS SELECT * FROM old")
        append_published(conn, "data_quality", frame, "quality/data_quality")
        append_published(conn, "data_quality", frame, "quality/data_quality")
        assert read_table(conn, "publish.data_quality").height == 3
        assert conn.execute(
            "SELECT table_type FROM information_schema.tables "
            "WHERE table_schema = 'publish' AND table_name = 'data_quality'"
        ).fetchall() == [("VIEW",)]


@pytest.fixture(scope="module")
def warehouse(demo_build) -> Path:
    code, root = demo_build
    assert code == 0, "the demo build failed"
    return Path(root) / "warehouse.duckdb"


def test_demo_build_publishes_only_views_over_the_store(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        objects = dict(
            conn.execute(
                "SELECT table_name, table_type FROM information_schema.tables "
                "WHERE table_schema = 'publish'"
            ).fetchall()
        )
        stored = {
            n
            for (n,) in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [PUBLISH_STORE]
            ).fetchall()
        }
        counts = {
            n: conn.sql(f"SELECT count(*) FROM publish.{n}").fetchall()[0][0] for n in objects
        }
    listed = Warehouse(str(warehouse)).views()
    assert set(objects.values()) == {"VIEW"}
    assert sorted(objects) == sorted(CONTRACT) == sorted(p.stem for p in VIEWS.glob("*.sql"))
    assert stored == set(objects)
    assert counts["indicator_baseline"] > 0 and counts["contract_version"] == 1
    assert list(listed) == sorted(objects)  # the dashboard sees the views, never the store
    assert all(listed[n] == list(CONTRACT[n]) for n in listed)
