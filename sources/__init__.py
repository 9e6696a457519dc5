"""Plain-Python readers of the public extracts (Fingertips, QOF, IoD, ONS geography, population)
and the one registry of staging sources (`sources.registry`)."""

from sources.errors import IngestError
from sources.extracts import FileRead, SourceFile, SourceRead, hash_file
from sources.registry import EXTRACTS, SOURCES, Source, discover, read_source

__all__ = [
    "EXTRACTS",
    "SOURCES",
    "FileRead",
    "IngestError",
    "Source",
    "SourceFile",
    "SourceRead",
    "discover",
    "hash_file",
    "read_source",
]
