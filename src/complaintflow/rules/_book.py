"""The rule book of ``DOMAIN.md`` as data: rule IDs, sections, short titles, sources.

Theory of operation
-------------------
Every default of the library that implements a source rule carries the rule's ID
(``"SLA-3"``, ``"FU-9"``, ...). This module holds the list those IDs come from, so
a host, an auditor or a test can check an ID without reading ``DOMAIN.md``:
`RULES` maps each ID to a frozen `Rule` (section, a short English
title, and the citation of the seed documents exactly as ``DOMAIN.md`` gives it),
ordered by section and then by number. `rule` looks one up and refuses an
unknown ID with a did-you-mean suggestion instead of a bare ``KeyError``.

The data is written out here rather than parsed from ``DOMAIN.md`` at run time
(the library reads no files); ``tests/test_rules.py`` compares it with
``DOMAIN.md`` whenever the rule book is checked out beside the repository.

`NOT_CHECKED` lists the rules no library default can check, each with the
honest reason; everything else is mapped to code by `complaintflow.rules._map`.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Mapping

import attrs

from complaintflow._errors import UnknownRuleError, problem_text

__all__ = ["NOT_CHECKED", "RULES", "SECTIONS", "Rule", "rule"]

#: The section titles of ``DOMAIN.md``, in order (section ``n`` is ``SECTIONS[n - 1]``).
SECTIONS: tuple[str, ...] = (
    "Intake and classification",
    'The complaint lifecycle (closed loop, "闭环管理")',
    "Time limits (SLA)",
    "Follow-up contacts (回访) and outbound calls",
    "Scripts and phrases (服务用语)",
    "Quality, privacy, reporting",
)
_PREFIXES = ("IN", "FLOW", "SLA", "FU", "SC", "Q")


@attrs.frozen
class Rule:
    """One rule of ``DOMAIN.md``.

    Attributes:
        id: The rule ID, e.g. ``"SLA-3"``.
        section: The title of its ``DOMAIN.md`` section (one of `SECTIONS`).
        title: A short English title; ``DOMAIN.md`` has the full wording.
        source: Where the seed documents say it, as ``DOMAIN.md`` cites it
            (``000``-``003`` are the four seed files).

    Examples:
        >>> r = rule("SLA-3")
        >>> r.title, r.source
        ('Reply to a business complaint within 2 days', '001 "客户投诉用语" ③')
        >>> r.section_number, r.number
        (3, 3)
    """

    id: str
    section: str
    title: str
    source: str

    @property
    def section_number(self) -> int:
        """The number of the rule's ``DOMAIN.md`` section, from 1."""
        return SECTIONS.index(self.section) + 1

    @property
    def number(self) -> int:
        """The number after the prefix (``3`` for ``"SLA-3"``)."""
        return int(self.id.rpartition("-")[2])


_S1, _S2, _S3, _S4, _S5, _S6 = SECTIONS
_BOOK: tuple[tuple[str, str, str, str], ...] = (
    ("IN-1", _S1, "Register every contact at once, with the form's minimum fields",
     '000 §五/六(1); 001 "客户投诉处理流程图" 1'),
    ("IN-2", _S1, "Contact channels and a 24-hour hotline", '001 第六条, "电信增值业务" 2'),
    ("IN-3", _S1, "On acceptance give a ticket number, the process and the time limit",
     '001 第九条, 第十条; "电信增值业务" 3.1'),
    ("IN-4", _S1, "Classify: general inquiry, complex inquiry, complaint, suggestion",
     "003 四(三)"),
    ("IN-5", _S1, "Complaint types seen in the sources",
     '001 "电信增值业务" 1, "如何处理顾客投诉", 宿迁联通 notice'),
    ("IN-6", _S1, "Type-specific fields of network complaints",
     "001 宿迁联通 notice 一(一) 第二步"),
    ("IN-7", _S1, "A duty log of every call; important events reported upward", "003 二(五)"),
    ("IN-8", _S1, "Complaints involving legal liability go to the police", "001 第八条"),
    ("FLOW-1", _S2, "Acceptance: fill the registration form", "000 六(1)"),
    ("FLOW-2", _S2, "Judgement: justified or not; name the responsible department",
     "000 六(2); 001 流程图 2"),
    ("FLOW-3", _S2, "Investigation: cause, responsible owner, progress told",
     "000 六(3); 001 第十一–十五条"),
    ("FLOW-4", _S2, "Solution: alternative plans, a supervisor picks one",
     "000 六(4); 001 流程图 4"),
    ("FLOW-5", _S2, "Implementation: notify the customer, who confirms", "000 六(5)"),
    ("FLOW-6", _S2, "Feedback: close, review, second review or escalation",
     "001 流程图 5–7; 003 四(四)2"),
    ("FLOW-7", _S2, "Tell the result and the remedies still open", "001 第十九, 二十条"),
    ("FLOW-8", _S2, "Every handled complaint gets a return visit", "000 五; 003 二(三)3"),
    ("FLOW-9", _S2, "Summary statistics: count, cycle time, satisfaction",
     "000 六(6); 001 流程图 8"),
    ("FLOW-10", _S2, "A manager-approved service remedy for coverage gaps",
     "001 宿迁联通 notice 第四步"),
    ("FLOW-11", _S2, "Re-assignment when the service point cannot act", "002 案例3"),
    ("FLOW-12", _S2, "Emergencies are incidents: report, plan, inform, record", "003 七"),
    ("SLA-1", _S3, "Answer a call within three rings (about 15 seconds)", "003 四(一)1"),
    ("SLA-2", _S3, "Dispatch within 1 hour; contact the customer when late", "002 案例3"),
    ("SLA-3", _S3, "Reply to a business complaint within 2 days", '001 "客户投诉用语" ③'),
    ("SLA-4", _S3, "Close the ticket within its reply deadline", "001 宿迁联通 notice 第三步"),
    ("SLA-5", _S3, "Investigations finish in the prescribed time", "001 第十五条"),
    ("SLA-6", _S3, "Return visit within three days", "000 四"),
    ("SLA-7", _S3, "A specialist contacts a newly assigned customer within a week", "000 一 3"),
    ("SLA-8", _S3, "Urgent faults (no service at all) are handled first",
     '001 "移动投诉处理工作总结"'),
    ("SLA-9", _S3, "Peak load of 922 calls a day, 110 an hour; keep SLA-1 at peaks",
     '002 "呼入话务情况"'),
    ("SLA-10", _S3, "Round-the-clock service in rotating shifts", "000 (8×24 rotation); 003 三"),
    ("FU-1", _S4, "Never disturb a customer in their rest time (一免)", "000 四 1"),
    ("FU-2", _S4, "Return visits for 100% of VIP customers", "000 四 2"),
    ("FU-3", _S4, "Every return visit is fully recorded", "000 四 3"),
    ("FU-4", _S4, "Return visit within three days, ideally at an agreed time", "000 四 4"),
    ("FU-5", _S4, "Follow-up channels: phone or SMS", "000 二 1"),
    ("FU-6", _S4, "Return visits as a batch process", "000 二 3"),
    ("FU-7", _S4, "Special visits at special times (festivals, Telecom Day)", "000 三 2"),
    ("FU-8", _S4, "Balance customers per specialist against ability", "000 一 3"),
    ("FU-9", _S4, '"No more calls" stops calls at once and for good',
     '001 "电话营销规章制度" 三1(2)'),
    ("FU-10", _S4, "Calls only at reasonable times; marketing in working time",
     '001 三6(1); "运营商营销电话管理" 3.2'),
    ("FU-11", _S4, "No frequent repeated calls to the same customer", "001 三6(2)"),
    ("FU-12", _S4, "Customers may opt out of marketing calls", '001 "运营商营销电话管理" 3.3'),
    ("FU-13", _S4, "VIP customers may book a visit at a time they choose",
     '001 "投诉处理工作总结1" 一'),
    ("SC-1", _S5, "The greeting says who is speaking", "003 五(二)1; 000 四(1)"),
    ("SC-2", _S5, "Closing phrase; return visits end with thanks and the hotline",
     "003 五(二)2; 000 四(3)"),
    ("SC-3", _S5, "The return-visit script", '000 四(1)–(3); 001 "电话营销中的话术" 1'),
    ("SC-4", _S5, "The complaint-intake script", '001 "客户投诉用语"'),
    ("SC-5", _S5, "Apology and empathy phrases", "003 五(二)4; 002"),
    ("SC-6", _S5, "Forbidden phrases (禁用语)", '001 "禁用语"; 000 七 2(5)'),
    ("SC-7", _S5, "No arguing, rash promises or shifting of blame", '000 七 2; 002 "服务态度差"'),
    ("SC-8", _S5, "Don't refuse flatly", "001 宿迁联通 notice 一(二)"),
    ("SC-9", _S5, "A marketing opening asks permission", '001 "电话营销中的话术" 3'),
    ("SC-10", _S5, "Simplified and Traditional Chinese are treated alike", "000, 003"),
    ("Q-1", _S6, "Supervision: a full check weekly, an assessment monthly", "003 九"),
    ("Q-2", _S6, "Agents assessed on attitude, skill, efficiency, satisfaction", "003 六(二)"),
    ("Q-3", _S6, "Customer information is confidential",
     "003 一(三)4; 001 第二十一条, 三4"),
    ("Q-4", _S6, "Service-quality red flags from monitoring", "002"),
    ("Q-5", _S6, "Why complaint handling matters", '001 "我们为什么要重视处理顾客投诉"'),
)  # fmt: skip

#: Every rule of ``DOMAIN.md`` by ID, ordered by section and then by number (read-only).
RULES: Mapping[str, Rule] = types.MappingProxyType(
    {rid: Rule(rid, section, title, source) for rid, section, title, source in _BOOK}
)

#: Rules that no default of the library checks, with the reason (read-only).
#: A rule is listed here only when nothing in the library implements it; a test
#: fails when a rule here gains an implementation, or a rule has neither.
NOT_CHECKED: Mapping[str, str] = types.MappingProxyType(
    {
        "FLOW-10": (
            "the shipped complaint workflow has no coverage-gap branch: a host models the "
            "remedy as a FLOW-4 solution approved by a manager; nothing checks that a "
            "network complaint without a fix got one"
        ),
        "SLA-8": (
            "the source gives no time limit, and ordering the work queue is the host's job; "
            "a host adds an SlaOverride keyed on priority to give urgent faults a "
            "shorter budget"
        ),
        "Q-1": (
            "a supervision schedule for people (a weekly check, a monthly assessment); "
            "there is nothing in a ticket or a call to check it against"
        ),
        "Q-2": (
            "an assessment of agents by managers; the library supplies inputs (script "
            "scores, SLA compliance, follow-up outcomes) but no assessment"
        ),
        "Q-5": "a rationale with survey figures, not a rule anything can follow or break",
    }
)


def rule(rule_id: str) -> Rule:
    """The rule with ID ``rule_id``.

    Args:
        rule_id: A ``DOMAIN.md`` rule ID, exactly as written there (``"FU-9"``).

    Returns:
        The `Rule`.

    Raises:
        UnknownRuleError: ``rule_id`` is not a rule ID of ``DOMAIN.md``; the message
            suggests the closest IDs.

    Examples:
        >>> rule("FU-9").title
        '"No more calls" stops calls at once and for good'
        >>> rule("fu9")
        Traceback (most recent call last):
        ...
        complaintflow.errors.UnknownRuleError: rule_id: 'fu9' is not a rule ID of DOMAIN.md; did you mean 'FU-9'?
    """  # noqa: E501
    try:
        return RULES[rule_id]
    except (KeyError, TypeError):
        pass
    raise UnknownRuleError(
        f"rule_id: {problem_text(rule_id)} is not a rule ID of DOMAIN.md; {_suggest(rule_id)}",
        field="rule_id",
        value=rule_id,
    ) from None


def _suggest(value: object) -> str:
    if not isinstance(value, str):
        return "give a string such as 'SLA-3'"
    spelled = re.match(r"^\s*([A-Za-z]+)\s*[-_ ]?\s*0*([0-9]+)\s*$", value)
    if spelled:
        candidate = f"{spelled.group(1).upper()}-{spelled.group(2)}"
        if candidate in RULES:
            return f"did you mean {candidate!r}?"
    found = difflib.get_close_matches(value.upper(), list(RULES), n=3, cutoff=0.6)
    prefix = value.strip().partition("-")[0].upper()
    ranged = ""
    if prefix in _PREFIXES:
        known = [r for r in RULES if r.startswith(prefix + "-")]
        ranged = f"{prefix} rules are {known[0]} to {known[-1]}"
    if found:
        tail = f" ({ranged})" if ranged else ""
        return "did you mean " + " or ".join(repr(f) for f in found) + "?" + tail
    if ranged:
        return ranged
    return "IDs start with " + ", ".join(f"{p}-" for p in _PREFIXES)
