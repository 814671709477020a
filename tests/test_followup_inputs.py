"""Follow-up inputs are what they say: enum fields take the member or its exact value
string, booleans are booleans, and anything else is refused with a typed error.

An opt-out written ``channel="phone"`` used to be accepted and then never match, so a
customer who asked for no more calls was called again (FU-9).
"""

from __future__ import annotations

import enum

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaintflow import followup
from complaintflow.errors import FollowupError, WrongTypeError
from complaintflow.followup import (
    Agent,
    Appointment,
    Attempt,
    Channel,
    Customer,
    DueFollowup,
    OptOut,
    Outcome,
    Purpose,
    decide,
)
from complaintflow.followup._definition import as_enum

SH = "Asia/Shanghai"
POLICY = followup.default()


def sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=SH)


def customer(**kw: object) -> Customer:
    return Customer("alice", SH, phones=["13800000001"], sms=["13800000001"], **kw)  # type: ignore[arg-type]


def test_fu9_an_opt_out_given_as_strings_stops_the_call() -> None:
    for opt_out in (
        OptOut(sh(2026, 5, 1), channel="phone", purpose="service"),  # type: ignore[arg-type]
        OptOut(sh(2026, 5, 1), channel=Channel.PHONE, purpose=Purpose.SERVICE),
    ):
        d = decide(POLICY, customer(opt_outs=[opt_out]), "service", sh(2026, 5, 6, 10),  # type: ignore[arg-type]
                   channel="phone")  # type: ignore[arg-type]  # fmt: skip
        assert not d.allowed
        assert ["FU-9"] == [r.rule_id for r in d.refusals]
    assert OptOut(sh(2026, 5, 1), channel="phone") == OptOut(sh(2026, 5, 1), channel=Channel.PHONE)  # type: ignore[arg-type]


def test_fu5_failed_attempts_given_as_strings_count_for_the_fallback() -> None:
    at = sh(2026, 5, 6, 16)
    history = [Attempt(sh(2026, 5, 6, 10), outcome="failed"),  # type: ignore[arg-type]
               Attempt(sh(2026, 5, 6, 12, 10), channel="phone", outcome="failed")]  # type: ignore[arg-type]  # fmt: skip
    d = decide(POLICY, customer(), Purpose.SERVICE, at, history=history)
    assert Channel.SMS is d.channel  # two failed calls: SMS next (FU-5)
    assert [a.outcome for a in history] == [Outcome.FAILED, Outcome.FAILED]


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: OptOut(sh(2026, 5, 1), channel="Phone"), "opt_out.channel"),
        (lambda: OptOut(sh(2026, 5, 1), purpose="services"), "opt_out.purpose"),
        (lambda: Attempt(sh(2026, 5, 1), outcome="no answer"), "history.outcome"),
        (lambda: Attempt(sh(2026, 5, 1), channel="call"), "history.channel"),
        (
            lambda: Appointment(sh(2026, 5, 1), sh(2026, 5, 1, 1), purpose="visit"),
            "appointment.purpose",
        ),
        (lambda: decide(POLICY, customer(), "Service", sh(2026, 5, 6, 10)), "purpose"),
        (
            lambda: decide(POLICY, customer(), Purpose.SERVICE, sh(2026, 5, 6, 10), channel="tel"),
            "channel",
        ),
    ],
)
def test_an_unknown_value_string_is_refused_naming_the_field_and_the_allowed(build, field) -> None:
    with pytest.raises(FollowupError) as info:
        build()
    assert field == info.value.field
    assert "use one of" in info.value.message


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Customer("c", SH, vip="no"), "vip"),
        (lambda: Customer("c", SH, vip=1), "vip"),
        (lambda: Customer("", SH), "id"),
        (lambda: Customer(7, SH), "id"),
        (lambda: OptOut(sh(2026, 5, 1), channel=1), "opt_out.channel"),
        (lambda: Attempt(sh(2026, 5, 1), number=13800000001), "number"),
        (lambda: Customer("c", SH, opt_outs=[{"channel": "phone"}]), "opt_outs[0]"),
        (lambda: Customer("c", SH, opt_outs=OptOut(sh(2026, 5, 1))), "opt_outs"),
        (lambda: decide(POLICY, "alice", Purpose.SERVICE, sh(2026, 5, 6, 10)), "customer"),
        (lambda: decide({}, customer(), Purpose.SERVICE, sh(2026, 5, 6, 10)), "policy"),
        (
            lambda: decide(
                POLICY, customer(), Purpose.SERVICE, sh(2026, 5, 6, 10), history=[sh(2026, 5, 1)]
            ),
            "history[0]",
        ),
        (
            lambda: Agent("a", shift=followup.default().hours[0].calendar, skills="billing"),
            "skills",
        ),
        (lambda: DueFollowup("k", "alice", sh(2026, 5, 1)), "customer"),
        (lambda: DueFollowup("k", customer(), sh(2026, 5, 1), purpose=2), "purpose"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_typed_error(build, field) -> None:
    with pytest.raises(WrongTypeError) as info:
        build()
    assert isinstance(info.value, TypeError)
    assert field == info.value.field


ENUMS: list[type[enum.Enum]] = [Channel, Purpose, Outcome, followup.CapScope, followup.DayRule]


@given(st.sampled_from(ENUMS).flatmap(lambda e: st.tuples(st.just(e), st.sampled_from(list(e)))))
def test_each_member_and_its_value_string_are_the_same_input(pair) -> None:
    kind, member = pair
    assert member is as_enum(kind, member.value, "f")
    assert member is as_enum(kind, member, "f")


@given(st.sampled_from(ENUMS), st.text(max_size=12))
def test_no_other_string_is_guessed(kind, text) -> None:
    values = {m.value for m in kind}
    if text in values:
        return
    with pytest.raises(FollowupError):
        as_enum(kind, text, "f")


def test_fu5_a_phone_only_customer_is_called_again_not_blocked_for_good() -> None:
    phone_only = Customer("p", SH, phones=["13800000009"])
    history = [Attempt(sh(2026, 5, 6, 9)), Attempt(sh(2026, 5, 6, 11, 30))]
    d = decide(POLICY, phone_only, Purpose.SERVICE, sh(2026, 5, 6, 16), history=history)
    assert (True, Channel.PHONE, None) == (d.allowed, d.channel, d.no_retry)


def test_every_refusing_rule_is_reported_in_the_documented_order() -> None:
    # FU-5 (channel), FU-9/FU-12 (opt-outs), FU-4 (window), FU-1/FU-10 (hours), FU-11 (caps)
    opted_out = Customer("o", SH, phones=["13800000009"],
                         opt_outs=[OptOut(sh(2026, 5, 1), channel="phone")])  # fmt: skip
    history = [Attempt(sh(2026, 5, 6, 9)), Attempt(sh(2026, 5, 6, 11, 30))]
    d = decide(POLICY, opted_out, Purpose.SERVICE, sh(2026, 5, 6, 12), history=history,
               triggered_at=sh(2026, 5, 1))  # fmt: skip
    assert ["FU-9", "FU-4", "FU-1", "FU-11"] == [r.rule_id for r in d.refusals]
    assert d.no_retry is not None
    assert "FU-9" == d.no_retry.rule_id  # the opt-out, not the channel fallback
