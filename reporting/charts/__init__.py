"""Charts (matplotlib, Agg backend), built from frames: each module returns figures, and the
two helpers here turn a figure into PNG bytes (for the self-contained reports) or a file."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure


def png_bytes(figure: Figure, dpi: int | None = None, tight: bool = False) -> bytes:
    """The figure as PNG bytes (embedded in the HTML reports)."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=dpi or "figure", bbox_inches="tight" if tight else None
    )
    return buffer.getvalue()


def save_figure(figure: Figure, folder: Path, name: str, dpi: int | None = None) -> Path:
    """Write `<folder>/<name>.png` (the folder made if needed); returns the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    figure.savefig(path, dpi=dpi or "figure")
    return path
