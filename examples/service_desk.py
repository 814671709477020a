"""A tiny service desk: the sans-I/O pattern in one loop (a teaching example).

Run with ``python examples/service_desk.py``.

complaintflow never stores, waits, sends or reads the clock. A host does those
four jobs, and this file is the smallest host that does them all:

- it **stores** each ticket's events (a dict stands in for the database);
- it owns the **clock** (here a simulated one that this script advances; a real
  host reads its own clock and passes the time in);
- on each incoming event it asks the library for the new state (``cf.workflows.transition``)
  and for the SLA status (``cf.sla.evaluate``), and **performs** the effects both
  return (here: prints them);
- it sets **one timer**, at the earliest ``next_check_at`` of all open tickets, and
  looks again only when it fires: no polling, no timer per ticket.

The story: two complaints reach a hotline on Friday evening. One is handled
(late: the dispatch clock of SLA-2 escalates), the other is forgotten until its
reply clock of SLA-3 breaches and escalates to a supervisor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import complaintflow as cf

# The host loads its policy once (from TOML or a dict in real life).
policy = cf.default_policy()
complaint = policy.workflows["complaint"]


def at(text: str) -> dt.datetime:
    """A Beijing-time instant in March 2026 ("06 17:30" is Friday 6 March, 17:30)."""
    return cf.parse_instant(f"2026-03-{text[:2]}T{text[3:]}:00+08:00")


@dataclass
class Desk:
    """Everything the host owns: store, clock, timer, and what it already did."""

    clock: dt.datetime
    events: dict[str, list[cf.Event]] = field(default_factory=dict)  # the event store
    snapshots: dict[str, cf.workflows.Snapshot] = field(default_factory=dict)  # a cache of state
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    next_check: dict[str, dt.datetime] = field(default_factory=dict)  # per open ticket
    performed: set[tuple[object, ...]] = field(default_factory=set)
    armed: dt.datetime | None = None  # what the one timer is set to right now

    # -- the one timer -------------------------------------------------------------------
    @property
    def timer(self) -> dt.datetime | None:
        """The single timer: the earliest instant at which any ticket needs a look."""
        return min(self.next_check.values(), default=None)

    def rearm(self) -> None:
        """Move the one timer if the earliest check changed (a real host cancels and
        sets a single timer, or updates one row its scheduler polls)."""
        if self.timer != self.armed:
            self.armed = self.timer
            when = f"{self.armed:%a %d %H:%M}" if self.armed else "off (nothing running)"
            print(f"{'':21}timer -> {when}")

    def advance_to(self, instant: dt.datetime) -> None:
        """Let simulated time pass, firing the timer whenever it is due on the way."""
        while (timer := self.timer) is not None and timer <= instant:
            self.clock = timer
            due = [t for t, when in self.next_check.items() if when <= timer]
            for ticket_id in due:  # only the tickets whose check is due
                self.check_sla(ticket_id)
            self.rearm()
        self.clock = instant

    # -- incoming events -----------------------------------------------------------------
    def receive(
        self, ticket_id: str, name: str, payload: dict[str, cf.workflows.JSON] | None = None
    ) -> None:
        """An event arrives from the phone system or an agent's screen, at ``clock``."""
        event = cf.Event(name, self.clock, payload or {})
        snapshot = self.snapshots.get(ticket_id) or cf.workflows.start(complaint, ticket_id)
        try:  # 1. the pure step: the library decides, nothing happens yet
            snapshot, effects = cf.workflows.transition(complaint, snapshot, event)
        except cf.errors.WorkflowError as e:  # refused: store nothing, tell the agent why
            say(self.clock, ticket_id, f"REFUSED {name}: [{e.rule}] {e}")
            return
        # 2. store first (the event log is the truth), then perform the effects
        self.events.setdefault(ticket_id, []).append(event)
        self.snapshots[ticket_id] = snapshot
        if name == "register":
            self.attributes[ticket_id] = {k: str(payload[k]) for k in ("tier", "category")}
        say(self.clock, ticket_id, f"{name} -> {snapshot.state}")
        for effect in effects:
            self.perform(ticket_id, effect.kind, effect.rule)
        # 3. the SLA clocks run on the same event log
        self.check_sla(ticket_id)
        self.rearm()

    # -- SLA evaluation and effects ------------------------------------------------------
    def check_sla(self, ticket_id: str) -> None:
        """Evaluate the ticket's SLA clocks at ``clock``; perform new effects; re-arm."""
        log = [cf.Event(e.name, e.at) for e in self.events[ticket_id]]
        report = cf.sla.evaluate(
            policy.sla, log, self.clock, ticket=ticket_id, attributes=self.attributes[ticket_id]
        )
        # A report lists every warning and escalation reached so far, including the
        # ones handled at an earlier check: the host remembers what it already did.
        for status in report.targets:
            for level, when in status.warnings:
                key = (ticket_id, status.target, "warning", level, status.cycle)
                if key not in self.performed:
                    self.performed.add(key)
                    used = f"{level:.0%} of its budget used"
                    due = f"due {status.deadline:%a %d %H:%M}"
                    say(
                        when, ticket_id, f"  warning: {status.target} ({status.rule}) {used}, {due}"
                    )
        for e in report.effects:
            key = (ticket_id, e.target, e.effect, e.level, e.cycle)
            if key not in self.performed:
                self.performed.add(key)
                self.perform(ticket_id, e.effect, e.rule, f"{e.target} at {e.level:.0%}")
        if report.next_check_at is None:  # only a new event can change anything
            self.next_check.pop(ticket_id, None)
        else:
            self.next_check[ticket_id] = report.next_check_at

    def perform(self, ticket_id: str, what: str, rule: str, why: str = "") -> None:
        """A real host sends the SMS, opens the task, pages the supervisor here."""
        say(self.clock, ticket_id, f"  effect: {what} ({rule}){' for ' + why if why else ''}")


def say(clock: dt.datetime, ticket_id: str, text: str) -> None:
    print(f"{clock:%a %d %H:%M}  {ticket_id}  {text}")


# The incoming events, as the phone system and the agents' screens would send them.
intake = {
    "complainant": "王女士",
    "contact": "13800000001",
    "channel": "phone",
    "content": "月租多扣费",
    "category": "billing",
    "tier": "VIP",
}
incoming: list[tuple[str, str, str, dict[str, cf.workflows.JSON]]] = [
    ("06 17:30", "T-1", "register", intake),
    ("06 17:45", "T-2", "register", {**intake, "complainant": "赵先生", "tier": "regular"}),
    ("09 09:05", "T-1", "accept", {"department": "计费中心"}),
    ("09 10:20", "T-1", "investigate", {"owner": "张工", "problem_kind": "service"}),
    ("09 14:00", "T-1", "propose", {"solutions": ["退还多扣月租", "书面致歉"]}),
    ("09 15:00", "T-1", "approve", {"approved_by": "李主管", "chosen_solution": "退还多扣月租"}),
    ("09 16:00", "T-1", "notify", {}),
    ("09 16:30", "T-1", "confirm", {"confirmed_by": "王女士"}),
    ("09 16:40", "T-1", "close", {}),  # refused: the return visit comes first (FLOW-8)
    ("09 16:45", "T-1", "schedule_return_visit", {}),
    (
        "10 10:00",
        "T-1",
        "record_return_visit",
        {"visit_outcome": "reached", "visit_result": "已退费", "satisfaction": "满意"},
    ),
    ("10 10:05", "T-1", "close", {}),
]

desk = Desk(clock=at("06 17:00"))
for when, ticket_id, name, payload in incoming:
    desk.advance_to(at(when))  # the timer may fire on the way
    desk.receive(ticket_id, name, payload)
desk.advance_to(at("13 18:00"))  # a quiet rest of the week: only the timer wakes the desk
print(f"\nEnd of the week: timer set for {desk.timer:%a %d %b %H:%M}" if desk.timer else "")
print(f"States: {', '.join(f'{t}={s.state}' for t, s in desk.snapshots.items())}")
print(f"Events stored: {sum(len(v) for v in desk.events.values())}; "
      f"SLA warnings and escalations handled: {len(desk.performed)}")  # fmt: skip
