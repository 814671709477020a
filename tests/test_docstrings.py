"""Docstrings are Google style in Markdown, as mkdocstrings renders them: no
reStructuredText roles (``:class:`X```) left as literal text in the API reference,
and "Returns:" read as prose, not as ``name: description``."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
ROLE = re.compile(r":(?:py:)?(?:meth|class|func|attr|mod|exc|data|obj|const|type|ref):`")
RST_TABLE_RULE = re.compile(r"^\s*=+(?:\s+=+)+\s*$", re.MULTILINE)


def test_no_restructuredtext_roles_or_tables_in_the_source() -> None:
    found = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if ROLE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
        if RST_TABLE_RULE.search(text):
            found.append(f"{path.relative_to(ROOT)}: a reStructuredText table")
    assert [] == found, "write `Name` (backticks) or a Markdown table instead"


def test_returns_sections_are_prose() -> None:
    """Without this option griffe reads "Returns: A `Decision` ..." as a value named "A"."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docstring_style: google" in config
    assert re.search(r"docstring_options:\s*\n\s*returns_named_value: false", config)
