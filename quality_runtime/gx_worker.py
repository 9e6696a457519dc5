"""The validation process: imports Great Expectations once, then validates what it is sent.

Started by `quality_runtime.validation_process.ValidationProcess` as
``python -m quality_runtime.gx_worker REQUESTS_FD REPLIES_FD``. A request is a pickled header
``(tag, task, args, has_frame)`` (task: `validate` a frame against a suite, or build the
`data_docs` of a results folder), then the frame as an Arrow IPC stream when it has one; a reply
is ``(tag, value, error)``. Both travel over two anonymous pipes, so restricted rows never touch
the disk. A reader thread drains requests as they arrive and a writer thread sends replies, so
the parent never waits on a full pipe while GX is busy; the main thread alone imports and
validates (threads that import while another imports can see half-initialised modules).
"""

from __future__ import annotations

import os
import pickle
import queue
import sys
import threading
import traceback
from multiprocessing.connection import Connection

import polars as pl
import pyarrow as pa

from models.quality.validate import validate
from quality_runtime.data_docs import build_data_docs

NICENESS = 19
"""Once GX is imported, the worker yields the CPU to the build it serves: it validates in the
build's idle time, and the checks (which the executor runs after every ready asset) collect what
it has finished. It imports at normal priority, while the build imports on one core."""

TASKS = {"validate": validate, "data_docs": build_data_docs}


def _drain(requests: Connection, jobs: queue.SimpleQueue) -> None:
    try:
        while True:
            jobs.put(requests.recv_bytes())
    except (EOFError, OSError):
        jobs.put(None)  # the parent closed its end: finish what is queued, then stop


def _send(replies: Connection, out: queue.SimpleQueue) -> None:
    while (reply := out.get()) is not None:
        try:
            replies.send_bytes(reply)
        except OSError:
            return  # the parent has gone


def serve(requests: Connection, replies: Connection) -> None:
    """Validate each request in arrival order until the parent closes the request pipe."""
    jobs: queue.SimpleQueue = queue.SimpleQueue()
    out: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_drain, args=(requests, jobs), daemon=True).start()
    writer = threading.Thread(target=_send, args=(replies, out), daemon=True)
    writer.start()
    from models.quality.gx_engine import warm_up

    warm_up()  # at normal priority: the parent is importing on one core meanwhile
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    while (raw := jobs.get()) is not None:
        tag, task, args, has_frame = pickle.loads(raw)
        if has_frame:
            stream = pa.ipc.open_stream(pa.py_buffer(jobs.get()))
            args = (pl.from_arrow(stream.read_all()), *args)
        try:
            reply = (tag, TASKS[task](*args), None)
        except Exception:  # reported to the step that asked, which fails with it
            reply = (tag, None, traceback.format_exc())
        out.put(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    out.put(None)
    writer.join()


if __name__ == "__main__":
    serve(
        Connection(int(sys.argv[1]), writable=False),
        Connection(int(sys.argv[2]), readable=False),
    )
