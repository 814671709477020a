"""Timing a benchmark under two source trees in the same run: fresh processes,
alternately, the best figure of each kept (``--against`` of the feature benchmarks)."""

from __future__ import annotations

import json
import os
import subprocess


def best_alternating(cmd: list[str], trees: tuple[str, str], rounds: int) -> dict[str, dict]:
    """Run ``cmd`` (it prints ``{label: [figures...]}`` as JSON) with ``PYTHONPATH``
    set to each tree in turn, ``rounds`` times; per tree and label, the least of each
    figure over the rounds."""
    best: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        for tree in trees:
            env = {**os.environ, "PYTHONPATH": tree}
            done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
            for label, row in json.loads(done.stdout).items():
                old = best.setdefault(tree, {}).get(label)
                best[tree][label] = (
                    row if old is None else [min(x, y) for x, y in zip(old, row, strict=True)]
                )
    return best


def side_by_side(
    best: dict[str, dict[str, list[float]]], against: str, here: str
) -> dict[str, list[float]]:
    """The rows of both trees, each label's ``(against)`` row before its ``(this tree)``."""
    rows = {}
    for label in best[here]:
        rows[f"{label} (against)"] = best[against][label]
        rows[f"{label} (this tree)"] = best[here][label]
    return rows
