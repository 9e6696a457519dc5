"""Great Expectations suites, as data: one YAML file per table in `suites/`."""

from __future__ import annotations

from pathlib import Path

import yaml

from models.quality.suites import Suite, parse_suite

SUITES_DIR = Path(__file__).resolve().parent / "suites"


def suite_names(directory: Path | None = None) -> list[str]:
    """Every suite defined under `directory` (default `expectations/suites/`)."""
    return sorted(p.name.removesuffix(".yaml") for p in (directory or SUITES_DIR).glob("*.yaml"))


def load_suite(name: str, directory: Path | None = None) -> Suite:
    """Load the suite for table `name` (``schema.table``)."""
    path = (directory or SUITES_DIR) / f"{name}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"no expectation suite {path}")
    return parse_suite(name, yaml.safe_load(path.read_text(encoding="utf-8")) or {})
