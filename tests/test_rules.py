"""The rule book: complete, consistent with DOMAIN.md, and mapped to code.

Fails when ``docs/rules.md`` is out of date, when a rule has neither an
implementation nor a reason why it is not checked, when the library names a rule
ID the rule book does not have (in the defaults' data or anywhere in ``src/``), and
when the rule book differs from ``DOMAIN.md`` checked out beside the repository.
"""

from __future__ import annotations

import importlib
import importlib.util
import pathlib
import re
import types

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow import calendars, followup
from complaintflow.calendars import Duration
from complaintflow.errors import ComplaintflowError, UnknownRuleError
from complaintflow.followup import Customer, OptOut, Purpose, decide
from complaintflow.rules import (
    NOT_CHECKED,
    RULES,
    SECTIONS,
    Implementation,
    Rule,
    _map,
    implementations,
)
from complaintflow.rules import rule as lookup
from complaintflow.sla import SlaOverride, SlaPolicy, SlaTarget
from complaintflow.workflows import WorkflowDefinition
from strategies import misspelt_rule_ids, rule_ids

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOMAIN = ROOT.parent / "shared" / "DOMAIN.md"
SRC = ROOT / "src" / "complaintflow"
RULE_ID = re.compile(r"\b(?:IN|FLOW|SLA|FU|SC|Q)-\d+\b")


def _generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rules", ROOT / "docs" / "gen_rules.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the generated page ------------------------------------------------------------------


def test_docs_rules_page_is_current() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert _generator().render() == page, "run: python docs/gen_rules.py"


def test_page_has_one_row_per_rule_and_a_table_per_section() -> None:
    text = _generator().render()
    rows = re.findall(r"^\| ((?:IN|FLOW|SLA|FU|SC|Q)-\d+) \|", text, re.MULTILINE)
    assert list(RULES) == rows
    assert [f"{n}. {s}" for n, s in enumerate(SECTIONS, 1)] == re.findall(
        r"^## (\d+\. .*)$", text, re.MULTILINE
    )
    assert "| Q-5 | Why complaint handling matters |" in text
    assert "**not checked**: a rationale" in text


# -- completeness -------------------------------------------------------------------------


def test_every_rule_is_implemented_or_explained() -> None:
    implemented = {i.rule_id for i in implementations()}
    missing = [rid for rid in RULES if rid not in implemented and rid not in NOT_CHECKED]
    assert [] == missing, "implement these rules or list them in NOT_CHECKED with the reason"


def test_not_checked_lists_only_unimplemented_rules_with_a_reason() -> None:
    implemented = {i.rule_id for i in implementations()}
    assert [] == sorted(set(NOT_CHECKED) & implemented), "remove these from NOT_CHECKED"
    assert [] == sorted(set(NOT_CHECKED) - set(RULES))
    for rid, reason in NOT_CHECKED.items():
        assert len(reason) > 30, rid


def test_implementations_name_only_known_rules() -> None:
    unknown = sorted({i.rule_id for i in implementations()} - set(RULES))
    assert [] == unknown


def test_every_rule_id_in_the_source_is_known() -> None:
    """A typo such as SLA-11 anywhere in src/ (code, data, docstrings) fails here."""
    unknown: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for found in RULE_ID.findall(path.read_text(encoding="utf-8")):
            if found not in RULES:
                unknown.setdefault(found, []).append(path.name)
    assert {} == unknown


def test_the_source_scan_catches_a_typo() -> None:
    assert ["SLA-11", "FU-2"] == RULE_ID.findall('rule="SLA-11", see FU-2; not T-2026-1 or XFU-3')
    assert "SLA-11" not in RULES


def test_implementation_parts_and_kinds_are_known() -> None:
    for i in implementations():
        assert i.part in _map.PARTS, i
        assert (ROOT / "docs" / "reference" / f"{i.part}.md").is_file(), i.part
        assert i.kind in {
            "target", "escalation", "see_also", "override", "state", "guard", "transition",
            "effect", "contact_hours", "window", "cap", "fallback", "campaign", "opt_out",
            "script_rule", "api",
        }, i  # fmt: skip
        assert i.name
        assert i.detail


def test_code_table_points_at_public_objects() -> None:
    """Each rule implemented by code names a public object of its part that exists."""
    entries = [i for i in implementations() if i.kind == "api"]
    assert entries
    for i in entries:
        module = importlib.import_module(f"complaintflow.{i.part}")
        head, *rest = i.name.split(".")
        assert head in module.__all__, i
        obj: object = getattr(module, head)
        for attribute in rest:
            obj = getattr(obj, attribute)
        assert callable(obj) or isinstance(obj, tuple), i


# -- DOMAIN.md ------------------------------------------------------------------------------


def _domain_rules(text: str) -> list[tuple[str, str, str]]:
    """(ID, section title, source) for every rule row of DOMAIN.md, in order."""
    out: list[tuple[str, str, str]] = []
    section = ""
    for line in text.splitlines():
        heading = re.match(r"^## \d+\. (.*)$", line)
        if heading:
            section = heading.group(1).strip()
        row = re.match(r"^\| ((?:IN|FLOW|SLA|FU|SC|Q)-\d+) \| .* \| (.*) \|$", line)
        if row:
            out.append((row.group(1), section, row.group(2).strip()))
    return out


@pytest.mark.skipif(
    not DOMAIN.is_file(), reason=f"the rule book {DOMAIN} is not checked out beside the repo"
)
def test_rule_book_matches_domain_md() -> None:
    rows = _domain_rules(DOMAIN.read_text(encoding="utf-8"))
    assert len(rows) > 50
    assert [rid for rid, _, _ in rows] == list(RULES)
    assert [(rid, section, source) for rid, section, source in rows] == [
        (r.id, r.section, r.source) for r in RULES.values()
    ]


def test_domain_parser_reads_rows_and_sections() -> None:
    text = "## 3. Time limits (SLA)\n\n| ID | Rule | Source |\n|---|---|---|\n" \
        "| SLA-1 | Answer | 003 四(一)1 |\n"  # fmt: skip
    assert [("SLA-1", "Time limits (SLA)", "003 四(一)1")] == _domain_rules(text)


# -- the rule book --------------------------------------------------------------------------


def test_rules_are_ordered_by_section_then_number_and_read_only() -> None:
    keys = [(r.section_number, r.number) for r in RULES.values()]
    assert sorted(keys) == keys
    assert len(set(keys)) == len(keys)
    assert all(rid == r.id for rid, r in RULES.items())
    with pytest.raises(TypeError):
        RULES["SLA-99"] = RULES["SLA-1"]  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        RULES["SLA-1"].title = "x"  # type: ignore[misc]


def test_the_package_root_exports_the_rule_book() -> None:
    assert cf.rules.RULES is RULES
    assert cf.rules.rule("IN-1") is RULES["IN-1"]


@given(rule_ids)
def test_rule_returns_the_rule_of_every_id(rid: str) -> None:
    r = lookup(rid)
    assert isinstance(r, Rule)
    assert rid == r.id
    assert r.section in SECTIONS
    assert r.title
    assert r.source


@given(misspelt_rule_ids())
def test_a_misspelt_id_is_refused_with_the_meant_one_suggested(case: tuple[str, str]) -> None:
    typed, meant = case
    with pytest.raises(UnknownRuleError) as info:
        lookup(typed)
    assert f"did you mean {meant!r}" in str(info.value)
    assert typed == info.value.value
    assert "rule_id" == info.value.field


@given(st.one_of(st.text(max_size=12), st.integers(), st.none()))
def test_anything_else_is_known_or_a_typed_error(value: object) -> None:
    if value in RULES:
        assert RULES[value] is lookup(value)  # type: ignore[index,arg-type]
        return
    with pytest.raises(UnknownRuleError) as info:
        lookup(value)  # type: ignore[arg-type]
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, ComplaintflowError)
    assert repr(value)[:20] in str(info.value)


def test_unknown_rule_messages() -> None:
    with pytest.raises(UnknownRuleError, match=r"did you mean 'SLA-1' or 'SLA-10'"):
        lookup("SLA-11")
    with pytest.raises(UnknownRuleError, match=r"IDs start with IN-, FLOW-"):
        lookup("XYZ")
    with pytest.raises(UnknownRuleError, match=r"give a string such as 'SLA-3'"):
        lookup(3)  # type: ignore[arg-type]
    with pytest.raises(UnknownRuleError, match=r"'FU-7'.*\(FU rules are FU-1 to FU-13\)$"):
        lookup("FU-77")
    with pytest.raises(UnknownRuleError, match=r"; Q rules are Q-1 to Q-5$"):
        lookup("Q-123456")


# -- the map follows the data -----------------------------------------------------------------


def test_implementations_returns_a_fresh_list() -> None:
    first = implementations()
    first.clear()
    assert implementations()


def test_sla_default_targets_are_mapped_with_their_figures() -> None:
    found = {(i.rule_id, i.kind, i.name): i.detail for i in implementations() if i.part == "sla"}
    reply = found[("SLA-3", "target", "reply")]
    assert (
        "2 business days on the office calendar, "
        "from register/dissatisfied/reopen to reject/notify/review/conclude"
    ) == reply
    answer = found[("SLA-1", "target", "answer")]
    assert answer.startswith("15 business seconds on the 24x7 hotline calendar")
    visit = found[("SLA-6", "target", "return_visit")]
    assert "3 calendar days, real time, from confirm/conclude to record_return_visit" == visit
    dispatch = found[("SLA-2", "escalation", "dispatch@0.75")]
    assert "contact_customer at 75% of the dispatch budget" == dispatch
    assert ("SLA-4", "see_also", "reply") in found


def test_sla_walk_reads_overrides_and_changed_values() -> None:
    cal = calendars.default("24x7")
    target = SlaTarget(
        "reply", "SLA-3", Duration.parse("2 business days"), cal,
        start=("accepted",), stop=("replied",), see_also=("FU-9",),
    )  # fmt: skip
    policy = SlaPolicy(
        [target],
        overrides=[SlaOverride("reply", {"tier": "vip"}, within=Duration.parse("1 calendar day"))],
    )
    got = [(i.rule_id, i.kind, i.name, i.detail) for i in _map.sla_implementations(policy)]
    assert [
        ("SLA-3", "target", "reply",
         "2 business days on the office calendar, from accepted to replied"),
        ("FU-9", "see_also", "reply", "the reply target (SLA-3) serves it too"),
        ("SLA-3", "override", "reply when tier in vip",
         "within 1 calendar day instead of the reply target's own"),
    ] == got  # fmt: skip


def test_workflow_walk_reads_states_guards_transitions_effects_and_params() -> None:
    wf = WorkflowDefinition.from_dict({
        "name": "demo", "version": 1, "initial": "open", "terminal": ["done"],
        "states": {"open": {"rule": "IN-1", "description": "taken"}, "done": {}},
        "events": ["finish", "note"],
        "guards": {"why": {"kind": "required", "rule": "FU-3", "fields": ["result"]}},
        "transitions": [
            {"source": "open", "event": "note", "target": "open", "rule": "FLOW-3"},
            {"source": "open", "event": "finish", "target": "done", "rule": "FLOW-6",
             "guards": ["why"],
             "effects": [{"kind": "tell", "rule": "FLOW-7", "params": {"deadline_rule": "SLA-3"}}]},
        ],
    })  # fmt: skip
    got = [(i.rule_id, i.kind, i.name, i.detail) for i in _map.workflow_implementations([wf])]
    assert [
        ("IN-1", "state", "demo.open", "taken"),
        ("FU-3", "guard", "demo.why", "requires result"),
        ("FLOW-3", "transition", "demo.note", "open → open"),
        ("FLOW-6", "transition", "demo.finish", "open → done"),
        ("FLOW-7", "effect", "demo.tell", "effect emitted on finish"),
        ("SLA-3", "effect", "demo.tell", "the tell effect (on finish) carries deadline_rule=SLA-3"),
    ] == got


def test_followup_and_script_defaults_are_mapped() -> None:
    found = {(i.rule_id, i.kind, i.name) for i in implementations()}
    for key in [
        ("FU-1", "contact_hours", "service"),
        ("FU-10", "contact_hours", "marketing"),
        ("FU-4", "window", "window"),
        ("FU-11", "cap", "caps[0]"),
        ("FU-5", "fallback", "fallback"),
        ("FU-7", "campaign", "Telecom Day"),
        ("FU-9", "opt_out", "all"),
        ("FU-12", "opt_out", "marketing"),
        ("SC-1", "script_rule", "zh_CN/greeting"),
        ("SC-6", "script_rule", "en/forbidden-phrases"),
        ("SC-10", "api", "normalize_text"),
    ]:
        assert key in found


def test_implementation_knows_its_rule() -> None:
    i = Implementation("FU-9", "followup", "opt_out", "all", "x")
    assert RULES["FU-9"] is i.rule


# -- what the map claims is what the library does ----------------------------------------------


def test_opt_out_entries_refuse_with_their_rule() -> None:
    at = pendulum.datetime(2026, 5, 4, 10, tz="Asia/Shanghai")
    entries = {i.name: i.rule_id for i in implementations() if i.kind == "opt_out"}
    assert {"all": "FU-9", "marketing": "FU-12"} == entries
    for name, rid in entries.items():
        purpose = None if name == "all" else Purpose(name)
        customer = Customer(
            "C1",
            "Asia/Shanghai",
            phones=("138",),
            opt_outs=(OptOut(at.subtract(days=1), purpose=purpose),),
        )
        decision = decide(followup.default(), customer, purpose or Purpose.SERVICE, at)
        assert [rid] == [r.rule_id for r in decision.refusals]
        assert decision.retry_at is None


def test_q4_entry_names_the_dispatch_target_it_relies_on() -> None:
    (entry,) = [i for i in implementations() if i.rule_id == "Q-4" and i.kind == "api"]
    assert entry.detail.startswith("partly:")
    dispatch = [i for i in implementations() if (i.rule_id, i.kind) == ("SLA-2", "escalation")]
    assert ["contact_customer at 75% of the dispatch budget"] == [
        i.detail for i in dispatch if i.name == "dispatch@0.75"
    ]
