"""Masking ID-card and bank-account numbers in transcript text (Q-3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaintflow.errors import TranscriptTypeError
from complaintflow.scripts import (
    Turn,
    default,
    find_personal_data,
    mask_personal_data,
    normalize_text,
    validate_transcript,
)
from strategies import texts_with_a_personal_number

DIGIT = re.compile("[0-9０-９]")


@given(st.text(max_size=60))
def test_masking_keeps_length_and_only_turns_found_characters_into_stars(text: str) -> None:
    masked = mask_personal_data(text)
    assert len(text) == len(masked)
    found = {i for p in find_personal_data(text) for i in range(p.start, p.end)}
    for i, (before, after) in enumerate(zip(text, masked, strict=True)):
        assert before == after or ("*" == after and (i in found or DIGIT.match(before)))


@given(st.text(alphabet="0123456789 -Xa,", max_size=60))
def test_masking_is_idempotent(text: str) -> None:
    once = mask_personal_data(text)
    assert once == mask_personal_data(once)


@given(texts_with_a_personal_number())
def test_a_personal_number_keeps_only_its_last_four(case: tuple[str, str, str, str]) -> None:
    before, number, after, digits = case
    masked = mask_personal_data(before + number + after)
    assert before == masked[: len(before)]
    assert after == masked[len(masked) - len(after) :]
    shown = [c for c in masked[len(before) : len(before) + len(number)] if c not in " -*"]
    assert list(digits[-4:]) == shown


@given(st.integers(min_value=1, max_value=14), st.sampled_from(["电话", "工单", "a"]))
def test_short_numbers_stay(n: int, label: str) -> None:
    text = f"{label}{'7' * n}。"
    assert text == mask_personal_data(text)


def test_examples() -> None:
    assert "身份证**************0026。" == mask_personal_data("身份证110105194912310026。")
    assert "卡号 ****-****-****-3456" == mask_personal_data("卡号 1234-5678-9012-3456")
    # A card number followed by a year is one longer run: masked as a whole.
    assert "**************** 2026年" == mask_personal_data("6222021234567890 2026年")
    # Mobile numbers are masked too, each keeping its last four digits.
    assert "*******8000，*******9000" == mask_personal_data("13800138000，13900139000")


def test_masked_transcript_gives_the_same_findings() -> None:
    turns = ["您好，我是中国联通的客服代表。", "我的卡号6222021234567890被乱扣费", "不行。"]
    speakers = ["agent", "customer", "agent"]
    plain = validate_transcript(default("zh_CN"), list(map(Turn, speakers, turns)))
    masked_turns = [Turn(s, mask_personal_data(t)) for s, t in zip(speakers, turns, strict=True)]
    masked = validate_transcript(default("zh_CN"), masked_turns)
    assert [(f.rule_id, f.turn, f.start, f.end) for f in plain.findings] == [
        (f.rule_id, f.turn, f.start, f.end) for f in masked.findings
    ]
    assert "我的卡号************7890被乱扣费" == masked_turns[1].text


def test_not_a_string() -> None:
    with pytest.raises(TranscriptTypeError, match="int is not a string") as info:
        mask_personal_data(6222021234567890)  # type: ignore[arg-type]
    assert "Q-3" == info.value.rule


_PIECES = (
    "王", "陳", "欧阳", "先生", "女士", "小姐", "建国路", "大街", "胡同", "號", "号", "3", "８８",
    "栋", "棟", "单元", "單元", "室", "小區", "花園", "公寓", "苑", "新村", "大廈", "巷", "弄",
    "li.ming", "@", "＠", "example.com", " ", "-", "13800138000", "6222 0212 3456 7890",
    "110105194912310026", "转", "(010)", "０", "，", "的", "住", "Ａ", "x",
)  # fmt: skip


def _every_search(text: str) -> list[tuple[int, int, str]]:
    """What `_find` keeps when every search runs on every text, without its guards."""
    from complaintflow.scripts import _mask as m

    found = [(x.start(), x.end(), m._long_kind(x.group())) for x in m._NUMBER.finditer(text)]
    found += [(x.start(), x.end(), "mobile") for x in m._MOBILE.finditer(text)]
    found += [(x.start(), x.end(), "landline") for x in m._LANDLINE.finditer(text)]
    found += [
        (x.start(), x.start() + x.group().index("@"), "email") for x in m._EMAIL.finditer(text)
    ]
    if not text.isascii():
        converted = normalize_text(text).converted
        found += [(x.start(), x.end(), "name") for x in m._NAME.finditer(converted)]
        found += [(x.start(), x.end(), "address") for x in m._ADDRESS.finditer(converted)]
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str]] = []
    for f in found:
        if not kept or f[0] >= kept[-1][1]:
            kept.append(f)
    return kept


@given(
    st.one_of(st.text(max_size=60), st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
)
def test_skipping_searches_a_text_cannot_match_changes_no_find(text: str) -> None:
    # A search runs only when the text holds what each of its matches must contain.
    assert _every_search(text) == [(p.start, p.end, p.kind) for p in find_personal_data(text)]
