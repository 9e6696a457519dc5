"""docs/neighbourhoods.md lists every catalogue indicator with its source and method."""

from pathlib import Path

from models.neighbourhoods.catalogue import INDICATORS

DOC = Path(__file__).resolve().parents[2] / "docs" / "neighbourhoods.md"


def test_every_indicator_is_documented_with_source_and_method():
    rows = {line.split("|")[1].strip(): line for line in DOC.read_text().splitlines()
            if line.startswith("| 99")}  # fmt: skip
    for i in INDICATORS:
        line = rows.get(str(i.indicator_id))
        assert line is not None, f"{i.indicator_id} missing from {DOC.name}"
        assert i.name in line and i.source in line and f"| {i.method} |" in line
    assert len(rows) == len(INDICATORS)
