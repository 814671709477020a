"""What-if replay's results: per-ticket outcomes and the mergeable report.

Theory of operation
-------------------
A `TicketOutcome` is one ticket's result (its SLA report and every
violation, or the reason it could not be evaluated); a `ReplayReport` is
their aggregate, built of sorted ``(key, count)`` pairs and an
`SlaTally`, so that the reports of the parts of a ticket
set, merged in any order, equal the report of the whole. `Counts` is a
report being counted (what `replay` fills without building
outcomes); `report_of` builds the same report from outcomes, and a property
test checks the two agree. Every ``*_records`` method returns plain dicts that
``pandas.DataFrame`` takes as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from complaintflow._errors import SegmentMismatchError, wrong_type
from complaintflow._order import sort_key
from complaintflow.sla import SlaReport, SlaTally, TargetState
from complaintflow.sla._internal import CellCounts, Counting, tally

__all__ = [
    "Counts",
    "ReplayReport",
    "TicketOutcome",
    "Violation",
    "comparison_records",
    "counter_items",
    "report_of",
]


@attrs.frozen
class Violation:
    """A rule the ticket's history broke.

    Attributes:
        kind: ``"workflow"`` (a refused event) or ``"followup"`` (a contact that
            should not have happened, or a VIP without a return visit).
        rule: The ``DOMAIN.md`` rule ID.
        at_us: When it happened (epoch microseconds).
        event: The event or contact involved.
        detail: A human-readable reason.
    """

    kind: str
    rule: str
    at_us: int
    event: str
    detail: str


@attrs.frozen
class TicketOutcome:
    """What happened to one ticket under a policy, as of ``now``.

    Attributes:
        ticket_id: The ticket's ID (``None`` only if the record had none).
        workflow: The workflow name.
        attributes: The ticket's attributes (tier, category, ...), sorted pairs.
        state: The workflow state reached (``None`` if the ticket failed).
        sla: The SLA report (``None`` if the ticket failed).
        violations: Every workflow and follow-up violation, in time order.
        error: Why the ticket could not be evaluated, or ``None``.
        version: The ``effective_from`` (ISO 8601) of the `PolicyHistory` version
            that judged the ticket; ``None`` under a single policy, and for a ticket
            no version judged (its start unreadable, or before the first version).
    """

    ticket_id: str | None
    workflow: str | None
    attributes: tuple[tuple[str, str], ...]
    state: str | None
    sla: SlaReport | None
    violations: tuple[Violation, ...] = ()
    error: str | None = None
    version: str | None = None

    def to_record(self) -> dict[str, object]:
        """One flat row for ``pandas.DataFrame``: attributes, state, counts, breaches."""
        row: dict[str, object] = {"ticket_id": self.ticket_id, "workflow": self.workflow}
        row.update(self.attributes)
        row["state"] = self.state
        row["error"] = self.error
        if self.version is not None:
            row["version"] = self.version
        row["violations"] = len(self.violations)
        row["violated_rules"] = ",".join(sorted({v.rule for v in self.violations}))
        breached = []
        if self.sla is not None:
            for t in self.sla.targets:
                row[f"sla_{t.target}"] = t.state.value
                if t.breached_us is not None and t.state is not TargetState.CANCELLED:
                    breached.append(t.target)
        row["breached_targets"] = ",".join(breached)
        return row


def _item_key(item: tuple[Any, int]) -> tuple[object, ...]:
    return sort_key(item[0])


def counter_items(counter: Mapping[Any, int]) -> tuple[tuple[Any, int], ...]:
    """The ``(key, count)`` pairs of a counter in the order of `sort_key`.

    Keys are told apart by type as well as text: ``None`` (an attribute the ticket
    lacks) and ``"None"`` are two entries, and keys of mixed types sort.
    """
    return tuple(sorted(counter.items(), key=_item_key))


def _merge_counts(
    a: tuple[tuple[Any, int], ...], b: tuple[tuple[Any, int], ...]
) -> tuple[tuple[Any, int], ...]:
    """Pairs of both parts, added up; independent of which part comes first (equal
    keys spelt differently, such as ``1`` and ``True``, keep the least spelling)."""
    out: dict[Any, list[Any]] = {}
    for key, n in (*a, *b):
        entry = out.get(key)
        if entry is None:
            out[key] = [key, n]
        else:
            entry[1] += n
            if sort_key(key) < sort_key(entry[0]):
                entry[0] = key
    return tuple(sorted(((k, n) for k, n in out.values()), key=_item_key))


@attrs.frozen
class ReplayReport:
    """The aggregate of a replay; mergeable across parts.

    Attributes:
        tickets: Tickets read (evaluated or failed).
        failed: ``(reason, count)`` pairs of tickets that could not be evaluated.
        states: ``((workflow, state), count)`` pairs.
        violations: ``((kind, rule, segment...), count)`` pairs.
        sla: The SLA tally per target and segment.
        versions: ``(effective_from, tickets)`` pairs: how many tickets each version
            of a `PolicyHistory` judged (the ISO 8601 instant it took effect);
            empty for a replay under a single policy.
    """

    segment_by: tuple[str, ...]
    tickets: int = 0
    failed: tuple[tuple[tuple[str], int], ...] = ()
    states: tuple[tuple[tuple[str, str], int], ...] = ()
    violations: tuple[tuple[tuple[str | None, ...], int], ...] = ()
    sla: SlaTally = attrs.field(
        default=attrs.Factory(lambda self: SlaTally(self.segment_by), takes_self=True)
    )
    versions: tuple[tuple[str, int], ...] = ()

    @property
    def failed_tickets(self) -> int:
        """How many tickets could not be evaluated."""
        return sum(n for _, n in self.failed)

    def merge(self, other: ReplayReport) -> ReplayReport:
        """The report of both parts (order does not matter).

        Raises:
            SegmentMismatchError: The reports are segmented by different attributes.
            WrongTypeError: ``other`` is no `ReplayReport`.

        Examples:
            >>> a = ReplayReport(("tier",), tickets=2)
            >>> b = ReplayReport(("tier",), tickets=3)
            >>> a.merge(b) == b.merge(a) == ReplayReport(("tier",), tickets=5)
            True
        """
        if not isinstance(other, ReplayReport):
            raise wrong_type("other", "a ReplayReport", other)
        if self.segment_by != other.segment_by:
            raise SegmentMismatchError(
                f"segment_by: cannot merge a report by {self.segment_by} with one by "
                f"{other.segment_by}; merge reports replayed with the same replay.segment_by",
                field="segment_by",
                value=other.segment_by,
            )
        return ReplayReport(
            self.segment_by,
            self.tickets + other.tickets,
            _merge_counts(self.failed, other.failed),
            _merge_counts(self.states, other.states),
            _merge_counts(self.violations, other.violations),
            self.sla.merge(other.sla),
            _merge_counts(self.versions, other.versions),
        )

    __add__ = merge

    def sla_records(self) -> list[dict[str, object]]:
        """Compliance, breaches and time-to-stop per SLA target and segment (FLOW-9)."""
        return self.sla.records()

    def violation_records(self) -> list[dict[str, object]]:
        """Violation counts per kind, rule and segment."""
        out: list[dict[str, object]] = []
        for key, n in self.violations:
            row: dict[str, object] = {"kind": key[0], "rule": key[1]}
            row.update(zip(self.segment_by, key[2:], strict=True))
            row["count"] = n
            out.append(row)
        return out

    def version_records(self) -> list[dict[str, object]]:
        """Tickets judged by each version of a policy history (none for a policy)."""
        return [{"version": v, "tickets": n} for v, n in self.versions]

    def state_records(self) -> list[dict[str, object]]:
        """Tickets per workflow and state reached."""
        return [{"workflow": w, "state": s, "count": n} for (w, s), n in self.states]

    def summary(self) -> dict[str, object]:
        """Headline figures: tickets, failures, SLA clocks met, breached and cancelled
        (neither), violations."""
        records = self.sla.records()
        breached = sum(int(r["breached"]) for r in records)  # type: ignore[call-overload]
        met = sum(int(r["met"]) for r in records)  # type: ignore[call-overload]
        cancelled = sum(int(r["cancelled"]) for r in records)  # type: ignore[call-overload]
        return {
            "tickets": self.tickets,
            "failed": self.failed_tickets,
            "sla_met": met,
            "sla_breached": breached,
            "sla_cancelled": cancelled,
            "sla_compliance": met / (met + breached) if met + breached else None,
            "violations": sum(n for _, n in self.violations),
        }


class Counts:
    """A `ReplayReport` being counted (mutable, local to one replay)."""

    __slots__ = (
        "failed", "rows", "segment_by", "sla", "states", "targets", "tickets", "versions",
        "violations",
    )  # fmt: skip

    def __init__(self, segment_by: tuple[str, ...]) -> None:
        self.segment_by = segment_by
        self.tickets = 0
        self.failed: Counter[tuple[str]] = Counter()
        self.states: Counter[tuple[str, str]] = Counter()
        self.violations: Counter[tuple[str | None, ...]] = Counter()
        #: Tickets by the version of a policy history that judged them.
        self.versions: Counter[str] = Counter()
        self.sla = Counting(segment_by)
        #: Each segment's SLA cells by target index (made on first use) and its
        #: clocks not started by target index (added to the cells by `report`).
        self.rows: dict[tuple[str | None, ...], tuple[list[CellCounts | None], list[int]]] = {}
        #: The targets' names and rules, by index (set with the first row).
        self.targets: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    def row(
        self, segment: tuple[str | None, ...], names: tuple[str, ...], rules: tuple[str, ...]
    ) -> tuple[list[CellCounts | None], list[int]]:
        """A new segment's row, for the targets ``names`` with their ``rules``."""
        self.targets = (names, rules)
        row = self.rows[segment] = ([None] * len(names), [0] * len(names))
        return row

    def report(self) -> ReplayReport:
        names, rules = self.targets
        for segment, (_cells, unstarted) in self.rows.items():
            for k, n in enumerate(unstarted):
                if n:
                    self.sla.cell((names[k], *segment), rules[k]).count_not_started(n)
            unstarted[:] = [0] * len(unstarted)  # counted once, however often reported
        return ReplayReport(
            self.segment_by,
            self.tickets,
            counter_items(self.failed),
            counter_items(self.states),
            counter_items(self.violations),
            tally(self.sla),
            counter_items(self.versions),
        )


def _segment(outcome: TicketOutcome, by: tuple[str, ...]) -> tuple[str | None, ...]:
    attributes = dict(outcome.attributes)
    return tuple(attributes.get(b) for b in by)


def report_of(outcomes: Iterable[TicketOutcome], segment_by: tuple[str, ...]) -> ReplayReport:
    """Aggregate outcomes into a mergeable `ReplayReport`."""
    tickets = 0
    failed: Counter[tuple[str]] = Counter()
    states: Counter[tuple[str, str]] = Counter()
    violations: Counter[tuple[str | None, ...]] = Counter()
    versions: Counter[str] = Counter()
    reports: list[SlaReport] = []
    tally = SlaTally(segment_by)
    for outcome in outcomes:
        tickets += 1
        if outcome.version is not None:
            versions[outcome.version] += 1
        if outcome.error is not None:
            failed[(outcome.error.split(":", 1)[0],)] += 1
            continue
        assert outcome.workflow is not None
        assert outcome.state is not None
        states[(outcome.workflow, outcome.state)] += 1
        segment = _segment(outcome, segment_by)
        for v in outcome.violations:
            violations[(v.kind, v.rule, *segment)] += 1
        if outcome.sla is not None:
            reports.append(outcome.sla)
            if len(reports) >= 4096:
                tally = tally.merge(SlaTally.of(reports, segment_by))
                reports.clear()
    if reports:
        tally = tally.merge(SlaTally.of(reports, segment_by))
    return ReplayReport(
        segment_by,
        tickets,
        counter_items(failed),
        counter_items(states),
        counter_items(violations),
        tally,
        counter_items(versions),
    )


def comparison_records(a: ReplayReport, b: ReplayReport) -> list[dict[str, object]]:
    """Side-by-side records of two reports (see `compare`)."""
    by = a.segment_by
    rows_a = {(r["target"], *(r[k] for k in by)): r for r in a.sla_records()}
    rows_b = {(r["target"], *(r[k] for k in by)): r for r in b.sla_records()}
    out: list[dict[str, object]] = []
    for key in sorted(rows_a.keys() | rows_b.keys(), key=sort_key):
        ra, rb = rows_a.get(key, {}), rows_b.get(key, {})
        row: dict[str, object] = {"target": key[0], "rule": (ra or rb).get("rule")}
        row.update(zip(by, key[1:], strict=True))
        for f in ("met", "breached", "cancelled"):
            fa, fb = int(ra.get(f, 0) or 0), int(rb.get(f, 0) or 0)  # type: ignore[call-overload]
            row[f"{f}_a"], row[f"{f}_b"], row[f"{f}_delta"] = fa, fb, fb - fa
        row["compliance_a"] = ra.get("compliance_rate")
        row["compliance_b"] = rb.get("compliance_rate")
        out.append(row)
    va, vb = dict(a.violations), dict(b.violations)
    for key in sorted(va.keys() | vb.keys(), key=sort_key):
        vrow: dict[str, object] = {"kind": key[0], "rule": key[1]}
        vrow.update(zip(by, key[2:], strict=True))
        vrow["count_a"], vrow["count_b"] = va.get(key, 0), vb.get(key, 0)
        vrow["count_delta"] = vb.get(key, 0) - va.get(key, 0)
        out.append(vrow)
    fa, fb = dict(a.failed), dict(b.failed)
    for fkey in sorted(fa.keys() | fb.keys(), key=sort_key):
        na, nb = fa.get(fkey, 0), fb.get(fkey, 0)
        out.append({"failed": fkey[0], "count_a": na, "count_b": nb, "count_delta": nb - na})
    ha, hb = dict(a.versions), dict(b.versions)
    for version in sorted(ha.keys() | hb.keys()):
        ta, tb = ha.get(version, 0), hb.get(version, 0)
        out.append({"version": version, "tickets_a": ta, "tickets_b": tb, "tickets_delta": tb - ta})
    return out
