"""Assertions on the problems a `ValidationError` reports."""

from __future__ import annotations

import complaintflow as cf


def assert_problem(error: cf.ValidationError, path: str, words: str) -> None:
    """``error`` reports a problem at exactly ``path`` whose text holds ``words``."""
    problems = [(p.path, str(p)) for p in error.problems]
    assert [p for p in problems if p[0] == path and words in p[1]], problems
