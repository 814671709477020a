"""Agent-hours: the team's free capacity per hour, and the pieces a follow-up may use.

Theory of operation
-------------------
Time is cut into *agent-hours*: hour buckets counted from the plan's start. Agents
with the same shift calendar and skills form a `_Group`. An agent offers
``capacity_per_hour`` contacts in each bucket, pro rata (rounded down) for the part
of the bucket their shift covers; their current ``load`` occupies their earliest
units first. Each group keeps, per bucket, every member's free units, the bucket's
total (``free``), a lazy heap of members by load per capacity and a union-find
"next bucket with free capacity" that skips full buckets in near-constant time.

`_allowed_pieces` turns a follow-up's compiled decision gate into the pieces
of the horizon at which `decide` would say yes;
`_intersect` cuts them with a group's shift.
"""

from __future__ import annotations

import datetime as _dt
import heapq
from collections.abc import Sequence
from typing import TYPE_CHECKING

from complaintflow.calendars import BusinessCalendar
from complaintflow.calendars._internal import US
from complaintflow.followup._decide import _Gate
from complaintflow.followup._definition import Purpose, day_start, local_date

if TYPE_CHECKING:
    from complaintflow.followup._plan import Agent

HOUR_US = 3600 * US


class _Group:
    """Agents sharing a shift and skills: their open pieces and free capacity."""

    __slots__ = ("agents", "cap", "ends", "free", "heaps", "parent", "skills", "starts", "units")

    def __init__(
        self,
        agents: list[int],
        skills: frozenset[str],
        pieces: list[tuple[int, int]],
        nb: int,
    ) -> None:
        self.agents = agents
        self.skills = skills
        self.starts = [s for s, _ in pieces]
        self.ends = [e for _, e in pieces]
        self.parent = list(range(nb + 1))
        self.heaps: list[list[tuple[float, int]]] = [[] for _ in range(nb)]
        self.cap: dict[int, list[int]] = {}
        self.free = [0] * nb  # free units per bucket, all members together
        self.units: dict[int, int] = {}

    def find(self, b: int) -> int:
        parent = self.parent
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    def close(self, b: int) -> None:
        self.parent[b] = b + 1

    def top(self, b: int, ratio: list[float]) -> int | None:
        """The least-loaded agent with free capacity in bucket ``b`` (lazy heap)."""
        heap = self.heaps[b]
        while heap:
            r, i = heap[0]
            if self.cap[i][b] <= 0:
                heapq.heappop(heap)
            elif r != ratio[i]:
                heapq.heapreplace(heap, (ratio[i], i))
            else:
                return i
        self.close(b)
        return None


def _intersect(
    a: list[tuple[int, int]], starts: list[int], ends: list[int]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(starts):
        s = max(a[i][0], starts[j])
        e = min(a[i][1], ends[j])
        if s < e:
            out.append((s, e))
        if a[i][1] < ends[j]:
            i += 1
        else:
            j += 1
    return out


def _merged(slots: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted slots joined where they overlap or touch, as start and end columns."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(slots):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _allowed_pieces(gate: _Gate, a: int, b: int) -> list[tuple[int, int]]:
    """The instants in ``[a, b)`` at which ``gate.allowed`` holds, as pieces."""
    if gate.channel_refusal is not None:
        return []
    lo, hi = max(a, gate.cap_threshold), min(b, gate.opt_out_us)
    if lo >= hi:
        return []
    out: list[tuple[int, int]] = []
    wlo, whi = max(lo, gate.w0), min(hi, gate.w1)
    if wlo < whi:
        out = gate.cal.open_intervals(wlo, whi)
        if gate.purpose is Purpose.SPECIAL:
            out = _campaign_pieces(gate, out)
    appts = [(max(s, lo), min(e, hi)) for s, e in gate.appointments if max(s, lo) < min(e, hi)]
    if appts:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(out + appts):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        out = merged
    return out


def _campaign_pieces(gate: _Gate, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    tz, out = gate.tz, []
    for s, e in pieces:
        day = local_date(tz, s)
        while s < e:
            nxt = day_start(tz, day + _dt.timedelta(days=1))
            if gate.campaign_day(s):
                out.append((s, min(e, nxt)))
            s, day = nxt, day + _dt.timedelta(days=1)
    return out


def _build_groups(team: list[Agent], s_us: int, e_us: int, nb: int) -> list[_Group]:
    by_key: dict[tuple[BusinessCalendar, frozenset[str]], list[int]] = {}
    for k, a in enumerate(team):
        by_key.setdefault((a.shift, a.skills), []).append(k)
    groups = []
    for (shift, skills), members in by_key.items():
        pieces = shift.epoch_index().open_intervals(s_us, e_us)
        g = _Group(members, skills, pieces, nb)
        open_us = [0] * nb
        for s, e in pieces:
            while s < e:
                b = (s - s_us) // HOUR_US
                end = min(e, s_us + (b + 1) * HOUR_US)
                open_us[b] += end - s
                s = end
        for i in members:
            per_hour = team[i].capacity_per_hour
            cap = [per_hour * o // HOUR_US for o in open_us]
            load = team[i].load
            for b in range(nb):  # the current load takes the earliest units
                if not load:
                    break
                used = min(load, cap[b])
                cap[b] -= used
                load -= used
            g.cap[i] = cap
            g.units[i] = sum(cap)
            g.free = [x + y for x, y in zip(g.free, cap, strict=True)]
        ratio0 = {i: team[i].load / team[i].capacity_per_hour for i in members}
        for b in range(nb):
            heap = [(ratio0[i], i) for i in members if g.cap[i][b] > 0]
            heapq.heapify(heap)
            g.heaps[b] = heap
            if not heap:
                g.close(b)
        groups.append(g)
    return groups


def _units(groups: list[_Group], n: int) -> list[int]:
    """Units each agent had for this plan (after the current load), for the summary."""
    out = [0] * n
    for g in groups:
        for i, units in g.units.items():
            out[i] = units
    return out
