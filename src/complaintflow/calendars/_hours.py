"""Opening hours as plain data: parsing and checking.

Theory of operation
-------------------
Hours are written the way a service desk writes them::

    {"mon-fri": ["09:00-12:00", "13:30-18:00"], "sat": ["22:00-06:00"]}

A day spec is a weekday (``mon`` .. ``sun``), a range (``mon-fri``, ``fri-mon``
wraps), a comma list, or ``daily``. An interval is ``HH:MM-HH:MM`` (seconds
optional); ``24:00`` ends a day; an end earlier than the start crosses midnight
(a night shift), and the part after midnight still belongs to the day it started.

Internally a day's hours are a sorted tuple of ``(start, end)`` offsets in seconds
from that day's local midnight, with ``end`` up to 48 hours for night shifts. All
problems are collected as `Problem` records so a caller
can report every one at once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from complaintflow._errors import Problem

Intervals = tuple[tuple[int, int], ...]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = 86_400
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
_HINT_INTERVAL = "write 'HH:MM-HH:MM', e.g. '09:00-12:00' or '22:00-06:00' for a night shift"


def parse_time(text: str) -> int | None:
    """Seconds after midnight for ``HH:MM[:SS]`` (``24:00`` allowed), else ``None``."""
    match = _TIME.match(text.strip())
    if not match:
        return None
    h, m, s = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if m > 59 or s > 59 or h > 24 or (h == 24 and (m or s)):
        return None
    return (h * 60 + m) * 60 + s


def format_time(seconds: int) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) for seconds after midnight, modulo a day."""
    if seconds == DAY:
        return "24:00"
    seconds %= DAY
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def format_interval(interval: tuple[int, int]) -> str:
    """The text form of one interval, e.g. ``'22:00-06:00'``."""
    start, end = interval
    end_text = "24:00" if end == DAY else format_time(end)
    return f"{format_time(start)}-{end_text}"


def parse_interval(text: object, path: str, problems: list[Problem]) -> tuple[int, int] | None:
    """One ``HH:MM-HH:MM`` interval, or ``None`` with a problem recorded."""
    if not isinstance(text, str) or text.count("-") != 1:
        problems.append(Problem(path, f"{text!r} is not an interval", _HINT_INTERVAL))
        return None
    left, right = text.split("-")
    start, end = parse_time(left), parse_time(right)
    if start is None or end is None or start == DAY:
        problems.append(Problem(path, f"{text!r} is not an interval", _HINT_INTERVAL))
        return None
    if end == start:
        problems.append(
            Problem(path, f"{text!r} is empty", "an interval must have a positive length")
        )
        return None
    if end < start:
        end += DAY  # a night shift: the part after midnight belongs to this day
    return (start, end)


def parse_intervals(value: object, path: str, problems: list[Problem]) -> Intervals | None:
    """A list of intervals for one day, sorted, checked for overlaps."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        problems.append(
            Problem(
                path,
                f"{value!r} is not a list of intervals",
                "give a list such as ['09:00-12:00', '13:30-18:00'] ([] for closed)",
            )
        )
        return None
    before = len(problems)
    parsed = [parse_interval(item, f"{path}[{i}]", problems) for i, item in enumerate(value)]
    if len(problems) > before:
        return None
    result = tuple(sorted(p for p in parsed if p is not None))
    for (s1, e1), (s2, e2) in itertools.pairwise(result):
        if s2 < e1:
            problems.append(
                Problem(
                    path,
                    f"intervals {format_interval((s1, e1))!r} and "
                    f"{format_interval((s2, e2))!r} overlap",
                    "intervals of one day must not overlap (touching is fine)",
                )
            )
    return result


def parse_day_spec(spec: object, path: str, problems: list[Problem]) -> list[int] | None:
    """Weekday numbers (Monday 0) named by ``mon-fri``, ``sat,sun``, ``daily`` ..."""
    hint = "use weekday names mon..sun, ranges like 'mon-fri', lists like 'sat,sun', or 'daily'"
    if not isinstance(spec, str) or not spec.strip():
        problems.append(Problem(path, f"{spec!r} is not a day spec", hint))
        return None
    text = spec.strip().lower()
    if text in ("daily", "mon-sun"):
        return list(range(7))
    days: list[int] = []
    for part in text.split(","):
        ends = part.strip().split("-")
        if len(ends) > 2 or any(e.strip() not in WEEKDAYS for e in ends):
            problems.append(Problem(path, f"{spec!r} is not a day spec", hint))
            return None
        first, last = WEEKDAYS.index(ends[0].strip()), WEEKDAYS.index(ends[-1].strip())
        span = (last - first) % 7
        days.extend((first + k) % 7 for k in range(span + 1))
    return days


def parse_weekly(value: object, path: str, problems: list[Problem]) -> tuple[Intervals, ...]:
    """Seven days of hours from the ``hours`` mapping; unnamed days are closed."""
    week: list[Intervals | None] = [None] * 7
    if not isinstance(value, dict):
        problems.append(
            Problem(
                path,
                f"{value!r} is not a mapping of day specs to intervals",
                "e.g. {'mon-fri': ['09:00-12:00', '13:30-18:00']}",
            )
        )
        return ((),) * 7
    for spec, intervals in value.items():
        where = f"{path}.{spec}"
        days = parse_day_spec(spec, where, problems)
        parsed = parse_intervals(intervals, where, problems)
        if days is None or parsed is None:
            continue
        for day in days:
            if week[day] is not None:
                problems.append(
                    Problem(
                        where,
                        f"{WEEKDAYS[day]} is given hours more than once",
                        "name each weekday in one day spec only",
                    )
                )
            week[day] = parsed
    result = tuple(w if w is not None else () for w in week)
    for day in range(7):
        check_spill(result[day], result[(day + 1) % 7], f"{path}", WEEKDAYS[day],
                    WEEKDAYS[(day + 1) % 7], problems)  # fmt: skip
    return result


def check_spill(
    today: Intervals,
    tomorrow: Intervals,
    path: str,
    today_name: str,
    tomorrow_name: str,
    problems: list[Problem],
) -> None:
    """A night shift that runs past midnight must not overlap the next day's hours."""
    spill_end = max((end - DAY for _, end in today if end > DAY), default=0)
    if spill_end and tomorrow and tomorrow[0][0] < spill_end:
        problems.append(
            Problem(
                path,
                f"the night shift of {today_name} runs to {format_time(spill_end)} and "
                f"overlaps {tomorrow_name}'s {format_interval(tomorrow[0])!r}",
                "shorten one of them so that they only touch",
            )
        )


def intervals_to_data(intervals: Iterable[tuple[int, int]]) -> list[str]:
    """The plain-data form of a day's hours."""
    return [format_interval(i) for i in intervals]


def weekly_to_data(week: tuple[Intervals, ...]) -> dict[str, list[str]]:
    """The plain-data form of the weekly hours, grouping equal consecutive days."""
    out: dict[str, list[str]] = {}
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and week[last + 1] == week[day]:
            last += 1
        if week[day]:
            key = WEEKDAYS[day] if last == day else f"{WEEKDAYS[day]}-{WEEKDAYS[last]}"
            out[key] = intervals_to_data(week[day])
        day = last + 1
    return out
