"""Masking ID-card and bank-account numbers in transcript text (Q-3).

Theory of operation
-------------------
Q-3 asks that complainants' personal data (bank accounts, ID numbers) be kept
confidential. Transcripts and the excerpts of script findings are shown to
reviewers and exported to notebooks, so `mask_personal_data` replaces the
digits of such numbers with ``*`` before the text leaves the host's protected
store.

What counts as such a number is deliberately simple and errs on the side of
masking: a run of 15 or more digits (a resident ID card has 18 characters, the
older ones 15; bank card and account numbers have 16 to 19 digits), ASCII or
full-width, optionally written in groups separated by single spaces or hyphens,
and optionally ending in ``X`` (the ID-card check character). A number followed
by another one (``"6222021234567890 2026"``) is one longer run and is masked as a
whole, so a card number never survives because a year was written after it; the
price is that two phone numbers separated by one space are masked too. Shorter
runs (an 11-digit phone number, ticket and order numbers) are left alone.

Every character keeps its place: digits become ``*`` except the last four,
separators and everything else stay. The masked text therefore has the same
length as the original, so offsets computed on either (a finding's ``start`` and
``end``) are valid on both.
"""

from __future__ import annotations

import re

from complaintflow._errors import TranscriptTypeError

__all__ = ["NUMBER_CHARS", "mask_personal_data", "splits_number"]

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


def _mask(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = [m.start() for m in _DIGIT.finditer(text)]
    keep_from = digits[-_KEEP] if text[-1] not in "Xx" else digits[-(_KEEP - 1)]
    return "".join("*" if i < keep_from and _DIGIT.match(ch) else ch for i, ch in enumerate(text))


def mask_personal_data(text: str) -> str:
    """``text`` with ID-card and bank-account numbers masked (Q-3), same length.

    Runs of 15 or more digits (ASCII or full-width, optionally grouped by spaces
    or hyphens, optionally ending in ``X``) keep their last four characters;
    their other digits become ``*``. Everything else is unchanged, so offsets
    into the original text are offsets into the masked one.

    Args:
        text: A transcript turn, a script text or a finding's excerpt.

    Returns:
        The masked text, as long as ``text``.

    Raises:
        TranscriptTypeError: ``text`` is not a string.

    Examples:
        >>> mask_personal_data("身份证11010519491231002X，卡号6222 0212 3456 7890")
        '身份证**************002X，卡号**** **** **** 7890'
        >>> mask_personal_data("回电13800138000，工单T2026-000123")  # phone and ticket stay
        '回电13800138000，工单T2026-000123'
    """
    if not isinstance(text, str):
        raise TranscriptTypeError(
            f"text: {type(text).__name__} is not a string; give the text to mask",
            field="text",
            value=text,
            rule="Q-3",
        )
    return _NUMBER.sub(_mask, text)
