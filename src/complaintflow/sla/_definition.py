"""SLA definitions: targets and overrides, the values an SLA policy is made of.

Theory of operation
-------------------
An `SlaTarget` measures one metric of a ticket with a clock that the
ticket's events drive: some event kinds **start** it, some **pause** and
**resume** it, some **stop** it and some **reset** it (start a new cycle). The
clock runs on a `BusinessCalendar` for business
time and business days, and on real time for calendar durations. Crossing a
*level* (a fraction of the budget) records a warning (levels below 1), the
breach (level 1) or an escalation effect (any level) for the host to carry out.

An `SlaPolicy` holds the targets, the event kinds it knows, and
`SlaOverride` records that change a target's duration, calendar, warnings
or escalations for tickets with certain attributes (priority, tier, category,
channel). When several overrides of a target match, precedence decides, and it
is explicit: the policy's ``precedence`` lists the attributes from strongest to
weakest; an override's condition attributes read as a binary number along that
list (the strongest attribute is the highest bit), and the larger number wins.
So the strongest attribute decides, and among overrides keyed on the same
strongest attribute the more specific one wins. Two overrides of one target with
the same attributes and overlapping values could both win: the policy refuses
them when it is built, together with every other problem it finds.

Definitions are frozen ``attrs`` values: ``attrs.evolve`` gives a what-if
variant in a notebook; every variant is checked again when it is built.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, cast

import attrs
import pendulum  # noqa: F401  (used by the doctests)

from complaintflow._check import finite
from complaintflow._errors import (
    Problem,
    UnknownNameError,
    ValidationError,
    problem_text,
    wrong_type,
)
from complaintflow.calendars import BusinessCalendar, Duration
from complaintflow.sla._condition import SlaCondition, parse_tree

__all__ = [
    "ALWAYS_OPEN", "DEFAULT_PRECEDENCE", "ROLES", "Escalation", "SlaOverride", "SlaTarget",
    "SlaTrigger",
]  # fmt: skip

#: The clock roles an event kind can play for a target, in the order they are
#: applied to one target when several events share an instant.
ROLES = ("reset", "start", "resume", "pause", "stop", "cancel")
#: The roles in the order a target lists them.
_FIELD_ROLES = ("start", "stop", "pause", "resume", "reset", "cancel")
#: The ticket attributes the default precedence knows, strongest first.
DEFAULT_PRECEDENCE = ("priority", "tier", "category", "channel")
#: The name of the always-open (24x7) calendar every policy knows (SLA-10).
ALWAYS_OPEN = "24x7"

Condition = tuple[tuple[str, tuple[str, ...]], ...]


def _as_tuple(value: object) -> Any:
    """A tuple of an iterable's items; anything else (a string, a mapping, a number)
    is kept as it is, for the checks to report with its path: nothing is guessed."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        return tuple(value)
    return value


def _kinds(value: Iterable[str]) -> tuple[str, ...]:
    return cast("tuple[str, ...]", _as_tuple(value))


_TRIGGER_KEYS = ("kind", "when")


def _trigger_problems(value: Mapping[object, object], path: str, problems: list[Problem]) -> None:
    """The problems of trigger data ``{kind, when}`` at ``path``."""
    for key in value:
        if key not in _TRIGGER_KEYS:
            problems.append(Problem(f"{path}.{key}", "unknown key", "known keys: kind, when"))
    kind = value.get("kind")
    if not isinstance(kind, str) or not kind:
        problems.append(Problem(f"{path}.kind", f"{problem_text(kind)} is not an event kind"))
    if "when" not in value:
        problems.append(
            Problem(f"{path}.when", "is required", "a condition; or give the kind alone")
        )
    else:
        when = value["when"]
        if not isinstance(when, SlaCondition):
            parse_tree(when, f"{path}.when", problems)


def _trigger_item(item: object) -> object:
    """A kind, an `SlaTrigger`, or trigger data turned into one (kept as it is when it
    has problems, for the checks to report with their path)."""
    if isinstance(item, Mapping):
        problems: list[Problem] = []
        _trigger_problems(item, "", problems)
        if not problems:
            return SlaTrigger(item["kind"], item["when"])
    return item


def _triggers(value: Iterable[str | SlaTrigger]) -> tuple[str | SlaTrigger, ...]:
    items = _as_tuple(value)
    if not isinstance(items, tuple):
        return cast("tuple[str | SlaTrigger, ...]", items)
    return tuple(_trigger_item(item) for item in items)  # type: ignore[misc]


def kind_of(item: str | SlaTrigger) -> str:
    """The event kind of a role's item (a kind or a trigger)."""
    return item.kind if isinstance(item, SlaTrigger) else item


def _condition_value(value: object) -> object:
    if isinstance(value, SlaCondition):
        return value
    try:
        return SlaCondition(value)
    except ValidationError:
        return value  # reported by the checks, with its path


@attrs.frozen
class SlaTrigger:
    """An event kind that plays its role only when a condition holds.

    In a target's ``start``, ``stop``, ``pause``, ``resume`` or ``reset`` a
    trigger stands where a plain kind would: the event plays the role when its
    payload and the ticket's attributes match ``when`` (an `SlaCondition`), and
    is otherwise ignored by that target. In the policy format it is a table
    ``{kind = "reply", when = {event = "public", eq = true}}``.

    Attributes:
        kind: The event kind.
        when: The condition; plain condition data is parsed.

    Examples:
        >>> SlaTrigger("reply", {"event": "public", "eq": True}).when
        SlaCondition({'event': 'public', 'eq': True})
        >>> SlaTrigger("", {"event": "public", "gt": "x"})
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 2 problems in SLA trigger:
          - kind: '' is not an event kind
          - when.gt: 'x' is not a finite number
    """

    kind: str
    when: SlaCondition = attrs.field(converter=_condition_value)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        kind: object = self.kind
        if not isinstance(kind, str) or not kind:
            problems.append(Problem("kind", f"{problem_text(kind)} is not an event kind"))
        when: object = self.when
        if not isinstance(when, SlaCondition):
            parse_tree(when, "when", problems)
        if problems:
            raise ValidationError(problems, what="SLA trigger")


def _floats(value: Iterable[float]) -> tuple[float, ...]:
    return cast("tuple[float, ...]", _as_tuple(value))


def _escalation_tuple(value: Iterable[Escalation]) -> tuple[Escalation, ...]:
    return cast("tuple[Escalation, ...]", _as_tuple(value))


def _target_tuple(value: Iterable[SlaTarget]) -> tuple[SlaTarget, ...]:
    return cast("tuple[SlaTarget, ...]", _as_tuple(value))


def _override_tuple(value: Iterable[SlaOverride]) -> tuple[SlaOverride, ...]:
    return cast("tuple[SlaOverride, ...]", _as_tuple(value))


def _condition(value: Mapping[str, str | Sequence[str]] | Condition) -> Condition:
    """Conditions as sorted ``(attribute, values)`` pairs; a value that is no mapping
    or list of such pairs is kept as it is, for the checks to report."""
    items = value.items() if isinstance(value, Mapping) else _as_tuple(value)
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        return cast(Condition, value)
    out = []
    for pair in items:
        if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[0], str):
            return cast(Condition, value)
        key, allowed = pair
        values = (allowed,) if isinstance(allowed, str) else _as_tuple(allowed)
        if not isinstance(values, tuple):
            return cast(Condition, value)
        out.append((key, values))
    return tuple(sorted(out))


def _not_a_list(value: object, path: str, of: str, problems: list[Problem]) -> bool:
    """Record a problem if ``value`` (a converted field) is no tuple; whether it was."""
    if isinstance(value, tuple):
        return False
    problems.append(Problem(path, f"{problem_text(value)} is not a list of {of}"))
    return True


_CONDITION_HINT = "a mapping of attribute to a value or a list of values, e.g. {'tier': 'vip'}"


def _condition_problems(when: object, path: str, problems: list[Problem]) -> Condition:
    """The checked conditions (``()`` if they are no conditions at all)."""
    ok = isinstance(when, tuple) and all(
        isinstance(c, tuple) and len(c) == 2 and isinstance(c[1], tuple) for c in when
    )
    if not ok:
        problems.append(Problem(path, f"{problem_text(when)} is not conditions", _CONDITION_HINT))
        return ()
    return cast(Condition, when)


@attrs.frozen
class Escalation:
    """An effect the host should carry out when a target's clock crosses a level.

    Attributes:
        level: Fraction of the budget, e.g. ``1.0`` at the breach, ``1.5`` half
            the budget again after it, ``0.75`` before it.
        effect: What to do, e.g. ``"notify_supervisor"`` or ``"contact_customer"``.
        rule: The ``DOMAIN.md`` rule the effect implements, e.g. ``"FLOW-6"``.

    Examples:
        >>> Escalation(1.0, "contact_customer", rule="SLA-2").effect
        'contact_customer'
    """

    level: float
    effect: str
    rule: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _levels_problems((self.level,), "level", problems, below_one=False, one=True)
        effect: object = self.effect
        rule: object = self.rule
        if not isinstance(effect, str) or not effect:
            problems.append(Problem("effect", f"{problem_text(effect)} is not an effect name"))
        if rule is not None and (not isinstance(rule, str) or not rule):
            problems.append(Problem("rule", f"{problem_text(rule)} is not a rule ID or None"))
        if problems:
            raise ValidationError(problems, what="escalation")


@attrs.frozen
class SlaTarget:
    """One measured time limit: a duration on a calendar, driven by event kinds.

    Build one directly or through `SlaPolicy.from_dict`; either way it is
    checked and every problem is reported at once.

    Attributes:
        name: Unique within a policy, e.g. ``"reply"``.
        rule: The ``DOMAIN.md`` rule ID it implements, e.g. ``"SLA-3"``.
        within: The budget, a `Duration` (business
            time, business days, calendar time, business days by a time of day,
            or a due date the ticket gives).
        calendar: The calendar business time and business days are counted on
            (calendar durations run on real time whatever the calendar).
        start: Event kinds that start the clock.
        stop: Event kinds that stop it (the target is then met or breached).
        pause: Event kinds that pause it (e.g. waiting for the customer).
        resume: Event kinds that resume it.
        reset: Event kinds that discard the current cycle and start a new one.
        cancel: Event kinds that cancel the current cycle: the target no longer
            applies, and the cycle is neither met nor breached (``CANCELLED``).
            A cancel before the start or after the stop changes nothing; a
            reset, or a start with ``new_cycle_on_start``, opens a new cycle.
        warnings: Levels below 1 recorded as warnings, e.g. ``(0.5, 0.75)``.
        escalations: Effects to emit when levels are crossed.
        when: The target applies to tickets whose attributes match, e.g.
            ``{"channel": "phone"}``; empty means every ticket.
        see_also: Further rule IDs the target serves (``("FU-4",)``).
        new_cycle_on_start: A start event after the stop opens a new cycle (the
            earlier one is kept in the status's ``cycles``): a reply owed again
            after each customer message, or after each review (FLOW-6). By
            default a target has one cycle until a reset.
        retroactive_start: For a target with ``when`` that begins to apply
            mid-ticket (re-prioritised to urgent, SLA-8): an event kind, or
            ``{kind, when}``. When the ticket's attributes come to match ``when``
            and the target has not started, it starts at the latest event before
            that instant that matches, instead of waiting
            for its next start event; with no such event it waits as before.
            The kind may play another role too (it is usually a start kind).
        calendar_by: The ticket attribute whose value names the calendar this
            target counts on (one of the policy's ``calendars``), e.g.
            ``"region"``; ``None`` takes the policy's ``calendar_by``, and
            ``False`` keeps ``calendar`` whatever the ticket says (a hotline
            that answers around the clock in every region). A ticket without the
            attribute counts on ``calendar``.

    Examples:
        >>> from complaintflow import calendars
        >>> office = calendars.default("china", years=[2026])
        >>> t = SlaTarget("dispatch", "SLA-2", Duration.parse("1 business hour"), office,
        ...               start=("assigned",), stop=("dispatched",))
        >>> t.warnings
        (0.5, 0.75)
        >>> SlaTarget("x", "SLA-2", Duration.parse("1 business hour"), office,
        ...           start=("a",), stop=("a",), warnings=(0.5, 1.2))
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 2 problems in SLA target 'x':
          - stop: 'a' is also a start kind; give each kind one role per target
          - warnings[1]: 1.2 is not a fraction between 0 and 1; escalate above 1 with escalations instead
    """  # noqa: E501

    name: str
    rule: str
    within: Duration
    calendar: BusinessCalendar
    start: tuple[str | SlaTrigger, ...] = attrs.field(converter=_triggers)
    stop: tuple[str | SlaTrigger, ...] = attrs.field(converter=_triggers)
    pause: tuple[str | SlaTrigger, ...] = attrs.field(default=(), converter=_triggers)
    resume: tuple[str | SlaTrigger, ...] = attrs.field(default=(), converter=_triggers)
    reset: tuple[str | SlaTrigger, ...] = attrs.field(default=(), converter=_triggers)
    cancel: tuple[str | SlaTrigger, ...] = attrs.field(default=(), converter=_triggers)
    warnings: tuple[float, ...] = attrs.field(default=(0.5, 0.75), converter=_floats)
    escalations: tuple[Escalation, ...] = attrs.field(default=(), converter=_escalation_tuple)
    when: Condition = attrs.field(default=(), converter=_condition)
    see_also: tuple[str, ...] = attrs.field(default=(), converter=_kinds)
    new_cycle_on_start: bool = False
    retroactive_start: str | SlaTrigger | None = attrs.field(default=None, converter=_trigger_item)
    calendar_by: str | Literal[False] | None = None

    def __attrs_post_init__(self) -> None:
        problems = _target_problems(self, "")
        if problems:
            raise ValidationError(problems, what=f"SLA target {self.name!r}")

    def roles(self) -> dict[str, str]:
        """Each event kind this target reacts to, with its role.

        Examples:
            >>> from complaintflow import calendars
            >>> office = calendars.default("24x7")
            >>> SlaTarget("a", "SLA-1", Duration.parse("15 business seconds"), office,
            ...           start=("ringing",), stop=("answered",)).roles()
            {'ringing': 'start', 'answered': 'stop'}
        """
        out: dict[str, str] = {}
        for role in _FIELD_ROLES:
            for item in getattr(self, role):
                out.setdefault(kind_of(item), role)
        return out

    def known_kinds(self) -> set[str]:
        """Every event kind the target reads: its roles and its retroactive start.

        Examples:
            >>> from complaintflow import calendars
            >>> sorted(SlaTarget("a", "SLA-8", Duration.parse("2 business hours"),
            ...        calendars.default("24x7"), start=["accept"], stop=["reply"],
            ...        when={"priority": "urgent"}, retroactive_start="register").known_kinds())
            ['accept', 'register', 'reply']
        """
        out = set(self.roles())
        retro = self.retroactive_start
        if retro is not None:
            out.add(kind_of(retro))
        return out

    def kinds(self, role: str) -> list[str]:
        """The event kinds of one role, conditional or not.

        Examples:
            >>> from complaintflow import calendars
            >>> SlaTarget("first_response", "SLA-3", Duration.parse("4 business hours"),
            ...           calendars.default("24x7"), start=("accept",),
            ...           stop=[{"kind": "reply", "when": {"event": "public", "eq": True}}],
            ...           ).kinds("stop")
            ['reply']

        Raises:
            UnknownNameError: ``role`` is none of `ROLES`.
        """
        if not isinstance(role, str) or role not in ROLES:
            raise UnknownNameError(
                f"role: {problem_text(role)} is no role of a target; use one of {list(ROLES)}",
                field="role", value=role, known=ROLES,
            )  # fmt: skip
        return [kind_of(item) for item in getattr(self, role)]


def _levels_problems(
    values: object, path: str, problems: list[Problem], *, below_one: bool, one: bool = False
) -> None:
    """Problems of a tuple of levels at ``path[i]``; ``one``: a single level at ``path``."""
    for i, level in enumerate(values if isinstance(values, tuple) else ()):
        ok = isinstance(level, (int, float)) and not isinstance(level, bool) and finite(level)
        if not ok or level <= 0 or (below_one and level >= 1):
            allowed = (
                "a fraction between 0 and 1; escalate above 1 with escalations instead"
                if below_one
                else "a positive fraction of the budget, e.g. 1.0 at the breach"
            )
            at = path if one else f"{path}[{i}]"
            problems.append(Problem(at, f"{problem_text(level)} is not {allowed}"))


def _target_problems(t: SlaTarget, prefix: str) -> list[Problem]:
    p = prefix
    problems: list[Problem] = []
    # Fields are typed, but a direct constructor call may still pass anything.
    name: object = t.name
    rule: object = t.rule
    within: object = t.within
    calendar: object = t.calendar
    escalations: tuple[object, ...] = t.escalations
    if not isinstance(name, str) or not name:
        problems.append(Problem(f"{p}name", f"{problem_text(name)} is not a name", "e.g. 'reply'"))
    if not isinstance(rule, str) or not rule:
        problems.append(Problem(f"{p}rule", "is required", "a DOMAIN.md rule ID, e.g. 'SLA-3'"))
    if not isinstance(within, Duration):
        hint = "Duration.parse(...)"
        problems.append(Problem(f"{p}within", f"{problem_text(within)} is not a Duration", hint))
    if not isinstance(calendar, BusinessCalendar):
        problems.append(Problem(f"{p}calendar", f"{problem_text(calendar)} is not a calendar"))
    kinds: dict[str, tuple[object, ...]] = {}
    for role in (*_FIELD_ROLES, "see_also"):
        value = getattr(t, role)
        of = "rule IDs" if role == "see_also" else "event kinds"
        kinds[role] = () if _not_a_list(value, f"{p}{role}", of, problems) else value
    for role in ("start", "stop"):
        if not kinds[role] and isinstance(getattr(t, role), tuple):
            problems.append(Problem(f"{p}{role}", "needs at least one event kind"))
    retro: object = t.retroactive_start
    if isinstance(retro, Mapping):
        _trigger_problems(retro, f"{p}retroactive_start", problems)
    elif (
        retro is not None
        and not isinstance(retro, SlaTrigger)
        and (not isinstance(retro, str) or not retro)
    ):
        problems.append(
            Problem(f"{p}retroactive_start", f"{problem_text(retro)} is not an event kind",
                    "an event kind, or a table {kind = ..., when = {...}}")
        )  # fmt: skip
    elif retro is not None and not t.when:
        problems.append(
            Problem(f"{p}retroactive_start", "the target applies to every ticket (no when), "
                    "so it never begins to apply mid-ticket", "give the target a when, or drop it")
        )  # fmt: skip
    by: object = t.calendar_by
    if by is not False and by is not None and (not isinstance(by, str) or not by):
        problems.append(
            Problem(f"{p}calendar_by", f"{problem_text(by)} is not an attribute name",
                    "e.g. 'region'; false keeps the target's calendar for every ticket")
        )  # fmt: skip
    again: object = t.new_cycle_on_start
    if not isinstance(again, bool):
        problems.append(
            Problem(f"{p}new_cycle_on_start", f"{problem_text(again)} is not true or false")
        )
    if bool(kinds["pause"]) != bool(kinds["resume"]):
        missing = "resume" if kinds["pause"] else "pause"
        problems.append(
            Problem(
                f"{p}{missing}",
                f"the clock can {'pause' if kinds['pause'] else 'resume'} but never {missing}",
                f"give {missing} kinds too, or none of either",
            )
        )
    for i, ref in enumerate(kinds["see_also"]):
        if not isinstance(ref, str) or not ref:
            problems.append(Problem(f"{p}see_also[{i}]", f"{problem_text(ref)} is not a rule ID"))
    seen: dict[str, str] = {}
    for role in _FIELD_ROLES:
        for i, item in enumerate(kinds[role]):
            kind = item.kind if isinstance(item, SlaTrigger) else item
            if isinstance(kind, Mapping):
                _trigger_problems(kind, f"{p}{role}[{i}]", problems)
            elif not isinstance(kind, str) or not kind:
                problems.append(Problem(f"{p}{role}", f"{problem_text(kind)} is not an event kind"))
            elif kind in seen:
                problems.append(
                    Problem(
                        f"{p}{role}",
                        f"{kind!r} is also a {seen[kind]} kind",
                        "give each kind one role per target",
                    )
                )
            else:
                seen[kind] = role
    if not _not_a_list(t.warnings, f"{p}warnings", "fractions", problems):
        before = len(problems)
        _levels_problems(t.warnings, f"{p}warnings", problems, below_one=True)
        if len(problems) == before and len(set(t.warnings)) != len(t.warnings):
            problems.append(Problem(f"{p}warnings", f"{t.warnings} lists a level twice"))
    if _not_a_list(escalations, f"{p}escalations", "Escalation values", problems):
        escalations = ()
    for i, esc in enumerate(escalations):
        if not isinstance(esc, Escalation):
            problems.append(
                Problem(f"{p}escalations[{i}]", f"{problem_text(esc)} is not an Escalation")
            )
            continue
        _levels_problems(
            (esc.level,), f"{p}escalations[{i}].level", problems, below_one=False, one=True
        )
        if not isinstance(esc.effect, str) or not esc.effect:
            problems.append(Problem(f"{p}escalations[{i}].effect", "is required"))
    for key, allowed in _condition_problems(t.when, f"{p}when", problems):
        if not allowed or not all(isinstance(v, str) for v in allowed):
            problems.append(Problem(f"{p}when.{key}", f"{allowed!r} is not a list of values"))
    return problems


@attrs.frozen
class SlaOverride:
    """Different parameters for one target on tickets with certain attributes.

    Fields left ``None`` keep the target's own value. Only the winning override
    of a target applies (see `SlaPolicy` for precedence).

    Attributes:
        target: The name of the target it changes.
        when: Attribute conditions, e.g. ``{"tier": "vip"}`` or
            ``{"priority": ["urgent", "high"]}``; all must match.
        within: A different budget.
        calendar: A different calendar; it wins over the calendar a ticket
            selects or carries (see `SlaPolicy`).
        warnings: Different warning levels.
        escalations: Different escalations.

    Examples:
        >>> o = SlaOverride("reply", {"tier": "vip"}, within=Duration.parse("1 business day"))
        >>> o.when
        (('tier', ('vip',)),)
    """

    target: str
    when: Condition = attrs.field(converter=_condition)
    within: Duration | None = None
    calendar: BusinessCalendar | None = None
    warnings: tuple[float, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(_floats)
    )
    escalations: tuple[Escalation, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(_escalation_tuple)
    )

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _override_fields_ok(self, "", problems)
        if problems:
            raise ValidationError(
                [Problem(p.path.lstrip("."), p.message, p.hint) for p in problems],
                what="SLA override",
            )

    def matches(self, attributes: Mapping[str, str]) -> bool:
        """Whether a ticket with these attributes meets every condition.

        Examples:
            >>> SlaOverride("reply", {"tier": "vip"}).matches({"tier": "vip", "channel": "sms"})
            True

        Raises:
            WrongTypeError: ``attributes`` is no mapping.
        """
        if not isinstance(attributes, Mapping):
            raise wrong_type("attributes", "a mapping of names to strings", attributes)
        return all(attributes.get(key) in allowed for key, allowed in self.when)


def calendar_attribute(target: SlaTarget, by: str | None) -> str | None:
    """The ticket attribute that selects ``target``'s calendar under a policy whose
    ``calendar_by`` is ``by`` (the target's own wins; ``False`` opts out)."""
    own = target.calendar_by
    if own is False:
        return None
    return own if own is not None else by


def _calendar_problems(policy: object, targets: Sequence[object], problems: list[Problem]) -> None:
    """Problems of a policy's calendar selection: ``calendar_by``, ``calendar_fallback``
    and the named ``calendars`` a ticket may select."""
    by: object = getattr(policy, "calendar_by", None)
    if by is not None and (not isinstance(by, str) or not by):
        problems.append(
            Problem("calendar_by", f"{problem_text(by)} is not an attribute name", "e.g. 'region'")
        )
        by = None
    fallback: object = getattr(policy, "calendar_fallback", False)
    if not isinstance(fallback, bool):
        problems.append(
            Problem("calendar_fallback", f"{problem_text(fallback)} is not true or false")
        )
    cals: object = getattr(policy, "calendars", {})
    if not isinstance(cals, Mapping):
        problems.append(
            Problem("calendars", f"{problem_text(cals)} is not a mapping of name to calendar")
        )
        cals = {}
    assert isinstance(cals, Mapping)
    for name, cal in cals.items():
        if not isinstance(name, str) or not name:
            problems.append(Problem(f"calendars.{name}", f"{problem_text(name)} is not a name"))
        elif not isinstance(cal, BusinessCalendar):
            problems.append(Problem(f"calendars.{name}", f"{problem_text(cal)} is not a calendar"))
    selecting = [
        t.name for t in targets
        if isinstance(t, SlaTarget) and isinstance(t.calendar_by, str | None)
        and calendar_attribute(t, by if isinstance(by, str) else None) is not None
    ]  # fmt: skip
    if selecting and not cals:
        problems.append(
            Problem(
                "calendars",
                f"names no calendar, but targets {selecting} select theirs by a ticket attribute",
                "name the calendars a ticket may select",
            )
        )
    if fallback is True and not selecting:
        problems.append(
            Problem(
                "calendar_fallback",
                "is set, but no target selects its calendar by a ticket attribute",
                "set calendar_by, or leave calendar_fallback out",
            )
        )


class _PolicyParts(Protocol):
    """What the policy checks read: an `SlaPolicy` or the parts a parser built."""

    @property
    def targets(self) -> tuple[SlaTarget, ...]: ...
    @property
    def overrides(self) -> tuple[SlaOverride, ...]: ...
    @property
    def precedence(self) -> tuple[str, ...]: ...


def _override_fields_ok(o: SlaOverride, path: str, problems: list[Problem]) -> bool:
    """Check the fields of a directly built override; whether the rest can read them."""
    before = len(problems)
    target: object = o.target
    within: object = o.within
    calendar: object = o.calendar
    if not isinstance(target, str) or not target:
        problems.append(Problem(f"{path}.target", f"{problem_text(target)} is not a target name"))
    _condition_problems(o.when, f"{path}.when", problems)
    if within is not None and not isinstance(within, Duration):
        hint = "Duration.parse(...)"
        problems.append(
            Problem(f"{path}.within", f"{problem_text(within)} is not a Duration", hint)
        )
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        problems.append(Problem(f"{path}.calendar", f"{problem_text(calendar)} is not a calendar"))
    if o.warnings is not None and not _not_a_list(
        o.warnings, f"{path}.warnings", "fractions", problems
    ):
        _levels_problems(o.warnings, f"{path}.warnings", problems, below_one=True)
    if o.escalations is not None and not _not_a_list(
        o.escalations, f"{path}.escalations", "Escalation values", problems
    ):
        for j, esc in enumerate(cast("tuple[object, ...]", o.escalations)):
            if not isinstance(esc, Escalation):
                problems.append(
                    Problem(f"{path}.escalations[{j}]", f"{problem_text(esc)} is not an Escalation")
                )
    return len(problems) == before


def _policy_problems(policy: _PolicyParts, names: Sequence[object] | None = None) -> list[Problem]:
    """Problems of a policy; ``names`` (from plain data) means names were checked already."""
    problems: list[Problem] = []
    seen: dict[str, int] = {n: i for i, n in enumerate(names or ()) if isinstance(n, str)}
    targets: tuple[object, ...] = policy.targets
    overrides: tuple[object, ...] = policy.overrides
    prec: tuple[str, ...] = policy.precedence
    if _not_a_list(targets, "targets", "SlaTarget values", problems):
        targets = ()
    if _not_a_list(overrides, "overrides", "SlaOverride values", problems):
        overrides = ()
    if _not_a_list(prec, "precedence", "attribute names", problems):
        prec = ()
    kinds: object = getattr(policy, "kinds", ())
    if not _not_a_list(kinds, "kinds", "event kinds", problems):
        for i, kind in enumerate(cast("tuple[object, ...]", kinds)):
            if not isinstance(kind, str) or not kind:
                problems.append(
                    Problem(f"kinds[{i}]", f"{problem_text(kind)} is not an event kind")
                )
    for i, key in enumerate(prec):
        if not isinstance(key, str) or not key:
            problems.append(Problem(f"precedence[{i}]", f"{problem_text(key)} is not a name"))
    for i, t in enumerate(targets):
        if not isinstance(t, SlaTarget):
            problems.append(Problem(f"targets[{i}]", f"{problem_text(t)} is not an SlaTarget"))
            continue
        if names is not None:
            continue
        if t.name in seen:
            problems.append(
                Problem(
                    f"targets[{i}].name",
                    f"{t.name!r} is used by targets[{seen[t.name]}] too; names must be unique",
                )
            )
        else:
            seen[t.name] = i
    _calendar_problems(policy, targets, problems)
    for i, key in enumerate(prec):
        if key in prec[:i]:
            problems.append(Problem(f"precedence[{i}]", f"{key!r} is listed twice"))
    by_target: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, o in enumerate(overrides):
        if not isinstance(o, SlaOverride):
            problems.append(Problem(f"overrides[{i}]", f"{problem_text(o)} is not an SlaOverride"))
            continue
        if not _override_fields_ok(o, f"overrides[{i}]", problems):
            continue
        if o.target not in seen:
            close = difflib.get_close_matches(o.target, list(seen), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"targets: {sorted(seen)}"
            problems.append(Problem(f"overrides[{i}].target", f"no target {o.target!r}", hint))
        if not o.when:
            problems.append(
                Problem(f"overrides[{i}].when", "is empty", "change the target itself instead")
            )
        for key, _ in o.when:
            if key not in prec:
                problems.append(
                    Problem(
                        f"overrides[{i}].when.{key}",
                        f"{key!r} is not in the precedence list {list(prec)}",
                        "add it to precedence so that ties have an order",
                    )
                )
        group = (o.target, tuple(k for k, _ in o.when))
        for j in by_target.get(group, []):
            other = policy.overrides[j]
            if all(set(a) & set(b) for (_, a), (_, b) in zip(o.when, other.when, strict=True)):
                problems.append(
                    Problem(
                        f"overrides[{i}].when",
                        f"conflicts with overrides[{j}]: both change {o.target!r} for tickets "
                        f"with {dict(o.when)} and neither has precedence",
                        "merge them, or make their values disjoint",
                    )
                )
        by_target.setdefault(group, []).append(i)
    return problems
