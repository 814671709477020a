"""The examples of docs/sla.md run as written (complaintflow.sla)."""

from __future__ import annotations

import pathlib
import re

import pytest

PAGE = pathlib.Path(__file__).resolve().parent.parent / "docs" / "sla.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_the_page_has_examples():
    assert len(BLOCKS) >= 4


@pytest.mark.filterwarnings("error")
def test_the_examples_run_in_order(capsys):
    namespace: dict[str, object] = {}
    for block in BLOCKS:
        exec(compile(block, str(PAGE), "exec"), namespace)  # the page's own asserts check it
    assert "2026-11-23 17:30:00+08:00\n" == capsys.readouterr().out
