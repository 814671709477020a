"""Mutation testing of one module on a random sample of its mutants, with mutmut 3.

mutmut writes its ``mutants/`` tree next to the code it mutates, so this script never
runs it in the repository: it copies the work tree (tracked and untracked files, not
ignored ones) to ``--workdir``, appends a ``[tool.mutmut]`` table to the *copy's*
``pyproject.toml`` (only this module mutated, only its own test files run), lets
mutmut generate every mutant, runs a seeded random sample of them and prints the
score. Nothing in the repository changes::

    python fuzz/mutation_sample.py src/complaintflow/staffing/_erlang.py \\
        tests/test_staffing.py tests/test_staffing_properties.py --sample 50
    # after writing tests for the survivors: are they killed now?
    python fuzz/mutation_sample.py src/complaintflow/staffing/_erlang.py \\
        tests/test_staffing.py tests/test_staffing_properties.py --sample 50 \\
        --reuse --after tests/test_mutation_survivors.py

Requires ``pip install -e '.[fuzz]'`` (mutmut). Score: killed / (killed + survived);
``timeout`` counts as killed (the mutant hung the tests), ``no tests`` (no selected
test runs the mutated function) as survived; the rest is listed.
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
_RESULT = re.compile(r"^\s*(\S+__mutmut_\d+): (.+)$", re.MULTILINE)


def _copy_tree(dest: pathlib.Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    if dest.exists():
        shutil.rmtree(dest)
    for name in files:
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def _configure(dest: pathlib.Path, module: str, tests: list[str]) -> None:
    selection = ", ".join(f'"{t}"' for t in tests)
    with (dest / "pyproject.toml").open("a", encoding="utf-8") as f:
        f.write(
            "\n[tool.mutmut]\n"
            f'only_mutate = ["{module}"]\n'
            f"pytest_add_cli_args_test_selection = [{selection}]\n"
            'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
            # some tests read the guides and run the examples
            'also_copy = ["docs", "examples"]\n'
        )


def _mutmut(dest: pathlib.Path, *args: str) -> str:
    exe = pathlib.Path(sys.executable).with_name("mutmut")
    done = subprocess.run([str(exe), *args], cwd=dest, capture_output=True, text=True)
    return done.stdout + done.stderr


def _results(dest: pathlib.Path) -> dict[str, str]:
    return dict(_RESULT.findall(_mutmut(dest, "results", "--all=True")))


def _after(args: argparse.Namespace) -> None:
    """Run each survivor of the last sample against the module's tests plus ``--after``.

    The mutant is selected the way mutmut selects it (``MUTANT_UNDER_TEST``) in its
    ``mutants/`` tree, where the new test files are copied first; a failing test run
    kills it.
    """
    dest = args.workdir or pathlib.Path("/tmp/cf-mutation") / pathlib.Path(args.module).stem
    everything = sorted(_results(dest))
    sample = sorted(random.Random(args.seed).sample(everything, min(args.sample, len(everything))))
    status = _results(dest)
    survivors = [m for m in sample if status[m] in ("survived", "no tests")]
    for name in args.after:
        for tree in (dest, dest / "mutants"):
            shutil.copy2(ROOT / name, tree / name)
    killed = []
    for m in survivors:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
             *args.tests, *args.after],
            cwd=dest / "mutants", capture_output=True, text=True,
            env={**os.environ, "MUTANT_UNDER_TEST": m, "PYTHONPATH": "src"},
        )  # fmt: skip
        verdict = "killed" if done.returncode == 1 else f"survived (pytest exit {done.returncode})"
        if done.returncode == 1:
            killed.append(m)
        print(f"  {verdict}: {m}")
    print(f"{args.module}: {len(killed)} of {len(survivors)} survivors killed by {args.after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", help="the source file to mutate, e.g. src/complaintflow/x.py")
    parser.add_argument("tests", nargs="+", help="the module's own test files")
    parser.add_argument("--sample", type=int, default=50, help="mutants to run (default 50)")
    parser.add_argument("--seed", type=int, default=2026, help="of the sample (default 2026)")
    parser.add_argument(
        "--workdir", type=pathlib.Path, help="the copy (default /tmp/cf-mutation/<stem>)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep an existing copy")
    parser.add_argument(
        "--after",
        nargs="+",
        metavar="TEST_FILE",
        help="with --reuse: re-run the sample's survivors with these test files added",
    )
    args = parser.parse_args()
    if args.after:
        _after(args)
        return

    dest = args.workdir or pathlib.Path("/tmp/cf-mutation") / pathlib.Path(args.module).stem
    if not (args.reuse and dest.exists()):
        _copy_tree(dest)
        _configure(dest, args.module, args.tests)
        # Generate the mutants (and the test statistics) by asking for one that
        # does not exist; mutmut then refuses to run anything, which is fine.
        _mutmut(dest, "run", "complaintflow.__no_such_mutant__")
    everything = sorted(_results(dest))
    if not everything:
        raise SystemExit(f"mutmut generated no mutants for {args.module} in {dest}")
    sample = sorted(random.Random(args.seed).sample(everything, min(args.sample, len(everything))))
    _mutmut(dest, "run", *sample)
    status = _results(dest)
    counts = collections.Counter(status[m] for m in sample)
    killed = counts["killed"] + counts["timeout"]
    survived = counts["survived"] + counts["no tests"]  # "no tests": nothing runs it
    print(f"{args.module}: {len(everything)} mutants, {len(sample)} sampled (seed {args.seed})")
    for name, n in sorted(counts.items()):
        print(f"  {name}: {n}")
    if killed + survived:
        print(f"  score: {killed}/{killed + survived} = {killed / (killed + survived):.0%}")
    for m in sample:
        if status[m] not in ("killed", "timeout"):
            print(f"  {status[m]}: {m}")


if __name__ == "__main__":
    main()
