"""Fuzz suite configuration: the per-call budget of the loaded Hypothesis profile.

The profiles themselves are registered in ``tests/conftest.py`` (so that
``--hypothesis-profile=fuzz`` can select them); the ``fuzz`` profile gets a longer
per-call budget, since a deep run shares the machine for hours. ``CF_FUZZ_BUDGET``
(seconds) overrides both.
"""

from __future__ import annotations

import os

import pytest

import fuzzing

#: Per-call budget (seconds) by profile; others get the harness default (2 s).
#: CI (``CI=true``, the derandomised ``ci`` profile) gets some slack too: a call that
#: is slow only on a loaded machine must not turn a submission red.
BUDGETS = {"fuzz": 5.0, "ci": 4.0}


@pytest.fixture(autouse=True, scope="session")
def _fuzz_budget(request: pytest.FixtureRequest) -> None:
    profile = request.config.getoption("hypothesis_profile", None)
    if profile is None and os.environ.get("CI"):
        profile = "ci"
    if "CF_FUZZ_BUDGET" not in os.environ and profile in BUDGETS:
        fuzzing.set_budget(BUDGETS[profile])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Junk makes large reprs; Hypothesis warns about printing them, which is no failure."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.filterwarnings("ignore:Generating overly large repr"))
