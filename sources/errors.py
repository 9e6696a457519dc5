"""The one error raised for bad input extracts, naming file, row and column."""

from __future__ import annotations


class IngestError(ValueError):
    """Bad input: names the file, the 1-based data row (header = row 0) and the column."""

    def __init__(
        self, file: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.reason = message
        where = [str(file)]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}")
