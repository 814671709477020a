"""Test configuration: Hypothesis profiles.

``CI=true`` selects the ``ci`` profile: derandomised (the same examples every run,
so a red CI is reproducible) and without per-example deadlines (the CI machine is
shared and has two cores; speed is measured in ``bench/``, not in tests).

``--hypothesis-profile=fuzz`` selects the deep fuzz run of ``tests/fuzz/``:
``CF_FUZZ_EXAMPLES`` examples per target (100,000 by default), no deadline (the
harness in ``tests/fuzzing.py`` times each call against its own budget instead) and
no health checks that would stop a long run for slow or large inputs. See
``docs/testing.md``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("CF_FUZZ_EXAMPLES", "100000")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
