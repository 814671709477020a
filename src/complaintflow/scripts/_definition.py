"""Script rules and rule packs: frozen values built from plain data.

Theory of operation
-------------------
A `ScriptPack` is a named tuple of rules, each a frozen ``attrs`` value
of one of six kinds (SC-1 to SC-9 of ``DOMAIN.md`` §5):

- `RequiredRule`: one of several phrases must be said, optionally by one
  speaker and inside a `Window` (the speaker's first or last turns or
  seconds). Phrases may hold placeholders such as ``{brand}`` or ``{name}``,
  which stand for 0 to `PLACEHOLDER_MAX` characters.
- `ForbiddenRule`: none of the phrases may be said, except inside a
  longer *allowed* phrase that contains the forbidden one (``不行`` is
  forbidden, ``不是不行`` is not), and optionally except in A-not-A questions
  (``行不行``). Over-promising and flat refusals (SC-7, SC-8) are forbidden rules
  whose allow-list holds the left-context exceptions (``我不能保证``).
- `OrderedRule`: when a later phrase is said, an earlier one must have
  been said before it.
- `ConditionalRule`: when a trigger phrase is said (a complaint, a
  refusal), every group of response phrases must follow.
- `ProximityRule`: a phrase must (or must not) have another phrase or a
  slot (a number, date, time or duration) within so many characters or turns.
- `TimingRule`: limits on silences, talking over the other speaker and
  talk share, read from turn times.

Forbidden, conditional and proximity rules say how their phrases must sit in a
turn (``match``): anywhere, as whole words of the segmented turn (jieba, an
optional dependency), or as the whole turn.

Every rule is checked when it is built: a phrase that is empty, whitespace
only, or normalises to nothing (``"。！"``) can never match and is refused, as is
an allowed phrase that contains none of the forbidden ones (it could never
suppress anything), a brace that opens or closes no placeholder (``您好{name``),
a phrase longer than `PHRASE_MAX` characters, and one with more than
`FRAGMENTS_MAX` words between its placeholders.
`ScriptPack.from_dict` reports every problem of every rule at once in one
`ValidationError`.

Building a pack compiles it: every phrase fragment of every rule goes, after
normalisation, into one Aho-Corasick automaton (``ahocorasick_rs``) searched with
overlapping matches, so the cost of a check grows with the text, not with the
number of phrases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import ClassVar, Literal, TypeAlias, cast

import ahocorasick_rs
import attrs

from complaintflow._errors import Problem, ValidationError, WrongTypeError, problem_text
from complaintflow.scripts._slots import SLOT_NAMES
from complaintflow.scripts._text import is_spaced_word_char, normalize_text

__all__ = [
    "FRAGMENTS_MAX",
    "MATCH_MODES",
    "NEGATION_MAX",
    "OVERLAP_MAX",
    "PHRASE_MAX",
    "PLACEHOLDER_MAX",
    "PROXIMITY_UNITS",
    "SIDES",
    "SPEAKERS",
    "TIMING_MEASURES",
    "WITHIN_MAX",
    "ConditionalRule",
    "ForbiddenRule",
    "OrderedRule",
    "ProximityRule",
    "RequiredRule",
    "Rule",
    "ScriptPack",
    "TimingRule",
    "Window",
]

Speaker: TypeAlias = Literal["agent", "customer"]
Severity: TypeAlias = Literal["info", "minor", "major", "critical"]
Match: TypeAlias = Literal["substring", "word", "utterance"]
Unit: TypeAlias = Literal["characters", "turns"]
Side: TypeAlias = Literal["after", "before", "either"]
Measure: TypeAlias = Literal["silence", "overlap", "talk_share"]

#: The speakers a turn or a rule may name.
SPEAKERS: tuple[str, ...] = ("agent", "customer")
#: Severities, from least to most serious.
SEVERITIES: tuple[str, ...] = ("info", "minor", "major", "critical")
#: Most characters (normalised) a placeholder such as ``{name}`` stands for.
PLACEHOLDER_MAX = 16
#: Most characters a phrase may have, as written (placeholders and punctuation
#: included); longer phrases are refused when the rule is built.
PHRASE_MAX = 100
#: Most words (the text between placeholders) a phrase may have: ``您好，我是{brand}的客服代表``
#: has two. More are refused when the rule is built.
FRAGMENTS_MAX = 8
#: Most uses of phrase words in a pack that can end at one character of a transcript:
#: a word and every word it ends with (``不是不行``, ``是不行``, ``不行``), each counted
#: once per phrase, role and rule using it. It bounds the matches per character, so
#: the cost of a check per character. Refused when the pack is built.
OVERLAP_MAX = 16

#: How a rule's phrases must sit in the turn: anywhere (``substring``), as whole
#: words of the segmented turn (``word``, needs jieba), or as the whole turn
#: (``utterance``, separators aside).
MATCH_MODES: tuple[str, ...] = ("substring", "word", "utterance")
#: Most characters between a negator and the phrase it negates (``negation``).
NEGATION_MAX = 10
#: Units of a proximity rule's ``within``.
PROXIMITY_UNITS: tuple[str, ...] = ("characters", "turns")
#: Where a proximity rule looks for its ``near`` phrases, from the phrase said.
SIDES: tuple[str, ...] = ("after", "before", "either")
#: Most characters or turns a proximity rule's ``within`` may span.
WITHIN_MAX = 200
#: What a timing rule measures (see `TimingRule`).
TIMING_MEASURES: tuple[str, ...] = ("silence", "overlap", "talk_share")

_PACK_KEYS = ("name", "description", "rules")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_BRACE = re.compile(r"[{}]")
_SOURCE_RULE = re.compile(r"^[A-Z]+-[0-9]+$")


def _tuple_of_str(value: object) -> tuple[str, ...]:
    """Lists and tuples become tuples; anything else is kept for the checks to refuse."""
    if isinstance(value, list | tuple):
        return tuple(value)
    return cast("tuple[str, ...]", value)


def _tuple_of_rules(value: object) -> tuple[Rule, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    return cast("tuple[Rule, ...]", value)


def _tuple_of_groups(value: object) -> tuple[tuple[str, ...], ...]:
    if isinstance(value, list | tuple):
        return tuple(_tuple_of_str(v) for v in value)
    return cast("tuple[tuple[str, ...], ...]", value)


def split_phrase(phrase: str) -> tuple[str, ...]:
    """The normalised fragments of ``phrase`` between its placeholders.

    Leading and trailing placeholders constrain nothing and are dropped; so are
    fragments that normalise to nothing.

    Examples:
        >>> split_phrase("您好，我是{brand}的客服代表")
        ('您好我是', '的客服代表')
    """
    parts = (normalize_text(p).text for p in _PLACEHOLDER.split(phrase))
    return tuple(p for p in parts if p)


def _check_phrases(
    phrases: object, path: str, *, placeholders: bool, required: bool = True
) -> list[Problem]:
    if not isinstance(phrases, tuple):
        return [Problem(path, f"must be a list of strings, got {problem_text(phrases)}")]
    if required and not phrases:
        return [Problem(path, "is empty", "give at least one phrase")]
    problems: list[Problem] = []
    for i, phrase in enumerate(phrases):
        problem = _phrase_problem(phrase, f"{path}[{i}]", placeholders=placeholders)
        if problem is not None:
            problems.append(problem)
    return problems


def _phrase_problem(phrase: object, where: str, *, placeholders: bool) -> Problem | None:
    if not isinstance(phrase, str):
        return Problem(where, f"must be a string, got {problem_text(phrase)}")
    if not phrase.strip():
        return Problem(where, "is empty or whitespace only")
    text = problem_text(phrase)
    if len(phrase) > PHRASE_MAX:
        return Problem(
            where,
            f"{text} is {len(phrase)} characters long",
            f"at most {PHRASE_MAX} (PHRASE_MAX): split it into shorter phrases",
        )
    if not placeholders and _PLACEHOLDER.search(phrase):
        return Problem(where, f"{text} has a placeholder", "placeholders are not allowed here")
    if _BRACE.search(_PLACEHOLDER.sub("", phrase)):
        hint = "write placeholders as {name}" if placeholders else "placeholders are not allowed"
        return Problem(where, f"{text} has an unmatched brace", hint)
    fragments = split_phrase(phrase)
    if not fragments:
        return Problem(
            where,
            f"{text} normalises to nothing and can never match",
            "give words, not only punctuation, spaces or placeholders",
        )
    if len(fragments) > FRAGMENTS_MAX:
        return Problem(
            where,
            f"{text} has {len(fragments)} words between placeholders",
            f"at most {FRAGMENTS_MAX} (FRAGMENTS_MAX): split it into shorter phrases",
        )
    return None


def _check_common(rule: _RuleBase) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(rule.id, str) or not rule.id.strip():
        problems.append(Problem("id", f"must be a non-empty string, got {problem_text(rule.id)}"))
    if rule.rule is not None and (
        not isinstance(rule.rule, str) or not _SOURCE_RULE.match(rule.rule)
    ):
        problems.append(
            Problem("rule", f"{problem_text(rule.rule)} is not a rule ID", "e.g. 'SC-6', or null")
        )
    if rule.severity not in SEVERITIES:
        problems.append(
            Problem("severity", f"{problem_text(rule.severity)} is unknown", f"one of {SEVERITIES}")
        )
    weight = rule.weight
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not math.isfinite(weight)
        or weight <= 0
    ):
        problems.append(
            Problem("weight", f"{problem_text(weight)} is not allowed", "a finite number > 0")
        )
    message: object = rule.message  # typed str, but built from plain data
    if not isinstance(message, str):
        problems.append(Problem("message", f"must be a string, got {problem_text(message)}"))
    return problems


def _check_speaker(value: object, path: str, *, optional: bool = True) -> list[Problem]:
    if (value is None and optional) or value in SPEAKERS:
        return []
    allowed = f"one of {SPEAKERS}" + (" or null for anyone" if optional else "")
    return [Problem(path, f"{problem_text(value)} is not a known speaker", allowed)]


def _check_choice(value: object, path: str, choices: tuple[str, ...]) -> list[Problem]:
    if isinstance(value, str) and value in choices:
        return []
    return [Problem(path, f"{problem_text(value)} is unknown", f"one of {choices}")]


def _check_whole(value: object, path: str, low: int, high: int) -> list[Problem]:
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return []
    return [Problem(path, f"{problem_text(value)} is invalid", f"a whole number {low} to {high}")]


def _check_near(near: object, path: str) -> list[Problem]:
    """Phrases without placeholders, or slot names such as ``{time}``."""
    if not isinstance(near, tuple):
        return [Problem(path, f"must be a list of strings, got {problem_text(near)}")]
    if not near:
        return [Problem(path, "is empty", "give at least one phrase or slot")]
    problems: list[Problem] = []
    for i, entry in enumerate(near):
        if isinstance(entry, str) and entry.startswith("{") and entry.endswith("}"):
            if entry not in SLOT_NAMES:
                problems.append(
                    Problem(f"{path}[{i}]", f"{problem_text(entry)} is not a slot",
                            f"one of {SLOT_NAMES}, or a phrase without braces")
                )  # fmt: skip
            continue
        problem = _phrase_problem(entry, f"{path}[{i}]", placeholders=False)
        if problem is not None:
            problems.append(problem)
    return problems


class _RuleBase:
    """Fields and checks every rule kind shares (a mixin, not public)."""

    __slots__ = ()
    kind: ClassVar[str]
    id: str
    rule: str | None
    severity: Severity
    weight: float
    message: str

    def _problems(self) -> list[Problem]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __attrs_post_init__(self) -> None:
        problems = _check_common(self) + self._problems()
        if problems:
            raise ValidationError(problems, what=f"{self.kind} rule {self.id!r}")


@attrs.frozen
class Window:
    """Where a required phrase must be said: exactly one of four limits.

    Turn counts and seconds are counted within the rule's speaker's turns when
    the rule names a speaker, else within all turns. Seconds are measured from
    the start of the first turn (``first_seconds``) or back from the end of the
    last turn (``last_seconds``) and need turn times.

    Examples:
        >>> Window(first_turns=1)
        Window(first_turns=1, last_turns=None, first_seconds=None, last_seconds=None)
    """

    first_turns: int | None = None
    last_turns: int | None = None
    first_seconds: float | None = None
    last_seconds: float | None = None

    def __attrs_post_init__(self) -> None:
        problems = self._problems()
        if problems:
            raise ValidationError(problems, what="window")

    def _problems(self) -> list[Problem]:
        given = {k: v for k, v in attrs.asdict(self).items() if v is not None}
        if len(given) != 1:
            return [
                Problem(
                    "window",
                    f"sets {sorted(given) or 'nothing'}",
                    "set exactly one of first_turns, last_turns, first_seconds, last_seconds",
                )
            ]
        (name, value), *_ = given.items()
        if name.endswith("_turns"):
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
            hint = "a whole number >= 1"
        else:
            ok = (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
                and value > 0
            )
            hint = "a finite number of seconds > 0"
        return [] if ok else [Problem(f"window.{name}", f"{problem_text(value)} is invalid", hint)]


@attrs.frozen
class RequiredRule(_RuleBase):
    """One of ``phrases`` must be said (greeting SC-1, closing SC-2, ...).

    Attributes:
        id: Unique ID of the rule in its pack.
        phrases: Alternatives; any one passes. ``{placeholder}`` stands for a name
            or brand of 0 to `PLACEHOLDER_MAX` characters.
        rule: The ``DOMAIN.md`` rule ID implemented, e.g. ``"SC-1"``.
        speaker: Who must say it (``"agent"``, ``"customer"``, or ``None``).
        window: Where it must be said, or ``None`` for anywhere.
        severity: ``"info"``, ``"minor"``, ``"major"`` or ``"critical"``.
        weight: Weight of the rule in the score, > 0.
        message: What a reviewer reads when the rule fails.

    Examples:
        >>> r = RequiredRule("greeting", ("您好，我是{brand}的客服代表",), rule="SC-1",
        ...                  window=Window(first_turns=1))
        >>> r.kind, r.speaker
        ('required', 'agent')
    """

    kind: ClassVar[str] = "required"
    id: str
    phrases: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    rule: str | None = None
    speaker: Speaker | None = "agent"
    window: Window | None = None
    severity: Severity = "major"
    weight: float = 1.0
    message: str = ""

    def _problems(self) -> list[Problem]:
        problems = _check_phrases(self.phrases, "phrases", placeholders=True)
        problems += _check_speaker(self.speaker, "speaker")
        window: object = self.window
        if window is not None and not isinstance(window, Window):
            problems.append(Problem("window", f"{problem_text(window)} is not a Window"))
        return problems


@attrs.frozen
class ForbiddenRule(_RuleBase):
    """None of ``phrases`` may be said (禁用语 SC-6; promises SC-7; refusals SC-8).

    A forbidden match is suppressed only when a match of an ``allowed`` phrase
    *contains* it (starts at or before it and ends at or after it); all matches
    are found with overlapping matching, so an allowed phrase that starts
    earlier (``我不能保证`` around ``保证``) or later suppresses correctly.

    Attributes:
        id: Unique ID of the rule in its pack.
        phrases: The forbidden phrases (no placeholders).
        allowed: Longer phrases that contain a forbidden one and are fine.
        a_not_a: Also suppress a match inside an A-not-A question: a match
            starting with ``不`` right after the character that follows it
            (``行不行`` for ``不行``, ``能不能办`` for ``不能办``), or followed by
            ``不`` and its own first character (``保证不保证``).
        match: ``"substring"`` (anywhere), ``"word"`` (only where the phrase is
            a word or words of the segmented turn: ``不行`` is not flagged in
            ``不行驶``; needs jieba) or ``"utterance"`` (only as the whole turn).
        negation: Also suppress a match that a negator of
            `NEGATORS` precedes in the same
            clause, ending at most this many characters before it (``不能完全保证``
            with 2); ``0`` (the default) turns this off, at most `NEGATION_MAX`.
        rule, speaker, severity, weight, message: As for `RequiredRule`.

    Examples:
        >>> r = ForbiddenRule("no-flat-no", ("不行",), allowed=("不是不行",), rule="SC-6")
        >>> r.a_not_a, r.match, r.negation
        (True, 'substring', 0)
    """

    kind: ClassVar[str] = "forbidden"
    id: str
    phrases: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    allowed: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    a_not_a: bool = True
    rule: str | None = None
    speaker: Speaker | None = "agent"
    severity: Severity = "major"
    weight: float = 1.0
    message: str = ""
    match: Match = "substring"
    negation: int = 0

    def _problems(self) -> list[Problem]:
        problems = _check_phrases(self.phrases, "phrases", placeholders=False)
        problems += _check_choice(self.match, "match", MATCH_MODES)
        problems += _check_whole(self.negation, "negation", 0, NEGATION_MAX)
        allowed_problems = _check_phrases(
            self.allowed, "allowed", placeholders=False, required=False
        )
        problems += allowed_problems
        problems += _check_speaker(self.speaker, "speaker")
        a_not_a: object = self.a_not_a
        if not isinstance(a_not_a, bool):
            problems.append(Problem("a_not_a", f"must be true or false, got {a_not_a!r}"))
        if not problems:
            forbidden = [normalize_text(p).text for p in self.phrases]
            for i, phrase in enumerate(self.allowed):
                norm = normalize_text(phrase).text
                if norm in forbidden:
                    problems.append(
                        Problem(
                            f"allowed[{i}]",
                            f"{problem_text(phrase)} is itself forbidden, so nothing would ever "
                            "be flagged",
                            "an allowed phrase must be longer than the phrase it excuses",
                        )
                    )
                elif not any(f in norm for f in forbidden):
                    problems.append(
                        Problem(
                            f"allowed[{i}]",
                            f"{problem_text(phrase)} contains none of the forbidden phrases",
                            "an allowed phrase must contain the phrase it excuses",
                        )
                    )
        return problems


@attrs.frozen
class OrderedRule(_RuleBase):
    """When one of ``after`` is said, one of ``before`` must have been said earlier.

    Not applicable when no ``after`` phrase is said.

    Attributes:
        id: Unique ID of the rule in its pack.
        before: Phrases that must come first (placeholders allowed).
        after: Phrases that must come later (placeholders allowed).
        before_speaker: Who says ``before`` (``None`` for anyone).
        after_speaker: Who says ``after`` (``None`` for anyone).
        rule, severity, weight, message: As for `RequiredRule`.

    Examples:
        >>> r = OrderedRule("identity-first", ("您是{name}先生吗",), ("满意吗",), rule="SC-3")
        >>> r.before_speaker, r.after_speaker
        ('agent', 'agent')
    """

    kind: ClassVar[str] = "ordered"
    id: str
    before: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    after: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    rule: str | None = None
    before_speaker: Speaker | None = "agent"
    after_speaker: Speaker | None = "agent"
    severity: Severity = "major"
    weight: float = 1.0
    message: str = ""

    def _problems(self) -> list[Problem]:
        return (
            _check_phrases(self.before, "before", placeholders=True)
            + _check_phrases(self.after, "after", placeholders=True)
            + _check_speaker(self.before_speaker, "before_speaker")
            + _check_speaker(self.after_speaker, "after_speaker")
        )


@attrs.frozen
class ConditionalRule(_RuleBase):
    """When a trigger is said, every group of responses must follow (SC-3, SC-4, SC-5, SC-9).

    Each turn with a trigger needs, in a later turn of ``speaker`` (within
    ``within_turns`` turns when given), one phrase of every group in ``then``.
    Not applicable when no trigger is said.

    Attributes:
        id: Unique ID of the rule in its pack.
        when: Trigger phrases (no placeholders).
        then: Groups of response phrases; one phrase of each group must follow.
        unless: Longer phrases containing a trigger that do not trigger
            (``不满意`` contains ``满意``).
        when_speaker: Who says the trigger (default the customer).
        speaker: Who must respond (default the agent).
        within_turns: How many turns after the trigger the response may come.
        match: How triggers must sit in the turn, as for `ForbiddenRule`
            (``"word"``: ``满意`` does not trigger inside ``不满意``).
        rule, severity, weight, message: As for `RequiredRule`.

    Examples:
        >>> r = ConditionalRule("apologise", ("投诉",), (("抱歉", "对不起"),), rule="SC-5")
        >>> r.when_speaker, r.speaker
        ('customer', 'agent')
    """

    kind: ClassVar[str] = "conditional"
    id: str
    when: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    then: tuple[tuple[str, ...], ...] = attrs.field(converter=_tuple_of_groups)
    unless: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    rule: str | None = None
    when_speaker: Speaker | None = "customer"
    speaker: Speaker | None = "agent"
    within_turns: int | None = None
    severity: Severity = "major"
    weight: float = 1.0
    message: str = ""
    match: Match = "substring"

    def _problems(self) -> list[Problem]:
        problems = _check_phrases(self.when, "when", placeholders=False)
        problems += _check_choice(self.match, "match", MATCH_MODES)
        problems += _check_phrases(self.unless, "unless", placeholders=False, required=False)
        if not isinstance(self.then, tuple) or not self.then:
            problems.append(Problem("then", "must be a non-empty list of phrase lists"))
        else:
            for i, group in enumerate(self.then):
                problems += _check_phrases(group, f"then[{i}]", placeholders=True)
        problems += _check_speaker(self.when_speaker, "when_speaker")
        problems += _check_speaker(self.speaker, "speaker")
        w = self.within_turns
        if w is not None and (not isinstance(w, int) or isinstance(w, bool) or w < 1):
            problems.append(
                Problem("within_turns", f"{problem_text(w)} is invalid", "a whole number >= 1")
            )
        return problems


@attrs.frozen
class ProximityRule(_RuleBase):
    """A phrase said near (or not near) another phrase or a slot (SC-4, SC-7).

    Each match of ``phrases`` by ``speaker`` looks for a match of ``near`` (a
    phrase, or a slot such as ``{time}``: see `SLOT_NAMES`)
    on ``side`` of it, within ``within`` characters (normalised, in the same
    turn) or turns. With ``require=False`` a match that has one is a finding
    (``保证`` within 5 characters of ``一定``); with ``require=True`` a match that
    has none is (a promised reply not followed by a time). Not applicable when
    no phrase is said.

    Attributes:
        id: Unique ID of the rule in its pack.
        phrases: The phrases said (no placeholders).
        near: Phrases (no placeholders) or slots looked for around them.
        within: How far: characters between the two matches, or turns after or
            before (the same turn counts as 0), 0 to `WITHIN_MAX`.
        unit: ``"characters"`` or ``"turns"``.
        side: ``"after"``, ``"before"`` or ``"either"``.
        require: Whether a near match is required (``True``) or forbidden.
        near_speaker: Who says ``near`` for ``unit="turns"`` (``None``: anyone).
        match: How ``phrases`` must sit in the turn, as for `ForbiddenRule`.
        rule, speaker, severity, weight, message: As for `RequiredRule`.

    Examples:
        >>> r = ProximityRule("reply-time", ("给您答复",), ("{duration}", "{time}"),
        ...                   within=10, side="before", require=True, rule="SC-4")
        >>> r.kind, r.unit
        ('proximity', 'characters')
    """

    kind: ClassVar[str] = "proximity"
    id: str
    phrases: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    near: tuple[str, ...] = attrs.field(converter=_tuple_of_str)
    within: int = 5
    unit: Unit = "characters"
    side: Side = "either"
    require: bool = False
    rule: str | None = None
    speaker: Speaker | None = "agent"
    near_speaker: Speaker | None = "agent"
    severity: Severity = "major"
    weight: float = 1.0
    message: str = ""
    match: Match = "substring"

    def _problems(self) -> list[Problem]:
        problems = _check_phrases(self.phrases, "phrases", placeholders=False)
        problems += _check_near(self.near, "near")
        problems += _check_whole(self.within, "within", 0, WITHIN_MAX)
        problems += _check_choice(self.unit, "unit", PROXIMITY_UNITS)
        problems += _check_choice(self.side, "side", SIDES)
        problems += _check_choice(self.match, "match", MATCH_MODES)
        problems += _check_speaker(self.speaker, "speaker")
        problems += _check_speaker(self.near_speaker, "near_speaker")
        require: object = self.require
        if not isinstance(require, bool):
            problems.append(Problem("require", f"must be true or false, got {require!r}"))
        return problems

    @property
    def slots(self) -> tuple[str, ...]:
        """The slot names of ``near``, without braces."""
        return tuple(n[1:-1] for n in self.near if n in SLOT_NAMES)

    @property
    def near_phrases(self) -> tuple[str, ...]:
        """The phrases of ``near`` (its entries that are not slots)."""
        return tuple(n for n in self.near if n not in SLOT_NAMES)


@attrs.frozen
class TimingRule(_RuleBase):
    """A limit on turn times: silence, talking over, talk share (SC-4).

    Needs transcripts whose turns carry ``start`` and ``end``: a turn without
    them is a `TranscriptError` naming the rule,
    never a pass. Turns are read in transcript order.

    - ``silence``: a turn of ``speaker`` that starts more than ``limit``
      seconds after every earlier turn has ended (the customer waits for an
      answer) is a finding.
    - ``overlap``: a turn of ``speaker`` that starts more than ``limit`` seconds
      before an earlier turn of the other speaker ends (the agent talks over
      the customer: SC-4's "listen without interrupting") is a finding.
    - ``talk_share``: ``speaker``'s share of the talk time (the sum of the
      lengths of their turns over that of all turns) above ``limit`` is a
      finding; not applicable when no turn has any length.

    Attributes:
        id: Unique ID of the rule in its pack.
        measure: ``"silence"``, ``"overlap"`` or ``"talk_share"``.
        limit: Seconds (> 0 for silence, >= 0 for overlap) or a share
            (0 < limit <= 1).
        speaker: Whose turns are measured (``None``: anyone's, for silence and
            overlap; talk share needs a speaker).
        rule, severity, weight, message: As for `RequiredRule`.

    Examples:
        >>> TimingRule("no-talk-over", "overlap", 1.0, rule="SC-4").speaker
        'agent'
    """

    kind: ClassVar[str] = "timing"
    id: str
    measure: Measure
    limit: float
    rule: str | None = None
    speaker: Speaker | None = "agent"
    severity: Severity = "major"
    weight: float = 1.0
    message: str = ""

    def _problems(self) -> list[Problem]:
        problems = _check_choice(self.measure, "measure", TIMING_MEASURES)
        problems += _check_speaker(self.speaker, "speaker", optional=self.measure != "talk_share")
        limit: object = self.limit
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int | float)
            or not math.isfinite(limit)
        ):
            problems.append(Problem("limit", f"{problem_text(limit)} is not a finite number"))
        elif self.measure == "silence" and limit <= 0:
            problems.append(Problem("limit", f"{limit!r} is invalid", "seconds > 0"))
        elif self.measure == "overlap" and limit < 0:
            problems.append(Problem("limit", f"{limit!r} is invalid", "seconds >= 0"))
        elif self.measure == "talk_share" and not 0 < limit <= 1:
            problems.append(Problem("limit", f"{limit!r} is invalid", "a share, 0 < limit <= 1"))
        return problems


Rule: TypeAlias = (
    RequiredRule | ForbiddenRule | OrderedRule | ConditionalRule | ProximityRule | TimingRule
)
_RULE_CLASSES = (
    RequiredRule,
    ForbiddenRule,
    OrderedRule,
    ConditionalRule,
    ProximityRule,
    TimingRule,
)

_KINDS: dict[str, type[Rule]] = {
    "required": RequiredRule,
    "forbidden": ForbiddenRule,
    "ordered": OrderedRule,
    "conditional": ConditionalRule,
    "proximity": ProximityRule,
    "timing": TimingRule,
}
#: The rule kinds a pack may hold, as its plain data names them.
KINDS: tuple[str, ...] = tuple(sorted(_KINDS))


@attrs.frozen
class CompiledPhrase:
    """A phrase as the matcher sees it: its text and its fragments' pattern indexes."""

    text: str
    patterns: tuple[int, ...]


#: Phrases of one role of one rule, keyed by the pattern of their first fragment,
#: so a rule only looks at the phrases whose first fragment occurred.
RoleIndex: TypeAlias = dict[int, tuple[CompiledPhrase, ...]]


@attrs.frozen
class Compiled:
    """The automaton of a pack and, per rule, its phrases by role."""

    automaton: ahocorasick_rs.AhoCorasick = attrs.field(eq=False)
    patterns: tuple[str, ...]
    #: Patterns that start or end with a Latin letter or digit: these only match
    #: at word boundaries.
    bounded: frozenset[int]
    #: Per rule: role name -> index (``then`` groups are ``then0``, ``then1``...).
    roles: tuple[dict[str, RoleIndex], ...] = attrs.field(eq=False)
    #: Whether a rule matches whole words (a check then needs the segmenter).
    words: bool = False


def _compile(rules: tuple[Rule, ...]) -> tuple[Compiled, list[Problem]]:
    """The pack's automaton and role indexes, and the problem of too much overlap."""
    index: dict[str, int] = {}
    uses: list[int] = []  # per pattern: how many phrase words of the pack it is
    first_use: list[str] = []  # per pattern: the path of the first phrase using it

    def role(texts: tuple[str, ...], path: str) -> RoleIndex:
        by_first: dict[int, list[CompiledPhrase]] = {}
        for j, text in enumerate(texts):
            ids = []
            for fragment in split_phrase(text):
                i = index.setdefault(fragment, len(index))
                if i == len(uses):
                    uses.append(0)
                    first_use.append(f"{path}[{j}]")
                uses[i] += 1
                ids.append(i)
            by_first.setdefault(ids[0], []).append(CompiledPhrase(text, tuple(ids)))
        return {k: tuple(v) for k, v in by_first.items()}

    roles: list[dict[str, RoleIndex]] = []
    for r, rule in enumerate(rules):
        if isinstance(rule, RequiredRule):
            groups = {"phrases": ("phrases", rule.phrases)}
        elif isinstance(rule, ForbiddenRule):
            groups = {"phrases": ("phrases", rule.phrases), "allowed": ("allowed", rule.allowed)}
        elif isinstance(rule, OrderedRule):
            groups = {"before": ("before", rule.before), "after": ("after", rule.after)}
        elif isinstance(rule, ProximityRule):
            groups = {"phrases": ("phrases", rule.phrases), "near": ("near", rule.near_phrases)}
        elif isinstance(rule, TimingRule):
            groups = {}
        else:
            groups = {"when": ("when", rule.when), "unless": ("unless", rule.unless)}
            groups.update({f"then{i}": (f"then[{i}]", g) for i, g in enumerate(rule.then)})
        roles.append({k: role(v, f"rules[{r}].{field}") for k, (field, v) in groups.items()})
    patterns = tuple(index)
    if not patterns:  # a pack of timing rules only: an automaton that finds nothing
        automaton = ahocorasick_rs.AhoCorasick(["\n"])  # never in normalised text
        return Compiled(automaton, (), frozenset(), tuple(roles), False), []
    bounded = frozenset(
        i for i, p in enumerate(patterns) if is_spaced_word_char(p[0]) or is_spaced_word_char(p[-1])
    )
    automaton = ahocorasick_rs.AhoCorasick(patterns)
    words = any(getattr(rule, "match", None) == "word" for rule in rules)
    compiled = Compiled(automaton, patterns, bounded, tuple(roles), words)
    return compiled, _overlap_problems(compiled, uses, first_use)


def _overlap_problems(compiled: Compiled, uses: list[int], first_use: list[str]) -> list[Problem]:
    """OVERLAP_MAX: how many phrase words can end at one character of a transcript.

    The words ending at one character are the longest of them and those it ends
    with; each use of a word (in several phrases, rules or roles) is checked on its
    own, so each counts.
    """
    problems: list[Problem] = []
    for i, pattern in enumerate(compiled.patterns):
        matches = compiled.automaton.find_matches_as_indexes(pattern, overlapping=True)
        ending = [q for q, _, e in matches if e == len(pattern)]
        n = sum(uses[q] for q in ending)
        if n > OVERLAP_MAX:
            shorter = ", ".join(repr(compiled.patterns[q]) for q in ending if q != i)
            problems.append(
                Problem(
                    first_use[i],
                    f"{problem_text(pattern)} and the words it ends with ({shorter[:80]}) are "
                    f"used {n} times in the pack: {n} matches could end at one character",
                    f"at most {OVERLAP_MAX} (OVERLAP_MAX): fewer phrases ending alike, or "
                    "fewer rules repeating one",
                )
            )
    return problems


@attrs.frozen
class ScriptPack:
    """A named, compiled set of script rules.

    Attributes:
        name: Name of the pack, e.g. ``"zh_CN"``.
        rules: The rules, in report order; IDs are unique.
        description: Free text for people.

    Examples:
        >>> pack = ScriptPack.from_dict({
        ...     "name": "mini",
        ...     "rules": [{"id": "no-who", "kind": "forbidden", "rule": "SC-6",
        ...                "phrases": ["您是谁"]}],
        ... })
        >>> pack.rule_ids()
        ('SC-6',)
    """

    name: str
    rules: tuple[Rule, ...] = attrs.field(converter=_tuple_of_rules)
    description: str = ""
    compiled: Compiled = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = _pack_problems(self.name, self.description)
        if not isinstance(self.rules, tuple) or not self.rules:
            problems.append(Problem("rules", "must be a non-empty list of rules"))
        else:
            seen: set[str] = set()
            items: tuple[object, ...] = self.rules
            for i, rule in enumerate(items):
                if not isinstance(rule, _RULE_CLASSES):
                    problems.append(Problem(f"rules[{i}]", f"{problem_text(rule)} is not a rule"))
                elif rule.id in seen:
                    problems.append(Problem(f"rules[{i}].id", f"{rule.id!r} is used twice"))
                else:
                    seen.add(rule.id)
        if not problems:
            compiled, problems = _compile(self.rules)
            object.__setattr__(self, "compiled", compiled)
        if problems:
            raise ValidationError(problems, what=f"script pack {problem_text(self.name)}")

    def rule_ids(self) -> tuple[str, ...]:
        """The ``DOMAIN.md`` rule IDs the pack implements, sorted, without repeats."""
        ids = {r.rule for r in self.rules if r.rule}
        return tuple(sorted(ids, key=lambda s: (s.split("-")[0], int(s.split("-")[1]))))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ScriptPack:
        """Build a pack from plain data (the shape of a TOML policy section).

        ``data`` has ``name``, optional ``description`` and ``rules``: a list of
        mappings, each with ``kind`` (``required``, ``forbidden``, ``ordered``,
        ``conditional``, ``proximity``, ``timing``) and the fields of that rule class; ``window`` is a
        mapping with one of ``first_turns``, ``last_turns``, ``first_seconds``,
        ``last_seconds``.

        Raises:
            WrongTypeError: ``data`` is not a mapping.
            ValidationError: Listing every problem of the pack and of every
                rule, with paths such as ``rules[2].phrases[0]``.

        Examples:
            >>> ScriptPack.from_dict({"name": "x", "rules": [
            ...     {"id": "a", "kind": "required", "phrases": ["。"]},
            ...     {"id": "b", "kind": "shout", "phrases": ["hi"]}]})
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 2 problems in script pack 'x':
              - rules[0].phrases[0]: '。' normalises to nothing and can never match; give words, not only punctuation, spaces or placeholders
              - rules[1].kind: 'shout' is unknown; one of ['conditional', 'forbidden', 'ordered', 'proximity', 'required', 'timing']
        """  # noqa: E501
        if not isinstance(data, Mapping):
            raise WrongTypeError(
                "data: a script pack is a mapping with name, description and rules, got "
                f"{type(data).__name__} {problem_text(data)}",
                field="data",
                value=data,
            )
        unknown = sorted((k for k in data if k not in _PACK_KEYS), key=str)
        problems = [
            Problem(str(k), "is not a pack field", "name, description, rules") for k in unknown
        ]
        name, description = data.get("name"), data.get("description", "")
        problems += _pack_problems(name, description)
        raw_rules = data.get("rules")
        if not isinstance(raw_rules, list | tuple):
            problems.append(Problem("rules", f"must be a list, got {problem_text(raw_rules)}"))
            raw_rules = []
        elif not raw_rules:
            problems.append(Problem("rules", "must be a non-empty list of rules"))
        rules: list[Rule] = []
        seen: set[str] = set()
        for i, raw in enumerate(raw_rules):
            rule, rule_problems = _rule_from_dict(raw, f"rules[{i}]")
            problems += rule_problems
            rule_id = raw.get("id") if isinstance(raw, Mapping) else None
            if isinstance(rule_id, str):
                if rule_id in seen:
                    problems.append(Problem(f"rules[{i}].id", f"{rule_id!r} is used twice"))
                seen.add(rule_id)
            if rule is not None:
                rules.append(rule)
        if problems:
            raise ValidationError(problems, what=f"script pack {problem_text(name)}")
        return cls(cast("str", name), tuple(rules), cast("str", description))


def _pack_problems(name: object, description: object) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem("name", f"must be a non-empty string, got {problem_text(name)}"))
    if not isinstance(description, str):
        problems.append(
            Problem("description", f"must be a string, got {problem_text(description)}")
        )
    return problems


def _rule_from_dict(raw: object, path: str) -> tuple[Rule | None, list[Problem]]:
    if not isinstance(raw, Mapping):
        return None, [Problem(path, f"must be a mapping, got {problem_text(raw)}")]
    kind = raw.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        return None, [
            Problem(f"{path}.kind", f"{problem_text(kind)} is unknown", f"one of {list(KINDS)}")
        ]
    fields = {a.name for a in attrs.fields(cls) if a.init}
    kwargs = {k: v for k, v in raw.items() if k != "kind"}
    problems = [
        Problem(f"{path}.{k}", f"is not a field of a {kind} rule", f"one of {sorted(fields)}")
        for k in sorted(set(kwargs) - fields, key=str)
    ]
    missing = sorted(a.name for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING)
    problems += [Problem(f"{path}.{k}", "is missing") for k in missing if k not in kwargs]
    window = kwargs.get("window")
    if isinstance(window, Mapping):
        window_fields = {a.name for a in attrs.fields(Window)}
        bad = sorted(set(window) - window_fields, key=str)
        problems += [Problem(f"{path}.window.{k}", "is not a window limit") for k in bad]
        if not bad:
            try:
                kwargs["window"] = Window(**window)
            except ValidationError as e:
                problems += [attrs.evolve(p, path=f"{path}.{p.path}") for p in e.problems]
    if problems:
        return None, problems
    try:
        return cls(**kwargs), []
    except ValidationError as e:
        return None, [attrs.evolve(p, path=f"{path}.{p.path}") for p in e.problems]
