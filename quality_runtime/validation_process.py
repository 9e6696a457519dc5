"""A long-lived validation process, so that GX's import and validations run beside the build.

`ValidationProcess.start` launches `quality_runtime.gx_worker`, which imports Great Expectations
(seconds) while the caller goes on. `submit` queues a table and returns at once (a sender thread
writes it to the pipe); `result` waits for that table's outcome, exactly what
`models.quality.validate` returns in process: the worker runs the same function. `data_docs`
builds the Data Docs site there too, so the caller never imports GX.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from models.quality.suites import Suite

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PIPE_BYTES = 1 << 20  # fewer, larger pipe reads: the worker's reader shares a GIL with GX


_PRESTARTED: list[ValidationProcess] = []


def prestart() -> None:
    """Start a validation process now, for the run this process will execute to adopt
    (`adopt_or_start`): GX's import then overlaps the caller's own imports. Called by
    `placehealth build` before it loads the code location."""
    if not _PRESTARTED:
        process = ValidationProcess().start()
        _PRESTARTED.append(process)
        atexit.register(process.close)


def adopt_or_start() -> ValidationProcess:
    """The prestarted validation process if there is a live one, else a new one."""
    while _PRESTARTED:
        process = _PRESTARTED.pop()
        if process.alive:
            return process
    return ValidationProcess().start()


class ValidationProcessError(RuntimeError):
    """The validation process failed a request or ended before answering it."""


def _widen(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or above the system's limit: the default size works, more slowly


def arrow_message(table: pa.Table) -> pa.Buffer:
    """`table` as one Arrow IPC stream, written into a buffer of exactly its size (pyarrow
    writes without holding the GIL, so the caller's main thread runs on meanwhile)."""
    size = pa.MockOutputStream()
    with pa.ipc.new_stream(size, table.schema) as writer:
        writer.write_table(table)
    buffer = pa.allocate_buffer(size.size())
    with pa.ipc.new_stream(pa.FixedSizeBufferWriter(buffer), table.schema) as writer:
        writer.write_table(table)
    return buffer


def _send_all(requests: Connection, outbox: queue.SimpleQueue) -> None:
    """Write queued requests until None: a pickled header, then the table's Arrow stream if it
    has one (this thread only serialises with pyarrow and writes: it imports nothing)."""
    while (item := outbox.get()) is not None:
        header, table = item
        try:
            requests.send_bytes(header)
            if table is not None:
                requests.send_bytes(memoryview(arrow_message(table)))
        except OSError:
            return  # the worker has gone: `result` reports it


class ValidationProcess:
    """One worker process answering requests in the order they were submitted."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._sender: threading.Thread | None = None
        self._pending: dict[str, int] = {}  # key -> the number of its latest request
        self._sent = 0
        self._answered: dict[str, tuple[Any, str | None]] = {}

    def start(self) -> ValidationProcess:
        """Launch the worker (it imports GX in the background of the caller's work)."""
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        for fd in (parent_writes, child_writes):
            _widen(fd)
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quality_runtime.gx_worker",
                str(child_reads),
                str(child_writes),
            ],
            pass_fds=(child_reads, child_writes),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            cwd=PROJECT_ROOT,  # `-m` puts it first on the worker's sys.path
        )
        os.close(child_reads)
        os.close(child_writes)
        self._requests = Connection(parent_writes, readable=False)
        self._replies = Connection(parent_reads, writable=False)
        self._sender = threading.Thread(
            target=_send_all, args=(self._requests, self._outbox), daemon=True
        )
        self._sender.start()
        return self

    @property
    def alive(self) -> bool:
        """True while the worker runs."""
        return self._process is not None and self._process.poll() is None

    def has(self, key: str) -> bool:
        """True when `key` was submitted and its result not yet taken."""
        return key in self._pending or key in self._answered

    def _request(
        self, key: str, task: str, args: tuple[Any, ...], frame: pl.DataFrame | None = None
    ) -> None:
        """Queue a request; a frame goes as Arrow (polars dtypes survive the round trip) and
        becomes the task's first argument in the worker."""
        if self._sender is None or not self.alive:
            raise ValidationProcessError("the validation process is not running")
        self._sent += 1
        header = ((key, self._sent), task, args, frame is not None)
        table = None if frame is None else frame.to_arrow(compat_level=pl.CompatLevel.newest())
        self._outbox.put((pickle.dumps(header, pickle.HIGHEST_PROTOCOL), table))
        self._answered.pop(key, None)
        self._pending[key] = self._sent

    def submit(
        self, key: str, frame: pl.DataFrame, suite: Suite, parameters: dict[str, Any]
    ) -> None:
        """Queue `frame` for validation against `suite`; returns without waiting."""
        self._request(key, "validate", (suite, parameters), frame)

    def result(self, key: str) -> Any:
        """Wait for `key`'s answer (a `ValidationOutcome` for a submitted table); answers to
        other keys are kept until asked for."""
        if not self.has(key):
            raise KeyError(f"{key} was not submitted")
        while key not in self._answered:
            try:
                raw = self._replies.recv_bytes()  # type: ignore[union-attr]
            except (EOFError, OSError) as error:
                code = self._process.poll() if self._process else None
                raise ValidationProcessError(
                    f"the validation process ended (exit code {code}) before answering {key}"
                ) from error
            (answered, number), value, error_text = pickle.loads(raw)
            if self._pending.get(answered) == number:  # a resubmitted key waits for its latest
                del self._pending[answered]
                self._answered[answered] = (value, error_text)
        value, error_text = self._answered.pop(key)
        if error_text is not None:
            raise ValidationProcessError(f"{key} failed in the validation process:\n{error_text}")
        return value

    def data_docs(self, folder: Path) -> Path | None:
        """Build the Data Docs site of `folder`'s saved results in the worker; wait for it."""
        self._request("data_docs", "data_docs", (folder,))
        return self.result("data_docs")

    def close(self) -> None:
        """Stop the worker now (nothing it still holds is wanted) and free the pipes."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._sender is not None:
            self._outbox.put(None)
            self._sender.join(timeout=10)
            self._sender = None
        for conn in (self._requests, self._replies):
            if conn is not None:
                conn.close()
        self._requests = self._replies = None
        self._pending.clear()
        self._answered.clear()
