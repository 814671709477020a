# %% [markdown]
# # Workflows: a complaint from registration to closing
#
# A host stores events; complaintflow rebuilds state and says what to do next.
# Percent-format script: runs as `python examples/workflows_tour.py` or in Jupyter.

# %%
import pendulum

import complaintflow as cf

wf = cf.workflows.default("complaint")
t0 = pendulum.datetime(2026, 3, 2, 9, 30, tz="Asia/Shanghai")
intake = {
    "complainant": "王女士",
    "contact": "138...",
    "channel": "phone",
    "content": "月租多扣费",
    "category": "billing",
    "tier": "VIP",
}
log = [
    cf.Event("register", t0, intake),
    cf.Event("accept", t0.add(hours=1), {"department": "计费中心"}),
    cf.Event("investigate", t0.add(hours=2), {"owner": "张工", "problem_kind": "service"}),
    cf.Event("propose", t0.add(hours=5), {"solutions": ["refund", "apology"]}),
    cf.Event("approve", t0.add(hours=6), {"approved_by": "李主管", "chosen_solution": "refund"}),
    cf.Event("notify", t0.add(hours=7)),
    cf.Event("confirm", t0.add(hours=8), {"confirmed_by": "王女士"}),
]

# %% Live: each step returns the effects the host performs.
snap = cf.workflows.start(wf, "T-100")
for event in log:
    snap, effects = cf.workflows.transition(wf, snap, event)
    for e in effects:
        print(f"{event.name:12s} -> {snap.state:22s} {e.kind} ({e.rule}) {dict(e.payload)}")

# %% A handled complaint closes only once its return visit is recorded (FLOW-8, FU-3).
verdict = cf.workflows.can(wf, snap, cf.Event("close", t0.add(hours=9)))
print("close now?", verdict.allowed, verdict.message)
visit = {"visit_outcome": "reached", "visit_result": "已退费", "satisfaction": "satisfied"}
snap, effects = cf.workflows.transition(
    wf, snap, cf.Event("record_return_visit", t0.add(hours=9), visit)
)
snap, _ = cf.workflows.transition(wf, snap, cf.Event("close", t0.add(hours=10)))
print("state:", snap.state, "closed at", snap.data["closed_at"])

# %% The fault comes back: a reopen within the reopen period (FLOW-6) starts again.
reopened, effects = cf.workflows.transition(
    wf, snap, cf.Event("reopen", t0.add(days=3), {"reopen_reason": "又被多扣费"})
)
print("reopen:", reopened.state, [(e.kind, e.rule) for e in effects])
try:
    cf.workflows.transition(
        wf, snap, cf.Event("reopen", t0.add(days=40), {"reopen_reason": "又被多扣费"})
    )
except cf.errors.PeriodEndedError as err:
    print("too late:", err.period, "after", err.since)

# %% Replay: the stored log rebuilds the same snapshot.
full_log = [
    *log,
    cf.Event("record_return_visit", t0.add(hours=9), visit),
    cf.Event("close", t0.add(hours=10)),
]
assert cf.workflows.replay_events(wf, "T-100", full_log) == snap
print(snap.to_dict())
