"""What the FLOW-9 statistics read from a ticket: dimensions, events, satisfaction.

Theory of operation
-------------------
`StatisticsSettings` is plain data made into a frozen value, like a policy
section: the *dimensions* a ticket is segmented by (each read from a record field,
from an event's payload, or from the month the ticket was opened), the events that
resolve and reopen a ticket or hand it off, how satisfaction is read from the
return-visit record (FU-3), the percentiles of the cycle time, and the limit on
segments that bounds an aggregate's memory. `StatisticsSettings.from_dict`
reports every problem at once with its path; missing keys take the defaults of
`complaintflow.policy._defaults` (``statistics.*``), written nowhere else.

A `StatisticsDimension` is one of three *sources*:

- ``{"field": "category"}``: a top-level field of the ticket record (a string, or
  absent);
- ``{"events": [...], "payload": "department", "pick": "last"}``: the payload field
  of the first or last accepted event of those names that carries it;
- ``{"opened": "month"}``: the local ``year``, ``month``, ``week`` (ISO) or ``day``
  of the ticket's earliest event, in the settings' ``timezone``.

A ticket without the value counts under ``None``; a value that is not a string
fails the ticket (it is counted, never dropped).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from complaintflow._check import is_choice, is_instance, is_int, is_text
from complaintflow._default import TIMEZONE
from complaintflow._errors import Problem, ValidationError, items_of, problem_text
from complaintflow._json import JSON
from complaintflow._time import get_timezone
from complaintflow.policy._defaults import (
    STATS_DIMENSIONS,
    STATS_HANDOFF_EVENTS,
    STATS_MAX_SEGMENTS,
    STATS_PERCENTILES,
    STATS_REOPEN_EVENTS,
    STATS_RESOLVED_EVENTS,
    STATS_SATISFACTION,
)

__all__ = ["Satisfaction", "StatisticsDimension", "StatisticsSettings"]

#: The calendar units a dimension can take from the ticket's opening.
OPENED_UNITS = ("year", "month", "week", "day")
#: The keys of a statistics settings document.
SETTINGS_KEYS = (
    "dimensions",
    "handoff_events",
    "max_segments",
    "percentiles",
    "reopen_events",
    "resolved_events",
    "satisfaction",
    "timezone",
)
_SATISFACTION_KEYS = ("events", "levels", "payload", "satisfied", "unrated")
#: The most dimensions, levels, events or percentiles one setting lists.
MAX_NAMES = 64
#: The widest ``max_segments`` accepted (the aggregate's memory grows with it).
MAX_SEGMENTS_LIMIT = 10_000_000


# -- checks of values built directly (from_dict reports the same problems at once) ------


def _name_items(value: object, field: str) -> tuple[str, ...]:
    out = items_of(value, field, str, "names")
    problems = [
        Problem(f"{field}[{i}]", f"{problem_text(n)} is not a non-empty string")
        for i, n in enumerate(out)
        if not n
    ]
    if len(out) > MAX_NAMES:
        problems.append(Problem(field, f"{len(out)} names", f"use at most {MAX_NAMES}"))
    if problems:
        raise ValidationError(problems, what="statistics settings")
    return out


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationError(problems, what="statistics settings")


# One converter per field: the attrs plugin of mypy needs the types spelt out.
def _events(value: Iterable[str]) -> tuple[str, ...]:
    return _name_items(value, "events")


def _levels(value: Iterable[str]) -> tuple[str, ...]:
    return _name_items(value, "levels")


def _satisfied(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_name_items(value, "satisfied"))


def _unrated(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_name_items(value, "unrated"))


def _resolved_events(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_name_items(value, "resolved_events"))


def _reopen_events(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_name_items(value, "reopen_events"))


def _handoff_events(value: Iterable[str]) -> frozenset[str]:
    return frozenset(_name_items(value, "handoff_events"))


def _percentile_items(value: Iterable[int]) -> tuple[int, ...]:
    out = items_of(value, "percentiles", int, "whole percentiles")
    problems: list[Problem] = []
    _percentiles(list(out), problems)
    _refuse(problems)
    return out


def _timezone(inst: object, attribute: object, value: Any) -> None:
    get_timezone(value, "timezone")


@attrs.frozen
class StatisticsDimension:
    """One segment dimension of the statistics and where its value is read.

    Attributes:
        name: The column name in the records, e.g. ``"department"``.
        field: A top-level record field to read, or ``None``.
        events: Event names whose payload holds the value (with ``payload``).
        payload: The payload key to read from those events, or ``None``.
        pick: ``"first"`` or ``"last"`` of those events that carry the key.
        opened: ``"year"``, ``"month"``, ``"week"`` or ``"day"`` of the ticket's
            earliest event, or ``None``.

    Examples:
        >>> d = StatisticsDimension("department", events=("accept",), payload="department")
        >>> d.to_data()
        {'events': ['accept'], 'payload': 'department', 'pick': 'first'}
    """

    name: str = attrs.field(validator=is_text())
    field: str | None = attrs.field(default=None, validator=is_text(optional=True))
    events: tuple[str, ...] = attrs.field(default=(), converter=_events)
    payload: str | None = attrs.field(default=None, validator=is_text(optional=True))
    pick: str = attrs.field(default="first", validator=is_choice(("first", "last")))
    opened: str | None = attrs.field(default=None, validator=is_choice(OPENED_UNITS, optional=True))

    def __attrs_post_init__(self) -> None:
        sources = [k for k in ("field", "events", "opened") if getattr(self, k)]
        problems = []
        if len(sources) != 1:
            problems.append(
                Problem(" + ".join(sources) or "field",
                        f"{self.name!r} has {'no' if not sources else 'more than one'} source",
                        "give exactly one of field, events (with payload) or opened")
            )  # fmt: skip
        if (self.payload is None) == bool(self.events):
            problems.append(
                Problem(f"{self.name}.payload", "goes with events", "give both or neither")
            )
        _refuse(problems)

    def to_data(self) -> dict[str, JSON]:
        """The dimension as plain data (the form `StatisticsSettings.from_dict` reads)."""
        if self.field is not None:
            return {"field": self.field}
        if self.opened is not None:
            return {"opened": self.opened}
        events: list[JSON] = list(self.events)
        return {"events": events, "payload": self.payload, "pick": self.pick}


@attrs.frozen
class Satisfaction:
    """How satisfaction is read from return-visit records (FU-3).

    Attributes:
        events: The events that record a return visit.
        payload: The payload key holding the customer's answer.
        levels: The answers counted, each in its own column, in this order.
        satisfied: The levels the satisfaction rate counts as satisfied.
        unrated: The levels that mean no rating was given (left out of the rate).
    """

    events: tuple[str, ...] = attrs.field(converter=_events)
    payload: str = attrs.field(validator=is_text())
    levels: tuple[str, ...] = attrs.field(converter=_levels)
    satisfied: frozenset[str] = attrs.field(converter=_satisfied)
    unrated: frozenset[str] = attrs.field(converter=_unrated)

    def __attrs_post_init__(self) -> None:
        problems = []
        if len(set(self.levels)) < len(self.levels):
            problems.append(Problem("levels", f"{list(self.levels)!r} repeats a level"))
        for key in ("satisfied", "unrated"):
            unknown = sorted(getattr(self, key) - set(self.levels))
            if unknown:
                problems.append(
                    Problem(key, f"{unknown!r} are not levels", f"use some of {list(self.levels)}")
                )
        if self.satisfied & self.unrated:
            problems.append(Problem("unrated", "shares a level with satisfied"))
        _refuse(problems)


def _dimension_items(value: Iterable[StatisticsDimension]) -> tuple[StatisticsDimension, ...]:
    out = items_of(value, "dimensions", StatisticsDimension, "StatisticsDimension values")
    names = [d.name for d in out]
    problems = [
        Problem(f"dimensions[{i}]", f"{n!r} repeats a dimension's name")
        for i, n in enumerate(names)
        if n in names[:i]
    ]
    if len(out) > MAX_NAMES:
        problems.append(Problem("dimensions", f"{len(out)} dimensions", f"use at most {MAX_NAMES}"))
    _refuse(problems)
    return out


def _max_segments(inst: object, attribute: object, value: Any) -> None:
    is_int(minimum=1)(inst, attribute, value)
    assert isinstance(value, int)
    if value > MAX_SEGMENTS_LIMIT:
        _refuse([Problem("max_segments", f"{value!r} is more than {MAX_SEGMENTS_LIMIT:,}")])


def _default_satisfaction() -> Satisfaction:
    s = _satisfaction(STATS_SATISFACTION.data(), "satisfaction", [])
    assert s is not None
    return s


def _default_dimensions() -> tuple[StatisticsDimension, ...]:
    return _dimensions(STATS_DIMENSIONS.data(), "dimensions", [])


@attrs.frozen
class StatisticsSettings:
    """What the FLOW-9 statistics read from each ticket (see the module docstring).

    Attributes:
        dimensions: The segment dimensions, in column order.
        resolved_events: Events that resolve a ticket (the cycle time ends at the
            first; a reopen makes the next one count again).
        reopen_events: Events that reopen a resolved ticket.
        handoff_events: Events that mean the first contact did not resolve it.
        satisfaction: How satisfaction is read from the return-visit record.
        percentiles: Percentiles of the cycle times in the records (0 < p <= 100).
        timezone: The zone that ``opened`` dimensions read the date in.
        max_segments: The most segments one aggregate may hold.

    Examples:
        >>> s = StatisticsSettings.from_dict({"dimensions": {"type": {"field": "category"}}})
        >>> [d.name for d in s.dimensions], s.percentiles
        (['type'], (50, 90))
        >>> StatisticsSettings.from_dict({"dimensions": {"x": {"opened": "hour"}}, "max": 1})
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 2 problems in statistics settings:
          - max: unknown key; use one of dimensions, handoff_events, max_segments, percentiles, reopen_events, resolved_events, satisfaction, timezone
          - dimensions.x.opened: 'hour' is not a unit; use one of year, month, week, day
    """  # noqa: E501

    dimensions: tuple[StatisticsDimension, ...] = attrs.field(
        factory=_default_dimensions, converter=_dimension_items
    )
    resolved_events: frozenset[str] = attrs.field(
        default=frozenset(cast("tuple[str, ...]", STATS_RESOLVED_EVENTS.value)),
        converter=_resolved_events,
    )
    reopen_events: frozenset[str] = attrs.field(
        default=frozenset(cast("tuple[str, ...]", STATS_REOPEN_EVENTS.value)),
        converter=_reopen_events,
    )
    handoff_events: frozenset[str] = attrs.field(
        default=frozenset(cast("tuple[str, ...]", STATS_HANDOFF_EVENTS.value)),
        converter=_handoff_events,
    )
    satisfaction: Satisfaction = attrs.field(
        factory=_default_satisfaction, validator=is_instance(Satisfaction, "a Satisfaction")
    )
    percentiles: tuple[int, ...] = attrs.field(
        default=cast("tuple[int, ...]", STATS_PERCENTILES.value), converter=_percentile_items
    )
    timezone: str = attrs.field(default=str(TIMEZONE.value), validator=_timezone)
    max_segments: int = attrs.field(
        default=cast(int, STATS_MAX_SEGMENTS.value), validator=_max_segments
    )

    @property
    def names(self) -> tuple[str, ...]:
        """The dimensions' names, in column order."""
        return tuple(d.name for d in self.dimensions)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> StatisticsSettings:
        """Settings from plain data; absent keys take the defaults.

        Raises:
            ValidationError: Every problem at once, each with its path.
        """
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise ValidationError(
                [Problem("", f"{data!r} is not a table", "pass a dict")],
                what="statistics settings",
            )
        for key in data:
            if key not in SETTINGS_KEYS:
                problems.append(
                    Problem(str(key), "unknown key", f"use one of {', '.join(SETTINGS_KEYS)}")
                )
        fields: dict[str, Any] = {}
        if "dimensions" in data:
            fields["dimensions"] = _dimensions(data["dimensions"], "dimensions", problems)
        for key in ("resolved_events", "reopen_events", "handoff_events"):
            if key in data:
                names = _names(data[key], key, problems)
                if names is not None:
                    fields[key] = frozenset(names)
        if "satisfaction" in data:
            s = _satisfaction(data["satisfaction"], "satisfaction", problems)
            if s is not None:
                fields["satisfaction"] = s
        if "percentiles" in data:
            p = _percentiles(data["percentiles"], problems)
            if p is not None:
                fields["percentiles"] = p
        if "timezone" in data:
            tz = data["timezone"]
            try:
                get_timezone(tz, "timezone")
                fields["timezone"] = tz
            except ValueError as e:
                problems.append(Problem("timezone", str(e).split(": ", 1)[-1]))
        if "max_segments" in data:
            m = data["max_segments"]
            if type(m) is not int or not 1 <= m <= MAX_SEGMENTS_LIMIT:
                problems.append(
                    Problem(
                        "max_segments",
                        f"{m!r} is not a whole number from 1 to {MAX_SEGMENTS_LIMIT:,}",
                    )
                )
            else:
                fields["max_segments"] = m
        if problems:
            raise ValidationError(problems, what="statistics settings")
        return cls(**fields)

    def to_dict(self) -> dict[str, JSON]:
        """The settings as plain data; ``from_dict(s.to_dict()) == s``.

        Examples:
            >>> s = StatisticsSettings()
            >>> StatisticsSettings.from_dict(s.to_dict()) == s
            True
        """
        sat = self.satisfaction

        def names(values: Iterable[str]) -> list[JSON]:
            return list(values)

        return {
            "dimensions": {d.name: d.to_data() for d in self.dimensions},
            "resolved_events": names(sorted(self.resolved_events)),
            "reopen_events": names(sorted(self.reopen_events)),
            "handoff_events": names(sorted(self.handoff_events)),
            "satisfaction": {
                "events": names(sat.events),
                "payload": sat.payload,
                "levels": names(sat.levels),
                "satisfied": names(sorted(sat.satisfied)),
                "unrated": names(sorted(sat.unrated)),
            },
            "percentiles": list[JSON](self.percentiles),
            "timezone": self.timezone,
            "max_segments": self.max_segments,
        }


def opened_label(local: _dt.datetime, unit: str) -> str:
    """The label of an ``opened`` dimension for a local datetime.

    Examples:
        >>> d = _dt.datetime(2026, 3, 2)
        >>> [opened_label(d, u) for u in OPENED_UNITS]
        ['2026', '2026-03', '2026-W10', '2026-03-02']
    """
    if unit == "month":
        return f"{local.year:04d}-{local.month:02d}"
    if unit == "day":
        return local.date().isoformat()
    if unit == "year":
        return f"{local.year:04d}"
    year, week, _ = local.isocalendar()
    return f"{year:04d}-W{week:02d}"


# -- parsing ----------------------------------------------------------------------------


def _name(value: object, path: str, problems: list[Problem]) -> str | None:
    if not isinstance(value, str) or not value:
        problems.append(Problem(path, f"{value!r} is not a non-empty string"))
        return None
    return value


def _names(value: object, path: str, problems: list[Problem]) -> tuple[str, ...] | None:
    if not isinstance(value, list | tuple):
        problems.append(Problem(path, f"{value!r} is not a list of names"))
        return None
    if len(value) > MAX_NAMES:
        problems.append(Problem(path, f"{len(value)} names", f"use at most {MAX_NAMES}"))
        return None
    out = [_name(v, f"{path}[{i}]", problems) for i, v in enumerate(value)]
    if any(n is None for n in out):
        return None
    return tuple(n for n in out if n is not None)


def _dimensions(
    value: object, path: str, problems: list[Problem]
) -> tuple[StatisticsDimension, ...]:
    if not isinstance(value, Mapping):
        problems.append(Problem(path, f"{value!r} is not a table of dimensions"))
        return ()
    if len(value) > MAX_NAMES:
        problems.append(Problem(path, f"{len(value)} dimensions", f"use at most {MAX_NAMES}"))
        return ()
    out = []
    for name, source in value.items():
        here = f"{path}.{name}"
        if _name(name, here, problems) is None:
            continue
        d = _dimension(str(name), source, here, problems)
        if d is not None:
            out.append(d)
    return tuple(out)


def _dimension(
    name: str, source: object, path: str, problems: list[Problem]
) -> StatisticsDimension | None:
    if not isinstance(source, Mapping):
        problems.append(
            Problem(
                path, f"{source!r} is not a table", "use {field}, {events, payload} or {opened}"
            )
        )
        return None
    kinds = [k for k in ("field", "events", "opened") if k in source]
    allowed = {"field": {"field"}, "events": {"events", "payload", "pick"}, "opened": {"opened"}}
    if len(kinds) != 1:
        problems.append(
            Problem(path, f"{dict(source)!r} has {'no' if not kinds else 'more than one'} source",
                    "give exactly one of field, events (with payload) or opened")
        )  # fmt: skip
        return None
    kind = kinds[0]
    for key in source:
        if key not in allowed[kind]:
            problems.append(
                Problem(f"{path}.{key}", "unknown key", f"use {', '.join(sorted(allowed[kind]))}")
            )
    if kind == "field":
        field = _name(source["field"], f"{path}.field", problems)
        return None if field is None else StatisticsDimension(name, field=field)
    if kind == "opened":
        unit = source["opened"]
        if unit not in OPENED_UNITS:
            problems.append(
                Problem(f"{path}.opened", f"{unit!r} is not a unit",
                        f"use one of {', '.join(OPENED_UNITS)}")
            )  # fmt: skip
            return None
        return StatisticsDimension(name, opened=str(unit))
    events = _names(source["events"], f"{path}.events", problems)
    if events is not None and not events:
        problems.append(Problem(f"{path}.events", "is empty", "name at least one event"))
        events = None
    if "payload" not in source:
        problems.append(Problem(f"{path}.payload", "missing", "name the payload key to read"))
        payload = None
    else:
        payload = _name(source["payload"], f"{path}.payload", problems)
    pick = source.get("pick", "first")
    if pick not in ("first", "last"):
        problems.append(Problem(f"{path}.pick", f"{pick!r} is not first or last"))
        return None
    if events is None or payload is None:
        return None
    return StatisticsDimension(name, events=events, payload=payload, pick=str(pick))


def _satisfaction(value: object, path: str, problems: list[Problem]) -> Satisfaction | None:
    if not isinstance(value, Mapping):
        problems.append(Problem(path, f"{value!r} is not a table"))
        return None
    for key in value:
        if key not in _SATISFACTION_KEYS:
            problems.append(
                Problem(f"{path}.{key}", "unknown key", f"use {', '.join(_SATISFACTION_KEYS)}")
            )
    base = STATS_SATISFACTION.value
    assert isinstance(base, Mapping)
    got: dict[str, Any] = {}
    start = len(problems)
    for key in ("events", "levels", "satisfied", "unrated"):
        got[key] = _names(value.get(key, base[key]), f"{path}.{key}", problems)
    got["payload"] = _name(value.get("payload", base["payload"]), f"{path}.payload", problems)
    if len(problems) > start:
        return None
    levels = got["levels"]
    if len(set(levels)) < len(levels):
        problems.append(Problem(f"{path}.levels", f"{list(levels)!r} repeats a level"))
        return None
    for key in ("satisfied", "unrated"):
        unknown = [v for v in got[key] if v not in levels]
        if unknown:
            problems.append(
                Problem(
                    f"{path}.{key}", f"{unknown!r} are not levels", f"use some of {list(levels)}"
                )
            )
    if set(got["satisfied"]) & set(got["unrated"]):
        problems.append(Problem(f"{path}.unrated", "shares a level with satisfied"))
    if len(problems) > start:
        return None
    return Satisfaction(
        events=got["events"],
        payload=got["payload"],
        levels=levels,
        satisfied=frozenset(got["satisfied"]),
        unrated=frozenset(got["unrated"]),
    )


def _percentiles(value: object, problems: list[Problem]) -> tuple[int, ...] | None:
    if not isinstance(value, list | tuple) or not value or len(value) > MAX_NAMES:
        problems.append(
            Problem("percentiles", f"{value!r} is not a list of 1 to {MAX_NAMES} percentiles")
        )
        return None
    bad = [p for p in value if type(p) is not int or not 0 < p <= 100]
    if bad:
        problems.append(Problem("percentiles", f"{bad!r} are not whole numbers from 1 to 100"))
        return None
    if len(set(value)) < len(value):
        problems.append(Problem("percentiles", f"{list(value)!r} repeats a percentile"))
        return None
    return tuple(value)


def validate_names(names: Iterable[str], settings: StatisticsSettings) -> None:
    """Check that ``names`` are dimensions of ``settings`` (for ``records(by=...)``).

    Raises:
        ValidationError: A name is not a dimension (every one named).
    """
    known = settings.names
    problems = [
        Problem(f"by[{i}]", f"{n!r} is not a dimension", f"use some of {list(known)}")
        for i, n in enumerate(names)
        if n not in known
    ]
    if problems:
        raise ValidationError(problems, what="statistics records")
