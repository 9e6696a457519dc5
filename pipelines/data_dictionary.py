"""Write docs/data_dictionary.md from sql/publish/dictionary.yaml (run as a module)."""

from __future__ import annotations

from assets.resources import PROJECT_ROOT
from models.publish.data_dictionary import parse_dictionary, render_markdown

DICTIONARY = PROJECT_ROOT / "sql" / "publish" / "dictionary.yaml"
DOC = PROJECT_ROOT / "docs" / "data_dictionary.md"


def write_data_dictionary() -> str:
    """Regenerate the Markdown data dictionary; returns its text."""
    text = render_markdown(parse_dictionary(DICTIONARY.read_text(encoding="utf-8")))
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    write_data_dictionary()
    print(f"wrote {DOC}")
