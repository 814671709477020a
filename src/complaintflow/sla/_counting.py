"""Counting SLA outcomes: the mutable cells a tally or a replay counts into.

`complaintflow.sla._aggregate` freezes them into an `SlaTally` (its "Theory of
operation" explains the cells and the time-to-stop sketch); a replay counts into
them once per clock of every ticket, so they stay small and plain.
"""

from __future__ import annotations

import math

from complaintflow.sla._report import SlaReport, TargetState, TargetStatus

__all__ = [
    "ACCURACY",
    "COUNTS",
    "GAMMA",
    "LOG_GAMMA",
    "STATE_INDEX",
    "CellCounts",
    "Counting",
    "Key",
    "bucket",
]

#: Relative accuracy of the quantile sketch.
ACCURACY = 0.01
#: The sketch's bucket ratio ``(1 + a) / (1 - a)``, and its logarithm.
GAMMA = (1 + ACCURACY) / (1 - ACCURACY)
LOG_GAMMA = math.log(GAMMA)


def bucket(x: float) -> int:
    """The sketch's bucket of a value ``x > 0``: ``ceil(log(x) / log(gamma))``."""
    return math.ceil(math.log(x) / LOG_GAMMA)


#: A cell's key: the target's name, then the segment's values.
Key = tuple[str | None, ...]


class CellCounts:
    """A cell being counted (mutable, local to ``SlaTally.of``)."""

    __slots__ = ("buckets", "counts", "rule", "zeros")

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.counts = [0] * len(COUNTS)
        self.buckets: dict[int, int] = {}
        self.zeros = 0

    def add(self, s: TargetStatus) -> None:
        met = sum(c.state is TargetState.MET for c in s.cycles) if s.cycles else 0
        state = s.state
        stopped = s.stopped_us is not None and state is not TargetState.CANCELLED
        self.count(
            STATE_INDEX[state], s.earlier_breaches, s.elapsed_us, stopped, s.cycle, met,
        )  # fmt: skip

    def count(
        self,
        state: int,
        earlier: int,
        elapsed_us: int,
        stopped: bool,
        earlier_cycles: int = 0,
        earlier_met: int = 0,
    ) -> None:
        """Count one target outcome: ``state`` is a ``STATE_INDEX`` index; ``earlier``
        the breaches, ``earlier_cycles`` and ``earlier_met`` the cycles before it."""
        counts = self.counts
        counts[0] += 1
        counts[state] += 1
        counts[6] += earlier
        counts[7] += earlier_cycles
        counts[8] += earlier_met
        if stopped:
            if elapsed_us == 0:
                self.zeros += 1
            else:
                i = bucket(elapsed_us / 1e6)
                self.buckets[i] = self.buckets.get(i, 0) + 1

    def count_not_started(self, n: int) -> None:
        """Count ``n`` target outcomes that never started (``count`` of each)."""
        self.counts[0] += n
        self.counts[1] += n


COUNTS = (
    "applicable", "not_started", "running", "paused", "met", "breached", "earlier_breaches",
    "earlier_cycles", "earlier_met", "cancelled",
)  # fmt: skip
STATE_INDEX = {
    TargetState.NOT_STARTED: 1,
    TargetState.RUNNING: 2,
    TargetState.PAUSED: 3,
    TargetState.MET: 4,
    TargetState.BREACHED: 5,
    TargetState.CANCELLED: 9,
}


class Counting:
    """A tally being counted: mutable, local to one ``SlaTally.of`` or one replay."""

    __slots__ = ("by", "cells")

    def __init__(self, by: tuple[str, ...]) -> None:
        self.by = by
        self.cells: dict[Key, CellCounts] = {}

    def cell(self, key: Key, rule: str) -> CellCounts:
        """The counts of ``key`` (target, then segment values)."""
        row = self.cells.get(key)
        if row is None:
            row = self.cells[key] = CellCounts(rule)
        return row

    def add(self, report: SlaReport) -> None:
        attributes = dict(report.attributes) if self.by else {}
        segment = tuple(attributes.get(a) for a in self.by)
        for s in report.targets:
            self.cell((s.target, *segment), s.rule).add(s)
