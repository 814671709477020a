"""Trial: what a mypyc-compiled build of replay's hot modules would cost per ticket.

complaintflow ships as pure Python. This trial measures what compiling the modules
a replay spends its time in (`MODULES`) with mypyc, the compiler of mypy's own
type annotations, would give, without changing the shipped package:

1. copy ``src/`` to a temporary folder and make the two changes mypyc needs there
   (`_patches`: an exception class derived from ``TypeError`` stays a Python class;
   the SLA clock's class defaults are written one per line and its reset assigns
   them one by one, generated from the pure module's own defaults);
2. compile `MODULES` in that copy (mypyc and a C compiler are needed: ``pip
   install mypy``, which the ``lint`` extra has);
3. time ``generate_tickets`` alone, ``replay`` with generation and ``replay`` of
   tickets generated beforehand under both trees, in alternating fresh processes
   (best CPU and wall time of each), and check that both trees give the same report;
4. with ``--tests``, run the test suite against the compiled copy and print its
   summary (what a compiled build would still have to fix).

Run: ``python bench/compiled_trial.py`` (about two minutes: the compilation takes
one) or ``python bench/compiled_trial.py --tests`` (four minutes more). The
compiled copy is removed afterwards unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

#: The modules a replay spends its time in (record reading, workflow fold, SLA
#: clocks, follow-up checks, calendar index, generator).
MODULES = (
    "policy/_replay",
    "workflows/_transition",
    "sla/_evaluate",
    "sla/_clock",
    "followup/_decide",
    "synthetic/_generate",
    "calendars/_index",
)

START = "2025-03-03T00:00:00+08:00"


def _reset_body() -> str:
    """The SLA clock's reset, one assignment per cycle field, from the pure defaults."""
    sys.path.insert(0, str(ROOT / "src"))
    from complaintflow.sla import _clock

    lines = [f"        self.{n} = {getattr(_clock.Clock, n)!r}" for n in _clock.CYCLE_FIELDS]
    return "\n".join(lines) + "\n"


def _patches() -> list[tuple[str, str, str]]:
    """``(module, old, new)``: the changes mypyc needs, each found exactly once."""
    return [
        (
            "policy/_replay",
            "\nclass _NaiveStamp(TypeError):",
            "\nfrom mypy_extensions import mypyc_attr\n\n\n"
            "@mypyc_attr(native_class=False)\nclass _NaiveStamp(TypeError):",
        ),
        ("sla/_clock", "    cycle = earlier = 0\n", "    cycle = 0\n    earlier = 0\n"),
        (
            "sla/_clock",
            "    e = budget = p = memo_e = 0\n",
            "    e = 0\n    budget = 0\n    p = 0\n    memo_e = 0\n",
        ),
        (
            "sla/_clock",
            "        for name in CYCLE_FIELDS:\n"
            "            setattr(self, name, getattr(Clock, name))\n",
            _reset_body(),
        ),
    ]


def build(into: pathlib.Path) -> pathlib.Path:
    """A compiled copy of ``src/`` under ``into``; returns its ``src`` folder."""
    src = into / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__"))
    for module, old, new in _patches():
        path = src / "complaintflow" / f"{module}.py"
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"{module}: the trial's patch no longer applies: {old!r}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    files = [f"src/complaintflow/{m}.py" for m in MODULES]
    # No pyproject.toml in the copy: mypyc's setuptools build would read ours.
    done = subprocess.run(
        [sys.executable, "-m", "mypyc", *files], cwd=into, capture_output=True, text=True
    )
    built = list((into / "build").glob("lib.*"))
    if not built:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit("mypyc failed (is mypy installed, and a C compiler?)")
    for so in built[0].rglob("*.so"):
        target = src / so.relative_to(built[0])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(so, target)
    return src


def measure(n: int, repeat: int) -> dict[str, list[float]]:
    """CPU and wall µs per ticket of the three measures, best of ``repeat``, and a
    digest of the report (to check both trees agree)."""
    import complaintflow as cf

    start = cf.parse_instant(START)
    policy, now = cf.default_policy(), start.add(days=365)

    def tickets() -> object:
        return cf.synthetic.generate_tickets(n, seed=2026, start=start, days=365)

    ready = list(tickets())  # type: ignore[call-overload]
    report = None

    def best(fn: object) -> list[float]:
        nonlocal report
        cpu = wall = float("inf")
        for _ in range(repeat):
            c, w = time.process_time(), time.perf_counter()
            out = fn()  # type: ignore[operator]
            cpu = min(cpu, time.process_time() - c)
            wall = min(wall, time.perf_counter() - w)
            if out is not None:
                report = out
        return [cpu / n * 1e6, wall / n * 1e6]

    def generate() -> None:
        for _ in tickets():  # type: ignore[attr-defined]
            pass

    rows = {
        "generate_tickets alone": best(generate),
        "replay, generation included": best(
            lambda: cf.policy.replay(tickets(), policy, now=now)  # type: ignore[arg-type]
        ),
        "replay of tickets generated beforehand": best(
            lambda: cf.policy.replay(ready, policy, now=now)
        ),
    }
    assert report is not None
    digest = hashlib.sha256(repr(report).encode()).hexdigest()[:12]  # 48 bits: exact as a float
    rows["report"] = [float(report.tickets), float(report.failed_tickets), float(int(digest, 16))]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", type=int, default=20_000, help="tickets (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the trees")
    parser.add_argument("--tests", action="store_true", help="run the suite on the copy")
    parser.add_argument("--keep", action="store_true", help="keep the compiled copy")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.n, args.repeat)))
        return 0
    folder = pathlib.Path(tempfile.mkdtemp(prefix="complaintflow-mypyc-"))
    try:
        t = time.perf_counter()
        compiled = build(folder)
        print(f"compiled {len(MODULES)} modules with mypyc in {time.perf_counter() - t:.0f} s")
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
            f"{args.n:,} synthetic tickets, default policy; best of {args.rounds} alternating "
            f"processes x {args.repeat} runs"
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
        if args.tests:
            env = {**os.environ, "PYTHONPATH": str(compiled)}
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider",
                 "-o", "addopts=--import-mode=importlib"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            failed = re.findall(r"^FAILED (\S+)", run.stdout, re.M)
            print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr)
            for name in failed:
                print(f"  {name}")
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"compiled copy kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
