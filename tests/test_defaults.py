"""Each default is written once: in its part's ``_defaults.py``, read everywhere else.

The generated defaults page is current; no two defaults share a path; no default's
literal (a duration, contact hours, the zone) is written in any other module of the
library; the default policy is composed of the parts' defaults, never restated; and
no caller can change a default for the rest of the process.
"""

from __future__ import annotations

import ast
import importlib.util
import pathlib
import re

import pytest

import complaintflow as cf
from complaintflow.rules import defaults

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "complaintflow"
#: Literals that only a defaults module may write: durations, hour intervals, the zone.
DEFAULT_LITERAL = re.compile(
    r"^(\d+ (business |calendar )?(seconds?|minutes?|hours?|days?)"
    r"|\d{1,2}:\d{2}-\d{1,2}:\d{2}|Asia/Shanghai)$"
)
DEFAULTS_MODULES = {"_defaults.py", "_default.py"}


def _generator():  # docs/gen_defaults.py, loaded as a module
    spec = importlib.util.spec_from_file_location("gen_defaults", ROOT / "docs" / "gen_defaults.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_defaults_page_is_generated_and_current() -> None:
    page = (ROOT / "docs" / "defaults.md").read_text(encoding="utf-8")
    assert _generator().render() == page, "run: python docs/gen_defaults.py"


def test_no_two_defaults_share_a_path() -> None:
    paths = [e.default.path for e in defaults()]
    assert sorted(set(paths)) == sorted(paths)


def test_every_default_names_a_known_rule_and_says_why() -> None:
    for e in defaults():
        if e.default.rule is not None:
            assert e.default.rule in cf.rules.RULES, e
        assert all(r in cf.rules.RULES for r in e.default.see_also), e
        assert e.default.why, e


def _literals(path: pathlib.Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and DEFAULT_LITERAL.match(node.value)
    ]


def test_no_default_literal_is_written_outside_a_defaults_module() -> None:
    found = [
        f"{p.relative_to(SRC)}:{line}: {value!r}"
        for p in sorted(SRC.rglob("*.py"))
        if p.name not in DEFAULTS_MODULES
        for line, value in _literals(p)
    ]
    assert [] == found


def test_the_literal_scan_finds_a_restated_default(tmp_path: pathlib.Path) -> None:
    # The scan above must be able to fail: a module restating FU-4's window is caught.
    bad = tmp_path / "bad.py"
    bad.write_text('"""Doc: 3 calendar days is fine here."""\nWITHIN = "3 calendar days"\n')
    assert [(2, "3 calendar days")] == _literals(bad)


def test_the_default_policy_is_composed_of_the_parts_defaults() -> None:
    policy = cf.default_policy()
    office, hotline = policy.calendars["office"], policy.calendars["hotline"]
    assert cf.sla.default(office=office, hotline=hotline).targets == policy.sla.targets
    assert cf.followup.default() == policy.followup
    assert cf.calendars.default("china", years=[2025, 2026]) == office
    assert cf.calendars.default("24x7") == hotline
    for name in cf.workflows.DEFAULT_NAMES:
        assert cf.workflows.default(name) == policy.workflows[name]
    for name in cf.scripts.DEFAULT_NAMES:
        assert cf.scripts.default(name) == policy.scripts[name]


def test_the_sla_defaults_run_on_the_shipped_workflows_events() -> None:
    events = {e for name in cf.workflows.DEFAULT_NAMES for e in cf.workflows.default(name).events}
    # SLA-1 and SLA-7 count telephony and account-management events a host sends besides
    # the ticket's workflow; every other default target runs on workflow events.
    external = {"call_offered", "call_answered", "customer_assigned", "customer_contacted"}
    for t in cf.sla.default().targets:
        assert {*t.start, *t.stop, *t.pause, *t.resume, *t.reset} <= events | external, t.name


def test_default_values_are_read_only_and_data_is_a_fresh_copy() -> None:
    for e in defaults():
        with pytest.raises(TypeError):
            e.default.value["x"] = 1  # type: ignore[index]
        first = e.default.data()
        if isinstance(first, dict):
            first["x"] = 1
            assert "x" not in e.default.data()
    data = cf.sla.default_data()
    data["targets"][0]["within"] = "1 business second"  # type: ignore[index]
    assert "15 business seconds" == cf.sla.default_data()["targets"][0]["within"]  # type: ignore[index]


def test_one_spelling_for_the_default_of_a_part() -> None:
    for part in (cf.calendars, cf.sla, cf.workflows, cf.followup, cf.scripts, cf.policy):
        assert callable(part.default), part.__name__
        assert callable(part.default_data), part.__name__
    assert cf.default_policy is cf.policy.default
