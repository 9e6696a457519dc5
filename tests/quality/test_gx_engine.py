"""The GX engine's shortcuts change no verdict and no count: distinct-values batches against GX
on the whole frame, and reads that fill only the columns a suite names."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from models.quality import gx_engine
from models.quality.suites import ExpectationSpec, parse_suite
from warehouse.tables import read_columns, read_table

SPECS = [
    ("ExpectTableColumnsToMatchSet", {"column_set": ["code", "n", "low", "high", "kind", "note"]}),
    ("ExpectColumnValuesToNotBeNull", {"column": "code"}),
    ("ExpectColumnValuesToMatchRegex", {"column": "code", "regex": r"^E01\d{6}$"}),
    ("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": ["a", "b"]}),
    ("ExpectColumnValuesToNotBeInSet", {"column": "code", "value_set": ["E01999999"]}),
    ("ExpectColumnValuesToBeBetween", {"column": "n", "min_value": 0}),
    ("ExpectColumnValuesToBeUnique", {"column": "note"}),
    ("ExpectCompoundColumnsToBeUnique", {"column_list": ["code", "n"]}),
    (
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": "high", "column_B": "low", "or_equal": True},
    ),  # fmt: skip
]


def _frame(rows: int, defects: bool) -> pl.DataFrame:
    codes = [f"E01{i % 500:06d}" for i in range(rows)]
    frame = pl.DataFrame(
        {
            "code": codes,
            "n": [i % 97 for i in range(rows)],
            "low": [float(i % 13) for i in range(rows)],
            "high": [float(i % 13) + 1 for i in range(rows)],
            "kind": ["a" if i < rows // 2 else "b" for i in range(rows)],
            "note": [f"row {i}" for i in range(rows)],
        }
    )
    if not defects:
        return frame
    hit = pl.int_range(pl.len())
    return frame.with_columns(
        code=pl.when(hit.is_in([3, 7, 11])).then(pl.lit("e01bad"))
        .when(hit.is_in([5, 900])).then(None)
        .when(hit == 13).then(pl.lit("E01999999"))
        .otherwise(pl.col("code")),
        n=pl.when(hit.is_in([2, 4])).then(-1).otherwise(pl.col("n")),
        kind=pl.when(hit == 8).then(pl.lit("c")).otherwise(pl.col("kind")),
        note=pl.when(hit == 9).then(pl.lit("row 10")).otherwise(pl.col("note")),
        low=pl.when(hit == 6).then(pl.lit(99.0)).otherwise(pl.col("low")),
    )  # fmt: skip


def _run(frame: pl.DataFrame) -> tuple[list, dict]:
    return gx_engine.run_gx(frame, [(ExpectationSpec(e, kw), kw) for e, kw in SPECS], "t")


@pytest.mark.parametrize("defects", [False, True])
def test_distinct_value_batches_give_gx_verdicts_and_row_counts(monkeypatch, defects):
    frame = _frame(2_000, defects)
    monkeypatch.setattr(gx_engine, "COMPRESS_FROM", 10**9)
    whole, _ = _run(frame)
    monkeypatch.setattr(gx_engine, "COMPRESS_FROM", 10)
    compressed, document = _run(frame)
    assert [(r.name, r.success, r.unexpected_count) for r in compressed] == [
        (r.name, r.success, r.unexpected_count) for r in whole
    ]
    if defects:  # every planted defect is found, with its rows counted
        counts = {r.name: r.unexpected_count for r in compressed}
        assert counts["ExpectColumnValuesToMatchRegex(code)"] == 3  # nulls are not unexpected
        assert counts["ExpectColumnValuesToNotBeNull(code)"] == 2
        assert counts["ExpectColumnValuesToBeBetween(n)"] == 2
        assert counts["ExpectColumnValuesToBeInSet(kind)"] == 1
        assert counts["ExpectColumnValuesToNotBeInSet(code)"] == 1
        assert sorted(compressed[2].sample) == ["e01bad"]
    else:
        assert all(r.success for r in compressed)
    # the Data Docs document speaks of rows, in suite order
    regex = document["results"][2]
    assert regex["expectation_config"]["type"] == "expect_column_values_to_match_regex"
    assert regex["result"]["element_count"] == frame.height
    assert regex["result"]["missing_count"] == (2 if defects else 0)
    assert document["statistics"]["evaluated_expectations"] == len(SPECS)


def test_reads_fill_only_named_columns(tmp_path):
    frame = _frame(50, False).with_columns(pl.col("n").cast(pl.Int16))
    conn = duckdb.connect(str(tmp_path / "w.duckdb"))
    conn.execute("CREATE SCHEMA s")
    conn.execute("CREATE TABLE s.t AS SELECT * FROM frame")
    suite = parse_suite("s.t", {"expectations": [
        {"expectation": "ExpectColumnValuesToNotBeNull", "kwargs": {"column": "code"}},
        {"expectation": "column_types", "kwargs": {"columns": {"n": "int"}}},
    ]})  # fmt: skip
    wanted = suite.columns_named()
    assert {"code", "n"} <= wanted and not {"note", "kind", "low", "high"} & wanted
    read = read_columns(conn, "s.t", wanted)
    assert read.schema == read_table(conn, "s.t").schema
    assert read["code"].equals(frame["code"]) and read["note"].null_count() == read.height
    # a rule that picks columns by pattern needs them all
    pattern = parse_suite("s.t", {"expectations": [{"expectation": "disclosure_control"}]})
    assert pattern.columns_named() is None
    conn.close()
