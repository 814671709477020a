"""Properties of the script validator that the issue states (Hypothesis)."""

from __future__ import annotations

import functools
import time
from typing import Literal

import opencc
from hypothesis import given
from hypothesis import strategies as st

from complaintflow.scripts import (
    EXCERPT_MAX,
    TURN_MAX,
    ConditionalRule,
    ForbiddenRule,
    ScriptPack,
    ScriptReport,
    Turn,
    default,
    normalize_text,
    validate_transcript,
)
from complaintflow.scripts._check import _is_a_not_a
from complaintflow.scripts._definition import split_phrase
from strategies import (
    dense_packs,
    dense_turn_records,
    safe_filler,
    safe_phrases,
    safe_turn_records,
    wild_text,
)

ZH = default("zh_CN")
EN = default("en")


def _all_phrases(pack: ScriptPack) -> list[str]:
    out: list[str] = []
    for rule in pack.rules:
        for name in ("phrases", "allowed", "before", "after", "when", "unless"):
            out += getattr(rule, name, ())
        for group in getattr(rule, "then", ()):
            out += group
    return sorted(set(out))


ZH_SAFE_PHRASES = safe_phrases(_all_phrases(ZH))


@functools.cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _statuses(pack: ScriptPack, records: list[tuple[str, str]]) -> list[tuple[str, str]]:
    report = validate_transcript(pack, [Turn(s, t) for s, t in records])
    return [(r.rule_id, r.status) for r in report.results]


def test_the_safe_phrase_list_is_substantial() -> None:
    assert len(ZH_SAFE_PHRASES) >= 60


@given(safe_turn_records(ZH_SAFE_PHRASES))
def test_simplified_and_traditional_pass_the_same_rules(records: list[tuple[str, str]]) -> None:
    s2t, t2s = _opencc("s2t"), _opencc("t2s")
    traditional = [(s, s2t.convert(t)) for s, t in records]
    back = [(s, t2s.convert(t)) for s, t in traditional]
    assert records == back  # the generated text is inside the round-trip-safe set
    assert _statuses(ZH, records) == _statuses(ZH, traditional)


@given(safe_turn_records(ZH_SAFE_PHRASES), st.booleans())
def test_every_span_cut_from_the_original_normalises_to_the_matched_phrase(
    records: list[tuple[str, str]], traditional: bool
) -> None:
    if traditional:
        records = [(s, _opencc("s2t").convert(t)) for s, t in records]
    turns = [Turn(s, t) for s, t in records]
    for finding in validate_transcript(ZH, turns).findings:
        if finding.turn is None:
            continue
        assert finding.start is not None
        assert finding.end is not None
        assert finding.phrase
        cut = turns[finding.turn].text[finding.start : finding.end]
        assert cut == finding.excerpt
        if "{" not in finding.phrase:
            assert normalize_text(finding.phrase).text == normalize_text(cut).text


_FORBIDDEN_RULES = [
    r for r in ZH.rules if isinstance(r, ForbiddenRule) and r.allowed and r.speaker == "agent"
]
#: (rule, forbidden phrase, allowed phrase containing it), all within the safe set.
_CONTAINMENTS = [
    (rule, f, a)
    for rule in _FORBIDDEN_RULES
    for a in safe_phrases(list(rule.allowed))
    for f in safe_phrases(list(rule.phrases))
    if normalize_text(f).text in normalize_text(a).text
]


def _rule_excerpts(rule: ForbiddenRule, text: str) -> list[str]:
    report = validate_transcript(ZH, [Turn("agent", text)])
    [result] = [r for r in report.results if r.rule_id == rule.id]
    return sorted(normalize_text(f.phrase or "").text for f in result.findings)


def test_there_are_containments_to_test() -> None:
    assert len(_CONTAINMENTS) >= 5


@given(st.sampled_from(_CONTAINMENTS), safe_filler(8), safe_filler(8))
def test_allowed_phrase_around_a_forbidden_one_removes_the_finding(
    case: tuple[ForbiddenRule, str, str], left: str, right: str
) -> None:
    rule, forbidden, allowed = case
    # "x" is kept by normalisation and is in no phrase: it fences the insertion off
    base = _rule_excerpts(rule, f"{left}xx{right}")
    with_forbidden = _rule_excerpts(rule, f"{left}x{forbidden}x{right}")
    with_allowed = _rule_excerpts(rule, f"{left}x{allowed}x{right}")
    alone = _rule_excerpts(rule, f"x{forbidden}x")
    assert normalize_text(forbidden).text in alone
    assert sorted(base + alone) == with_forbidden
    assert base == with_allowed


@given(st.lists(st.tuples(st.sampled_from(["agent", "customer"]), wild_text), max_size=6))
def test_the_validator_never_crashes_on_any_unicode(records: list[tuple[str, str]]) -> None:
    turns = [Turn(s, t) for s, t in records]
    for pack in (ZH, EN):
        report = validate_transcript(pack, turns)
        assert len(pack.rules) == len(report.results)
        for f in report.findings:
            if f.turn is not None:
                assert f.start is not None
                assert f.end is not None
                assert 0 <= f.start < f.end <= len(turns[f.turn].text)
                assert f.excerpt is not None
                assert len(f.excerpt) <= EXCERPT_MAX
                if f.end - f.start <= EXCERPT_MAX:
                    assert turns[f.turn].text[f.start : f.end] == f.excerpt


def _starts(text: str, phrase: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(phrase, i)]


_HAN3 = st.text(alphabet="甲乙丙", max_size=3)


@st.composite
def _forbidden_cases(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A forbidden phrase, allowed phrases around it, turns made of all of them."""
    forbidden = draw(st.text(alphabet="甲乙", min_size=1, max_size=3))
    contexts = draw(st.lists(st.tuples(_HAN3, _HAN3).filter(lambda lr: lr != ("", ""))))
    allowed = sorted({left + forbidden + right for left, right in contexts[:3]})
    piece = st.one_of(_HAN3, st.sampled_from([forbidden, *allowed]))
    texts = draw(st.lists(st.lists(piece, max_size=8).map("".join), max_size=3))
    return forbidden, allowed, texts


@given(_forbidden_cases())
def test_a_forbidden_match_is_excused_exactly_when_an_allowed_match_contains_it(
    case: tuple[str, list[str], list[str]],
) -> None:
    forbidden, allowed, texts = case
    rule = ForbiddenRule("f", (forbidden,), allowed=tuple(allowed), a_not_a=False, speaker=None)
    report = validate_transcript(ScriptPack("p", (rule,)), [Turn("agent", t) for t in texts])
    expected = [
        (ti, s)
        for ti, text in enumerate(texts)
        for s in _starts(text, forbidden)
        if not any(
            s2 <= s and s + len(forbidden) <= s2 + len(a)
            for a in allowed
            for s2 in _starts(text, a)
        )
    ]
    assert expected == [(f.turn, f.start) for f in report.findings]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["agent", "customer"]),
            st.lists(st.sampled_from(["甲", "投诉", "抱歉"]), max_size=3).map("".join),
        ),
        max_size=8,
    ),
    st.one_of(st.none(), st.integers(1, 3)),
    st.sampled_from([None, "customer"]),
    st.sampled_from([None, "agent"]),
)
def test_a_trigger_needs_a_response_in_the_turns_after_it(
    records: list[tuple[str, str]],
    within: int | None,
    when_speaker: Literal["customer"] | None,
    speaker: Literal["agent"] | None,
) -> None:
    rule = ConditionalRule(
        "c",
        ("投诉",),
        (("抱歉",),),
        within_turns=within,
        when_speaker=when_speaker,
        speaker=speaker,
    )
    report = validate_transcript(ScriptPack("p", (rule,)), [Turn(s, t) for s, t in records])
    answers = [i for i, (s, t) in enumerate(records) if speaker in (None, s) and "抱歉" in t]
    triggers = [i for i, (s, t) in enumerate(records) if when_speaker in (None, s) and "投诉" in t]
    unanswered = [
        ti
        for ti in triggers
        if not any(ti < a <= (ti + within if within else len(records)) for a in answers)
    ]
    assert unanswered == [f.turn for f in report.findings]
    status = "n/a" if not triggers else "fail" if unanswered else "pass"
    assert status == report.results[0].status


def _a_not_a_by_slices(text: str, s: int, e: int) -> bool:
    """The A-not-A test as first written, with slices: the definition."""
    match = text[s:e]
    if match[0] == "不" and len(match) >= 2 and s > 0 and text[s - 1] == match[1]:
        return True
    if text.startswith("不" + match[0], e):
        return True
    return text.endswith(match[0] + "不", 0, s) or text.endswith(match + "不", 0, s)


@given(st.text(alphabet="不行保", min_size=1, max_size=12), st.data())
def test_the_a_not_a_test_compares_characters_as_the_slices_did(
    text: str, data: st.DataObject
) -> None:
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    assert _a_not_a_by_slices(text, s, e) == _is_a_not_a(text, s, e)


def _findings(report: ScriptReport) -> list[tuple[object, ...]]:
    return [
        (r.rule_id, r.status, r.omitted, [(f.turn, f.start, f.end, f.phrase) for f in r.findings])
        for r in report.results
    ]


#: CPU seconds a check inside the limits may take: generous (a pack at OVERLAP_MAX over
#: TRANSCRIPT_MAX characters takes about 3 s), but far below the minutes the exponential
#: matcher took.
BUDGET = 10.0


@given(dense_packs(), dense_turn_records(TURN_MAX))
def test_any_pack_and_transcript_inside_the_limits_are_checked_in_bounded_time(
    pack: ScriptPack, records: list[tuple[str, str]]
) -> None:
    turns = [Turn(s, t) for s, t in records]
    t0 = time.process_time()
    report = validate_transcript(pack, turns)
    assert time.process_time() - t0 < BUDGET
    for f in report.findings:
        if f.turn is None:
            continue
        assert f.start is not None
        assert f.end is not None
        text = turns[f.turn].text
        assert 0 <= f.start < f.end <= len(text)
        assert f.excerpt == text[f.start : f.end] or len(f.excerpt or "") == EXCERPT_MAX
        assert f.phrase is not None
        words = split_phrase(f.phrase)
        cut = normalize_text(text[f.start : f.end]).text
        assert cut.startswith(words[0])
        assert cut.endswith(words[-1])
    traditional = [(s, _opencc("s2t").convert(t)) for s, t in records]
    assert records == [(s, _opencc("t2s").convert(t)) for s, t in traditional]
    assert _findings(report) == _findings(
        validate_transcript(pack, [Turn(s, t) for s, t in traditional])
    )
