"""The fuzz harness: run one call of a public entry point under a time budget and judge it.

The library promises that every public function returns or raises a
:class:`~complaintflow.errors.ComplaintflowError` (never a raw ``TypeError``,
``KeyError``, ``OverflowError``, ``RecursionError`` ...), that such an error names
the offending field, and that nothing hangs. :func:`run` checks exactly that for
one call:

- a return within the budget passes;
- a :class:`ComplaintflowError` passes when it is well formed (:func:`check_error`);
- any other exception is an *escape* and fails, naming the innermost
  ``complaintflow`` frame it came from;
- a call still running at the budget is sampled (where it is), and interrupted at
  ``HARD_FACTOR`` times the budget with :class:`Hang`; either way it fails as *slow*.
  A call found inside a known hang at ``EARLY`` seconds is interrupted at once.

Findings already reported (the xfail regression tests of ``tests/fuzz/test_findings.py``)
are listed in :data:`KNOWN`: a failure that matches one is recorded as a Hypothesis
``event`` and tolerated, so that a deep run keeps fuzzing past it and the default run
stays green. When a finding is fixed, its regression test XPASSes (strict) and its
entry here is deleted.

The budget is ``CF_FUZZ_BUDGET`` seconds if set, else 2 s, or 5 s under
``--hypothesis-profile=fuzz`` (set by ``tests/fuzz/conftest.py``). The harness uses
``SIGALRM``, so it runs in the main thread of a POSIX process (pytest's and atheris').
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import time
import traceback
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

import attrs

from complaintflow.errors import ComplaintflowError, ValidationError

__all__ = [
    "BUDGET", "KNOWN", "Hang", "Known", "attempt", "check_error", "innermost", "run",
    "set_budget", "where",
]  # fmt: skip

#: Seconds one call may take; see the module docstring.
BUDGET = float(os.environ.get("CF_FUZZ_BUDGET", "2.0"))
#: A call still running at this many budgets is interrupted.
HARD_FACTOR = 3.0
#: Seconds after which a call is looked at early: one inside a known hang (a
#: :data:`KNOWN` "slow" finding) is interrupted then, so tolerating it costs little.
EARLY = 0.5

_SRC = f"{os.sep}complaintflow{os.sep}"


def set_budget(seconds: float) -> None:
    """Change the per-call budget (``tests/fuzz/conftest.py`` does, per profile)."""
    global BUDGET
    BUDGET = seconds


class Hang(BaseException):
    """Raised by the alarm in a call that ran past ``HARD_FACTOR`` budgets."""


def _cf_location(filename: str, function: str) -> str | None:
    if _SRC in filename:
        return f"{filename.rsplit(_SRC, 1)[1]}:{function}"
    if filename.startswith("<attrs generated") and "complaintflow." in filename:
        # attrs' generated methods: "<attrs generated init complaintflow._event.Event>"
        return f"attrs:{filename.strip('<>').rsplit(' ', 1)[-1]}.{function}"
    return None


def where(source: TracebackType | FrameType | None) -> str:
    """The complaintflow frames of a traceback or a running stack, outermost first.

    ``"calendars/_definition.py:add > calendars/_index.py:state_for"``, or ``"?"``
    when no frame is the library's.
    """
    found: list[str] = []
    if isinstance(source, TracebackType):
        for fs in traceback.extract_tb(source):
            loc = _cf_location(fs.filename, fs.name)
            if loc is not None:
                found.append(loc)
    else:
        frame = source
        while frame is not None:
            loc = _cf_location(frame.f_code.co_filename, frame.f_code.co_name)
            if loc is not None:
                found.insert(0, loc)
            frame = frame.f_back
    return " > ".join(found) or "?"


def innermost(stack: str) -> str:
    """The last frame of a :func:`where` stack."""
    return stack.rsplit(" > ", 1)[-1]


@attrs.frozen
class Known:
    """A reported finding that the harness tolerates until it is fixed.

    Attributes:
        id: The finding's ID (``F1``...), as in the regression tests and the docs.
        kind: ``"escape"``, ``"slow"`` or ``"malformed"`` (a library error that
            breaks :func:`check_error`).
        exception: For an escape, the builtin class that escapes.
        location: A regex searched in the :func:`where` stack of the escape, or of the
            slow call's sample.
        message: A regex the exception's text must match, or ``None``.
    """

    id: str
    kind: str
    location: str
    exception: type[BaseException] | tuple[type[BaseException], ...] | None = None
    message: str | None = None

    def matches(self, kind: str, exc: BaseException | None, loc: str) -> bool:
        if kind != self.kind or not re.search(self.location, loc):
            return False
        if self.exception is not None and not isinstance(exc, self.exception):
            return False
        return self.message is None or re.search(self.message, str(exc)) is not None


#: Findings of the fuzz runs, each pinned by an xfail(strict) regression test of
#: ``tests/fuzz/test_findings.py`` under the same ID. Delete an entry with its fix.
KNOWN: tuple[Known, ...] = ()


def attempt(call: Callable[[], Any]) -> Any:
    """``call()``, or ``None`` if it raises anything: for strategies that build values
    from bent parts (generation must not judge, or a slow call would make it flaky)."""
    try:
        return call()
    except Exception:
        return None


@attrs.define
class Outcome:
    """What one call did: ``"ok"`` (``value``), ``"error"`` (``error``) or ``"known"``."""

    kind: str
    value: Any = None
    error: BaseException | None = None
    seconds: float = 0.0
    known: str | None = None


def _record(finding: str) -> None:
    try:
        from hypothesis import event

        event(f"known finding {finding}")
    except Exception:  # outside a Hypothesis test (atheris): nothing to record in
        pass


#: Builtins a ComplaintflowError subclasses, one of which it must be.
_BUILTINS = (ValueError, TypeError, LookupError)


def check_error(e: ComplaintflowError, *, field: bool = True) -> None:
    """A library error is well formed: printable, a builtin too, and naming its field.

    ``field=False`` skips the field check, for errors the API documents without one.
    """
    text = str(e)
    assert isinstance(text, str)
    assert text, f"{type(e).__name__} without a message"
    assert isinstance(e, _BUILTINS), f"{type(e).__name__} subclasses no builtin"
    _check_pickles(e, text)
    if isinstance(e, ValidationError):
        assert e.problems, "a ValidationError with no problems"
        for p in e.problems:
            assert isinstance(p.path, str), f"a problem path that is no str: {p.path!r}"
            assert isinstance(p.message, str), p
            assert p.message, p
            str(p)
        return
    if field:
        assert isinstance(e.field, str), f"{type(e).__name__} names no field: {text[:200]!r}"
        assert e.field, f"{type(e).__name__} names an empty field: {text[:200]!r}"


def _check_pickles(e: ComplaintflowError, text: str) -> None:
    """The error crosses a process boundary whole (a Dask worker's, say), unless the
    refused value itself cannot be pickled: that is the caller's value, not ours."""
    try:
        data = pickle.dumps(e)
    except (pickle.PicklingError, TypeError, AttributeError):
        for held in vars(e).values():  # the refused value, a ticket id: the caller's
            try:
                pickle.dumps(held)
            except Exception:
                return
        raise
    back = pickle.loads(data)
    assert type(back) is type(e), f"{type(e).__name__} unpickles as {type(back).__name__}"
    assert str(back) == text, f"{type(e).__name__} unpickles with another message"


def run(
    call: Callable[[], Any],
    *,
    field: bool = True,
    budget: float | None = None,
    known: bool = True,
) -> Outcome:
    """Run ``call()`` under the budget and judge it (see the module docstring).

    Returns:
        The :class:`Outcome` of a call that kept the promise (or matched a
        :data:`KNOWN` finding, when ``known``).

    Raises:
        AssertionError: An escape, a slow call or a malformed error.
    """
    limit = BUDGET if budget is None else budget
    early = min(EARLY, limit / 4)
    sample: list[str] = []
    slow_known = [k for k in KNOWN if k.kind == "slow"] if known else []
    early_hit: list[Known] = []

    def alarm(signum: int, frame: FrameType | None) -> None:
        here = where(frame)
        sample.append(here)
        if len(sample) == 1:  # the early look: a known hang is cut short here
            early_hit.extend(k for k in slow_known if k.matches("slow", None, here))
            if early_hit:
                raise Hang
            signal.setitimer(signal.ITIMER_REAL, limit - early)
        elif len(sample) == 2:  # at the budget: the slow call's sample
            signal.setitimer(signal.ITIMER_REAL, limit * (HARD_FACTOR - 1))
        else:
            raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, early)
    t0 = time.perf_counter()
    error: BaseException | None = None
    value: Any = None
    try:
        value = call()
    except Hang as e:
        error = e
    except ComplaintflowError as e:
        error = e
    except Exception as e:  # an escape; judged below, outside the alarm
        error = e
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - t0

    if early_hit:
        _record(early_hit[0].id)
        return Outcome("known", seconds=seconds, known=early_hit[0].id)
    if isinstance(error, Hang) or seconds > limit:
        loc = sample[1] if len(sample) > 1 else sample[0] if sample else "?"
        for k in KNOWN if known else ():
            if k.matches("slow", None, loc):
                _record(k.id)
                return Outcome("known", seconds=seconds, known=k.id)
        what = "interrupted" if isinstance(error, Hang) else "finished"
        raise AssertionError(
            f"slow: {what} after {seconds:.2f} s (budget {limit:g} s); at {limit:g} s it was "
            f"in {innermost(loc)} (stack: {loc})"
        )
    if isinstance(error, ComplaintflowError):
        try:
            check_error(error, field=field)
        except AssertionError as bad:
            loc = where(error.__traceback__)
            for k in KNOWN if known else ():
                if k.matches("malformed", bad, loc):
                    _record(k.id)
                    return Outcome("known", error=error, seconds=seconds, known=k.id)
            raise AssertionError(
                f"malformed {type(error).__name__} from {innermost(loc)}: {bad} (stack: {loc})"
            ) from error
        return Outcome("error", error=error, seconds=seconds)
    if error is not None:
        loc = where(error.__traceback__)
        for k in KNOWN if known else ():
            if k.matches("escape", error, loc):
                _record(k.id)
                return Outcome("known", error=error, seconds=seconds, known=k.id)
        raise AssertionError(
            f"escape: {type(error).__name__} from {innermost(loc)}: {str(error)[:300]} "
            f"(stack: {loc})"
        ) from error
    return Outcome("ok", value=value, seconds=seconds)
