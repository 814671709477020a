"""Follow-up policies from plain data: every problem reported at once, with its path.

Theory of operation
-------------------
`parse_policy` is `FollowupPolicy.from_dict`. Each section has a
parser that appends a `Problem` for every bad value
and returns what it could build (or the section's rule-ID'd default), so one call
reports every problem of every section; the policy is built only when there are
none. Dates share the calendar's parser, so TOML dates and ISO strings both work.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import enum
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from complaintflow._errors import DurationError, Problem, ValidationError
from complaintflow.calendars import BusinessCalendar, Duration, DurationKind
from complaintflow.calendars._internal import parse_date
from complaintflow.followup._defaults import (
    CAMPAIGNS,
    CAPS,
    FALLBACK_AFTER,
    HORIZON_DAYS,
    MARKETING_HOURS,
    SERVICE_HOURS,
    WINDOW,
)
from complaintflow.followup._definition import (
    _NO_WINDOW,
    PURPOSE_RULE,
    Campaign,
    CapScope,
    Channel,
    ChannelFallback,
    ContactHours,
    ContactWindow,
    DayRule,
    FrequencyCap,
    Purpose,
)

if TYPE_CHECKING:
    from complaintflow.followup._policy import FollowupPolicy

__all__ = ["parse_policy"]


def parse_policy(cls: type[FollowupPolicy], data: Mapping[str, object]) -> FollowupPolicy:
    """``cls`` built from plain data (see `FollowupPolicy.from_dict`).

    Raises:
        ValidationError: Listing every problem with its path and a hint.
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise ValidationError([Problem("", f"{data!r} is not a mapping")], what="policy")
    _unknown_keys(data, ("hours", "window", "caps", "fallback", "campaigns", "horizon_days"),
                  "", problems)  # fmt: skip
    hours = _parse_hours(data.get("hours", {}), problems)
    window = _parse_window(data.get("window", {}), problems)
    caps = _parse_caps(data.get("caps", CAPS.data()), problems)
    fallback = _parse_fallback(data.get("fallback", {}), problems)
    campaigns = _parse_campaigns(data.get("campaigns", CAMPAIGNS.data()), problems)
    horizon = data.get("horizon_days", HORIZON_DAYS.data())
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        problems.append(Problem("horizon_days", f"{horizon!r} is not a positive integer"))
        horizon = 1
    if problems:
        raise ValidationError(problems, what="follow-up policy")
    return cls(hours, window, caps, fallback, campaigns, horizon)


def _unknown_keys(
    data: Mapping[Any, object], known: Sequence[str], path: str, problems: list[Problem]
) -> None:
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            problems.append(Problem(f"{path}{key}", "unknown key", hint))


def _mapping(value: object, path: str, problems: list[Problem]) -> Mapping[str, object] | None:
    if isinstance(value, Mapping):
        return value
    problems.append(Problem(path, f"{value!r} is not a mapping"))
    return None


def _calendar(data: object, path: str, problems: list[Problem]) -> BusinessCalendar | None:
    section = _mapping(data, path, problems)
    if section is None:
        return None
    if "timezone" in section:
        problems.append(
            Problem(
                f"{path}.timezone",
                "contact hours are in the customer's zone",
                "remove 'timezone'; give Customer(timezone=...) instead",
            )
        )
        return None
    try:
        calendar = BusinessCalendar.from_dict({**section, "timezone": "UTC"})
    except ValidationError as e:
        problems.extend(
            Problem(f"{path}.{p.path}" if p.path else path, p.message, p.hint) for p in e.problems
        )
        return None
    if (
        not any(calendar.weekly)
        and not any(h for _, h in calendar.special)
        and not (calendar.workdays and calendar.workday_hours)
    ):
        problems.append(
            Problem(
                path,
                "these contact hours are never open",
                "give at least one window, e.g. {'daily': ['08:00-12:00', '14:00-21:00']}",
            )
        )
        return None
    return calendar


def _parse_hours(value: object, problems: list[Problem]) -> tuple[ContactHours, ...]:
    section = _mapping(value, "hours", problems) or {}
    _unknown_keys(section, [p.value for p in Purpose], "hours.", problems)
    defaults: dict[Purpose, Mapping[str, object]] = {
        Purpose.SERVICE: SERVICE_HOURS.data(),  # type: ignore[dict-item]
        Purpose.MARKETING: MARKETING_HOURS.data(),  # type: ignore[dict-item]
    }
    out: list[ContactHours] = []
    for purpose in Purpose:
        data = section.get(purpose.value, defaults.get(purpose))
        if data is None:
            continue
        calendar = _calendar(data, f"hours.{purpose.value}", problems)
        if calendar is not None:
            out.append(ContactHours(purpose, calendar, PURPOSE_RULE[purpose]))
    return tuple(out)


def _duration(value: object, path: str, problems: list[Problem]) -> Duration | None:
    try:
        return Duration.parse(value, path)
    except DurationError as e:
        problems.append(Problem(path, e.message.split(": ", 1)[-1]))
        return None


def _parse_window(value: object, problems: list[Problem]) -> ContactWindow:
    section = _mapping(value, "window", problems) or {}
    _unknown_keys(section, ("within", "calendar"), "window.", problems)
    within = _duration(section.get("within", WINDOW.data()), "window.within", problems)
    if within is not None and within.kind in _NO_WINDOW:
        problems.append(
            Problem(
                "window.within",
                f"{within} is an SLA deadline, not a window length",
                "give business time, business days or calendar time, e.g. '3 calendar days'",
            )
        )
        within = None
    calendar = None
    if section.get("calendar") is not None:
        raw = _mapping(section["calendar"], "window.calendar", problems)
        if raw is not None:
            try:
                calendar = BusinessCalendar.from_dict(raw)
            except ValidationError as e:
                problems.extend(
                    Problem(f"window.calendar.{p.path}", p.message, p.hint) for p in e.problems
                )
    return ContactWindow(within or Duration.parse(WINDOW.data()), calendar)


def _int(value: object, path: str, problems: list[Problem], minimum: int, hint: str) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(path, f"{value!r} is not a whole number", hint))
        return None
    if value < minimum:
        problems.append(Problem(path, f"{value} {hint}"))
        return None
    return value


def _enum(kind: type[enum.Enum], value: object, path: str, problems: list[Problem]) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        problems.append(Problem(path, f"{value!r} is not allowed", f"use one of {allowed}"))
        return None


CAP_KEYS = ("max_attempts", "per_days", "day", "min_gap", "scope", "channels")


def _parse_caps(value: object, problems: list[Problem]) -> tuple[FrequencyCap, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        problems.append(Problem("caps", f"{value!r} is not a list of caps"))
        return ()
    out: list[FrequencyCap] = []
    for i, raw in enumerate(value):
        path = f"caps[{i}]"
        item = _mapping(raw, path, problems)
        if item is None:
            continue
        before = len(problems)
        _unknown_keys(item, CAP_KEYS, f"{path}.", problems)
        n: int | None = None
        if item.get("max_attempts") is not None:
            n = _int(item["max_attempts"], f"{path}.max_attempts", problems, 1,
                     "would forbid every contact; give at least 1 (use an opt-out to stop "
                     "contacts)")  # fmt: skip
        per = _int(item.get("per_days", 1), f"{path}.per_days", problems, 1, "must be at least 1")
        day = _enum(DayRule, item.get("day", "rolling"), f"{path}.day", problems)
        scope = _enum(CapScope, item.get("scope", "customer"), f"{path}.scope", problems)
        gap = None
        if item.get("min_gap") is not None:
            gap = _duration(item["min_gap"], f"{path}.min_gap", problems)
            if gap is not None and (gap.kind is not DurationKind.CALENDAR or gap.days):
                problems.append(
                    Problem(
                        f"{path}.min_gap",
                        f"{str(gap)!r} is not exact calendar time",
                        "use hours or minutes, e.g. '2 calendar hours'",
                    )
                )
        if item.get("max_attempts") is None and item.get("min_gap") is None:
            problems.append(Problem(path, "caps nothing", "give max_attempts, min_gap or both"))
        raw_channels = item.get("channels", [c.value for c in Channel])
        channels: set[Channel] = set()
        if isinstance(raw_channels, (str, bytes)) or not isinstance(raw_channels, Sequence):
            problems.append(Problem(f"{path}.channels", f"{raw_channels!r} is not a list"))
        else:
            for j, c in enumerate(raw_channels):
                ch = _enum(Channel, c, f"{path}.channels[{j}]", problems)
                if ch is not None:
                    channels.add(ch)
        if len(problems) == before:
            assert per is not None
            assert day is not None
            assert scope is not None
            out.append(FrequencyCap(n, per, day, gap, scope, frozenset(channels)))
    return tuple(out)


def _parse_fallback(value: object, problems: list[Problem]) -> ChannelFallback:
    section = _mapping(value, "fallback", problems) or {}
    _unknown_keys(section, ("sms_after_failed_calls",), "fallback.", problems)
    raw = section.get("sms_after_failed_calls", FALLBACK_AFTER.data())
    n = _int(raw, "fallback.sms_after_failed_calls", problems, 1, "must be at least 1")
    return ChannelFallback() if n is None else ChannelFallback(n)


def _parse_campaigns(value: object, problems: list[Problem]) -> tuple[Campaign, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        problems.append(Problem("campaigns", f"{value!r} is not a list of campaigns"))
        return ()
    out: list[Campaign] = []
    for i, raw in enumerate(value):
        path = f"campaigns[{i}]"
        item = _mapping(raw, path, problems)
        if item is None:
            continue
        before = len(problems)
        _unknown_keys(item, ("name", "dates", "ranges"), f"{path}.", problems)
        name = item.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem(f"{path}.name", f"{name!r} is not a name"))
        yearly: set[tuple[int, int]] = set()
        dates: set[_dt.date] = set()
        for j, text in enumerate(_list(item.get("dates", []), f"{path}.dates", problems)):
            where = f"{path}.dates[{j}]"
            if isinstance(text, str) and len(text) == 5 and text[2] == "-":
                try:
                    _dt.date(2000, int(text[:2]), int(text[3:]))  # a leap year admits 02-29
                    yearly.add((int(text[:2]), int(text[3:])))
                    continue
                except ValueError:
                    pass
                problems.append(Problem(where, f"{text!r} is not a date", "give 'MM-DD'"))
                continue
            day = parse_date(text, where, problems)
            if day is not None:
                dates.add(day)
        ranges: list[tuple[_dt.date, _dt.date]] = []
        for j, pair in enumerate(_list(item.get("ranges", []), f"{path}.ranges", problems)):
            where = f"{path}.ranges[{j}]"
            if isinstance(pair, (str, bytes)) or not isinstance(pair, Sequence) or len(pair) != 2:
                problems.append(Problem(where, f"{pair!r} is not a [first, last] pair"))
                continue
            first, last = parse_date(pair[0], where, problems), parse_date(pair[1], where, problems)
            if first and last:
                if last < first:
                    problems.append(Problem(where, f"{last} is before {first}"))
                else:
                    ranges.append((first, last))
        if not (yearly or dates or ranges) and len(problems) == before:
            problems.append(Problem(path, "has no days", "give dates or ranges"))
        if len(problems) == before:
            assert isinstance(name, str)
            out.append(Campaign(name, frozenset(yearly), frozenset(dates), tuple(sorted(ranges))))
    return tuple(out)


def _list(value: object, path: str, problems: list[Problem]) -> Sequence[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        problems.append(Problem(path, f"{value!r} is not a list"))
        return ()
    return value
