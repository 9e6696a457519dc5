"""The shadow-copy publisher on its own: damaged files are named with their recovery, a second
writer waits for the first, a killed writer's leftovers are cleared, a failed run changes nothing."""

from __future__ import annotations

import shutil
import threading
import time

import duckdb
import pytest

from warehouse import publishing
from warehouse.publishing import DamagedDatabase, NoSpace, Shadow, WriterBusy, check_opens


def _warehouse(path, rows: int = 1000) -> None:
    with duckdb.connect(str(path)) as conn:
        conn.execute(f"CREATE OR REPLACE TABLE t AS SELECT range AS x FROM range({rows})")


def _rows(path) -> int:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute("SELECT count(*) FROM t").fetchall()[0][0]


def test_a_commit_publishes_and_keeps_the_previous_refresh(tmp_path):
    published = tmp_path / "w.duckdb"
    _warehouse(published, 10)
    shadow = Shadow(published, "run-1")
    _warehouse(shadow.begin(), 20)
    assert _rows(published) == 10  # readers still see the old refresh
    shadow.commit()
    assert (_rows(published), _rows(tmp_path / "w.duckdb.previous")) == (20, 10)
    assert not shadow.building.exists() and not shadow.active


def test_an_abort_changes_nothing(tmp_path):
    published = tmp_path / "w.duckdb"
    _warehouse(published, 10)
    before = published.read_bytes()
    shadow = Shadow(published, "run-1")
    _warehouse(shadow.begin(), 99)
    shadow.abort()
    assert published.read_bytes() == before and not shadow.building.exists()


def test_a_truncated_file_is_named_with_its_recovery(tmp_path):
    published = tmp_path / "w.duckdb"
    _warehouse(published, 2_000_000)
    raw = published.read_bytes()
    published.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DamagedDatabase, match="truncated.*the file is damaged; move it aside"):
        check_opens(published)
    published.write_bytes(b"not a database" * 100)
    with pytest.raises(DamagedDatabase, match="rebuild from the extracts"):
        Shadow(published, "run-1").begin()


def test_a_killed_writers_copy_is_cleared_and_the_lock_is_free(tmp_path):
    published = tmp_path / "w.duckdb"
    _warehouse(published, 10)
    (tmp_path / "w.duckdb.building").write_bytes(b"half a copy")
    (tmp_path / "w.duckdb.building.wal").write_bytes(b"half a log")
    shadow = Shadow(published, "run-2")
    assert _rows(shadow.begin()) == 10  # a fresh copy, not the leftovers
    assert not (tmp_path / "w.duckdb.building.wal").exists()
    shadow.abort()


def test_a_second_writer_waits_then_copies_the_first_ones_refresh(tmp_path):
    published = tmp_path / "w.duckdb"
    _warehouse(published, 10)
    first, second = Shadow(published, "run-1"), Shadow(published, "run-2", timeout_s=60)
    _warehouse(first.begin(), 20)
    told, seen = [], []

    def write() -> None:
        seen.append(_rows(second.begin(on_wait=told.append)))
        second.abort()

    waiting = threading.Thread(target=write)
    waiting.start()
    time.sleep(1.0)
    assert not seen and told and "run run-1" in told[0]  # it says whom it waits for
    first.commit()
    waiting.join(timeout=30)
    assert seen == [20]
    blocked = Shadow(published, "run-3", timeout_s=0.5)
    blocker = Shadow(published, "run-4")
    blocker.begin()
    with pytest.raises(WriterBusy, match="being written by run run-4"):
        blocked.begin()
    blocker.abort()


def test_no_room_for_the_copy_stops_before_writing(tmp_path, monkeypatch):
    published = tmp_path / "w.duckdb"
    _warehouse(published, 10)
    before = published.read_bytes()
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(publishing.shutil, "disk_usage", lambda _: usage._replace(free=10))
    with pytest.raises(NoSpace, match="published warehouse is unchanged"):
        Shadow(published, "run-1").begin()
    assert published.read_bytes() == before and not (tmp_path / "w.duckdb.building").exists()
