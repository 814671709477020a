"""Script rules, packs and the validator (SC-1 to SC-10): examples and bad input."""

from __future__ import annotations

import pathlib
import re
import time

import ahocorasick_rs
import pytest

import complaintflow as cf
from budget import SCALE
from complaintflow.scripts import (
    ConditionalRule,
    ForbiddenRule,
    OrderedRule,
    RequiredRule,
    ScriptPack,
    Transcript,
    Turn,
    Window,
    default,
    default_data,
    validate_transcript,
)


def _pack(*rules: RequiredRule | ForbiddenRule | OrderedRule | ConditionalRule) -> ScriptPack:
    return ScriptPack("test", rules)


def _statuses(pack: ScriptPack, turns: list[Turn] | str) -> dict[str, str]:
    return {r.rule_id: r.status for r in validate_transcript(pack, turns).results}


def _spans(pack: ScriptPack, turns: list[Turn] | str) -> list[tuple[int | None, str | None]]:
    return [(f.turn, f.excerpt) for f in validate_transcript(pack, turns).findings]


# --- forbidden phrases and their allow-lists (SC-6, SC-7, SC-8) ---------------------------


def test_forbidden_phrase_is_reported_with_its_original_span() -> None:
    pack = _pack(ForbiddenRule("f", ("您是谁",), rule="SC-6"))
    [finding] = validate_transcript(pack, "喂，「您是誰？」").findings
    assert ("SC-6", 0, 3, 6, "您是誰", "您是谁") == (
        finding.rule,
        finding.turn,
        finding.start,
        finding.end,
        finding.excerpt,
        finding.phrase,
    )


def test_allowed_phrase_starting_later_suppresses_with_overlapping_matching() -> None:
    # "不行不行": leftmost-longest matching takes 不行 at 0, then 不行 at 2, and
    # never sees 行不行 at 1..4, which contains the second one.
    pack = _pack(ForbiddenRule("f", ("不行",), allowed=("行不行",), a_not_a=False))
    text = "不行不行"
    leftmost = ahocorasick_rs.AhoCorasick(
        ["不行", "行不行"], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    assert [(0, 0, 2), (0, 2, 4)] == leftmost.find_matches_as_indexes(text)
    assert [(0, "不行")] == _spans(pack, text)
    assert [0] == [f.start for f in validate_transcript(pack, text).findings]


def test_allowed_phrase_starting_earlier_suppresses() -> None:
    pack = _pack(ForbiddenRule("f", ("保证",), allowed=("我不能保证",)))
    assert [] == _spans(pack, "这个我不能保证")
    assert [(0, "保证")] == _spans(pack, "这个我保证")


def test_allowed_phrase_elsewhere_in_the_turn_does_not_suppress() -> None:
    pack = _pack(ForbiddenRule("f", ("保证",), allowed=("我不能保证",)))
    assert [(0, "保證")] == _spans(pack, "我不能保证，但我保證明天好")


def test_a_not_a_questions_are_not_refusals() -> None:
    pack = _pack(ForbiddenRule("f", ("不行", "不能办", "保证")))
    assert [] == _spans(pack, "这样行不行？能不能办？保证不保证？保不保证？")
    assert [(0, "不行"), (0, "不能办")] == _spans(pack, "不行，不能办")


def test_default_pack_left_context_exceptions() -> None:
    pack = default("zh_CN")
    turns = [Turn("agent", "我不能保证，一定程度上可以。不是不行，您看行不行？能不能办我问一下")]
    by_rule = {r.rule_id: r.status for r in validate_transcript(pack, turns).results}
    assert "pass" == by_rule["forbidden-phrases"]
    assert "pass" == by_rule["no-rash-promises"]
    assert "pass" == by_rule["no-flat-refusal"]


def test_default_pack_flags_the_seed_forbidden_phrases() -> None:
    pack = default("zh_CN")
    text = "您是谁？有什么事？不行。不，我不知道，我等不及了"
    found = [f.excerpt for f in validate_transcript(pack, text).findings if f.rule == "SC-6"]
    assert ["您是谁", "有什么事", "不行", "我不知道", "我等不及了"] == found


def test_forbidden_rule_limited_to_agent_ignores_customer() -> None:
    pack = _pack(ForbiddenRule("f", ("不行",)))
    assert [] == _spans(pack, [Turn("customer", "不行")])


def test_english_matches_case_insensitively_at_word_boundaries() -> None:
    pack = _pack(ForbiddenRule("f", ("hell", "calm down"), a_not_a=False))
    assert [(0, "CALM  DOWN")] == _spans(pack, "Hello, please CALM  DOWN, shellfish")


# --- required phrases, windows and placeholders (SC-1, SC-2) ------------------------------


def test_greeting_with_placeholder_in_first_agent_turn() -> None:
    rule = RequiredRule("g", ("您好，我是{brand}的客服代表",), window=Window(first_turns=1))
    pack = _pack(rule)
    assert {"g": "pass"} == _statuses(pack, "您好！我是中國聯通的客服代表")
    late = [Turn("agent", "喂"), Turn("agent", "您好，我是中国联通的客服代表")]
    assert {"g": "fail"} == _statuses(pack, late)


def test_placeholder_stands_for_at_most_placeholder_max_characters() -> None:
    pack = _pack(RequiredRule("g", ("我是{brand}的客服",)))
    assert {"g": "pass"} == _statuses(pack, "我是" + "很" * cf.scripts.PLACEHOLDER_MAX + "的客服")
    assert {"g": "fail"} == _statuses(
        pack, "我是" + "很" * (cf.scripts.PLACEHOLDER_MAX + 1) + "的客服"
    )


def test_window_counts_the_rule_speakers_turns() -> None:
    pack = _pack(RequiredRule("c", ("再见",), window=Window(last_turns=1)))
    turns = [Turn("agent", "再见"), Turn("customer", "拜拜")]
    assert {"c": "pass"} == _statuses(pack, turns)
    assert {"c": "fail"} == _statuses(pack, [*turns, Turn("agent", "还有吗")])


def test_window_in_seconds() -> None:
    pack = _pack(RequiredRule("g", ("您好",), window=Window(first_seconds=10)))
    early = [Turn("customer", "喂", 100, 101), Turn("agent", "您好", 105, 106)]
    late = [Turn("customer", "喂", 100, 101), Turn("agent", "您好", 111, 112)]
    assert {"g": "pass"} == _statuses(pack, early)
    assert {"g": "fail"} == _statuses(pack, late)
    closing = _pack(RequiredRule("c", ("再见",), window=Window(last_seconds=5)))
    bye = Turn("agent", "再见", 0, 1)
    assert {"c": "pass"} == _statuses(closing, [bye, Turn("agent", "嗯", 1, 6)])
    assert {"c": "fail"} == _statuses(closing, [bye, Turn("agent", "嗯", 1, 7)])


def test_window_in_seconds_needs_turn_times() -> None:
    pack = _pack(RequiredRule("g", ("您好",), rule="SC-1", window=Window(first_seconds=10)))
    with pytest.raises(cf.errors.TranscriptError) as e:
        validate_transcript(pack, [Turn("agent", "您好", 0, 1), Turn("agent", "hi")])
    assert ("turns[1]", "SC-1") == (e.value.field, e.value.rule)
    assert "'g'" in str(e.value)


def test_missing_required_phrase_has_no_span() -> None:
    pack = _pack(RequiredRule("g", ("您好",), rule="SC-1", message="greet"))
    [finding] = validate_transcript(pack, "喂").findings
    assert (None, None, "greet") == (finding.turn, finding.start, finding.message)


# --- ordered and conditional rules (SC-3, SC-4, SC-5, SC-9) --------------------------------


def test_ordered_rule() -> None:
    pack = _pack(OrderedRule("o", ("您是{name}先生",), ("满意吗",)))
    assert {"o": "n/a"} == _statuses(pack, "您好")
    who, happy = Turn("agent", "您是王先生吗"), Turn("agent", "满意吗")
    assert {"o": "pass"} == _statuses(pack, [who, happy])
    assert {"o": "fail"} == _statuses(pack, [happy, who])
    assert {"o": "fail"} == _statuses(pack, "满意吗")
    [finding] = validate_transcript(pack, "您对服务满意吗").findings
    assert (0, "满意吗") == (finding.turn, finding.excerpt)


def test_conditional_rule_needs_every_group_after_the_trigger() -> None:
    rule = ConditionalRule("c", ("没兴趣",), (("抱歉", "打扰了"), ("再见",)), within_turns=2)
    pack = _pack(rule)
    refused = Turn("customer", "我没兴趣")
    assert {"c": "n/a"} == _statuses(pack, [Turn("customer", "好的")])
    assert {"c": "pass"} == _statuses(pack, [refused, Turn("agent", "很抱歉打扰了，再见")])
    # the apology came before the refusal: it does not count
    report = validate_transcript(pack, [Turn("agent", "抱歉"), refused, Turn("agent", "再见")])
    [finding] = report.findings
    assert (1, "没兴趣") == (finding.turn, finding.excerpt)
    assert "missing: 抱歉 / 打扰了" in finding.message
    # too late
    slow = [refused, Turn("agent", "嗯"), Turn("agent", "嗯"), Turn("agent", "抱歉，再见")]
    assert {"c": "fail"} == _statuses(pack, slow)


def test_conditional_unless_phrases_do_not_trigger() -> None:
    pack = _pack(ConditionalRule("s", ("满意",), (("建议",),), unless=("不满意",)))
    assert {"s": "n/a"} == _statuses(pack, [Turn("customer", "不满意")])
    assert {"s": "fail"} == _statuses(pack, [Turn("customer", "满意")])


def test_default_pack_return_visit_from_seed_000_in_traditional() -> None:
    pack = default("zh_CN")
    turns = [
        Turn("agent", "您好，我是中國聯通的客服代表。妳是王先生嗎？抱歉打擾妳。"),
        Turn("agent", "感謝您選擇使用中國聯通的服務套餐。妳對服務包滿意嗎？"),
        Turn("customer", "不太滿意"),
        Turn("agent", "很抱歉，妳能告訴我妳對什麼不滿意嗎？"),
        Turn("customer", "網速慢"),
        Turn("agent", "感謝回復。如果您需要任何幫助，請隨時撥打10011。"),
    ]
    report = validate_transcript(pack, turns)
    assert () == report.findings
    statuses = {r.rule_id: r.status for r in report.results}
    assert "pass" == statuses["return-visit-identity"]
    assert "pass" == statuses["return-visit-unsatisfied"]
    assert "n/a" == statuses["return-visit-satisfied"]
    assert 100.0 == report.score


def test_default_pack_marketing_call_seed_001() -> None:
    pack = default("zh_CN")
    pitch_first = [Turn("agent", "您好！我是xx公司的客户代表小王，为您推荐新套餐")]
    statuses = {r.rule_id: r.status for r in validate_transcript(pack, pitch_first).results}
    assert "fail" == statuses["marketing-permission"]
    polite = [
        Turn("agent", "您好！我是xx公司的客户代表小王，能耽误您两分钟吗？"),
        Turn("customer", "不需要，没兴趣"),
        Turn("agent", "很抱歉，打扰您了，再见！"),
    ]
    statuses = {r.rule_id: r.status for r in validate_transcript(pack, polite).results}
    assert ("n/a", "pass") == (statuses["marketing-permission"], statuses["marketing-refusal"])


# --- scoring --------------------------------------------------------------------------


def test_score_is_the_weighted_share_of_applicable_rules() -> None:
    pack = _pack(
        RequiredRule("a", ("您好",), weight=3),
        ForbiddenRule("b", ("不行",), weight=1),
        ConditionalRule("c", ("投诉",), (("抱歉",),)),  # not triggered: n/a
    )
    report = validate_transcript(pack, "您好，不行")
    assert 75.0 == report.score
    assert not report.passed
    assert [{"rule_id": "b", "turn": 0, "excerpt": "不行"}] == [
        {k: r[k] for k in ("rule_id", "turn", "excerpt")} for r in report.records()
    ]


def test_score_is_none_when_no_rule_applies() -> None:
    pack = _pack(ConditionalRule("c", ("投诉",), (("抱歉",),)))
    assert validate_transcript(pack, "您好").score is None


# --- default packs ----------------------------------------------------------------------


def test_zh_cn_pack_implements_sc_1_to_sc_9() -> None:
    assert tuple(f"SC-{i}" for i in range(1, 10)) == default("zh_CN").rule_ids()


def test_every_default_rule_carries_a_rule_id() -> None:
    for name in cf.scripts.DEFAULT_NAMES:
        assert [] == [r.id for r in default(name).rules if r.rule is None]


def test_english_pack() -> None:
    pack = default("en")
    turns = [
        Turn("agent", "Thank you for calling ACME, this is Bob."),
        Turn("customer", "This is TERRIBLE, I want to complain."),
        Turn("agent", "I'm so sorry. I can't guarantee it, but I don't know if we can."),
        Turn("agent", "Thanks for your patience. Have a nice day!"),
    ]
    assert () == validate_transcript(pack, turns).findings
    rude = [Turn("agent", "Who are you? Calm down. I guarantee it.")]
    found = [f.excerpt for f in validate_transcript(pack, rude).findings if f.turn is not None]
    assert ["Who are you", "Calm down", "guarantee"] == found


@pytest.mark.parametrize(
    ("name", "goodbye", "thanks"),
    [
        ("zh_CN", "好的，再见！", "感谢您的来电，祝您生活愉快，再见！"),
        ("zh_CN", "祝您生活愉快，再見！", "謝謝，再見！"),  # Traditional alike (SC-10)
        ("en", "Goodbye!", "Thank you for calling, goodbye!"),
    ],
)
def test_sc2_a_bare_goodbye_is_not_a_closing(name: str, goodbye: str, thanks: str) -> None:
    def closing_findings(last: str) -> list[str]:
        turns = [Turn("agent", "您好，我是中国联通的客服代表。"), Turn("agent", last)]
        report = validate_transcript(default(name), turns)
        return [f.rule for f in report.findings if f.rule_id == "closing"]

    assert ["SC-2"] == closing_findings(goodbye)
    assert [] == closing_findings(thanks)


def test_default_pack_data_is_a_copy_that_rebuilds() -> None:
    data = default_data("zh_CN")
    data["rules"][0]["phrases"] = ["您好"]  # type: ignore[index]
    assert "您好，{brand}为您服务" == default_data("zh_CN")["rules"][0]["phrases"][0]  # type: ignore[index]
    assert ("您好",) == ScriptPack.from_dict(data).rules[0].phrases  # type: ignore[union-attr]


def test_unknown_pack() -> None:
    with pytest.raises(cf.errors.UnknownPackError) as e:
        default("fr")
    assert ("name", "fr") == (e.value.field, e.value.value)
    with pytest.raises(ValueError, match="zh_CN"):
        default_data("zh_TW")


# --- bad definitions: typed errors, every problem at once -------------------------------------


def test_from_dict_reports_every_problem_at_once() -> None:
    data = {
        "name": "bad",
        "rules": [
            {"id": "a", "kind": "required", "phrases": ["   "]},
            {"id": "b", "kind": "required", "phrases": ["。！", "{name}"]},
            {"id": "c", "kind": "forbidden", "phrases": ["不行"], "allowed": ["可以"]},
            {"id": "d", "kind": "ordered", "before": ["a"], "after": ["b"], "after_speaker": "x"},
            {"id": "e", "kind": "conditional", "when": ["投诉"], "then": [], "weight": 0},
            {"id": "f", "kind": "required", "phrases": ["x"], "window": {"first_turns": 0}},
            {"id": "g", "kind": "required", "phrases": "hello"},
            {"id": "h", "kind": "yell"},
            {"id": "i", "kind": "required", "phrases": ["x"], "colour": "red"},
            {"kind": "required"},
            {"id": "k", "kind": "forbidden", "phrases": ["不行"], "allowed": ["不行。"]},
        ],
    }
    with pytest.raises(cf.ValidationError) as e:
        ScriptPack.from_dict(data)
    paths = [p.path for p in e.value.problems]
    assert [
        "rules[0].phrases[0]",
        "rules[1].phrases[0]",
        "rules[1].phrases[1]",
        "rules[2].allowed[0]",
        "rules[3].after_speaker",
        "rules[4].weight",
        "rules[4].then",
        "rules[5].window.first_turns",
        "rules[6].phrases",
        "rules[7].kind",
        "rules[8].colour",
        "rules[9].id",
        "rules[9].phrases",
        "rules[10].allowed[0]",
    ] == paths
    assert isinstance(e.value, ValueError)


def test_phrases_beyond_the_limits_are_refused_when_the_pack_is_built() -> None:
    limit = cf.scripts.FRAGMENTS_MAX
    at_limit = "{x}".join("甲乙丙丁戊己庚辛壬癸"[:limit])
    over = "{x}".join("甲乙丙丁戊己庚辛壬癸"[: limit + 1])
    fuzzed = "{x}".join(["啊"] * 1100)  # found by fuzzing: RecursionError when checked
    data = {
        "name": "limits",
        "rules": [
            {"id": "a", "kind": "required", "phrases": [at_limit, over]},
            {"id": "b", "kind": "ordered", "before": ["好"], "after": [fuzzed]},
            {"id": "c", "kind": "forbidden", "phrases": ["不" * (cf.scripts.PHRASE_MAX + 1)]},
            {"id": "d", "kind": "forbidden", "phrases": ["不" * cf.scripts.PHRASE_MAX]},
            {"id": "e", "kind": "required", "phrases": ["您好{name", "您好}", "{a}{b}好"]},
            {"id": "f", "kind": "forbidden", "phrases": ["不行{"]},
        ],
    }
    with pytest.raises(cf.errors.ValidationError) as e:
        ScriptPack.from_dict(data)
    assert [
        "rules[0].phrases[1]",
        "rules[1].after[0]",
        "rules[2].phrases[0]",
        "rules[4].phrases[0]",
        "rules[4].phrases[1]",
        "rules[5].phrases[0]",
    ] == [p.path for p in e.value.problems]
    messages = [str(p) for p in e.value.problems]
    assert f"{limit + 1} words between placeholders" in messages[0]
    assert f"at most {limit}" in messages[0]
    assert "4397 characters" in messages[1]
    assert f"at most {cf.scripts.PHRASE_MAX}" in messages[2]
    assert all("unmatched" in m for m in messages[3:])
    assert len(max(messages, key=len)) < 300  # long phrases are cut in messages


def test_duplicate_rule_ids_are_refused() -> None:
    rule = ForbiddenRule("same", ("不行",))
    with pytest.raises(cf.ValidationError, match="'same' is used twice"):
        ScriptPack("p", (rule, rule))


def test_direct_construction_is_checked_too() -> None:
    with pytest.raises(cf.ValidationError, match="normalises to nothing"):
        RequiredRule("g", ("……",))
    with pytest.raises(cf.ValidationError, match="placeholders are not allowed"):
        ForbiddenRule("f", ("{name}是谁",))
    with pytest.raises(cf.ValidationError, match="exactly one"):
        Window(first_turns=1, last_turns=1)


# --- bad transcripts ------------------------------------------------------------------


def test_turn_errors_are_typed_and_name_the_field() -> None:
    with pytest.raises(cf.errors.TranscriptError) as e:
        Turn("boss", "hi")
    assert ("speaker", "boss") == (e.value.field, e.value.value)
    with pytest.raises(cf.errors.TranscriptTypeError) as t:
        Turn("agent", 42)  # type: ignore[arg-type]
    assert "text" == t.value.field
    assert isinstance(t.value, TypeError)
    with pytest.raises(cf.errors.TranscriptError, match="before it starts"):
        Turn("agent", "hi", 5, 4)
    with pytest.raises(cf.errors.TranscriptError, match="finite"):
        Turn("agent", "hi", float("nan"))


def test_transcript_items_must_be_turns() -> None:
    pack = default("zh_CN")
    with pytest.raises(cf.errors.TranscriptTypeError) as e:
        validate_transcript(pack, [Turn("agent", "hi"), ("agent", "hi")])  # type: ignore[list-item]
    assert "turns[1]" == e.value.field
    with pytest.raises(cf.errors.TranscriptTypeError):
        validate_transcript(pack, 42)  # type: ignore[arg-type]


def test_from_records_reports_every_bad_turn() -> None:
    with pytest.raises(cf.ValidationError) as e:
        Transcript.from_records(
            [
                {"speaker": "agent", "text": "ok"},
                {"speaker": "robot", "text": "hi"},
                {"speaker": "agent", "text": None},
                {"speaker": "agent", "text": "x", "start": 3, "end": 1},
                {"text": "who"},
                "agent: hi",
            ]
        )
    expected = ["turns[1].speaker", "turns[2].text", "turns[3].end", "turns[4].speaker", "turns[5]"]
    assert expected == [p.path for p in e.value.problems]


def test_a_very_long_transcript() -> None:
    pack = default("zh_CN")
    turns = [Turn("agent" if i % 2 else "customer", "您好不行投诉" * 20) for i in range(1600)]
    assert cf.scripts.TRANSCRIPT_MAX >= sum(len(t.text) for t in turns)
    report = validate_transcript(pack, turns)
    assert 800 * 20 == len([f for f in report.findings if f.rule == "SC-6" and f.excerpt == "不行"])


def test_transcripts_beyond_the_limits_are_refused() -> None:
    pack = default("zh_CN")
    longest = "您好" * (cf.scripts.TURN_MAX // 2)
    report = validate_transcript(pack, [Turn("agent", "您好"), Turn("agent", longest)])
    assert len(pack.rules) == len(report.results)
    with pytest.raises(cf.errors.TranscriptError) as e:
        validate_transcript(pack, [Turn("agent", "您好"), Turn("agent", longest + "。")])
    assert ("turns[1].text", cf.scripts.TURN_MAX + 1) == (e.value.field, e.value.value)
    assert f"TURN_MAX ({cf.scripts.TURN_MAX:,})" in str(e.value)
    with pytest.raises(cf.errors.TranscriptError, match=re.escape("turns[0].text is 20,001")):
        validate_transcript(pack, longest + "。")
    n = cf.scripts.TRANSCRIPT_MAX // cf.scripts.TURN_MAX
    with pytest.raises(cf.errors.TranscriptError) as e:
        validate_transcript(pack, [Turn("agent", longest)] * n + [Turn("agent", "好")])
    assert ("transcript", cf.scripts.TRANSCRIPT_MAX + 1) == (e.value.field, e.value.value)
    with pytest.raises(cf.errors.TranscriptError, match="TURNS_MAX"):
        validate_transcript(pack, [Turn("agent", "")] * (cf.scripts.TURNS_MAX + 1))
    assert isinstance(e.value, ValueError)


def test_packs_whose_phrases_overlap_too_much_are_refused() -> None:
    # Found while bounding the checks: 100 phrases 啊, 啊啊, ... all match at each 啊 of a
    # turn, two million matches for a 20,000-character turn (7 s).
    limit = cf.scripts.OVERLAP_MAX
    nested = tuple("啊" * k for k in range(1, limit + 2))
    with pytest.raises(cf.errors.ValidationError) as e:
        _pack(ForbiddenRule("f", nested))
    [problem] = e.value.problems
    assert f"rules[0].phrases[{limit}]" == problem.path
    assert f"used {limit + 1} times" in problem.message
    assert "OVERLAP_MAX" in str(problem)
    _pack(ForbiddenRule("f", nested[:limit]))
    repeated = [ForbiddenRule(f"f{i}", ("不行",)) for i in range(limit + 1)]
    with pytest.raises(cf.errors.ValidationError, match=re.escape("rules[0].phrases[0]")):
        _pack(*repeated)
    for name in cf.scripts.DEFAULT_NAMES:
        default(name)  # the shipped packs overlap little (zh_CN: 5)


def _cpu_seconds(pack: ScriptPack, turns: list[Turn]) -> float:
    """CPU seconds of one check, divided by the budget factor of the machine and
    tracer (`budget.SCALE`), so that a bound is one of bounded work, not of speed."""
    t0 = time.process_time()
    validate_transcript(pack, turns)
    return (time.process_time() - t0) / SCALE


def test_findings_per_rule_and_turn_are_bounded() -> None:
    # Found by fuzzing: every overlapping match kept its own excerpt, so a 1,000-character
    # phrase over a 20,000-character turn held 19 million characters of excerpts.
    limit = cf.scripts.FINDINGS_MAX
    phrase = "啊" * cf.scripts.PHRASE_MAX
    pack = _pack(ForbiddenRule("f", (phrase,), a_not_a=False))
    text = "啊" * 20_000
    turns = [Turn("agent", text), Turn("agent", "啊" + phrase)]
    [result] = validate_transcript(pack, turns).results
    assert "fail" == result.status
    assert [0] * limit + [1, 1] == [f.turn for f in result.findings]
    assert 20_000 - len(phrase) + 1 - limit == result.omitted
    assert list(range(limit)) == [f.start for f in result.findings[:limit]]
    assert all(text[f.start : f.end] == f.excerpt for f in result.findings[:limit])
    assert 0 == validate_transcript(pack, "啊" + phrase).results[0].omitted


def test_long_excerpts_are_clipped_around_an_ellipsis() -> None:
    limit = cf.scripts.EXCERPT_MAX
    pack = _pack(ForbiddenRule("f", ("不行",)))
    text = "喂，不" + "　" * 5000 + "行！"
    [finding] = validate_transcript(pack, text).findings
    assert (2, len(text) - 1) == (finding.start, finding.end)  # the span is whole
    assert finding.excerpt is not None
    assert limit == len(finding.excerpt)
    assert finding.excerpt.startswith("不　")
    assert finding.excerpt.endswith("　行")
    assert 1 == finding.excerpt.count("…")


def test_a_clipped_excerpt_never_keeps_part_of_a_card_number() -> None:
    # Cutting inside a number would leave fewer than 15 digits, which masking keeps.
    pack = _pack(OrderedRule("o", ("您好",), ("卡号{number}被扣费",), after_speaker=None))
    gap = " " * (cf.scripts.EXCERPT_MAX // 2 - 12)
    text = "卡号" + gap + "6222021234567890" + " " * 300 + "被扣费"
    [finding] = validate_transcript(pack, [Turn("customer", text)]).findings
    assert (0, len(text)) == (finding.start, finding.end)
    assert finding.excerpt is not None
    assert not re.search("[0-9]", finding.excerpt)
    assert finding.excerpt.startswith("卡号")
    assert finding.excerpt.endswith("被扣费")


def test_allowed_phrases_are_looked_up_not_scanned() -> None:
    # Found by fuzzing: each forbidden match scanned every allowed match of the
    # transcript, so 100 turns of 不行吗 and 100 of 不行 (50,000 characters) took 3 s.
    pack = _pack(ForbiddenRule("f", ("不行",), allowed=("不行吗",), a_not_a=False))
    turns = [Turn("agent", "不行吗" * 100)] * 100 + [Turn("agent", "不行" * 100)] * 100
    assert _cpu_seconds(pack, turns) < 0.5
    report = validate_transcript(pack, turns)
    assert list(range(100, 200)) == sorted({f.turn for f in report.findings})


def test_responses_are_looked_up_not_scanned() -> None:
    # Found by fuzzing: each trigger scanned every turn holding a response, so 5,000
    # apologies followed by 5,000 complaints took a second.
    pack = _pack(ConditionalRule("c", ("投诉",), (("抱歉",),)))
    turns = [Turn("agent", "抱歉")] * 5000 + [Turn("customer", "我要投诉")] * 5000
    assert _cpu_seconds(pack, turns) < 0.5
    assert 5000 == len(validate_transcript(pack, turns).findings)
    answered = [Turn("customer", "我要投诉"), Turn("agent", "抱歉")] * 5000
    assert "pass" == validate_transcript(pack, answered).results[0].status


def test_the_guide_examples_run() -> None:
    guide = pathlib.Path(__file__).resolve().parent.parent / "docs" / "scripts.md"
    blocks = re.findall(r"```python\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    for block in blocks:
        exec(block, {"print": lambda *a: None})


def test_an_empty_transcript() -> None:
    pack = default("zh_CN")
    report = validate_transcript(pack, [])
    failed = sorted(r.rule for r in report.results if r.status == "fail")
    assert ["SC-1", "SC-2"] == failed
    # forbidden rules pass (weights 3 + 1 + 2 + 1), the required ones fail (2 + 2)
    assert 100.0 * 7 / 11 == report.score
