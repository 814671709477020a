"""Benchmark: replay in the pure-Python package and in the compiled build, one run.

The compiled build is the same package with the modules a replay spends its time
in compiled by mypyc (the ``mypyc`` build hook in ``pyproject.toml`` names them;
``HATCH_BUILD_HOOK_ENABLE_MYPYC=1`` turns it on). This benchmark:

1. builds that wheel from a copy of the checkout with ``.ci/compiled.py`` (as CI
   does: ``pip wheel``, which fetches hatch-mypyc and mypy into its build
   environment; a C compiler is needed), unpacks it into a temporary folder and
   checks that the modules the hook names are compiled there;
2. times ``generate_tickets`` alone, ``replay`` with generation, ``replay`` of
   tickets generated beforehand and ``compare`` with generation, with the pure
   sources and with the unpacked wheel on the path, in alternating fresh
   processes (CPU and wall time, best of every run of each, timed as every
   benchmark is: ``_timing.best``, the collector on as in ``bench_replay.py``);
3. checks that both give the same report (a digest of it), and prints the ratio.

Run: ``python bench/bench_compiled.py`` (about three minutes: the build takes one);
``--full`` replays a million tickets once under each; ``--tests`` then runs the
suite against the compiled tree and prints its summary. Add ``--keep`` to keep the
build folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def build(into: pathlib.Path) -> pathlib.Path:
    """The compiled wheel of the checkout, unpacked under ``into``; returns the folder.

    Raises:
        RuntimeError: The build failed, or left a module of the hook uncompiled.
    """
    sys.path.insert(0, str(HERE))
    from run import load

    wheel = load(ROOT / ".ci" / "compiled.py").build(ROOT, into)
    tree = into / "unpacked"
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(tree)
    checked = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "compiled.py"), "check"],
        env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True,
    )  # fmt: skip
    if checked.returncode:
        raise RuntimeError(checked.stdout + checked.stderr)
    return tree


def measure(n: int, repeat: int) -> dict[str, list[float]]:
    """CPU and wall µs per ticket of each measure, best of ``repeat``, and a
    digest of the report (to check both trees agree)."""
    import complaintflow as cf

    sys.path.insert(0, str(HERE))
    from _timing import best
    from bench_replay import START, tickets, what_if

    days = 365
    policy, now = cf.default_policy(), START.add(days=days)
    other = what_if(policy)
    ready = list(tickets(n, days)) if n <= 200_000 else None  # type: ignore[call-overload]

    def per_ticket(fn: Callable[[], object]) -> list[float]:
        cpu, wall = best(fn, repeat, gc_off=False).us(n)
        return [cpu, wall]

    rows = {
        "generate_tickets alone": per_ticket(lambda: sum(1 for _ in tickets(n, days))),  # type: ignore[attr-defined]
        "replay, generation included": per_ticket(
            lambda: cf.policy.replay(tickets(n, days), policy, now=now)  # type: ignore[arg-type]
        ),
        "compare, generation included": per_ticket(
            lambda: cf.policy.compare(tickets(n, days), policy, other, now=now)  # type: ignore[arg-type]
        ),
    }
    if ready is not None:
        rows["replay of tickets generated beforehand"] = per_ticket(
            lambda: cf.policy.replay(ready, policy, now=now)
        )
    report = cf.policy.replay(tickets(n, days) if ready is None else ready, policy, now=now)  # type: ignore[arg-type]
    digest = hashlib.sha256(repr(report).encode()).hexdigest()[:12]  # 48 bits: exact as a float
    rows["report"] = [float(report.tickets), float(report.failed_tickets), float(int(digest, 16))]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", type=int, default=20_000, help="tickets (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the trees")
    parser.add_argument("--full", action="store_true", help="1,000,000 tickets, one run each")
    parser.add_argument("--tests", action="store_true", help="run the suite on the build")
    parser.add_argument("--keep", action="store_true", help="keep the build folder")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.full:
        args.n, args.repeat, args.rounds = 1_000_000, 1, 1
    if args.json:
        print(json.dumps(measure(args.n, args.repeat)))
        return 0
    folder = pathlib.Path(tempfile.mkdtemp(prefix="complaintflow-compiled-"))
    try:
        t = time.perf_counter()
        try:
            compiled = build(folder)
        except RuntimeError as e:
            print(f"the compiled build could not be made: {e}")
            return 1
        print(f"built the compiled wheel (mypyc) in {time.perf_counter() - t:.0f} s")
        trees = {"pure Python": str(ROOT / "src"), "compiled": str(compiled)}
        cmd = [sys.executable, __file__, "--json", "-n", str(args.n)]
        cmd += ["--repeat", str(args.repeat)]
        best: dict[str, dict[str, list[float]]] = {}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                env = {**os.environ, "PYTHONPATH": tree}
                out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
                for label, row in json.loads(out.stdout).items():
                    old = best.setdefault(name, {}).get(label)
                    best[name][label] = (
                        row
                        if old is None or label == "report"
                        else [min(x, y) for x, y in zip(old, row, strict=True)]
                    )
        print(
            f"{args.n:,} synthetic tickets, default policy (compare: against bench_replay's "
            f"what-if); best of {args.rounds} alternating processes x {args.repeat} runs"
        )
        print(f"{'µs per ticket':<42}{'pure CPU':>10}{'wall':>8}{'mypyc CPU':>11}{'wall':>8}"
              f"{'ratio':>7}")  # fmt: skip
        pure, fast = best["pure Python"], best["compiled"]
        for label in pure:
            if label == "report":
                continue
            (pc, pw), (fc, fw) = pure[label], fast[label]
            print(f"{label:<42}{pc:>10.1f}{pw:>8.1f}{fc:>11.1f}{fw:>8.1f}{pc / fc:>6.2f}x")
        same = pure["report"] == fast["report"]
        print(
            f"reports: {int(pure['report'][0]):,} tickets, {int(pure['report'][1])} failed "
            f"(pure) and {int(fast['report'][1])} failed (compiled): "
            + ("identical" if same else "DIFFERENT")
        )
        sys.path.insert(0, str(HERE))
        from bench_replay import COMPARE_LIMIT, REPLAY_LIMIT_US

        for name, rows in best.items():
            replay_us = rows["replay, generation included"][0]
            ratio = rows["compare, generation included"][0] / replay_us
            met = "met" if replay_us <= REPLAY_LIMIT_US else "NOT met"
            print(
                f"target, {name}: replay <= {REPLAY_LIMIT_US:g} µs/ticket CPU with generation: "
                f"{replay_us:.1f} µs ({met}); compare / replay {ratio:.2f}x "
                f"({'met' if ratio <= COMPARE_LIMIT else 'NOT met'}, limit {COMPARE_LIMIT}x)"
            )
        if args.tests:
            env = {**os.environ, "PYTHONPATH": f"{compiled}{os.pathsep}{ROOT / 'tests'}"}
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "tests", "docs", "-q", "-p", "no:cacheprovider"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            lines = run.stdout.strip().splitlines()
            print(lines[-1] if lines else run.stderr)
            for line in lines:
                if line.startswith("FAILED "):
                    print(f"  {line}")
            if run.returncode:
                return 1
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"build folder kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
