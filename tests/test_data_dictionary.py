"""Every publish table and column of the demo build is documented; the doc is current."""

from pathlib import Path

import duckdb
import pytest

from models.publish.data_dictionary import parse_dictionary, render_markdown
from pipelines.data_dictionary import DICTIONARY, DOC


@pytest.fixture(scope="module")
def dictionary() -> dict[str, dict]:
    return parse_dictionary(DICTIONARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def actual_columns(demo_build) -> dict[str, list[tuple[str, str]]]:
    """{schema.table: [(column, type), ...]} of every publish table and the documented marts."""
    code, root = demo_build
    assert code == 0, "the demo build failed"
    with duckdb.connect(str(Path(root) / "warehouse.duckdb"), read_only=True) as conn:
        rows = conn.execute(
            "SELECT table_schema || '.' || table_name, column_name, data_type "
            "FROM information_schema.columns WHERE table_schema IN ('publish', 'marts') "
            "ORDER BY table_schema, table_name, ordinal_position"
        ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def test_every_publish_table_is_documented(dictionary, actual_columns):
    published = {t for t in actual_columns if t.startswith("publish.")}
    assert len(published) >= 12
    assert sorted(published - set(dictionary)) == []
    assert sorted(set(dictionary) - set(actual_columns)) == []  # no stale tables documented


@pytest.mark.parametrize("table", sorted(parse_dictionary(DICTIONARY.read_text("utf-8"))))
def test_documented_columns_and_types_match_the_table(table, dictionary, actual_columns):
    documented = [(c, t) for c, (t, _) in dictionary[table]["columns"].items()]
    actual = actual_columns.get(table, [])
    assert [c for c in actual if c not in documented] == [], f"{table}: undocumented/other type"
    assert [c for c in documented if c not in actual] == [], f"{table}: documented, not in table"
    assert actual == documented, f"{table}: column order differs"
    assert all(m.strip() for _, m in dictionary[table]["columns"].values()), "a meaning is empty"
    assert dictionary[table]["description"], f"{table}: no description"


def test_rendered_doc_is_current(dictionary):
    assert DOC.read_text(encoding="utf-8") == render_markdown(dictionary), (
        "docs/data_dictionary.md is stale: run python -m pipelines.data_dictionary"
    )
