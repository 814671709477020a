"""Run every benchmark in ``bench/``, or the ones named.

Each ``bench/bench_<name>.py`` defines ``main(argv: list[str] | None = None) -> int``;
this runner imports them in name order and calls ``main`` in turn::

    python bench/run.py                         # every benchmark
    python bench/run.py calendar                # bench_calendar.py only
    python bench/run.py calendar -- --pairs 2000  # options after "--" go to each main()

The exit status is non-zero when a benchmark returns non-zero (for example when
complaintflow disagrees with a benchmark's oracle) or a name is unknown.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent


def discover() -> dict[str, Path]:
    """Benchmark name (``calendar`` for ``bench_calendar.py``) to its file."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    passthrough: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, passthrough = args[:cut], args[cut + 1 :]
    found = discover()
    unknown = [name for name in args if name not in found]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(found)}")
        return 2
    status = 0
    for name in args or list(found):
        print(f"==== bench_{name}.py")
        started = time.perf_counter()
        bench_main: Callable[[list[str] | None], int] = load(found[name]).main
        code = bench_main(passthrough)
        print(f"==== bench_{name}.py: exit {code}, {time.perf_counter() - started:.1f} s\n")
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
