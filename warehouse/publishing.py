"""Atomic publishing of a DuckDB file: one writer at a time, writing a shadow copy that replaces
the published file in one `os.replace` when the whole run succeeded (plain Python, no Dagster).

Files beside the published database `<db>`:
- `<db>.lock`: the writer lock (`flock`, released by the kernel when its process ends, so a
  killed build leaves no stale lock); it holds the holder's pid and run for the waiting message.
- `<db>.building` (and DuckDB's `.building.wal`): the run's copy; whatever a killed run left
  is deleted by the next writer, which holds the lock and so knows nobody else is using it.
- `<db>.previous`: a hard link to the refresh before the last (no copy; the recovery path when
  `<db>` itself is damaged).

Readers open `<db>` read-only and never see a partial refresh: a reader that opened the old file
keeps reading it, the next open sees the new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

COPY_HEADROOM = 1.2
HEADER_BYTES = (
    3 * 4096
)  # DuckDB's main header and its two database headers  # free space wanted for the shadow copy, as a multiple of the file


class WriterBusy(RuntimeError):
    """Another run held the writer lock for longer than this one would wait."""


class DamagedDatabase(RuntimeError):
    """The published file cannot be opened; the message gives the recovery."""


class NoSpace(OSError):
    """The disk cannot hold the shadow copy; nothing was changed."""


def sibling(path: Path, suffix: str) -> Path:
    """`<path><suffix>`, e.g. `warehouse.duckdb.lock`."""
    return path.with_name(path.name + suffix)


def recovery_advice(published: Path) -> str:
    """What to do when `published` cannot be opened."""
    previous = sibling(published, ".previous")
    restore = (
        f"restore the refresh before it (mv {previous} {published}) or rebuild"
        if previous.exists()
        else "rebuild"
    )
    return (
        f"move it aside (mv {published} {published}.damaged), then {restore} from the "
        "extracts with `placehealth build` (docs/operations.md, 'Recovery')"
    )


def check_opens(path: Path, published: Path | None = None) -> None:
    """DamagedDatabase with the recovery when DuckDB cannot open `path` (truncated, overwritten,
    not a DuckDB file)."""
    published = published or path
    try:
        with duckdb.connect(str(path), read_only=True) as conn:
            used, block_size = conn.execute(
                "SELECT used_blocks, block_size FROM pragma_database_size()"
            ).fetchall()[0]
    except duckdb.Error as error:
        first = str(error).strip().splitlines()[0][:300]
        raise DamagedDatabase(
            f"{published} cannot be opened ({first}): the file is damaged; "
            + recovery_advice(published)
        ) from error
    # A file cut short opens (its headers are at the start) but its later blocks are gone:
    # DuckDB files are the headers plus whole blocks, at least as many as are in use.
    body = path.stat().st_size - HEADER_BYTES
    if body % block_size or body < used * block_size:
        raise DamagedDatabase(
            f"{published} cannot be opened (truncated: {body + HEADER_BYTES:,} bytes, not the "
            f"headers and whole blocks of its {used} blocks in use): the file is damaged; "
            + recovery_advice(published)
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Shadow:
    """The shadow copy of one published DuckDB file, for one writer (a run)."""

    published: Path
    owner: str = ""
    timeout_s: float = 3600.0
    _lock_fd: int | None = field(default=None, repr=False)

    @property
    def building(self) -> Path:
        return sibling(self.published, ".building")

    @property
    def active(self) -> bool:
        return self._lock_fd is not None

    def begin(self, on_wait: Callable[[str], None] | None = None) -> Path:
        """Take the writer lock, clear what a killed writer left, copy the published file;
        returns the path to write."""
        self.published.parent.mkdir(parents=True, exist_ok=True)
        self._acquire(on_wait)
        try:
            self._clear_stale()
            if self.published.exists():
                self._settle_published_log()
                check_opens(self.published)
                self._copy()
            return self.building
        except BaseException:
            self.abort()
            raise

    def commit(self) -> None:
        """Publish the copy (its connections must be closed): fsync, keep the old file as
        `.previous`, `os.replace`, fsync the folder, release the lock."""
        try:
            if not self.building.exists():
                return  # the run never wrote
            if sibling(self.building, ".wal").exists():
                raise RuntimeError(f"{self.building} still has a write-ahead log: not published")
            check_opens(self.building, self.published)
            _fsync(self.building)
            if self.published.exists():
                link = sibling(self.published, ".previous.new")
                link.unlink(missing_ok=True)
                os.link(self.published, link)
                os.replace(link, sibling(self.published, ".previous"))
            os.replace(self.building, self.published)
            _fsync(self.published.parent)
        except BaseException:
            self.abort()
            raise
        self._release()

    def abort(self) -> None:
        """Throw the copy away and release the lock: the published file is as it was."""
        try:
            self._clear_stale()
        finally:
            self._release()

    def _clear_stale(self) -> None:
        for stale in (self.building, sibling(self.building, ".wal")):
            stale.unlink(missing_ok=True)

    def _settle_published_log(self) -> None:
        """A write-ahead log beside the published file is left by a writer that wrote it in
        place and stopped (before atomic publishing): replay it into the file first."""
        if not sibling(self.published, ".wal").exists():
            return
        try:
            duckdb.connect(str(self.published)).close()  # replays and checkpoints the log
        except duckdb.Error as error:
            raise DamagedDatabase(
                f"{self.published} has an unfinished write-ahead log that cannot be replayed "
                f"now ({str(error).splitlines()[0][:200]}); close the dashboards and sessions "
                "reading it and run again"
            ) from error

    def _copy(self) -> None:
        size = self.published.stat().st_size
        free = shutil.disk_usage(self.published.parent).free
        if free < size * COPY_HEADROOM:
            raise NoSpace(
                f"no room for the build's copy of {self.published} ({size / 1e6:.0f} MB; "
                f"{free / 1e6:.0f} MB free): the published warehouse is unchanged; free space "
                f"(e.g. remove {sibling(self.published, '.previous')}) and run again"
            )
        try:
            shutil.copyfile(self.published, self.building)
        except OSError as error:
            self.building.unlink(missing_ok=True)
            raise NoSpace(
                f"could not copy {self.published} for the build ({error.strerror or error}): "
                "the published warehouse is unchanged"
            ) from error

    def _acquire(self, on_wait: Callable[[str], None] | None) -> None:
        lock = sibling(self.published, ".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        deadline, told = time.monotonic() + self.timeout_s, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(lock)
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise WriterBusy(
                        f"{self.published} is being written by {holder} for longer than "
                        f"{self.timeout_s:.0f} s; try again when it has finished"
                    ) from None
                if on_wait is not None and not told:
                    on_wait(f"waiting for {holder} to finish writing {self.published.name}")
                    told = True
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        holder = {"pid": os.getpid(), "owner": self.owner, "since": datetime.now().isoformat()}
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        self._lock_fd = fd

    def _release(self) -> None:
        if self._lock_fd is None:
            return
        fd, self._lock_fd = self._lock_fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _holder(lock: Path) -> str:
    """Who holds the lock, as its holder wrote it."""
    try:
        found = json.loads(lock.read_text() or "{}")
    except (OSError, ValueError):
        found = {}
    if not found:
        return "another run"
    return f"run {found.get('owner') or '?'} (pid {found.get('pid')}, since {found.get('since')})"
