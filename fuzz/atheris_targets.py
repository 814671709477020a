"""Coverage-guided fuzzing of complaintflow with atheris (libFuzzer), outside pytest.

Every Hypothesis target of ``tests/fuzz/`` is also a libFuzzer target: Hypothesis
turns the fuzzer's bytes into the target's inputs (``fuzz_one_input``), so the
strategies and the judging harness (``tests/fuzzing.py``: returns or raises a
well-formed library error, within the per-call budget) are the same as under pytest;
atheris adds coverage feedback and a corpus. A finding is an uncaught
``AssertionError`` and leaves a ``crash-*`` file that reproduces it.

Not imported by the tests or the package; atheris is only needed to run it::

    pip install atheris            # needs clang's libFuzzer; Linux wheels exist
    python fuzz/atheris_targets.py --list
    python fuzz/atheris_targets.py duration_parse -max_total_time=600 corpus/duration
    python fuzz/atheris_targets.py duration_parse crash-1234abcd   # replay one input

Run from the repository root (it puts ``src`` and ``tests`` on ``sys.path``).
``CF_FUZZ_BUDGET`` sets the per-call budget in seconds, as for pytest.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
FUZZ_TESTS = ROOT / "tests" / "fuzz"


def _targets() -> dict[str, Callable[..., Any]]:
    """``name -> Hypothesis test`` for every ``test_*`` function of ``tests/fuzz/``."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
    import conftest  # noqa: F401  (registers the Hypothesis profiles)

    found: dict[str, Callable[..., Any]] = {}
    for path in sorted(FUZZ_TESTS.glob("test_fuzz_*.py")):
        spec = importlib.util.spec_from_file_location(f"fuzz_{path.stem}", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, obj in vars(module).items():
            if name.startswith("test_") and hasattr(obj, "hypothesis"):
                found[name.removeprefix("test_")] = obj
    return found


def main(argv: list[str]) -> None:
    targets = _targets()
    if len(argv) < 2 or argv[1] in ("-h", "--help", "--list"):
        print(__doc__.split("::")[0].strip())
        print("\ntargets:", *sorted(targets), sep="\n  ")
        return
    name = argv[1]
    if name not in targets:
        raise SystemExit(f"unknown target {name!r}; --list shows them")
    import atheris  # only now: the module must stay importable without it

    atheris.instrument_all()  # coverage feedback from every loaded module, complaintflow's too
    test = targets[name]
    atheris.Setup([argv[0], *argv[2:]], test.hypothesis.fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
