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

# The default policy's SLA part: its targets run on the shipped workflows' events.
policy = attrs.evolve(
    cf.default_policy().sla,
    overrides=[
        cf.sla.SlaOverride(
            "reply", {"priority": "urgent"}, within=cf.Duration.parse("4 business hours")
        )
    ],
)


def t(text: str) -> dt.datetime:
    return cf.parse_instant(f"2026-11-{text}+08:00")


# %% One ticket, live: what is due, and when to look again
events = [  # the same log the complaint workflow reads
    cf.Event("register", t("20T17:00"), {"complainant": "王女士", "priority": "normal"}),
    cf.Event("accept", t("23T09:00")),
    cf.Event("investigate", t("23T11:00")),
]
report = cf.sla.evaluate(policy, events, now=t("24T10:00"), ticket="T-1001")
for status in report.targets:
    deadline = status.deadline.isoformat() if status.deadline else "-"
    print(f"{status.target:<14} {status.rule:<6} {status.state.value:<12} {deadline}")
for effect in report.effects:
    print("effect:", effect.effect, effect.rule, effect.at.isoformat())
print("next check at:", report.next_check_at)

# %% Many tickets from an iterator, aggregated (FLOW-9)
tickets = [
    ("A", [("register", 1795395600000000), ("notify", 1795402800000000)], {"priority": "normal"}),
    ("B", [("register", 1795395600000000)], {"priority": "urgent"}),
    ("C", [("register", 1795395600000000), ("notify", 1795399200000000)], {"priority": "urgent"}),
]
rows = cf.sla.aggregate(cf.sla.evaluate_many(policy, tickets, t("25T12:00")), by=["priority"])
try:
    import pandas as pd

    print(pd.DataFrame(rows)[["target", "priority", "met", "breached", "compliance_rate"]])
except ImportError:  # pandas is optional (the "bench" extra)
    for row in rows:
        print(row["target"], row["priority"], row["met"], row["breached"], row["compliance_rate"])
