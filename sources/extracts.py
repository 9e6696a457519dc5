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
