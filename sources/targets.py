"""Read the targets registry files (data/targets/*.yaml) as (file name, parsed YAML) pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class TargetFileError(ValueError):
    """A target file is not valid YAML."""


def read_target_files(folder: Path | str, pattern: str = "*.yaml") -> list[tuple[str, Any]]:
    """Every `pattern` file in `folder`, sorted by name, parsed with yaml.safe_load."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no targets folder {folder}")
    documents = []
    for path in sorted(folder.glob(pattern)):
        try:
            documents.append((path.name, yaml.safe_load(path.read_text(encoding="utf-8"))))
        except yaml.YAMLError as exc:
            raise TargetFileError(f"{path.name}: not valid YAML: {exc}") from exc
    return documents
