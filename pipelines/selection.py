"""Checking a `--select` string against the asset catalogue before the code location loads.

Two stages, so that a mistake is answered in well under the 10 s the code location takes to
load: a lexical pass in plain Python (group and key names, commas, wildcards) and, for what
passes it, Dagster's own selection grammar resolved against a graph of the catalogued keys
(`pipelines/asset_names.py`; importing Dagster costs about 2 s, loading the assets 10 s).
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from typing import Any

from pipelines.asset_names import ASSETS

GROUPS = sorted({str(a["group"]) for a in ASSETS.values()})
SYNTAX = "group:NAME, key:PREFIX/*, KEY+ (downstream), +KEY (upstream), A or B, A and not B"
_ATTRIBUTE = re.compile(r'\b(group|key):(?:"([^"]*)"|([^\s()"]+))')
_BARE_KEY = re.compile(r'(?<![\w:"/*])\+?([a-z_][a-z0-9_]*(?:/[a-z0-9_*]+)+)\+?')


class SelectionError(ValueError):
    """A selection that is malformed or names no asset; the message says what would be right."""


def _closest(name: str, choices: list[str]) -> str:
    near = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    return f"; did you mean {near[0]!r}?" if near else ""


def _suggest_syntax(text: str) -> str:
    """`group:ingest*,group:baselines*` → `group:ingest or group:baselines`."""
    fixed = re.sub(r"\s*,\s*", " or ", text.strip().strip(","))
    fixed = re.sub(r"\b(group:[\w\"]+)\*", r"\1", fixed)
    return fixed


def _check_group(name: str, text: str) -> None:
    if "*" in name:
        plain = name.replace("*", "")
        raise SelectionError(
            f"invalid --select {text!r}: a group name takes no wildcard ('group:{name}');"
            f" write group:{plain or 'NAME'}, e.g. --select {_suggest_syntax(text)!r}"
        )
    if name not in GROUPS:
        raise SelectionError(
            f"unknown group {name!r} in --select{_closest(name, GROUPS)} "
            f"(groups: {', '.join(GROUPS)})"
        )


def _check_key(pattern: str, text: str) -> None:
    if not any(fnmatch.fnmatchcase(key, pattern) for key in ASSETS):
        raise SelectionError(
            f"unknown asset {pattern!r} in --select{_closest(pattern, list(ASSETS))} "
            "(`placehealth status` lists the tables; keys look like staging/fingertips)"
        )


def lexical_check(text: str) -> None:
    """Mistakes found without Dagster: commas, wildcard groups, unknown group or key names."""
    if not text.strip():
        raise SelectionError(f"empty --select; e.g. --select 'group:ingest' ({SYNTAX})")
    if "," in text:
        raise SelectionError(
            f"invalid --select {text!r}: terms are joined with 'or', not commas; "
            f"e.g. --select {_suggest_syntax(text)!r}"
        )
    for match in _ATTRIBUTE.finditer(text):
        kind, name = match.group(1), match.group(2) or match.group(3)
        if kind == "group":
            _check_group(name, text)
        else:
            _check_key(name, text)
    for match in _BARE_KEY.finditer(_ATTRIBUTE.sub(" ", text)):
        _check_key(match.group(1), text)


def _light_graph() -> Any:
    """An asset graph of the catalogued keys, groups, kinds and dependencies (no code)."""
    import dagster as dg

    specs = [
        dg.AssetSpec(
            key.split("/"),
            group_name=item["group"],
            deps=[d.split("/") for d in item["deps"]],
            kinds=set(item["kinds"]),
            owners=item["owners"],
            skippable=True,
        )
        for key, item in ASSETS.items()
    ]

    @dg.multi_asset(specs=specs, can_subset=True)
    def _catalogue():  # never executed  # noqa: ANN202
        return None

    return dg.Definitions(assets=[_catalogue]).resolve_asset_graph()


def _fields(selection: Any) -> dict[str, Any]:
    """A parsed selection term's fields (Dagster records are named tuples)."""
    return {name: getattr(selection, name) for name in getattr(selection, "_fields", ())}


def _leaves(selection: Any) -> list[Any]:
    """The key, key-wildcard and group terms of a parsed Dagster selection."""
    fields = _fields(selection)
    found = []
    if any(name in fields for name in ("selected_keys", "selected_key_wildcard")):
        found.append(selection)
    if "selected_groups" in fields:
        found.append(selection)
    for value in fields.values():
        items = (
            [value] if hasattr(value, "_fields") or not isinstance(value, list | tuple) else value
        )
        for item in items:
            if hasattr(item, "resolve") and hasattr(item, "_fields"):
                found += _leaves(item)
    return found


def check_selection(text: str) -> list[str]:
    """The asset keys `text` selects; SelectionError saying what is wrong and what is right."""
    import warnings

    lexical_check(text)
    import dagster as dg
    from dagster._core.definitions.asset_selection import DagsterInvalidAssetSelectionError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            selection = dg.AssetSelection.from_string(text)
        except DagsterInvalidAssetSelectionError as error:
            raise SelectionError(
                f"invalid --select {text!r}: not Dagster's selection syntax ({SYNTAX})"
            ) from error
        graph = _light_graph()
        for leaf in _leaves(selection):
            fields = _fields(leaf)
            for group in fields.get("selected_groups") or []:
                _check_group(group, text)
            for key in fields.get("selected_keys") or []:
                _check_key(key.to_user_string(), text)
            if fields.get("selected_key_wildcard"):
                _check_key(fields["selected_key_wildcard"], text)
        keys = sorted(k.to_user_string() for k in selection.resolve(graph))
    if not keys:
        raise SelectionError(f"--select {text!r} matches no asset; e.g. --select 'group:ingest'")
    return keys
