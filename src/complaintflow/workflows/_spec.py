"""Workflow specs: the guards, conditions, effects and transitions a definition holds.

Theory of operation
-------------------
These are the parts a :class:`~complaintflow.workflows.WorkflowDefinition` is made
of, each a frozen value built from plain data: a :class:`Condition` (``field op
value``), a :class:`Guard` (``required`` fields or a ``predicate``, with an optional
``when``), an :class:`EffectSpec` (what the host should do, with its rule ID) and a
:class:`TransitionSpec`. Guards are compiled here into small closures for the hot
path (:func:`compile_guard`, :func:`compile_test`); the definition's table holds them.

Every spec is deeply immutable and hashable, whoever builds it: its plain data (a
condition's value, an effect's ``params``, a transition's ``assign`` and
``collect``) is frozen by the field's converter (:mod:`._frozen`: read-only views,
tuples), sequences become tuples, and ``to_dict`` gives plain JSON back. The
frozen mappings are compared by ``==`` but left out of ``hash`` (a read-only view
has no hash), which keeps ``hash`` consistent with ``==``. Conditions compare
frozen values: a list is tested as the tuple it is frozen to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from complaintflow._errors import items_of, mapping_of
from complaintflow._json import JSON
from complaintflow.workflows._frozen import FrozenJSON, freeze_mapping, freeze_value, plain

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE = re.compile(r"^[A-Z]+-\d+$")
_OPS = ("==", "!=", "in", "not in")
_KINDS = ("required", "predicate")
_SOURCES = ("merged", "payload", "data")
_MATCHES = ("all", "any")

#: A compiled guard check: (merged, payload, data) in, ``None`` when it passes, else the reason.
Check = Callable[[Mapping[str, object], Mapping[str, object], Mapping[str, object]], "str | None"]
#: A compiled guard test for the hot path: (merged, payload, data) in, pass or fail out.
Test = Callable[[Mapping[str, object], Mapping[str, object], Mapping[str, object]], bool]
_MISSING = object()


def names(value: Iterable[str], field: str) -> tuple[str, ...]:
    """A tuple of names (a frozen value holds no list); a string or an item that is
    no string is refused, naming the field."""
    return items_of(value, field, str, "names")


def frozen_map(value: Mapping[str, object], field: str) -> Mapping[str, FrozenJSON]:
    """A read-only view of a frozen copy of a mapping of names to values."""
    return freeze_mapping(mapping_of(value, field, object, "values"))


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

    field: str
    op: str
    value: FrozenJSON = attrs.field(converter=freeze_value, hash=False)

    def holds(self, view: Mapping[str, object]) -> bool:
        """Whether the condition holds on ``view`` (a missing field never holds)."""
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


@attrs.frozen
class Guard:
    """A named, declarative guard with the rule it implements.

    Attributes:
        name: The guard's name, referenced by transitions.
        kind: ``"required"`` (fields present) or ``"predicate"`` (a :class:`Condition`).
        rule: The ``DOMAIN.md`` rule ID (e.g. ``"IN-6"``).
        fields: For ``required``: the fields that must be present (not missing,
            ``None`` or ``""``).
        match: For ``required``: ``"all"`` fields or ``"any"`` one of them.
        test: For ``predicate``: the condition that must hold.
        on: Which view is checked: ``"merged"`` (accumulated data updated with the
            event payload, the default), ``"payload"`` or ``"data"`` (before the event).
        when: If given, the guard only applies when this condition holds on the
            merged view; otherwise it passes.
        description: Free text for people.

    Examples:
        >>> g = Guard("network", "required", "IN-6", fields=("location",),
        ...           when=Condition("category", "==", "network"))
        >>> g.check({}, {"category": "network"})
        "missing required field 'location' (IN-6)"
        >>> g.check({}, {"category": "billing"}) is None
        True
    """

    name: str
    kind: str
    rule: str
    fields: tuple[str, ...] = attrs.field(default=(), converter=_fields)
    match: str = "all"
    test: Condition | None = None
    on: str = "merged"
    when: Condition | None = None
    description: str = ""

    def check(self, data: Mapping[str, object], payload: Mapping[str, object]) -> str | None:
        """``None`` when the guard passes, else the reason (naming the rule).

        Args:
            data: The ticket's accumulated data before the event.
            payload: The event's payload.
        """
        return compile_guard(self)({**data, **payload}, payload, data)

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form accepted by :meth:`WorkflowDefinition.from_dict`."""
        out: dict[str, JSON] = {"kind": self.kind, "rule": self.rule}
        if self.kind == "required":
            out["fields"] = list(self.fields)
            if self.match != "all":
                out["match"] = self.match
        elif self.test is not None:
            out.update(self.test.to_dict())
        if self.on != "merged":
            out["on"] = self.on
        if self.when is not None:
            out["when"] = self.when.to_dict()
        if self.description:
            out["description"] = self.description
        return out


@attrs.frozen
class EffectSpec:
    """An effect a transition emits, as data.

    Attributes:
        kind: What the host should do (``"acknowledge"``, ``"notify_department"``, ...).
        rule: The ``DOMAIN.md`` rule ID it implements.
        params: Constant parameters (e.g. ``{"deadline_rule": "SLA-3"}``): a
            read-only view of a frozen copy, shared by every effect it emits.
        include: Data fields copied into the effect's payload when present.

    Examples:
        >>> spec = EffectSpec("notify_result", "FLOW-7", {"remedies": ["second review"]})
        >>> spec.params["remedies"], spec.to_dict()["params"]
        (('second review',), {'remedies': ['second review']})
    """

    kind: str
    rule: str
    params: Mapping[str, FrozenJSON] = attrs.field(factory=dict, converter=_params, hash=False)
    include: tuple[str, ...] = attrs.field(default=(), converter=_include)
    _what: tuple[str, str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_what", (self.kind, self.rule))  # shared by every Effect

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form."""
        out: dict[str, JSON] = {"kind": self.kind, "rule": self.rule}
        if self.params:
            out["params"] = plain(self.params)
        if self.include:
            out["include"] = list(self.include)
        return out

    def __reduce__(self) -> tuple[type[EffectSpec], tuple[str, str, JSON, tuple[str, ...]]]:
        # A read-only view does not pickle: rebuild from plain data.
        return (EffectSpec, (self.kind, self.rule, plain(self.params), self.include))


def _names_map(value: Mapping[str, str]) -> Mapping[str, str]:
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

    Examples:
        >>> TransitionSpec("a", "go", "b").to_dict()
        {'source': 'a', 'event': 'go', 'target': 'b'}
    """

    source: str
    event: str
    target: str
    guards: tuple[str, ...] = attrs.field(default=(), converter=_guards)
    effects: tuple[EffectSpec, ...] = attrs.field(default=(), converter=_effect_specs)
    assign: Mapping[str, FrozenJSON] = attrs.field(factory=dict, converter=_assign, hash=False)
    collect: Mapping[str, str] = attrs.field(factory=dict, converter=_names_map, hash=False)
    rule: str | None = None

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
        return out

    def __reduce__(self) -> tuple[type[TransitionSpec], tuple[object, ...]]:
        # A read-only view does not pickle: rebuild from plain data.
        return (
            TransitionSpec,
            (self.source, self.event, self.target, self.guards, self.effects,
             plain(self.assign), dict(self.collect), self.rule),
        )  # fmt: skip


def _missing(view: Mapping[str, object], name: str) -> bool:
    value = view.get(name)
    return value is None or value == ""


def compile_guard(g: Guard) -> Check:
    """Turn a declarative guard into a closure ``(merged, payload, data) -> reason | None``.

    The common case (every field present) runs a plain loop with no allocation;
    the message is only built when the guard fails.
    """
    when, rule = g.when, g.rule
    which = _SOURCES.index(g.on)  # 0 merged, 1 payload, 2 data

    def source(
        view: Mapping[str, object], payload: Mapping[str, object], data: Mapping[str, object]
    ) -> Mapping[str, object]:
        return view if which == 0 else payload if which == 1 else data

    if g.kind == "required":
        fields, need_all = g.fields, g.match == "all"

        def check_required(
            view: Mapping[str, object], payload: Mapping[str, object], data: Mapping[str, object]
        ) -> str | None:
            if when is not None and not when.holds(view):
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

    test = g.test
    assert test is not None

    def check_predicate(
        view: Mapping[str, object], payload: Mapping[str, object], data: Mapping[str, object]
    ) -> str | None:
        if when is not None and not when.holds(view):
            return None
        src = source(view, payload, data)
        if test.holds(src):
            return None
        got = repr(plain(src[test.field])) if test.field in src else "missing"
        return f"needs {test.field} {test.op} {plain(test.value)!r}, got {got} ({rule})"

    return check_predicate


def _compile_condition(cond: Condition) -> Callable[[Mapping[str, object]], bool]:
    """A closure equivalent to ``cond.holds`` without attribute look-ups.

    A scalar value (the usual case) compares equal to a field's value whether that
    is plain or frozen, so its closure compares as it is; a list or mapping value
    freezes the field's value first, so plain and frozen data are tested alike.
    """
    fld, value, op = cond.field, cond.value, cond.op
    options = value if isinstance(value, tuple) else (value,)
    if not (_scalar(value) if op in ("==", "!=") else all(map(_scalar, options))):
        return cond.holds
    if op == "==":
        return lambda src: src.get(fld, _MISSING) == value
    if op == "!=":
        return lambda src: fld in src and src[fld] != value
    if op == "in":
        return lambda src: fld in src and src[fld] in options
    return lambda src: fld in src and src[fld] not in options


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float)


def compile_test(g: Guard) -> Test:
    """The hot-path form of a guard: a boolean closure that builds no message."""
    when = None if g.when is None else _compile_condition(g.when)
    which = _SOURCES.index(g.on)  # 0 merged, 1 payload, 2 data
    if g.kind == "required":
        fields, need_all = g.fields, g.match == "all"

        def test_required(
            view: Mapping[str, object], payload: Mapping[str, object], data: Mapping[str, object]
        ) -> bool:
            if when is not None and not when(view):
                return True
            src = view if which == 0 else payload if which == 1 else data
            for f in fields:
                value = src.get(f)
                if (value is None or value == "") == need_all:
                    return not need_all
            return need_all

        return test_required

    assert g.test is not None
    holds = _compile_condition(g.test)

    def test_predicate(
        view: Mapping[str, object], payload: Mapping[str, object], data: Mapping[str, object]
    ) -> bool:
        if when is not None and not when(view):
            return True
        return holds(view if which == 0 else payload if which == 1 else data)

    return test_predicate


def _required_message(
    src: Mapping[str, object], fields: tuple[str, ...], need_all: bool, rule: str
) -> str:
    missing = [f for f in fields if _missing(src, f)]
    names = ", ".join(repr(f) for f in missing)
    if need_all:
        s = "s" if len(missing) > 1 else ""
        return f"missing required field{s} {names} ({rule})"
    return f"needs one of the fields {names} ({rule})"
