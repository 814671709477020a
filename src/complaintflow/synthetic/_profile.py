"""The shape of a synthetic hotline: arrivals by hour, mixes and probabilities.

Theory of operation
-------------------
A `SyntheticProfile` is a frozen value holding everything the generator
(`complaintflow.synthetic._generate`, its record stream in
`complaintflow.synthetic._stream`) draws from: the expected contacts per clock hour of
a day (the default is a busy day of the source hotline, SLA-9: 922 contacts, 110 in
the busiest hour), the mix of workflows, of IN-5 categories per workflow and of IN-2
channels, the VIP share, and the probabilities of each branch of the closed loop
(FLOW-2 invalid complaints, FLOW-6 dissatisfaction, review, second review and
escalation, SLA-3 slow investigations, FU-2/FU-4/FU-1 return-visit outcomes, FU-9 to
FU-12 marketing calls). Mixes are stored as sorted-by-input tuples of
``(name, weight)`` pairs so the value is hashable and ``attrs.evolve`` works in a
notebook. Construction checks every field and reports every problem at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs

from complaintflow._errors import Problem, ValidationError, problem_text
from complaintflow.staffing._defaults import SLA9_BUSY_DAY
from complaintflow.workflows._defaults import CATEGORIES, CHANNELS

WORKFLOWS = ("complaint", "inquiry", "suggestion", "incident")
"""The shipped workflows a synthetic ticket may follow, as a record's ``workflow``."""


Mix = tuple[tuple[str, float], ...]


def _as_tuple(value: object) -> Any:
    """A tuple of an iterable's items; anything else (a string, bytes, a number) is
    kept as it is, for the checks to report with its path: nothing is guessed."""
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | bytearray | Mapping):
        return tuple(value)
    return value


def _mix(value: Mapping[str, float] | Iterable[tuple[str, float]]) -> Mix:
    items = tuple(value.items()) if isinstance(value, Mapping) else _as_tuple(value)
    if not isinstance(items, tuple):
        return cast(Mix, items)
    return tuple(_as_tuple(pair) for pair in items)


def _floats(value: Iterable[float]) -> tuple[float, ...]:
    return cast("tuple[float, ...]", _as_tuple(value))


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


@attrs.frozen
class SyntheticProfile:
    """What a synthetic hotline looks like; every default names its source rule.

    Mixes are ``(name, weight)`` pairs (a dict is accepted too); weights need not sum
    to one. Probabilities are per ticket unless the attribute says otherwise.

    Attributes:
        hourly: Expected contacts per clock hour 00-23 on a typical day of the
            generated period (SLA-9 busy day: 922 a day, 110 at 10:00; SLA-10: 24 h).
            Their sum is the default daily volume.
        workflows: Mix of shipped workflows (mostly complaints and inquiries).
        complaint_categories: IN-5 categories of complaints.
        inquiry_categories: Categories of inquiries (a plausible subset of IN-5).
        suggestion_categories: Categories of suggestions.
        channels: IN-2 channels of the first contact.
        vip_share: Share of customers (and so of tickets) of the VIP tier (FU-2, FU-13).
        customers: Size of the customer pool; customers recur across tickets.
        p_urgent: Share of network complaints with no service at all (SLA-8).
        p_invalid: Complaints judged unjustified and answered tactfully (FLOW-2).
        p_dispute: Of those, the customer disputes the judgement (FLOW-6).
        p_dissatisfied: Not satisfied with the solution: review (FLOW-6).
        p_second_review: Still not satisfied after the review (FLOW-6).
        p_escalate: Not satisfied after the second review: escalation (FLOW-6, FLOW-7).
        p_slow: Investigations slow enough to breach the 2-day reply (SLA-3, SLA-5).
        p_reassign: Complaints re-assigned to another department (FLOW-11).
        p_link_incident: Network complaints linked to an open incident (FLOW-12).
        p_transfer: Inquiries too complex to answer on the spot (IN-4).
        p_return_visit: Regular complaints that get a return visit (FLOW-8, FU-3); the
            others stay resolved, without one (a FLOW-8 gap).
        p_vip_no_visit: VIP complaints whose return visit never happens (a FU-2 gap).
        p_late_visit: Return visits later than three days (a FU-4 / SLA-6 gap).
        p_rest_hours: Calls placed in the customer's rest hours (a FU-1 / FU-10 gap).
        p_sms: Return visits by SMS rather than phone (FU-5).
        p_no_answer: Per call: not answered.
        p_busy: Per call: line busy.
        p_refused: Per call: the customer refuses further calls (FU-9).
        p_quick_retry: A retry within minutes of a failed call (a FU-11 gap).
        p_marketing: Tickets whose customer also gets marketing calls (FU-10 to FU-12).
        p_opt_out: Customers who opted out of marketing calls (FU-12).

    Raises:
        ValidationError: Listing every bad field at once.

    Examples:
        >>> p = SyntheticProfile()
        >>> p.daily_volume, p.peak_hour, max(p.hourly)
        (922, 10, 110)
        >>> import attrs
        >>> attrs.evolve(p, vip_share=0.2).vip_share
        0.2
        >>> SyntheticProfile(p_invalid=1.5, channels={"fax": 1.0})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 2 problems in synthetic profile:
          - channels.fax: unknown name 'fax'; use one of ('phone', ...
          - p_invalid: 1.5 is not a probability; use a number from 0 to 1
    """

    hourly: tuple[float, ...] = attrs.field(default=SLA9_BUSY_DAY, converter=_floats)
    workflows: Mix = attrs.field(
        default=(
            ("complaint", 0.55),
            ("inquiry", 0.40),
            ("suggestion", 0.045),
            ("incident", 0.005),
        ),
        converter=_mix,
    )
    complaint_categories: Mix = attrs.field(
        default=(
            ("network", 0.28),
            ("billing", 0.22),
            ("information_security", 0.04),
            ("after_sales", 0.10),
            ("marketing_harassment", 0.07),
            ("service_attitude", 0.10),
            ("product", 0.08),
            ("service_mode", 0.05),
            ("facilities", 0.03),
            ("number_resources", 0.03),
        ),
        converter=_mix,
    )
    inquiry_categories: Mix = attrs.field(
        default=(
            ("billing", 0.40),
            ("product", 0.25),
            ("network", 0.15),
            ("number_resources", 0.10),
            ("after_sales", 0.10),
        ),
        converter=_mix,
    )
    suggestion_categories: Mix = attrs.field(
        default=(
            ("service_mode", 0.40),
            ("product", 0.30),
            ("facilities", 0.20),
            ("network", 0.10),
        ),
        converter=_mix,
    )
    channels: Mix = attrs.field(
        default=(
            ("phone", 0.70),
            ("sms", 0.05),
            ("email", 0.03),
            ("online_form", 0.10),
            ("letter", 0.01),
            ("social_media", 0.06),
            ("walk_in", 0.05),
        ),
        converter=_mix,
    )
    vip_share: float = 0.08
    customers: int = 200_000
    p_urgent: float = 0.2
    p_invalid: float = 0.08
    p_dispute: float = 0.3
    p_dissatisfied: float = 0.15
    p_second_review: float = 0.35
    p_escalate: float = 0.4
    p_slow: float = 0.12
    p_reassign: float = 0.03
    p_link_incident: float = 0.05
    p_transfer: float = 0.2
    p_return_visit: float = 0.95
    p_vip_no_visit: float = 0.03
    p_late_visit: float = 0.1
    p_rest_hours: float = 0.05
    p_sms: float = 0.15
    p_no_answer: float = 0.25
    p_busy: float = 0.08
    p_refused: float = 0.02
    p_quick_retry: float = 0.1
    p_marketing: float = 0.04
    p_opt_out: float = 0.05

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        given: object = self.hourly  # built directly, it may be anything
        if not isinstance(given, tuple):
            problems.append(Problem("hourly", f"{problem_text(given)} is not a list"))
        elif len(self.hourly) != 24:
            problems.append(
                Problem("hourly", f"{len(self.hourly)} values", "give 24, one per clock hour 00-23")
            )
        hourly = self.hourly if isinstance(self.hourly, tuple) else ()
        bad = [i for i, x in enumerate(hourly) if not _is_number(x) or x < 0]
        problems += [
            Problem(f"hourly[{i}]", f"{self.hourly[i]!r} is not a count", "use a number >= 0")
            for i in bad
        ]
        if not bad and hourly and sum(hourly) <= 0:
            problems.append(Problem("hourly", "all zero", "give at least one hour a volume"))
        allowed = {
            "workflows": WORKFLOWS,
            "complaint_categories": CATEGORIES,
            "inquiry_categories": CATEGORIES,
            "suggestion_categories": CATEGORIES,
            "channels": CHANNELS,
        }
        for field, names in allowed.items():
            problems += _mix_problems(field, getattr(self, field), names)
        if not isinstance(self.customers, int) or isinstance(self.customers, bool):
            problems.append(Problem("customers", f"{self.customers!r} is not an integer"))
        elif self.customers < 1:
            problems.append(Problem("customers", f"{self.customers}", "use a pool of at least 1"))
        for a in attrs.fields(SyntheticProfile):
            if a.name == "vip_share" or a.name.startswith("p_"):
                x = getattr(self, a.name)
                if not _is_number(x) or not 0 <= x <= 1:
                    problems.append(
                        Problem(a.name, f"{x!r} is not a probability", "use a number from 0 to 1")
                    )
        if problems:
            raise ValidationError(problems, what="synthetic profile")

    @property
    def daily_volume(self) -> float:
        """Expected contacts on a day of the profile: the sum of `hourly`."""
        return sum(self.hourly)

    @property
    def peak_hour(self) -> int:
        """The clock hour (0-23) with the most expected contacts (the first if tied)."""
        return max(range(24), key=self.hourly.__getitem__)


def _mix_problems(field: str, mix: Mix, names: tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[object] = set()
    given: object = mix  # plain data may hold anything
    if not isinstance(given, tuple):
        return [Problem(field, f"{problem_text(given)} is not a mix", "use (name, weight) pairs")]
    pairs: tuple[object, ...] = given
    for i, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            problems.append(
                Problem(f"{field}[{i}]", problem_text(pair), "use a (name, weight) pair")
            )
            continue
        name, weight = pair
        if not isinstance(name, str):
            problems.append(Problem(f"{field}[{i}]", f"{problem_text(name)} is not a name"))
        elif name not in names:
            problems.append(
                Problem(f"{field}.{name}", f"unknown name {name!r}", f"use one of {names}")
            )
        elif name in seen:
            problems.append(Problem(f"{field}.{name}", "given twice", "give each name once"))
        if isinstance(name, str):
            seen.add(name)
        if not _is_number(weight) or weight < 0:
            problems.append(
                Problem(f"{field}.{name}", f"weight {problem_text(weight)}", "use a number >= 0")
            )
    ok = not problems and mix
    if ok and sum(w for _n, w in mix) <= 0:
        problems.append(Problem(field, "all weights are zero", "give one name a weight > 0"))
    if not mix:
        problems.append(Problem(field, "empty", "give at least one (name, weight) pair"))
    return problems
