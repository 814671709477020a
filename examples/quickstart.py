"""Quickstart: real deadlines on the official China calendar.

Run with ``python examples/quickstart.py``. Everything here is pure: the times are
given, not read from a clock, so the output is the same on every run.
"""

from __future__ import annotations

import complaintflow as cf

# The State Council's 2026 schedule: Spring Festival 15-23 Feb, make-up working
# Saturdays 14 and 28 Feb, National Day 1-7 Oct, make-up days 20 Sep and 10 Oct.
office = cf.BusinessCalendar.china(years=[2026])
hotline = cf.BusinessCalendar.always_open("Asia/Shanghai")  # SLA-10: 24 hours a day

cases = [
    # (what, when the clock starts, calendar, rule ID, duration)
    ("answer the call", "2026-02-16T03:12:09+08:00", hotline, "SLA-1", "15 calendar seconds"),
    ("dispatch", "2026-02-13T17:20:00+08:00", office, "SLA-2", "1 business hour"),
    ("reply to the complaint", "2026-09-30T16:00:00+08:00", office, "SLA-3", "2 business days"),
    ("return visit", "2026-09-30T16:00:00+08:00", office, "SLA-6", "3 calendar days"),
    ("first contact", "2026-11-23T10:00:00+08:00", office, "SLA-7", "7 calendar days"),
]

print(f"{'rule':7} {'what':24} {'clock starts':26} {'within':22} deadline")
for what, start_text, calendar, rule, within in cases:
    start = cf.parse_instant(start_text)
    deadline = calendar.add(start, within)
    print(f"{rule:7} {what:24} {start.isoformat():26} {within:22} {deadline.isoformat()}")

# Make-up working days (调休) are open; the Spring Festival is not.
saturday = cf.parse_instant("2026-02-14T10:00:00+08:00")
print(f"\nOpen on Saturday 14 Feb 2026 (a make-up working day)? {office.is_open(saturday)}")
print(f"Next opening after the New Year's Eve call: {office.next_open(saturday.add(days=2))}")
elapsed = office.elapsed(cf.parse_instant("2026-02-13T09:00:00+08:00"), saturday)
print(f"Business time from Fri 13 Feb 09:00 to Sat 14 Feb 10:00: {elapsed}")
