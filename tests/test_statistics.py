"""The FLOW-9 statistics: definitions on hand-made tickets, merge laws, the sketch's bound."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.policy import Flow9Statistics, StatisticsSettings, statistics

START = cf.parse_instant("2026-03-02T00:00:00+08:00")
NOW = START.add(days=12)
POLICY = cf.default_policy()
#: One pool of synthetic tickets; Hypothesis draws subsets and partitions of it.
POOL = list(cf.synthetic.generate_tickets(240, seed=11, start=START, days=4))
SINGLES = [statistics([r], POLICY, now=NOW) for r in POOL]


def at(minutes: float) -> str:
    return START.add(seconds=int(minutes * 60)).isoformat()


def _inquiry(i: int, took_s: int, channel: str = "phone") -> dict[str, object]:
    """An inquiry transferred at 00:00 and answered ``took_s`` seconds later."""
    asked = {"caller": "王女士", "contact": "+8613800000000", "question": "咨询话费",
             "channel": channel, "department": "计费中心",
             "expected_wait": cf.policy.default_data()["sla"]["targets"][2]["within"]}  # fmt: skip
    return {
        "ticket_id": f"Q{i}",
        "workflow": "inquiry",
        "category": "billing",
        "channel": channel,
        "events": [
            {"name": "transfer", "at": at(0), "payload": asked},
            {
                "name": "answer",
                "at": START.add(seconds=took_s).isoformat(),
                "payload": {"answer": "已答复"},
            },
        ],
    }


def _complaint(ticket_id: str, *steps: tuple[str, dict[str, object]]) -> dict[str, object]:
    register = {"complainant": "李先生", "contact": "+8613900000000", "channel": "phone",
                "content": "本月话费多扣了流量费", "category": "billing", "tier": "regular",
                "priority": "normal"}  # fmt: skip
    events = [{"name": "register", "at": at(0), "payload": register}]
    events += [{"name": n, "at": at(10 * (k + 1)), "payload": p} for k, (n, p) in enumerate(steps)]
    return {"ticket_id": ticket_id, "workflow": "complaint", "tier": "regular",
            "category": "billing", "channel": "phone", "events": events}  # fmt: skip


REJECT_CLOSE = (("reject", {"reply": "经核实收费无误"}), ("close", {"confirmed_by": "李先生"}))
DISPUTED = (
    ("reject", {"reply": "经核实收费无误"}),
    ("dispute", {}),
    ("review", {"review_outcome": "维持原处理意见"}),
    ("confirm", {"confirmed_by": "李先生"}),
)


def _one(stats: Flow9Statistics, **by: object) -> dict[str, object]:
    rows = stats.records(by=list(by), where=by)
    assert len(rows) == 1
    return rows[0]


# -- definitions ------------------------------------------------------------------------


def test_a_ticket_closed_without_a_handoff_is_resolved_at_first_contact() -> None:
    stats = statistics([_complaint("A", *REJECT_CLOSE)], POLICY, now=NOW)
    row = _one(stats, workflow="complaint")
    assert (1, 1, 0, 1, 1.0) == (
        row["tickets"], row["resolved"], row["still_open"], row["first_contact_resolved"],
        row["first_contact_rate"],
    )  # fmt: skip
    assert math.isclose(1200, row["first_resolution_p50_s"], rel_tol=0.01)  # the sketch's bound
    assert 1200.0 == row["first_resolution_mean_s"]  # the mean is exact


def test_a_dispute_is_a_handoff_and_with_reopen_settings_a_reopen() -> None:
    plain = _one(statistics([_complaint("B", *DISPUTED)], POLICY, now=NOW), workflow="complaint")
    assert (1, 0, 0) == (plain["resolved"], plain["first_contact_resolved"], plain["reopened"])
    assert 40 * 60 == plain["first_resolution_mean_s"]  # to the confirmation
    # A desk that counts the rejection as a resolution and the dispute as a reopen:
    desk = {"resolved_events": ["reject", "confirm"], "reopen_events": ["dispute"]}
    row = _one(
        statistics([_complaint("B", *DISPUTED)], POLICY, now=NOW, settings=desk),
        workflow="complaint",
    )
    assert (1, 1, 1, 0, 1.0) == (
        row["resolved"], row["reopened"], row["reopen_events"], row["still_open"],
        row["reopen_rate"],
    )  # fmt: skip
    assert (600.0, 2400.0) == (row["first_resolution_mean_s"], row["full_resolution_mean_s"])
    assert 0 == row["first_contact_resolved"]  # reopened: not resolved at first contact


def test_a_reopened_ticket_not_resolved_again_is_open_and_has_no_full_resolution() -> None:
    desk = {"resolved_events": ["reject"], "reopen_events": ["dispute"]}
    ticket = _complaint("C", *DISPUTED[:2])
    row = _one(statistics([ticket], POLICY, now=NOW, settings=desk), workflow="complaint")
    assert (1, 1, 1) == (row["resolved"], row["reopened"], row["still_open"])
    assert row["full_resolution_mean_s"] is None
    assert row["full_resolution_p50_s"] is None


def test_an_event_the_workflow_refused_counts_as_nothing_but_a_violation() -> None:
    # A dispute after the close: the closed complaint refuses it.
    ticket = _complaint("D", *REJECT_CLOSE, ("dispute", {}))
    desk = {"reopen_events": ["dispute"]}
    row = _one(statistics([ticket], POLICY, now=NOW, settings=desk), workflow="complaint")
    assert (0, 0, 1) == (row["reopened"], row["reopen_events"], row["violations"])
    assert 1 == row["first_contact_resolved"]


def test_satisfaction_comes_from_return_visit_records() -> None:
    resolved = (
        ("accept", {"department": "计费中心"}),
        ("investigate", {"owner": "张工", "problem_kind": "service"}),
        ("propose", {"solutions": ["退还多收费用"]}),
        ("approve", {"approved_by": "李主管", "chosen_solution": "退还多收费用"}),
        ("notify", {}),
        ("confirm", {"confirmed_by": "李先生"}),
    )
    answers = ["satisfied", "basically_satisfied", "dissatisfied", "not_given", "很好"]
    tickets = [
        _complaint(
            f"S{i}", *resolved,
            ("record_return_visit",
             {"visit_outcome": "reached", "visit_result": "问题已解决", "satisfaction": a}),
        )
        for i, a in enumerate(answers)
    ]  # fmt: skip
    stats = statistics(tickets, POLICY, now=NOW)
    row = _one(stats, workflow="complaint")
    assert (5, 1, 1, 1, 1, 1) == (
        row["return_visits"], row["satisfaction_satisfied"],
        row["satisfaction_basically_satisfied"], row["satisfaction_dissatisfied"],
        row["satisfaction_not_given"], row["satisfaction_other"],
    )  # fmt: skip
    # rated: the levels other than not_given; the unknown answer is in no level
    assert (3, 2) == (row["rated"], row["satisfied"])
    assert math.isclose(2 / 3, row["satisfaction_rate"])
    assert {("计费中心", "service", "张工")} == {
        (r["department"], r["cause"], r["agent"]) for r in stats.records()
    }


def test_a_dimension_value_that_is_not_a_string_fails_the_ticket_and_is_counted() -> None:
    bad = _complaint("E", ("accept", {"department": 42}))
    stats = statistics([bad, _complaint("F", *REJECT_CLOSE)], POLICY, now=NOW)
    assert (2, 1) == (stats.tickets, stats.failed_tickets)
    assert [{"reason": "statistics", "count": 1}] == stats.failure_records()
    assert 1 == sum(r["tickets"] for r in stats.records())
    replay_failed = statistics([{"ticket_id": "G"}], POLICY, now=NOW)
    assert [{"reason": "workflow", "count": 1}] == replay_failed.failure_records()


def test_sla_breaches_per_target_and_cycle_come_from_the_sla_tally() -> None:
    stats = statistics(POOL, POLICY, now=NOW)
    rows = stats.sla_records(by=[])
    unsegmented = POLICY.with_({"replay.segment_by": []})
    assert cf.policy.replay(POOL, unsegmented, now=NOW).sla_records() == rows
    by_type = stats.sla_records(by=["type"])
    for target in {r["target"] for r in rows}:
        assert sum(r["cycles_breached"] for r in by_type if r["target"] == target) == next(
            r["cycles_breached"] for r in rows if r["target"] == target
        )


def test_the_segment_limit_bounds_memory() -> None:
    with pytest.raises(cf.errors.OutOfRangeError) as e:
        statistics(POOL, POLICY, now=NOW, settings={"max_segments": 3})
    assert "max_segments" == e.value.field
    by_workflow = {"dimensions": {"workflow": {"field": "workflow"}}}
    parts = [
        statistics(POOL[i::2], POLICY, now=NOW, settings={**by_workflow, "max_segments": 4})
        for i in range(2)
    ]
    assert 4 == len(parts[0].merge(parts[1]).segments)
    three = [
        statistics([r], POLICY, now=NOW, settings={**by_workflow, "max_segments": 2})
        for r in (POOL[0], *(r for r in POOL if r["workflow"] != POOL[0]["workflow"]))
    ]
    with pytest.raises(cf.errors.OutOfRangeError):  # a merge may not grow past it either
        _merged_all(three)


def _merged_all(parts: list[Flow9Statistics]) -> Flow9Statistics:
    out = parts[0]
    for p in parts[1:]:
        out = out.merge(p)
    return out


def test_bad_settings_report_every_problem_with_its_path() -> None:
    with pytest.raises(cf.ValidationError) as e:
        StatisticsSettings.from_dict(
            {
                "dimensions": {"a": {"field": 3}, "b": {"events": [], "payload": "x"},
                               "c": {"field": "x", "opened": "month"}, "d": "category"},
                "percentiles": [0, 50],
                "satisfaction": {"levels": ["ok"], "satisfied": ["great"]},
                "timezone": "Mars/Base",
                "max_segments": 0,
            }
        )  # fmt: skip
    assert [
        "dimensions.a.field", "dimensions.b.events", "dimensions.c", "dimensions.d",
        "satisfaction.satisfied", "satisfaction.unrated", "percentiles", "timezone",
        "max_segments",
    ] == [p.path for p in e.value.problems]  # fmt: skip


def test_a_dimension_named_like_a_column_is_refused() -> None:
    clash = {"dimensions": {"tickets": {"field": "category"}, "met": {"field": "tier"}}}
    with pytest.raises(cf.ValidationError) as e:
        statistics([], POLICY, now=NOW, settings=clash)
    assert ["dimensions.tickets", "dimensions.met"] == [p.path for p in e.value.problems]


def test_records_by_and_where_name_only_dimensions() -> None:
    stats = SINGLES[0]
    with pytest.raises(cf.ValidationError):
        stats.records(by=["nope"])
    with pytest.raises(cf.ValidationError):
        stats.records(where={"nope": "x"})
    with pytest.raises(cf.errors.WrongTypeError):
        stats.records(by="channel")
    with pytest.raises(cf.errors.WrongTypeError) as e:
        stats.records(where={"channel": ["phone", {}]})
    assert "where.channel" == e.value.field
    with pytest.raises(cf.errors.SegmentMismatchError):
        stats.merge(statistics([], POLICY, now=NOW, settings={"dimensions": {}}))
    with pytest.raises(cf.errors.WrongTypeError):
        stats.merge(5)  # type: ignore[arg-type]


def test_bad_arguments_raise_typed_errors_naming_them() -> None:
    with pytest.raises(cf.errors.WrongTypeError) as e:
        statistics(5, POLICY, now=NOW)  # type: ignore[arg-type]
    assert "tickets" == e.value.field
    with pytest.raises(cf.errors.WrongTypeError) as e:
        statistics([], "default", now=NOW)  # type: ignore[arg-type]
    assert "policy" == e.value.field
    with pytest.raises(cf.errors.NaiveDatetimeError):
        statistics([], POLICY, now=NOW.naive())


def test_settings_round_trip() -> None:
    s = StatisticsSettings()
    assert s == StatisticsSettings.from_dict(s.to_dict())
    assert s == StatisticsSettings.from_dict({})


# -- rows for pandas ----------------------------------------------------------------------


def test_rows_have_the_same_keys_and_integer_counts() -> None:
    stats = statistics(POOL, POLICY, now=NOW)
    for rows in (stats.records(), stats.records(by=["channel"]), stats.sla_records()):
        keys = {tuple(r) for r in rows}
        assert 1 == len(keys)
    for r in stats.records():
        for k, v in r.items():
            if k.endswith(("_rate", "_s")):
                assert v is None or type(v) is float, (k, v)
            elif k not in stats.settings.names:
                assert type(v) is int, (k, v)
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(stats.records(by=["month", "type", "cause", "department"]))
    ints = [c for c in frame.columns if c not in stats.settings.names and
            not c.endswith(("_rate", "_s"))]  # fmt: skip
    assert all(str(frame[c].dtype) == "int64" for c in ints)
    assert int(frame["tickets"].sum()) == stats.tickets - stats.failed_tickets


def test_per_channel_volume_adds_up_to_the_tickets() -> None:
    stats = statistics(POOL, POLICY, now=NOW)
    volume = {r["channel"]: r["tickets"] for r in stats.records(by=["channel"])}
    expected: dict[object, int] = {}
    for r in POOL:
        expected[r["channel"]] = expected.get(r["channel"], 0) + 1
    assert expected == volume


# -- merge laws (properties) ------------------------------------------------------------


def _merged(parts: Iterable[Flow9Statistics]) -> Flow9Statistics:
    out = statistics([], POLICY, now=NOW)
    for p in parts:
        out = out.merge(p)
    return out


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_the_merge_of_parts_equals_the_whole(data: st.DataObject) -> None:
    chosen = data.draw(st.lists(st.integers(0, len(POOL) - 1), max_size=50, unique=True))
    records = [POOL[i] for i in chosen]
    whole = statistics(records, POLICY, now=NOW)
    cut = data.draw(st.integers(0, len(records)))
    folded = statistics(records[:cut], POLICY, now=NOW)
    singles = [SINGLES[i] for i in chosen[cut:]]
    order = data.draw(st.permutations(range(len(singles))))
    assert whole == _merged([folded, *(singles[k] for k in order)])
    assert whole.records() == _merged([*singles, folded]).records()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, len(POOL) - 1), min_size=3, max_size=3))
def test_merge_is_commutative_and_associative(picks: list[int]) -> None:
    a, b, c = (SINGLES[i] for i in picks)
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))


# -- the quantile sketch's bound ----------------------------------------------------------


def _nearest_rank(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 30 * 86_400), min_size=1, max_size=40))
def test_cycle_time_quantiles_are_within_one_percent_and_the_mean_is_exact(
    took: list[int],
) -> None:
    stats = statistics(
        [_inquiry(i, t) for i, t in enumerate(took)], POLICY, now=START.add(days=40),
        settings={"dimensions": {}, "percentiles": [1, 50, 90, 100]},
    )  # fmt: skip
    (row,) = stats.records()
    for p in (1, 50, 90, 100):
        exact = _nearest_rank(took, p / 100)
        got = row[f"first_resolution_p{p}_s"]
        assert abs(got - exact) <= 0.01 * exact, (p, got, exact)
    assert math.isclose(sum(took) / len(took), row["first_resolution_mean_s"], rel_tol=1e-12)


def test_the_sketch_is_bounded_however_many_tickets() -> None:
    took = [1 + (i * 7919) % (86_400 * 30) for i in range(2_000)]
    stats = statistics([_inquiry(i, t) for i, t in enumerate(took)], POLICY,
                       now=START.add(days=40), settings={"dimensions": {}})  # fmt: skip
    ((_, seg),) = stats.segments
    # 2 % buckets over 1 s .. 30 days: at most log(2.6e6) / log(1.0202) ~ 740 buckets
    assert len(seg.first.buckets) <= math.ceil(math.log(30 * 86_400) / math.log(1.01 / 0.99)) + 1
    assert len(seg.first.buckets) <= cf.policy._statistics.SKETCH_BUCKETS
