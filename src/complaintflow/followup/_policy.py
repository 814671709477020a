"""The follow-up policy: contact hours, window, caps, fallback and campaigns, and its default.

Theory of operation
-------------------
A `FollowupPolicy` composes the rule values of ``_definition`` (each with
its rule ID) into the policy `decide` and
`plan` apply. It is built from plain data by the
parser (every problem at once, missing sections from ``_defaults``);
`default` is ``FollowupPolicy.from_dict({})``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

import attrs

from complaintflow._check import is_instance, is_int
from complaintflow._errors import FollowupError, items_of
from complaintflow.followup._defaults import HORIZON_DAYS
from complaintflow.followup._definition import (
    PURPOSE_RULE,
    Campaign,
    ChannelFallback,
    ContactHours,
    ContactWindow,
    FrequencyCap,
    Purpose,
    as_enum,
)
from complaintflow.followup._parse import parse_policy

__all__ = ["FollowupPolicy", "default"]


def _hours(value: Iterable[ContactHours]) -> tuple[ContactHours, ...]:
    return items_of(value, "hours", ContactHours, "ContactHours values")


def _caps(value: Iterable[FrequencyCap]) -> tuple[FrequencyCap, ...]:
    return items_of(value, "caps", FrequencyCap, "FrequencyCap values")


def _campaigns(value: Iterable[Campaign]) -> tuple[Campaign, ...]:
    return items_of(value, "campaigns", Campaign, "Campaign values")


@attrs.frozen
class FollowupPolicy:
    """A follow-up policy: composable rule values, each with its rule ID.

    Build it with `from_dict` (missing sections take defaults) or
    `complaintflow.followup.default`; derive variants with ``attrs.evolve``.

    Attributes:
        hours: Contact hours per purpose (FU-1, FU-10); ``special`` falls back
            to ``service`` hours.
        window: The return-visit window (FU-4), applied when a trigger is given.
        caps: Frequency caps (FU-11); every cap must hold.
        fallback: Channel fallback (FU-5).
        campaigns: Campaign days for special visits (FU-7).
        horizon_days: How far ahead `next_allowed` searches when nothing
            else bounds it.

    Examples:
        >>> policy = FollowupPolicy.from_dict({"caps": [{"max_attempts": 0}],
        ...                                    "hours": {"service": {"hours": {"daily": []}}}})
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 2 problems in follow-up policy:
          - hours.service: these contact hours are never open; give at least one window, e.g. {'daily': ['08:00-12:00', '14:00-21:00']}
          - caps[0].max_attempts: 0 would forbid every contact; give at least 1 (use an opt-out to stop contacts)
    """  # noqa: E501

    hours: tuple[ContactHours, ...] = attrs.field(converter=_hours)
    window: ContactWindow = attrs.field(
        factory=ContactWindow, validator=is_instance(ContactWindow, "a ContactWindow")
    )
    caps: tuple[FrequencyCap, ...] = attrs.field(default=(), converter=_caps)
    fallback: ChannelFallback = attrs.field(
        factory=ChannelFallback, validator=is_instance(ChannelFallback, "a ChannelFallback")
    )
    campaigns: tuple[Campaign, ...] = attrs.field(default=(), converter=_campaigns)
    horizon_days: int = attrs.field(
        default=cast(int, HORIZON_DAYS.value), validator=is_int(minimum=1)
    )

    def hours_for(self, purpose: Purpose) -> ContactHours:
        """The contact hours of ``purpose`` (special visits default to service hours).

        Raises:
            FollowupError: The policy has no hours for that purpose, or ``purpose``
                is a string that names no purpose.
            WrongTypeError: ``purpose`` is neither a `Purpose` nor its value.
        """
        purpose = as_enum(Purpose, purpose, "purpose")
        for h in self.hours:
            if h.purpose is purpose:
                return h
        if purpose is Purpose.SPECIAL:
            return self.hours_for(Purpose.SERVICE)
        raise FollowupError(
            f"purpose: the policy has no contact hours for {purpose.value!r}; add "
            f"hours.{purpose.value} to the policy",
            field="purpose",
            value=purpose,
            rule=PURPOSE_RULE[purpose],
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> FollowupPolicy:
        """Build a policy from plain data, reporting every problem at once.

        Keys (all optional): ``hours`` (purpose to calendar data without
        ``timezone``: ``hours``, ``holidays``, ``workdays``, ``special``...),
        ``window`` (``{"within": "3 calendar days", "calendar": {...}}``),
        ``caps`` (list of ``{"max_attempts", "per_days", "day": "rolling" |
        "local_date", "min_gap", "scope": "customer" | "number", "channels"}``),
        ``fallback`` (``{"sms_after_failed_calls": 2}``), ``campaigns`` (list of
        ``{"name", "dates": ["05-17", "2026-11-11"], "ranges": [["2026-11-01",
        "2026-11-11"]]}``), ``horizon_days``.

        Raises:
            ValidationError: Listing every problem with its path and a hint.

        Examples:
            >>> p = FollowupPolicy.from_dict({"caps": [{"max_attempts": 2, "day": "local_date"}]})
            >>> p.caps[0].day
            <DayRule.LOCAL_DATE: 'local_date'>
        """
        return parse_policy(cls, data)


def default() -> FollowupPolicy:
    """The default follow-up policy: ``FollowupPolicy.from_dict({})``, every rule with its ID.

    Service and special visits 08:00-12:00 and 14:00-21:00 daily (FU-1);
    marketing Mon-Fri 09:00-12:00 and 14:00-18:00 (FU-10); return visits within
    3 calendar days (FU-4); at most 3 attempts per rolling 24 h and 2 hours
    between attempts, per customer (FU-11); SMS after 2 failed calls (FU-5);
    campaign days New Year, Telecom Day (17 May) and National Day (FU-7).

    Examples:
        >>> for cap in default().caps:
        ...     print(cap.describe())
        at most 3 attempts per rolling 24 hours and at least 2 hours between attempts (per customer)
    """
    return FollowupPolicy.from_dict({})
