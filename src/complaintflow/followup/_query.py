"""The follow-up questions a host asks: `decide` and `next_allowed`.

How they are answered is in `complaintflow.followup._decide` (its "Theory of
operation"); the arguments are checked there too, each error naming its argument.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from complaintflow.followup._decide import _compile, _Gate, _instant, _us
from complaintflow.followup._definition import Attempt, Channel, Customer, Purpose
from complaintflow.followup._outcome import Decision, NextAllowed, Refusal
from complaintflow.followup._policy import FollowupPolicy

__all__ = ["decide", "next_allowed"]


def decide(
    policy: FollowupPolicy,
    customer: Customer,
    purpose: Purpose,
    at: _dt.datetime,
    history: Sequence[Attempt] = (),
    *,
    triggered_at: _dt.datetime | None = None,
    channel: Channel | None = None,
    number: str | None = None,
) -> Decision:
    """May ``customer`` be contacted for ``purpose`` at ``at``? Every refusing rule, why, and when to retry.

    Args:
        policy: The follow-up policy.
        customer: The customer (zone, numbers, opt-outs, appointments).
        purpose: Service return visit, marketing or special visit.
        at: The instant asked about (aware).
        history: Earlier attempts to this customer (all at or before ``at``).
        triggered_at: The triggering event (resolution) that opens the FU-4
            window; ``None`` applies no window.
        channel: Force a channel; by default FU-5 picks phone, then SMS.
        number: Force one of the customer's numbers.

    Returns:
        A `Decision`; when refused, ``retry_at`` is the earliest allowed
        instant (itself allowed, with nothing allowed in between).

    Raises:
        NaiveDatetimeError: ``at`` or ``triggered_at`` has no zone.
        FollowupError: The history lies after ``at``, or ``number`` is not the
            customer's.

    Examples:
        >>> import pendulum
        >>> from complaintflow import followup
        >>> policy = followup.default()
        >>> c = Customer("c1", "Asia/Shanghai", phones=["13800000000"])
        >>> d = decide(policy, c, Purpose.SERVICE, pendulum.datetime(2026, 5, 2, 12, 30, tz="Asia/Shanghai"))
        >>> d.allowed, [r.rule_id for r in d.refusals], d.retry_at.isoformat()
        (False, ['FU-1'], '2026-05-02T14:00:00+08:00')
    """  # noqa: E501
    t, gate = _compile(policy, customer, purpose, at, history, triggered_at, channel, number)
    refusals, trace = gate.check(t)
    if not refusals:
        return Decision(True, (), at, tuple(trace), gate.channel, gate.number)
    retry, why = gate.earliest(t, gate.bound(t))
    no_retry = None
    if retry is None:
        no_retry = why[0] if why else _horizon_refusal(gate)
    retry_at = None if retry is None else _instant(retry, gate.tz)
    return Decision(
        False, tuple(refusals), retry_at, tuple(trace), gate.channel, gate.number, no_retry
    )


def next_allowed(
    policy: FollowupPolicy,
    customer: Customer,
    purpose: Purpose,
    at: _dt.datetime,
    history: Sequence[Attempt] = (),
    *,
    triggered_at: _dt.datetime | None = None,
    channel: Channel | None = None,
    number: str | None = None,
    until: _dt.datetime | None = None,
) -> NextAllowed:
    """The earliest allowed instant at or after ``at`` (inside the FU-4 window).

    Arguments are those of `decide`; ``until`` (exclusive) bounds the
    search, which otherwise ends with the window or after ``policy.horizon_days``.

    Returns:
        A `NextAllowed`: the instant (in the customer's zone), or ``None``
        with the rules that block every instant.

    Examples:
        >>> import pendulum
        >>> c = Customer("c1", "Asia/Shanghai", phones=["13800000000"])
        >>> late = pendulum.datetime(2026, 9, 30, 21, 30, tz="Asia/Shanghai")
        >>> from complaintflow import followup
        >>> next_allowed(followup.default(), c, Purpose.MARKETING, late).at.isoformat()
        '2026-10-01T09:00:00+08:00'
    """
    t, gate = _compile(policy, customer, purpose, at, history, triggered_at, channel, number)
    bound = gate.bound(t)
    if until is not None:
        bound = min(bound, _us(until, "until"))
    if gate.allowed(t):
        return NextAllowed(_instant(t, gate.tz), gate.channel, gate.number)
    found, why = gate.earliest(t, bound)
    if found is None:
        if not why:
            why = (_horizon_refusal(gate, until is not None),)
        return NextAllowed(None, gate.channel, gate.number, why)
    return NextAllowed(_instant(found, gate.tz), gate.channel, gate.number)


def _horizon_refusal(gate: _Gate, until: bool = False) -> Refusal:
    end = "before `until`" if until else f"within {gate.policy.horizon_days} days"
    return Refusal(gate.hours_rule, f"no allowed instant {end}")
