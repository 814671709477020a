"""SLA conditions: tests on an event's payload fields and the ticket's attributes, as data.

Theory of operation
-------------------
A condition is plain data, never code. A *leaf* names one field and one test::

    {"event": "public", "eq": true}            # the event's payload field
    {"ticket": "priority", "in": ["urgent"]}   # the ticket's attribute
    {"event": "minutes", "ge": 30}             # numbers: lt, le, gt, ge
    {"event": "team", "present": true}         # the field is there (or not)

and ``{"all": [...]}``, ``{"any": [...]}`` and ``{"not": {...}}`` combine them.
Parsing checks the whole tree and reports every problem with its path
(``all[1].lt``), then turns it into a tuple tree. `compile_condition` turns a
tree into nested closures once per policy; evaluation calls them with the event's
payload and the ticket's attributes. Nothing is ever ``eval``'d.

Tests are strict about types: ``eq`` and ``in`` compare a number only with a
number and a boolean only with a boolean (``true`` is not ``1``); a missing field
fails every test but ``present = false``; a numeric test on a field that is there
but is no number is an error of the event (`SlaEventError`), not a silent no.
Ticket attributes are strings, so on them only ``eq``, ``in`` (with strings) and
``present`` are allowed.

Sizes are bounded: a condition has at most `MAX_NODES` nodes and is at most
`MAX_DEPTH` levels deep.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import attrs

from complaintflow._errors import (
    Problem,
    SlaEventError,
    ValidationError,
    problem_text,
    wrong_type,
)

__all__ = ["MAX_DEPTH", "MAX_NODES", "OPERATORS", "SlaCondition", "compile_condition"]

#: The tests a leaf can make, in the order the reference lists them.
OPERATORS = ("eq", "in", "lt", "le", "gt", "ge", "present")
#: The combinations.
COMBINATORS = ("all", "any", "not")
#: The sources a leaf reads a field from.
SOURCES = ("event", "ticket")
#: At most this many nodes (leaves and combinations) in one condition.
MAX_NODES = 256
#: At most this many levels of nesting.
MAX_DEPTH = 16
_HINT = (
    "e.g. {'event': 'public', 'eq': True}, {'ticket': 'priority', 'in': ['urgent']}, "
    "or {'all': [...]}, {'any': [...]}, {'not': {...}}"
)

#: A parsed condition: ``("leaf", source, field, op, value)``, ``("all", (...))``,
#: ``("any", (...))`` or ``("not", node)``.
Tree = tuple[Any, ...]
Predicate = Callable[[Mapping[str, object], Mapping[str, str]], bool]


class NotANumber(Exception):
    """Raised by a compiled numeric test on a payload field that is no number."""

    def __init__(self, field: str, value: object) -> None:
        super().__init__(field, value)
        self.field, self.value = field, value


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and (not isinstance(value, float) or math.isfinite(value))
    )


def _scalar(value: object, source: str) -> bool:
    if source == "ticket":
        return isinstance(value, str)
    return isinstance(value, str | bool) or _is_number(value)


def parse_tree(data: object, path: str, problems: list[Problem]) -> Tree | None:
    """The tree of condition ``data``; problems (with ``path``) for whatever is wrong."""
    count = [0]
    before = len(problems)
    tree = _node(data, path, problems, 0, count)
    if count[0] > MAX_NODES:
        problems.append(
            Problem(path or "(condition)", f"has {count[0]} nodes; at most {MAX_NODES} are allowed")
        )
    return tree if len(problems) == before else None


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _node(data: object, path: str, problems: list[Problem], depth: int, count: list[int]) -> Tree:
    count[0] += 1
    where = path or "(condition)"
    if depth >= MAX_DEPTH:
        problems.append(Problem(where, f"is nested deeper than {MAX_DEPTH} levels"))
        return ()
    if count[0] > MAX_NODES:
        return ()
    if not isinstance(data, Mapping):
        problems.append(Problem(where, f"{problem_text(data)} is not a condition table", _HINT))
        return ()
    keys = [k for k in data if k in COMBINATORS]
    if keys:
        if len(data) != 1:
            others = sorted(str(k) for k in data if k != keys[0])
            problems.append(
                Problem(
                    where,
                    f"{keys[0]!r} cannot be combined with {others} in one table",
                    "nest the other tests inside it",
                )
            )
            return ()
        op = keys[0]
        value = data[op]
        sub = _at(path, op)
        if op == "not":
            return ("not", _node(value, sub, problems, depth + 1, count))
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            problems.append(
                Problem(sub, f"{problem_text(value)} is not a non-empty list of conditions")
            )
            return ()
        return (
            op,
            tuple(_node(v, f"{sub}[{i}]", problems, depth + 1, count) for i, v in enumerate(value)),
        )
    return _leaf(data, path, where, problems)


def _leaf(data: Mapping[Any, object], path: str, where: str, problems: list[Problem]) -> Tree:
    known = (*SOURCES, *OPERATORS)
    ok = True
    for key in data:
        if key not in known:
            problems.append(
                Problem(
                    _at(path, str(key)),
                    "unknown key",
                    f"known keys: {', '.join((*known, *COMBINATORS))}",
                )
            )
            ok = False
    sources = [s for s in SOURCES if s in data]
    ops = [o for o in OPERATORS if o in data]
    if len(sources) != 1:
        problems.append(
            Problem(
                where,
                "names no field" if not sources else "names both an event and a ticket field",
                "give exactly one of 'event' (a payload field) or 'ticket' (an attribute)",
            )
        )
        return ()
    source = sources[0]
    field = data[source]
    if not isinstance(field, str) or not field:
        problems.append(Problem(_at(path, source), f"{problem_text(field)} is not a field name"))
        ok = False
    if len(ops) != 1:
        problems.append(
            Problem(
                where,
                "makes no test" if not ops else f"makes {len(ops)} tests {ops}",
                f"give exactly one of {', '.join(OPERATORS)}",
            )
        )
        return ()
    op = ops[0]
    value = data[op]
    at = _at(path, op)
    if op == "present":
        if not isinstance(value, bool):
            problems.append(Problem(at, f"{problem_text(value)} is not true or false"))
            ok = False
    elif op in ("lt", "le", "gt", "ge"):
        if source == "ticket":
            problems.append(
                Problem(
                    at,
                    "ticket attributes are strings, so they have no order",
                    "compare a ticket attribute with eq or in",
                )
            )
            ok = False
        elif not _is_number(value):
            problems.append(Problem(at, f"{problem_text(value)} is not a finite number"))
            ok = False
    elif op == "eq":
        if not _scalar(value, source):
            allowed = (
                "a string (ticket attributes are strings)"
                if source == "ticket"
                else "a string, a number or true/false"
            )
            problems.append(Problem(at, f"{problem_text(value)} is not {allowed}"))
            ok = False
    else:  # in
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            problems.append(Problem(at, f"{problem_text(value)} is not a non-empty list of values"))
            ok = False
        else:
            for i, v in enumerate(value):
                if not _scalar(v, source):
                    problems.append(
                        Problem(f"{at}[{i}]", f"{problem_text(v)} is not a value to compare with")
                    )
                    ok = False
            if ok:
                value = tuple(value)
    if not ok:
        return ()
    return ("leaf", source, field, op, value)


def tree_data(tree: Tree) -> dict[str, object]:
    """The plain data of a parsed tree (``parse_tree(tree_data(t)) == t``)."""
    op = tree[0]
    if op == "leaf":
        _, source, field, test, value = tree
        return {source: field, test: list(value) if test == "in" else value}
    if op == "not":
        return {"not": tree_data(tree[1])}
    return {op: [tree_data(t) for t in tree[1]]}


def _same(a: object, b: object) -> bool:
    """Equal and of one kind: a boolean equals only a boolean, a number only a number."""
    return (
        a == b
        and isinstance(a, bool) == isinstance(b, bool)
        and isinstance(a, str) == isinstance(b, str)
    )


def compile_condition(tree: Tree) -> Predicate:
    """A closure ``(payload, attributes) -> bool`` for a parsed tree.

    Examples:
        >>> c = SlaCondition({"all": [{"event": "public", "eq": True},
        ...                           {"not": {"ticket": "tier", "eq": "vip"}}]})
        >>> f = compile_condition(c.tree)
        >>> f({"public": True}, {}), f({"public": True}, {"tier": "vip"}), f({"public": 1}, {})
        (True, False, False)
    """
    op = tree[0]
    if op == "all":
        parts = tuple(compile_condition(t) for t in tree[1])
        return lambda p, a: all(f(p, a) for f in parts)
    if op == "any":
        parts = tuple(compile_condition(t) for t in tree[1])
        return lambda p, a: any(f(p, a) for f in parts)
    if op == "not":
        inner = compile_condition(tree[1])
        return lambda p, a: not inner(p, a)
    _, source, field, test, value = tree
    missing = _MISSING
    pick: Callable[[Mapping[str, object], Mapping[str, str]], object]
    if source == "event":
        pick = lambda p, a: p.get(field, missing)  # noqa: E731
    else:
        pick = lambda p, a: a.get(field, missing)  # noqa: E731
    if test == "present":
        return lambda p, a: (pick(p, a) is not missing) is value
    if test == "eq":
        return lambda p, a: _same(pick(p, a), value)
    if test == "in":
        return lambda p, a: any(_same(pick(p, a), v) for v in value)
    compare: Callable[[Any, Any], bool] = _COMPARE[test]

    def numeric(p: Mapping[str, object], a: Mapping[str, str]) -> bool:
        x = pick(p, a)
        if x is missing:
            return False
        if not _is_number(x):
            raise NotANumber(field, x)
        return compare(x, value)

    return numeric


_MISSING = object()
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda x, v: x < v,
    "le": lambda x, v: x <= v,
    "gt": lambda x, v: x > v,
    "ge": lambda x, v: x >= v,
}


def _tree_or_raw(value: object) -> Any:
    """The parsed tree of condition data, or the value itself when it does not parse
    (for the checks to report with its path); a tree is kept as it is."""
    if isinstance(value, SlaCondition):
        return value.tree
    if _looks_parsed(value):
        return value
    tree = parse_tree(value, "", [])
    return value if tree is None else tree


@attrs.frozen(repr=False)
class SlaCondition:
    """A test on an event's payload fields and the ticket's attributes, as data.

    Build one from plain data (the shape of the policy format); every problem is
    reported at once, with its path (under ``tree``, the field that holds it). A
    trigger of a target (`SlaTrigger`) carries one; the policy compiles it once
    into closures.

    Attributes:
        tree: The parsed condition, a tuple tree (``data`` gives the plain form).

    Examples:
        >>> public = SlaCondition({"event": "public", "eq": True})
        >>> public.matches({"public": True}), public.matches({"public": False}), public.matches({})
        (True, False, False)
        >>> SlaCondition({"any": [{"event": "minutes", "ge": 30},
        ...                       {"ticket": "priority", "in": ["urgent", "high"]}]}).matches(
        ...     {"minutes": 5}, {"priority": "urgent"})
        True
        >>> SlaCondition({"all": [{"event": "public"}, {"ticket": "level", "lt": 3}, {"not": []}]})
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 3 problems in SLA condition:
          - tree.all[0]: makes no test; give exactly one of eq, in, lt, le, gt, ge, present
          - tree.all[1].lt: ticket attributes are strings, so they have no order; compare a ticket attribute with eq or in
          - tree.all[2].not: [] is not a condition table; e.g. {'event': 'public', 'eq': True}, {'ticket': 'priority', 'in': ['urgent']}, or {'all': [...]}, {'any': [...]}, {'not': {...}}
    """  # noqa: E501

    tree: Tree = attrs.field(converter=_tree_or_raw)
    _fn: object = attrs.field(init=False, default=None, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        raw: object = self.tree
        problems: list[Problem] = []
        data = tree_data(cast(Tree, raw)) if _looks_parsed(raw) else raw
        tree = parse_tree(data, "tree", problems)
        if problems or tree is None:
            raise ValidationError(problems, what="SLA condition")
        object.__setattr__(self, "tree", tree)

    @property
    def data(self) -> dict[str, object]:
        """The condition as plain data (the policy format's shape)."""
        return tree_data(self.tree)

    def matches(
        self, payload: Mapping[str, object], attributes: Mapping[str, str] | None = None
    ) -> bool:
        """Whether an event with this payload, on a ticket with these attributes, matches.

        Raises:
            SlaEventError: A numeric test meets a payload field that is no number.
            WrongTypeError: ``payload`` is no mapping, or ``attributes`` no mapping
                of names to strings.
        """
        if not isinstance(payload, Mapping):
            raise wrong_type("payload", "a mapping", payload)
        if attributes is None:
            attributes = {}
        elif not isinstance(attributes, Mapping):
            raise wrong_type("attributes", "a mapping of names to strings", attributes)
        fn = self._fn
        if fn is None:
            fn = compile_condition(self.tree)
            object.__setattr__(self, "_fn", fn)
        try:
            return bool(fn(payload, attributes))  # type: ignore[operator]
        except NotANumber as e:
            raise SlaEventError(
                f"payload field {e.field!r} is {problem_text(e.value)}; "
                "a numeric test needs a number",
                field=f"payload.{e.field}",
                value=e.value,
            ) from None

    def __repr__(self) -> str:
        return f"SlaCondition({self.data!r})"


def _looks_parsed(value: object, depth: int = 0) -> bool:
    """Whether ``value`` has the shape of a tuple tree (a parsed condition, e.g. from
    ``attrs.evolve``); its values are checked again by parsing its data."""
    if not isinstance(value, tuple) or not value or depth > MAX_DEPTH:
        return False
    op = value[0]
    if op == "leaf":
        return len(value) == 5 and value[1] in SOURCES and value[3] in OPERATORS
    if op == "not":
        return len(value) == 2 and _looks_parsed(value[1], depth + 1)
    if op in ("all", "any"):
        return (
            len(value) == 2
            and isinstance(value[1], tuple)
            and all(_looks_parsed(v, depth + 1) for v in value[1])
        )
    return False
