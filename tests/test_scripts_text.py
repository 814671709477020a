"""Normalisation for script checks: OpenCC t2s, folding, separators, offset map (SC-10)."""

from __future__ import annotations

import functools

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaintflow.scripts import normalize_text
from complaintflow.scripts._text import convert_t2s, normalize_many
from strategies import SAFE_HAN, wild_text


@functools.cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def test_traditional_and_simplified_normalise_alike() -> None:
    assert (
        normalize_text("您好，廣電客服為您服務。").text
        == normalize_text("您好,广电客服为您服务").text
    )


def test_full_width_forms_and_case_fold() -> None:
    assert "abc123 xyz" == normalize_text("ＡＢＣ１２３　ＸＹＺ").text


def test_punctuation_and_spaces_between_han_are_dropped() -> None:
    assert "您好我是" == normalize_text("您好， 我是").text
    assert "您好我是" == normalize_text("「您好」……我是").text


def test_separator_runs_between_latin_words_become_one_space() -> None:
    assert "thank you for calling" == normalize_text("Thank  you,\tfor—calling!").text


def test_variant_characters_are_mapped() -> None:
    # seed 000 writes 妳 for 你 and 壹 for 一 ("壹定時間")
    assert "你是王先生吗一定时间" == normalize_text("妳是王先生嗎壹定時間").text


def test_uppercase_that_would_grow_is_left_alone() -> None:
    # "İ".lower() is two characters; folding it would break the offset map
    assert "İ" == normalize_text("İ").text


def test_lone_surrogates_become_replacement_characters() -> None:
    assert "a\ufffdb" == normalize_text("a\ud800b").text


def test_offset_map_points_back_into_the_original() -> None:
    n = normalize_text("「不，我不知道！」")
    start = n.text.index("我不知道")
    o_start, o_end = n.original_span(start, start + 4)
    assert "我不知道" == n.original[o_start:o_end]


def test_span_across_dropped_punctuation_includes_it() -> None:
    n = normalize_text("您好，我是")
    assert (0, 5) == n.original_span(0, 4)


def test_t2s_dictionaries_keep_the_length_of_every_cjk_character() -> None:
    t2s = _opencc("t2s")
    block = "".join(chr(c) for c in range(0x4E00, 0xA000))
    assert len(block) == len(t2s.convert(block))
    assert all(len(t2s.convert(ch)) == 1 for ch in "廣電為務麼裡麵後")


def test_fallback_converts_per_character_when_a_conversion_changes_length() -> None:
    def growing(text: str) -> str:  # a converter that maps 廣 to two characters
        return text.replace("廣", "广广").replace("電", "电")

    assert "廣电x廣" == convert_t2s("廣電x廣", growing)  # 廣 would grow: kept as it is
    assert "电" == convert_t2s("電", growing)  # same length: the converter is used


def test_safe_set_round_trips_character_by_character() -> None:
    s2t, t2s = _opencc("s2t"), _opencc("t2s")
    assert [] == [c for c in SAFE_HAN if t2s.convert(s2t.convert(c)) != c]


@given(st.text(alphabet=SAFE_HAN, max_size=30))
def test_safe_set_round_trips_in_context(text: str) -> None:
    s2t, t2s = _opencc("s2t"), _opencc("t2s")
    assert text == t2s.convert(s2t.convert(text))


@given(wild_text)
def test_normalize_never_crashes_and_maps_every_char_into_the_original(text: str) -> None:
    n = normalize_text(text)
    for i in range(len(n.text)):
        j = n.original_index(i)
        assert 0 <= j < len(text)
    if n.text:
        start, end = n.original_span(0, len(n.text))
        assert 0 <= start < end <= len(text)


@given(wild_text, st.data())
def test_any_span_cut_from_the_original_normalises_to_the_normalised_span(
    text: str, data: st.DataObject
) -> None:
    n = normalize_text(text)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    o_start, o_end = n.original_span(start, end)
    piece = n.text[start:end]
    if piece != piece.strip(" "):
        return  # an inserted space only exists between two kept characters
    cut = normalize_text(text[o_start:o_end]).text
    # t2s converts whole phrases, so a cut can convert differently from the same
    # characters in context; within the safe set everything must agree exactly
    if piece.isascii() or all(c in SAFE_HAN or not c.isalpha() for c in piece):
        assert piece == cut


@pytest.mark.parametrize("text", ["", "   ", "。！？", "\u3000"])
def test_texts_of_separators_only_normalise_to_nothing(text: str) -> None:
    assert "" == normalize_text(text).text


@given(st.lists(wild_text, max_size=5))
def test_normalizing_a_transcript_at_once_equals_turn_by_turn(texts: list[str]) -> None:
    batch = normalize_many(texts)
    single = [normalize_text(t) for t in texts]
    assert [(n.text, n.segments) for n in single] == [(n.text, n.segments) for n in batch]
