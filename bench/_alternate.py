"""Timing a benchmark under two source trees in the same run: fresh processes,
alternately, the best figure of each kept (``--against`` of the feature benchmarks)."""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
from collections.abc import Callable

import complaintflow as cf


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


def table(rows: dict[str, list[float]], sizes: tuple[int, int], width: int = 44) -> None:
    """Print rows of CPU and wall µs per ticket at the two sizes."""
    a, b = sizes
    heads = [f"CPU {a:,}", f"wall {a:,}", f"CPU {b:,}", f"wall {b:,}"]
    print(f"{'µs per ticket':<{width}}" + "".join(f"{h:>12}" for h in heads))
    print("-" * (width + 48))
    for label, row in rows.items():
        print(f"{label:<{width}}" + "".join(f"{v:>12.1f}" for v in row))


def main(
    argv: list[str] | None,
    doc: str,
    script: str,
    measure: Callable[[int, bool], dict[str, list[float]]],
    sizes: tuple[int, int],
    repeat: int,
    what: str,
) -> int:
    """The command line of a feature benchmark: its own figures (``measure(repeat,
    plain_only)``), and with ``--against TREE`` the plain policy's under both trees in
    alternating fresh processes first; ``what`` names what the last table holds."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--against", help="another source tree to time the plain policy under")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --against")
    parser.add_argument("--plain-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.repeat, args.plain_only)))
        return 0
    if args.against:
        here = str(pathlib.Path(cf.__file__).resolve().parent.parent)
        cmd = [sys.executable, script, "--json", "--plain-only", "--repeat", str(args.repeat)]
        best = best_alternating(cmd, (args.against, here), args.rounds)
        rows = side_by_side(best, args.against, here)
        print(f"plain policy, best of {args.rounds} alternating processes x {args.repeat} runs")
        table(rows, sizes)
        print()
    print(f"this tree, {what}, best of {args.repeat}")
    table(measure(args.repeat, False), sizes)
    return 0
