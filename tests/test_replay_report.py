"""Replay reports as records: failed tickets' rows, violation and state records, and
reports of many tickets counted in chunks."""

from __future__ import annotations

from collections import Counter

import complaintflow as cf
from complaintflow.policy._report import report_of

POLICY = cf.default_policy()
BY = POLICY.replay.segment_by
START = cf.parse_instant("2026-03-02T00:00:00+08:00")
NOW = START.add(days=10)
TICKETS = list(cf.synthetic.generate_tickets(100, seed=5, start=START, days=10))
OUTCOMES = list(cf.policy.replay_tickets(TICKETS, POLICY, now=NOW))


def test_a_failed_ticket_is_a_row_without_sla_columns() -> None:
    broken = {**TICKETS[0], "events": "not a list"}
    (outcome,) = cf.policy.replay_tickets([broken], POLICY, now=NOW)
    assert outcome.error is not None
    row = outcome.to_record()
    assert not any(key.startswith("sla_") for key in row)
    assert (None, outcome.error, 0, "", "") == (
        row["state"],
        row["error"],
        row["violations"],
        row["violated_rules"],
        row["breached_targets"],
    )


def test_violation_records_count_every_violation_by_kind_rule_and_segment() -> None:
    report = report_of(OUTCOMES, BY)
    rows = report.violation_records()
    assert rows, "the sample has violations"
    assert all(list(row) == ["kind", "rule", *BY, "count"] for row in rows)
    expected: Counter[tuple[object, ...]] = Counter()
    for o in OUTCOMES:
        attributes = dict(o.attributes)
        for v in o.violations:
            expected[(v.kind, v.rule, *(attributes.get(b) for b in BY))] += 1
    assert expected == Counter(
        {(r["kind"], r["rule"], *(r[b] for b in BY)): r["count"] for r in rows}
    )
    assert sum(expected.values()) == report.summary()["violations"]


def test_state_records_count_every_evaluated_ticket() -> None:
    rows = report_of(OUTCOMES, BY).state_records()
    assert Counter({(r["workflow"], r["state"]): r["count"] for r in rows}) == Counter(
        (o.workflow, o.state) for o in OUTCOMES if o.error is None
    )


def test_an_outcome_without_an_sla_report_counts_its_state_only() -> None:
    outcome = cf.policy.TicketOutcome("T-1", "inquiry", (("tier", "VIP"),), "answered", None)
    report = report_of([outcome], BY)
    assert ((("inquiry", "answered"), 1),) == report.states
    assert [] == report.sla_records()
    assert (1, 0) == (report.tickets, report.failed_tickets)


def test_many_tickets_are_tallied_in_chunks_that_add_up() -> None:
    """Over 4,096 SLA reports are tallied chunk by chunk; the sum is the same."""
    many = OUTCOMES * 42  # 4,200 outcomes, more than one chunk
    one = report_of(OUTCOMES, BY)
    total = one
    for _ in range(41):
        total = total.merge(one)
    assert total == report_of(many, BY)
    assert 4200 == total.tickets
