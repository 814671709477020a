"""Word-aware matching, negation scope, proximity and slots, timing rules, Q-3 finds."""

from __future__ import annotations

import builtins
import re

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintflow.errors import MissingDependencyError, TranscriptError, ValidationError
from complaintflow.scripts import (
    ForbiddenRule,
    ProximityRule,
    ScriptPack,
    TimingRule,
    Turn,
    _segment,
    default,
    default_data,
    find_personal_data,
    mask_personal_data,
    normalize_text,
    validate_transcript,
)
from scripts_corpus import legitimate, traditional, violations


def _forbidden_pack() -> ScriptPack:
    rules = [r for r in default_data("zh_CN_words")["rules"] if r["kind"] == "forbidden"]  # type: ignore[index]
    return ScriptPack.from_dict({"name": "forbidden", "rules": rules})


def test_the_corpus_sizes() -> None:
    assert len(legitimate()) >= 200
    assert len(violations()) >= 200
    phrases = {p for r in _forbidden_pack().rules for p in r.phrases}  # type: ignore[union-attr]
    assert phrases == {p for _, p in violations()}


def test_no_finding_on_legitimate_sentences() -> None:
    pack = _forbidden_pack()
    flagged = [(s, validate_transcript(pack, s).findings) for s in legitimate()]
    assert [] == [(s, [f.excerpt for f in fs]) for s, fs in flagged if fs]


def test_no_miss_on_violations() -> None:
    pack = _forbidden_pack()
    missed = [
        (s, p)
        for s, p in violations()
        if not any(f.phrase == p for f in validate_transcript(pack, s).findings)
    ]
    assert [] == missed


def test_substring_matching_flags_the_legitimate_sentences() -> None:
    # What word matching is for: the shipped substring pack flags most of them.
    pack = default("zh_CN")
    flagged = [s for s in legitimate() if validate_transcript(pack, s).findings]
    assert len(flagged) > len(legitimate()) * 0.8


def test_word_and_utterance_modes() -> None:
    word = ScriptPack("w", (ForbiddenRule("no", ("不行",), match="word"),))
    utter = ScriptPack("u", (ForbiddenRule("no", ("不行",), match="utterance"),))
    sub = ScriptPack("s", (ForbiddenRule("no", ("不行",)),))
    text = "车辆不行驶时，不行。"
    assert [(7, 9)] == [(f.start, f.end) for f in validate_transcript(word, text).findings]
    assert 2 == len(validate_transcript(sub, text).findings)
    assert [] == list(validate_transcript(utter, text).findings)
    assert [(0, 2)] == [(f.start, f.end) for f in validate_transcript(utter, "不行！").findings]


def test_word_spans_survive_separators_and_traditional() -> None:
    pack = ScriptPack("w", (ForbiddenRule("who", ("您是谁",), match="word"),))
    f = validate_transcript(pack, "喂，您 是 誰？").findings[0]
    assert ("您 是 誰", 2, 7) == (f.excerpt, f.start, f.end)


def test_a_missing_segmenter_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_jieba(name: str, *args: object, **kwargs: object) -> object:
        if name == "jieba":
            raise ImportError("no jieba here")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    _segment.segmenter.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_jieba)
    try:
        pack = ScriptPack("w", (ForbiddenRule("no", ("不行",), match="word"),))
        with pytest.raises(MissingDependencyError, match=r"complaintflow\[words\]") as e:
            validate_transcript(pack, "您好")  # even when no phrase is said
        assert isinstance(e.value, ImportError)
        assert validate_transcript(default("zh_CN"), "不行").findings  # substring needs none
    finally:
        monkeypatch.undo()
        _segment.segmenter.cache_clear()


def test_the_tokenizer_is_private() -> None:
    import jieba

    jieba.add_word("不行驶", 10**9)  # a host's change to jieba's global tokenizer
    try:
        pack = ScriptPack("w", (ForbiddenRule("no", ("不行",), match="word"),))
        assert not validate_transcript(pack, "车辆不行驶").findings
        assert validate_transcript(pack, "这样不行").findings
    finally:
        jieba.del_word("不行驶")


HAN = "不行驶一定统价保证明天拒绝对方我您是谁有什么事情没"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=HAN + "，。 ", max_size=30), min_size=1, max_size=4))
def test_word_findings_are_word_bounded_spans_of_the_original(texts: list[str]) -> None:
    pack = _forbidden_pack()
    turns = [Turn("agent", t) for t in texts]
    for f in validate_transcript(pack, turns).findings:
        assert f.turn is not None
        assert f.start is not None
        assert f.end is not None
        original = texts[f.turn]
        assert 0 <= f.start < f.end <= len(original)
        assert original[f.start : f.end] == f.excerpt
        assert normalize_text(f.excerpt).text == normalize_text(f.phrase or "").text


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(legitimate()[:112] + [s for s, _ in violations()[:108]]))
def test_simplified_and_traditional_give_the_same_findings(text: str) -> None:
    pack = _forbidden_pack()

    def key(t: str) -> list[tuple[str, int | None, int | None]]:
        return [(f.rule_id, f.start, f.end) for f in validate_transcript(pack, t).findings]

    assert key(text) == key(traditional(text))


# -- negation scope ------------------------------------------------------------------


def test_negation_scope() -> None:
    pack = ScriptPack("n", (ForbiddenRule("p", ("保证",), negation=2),))
    assert not validate_transcript(pack, "我不能完全保证").findings
    assert not validate_transcript(pack, "我无法保证").findings
    assert validate_transcript(pack, "别急，我保证").findings  # the clause ends at the comma
    assert validate_transcript(pack, "不要担心我们保证").findings  # 不 is too far away


# -- proximity and slots -------------------------------------------------------------


def test_proximity_forbids_and_requires() -> None:
    stacked = ProximityRule("stacked", ("保证",), ("一定",), within=5)
    timed = ProximityRule(
        "timed", ("给您答复",), ("{duration}", "{time}", "{date}"), within=12, require=True
    )
    pack = ScriptPack("p", (stacked, timed))
    report = validate_transcript(pack, "我保证我们一定给您答复")
    assert ["stacked", "timed"] == [f.rule_id for f in report.findings]
    ok = validate_transcript(pack, "我们会在2天内给您答复，明天下午3点前")
    assert all(r.status != "fail" for r in ok.results)
    assert "n/a" == validate_transcript(pack, "您好").results[0].status


def test_proximity_sides_and_turns() -> None:
    after = ProximityRule("a", ("保证",), ("一定",), within=3, side="after")
    before = ProximityRule("b", ("保证",), ("一定",), within=3, side="before")
    pack = ScriptPack("p", (after, before))
    found = {f.rule_id for f in validate_transcript(pack, "一定保证").findings}
    assert {"b"} == found
    turns_rule = ProximityRule(
        "t", ("投诉",), ("抱歉",), within=1, unit="turns", side="after", require=True,
        speaker="customer", near_speaker="agent",
    )  # fmt: skip
    pack = ScriptPack("t", (turns_rule,))
    said = [Turn("customer", "我要投诉"), Turn("agent", "非常抱歉")]
    assert validate_transcript(pack, said).passed
    late = [Turn("customer", "我要投诉"), Turn("agent", "嗯"), Turn("agent", "抱歉")]
    assert not validate_transcript(pack, late).passed


def test_slot_spans_map_through_separators() -> None:
    rule = ProximityRule("t", ("回电",), ("{time}",), within=2, side="before", require=True)
    pack = ScriptPack("p", (rule,))
    assert validate_transcript(pack, "我们 15:30 回电").passed
    assert not validate_transcript(pack, "我们稍后回电").passed


def test_new_kinds_report_every_problem() -> None:
    with pytest.raises(ValidationError) as e:
        ScriptPack.from_dict({"name": "x", "rules": [
            {"id": "a", "kind": "proximity", "phrases": ["保证"], "near": ["{when}"],
             "within": 999, "unit": "words", "side": "up", "require": "yes", "match": "w"},
            {"id": "b", "kind": "timing", "measure": "pause", "limit": -1},
            {"id": "c", "kind": "timing", "measure": "silence", "limit": 0},
            {"id": "d", "kind": "forbidden", "phrases": ["不行"], "negation": 11},
        ]})  # fmt: skip
    paths = [p.path for p in e.value.problems]
    assert [
        "rules[0].near[0]", "rules[0].within", "rules[0].unit", "rules[0].side",
        "rules[0].match", "rules[0].require", "rules[1].measure", "rules[2].limit",
        "rules[3].negation",
    ] == paths  # fmt: skip


# -- timing --------------------------------------------------------------------------


def _timed() -> list[Turn]:
    return [
        Turn("agent", "您好", 0, 2),
        Turn("customer", "我要投诉", 2.5, 8),
        Turn("agent", "抱歉", 6, 9),  # 2 s over the customer
        Turn("agent", "谢谢", 25, 26),  # 16 s of silence
    ]


def test_timing_measures() -> None:
    pack = ScriptPack("t", (
        TimingRule("over", "overlap", 1.0),
        TimingRule("quiet", "silence", 10.0),
        TimingRule("share", "talk_share", 0.5),
        TimingRule("share-ok", "talk_share", 0.9),
    ))  # fmt: skip
    report = validate_transcript(pack, _timed())
    got = [(f.rule_id, f.turn, f.seconds) for f in report.findings]
    assert [("over", 2, 2.0), ("quiet", 3, 16.0), ("share", None, 6 / 11.5)] == got
    assert "pass" == report.results[3].status


def test_timing_without_times_is_an_error_not_a_pass() -> None:
    pack = ScriptPack("t", (TimingRule("over", "overlap", 1.0, rule="SC-4"),))
    with pytest.raises(TranscriptError) as e:
        validate_transcript(pack, [Turn("agent", "您好", 0, 1), Turn("customer", "喂")])
    assert ("turns[1]", "SC-4") == (e.value.field, e.value.rule)


@given(st.lists(st.tuples(st.sampled_from(["agent", "customer"]),
                          st.floats(0, 100), st.floats(0, 20)), max_size=12))  # fmt: skip
def test_timing_findings_exceed_their_limits(spec: list[tuple[str, float, float]]) -> None:
    turns = [Turn(who, "嗯", s, s + d) for who, s, d in spec]
    rules = (
        TimingRule("o", "overlap", 0.5, speaker=None),
        TimingRule("s", "silence", 3.0, speaker=None),
        TimingRule("t", "talk_share", 0.6),
    )
    for r in validate_transcript(ScriptPack("t", rules), turns).results:
        limit = {"o": 0.5, "s": 3.0, "t": 0.6}[r.rule_id]
        assert all(f.seconds is not None and f.seconds > limit for f in r.findings)


# -- Q-3 -----------------------------------------------------------------------------

_NUMBER_KINDS = {"id_card", "bank_card", "number", "mobile", "landline"}


def test_kinds_and_checksums() -> None:
    text = "身份证11010519491231002X，卡号6222021234567890123，手机+86 138-0013-8000"
    kinds = [p.kind for p in find_personal_data(text)]
    assert ["id_card", "number", "mobile"] == kinds
    assert "bank_card" == find_personal_data("4111 1111 1111 1111")[0].kind  # Luhn


def test_names_and_addresses_in_traditional() -> None:
    text = "陳先生住在陽光小區3棟2單元"
    finds = [(p.kind, p.text) for p in find_personal_data(text)]
    assert [("name", "陳"), ("address", "陽光小區3棟2單元")] == finds
    assert "*先生住在**小區*棟*單元" == mask_personal_data(text)


@given(st.text(alphabet="0123456789 -+()转@.a陈先生路号", max_size=80))
def test_masked_text_holds_no_number_the_detector_accepts(text: str) -> None:
    masked = mask_personal_data(text)
    assert len(text) == len(masked)
    assert [] == [p for p in find_personal_data(masked) if p.kind in _NUMBER_KINDS]


_MOBILE_PREFIXES = ("139", "186", "150", "177", "199", "135")


@given(st.sampled_from(_MOBILE_PREFIXES), st.from_regex(r"[0-9]{8}", fullmatch=True))
def test_mobiles_phonenumbers_accepts_are_found_and_masked(prefix: str, rest: str) -> None:
    number = prefix + rest
    parsed = phonenumbers.parse(number, "CN")
    if not phonenumbers.is_valid_number(parsed):
        return
    text = f"请回电{number}，谢谢"
    assert [("mobile", number)] == [(p.kind, p.text) for p in find_personal_data(text)]
    masked = mask_personal_data(text)
    for m in phonenumbers.PhoneNumberMatcher(masked, "CN"):
        assert not phonenumbers.is_valid_number(m.number), masked
    assert re.search(r"\*{7}" + rest[-4:], masked)
