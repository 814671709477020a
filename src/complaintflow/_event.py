"""The one event type of a ticket's history, read by every part.

Theory of operation
-------------------
A host keeps one log per ticket: `Event` values, each a name, an aware
instant and a JSON payload. The same log drives the workflow step
(`complaintflow.workflows.transition`), the SLA clocks
(`complaintflow.sla.evaluate`, which reads the event names as clock roles and
the payload fields its conditions name as ticket attributes) and replay. The
default SLA targets are written in the shipped workflows' event names, so no
conversion stands between the log and the clocks.

An event is deeply immutable: its payload is copied when it is built and handed
out as a read-only view; its instant is also kept as integer epoch microseconds,
computed once, for the hot paths.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

import attrs

from complaintflow._errors import Problem, ValidationError, WrongTypeError, problem_text
from complaintflow._json import JSON, copy_json, freeze, is_json
from complaintflow._time import fromiso, to_us

__all__ = ["Event", "parse_iso_instant"]

_set = object.__setattr__


def _unfrozen(value: object) -> object:
    """What `Event.payload` froze, as plain data again (tuples as lists, views
    as dicts; keys kept as they are, for the check): an event rebuilt from another
    one's payload (``attrs.evolve``) is the same event."""
    if isinstance(value, tuple):
        return [_unfrozen(v) for v in value]
    if isinstance(value, MappingProxyType):
        return {k: _unfrozen(v) for k, v in value.items()}
    return value


def _json_payload(value: object) -> dict[str, JSON]:
    if isinstance(value, MappingProxyType):
        value = _unfrozen(value)
    if not isinstance(value, Mapping):
        raise WrongTypeError(
            f"payload: expected a mapping of field to JSON value, got {problem_text(value)}",
            field="payload",
            value=value,
        )
    bad = [
        Problem(f"payload.{problem_text(k)}", "a field name must be a string")
        if not isinstance(k, str)
        else Problem(
            f"payload.{k}",
            f"{problem_text(v)} is not JSON-compatible",
            "use str, int, float, bool, None, and lists and str-keyed dicts of them",
        )
        for k, v in value.items()
        if not isinstance(k, str) or not is_json(v)
    ]
    if bad:
        raise ValidationError(bad, what="payload")
    return copy_json(dict(value))


def _check_name(value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(
            f"name: expected a non-empty event name, got {problem_text(value)}",
            field="name",
            value=value,
        )


def parse_iso_instant(value: object, field: str, problems: list[Problem]) -> _dt.datetime | None:
    """An ISO 8601 time with its offset, or ``None`` with a problem recorded."""
    if isinstance(value, str):
        try:
            parsed = fromiso(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            return parsed
    problems.append(Problem(field, f"{problem_text(value)} is not an ISO 8601 time with offset"))
    return None


@attrs.frozen(eq=False)
class Event:
    """Something that happened to a ticket, at a time the host gives.

    One type for the whole history: the workflow step reads its name and payload,
    the SLA clocks its name (the clock role) and the payload fields their
    conditions name (``priority``, ``tier``, ...) as ticket attributes.

    Attributes:
        name: The event name, as declared by the workflow (e.g. ``"register"``).
        at: When it happened: a timezone-aware datetime.
        payload: Field values it carries (JSON-compatible); a read-only view of a
            deep copy.

    Examples:
        >>> import pendulum
        >>> e = Event("register", pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai"),
        ...           {"complainant": "王女士"})
        >>> Event.from_dict(e.to_dict()) == e
        True
    """

    name: str = attrs.field(validator=lambda _, __, value: _check_name(value))
    at: _dt.datetime
    _payload: dict[str, JSON] = attrs.field(factory=dict, converter=_json_payload, alias="payload")
    _at_us: int = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _set(self, "_at_us", to_us(self.at, "event.at"))

    @property
    def payload(self) -> Mapping[str, JSON]:
        """The payload, deeply read-only: a view whose lists are tuples and whose
        nested mappings are views too (`to_dict` gives plain, mutable data)."""
        for value in self._payload.values():
            if isinstance(value, list | dict):
                return cast("Mapping[str, JSON]", freeze(self._payload))
        return MappingProxyType(self._payload)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (self.name, self._at_us, self._payload) == (other.name, other._at_us, other._payload)

    def __hash__(self) -> int:
        return hash((self.name, self._at_us))

    def to_dict(self) -> dict[str, JSON]:
        """A JSON-compatible dict (``at`` as ISO 8601 with its UTC offset)."""
        return {"name": self.name, "at": self.at.isoformat(), "payload": copy_json(self._payload)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Event:
        """Rebuild an event from `to_dict` output.

        Raises:
            ValidationError: Listing every problem.

        Examples:
            >>> Event.from_dict({"name": "close", "at": "2026-03-02T09:00:00+08:00"}).name
            'close'
        """
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise ValidationError([Problem("", f"{problem_text(data)} is not a mapping")])
        for extra in sorted(str(k) for k in set(data) - {"name", "at", "payload"}):
            problems.append(Problem(extra, f"unknown key {extra!r}"))
        name = data.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem("name", f"{problem_text(name)} is not an event name"))
        at = parse_iso_instant(data.get("at"), "at", problems)
        payload = data.get("payload", {})
        if not isinstance(payload, dict) or not is_json(payload):
            problems.append(Problem("payload", f"{problem_text(payload)} is not a JSON object"))
        if problems:
            raise ValidationError(problems, what="event")
        assert isinstance(name, str)
        assert at is not None
        assert isinstance(payload, dict)
        return cls(name, at, payload)
