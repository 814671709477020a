"""The supervisor's FLOW-9 statistics: a mergeable aggregate of replayed tickets.

Theory of operation
-------------------
FLOW-9 asks the supervisor to fill the complaint classification statistics table
(by type, cause and department) with the complaint count, the handling cycle time
and satisfaction. `statistics` replays ticket records under a policy (the
outcomes are `replay_tickets`'s) and folds each ticket
into one *segment*: the values of its dimensions (see
`StatisticsSettings`: by default month opened,
workflow, type, cause, department, channel and responsible person). Per segment it
keeps integer counters, two quantile sketches of cycle times, and the SLA tally of
every target and cycle (the SLA part's own counting, keyed by the segment).

The figures, each from the events the ticket's workflow accepted up to ``now`` (a
refused event is a violation and counts as nothing else):

- **cycle time to first resolution**: from the ticket's earliest event to the
  first *resolving* event; **to full resolution**: to the last resolving event,
  for tickets not reopened since (wall-clock seconds, like Zendesk's first and
  full resolution times);
- **reopened**: the ticket has at least one *reopen* event; ``reopen_rate`` is
  reopened over resolved tickets;
- **first-contact resolution**: resolved, never reopened, and no *hand-off* event
  (transfer, dispatch, investigation, reassignment, dispute, review, escalation)
  before the first resolution; ``first_contact_rate`` is over resolved tickets;
- **satisfaction** (FU-3): every return-visit record counts once under its
  answer's level (or ``satisfaction_other`` for an answer that is none of the
  levels, or missing); ``satisfaction_rate`` is the satisfied levels over the
  visits with a rating;
- **SLA breaches**: per target, current cycle and every earlier cycle
  (`Flow9Statistics.sla_records`), and per segment the tickets with any
  breached cycle.

A ticket that fails (in replay, or because a dimension's value is not a string) is
counted under its reason in ``failed``, never dropped.

**Mergeable.** Counters add; a sketch is a histogram whose bucket counts add
(`QuantileSketch`); the SLA tally merges. So the
statistics of the parts of a ticket set, merged in any order and grouping, equal
the statistics of the whole; a property test checks it. `records` rolls the
segments up to any subset of the dimensions the same way, so a per-channel volume
and the monthly type/cause/department table come from one aggregate.

**Bounded memory.** An aggregate holds at most ``max_segments`` segments (the
fold and `merge` refuse to grow past it). A segment holds a fixed number of
counters, one per satisfaction level, two sketches and one SLA cell (with a
sketch) per target; a sketch has at most one bucket per 2 % step of the value
range, so at most `SKETCH_BUCKETS` buckets for any duration from 1 µs to the
9,998 years the instants span (about 1,500 for durations up to a year). Memory
does not grow with the number of tickets; a fold buffers at most
`BUFFER` values per sketch.

**Quantiles** are within 1 % (relative) of the exact nearest-rank quantile: the
sketch's bound, which a property test checks against sorted lists.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from complaintflow._errors import (
    OutOfRangeError,
    Problem,
    SegmentMismatchError,
    ValidationError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow._order import sort_key
from complaintflow._time import get_timezone
from complaintflow.policy._definition import Policy
from complaintflow.policy._replay import ReadEvent, read_tickets, ticket_stream
from complaintflow.policy._report import TicketOutcome, counter_items
from complaintflow.policy._stats_settings import (
    StatisticsSettings,
    opened_label,
    validate_names,
)
from complaintflow.sla import QuantileSketch, SlaTally, TargetState
from complaintflow.sla._internal import Counting, tally

__all__ = ["BUFFER", "SKETCH_BUCKETS", "Flow9Statistics", "statistics"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_BREACHED = TargetState.BREACHED
#: Values a fold holds per sketch before it adds them to the sketch's buckets.
BUFFER = 256
#: The most buckets a cycle-time sketch can hold: its buckets are 2 % wide
#: (relative accuracy 1 %), and durations run from 1 µs to under 10**4 years.
SKETCH_BUCKETS = math.ceil(math.log(1e4 * 366 * 86_400 / 1e-6) / math.log(1.01 / 0.99)) + 1

#: The integer counters of a segment, in record order (see `Flow9Statistics.records`).
_COUNTERS = (
    "tickets",
    "resolved",
    "still_open",
    "reopened",
    "reopen_events",
    "first_contact_resolved",
    "return_visits",
    "violations",
    "sla_breached_tickets",
)
_N = len(_COUNTERS)
(_TICKETS, _RESOLVED, _OPEN, _REOPENED, _REOPENS, _FCR, _VISITS, _VIOLATIONS,
 _SLA_BREACHED) = range(_N)  # fmt: skip

Key = tuple[str | None, ...]


@attrs.frozen
class _Segment:
    """One segment's figures (frozen; merged by adding)."""

    counts: tuple[int, ...]
    satisfaction: tuple[int, ...]  # one per level, then "other"
    first_total_us: int
    full_total_us: int
    first: QuantileSketch
    full: QuantileSketch

    def merge(self, other: _Segment) -> _Segment:
        return _Segment(
            tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            tuple(a + b for a, b in zip(self.satisfaction, other.satisfaction, strict=True)),
            self.first_total_us + other.first_total_us,
            self.full_total_us + other.full_total_us,
            self.first.merge(other.first),
            self.full.merge(other.full),
        )


def _merge_all(items: Iterable[_Segment]) -> _Segment:
    it = iter(items)
    out = next(it)
    for s in it:
        out = out.merge(s)
    return out


def _too_many(n: int, limit: int) -> OutOfRangeError:
    return OutOfRangeError(
        f"max_segments: {n:,} segments exceed the limit of {limit:,}; segment by fewer "
        "dimensions, or by ones with fewer distinct values, or raise max_segments",
        field="max_segments",
        value=n,
    )


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


@attrs.frozen
class Flow9Statistics:
    """The FLOW-9 statistics of a set of tickets; mergeable (see the module docstring).

    Attributes:
        settings: What was read from each ticket (dimensions, events, satisfaction).
        tickets: Tickets read (evaluated or failed).
        failed: ``((reason,), count)`` pairs of tickets that could not be counted.
        segments: ``(dimension values, figures)`` pairs, sorted.
        sla: The SLA tally per target and segment.

    Examples:
        >>> import complaintflow as cf
        >>> start = cf.parse_instant("2026-03-02T00:00:00+08:00")
        >>> tickets = list(cf.synthetic.generate_tickets(300, seed=5, start=start, days=2))
        >>> policy, now = cf.default_policy(), start.add(days=10)
        >>> whole = cf.policy.statistics(tickets, policy, now=now)
        >>> parts = [cf.policy.statistics(tickets[i::3], policy, now=now) for i in range(3)]
        >>> parts[0].merge(parts[1]).merge(parts[2]) == whole
        True
        >>> [(r["channel"], r["tickets"]) for r in whole.records(by=["channel"])][:2]
        [('email', 10), ('letter', 2)]
    """

    settings: StatisticsSettings
    tickets: int = 0
    failed: tuple[tuple[tuple[str], int], ...] = ()
    segments: tuple[tuple[Key, _Segment], ...] = ()
    sla: SlaTally = attrs.field(
        default=attrs.Factory(lambda self: SlaTally(self.settings.names), takes_self=True)
    )

    @property
    def failed_tickets(self) -> int:
        """How many tickets could not be counted."""
        return sum(n for _, n in self.failed)

    def merge(self, other: Flow9Statistics) -> Flow9Statistics:
        """The statistics of both parts' tickets (in any order and grouping).

        Raises:
            SegmentMismatchError: The parts were counted with different settings.
            OutOfRangeError: Together they hold more than ``max_segments`` segments.
        """
        if not isinstance(other, Flow9Statistics):
            raise WrongTypeError(
                f"other: expected Flow9Statistics, got {type(other).__name__}",
                field="other",
                value=other,
            )
        if self.settings != other.settings:
            raise SegmentMismatchError(
                "settings: cannot merge statistics counted with different settings "
                f"(dimensions {self.settings.names} and {other.settings.names}); "
                "merge statistics counted with the same StatisticsSettings",
                field="settings",
                value=other.settings,
            )
        found: dict[Key, _Segment] = dict(self.segments)
        for key, seg in other.segments:
            mine = found.get(key)
            found[key] = seg if mine is None else mine.merge(seg)
        if len(found) > self.settings.max_segments:
            raise _too_many(len(found), self.settings.max_segments)
        failed = Counter(dict(self.failed))
        failed.update(dict(other.failed))
        return Flow9Statistics(
            self.settings,
            self.tickets + other.tickets,
            counter_items(failed),
            tuple(sorted(found.items(), key=lambda item: sort_key(item[0]))),
            self.sla.merge(other.sla),
        )

    __add__ = merge

    def _project(
        self, by: Iterable[str] | None, where: Mapping[str, object] | None
    ) -> tuple[tuple[str, ...], list[int], list[tuple[int, frozenset[object]]]]:
        names = self.settings.names
        if isinstance(by, str):
            raise WrongTypeError(
                f"by: expected a list of dimension names, got the string {by!r}",
                field="by",
                value=by,
            )
        if by is not None and (isinstance(by, bytes | Mapping) or not isinstance(by, Iterable)):
            raise WrongTypeError(
                f"by: expected a list of dimension names, got {type(by).__name__} "
                f"{problem_text(by)}",
                field="by",
                value=by,
            )
        chosen = names if by is None else tuple(by)
        validate_names(chosen, self.settings)
        filters = []
        if where is not None and not isinstance(where, Mapping):
            raise wrong_type("where", "a mapping of dimension names to values", where)
        for name, wanted in (where or {}).items():
            validate_names([name], self.settings)
            values = wanted if isinstance(wanted, list | tuple | set | frozenset) else [wanted]
            bad = [v for v in values if v is not None and not isinstance(v, str)]
            if bad:
                raise WrongTypeError(
                    f"where.{name}: {bad[0]!r} is not a dimension value; use strings or None",
                    field=f"where.{name}",
                    value=bad[0],
                )
            filters.append((names.index(name), frozenset(values)))
        return chosen, [names.index(n) for n in chosen], filters

    def records(
        self, by: Iterable[str] | None = None, *, where: Mapping[str, object] | None = None
    ) -> list[dict[str, object]]:
        """One plain dict per segment; ``pandas.DataFrame`` takes them as they are.

        Args:
            by: The dimensions to keep (segments are rolled up over the others,
                exactly); all of them by default.
            where: Keep only tickets whose dimension has this value (or one of
                these values), e.g. ``{"workflow": "complaint"}``.

        Every row has the same keys: the dimensions, then integer counts
        (``tickets``, ``resolved``, ``still_open``, ``reopened``, ``reopen_events``,
        ``first_contact_resolved``, ``return_visits``, ``satisfaction_<level>`` per
        level, ``satisfaction_other``, ``rated``, ``satisfied``, ``violations``,
        ``sla_breached_tickets``), rates (``reopen_rate``, ``first_contact_rate``,
        ``satisfaction_rate``, ``sla_breach_rate``: a float, or ``None`` when the
        denominator is zero) and cycle times in seconds
        (``first_resolution_mean_s``, ``first_resolution_p<N>_s`` per percentile,
        the same for ``full_resolution``: ``None`` when nothing resolved).

        Raises:
            ValidationError: A name in ``by`` or ``where`` is not a dimension.
        """
        chosen, index, filters = self._project(by, where)
        groups: dict[Key, list[_Segment]] = {}
        for key, seg in self.segments:
            if all(key[i] in allowed for i, allowed in filters):
                groups.setdefault(tuple(key[i] for i in index), []).append(seg)
        sat = self.settings.satisfaction
        levels = sat.levels
        rated_at = [i for i, lv in enumerate(levels) if lv not in sat.unrated]
        satisfied_at = [i for i, lv in enumerate(levels) if lv in sat.satisfied]
        out: list[dict[str, object]] = []
        for key in sorted(groups, key=sort_key):
            s = _merge_all(groups[key])
            c = s.counts
            row: dict[str, object] = dict(zip(chosen, key, strict=True))
            row.update(zip(_COUNTERS[:_VIOLATIONS], c[:_VIOLATIONS], strict=True))
            for level, n in zip(levels, s.satisfaction, strict=False):
                row[f"satisfaction_{level}"] = n
            row["satisfaction_other"] = s.satisfaction[-1]
            rated = sum(s.satisfaction[i] for i in rated_at)
            satisfied = sum(s.satisfaction[i] for i in satisfied_at)
            row["rated"], row["satisfied"] = rated, satisfied
            row["violations"] = c[_VIOLATIONS]
            row["sla_breached_tickets"] = c[_SLA_BREACHED]
            row["reopen_rate"] = _ratio(c[_REOPENED], c[_RESOLVED])
            row["first_contact_rate"] = _ratio(c[_FCR], c[_RESOLVED])
            row["satisfaction_rate"] = _ratio(satisfied, rated)
            row["sla_breach_rate"] = _ratio(c[_SLA_BREACHED], c[_TICKETS])
            for name, sketch, total in (
                ("first_resolution", s.first, s.first_total_us),
                ("full_resolution", s.full, s.full_total_us),
            ):
                n = sketch.count
                row[f"{name}_mean_s"] = total / n / 1e6 if n else None
                for p in self.settings.percentiles:
                    row[f"{name}_p{p}_s"] = sketch.quantile(p / 100)
            out.append(row)
        return out

    def sla_records(
        self, by: Iterable[str] | None = None, *, where: Mapping[str, object] | None = None
    ) -> list[dict[str, object]]:
        """Per SLA target and segment: met and breached in the current cycle and in
        every cycle, compliance, time to stop (the records of
        `records`), rolled up like `records`.

        Raises:
            ValidationError: A name in ``by`` or ``where`` is not a dimension.
        """
        chosen, index, filters = self._project(by, where)
        groups: dict[Key, list[Any]] = {}
        for key, cell in self.sla.cells:
            segment = key[1:]
            if all(segment[i] in allowed for i, allowed in filters):
                groups.setdefault((key[0], *(segment[i] for i in index)), []).append(cell)
        cells = []
        for key, found in groups.items():
            merged = found[0]
            for cell in found[1:]:
                merged = merged.merge(cell)
            cells.append((key, merged))
        tally = SlaTally(chosen, tuple(sorted(cells, key=lambda item: sort_key(item[0]))))
        return tally.records()

    def failure_records(self) -> list[dict[str, object]]:
        """Tickets that could not be counted, per reason (the field or stage)."""
        return [{"reason": reason, "count": n} for (reason,), n in self.failed]


# -- counting ---------------------------------------------------------------------------


def _columns(settings: StatisticsSettings) -> set[str]:
    """Every column name `Flow9Statistics.records` and ``sla_records`` write
    besides the dimensions (the SLA ones read from an SLA record itself)."""
    probe = Counting(())
    probe.cell(("target",), "rule")
    sla = set(tally(probe).records()[0])
    empty = _SegmentCounts(len(settings.satisfaction.levels)).freeze()
    bare = attrs.evolve(settings, dimensions=())
    return sla | set(Flow9Statistics(bare, 1, (), (((), empty),)).records()[0])


def _check_names(settings: StatisticsSettings) -> None:
    """A dimension may not be called like a column of the records.

    Raises:
        ValidationError: Every clashing dimension, each with its path.
    """
    taken = _columns(settings)
    problems = [
        Problem(f"dimensions.{n}", f"{n!r} is a column of the records", "rename the dimension")
        for n in settings.names
        if n in taken
    ]
    if problems:
        raise ValidationError(problems, what="statistics settings")


class _TicketFailed(Exception):
    """Why a ticket that replay evaluated cannot be counted: ``"<field>: <reason>"``."""


class _SegmentCounts:
    """A segment being counted (mutable, local to one fold)."""

    __slots__ = ("counts", "first", "first_buf", "first_total", "full", "full_buf",
                 "full_total", "satisfaction")  # fmt: skip

    def __init__(self, levels: int) -> None:
        self.counts = [0] * _N
        self.satisfaction = [0] * (levels + 1)
        self.first_total = self.full_total = 0
        self.first = self.full = QuantileSketch()
        self.first_buf: list[float] = []
        self.full_buf: list[float] = []

    def flush(self) -> None:
        if self.first_buf:
            self.first = self.first.merge(QuantileSketch.of(self.first_buf))
            self.first_buf.clear()
        if self.full_buf:
            self.full = self.full.merge(QuantileSketch.of(self.full_buf))
            self.full_buf.clear()

    def freeze(self) -> _Segment:
        self.flush()
        return _Segment(
            tuple(self.counts), tuple(self.satisfaction), self.first_total, self.full_total,
            self.first, self.full,
        )  # fmt: skip


class Flow9Counting:
    """Statistics being counted, one replayed ticket at a time (mutable)."""

    __slots__ = ("failed", "segments", "settings", "sla", "tickets", "zone")

    def __init__(self, settings: StatisticsSettings) -> None:
        _check_names(settings)
        self.settings = settings
        self.zone = get_timezone(settings.timezone, "settings.timezone")
        self.tickets = 0
        self.failed: Counter[tuple[str]] = Counter()
        self.segments: dict[Key, _SegmentCounts] = {}
        self.sla = Counting(settings.names)

    def add(self, record: object, outcome: TicketOutcome, events: Sequence[ReadEvent]) -> None:
        """Count one ticket: its record, its replay outcome and its accepted events."""
        self.tickets += 1
        if outcome.error is not None:
            self.failed[(outcome.error.split(":", 1)[0],)] += 1
            return
        try:
            key = self._key(record, events)
        except _TicketFailed as e:
            self.failed[(str(e).split(":", 1)[0],)] += 1
            return
        seg = self.segments.get(key)
        if seg is None:
            if len(self.segments) >= self.settings.max_segments:
                raise _too_many(len(self.segments) + 1, self.settings.max_segments)
            seg = self.segments[key] = _SegmentCounts(len(self.settings.satisfaction.levels))
        self._count(seg, outcome, events)
        if outcome.sla is not None:
            breached = False
            for s in outcome.sla.targets:
                self.sla.cell((s.target, *key), s.rule).add(s)
                breached = breached or s.state is _BREACHED or s.earlier_breaches > 0
            seg.counts[_SLA_BREACHED] += breached

    def _key(self, record: object, events: Sequence[ReadEvent]) -> Key:
        out: list[str | None] = []
        rec: Mapping[str, Any] = record if isinstance(record, Mapping) else {}
        for d in self.settings.dimensions:
            value: object
            if d.field is not None:
                value = rec.get(d.field)
                where = d.field
            elif d.opened is not None:
                if not events:
                    out.append(None)
                    continue
                first = min(e[1] for e in events)
                local = (_EPOCH + _dt.timedelta(microseconds=first)).astimezone(self.zone)
                out.append(opened_label(local, d.opened))
                continue
            else:
                value, where = None, ""
                for name, _at, payload in events if d.pick == "first" else reversed(events):
                    if name in d.events:
                        got = payload.get(d.payload)  # type: ignore[arg-type]
                        if got is not None:
                            value, where = got, f"{name}.payload.{d.payload}"
                            break
            if value is not None and not isinstance(value, str):
                raise _TicketFailed(
                    f"statistics: {where}: {value!r} is not a string (dimension {d.name})"
                )
            out.append(value)
        return tuple(out)

    def _count(
        self, seg: _SegmentCounts, outcome: TicketOutcome, events: Sequence[ReadEvent]
    ) -> None:
        st = self.settings
        resolving, reopening, handoff = st.resolved_events, st.reopen_events, st.handoff_events
        sat = st.satisfaction
        levels = sat.levels
        c = seg.counts
        c[_TICKETS] += 1
        c[_VIOLATIONS] += len(outcome.violations)
        opened = min((e[1] for e in events), default=None)
        first_res = last_res = None
        is_open = True
        reopens = 0
        handed_off = False
        for name, at, payload in events:
            if name in resolving:
                if first_res is None:
                    first_res = at
                last_res, is_open = at, False
            elif name in reopening:
                reopens += 1
                is_open = True
            elif name in handoff and first_res is None:
                handed_off = True
            if name in sat.events:
                c[_VISITS] += 1
                answer = payload.get(sat.payload)
                i = levels.index(answer) if isinstance(answer, str) and answer in levels else -1
                seg.satisfaction[i] += 1
        c[_REOPENS] += reopens
        c[_REOPENED] += reopens > 0
        c[_OPEN] += is_open
        if first_res is not None and opened is not None:
            c[_RESOLVED] += 1
            c[_FCR] += not handed_off and reopens == 0
            took = first_res - opened
            seg.first_total += took
            seg.first_buf.append(took / 1e6)
            if not is_open and last_res is not None:
                took = last_res - opened
                seg.full_total += took
                seg.full_buf.append(took / 1e6)
            if len(seg.first_buf) >= BUFFER or len(seg.full_buf) >= BUFFER:
                seg.flush()

    def result(self) -> Flow9Statistics:
        segments = [(key, seg.freeze()) for key, seg in self.segments.items()]
        return Flow9Statistics(
            self.settings,
            self.tickets,
            counter_items(self.failed),
            tuple(sorted(segments, key=lambda item: sort_key(item[0]))),
            tally(self.sla),
        )


def statistics(
    tickets: Iterable[Mapping[str, object]],
    policy: Policy,
    *,
    now: _dt.datetime,
    settings: StatisticsSettings | Mapping[str, object] | None = None,
) -> Flow9Statistics:
    """The FLOW-9 statistics of ticket records replayed under ``policy`` as of ``now``.

    Tickets are read one at a time: memory is bounded by the segments, not the
    tickets (see the module docstring). Merge the results of parts with
    `Flow9Statistics.merge`.

    Args:
        tickets: Ticket records (the format of `replay_tickets`).
        policy: The policy to replay under.
        now: The instant of the statistics (aware); later events are not counted.
        settings: A `StatisticsSettings`, its plain data, or ``None`` for
            the defaults.

    Raises:
        ValidationError: ``settings`` is plain data with problems.
        WrongTypeError: ``tickets`` is not iterable, or ``policy`` not a
            `Policy`.
        NaiveDatetimeError: ``now`` has no time zone.
        OutOfRangeError: The tickets fall into more than ``max_segments`` segments.

    Examples:
        >>> import complaintflow as cf
        >>> start = cf.parse_instant("2026-03-02T00:00:00+08:00")
        >>> tickets = cf.synthetic.generate_tickets(400, seed=2, start=start, days=3)
        >>> # events after the 3 days are cut off, so many complaints are still open
        >>> stats = cf.policy.statistics(tickets, cf.default_policy(), now=start.add(days=9))
        >>> row = stats.records(by=["workflow"], where={"workflow": "complaint"})[0]
        >>> row["tickets"], row["resolved"], row["return_visits"], row["satisfaction_satisfied"]
        (209, 115, 42, 26)
        >>> round(row["satisfaction_rate"], 3), round(row["first_resolution_p50_s"] / 3600, 1)
        (0.875, 22.7)
    """
    stream = ticket_stream(tickets, policy)
    if settings is None:
        settings = StatisticsSettings()
    elif not isinstance(settings, StatisticsSettings):
        settings = StatisticsSettings.from_dict(settings)
    counting = Flow9Counting(settings)
    for record, outcome, events in read_tickets(stream, policy, now=now):
        counting.add(record, outcome, events)
    return counting.result()
