"""The one way the benchmarks time a piece of work: best CPU and best wall time of N.

The machines are shared, so every benchmark reports CPU time
(``time.process_time``, what this process spent) as its main figure and wall time
(``time.perf_counter``) beside it; each is the best of ``repeat`` runs, so a run
slowed by a neighbour does not count, and every implementation in a comparison is
timed the same way (the same ``repeat``) in the same run. The garbage collector is
collected before and switched off during each run (as ``timeit`` does), so a
collection triggered by earlier work is not charged to this one.

:func:`best` covers what the benchmarks need:

- ``loops`` calls per run, and the figures per call (``Timing.us`` per unit);
- ``budget``: loops sized so that one run takes about that many CPU seconds
  (from one untimed call), for operations of a few microseconds;
- ``warm``: one untimed call first, when the figure is about the steady state;
- ``Timing.result``: what the last call returned, to check the answers of the
  very calls that were timed;
- ``cpu=children_cpu``: the CPU time of finished child processes instead of this
  one's, for a command line run in a subprocess.

    >>> t = best(lambda: sum(range(1000)), repeat=3, loops=10)
    >>> t.cpu >= 0 and t.wall >= 0, t.loops, t.result
    (True, 10, 499500)
    >>> best(lambda: None, repeat=2, budget=0.001).loops > 1
    True
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Timing", "best", "children_cpu", "in_turn"]

T = TypeVar("T")


@dataclass(frozen=True)
class Timing(Generic[T]):
    """Seconds per call: the best CPU time and the best wall time of the runs, the
    calls per run, and what the last call returned."""

    cpu: float
    wall: float
    loops: int
    result: T

    def us(self, units: float = 1) -> tuple[float, float]:
        """CPU and wall microseconds per unit (``units`` per call)."""
        return self.cpu / units * 1e6, self.wall / units * 1e6

    def __iter__(self) -> Iterator[float]:
        """``cpu, wall = best(...)``."""
        return iter((self.cpu, self.wall))

    def __str__(self) -> str:
        return f"{self.cpu:.3f} s CPU ({self.wall:.3f} s wall)"


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children."""
    t = os.times()
    return t.children_user + t.children_system


def best(
    fn: Callable[[], T],
    repeat: int = 5,
    loops: int = 1,
    warm: bool = False,
    gc_off: bool = True,
    *,
    budget: float | None = None,
    cpu: Callable[[], float] = time.process_time,
) -> Timing[T]:
    """Best CPU and best wall seconds per call of ``repeat`` runs of ``loops`` calls.

    ``warm``: call ``fn`` once, untimed, first (to build what is cached per policy
    or calendar, when the figure is about the steady state). ``gc_off=False`` keeps
    the collector on, for work that makes millions of cyclic objects. ``budget``
    (seconds) replaces ``loops``: one call is timed (and so warms), and each run
    makes as many calls as fit in ``budget`` CPU seconds, at least one. ``cpu`` is
    the CPU clock (:func:`children_cpu` for subprocesses).
    """
    if repeat < 1 or loops < 1:
        raise ValueError(f"repeat and loops must be at least 1, not {repeat} and {loops}")
    if budget is not None:
        c0 = cpu()
        fn()
        loops = max(1, int(budget / max(cpu() - c0, 1e-7)))
    elif warm:
        fn()
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        c, w, result = _run(fn, loops, gc_off, cpu)
        best_cpu, best_wall = min(best_cpu, c), min(best_wall, w)
    return Timing(best_cpu, best_wall, loops, result)


def in_turn(
    fns: dict[str, Callable[[], object]], repeat: int = 5, gc_off: bool = True
) -> dict[str, Timing[object]]:
    """`best` of each function, the functions run in turn ``repeat`` times (one call
    each per round), so that a slow spell of a shared machine falls on all of them
    alike: for measures whose ratio is the figure.

        >>> t = in_turn({"a": lambda: 1, "b": lambda: 2}, repeat=2)
        >>> sorted(t), t["b"].result
        (['a', 'b'], 2)
    """
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, not {repeat}")
    out: dict[str, tuple[float, float, object]] = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            c, w, result = _run(fn, 1, gc_off, time.process_time)
            old = out.get(name)
            out[name] = (c, w, result) if old is None else (min(old[0], c), min(old[1], w), result)
    return {name: Timing(c, w, 1, r) for name, (c, w, r) in out.items()}


def _run(
    fn: Callable[[], T], loops: int, gc_off: bool, cpu: Callable[[], float]
) -> tuple[float, float, T]:
    """CPU and wall seconds per call of one run of ``loops`` calls, and the last result."""
    gc.collect()
    enabled = gc.isenabled()
    if gc_off:
        gc.disable()
    try:
        c0, w0 = cpu(), time.perf_counter()
        for _ in range(loops):
            result = fn()
        c1, w1 = cpu(), time.perf_counter()
    finally:
        if enabled:
            gc.enable()
    return (c1 - c0) / loops, (w1 - w0) / loops, result


def build_name() -> str:
    """Which build of complaintflow is imported (the command line's ``--version`` says
    the same): ``"compiled with mypyc"`` or ``"pure Python"``."""
    from complaintflow._cli import build_name as name

    return name()
