"""Regenerate the state diagrams in docs/workflows.md from the shipped definitions.

Run ``python docs/gen_workflows.py``; ``tests/test_workflows_docs.py`` fails when the
committed diagrams differ from what this script produces, so they are never
hand-drawn and never stale. The diagrams are drawn by ``transitions``' Mermaid engine
(:func:`complaintflow.workflows.to_mermaid`).
"""

from __future__ import annotations

import pathlib
import sys

from complaintflow.workflows import DEFAULT_NAMES, default, to_mermaid

PAGE = pathlib.Path(__file__).resolve().parent / "workflows.md"
BEGIN = "<!-- BEGIN generated diagrams (docs/gen_workflows.py) -->"
END = "<!-- END generated diagrams -->"
#: Self-loops every open complaint state has; drawn once in the text, not 16 times.
OMITTED = ("reassign", "link_incident", "incident_resolved", "report_to_police")


def diagrams() -> str:
    """The generated section: one Mermaid diagram per shipped workflow."""
    parts = [BEGIN, ""]
    for name in DEFAULT_NAMES:
        wf = default(name)
        omitted = [e for e in OMITTED if e in wf.events]
        parts.append(f"### {name}\n")
        if omitted:
            listed = ", ".join(f"`{e}`" for e in omitted)
            parts.append(f"Not drawn: {listed} (a self-loop on every open state).\n")
        parts += ["```mermaid", to_mermaid(wf, exclude_events=omitted).rstrip(), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def render(page: str) -> str:
    """``page`` with its generated section replaced by the current diagrams."""
    head, _, rest = page.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + diagrams() + tail


def main() -> int:
    text = PAGE.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        sys.stderr.write(f"{PAGE} lacks the {BEGIN!r} / {END!r} markers\n")
        return 1
    PAGE.write_text(render(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
