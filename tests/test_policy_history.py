"""Policy histories: versions with effective dates, and replay by the version in force."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.policy import PolicyHistory, PolicyVersion, ReplayReport
from complaintflow.policy._report import comparison_records, report_of
from problems import assert_problem
from strategies import history_policy, policy_histories

START = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
DAYS = 4
NOW = START.add(days=DAYS + 2)
TICKETS = list(cf.synthetic.generate_tickets(120, seed=11, start=START, days=DAYS))
SEGMENTS = cf.default_policy().replay.segment_by
histories = policy_histories(START, DAYS)
SLOW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _start(record: dict[str, Any], now: dt.datetime = NOW) -> dt.datetime:
    """A ticket's start as the rule says: its earliest event up to ``now``."""
    ats = [cf.parse_instant(e["at"]) for e in record["events"]]
    return min((at for at in ats if at <= now), default=now)


def _by_version(history: PolicyHistory) -> tuple[list[list[dict[str, Any]]], int]:
    """The tickets each version judges, and how many start before the history."""
    parts: list[list[dict[str, Any]]] = [[] for _ in history.versions]
    early = 0
    for record in TICKETS:
        start = _start(record)
        k = max((i for i, v in enumerate(history.versions) if v.effective_from <= start),
                default=None)  # fmt: skip
        if k is None:
            early += 1
        else:
            parts[k].append(record)
    return parts, early


def _unversioned(report: ReplayReport) -> ReplayReport:
    return attrs.evolve(report, versions=())


# -- the rule: a ticket is judged wholly by the version in force at its start -----------


@SLOW
@given(histories)
def test_replay_by_version_is_each_versions_tickets_replayed_alone_and_merged(
    history: PolicyHistory,
) -> None:
    parts, early = _by_version(history)
    whole = cf.policy.replay(TICKETS, history, now=NOW)
    merged = ReplayReport(SEGMENTS)
    for version, tickets in zip(history.versions, parts, strict=True):
        merged = merged.merge(cf.policy.replay(tickets, version.policy, now=NOW))
    assert merged.tickets + early == whole.tickets
    assert (((("version",), early),) if early else ()) == whole.failed
    assert merged == attrs.evolve(_unversioned(whole), tickets=merged.tickets, failed=())
    expected = sorted(
        (v.effective_from.isoformat(), len(p)) for v, p in zip(history.versions, parts, strict=True)
        if p
    )  # fmt: skip
    assert expected == list(whole.versions)


@SLOW
@given(st.integers(0, 3), st.sampled_from(["Asia/Shanghai", "UTC"]))
def test_a_history_of_one_version_replays_as_its_policy(variant: int, zone: str) -> None:
    policy = history_policy(variant)
    history = PolicyHistory([(START.subtract(days=1).in_timezone(zone), policy)])
    key = history.versions[0].effective_from.isoformat()
    report = cf.policy.replay(TICKETS, history, now=NOW)
    assert cf.policy.replay(TICKETS, policy, now=NOW) == _unversioned(report)
    assert ((key, len(TICKETS)),) == report.versions
    outcomes = list(cf.policy.replay_tickets(TICKETS, history, now=NOW))
    assert list(cf.policy.replay_tickets(TICKETS, policy, now=NOW)) == [
        attrs.evolve(o, version=None) for o in outcomes
    ]
    assert {key} == {o.version for o in outcomes}


@SLOW
@given(histories)
def test_replay_equals_the_report_of_the_outcomes(history: PolicyHistory) -> None:
    outcomes = list(cf.policy.replay_tickets(TICKETS, history, now=NOW))
    assert report_of(outcomes, SEGMENTS) == cf.policy.replay(TICKETS, history, now=NOW)
    for record, outcome in zip(TICKETS, outcomes, strict=True):
        if outcome.version is None:
            assert outcome.error is not None
            assert outcome.error.startswith("version: ")
        else:
            assert history.version_at(_start(record)).effective_from.isoformat() == outcome.version


@SLOW
@given(histories, st.integers(0, (DAYS + 1) * 24 * 60))
def test_at_a_past_now_the_version_is_chosen_from_what_was_known_then(
    history: PolicyHistory, minutes: int
) -> None:
    """Nothing made after ``now`` changes a verdict: nor the version judging a ticket."""
    now = START.add(minutes=minutes)
    cut = [
        {**r, "events": [e for e in r["events"] if cf.parse_instant(e["at"]) <= now]}
        for r in TICKETS
    ]
    outcomes = list(cf.policy.replay_tickets(TICKETS, history, now=now))
    assert [o.version for o in outcomes] == [
        o.version for o in cf.policy.replay_tickets(cut, history, now=now)
    ]
    for record, outcome in zip(TICKETS, outcomes, strict=True):
        start = _start(record, now)
        if start < history.versions[0].effective_from:
            assert outcome.version is None
        else:
            assert history.version_at(start).effective_from.isoformat() == outcome.version


@SLOW
@given(histories, st.lists(st.integers(0, len(TICKETS)), min_size=2, max_size=2))
def test_reports_by_version_merge_like_reports(history: PolicyHistory, cuts: list[int]) -> None:
    i, j = sorted(cuts)
    a, b, c = (cf.policy.replay(TICKETS[x:y], history, now=NOW)
               for x, y in ((0, i), (i, j), (j, len(TICKETS))))  # fmt: skip
    whole = cf.policy.replay(TICKETS, history, now=NOW)
    assert whole == a.merge(b).merge(c)
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))


@SLOW
@given(histories, histories, st.booleans())
def test_compare_by_version_is_the_two_reports_side_by_side(
    a: PolicyHistory, b: PolicyHistory, b_is_a_policy: bool
) -> None:
    """``compare`` reads each record once and shares what runs read alike (its memo):
    its rows equal those of two separate replays."""
    other: cf.Policy | PolicyHistory = history_policy(1) if b_is_a_policy else b
    rows = cf.policy.compare(TICKETS, a, other, now=NOW)
    expected = comparison_records(
        cf.policy.replay(TICKETS, a, now=NOW), cf.policy.replay(TICKETS, other, now=NOW)
    )
    assert expected == rows
    versions = [r for r in rows if "version" in r]
    assert sum(r["tickets_a"] for r in versions) == sum(n for _, n in cf.policy.replay(
        TICKETS, a, now=NOW).versions)  # fmt: skip


def test_the_same_change_a_month_earlier() -> None:
    base = cf.default_policy()
    change = START.add(days=2)
    as_was = PolicyHistory([(START.subtract(years=1), base)]).with_version(
        change, {"sla.targets[reply].within": "4 business hours"}
    )
    earlier = as_was.moved(1, change.subtract(months=1))
    rows = cf.policy.compare(TICKETS, as_was, earlier, now=NOW)
    versions = {r["version"]: r for r in rows if "version" in r}
    old, new_a, new_b = sorted(versions)
    assert 0 == versions[new_a]["tickets_a"]
    assert len(TICKETS) == versions[new_a]["tickets_b"]
    assert 0 == versions[old]["tickets_b"]
    assert 0 == versions[new_b]["tickets_b"]
    reply = [r for r in rows if r.get("target") == "reply"]
    assert sum(r["breached_b"] for r in reply) > sum(r["breached_a"] for r in reply)


# -- version_at --------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(histories, st.lists(st.integers(-40 * 86_400, (DAYS + 2) * 86_400), min_size=2))
def test_version_at_is_monotone_and_in_force(history: PolicyHistory, seconds: list[int]) -> None:
    first = history.versions[0].effective_from
    found = []
    for s in sorted(seconds):
        at = START.add(seconds=s)
        if at < first:
            with pytest.raises(cf.errors.OutOfRangeError):
                history.version_at(at)
            continue
        v = history.version_at(at)
        k = history.versions.index(v)
        assert v.effective_from <= at
        assert k + 1 == len(history.versions) or at < history.versions[k + 1].effective_from
        found.append(k)
    assert sorted(found) == found


def test_version_at_refuses_a_naive_instant() -> None:
    history = PolicyHistory([(START, cf.default_policy())])
    with pytest.raises(cf.errors.NaiveDatetimeError):
        history.version_at(dt.datetime(2026, 3, 3))
    with pytest.raises(cf.errors.WrongTypeError):
        history.version_at("2026-03-03")  # type: ignore[arg-type]


# -- building ----------------------------------------------------------------------------


def test_every_problem_of_the_versions_is_reported_at_once() -> None:
    p = cf.default_policy()
    other = p.with_({"replay.segment_by": ["tier"]})
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory([(START, p), (START, p), (dt.datetime(2026, 4, 1), p), ("x", 1),
                       (START.add(days=9), other), 7])  # type: ignore[list-item]  # fmt: skip
    assert [
        "versions[2].effective_from",
        "versions[3].effective_from",
        "versions[3].policy",
        "versions[5]",
        "versions[1].effective_from",
        "versions[4].replay.segment_by",
    ] == [problem.path for problem in e.value.problems]


@pytest.mark.parametrize(
    "versions", [[], [(START.add(seconds=i), cf.default_policy()) for i in range(257)]]
)
def test_a_history_holds_one_to_max_versions(versions: list[Any]) -> None:
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory(versions)
    assert ["versions"] == [p.path for p in e.value.problems]


@pytest.mark.parametrize("junk", [None, "abc", {"a": 1}, 3])
def test_versions_that_are_no_list_are_a_typed_error(junk: object) -> None:
    with pytest.raises(cf.errors.WrongTypeError):
        PolicyHistory(junk)  # type: ignore[arg-type]


def test_a_version_refuses_a_naive_instant_and_what_is_no_policy() -> None:
    with pytest.raises(cf.errors.NaiveDatetimeError):
        PolicyVersion(dt.datetime(2026, 3, 1), cf.default_policy())
    with pytest.raises(cf.errors.WrongTypeError):
        PolicyVersion(START, {"format": 1})  # type: ignore[arg-type]


def test_variants_keep_the_history_valid() -> None:
    h = PolicyHistory([(START, cf.default_policy())], name="desk")
    later = h.with_version(START.add(days=1), {"followup.window.within": "2 calendar days"})
    inserted = later.with_version(START.add(hours=1), history_policy(1))
    assert [0, 1, 2] == [inserted.versions.index(v) for v in inserted.versions]
    assert "desk" == inserted.name
    assert history_policy(1) == inserted.versions[1].policy
    with pytest.raises(cf.ValidationError):
        later.moved(1, START)
    with pytest.raises(cf.errors.OutOfRangeError):
        later.moved(2, START)
    with pytest.raises(cf.errors.WrongTypeError):
        later.moved("1", START)  # type: ignore[arg-type]
    with pytest.raises(cf.errors.OutOfRangeError):
        h.with_version(START.subtract(days=1), {"followup.window.within": "2 calendar days"})
    with pytest.raises(cf.ValidationError):
        h.with_version(START.add(days=1), {"followup.nope": 1})


# -- plain data --------------------------------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(histories)
def test_a_history_round_trips_through_dict_toml_and_data(history: PolicyHistory) -> None:
    assert history == PolicyHistory.from_dict(history.to_dict())
    assert history == PolicyHistory.from_toml(history.to_toml())
    data = cf.to_data(history)
    assert data == json.loads(json.dumps(data))
    assert history == cf.from_data(PolicyHistory, data)
    assert history.to_dict() == PolicyHistory.from_dict(history.to_dict()).to_dict()


TOML = """
format = 1
name = "hotline 2026"

[[versions]]
effective_from = 2026-01-01T00:00:00+08:00

[[versions]]
effective_from = 2026-03-01T00:00:00+08:00
[versions.changes]
"sla.targets[reply].within" = "1 business day"
"""


def test_a_toml_history_takes_changes_to_the_version_before() -> None:
    h = PolicyHistory.from_toml(TOML)
    assert "hotline 2026" == h.name
    assert (
        h.versions[0].policy
        == PolicyHistory.from_dict(
            {"format": 1, "versions": [{"effective_from": "2026-01-01T00:00+08:00"}]}
        )
        .versions[0]
        .policy
    )
    assert h.versions[1].policy == h.versions[0].policy.with_(
        {"sla.targets[reply].within": "1 business day"}
    )
    text = h.to_toml()
    assert "effective_from = 2026-03-01 00:00:00+08:00" in text  # an offset date-time
    assert h == PolicyHistory.from_toml(text)
    cf.data.json_schema("policy-history")  # the schema validates the written data:
    import jsonschema

    jsonschema.validate(h.to_dict(), cf.data.json_schema("policy-history"))


def test_every_problem_of_a_history_document_is_reported_at_once() -> None:
    data = {
        "format": 2,
        "versoins": [],
        "versions": [
            {"effective_from": "2026-01-01T00:00:00", "scirpts": {}},
            {"effective_from": dt.date(2026, 2, 1),
             "changes": {"followup.window.within": "2 calendar days"}},
            {"effective_from": "2026-03-01T00:00:00+08:00", "changes": {"no.such": 1}},
            {"changes": {"sla.targets[reply].within": "3 dayz"}, "followup": {}},
            {"effective_from": "2026-05-01T00:00:00+08:00", "format": 1,
             "sla": {"targets": [{"name": "x"}]}},
            {"effective_from": "2026-04-01T00:00:00+08:00"},
        ],
    }  # fmt: skip
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory.from_dict(data)
    paths = [p.path for p in e.value.problems]
    assert {
        "versoins", "format", "versions[0].effective_from", "versions[0].scirpts",
        "versions[1].effective_from", "versions[2].changes.no.such",
        "versions[3].effective_from", "versions[3].changes", "versions[4].format",
        "versions[5].effective_from",
    } <= set(paths), paths  # fmt: skip
    assert any(p.startswith("versions[4].sla") for p in paths), paths


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("format = 1\n[[versions]]\neffective_from = 2026-03-01T00:00:00\n",
         "versions[0].effective_from"),
        ("format = 1\n[[versions]]\neffective_from = 2026-03-01T00:00:00+08:00\n"
         "changes = {'followup.window.within' = '2 calendar days'}\n", "versions[0].changes"),
        ("format = 1\nversions = 3\n", "versions"),
        ("format = 1\n[[versions]\n", ""),
    ],
)  # fmt: skip
def test_a_bad_toml_history_names_the_problem(text: str, path: str) -> None:
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory.from_toml(text)
    assert path == e.value.problems[0].path


def test_from_toml_refuses_bytes_and_from_dict_what_is_no_table() -> None:
    with pytest.raises(cf.errors.WrongTypeError):
        PolicyHistory.from_toml(TOML.encode())  # type: ignore[arg-type]
    with pytest.raises(cf.ValidationError):
        PolicyHistory.from_dict([1, 2])  # type: ignore[arg-type]


# -- replay's edges ----------------------------------------------------------------------


def test_a_ticket_before_the_first_version_fails_alone_and_is_counted() -> None:
    history = PolicyHistory([(START.add(days=2), cf.default_policy())])
    report = cf.policy.replay(TICKETS, history, now=NOW)
    parts, early = _by_version(history)
    assert early > 0
    assert ((("version",), early),) == report.failed
    assert ((history.versions[0].effective_from.isoformat(), len(parts[0])),) == report.versions
    outcomes = list(cf.policy.replay_tickets(TICKETS, history, now=NOW))
    failed = [o for o in outcomes if o.error]
    assert early == len(failed)
    assert failed[0].error is not None
    assert "before the policy history's first version" in (failed[0].error)


def test_a_record_no_version_can_read_fails_with_its_reason() -> None:
    history = PolicyHistory([(START, cf.default_policy()), (START.add(days=1), history_policy(1))])
    bad = [7, {"ticket_id": "T", "workflow": "complaint", "events": "x"},
           {"ticket_id": "T", "workflow": "complaint",
            "events": [{"name": "register", "at": "2026-03-03T00:00:00"}]}]  # fmt: skip
    report = cf.policy.replay(bad, history, now=NOW)
    assert 3 == report.tickets == report.failed_tickets
    assert () == report.versions
    errors = [o.error for o in cf.policy.replay_tickets(bad, history, now=NOW)]
    assert [e.split(":", 1)[0] for e in errors if e] == ["record", "events", "events[0].at"]


def test_a_workflow_only_a_later_version_has_is_judged_by_it() -> None:
    """The version is found from the record as the last version read it; a record the
    run of another version cannot read is read by the version that judges it."""
    base = cf.default_policy()
    without = base.with_({"workflows": {"complaint": {"default": "complaint"}}})
    history = PolicyHistory([(START.subtract(days=1), without), (START.add(days=2), base)])
    report = cf.policy.replay(TICKETS, history, now=NOW)
    by_policy = {
        k: cf.policy.replay(part, v.policy, now=NOW)
        for k, (v, part) in enumerate(zip(history.versions, _by_version(history)[0], strict=True))
    }
    assert _unversioned(report) == by_policy[0].merge(by_policy[1])
    assert report.failed == by_policy[0].merge(by_policy[1]).failed


def test_replay_refuses_what_is_neither_a_policy_nor_a_history() -> None:
    with pytest.raises(cf.errors.WrongTypeError, match="PolicyHistory"):
        cf.policy.replay(TICKETS, {"format": 1}, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(cf.errors.WrongTypeError):
        cf.policy.compare(TICKETS, cf.default_policy(), "b", now=NOW)  # type: ignore[arg-type]
    split = PolicyHistory([(START, cf.default_policy().with_({"replay.segment_by": ["tier"]}))])
    with pytest.raises(cf.errors.SegmentMismatchError):
        cf.policy.compare(TICKETS, cf.default_policy(), split, now=NOW)


GOOD = {"effective_from": "2026-01-01T00:00:00+08:00"}
LATER = "2026-03-01T00:00:00+08:00"


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ({"format": 1, "versions": [{"effective_from": "1 March"}]},
         "versions[0].effective_from", "is not an ISO 8601 instant"),
        ({"format": 1, "versions": []}, "versions", "is empty"),
        ({"format": 1, "versions": [GOOD] * 257}, "versions", "more than 256"),
        ({"format": 1, "name": 7, "versions": [GOOD]}, "name", "7 is not a string"),
        ({"format": 1, "versions": [GOOD, "v2"]}, "versions[1]", "is not a table"),
        ({"format": 1, "versions": [GOOD, {"effective_from": LATER, "changes": ["x"]}]},
         "versions[1].changes", "is not a table"),
        ({"format": 1, "versions": [GOOD, {"effective_from": LATER,
                                           "changes": {"sla.targets[reply].within": "3 dayz"}}]},
         "versions[1].sla.targets[2].within", "3 dayz"),
    ],
)  # fmt: skip
def test_a_bad_history_document_is_refused_at_its_path(data: Any, path: str, words: str) -> None:
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory.from_dict(data)
    assert_problem(e.value, path, words)


def test_changes_after_a_version_that_is_no_table_are_not_applied_to_anything() -> None:
    data = {"format": 1, "versions": [GOOD, 5, {"effective_from": "2026-04-01T00:00:00+08:00",
                                               "changes": {"no.such": 1}}]}  # fmt: skip
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory.from_dict(data)
    assert ["versions[1]"] == [p.path for p in e.value.problems]


def test_a_toml_history_nested_too_deeply_is_a_problem_not_a_recursion_error() -> None:
    text = "format = 1\nx = " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(cf.ValidationError) as e:
        PolicyHistory.from_toml(text)
    assert "nested too deeply" in str(e.value)


def test_a_history_holding_a_null_cannot_be_written_as_toml_and_names_each_one() -> None:
    data = cf.default_policy().to_dict()
    data["sla"]["name"] = None  # type: ignore[index]
    p = cf.Policy.from_dict(data)
    h = PolicyHistory([(START, cf.default_policy()), (START.add(days=1), p)])
    with pytest.raises(cf.ValidationError) as e:
        h.to_toml()
    assert ["versions[1].sla.name"] == [pr.path for pr in e.value.problems]


def test_a_history_refuses_a_name_or_a_change_of_the_wrong_type() -> None:
    with pytest.raises(cf.errors.WrongTypeError) as e:
        PolicyHistory([(START, cf.default_policy())], name=5)  # type: ignore[arg-type]
    assert "name" == e.value.field
    h = PolicyHistory([(START, cf.default_policy())])
    with pytest.raises(cf.errors.WrongTypeError) as e:
        h.with_version(START.add(days=1), ["followup.window.within"])  # type: ignore[arg-type]
    assert "change" == e.value.field
