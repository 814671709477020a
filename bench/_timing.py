"""The one way the benchmarks time a piece of work: best CPU and best wall time of N.

The machines are shared, so every benchmark reports CPU time
(``time.process_time``, what this process spent) as its main figure and wall time
(``time.perf_counter``) beside it; each is the best of ``repeat`` runs, so a run
slowed by a neighbour does not count, and every implementation in a comparison is
timed the same way in the same run. The garbage collector is collected before and
switched off during each run (as ``timeit`` does), so a collection triggered by
earlier work is not charged to this one.

    >>> t = best(lambda: sum(range(1000)), repeat=3, loops=10)
    >>> t.cpu >= 0 and t.wall >= 0
    True
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Timing", "best"]


@dataclass(frozen=True)
class Timing:
    """Seconds per call: the best CPU time and the best wall time of the runs."""

    cpu: float
    wall: float

    def us(self, units: float = 1) -> tuple[float, float]:
        """CPU and wall microseconds per unit (``units`` per call)."""
        return self.cpu / units * 1e6, self.wall / units * 1e6

    def __str__(self) -> str:
        return f"{self.cpu:.3f} s CPU ({self.wall:.3f} s wall)"


def best(
    fn: Callable[[], object],
    repeat: int = 5,
    loops: int = 1,
    warm: bool = False,
    gc_off: bool = True,
) -> Timing:
    """Best CPU and best wall seconds per call of ``repeat`` runs of ``loops`` calls.

    ``warm``: call ``fn`` once, untimed, first (to build what is cached per policy
    or calendar, when the figure is about the steady state). ``gc_off=False`` keeps
    the collector on, for work that makes millions of cyclic objects.
    """
    if repeat < 1 or loops < 1:
        raise ValueError(f"repeat and loops must be at least 1, not {repeat} and {loops}")
    if warm:
        fn()
    cpu = wall = float("inf")
    for _ in range(repeat):
        gc.collect()
        enabled = gc.isenabled()
        if gc_off:
            gc.disable()
        try:
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(loops):
                fn()
            c1, w1 = time.process_time(), time.perf_counter()
        finally:
            if enabled:
                gc.enable()
        cpu, wall = min(cpu, (c1 - c0) / loops), min(wall, (w1 - w0) / loops)
    return Timing(cpu, wall)
