"""Seeded synthetic ticket histories: a hotline's export, one record at a time.

Theory of operation
-------------------
`generate_tickets` returns a generator of plain records (JSON-compatible dicts
in the host-export format the replay reads): ticket ID, workflow, tier, priority,
category, channel, customer, the event log and the follow-up calls. Everything is a
pure function of the arguments: one ``random.Random(seed)`` instance drives every
draw, and nothing reads the clock.

Arrivals. The period ``[start, start + days)`` is cut into clock hours, each weighted
by the profile's expected contacts for that hour (SLA-9 shape, SLA-10: 24 hours). The
``n`` arrival times are the order statistics of ``n`` draws from that density,
produced *in increasing order* without storing them: the ascending uniform order
statistics satisfy ``1 - U(i) = (1 - U(i-1)) * V ** (1 / (n - i + 1))`` for uniform
``V``, and a pointer walks forward through the cumulative hourly weights to invert
the distribution. So ticket IDs and arrival times are both ordered, memory is flat
(only the hour and business-interval tables of the period are kept), and the first
record of ``n = 10**7`` is as quick as the first of ``n = 10``.

Handling. Registration is at the arrival time (the hotline answers around the
clock); back-office steps (acceptance, investigation, solution, approval, reviews,
escalation) are placed in *business time* of a `BusinessCalendar`, precomputed
as a table of open intervals in seconds, so a step is two ``bisect`` calls. Return
visits (FU-3) mostly come within three days of resolution (FU-4), some later, some in
rest hours (FU-1); each is recorded, reached or unreachable after the calls made, and
only then is the complaint closed (FLOW-8); a few VIP complaints never get one (FU-2)
and stay resolved. A complaint linked to an incident gets the incident's resolution
(FLOW-12). Events at or after the end of the period are cut off, so some tickets are
still open at the end.

Partitions. ``part=(k, parts)`` generates the ``k``-th of ``parts`` slices of the
stream on its own, so ``parts`` worker processes can generate (and replay) a big
export without each regenerating the tickets before its share. Partition ``k``
holds the tickets ``k * n // parts + 1`` to ``(k + 1) * n // parts``. Its arrival
range is cut by order statistics of the whole stream: the boundary after each
partition is drawn from a Beta distribution given the one before (``_boundaries``,
from the seed's own stream, so every partition draws the same boundaries), the
partition's last ticket arrives on its boundary, and the others are the order
statistics of uniform draws between its two boundaries, from a stream of its own
seeded with the bytes ``b"complaintflow.synthetic:<folded seed>:<parts>:<k>"``.
So the partitions of one ``parts``, chained in order, are one export of ``n``
tickets with the same properties as the unpartitioned stream (IDs 1 to ``n`` in
arrival order, recurring customers alike, arrivals from the same density): what
one process replays is exactly the union of what the workers replay. FLOW-12 links
between incidents and complaints stay within a partition. The records depend on
``parts`` (not on which process runs a partition); ``parts=1`` is the
unpartitioned stream, record for record.

Limits. Everything above is bounded up front, before any table is built: at most
`MAX_TICKETS` records per call (the generator is lazy, but ``n`` also sets
the default period), a period of at most `MAX_DAYS` days (the tables grow
with the period: a few KB a day), a seed of at most `SEED_BITS` bits
(``random.Random`` hashes the whole integer), and at most `MAX_PARTS`
partitions. A request beyond one of them is
refused with a problem naming the argument, its value and the limit.

Customers come from a fixed pool; a customer's tier, numbers, time zone and
marketing opt-outs are derived from the customer number by an integer hash salted
with the seed, so a recurring customer looks the same in every ticket. Times are
integer seconds from the local midnight of the first day (UTC+08:00, China has no
DST) and are formatted from small precomputed tables.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterator

from complaintflow._errors import (
    Problem,
    ValidationError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow._json import JSON
from complaintflow._time import require_aware
from complaintflow.calendars import BusinessCalendar
from complaintflow.synthetic._profile import SyntheticProfile
from complaintflow.synthetic._stream import _EARLIEST_DAY, _OFFSET, _generate, _Plan

#: The most records one call generates (about three hours at 100,000 a second).
MAX_TICKETS = 1_000_000_000
#: The longest period in days (ten years of 366 days): the tables of the period
#: (hour weights, open intervals, date texts) stay under a few tens of MB.
MAX_DAYS = 3_660
#: The widest seed in bits: any 128-bit integer, such as ``uuid.uuid4().int``.
SEED_BITS = 128
#: The most partitions of one stream (``part=(k, parts)``): partition ``k`` draws
#: ``k + 1`` boundaries first, so the last of 100,000 spends a few tenths of a second.
MAX_PARTS = 100_000


def generate_tickets(
    n: int,
    *,
    seed: int,
    start: _dt.datetime,
    days: int | None = None,
    vip_share: float | None = None,
    profile: SyntheticProfile | None = None,
    calendar: BusinessCalendar | None = None,
    part: tuple[int, int] | None = None,
) -> Iterator[dict[str, JSON]]:
    """Generate ``n`` realistic ticket histories, lazily and reproducibly.

    Arrivals follow ``profile.hourly`` over ``days`` days from ``start``; handling
    steps happen in the calendar's business hours; return visits and marketing calls
    leave work for the follow-up rules (FU-1, FU-2, FU-4, FU-9 to FU-12). Every event
    log replays under its shipped workflow. Events at or after ``start + days`` are
    cut off, so some tickets are still open at the end of the period: replay them
    with ``now = start + timedelta(days=days)``.

    Args:
        n: How many tickets (records), from 0 to `MAX_TICKETS` (10**9).
        seed: The seed, of at most `SEED_BITS` bits (``-2**128 < seed <
            2**128``); the same arguments always give the same records.
        start: Start of the period (aware; times are written in +08:00).
        days: Length of the period in days of 24 hours (the generator's clock is
            China Standard Time, which has no daylight saving), from 1 to
            `MAX_DAYS` (3,660); by
            default ``ceil(n / daily volume)``, so each day is as busy as the
            profile's day (SLA-9: 922 contacts, 110 in the busiest hour), which must
            fit the limit too.
        vip_share: Overrides ``profile.vip_share``.
        profile: The shape of the hotline; `SyntheticProfile` by default.
        calendar: Business hours of the back office; by default the official China
            calendar for the period's years (SLA-3 counts its business days).
        part: ``(k, parts)``: only the ``k``-th of ``parts`` partitions of the
            ``n`` tickets (``0 <= k < parts <= MAX_PARTS``), generated on its own
            in time proportional to its share (plus ``k`` draws). Partition ``k``
            holds the tickets ``k * n // parts + 1`` to ``(k + 1) * n // parts``;
            the partitions of one ``parts``, chained in order, are one export of
            ``n`` tickets (see "Partitions" in the module notes). ``(0, 1)`` is
            the unpartitioned stream.

    Returns:
        A generator of records ``{"ticket_id", "workflow", "tier", "priority",
        "category", "channel", "customer", "events", "followups"}``.

    Raises:
        ValidationError: ``n``, ``days``, ``seed``, ``start`` or ``vip_share`` is out
            of range or beyond a limit (all problems at once, each naming the
            argument, its value and what is allowed), before any work is done.
        WrongTypeError: ``n``, ``seed`` or ``days`` is not an integer, ``part`` not
            a pair of integers, ``profile`` not a `SyntheticProfile`, or ``calendar``
            not a `BusinessCalendar`.
        NaiveDatetimeError: ``start`` has no time zone.
        CalendarCoverageError: The default calendar does not cover the period (pass
            ``calendar=`` or start earlier).

    Examples:
        >>> import datetime as dt
        >>> from complaintflow.workflows import Event, default, replay_events
        >>> tz = dt.timezone(dt.timedelta(hours=8))
        >>> tickets = list(generate_tickets(3, seed=7, start=dt.datetime(2026, 3, 2, tzinfo=tz)))
        >>> [t["ticket_id"] for t in tickets]
        ['T2026-000001', 'T2026-000002', 'T2026-000003']
        >>> t = tickets[0]
        >>> t["events"][0]["name"] in {"register", "answer", "transfer", "record", "report"}
        True
        >>> log = [Event.from_dict(e) for e in t["events"]]
        >>> wf = default(t["workflow"])
        >>> replay_events(wf, t["ticket_id"], log).state in wf.states
        True
    """
    problems: list[Problem] = []
    prof = SyntheticProfile() if profile is None else profile
    if not isinstance(prof, SyntheticProfile):
        raise WrongTypeError(
            f"profile: expected a SyntheticProfile or None, got {type(prof).__name__} "
            f"{problem_text(prof)}",
            field="profile",
            value=prof,
        )
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        raise wrong_type("calendar", "a BusinessCalendar or None", calendar)
    for name, value in (("n", n), ("seed", seed)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise WrongTypeError(
                f"{name}: expected an integer, got {type(value).__name__} {problem_text(value)}",
                field=name,
                value=value,
            )
    if n < 0:
        problems.append(Problem("n", f"{n}", "use a number of tickets >= 0"))
    elif n > MAX_TICKETS:
        problems.append(
            Problem("n", _shown(n), f"use at most {MAX_TICKETS:,} tickets in one call (the limit)")
        )
    if seed.bit_length() > SEED_BITS:
        problems.append(
            Problem(
                "seed",
                _shown(seed),
                f"use a seed of at most {SEED_BITS} bits (-2**{SEED_BITS} < seed < "
                f"2**{SEED_BITS}, the limit), e.g. uuid.uuid4().int",
            )
        )
    if days is None:
        days = max(1, math.ceil(min(max(n, 0), MAX_TICKETS) / prof.daily_volume))
        if days > MAX_DAYS and 0 <= n <= MAX_TICKETS:
            problems.append(
                Problem(
                    "n",
                    f"{_shown(n)} tickets at {prof.daily_volume:g} a day take {days:,} days",
                    f"pass days= (at most {MAX_DAYS:,}, the limit) or fewer tickets",
                )
            )
    elif not isinstance(days, int) or isinstance(days, bool):
        raise WrongTypeError(
            f"days: expected an integer or None, got {type(days).__name__} {problem_text(days)}",
            field="days",
            value=days,
        )
    elif days < 1:
        problems.append(Problem("days", f"{days}", "use a period of at least 1 day"))
    elif days > MAX_DAYS:
        problems.append(
            Problem("days", _shown(days), f"use a period of at most {MAX_DAYS:,} days (the limit)")
        )
    share = prof.vip_share if vip_share is None else vip_share
    if (
        not isinstance(share, int | float)
        or isinstance(share, bool)
        or not math.isfinite(share)
        or not 0 <= share <= 1
    ):
        problems.append(Problem("vip_share", f"{share!r}", "use a share from 0 to 1"))
    require_aware(start, "start")
    if 1 <= days <= MAX_DAYS:
        problems += _period_problems(start, days)
    k, parts = _part(part, problems)
    if problems:
        raise ValidationError(problems, what="generate_tickets arguments")
    plan = _Plan(start, days, prof, calendar)
    return _generate(plan, n, seed, float(share), k, parts)


def _part(part: object, problems: list[Problem]) -> tuple[int, int]:
    """``part`` as ``(k, parts)``, its range problems added to ``problems``."""
    if part is None:
        return 0, 1
    if (
        not isinstance(part, tuple)
        or len(part) != 2
        or not all(isinstance(x, int) and not isinstance(x, bool) for x in part)
    ):
        raise WrongTypeError(
            f"part: expected None or a pair of integers (k, parts), got "
            f"{type(part).__name__} {problem_text(part)}",
            field="part",
            value=part,
        )
    k, parts = part
    if not 1 <= parts <= MAX_PARTS:
        problems.append(
            Problem("part", f"parts={_shown(parts)}", f"use 1 to {MAX_PARTS:,} partitions")
        )
    elif not 0 <= k < parts:
        problems.append(Problem("part", f"k={_shown(k)}", f"use a partition from 0 to {parts - 1}"))
    return k, parts


def _shown(value: int) -> str:
    """An integer for a message: its digits, or its size when they would not fit."""
    bits = value.bit_length()
    return str(value) if bits <= 256 else f"an integer of {bits:,} bits"


def _period_problems(start: _dt.datetime, days: int) -> list[Problem]:
    """The period's tables reach from opt-outs 401 days before ``start`` to two days
    after its end: both ends must be dates (years 1 to 9999)."""
    try:
        local = start.astimezone(_OFFSET)  # itself beyond the years 1 to 9999 near them
    except OverflowError:
        return [
            Problem(
                "start",
                f"{start} lies at the edge of the years 1 to 9999, past which the "
                "period's tables cannot reach",
                f"start later (opt-outs reach {_EARLIEST_DAY} days back)",
            )
        ]
    try:
        local.date() + _dt.timedelta(days=days + 2)
    except OverflowError:
        return [
            Problem(
                "start",
                f"{start} with days={days} runs past the year 9999",
                "start earlier or pass fewer days",
            )
        ]
    try:
        local.date() - _dt.timedelta(days=_EARLIEST_DAY + 1)
    except OverflowError:
        return [
            Problem(
                "start",
                f"{start} with days={days} runs past the year 1",
                f"start later (opt-outs reach {_EARLIEST_DAY} days back)",
            )
        ]
    return []
