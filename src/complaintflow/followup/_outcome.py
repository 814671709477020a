"""The answers of the follow-up checks: `Decision`, `NextAllowed` and their parts."""

from __future__ import annotations

import datetime as _dt

import attrs
import pendulum

from complaintflow.followup._definition import Channel

__all__ = ["Decision", "NextAllowed", "Refusal", "TraceEntry"]


@attrs.frozen
class Refusal:
    """One rule that refused a contact, with its ``DOMAIN.md`` rule ID.

    Examples:
        >>> Refusal("FU-1", "12:30 is in the customer's rest hours")
        Refusal(rule_id='FU-1', reason="12:30 is in the customer's rest hours")
    """

    rule_id: str
    reason: str


@attrs.frozen
class TraceEntry:
    """One check that ran, in order: its rule ID, name, verdict and detail."""

    rule_id: str
    check: str
    passed: bool
    detail: str


@attrs.frozen
class Decision:
    """The answer of `decide`.

    Attributes:
        allowed: Whether the contact may happen at ``at``.
        refusals: Every rule that refused, in check order.
        retry_at: ``at`` when allowed, else the earliest allowed instant after
            it, or ``None`` when there is none (then ``no_retry`` says why).
        trace: One entry per check, in order.
        channel: The channel the contact would use (FU-5), if any is usable.
        number: The number it would use.
        no_retry: Why no instant will be allowed, when ``retry_at`` is ``None``.
    """

    allowed: bool
    refusals: tuple[Refusal, ...]
    retry_at: pendulum.DateTime | _dt.datetime | None
    trace: tuple[TraceEntry, ...]
    channel: Channel | None
    number: str | None
    no_retry: Refusal | None = None


@attrs.frozen
class NextAllowed:
    """The answer of `next_allowed`: an instant, or why there is none.

    Attributes:
        at: The earliest allowed instant at or after the question, or ``None``.
        channel: The channel to use (FU-5).
        number: The number to use.
        blocked_by: Why there is no such instant (empty when ``at`` is set).
    """

    at: pendulum.DateTime | _dt.datetime | None
    channel: Channel | None
    number: str | None
    blocked_by: tuple[Refusal, ...] = ()
