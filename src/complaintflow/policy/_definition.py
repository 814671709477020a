"""Policy bundles: calendars, SLA targets, workflows, follow-up rules, script packs.

Theory of operation
-------------------
A `Policy` is one versioned plain-data document (a dict, or TOML text the
host has read) and the frozen values built from it. The data is the policy: the
built values are derived from it, equality and hashing compare the data, and
``Policy.from_dict(p.to_dict()) == p`` always holds. Every section is validated by
the part that owns it, and every problem of every section is reported at once,
each with its full path (``sla.targets[2].within``) and a hint.

The data is plain data, JSON-compatible, checked before any section is read:
keys are strings, values are strings, numbers (finite), booleans, ``None``,
lists and tables. Dates, times and date-times (TOML date literals such as
``holidays = [2026-10-01]``, or Python ``date`` values) are read as their ISO 8601
text, which is what the policy keeps: ``to_dict()`` gives ``"2026-10-01"``. Any
other value, and a key that is not a string, is one problem at its path. A
parser never raises while it collects problems: an unexpected error inside a
section's parser is reported as a problem of that section.

Sections (all optional but ``format``; missing ones take the defaults of
`complaintflow.policy.default_data`):

- ``calendars``: name to calendar data, or a preset: ``{"preset": "china",
  "years": [2025, 2026]}`` (the official calendar) or ``{"preset": "24x7"}``;
- ``sla``: the SLA policy (targets, overrides, precedence), whose ``calendar``
  fields name the calendars above; every workflow event is a known SLA event kind;
- ``workflows``: name to workflow data, or ``{"shipped": "complaint"}``;
- ``followup``: the follow-up policy;
- ``scripts``: name to script-pack data, or ``{"default": "zh_CN"}``;
- ``replay``: how `replay` reads tickets (segments,
  trigger and visit events of the return visit).

A notebook user derives variants with `Policy.with_` (dotted paths, list
items selected by name) or by editing ``to_dict()``; `Policy.diff` says
what changed, rule by rule, in words.
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import json
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
import tomli_w

from complaintflow._check import is_instance, is_text
from complaintflow._errors import (
    ComplaintflowError,
    Problem,
    ValidationError,
    WrongTypeError,
    items_of,
    mapping_of,
    problem_text,
    wrong_type,
)
from complaintflow._json import JSON, MAX_DEPTH
from complaintflow.calendars import BusinessCalendar
from complaintflow.followup import FollowupPolicy
from complaintflow.policy._defaults import (
    ATTRIBUTES,
    FORMAT_VERSION,
    RESOLVED_EVENTS,
    RETURN_VISIT_EVENTS,
    SEGMENT_BY,
    default_data,
)
from complaintflow.policy._diff import PolicyChange, diff_policies
from complaintflow.scripts import ScriptPack
from complaintflow.scripts._defaults import DEFAULT_NAMES as PACK_NAMES
from complaintflow.scripts._defaults import default_data as pack_data
from complaintflow.sla import SlaPolicy
from complaintflow.workflows import WorkflowDefinition
from complaintflow.workflows._defaults import DEFAULT_NAMES as WORKFLOW_NAMES
from complaintflow.workflows._defaults import default_data as workflow_data

__all__ = ["Policy", "ReplaySettings", "default"]

_T = TypeVar("_T")

SECTIONS = ("format", "name", "calendars", "sla", "workflows", "followup", "scripts", "replay")
REPLAY_KEYS = ("segment_by", "attributes", "resolved_events", "return_visit_events")


def _hint_keys(key: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"


def _prefixed(prefix: str, error: ValidationError) -> list[Problem]:
    return [
        Problem(f"{prefix}.{p.path}" if p.path else prefix, p.message, p.hint)
        for p in error.problems
    ]


def _guarded(path: str, build: Callable[[], _T], problems: list[Problem]) -> _T | None:
    """``build()``, its validation problems prefixed with ``path``; any other error of
    a section's parser is one problem at ``path`` (parsers never raise here)."""
    try:
        return build()
    except ValidationError as e:
        problems.extend(_prefixed(path, e))
    except ComplaintflowError as e:
        problems.append(Problem(f"{path}.{e.field}" if e.field else path, e.message))
    except Exception as e:
        problems.append(
            Problem(path, f"cannot be read ({type(e).__name__}: {e})", "check this section's data")
        )
    return None


_DATES = (_dt.date, _dt.time)  # datetime is a date
_PLAIN_HINT = "use text, numbers, true/false, lists and tables"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _plain(value: object, path: str, problems: list[Problem], depth: int = 0) -> object:
    """A JSON-compatible copy of ``value``: dates as ISO text, tuples as lists, keys
    that are not strings left out. Every other value that is not plain data is kept
    (the section's parser may say more) and reported at its path."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            problems.append(Problem(path, f"{value!r} is not a finite number", _PLAIN_HINT))
        return value
    if isinstance(value, _DATES):
        return value.isoformat()
    if depth >= MAX_DEPTH:
        problems.append(Problem(path, f"nested deeper than {MAX_DEPTH} levels", _PLAIN_HINT))
        return value
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(
                    Problem(
                        _join(path, problem_text(key)),
                        f"key {problem_text(key)} is not a string",
                        "write keys as text",
                    )
                )
                continue
            out[key] = _plain(item, _join(path, key), problems, depth + 1)
        return out
    if isinstance(value, list | tuple):
        return [_plain(v, f"{path}[{i}]", problems, depth + 1) for i, v in enumerate(value)]
    problems.append(
        Problem(
            path, f"{problem_text(value)} ({type(value).__name__}) is not plain data", _PLAIN_HINT
        )
    )
    return value


def _covered(path: str, problems: Sequence[Problem]) -> bool:
    """Whether a problem is reported at ``path``, inside it or around it."""
    for p in problems:
        a, b = (p.path, path) if len(p.path) <= len(path) else (path, p.path)
        if b.startswith(a) and (len(a) == len(b) or b[len(a)] in ".["):
            return True
    return False


# One converter per field: the attrs plugin of mypy needs the types spelt out.
def _segment_by(value: object) -> tuple[str, ...]:
    return items_of(value, "segment_by", str, "ticket field names")


def _attributes(value: object) -> tuple[str, ...]:
    return items_of(value, "attributes", str, "ticket field names")


def _resolved_events(value: object) -> tuple[str, ...]:
    return items_of(value, "resolved_events", str, "event names")


def _return_visit_events(value: object) -> tuple[str, ...]:
    return items_of(value, "return_visit_events", str, "event names")


@attrs.frozen
class ReplaySettings:
    """How replay reads the host's ticket records.

    Attributes:
        segment_by: Ticket fields the aggregate report is broken down by.
        attributes: Ticket fields passed to the SLA policy (overrides select on them).
        resolved_events: Events that resolve a ticket: they open the return-visit
            window (FU-4) and make a VIP's return visit due (FU-2).
        return_visit_events: Events that record or schedule the return visit.
    """

    segment_by: tuple[str, ...] = attrs.field(default=SEGMENT_BY.value, converter=_segment_by)
    attributes: tuple[str, ...] = attrs.field(default=ATTRIBUTES.value, converter=_attributes)
    resolved_events: tuple[str, ...] = attrs.field(
        default=RESOLVED_EVENTS.value, converter=_resolved_events
    )
    return_visit_events: tuple[str, ...] = attrs.field(
        default=RETURN_VISIT_EVENTS.value, converter=_return_visit_events
    )

    @property
    def fields(self) -> tuple[str, ...]:
        """Every ticket field replay reads as an attribute, sorted, without repeats."""
        return tuple(sorted({*self.attributes, *self.segment_by}))


def _str_tuple(value: object, path: str, problems: list[Problem]) -> tuple[str, ...] | None:
    if isinstance(value, str) or not isinstance(value, Sequence):
        problems.append(
            Problem(path, f"{problem_text(value)} is not a list of names", "e.g. ['tier']")
        )
        return None
    bad = [v for v in value if not isinstance(v, str) or not v]
    if bad:
        problems.append(
            Problem(path, f"{problem_text(bad[0])} is not a name", "give non-empty strings")
        )
        return None
    return tuple(value)


def _build_calendar(name: str, value: object, problems: list[Problem]) -> BusinessCalendar | None:
    path = f"calendars.{name}"
    if not isinstance(value, Mapping):
        problems.append(
            Problem(path, f"{problem_text(value)} is not a table", "calendar data or a default")
        )
        return None
    return _guarded(path, lambda: BusinessCalendar.from_dict(value), problems)


def _build_named(
    path: str,
    value: object,
    *,
    ref: str,
    known: Sequence[str],
    what: str,
    data_of: Callable[[str], Mapping[str, Any]],
    build: Callable[[Mapping[str, Any]], _T],
    problems: list[Problem],
) -> _T | None:
    """A section entry given as full data, or as ``{ref: name}`` of a shipped one."""
    if isinstance(value, Mapping) and set(value) == {ref}:
        which = value[ref]
        if which not in known:
            problems.append(
                Problem(
                    f"{path}.{ref}",
                    f"{problem_text(which)} is not a {what}",
                    f"known: {', '.join(sorted(known))}",
                )
            )
            return None
        value = data_of(str(which))
    if not isinstance(value, Mapping):
        problems.append(
            Problem(
                path, f"{problem_text(value)} is not a table", f"{what} data or {{{ref} = ...}}"
            )
        )
        return None
    return _guarded(path, lambda: build(value), problems)


def _build_workflow(name: str, value: object, problems: list[Problem]) -> WorkflowDefinition | None:
    return _build_named(
        f"workflows.{name}", value, ref="default", known=sorted(WORKFLOW_NAMES),
        what="shipped workflow", data_of=workflow_data, build=WorkflowDefinition.from_dict,
        problems=problems,
    )  # fmt: skip


def _build_pack(name: str, value: object, problems: list[Problem]) -> ScriptPack | None:
    return _build_named(
        f"scripts.{name}", value, ref="default", known=PACK_NAMES, what="default pack",
        data_of=pack_data, build=ScriptPack.from_dict, problems=problems,
    )  # fmt: skip


def _read_only(mapping: Mapping[str, _T]) -> Mapping[str, _T]:
    """A read-only view of a copy: a policy (the cached default too) is shared, so
    no caller may change what the next one gets."""
    return MappingProxyType(dict(mapping))


# One converter per field: the attrs plugin of mypy needs the types spelt out.
def _calendars(mapping: Mapping[str, BusinessCalendar]) -> Mapping[str, BusinessCalendar]:
    return _read_only(mapping_of(mapping, "calendars", BusinessCalendar, "BusinessCalendar values"))


def _workflows(mapping: Mapping[str, WorkflowDefinition]) -> Mapping[str, WorkflowDefinition]:
    return _read_only(
        mapping_of(mapping, "workflows", WorkflowDefinition, "WorkflowDefinition values")
    )


def _scripts(mapping: Mapping[str, ScriptPack]) -> Mapping[str, ScriptPack]:
    return _read_only(mapping_of(mapping, "scripts", ScriptPack, "ScriptPack values"))


def _freeze(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _null_paths(value: JSON, path: str) -> Iterator[str]:
    """The paths of every ``null`` inside plain data."""
    if value is None:
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _null_paths(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _null_paths(v, f"{path}[{i}]")


def _policy_text(inst: object, attribute: object, value: Any) -> None:
    """The policy's plain data as canonical JSON text (`to_dict` reads it back)."""
    try:
        loaded = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        loaded = None
    if not isinstance(loaded, dict):
        raise wrong_type("data", "the policy's plain data as JSON text of an object", value)


@attrs.frozen(eq=False)
class Policy:
    """One versioned policy: calendars, SLA targets, workflows, follow-ups, scripts.

    Build it with `from_dict`, `from_toml` or `default_policy`;
    derive variants with `with_`; compare with `diff`.

    Attributes:
        name: A label for reports.
        calendars: Calendars by name (a read-only mapping).
        sla: The SLA policy (its targets name the calendars above).
        workflows: Workflow definitions by name (a read-only mapping).
        followup: The follow-up policy.
        scripts: Script packs by name (a read-only mapping).
        replay: How replay reads ticket records.

    Examples:
        >>> p = default()
        >>> q = p.with_({"sla.targets[reply].within": "3 business days"})
        >>> for change in p.diff(q):
        ...     print(change)
        SLA target reply (SLA-3): within changed from '2 business days' to '3 business days'
        >>> Policy.from_dict(q.to_dict()) == q
        True
    """

    name: str = attrs.field(validator=is_text())
    calendars: Mapping[str, BusinessCalendar] = attrs.field(converter=_calendars)
    sla: SlaPolicy = attrs.field(validator=is_instance(SlaPolicy, "an SlaPolicy"))
    workflows: Mapping[str, WorkflowDefinition] = attrs.field(converter=_workflows)
    followup: FollowupPolicy = attrs.field(
        validator=is_instance(FollowupPolicy, "a FollowupPolicy")
    )
    scripts: Mapping[str, ScriptPack] = attrs.field(converter=_scripts)
    replay: ReplaySettings = attrs.field(validator=is_instance(ReplaySettings, "ReplaySettings"))
    _data: str = attrs.field(repr=False, alias="data", validator=_policy_text)

    # -- building -------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Policy:
        """Build a policy from plain data, reporting every problem of every section.

        Missing sections take the defaults of `complaintflow.policy.default_data`.

        Raises:
            ValidationError: Every problem with its path (``sla.targets[2].within``)
                and a hint.

        Examples:
            >>> Policy.from_dict({"format": 1, "sla": {"targets": [
            ...     {"name": "reply", "rule": "SLA-3", "within": "3 dayz", "calendar": "office",
            ...      "start": ["register"], "stop": ["notify"]}]}, "scirpts": {}})
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 2 problems in policy:
              - scirpts: unknown key; did you mean 'scripts'?
              - sla.targets[0].within: '3 dayz' is not a duration; use e.g. '8 business hours', '2 business days' or '3 calendar days'
        """  # noqa: E501
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise ValidationError(
                [Problem("", f"{problem_text(data)} is not a table")], what="policy"
            )
        plain: list[Problem] = []
        data = _plain(data, "", plain)  # type: ignore[assignment]
        assert isinstance(data, dict)
        for key in data:
            if key not in SECTIONS:
                problems.append(Problem(str(key), "unknown key", _hint_keys(str(key), SECTIONS)))
        version = data.get("format")
        if version != FORMAT_VERSION:
            problems.append(
                Problem(
                    "format",
                    f"{problem_text(version)} is not a policy format this library reads",
                    f"set format = {FORMAT_VERSION}",
                )
            )
        defaults = default_data()
        section: dict[str, Any] = {k: data.get(k, defaults.get(k)) for k in SECTIONS}
        name = section["name"]
        if not isinstance(name, str):
            problems.append(Problem("name", f"{problem_text(name)} is not a string"))
            name = ""

        calendars: dict[str, BusinessCalendar] = {}
        raw_cals = section["calendars"]
        if isinstance(raw_cals, Mapping):
            for cal_name in sorted(raw_cals):
                cal = _build_calendar(cal_name, raw_cals[cal_name], problems)
                if cal is not None:
                    calendars[cal_name] = cal
        else:
            problems.append(Problem("calendars", f"{problem_text(raw_cals)} is not a table"))

        workflows: dict[str, WorkflowDefinition] = {}
        raw_wfs = section["workflows"]
        if isinstance(raw_wfs, Mapping):
            for wf_name in sorted(raw_wfs):
                wf = _build_workflow(wf_name, raw_wfs[wf_name], problems)
                if wf is not None:
                    workflows[wf_name] = wf
        else:
            problems.append(Problem("workflows", f"{problem_text(raw_wfs)} is not a table"))

        sla = None
        raw_sla = section["sla"]
        if isinstance(raw_sla, Mapping):
            events = sorted({e for wf in workflows.values() for e in wf.events})
            sla_data = dict(raw_sla)
            declared = sla_data.get("kinds", [])
            if isinstance(declared, str):  # one name, as the SLA part reads it
                declared = [declared]
            if isinstance(declared, list) and all(isinstance(k, str) for k in declared):
                sla_data["kinds"] = sorted({*declared, *events})
            # anything else is left as it is, for the SLA part to report
            sla = _guarded(
                "sla", lambda: SlaPolicy.from_dict(sla_data, calendars=calendars), problems
            )
        else:
            problems.append(Problem("sla", f"{problem_text(raw_sla)} is not a table"))

        followup = _guarded(
            "followup", lambda: FollowupPolicy.from_dict(section["followup"]), problems
        )

        scripts: dict[str, ScriptPack] = {}
        raw_scripts = section["scripts"]
        if isinstance(raw_scripts, Mapping):
            for pack_name in sorted(raw_scripts):
                pack = _build_pack(pack_name, raw_scripts[pack_name], problems)
                if pack is not None:
                    scripts[pack_name] = pack
        else:
            problems.append(Problem("scripts", f"{problem_text(raw_scripts)} is not a table"))

        replay = _guarded("replay", lambda: _replay_settings(section["replay"], problems), problems)

        problems += [p for p in plain if not _covered(p.path, problems)]
        if problems:
            raise ValidationError(problems, what="policy")
        assert sla is not None
        assert followup is not None
        assert replay is not None
        frozen = _freeze({k: data[k] for k in SECTIONS if k in data})  # plain: checked above
        return cls(name, calendars, sla, workflows, followup, scripts, replay, data=frozen)

    @classmethod
    def from_toml(cls, text: str) -> Policy:
        """Build a policy from TOML text (the host reads the file; we parse text).

        TOML dates and times (``holidays = [2026-10-01]``) are read as their ISO
        8601 text, like every date of the policy.

        Raises:
            WrongTypeError: ``text`` is not a ``str`` (decode bytes first).
            ValidationError: The TOML is malformed (with line and column) or the
                policy has problems.

        Examples:
            >>> p = Policy.from_toml('''
            ... format = 1
            ... [followup.window]
            ... within = "2 calendar days"
            ... ''')
            >>> str(p.followup.window.within)
            '2 calendar days'
        """
        if not isinstance(text, str):
            raise _not_text(text)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ValidationError(
                [Problem("", f"malformed TOML: {e}", "check the line and column given")],
                what="policy",
            ) from None
        except RecursionError:
            raise ValidationError(
                [Problem("", "malformed TOML: arrays or tables nested too deeply", "flatten them")],
                what="policy",
            ) from None
        return cls.from_dict(data)

    def to_toml(self) -> str:
        """The policy as TOML text; ``Policy.from_toml(p.to_toml()) == p``.

        Raises:
            ValidationError: The policy's data holds a ``null`` (TOML has none), at
                every path where it does; leave such keys out instead.

        Examples:
            >>> p = default().with_({"followup.window.within": "2 calendar days"})
            >>> text = p.to_toml()
            >>> 'within = "2 calendar days"' in text, Policy.from_toml(text) == p
            (True, True)
        """
        data = self.to_dict()
        nulls = [Problem(path, "is null, which TOML cannot write", "leave the key out")
                 for path in _null_paths(data, "")]  # fmt: skip
        if nulls:
            raise ValidationError(nulls, what="policy")
        return tomli_w.dumps(data)

    def to_dict(self) -> dict[str, JSON]:
        """The policy's plain data; ``Policy.from_dict(p.to_dict()) == p``.

        Examples:
            >>> default().to_dict()["format"]
            1
        """
        loaded: dict[str, JSON] = json.loads(self._data)
        return loaded

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Policy):
            return NotImplemented
        return self._data == other._data

    def __hash__(self) -> int:
        return hash(self._data)

    def __reduce__(self) -> tuple[Callable[[Mapping[str, object]], Policy], tuple[dict[str, JSON]]]:
        # Pickle the data only: the built values are rebuilt from it.
        return (Policy.from_dict, (self.to_dict(),))

    # -- variants ---------------------------------------------------------------------

    def with_(self, changes: Mapping[str, object]) -> Policy:
        """A copy with values changed at dotted paths; list items are chosen by name.

        Paths: ``"followup.window.within"``, ``"sla.targets[reply].within"``
        (the item of ``sla.targets`` whose ``name`` is ``reply``),
        ``"calendars.office.years"``. A missing section is filled from the
        defaults first, so any default can be changed.

        Raises:
            ValidationError: A path does not exist, or the changed policy is invalid.

        Examples:
            >>> p = default().with_({"followup.window.within": "2 calendar days"})
            >>> str(p.followup.window.within)
            '2 calendar days'
        """
        if not isinstance(changes, Mapping):
            raise WrongTypeError(
                f"changes: expected a mapping of dotted paths to values, got "
                f"{type(changes).__name__} {problem_text(changes)}",
                field="changes",
                value=changes,
            )
        data = self.to_dict()
        problems = change_data(data, changes)
        if problems:
            raise ValidationError(problems, what="policy change")
        return Policy.from_dict(data)

    def diff(self, other: Policy) -> tuple[PolicyChange, ...]:
        """What changed from this policy to ``other``, rule by rule, in words.

        Raises:
            WrongTypeError: ``other`` is not a `Policy`.

        Examples:
            >>> a = default()
            >>> b = a.with_({"followup.caps": [{"max_attempts": 2, "min_gap": "4 calendar hours"}]})
            >>> print(a.diff(b)[0])
            follow-up caps (FU-11): 'at most 3 attempts per rolling 24 hours and at least 2 hours between attempts (per customer)' became 'at most 2 attempts per rolling 24 hours and at least 4 hours between attempts (per customer)'
        """  # noqa: E501

        if not isinstance(other, Policy):
            raise wrong_type("other", "a Policy to compare with", other)
        return diff_policies(self, other)


def change_data(data: dict[str, Any], changes: Mapping[Any, object]) -> list[Problem]:
    """Apply ``changes`` (dotted paths to values, as `Policy.with_` takes them) to a
    policy's plain ``data`` in place; the problems of the paths, at each path.

    The changed data is not checked as a policy: the caller builds it.
    """
    defaults = default_data()
    problems: list[Problem] = []
    for key, value in changes.items():
        path: object = key  # a dict from a notebook may hold any key
        if not isinstance(path, str):
            problems.append(
                Problem(problem_text(path), f"{problem_text(path)} is not a dotted path (a string)")
            )
            continue
        parts = _split_path(path)
        if not parts:
            problems.append(
                Problem(
                    path,
                    "is not a dotted path",
                    "write keys joined by dots, a list item by its name in brackets: "
                    "'sla.targets[reply].within'",
                )
            )
            continue
        if parts[0][0] not in SECTIONS:
            problems.append(Problem(path, "no such section", _hint_keys(path, SECTIONS)))
            continue
        head = parts[0][0]
        if head not in data and head in defaults:
            data[head] = copy.deepcopy(defaults[head])
        try:
            value = copy.deepcopy(value)
        except Exception as e:
            problems.append(Problem(path, f"cannot be copied ({type(e).__name__}: {e})"))
            continue
        error = _set_path(data, parts, value)
        if error:
            problems.append(Problem(path, error))
    return problems


def _not_text(text: object) -> WrongTypeError:
    decode = "; decode it first, e.g. data.decode('utf-8')" if isinstance(text, bytes) else ""
    return WrongTypeError(
        f"text: expected TOML text (a str), got {type(text).__name__} {problem_text(text)}{decode}",
        field="text",
        value=text,
    )


_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[([^\]]+)\])?")


def _split_path(path: str) -> list[tuple[str, str | None]]:
    parts: list[tuple[str, str | None]] = []
    for piece in path.split("."):
        match = _PATH_PART.fullmatch(piece)
        if not match:
            return []
        parts.append((match.group(1), match.group(2)))
    return parts


def _set_path(data: dict[str, Any], parts: list[tuple[str, str | None]], value: object) -> str:
    node: Any = data
    for i, (key, selector) in enumerate(parts):
        last = i == len(parts) - 1
        if not isinstance(node, dict):
            return f"{key!r} is inside a value that is not a table"
        if selector is None:
            if last:
                node[key] = value
                return ""
            if key not in node:
                return f"no key {key!r} here; known: {', '.join(map(str, node)) or 'none'}"
            node = node[key]
            continue
        items = node.get(key)
        if not isinstance(items, list):
            return f"{key!r} is not a list of named items"
        found = [item for item in items if isinstance(item, dict) and item.get("name") == selector]
        if not found:
            names = [str(item.get("name")) for item in items if isinstance(item, dict)]
            return f"no item named {selector!r} in {key}; names: {', '.join(names)}"
        if last:
            items[items.index(found[0])] = value
            return ""
        node = found[0]
    return ""  # pragma: no cover - the loop always returns


def _replay_settings(value: object, problems: list[Problem]) -> ReplaySettings | None:
    if not isinstance(value, Mapping):
        problems.append(Problem("replay", f"{problem_text(value)} is not a table"))
        return None
    for key in value:
        if key not in REPLAY_KEYS:
            problems.append(
                Problem(f"replay.{key}", "unknown key", _hint_keys(str(key), REPLAY_KEYS))
            )
    fields: dict[str, tuple[str, ...]] = {}
    for key in REPLAY_KEYS:
        if key in value:
            parsed = _str_tuple(value[key], f"replay.{key}", problems)
            if parsed is not None:
                fields[key] = parsed
    return ReplaySettings(**fields)


_DEFAULT: dict[tuple[int, ...] | None, Policy] = {}


def default(years: Iterable[int] | None = None) -> Policy:
    """The default policy: every source rule of ``DOMAIN.md`` with its ID; cached.

    Args:
        years: The years the office calendar covers (the calendars part's default
            years if omitted).

    Examples:
        >>> p = default()
        >>> sorted(p.workflows)
        ['complaint', 'incident', 'inquiry', 'suggestion']
        >>> p.sla.target("reply").rule
        'SLA-3'

    Raises:
        WrongTypeError: ``years`` is no list of integers.
        ValidationError: A year the calendars part cannot cover.
    """
    listed = None if years is None else items_of(years, "years", int, "years (integers)")
    key = None if listed is None else tuple(sorted(set(listed)))
    found = _DEFAULT.get(key)
    if found is None:
        found = _DEFAULT[key] = Policy.from_dict(default_data(key))
    return found
