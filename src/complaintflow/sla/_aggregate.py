"""SLA aggregates for reporting (FLOW-9): compliance, breaches, time to stop.

Theory of operation
-------------------
An `SlaTally` counts target outcomes per target and segment (any ticket
attributes, e.g. priority and channel). It is *mergeable*: the tally of the
parts of a data set, merged, equals the tally of the whole, so a replay can
split its tickets into chunks (or processes) and combine the results.

Percentiles of time-to-stop (the clock time a target used until its stop,
pauses excluded) come from a `QuantileSketch`: a logarithmic histogram
in the style of DDSketch (Masson et al., VLDB 2019). Every value ``x > 0`` falls
in bucket ``ceil(log(x) / log(gamma))`` with ``gamma = (1 + a) / (1 - a)``; a
quantile is answered with the bucket's representative value, within relative
error ``a`` (1 % here) of the exact sample quantile. Buckets add up when
sketches merge, and memory grows with the logarithm of the value range, not
with the number of tickets.

``records()`` returns plain dicts with scalar values only:
``pandas.DataFrame(tally.records())`` takes them as they are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import attrs

from complaintflow._check import finite, iterate, names
from complaintflow._errors import OutOfRangeError, SegmentMismatchError, wrong_type
from complaintflow._order import sort_key
from complaintflow.sla._counting import (
    COUNTS,
    GAMMA,
    CellCounts,
    Counting,
    Key,
    bucket,
)
from complaintflow.sla._report import SlaReport

__all__ = ["QuantileSketch", "SlaTally", "aggregate", "tally"]

#: Percentiles of time-to-stop in the records.
PERCENTILES = (50, 90, 95)


def _merge_pairs(
    a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    out = dict(a)
    for k, n in b:
        out[k] = out.get(k, 0) + n
    return tuple(sorted(out.items()))


@attrs.frozen
class QuantileSketch:
    """A mergeable quantile sketch with 1 % relative accuracy (non-negative values).

    Attributes:
        buckets: ``(index, count)`` pairs, sorted by index.
        zeros: How many values were exactly zero.

    Examples:
        >>> s = QuantileSketch.of([1.0, 2.0, 3.0, 4.0, 100.0])
        >>> round(s.quantile(0.5), 1), s.count
        (3.0, 5)
        >>> s.merge(QuantileSketch.of([0.0])).count
        6
    """

    buckets: tuple[tuple[int, int], ...] = ()
    zeros: int = 0

    @classmethod
    def of(cls, values: Iterable[float]) -> QuantileSketch:
        """The sketch of some values.

        Raises:
            OutOfRangeError: A value is negative or not finite.
            WrongTypeError: A value is no number (a ``bool`` is none).
        """
        counts: dict[int, int] = {}
        zeros = 0
        for x in iterate(values, "values", "an iterable of numbers"):
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise wrong_type("values", "numbers", x)
            if not finite(x) or x < 0:
                raise OutOfRangeError(
                    f"values: {x!r} is not a finite non-negative number; use numbers >= 0",
                    field="values",
                    value=x,
                )
            if x == 0:
                zeros += 1
            else:
                i = bucket(x)
                counts[i] = counts.get(i, 0) + 1
        return cls(tuple(sorted(counts.items())), zeros)

    @property
    def count(self) -> int:
        """How many values the sketch holds."""
        return self.zeros + sum(n for _, n in self.buckets)

    def merge(self, other: QuantileSketch) -> QuantileSketch:
        """The sketch of both sketches' values."""
        if not isinstance(other, QuantileSketch):
            raise wrong_type("other", "a QuantileSketch", other)
        return QuantileSketch(_merge_pairs(self.buckets, other.buckets), self.zeros + other.zeros)

    def quantile(self, q: float) -> float | None:
        """The ``q`` quantile (0..1) within 1 %, or ``None`` when empty.

        Nearest rank: the ``ceil(q * count)``-th smallest value (the smallest for
        ``q = 0``), so ``quantile(0)`` is the minimum and ``quantile(1)`` the maximum.

        Raises:
            OutOfRangeError: ``q`` is not between 0 and 1.
            WrongTypeError: ``q`` is no number (a ``bool`` is none).
        """
        if isinstance(q, bool) or not isinstance(q, int | float):
            raise wrong_type("q", "a number from 0 to 1", q)
        if not 0 <= q <= 1:
            raise OutOfRangeError(
                f"q: {q!r} is not between 0 and 1; use 0 for the minimum, 1 for the maximum",
                field="q",
                value=q,
            )
        n = self.count
        if n == 0:
            return None
        rank = max(math.ceil(q * n) - 1, 0)
        seen = self.zeros
        if rank < seen:
            return 0.0
        for i, c in self.buckets:
            seen += c
            if rank < seen:
                return 2 * GAMMA**i / (GAMMA + 1)
        raise AssertionError("unreachable: ranks are below the count")  # pragma: no cover


@attrs.frozen
class _Cell:
    rule: str
    applicable: int = 0
    not_started: int = 0
    running: int = 0
    paused: int = 0
    met: int = 0
    breached: int = 0
    earlier_breaches: int = 0
    earlier_cycles: int = 0
    earlier_met: int = 0
    cancelled: int = 0
    stopped: QuantileSketch = QuantileSketch()

    def merge(self, other: _Cell) -> _Cell:
        counts = {f: getattr(self, f) + getattr(other, f) for f in COUNTS}
        rule = min(self.rule, other.rule)  # one rule in practice; else either order agrees
        return _Cell(rule, **counts, stopped=self.stopped.merge(other.stopped))


@attrs.frozen
class SlaTally:
    """Outcome counts per target and segment; mergeable (FLOW-9).

    Attributes:
        by: The ticket attributes that form segments, e.g. ``("priority",)``.
        cells: ``((target, *segment values), counts)`` pairs, sorted.

    Examples:
        >>> import complaintflow as cf
        >>> p = cf.sla.default(office=cf.calendars.default("24x7"))
        >>> t0 = 1795395600000000  # 2026-11-23 09:00 +08:00
        >>> now = cf.parse_instant("2026-11-23T12:00:00+08:00")
        >>> tickets = [("A", [("accept", t0), ("investigate", t0 + 600_000_000)]),
        ...            ("B", [("accept", t0)])]
        >>> part1 = cf.sla.SlaTally.of(cf.sla.evaluate_many(p, tickets[:1], now))
        >>> part2 = cf.sla.SlaTally.of(cf.sla.evaluate_many(p, tickets[1:], now))
        >>> whole = cf.sla.SlaTally.of(cf.sla.evaluate_many(p, tickets, now))
        >>> part1.merge(part2) == whole
        True
        >>> row = [r for r in whole.records() if r["target"] == "dispatch"][0]
        >>> row["met"], row["breached"], row["compliance_rate"]
        (1, 1, 0.5)
        >>> round(row["time_to_stop_p50_s"], -1)  # 600 s, within 1 %
        600.0
    """

    by: tuple[str, ...] = ()
    cells: tuple[tuple[Key, _Cell], ...] = ()

    @classmethod
    def of(cls, reports: Iterable[SlaReport], by: Iterable[str] = ()) -> SlaTally:
        """Tally reports (consumed once, lazily: an iterator keeps memory flat).

        Args:
            reports: `SlaReport` values, e.g. from ``evaluate_many``.
            by: Ticket attributes to segment by; a ticket without one counts
                under ``None``.

        Raises:
            WrongTypeError: ``reports`` is no iterable of `SlaReport` values, or
                ``by`` no iterable of names.
        """
        counting = Counting(names(by, "by"))
        for i, report in enumerate(iterate(reports, "reports", "an iterable of SlaReport values")):
            if not isinstance(report, SlaReport):
                raise wrong_type(f"reports[{i}]", "an SlaReport", report)
            counting.add(report)
        return tally(counting)

    def merge(self, other: SlaTally) -> SlaTally:
        """The tally of both tallies' reports.

        Raises:
            SegmentMismatchError: The tallies are segmented by different attributes.
            WrongTypeError: ``other`` is no `SlaTally`.
        """
        if not isinstance(other, SlaTally):
            raise wrong_type("other", "an SlaTally", other)
        if self.by != other.by:
            raise SegmentMismatchError(
                f"by: cannot merge a tally by {self.by} with one by {other.by}; "
                "merge tallies counted by the same attributes",
                field="by",
                value=other.by,
            )
        out: dict[Key, tuple[Key, _Cell]] = {}
        for key, cell in (*self.cells, *other.cells):
            found = out.get(key)
            if found is None:
                out[key] = (key, cell)
            else:  # equal keys spelt differently (1, True) keep the least spelling
                spelling = key if sort_key(key) < sort_key(found[0]) else found[0]
                out[key] = (spelling, found[1].merge(cell))
        return SlaTally(self.by, tuple(sorted(out.values(), key=_sort_key)))

    def records(self) -> list[dict[str, object]]:
        """One plain dict per target and segment; ``pandas.DataFrame`` takes them as they are.

        Fields: ``target``, ``rule``, the segment attributes, ``applicable``,
        ``not_started``, ``running``, ``paused``, ``met``, ``breached``,
        ``earlier_breaches``, ``earlier_cycles``, ``earlier_met``, ``cancelled``
        (targets whose current cycle was cancelled: neither met nor breached, and
        not in the time-to-stop figures),
        ``compliance_rate`` (per ticket: the current cycle met over met plus
        breached; ``None`` when neither), ``cycles_met`` and ``cycles_breached``
        (every cycle, earlier ones included), ``cycle_compliance_rate`` (per cycle),
        ``stopped`` and ``time_to_stop_p50_s`` / ``_p90_s`` / ``_p95_s`` (clock
        seconds, within 1 %).
        """
        out: list[dict[str, object]] = []
        for key, cell in self.cells:
            row: dict[str, object] = {"target": key[0], "rule": cell.rule}
            row.update(zip(self.by, key[1:], strict=True))
            for f in COUNTS:
                row[f] = getattr(cell, f)
            decided = cell.met + cell.breached
            row["compliance_rate"] = cell.met / decided if decided else None
            cycles_met = cell.met + cell.earlier_met
            cycles_breached = cell.breached + cell.earlier_breaches
            row["cycles_met"], row["cycles_breached"] = cycles_met, cycles_breached
            every = cycles_met + cycles_breached
            row["cycle_compliance_rate"] = cycles_met / every if every else None
            row["stopped"] = cell.stopped.count
            for pct in PERCENTILES:
                row[f"time_to_stop_p{pct}_s"] = cell.stopped.quantile(pct / 100)
            out.append(row)
        return out


def cell_of(counts: CellCounts) -> _Cell:
    """The frozen cell of ``counts``."""
    sketch = QuantileSketch(tuple(sorted(counts.buckets.items())), counts.zeros)
    return _Cell(counts.rule, **dict(zip(COUNTS, counts.counts, strict=True)), stopped=sketch)


def tally(counting: Counting) -> SlaTally:
    """The tally ``counting`` has counted, its cells sorted."""
    cells = [(key, cell_of(row)) for key, row in counting.cells.items()]
    return SlaTally(counting.by, tuple(sorted(cells, key=_sort_key)))


def _sort_key(item: tuple[Key, _Cell]) -> tuple[object, ...]:
    """Cells by target, then segment values: any values sort, ``None`` last and apart
    from ``"None"``, so merging tallies in any order gives equal tallies."""
    return sort_key(item[0])


def aggregate(
    reports: Iterable[SlaReport], by: Iterable[str] = (), *, tally: SlaTally | None = None
) -> list[dict[str, object]]:
    """Compliance rate, breach counts and time-to-stop percentiles per target and segment.

    Args:
        reports: `SlaReport` values (an iterator is consumed lazily).
        by: Ticket attributes to segment by, e.g. ``("priority", "channel")``.
        tally: An earlier tally (same ``by``) to add these reports to.

    Returns:
        Plain records, see `SlaTally.records` (FLOW-9).

    Examples:
        >>> import complaintflow as cf
        >>> p = cf.sla.default(office=cf.calendars.default("24x7"))
        >>> t0 = 1795395600000000
        >>> now = cf.parse_instant("2026-11-23T12:00:00+08:00")
        >>> reports = cf.sla.evaluate_many(p, [("A", [("accept", t0)], {"priority": "high"})], now)
        >>> rows = cf.sla.aggregate(reports, by=["priority"])
        >>> [(r["target"], r["priority"], r["breached"]) for r in rows][:2]
        [('dispatch', 'high', 1), ('first_contact', 'high', 0)]
    """
    if tally is not None and not isinstance(tally, SlaTally):
        raise wrong_type("tally", "an SlaTally or None", tally)
    result = SlaTally.of(reports, by)
    if tally is not None:
        result = tally.merge(result)
    return result.records()
