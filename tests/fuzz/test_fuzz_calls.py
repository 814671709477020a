"""Fuzz target of the calls: every public function and method, junk in one argument.

``tests/fuzz/test_fuzz_constructors.py`` does it for the constructors; here
``call_examples`` holds one valid call of every public callable (every function a
part's ``__all__`` or the root's exports, and every public method of the classes
they export that takes an argument besides ``self``/``cls``). Each test makes that
call with ONE argument replaced, by each of the constructors' :data:`TARGETED`
values and by Hypothesis junk, and asserts the harness promise: a return, or a
well-formed ``ComplaintflowError`` naming its field, within the budget.

A new public callable fails :func:`test_every_public_callable_has_an_example` until
it is added to ``call_examples.EXAMPLES`` (or, with a reason, to ``FORWARDS``).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from call_examples import EXAMPLES, FORWARDS, call_of, public_callables
from fuzz.test_fuzz_constructors import TARGETED
from fuzz_strategies import deep_junk, junk
from fuzzing import run

NAMES = sorted(EXAMPLES)
#: Every public callable, by name (as the completeness test lists them).
PUBLIC = public_callables()


def test_every_public_callable_has_an_example() -> None:
    public = set(PUBLIC)
    missing = sorted(public - set(EXAMPLES) - set(FORWARDS))
    assert not missing, f"public callables without an example in call_examples: {missing}"
    assert set(EXAMPLES) <= public, sorted(set(EXAMPLES) - public)
    assert set(FORWARDS) <= public, sorted(set(FORWARDS) - public)
    assert not set(EXAMPLES) & set(FORWARDS), sorted(set(EXAMPLES) & set(FORWARDS))


@pytest.mark.parametrize("name", NAMES)
def test_the_example_call_succeeds(name: str) -> None:
    out = run(call_of(name), known=False)
    assert out.kind == "ok", f"{name}: {out.error!r}"


@pytest.mark.parametrize("name", [n for n in NAMES if call_of(n).arguments])
def test_targeted_junk_in_one_call_argument(name: str) -> None:
    for argument in call_of(name).arguments:
        for label, value in TARGETED.items():
            try:
                run(call_of(name).with_(argument, value), known=False)
            except AssertionError as e:
                raise AssertionError(f"{name}({argument}=<{label}>): {e}") from e


def _part(name: str) -> str:
    """The part a callable belongs to: its module's (``sla``), or its class's."""
    target: Any = PUBLIC[name]
    module = target.__module__.split(".")
    return module[1] if len(module) > 2 else "kernel"


#: The callables that take arguments, by part: one fuzz target a part.
BY_PART: dict[str, list[str]] = {}
for _name in NAMES:
    if call_of(_name).arguments:
        BY_PART.setdefault(_part(_name), []).append(_name)


@pytest.mark.parametrize("part", sorted(BY_PART))
@given(data=st.data())
def test_fuzzed_junk_in_one_call_argument(part: str, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(BY_PART[part]), label="callable")
    example = call_of(name)
    argument = data.draw(st.sampled_from(list(example.arguments)), label="argument")
    value = data.draw(st.one_of(junk, deep_junk, st.lists(junk, max_size=3)), label="value")
    run(example.with_(argument, value))
