"""Behaviour of complaintflow.sla on hand-checked tickets, and its bad-input errors."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from strategies import clock_policy, junk_values, value_paths

OFFICE = cf.calendars.default("china", years=[2026])
POLICY = clock_policy(OFFICE)
S = cf.sla.TargetState


def t(text: str) -> dt.datetime:
    """An instant in November 2026, Beijing time: ``t("23T09:00")``."""
    return cf.parse_instant(f"2026-11-{text}+08:00")


def E(kind: str, when: str, **attributes: str) -> cf.Event:
    return cf.Event(kind, t(when), attributes)


def hhmm(value: dt.datetime | None) -> str | None:
    return None if value is None else value.strftime("%d %H:%M")


# -- the default pack ------------------------------------------------------------------


def test_default_pack_carries_rule_ids_and_says_which_days_it_means():
    summary = {x.name: (x.rule, str(x.within)) for x in POLICY.targets}
    assert {
        "answer": ("SLA-1", "15 business seconds"),
        "dispatch": ("SLA-2", "1 business hour"),
        "reply": ("SLA-3", "2 business days"),
        "investigation": ("SLA-5", "5 business days"),
        "return_visit": ("SLA-6", "3 calendar days"),
        "first_contact": ("SLA-7", "7 calendar days"),
    } == summary
    assert ("FU-4",) == POLICY.target("return_visit").see_also[:1]
    assert cf.calendars.DurationKind.BUSINESS_TIME is POLICY.target("answer").within.kind
    assert POLICY.target("answer").calendar.next_close(t("23T03:00")) is None  # 24x7, SLA-10


def test_sla1_applies_to_phone_tickets_only():
    phone = cf.sla.evaluate(POLICY, [], t("23T09:00"), attributes={"channel": "phone"})
    sms = cf.sla.evaluate(POLICY, [], t("23T09:00"), attributes={"channel": "sms"})
    assert "answer" in [s.target for s in phone.targets]
    assert "answer" not in [s.target for s in sms.targets]
    answered = cf.sla.evaluate(
        POLICY,
        [E("call_offered", "23T03:00:00", channel="phone"), E("call_answered", "23T03:00:16")],
        t("23T03:01"),
    ).status("answer")
    assert (S.BREACHED, "23 03:00") == (answered.state, hhmm(answered.breached_at))


# -- clocks, levels and effects ------------------------------------------------------------


def test_dispatch_warnings_breach_and_effects_at_exact_instants():
    report = cf.sla.evaluate(POLICY, [E("assigned", "23T09:00")], t("23T10:30"), ticket="T9")
    s = report.status("dispatch")
    assert S.BREACHED == s.state
    assert [(0.5, "23 09:30"), (0.75, "23 09:45")] == [(lv, hhmm(a)) for lv, a in s.warnings]
    assert "23 10:00" == hhmm(s.breached_at) == hhmm(s.deadline)
    assert [("contact_customer", "SLA-2", "23 09:45", "T9"),
            ("notify_regional_office", "SLA-2", "23 10:00", "T9")] == [
        (e.effect, e.rule, hhmm(e.at), e.ticket) for e in report.effects
    ]  # fmt: skip
    assert dt.timedelta(minutes=-30) == s.remaining
    assert 1.5 == s.fraction_used


def test_a_stop_at_the_deadline_meets_and_a_pause_at_the_deadline_does_not():
    target = cf.sla.SlaTarget("t", "SLA-2", cf.Duration.parse("1 business hour"), OFFICE,
                          start=("a",), stop=("b",), pause=("p",), resume=("r",))  # fmt: skip
    policy = cf.sla.SlaPolicy([target])
    met = cf.sla.evaluate(policy, [E("a", "23T09:00"), E("b", "23T10:00")], t("23T11:00"))
    paused = cf.sla.evaluate(policy, [E("a", "23T09:00"), E("p", "23T10:00")], t("23T11:00"))
    assert (S.MET, None) == (met.targets[0].state, met.targets[0].breached_us)
    both = cf.sla.evaluate(policy, [E("a", "23T09:00"), E("p", "23T10:00"), E("b", "23T10:00")],
                       t("23T11:00"))  # fmt: skip
    assert (S.MET, None) == (both.targets[0].state, both.targets[0].breached_us)
    assert (S.BREACHED, "23 10:00") == (
        paused.targets[0].state,
        hhmm(paused.targets[0].breached_at),
    )


def test_levels_are_reached_in_open_time_only():
    report = cf.sla.evaluate(POLICY, [E("assigned", "23T11:50")], t("23T12:10"))
    s = report.status("dispatch")
    assert (S.RUNNING, "23 14:20") == (s.state, hhmm(s.deadline))  # 10 min + lunch + 50 min
    assert dt.timedelta(minutes=10) == s.elapsed
    # The 50 % warning, not the office's opening at 13:30: nothing changes then.
    assert "23 13:50" == hhmm(report.next_check_at)
    later = cf.sla.evaluate(POLICY, [E("assigned", "23T11:50")], t("23T13:30"))
    assert "23 13:50" == hhmm(later.next_check_at)


def test_a_pause_shifts_a_business_days_deadline_by_the_open_time_paused():
    events = [E("accepted", "20T17:00"), E("awaiting_customer", "23T10:00"),
              E("customer_responded", "24T10:00")]  # fmt: skip
    s = cf.sla.evaluate(POLICY, events, t("24T10:00")).status("reply")
    unpaused = OFFICE.add(t("20T17:00"), "2 business days")
    assert "24 18:00" == hhmm(unpaused)
    paused_open = OFFICE.elapsed(t("23T10:00"), t("24T10:00"))
    assert dt.timedelta(hours=7, minutes=30) == paused_open
    assert (
        OFFICE.add(
            unpaused, cf.Duration.business(micros=paused_open // dt.timedelta(microseconds=1))
        )
        == s.deadline
    )
    assert "25 18:00" == hhmm(s.deadline)
    assert dt.timedelta(hours=16) == s.elapsed + s.remaining  # the budget: 1 + 7.5 + 7.5 h


def test_a_pause_before_the_start_starts_the_clock_paused():
    events = [E("awaiting_customer", "23T08:00"), E("accepted", "23T09:00"),
              E("customer_responded", "23T11:00")]  # fmt: skip
    s = cf.sla.evaluate(POLICY, events, t("23T12:00")).status("reply")
    assert (S.RUNNING, dt.timedelta(hours=1)) == (s.state, s.elapsed)
    still = cf.sla.evaluate(POLICY, events[:2], t("23T12:00")).status("reply")
    assert (S.PAUSED, dt.timedelta(0), None) == (still.state, still.elapsed, still.deadline)


def test_calendar_days_run_on_real_time():
    s = cf.sla.evaluate(POLICY, [E("resolved", "20T17:00")], t("21T17:00")).status("return_visit")
    assert ("23 17:00", 1 / 3) == (hhmm(s.deadline), s.fraction_used)


def test_start_and_stop_at_one_instant_meet_with_nothing_used():
    s = cf.sla.evaluate(POLICY, [E("dispatched", "23T09:00"), E("assigned", "23T09:00")],
                    t("23T09:00")).status("dispatch")  # fmt: skip
    assert (S.MET, 0) == (s.state, s.elapsed_us)


def test_a_reset_starts_a_new_cycle_and_keeps_count_of_the_old_breach():
    events = [E("assigned", "23T09:00"), E("reassigned", "23T11:00")]
    s = cf.sla.evaluate(POLICY, events, t("23T11:20")).status("dispatch")
    assert (S.RUNNING, 1, 1, "23 11:00") == (s.state, s.cycle, s.earlier_breaches, hhmm(s.start))
    assert [] == list(s.warnings)  # ... levels of the new cycle
    assert 2 == len(s.effects)  # effects of the earlier cycle stay
    assert {0} == {e.cycle for e in s.effects}


def test_events_after_the_stop_change_nothing():
    base = [E("assigned", "23T09:00"), E("dispatched", "23T09:40")]
    first = cf.sla.evaluate(POLICY, base, t("23T09:40")).status("dispatch")
    more = [*base, E("assigned", "23T10:00"), E("dispatched", "23T12:00")]
    assert first == cf.sla.evaluate(POLICY, more, t("24T09:00")).status("dispatch")


# -- attributes and precedence --------------------------------------------------------------

URGENT = attrs.evolve(
    POLICY,
    overrides=[
        cf.sla.SlaOverride("reply", {"priority": "urgent"},
                       within=cf.Duration.parse("4 business hours")),
        cf.sla.SlaOverride("reply", {"tier": "vip"}, within=cf.Duration.parse("1 business day")),
        cf.sla.SlaOverride("reply", {"tier": "vip", "channel": "phone"},
                       within=cf.Duration.parse("6 business hours")),
    ],
)  # fmt: skip
PAUSED_MORNING = [
    E("accepted", "23T09:00", priority="normal"),
    E("awaiting_customer", "23T10:00"),
    E("customer_responded", "23T11:00"),
]


def test_an_attribute_change_recomputes_from_the_original_start_keeping_paused_time():
    events = [*PAUSED_MORNING, E("updated", "23T11:30", priority="urgent")]
    s = cf.sla.evaluate(URGENT, events, t("23T11:30")).status("reply")
    assert dt.timedelta(hours=1, minutes=30) == s.elapsed  # 09-10 and 11-11:30: the pause kept
    assert "23 15:30" == hhmm(s.deadline)  # 30 min before lunch, 2 h after it
    assert "23 09:00" == hhmm(s.start)
    # Losing the paused hour would give 14:30; restarting at the change, 16:30.


def test_variants_kept_are_bounded_and_the_rest_built_anew(monkeypatch):
    """A compilation keeps at most VARIANTS_KEPT variants: attribute values that are
    new on every ticket cost time, not memory, and the reports are the same."""
    from complaintflow.sla import _clock

    fresh = attrs.evolve(URGENT)  # its own compilation
    expected = [
        cf.sla.evaluate(URGENT, [E("accepted", "23T09:00", priority=f"p{i}")], t("23T12:00"))
        for i in range(40)
    ]
    monkeypatch.setattr(_clock, "VARIANTS_KEPT", 8)
    got = [
        cf.sla.evaluate(fresh, [E("accepted", "23T09:00", priority=f"p{i}")], t("23T12:00"))
        for i in range(40)
    ]
    assert expected == got
    assert 8 == len(_clock.compiled(fresh).cache)


def test_an_upgrade_past_the_new_budget_breaches_at_the_change():
    events = [*PAUSED_MORNING, E("updated", "23T16:00", priority="urgent")]
    before = cf.sla.evaluate(URGENT, events, t("23T15:59")).status("reply")
    s = cf.sla.evaluate(URGENT, events, t("23T16:00")).status("reply")
    assert S.RUNNING == before.state
    assert (S.BREACHED, "23 16:00", "23 15:30") == (s.state, hhmm(s.breached_at), hhmm(s.deadline))
    assert [0.5, 0.75] == [lv for lv, _ in s.warnings]
    assert {"23 16:00"} == {hhmm(a) for _, a in s.warnings}


def test_a_breach_is_final_when_a_later_change_extends_the_budget():
    events = [*PAUSED_MORNING, E("updated", "23T16:00", priority="urgent"),
              E("updated", "23T16:30", priority="normal")]  # fmt: skip
    s = cf.sla.evaluate(URGENT, events, t("23T17:00")).status("reply")
    assert (S.BREACHED, "23 16:00") == (s.state, hhmm(s.breached_at))
    # The budget is 2 business days again: Monday to Wednesday's close.
    assert dt.timedelta(hours=22, minutes=30) == s.elapsed + s.remaining


def test_parameters_freeze_at_the_stop():
    events = [E("accepted", "23T09:00"), E("replied", "23T16:00"),
              E("updated", "23T16:30", priority="urgent")]  # fmt: skip
    assert S.MET == cf.sla.evaluate(URGENT, events, t("23T17:00")).status("reply").state


def test_precedence_strongest_attribute_then_most_specific():
    eff = URGENT.effective
    assert "4 business hours" == str(eff("reply", {"priority": "urgent", "tier": "vip"}).within)
    assert "6 business hours" == str(eff("reply", {"tier": "vip", "channel": "phone"}).within)
    assert "1 business day" == str(eff("reply", {"tier": "vip", "channel": "sms"}).within)
    assert "2 business days" == str(eff("reply", {}).within)


# -- bad input: typed errors naming ticket, event and rule ------------------------------------


def test_events_out_of_order_name_the_ticket_and_index():
    with pytest.raises(cf.errors.SlaEventError) as info:
        cf.sla.evaluate(POLICY, [E("assigned", "23T10:00"), E("dispatched", "23T09:00")],
                    t("23T11:00"), ticket="T7")  # fmt: skip
    assert ("T7", 1, "events[1].at") == (info.value.ticket, info.value.index, info.value.field)
    assert isinstance(info.value, ValueError)


def test_unknown_kinds_are_refused_even_after_now():
    with pytest.raises(cf.errors.SlaEventError, match="unknown kind 'asigned'") as info:
        cf.sla.evaluate(
            POLICY, [E("assigned", "23T09:00"), E("asigned", "24T09:00")], t("23T10:00")
        )
    assert 1 == info.value.index


def test_a_stop_before_a_start_names_the_rule():
    with pytest.raises(cf.errors.SlaEventError, match="before any start") as info:
        cf.sla.evaluate(POLICY, [E("accepted", "23T09:00"), E("dispatched", "23T09:30")],
                    t("23T10:00"), ticket=42)  # fmt: skip
    assert (42, 1, "SLA-2") == (info.value.ticket, info.value.index, info.value.rule)


def test_a_stop_of_a_target_that_does_not_apply_is_not_an_error():
    report = cf.sla.evaluate(POLICY, [E("call_answered", "23T09:00", channel="sms")], t("23T10:00"))
    assert "answer" not in [s.target for s in report.targets]


def test_naive_times_are_refused_naming_the_event():
    naive = dt.datetime(2026, 11, 23, 9, 0)
    with pytest.raises(cf.errors.NaiveDatetimeError, match=r"event\.at"):
        cf.Event("dispatched", naive)
    with pytest.raises(cf.errors.NaiveEventError):
        cf.sla.evaluate(POLICY, [], naive)


def test_conflicting_attributes_at_one_instant_are_refused():
    policy = attrs.evolve(
        POLICY,
        overrides=[
            cf.sla.SlaOverride("reply", {"priority": "high"}, within=cf.Duration.business_days(1))
        ],
    )
    with pytest.raises(cf.errors.SlaEventError, match="'priority'"):
        cf.sla.evaluate(policy, [E("updated", "23T09:00", priority="high"),
                             E("updated", "23T09:00", priority="low")], t("23T10:00"))  # fmt: skip


def test_payload_fields_the_policy_does_not_read_are_not_attributes():
    # One log drives workflow and clocks: the workflow's payload fields (complainant,
    # content, ...) are not ticket attributes unless a target or override reads them.
    report = cf.sla.evaluate(
        POLICY,
        [E("updated", "23T09:00", priority="high"), E("updated", "23T09:00", priority="low")],
        t("23T10:00"),
    )
    assert () == report.attributes


def test_a_payload_attribute_the_policy_reads_must_be_a_string():
    policy = attrs.evolve(
        POLICY,
        overrides=[
            cf.sla.SlaOverride("reply", {"priority": "high"}, within=cf.Duration.business_days(1))
        ],
    )
    with pytest.raises(cf.errors.SlaEventError) as info:
        cf.sla.evaluate(
            policy,
            [cf.Event("updated", t("23T09:00"), {"priority": 3})],
            t("23T10:00"),
            ticket="T1",
        )
    assert ("events[0].payload.priority", 3) == (info.value.field, info.value.value)


def test_zero_and_negative_durations_are_refused():
    with pytest.raises(cf.errors.DurationError):
        cf.Duration.business(seconds=0)
    with pytest.raises(cf.errors.DurationError, match="must not be negative"):
        cf.Duration(cf.calendars.DurationKind.BUSINESS_TIME, micros=-1)
    for text, message in [("0 business hours", "must be positive"),
                          ("-1 business hours", "is not a duration")]:  # fmt: skip
        with pytest.raises(cf.ValidationError, match=message) as info:
            cf.sla.SlaPolicy.from_dict({"targets": [{"name": "a", "rule": "SLA-2",
                                                 "calendar": "24x7",
                                                 "within": text, "start": ["a"],
                                                 "stop": ["b"]}]})  # fmt: skip
        assert ["targets[0].within"] == [p.path for p in info.value.problems]


def test_a_policy_lists_every_problem_at_once():
    data = {
        "targets": [
            {"name": "reply", "rule": "SLA-3", "within": "2 business days", "calendar": "24x7",
             "start": ["accepted"], "stop": ["replied"], "pause": ["waiting"]},
            {"name": "reply", "rule": "SLA-3", "within": "1 business day", "calendar": "24x7",
             "start": ["accepted"], "stop": ["replied"], "warnigns": [0.5]},
        ],
        "overrides": [
            {"target": "reply", "when": {"tier": "vip"}, "within": "1 business day"},
            {"target": "reply", "when": {"tier": ["vip", "gold"]}, "within": "3 business days"},
            {"target": "replay", "when": {"region": "north"}},
        ],
        "precedence": ["priority", "tier", "priority"],
    }  # fmt: skip
    with pytest.raises(cf.ValidationError) as info:
        cf.sla.SlaPolicy.from_dict(data)
    paths = [p.path for p in info.value.problems]
    assert [
        "targets[0].resume",
        "targets[1].warnigns",
        "targets[1].name",
        "precedence[2]",
        "overrides[1].when",
        "overrides[2].target",
        "overrides[2].when.region",
    ] == paths
    assert "conflicts with overrides[0]" in str(info.value)


def test_disjoint_overrides_on_the_same_attributes_are_fine():
    policy = attrs.evolve(POLICY, overrides=[
        cf.sla.SlaOverride("reply", {"tier": "vip"}, within=cf.Duration.business_days(1)),
        cf.sla.SlaOverride("reply", {"tier": "gold"}, within=cf.Duration.business_days(1)),
    ])  # fmt: skip
    assert 2 == len(policy.overrides)


# -- reports and aggregates ---------------------------------------------------------------------


def test_records_are_plain_data_and_pandas_takes_them():
    reports = list(cf.sla.evaluate_many(POLICY, [
        ("A", [E("assigned", "23T09:00"), E("dispatched", "23T09:20")], {"priority": "high"}),
        ("B", [E("assigned", "23T09:00")], {"priority": "low"}),
        ("C", [E("assigned", "23T09:00"), E("dispatched", "23T09:40")], {"priority": "high"}),
    ], t("23T12:00")))  # fmt: skip
    rows = cf.sla.aggregate(reports, by=["priority"])
    dispatch = {r["priority"]: r for r in rows if r["target"] == "dispatch"}
    assert (2, 0, 1.0) == (dispatch["high"]["met"], dispatch["high"]["breached"],
                           dispatch["high"]["compliance_rate"])  # fmt: skip
    assert (0, 1, 0.0) == (dispatch["low"]["met"], dispatch["low"]["breached"],
                           dispatch["low"]["compliance_rate"])  # fmt: skip
    assert 1200 == pytest.approx(dispatch["high"]["time_to_stop_p50_s"], rel=0.01)
    assert 2400 == pytest.approx(dispatch["high"]["time_to_stop_p95_s"], rel=0.01)
    for row in rows + reports[0].records():
        assert all(v is None or isinstance(v, (str, int, float, bool)) for v in row.values())
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(rows)
    assert {"target", "rule", "priority", "compliance_rate"} <= set(frame.columns)
    assert len(rows) == len(frame)


def test_merging_tallies_segmented_differently_is_refused():
    with pytest.raises(ValueError, match="by") as info:
        cf.sla.SlaTally(("tier",)).merge(cf.sla.SlaTally(("priority",)))
    assert cf.errors.SegmentMismatchError is type(info.value)
    assert ("by", ("priority",)) == (info.value.field, info.value.value)
    assert (
        "by: cannot merge a tally by ('tier',) with one by ('priority',); "
        "merge tallies counted by the same attributes"
    ) == str(info.value)


def test_an_unknown_target_name_is_a_key_error_listing_the_targets():
    with pytest.raises(KeyError) as info:
        POLICY.target("replies")
    assert cf.errors.UnknownNameError is type(info.value)
    known = tuple(target.name for target in POLICY.targets)
    assert "reply" in known
    assert ("name", "replies", known) == (info.value.field, info.value.value, info.value.known)
    assert (
        f"name: 'replies' is not an SLA target of this policy; use one of {list(known)}"
    ) == str(info.value)


def test_the_status_of_a_target_that_does_not_apply_lists_those_that_do():
    report = cf.sla.evaluate(POLICY, [], t("23T09:00"), ticket="T1")
    with pytest.raises(KeyError) as info:
        report.status("answer")  # SLA-1 applies to phone tickets only
    assert cf.errors.UnknownNameError is type(info.value)
    known = tuple(s.target for s in report.targets)
    assert "answer" not in known
    assert ("target", "answer", known) == (info.value.field, info.value.value, info.value.known)
    assert (f"target: 'answer' does not apply to ticket 'T1'; it has {list(known)}") == str(
        info.value
    )


@pytest.mark.parametrize("bad", [-1.0, math.inf, math.nan])
def test_a_sketch_refuses_negative_and_non_finite_values(bad):
    with pytest.raises(cf.errors.OutOfRangeError) as info:
        cf.sla.QuantileSketch.of([1.0, bad])
    assert isinstance(info.value, ValueError)
    assert "values" == info.value.field
    assert repr(bad) == repr(info.value.value)
    assert f"values: {bad!r} is not a finite non-negative number; use numbers >= 0" == str(
        info.value
    )


@pytest.mark.parametrize("q", [-0.1, 1.5])
def test_a_quantile_outside_zero_to_one_is_refused(q):
    with pytest.raises(cf.errors.OutOfRangeError) as info:
        cf.sla.QuantileSketch.of([1.0]).quantile(q)
    assert isinstance(info.value, ValueError)
    assert ("q", q) == (info.value.field, info.value.value)
    assert (f"q: {q!r} is not between 0 and 1; use 0 for the minimum, 1 for the maximum") == str(
        info.value
    )


@given(st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=200), st.floats(0, 1))
def test_sketch_quantiles_are_within_one_percent(values, q):
    exact = sorted(values)[max(math.ceil(q * len(values)) - 1, 0)]
    approx = cf.sla.QuantileSketch.of(values).quantile(q)
    assert approx is not None
    assert abs(approx - exact) <= 0.01 * exact + 1e-9


# -- reading plain data: junk where a name or a level belongs ---------------------------


def sla_data():
    """Valid SLA data with every place a name or a level can stand in."""
    return {
        "calendars": {"office": {"default": "24x7"}},
        "targets": [
            {"name": "reply", "rule": "SLA-3", "within": "2 business days", "calendar": "office",
             "start": ["accepted"], "stop": ["replied"], "warnings": [0.5],
             "escalations": [{"level": 1.0, "effect": "notify_supervisor", "rule": "FLOW-6"}],
             "when": {"tier": ["vip", "gold"]}},
        ],
        "overrides": [
            {"target": "reply", "when": {"tier": "vip"}, "within": "1 business day",
             "warnings": [0.5]},
        ],
        "precedence": ["tier"],
        "kinds": ["created"],
    }  # fmt: skip


SLA_PLACES = [
    (("targets", 0, "name"), "targets[0].name"),
    (("targets", 0, "calendar"), "targets[0].calendar"),
    (("targets", 0, "start", 0), "targets[0].start"),
    (("targets", 0, "stop"), "targets[0].stop"),
    (("targets", 0, "when", "tier"), "targets[0].when.tier"),
    (("targets", 0, "when", "tier", 0), "targets[0].when.tier"),
    (("targets", 0, "warnings", 0), "targets[0].warnings[0]"),
    (("targets", 0, "escalations", 0, "level"), "targets[0].escalations[0].level"),
    (("targets", 0, "escalations", 0, "effect"), "targets[0].escalations[0].effect"),
    (("overrides", 0, "target"), "overrides[0].target"),
    (("overrides", 0, "calendar"), "overrides[0].calendar"),
    (("overrides", 0, "when", "tier"), "overrides[0].when.tier"),
    (("overrides", 0, "warnings", 0), "overrides[0].warnings[0]"),
    (("precedence", 0), "precedence"),
    (("kinds", 0), "kinds"),
    (("calendars", "office"), "calendars.office"),
]


def test_the_sla_fixture_data_is_valid():
    assert "reply" == cf.sla.SlaPolicy.from_dict(sla_data()).targets[0].name


@pytest.mark.parametrize("junk", [[["a"]], {"a": 1}], ids=["list", "dict"])
@pytest.mark.parametrize(("where", "path"), SLA_PLACES, ids=[p for _, p in SLA_PLACES])
def test_a_list_or_dict_where_a_name_or_level_belongs_is_a_problem_with_its_path(where, path, junk):
    data = sla_data()
    holder = data
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = junk
    data["name"] = 7  # another problem: every problem is reported at once
    with pytest.raises(cf.ValidationError) as info:
        cf.sla.SlaPolicy.from_dict(data)
    paths = [p.path for p in info.value.problems]
    assert any(p.startswith(path) for p in paths), paths
    assert "name" in paths


@settings(max_examples=200)
@given(st.data())
def test_any_value_anywhere_is_a_validation_error_or_an_sla_policy(data):
    """The SLA reader reports problems with their paths; it never raises anything else."""
    broken = sla_data()
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(value_paths(broken)))
        holder = broken
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = data.draw(st.one_of(junk_values, st.just([["a"]]), st.just([{}])))
    found = []
    try:
        cf.sla.SlaPolicy.from_dict(broken)
    except cf.ValidationError as e:
        found = list(e.problems)
    else:
        return
    assert found
    assert all(p.path and p.message for p in found)


def test_bad_values_get_library_errors_not_raw_ones():
    """A calendar attribute that is no string in `evaluate_many`, a level too large for
    a float, a sketch value that is no number, and a due-date field with a newline."""
    office = cf.calendars.default("24x7")
    target = cf.sla.SlaTarget("m", "SLA-3", cf.Duration.parse("1 business day"), office,
                              start=("s",), stop=("x",))  # fmt: skip
    regional = cf.sla.SlaPolicy([target], calendars={"south": office}, calendar_by="region")
    now = t("23T12:00")
    for attributes in ({"region": ["south"]}, {"region": 5}):
        with pytest.raises(cf.errors.SlaEventError, match="give strings for both"):
            next(cf.sla.evaluate_many(regional, [("T1", [], attributes, None)], now))
    with pytest.raises(cf.errors.UnknownCalendarError):
        regional.effective("m", {"region": ["south"]})  # type: ignore[dict-item]
    with pytest.raises(cf.errors.ValidationError, match="level"):
        cf.sla.Escalation(10**400, "notify")
    for bad, error in ((10**400, cf.errors.OutOfRangeError), (True, cf.errors.WrongTypeError),
                       ("1", cf.errors.WrongTypeError)):  # fmt: skip
        with pytest.raises(error):
            cf.sla.QuantileSketch.of([bad])
    with pytest.raises(cf.errors.DurationError, match="field"):
        cf.Duration(cf.calendars.DurationKind.DUE_FIELD, source="event", field="x\n")


@pytest.mark.parametrize(
    ("calendars", "field"),
    [
        ("x", "calendars"),
        ([], "calendars"),
        (0, "calendars"),
        ({"": cf.calendars.default("24x7")}, "calendars"),
        ({"office": "24x7"}, "calendars['office']"),
    ],
)
def test_from_dict_refuses_calendars_that_are_no_mapping_of_calendars(
    calendars: object, field: str
) -> None:
    target = {"name": "reply", "rule": "SLA-3", "within": "2 business days", "calendar": "24x7"}
    data = {"targets": [{**target, "start": ["accepted"], "stop": ["replied"]}]}
    with pytest.raises(cf.errors.WrongTypeError) as e:
        cf.sla.SlaPolicy.from_dict(data, calendars=calendars)  # type: ignore[arg-type]
    assert field == e.value.field
