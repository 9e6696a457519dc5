"""Finding a source's extract files and reading them into one typed table per source."""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sources.errors import IngestError

SOURCES: tuple[str, ...] = ("fingertips", "qof_prevalence", "imd", "geography", "population")


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


_READERS = {
    "fingertips": ("sources.fingertips", "read_fingertips"),
    "qof_prevalence": ("sources.qof", "read_qof_prevalence"),
    "imd": ("sources.deprivation", "read_imd"),
    "geography": ("sources.geography", "read_geography"),
    "population": ("sources.population", "read_population"),
}


def _module(source: str):
    return importlib.import_module(_READERS[source][0])


def check_data_dir(data_dir: Path) -> Path:
    """The data folder, or an IngestError when it does not exist."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise IngestError(str(data_dir), "data folder does not exist")
    return data_dir


def discover(data_dir: Path, source: str) -> list[SourceFile]:
    """A source's files by its documented glob patterns; [] when none are present."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of {SOURCES}")
    data_dir = check_data_dir(data_dir)
    paths: set[Path] = set()
    for pattern in _module(source).PATTERNS:
        paths.update(p for p in data_dir.glob(pattern) if p.is_file())
    return [SourceFile(path=p, sha256=hash_file(p)) for p in sorted(paths)]


def read_source(data_dir: Path, source: str) -> SourceRead | None:
    """Read and validate one source; None when its files are absent, IngestError on bad input."""
    files = discover(data_dir, source)
    if not files:
        return None
    reader = getattr(_module(source), _READERS[source][1])
    table, reads = reader(Path(data_dir), files)
    return SourceRead(source=source, table=table, files=reads)


def label_of(data_dir: Path, path: Path) -> str:
    """A file's name relative to the data folder, as used in error messages."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return path.name
