"""Benchmark of the SLA engine's conditional features: what they cost, and that they
cost nothing to the policies that do not use them.

The ticket and policy of ``bench_sla.py`` (four targets, ten events, the official
China calendar of 2026), evaluated

- as it is (*plain*), on the batch form (``evaluate_many`` over ``(kind, at_us)``
  pairs) and on the edge form (``evaluate`` over ``Event`` values);
- with a conditional stop (``reply`` stopped only by a ``confirm`` whose payload
  has ``public == true``; every event carries that payload), on the edge form;
- with a cancel condition on two targets (an event kind the ticket never has, so
  the outcomes are the plain ones and only the cost differs), on both forms;
- with ``when = {priority = "urgent"}`` on the dispatch target, for tickets that
  are urgent from the start (*when*), and the same with a retroactive start on
  ``register`` (which then never fires: the cost of carrying it), on both forms;
- with ``calendar_by = "region"`` over two calendars (the office's and a southern
  office's, other hours), tickets alternating between them (*calendar by
  attribute*), on both forms; and the same calendars passed with each ticket by
  name (*calendar passed*, the fourth item of an ``evaluate_many`` ticket), batch.
- with the reply target's budget as ``"2 business days by 16:00"`` and ``"same
  business day by 17:00"`` (both forms), and as a due date the ticket gives: a
  ticket attribute (both forms, every ticket with attributes) or a payload field
  of the starting event (edge form, every event with that payload).

CPU time (``time.process_time``) and wall time (``time.perf_counter``), best of
``--repeat``, at two sizes ten times apart. ``--against SRC`` runs the plain
measures in fresh processes under another source tree (e.g. the previous
release's ``src``) and under this one, alternately, so both are measured in the
same run on the same machine.

Run: ``python bench/bench_sla_features.py [--against OLD_SRC] [--repeat N]``.

One run on a shared 2-core machine (CPU µs per ticket, best of 5; 2,000 / 20,000
tickets), against the source before these features: plain batch 42.9 / 56.4
before, 43.6 / 56.9 after; plain edge 66.6 / 78.0 before, 68.5 / 79.0 after
(1-3 %, the spread of repeated runs). The features, against the plain policy in
the same table (45.5 / 59.5 batch, 69.1 / 82.8 edge): a conditional stop +10 % /
+8 % (edge, every event with a payload); a cancel kind +5 % / +1 % batch, +4 % /
+5 % edge; ``when`` on one target +9 % / +9 % batch (tickets with attributes), and
a retroactive start on top of it +13 % / +8 % batch, +12 % / +5 % edge.

Per-ticket calendars, one run on the same machine under heavy load (load average
10 on two cores: wall times are four times the CPU times and not comparable), CPU
µs per ticket, best of 5, against the source before them in alternating
processes (best of 3): plain batch 51.1 / 64.3 before, 50.5 / 64.4 after; plain
edge 77.4 / 92.0 before, 78.9 / 93.7 after (0 % batch, +2 % edge, inside the
spread of repeated runs). The feature, against the plain policy in the same table
(50.7 / 66.6 batch, 80.1 / 95.8 edge): calendar by attribute over two calendars,
every target selecting, tickets alternating +18 % / +14 % batch, +21 % / +14 %
edge (a variant looked up per target and ticket, where a plain target has its one
fixed variant); the calendar passed by name +11 % / +6 % batch.

The deadline kinds, one run with ``--against`` the source before them (CPU µs per
ticket, 2,000 / 20,000 tickets, a machine loaded by other work, so wall time is
2-4x CPU time and only CPU time compares): plain batch 51.4 / 65.9 before, 51.8 /
67.0 after; plain edge 78.8 / 90.7 before, 77.9 / 91.6 after (within 2 %). In a
later run of every variant (best of 3; plain 48.4 / 69.2 batch, 80.6 / 100.5
edge): "by 16:00" 55.6 / 70.6 batch, 84.2 / 100.6 edge (looked up per date, like
business days); "same business day by 17:00" 61.3 / 74.6 batch, 97.9 / 97.6 edge;
a due date in a ticket attribute 67.7 / 81.0 batch (against 54.8 / 71.2 for
*when*, which passes attributes too), 104.1 / 118.5 edge; a due date in an event
field 101.4 / 117.2 edge (an ISO 8601 timestamp read per cycle).
"""

from __future__ import annotations

import pathlib
import sys
from collections.abc import Callable

import attrs

import complaintflow as cf
from complaintflow._time import from_us

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _alternate
from _timing import best
from bench_sla import build_policy, tickets

NOW = cf.parse_instant("2026-12-20T12:00:00+08:00")
SIZES = (2_000, 20_000)


def _batch(policy: cf.sla.SlaPolicy, n: int, attributes: object = None) -> Callable[[], object]:
    data: list[object] = list(tickets(n))
    if attributes is not None:
        data = [(i, ev, attributes) for i, ev in tickets(n)]
    return lambda: list(cf.sla.evaluate_many(policy, data, NOW))  # type: ignore[arg-type]


def _edge(
    policy: cf.sla.SlaPolicy,
    n: int,
    payload: dict[str, object] | None = None,
    attributes: dict[str, str] | None = None,
) -> Callable[[], object]:
    tz = cf.calendars.default("24x7").tz
    data = [
        (i, [cf.Event(kind, from_us(at, tz), payload or {}) for kind, at in events])
        for i, events in tickets(n)
    ]
    return lambda: [
        cf.sla.evaluate(policy, ev, NOW, ticket=i, attributes=attributes) for i, ev in data
    ]


def variants() -> dict[str, cf.sla.SlaPolicy]:
    plain = build_policy()
    out = {"plain": plain}
    if not hasattr(cf.sla, "SlaCondition"):
        return out
    reply = plain.target("reply")
    stop = [{"kind": k, "when": {"event": "public", "eq": True}} for k in reply.kinds("stop")]
    out["conditional stop"] = attrs.evolve(
        plain,
        targets=[attrs.evolve(t, stop=stop) if t.name == "reply" else t for t in plain.targets],
    )
    if "cancel" in attrs.fields_dict(cf.sla.SlaTarget):
        out["cancel"] = attrs.evolve(
            plain,
            targets=[attrs.evolve(t, cancel=["withdraw"]) if t.name in ("reply", "dispatch") else t
                     for t in plain.targets],
        )  # fmt: skip
    if "retroactive_start" in attrs.fields_dict(cf.sla.SlaTarget):
        dispatch = plain.target("dispatch")
        gated = attrs.evolve(dispatch, when={"priority": "urgent"})
        for label, target in (
            ("when", gated),
            ("when + retroactive start", attrs.evolve(gated, retroactive_start="register")),
        ):
            out[label] = attrs.evolve(
                plain, targets=[target if t is dispatch else t for t in plain.targets]
            )  # fmt: skip
    if "calendar_by" in attrs.fields_dict(cf.sla.SlaPolicy):
        office = plain.target("reply").calendar
        south = cf.calendars.default(
            "china", years=[2026], hours={"mon-fri": ["08:00-12:00", "14:30-17:30"]}
        )
        out["calendar by attribute"] = attrs.evolve(
            plain, calendars={"office": office, "south": south}, calendar_by="region"
        )
    if hasattr(cf.calendars.DurationKind, "DUE_FIELD"):
        for label, within in (
            ("by 16:00", "2 business days by 16:00"),
            ("same day by 17:00", "same business day by 17:00"),
            ("due at attribute", "due at ticket attribute promised_at"),
            ("due at event field", "due at event field promised_at"),
        ):
            d = cf.Duration.parse(within)
            out[label] = attrs.evolve(
                plain,
                targets=[attrs.evolve(t, within=d) if t.name == "reply" else t
                         for t in plain.targets],
            )  # fmt: skip
    return out


#: The ticket attributes the variants that read them are given.
URGENT = {"priority": "urgent"}
REGIONS = ({"region": "office"}, {"region": "south"})


def _regional_batch(policy: cf.sla.SlaPolicy, n: int, passed: bool) -> Callable[[], object]:
    """Tickets alternating between the two calendars: by attribute, or passed by name."""
    data = [
        (i, ev, {}, REGIONS[i % 2]["region"]) if passed else (i, ev, REGIONS[i % 2])
        for i, ev in tickets(n)
    ]
    return lambda: list(cf.sla.evaluate_many(policy, data, NOW))  # type: ignore[arg-type]


def _regional_edge(policy: cf.sla.SlaPolicy, n: int) -> Callable[[], object]:
    tz = cf.calendars.default("24x7").tz
    data = [
        (i, [cf.Event(kind, from_us(at, tz)) for kind, at in events]) for i, events in tickets(n)
    ]
    return lambda: [
        cf.sla.evaluate(policy, ev, NOW, ticket=i, attributes=REGIONS[i % 2]) for i, ev in data
    ]


def _promised(events: list[tuple[str, int]]) -> str:
    """A due date three days after a ticket's first event."""
    return from_us(events[0][1] + 3 * 86_400_000_000, cf.calendars.default("24x7").tz).isoformat()


def _due_batch(policy: cf.sla.SlaPolicy, n: int) -> Callable[[], object]:
    data = [(i, ev, {"promised_at": _promised(ev)}) for i, ev in tickets(n)]
    return lambda: list(cf.sla.evaluate_many(policy, data, NOW))


def _due_edge(policy: cf.sla.SlaPolicy, n: int, field: bool) -> Callable[[], object]:
    tz = cf.calendars.default("24x7").tz
    data = []
    for i, events in tickets(n):
        promised = {"promised_at": _promised(events)}
        log = [cf.Event(kind, from_us(at, tz), promised if field else {}) for kind, at in events]
        data.append((i, log, None if field else promised))
    return lambda: [cf.sla.evaluate(policy, ev, NOW, ticket=i, attributes=a) for i, ev, a in data]


def measure(repeat: int, plain_only: bool) -> dict[str, list[float]]:
    """``{label: [cpu_small, wall_small, cpu_large, wall_large]}`` in µs per ticket."""
    out: dict[str, list[float]] = {}
    for name, policy in variants().items():
        if plain_only and name != "plain":
            continue
        # Build the index once (a due date in an event field needs the events' payloads).
        warm = (
            _due_edge(policy, 200, True)
            if name == "due at event field"
            else _due_batch(policy, 200)
        )
        warm()
        a = URGENT if name.startswith("when") else None
        forms = {
            "batch": lambda n, p=policy, a=a: _batch(p, n, a),
            "edge": lambda n, p=policy, a=a: _edge(p, n, None, a),
        }
        if name == "conditional stop":
            forms = {"edge": lambda n, p=policy: _edge(p, n, {"public": True})}
        if name == "calendar by attribute":
            forms = {
                "batch": lambda n, p=policy: _regional_batch(p, n, False),
                "edge": lambda n, p=policy: _regional_edge(p, n),
                "passed, batch": lambda n, p=policy: _regional_batch(p, n, True),
            }
        elif name == "due at attribute":
            forms = {
                "batch": lambda n, p=policy: _due_batch(p, n),
                "edge": lambda n, p=policy: _due_edge(p, n, False),
            }
        elif name == "due at event field":
            forms = {"edge": lambda n, p=policy: _due_edge(p, n, True)}
        for form, make in forms.items():
            row: list[float] = []
            for n in SIZES:
                cpu, wall = best(make(n), repeat, gc_off=False)
                row += [cpu / n * 1e6, wall / n * 1e6]
            out[f"{name}, {form}"] = row
    return out


def main(argv: list[str] | None = None) -> int:
    return _alternate.main(argv, __doc__, __file__, measure, SIZES, 5, "every variant")


if __name__ == "__main__":
    raise SystemExit(main())
