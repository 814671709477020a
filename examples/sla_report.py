# %% [markdown]
# # SLA clocks and a FLOW-9 report
#
# Evaluate a few tickets against the default SLA pack (DOMAIN.md §3) on the official
# China calendar, then aggregate compliance per target and priority. Runs as a script
# or, cell by cell, in Jupyter.

# %%
import datetime as dt

import attrs

import complaintflow as cf

office = cf.BusinessCalendar.china(years=[2026])
policy = attrs.evolve(
    cf.default_sla_policy(office),
    overrides=[
        cf.SlaOverride(
            "reply", {"priority": "urgent"}, within=cf.Duration.parse("4 business hours")
        )
    ],
)


def t(text: str) -> dt.datetime:
    return cf.parse_instant(f"2026-11-{text}+08:00")


# %% One ticket, live: what is due, and when to look again
events = [
    cf.Event("accepted", t("20T17:00"), {"priority": "normal"}),
    cf.Event("assigned", t("23T09:00")),
    cf.Event("awaiting_customer", t("23T10:00")),
    cf.Event("customer_responded", t("24T10:00")),
]
report = cf.evaluate(policy, events, now=t("24T10:00"), ticket="T-1001")
for status in report.targets:
    deadline = status.deadline.isoformat() if status.deadline else "-"
    print(f"{status.target:<14} {status.rule:<6} {status.state.value:<12} {deadline}")
for effect in report.effects:
    print("effect:", effect.effect, effect.rule, effect.at.isoformat())
print("next check at:", report.next_check_at)

# %% Many tickets from an iterator, aggregated (FLOW-9)
tickets = [
    ("A", [("accepted", 1795395600000000), ("replied", 1795402800000000)], {"priority": "normal"}),
    ("B", [("accepted", 1795395600000000)], {"priority": "urgent"}),
    ("C", [("accepted", 1795395600000000), ("replied", 1795399200000000)], {"priority": "urgent"}),
]
rows = cf.aggregate(cf.evaluate_many(policy, tickets, t("25T12:00")), by=["priority"])
try:
    import pandas as pd

    print(pd.DataFrame(rows)[["target", "priority", "met", "breached", "compliance_rate"]])
except ImportError:  # pandas is optional (the "bench" extra)
    for row in rows:
        print(row["target"], row["priority"], row["met"], row["breached"], row["compliance_rate"])
