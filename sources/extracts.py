"""What reading a source produces (files with hashes, per-file row accounting, the table) and
the file helpers every reader shares; the sources themselves are listed in `sources.registry`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.errors import IngestError


@dataclass(frozen=True)
class SourceFile:
    """One extract file and the SHA-256 of its bytes."""

    path: Path
    sha256: str


@dataclass
class FileRead:
    """What happened to one file: rows read = rows loaded + rows rejected (reason in note)."""

    path: Path
    sha256: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    note: str = ""


@dataclass
class SourceRead:
    """One source's table and the per-file accounting."""

    source: str
    table: pl.DataFrame
    files: list[FileRead] = field(default_factory=list)


# A file whose rows fall below this share of its last good load is taken to be cut short.
SHRINK_FLOOR = 0.75


def check_row_counts(
    reads: list[FileRead], previous: dict[str, tuple[int, object]], data_dir: Path
) -> None:
    """IngestError for the first file that read far fewer rows than at its last good load.

    `previous` maps each file's name (relative to `data_dir`) to (rows read, when). A download
    cut at a line break parses cleanly; only its row count gives it away. Publishers version
    their file names, so a smaller edition arrives under a new name and is not compared.
    """
    for read in reads:
        name = label_of(Path(data_dir), read.path)
        before = previous.get(name)
        if before is None or before[0] <= 0:
            continue
        rows, when = before
        if read.rows_read < SHRINK_FLOOR * rows:
            raise IngestError(
                name,
                f"{read.rows_read:,} rows, far below the {rows:,} of its last good load ({when}; "
                f"floor {SHRINK_FLOOR:.0%}): file cut short? Download it again (a smaller "
                "edition should come under its own file name)",
                row=read.rows_read,
            )


def hash_file(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_data_dir(data_dir: Path) -> Path:
    """The data folder, or an IngestError when it does not exist."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise IngestError(str(data_dir), "data folder does not exist")
    return data_dir


def label_of(data_dir: Path, path: Path) -> str:
    """A file's name relative to the data folder, as used in error messages."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return path.name
