"""Render the data dictionary (sql/publish/dictionary.yaml) as Markdown."""

from __future__ import annotations

import yaml

HEADER = (
    "# Data dictionary: the published contract\n\n"
    "Every view in the `publish` schema (what dashboards read; contract version in"
    " `sql/publish/contract.yaml`, stamped in `publish.contract_version`) and"
    " `marts.locality_hierarchy`, the area lookup behind them. Counts of people or events from"
    " patient records are disclosure-controlled: 1-7 suppressed (null), others rounded to 5."
    " Fingertips, QOF and ONS counts are already public and published as they are.\n\n"
    "Each `publish.<name>` is a view (`sql/publish/views/<name>.sql`) naming these columns, in"
    " this order, over the internal table `publish_store.<name>`; dashboards read only the"
    " views.\n\n"
    "Generated from `sql/publish/dictionary.yaml` by `models.publish.data_dictionary.render_markdown`"
    " (run `python -m pipelines.data_dictionary`); do not edit by hand.\n"
)


def parse_dictionary(text: str) -> dict[str, dict]:
    """{table: {"description": str, "columns": {name: (type, meaning)}}} from the YAML text."""
    tables = yaml.safe_load(text)["tables"]
    return {
        name: {
            "description": " ".join(str(spec.get("description", "")).split()),
            "columns": {
                c: (str(v[0]), ", ".join(map(str, v[1:]))) for c, v in spec["columns"].items()
            },
        }
        for name, spec in tables.items()
    }


def render_markdown(dictionary: dict[str, dict]) -> str:
    """One section per table: its description and a column | type | meaning table."""
    parts = [HEADER]
    for table, spec in dictionary.items():
        parts.append(f"\n## `{table}`\n\n{spec['description']}\n\n| column | type | meaning |\n"
                     "|---|---|---|\n")  # fmt: skip
        parts.extend(f"| `{c}` | {t} | {m.replace('|', '/')} |\n" for c, (t, m) in
                     spec["columns"].items())  # fmt: skip
    return "".join(parts)
