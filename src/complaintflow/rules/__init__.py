"""The rule book of ``DOMAIN.md`` and where the library implements each rule.

`RULES` holds every rule ID with its section, a short title and the source
citation; `rule` looks one up (an unknown ID raises
`UnknownRuleError` with a did-you-mean);
`implementations` lists every place a shipped default implements a rule,
collected from the defaults' own data; `defaults` lists every shipped
default with the one module it is written in; `NOT_CHECKED` names the rules no
library default can check, with the reason. ``docs/rules.md`` is generated from
these.

Examples:
    >>> from complaintflow.rules import NOT_CHECKED, RULES, implementations
    >>> len(RULES), list(RULES)[:3]
    (58, ['IN-1', 'IN-2', 'IN-3'])
    >>> covered = {i.rule_id for i in implementations()}
    >>> sorted(set(RULES) - covered) == sorted(NOT_CHECKED)
    True
"""

from complaintflow._default import Default
from complaintflow.rules._book import NOT_CHECKED, RULES, SECTIONS, Rule, rule
from complaintflow.rules._map import DefaultEntry, Implementation, defaults, implementations

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "Default",
    "DefaultEntry",
    "Implementation",
    "NOT_CHECKED",
    "RULES",
    "Rule",
    "SECTIONS",
    "defaults",
    "implementations",
    "rule",
]
