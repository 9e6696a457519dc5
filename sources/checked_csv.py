"""Strict CSV reading: every failure becomes one IngestError naming file, row and column."""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from sources.errors import IngestError

_BOM = b"\xef\xbb\xbf"


def load_bytes(path: Path, label: str) -> bytes:
    """The file's bytes, gunzipped when it ends in .gz; truncated, empty or UTF-16 is an error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(label, f"cannot read file ({exc.strerror or exc})") from exc
    if not raw:
        raise IngestError(label, "file is empty (0 bytes)")
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except EOFError:
            _diagnose_gzip(raw, label)
        except (OSError, zlib.error) as exc:
            raise IngestError(label, f"not a valid gzip file ({exc})") from exc
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise IngestError(label, "file is UTF-16 encoded (NUL bytes / UTF-16 BOM); expected UTF-8")
    if raw.isspace() or raw == _BOM:
        raise IngestError(label, "file is empty (no header, no rows)")
    return raw


def _diagnose_gzip(raw: bytes, label: str) -> None:
    inflater = zlib.decompressobj(wbits=31)
    try:
        done = inflater.decompress(raw)
    except zlib.error as exc:
        raise IngestError(label, f"not a valid gzip file ({exc})") from exc
    row = done.count(b"\n")
    raise IngestError(label, "gzip stream is truncated (file cut short)", row=row)


def _check_utf8(raw: bytes, label: str, has_header: bool) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_no = raw.count(b"\n", 0, exc.start)
        start = raw.rfind(b"\n", 0, exc.start) + 1
        end = raw.find(b"\n", exc.start)
        line = raw[start : end if end >= 0 else len(raw)].decode("utf-8", errors="replace")
        header_end = raw.find(b"\n")
        first = raw[:header_end].decode("utf-8-sig", errors="replace")
        header = next(csv.reader([first]), [])
        fields = next(csv.reader([line]), [])
        index = next((i for i, f in enumerate(fields) if "\ufffd" in f), None)
        column = header[index] if has_header and index is not None and index < len(header) else None
        byte = raw[exc.start : exc.start + 1].hex()
        row = line_no if has_header else line_no + 1
        raise IngestError(
            label, f"not valid UTF-8 (byte 0x{byte}; cp1252/latin-1?)", row=row, column=column
        ) from exc


def _locate_parse_error(text: str, width: int | None, has_header: bool) -> tuple[int | None, str]:
    reader = csv.reader(io.StringIO(text), strict=True)
    first = 0 if has_header else 1
    try:
        for index, record in enumerate(reader):
            if width is None:
                width = len(record)
            elif record and len(record) != width:
                return index + first, f"row has {len(record)} fields, expected {width}"
    except csv.Error as exc:
        return reader.line_num - 1 + first, f"malformed CSV ({exc}; file cut mid-line?)"
    return None, "could not be parsed as CSV"


def _head(path: Path) -> bytes:
    """The first 4 KB of the (decompressed) file, cheaply; b"" when unreadable."""
    try:
        with path.open("rb") as handle:
            chunk = handle.read(1 << 16)
        if path.suffix == ".gz":
            return zlib.decompressobj(wbits=31).decompress(chunk, 4096)
    except (OSError, zlib.error):
        return b""
    return chunk[:4096]


def _diagnose(path: Path, label: str, has_header: bool, width: int | None) -> None:
    """Slow path for a file polars could not parse: raise the most precise IngestError."""
    raw = load_bytes(path, label)
    _check_utf8(raw, label, has_header)
    row, message = _locate_parse_error(raw.decode("utf-8-sig"), width, has_header)
    raise IngestError(label, message, row=row)


def read_text_csv(
    path: Path,
    label: str,
    required: Sequence[str] = (),
    column_names: Sequence[str] | None = None,
    only_required: bool = False,
) -> pl.DataFrame:
    """All columns as strings (empty → null); header checked for `required` columns.

    Happy path: polars reads (and gunzips) the file itself; only a file that fails is re-read in
    Python to name the row and column. A truncated gzip stream fails the decompressor; a plain
    CSV cut mid-line is caught by comparing its last record with the header.
    """
    has_header = column_names is None
    head = _head(path)
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        load_bytes(path, label)  # raises the precise error (missing, empty, gzip, UTF-16)
    width = len(column_names) if column_names else None
    header = _header_of(head) if has_header else None
    if header is not None:
        _require_columns(header, required, label)
    keep = list(required) if only_required and header is not None else None
    try:
        frame = pl.read_csv(
            path,
            has_header=has_header,
            new_columns=list(column_names) if column_names else None,
            columns=keep,
            infer_schema=False,
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        _diagnose(path, label, has_header, width)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise IngestError(label, f"cannot parse as CSV ({first})") from exc
    _require_columns(frame.columns, required, label)
    if frame.height == 0:
        raise IngestError(label, "file has a header but no data rows")
    if path.suffix != ".gz":
        names = header if header is not None else frame.columns
        _check_last_row(path.read_bytes(), len(names), label, frame.height, names)
    return frame.with_columns(pl.col(pl.String).replace("", None))


def _header_of(head: bytes) -> list[str] | None:
    """Column names from the first line of the file's head, when the whole line is there."""
    end = head.find(b"\n")
    if end < 0:
        return None
    text = head[:end].decode("utf-8-sig", errors="replace").rstrip("\r")
    if text.count('"') % 2:  # a quoted heading with a line break: let polars read it
        return None
    return next(csv.reader([text]), [])


def _require_columns(columns: Sequence[str], required: Sequence[str], label: str) -> None:
    missing = [name for name in required if name not in columns]
    if missing:
        found = ", ".join(repr(c) for c in list(columns)[:8])
        raise IngestError(
            label,
            f"missing column(s) {', '.join(repr(m) for m in missing)}; header has {found}",
            row=0,
            column=missing[0],
        )


def _check_last_row(raw: bytes, width: int, label: str, rows: int, header: list[str]) -> None:
    """A plain CSV cut mid-line: its last record has fewer fields than the header, or it ends
    without a line break (cut inside its last field: the field count alone cannot tell).

    Every published plain CSV the pipeline reads ends with a line break; a gzip file carries
    its own length and CRC, so the decompressor catches a cut there.
    """
    tail = raw.rstrip(b"\r\n")
    start = tail.rfind(b"\n") + 1
    while start > 0 and tail.count(b'"', 0, start) % 2:  # inside a quoted multi-line field
        start = tail.rfind(b"\n", 0, start - 1) + 1
    fields = next(csv.reader(io.StringIO(tail[start:].decode("utf-8-sig"), newline="")), [])
    if 0 < len(fields) < width:
        column = header[len(fields) - 1] if len(fields) <= len(header) else None
        raise IngestError(
            label,
            f"last row has {len(fields)} of {width} fields (file cut mid-line?)",
            rows,
            column,
        )
    if fields and not raw.endswith((b"\n", b"\r")):
        column = header[len(fields) - 1] if len(fields) <= len(header) else None
        raise IngestError(
            label,
            f"last row ends without a line break, inside its last field ({fields[-1]!r}): "
            "file cut mid-row? Download it again",
            rows,
            column,
        )
