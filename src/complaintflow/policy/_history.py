"""Policy histories: the versions of a policy, each in force from an instant.

Theory of operation
-------------------
A service desk changes its policy on a date (new SLA targets from 1 March), and a
ticket opened before the change is judged by the version it started under, as
ServiceNow attaches an SLA definition when the SLA starts. A `PolicyHistory` is
that record: one or more `PolicyVersion` values, each a `Policy` with the
timezone-aware instant it took effect (``effective_from``), in strictly increasing
order. `PolicyHistory.version_at` says which version is in force at an instant;
the first version's instant is where the history begins, and an instant before it
is refused (`complaintflow.errors.OutOfRangeError`): a history says nothing of
the time before it, so it never guesses.

Replay (`complaintflow.policy.replay`, `replay_tickets`, `compare`) takes a
history wherever it takes a policy, and judges each ticket *wholly* by the version
in force at its start: its earliest event up to ``now``.

The plain-data form is the policy format with its versions in a list, TOML's
``[[versions]]`` tables::

    format = 1
    name = "hotline 2026"

    [[versions]]
    effective_from = 2026-01-01T00:00:00+08:00   # the policy's tables follow

    [[versions]]
    effective_from = 2026-03-01T00:00:00+08:00
    [versions.changes]                            # or: changes to the version before
    "sla.targets[reply].within" = "1 business day"

A version holds either a policy's tables (``sla``, ``followup``, ..., without
``format``, which the history gives once; none at all is the default policy), or
``changes``: dotted paths to values applied to the version before it with
`Policy.with_`. ``to_dict`` writes every version's policy in full (what each
version *is*), so a history read from changes reads back equal. Every version
segments reports alike (``replay.segment_by``), since replay merges their reports.
Every problem of every version is reported at once, each with its path
(``versions[1].effective_from``, ``versions[2].changes.sla.targets[reply].within``).
"""

from __future__ import annotations

import bisect
import copy
import datetime as _dt
import difflib
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs
import pendulum
import tomli_w

from complaintflow._errors import (
    ComplaintflowError,
    OutOfRangeError,
    Problem,
    ValidationError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow._json import JSON
from complaintflow._time import fromiso, parse_instant, require_aware, to_us
from complaintflow.policy._defaults import FORMAT_VERSION
from complaintflow.policy._definition import SECTIONS, Policy, change_data

__all__ = ["PolicyHistory", "PolicyVersion"]

#: The most versions a history holds (each is a whole policy, built when the history is).
MAX_VERSIONS = 256
#: The keys of a history document and of one of its versions (besides policy tables).
HISTORY_KEYS = ("format", "name", "versions")
VERSION_KEYS = ("effective_from", "changes")
_POLICY_KEYS = tuple(k for k in SECTIONS if k != "format")
_INSTANT_HINT = "give an instant with its UTC offset, e.g. 2026-03-01T00:00:00+08:00"


def _aware(value: object) -> pendulum.DateTime:
    """An ``effective_from``: aware, inside the years 1-9999 of UTC, as pendulum's."""
    at = require_aware(value, "effective_from")
    to_us(at, "effective_from")
    return parse_instant(at, "effective_from")


def _is_policy(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Policy):
        raise wrong_type(attribute.name, "a Policy", value)


@attrs.frozen
class PolicyVersion:
    """One version of a policy and the instant it took effect.

    Attributes:
        effective_from: When this version took effect: any timezone-aware
            datetime, kept as a pendulum ``DateTime`` (a naive one is refused with
            `complaintflow.errors.NaiveDatetimeError`).
        policy: The policy in force from then until the next version.

    Examples:
        >>> import pendulum, complaintflow as cf
        >>> march = pendulum.datetime(2026, 3, 1, tz="Asia/Shanghai")
        >>> v = PolicyVersion(march, cf.default_policy())
        >>> v.effective_from.isoformat()
        '2026-03-01T00:00:00+08:00'
    """

    effective_from: pendulum.DateTime = attrs.field(converter=_aware)
    policy: Policy = attrs.field(validator=_is_policy)


def _instant_problem(value: object, path: str) -> tuple[_dt.datetime | None, Problem | None]:
    """An ``effective_from`` read from data: ISO text with an offset or an aware
    datetime (a TOML offset date-time); anything else is one problem at ``path``."""
    if isinstance(value, str):
        try:
            value = fromiso(value)
        except ValueError:
            return None, Problem(
                path, f"{problem_text(value)} is not an ISO 8601 instant", _INSTANT_HINT
            )
    if not isinstance(value, _dt.datetime):
        what = "a date, not an instant" if isinstance(value, _dt.date) else "not an instant"
        return None, Problem(path, f"{problem_text(value)} is {what}", _INSTANT_HINT)
    try:
        return _aware(value), None
    except ComplaintflowError as e:
        return None, Problem(path, e.message.removeprefix("effective_from: "), _INSTANT_HINT)


def _order_problems(
    items: Sequence[tuple[int, _dt.datetime | None, Policy | None]],
) -> list[Problem]:
    """Strictly increasing instants and one ``replay.segment_by`` across the versions
    that were read (``items``: index, instant or ``None``, policy or ``None``)."""
    problems: list[Problem] = []
    last: tuple[int, _dt.datetime] | None = None
    for i, at, _ in items:
        if at is None:
            continue
        if last is not None and at <= last[1]:
            problems.append(
                Problem(
                    f"versions[{i}].effective_from",
                    f"{at.isoformat()} is not after versions[{last[0]}]'s {last[1].isoformat()}",
                    "list versions in the order they took effect, each at its own instant",
                )
            )
        if last is None or at > last[1]:
            last = (i, at)
    first: tuple[int, Policy] | None = None
    for i, _, policy in items:
        if policy is None:
            continue
        if first is None:
            first = (i, policy)
        elif policy.replay.segment_by != first[1].replay.segment_by:
            problems.append(
                Problem(
                    f"versions[{i}].replay.segment_by",
                    f"{list(policy.replay.segment_by)} differs from versions[{first[0]}]'s "
                    f"{list(first[1].replay.segment_by)}",
                    "segment every version's reports alike: replay merges them",
                )
            )
    return problems


def _count_problem(n: int) -> Problem | None:
    if n == 0:
        return Problem("versions", "is empty", "give at least one version")
    if n > MAX_VERSIONS:
        return Problem(
            "versions",
            f"holds {n} versions, more than {MAX_VERSIONS}",
            f"keep at most {MAX_VERSIONS}",
        )
    return None


def _versions(
    value: Iterable[PolicyVersion | tuple[_dt.datetime, Policy]],
) -> tuple[PolicyVersion, ...]:
    """The versions of a history: `PolicyVersion` values or ``(instant, Policy)``
    pairs, checked all at once."""
    given: object = value  # checked: a notebook may pass anything
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Iterable):
        raise wrong_type("versions", "a list of PolicyVersion or (instant, Policy) pairs", given)
    problems: list[Problem] = []
    out: list[PolicyVersion] = []
    items: list[tuple[int, _dt.datetime | None, Policy | None]] = []
    item: object
    for i, item in enumerate(given):
        if i >= MAX_VERSIONS:
            problems.append(
                Problem(
                    "versions",
                    f"holds more than {MAX_VERSIONS} versions",
                    f"keep at most {MAX_VERSIONS}",
                )
            )
            break
        if isinstance(item, PolicyVersion):
            out.append(item)
            items.append((i, item.effective_from, item.policy))
            continue
        if not isinstance(item, tuple) or len(item) != 2:
            problems.append(
                Problem(
                    f"versions[{i}]",
                    f"{problem_text(item)} is not a PolicyVersion or an (instant, Policy) pair",
                )
            )
            items.append((i, None, None))
            continue
        at, p = item
        try:
            at = _aware(at)
        except ComplaintflowError as e:
            problems.append(Problem(f"versions[{i}].{e.field}", e.message.split(": ", 1)[-1]))
            at = None
        if not isinstance(p, Policy):
            problems.append(Problem(f"versions[{i}].policy", f"{problem_text(p)} is not a Policy"))
            p = None
        items.append((i, at, p))
        if at is not None and p is not None:
            out.append(PolicyVersion(at, p))
    if not problems and (count := _count_problem(len(out))) is not None:
        problems.append(count)
    problems += _order_problems(items)
    if problems:
        raise ValidationError(problems, what="policy history")
    return tuple(out)


def _name(value: object) -> str:
    if not isinstance(value, str):
        raise wrong_type("name", "a string", value)
    return value


@attrs.frozen
class PolicyHistory:
    """The versions of a policy, each in force from its instant until the next.

    Attributes:
        versions: The `PolicyVersion` values, in strictly increasing order of
            ``effective_from``: at least one and at most ``MAX_VERSIONS`` (256), all
            with the same ``replay.segment_by``. The constructor also takes
            ``(effective_from, policy)`` pairs.
        name: A label for reports.

    Raises:
        ValidationError: Every problem of ``versions`` at once, each with its path.

    Examples:
        >>> import pendulum, complaintflow as cf
        >>> base = cf.default_policy()
        >>> march = pendulum.datetime(2026, 3, 1, tz="Asia/Shanghai")
        >>> faster = base.with_({"sla.targets[reply].within": "1 business day"})
        >>> h = PolicyHistory([(march.subtract(years=1), base), (march, faster)])
        >>> str(h.version_at(march.add(days=3)).policy.sla.target("reply").within)
        '1 business day'
        >>> PolicyHistory([(march, base), (march, base)])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 1 problem in policy history:
          - versions[1].effective_from: 2026-03-01T00:00:00+08:00 is not after versions[0]'s ...
    """

    #: The most versions a history holds (each is a whole policy, built with it).
    MAX_VERSIONS: ClassVar[int] = MAX_VERSIONS

    versions: tuple[PolicyVersion, ...] = attrs.field(converter=_versions)
    name: str = attrs.field(default="", converter=_name)
    #: Epoch µs of each version's ``effective_from``, for `bisect`.
    _starts: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        starts = tuple(to_us(v.effective_from, "effective_from") for v in self.versions)
        object.__setattr__(self, "_starts", starts)

    @property
    def starts_us(self) -> tuple[int, ...]:
        """Epoch microseconds of each version's ``effective_from``, in order."""
        return self._starts

    def _index_at_us(self, at_us: int) -> int:
        """The index of the version in force at an epoch-µs instant; -1 before the first."""
        return bisect.bisect_right(self._starts, at_us) - 1

    def version_at(self, at: _dt.datetime) -> PolicyVersion:
        """The version in force at ``at``: the last whose ``effective_from`` is at or
        before it.

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            WrongTypeError: ``at`` is not a datetime.
            OutOfRangeError: ``at`` is before the first version (a history says
                nothing of the time before it).

        Examples:
            >>> import pendulum, complaintflow as cf
            >>> t = pendulum.datetime(2026, 1, 1, tz="UTC")
            >>> h = PolicyHistory([(t, cf.default_policy())])
            >>> h.version_at(t).effective_from == t
            True
            >>> h.version_at(t.subtract(seconds=1))  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            complaintflow.errors.OutOfRangeError: at: 2025-12-31T23:59:59+00:00 is before ...
        """
        us = to_us(at, "at")
        k = self._index_at_us(us)
        if k < 0:
            raise OutOfRangeError(
                f"at: {at.isoformat()} is before the history's first version (in force "
                f"from {self.versions[0].effective_from.isoformat()}); add a version "
                "from then to judge it",
                field="at",
                value=at,
            )
        return self.versions[k]

    # -- variants -------------------------------------------------------------------

    def with_version(
        self, effective_from: _dt.datetime, change: Policy | Mapping[str, object]
    ) -> PolicyHistory:
        """A copy with one more version: ``change`` as a `Policy`, or dotted-path
        changes (`Policy.with_`) to the version in force at ``effective_from``.

        Raises:
            ValidationError: The changes do not apply, or the new version breaks the
                history (not strictly after the one before it, another segmentation).
            NaiveDatetimeError: ``effective_from`` has no time zone.
            OutOfRangeError: Changes are given for an instant before the first version.

        Examples:
            >>> import pendulum, complaintflow as cf
            >>> t = pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")
            >>> h = PolicyHistory([(t, cf.default_policy())])
            >>> h = h.with_version(t.add(months=2), {"followup.window.within": "2 calendar days"})
            >>> [str(v.policy.followup.window.within) for v in h.versions]
            ['3 calendar days', '2 calendar days']
        """
        at = _aware(effective_from)
        if isinstance(change, Policy):
            policy = change
        elif isinstance(change, Mapping):
            policy = self.version_at(at).policy.with_(change)
        else:
            raise wrong_type("change", "a Policy or a mapping of dotted paths to values", change)
        versions = sorted(
            (*self.versions, PolicyVersion(at, policy)), key=lambda v: v.effective_from
        )
        return PolicyHistory(versions, self.name)

    def moved(self, index: int, effective_from: _dt.datetime) -> PolicyHistory:
        """A copy where version ``index`` takes effect at ``effective_from`` instead
        ("the same change a month earlier"); its policy is unchanged.

        Raises:
            WrongTypeError: ``index`` is not an integer.
            OutOfRangeError: No version has that index.
            ValidationError: The versions would no longer be in strictly increasing order.

        Examples:
            >>> import pendulum, complaintflow as cf
            >>> t = pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")
            >>> h = PolicyHistory([(t, cf.default_policy())]).with_version(
            ...     t.add(months=2), {"followup.window.within": "2 calendar days"})
            >>> h.moved(1, t.add(months=1)).versions[1].effective_from.isoformat()
            '2026-02-01T00:00:00+08:00'
        """
        if not isinstance(index, int) or isinstance(index, bool):
            raise wrong_type("index", "a version's index (an integer)", index)
        n = len(self.versions)
        if not -n <= index < n:
            raise OutOfRangeError(
                f"index: {index} is not a version's index; the history has {n} "
                f"(0 to {n - 1}, or -{n} to -1 from the end)",
                field="index",
                value=index,
            )
        versions = list(self.versions)
        versions[index] = PolicyVersion(effective_from, versions[index].policy)
        return PolicyHistory(versions, self.name)

    # -- plain data -----------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PolicyHistory:
        """Build a history from plain data, reporting every problem of every version.

        Raises:
            ValidationError: Every problem with its path (``versions[1].sla...``).

        Examples:
            >>> h = PolicyHistory.from_dict({"format": 1, "versions": [
            ...     {"effective_from": "2026-01-01T00:00:00+08:00"},
            ...     {"effective_from": "2026-03-01T00:00:00+08:00",
            ...      "changes": {"sla.targets[reply].within": "1 business day"}}]})
            >>> [str(v.policy.sla.target("reply").within) for v in h.versions]
            ['2 business days', '1 business day']
        """
        if not isinstance(data, Mapping):
            raise ValidationError(
                [Problem("", f"{problem_text(data)} is not a table")], what="policy history"
            )
        problems: list[Problem] = []
        for key in data:
            if key not in HISTORY_KEYS:
                problems.append(
                    Problem(
                        problem_text(key) if not isinstance(key, str) else key,
                        "unknown key",
                        _hint(key, HISTORY_KEYS),
                    )
                )
        version = data.get("format")
        if version != FORMAT_VERSION or isinstance(version, bool):
            problems.append(
                Problem(
                    "format",
                    f"{problem_text(version)} is not a policy format this library reads",
                    f"set format = {FORMAT_VERSION}",
                )
            )
        name = data.get("name", "")
        if not isinstance(name, str):
            problems.append(Problem("name", f"{problem_text(name)} is not a string"))
            name = ""
        raw = data.get("versions")
        items: list[tuple[int, _dt.datetime | None, Policy | None]] = []
        if not isinstance(raw, list | tuple):
            problems.append(
                Problem(
                    "versions",
                    f"{problem_text(raw)} is not a list of versions",
                    "write [[versions]] tables",
                )
            )
            raw = []
        elif (count := _count_problem(len(raw))) is not None:
            problems.append(count)
            raw = []  # too many to build: the count is the problem
        previous: tuple[dict[str, Any], bool] | None = None
        for i, entry in enumerate(raw):
            at, policy, data_i = _read_version(i, entry, previous, problems)
            previous = None if data_i is None else (data_i, policy is not None)
            items.append((i, at, policy))
        problems += _order_problems(items)
        if problems:
            raise ValidationError(problems, what="policy history")
        return cls([(at, p) for _, at, p in items if at is not None and p is not None], name)

    @classmethod
    def from_toml(cls, text: str) -> PolicyHistory:
        """Build a history from TOML text (``[[versions]]`` tables).

        ``effective_from`` is a TOML offset date-time (``2026-03-01T00:00:00+08:00``)
        or the same as a string; a local date-time (no offset) is refused.

        Raises:
            WrongTypeError: ``text`` is not a ``str``.
            ValidationError: The TOML is malformed or the history has problems.

        Examples:
            >>> h = PolicyHistory.from_toml('''
            ... format = 1
            ... [[versions]]
            ... effective_from = 2026-01-01T00:00:00+08:00
            ... [[versions]]
            ... effective_from = 2026-03-01T00:00:00+08:00
            ... changes = {"followup.window.within" = "2 calendar days"}
            ... ''')
            >>> str(h.versions[1].policy.followup.window.within)
            '2 calendar days'
        """
        if not isinstance(text, str):
            raise WrongTypeError(
                f"text: expected TOML text (a str), got {type(text).__name__} {problem_text(text)}",
                field="text",
                value=text,
            )
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ValidationError(
                [Problem("", f"malformed TOML: {e}", "check the line and column given")],
                what="policy history",
            ) from None
        except RecursionError:
            raise ValidationError(
                [Problem("", "malformed TOML: arrays or tables nested too deeply", "flatten them")],
                what="policy history",
            ) from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, JSON]:
        """The history's plain data, every version's policy in full;
        ``PolicyHistory.from_dict(h.to_dict()) == h``.

        Examples:
            >>> import pendulum, complaintflow as cf
            >>> h = PolicyHistory([(pendulum.datetime(2026, 1, 1, tz="UTC"), cf.default_policy())])
            >>> h.to_dict()["versions"][0]["effective_from"]
            '2026-01-01T00:00:00+00:00'
        """
        out: dict[str, JSON] = {"format": FORMAT_VERSION}
        if self.name:
            out["name"] = self.name
        versions: list[JSON] = []
        for v in self.versions:
            policy = v.policy.to_dict()
            policy.pop("format", None)
            versions.append({"effective_from": v.effective_from.isoformat(), **policy})
        out["versions"] = versions
        return out

    def to_toml(self) -> str:
        """The history as TOML text, each ``effective_from`` an offset date-time;
        ``PolicyHistory.from_toml(h.to_toml()) == h``.

        Raises:
            ValidationError: A version's policy holds a ``null`` (TOML has none).

        Examples:
            >>> import pendulum, complaintflow as cf
            >>> h = PolicyHistory([(pendulum.datetime(2026, 1, 1, tz="UTC"), cf.default_policy())])
            >>> PolicyHistory.from_toml(h.to_toml()) == h
            True
        """
        problems: list[Problem] = []
        for i, v in enumerate(self.versions):
            try:
                v.policy.to_toml()
            except ValidationError as e:
                problems += [
                    Problem(f"versions[{i}].{p.path}", p.message, p.hint) for p in e.problems
                ]
        if problems:
            raise ValidationError(problems, what="policy history")
        data: dict[str, Any] = self.to_dict()
        for entry, v in zip(data["versions"], self.versions, strict=True):
            entry["effective_from"] = fromiso(v.effective_from.isoformat())
        return tomli_w.dumps(data)


def _hint(key: object, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1) if isinstance(key, str) else []
    return f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"


def _prefixed(prefix: str, problems: Iterable[Problem]) -> list[Problem]:
    return [
        Problem(f"{prefix}.{p.path}" if p.path else prefix, p.message, p.hint) for p in problems
    ]


def _read_version(
    i: int,
    entry: object,
    previous: tuple[dict[str, Any], bool] | None,
    problems: list[Problem],
) -> tuple[_dt.datetime | None, Policy | None, dict[str, Any] | None]:
    """One version of a history document: its instant, its policy and the policy's
    data (``None`` for each that cannot be had), its problems added to ``problems``.

    ``previous``: the data of the version before, which changes apply to, and whether
    it made a policy (``None``: it had no data); a version after one with problems
    still has its changes' paths checked, but not the policy they make.
    """
    path = f"versions[{i}]"
    if not isinstance(entry, Mapping):
        problems.append(
            Problem(path, f"{problem_text(entry)} is not a table",
                    "a version: effective_from and the policy's tables")
        )  # fmt: skip
        return None, None, None
    at: _dt.datetime | None = None
    if "effective_from" in entry:
        at, problem = _instant_problem(entry["effective_from"], f"{path}.effective_from")
        if problem is not None:
            problems.append(problem)
    else:
        problems.append(Problem(f"{path}.effective_from", "missing", _INSTANT_HINT))
    if "format" in entry:
        problems.append(
            Problem(f"{path}.format", "is given once, at the top of the history",
                    "leave it out of the versions")
        )  # fmt: skip
    sections = {k: v for k, v in entry.items() if k not in (*VERSION_KEYS, "format")}
    unknown = [key for key in sections if key not in _POLICY_KEYS]
    for key in unknown:
        problems.append(
            Problem(f"{path}.{key}" if isinstance(key, str) else path, "unknown key",
                    _hint(key, (*VERSION_KEYS, *_POLICY_KEYS)))
        )  # fmt: skip
    if "changes" not in entry:
        data: dict[str, Any] = {"format": FORMAT_VERSION, **sections}
        if unknown:
            return at, None, data
        try:
            return at, Policy.from_dict(data), data
        except ValidationError as e:
            problems += _prefixed(path, e.problems)
            return at, None, data
    changes = entry["changes"]
    if sections:
        problems.append(
            Problem(f"{path}.changes",
                    f"is given with policy tables ({', '.join(map(str, sections))})",
                    "give either changes to the version before or the policy's tables")
        )  # fmt: skip
        return at, None, None
    if i == 0:
        problems.append(
            Problem(f"{path}.changes", "the first version has no version before it to change",
                    "give its policy's tables")
        )  # fmt: skip
        return at, None, None
    if not isinstance(changes, Mapping):
        problems.append(
            Problem(f"{path}.changes", f"{problem_text(changes)} is not a table",
                    "dotted paths to values, as Policy.with_ takes")
        )  # fmt: skip
        return at, None, None
    if previous is None:  # nothing to apply them to: the version before is reported
        return at, None, None
    data = copy.deepcopy(previous[0])
    wrong = change_data(data, changes)
    problems += _prefixed(f"{path}.changes", wrong)
    if wrong or not previous[1]:
        return at, None, data
    try:
        return at, Policy.from_dict(data), data
    except ValidationError as e:
        problems += _prefixed(path, e.problems)
        return at, None, data
