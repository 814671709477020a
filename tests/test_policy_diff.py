"""What ``Policy.diff`` reports: every kind of change of every section, and its laws.

The examples pin the words and fields of each kind of change (added, removed,
changed) per section; the properties check, on policies edited at random, that a
policy has no changes from itself, that the changes from ``b`` to ``a`` mirror
those from ``a`` to ``b``, and that a diff names exactly the items whose data
differ, by a plain recursive comparison of ``to_dict()``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.errors import WrongTypeError
from complaintflow.scripts._defaults import default_data as pack_data
from complaintflow.workflows._defaults import default_data as workflow_data

Data = dict[str, Any]


def _expanded() -> Data:
    """The default policy's data with the shipped workflows and packs written out,
    so that edits inside them are edits of the data ``to_dict()`` gives back."""
    data: Data = cf.policy.default_data()
    data["workflows"] = {name: workflow_data(name) for name in data["workflows"]}
    data["scripts"] = {name: pack_data(name) for name in data["scripts"]}
    return data


BASE_DATA = _expanded()
BASE = cf.Policy.from_dict(BASE_DATA)


def edited(edit: Callable[[Data], object]) -> cf.Policy:
    data = copy.deepcopy(BASE_DATA)
    edit(data)
    return cf.Policy.from_dict(data)


def named(items: list[Data], name: str, key: str = "name") -> Data:
    return next(i for i in items if i[key] == name)


def records(changes: tuple[cf.policy.PolicyChange, ...]) -> list[tuple[Any, ...]]:
    return [(c.section, c.item, c.rule, c.before, c.after) for c in changes]


# -- the policy itself --------------------------------------------------------------


def test_a_rename_is_one_change() -> None:
    (change,) = BASE.diff(BASE.with_({"name": "pilot"}))
    assert ("name", "name", None, "default (DOMAIN.md)", "pilot") == records((change,))[0]
    assert "policy renamed from 'default (DOMAIN.md)' to 'pilot'" == str(change)


def test_diff_takes_only_a_policy() -> None:
    with pytest.raises(WrongTypeError) as info:
        BASE.diff(BASE.to_dict())  # type: ignore[arg-type]
    assert "other" == info.value.field
    assert "expected a Policy" in str(info.value)


def test_a_record_holds_every_field() -> None:
    (change,) = BASE.diff(BASE.with_({"followup.horizon_days": 200}))
    assert {
        "section": "followup",
        "item": "horizon_days",
        "rule": None,
        "before": "400",
        "after": "200",
        "text": "follow-up search horizon changed from 400 to 200 days",
    } == change.to_record()


# -- calendars ----------------------------------------------------------------------

NIGHT = {"timezone": "Asia/Shanghai", "hours": {"daily": ["20:00-24:00"]}}


def test_calendar_added_and_removed() -> None:
    more = BASE.with_({"calendars.night": NIGHT})
    assert [("calendars", "night", None, None, None)] == records(BASE.diff(more))
    assert ["calendar night added"] == [str(c) for c in BASE.diff(more)]
    assert ["calendar night removed"] == [str(c) for c in more.diff(BASE)]


def test_calendar_hours_and_zone_changed() -> None:
    night = BASE.with_({"calendars.night": NIGHT})
    later = night.with_(
        {"calendars.night": {"timezone": "Asia/Urumqi", "hours": {"daily": ["21:00-24:00"]}}}
    )
    assert [
        'calendar night: hours changed from {"mon-sun": ["20:00-24:00"]} '
        'to {"mon-sun": ["21:00-24:00"]}',
        "calendar night: timezone changed from 'Asia/Shanghai' to 'Asia/Urumqi'",
    ] == [str(c) for c in night.diff(later)]
    before, after = (c.before for c in night.diff(later)), (c.after for c in night.diff(later))
    assert ['{"mon-sun": ["20:00-24:00"]}', "'Asia/Shanghai'"] == list(before)
    assert ['{"mon-sun": ["21:00-24:00"]}', "'Asia/Urumqi'"] == list(after)


def test_holidays_and_workdays_are_listed_by_day() -> None:
    cal = {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-18:00"]}}
    a = BASE.with_({"calendars.x": {**cal, "holidays": ["2026-01-01", "2026-05-01"]}})
    b = BASE.with_(
        {
            "calendars.x": {
                **cal,
                "holidays": ["2026-05-01", "2026-10-01"],
                "workdays": ["2026-01-04"],
            }
        }
    )
    assert [
        "calendar x: holidays added 2026-10-01; removed 2026-01-01",
        "calendar x: workdays added 2026-01-04",
    ] == [str(c) for c in a.diff(b)]
    assert [
        "calendar x: holidays added 2026-01-01; removed 2026-10-01",
        "calendar x: workdays removed 2026-01-04",
    ] == [str(c) for c in b.diff(a)]


def test_a_calendar_preset_written_out_is_no_change() -> None:
    office = BASE.calendars["office"].to_dict()
    assert () == BASE.diff(BASE.with_({"calendars.office": office}))


# -- SLA ----------------------------------------------------------------------------

CLOSE = {
    "name": "close",
    "rule": "SLA-4",
    "within": "10 business days",
    "calendar": "office",
    "start": ["register"],
    "stop": ["conclude"],
}


def test_sla_target_added_and_removed() -> None:
    more = edited(lambda d: d["sla"]["targets"].append(CLOSE))
    (added,) = BASE.diff(more)
    assert ("sla", "close", "SLA-4", None, "'10 business days'") == records((added,))[0]
    assert "SLA target close (SLA-4) added: within 10 business days" == str(added)
    (removed,) = more.diff(BASE)
    assert ("sla", "close", "SLA-4", "'10 business days'", None) == records((removed,))[0]
    assert "SLA target close (SLA-4) removed" == str(removed)


def test_sla_target_keys_changed_added_and_removed() -> None:
    def edit(d: Data) -> None:
        answer = named(d["sla"]["targets"], "answer")
        answer["calendar"] = "office"
        del answer["warnings"]  # the default warnings apply instead of none
        named(d["sla"]["targets"], "reply")["see_also"] = ["IN-3"]

    assert [
        "SLA target answer (SLA-1): calendar changed from 'hotline' to 'office'",
        "SLA target answer (SLA-1): warnings changed from [] to None",
        'SLA target reply (SLA-3): see_also changed from ["IN-3", "SLA-4", "FLOW-6"] to ["IN-3"]',
    ] == [str(c) for c in BASE.diff(edited(edit))]
    assert ("sla", "answer", "SLA-1", "[]", None) == records(BASE.diff(edited(edit)))[1]


def test_sla_overrides_added_and_removed() -> None:
    vip = {"target": "reply", "when": {"tier": ["VIP"]}, "within": "1 business day"}
    a = edited(lambda d: d["sla"].update(overrides=[vip]))
    (added,) = BASE.diff(a)
    text = json.dumps(vip, sort_keys=True)
    assert ("sla", "overrides", None, None, text) == records((added,))[0]
    assert f"SLA override added: {text}" == str(added)
    assert [f"SLA override removed: {text}"] == [str(c) for c in a.diff(BASE)]


def test_sla_overrides_in_another_order_are_no_change() -> None:
    # Precedence, not order, decides between overrides, so order means nothing.
    vip = {"target": "reply", "when": {"tier": ["VIP"]}, "within": "1 business day"}
    net = {"target": "dispatch", "when": {"category": ["network"]}, "within": "2 business hours"}
    a = edited(lambda d: d["sla"].update(overrides=[vip, net]))
    b = edited(lambda d: d["sla"].update(overrides=[net, vip]))
    assert () == a.diff(b)


def test_sla_precedence_and_name_changed() -> None:
    b = edited(lambda d: d["sla"].update(precedence=["tier", "priority"], name="pilot"))
    assert [
        'SLA precedence changed from null to ["tier", "priority"]',
        "SLA name changed from 'default (DOMAIN.md §3)' to 'pilot'",
    ] == [str(c) for c in BASE.diff(b)]


def test_sla_default_section_compares_with_one_written_out() -> None:
    implicit = cf.Policy.from_dict({"format": 1, "name": BASE.name})
    (change,) = implicit.diff(BASE.with_({"sla.targets[reply].within": "3 business days"}))
    assert (
        "SLA target reply (SLA-3): within changed from '2 business days' to '3 business days'"
        == (str(change))
    )


# -- workflows ----------------------------------------------------------------------


def test_workflow_added_and_removed() -> None:
    fewer = edited(lambda d: d["workflows"].pop("suggestion"))
    assert [("workflows", "suggestion", None, None, None)] == records(BASE.diff(fewer))
    assert ["workflow suggestion removed"] == [str(c) for c in BASE.diff(fewer)]
    assert ["workflow suggestion added"] == [str(c) for c in fewer.diff(BASE)]


def _transitions(d: Data, workflow: str = "complaint") -> list[Data]:
    result: list[Data] = d["workflows"][workflow]["transitions"]
    return result


def test_transition_added_and_removed() -> None:
    def edit(d: Data) -> None:
        first = _transitions(d)[0]
        narrower = {k: v for k, v in first.items() if k != "effects"}
        _transitions(d).insert(0, {**narrower, "guards": ["intake", "known_channel"]})

    more = edited(edit)
    sig = "received --register--> registered [intake, known_channel]"
    (added,) = BASE.diff(more)
    assert ("workflows", "complaint", "FLOW-1", None, sig) == records((added,))[0]
    assert f"workflow complaint: transition {sig} added" == str(added)
    (removed,) = more.diff(BASE)
    assert ("workflows", "complaint", "FLOW-1", sig, None) == records((removed,))[0]
    assert f"workflow complaint: transition {sig} removed" == str(removed)


def test_what_a_transition_does_is_part_of_it() -> None:
    """Its effects and its rule: changing them changes the workflow, and is reported."""

    def edit(d: Data) -> None:
        _transitions(d)[0]["effects"][0]["params"] = {"deadline_rule": "SLA-5"}
        _transitions(d)[1]["rule"] = "FLOW-9"

    changes = BASE.diff(edited(edit))
    assert [
        ("workflows", "complaint", "FLOW-1"),
        ("workflows", "complaint", "FLOW-9"),
    ] == [(c.section, c.item, c.rule) for c in changes]
    effects, rule = changes
    assert str(effects).startswith(
        "workflow complaint: transition received --register--> registered "
        "[intake, known_channel, network_intake]: effects changed from "
    )
    assert '"deadline_rule": "SLA-3"' in (effects.before or "")
    assert '"deadline_rule": "SLA-5"' in (effects.after or "")
    assert (
        "workflow complaint: transition registered --reject--> answered_invalid "
        "[tactful_reply]: rule changed from 'FLOW-2' to 'FLOW-9'"
    ) == str(rule)
    assert ("'FLOW-2'", "'FLOW-9'") == (rule.before, rule.after)


def test_effects_removed_from_a_transition() -> None:
    (change,) = BASE.diff(edited(lambda d: _transitions(d)[0].pop("effects")))
    assert change.after is None
    assert change.before is not None
    assert ": effects changed from [" in str(change)


def _find(d: Data, event: str) -> Data:
    """The first transition of the complaint workflow on ``event`` that has effects
    (edits find it wherever other edits have moved it)."""
    return next(t for t in _transitions(d) if t["event"] == event and "effects" in t)


def _swap_investigate(d: Data) -> None:
    ts = _transitions(d)
    i, j = (k for k, t in enumerate(ts) if (t["source"], t["event"]) == ("accepted", "investigate"))
    ts[i], ts[j] = ts[j], ts[i]


def test_the_order_transitions_are_tried_in_is_reported() -> None:
    """The first transition whose guards pass fires, so their order is behaviour."""
    swapped = edited(_swap_investigate)
    assert swapped != BASE
    (change,) = BASE.diff(swapped)
    quality = "accepted --investigate--> investigating_quality [owner, quality_problem]"
    service = "accepted --investigate--> investigating_service [owner, service_problem]"
    assert ("workflows", "complaint", None) == (change.section, change.item, change.rule)
    assert (f"{quality}; {service}", f"{service}; {quality}") == (change.before, change.after)
    assert (
        "workflow complaint: the transitions of state accepted on investigate are tried in a "
        f"new order (the first that matches fires): {service}; {quality}"
    ) == str(change)
    (back,) = swapped.diff(BASE)
    assert (change.after, change.before) == (back.before, back.after)


def test_transitions_of_other_states_moved_are_no_change() -> None:
    # Only the order among the candidates of one state and event is behaviour.
    def edit(d: Data) -> None:
        ts = _transitions(d)
        ts.append(ts.pop(0))

    moved = edited(edit)
    assert moved != BASE
    assert () == BASE.diff(moved)


def test_guards_added_removed_and_changed() -> None:
    def edit(d: Data) -> None:
        guards = d["workflows"]["complaint"]["guards"]
        guards["intake"]["description"] = "the form"
        guards["note"] = {"kind": "required", "fields": ["note"], "rule": "IN-2"}
        _transitions(d)[1]["guards"].append("note")

    changes = BASE.diff(edited(edit))
    reject = "registered --reject--> answered_invalid [tactful_reply"
    assert [
        f"workflow complaint: transition {reject}, note] added",
        f"workflow complaint: transition {reject}] removed",
        "workflow complaint: guard intake (IN-1) changed",
        "workflow complaint: guard note (IN-2) added",
    ] == [str(c) for c in changes]
    intake, note = changes[2:]
    assert ("IN-1", "IN-2") == (intake.rule, note.rule)
    assert intake.before is not None
    assert '"description": "the form"' in (intake.after or "")
    assert (None, '{"fields": ["note"], "kind": "required", "rule": "IN-2"}') == (
        note.before,
        note.after,
    )
    back = edited(edit).diff(BASE)
    assert "workflow complaint: guard note (IN-2) removed" == str(back[-1])
    assert (note.after, None) == (back[-1].before, back[-1].after)


def test_workflow_fields_changed() -> None:
    def edit(d: Data) -> None:
        d["workflows"]["inquiry"]["version"] = 99

    (change,) = BASE.diff(edited(edit))
    assert ("workflows", "inquiry") == (change.section, change.item)
    assert "workflow inquiry: version changed" == str(change)
    assert change.after == "99"
    assert change.before != change.after


# -- follow-up ----------------------------------------------------------------------


def test_contact_hours_changed_per_purpose() -> None:
    b = BASE.with_({"followup.hours.marketing.hours": {"mon-fri": ["10:00-12:00"]}})
    (change,) = BASE.diff(b)
    assert ("followup", "hours.marketing", "FU-10") == (change.section, change.item, change.rule)
    assert (
        'follow-up marketing contact hours (FU-10): {"mon-fri": ["09:00-12:00", "14:00-18:00"]} '
        'became {"mon-fri": ["10:00-12:00"]}'
    ) == str(change)


def test_window_changed_with_and_without_its_calendar() -> None:
    b = BASE.with_({"followup.window.within": "5 calendar days"})
    assert [("followup", "window", "FU-4", "3 calendar days", "5 calendar days")] == records(
        BASE.diff(b)
    )
    cal = {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-18:00"]}}
    c = BASE.with_({"followup.window": {"within": "3 calendar days", "calendar": cal}})
    (change,) = BASE.diff(c)
    assert "(its calendar changed too)" in str(change)


def test_caps_and_fallback_changed() -> None:
    b = BASE.with_({"followup.caps": [], "followup.fallback.sms_after_failed_calls": 4})
    caps, fallback = BASE.diff(b)
    assert ("caps", "FU-11", "none") == (caps.item, caps.rule, caps.after)
    assert caps.before is not None
    assert caps.before.startswith("at most 3 attempts")
    assert ("fallback", "FU-5", "2", "4") == (
        fallback.item,
        fallback.rule,
        fallback.before,
        fallback.after,
    )
    assert "channel fallback (FU-5): SMS after 2 failed calls became after 4" == str(fallback)


def test_campaigns_added_removed_and_changed() -> None:
    def edit(d: Data) -> None:
        campaigns = d["followup"]["campaigns"]
        campaigns.remove(named(campaigns, "Telecom Day"))
        named(campaigns, "National Day")["dates"] = ["10-01", "10-02"]
        campaigns.append({"name": "Spring Festival", "dates": ["02-17"]})

    assert [
        ("campaigns", "FU-7", None, "Spring Festival"),
        ("campaigns", "FU-7", "Telecom Day", None),
        ("campaigns", "FU-7", None, None),
    ] == [(c.item, c.rule, c.before, c.after) for c in BASE.diff(edited(edit))]
    assert [
        "campaign 'Spring Festival' (FU-7) added",
        "campaign 'Telecom Day' (FU-7) removed",
        "campaign 'National Day' (FU-7): its days changed",
    ] == [str(c) for c in BASE.diff(edited(edit))]


# -- script packs -------------------------------------------------------------------


def test_script_pack_added_and_removed() -> None:
    fewer = edited(lambda d: d["scripts"].pop("en"))
    assert [("scripts", "en", None, None, None)] == records(BASE.diff(fewer))
    assert ["script pack en removed"] == [str(c) for c in BASE.diff(fewer)]
    assert ["script pack en added"] == [str(c) for c in fewer.diff(BASE)]


def test_script_rules_added_removed_and_changed() -> None:
    def edit(d: Data) -> None:
        rules = d["scripts"]["en"]["rules"]
        greeting = named(rules, "greeting", key="id")
        greeting["message"] = "greet first"
        closing = named(rules, "closing", key="id")
        rules.remove(closing)
        rules.append({"id": "no-who", "kind": "forbidden", "phrases": ["who are you"]})

    changes = BASE.diff(edited(edit))
    assert [
        ("scripts", "en.closing", "SC-2"),
        ("scripts", "en.greeting", "SC-1"),
        ("scripts", "en.no-who", None),
    ] == [(c.section, c.item, c.rule) for c in changes]
    assert [
        "script pack en: rule closing (SC-2) removed",
        "script pack en: rule greeting (SC-1) changed",
        "script pack en: rule no-who added",
    ] == [str(c) for c in changes]


def test_script_rule_order_and_description_are_reported() -> None:
    """Rules are reported in their order, so a new order is a change."""

    def edit(d: Data) -> None:
        pack = d["scripts"]["en"]
        pack["rules"].reverse()
        pack["description"] = "pilot"

    order, description = BASE.diff(edited(edit))
    ids = [r.id for r in BASE.scripts["en"].rules]
    assert ("scripts", "en") == (order.section, order.item)
    assert (", ".join(ids), ", ".join(reversed(ids))) == (order.before, order.after)
    assert f"script pack en: rules reported in a new order: {', '.join(reversed(ids))}" == str(
        order
    )
    assert "script pack en: description changed" == str(description)
    assert description.after == "'pilot'"


# -- replay -------------------------------------------------------------------------


def test_replay_settings_changed() -> None:
    (change,) = BASE.diff(BASE.with_({"replay.segment_by": ["tier"]}))
    assert ("replay", "replay", "replay settings changed") == (
        change.section,
        change.item,
        change.text,
    )
    assert change.before == str(BASE.replay)
    assert "segment_by=('tier',)" in (change.after or "")


# -- properties ---------------------------------------------------------------------

HOURS = ({"mon-fri": ["09:00-12:00", "13:30-18:00"]}, {"mon-sat": ["09:00-17:00"]})
WITHIN = ("1 business day", "2 business days", "3 business days")

#: Edits of the expanded default data, each keeping the policy valid. Each takes a
#: choice (an int) so that two edits of the same place can disagree.
EDITS: dict[str, Callable[[Data, int], object]] = {
    "name": lambda d, i: d.update(name=f"policy {i}"),
    "office hours": lambda d, i: d["calendars"]["office"].update(hours=HOURS[i % 2]),
    "office years": lambda d, i: d["calendars"]["office"].update(years=[[2025], [2026]][i % 2]),
    "night calendar": lambda d, i: d["calendars"].update(night=NIGHT),
    "hotline zone": lambda d, i: d["calendars"]["hotline"].update(
        timezone=("Asia/Shanghai", "Asia/Urumqi")[i % 2]
    ),
    "reply within": lambda d, i: named(d["sla"]["targets"], "reply").update(within=WITHIN[i % 3]),
    "dispatch calendar": lambda d, i: named(d["sla"]["targets"], "dispatch").update(
        calendar=("office", "hotline")[i % 2]
    ),
    "no answer warnings": lambda d, i: named(d["sla"]["targets"], "answer").pop("warnings"),
    "close target": lambda d, i: d["sla"]["targets"].append({**CLOSE, "within": WITHIN[i % 3]}),
    "no investigation target": lambda d, i: d["sla"]["targets"].remove(
        named(d["sla"]["targets"], "investigation")
    ),
    "override": lambda d, i: d["sla"].update(
        overrides=[{"target": "reply", "when": {"tier": ["VIP"]}, "within": WITHIN[i % 3]}]
    ),
    "precedence": lambda d, i: d["sla"].update(
        precedence=[["tier", "priority", "category", "channel"], ["priority", "tier"]][i % 2]
    ),
    "sla name": lambda d, i: d["sla"].update(name=f"sla {i % 2}"),
    "no suggestion workflow": lambda d, i: d["workflows"].pop("suggestion"),
    "register effects": lambda d, i: _find(d, "register")["effects"][0].update(
        params={"deadline_rule": ("SLA-3", "SLA-5")[i % 2]}
    ),
    "reject rule": lambda d, i: _find(d, "reject").update(rule=("FLOW-2", "FLOW-9")[i % 2]),
    "intake guard": lambda d, i: d["workflows"]["complaint"]["guards"]["intake"].update(
        description=f"form {i % 2}"
    ),
    "investigate order": lambda d, i: _swap_investigate(d),
    "narrower register": lambda d, i: _transitions(d).insert(
        0,
        {
            "source": "received",
            "event": "register",
            "target": "registered",
            "rule": "FLOW-1",
            "guards": ["intake", "known_channel"],
        },
    ),
    "inquiry version": lambda d, i: d["workflows"]["inquiry"].update(version=10 + i % 2),
    "service hours": lambda d, i: d["followup"]["hours"]["service"].update(hours=HOURS[i % 2]),
    "window": lambda d, i: d["followup"]["window"].update(within=f"{2 + i % 2} calendar days"),
    "caps": lambda d, i: d["followup"].update(
        caps=[{"max_attempts": 2 + i % 2, "min_gap": "4 calendar hours"}]
    ),
    "fallback": lambda d, i: d["followup"]["fallback"].update(sms_after_failed_calls=3 + i % 2),
    "no telecom day": lambda d, i: d["followup"]["campaigns"].remove(
        named(d["followup"]["campaigns"], "Telecom Day")
    ),
    "national days": lambda d, i: named(d["followup"]["campaigns"], "National Day").update(
        dates=[["10-01", "10-02"], ["10-03"]][i % 2]
    ),
    "spring festival": lambda d, i: d["followup"]["campaigns"].append(
        {"name": "Spring Festival", "dates": ["02-17"]}
    ),
    "horizon": lambda d, i: d["followup"].update(horizon_days=300 + i % 2),
    "no en pack": lambda d, i: d["scripts"].pop("en"),
    "greeting message": lambda d, i: named(d["scripts"]["zh_CN"]["rules"], "greeting", "id").update(
        message=f"greet {i % 2}"
    ),
    "no closing rule": lambda d, i: d["scripts"]["en"]["rules"].remove(
        named(d["scripts"]["en"]["rules"], "closing", "id")
    ),
    "pack description": lambda d, i: d["scripts"]["en"].update(description=f"pack {i % 2}"),
    "segment by": lambda d, i: d["replay"].update(segment_by=[["tier"], ["category"]][i % 2]),
}

_BUILT: dict[str, cf.Policy] = {}


def build(edits: dict[str, int]) -> cf.Policy:
    """The policy of some edits, built once per distinct data (the tests stay fast)."""
    data = copy.deepcopy(BASE_DATA)
    for name in sorted(edits, key=lambda e: (e.startswith("no "), e)):  # removals last
        EDITS[name](data, edits[name])
    key = json.dumps(data, sort_keys=True)
    if key not in _BUILT:
        _BUILT[key] = cf.Policy.from_dict(data)
    return _BUILT[key]


edit_sets = st.dictionaries(st.sampled_from(sorted(EDITS)), st.integers(0, 5), max_size=4)


def differences(a: Any, b: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The paths at which two plain values differ: tables key by key, lists of named
    items (targets, campaigns, script rules) item by item, other lists whole."""
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                yield (*path, key)
            else:
                yield from differences(a[key], b[key], (*path, key))
        return
    if isinstance(a, list) and isinstance(b, list):
        for by in ("name", "id"):
            if a and b and all(isinstance(i, dict) and by in i for i in (*a, *b)):
                yield from differences({i[by]: i for i in a}, {i[by]: i for i in b}, path)
                return
    yield path


def item_of(path: tuple[Any, ...]) -> tuple[str, str]:
    """The ``(section, item)`` a change at a path of the data is reported under."""
    section, *rest = path
    if section in ("name", "replay"):
        return (section, section)
    if section == "sla":
        if rest[0] == "targets":
            return ("sla", rest[1])
        return ("sla", rest[0])
    if section == "followup" and rest[0] == "hours":
        return ("followup", f"hours.{rest[1]}")
    if section == "scripts" and rest[1:2] == ["rules"]:
        return ("scripts", f"{rest[0]}.{rest[2]}")
    return (section, rest[0])


@settings(max_examples=15, deadline=None)
@given(edit_sets)
def test_a_policy_has_no_changes_from_itself(edits: dict[str, int]) -> None:
    p = build(edits)
    assert () == p.diff(p)
    assert () == p.diff(cf.Policy.from_dict(p.to_dict()))


@settings(max_examples=25, deadline=None)
@given(edit_sets, edit_sets)
def test_diff_names_exactly_the_items_whose_data_differ(
    a_edits: dict[str, int], b_edits: dict[str, int]
) -> None:
    a, b = build(a_edits), build(b_edits)
    expected = {item_of(p) for p in differences(a.to_dict(), b.to_dict())}
    assert expected == {(c.section, c.item) for c in a.diff(b)}


@settings(max_examples=20, deadline=None)
@given(edit_sets, edit_sets)
def test_the_diff_back_mirrors_the_diff_there(
    a_edits: dict[str, int], b_edits: dict[str, int]
) -> None:
    a, b = build(a_edits), build(b_edits)
    there = sorted((c.section, c.item, c.before or "", c.after or "") for c in a.diff(b))
    back = sorted((c.section, c.item, c.after or "", c.before or "") for c in b.diff(a))
    assert there == back
    swap = {"added": "removed", "removed": "added"}
    verbs = sorted(swap[v] for c in a.diff(b) for v in re.findall(r"\b(added|removed)\b", c.text))
    assert verbs == sorted(v for c in b.diff(a) for v in re.findall(r"\b(added|removed)\b", c.text))
    assert a.diff(b) == a.diff(b)  # the same two policies, the same changes
