"""Workflow specs: the guards, conditions, effects and transitions a definition holds.

Theory of operation
-------------------
These are the parts a `WorkflowDefinition` is made
of, each a frozen value built from plain data: a `Condition` (``field op
value``), a `Guard` (``required`` fields, a ``predicate``, or ``within`` a
period since a recorded instant, each with an optional ``when``), an
`EffectSpec` (what the host should do, with its rule ID; one per item of a
list with ``each``) and a `TransitionSpec` (with an optional ``stamp``).
Guards are compiled into small closures for the hot path: `compile_guard` here
(the check that explains a refusal) and ``compile_test`` in
`complaintflow.workflows._guards` (the boolean test); the definition's table holds
them.

Every spec is deeply immutable and hashable, whoever builds it: its plain data (a
condition's value, an effect's ``params``, a transition's ``assign`` and
``collect``) is frozen by the field's converter (`._frozen`: read-only views,
tuples), sequences become tuples, and ``to_dict`` gives plain JSON back. The
frozen mappings are compared by ``==`` but left out of ``hash`` (a read-only view
has no hash), which keeps ``hash`` consistent with ``==``. Conditions compare
frozen values: a list is tested as the tuple it is frozen to.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from complaintflow._check import is_choice, is_instance, is_text
from complaintflow._errors import (
    ComplaintflowError,
    Problem,
    ValidationError,
    items_of,
    mapping_of,
    problem_text,
    wrong_type,
)
from complaintflow._json import JSON, is_json
from complaintflow._time import to_us
from complaintflow.calendars import Duration, DurationKind
from complaintflow.workflows._frozen import FrozenJSON, freeze_mapping, freeze_value, plain

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE = re.compile(r"^[A-Z]+-\d+$", re.ASCII)
_OPS = ("==", "!=", "in", "not in")
_KINDS = ("required", "predicate", "within")
_SOURCES = ("merged", "payload", "data")
_MATCHES = ("all", "any")

_View = Mapping[str, object]
#: A compiled guard check: (merged, payload, data, event time in epoch µs) in, ``None``
#: when it passes, else the reason.
Check = Callable[[_View, _View, _View, int], "str | None"]
#: A compiled guard test for the hot path: the same arguments in, pass or fail out.
Test = Callable[[_View, _View, _View, int], bool]
_MISSING = object()
_DAY_US = 86_400_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)


def period_us(period: Duration) -> int:
    """A calendar period in real microseconds: a day is counted as 24 hours."""
    return period.days * _DAY_US + period.micros


def names(value: Iterable[str], field: str) -> tuple[str, ...]:
    """A tuple of names (a frozen value holds no list); a string or an item that is
    no string is refused, naming the field."""
    return items_of(value, field, str, "names")


def frozen_map(value: Mapping[str, object], field: str) -> Mapping[str, FrozenJSON]:
    """A read-only view of a frozen copy of a mapping of names to JSON values."""
    out = mapping_of(value, field, object, "values")
    for k, v in out.items():
        json_value(v, f"{field}.{k}")
    return freeze_mapping(out)


def json_value(value: object, field: str) -> FrozenJSON:
    """``value`` frozen, if it is JSON-compatible plain data (lists or tuples, string
    keys, finite numbers, at most 32 levels); anything else is refused."""
    if not is_json(plain(value)):
        raise wrong_type(field, "JSON-compatible data (no NaN, no objects)", value)
    return freeze_value(value)


def _condition_value(value: object) -> FrozenJSON:
    return json_value(value, "value")


def _refuse(problems: list[Problem], what: str) -> None:
    if problems:
        raise ValidationError(problems, what=what)


# One converter per field: the attrs plugin of mypy needs the types spelt out.
def _fields(value: Iterable[str]) -> tuple[str, ...]:
    return names(value, "fields")


def _include(value: Iterable[str]) -> tuple[str, ...]:
    return names(value, "include")


def _guards(value: Iterable[str]) -> tuple[str, ...]:
    return names(value, "guards")


def _params(value: Mapping[str, object]) -> Mapping[str, FrozenJSON]:
    return frozen_map(value, "params")


def _assign(value: Mapping[str, object]) -> Mapping[str, FrozenJSON]:
    return frozen_map(value, "assign")


@attrs.frozen
class Condition:
    """A test ``field op value`` on a data view (used by predicate guards and ``when``).

    Attributes:
        field: The data field tested.
        op: One of ``==``, ``!=``, ``in``, ``not in``.
        value: The value compared with (a list for ``in`` / ``not in``), frozen:
            a list is kept as a tuple, a mapping as a read-only view.

    Examples:
        >>> Condition("tier", "==", "VIP").holds({"tier": "VIP"})
        True
        >>> Condition("channel", "in", ["phone", "sms"]).value
        ('phone', 'sms')
    """

    field: str = attrs.field(validator=is_text())
    op: str = attrs.field(validator=is_choice(_OPS))
    value: FrozenJSON = attrs.field(converter=_condition_value, hash=False)

    def holds(self, view: Mapping[str, object]) -> bool:
        """Whether the condition holds on ``view`` (a missing field never holds).

        Raises:
            WrongTypeError: ``view`` is no mapping.
        """
        if not isinstance(view, Mapping):
            raise wrong_type("view", "a mapping of field to value", view)
        return self._holds(view)

    def _holds(self, view: Mapping[str, object]) -> bool:
        """`holds` on a view known to be a mapping (the compiled guards')."""
        if self.field not in view:
            return False
        got = freeze_value(view[self.field])  # frozen, like the value it is compared with
        if self.op == "==":
            return bool(got == self.value)
        if self.op == "!=":
            return bool(got != self.value)
        options = self.value if isinstance(self.value, tuple) else (self.value,)
        return (got in options) == (self.op == "in")

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form."""
        return {"field": self.field, "op": self.op, "value": plain(self.value)}

    def __reduce__(self) -> tuple[type[Condition], tuple[str, str, JSON]]:
        # A read-only view does not pickle: rebuild from plain data.
        return (Condition, (self.field, self.op, plain(self.value)))


_OPTIONAL_CONDITION = is_instance(Condition, "a Condition", optional=True)


@attrs.frozen
class Guard:
    """A named, declarative guard with the rule it implements.

    Attributes:
        name: The guard's name, referenced by transitions.
        kind: ``"required"`` (fields present), ``"predicate"`` (a `Condition`)
            or ``"within"`` (the event comes within ``period`` of the instant
            recorded in the data field ``since``).
        rule: The ``DOMAIN.md`` rule ID (e.g. ``"IN-6"``).
        fields: For ``required``: the fields that must be present (not missing,
            ``None`` or ``""``).
        match: For ``required``: ``"all"`` fields or ``"any"`` one of them.
        test: For ``predicate``: the condition that must hold.
        on: Which view is checked: ``"merged"`` (accumulated data updated with the
            event payload, the default), ``"payload"`` or ``"data"`` (before the event).
        when: If given, the guard only applies when this condition holds on the
            merged view; otherwise it passes.
        since: For ``within``: the data field holding the instant (ISO 8601 text,
            as a transition's ``stamp`` records it) the period runs from.
        period: For ``within``: a calendar duration (``"30 calendar days"``),
            measured in real time, a calendar day being 24 hours.
        description: Free text for people.

    Examples:
        >>> g = Guard("network", "required", "IN-6", fields=("location",),
        ...           when=Condition("category", "==", "network"))
        >>> g.check({}, {"category": "network"})
        "missing required field 'location' (IN-6)"
        >>> g.check({}, {"category": "billing"}) is None
        True
    """

    name: str = attrs.field(validator=is_text())
    kind: str = attrs.field(validator=is_choice(_KINDS))
    rule: str = attrs.field(validator=is_text())
    fields: tuple[str, ...] = attrs.field(default=(), converter=_fields)
    match: str = attrs.field(default="all", validator=is_choice(_MATCHES))
    test: Condition | None = attrs.field(default=None, validator=_OPTIONAL_CONDITION)
    on: str = attrs.field(default="merged", validator=is_choice(_SOURCES))
    when: Condition | None = attrs.field(default=None, validator=_OPTIONAL_CONDITION)
    description: str = attrs.field(default="", validator=is_text(empty=True))
    since: str = attrs.field(default="", validator=is_text(empty=True))
    period: Duration | None = attrs.field(
        default=None, validator=is_instance(Duration, "a calendar Duration", optional=True)
    )

    def __attrs_post_init__(self) -> None:
        # What each kind reads must be there: compile_guard relies on it.
        problems = []
        if self.kind == "required" and not self.fields:
            problems.append(Problem("fields", "a required guard needs at least one field"))
        if self.kind == "predicate" and self.test is None:
            problems.append(Problem("test", "a predicate guard needs a Condition"))
        if self.kind == "within":
            if not self.since:
                problems.append(Problem("since", "a within guard needs the data field to read"))
            if self.period is None or self.period.kind is not DurationKind.CALENDAR:
                problems.append(
                    Problem(
                        "period",
                        f"a within guard needs calendar time, got {problem_text(self.period)}",
                        "e.g. Duration.parse('30 calendar days')",
                    )
                )
        _refuse(problems, f"guard {self.name!r}")

    def check(
        self, data: Mapping[str, object], payload: Mapping[str, object], at_us: int = 0
    ) -> str | None:
        """``None`` when the guard passes, else the reason (naming the rule).

        Args:
            data: The ticket's accumulated data before the event.
            payload: The event's payload.
            at_us: The event's time in epoch microseconds (read by ``within`` guards).

        Raises:
            WrongTypeError: ``data`` or ``payload`` is no mapping, ``at_us`` no integer.
        """
        for name, value in (("data", data), ("payload", payload)):
            if not isinstance(value, Mapping):
                raise wrong_type(name, "a mapping of field to value", value)
        if isinstance(at_us, bool) or not isinstance(at_us, int):
            raise wrong_type("at_us", "epoch microseconds (an integer)", at_us)
        return compile_guard(self)({**data, **payload}, payload, data, at_us)

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form accepted by `WorkflowDefinition.from_dict`."""
        out: dict[str, JSON] = {"kind": self.kind, "rule": self.rule}
        if self.kind == "required":
            out["fields"] = list(self.fields)
            if self.match != "all":
                out["match"] = self.match
        elif self.kind == "within":
            out["since"] = self.since
            out["period"] = str(self.period)
        elif self.test is not None:
            out.update(self.test.to_dict())
        if self.on != "merged":
            out["on"] = self.on
        if self.when is not None:
            out["when"] = self.when.to_dict()
        if self.description:
            out["description"] = self.description
        return out


def _each(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(mapping_of(value, "each", str, "list field names"))


@attrs.frozen
class EffectSpec:
    """An effect a transition emits, as data.

    Attributes:
        kind: What the host should do (``"acknowledge"``, ``"notify_department"``, ...).
        rule: The ``DOMAIN.md`` rule ID it implements.
        params: Constant parameters (e.g. ``{"deadline_rule": "SLA-3"}``): a
            read-only view of a frozen copy, shared by every effect it emits.
        include: Data fields copied into the effect's payload when present.
        each: ``{payload_key: list_field}``: one effect per item of the list kept
            in the data field, the item under ``payload_key`` (one per complaint
            linked to an incident, FLOW-12); empty for a single effect.

    Examples:
        >>> spec = EffectSpec("notify_result", "FLOW-7", {"remedies": ["second review"]})
        >>> spec.params["remedies"], spec.to_dict()["params"]
        (('second review',), {'remedies': ['second review']})
    """

    kind: str = attrs.field(validator=is_text())
    rule: str = attrs.field(validator=is_text())
    params: Mapping[str, FrozenJSON] = attrs.field(factory=dict, converter=_params, hash=False)
    include: tuple[str, ...] = attrs.field(default=(), converter=_include)
    each: Mapping[str, str] = attrs.field(factory=dict, converter=_each, hash=False)
    _what: tuple[str, str] = attrs.field(init=False, eq=False, repr=False)

    #: ``each`` as a plain tuple of pairs: its truth is the hot path's one test.
    _pairs: tuple[tuple[str, str], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_what", (self.kind, self.rule))  # shared by every Effect
        object.__setattr__(self, "_pairs", tuple(self.each.items()))

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form."""
        out: dict[str, JSON] = {"kind": self.kind, "rule": self.rule}
        if self.params:
            out["params"] = plain(self.params)
        if self.include:
            out["include"] = list(self.include)
        if self.each:
            out["each"] = dict[str, JSON](self.each)
        return out

    def __reduce__(
        self,
    ) -> tuple[type[EffectSpec], tuple[str, str, JSON, tuple[str, ...], dict[str, str]]]:
        # A read-only view does not pickle: rebuild from plain data.
        return (
            EffectSpec, (self.kind, self.rule, plain(self.params), self.include, dict(self.each))
        )  # fmt: skip


def _collect(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(mapping_of(value, "collect", str, "payload field names"))


def _effect_specs(value: Iterable[EffectSpec]) -> tuple[EffectSpec, ...]:
    return items_of(value, "effects", EffectSpec, "EffectSpec values")


@attrs.frozen
class TransitionSpec:
    """One transition of a workflow definition.

    Attributes:
        source: The state it leaves.
        event: The event that triggers it.
        target: The state it enters (may equal ``source``).
        guards: Names of guards that must all pass.
        effects: Effects emitted when it fires.
        assign: Constant values merged into the ticket's data when it fires (a
            read-only view of a frozen copy).
        collect: ``{list_field: payload_field}``: append the payload field's value
            to a list kept in the data (e.g. the tickets linked to an incident); a
            read-only view.
        rule: The ``DOMAIN.md`` rule ID, or ``None``.
        stamp: A data field that receives the event's time (ISO 8601 text) when
            it fires, e.g. ``closed_at`` for a later ``within`` guard; or ``None``.

    Examples:
        >>> TransitionSpec("a", "go", "b").to_dict()
        {'source': 'a', 'event': 'go', 'target': 'b'}
    """

    source: str = attrs.field(validator=is_text())
    event: str = attrs.field(validator=is_text())
    target: str = attrs.field(validator=is_text())
    guards: tuple[str, ...] = attrs.field(default=(), converter=_guards)
    effects: tuple[EffectSpec, ...] = attrs.field(default=(), converter=_effect_specs)
    assign: Mapping[str, FrozenJSON] = attrs.field(factory=dict, converter=_assign, hash=False)
    collect: Mapping[str, str] = attrs.field(factory=dict, converter=_collect, hash=False)
    rule: str | None = attrs.field(default=None, validator=is_text(optional=True))
    stamp: str | None = attrs.field(default=None, validator=is_text(optional=True))

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form."""
        out: dict[str, JSON] = {"source": self.source, "event": self.event, "target": self.target}
        if self.guards:
            out["guards"] = list(self.guards)
        if self.effects:
            out["effects"] = [e.to_dict() for e in self.effects]
        if self.assign:
            out["assign"] = plain(self.assign)
        if self.collect:
            out["collect"] = dict[str, JSON](self.collect)
        if self.rule is not None:
            out["rule"] = self.rule
        if self.stamp is not None:
            out["stamp"] = self.stamp
        return out

    def __reduce__(self) -> tuple[type[TransitionSpec], tuple[object, ...]]:
        # A read-only view does not pickle: rebuild from plain data.
        return (
            TransitionSpec,
            (self.source, self.event, self.target, self.guards, self.effects,
             plain(self.assign), dict(self.collect), self.rule, self.stamp),
        )  # fmt: skip


def _missing(view: Mapping[str, object], name: str) -> bool:
    value = view.get(name)
    return value is None or value == ""


def compile_guard(g: Guard) -> Check:
    """Turn a declarative guard into a closure ``(merged, payload, data, at_us) -> reason | None``.

    The common case (every field present) runs a plain loop with no allocation;
    the message is only built when the guard fails.
    """
    when, rule = g.when, g.rule
    which = _SOURCES.index(g.on)  # 0 merged, 1 payload, 2 data

    def source(view: _View, payload: _View, data: _View) -> _View:
        return view if which == 0 else payload if which == 1 else data

    if g.kind == "required":
        fields, need_all = g.fields, g.match == "all"

        def check_required(view: _View, payload: _View, data: _View, at_us: int) -> str | None:
            if when is not None and not when._holds(view):
                return None
            src = view if which == 0 else payload if which == 1 else data
            for f in fields:
                value = src.get(f)
                if (value is None or value == "") == need_all:
                    break
            else:
                return None if need_all else _required_message(src, fields, need_all, rule)
            return _required_message(src, fields, need_all, rule) if need_all else None

        return check_required

    if g.kind == "within":
        since, period = g.since, g.period
        assert period is not None
        span = period_us(period)

        def check_within(view: _View, payload: _View, data: _View, at_us: int) -> str | None:
            if when is not None and not when._holds(view):
                return None
            src = source(view, payload, data)
            start = _instant_us(src.get(since))
            if start is None:
                return f"needs the instant {since!r} recorded, got {_shown(src, since)} ({rule})"
            if start <= at_us <= start + span:
                return None
            zone = _zone_of(src.get(since))
            end, came = _iso_in(start + span, zone), _iso_in(at_us, zone)
            if at_us < start:
                return f"the event at {came} is before {since} {src.get(since)} ({rule})"
            return (
                f"the period of {period} since {since} {src.get(since)} ended at {end}; "
                f"the event came at {came} ({rule})"
            )

        return check_within

    test = g.test
    assert test is not None

    def check_predicate(view: _View, payload: _View, data: _View, at_us: int) -> str | None:
        if when is not None and not when._holds(view):
            return None
        src = source(view, payload, data)
        if test._holds(src):
            return None
        got = repr(plain(src[test.field])) if test.field in src else "missing"
        return f"needs {test.field} {test.op} {plain(test.value)!r}, got {got} ({rule})"

    return check_predicate


def _shown(src: _View, name: str) -> str:
    return repr(plain(src[name])) if name in src else "missing"


def _instant_us(value: object) -> int | None:
    """Epoch µs of an aware ISO 8601 instant recorded in the data, or ``None``."""
    if not isinstance(value, str):
        return None
    try:
        when = _dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    try:
        return to_us(when, "since")
    except ComplaintflowError:
        return None


def _iso_in(us: int, zone: _dt.tzinfo) -> str:
    try:
        return (_EPOCH + _dt.timedelta(microseconds=us)).astimezone(zone).isoformat()
    except OverflowError:
        return f"{us} µs after 1970-01-01T00:00:00Z (beyond the years 1-9999)"


def _zone_of(value: object) -> _dt.tzinfo:
    """The zone an instant was recorded in (it is shown back in that zone)."""
    when = _dt.datetime.fromisoformat(str(value))
    return when.tzinfo or _dt.UTC


def _required_message(
    src: Mapping[str, object], fields: tuple[str, ...], need_all: bool, rule: str
) -> str:
    missing = [f for f in fields if _missing(src, f)]
    names = ", ".join(repr(f) for f in missing)
    if need_all:
        s = "s" if len(missing) > 1 else ""
        return f"missing required field{s} {names} ({rule})"
    return f"needs one of the fields {names} ({rule})"
