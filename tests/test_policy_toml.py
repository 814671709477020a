"""``Policy.to_toml``: TOML text that ``Policy.from_toml`` reads back as an equal policy."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from test_policy import BASE, VARIANTS


@given(st.lists(st.sampled_from(VARIANTS), max_size=4))
@settings(max_examples=25, deadline=None)
def test_to_toml_round_trips(changes: list[dict[str, object]]) -> None:
    merged: dict[str, object] = {}
    for change in changes:
        merged.update(change)
    p = BASE.with_(merged) if merged else BASE
    text = p.to_toml()
    assert p == cf.Policy.from_toml(text)
    assert text == cf.Policy.from_toml(text).to_toml()


def test_a_null_cannot_be_written_and_every_one_is_named() -> None:
    data = BASE.to_dict()
    data["sla"]["name"] = None  # type: ignore[index]  # the parser reads null as absent here
    data["followup"]["caps"][0]["min_gap"] = None  # type: ignore[index]
    p = cf.Policy.from_dict(data)
    with pytest.raises(cf.ValidationError) as e:
        p.to_toml()
    assert ["followup.caps[0].min_gap", "sla.name"] == sorted(pr.path for pr in e.value.problems)
