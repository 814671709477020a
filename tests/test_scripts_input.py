"""Bad input to the public entry points of scripts: typed errors that name the field.

Found by fuzzing the entry points: non-string text, missing fields, records that
are not mappings, speakers of the wrong type and pack keys of mixed types raised
``TypeError`` or ``AttributeError`` from inside the library.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintflow.errors import (
    ComplaintflowError,
    OutOfRangeError,
    TranscriptError,
    TranscriptTypeError,
    ValidationError,
    WrongTypeError,
)
from complaintflow.scripts import (
    RequiredRule,
    ScriptPack,
    Transcript,
    Turn,
    default,
    default_data,
    normalize_text,
    validate_transcript,
)
from strategies import value_paths

ZH = default("zh_CN")


def _raises(fn: Callable[[], object], cls: type[ComplaintflowError]) -> ComplaintflowError:
    with pytest.raises(ComplaintflowError) as info:
        fn()
    assert type(info.value) is cls, info.value
    return info.value


# --- typed errors, each naming the field, the value and what is allowed ------------------


@pytest.mark.parametrize("records", [None, 5, 3.5, "speaker: agent", b"x", {"speaker": "agent"}])
def test_records_must_be_an_iterable_of_records(records: Any) -> None:
    e = _raises(lambda: Transcript.from_records(records), TranscriptTypeError)
    assert ("records", records) == (e.field, e.value)
    assert isinstance(e, TypeError)
    assert "iterable of mappings" in str(e)


def test_from_records_reports_every_problem_of_every_record() -> None:
    with pytest.raises(ValidationError) as e:
        Transcript.from_records(
            [
                {"speaker": 5, "text": "x"},
                {"speaker": ["agent"], "text": b"x"},
                {1: "x", "speaker": "agent", "text": "x", "colour": "red"},
                {"text": "x", "loud": True},
                {"speaker": "agent", "text": "x", "start": "0"},
                ("agent", "hi"),
            ]
        )
    assert [
        "turns[0].speaker",
        "turns[1].speaker",
        "turns[1].text",
        "turns[2]",
        "turns[3]",
        "turns[3].speaker",
        "turns[4].start",
        "turns[5]",
    ] == [p.path for p in e.value.problems]
    texts = [str(p) for p in e.value.problems]
    assert "must be a string, got 5" in texts[0]
    assert "1, 'colour'" in texts[3]
    assert "('agent', 'hi')" in texts[7]


@pytest.mark.parametrize("speaker", [5, None, ["agent"], b"agent", {"agent": 1}])
def test_a_speaker_of_the_wrong_type_is_a_type_error(speaker: Any) -> None:
    e = _raises(lambda: Turn(speaker, "hi"), TranscriptTypeError)
    assert ("speaker", speaker) == (e.field, e.value)
    assert "'agent', 'customer'" in str(e)
    e = _raises(lambda: Transcript.from_text("hi", speaker), TranscriptTypeError)
    assert "turns[0].speaker" == e.field
    assert "robot" == _raises(lambda: Turn("robot", "hi"), TranscriptError).value


@pytest.mark.parametrize("text", [None, 5, b"abc", ["abc"]])
def test_normalize_text_refuses_what_is_not_text(text: Any) -> None:
    e = _raises(lambda: normalize_text(text), TranscriptTypeError)
    assert ("text", text) == (e.field, e.value)


@pytest.mark.parametrize("pack", [None, "zh_CN", {"name": "x"}, default_data("zh_CN")])
def test_validate_transcript_needs_a_pack(pack: Any) -> None:
    e = _raises(lambda: validate_transcript(pack, "您好"), WrongTypeError)
    assert ("pack", pack) == (e.field, e.value)
    assert "ScriptPack" in str(e)


@pytest.mark.parametrize(
    ("transcript", "field", "hint"),
    [
        (b"\xe6\x82\xa8", "transcript", "decode"),
        (bytearray(b"ab"), "transcript", "decode"),
        ([{"speaker": "agent", "text": "x"}], "turns[0]", "from_records"),
        ([Turn("agent", "x"), "x"], "turns[1]", "from_records"),
        (None, "transcript", "Transcript"),
        (iter([Turn("agent", "x")]), "transcript", "Transcript"),
    ],
)
def test_validate_transcript_names_what_is_not_a_transcript(
    transcript: Any, field: str, hint: str
) -> None:
    e = _raises(lambda: validate_transcript(ZH, transcript), TranscriptTypeError)
    assert field == e.field
    assert hint in str(e)


def test_from_dict_with_keys_of_mixed_types_reports_them() -> None:
    data: dict[Any, Any] = {"name": "x", 1: 2, b"b": 3, (1,): 4, "rules": []}
    with pytest.raises(ValidationError) as e:
        ScriptPack.from_dict(data)
    assert ["(1,)", "1", "b'b'", "rules"] == [p.path for p in e.value.problems]


def test_from_dict_reports_pack_and_rule_problems_together() -> None:
    rule = {"id": "a", "kind": "required", "phrases": ["您好"]}
    data = {
        "name": 5,
        "description": None,
        "rules": [rule, rule, {"id": "b", "kind": "required", "phrases": [""]}],
    }
    with pytest.raises(ValidationError) as e:
        ScriptPack.from_dict(data)
    assert ["name", "description", "rules[1].id", "rules[2].phrases[0]"] == [
        p.path for p in e.value.problems
    ]
    with pytest.raises(ValidationError, match="description"):
        ScriptPack("p", (RequiredRule("a", ("您好",)),), 5)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", [None, [], "zh_CN", 5])
def test_from_dict_needs_a_mapping(data: Any) -> None:
    e = _raises(lambda: ScriptPack.from_dict(data), WrongTypeError)
    assert ("data", data) == (e.field, e.value)


def test_original_span_refuses_spans_outside_the_text() -> None:
    n = normalize_text("您好，我是")
    assert (3, 5) == n.original_span(2, 4)
    for start, end in [(0, 0), (2, 1), (-1, 2), (0, 5), (3, 9)]:
        e = _raises(lambda s=start, t=end: n.original_span(s, t), OutOfRangeError)
        assert "0 <= start < end <= 4" in str(e)
    e = _raises(lambda: n.original_span("0", 2), WrongTypeError)  # type: ignore[arg-type]
    assert "start" == e.field


# --- nothing else escapes (Hypothesis) ------------------------------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True),
    st.text(max_size=4),
    st.binary(max_size=3),
    st.sampled_from(["agent", "customer", "required", "forbidden", "SC-1", "{x}", "。"]),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=2),
    st.dictionaries(
        st.one_of(st.integers(), st.text(max_size=3), st.binary(max_size=2)),
        st.one_of(st.integers(), st.text(max_size=3)),
        max_size=3,
    ),
)
_PACK_DATA = default_data("en")


@settings(max_examples=200)
@given(st.data())
def test_any_value_anywhere_in_a_pack_is_a_validation_error_or_a_pack(data: st.DataObject) -> None:
    broken: Any = copy.deepcopy(_PACK_DATA)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(value_paths(broken)))
        holder = broken
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = data.draw(junk)
    try:
        ScriptPack.from_dict(broken)
    except ValidationError as e:
        problems = list(e.problems)
    else:
        return
    assert problems
    assert all(p.path and p.message for p in problems)


@given(st.lists(st.one_of(junk, st.dictionaries(st.sampled_from(["speaker", "text"]), junk))))
def test_any_records_are_a_transcript_or_a_validation_error(records: list[Any]) -> None:
    try:
        transcript = Transcript.from_records(records)
    except ValidationError as e:
        paths = [p.path for p in e.problems]
    else:
        assert len(records) == len(transcript.turns)
        return
    assert paths
    assert all(p.startswith("turns[") for p in paths)


@given(st.one_of(junk, st.lists(junk, max_size=3)), st.sampled_from([ZH, None, "zh_CN"]))
def test_validate_transcript_raises_only_typed_errors(transcript: Any, pack: Any) -> None:
    try:
        report = validate_transcript(pack, transcript)
    except (TranscriptTypeError, WrongTypeError) as e:
        field = e.field
    else:
        assert len(ZH.rules) == len(report.results)
        return
    assert field


@given(junk)
def test_normalize_text_raises_only_typed_errors(text: Any) -> None:
    try:
        normalize_text(text)
    except TranscriptTypeError:
        assert not isinstance(text, str)
