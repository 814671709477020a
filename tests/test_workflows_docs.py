"""The state diagrams in docs/workflows.md are generated and current."""

from __future__ import annotations

import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "gen_workflows", ROOT / "docs" / "gen_workflows.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_diagrams_match_the_definitions() -> None:
    gen = _generator()
    page = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    assert gen.render(page) == page, "run: python docs/gen_workflows.py"


def test_every_shipped_workflow_is_drawn() -> None:
    gen = _generator()
    text = gen.diagrams()
    for name in ("complaint", "incident", "inquiry", "suggestion"):
        assert f"title: {name} v1" in text
    assert "received --> registered: register [intake & known_channel & network_intake]" in text
