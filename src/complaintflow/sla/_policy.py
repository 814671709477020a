"""SLA policies: targets, overrides and precedence, and the default policy.

Theory of operation
-------------------
An `SlaPolicy` holds the targets of a ticket type, the event kinds it
knows, and `SlaOverride` records that change a target's
duration, calendar, warnings or escalations for tickets with certain attributes.
A ticket may carry its own calendar (a regional office's holidays, a customer's
time zone): the policy names the ``calendars`` a ticket may select and the ticket
attribute that selects one (``calendar_by``, per policy or per target); a
calendar passed with the ticket (`evaluate`'s ``calendar``) selects one for the
whole ticket. Precedence of calendars, weakest first: the target's own
``calendar``; the one the ticket's attribute names; the one passed with the
ticket; the calendar of a matching `SlaOverride` (an override is the exception the
policy writes for a class of tickets, so it holds whatever region they are in).
A value that names no calendar is the ticket's error (`UnknownCalendarError`)
unless the policy's ``calendar_fallback`` says to keep the target's calendar.

When several overrides of a target match, precedence decides, and it is explicit:
the policy's ``precedence`` lists the attributes from strongest to weakest; an
override's condition attributes read as a binary number along that list (the
strongest attribute is the highest bit), and the larger number wins. Two
overrides of one target that could both win are refused when the policy is built,
together with every other problem.

`default` builds the default policy from the targets of ``_defaults.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs

from complaintflow._check import is_text
from complaintflow._errors import (
    UnknownCalendarError,
    UnknownNameError,
    ValidationError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow.calendars import (
    BusinessCalendar,
    Duration,  # noqa: F401  (doctests)
)
from complaintflow.calendars._defaults import default_data as calendar_data
from complaintflow.sla._defaults import default_data
from complaintflow.sla._definition import (
    DEFAULT_PRECEDENCE,
    Condition,
    SlaOverride,
    SlaTarget,
    _kinds,
    _override_tuple,
    _policy_problems,
    _target_tuple,
    calendar_attribute,
)
from complaintflow.sla._parse import policy_from_dict

__all__ = ["SlaPolicy", "default"]


def _score(condition: Condition, precedence: Sequence[str]) -> int:
    n = len(precedence)
    return sum(1 << (n - 1 - precedence.index(key)) for key, _ in condition if key in precedence)


def _calendar_map(value: Mapping[str, BusinessCalendar]) -> Mapping[str, BusinessCalendar]:
    """A read-only view of a copy; anything else is kept for the checks to report."""
    given: object = value
    if isinstance(given, Mapping):
        return MappingProxyType(dict(given))
    return value


_NO_CALENDARS: Mapping[str, BusinessCalendar] = MappingProxyType({})


@attrs.frozen
class SlaPolicy:
    """The SLA targets of a ticket type, the event kinds, and attribute overrides.

    Precedence: ``precedence`` lists ticket attributes from strongest to weakest
    (by default priority, tier, category, channel). Of the overrides of a target
    that match a ticket, the one whose condition attributes form the largest
    binary number along that list wins: the strongest attribute decides, then
    the more specific condition. A policy whose overrides could tie is refused.

    Attributes:
        targets: The targets; names are unique.
        overrides: Attribute-dependent changes of targets.
        precedence: Attribute names, strongest first.
        kinds: Further event kinds that drive no clock but are accepted (e.g.
            ``"updated"`` to change attributes); every target kind is known anyway.
        name: A label for reports.
        calendars: The calendars a ticket may select by name (a read-only
            mapping), through ``calendar_by`` or the calendar passed with it.
        calendar_by: The ticket attribute whose value names the calendar of
            every target that does not say otherwise (`SlaTarget.calendar_by`);
            ``None``: targets keep their own calendars.
        calendar_fallback: A value of the selecting attribute that names none of
            ``calendars`` keeps the target's own calendar, instead of being the
            ticket's `UnknownCalendarError`.

    Examples:
        >>> from complaintflow import calendars
        >>> office = calendars.default("china", years=[2026])
        >>> policy = default(office=office)
        >>> [t.name for t in policy.targets]
        ['answer', 'dispatch', 'reply', 'investigation', 'return_visit', 'first_contact']
    """

    targets: tuple[SlaTarget, ...] = attrs.field(converter=_target_tuple)
    overrides: tuple[SlaOverride, ...] = attrs.field(default=(), converter=_override_tuple)
    precedence: tuple[str, ...] = attrs.field(default=DEFAULT_PRECEDENCE, converter=_kinds)
    kinds: tuple[str, ...] = attrs.field(default=(), converter=_kinds)
    name: str | None = attrs.field(default=None, validator=is_text(optional=True))
    calendars: Mapping[str, BusinessCalendar] = attrs.field(
        default=_NO_CALENDARS, converter=_calendar_map, hash=False
    )
    calendar_by: str | None = None
    calendar_fallback: bool = False
    _compiled: object = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = _policy_problems(self)
        if problems:
            raise ValidationError(problems, what="SLA policy")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # A read-only mapping does not pickle: rebuild from a copy of its items
        # (the compiled forms are not kept; they are rebuilt on first use).
        return (_rebuild, (
            self.targets, self.overrides, self.precedence, self.kinds, self.name,
            dict(self.calendars), self.calendar_by, self.calendar_fallback,
        ))  # fmt: skip

    def known_kinds(self) -> frozenset[str]:
        """Every event kind the policy accepts.

        Examples:
            >>> from complaintflow import calendars
            >>> sorted(default(office=calendars.default("24x7")).known_kinds())[:3]
            ['accept', 'await_customer', 'call_answered']
        """
        out = set(self.kinds)
        for t in self.targets:
            out.update(t.known_kinds())
        return frozenset(out)

    def target(self, name: str) -> SlaTarget:
        """The target called ``name``.

        Raises:
            UnknownNameError: No target has that name (a ``KeyError``; the message
                lists the targets).

        Examples:
            >>> from complaintflow import calendars
            >>> default(office=calendars.default("24x7")).target("reply").rule
            'SLA-3'
        """
        for t in self.targets:
            if t.name == name:
                return t
        known = [t.name for t in self.targets]
        raise UnknownNameError(
            f"name: {name!r} is not an SLA target of this policy; use one of {known}",
            field="name",
            value=name,
            known=known,
        )

    def effective(self, name: str, attributes: Mapping[str, str]) -> SlaTarget:
        """The target as it applies to a ticket with these attributes (overrides applied).

        Examples:
            >>> from complaintflow import calendars
            >>> office = calendars.default("china", years=[2026])
            >>> p = attrs.evolve(default(office=office), overrides=[
            ...     SlaOverride("reply", {"tier": "vip"}, within=Duration.parse("1 business day")),
            ...     SlaOverride("reply", {"priority": "low"}, within=Duration.parse("5 business days")),
            ... ])
            >>> str(p.effective("reply", {"tier": "vip", "priority": "low"}).within)  # priority wins
            '5 business days'

        Raises:
            UnknownNameError: ``name`` is no target of the policy.
            WrongTypeError: ``attributes`` is no mapping.
        """  # noqa: E501
        if not isinstance(attributes, Mapping):
            raise wrong_type("attributes", "a mapping of names to strings", attributes)
        base = self.target(name)
        by = calendar_attribute(base, self.calendar_by)
        if by is not None:
            value = attributes.get(by)
            if value is not None:
                cal = self.calendars.get(value) if isinstance(value, str) else None
                if cal is None:
                    if not self.calendar_fallback:
                        raise self._unknown_calendar(f"attributes.{by}", value)
                elif cal is not base.calendar:
                    base = attrs.evolve(base, calendar=cal)
        best: SlaOverride | None = None
        best_score = -1
        for o in self.overrides:
            if o.target == name and o.matches(attributes):
                score = _score(o.when, self.precedence)
                if score > best_score:
                    best, best_score = o, score
        if best is None:
            return base
        changes: dict[str, object] = {}
        for field in ("within", "calendar", "warnings", "escalations"):
            value = getattr(best, field)
            if value is not None:
                changes[field] = value
        return attrs.evolve(base, **changes)  # type: ignore[arg-type]

    def _unknown_calendar(self, field: str, value: object) -> UnknownCalendarError:
        known = sorted(self.calendars)
        return UnknownCalendarError(
            f"{field}: {problem_text(value)} names no calendar of the SLA policy; "
            f"use one of {known}",
            field=field, value=value, known=known,
        )  # fmt: skip

    def selecting(self) -> tuple[str, ...]:
        """The targets whose calendar the ticket selects (by attribute or passed with it).

        Examples:
            >>> from complaintflow import calendars
            >>> p = attrs.evolve(default(office=calendars.default("24x7")),
            ...                  calendars={"x": calendars.default("24x7")}, calendar_by="region")
            >>> p.selecting()[:2]
            ('answer', 'dispatch')
        """
        return tuple(
            t.name for t in self.targets if calendar_attribute(t, self.calendar_by) is not None
        )

    def for_calendar(self, calendar: str | BusinessCalendar) -> SlaPolicy:
        """The policy as it applies to a ticket that carries ``calendar``.

        Each target that selects its calendar per ticket (`selecting`) counts on
        ``calendar`` (a name of ``calendars``, or a calendar), whatever the
        ticket's attributes say; overrides still apply on top.

        Raises:
            UnknownCalendarError: ``calendar`` names none of ``calendars``, or no
                target selects its calendar per ticket.
            WrongTypeError: ``calendar`` is neither a name nor a calendar.

        Examples:
            >>> from complaintflow import calendars
            >>> office = calendars.default("china", years=[2026])
            >>> p = attrs.evolve(default(office=office), calendar_by="region",
            ...                  calendars={"hk": calendars.default("24x7", timezone="Asia/Hong_Kong")})
            >>> p.for_calendar("hk").target("reply").calendar.timezone
            'Asia/Hong_Kong'
            >>> p.for_calendar("mars")
            Traceback (most recent call last):
            ...
            complaintflow.errors.UnknownCalendarError: calendar: 'mars' names no calendar of the SLA policy; use one of ['hk']
        """  # noqa: E501
        if isinstance(calendar, str):
            cal = self.calendars.get(calendar)
            if cal is None:
                raise self._unknown_calendar("calendar", calendar)
        elif isinstance(calendar, BusinessCalendar):
            cal = calendar
        else:
            raise WrongTypeError(
                f"calendar: expected a calendar name of the SLA policy or a "
                f"BusinessCalendar, got {type(calendar).__name__} {problem_text(calendar)}",
                field="calendar",
                value=calendar,
            )
        chosen = self.selecting()
        if not chosen:
            raise UnknownCalendarError(
                f"calendar: {problem_text(calendar)} is given, but no target of the SLA "
                "policy selects its calendar per ticket; set the policy's or a target's "
                "calendar_by",
                field="calendar", value=calendar, known=sorted(self.calendars),
            )  # fmt: skip
        targets = [
            attrs.evolve(t, calendar=cal, calendar_by=False) if t.name in chosen else t
            for t in self.targets
        ]
        return attrs.evolve(self, targets=targets, calendar_fallback=False)

    # -- plain data ----------------------------------------------------------------

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, object],
        *,
        calendars: Mapping[str, BusinessCalendar] | None = None,
    ) -> SlaPolicy:
        """Build a policy from plain data (the TOML policy shape), reporting every problem.

        Keys: ``targets`` (a list of tables with ``name``, ``rule``, ``within``,
        ``calendar`` (a name), ``start``, ``stop``, ``pause``, ``resume``,
        ``reset``, ``warnings``, ``escalations`` (tables of ``level``, ``effect``,
        ``rule``), ``when``, ``see_also``), ``overrides`` (tables of ``target``,
        ``when`` and the fields to change), ``precedence``, ``kinds``,
        ``calendars`` (name to calendar data), ``name``, ``calendar_by`` and
        ``calendar_fallback`` (a target may have its own ``calendar_by``, or
        ``false``). Calendars can also be passed as objects; ``"24x7"`` is always
        known (Asia/Shanghai, SLA-10). A policy in which some target selects its
        calendar per ticket may select among every calendar it knows.

        Raises:
            ValidationError: Listing every problem with its path.
            WrongTypeError: ``calendars`` is not a mapping of names to
                `BusinessCalendar` values.

        Examples:
            >>> SlaPolicy.from_dict({"targets": [
            ...     {"name": "reply", "rule": "SLA-3", "within": "2 days", "calendar": "office",
            ...      "start": ["accepted"], "stop": ["replied"]},
            ...     {"name": "reply", "rule": "SLA-3", "within": "0 business hours",
            ...      "calendar": "24x7", "start": ["accepted"], "stop": ["replied"]},
            ... ]})
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 4 problems in SLA policy:
              - targets[0].within: '2 days' is not a duration; use e.g. '8 business hours', '2 business days' or '3 calendar days'
              - targets[0].calendar: 'office' is not a known calendar; known: '24x7'
              - targets[1].name: 'reply' is used by targets[0] too; names must be unique
              - targets[1].within: duration must be positive, got zero; use e.g. '8 business hours', '2 business days' or '3 calendar days'
        """  # noqa: E501
        if calendars is None:
            return policy_from_dict(cls, data, {})
        if not isinstance(calendars, Mapping):
            raise wrong_type("calendars", "a mapping of names to BusinessCalendar", calendars)
        for name, calendar in calendars.items():
            if not isinstance(name, str) or not name:
                raise wrong_type("calendars", "calendar names that are non-empty strings", name)
            if not isinstance(calendar, BusinessCalendar):
                raise wrong_type(f"calendars[{name!r}]", "a BusinessCalendar", calendar)
        return policy_from_dict(cls, data, calendars)


def _rebuild(
    targets: tuple[SlaTarget, ...],
    overrides: tuple[SlaOverride, ...],
    precedence: tuple[str, ...],
    kinds: tuple[str, ...],
    name: str | None,
    calendars: Mapping[str, BusinessCalendar],
    calendar_by: str | None,
    calendar_fallback: bool,
) -> SlaPolicy:
    """Unpickle a policy: `SlaPolicy.__reduce__`."""
    return SlaPolicy(
        targets, overrides, precedence, kinds, name,
        calendars=calendars, calendar_by=calendar_by, calendar_fallback=calendar_fallback,
    )  # fmt: skip


def default(
    *, office: BusinessCalendar | None = None, hotline: BusinessCalendar | None = None
) -> SlaPolicy:
    """The default SLA policy: the time limits of ``DOMAIN.md`` §3, with rule IDs.

    Built from `default_data` (the targets are defined once, in this
    module; the table of the SLA guide is generated from them), in the shipped workflows' event names.

    Args:
        office: The back office's calendar; the default policy's (the official
            China calendar) if omitted.
        hotline: The hotline's calendar for SLA-1; 24x7 in Asia/Shanghai if omitted.

    With both calendars omitted the policy is built once and cached (it is
    immutable), so calling this in a loop costs nothing.

    Raises:
        WrongTypeError: ``office`` or ``hotline`` is neither a `BusinessCalendar`
            nor ``None``.

    Examples:
        >>> from complaintflow import calendars
        >>> p = default(office=calendars.default("china", years=[2026]))
        >>> [(t.name, t.rule, str(t.within)) for t in p.targets][:3]
        [('answer', 'SLA-1', '15 business seconds'), ('dispatch', 'SLA-2', '1 business hour'), ('reply', 'SLA-3', '2 business days')]
        >>> p.target("reply").start
        ('register', 'dissatisfied', 'reopen')
    """  # noqa: E501
    for name, value in (("office", office), ("hotline", hotline)):
        if value is not None and not isinstance(value, BusinessCalendar):
            raise wrong_type(name, "a BusinessCalendar or None", value)
    if office is None and hotline is None:
        cached = _DEFAULT.get(None)
        if cached is None:
            cached = _DEFAULT[None] = _build_default(None, None)
        return cached
    return _build_default(office, hotline)


#: The default policy on the default calendars, built once (policies are immutable).
_DEFAULT: dict[None, SlaPolicy] = {}


def _build_default(office: BusinessCalendar | None, hotline: BusinessCalendar | None) -> SlaPolicy:
    cals = calendar_data()
    return SlaPolicy.from_dict(
        default_data(),
        calendars={
            "office": BusinessCalendar.from_dict(cals["office"]) if office is None else office,  # type: ignore[arg-type]
            "hotline": BusinessCalendar.from_dict(cals["hotline"]) if hotline is None else hotline,  # type: ignore[arg-type]
        },
    )
