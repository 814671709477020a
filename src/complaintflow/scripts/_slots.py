"""Slots: numbers, dates, times and durations that proximity rules look for.

Theory of operation
-------------------
A proximity rule's ``near`` list may name a slot, ``{number}``, ``{date}``,
``{time}`` or ``{duration}``, where it would name a phrase: "a promised reply
must come with a time" is ``near = ["{duration}", "{time}", "{date}"]``. Slots
are regular expressions run over a turn's *converted* text (folded, so
full-width digits are ASCII, and Simplified, with its punctuation: ``10:30``
keeps its colon) only when a rule of the pack uses them. Each is an alternation
of fixed words and bounded runs of digits or Chinese numerals, with no nested
repetition, so Python's ``re`` matches it in time linear in the text.

Examples:
    >>> [m.group() for m in SLOTS["duration"].finditer("我们会在2天内、两个工作日内回复")]
    ['2天内', '两个工作日内']
    >>> [m.group() for m in SLOTS["time"].finditer("下午3点半或者15:30")]
    ['下午3点半', '15:30']
"""

from __future__ import annotations

import re
from types import MappingProxyType

__all__ = ["SLOTS", "SLOT_NAMES"]

_CN_DIGIT = "零〇一二两三四五六七八九十百"
_NUM = rf"(?:[0-9]{{1,6}}(?:\.[0-9]{{1,3}})?|[{_CN_DIGIT}]{{1,4}}|半)"
_DAY_WORD = "(?:今天|明天|后天|今晚|明早|明晚|本周|下周|月底|周末)"
_WEEKDAY = "(?:周|星期|礼拜)[一二三四五六日天]"

_PATTERNS = {
    "number": r"[0-9]{1,19}(?:\.[0-9]{1,6})?",
    "date": (
        r"(?:[0-9]{4}年)?[0-9]{1,2}月[0-9]{1,2}[日号]"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        rf"|(?:[{_CN_DIGIT}]{{1,3}}月)?[{_CN_DIGIT}]{{1,3}}[日号]"
        rf"|{_DAY_WORD}|{_WEEKDAY}"
    ),
    "time": (
        r"(?:上午|下午|中午|晚上|早上|凌晨)?"
        r"(?:[0-9]{1,2}[:：][0-9]{2}"
        rf"|(?:[0-9]{{1,2}}|[{_CN_DIGIT}]{{1,3}})[点时](?:半|[0-9]{{1,2}}分?|[{_CN_DIGIT}]{{1,3}}分)?)"
    ),
    "duration": (
        rf"{_NUM}(?:个)?(?:工作日|小时|分钟|钟头|天|日|周|星期|个月|月)(?:之内|以内|内)?"
        r"|马上|立刻|立即|当天|今天之内|24小时"
    ),
}

#: Each slot's compiled pattern, by name.
SLOTS: MappingProxyType[str, re.Pattern[str]] = MappingProxyType(
    {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}
)
#: The slot names, as a proximity rule writes them: ``{time}``.
SLOT_NAMES: tuple[str, ...] = tuple(f"{{{name}}}" for name in SLOTS)
