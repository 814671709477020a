"""Test configuration: Hypothesis profiles.

``CI=true`` selects the ``ci`` profile: derandomised (the same examples every run,
so a red CI is reproducible) and without per-example deadlines (the CI machine is
shared and has two cores; speed is measured in ``bench/``, not in tests).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
