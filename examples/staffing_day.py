# %% [markdown]
# # Staffing the busiest day (SLA-1, SLA-9, SLA-10)
#
# A Jupyter-compatible percent script: how many agents each half hour of a 922-call
# day needs to answer 80 % of calls within 15 seconds, with Erlang C and with
# callers who hang up after two minutes on average (Erlang A), and where a
# three-shift rotation falls short.

# %%
from datetime import timedelta

import pendulum

from complaintflow.staffing import (
    IntervalForecast,
    ServiceTarget,
    Shift,
    Workload,
    check_roster,
    plan_staffing,
    required_agents,
)

# %% SLA-9's busiest hour: 110 calls at three minutes each.
peak = Workload(110, timedelta(hours=1), timedelta(seconds=180))
req = required_agents(peak, ServiceTarget(shrinkage=0.3))
print(
    f"peak hour: {peak.traffic} Erlangs -> {req.productive_agents} on the phones "
    f"(service level {req.figures.service_level:.1%}), {req.agents} scheduled "
    f"at 30 % shrinkage (raw {req.raw_agents:.2f}, rounded {req.rounding.value})"
)

# %% A 922-call day in half hours, peaking at 10:00 with 55 calls (110 an hour).
# fmt: off
calls = [
    4, 3, 2, 2, 1, 1, 1, 1, 2, 2, 3, 4, 6, 8, 12, 18, 26, 34, 42, 50, 55, 52, 46, 38,
    32, 34, 38, 42, 44, 42, 38, 34, 30, 26, 23, 21, 19, 16, 14, 12, 10, 8, 7, 6, 5, 4, 4, 0,
]
# fmt: on
day = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
forecast = IntervalForecast(day, timedelta(minutes=30), calls, timedelta(seconds=180))
erlang_c_plan = plan_staffing(forecast)
erlang_a_plan = plan_staffing(forecast, patience=timedelta(minutes=2))

print(f"\n{forecast.total_calls:.0f} calls; agents per half hour (Erlang C / Erlang A):")
for c_row, a_row in zip(erlang_c_plan.intervals, erlang_a_plan.intervals, strict=True):
    bar = "#" * c_row.agents
    when, n_c, n_a = f"{c_row.start:%H:%M}", c_row.agents, a_row.agents
    print(f"{when}  {c_row.calls:4.0f} calls  {n_c:2d} / {n_a:2d}  {bar}")

# %% An 8x24 three-shift rotation (SLA-10), checked against the Erlang C plan.
roster = [
    Shift(day, day.add(hours=8), agents=2, label="night"),
    Shift(day.add(hours=8), day.add(hours=16), agents=9, label="day"),
    Shift(day.add(hours=16), day.add(hours=24), agents=5, label="evening"),
]
check = check_roster(erlang_c_plan, roster)
print(f"\nroster covers the plan: {check.ok}")
for shortfall in check.shortfalls:
    print(" ", shortfall)
