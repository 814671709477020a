"""CPU-time budgets for calls that must stay bounded (the staffing limits).

``within(seconds)`` fails a test whose block uses more CPU time than allowed, and
stops a block that would run on (a regression to a hang) instead of letting the
test suite hang: an interval timer on the process's CPU clock raises in the main
thread. Where the platform has no such timer the block runs unguarded and only the
measured time is checked. The budgets are generous (the machines running the suite
are shared): they tell "bounded" from "hangs", not fast from slow; speed is
measured in ``bench/``. Every budget is multiplied by :data:`SCALE`: 2, times
``CF_BUDGET_SCALE`` if set, times 4 more under a tracer (coverage, a debugger),
which slows Python code several times over.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from types import FrameType

#: The factor every budget is multiplied by (see the module docstring).
SCALE = 2.0 * float(os.environ.get("CF_BUDGET_SCALE", "1")) * (4.0 if sys.gettrace() else 1.0)


class OverBudget(AssertionError):
    """A block used more CPU time than its budget."""


def _raise(_signum: int, _frame: FrameType | None) -> None:
    raise OverBudget("the call did not return within its CPU-time budget")


@contextlib.contextmanager
def within(seconds: float) -> Iterator[None]:
    """Fail if the block uses more than ``seconds`` of CPU time; stop it at 4x that.

    Examples:
        >>> with within(1.0):
        ...     _ = sum(range(1000))
    """
    seconds *= SCALE
    timer = getattr(signal, "ITIMER_PROF", None)
    guarded = timer is not None
    if guarded:
        previous = signal.signal(signal.SIGPROF, _raise)
        signal.setitimer(timer, 4 * seconds)
    start = time.process_time()
    try:
        yield
    finally:
        used = time.process_time() - start
        if guarded:
            signal.setitimer(timer, 0)
            signal.signal(signal.SIGPROF, previous)
    if used > seconds:
        raise OverBudget(f"the call used {used:.3f} s of CPU time, more than {seconds} s")
