"""Reading SLA policies from plain data (the TOML policy shape).

Theory of operation
-------------------
Parsing never stops at the first problem: every helper appends
`Problem` records with their paths
(``targets[2].within``) and returns what it could read. Targets that parse are
built (their own checks run and are re-pathed), then the policy-level checks run
on what was built, with the names of *all* listed targets so that an override of a
target that failed to parse is not reported twice. One
`ValidationError` lists everything.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from complaintflow._errors import DurationError, Problem, ValidationError, problem_text
from complaintflow.calendars import BusinessCalendar, Duration
from complaintflow.sla._definition import (
    ALWAYS_OPEN,
    DEFAULT_PRECEDENCE,
    Condition,
    Escalation,
    SlaOverride,
    SlaTarget,
    SlaTrigger,
    _condition,
    _policy_problems,
    _trigger_problems,
    calendar_attribute,
)

if TYPE_CHECKING:
    from complaintflow.sla._policy import SlaPolicy

_TARGET_KEYS = (
    "name", "rule", "within", "calendar", "start", "stop", "pause", "resume", "reset",
    "cancel", "warnings", "escalations", "when", "see_also", "new_cycle_on_start",
    "retroactive_start", "calendar_by",
)  # fmt: skip
_OVERRIDE_KEYS = ("target", "when", "within", "calendar", "warnings", "escalations")
_POLICY_KEYS = (
    "targets", "overrides", "precedence", "kinds", "calendars", "name", "calendar_by",
    "calendar_fallback",
)  # fmt: skip


def _unknown_keys(data: Mapping[str, object], known: Sequence[str], path: str) -> list[Problem]:
    out = []
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            out.append(Problem(f"{path}{key}", "unknown key", hint))
    return out


def _str_list(value: object, path: str, problems: list[Problem]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(Problem(path, f"{problem_text(value)} is not a list of names"))
    return ()


def _role_list(value: object, path: str, problems: list[Problem]) -> tuple[str | SlaTrigger, ...]:
    """A role's kinds: names, or ``{kind, when}`` tables (conditional triggers)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Sequence):
        problems.append(Problem(path, f"{problem_text(value)} is not a list of event kinds"))
        return ()
    out: list[str | SlaTrigger] = []
    for i, item in enumerate(value):
        if isinstance(item, str | SlaTrigger):
            out.append(item)
        elif isinstance(item, Mapping):
            before = len(problems)
            _trigger_problems(item, f"{path}[{i}]", problems)
            if len(problems) == before:
                out.append(SlaTrigger(item["kind"], item["when"]))
        else:
            problems.append(
                Problem(
                    f"{path}[{i}]",
                    f"{problem_text(item)} is not an event kind",
                    "a name, or a table {kind = ..., when = {...}}",
                )
            )
    return tuple(out)


def _levels(value: object, path: str, problems: list[Problem]) -> tuple[float, ...] | None:
    """The levels that are numbers; a problem for each that is not (ranges are checked later)."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        problems.append(
            Problem(path, f"{problem_text(value)} is not a list of levels", "e.g. [0.5, 0.75]")
        )
        return None
    out = []
    for i, level in enumerate(value):
        if isinstance(level, int | float) and not isinstance(level, bool):
            out.append(level)
        else:  # a list or table here would be unhashable in the duplicate check
            problems.append(
                Problem(f"{path}[{i}]", f"{problem_text(level)} is not a number", "e.g. 0.5")
            )
    return tuple(out)


def _escalations(
    value: object, path: str, problems: list[Problem]
) -> tuple[Escalation, ...] | None:
    if not isinstance(value, Sequence) or isinstance(value, str):
        problems.append(Problem(path, f"{problem_text(value)} is not a list of escalations"))
        return None
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            problems.append(Problem(f"{path}[{i}]", f"{problem_text(item)} is not a table"))
            continue
        problems.extend(_unknown_keys(item, ("level", "effect", "rule"), f"{path}[{i}]."))
        level, effect, rule = item.get("level"), item.get("effect"), item.get("rule")
        if not isinstance(effect, str) or not effect:
            problems.append(
                Problem(f"{path}[{i}].effect", "is required", "e.g. 'notify_supervisor'")
            )
            continue
        if rule is not None and not isinstance(rule, str):
            problems.append(Problem(f"{path}[{i}].rule", f"{problem_text(rule)} is not a rule ID"))
            rule = None
        try:
            out.append(Escalation(level, effect, rule))  # type: ignore[arg-type]  # checks level
        except ValidationError as e:
            problems.extend(Problem(f"{path}[{i}].{p.path}", p.message, p.hint) for p in e.problems)
    return tuple(out)


def _condition_data(value: object, path: str, problems: list[Problem]) -> Condition:
    if not isinstance(value, Mapping):
        problems.append(
            Problem(path, f"{problem_text(value)} is not a table", "e.g. {tier = 'vip'}")
        )
        return ()
    out: dict[str, str | Sequence[str]] = {}
    for key, allowed in value.items():
        values = _str_list(allowed, f"{path}.{key}", problems)
        if values:
            out[str(key)] = values
    return _condition(out)


def _duration(value: object, path: str, problems: list[Problem]) -> Duration | None:
    try:
        return Duration.parse(value, field=path)
    except DurationError as e:
        message = e.message[len(path) + 2 :] if e.message.startswith(path + ": ") else e.message
        problems.append(Problem(path, message))
        return None


def _calendar(
    value: object, path: str, known: Mapping[str, BusinessCalendar], problems: list[Problem]
) -> BusinessCalendar | None:
    if isinstance(value, BusinessCalendar):
        return value
    if isinstance(value, str) and value in known:
        return known[value]
    names = ", ".join(repr(k) for k in sorted(known))
    problems.append(Problem(path, f"{problem_text(value)} is not a known calendar; known: {names}"))
    return None


@attrs.frozen
class _Parts:
    targets: tuple[SlaTarget, ...]
    overrides: tuple[SlaOverride, ...]
    precedence: tuple[str, ...]
    calendars: Mapping[str, BusinessCalendar]
    calendar_by: object
    calendar_fallback: object


def policy_from_dict(
    cls: type[SlaPolicy], data: Mapping[str, object], calendars: Mapping[str, BusinessCalendar]
) -> SlaPolicy:
    if not isinstance(data, Mapping):
        raise ValidationError(
            [Problem("", f"{problem_text(data)} is not a table")], what="SLA policy"
        )
    problems = _unknown_keys(data, _POLICY_KEYS, "")
    always_open = BusinessCalendar.from_dict({"default": "24x7"})
    known: dict[str, BusinessCalendar] = {ALWAYS_OPEN: always_open}
    raw_cals = data.get("calendars", {})
    if isinstance(raw_cals, Mapping):
        for name, cal_data in raw_cals.items():
            try:
                known[str(name)] = (
                    cal_data
                    if isinstance(cal_data, BusinessCalendar)
                    else BusinessCalendar.from_dict(cal_data)
                )
            except ValidationError as e:
                problems.extend(
                    Problem(f"calendars.{name}.{p.path}", p.message, p.hint) for p in e.problems
                )
    else:
        problems.append(Problem("calendars", f"{problem_text(raw_cals)} is not a table"))
    known.update(calendars)
    raw_targets = data.get("targets")
    targets: list[SlaTarget] = []
    if not isinstance(raw_targets, Sequence) or isinstance(raw_targets, str) or not raw_targets:
        problems.append(Problem("targets", "needs a list of at least one target"))
        raw_targets = []
    names: list[object] = []
    for i, item in enumerate(raw_targets):
        path = f"targets[{i}]."
        if not isinstance(item, Mapping):
            problems.append(Problem(f"targets[{i}]", f"{problem_text(item)} is not a table"))
            names.append(None)
            continue
        local: list[Problem] = _unknown_keys(item, _TARGET_KEYS, path)
        name = item.get("name")
        if isinstance(name, str) and name in names:
            local.append(
                Problem(
                    f"{path}name",
                    f"{name!r} is used by targets[{names.index(name)}] too; names must be unique",
                )
            )
        names.append(name)
        for key in ("name", "rule", "within", "calendar", "start", "stop"):
            if key not in item:
                local.append(Problem(f"{path}{key}", "is required"))
        if any(p.message == "is required" for p in local):
            problems.extend(local)
            continue
        within = _duration(item["within"], f"{path}within", local)
        cal = _calendar(item["calendar"], f"{path}calendar", known, local)
        fields: dict[str, object] = {
            role: _role_list(item.get(role, ()), f"{path}{role}", local)
            for role in ("start", "stop", "pause", "resume", "reset", "cancel")
        }
        fields["see_also"] = _str_list(item.get("see_also", ()), f"{path}see_also", local)
        if "warnings" in item:
            fields["warnings"] = _levels(item["warnings"], f"{path}warnings", local) or ()
        if "escalations" in item:
            fields["escalations"] = _escalations(item["escalations"], f"{path}escalations", local)
        if "when" in item:
            fields["when"] = _condition_data(item["when"], f"{path}when", local)
        if "retroactive_start" in item:
            retro = item["retroactive_start"]
            if isinstance(retro, Mapping):
                before = len(local)
                _trigger_problems(retro, f"{path}retroactive_start", local)
                if len(local) == before:
                    fields["retroactive_start"] = SlaTrigger(retro["kind"], retro["when"])
            else:
                fields["retroactive_start"] = retro
        if "calendar_by" in item:
            fields["calendar_by"] = item["calendar_by"]  # checked by the target
        if "new_cycle_on_start" in item:
            again = item["new_cycle_on_start"]
            if isinstance(again, bool):
                fields["new_cycle_on_start"] = again
            else:
                local.append(
                    Problem(
                        f"{path}new_cycle_on_start", f"{problem_text(again)} is not true or false"
                    )
                )
        if local or within is None or cal is None:
            problems.extend(local)
            continue
        try:
            targets.append(
                SlaTarget(item["name"], item["rule"], within, cal, **fields)  # type: ignore[arg-type]
            )
        except ValidationError as e:
            problems.extend(Problem(path + p.path, p.message, p.hint) for p in e.problems)
    overrides: list[SlaOverride] = []
    raw_overrides = data.get("overrides", [])
    if not isinstance(raw_overrides, Sequence) or isinstance(raw_overrides, str):
        problems.append(Problem("overrides", f"{problem_text(raw_overrides)} is not a list"))
        raw_overrides = []
    for i, item in enumerate(raw_overrides):
        path = f"overrides[{i}]."
        if not isinstance(item, Mapping):
            problems.append(Problem(f"overrides[{i}]", f"{problem_text(item)} is not a table"))
            continue
        problems.extend(_unknown_keys(item, _OVERRIDE_KEYS, path))
        target = item.get("target")
        if not isinstance(target, str):
            problems.append(Problem(f"{path}target", "is required", "the name of a target"))
            continue
        ov: dict[str, object] = {}
        if "within" in item:
            ov["within"] = _duration(item["within"], f"{path}within", problems)
        if "calendar" in item:
            ov["calendar"] = _calendar(item["calendar"], f"{path}calendar", known, problems)
        if "warnings" in item:
            ov["warnings"] = _levels(item["warnings"], f"{path}warnings", problems)
        if "escalations" in item:
            ov["escalations"] = _escalations(item["escalations"], f"{path}escalations", problems)
        when = _condition_data(item.get("when", {}), f"{path}when", problems)
        try:
            overrides.append(SlaOverride(target, when, **ov))  # type: ignore[arg-type]
        except ValidationError as e:
            problems.extend(Problem(path + p.path, p.message, p.hint) for p in e.problems)
    precedence = _str_list(data.get("precedence", DEFAULT_PRECEDENCE), "precedence", problems)
    kinds = _str_list(data.get("kinds", ()), "kinds", problems)
    label = data.get("name")
    if label is not None and (not isinstance(label, str) or not label):
        problems.append(Problem("name", f"{problem_text(label)} is not a non-empty string"))
        label = None
    by = data.get("calendar_by")
    fallback = data.get("calendar_fallback", False)
    # The calendars a ticket may select: every one the data knows, once a target selects.
    selects = any(
        calendar_attribute(t, by if isinstance(by, str) else None) is not None for t in targets
    ) or any(isinstance(t, Mapping) and isinstance(t.get("calendar_by"), str)
             for t in raw_targets)  # fmt: skip
    choices = known if selects or by is not None else {}
    parts = _Parts(tuple(targets), tuple(overrides), precedence, choices, by, fallback)
    problems.extend(_policy_problems(parts, names))
    if problems:
        raise ValidationError(problems, what="SLA policy")
    return cls(
        targets, overrides, precedence, kinds, label,
        calendars=choices, calendar_by=by, calendar_fallback=fallback,  # type: ignore[arg-type]
    )  # fmt: skip
