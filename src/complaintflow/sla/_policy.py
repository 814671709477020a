"""SLA policies: targets, overrides and precedence, and the default policy.

Theory of operation
-------------------
An `SlaPolicy` holds the targets of a ticket type, the event kinds it
knows, and `SlaOverride` records that change a target's
duration, calendar, warnings or escalations for tickets with certain attributes.
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

import attrs

from complaintflow._check import is_text
from complaintflow._errors import UnknownNameError, ValidationError
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
)
from complaintflow.sla._parse import policy_from_dict

__all__ = ["SlaPolicy", "default"]


def _score(condition: Condition, precedence: Sequence[str]) -> int:
    n = len(precedence)
    return sum(1 << (n - 1 - precedence.index(key)) for key, _ in condition if key in precedence)


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
    _compiled: object = attrs.field(init=False, default=None, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = _policy_problems(self)
        if problems:
            raise ValidationError(problems, what="SLA policy")

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
        """  # noqa: E501
        base = self.target(name)
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
        ``calendars`` (name to calendar data), ``name``. Calendars can also be
        passed as objects; ``"24x7"`` is always known (Asia/Shanghai, SLA-10).

        Raises:
            ValidationError: Listing every problem with its path.

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
        return policy_from_dict(cls, data, calendars or {})


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

    Examples:
        >>> from complaintflow import calendars
        >>> p = default(office=calendars.default("china", years=[2026]))
        >>> [(t.name, t.rule, str(t.within)) for t in p.targets][:3]
        [('answer', 'SLA-1', '15 business seconds'), ('dispatch', 'SLA-2', '1 business hour'), ('reply', 'SLA-3', '2 business days')]
        >>> p.target("reply").start
        ('register', 'dissatisfied', 'reopen')
    """  # noqa: E501
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
            "office": office or BusinessCalendar.from_dict(cals["office"]),  # type: ignore[arg-type]
            "hotline": hotline or BusinessCalendar.from_dict(cals["hotline"]),  # type: ignore[arg-type]
        },
    )
