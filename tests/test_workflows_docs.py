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


def test_diagrams_run_top_to_bottom_without_unused_styling() -> None:
    text = _generator().diagrams()
    assert text.count("direction TB") == text.count("stateDiagram-v2") == 4
    for unused in ("direction LR", "classDef", "class ", 'state "'):
        assert unused not in text


def test_tidy_keeps_every_edge_and_every_state() -> None:
    """Tidying drops styling only: each workflow's edges stay, in order, and every
    state of the definition is still named by an edge or a ``state`` line."""
    from complaintflow.workflows import DEFAULT_NAMES, default, to_mermaid

    gen = _generator()
    for name in DEFAULT_NAMES:
        raw = to_mermaid(default(name))
        tidied = gen.tidy(raw)
        edges = [line for line in raw.splitlines() if " --> " in line]
        assert edges == [line for line in tidied.splitlines() if " --> " in line]
        for state in default(name).states:
            assert f" {state} " in tidied or f" {state}:" in tidied or f"{state}\n" in tidied


def test_tidy_keeps_a_state_no_edge_names() -> None:
    raw = (
        "stateDiagram-v2\n  direction LR\n  classDef s_default fill:white\n"
        '  state "lonely" as lonely\n  class lonely s_default\n'
        '  state "a" as a\n  state "b" as b\n  a --> b: go\n'
    )
    assert "stateDiagram-v2\n  direction TB\n" + '  state "lonely" as lonely\n' + (
        "  a --> b: go\n"
    ) == _generator().tidy(raw)
