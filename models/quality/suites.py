"""Expectation suites as data: `expectations/suites/<schema>.<table>.yaml` parsed into a Suite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("ERROR", "WARN")
PATTERN_RULES = frozenset({"disclosure_control"})  # rules that find their columns by name pattern


def _strings(value: Any) -> set[str]:
    """Every string in a kwargs structure, dict keys included."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(k) | _strings(v) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return set().union(*(_strings(v) for v in value))
    return set()


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation: a GX class name (``Expect…``) or a custom rule name, kwargs, severity."""

    expectation: str
    kwargs: dict[str, Any]
    severity: str = "ERROR"
    description: str = ""

    @property
    def is_gx(self) -> bool:
        return self.expectation.startswith("Expect")

    @property
    def column(self) -> str | None:
        kw = self.kwargs
        if "column" in kw:
            return str(kw["column"])
        if "column_A" in kw:
            return f"{kw['column_A']},{kw['column_B']}"
        for key in ("column_list", "columns"):
            if key in kw and isinstance(kw[key], list | dict):
                return ",".join(map(str, kw[key]))
        return None

    @property
    def name(self) -> str:
        column = self.column
        return f"{self.expectation}({column})" if column else self.expectation


@dataclass(frozen=True)
class Suite:
    """The expectations guarding one table, and the run-time parameters they need."""

    name: str
    description: str
    expectations: tuple[ExpectationSpec, ...]
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    database: str = "warehouse"  # the resource holding the table: warehouse or restricted
    asset: str = ""  # the Dagster asset that writes it, when not `name` (schema.table)

    @property
    def asset_name(self) -> str:
        return self.asset or self.name

    @property
    def schema(self) -> str:
        return self.name.split(".")[0]

    @property
    def table(self) -> str:
        return self.name.split(".")[1]

    def columns_named(self) -> set[str] | None:
        """Every string the expectations' kwargs hold, a superset of the columns they read (None:
        a rule picks columns by pattern, so it needs them all). Other columns need only exist."""
        if any(s.expectation in PATTERN_RULES for s in self.expectations):
            return None
        return set().union(*(_strings(spec.kwargs) for spec in self.expectations))

    def for_severity(self, severity: str) -> Suite:
        """The same suite holding only the expectations of `severity`."""
        kept = tuple(e for e in self.expectations if e.severity == severity)
        return Suite(self.name, self.description, kept, self.parameters, self.database, self.asset)


def parse_suite(name: str, document: dict[str, Any]) -> Suite:
    """A Suite from its YAML document; raises ValueError on an unknown severity."""
    specs = []
    for item in document.get("expectations", []):
        severity = str(item.get("severity", "ERROR")).upper()
        if severity not in SEVERITIES:
            raise ValueError(f"{name}: severity must be one of {SEVERITIES}, got {severity!r}")
        specs.append(
            ExpectationSpec(
                expectation=item["expectation"],
                kwargs=dict(item.get("kwargs") or {}),
                severity=severity,
                description=str(item.get("description", "")),
            )
        )
    return Suite(
        name=name,
        description=str(document.get("description", "")),
        expectations=tuple(specs),
        parameters=dict(document.get("parameters") or {}),
        database=str(document.get("database", "warehouse")),
        asset=str(document.get("asset", "")),
    )
