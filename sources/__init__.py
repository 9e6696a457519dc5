"""Plain-Python readers of the public extracts (Fingertips, QOF, IoD, ONS geography, population)."""

from sources.errors import IngestError
from sources.extracts import (
    SOURCES,
    FileRead,
    SourceFile,
    SourceRead,
    discover,
    hash_file,
    read_source,
)

__all__ = [
    "SOURCES",
    "FileRead",
    "IngestError",
    "SourceFile",
    "SourceRead",
    "discover",
    "hash_file",
    "read_source",
]
