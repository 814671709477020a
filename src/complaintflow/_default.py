"""Shipped defaults as values: each written once, with the rule it implements.

Theory of operation
-------------------
Every default the library ships (a budget, contact hours, a cap, a calendar)
is one `Default` in the ``_defaults.py`` module of the part that owns it:
its path in the policy format, its value as plain data, the ``DOMAIN.md`` rule it
implements (``None`` for a house default the rule book gives no figure for) and
a line saying why. The part's constructors, its parser's fill-ins for missing
keys, `complaintflow.default_policy`, the generated tables in the docs and
the rule map all read these values; none restates one. A test fails when a
default's literal appears anywhere else in the library.

Values are deeply immutable (mappings become read-only views, lists tuples), so
a caller can never change a default for the rest of the process; `Default.data`
hands out a fresh plain-data copy (dicts and lists) for building and editing.

A figure that two parts share lives here, in the kernel: the return-visit window
of three calendar days is FU-4's follow-up window and SLA-6's target alike.
"""

from __future__ import annotations

import attrs

from complaintflow._json import JSON, freeze, thaw

__all__ = ["RETURN_VISIT_WITHIN", "TIMEZONE", "Default"]


@attrs.frozen
class Default:
    """One shipped default: where it sits, its value, the rule it implements, and why.

    Attributes:
        path: Its place in the policy format, e.g. ``"followup.window.within"``.
        value: The value as deeply read-only plain data.
        rule: The ``DOMAIN.md`` rule ID it implements, or ``None`` for a house
            default the rule book gives no figure for.
        why: One line for the documentation table.
        see_also: Further rule IDs it serves.

    Examples:
        >>> RETURN_VISIT_WITHIN.rule, RETURN_VISIT_WITHIN.value
        ('FU-4', '3 calendar days')
    """

    path: str
    value: object = attrs.field(converter=freeze)
    rule: str | None
    why: str
    see_also: tuple[str, ...] = ()

    def data(self) -> JSON:
        """The value as fresh plain data (dicts and lists) that the caller may change."""
        return thaw(self.value)


#: The zone hours are written in when a calendar or a customer gives none.
TIMEZONE = Default(
    "calendars.*.timezone", "Asia/Shanghai", None,
    "the zone of the hotline, the back office and customers unless one is given",
)  # fmt: skip
#: The return-visit window: FU-4's follow-up window and SLA-6's target.
RETURN_VISIT_WITHIN = Default(
    "followup.window.within", "3 calendar days", "FU-4",
    "the return visit happens within three days of the resolution",
    see_also=("SLA-6",),
)  # fmt: skip
