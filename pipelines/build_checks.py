"""What `placehealth build` checks before loading anything heavy: folders, paths, selection.

Each mistake is one `UsageError` line saying what is wrong and what would be right; the CLI
prints it and exits 2, in about the time Python takes to start (Dagster is imported only to
parse a selection that passed the plain-Python checks).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"


class UsageError(ValueError):
    """A mistake on the command line, worded for the person who typed it."""


def check_data_dir(data_dir: str | None) -> None:
    """The extract folder exists (None: the bundled demo data)."""
    if data_dir is None:
        return
    path = Path(data_dir).expanduser()
    if not path.exists():
        raise UsageError(
            f"data folder {path} does not exist; give the folder that holds fingertips/, qof/, "
            "geography/ … (e.g. --data-dir ../shared/data), or leave it out for the demo data"
        )
    if not path.is_dir():
        raise UsageError(f"data folder {path} is a file, not a folder; give the extracts' folder")


def _first_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _can_create_in(folder: Path) -> bool:
    """Whether a file can be created in `folder` (tried, since root passes `os.access`)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".placehealth-probe-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    os.unlink(name)
    return True


def check_writable_database(path_text: str | None, what: str = "warehouse") -> Path:
    """The database file can be written: an existing writable file, or a creatable one in a
    writable folder (the build writes its shadow copy beside it)."""
    path = Path(path_text).expanduser().resolve() if path_text else DEFAULT_WAREHOUSE
    flag = "--warehouse" if what == "warehouse" else "PLACEHEALTH_RESTRICTED"
    if path.is_dir():
        raise UsageError(f"{what} path {path} is a folder; give a file such as {path}/x.duckdb")
    folder = path.parent
    existing = _first_existing(folder)
    if not existing.is_dir():
        raise UsageError(
            f"cannot create the {what} folder {folder}: {existing} is a file; choose a path in "
            f"a writable folder with {flag}"
        )
    if not _can_create_in(existing):
        raise UsageError(
            f"cannot write the {what} {path}: folder {existing} is not writable; choose a path "
            f"in a writable folder with {flag}"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"cannot write the {what} {path}: the file is read-only; {flag}")
    return path
