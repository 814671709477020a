"""Staffing for the answer-time rule: Erlang C and Erlang A with units and rounding made explicit.

Theory of operation
-------------------
SLA-1 (answer within about 15 seconds) and SLA-9 (peaks of 110 calls an hour) are
kept by having enough agents on the phones, which is queueing arithmetic. This
module is the friendly edge around `complaintflow.staffing._erlang`:

* A `Workload` is calls per interval *with* the interval and the average
  handle time as ``timedelta`` values, so minutes and seconds cannot be mixed up.
  It computes the offered traffic in Erlangs once, at construction.
* A `ServiceTarget` says what "enough" means: a share answered within a
  time (default 15 s, SLA-1), optionally a maximum occupancy and a maximum average
  speed of answer, the shrinkage (share of paid time not on the phones) and the
  `Rounding` used to turn a fractional head count into people.
* `erlang_c` and `erlang_a` answer "what do ``n`` agents achieve?" with
  frozen `ErlangCResult` / `ErlangAResult` values;
  `required_agents` and `required_agents_erlang_a` answer "how many
  do we need?" with a `StaffingRequirement` that keeps the minimal integer
  count, an interpolated fractional figure (for summing queues or intervals
  without stacking round-ups), the raw scheduled figure after shrinkage and the
  rounding applied to it.

Rounding after shrinkage is exact: shrinkage and occupancy are read as the decimal
numbers written (``0.3`` is 3/10), so 7 agents at 30 % shrinkage need exactly 10
scheduled agents, not 11 because ``7 / 0.7 == 10.000000000000002`` in floats.
"""

from __future__ import annotations

import datetime as _dt
import enum
import math
from fractions import Fraction
from numbers import Real

import attrs

from complaintflow._errors import (
    DurationError,
    DurationTypeError,
    StaffingError,
    StaffingLimitError,
    StaffingTypeError,
    UnstableQueueError,
    problem_text,
)
from complaintflow.staffing import _erlang
from complaintflow.staffing._erlang import (
    MAX_AGENTS,
    MAX_SEARCH_TERMS,
    MAX_SERIES_TERMS,
    MAX_TRAFFIC,
)

__all__ = [
    "ErlangAResult",
    "ErlangCResult",
    "Rounding",
    "ServiceTarget",
    "StaffingRequirement",
    "Workload",
    "erlang_a",
    "erlang_c",
    "required_agents",
    "required_agents_erlang_a",
]

#: SLA-1: answer an incoming call within three rings, taken as 15 seconds.
_SLA1_ANSWER_WITHIN = _dt.timedelta(seconds=15)

_US = _dt.timedelta(microseconds=1)
_FLOAT_MAX = 1.7976931348623157e308
_MAX_SECONDS = _dt.timedelta.max.total_seconds()


# --------------------------------------------------------------------------- checks


def _wrong_type(field: str, expected: str, value: object) -> StaffingTypeError:
    return StaffingTypeError(
        f"{field}: expected {expected}, got {type(value).__name__} {problem_text(value)}",
        field=field,
        value=value,
    )


def _check_number(value: object, field: str, *, allow_zero: bool = False) -> float:
    # float and int first: the Real ABC check is slow, and this runs once per call.
    # A bool is an int to Python but never a count or a share here: no truthiness.
    if isinstance(value, bool) or not isinstance(value, (float, int, Real)):
        raise _wrong_type(field, "a real number (an int or a float)", value)
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range
        raise StaffingLimitError(
            f"{field}: {problem_text(value)} is too large; numbers here are floats, "
            f"at most {_FLOAT_MAX:.4g}",
            field=field,
            value=value,
            limit=_FLOAT_MAX,
        ) from None
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        allowed = "zero or more" if allow_zero else "more than zero"
        raise StaffingError(
            f"{field}: {value!r} is not allowed; it must be a finite number {allowed}",
            field=field,
            value=value,
        )
    return number


def _check_duration(value: object, field: str, *, allow_zero: bool = False) -> int:
    """Microseconds of a positive (or non-negative) ``timedelta``."""
    if not isinstance(value, _dt.timedelta):
        raise DurationTypeError(
            f"{field}: expected a datetime.timedelta, got {type(value).__name__} "
            f"{problem_text(value)}; write e.g. timedelta(seconds=180) so the unit is explicit",
            field=field,
            value=value,
        )
    us = value // _US
    if us < 0 or (us == 0 and not allow_zero):
        allowed = "zero or longer" if allow_zero else "longer than zero"
        raise DurationError(
            f"{field}: {value!r} is not allowed; it must be {allowed}",
            field=field,
            value=value,
        )
    return us


def _check_agents(value: object, field: str = "agents") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(field, "a whole number of agents (an int)", value)
    if value < 1:
        raise StaffingError(
            f"{field}: {problem_text(value)} is not allowed; it must be a whole number of "
            f"agents, 1 or more",
            field=field,
            value=value,
        )
    if value > MAX_AGENTS:
        raise StaffingLimitError(
            f"{field}: {problem_text(value)} agents is more than the {MAX_AGENTS:,} the staffing "
            f"functions evaluate",
            field=field,
            value=value,
            limit=MAX_AGENTS,
        )
    return value


def _check_traffic(traffic: float, field: str, value: object) -> None:
    """Refuse a traffic (Erlangs) beyond `MAX_TRAFFIC`; ``value`` is what was given."""
    if not traffic <= MAX_TRAFFIC:  # also refuses inf and nan
        amount = f"{traffic:.6g}" if math.isfinite(traffic) else "more than a float's"
        raise StaffingLimitError(
            f"{field}: {problem_text(value)} makes {amount} Erlangs of traffic, more "
            f"than the {MAX_TRAFFIC:,.0f} Erlangs the staffing functions compute "
            f"(traffic = calls * handle_time / interval)",
            field=field,
            value=value,
            limit=MAX_TRAFFIC,
        )


def _check_workload(value: object) -> Workload:
    if not isinstance(value, Workload):
        raise _wrong_type("workload", "a Workload", value)
    return value


def _check_target(value: object) -> ServiceTarget:
    if value is None:
        return ServiceTarget()
    if not isinstance(value, ServiceTarget):
        raise _wrong_type("target", "a ServiceTarget (or None for the default)", value)
    return value


def _exact(value: float) -> Fraction:
    """The decimal number a user wrote, exactly (``0.3`` is 3/10, not the nearest double)."""
    # repr(float(...)): a NumPy float's own repr is "np.float64(0.3)".
    return Fraction(repr(float(value))) if isinstance(value, float) else Fraction(value)


# --------------------------------------------------------------------------- values


def _validate_calls(_inst: object, _attr: object, value: float) -> None:
    try:
        _check_number(value, "calls")
    except StaffingLimitError:  # an int beyond the float range: beyond any traffic
        _check_traffic(math.inf, "calls", value)


def _validate_interval(_inst: object, _attr: object, value: _dt.timedelta) -> None:
    _check_duration(value, "interval")


def _validate_handle_time(_inst: object, _attr: object, value: _dt.timedelta) -> None:
    _check_duration(value, "handle_time")


@attrs.frozen
class Workload:
    """Offered calls in an interval, with the interval and the average handle time.

    Attributes:
        calls: Calls offered in one ``interval`` (a forecast may be fractional).
        interval: Length of the interval the calls arrive in.
        handle_time: Average handle time (talk plus wrap-up) of one call.
        traffic: Offered traffic in Erlangs, ``calls * handle_time / interval``.

    Raises:
        StaffingTypeError: ``calls`` is not a real number (a ``bool`` is not).
        StaffingError: ``calls`` is not a finite number above zero.
        StaffingLimitError: The traffic is above 100,000 Erlangs (about two million
            calls an hour at three minutes each), the most the staffing functions
            compute.
        DurationTypeError: ``interval`` or ``handle_time`` is not a ``timedelta``.
        DurationError: ``interval`` or ``handle_time`` is not longer than zero.

    Examples:
        SLA-9's busiest hour, 110 calls, at 3 minutes a call:

        >>> from datetime import timedelta
        >>> w = Workload(110, timedelta(hours=1), timedelta(seconds=180))
        >>> w.traffic
        5.5
    """

    calls: float = attrs.field(validator=_validate_calls)
    interval: _dt.timedelta = attrs.field(validator=_validate_interval)
    handle_time: _dt.timedelta = attrs.field(validator=_validate_handle_time)
    traffic: float = attrs.field(init=False)
    _handle_s: float = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        handle_us = self.handle_time // _US
        traffic = float(self.calls) * handle_us / (self.interval // _US)
        _check_traffic(traffic, "calls", self.calls)
        object.__setattr__(self, "traffic", traffic)
        object.__setattr__(self, "_handle_s", handle_us / 1e6)

    def exact_traffic(self) -> Fraction:
        """The offered traffic as an exact fraction of the numbers given.

        Examples:
            >>> from datetime import timedelta
            >>> Workload(100, timedelta(minutes=30), timedelta(minutes=3)).exact_traffic()
            Fraction(10, 1)
        """
        return _exact(self.calls) * (self.handle_time // _US) / (self.interval // _US)


class Rounding(enum.Enum):
    """How a fractional number of scheduled agents becomes a head count.

    ``UP`` (the default) never schedules fewer people than the queueing answer
    needs after shrinkage. ``NEAREST`` rounds half up, as some planning sheets do;
    it can leave an interval a fraction of an agent short, which is then visible
    in `StaffingRequirement.agents` versus ``raw_agents``.

    Examples:
        >>> Rounding.UP.apply(Fraction(90, 7))
        13
        >>> Rounding.NEAREST.apply(Fraction(90, 7))
        13
        >>> Rounding.NEAREST.apply(Fraction(25, 2))
        13
    """

    UP = "up"
    NEAREST = "nearest"

    def apply(self, value: Fraction) -> int:
        """Round an exact non-negative value to a whole number of agents.

        Raises:
            StaffingTypeError: ``value`` is not a real number (or is a ``bool``).
            StaffingError: ``value`` is negative, infinite or NaN.
        """
        given: object = value  # checked as the user may pass anything
        if isinstance(given, float):
            if not math.isfinite(given):
                raise StaffingError(
                    f"value: {given!r} is not a number of agents", field="value", value=given
                )
        elif type(given) not in (Fraction, int) and (
            isinstance(given, bool) or not isinstance(given, Real)
        ):
            raise _wrong_type("value", "a real number of agents", given)
        if value < 0:
            raise StaffingError(
                f"value: {problem_text(value)} is not allowed; a number of agents is zero or more",
                field="value",
                value=value,
            )
        if self is Rounding.UP:
            return math.ceil(value)
        return math.floor(value + Fraction(1, 2))


def _validate_share(_inst: object, attribute: attrs.Attribute[float], value: object) -> None:
    number = _check_number(value, attribute.name)
    if number >= 1.0:
        raise StaffingError(
            f"{attribute.name}: {value!r} is not allowed; a target share must lie strictly "
            f"between 0 and 1 (0.8 means 80 %; 100 % is never reached by a queue)",
            field=attribute.name,
            value=value,
        )


def _validate_occupancy(_inst: object, _attr: object, value: float | None) -> None:
    if value is None:
        return
    number = _check_number(value, "max_occupancy")
    if number > 1.0:
        raise StaffingError(
            f"max_occupancy: {value!r} is not allowed; it must lie in (0, 1], e.g. 0.85",
            field="max_occupancy",
            value=value,
        )


def _validate_shrinkage(_inst: object, _attr: object, value: object) -> None:
    number = _check_number(value, "shrinkage", allow_zero=True)
    if number >= 1.0:
        raise StaffingError(
            f"shrinkage: {value!r} is not allowed; it must lie in [0, 1), e.g. 0.3 for 30 %",
            field="shrinkage",
            value=value,
        )


def _validate_answer_within(_inst: object, _attr: object, value: object) -> None:
    _check_duration(value, "answer_within", allow_zero=True)


def _validate_max_asa(_inst: object, _attr: object, value: _dt.timedelta | None) -> None:
    if value is not None:
        _check_duration(value, "max_average_speed_of_answer")


def _validate_rounding(_inst: object, _attr: object, value: object) -> None:
    if not isinstance(value, Rounding):
        raise _wrong_type("rounding", "a Rounding (Rounding.UP or Rounding.NEAREST)", value)


@attrs.frozen
class ServiceTarget:
    """What "enough agents" means, and how head counts are rounded.

    Attributes:
        service_level: Share of calls to answer within ``answer_within``, strictly
            between 0 and 1. The default 0.8 is the industry's common 80/15 rule; the
            sources give the time (SLA-1) but no share.
        answer_within: The answer-time target; default 15 s (SLA-1: three rings).
        max_occupancy: Optional ceiling on the share of time agents are busy, in (0, 1].
        max_average_speed_of_answer: Optional ceiling on the average wait.
        shrinkage: Share of scheduled time not available for calls (breaks,
            training, absence), in [0, 1).
        rounding: How the scheduled figure ``productive / (1 - shrinkage)`` is rounded.

    Raises:
        StaffingTypeError: A share is not a real number, or ``rounding`` not a `Rounding`.
        StaffingError: A share lies outside its range.
        DurationTypeError: A duration is not a ``timedelta``.
        DurationError: ``answer_within`` is negative or the answer-speed ceiling not positive.

    Examples:
        >>> t = ServiceTarget(shrinkage=0.3)
        >>> (t.service_level, t.answer_within.total_seconds(), t.rounding)
        (0.8, 15.0, <Rounding.UP: 'up'>)
        >>> ServiceTarget(service_level=1.2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.StaffingError: service_level: 1.2 is not allowed; ...
    """

    service_level: float = attrs.field(default=0.8, validator=_validate_share)
    answer_within: _dt.timedelta = attrs.field(
        default=_SLA1_ANSWER_WITHIN, validator=_validate_answer_within
    )
    max_occupancy: float | None = attrs.field(default=None, validator=_validate_occupancy)
    max_average_speed_of_answer: _dt.timedelta | None = attrs.field(
        default=None, validator=_validate_max_asa
    )
    shrinkage: float = attrs.field(default=0.0, validator=_validate_shrinkage)
    rounding: Rounding = attrs.field(default=Rounding.UP, validator=_validate_rounding)
    _answer_s: float = attrs.field(init=False, repr=False, eq=False)
    _max_asa_s: float | None = attrs.field(init=False, repr=False, eq=False)
    _keep: Fraction = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_keep", 1 - _exact(self.shrinkage))  # exact: 0.3 is 3/10
        object.__setattr__(self, "_answer_s", (self.answer_within // _US) / 1e6)
        asa = self.max_average_speed_of_answer
        object.__setattr__(self, "_max_asa_s", None if asa is None else (asa // _US) / 1e6)


@attrs.frozen
class ErlangCResult:
    """What ``agents`` achieve on a workload under Erlang C (callers never hang up).

    Attributes:
        agents: Agents on the phones.
        traffic: Offered traffic in Erlangs.
        answer_within: The time the service level is measured against.
        service_level: Share of calls answered within ``answer_within``.
        probability_of_waiting: Share of calls that find every agent busy.
        average_speed_of_answer: Mean wait over all calls (zero waits included).
        occupancy: Share of agent time spent on calls, ``traffic / agents``.
    """

    agents: int
    traffic: float
    answer_within: _dt.timedelta
    service_level: float
    probability_of_waiting: float
    average_speed_of_answer: _dt.timedelta
    occupancy: float


@attrs.frozen
class ErlangAResult:
    """What ``agents`` achieve under Erlang A (callers hang up after an exponential patience).

    Attributes:
        agents: Agents on the phones.
        traffic: Offered traffic in Erlangs.
        answer_within: The time the service level is measured against.
        patience: Mean time a caller is willing to wait.
        service_level: Share of *all offered* calls answered within ``answer_within``
            (a caller who hangs up counts as not answered).
        virtual_service_level: Share of callers whose wait would be at most
            ``answer_within`` if they did not hang up; never below Erlang C's
            service level for the same inputs.
        probability_of_waiting: Share of calls that find every agent busy.
        abandonment: Share of offered calls that hang up before being answered.
        average_speed_of_answer: Mean wait of the calls that are answered.
        average_wait: Mean time in queue over all calls, answered or abandoned.
        occupancy: Share of agent time on calls, ``traffic * (1 - abandonment) / agents``
            (computed from its complement when most callers wait, so never above 1).

    Every share (service levels, waiting, abandonment, occupancy) lies in ``[0, 1]``,
    and a tiny one keeps its relative precision instead of rounding to a negative.
    """

    agents: int
    traffic: float
    answer_within: _dt.timedelta
    patience: _dt.timedelta
    service_level: float
    virtual_service_level: float
    probability_of_waiting: float
    abandonment: float
    average_speed_of_answer: _dt.timedelta
    average_wait: _dt.timedelta
    occupancy: float


@attrs.frozen
class StaffingRequirement:
    """How many agents a workload needs to meet a `ServiceTarget`.

    Attributes:
        traffic: Offered traffic in Erlangs.
        productive_agents: The fewest agents on the phones that meet every part of
            the target (one fewer does not).
        fractional_agents: A fractional figure in ``(productive_agents - 1,
            productive_agents]``: where the binding constraint is met when the
            service level (or the answer speed) is interpolated linearly between
            whole agents, or ``traffic / max_occupancy``. Sum these across queues
            or intervals to avoid stacking round-ups.
        raw_agents: Scheduled agents before rounding, ``productive_agents / (1 - shrinkage)``.
        rounding: The rounding applied to ``raw_agents``.
        agents: Scheduled head count: ``rounding`` applied exactly to ``raw_agents``.
        binding: Which part of the target set the count: ``"service_level"``,
            ``"average_speed_of_answer"`` or ``"occupancy"``.
        figures: What ``productive_agents`` achieve.
    """

    traffic: float
    productive_agents: int
    fractional_agents: float
    raw_agents: float
    rounding: Rounding
    agents: int
    binding: str
    figures: ErlangCResult | ErlangAResult


# --------------------------------------------------------------------------- Erlang C


#: An average wait of more than this many handle times only happens a hair above the
#: traffic (the wait is ``C / (agents - traffic)`` handle times).
_HAIR = 1e6


def _c_result(
    workload: Workload, n: int, t: _dt.timedelta, pw: float, sl: float, asa: float
) -> ErlangCResult:
    asa_s = asa * workload._handle_s
    if asa_s >= _MAX_SECONDS and asa < _HAIR:
        raise StaffingLimitError(
            f"handle_time: {workload.handle_time!r} is so long that the average wait of "
            f"{n} agents would be {asa_s:.3g} s, beyond what a timedelta can hold",
            field="handle_time",
            value=workload.handle_time,
            limit=_dt.timedelta.max,
        )
    if asa_s >= _MAX_SECONDS:
        raise UnstableQueueError(
            f"agents: {n} agents hold {workload.traffic!r} Erlangs only by a hair: the average "
            f"wait would be {asa_s:.3g} s, beyond what a timedelta can hold; add an agent",
            field="agents",
            value=n,
        )
    return ErlangCResult(
        agents=n,
        traffic=workload.traffic,
        answer_within=t,
        service_level=sl,
        probability_of_waiting=pw,
        average_speed_of_answer=_dt.timedelta(seconds=asa_s),
        occupancy=workload.traffic / n,
    )


def _require_stable(workload: Workload, agents: int) -> None:
    if agents <= workload.traffic:
        least = math.floor(workload.traffic) + 1
        raise UnstableQueueError(
            f"agents: {agents} agents cannot hold {workload.traffic:g} Erlangs of traffic: "
            f"the queue grows without limit, so Erlang C has no answer; use at least "
            f"{least} agents, or Erlang A if callers hang up",
            field="agents",
            value=agents,
        )


def erlang_c(
    workload: Workload, agents: int, *, answer_within: _dt.timedelta = _SLA1_ANSWER_WITHIN
) -> ErlangCResult:
    """Service level, waiting probability, answer speed and occupancy of ``agents`` (Erlang C).

    Args:
        workload: Calls, interval and handle time.
        agents: Agents on the phones; must exceed the traffic in Erlangs.
        answer_within: Answer-time target; default 15 s (SLA-1).

    Returns:
        The figures as a frozen `ErlangCResult`.

    Raises:
        StaffingTypeError: ``workload`` is not a `Workload` or ``agents`` not an ``int``.
        StaffingError: ``agents`` is below 1.
        StaffingLimitError: ``agents`` is above 1,000,000, or the handle time is so long
            that the average wait does not fit in a ``timedelta``.
        UnstableQueueError: ``agents`` does not exceed the traffic.
        DurationTypeError: ``answer_within`` is not a ``timedelta``.
        DurationError: ``answer_within`` is negative.

    Examples:
        SLA-9's peak hour with 9 agents:

        >>> from datetime import timedelta
        >>> w = Workload(110, timedelta(hours=1), timedelta(seconds=180))
        >>> r = erlang_c(w, 9)
        >>> (round(r.service_level, 3), round(r.probability_of_waiting, 4))
        (0.903, 0.1298)
        >>> round(r.average_speed_of_answer.total_seconds(), 1)
        6.7
    """
    workload = _check_workload(workload)
    n = _check_agents(agents)
    t_us = _check_duration(answer_within, "answer_within", allow_zero=True)
    _require_stable(workload, n)
    pw, sl, asa = _erlang.erlang_c(n, workload.traffic, t_us / 1e6 / workload._handle_s)
    return _c_result(workload, n, answer_within, pw, sl, asa)


def _interpolate(x_lo: float, y_lo: float, x_hi: float, y_hi: float, target: float) -> float:
    if y_hi <= y_lo:
        return x_hi
    return x_lo + (x_hi - x_lo) * (target - y_lo) / (y_hi - y_lo)


def _occupancy_floor(workload: Workload, max_occupancy: float) -> int:
    """Fewest agents with ``traffic / agents <= max_occupancy``, computed exactly.

    Refused when that is more than `MAX_AGENTS`: the ceiling may not be below
    ``traffic / MAX_AGENTS``.
    """
    floor = max(1, math.ceil(workload.exact_traffic() / _exact(max_occupancy)))
    if floor > MAX_AGENTS:
        least = workload.traffic / MAX_AGENTS
        raise StaffingLimitError(
            f"max_occupancy: {max_occupancy!r} on {workload.traffic:g} Erlangs needs "
            f"{floor:,} agents, more than the {MAX_AGENTS:,} the staffing functions "
            f"compute; the ceiling may not be below traffic / {MAX_AGENTS:,} = {least:.6g}",
            field="max_occupancy",
            value=max_occupancy,
            limit=least,
        )
    return floor


def _schedule(
    workload: Workload,
    target: ServiceTarget,
    n: int,
    fractional: float,
    binding: str,
    figures: ErlangCResult | ErlangAResult,
) -> StaffingRequirement:
    if fractional <= n - 1:  # a target met a rounding error above n - 1 (a service
        # level of 1e-226): the least float of the documented (n - 1, n]
        fractional = math.nextafter(float(n - 1), math.inf)
    keep = target._keep
    if keep == 1:  # no shrinkage: every rounding of a whole number is itself
        raw_agents, agents = float(n), n
    else:
        raw = Fraction(n) / keep
        raw_agents, agents = float(raw), target.rounding.apply(raw)
    return StaffingRequirement(
        traffic=workload.traffic,
        productive_agents=n,
        fractional_agents=fractional,
        raw_agents=raw_agents,
        rounding=target.rounding,
        agents=agents,
        binding=binding,
        figures=figures,
    )


def required_agents(workload: Workload, target: ServiceTarget | None = None) -> StaffingRequirement:
    """The fewest agents that meet ``target`` under Erlang C, with shrinkage and rounding.

    Walks the Erlang B recurrence once up to the answer, evaluating the figures only
    from the traffic up (and at an occupancy floor): O(traffic) float operations,
    stable and a few milliseconds even at the 100,000-Erlang limit. Agents that hold
    the traffic only by a hair (an average wait beyond what a ``timedelta`` holds,
    which a lax target can accept) do not count as meeting it: the answer is then one
    agent more, with ``binding="average_speed_of_answer"``.

    Args:
        workload: Calls, interval and handle time.
        target: Service level, answer time, occupancy, answer speed, shrinkage and
            rounding; default ``ServiceTarget()`` (80 % within 15 s, SLA-1).

    Returns:
        A `StaffingRequirement`; ``figures`` is an `ErlangCResult`.

    Raises:
        StaffingTypeError: ``workload`` is not a `Workload` or ``target`` is
            neither a `ServiceTarget` nor ``None``.
        StaffingLimitError: The ceiling ``max_occupancy`` is below
            ``traffic / 1,000,000``: it would need more agents than the functions count.

    Examples:
        SLA-9's peak hour (110 calls, 3 minutes each) at 80 % within 15 s:

        >>> from datetime import timedelta
        >>> w = Workload(110, timedelta(hours=1), timedelta(seconds=180))
        >>> req = required_agents(w)
        >>> (req.productive_agents, req.agents, round(req.figures.service_level, 3))
        (9, 9, 0.903)
        >>> req = required_agents(w, ServiceTarget(shrinkage=0.3))
        >>> (req.agents, round(req.raw_agents, 2), req.rounding)
        (13, 12.86, <Rounding.UP: 'up'>)
    """
    workload = _check_workload(workload)
    target = _check_target(target)
    traffic = workload.traffic
    t = target._answer_s / workload._handle_s
    max_asa = None if target._max_asa_s is None else target._max_asa_s / workload._handle_s
    min_n = 1 if target.max_occupancy is None else _occupancy_floor(workload, target.max_occupancy)
    # One walk finds the answer and the service level's own answer (another
    # constraint may bind), from the traffic up, never below it.
    n, pw, sl, asa, asa_prev, n_sl, sl_n, sl_prev = _erlang.erlang_c_search(
        traffic, t, target.service_level, min_n, max_asa
    )
    # Each constraint's fractional answer; the largest one binds.
    y_lo = 0.0 if math.isnan(sl_prev) else sl_prev  # the service level tends to 0 at n == A
    candidates = [
        (
            _interpolate(max(traffic, n_sl - 1.0), y_lo, n_sl, sl_n, target.service_level),
            "service_level",
        )
    ]
    if max_asa is not None and (math.isnan(asa_prev) or asa_prev > max_asa):
        # Interpolate the answer speed 1/ASA, which tends to 0 at n == A.
        s_lo = 0.0 if math.isnan(asa_prev) else 1.0 / asa_prev
        s_hi = 1.0 / asa if asa > 0 else math.inf
        f_asa = _interpolate(max(traffic, n - 1.0), s_lo, n, s_hi, 1.0 / max_asa)
        candidates.append((f_asa, "average_speed_of_answer"))
    if target.max_occupancy is not None:
        exact = workload.exact_traffic() / _exact(target.max_occupancy)
        candidates.append((float(exact), "occupancy"))
    fractional, binding = max(candidates)
    if asa >= _HAIR and asa * workload._handle_s >= _MAX_SECONDS:
        # Stable only by a hair: the average wait is beyond what a timedelta holds,
        # beyond any target; the next agent is the fewest that answer the calls.
        n += 1
        pw, sl, asa = _erlang.erlang_c(n, traffic, t)
        fractional, binding = max(fractional, float(n - 1)), "average_speed_of_answer"
    figures = _c_result(workload, n, target.answer_within, pw, sl, asa)
    return _schedule(workload, target, n, fractional, binding, figures)


# --------------------------------------------------------------------------- Erlang A


def erlang_a(
    workload: Workload,
    agents: int,
    patience: _dt.timedelta,
    *,
    answer_within: _dt.timedelta = _SLA1_ANSWER_WITHIN,
) -> ErlangAResult:
    """Figures of ``agents`` when callers hang up after a mean ``patience`` (Erlang A).

    Any number of agents has a steady state here (impatient callers keep the queue
    finite), so ``agents`` may be at or below the traffic.

    Args:
        workload: Calls, interval and handle time.
        agents: Agents on the phones, 1 or more.
        patience: Mean time a caller waits before hanging up (exponential).
        answer_within: Answer-time target; default 15 s (SLA-1).

    Returns:
        The figures as a frozen `ErlangAResult`.

    Raises:
        StaffingTypeError: ``workload`` is not a `Workload` or ``agents`` not an ``int``.
        StaffingError: ``agents`` is below 1.
        StaffingLimitError: ``agents`` is above 1,000,000; or the patience is so long
            against the handle time on an overloaded queue that the series would need
            more than 50,000 terms (use `erlang_c`, the limit, instead).
        DurationTypeError: ``patience`` or ``answer_within`` is not a ``timedelta``.
        DurationError: ``patience`` is not positive or ``answer_within`` is negative.

    Examples:
        >>> from datetime import timedelta
        >>> w = Workload(110, timedelta(hours=1), timedelta(seconds=180))
        >>> r = erlang_a(w, 8, timedelta(minutes=2))
        >>> (round(r.service_level, 3), round(r.abandonment, 4))
        (0.87, 0.0442)
    """
    workload = _check_workload(workload)
    n = _check_agents(agents)
    t_us = _check_duration(answer_within, "answer_within", allow_zero=True)
    p_us = _check_duration(patience, "patience")
    return _a_result(workload, n, patience, answer_within, p_us / 1e6, t_us / 1e6)


@attrs.define
class _TermBudget:
    """Erlang A series terms a search or a plan may still sum.

    Erlang A's cost is the terms of its series, bounded before summing by
    `_erlang.series_terms`; the evaluation that would overspend the budget is
    refused instead of run, so a search or a plan never runs long.
    """

    total: float
    what: str
    spent: float = 0.0

    def spend(self, terms: float, patience: _dt.timedelta) -> None:
        if self.spent + terms > self.total:
            raise StaffingLimitError(
                f"patience: {patience!r}: {self.what} would sum more than "
                f"{self.total:,.0f} Erlang A series terms (callers this patient on this "
                f"much traffic need long series); plan fewer intervals at a time, or use "
                f"Erlang C (required_agents)",
                field="patience",
                value=patience,
                limit=self.total,
            )
        self.spent += terms


def _a_result(
    workload: Workload,
    n: int,
    patience: _dt.timedelta,
    answer_within: _dt.timedelta,
    patience_s: float,
    answer_s: float,
    b_pair: tuple[float, float] | None = None,
    budget: _TermBudget | None = None,
) -> ErlangAResult:
    h = workload._handle_s
    r = h / patience_s
    terms = _erlang.series_terms(n, workload.traffic, r)
    if terms > MAX_SERIES_TERMS:
        raise StaffingLimitError(
            f"patience: {patience!r} is so long against a {workload.handle_time!r} handle time "
            f"that Erlang A for {n} agents on {workload.traffic:g} Erlangs would need about "
            f"{terms:,.0f} series terms, more than the {MAX_SERIES_TERMS:,} it sums; with "
            f"callers this patient use Erlang C (erlang_c), which is the limit, with more "
            f"agents than the traffic",
            field="patience",
            value=patience,
            limit=MAX_SERIES_TERMS,
        )
    if budget is not None:
        budget.spend(terms, patience)
    pw, sl, vsl, ab, asa, wait, occupancy, _ = _erlang.erlang_a(
        n, workload.traffic, r, answer_s / h, b_pair
    )
    return ErlangAResult(
        agents=n,
        traffic=workload.traffic,
        answer_within=answer_within,
        patience=patience,
        service_level=sl,
        virtual_service_level=vsl,
        probability_of_waiting=pw,
        abandonment=ab,
        average_speed_of_answer=_wait(asa * h, workload, patience),
        average_wait=_wait(wait * h, workload, patience),
        occupancy=occupancy,
    )


def _wait(seconds: float, workload: Workload, patience: _dt.timedelta) -> _dt.timedelta:
    """A wait as a ``timedelta``; refused when no ``timedelta`` can hold it."""
    if seconds >= _MAX_SECONDS:
        raise StaffingLimitError(
            f"patience: {patience!r} and a {workload.handle_time!r} handle time make waits "
            f"of {seconds:.3g} s, beyond what a timedelta can hold",
            field="patience",
            value=patience,
            limit=_dt.timedelta.max,
        )
    return _dt.timedelta(seconds=seconds)


def _a_meets(r: ErlangAResult, target: ServiceTarget) -> bool:
    if r.service_level < target.service_level:
        return False
    if target.max_occupancy is not None and r.occupancy > target.max_occupancy:
        return False
    asa = target.max_average_speed_of_answer
    return asa is None or r.average_speed_of_answer <= asa


def required_agents_erlang_a(
    workload: Workload, patience: _dt.timedelta, target: ServiceTarget | None = None
) -> StaffingRequirement:
    """The fewest agents that meet ``target`` when callers hang up (Erlang A).

    The service level counted is the share of *all offered* calls answered within
    the target time, so a caller who hangs up is a miss. The answer is usually
    below Erlang C's (abandonment lightens the load), but not always: with very
    impatient callers and a long answer-time target, callers Erlang C would count as
    answered late-but-within-target hang up first.

    The search gallops from the traffic in steps of about ``sqrt(traffic) / 4``,
    doubling, and then bisects over the agent count (the figures are monotone in the
    number of agents; a property test checks it). It never probes fewer than
    ``service_level * traffic`` agents, which cannot answer that share of the calls,
    and evaluates each count once, with one Erlang B recurrence for all of them.

    Args:
        workload: Calls, interval and handle time.
        patience: Mean time a caller waits before hanging up (exponential).
        target: As for `required_agents`.

    Returns:
        A `StaffingRequirement`; ``figures`` is an `ErlangAResult`.

    Raises:
        StaffingTypeError: ``workload`` is not a `Workload` or ``target`` is
            neither a `ServiceTarget` nor ``None``.
        DurationTypeError: ``patience`` is not a ``timedelta``.
        DurationError: ``patience`` is not longer than zero.
        StaffingLimitError: The ceiling ``max_occupancy`` is below
            ``traffic / 1,000,000``; or one evaluation would sum more than 50,000
            series terms, or the search more than 1,000,000 in all (callers patient for
            days on a large or overloaded queue; use `required_agents`).

    Examples:
        >>> from datetime import timedelta
        >>> w = Workload(110, timedelta(hours=1), timedelta(seconds=180))
        >>> req = required_agents_erlang_a(w, timedelta(minutes=2))
        >>> (req.productive_agents, round(req.figures.service_level, 3))
        (8, 0.87)
    """
    workload = _check_workload(workload)
    _check_duration(patience, "patience")
    target = _check_target(target)
    return _erlang_a_search(
        workload, patience, target, _TermBudget(MAX_SEARCH_TERMS, "this requirement search")
    )


def _erlang_a_search(
    workload: Workload, patience: _dt.timedelta, target: ServiceTarget, budget: _TermBudget
) -> StaffingRequirement:
    """`required_agents_erlang_a` on checked arguments, spending ``budget``."""
    p_s, t_s = patience // _US / 1e6, target._answer_s
    if target.max_occupancy is not None:
        _occupancy_floor(workload, target.max_occupancy)  # refuses a ceiling too low
    b_of = _erlang.erlang_b_table(workload.traffic)  # one recurrence for every probe
    seen: dict[int, ErlangAResult] = {}

    def at(k: int) -> ErlangAResult:
        if k not in seen:
            b_pair = (b_of(k - 1), b_of(k))
            seen[k] = _a_result(
                workload, k, patience, target.answer_within, p_s, t_s, b_pair, budget
            )
        return seen[k]

    # Below ``service_level * traffic`` agents no target can be met: the answered
    # share is at most agents / traffic. Gallop from the traffic in steps of about
    # sqrt(traffic) / 4 (the answer lies within a few sqrt(traffic) of it), then
    # bisect; never probe below that bound, nor below the counts whose series fits
    # (if the answer lies there, evaluating it and the count below is refused).
    never = max(0, math.ceil(target.service_level * workload.traffic) - 1)
    lowest = max(never + 1, _erlang.lowest_evaluable(workload.traffic, workload._handle_s / p_s))
    step = max(1, math.isqrt(math.ceil(workload.traffic)) // 4)
    hi = max(1, math.ceil(workload.traffic))
    if _a_meets(at(hi), target):
        while True:
            lo = hi - step
            if lo < lowest:
                lo = lowest - 1  # known to fail (never), or left for the bisection to refuse
                break
            if not _a_meets(at(lo), target):
                break
            hi, step = lo, step * 2
    else:
        lo = hi
        while True:
            hi = min(lo + step, MAX_AGENTS)
            if _a_meets(at(hi), target):
                break
            if hi == MAX_AGENTS:  # pragma: no cover - B(n) is zero long before
                raise StaffingLimitError(
                    f"target: not met with {MAX_AGENTS:,} agents",
                    field="target",
                    value=target,
                    limit=MAX_AGENTS,
                )
            lo, step = hi, step * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _a_meets(at(mid), target):
            hi = mid
        else:
            lo = mid
    while hi > 1 and hi - 1 <= never and _a_meets(at(hi - 1), target):  # pragma: no cover
        hi -= 1  # only if rounding lifted a figure past its bound
    hi_r = at(hi)
    n = hi
    prev = at(n - 1) if n > 1 else None
    fractional, binding = float(n - 1), "service_level"
    candidates: list[tuple[float, str]] = []
    sl_prev = 0.0 if prev is None else prev.service_level
    if sl_prev < target.service_level:
        candidates.append(
            (
                _interpolate(n - 1, sl_prev, n, hi_r.service_level, target.service_level),
                "service_level",
            )
        )
    asa_t = target.max_average_speed_of_answer
    if asa_t is not None and (prev is None or prev.average_speed_of_answer > asa_t):
        s_lo = 0.0 if prev is None else 1.0 / prev.average_speed_of_answer.total_seconds()
        s_hi = 1.0 / max(hi_r.average_speed_of_answer.total_seconds(), 1e-300)
        f = _interpolate(n - 1, s_lo, n, s_hi, 1.0 / asa_t.total_seconds())
        candidates.append((f, "average_speed_of_answer"))
    if target.max_occupancy is not None and (prev is None or prev.occupancy > target.max_occupancy):
        o_lo = 0.0 if prev is None else 1.0 / prev.occupancy
        f = _interpolate(n - 1, o_lo, n, 1.0 / hi_r.occupancy, 1.0 / target.max_occupancy)
        candidates.append((f, "occupancy"))
    if candidates:
        fractional, binding = max(candidates)
    return _schedule(workload, target, n, fractional, binding, hi_r)
