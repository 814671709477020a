"""Regenerate the state diagrams in docs/workflows.md from the shipped definitions.

Run ``python docs/gen_workflows.py``; ``tests/test_workflows_docs.py`` fails when the
committed diagrams differ from what this script produces, so they are never
hand-drawn and never stale. The diagrams are drawn by ``transitions``' Mermaid engine
(`complaintflow.workflows.to_mermaid`), then tidied (`tidy`): top to bottom, and
without the styling lines that draw nothing.
"""

from __future__ import annotations

import pathlib
import re
import sys

from complaintflow.workflows import DEFAULT_NAMES, default, to_mermaid

PAGE = pathlib.Path(__file__).resolve().parent / "workflows.md"
BEGIN = "<!-- BEGIN generated diagrams (docs/gen_workflows.py) -->"
END = "<!-- END generated diagrams -->"
#: Self-loops every open complaint state has; drawn once in the text, not 16 times.
OMITTED = ("reassign", "link_incident", "incident_resolved", "report_to_police")


def tidy(source: str) -> str:
    """The Mermaid text laid out top to bottom, without styling it does not use.

    ``transitions`` writes ``direction LR``, five ``classDef`` lines and a ``class``
    line per state, all of one plain style, and a ``state "x" as x`` line per state.
    None of them changes the drawing except the direction, and left to right makes
    the 17-state complaint diagram a strip too wide to read, so it becomes
    ``direction TB``. A state keeps its ``state`` line only if no edge
    names it (so that it is still drawn).
    """
    lines = source.splitlines()
    edges = [line for line in lines if " --> " in line]
    named = {part.strip().split(":")[0].strip() for e in edges for part in e.split(" --> ")}
    kept = []
    for line in lines:
        text = line.strip()
        if text.startswith("direction "):
            line = "  direction TB"
        elif text.startswith(("classDef ", "class ")):
            continue
        match = re.fullmatch(r'state "([^"]+)" as (\w+)', text)
        if match and match.group(1) == match.group(2) and match.group(2) in named:
            continue
        if not text and kept and not kept[-1].strip():
            continue  # one blank line at most
        kept.append(line)
    return "\n".join(kept).rstrip() + "\n"


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
        parts += ["```mermaid", tidy(to_mermaid(wf, exclude_events=omitted)).rstrip(), "```", ""]
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
