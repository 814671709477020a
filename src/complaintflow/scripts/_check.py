"""Checking a transcript against a script pack: findings, rule results, a score.

Theory of operation
-------------------
`validate_transcript` is a pure function of a `ScriptPack` and a
transcript (a `Transcript`, a sequence of `Turn`, or one script
text, read as a single agent turn). It works in four passes:

1. **Normalise** each turn (`normalize_text`), keeping the map back to the
   original text.
2. **Match** each normalised turn once against the pack's Aho-Corasick automaton
   with overlapping matches, and index every occurrence by pattern:
   ``pattern -> [(turn, start, end), ...]``. A pattern that starts or ends with a
   Latin letter or digit only matches at a word boundary, so ``hell`` does not
   match inside ``hello``.
3. **Decide** each rule from that index alone: a rule looks only at the
   occurrences of its own phrases, so rules that are not triggered cost
   nearly nothing.
4. **Report**: each violation becomes a `Finding` with the rule ID, the
   turn, the span in the *original* turn text and the matched phrase; each rule a
   `RuleResult` (``pass``, ``fail`` or ``n/a``); the report an overall
   score, the weighted share of applicable rules that pass, as speech-analytics
   tools report category hits.

Bounded time
------------
Every pass is linear in the characters checked times the matches per character,
and both are bounded: a transcript is refused beyond `TURN_MAX` characters
in a turn, `TRANSCRIPT_MAX` in all or `TURNS_MAX` turns, and a pack
lets at most `OVERLAP_MAX` phrase words end at one
character. Phrases with placeholders are chained without backtracking
(``_match.py``); containment and responses are binary searches; a forbidden rule
reports at most `FINDINGS_MAX` findings per turn and only counts the rest, so
the findings are never sorted in full. At the limits a check takes a few seconds
of CPU at worst (a pack whose phrases all match every character); the shipped
packs take under 0.1 s for `TRANSCRIPT_MAX` characters of any text.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Literal, TypeAlias, cast

import attrs

from complaintflow._errors import (
    TranscriptError,
    WrongTypeError,
    problem_text,
)
from complaintflow.scripts._defaults import CLAUSE_BREAKS, NEGATOR_WORDS
from complaintflow.scripts._definition import (
    PLACEHOLDER_MAX,
    CompiledPhrase,
    ConditionalRule,
    ForbiddenRule,
    OrderedRule,
    ProximityRule,
    RequiredRule,
    RoleIndex,
    Rule,
    ScriptPack,
    TimingRule,
    Window,
)
from complaintflow.scripts._mask import NUMBER_CHARS, splits_number
from complaintflow.scripts._match import Occ, chain_ends
from complaintflow.scripts._segment import boundaries, segmenter
from complaintflow.scripts._slots import SLOTS
from complaintflow.scripts._text import NormalizedText, is_spaced_word_char, normalize_many
from complaintflow.scripts._transcript import Transcript, Turn, as_turns

__all__ = [
    "EXCERPT_MAX",
    "FINDINGS_MAX",
    "TRANSCRIPT_MAX",
    "TURNS_MAX",
    "TURN_MAX",
    "Finding",
    "RuleResult",
    "ScriptReport",
    "validate_transcript",
]

Status: TypeAlias = Literal["pass", "fail", "n/a"]
#: The occurrences of one phrase, in transcript order, and the phrase.
Group: TypeAlias = tuple[list[Occ], CompiledPhrase]

#: Most findings a rule reports for one turn; `RuleResult.omitted` counts the
#: others. Only a forbidden rule can report more than one per turn.
FINDINGS_MAX = 100
#: Most characters of a finding's excerpt: a longer span is shown as its start and
#: its end around ``"…"`` (the span itself stays whole).
EXCERPT_MAX = 200
#: Most characters of one turn that `validate_transcript` checks.
TURN_MAX = 20_000
#: Most characters of all turns together that `validate_transcript` checks.
TRANSCRIPT_MAX = 200_000
#: Most turns of a transcript that `validate_transcript` checks.
TURNS_MAX = 10_000


@attrs.frozen
class Finding:
    """One violation, traceable to the rule, the turn and the words said.

    Attributes:
        rule_id: ID of the pack rule that failed.
        rule: The ``DOMAIN.md`` rule ID (``"SC-6"``), or ``None``.
        kind: The rule kind.
        severity: The rule's severity.
        message: The rule's message, with what is missing where that helps.
        turn: Index of the turn, or ``None`` when nothing was said (a missing
            greeting has no place).
        start: Start of the span in the *original* text of the turn.
        end: End of the span (exclusive).
        phrase: The rule phrase that matched, as written in the rule.
        excerpt: ``text[start:end]`` of the original turn: what was said. A span
            longer than `EXCERPT_MAX` characters is clipped to its first
            and last characters around ``"…"`` (`EXCERPT_MAX` in all,
            less where a cut would split a number: the partial number is left
            out, so masking the excerpt still masks every card number).
        seconds: For a timing rule, what was measured: the silence or the
            overlap in seconds, or the talk share; ``None`` otherwise.

    Examples:
        >>> from complaintflow.scripts import ForbiddenRule, ScriptPack
        >>> pack = ScriptPack("p", (ForbiddenRule("who", ("您是谁",), rule="SC-6"),))
        >>> f = validate_transcript(pack, "喂，您是誰？").findings[0]
        >>> f.turn, f.start, f.end, f.excerpt, f.phrase
        (0, 2, 5, '您是誰', '您是谁')
    """

    rule_id: str
    rule: str | None
    kind: str
    severity: str
    message: str
    turn: int | None = None
    start: int | None = None
    end: int | None = None
    phrase: str | None = None
    excerpt: str | None = None
    seconds: float | None = None


@attrs.frozen
class RuleResult:
    """The outcome of one rule.

    Attributes:
        rule_id: ID of the pack rule.
        rule: The ``DOMAIN.md`` rule ID, or ``None``.
        kind: The rule kind.
        status: ``"pass"``, ``"fail"`` or ``"n/a"`` (a conditional rule that was
            not triggered, an ordered rule whose later phrase was not said).
        weight: The rule's weight.
        findings: Its findings (empty unless it failed), at most
            `FINDINGS_MAX` per turn.
        omitted: How many more findings the turns held beyond
            `FINDINGS_MAX` each (a phrase repeated all through a long
            turn); ``0`` when every finding is reported.

    Examples:
        >>> from complaintflow.scripts import RequiredRule, ScriptPack
        >>> pack = ScriptPack("p", (RequiredRule("hello", ("您好",), rule="SC-1"),))
        >>> r = validate_transcript(pack, "喂").results[0]
        >>> r.rule, r.status, r.findings[0].message
        ('SC-1', 'fail', "none of ['您好'] was said")
    """

    rule_id: str
    rule: str | None
    kind: str
    status: Status
    weight: float
    findings: tuple[Finding, ...] = ()
    omitted: int = 0


@attrs.frozen
class ScriptReport:
    """Every rule's outcome for one transcript, and the overall score.

    Attributes:
        pack: Name of the pack used.
        results: One `RuleResult` per rule, in pack order.
        score: ``100 * passed weight / applicable weight``, or ``None`` when no
            rule applies.

    Examples:
        >>> from complaintflow.scripts import ForbiddenRule, RequiredRule, ScriptPack
        >>> pack = ScriptPack("p", (
        ...     RequiredRule("hello", ("您好",), weight=3),
        ...     ForbiddenRule("no", ("不行",)),
        ... ))
        >>> report = validate_transcript(pack, "您好，不行")
        >>> report.score, report.passed, len(report.records())
        (75.0, False, 1)
    """

    pack: str
    results: tuple[RuleResult, ...]
    score: float | None

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings, in rule order."""
        return tuple(f for r in self.results for f in r.findings)

    @property
    def passed(self) -> bool:
        """True when no rule failed."""
        return all(r.status != "fail" for r in self.results)

    def records(self) -> list[dict[str, object]]:
        """One plain dict per finding (``pandas.DataFrame(report.records())`` works)."""
        return [attrs.asdict(f) for f in self.findings]


@attrs.define
class _Context:
    """Everything the rule deciders need about one transcript (internal)."""

    turns: tuple[Turn, ...]
    norms: list[NormalizedText]
    occ: dict[int, list[Occ]]
    #: Per turn, its word boundaries (original indexes), segmented on first use.
    bounds: dict[int, frozenset[int]] = attrs.field(factory=dict)
    #: Per (slot, turn), the slot's matches, found on first use.
    slots: dict[tuple[str, int], list[Occ]] = attrs.field(factory=dict)

    def is_word(self, occ: Occ) -> bool:
        """True when the match starts and ends at word boundaries of its turn."""
        ti, s, e = occ
        norm = self.norms[ti]
        bounds = self.bounds.get(ti)
        if bounds is None:
            bounds = self.bounds[ti] = boundaries(norm.converted)
        start, end = norm._span_in_original(s, e)
        return start in bounds and end in bounds

    def is_utterance(self, occ: Occ) -> bool:
        """True when the match is the whole (normalised) turn."""
        return occ[1] == 0 and occ[2] == len(self.norms[occ[0]].text)

    def keep(self, hits: list[Occ], match: str) -> list[Occ]:
        """The hits that sit in their turn as ``match`` asks."""
        if match == "word":
            return [o for o in hits if self.is_word(o)]
        if match == "utterance":
            return [o for o in hits if self.is_utterance(o)]
        return hits

    def negated(self, occ: Occ, scope: int) -> bool:
        """True when a negator ends at most ``scope`` characters before ``occ``, same clause.

        Read in the converted text (punctuation kept, as long as the original),
        over at most ``scope`` + the longest negator characters before the match.
        """
        ti, s, e = occ
        norm = self.norms[ti]
        start, _ = norm._span_in_original(s, e)
        text = norm.converted
        window = text[max(0, start - scope - _NEGATOR_LEN) : start]
        cut = max(window.rfind(c) for c in CLAUSE_BREAKS)
        if cut >= 0:
            window = window[cut + 1 :]
        window = "".join(window.split())
        return any(
            (j := window.rfind(neg)) >= 0 and len(window) - j - len(neg) <= scope
            for neg in NEGATOR_WORDS
        )

    def hits(self, phrase: CompiledPhrase, speaker: str | None) -> list[Occ]:
        """Occurrences of a whole phrase (placeholders filled in) said by ``speaker``."""
        pats = phrase.patterns
        first = self.occ.get(pats[0])
        if not first:
            return []
        turns = self.turns
        if speaker is not None:
            first = [o for o in first if turns[o[0]].speaker == speaker]
        if len(pats) == 1:
            return first
        rest: list[list[Occ]] = []
        for p in pats[1:]:
            later = self.occ.get(p)
            if not later:
                return []
            rest.append(later)
        return chain_ends(first, rest, PLACEHOLDER_MAX)

    def role_groups(
        self, role: RoleIndex, speaker: str | None, match: str = "substring"
    ) -> list[Group]:
        """Per phrase of ``role`` said by ``speaker``: its occurrences, in transcript order.

        Merged by ``(occurrence, index of the group)``, the groups give every
        occurrence of the role in transcript order, ties between phrases broken
        as they are listed; the deciders merge only as much as they need.
        """
        occ = self.occ
        present = (
            role.keys() & occ.keys() if len(role) > len(occ) else [k for k in role if k in occ]
        )
        turns = self.turns
        groups: list[Group] = []
        for k in present:
            said = occ[k]
            if speaker is not None:
                said = [o for o in said if turns[o[0]].speaker == speaker]
            for phrase in role[k]:
                hits = said if len(phrase.patterns) == 1 else self.hits(phrase, speaker)
                if hits and match != "substring":
                    hits = self.keep(hits, match)
                if hits:
                    groups.append((hits, phrase))
        return groups

    def contained(self, occ: Occ, role: RoleIndex) -> bool:
        """True when a match of a phrase of ``role`` contains ``occ`` (same turn).

        The phrases of ``role`` have no placeholders, so every occurrence of one
        has its length ``n``: one contains ``occ`` when it starts between
        ``end - n`` and ``start``, which one binary search answers.
        """
        ti, s, e = occ
        for first in role:
            occs = self.occ.get(first)
            if not occs:
                continue
            n = occs[0][2] - occs[0][1]
            i = bisect_left(occs, (ti, e - n, -1))
            if i < len(occs) and occs[i][0] == ti and occs[i][1] <= s:
                return True
        return False

    def finding(
        self, rule: Rule, message: str, occ: Occ | None = None, phrase: str | None = None
    ) -> Finding:
        if occ is None:
            return Finding(rule.id, rule.rule, rule.kind, rule.severity, message)
        if occ[1] == occ[2]:  # a turn, no span (timing rules)
            return Finding(rule.id, rule.rule, rule.kind, rule.severity, message, occ[0])
        ti, start, end = occ
        norm = self.norms[ti]
        if len(norm.text) != len(norm.converted):  # separators were dropped
            start, end = norm._span_in_original(start, end)
        if end - start <= EXCERPT_MAX:
            excerpt = norm.original[start:end]
        else:
            excerpt = _clipped(norm.original, start, end)
        return Finding(
            rule.id, rule.rule, rule.kind, rule.severity, message, ti, start, end, phrase, excerpt
        )


def _clipped(text: str, start: int, end: int) -> str:
    """``text[start:end]``, longer than `EXCERPT_MAX`, clipped around an ellipsis."""
    head_end = start + EXCERPT_MAX // 2
    tail_start = end - (EXCERPT_MAX - EXCERPT_MAX // 2 - 1)
    head, tail = text[start:head_end], text[tail_start:end]
    if splits_number(text, head_end):
        head = head.rstrip(NUMBER_CHARS)
    if splits_number(text, tail_start):
        tail = tail.lstrip(NUMBER_CHARS)
    return f"{head}…{tail}"


def _first_hit(groups: list[Group]) -> tuple[Occ, CompiledPhrase] | None:
    """The first occurrence of any group, and its phrase (the earlier group on a tie)."""
    first: tuple[Occ, CompiledPhrase] | None = None
    for hits, phrase in groups:
        if first is None or hits[0] < first[0]:
            first = (hits[0], phrase)
    return first


def _window_turns(ctx: _Context, rule: RequiredRule) -> set[int] | None:
    window: Window | None = rule.window
    if window is None:
        return None
    pool = [i for i, t in enumerate(ctx.turns) if rule.speaker is None or t.speaker == rule.speaker]
    if window.first_turns is not None:
        return set(pool[: window.first_turns])
    if window.last_turns is not None:
        return set(pool[-window.last_turns :])
    for i, t in enumerate(ctx.turns):
        if t.start is None or t.end is None:
            raise TranscriptError(
                f"rule {rule.id!r} limits by seconds, but turn {i} has no start/end time",
                field=f"turns[{i}]",
                value=(t.start, t.end),
                rule=rule.rule,
            )
    if not ctx.turns:
        return set()
    if window.first_seconds is not None:
        t0 = min(t.start for t in ctx.turns if t.start is not None)
        return {i for i in pool if (ctx.turns[i].start or 0.0) - t0 < window.first_seconds}
    assert window.last_seconds is not None
    t1 = max(t.end for t in ctx.turns if t.end is not None)
    return {i for i in pool if t1 - (ctx.turns[i].end or 0.0) <= window.last_seconds}


def _required(ctx: _Context, rule: RequiredRule, roles: dict[str, RoleIndex]) -> RuleResult:
    allowed = _window_turns(ctx, rule)
    for hits, _ in ctx.role_groups(roles["phrases"], rule.speaker):
        if allowed is None or any(occ[0] in allowed for occ in hits):
            return RuleResult(rule.id, rule.rule, rule.kind, "pass", rule.weight)
    message = rule.message or f"none of {list(rule.phrases)} was said"
    finding = ctx.finding(rule, message)
    return RuleResult(rule.id, rule.rule, rule.kind, "fail", rule.weight, (finding,))


def _is_a_not_a(text: str, s: int, e: int) -> bool:
    """True when the match is part of an A-not-A question (``X不X``).

    ``行不行`` and ``能不能办`` around ``不行`` and ``不能办``; ``保证不保证`` and
    ``保不保证`` around ``保证``. Characters are compared one by one (the check runs
    for every match of a forbidden phrase; slicing would build strings).
    """
    first = text[s]
    if first == "不" and e - s >= 2 and s > 0 and text[s - 1] == text[s + 1]:
        return True  # 行[不行]
    if e + 1 < len(text) and text[e] == "不" and text[e + 1] == first:
        return True  # [保证]不保证
    if s == 0 or text[s - 1] != "不":
        return False
    if s >= 2 and text[s - 2] == first:
        return True  # 保不[保证]
    n = e - s
    return s > n and text[s - 1 - n : s - 1] == text[s:e]  # 保证不[保证]


def _forbidden(ctx: _Context, rule: ForbiddenRule, roles: dict[str, RoleIndex]) -> RuleResult:
    allowed, a_not_a, norms = roles["allowed"], rule.a_not_a, ctx.norms
    negation = rule.negation
    groups = ctx.role_groups(roles["phrases"], rule.speaker, rule.match)
    message = rule.message or "forbidden phrase"
    said = 0  # matches not excused
    # Per group and turn, only the first FINDINGS_MAX can be among the first
    # FINDINGS_MAX of the turn: the others are counted, never sorted.
    findings: list[Finding] = []
    for hits, phrase in groups:
        turn, n = -1, 0
        for occ in hits:
            if allowed and ctx.contained(occ, allowed):
                continue
            if a_not_a and _is_a_not_a(norms[occ[0]].text, occ[1], occ[2]):
                continue
            if negation and ctx.negated(occ, negation):
                continue
            said += 1
            if occ[0] != turn:
                turn, n = occ[0], 0
            n += 1
            if n <= FINDINGS_MAX:
                findings.append(ctx.finding(rule, message, occ, phrase.text))
    if not findings:
        return RuleResult(rule.id, rule.rule, rule.kind, "pass", rule.weight)
    if len(groups) > 1:
        # Original spans are in the order of the normalised ones; the sort is
        # stable, so equal spans keep the order of their phrases.
        findings.sort(key=_finding_place)
        findings = _first_per_turn(findings)
    return RuleResult(
        rule.id, rule.rule, rule.kind, "fail", rule.weight, tuple(findings), said - len(findings)
    )


_finding_place = operator.attrgetter("turn", "start", "end")


def _first_per_turn(findings: list[Finding]) -> list[Finding]:
    """The first FINDINGS_MAX findings of each turn, of findings in transcript order."""
    out: list[Finding] = []
    turn, n = -1, 0
    for f in findings:
        if f.turn != turn:
            turn, n = f.turn if f.turn is not None else -1, 0
        if n < FINDINGS_MAX:
            n += 1
            out.append(f)
    return out


def _ordered(ctx: _Context, rule: OrderedRule, roles: dict[str, RoleIndex]) -> RuleResult:
    later = _first_hit(ctx.role_groups(roles["after"], rule.after_speaker))
    if later is None:
        return RuleResult(rule.id, rule.rule, rule.kind, "n/a", rule.weight)
    first_after, phrase = later
    earlier = _first_hit(ctx.role_groups(roles["before"], rule.before_speaker))
    if earlier is not None and earlier[0][:2] < first_after[:2]:
        return RuleResult(rule.id, rule.rule, rule.kind, "pass", rule.weight)
    message = rule.message or f"{phrase.text!r} was said before any of {list(rule.before)}"
    finding = ctx.finding(rule, message, first_after, phrase.text)
    return RuleResult(rule.id, rule.rule, rule.kind, "fail", rule.weight, (finding,))


def _any_between(turns: list[int], after: int, last: int) -> bool:
    """True when the sorted ``turns`` hold one in ``(after, last]``."""
    i = bisect_right(turns, after)
    return i < len(turns) and turns[i] <= last


def _conditional(ctx: _Context, rule: ConditionalRule, roles: dict[str, RoleIndex]) -> RuleResult:
    unless = roles["unless"]
    triggers: dict[int, tuple[Occ, CompiledPhrase]] = {}  # per turn: its first trigger
    for hits, phrase in ctx.role_groups(roles["when"], rule.when_speaker, rule.match):
        turn = -1
        for occ in hits:
            if occ[0] == turn or (unless and ctx.contained(occ, unless)):
                continue
            turn = occ[0]  # the group's first trigger in this turn
            known = triggers.get(turn)
            if known is None or occ < known[0]:
                triggers[turn] = (occ, phrase)
    if not triggers:
        return RuleResult(rule.id, rule.rule, rule.kind, "n/a", rule.weight)
    group_turns = [  # per group of responses, the turns holding one, in order
        sorted({o[0] for hits, _ in ctx.role_groups(roles[f"then{g}"], rule.speaker) for o in hits})
        for g in range(len(rule.then))
    ]
    findings: list[Finding] = []
    for ti, (occ, phrase) in sorted(triggers.items()):
        last = ti + rule.within_turns if rule.within_turns is not None else len(ctx.turns)
        missing = [
            list(rule.then[g])
            for g, turns in enumerate(group_turns)
            if not _any_between(turns, ti, last)
        ]
        if missing:
            detail = "; ".join(" / ".join(m) for m in missing)
            message = (rule.message or f"after {phrase.text!r}, expected a response") + (
                f" (missing: {detail})"
            )
            findings.append(ctx.finding(rule, message, occ, phrase.text))
    status: Status = "fail" if findings else "pass"
    return RuleResult(rule.id, rule.rule, rule.kind, status, rule.weight, tuple(findings))


#: The longest negator: how far before a match `_Context.negated` reads.
_NEGATOR_LEN = max(map(len, NEGATOR_WORDS))


def _norm_index(norm: NormalizedText, index: int, *, end: bool) -> int:
    """The normalised position of original ``index`` (a start, or an ``end`` bound).

    A position in a dropped separator run maps to the next kept character (a
    start) or just after the previous one (an end).
    """
    if len(norm.text) == len(norm.converted):
        return index
    segments = norm.segments
    if end:
        # an end bound: the last kept character before ``index``
        k = bisect_right(segments, index - 1, key=operator.itemgetter(1)) - 1
        if k < 0:
            return 0
        norm_start, orig_start = segments[k]
        length = _segment_length(norm, k)
        return norm_start + min(index - orig_start, length)
    k = bisect_right(segments, index, key=operator.itemgetter(1)) - 1
    if k < 0:
        return 0
    norm_start, orig_start = segments[k]
    length = _segment_length(norm, k)
    if index - orig_start < length:
        return norm_start + index - orig_start
    return norm_start + length  # in a dropped run: the next kept character


def _segment_length(norm: NormalizedText, k: int) -> int:
    segments = norm.segments
    nxt = segments[k + 1][0] if k + 1 < len(segments) else len(norm.text)
    return nxt - segments[k][0]


def _slot_occs(ctx: _Context, slot: str, ti: int) -> list[Occ]:
    """The matches of ``slot`` in turn ``ti``, as normalised spans (cached)."""
    key = (slot, ti)
    found = ctx.slots.get(key)
    if found is None:
        norm = ctx.norms[ti]
        found = []
        for m in SLOTS[slot].finditer(norm.converted):
            s = _norm_index(norm, m.start(), end=False)
            e = _norm_index(norm, m.end(), end=True)
            if s < e:
                found.append((ti, s, e))
        ctx.slots[key] = found
    return found


def _proximity(ctx: _Context, rule: ProximityRule, roles: dict[str, RoleIndex]) -> RuleResult:
    said = [
        (occ, phrase)
        for hits, phrase in ctx.role_groups(roles["phrases"], rule.speaker, rule.match)
        for occ in hits
    ]
    if not said:
        return RuleResult(rule.id, rule.rule, rule.kind, "n/a", rule.weight)
    said.sort(key=lambda item: item[0])
    within, side = rule.within, rule.side
    near_groups = ctx.role_groups(
        roles["near"], rule.near_speaker if rule.unit == "turns" else None
    )
    findings: list[Finding] = []
    if rule.unit == "turns":
        near_turns = {o[0] for hits, _ in near_groups for o in hits}
        for ti, turn in enumerate(ctx.turns):
            by_near = rule.near_speaker is None or turn.speaker == rule.near_speaker
            if by_near and any(_slot_occs(ctx, slot, ti) for slot in rule.slots):
                near_turns.add(ti)
        ordered = sorted(near_turns)
        low = 0 if side == "after" else within
        high = 0 if side == "before" else within
        for occ, phrase in said:
            found = _any_between(ordered, occ[0] - low - 1, occ[0] + high)
            if found != rule.require:
                findings.append(
                    ctx.finding(rule, _proximity_message(rule, phrase), occ, phrase.text)
                )
    else:
        by_turn: defaultdict[int, list[Occ]] = defaultdict(list)
        for hits, _ in near_groups:
            for o in hits:
                by_turn[o[0]].append(o)
        cache: dict[int, tuple[list[Occ], list[int]]] = {}
        for occ, phrase in said:
            ti, s, e = occ
            if ti not in cache:
                near = by_turn.get(ti, []) + [
                    o for slot in rule.slots for o in _slot_occs(ctx, slot, ti)
                ]
                near.sort()
                cache[ti] = near, sorted(o[2] for o in near)
            near, ends = cache[ti]
            found = False
            if side != "before":  # a near match starting at or after e, within range
                i = bisect_left(near, (ti, e, -1))
                found = i < len(near) and near[i][1] <= e + within
            if not found and side != "after":  # one ending at or before s, within range
                j = bisect_right(ends, s) - 1
                found = j >= 0 and ends[j] >= s - within
            if found != rule.require:
                findings.append(
                    ctx.finding(rule, _proximity_message(rule, phrase), occ, phrase.text)
                )
    if not findings:
        return RuleResult(rule.id, rule.rule, rule.kind, "pass", rule.weight)
    kept = _first_per_turn(findings)
    return RuleResult(
        rule.id, rule.rule, rule.kind, "fail", rule.weight, tuple(kept), len(findings) - len(kept)
    )


def _proximity_message(rule: ProximityRule, phrase: CompiledPhrase) -> str:
    if rule.message:
        return rule.message
    near = " / ".join(rule.near)
    how = "without" if rule.require else "with"
    where = {"after": "after it", "before": "before it", "either": "around it"}[rule.side]
    return f"{phrase.text!r} said {how} {near} {where} within {rule.within} {rule.unit}"


def _timing(ctx: _Context, rule: TimingRule) -> RuleResult:
    turns = ctx.turns
    for i, t in enumerate(turns):
        if t.start is None or t.end is None:
            raise TranscriptError(
                f"rule {rule.id!r} measures turn times ({rule.measure}), but turn {i} has no "
                "start/end time: give every turn its times, or check without timing rules",
                field=f"turns[{i}]",
                value=(t.start, t.end),
                rule=rule.rule,
            )
    times = [(t.speaker, cast("float", t.start), cast("float", t.end)) for t in turns]
    speaker, limit = rule.speaker, rule.limit
    findings: list[Finding] = []
    if rule.measure == "talk_share":
        total = sum(e - s for _, s, e in times)
        if total <= 0:
            return RuleResult(rule.id, rule.rule, rule.kind, "n/a", rule.weight)
        share = sum(e - s for who, s, e in times if who == speaker) / total
        if share > limit:
            detail = f"{speaker} talked {share:.0%} of the time, above {limit:.0%}"
            message = f"{rule.message} ({detail})" if rule.message else detail
            findings.append(attrs.evolve(ctx.finding(rule, message), seconds=share))
    elif rule.measure == "silence":
        last_end: float | None = None
        for i, (who, s, e) in enumerate(times):
            if last_end is not None and (speaker is None or who == speaker):
                gap = s - last_end
                if gap > limit:
                    detail = f"{gap:g} s of silence before this turn, above {limit:g} s"
                    message = f"{rule.message} ({detail})" if rule.message else detail
                    finding = ctx.finding(rule, message, (i, 0, 0))
                    findings.append(attrs.evolve(finding, seconds=float(gap)))
            last_end = e if last_end is None else max(last_end, e)
    else:  # overlap
        ends: dict[str, float] = {}
        for i, (who, s, e) in enumerate(times):
            if speaker is None or who == speaker:
                other = max((end for w, end in ends.items() if w != who), default=None)
                if other is not None:
                    over = min(other, e) - s
                    if over > limit:
                        detail = (
                            f"started {over:g} s before the other speaker finished, "
                            f"above {limit:g} s"
                        )
                        message = f"{rule.message} ({detail})" if rule.message else detail
                        finding = ctx.finding(rule, message, (i, 0, 0))
                        findings.append(attrs.evolve(finding, seconds=float(over)))
            ends[who] = max(ends.get(who, e), e)
    status: Status = "fail" if findings else "pass"
    return RuleResult(rule.id, rule.rule, rule.kind, status, rule.weight, tuple(findings))


def _check_size(texts: list[str]) -> None:
    """TURN_MAX, TRANSCRIPT_MAX, TURNS_MAX: the sizes checked in bounded time."""
    if len(texts) > TURNS_MAX:
        raise TranscriptError(
            f"the transcript has {len(texts):,} turns; at most TURNS_MAX ({TURNS_MAX:,}) "
            "are checked at once: check it in parts",
            field="transcript",
            value=len(texts),
        )
    lengths = list(map(len, texts))
    if lengths and max(lengths) > TURN_MAX:
        i, n = next((i, n) for i, n in enumerate(lengths) if n > TURN_MAX)
        raise TranscriptError(
            f"turns[{i}].text is {n:,} characters long; at most TURN_MAX ({TURN_MAX:,}) "
            "are checked in one turn: split it",
            field=f"turns[{i}].text",
            value=n,
        )
    total = sum(lengths)
    if total > TRANSCRIPT_MAX:
        raise TranscriptError(
            f"the transcript has {total:,} characters; at most TRANSCRIPT_MAX "
            f"({TRANSCRIPT_MAX:,}) are checked at once: check it in parts",
            field="transcript",
            value=total,
        )


def match_turns(pack: ScriptPack, turns: tuple[Turn, ...]) -> _Context:
    """Passes 1 and 2: normalise every turn and index the occurrences of every pattern.

    Raises:
        TranscriptError: The turns are larger than the limits (`_check_size`).
    """
    compiled = pack.compiled
    find = compiled.automaton.find_matches_as_indexes
    bounded = compiled.bounded
    texts = [t.text for t in turns]
    _check_size(texts)
    norms = normalize_many(texts)
    occ: defaultdict[int, list[Occ]] = defaultdict(list)
    for ti, norm in enumerate(norms):
        text = norm.text
        if not bounded:  # no Latin-edged pattern: no word boundary to check
            for pi, s, e in find(text, overlapping=True):
                occ[pi].append((ti, s, e))
            continue
        for pi, s, e in find(text, overlapping=True):
            if pi in bounded and (
                (s > 0 and is_spaced_word_char(text[s - 1]))
                or (e < len(text) and is_spaced_word_char(text[e]))
            ):
                continue
            occ[pi].append((ti, s, e))
    return _Context(turns, norms, dict(occ))


def validate_transcript(
    pack: ScriptPack, transcript: Transcript | Sequence[Turn] | str
) -> ScriptReport:
    """Check a transcript against every rule of ``pack``.

    Args:
        pack: The rules (see `default`).
        transcript: A `Transcript`, a sequence of `Turn`, or a
            single script text (read as one agent turn).

    Returns:
        The `ScriptReport`: per-rule results, findings with spans in the
        original text, and the weighted score.

    Raises:
        WrongTypeError: ``pack`` is not a `ScriptPack`.
        TranscriptTypeError: The transcript or one of its turns has the wrong type
            (``bytes`` included: decode them first).
        TranscriptError: A rule limits by seconds and a turn has no times, or
            the transcript is larger than the checks take in bounded time: a
            turn longer than `TURN_MAX` (20,000) characters, more than
            `TRANSCRIPT_MAX` (200,000) characters or `TURNS_MAX`
            (10,000) turns in all. ``field`` names the turn or ``transcript``,
            ``value`` holds the size refused.

    Examples:
        >>> from complaintflow.scripts import default
        >>> pack = default("zh_CN")
        >>> report = validate_transcript(pack, [
        ...     Turn("agent", "您好，廣電客服為您服務。"),
        ...     Turn("customer", "我要投訴，信號太差了"),
        ...     Turn("agent", "不行，我不知道。"),
        ... ])
        >>> for f in report.findings:
        ...     if f.rule == "SC-6":
        ...         print(f.rule, f.turn, f.start, f.end, f.excerpt)
        SC-6 2 0 2 不行
        SC-6 2 3 7 我不知道
    """
    if not isinstance(pack, ScriptPack):
        raise WrongTypeError(
            f"pack must be a ScriptPack, got {type(pack).__name__} {problem_text(pack)}; "
            "build one with ScriptPack.from_dict(data) or take scripts.default(name)",
            field="pack",
            value=pack,
        )
    turns = as_turns(transcript)
    compiled = pack.compiled
    if compiled.words:
        segmenter()  # MissingDependencyError now, whatever the transcript says
    ctx = match_turns(pack, turns)
    results: list[RuleResult] = []
    for rule, roles in zip(pack.rules, compiled.roles, strict=True):
        if isinstance(rule, RequiredRule):
            results.append(_required(ctx, rule, roles))
        elif isinstance(rule, ForbiddenRule):
            results.append(_forbidden(ctx, rule, roles))
        elif isinstance(rule, OrderedRule):
            results.append(_ordered(ctx, rule, roles))
        elif isinstance(rule, ConditionalRule):
            results.append(_conditional(ctx, rule, roles))
        elif isinstance(rule, ProximityRule):
            results.append(_proximity(ctx, rule, roles))
        else:
            results.append(_timing(ctx, rule))
    applicable = [r for r in results if r.status != "n/a"]
    total = sum(r.weight for r in applicable)
    score = (
        None
        if not applicable
        else 100.0 * sum(r.weight for r in applicable if r.status == "pass") / total
    )
    return ScriptReport(pack.name, tuple(results), score)
