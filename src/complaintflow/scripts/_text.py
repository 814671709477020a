"""Text normalisation for script checks, with an offset map back to the original.

Theory of operation
-------------------
Rules and transcripts go through the same `normalize_text`, so a phrase
written in Traditional Chinese with full-width punctuation matches the same words
spoken and transcribed in Simplified Chinese without punctuation (SC-10). The
steps, in order:

1. **Fold** with one table, applied to the characters that need it: lone
   surrogates become U+FFFD, full-width letters and digits become ASCII,
   letters are lower-cased wherever the lower-case form is a single character
   (so ``"İ"`` is left alone rather than growing into two characters); ASCII
   text is simply lower-cased. A few variant characters that OpenCC keeps
   are mapped explicitly (``妳→你``, ``壹→一``: the 10010 source, seed 000, writes
   ``壹定`` for ``一定``). Every step keeps the length.
2. **Convert** Traditional to Simplified with OpenCC ``t2s``. Its dictionaries
   map every key to a value of the same length (checked in the tests), so offsets
   map one to one. Should a future dictionary ever change the length, the text is
   converted character by character instead, keeping any character whose
   conversion is not exactly one character long.
3. **Drop separators**: every run of whitespace and punctuation (an explicit
   list, not a Unicode category guess) is removed, except between two letters or
   digits of a spaced script (Latin, Greek, Cyrillic...), where it becomes one
   space. ``"您好，我是"`` and ``"您好 我是"`` both become ``"您好我是"``;
   ``"thank  you!"`` becomes ``"thank you"``.

Only step 3 changes the length, so the map back to the original is a short list
of segments: each kept run of characters remembers where it started in the
original. A span in the normalised text maps to the span from its first to its
last character in the original, so cutting the original at a reported span and
normalising the cut gives back exactly the matched phrase. The map is built
only when a finding asks for it. `normalize_many` folds and converts all
turns of a transcript in one call.

OpenCC is imported and its converter created on first use (it loads its
dictionaries then), never at import time.
"""

from __future__ import annotations

import functools
import re
import sys
from bisect import bisect_right
from collections.abc import Callable

import attrs

from complaintflow._errors import OutOfRangeError, TranscriptTypeError, WrongTypeError, problem_text

__all__ = ["NormalizedText", "is_spaced_word_char", "normalize_many", "normalize_text"]

#: Variant characters OpenCC ``t2s`` keeps but hotline texts use for common words.
_VARIANTS = {"妳": "你", "壹": "一"}

#: Punctuation and symbols treated as separators, listed explicitly.
_PUNCT_RANGES = (
    (0x21, 0x2F),  # ASCII ! " # $ % & ' ( ) * + , - . /
    (0x3A, 0x40),  # ASCII : ; < = > ? @
    (0x5B, 0x60),  # ASCII [ \ ] ^ _ `
    (0x7B, 0x7E),  # ASCII { | } ~
    (0xA1, 0xBF),  # Latin-1 punctuation and signs (¡ « » · ¿ ...)
    (0x2010, 0x2027),  # dashes, quotes “ ” ‘ ’, bullets, ellipsis …
    (0x2030, 0x205E),  # per mille, primes, ‹ ›, ※ and friends
    (0x3001, 0x3003),  # 、 。 〃
    (0x3008, 0x3011),  # 〈 〉 《 》 「 」 『 』 【 】
    (0x3014, 0x301F),  # 〔 〕 〖 〗 〘 〙 〚 〛 〜 〝 〞 〟
    (0x30FB, 0x30FB),  # ・ (katakana middle dot)
    (0xFE10, 0xFE19),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms ︰ ︱ ...
    (0xFE50, 0xFE6B),  # small forms ﹐ ﹑ ...
    (0xFF01, 0xFF0F),  # full-width ！ ＂ ＃ ... ， － ． ／
    (0xFF1A, 0xFF20),  # full-width ： ； ＜ ＝ ＞ ？ ＠
    (0xFF3B, 0xFF40),  # full-width ［ ＼ ］ ＾ ＿ ｀
    (0xFF5B, 0xFF65),  # full-width ｛ ｜ ｝ ～, halfwidth brackets and ｡ ｢ ｣ ､ ･
)
#: Whitespace characters (``str.isspace`` in the BMP, plus the ideographic space).
_SPACE_CHARS = "".join(chr(c) for c in range(0x10000) if chr(c).isspace())

_SEPARATOR_CLASS = "".join(
    re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
    for lo, hi in _PUNCT_RANGES
) + re.escape(_SPACE_CHARS)
_SEPARATOR_RUN = re.compile(f"[{_SEPARATOR_CLASS}]+")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            table[cp] = "\ufffd"
            continue
        lower = chr(cp).lower()
        if len(lower) == 1 and lower != chr(cp):
            table[cp] = lower
    for cp in range(0xFF01, 0xFF5F):  # full-width letters and digits (punctuation: separators)
        if chr(cp).isalnum():
            table[cp] = chr(cp - 0xFEE0).lower()
    for src, dst in _VARIANTS.items():
        table[ord(src)] = dst
    return table


_FOLD = _fold_table()


def _char_class(codepoints: list[int]) -> str:
    """A regex character class covering ``codepoints`` (sorted), as ranges."""
    parts: list[str] = []
    start = prev = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        if start == prev:
            parts.append(f"\\U{start:08x}")
        else:
            parts.append(f"\\U{start:08x}-\\U{prev:08x}")
        start = prev = cp
    return "[" + "".join(parts) + "]"


_NEEDS_FOLD = re.compile(_char_class(sorted(_FOLD)))
#: Letters and digits of spaced scripts (see `is_spaced_word_char`).
_SPACED_WORD = re.compile(_char_class([c for c in range(0x2E80) if chr(c).isalnum()]))


def _fold_one(match: re.Match[str]) -> str:
    return _FOLD[ord(match.group())]


def fold(text: str) -> str:
    """Step 1: fold case, full-width letters and digits, variants; keeps the length.

    Examples:
        >>> fold("ＡＢＣ妳Ok")
        'abc你ok'
    """
    if text.isascii():
        return text.lower()
    return _NEEDS_FOLD.sub(_fold_one, text)


@functools.cache
def _t2s() -> Callable[[str], str]:
    # Imported here: importing opencc lists its data directory, and building the
    # converter loads its dictionaries; neither should happen at import time.
    import opencc

    converter = opencc.OpenCC("t2s")

    def convert(text: str) -> str:
        return str(converter.convert(text))

    return convert


def convert_t2s(text: str, convert: Callable[[str], str] | None = None) -> str:
    """Traditional to Simplified, guaranteed to keep the length of ``text``.

    ``convert`` defaults to OpenCC ``t2s``; the tests pass a converter that
    changes lengths to exercise the character-by-character fallback.
    """
    conv = convert or _t2s()
    out = conv(text)
    if len(out) == len(text):
        return out
    pieces: list[str] = []
    for ch in text:
        one = conv(ch)
        pieces.append(one if len(one) == 1 else ch)
    return "".join(pieces)


def is_spaced_word_char(ch: str) -> bool:
    """True for a letter or digit of a script that separates words with spaces.

    Examples:
        >>> is_spaced_word_char("a"), is_spaced_word_char("好"), is_spaced_word_char("!")
        (True, False, False)
    """
    return ch.isalnum() and ord(ch) < 0x2E80


@attrs.frozen
class NormalizedText:
    """A normalised text and the map back to the text it came from.

    Attributes:
        original: The text as given.
        converted: ``original`` folded and converted to Simplified Chinese;
            same length as ``original``, position for position.
        text: The normalised text that phrases are matched against:
            ``converted`` without its separators.

    Examples:
        >>> n = normalize_text("您好，廣電客服為您服務。")
        >>> n.text
        '您好广电客服为您服务'
        >>> n.original_span(2, 6)
        (3, 7)
    """

    original: str
    converted: str
    text: str
    _segments: tuple[tuple[int, int], ...] | None = attrs.field(
        default=None, init=False, repr=False, eq=False
    )

    @property
    def segments(self) -> tuple[tuple[int, int], ...]:
        """``(normalised_start, original_start)`` for each run copied one to one.

        Computed on first use (only findings need it) and kept.
        """
        if self._segments is None:
            if len(self.text) == len(self.converted):
                segments = _IDENTITY  # nothing dropped, at most single characters spaced
            else:
                segments = _segments_of(self.converted)
            object.__setattr__(self, "_segments", segments)
            return segments
        return self._segments

    def original_index(self, index: int) -> int:
        """The original index of the normalised character at ``index``.

        Raises:
            WrongTypeError: ``index`` is not an integer.
            OutOfRangeError: ``index`` is not a position of `text`.
        """
        if isinstance(index, bool) or not isinstance(index, int):
            raise WrongTypeError(
                f"index must be an integer, got {problem_text(index)}", field="index", value=index
            )
        if not 0 <= index < len(self.text):
            raise OutOfRangeError(
                f"index {index} is not a position of the normalised text: "
                f"0 <= index < {len(self.text)}",
                field="index",
                value=index,
            )
        return self._original_index(index)

    def _original_index(self, index: int) -> int:
        segments = self.segments
        # (index, maxsize) sorts after every segment starting at index: no key function
        k = bisect_right(segments, (index, sys.maxsize)) - 1
        norm_start, orig_start = segments[k]
        return orig_start + index - norm_start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalises to ``text[start:end]``.

        Args:
            start: Start of a non-empty span of `text`.
            end: Its end (exclusive), ``start < end <= len(text)``.

        Returns:
            ``(original_start, original_end)``, from the original position of the
            first character to just after the original position of the last one.

        Raises:
            WrongTypeError: ``start`` or ``end`` is not an integer.
            OutOfRangeError: The span is empty or not inside `text`.
        """
        for name, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise WrongTypeError(
                    f"{name} must be an integer index, got {problem_text(value)}",
                    field=name,
                    value=value,
                )
        if not 0 <= start < end <= len(self.text):
            raise OutOfRangeError(
                f"span ({start}, {end}) is not a non-empty span of the normalised text: "
                f"0 <= start < end <= {len(self.text)}",
                field="start",
                value=(start, end),
            )
        return self._span_in_original(start, end)

    def _span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """`original_span` without its checks, for spans the automaton found."""
        if len(self.text) == len(self.converted):  # nothing was dropped
            return start, end
        return self._original_index(start), self._original_index(end - 1) + 1


def normalize_text(text: str) -> NormalizedText:
    """Normalise ``text`` for matching (SC-10: Simplified and Traditional alike).

    Args:
        text: Any string, including emoji, combining marks and lone surrogates.

    Returns:
        The `NormalizedText`, with its map back to ``text``.

    Raises:
        TranscriptTypeError: ``text`` is not a string (``bytes`` included).

    Examples:
        >>> normalize_text("Thank  YOU, 妳好！").text
        'thank you你好'
    """
    if not isinstance(text, str):
        raise TranscriptTypeError(
            f"text must be a string, got {type(text).__name__} {problem_text(text)}",
            field="text",
            value=text,
        )
    folded = fold(text)
    converted = folded if folded.isascii() else convert_t2s(folded)
    return _drop_separators(text, converted)


def normalize_many(texts: list[str]) -> list[NormalizedText]:
    """`normalize_text` for each text, with one fold and one OpenCC call for all.

    The texts are joined with newlines for folding and conversion (no OpenCC
    dictionary entry spans a newline, and both steps keep the length), then cut
    apart again at the known offsets.
    """
    if len(texts) < 2:
        return [normalize_text(t) for t in texts]
    joined = "\n".join(texts)
    folded = fold(joined)
    converted = folded if folded.isascii() else convert_t2s(folded)
    words = None if _SPACED_WORD.search(converted) else False
    out: list[NormalizedText] = []
    offset = 0
    for text in texts:
        end = offset + len(text)
        out.append(_drop_separators(text, converted[offset:end], words))
        offset = end + 1
    return out


_IDENTITY: tuple[tuple[int, int], ...] = ((0, 0),)


def _keeps_space(converted: str, start: int, end: int) -> bool:
    """A separator run ``converted[start:end]`` between two spaced-script words."""
    return (
        start > 0
        and end < len(converted)
        and is_spaced_word_char(converted[start - 1])
        and is_spaced_word_char(converted[end])
    )


def _space_or_nothing(run: re.Match[str]) -> str:
    return " " if _keeps_space(run.string, run.start(), run.end()) else ""


def _drop_separators(text: str, converted: str, words: bool | None = None) -> NormalizedText:
    """Step 3; ``words`` tells whether ``converted`` may hold spaced-script words."""
    if words is None:
        words = _SPACED_WORD.search(converted) is not None
    if not words:
        dropped = _SEPARATOR_RUN.sub("", converted)
    else:
        dropped = _SEPARATOR_RUN.sub(_space_or_nothing, converted)
    return NormalizedText(text, converted, dropped)


def _segments_of(converted: str) -> tuple[tuple[int, int], ...]:
    """The offset map of `_drop_separators`, rebuilt run by run."""
    segments: list[tuple[int, int]] = []
    norm_len = 0
    copied_from = 0
    for run in _SEPARATOR_RUN.finditer(converted):
        start, end = run.span()
        if start > copied_from:
            segments.append((norm_len, copied_from))
            norm_len += start - copied_from
        if _keeps_space(converted, start, end):
            segments.append((norm_len, start))
            norm_len += 1
        copied_from = end
    if copied_from < len(converted):
        segments.append((norm_len, copied_from))
    return tuple(segments) or _IDENTITY
