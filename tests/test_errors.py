"""The exception tree names its public module and survives pickling."""

from __future__ import annotations

import pickle
import traceback

import pytest

import complaintflow.errors
from complaintflow.errors import (
    ComplaintflowError,
    GuardFailedError,
    Problem,
    ValidationError,
    WorkflowError,
)

EXPORTED = [getattr(complaintflow.errors, name) for name in complaintflow.errors.__all__]
ERRORS = [cls for cls in EXPORTED if issubclass(cls, ComplaintflowError)]


def _example(cls: type[ComplaintflowError]) -> ComplaintflowError:
    if issubclass(cls, ValidationError):
        return cls([Problem("hours", "'x' is not a time range", "use e.g. '09:00-17:00'")])
    if issubclass(cls, GuardFailedError):
        reasons = (("has_reply", "FLOW-3", "no reply recorded"),)
        return cls("refused", ticket="T-1", state="s", event="e", reasons=reasons)
    if issubclass(cls, WorkflowError):
        return cls("refused", ticket="T-1", state="s", event="e", rule="FLOW-3")
    return cls("hours: 'x' is refused; use e.g. '09:00-17:00'", field="hours", value="x")


@pytest.mark.parametrize("cls", EXPORTED, ids=lambda cls: cls.__name__)
def test_every_exported_class_reports_the_public_module(cls: type) -> None:
    assert "complaintflow.errors" == cls.__module__
    assert cls is getattr(complaintflow.errors, cls.__qualname__)


def test_tracebacks_name_the_public_module() -> None:
    err = _example(complaintflow.errors.DurationError)
    assert traceback.format_exception_only(err)[0].startswith(
        "complaintflow.errors.DurationError: hours: 'x' is refused"
    )


@pytest.mark.parametrize(
    "cls",
    ERRORS,
    ids=lambda cls: cls.__name__,
)
def test_errors_round_trip_through_pickle(cls: type[ComplaintflowError]) -> None:
    err = _example(cls)
    back = pickle.loads(pickle.dumps(err))
    assert cls is type(back)
    assert (str(err), vars(err)) == (str(back), vars(back))


def test_problems_round_trip_through_pickle() -> None:
    problem = Problem("hours", "'x' is not a time range", "use e.g. '09:00-17:00'")
    assert problem == pickle.loads(pickle.dumps(problem))
