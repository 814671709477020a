# %% [markdown]
# # The supervisor's monthly FLOW-9 table
#
# FLOW-9: at the end of the month the supervisor fills the complaint classification
# statistics table (by type, cause and department) with the complaint count, the
# handling cycle time and satisfaction, and proposes improvements. This notebook
# replays two months of synthetic tickets under the default policy, folds them into
# `cf.policy.statistics`, prints the table for one month, and draws two plots: the
# cycle time per complaint type, and the satisfaction mix per department.
#
# It is a Jupyter notebook in percent format: open it in Jupyter (with jupytext) or
# VS Code, or run it whole with `python examples/flow9_statistics.py`. It needs the
# `examples` extra (matplotlib). It writes its plots into a temporary directory
# (or the one named by `FLOW9_PLOTS`), never into the source tree.

# %%
from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw into files; no display needed
import matplotlib.pyplot as plt

import complaintflow as cf

# Department names are Chinese: use a CJK font where one is installed; without one
# the names are drawn as boxes (and matplotlib's warning about each glyph is muted).
plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
                                   "Microsoft YaHei", "DejaVu Sans"]  # fmt: skip
warnings.filterwarnings("ignore", message="Glyph .* missing from font")

SEED = 9
START = cf.parse_instant("2026-03-01T00:00:00+08:00")
DAYS = 61  # March and April
N_TICKETS = 6_000
NOW = START.add(days=DAYS + 14)  # two weeks after the period: most tickets are closed
OUT = Path(os.environ.get("FLOW9_PLOTS") or tempfile.mkdtemp(prefix="flow9-"))
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Fold the tickets
#
# `statistics` reads the records one at a time; memory is bounded by the number of
# segments (month, workflow, type, cause, department, channel, responsible person),
# not by the tickets. Two halves folded apart and merged give the same result as
# one fold, which is how the work is split across processes.

# %%
policy = cf.default_policy()
tickets = list(cf.synthetic.generate_tickets(N_TICKETS, seed=SEED, start=START, days=DAYS))
first = cf.policy.statistics(tickets[: N_TICKETS // 2], policy, now=NOW)
second = cf.policy.statistics(tickets[N_TICKETS // 2 :], policy, now=NOW)
stats = first.merge(second)
assert stats == cf.policy.statistics(tickets, policy, now=NOW)
print(f"{stats.tickets} tickets, {stats.failed_tickets} failed, {len(stats.segments)} segments")

# %% [markdown]
# ## The classification table for March
#
# Complaints only, by type, cause (FLOW-3: a quality or a service problem) and the
# department that handled them last. Cycle time is from registration to the
# customer's confirmation, in hours; satisfaction is from the return-visit records.

# %%
table = stats.records(
    by=["type", "cause", "department"], where={"month": "2026-03", "workflow": "complaint"}
)
header = f"{'type':<22}{'cause':<9}{'department':<10}{'count':>6}{'p50 h':>8}{'p90 h':>8}"
print(header + f"{'satisfied':>10}{'FCR':>6}{'breached':>9}")
for row in table:
    p50, p90 = row["first_resolution_p50_s"], row["first_resolution_p90_s"]
    rate, fcr = row["satisfaction_rate"], row["first_contact_rate"]
    print(
        f"{row['type']!s:<22}{row['cause']!s:<9}{row['department']!s:<10}{row['tickets']:>6}"
        f"{'-' if p50 is None else f'{p50 / 3600:.1f}':>8}"
        f"{'-' if p90 is None else f'{p90 / 3600:.1f}':>8}"
        f"{'-' if rate is None else f'{rate:.0%}':>10}"
        f"{'-' if fcr is None else f'{fcr:.0%}':>6}{row['sla_breached_tickets']:>9}"
    )

# %% [markdown]
# ## Volume per channel, and breaches per SLA target and cycle

# %%
for row in stats.records(by=["month", "channel"]):
    print(f"{row['month']} {row['channel']!s:<14} {row['tickets']:>5} tickets")
for row in stats.sla_records(by=["month"], where={"workflow": "complaint"}):
    if row["month"] == "2026-03":
        print(
            f"{row['target']:<14} {row['rule']:<6} met {row['cycles_met']:>5}  "
            f"breached {row['cycles_breached']:>4} (every cycle)"
        )

# %% [markdown]
# ## Plot 1: cycle time per complaint type
#
# Median and 90th percentile of the time to the first resolution, per type, for
# both months.

# %%
by_type = stats.records(by=["type"], where={"workflow": "complaint"})
names = [str(r["type"]) for r in by_type]
p50 = [(r["first_resolution_p50_s"] or 0) / 3600 for r in by_type]
p90 = [(r["first_resolution_p90_s"] or 0) / 3600 for r in by_type]
fig, ax = plt.subplots(figsize=(9, 4))
ax.barh(names, p90, color="#c6dbef", label="90th percentile")
ax.barh(names, p50, color="#2171b5", label="median")
ax.set_xlabel("hours from registration to first resolution")
ax.set_title("Complaint cycle time by type, March-April")
ax.legend()
fig.tight_layout()
fig.savefig(OUT / "cycle_time_by_type.png", dpi=120)
plt.close(fig)

# %% [markdown]
# ## Plot 2: satisfaction per department
#
# The answers of the return visits (FU-3), stacked per department.

# %%
levels = stats.settings.satisfaction.levels
by_department = stats.records(by=["department"], where={"workflow": "complaint"})
fig, ax = plt.subplots(figsize=(9, 4))
left = [0] * len(by_department)
departments = [str(r["department"]) for r in by_department]
for level in levels:
    counts = [int(r[f"satisfaction_{level}"]) for r in by_department]  # type: ignore[call-overload]
    ax.barh(departments, counts, left=left, label=level)
    left = [a + b for a, b in zip(left, counts, strict=True)]
ax.set_xlabel("return visits")
ax.set_title("Satisfaction at the return visit, by department")
ax.legend(fontsize="small")
fig.tight_layout()
fig.savefig(OUT / "satisfaction_by_department.png", dpi=120)
plt.close(fig)
print(f"plots written to {OUT}")
