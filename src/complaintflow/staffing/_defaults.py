"""The staffing part's shipped figures: the source hotline's busiest day (SLA-9)."""

from __future__ import annotations

from complaintflow._default import Default

__all__ = ["BUSY_DAY", "DEFAULTS", "SLA9_BUSY_DAY"]

BUSY_DAY = Default(
    "staffing.busy_day",
    [6, 4, 3, 2, 2, 3, 6, 15, 45, 90, 110, 90, 55, 60, 75, 80, 75, 60, 40, 30, 27, 19, 16, 9],
    "SLA-9",
    "the source hotline's busiest day, per clock hour: 922 contacts, 110 in the busiest hour",
)  # fmt: skip
#: SLA-9: expected contacts per clock hour (00:00 to 23:00) on the source hotline's
#: busiest day: 922 in the day, 110 in the busiest hour (10:00). The hotline runs 24
#: hours (SLA-10), so nights are quiet but not empty. The hour-by-hour shape is ours;
#: the source gives only the two totals.
SLA9_BUSY_DAY: tuple[int, ...] = BUSY_DAY.value  # type: ignore[assignment]

#: Every default of this part, for the rule map and the docs.
DEFAULTS = (BUSY_DAY,)
