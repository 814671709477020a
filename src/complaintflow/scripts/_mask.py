"""Finding and masking personal data in transcript text (Q-3).

Theory of operation
-------------------
Q-3 asks that complainants' personal data be kept confidential. Transcripts and
the excerpts of script findings are shown to reviewers and exported to
notebooks, so `find_personal_data` locates personal data with spans in the
text and `mask_personal_data` masks it before the text leaves the host's
protected store. What is found, each as a `PersonalData` of one kind:

- ``id_card``, ``bank_card``, ``number``: a run of 15 or more digits, ASCII or
  full-width, optionally written in groups separated by single spaces or
  hyphens and optionally ending in ``X``: an ``id_card`` when it is 18
  characters whose GB 11643 check character is right (or 15 digits, the old
  cards), a ``bank_card`` when it is 16 to 19 digits passing the Luhn check, a
  ``number`` otherwise. Every such run is masked, whatever its checksum says:
  masking errs on the safe side, the kinds are for reports. A number followed by
  another one (``"6222021234567890 2026"``) is one longer run, masked as a whole,
  so a card number never survives because a year was written after it.
- ``mobile``: a mainland mobile number, 11 digits starting ``13`` to ``19``,
  optionally after ``+86``/``86``, optionally grouped 3-4-4.
- ``landline``: a number with its area code, ``0`` and 2 or 3 more digits
  (optionally in brackets), then 7 or 8 digits, optionally an extension
  (``转``, ``-``).
- ``email``: ``local@domain.tld``.
- ``name``: a common surname and up to two more Han characters right before
  ``先生``, ``女士`` or ``小姐`` (``您是王小明先生吗``).
- ``address``: a road and house number (``建国路88号``, then building, unit and
  room numbers), or an estate with its building numbers (``阳光小区3栋2单元``).

Names and addresses are looked for in the folded Simplified text (the same
length as the original), so Traditional text is read alike. Where two finds
overlap, the earlier one (the longer one on a tie) is kept.

The masked length rule: **every masked character becomes one ``*``**, so the
masked text has exactly the length of the original, and every span or offset
computed on either (a finding's ``start`` and ``end``) is valid on both. What is
masked in each find: in numbers every digit except the last four (an ID card's
final ``X`` is one of the four), separators kept; in e-mail addresses the whole
local part (``****@example.com``); in names the name, not the honorific
(``***先生``); in addresses every digit and Han character except the words that
give its structure (``**路**号*栋``).

Masking is checked to a fixed point: the masked text is searched again, and
any number still found there (digits that masking itself brought together) is
masked whole, so the masked text never holds a number `find_personal_data`
accepts.
"""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

import attrs

from complaintflow._errors import TranscriptTypeError
from complaintflow.scripts._text import convert_t2s, fold, normalize_text

__all__ = [
    "NUMBER_CHARS",
    "PERSONAL_KINDS",
    "PersonalData",
    "find_personal_data",
    "mask_personal_data",
    "splits_number",
]

Kind: TypeAlias = Literal[
    "id_card", "bank_card", "number", "mobile", "landline", "email", "name", "address"
]
#: The kinds of personal data `find_personal_data` reports.
PERSONAL_KINDS: tuple[str, ...] = (
    "id_card", "bank_card", "number", "mobile", "landline", "email", "name", "address",
)  # fmt: skip
_NUMBER_KINDS = frozenset({"id_card", "bank_card", "number", "mobile", "landline"})

_D = "[0-9０-９]"
#: 15 or more digits, single spaces or hyphens between them, an optional X; the
#: whole run of digits (also across one separator) on either side.
_NUMBER = re.compile(
    rf"(?<![0-9０-９])(?<![0-9０-９][ \-])(?:{_D}[ \-]?){{14,}}{_D}[Xx]?(?![ \-]?[0-9０-９])"
)
_DIGIT = re.compile(_D)
_KEEP = 4
_DIGITS = frozenset("0123456789０１２３４５６７８９")
#: The characters a number to mask is written with (digits and its separators).
NUMBER_CHARS = "".join(sorted(_DIGITS)) + " -"


def splits_number(text: str, cut: int) -> bool:
    """True when cutting ``text`` at ``cut`` splits a run of digits.

    A run is what `mask_personal_data` reads as one number: digits, single
    spaces or hyphens between them, a final ``X``. Either half of a split card
    number may be too short to be masked, so an excerpt cut there must drop the
    partial run.

    Examples:
        >>> splits_number("卡号6222 0212", 6), splits_number("卡号6222 0212", 7)
        (True, True)
        >>> splits_number("卡号6222 0212", 2), splits_number("6222，0212", 5)
        (False, False)
    """
    if not 0 < cut < len(text):
        return False
    before, after = text[cut - 1], text[cut]
    if before in _DIGITS:
        if after in _DIGITS or after in "Xx":
            return True
        return after in " -" and cut + 1 < len(text) and text[cut + 1] in _DIGITS
    return before in " -" and after in _DIGITS and cut >= 2 and text[cut - 2] in _DIGITS


_ND = "(?<![0-9０-９])"  # not right after a digit
_NA = "(?![0-9０-９])"  # not right before one
_MOBILE = re.compile(rf"{_ND}(?:(?:\+|＋)?(?:86|８６)[ \-]?)?1[3-9３-９](?:[ \-]?{_D}){{9}}{_NA}")
_LANDLINE = re.compile(
    rf"{_ND}(?:[(（][0０]{_D}{{2,3}}[)）]|[0０]{_D}{{2,3}}[ \-]?){_D}{{7,8}}"
    rf"(?:(?:转|-){_D}{{1,5}})?{_NA}"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8}"
)
_SURNAMES = (
    "欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|"
    "[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲"
    "房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全"
    "佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝]"
)
#: The honorifics a name is found before.
_HONORIFICS = ("先生", "女士", "小姐")
_NAME = re.compile(rf"(?:{_SURNAMES})[\u4e00-\u9fff]{{0,2}}?(?={'|'.join(_HONORIFICS)})")
_CN_NUM = "0-9０-９零〇一二两三四五六七八九十百"
_UNIT = rf"(?:[{_CN_NUM}]{{1,4}}[a-zA-Z]?(?:号楼|栋|幢|楼|单元|层|室|座|号|房))"
_PLACE_CHAR = "(?:(?![的是在住于到我您你他她了和与及从往去家址为请问就])[\u4e00-\u9fff])"
#: The words an address is built on: a road (then a house number) or an estate.
_ROADS = ("大街", "大道", "路", "街", "巷", "弄", "胡同")
_ESTATES = ("小区", "花园", "大厦", "公寓", "新村", "家园", "苑")
_ADDRESS = re.compile(
    rf"{_PLACE_CHAR}{{1,6}}?(?:{'|'.join(_ROADS)})[{_CN_NUM}]{{1,5}}号{_UNIT}{{0,4}}"
    rf"|{_PLACE_CHAR}{{1,6}}?(?:{'|'.join(_ESTATES)}){_UNIT}{{1,4}}"
)
#: Characters an address keeps when masked: the words that give its structure.
_ADDRESS_KEEP = frozenset("大街道路巷弄胡同号楼栋幢单元层室座房小区花园厦公寓新村家苑")


@attrs.frozen
class PersonalData:
    """One piece of personal data in a text (Q-3).

    Attributes:
        kind: One of `PERSONAL_KINDS`.
        start: Its start in the text.
        end: Its end (exclusive).
        text: ``text[start:end]``.

    Examples:
        >>> find_personal_data("请联系王先生，电话13800138000")
        (PersonalData(kind='name', start=3, end=4, text='王'), PersonalData(kind='mobile', start=9, end=20, text='13800138000'))
    """  # noqa: E501

    kind: Kind
    start: int
    end: int
    text: str


def _digits_of(text: str) -> str:
    return "".join(str(int(c)) for c in text if c in _DIGITS)


def _long_kind(run: str) -> Kind:
    """``id_card``, ``bank_card`` or ``number``: what a run of 15 or more digits is."""
    digits = _digits_of(run)
    if run[-1] in "Xx" or len(digits) == 17:
        if len(digits) == 17 and run[-1] in "Xx" and _id_check(digits) == "X":
            return "id_card"
        return "number"
    if len(digits) == 18 and _id_check(digits[:17]) == digits[17]:
        return "id_card"
    if len(digits) == 15 and not _luhn(digits):
        return "id_card"
    if 16 <= len(digits) <= 19 and _luhn(digits):
        return "bank_card"
    return "number"


def _id_check(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an ID-card number."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return "10X98765432"[total % 11]


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TranscriptTypeError(
            f"text: {type(text).__name__} is not a string; give the text to mask",
            field="text",
            value=text,
            rule="Q-3",
        )
    return text


def find_personal_data(text: str) -> tuple[PersonalData, ...]:
    """The personal data in ``text`` (Q-3), in text order, never overlapping.

    Args:
        text: A transcript turn, a script text or a finding's excerpt.

    Returns:
        Each find with its kind and its span in ``text``.

    Raises:
        TranscriptTypeError: ``text`` is not a string.

    Examples:
        >>> [(p.kind, p.text) for p in find_personal_data(
        ...     "陳女士的郵箱 chen.li@example.com，住建国路88号3栋")]
        [('name', '陳'), ('email', 'chen.li'), ('address', '建国路88号3栋')]
    """
    return tuple(_find(_check_text(text)))


def _find(text: str, *, numbers_only: bool = False) -> list[PersonalData]:
    # Each search runs only when the text holds what every one of its matches
    # must contain (a digit, an "@", an honorific, a road or estate word): the
    # finds are the same, and a turn without any costs a few scans.
    found: list[tuple[int, int, Kind]] = []
    if _DIGIT.search(text):
        for m in _NUMBER.finditer(text):
            found.append((m.start(), m.end(), _long_kind(m.group())))
        for rx, kind in ((_MOBILE, "mobile"), (_LANDLINE, "landline")):
            found += [(m.start(), m.end(), kind) for m in rx.finditer(text)]  # type: ignore[misc]
    if not numbers_only:
        if "@" in text:
            for m in _EMAIL.finditer(text):
                found.append((m.start(), m.start() + m.group().index("@"), "email"))
        if not text.isascii():
            folded = fold(text)  # as normalize_text converts, without its separator map
            converted = folded if folded.isascii() else convert_t2s(folded)
            if any(h in converted for h in _HONORIFICS):
                found += [(m.start(), m.end(), "name") for m in _NAME.finditer(converted)]
            if any(w in converted for w in _ROADS + _ESTATES):
                found += [(m.start(), m.end(), "address") for m in _ADDRESS.finditer(converted)]
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[PersonalData] = []
    last_end = 0
    for start, end, kind in found:
        if start >= last_end:
            out.append(PersonalData(kind, start, end, text[start:end]))
            last_end = end
    return out


def _masked(text: str, find: PersonalData, *, whole: bool = False) -> str:
    """The characters of ``find`` as the masked length rule has them."""
    part = text[find.start : find.end]
    if find.kind in ("email", "name"):
        return "*" * len(part)
    if find.kind == "address":  # kept by their Simplified form: 區 as 区
        simplified = normalize_text(part).converted
        return "".join(
            c if k in _ADDRESS_KEEP else "*" for c, k in zip(part, simplified, strict=True)
        )
    digits = [i for i, ch in enumerate(part) if ch in _DIGITS]
    if whole:
        keep_from = len(part)
    elif part[-1] in "Xx":
        keep_from = digits[-(_KEEP - 1)]
    else:
        keep_from = digits[-_KEEP]
    return "".join("*" if i < keep_from and ch in _DIGITS else ch for i, ch in enumerate(part))


def _apply(text: str, finds: list[PersonalData], *, whole: bool = False) -> str:
    pieces: list[str] = []
    at = 0
    for f in finds:
        pieces += [text[at : f.start], _masked(text, f, whole=whole)]
        at = f.end
    pieces.append(text[at:])
    return "".join(pieces)


def mask_personal_data(text: str) -> str:
    """``text`` with its personal data masked (Q-3), same length.

    Every find of `find_personal_data` is masked by the masked length
    rule (every masked character becomes one ``*``): numbers keep their last
    four characters, e-mail addresses their domain, names their honorific,
    addresses the words of their structure. Everything else is unchanged, so
    offsets into the original text are offsets into the masked one.

    Args:
        text: A transcript turn, a script text or a finding's excerpt.

    Returns:
        The masked text, as long as ``text``.

    Raises:
        TranscriptTypeError: ``text`` is not a string.

    Examples:
        >>> mask_personal_data("身份证11010519491231002X，卡号6222 0212 3456 7890")
        '身份证**************002X，卡号**** **** **** 7890'
        >>> mask_personal_data("王先生回电13800138000，工单T2026-000123")
        '*先生回电*******8000，工单T2026-000123'
        >>> mask_personal_data("邮箱 li.ming@example.com，住建国路88号")
        '邮箱 *******@example.com，住**路**号'
    """
    _check_text(text)
    masked = _apply(text, _find(text))
    left = _find(masked, numbers_only=True)
    if left:  # digits that masking brought together: mask them whole
        masked = _apply(masked, left, whole=True)
    return masked
