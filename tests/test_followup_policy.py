"""Follow-up policies from plain data: defaults and every problem at once."""

from __future__ import annotations

import datetime as dt

import pytest

from complaintflow import followup
from complaintflow.errors import ValidationError
from complaintflow.followup import (
    CapScope,
    Channel,
    DayRule,
    FollowupPolicy,
    Purpose,
)


def test_empty_data_is_the_rule_id_default() -> None:
    policy = FollowupPolicy.from_dict({})
    assert policy == followup.default()
    service = policy.hours_for(Purpose.SERVICE)
    assert ("FU-1", [("08:00", "12:00"), ("14:00", "21:00")]) == (
        service.rule,
        service.calendar.hours_on(dt.date(2026, 5, 6)),
    )
    marketing = policy.hours_for(Purpose.MARKETING)
    assert ("FU-10", []) == (marketing.rule, marketing.calendar.hours_on(dt.date(2026, 5, 9)))
    assert policy.hours_for(Purpose.SPECIAL) is service  # special visits use service hours
    assert ("FU-4", "3 calendar days") == (policy.window.rule, str(policy.window.within))
    (cap,) = policy.caps
    assert (3, DayRule.ROLLING, CapScope.CUSTOMER, "FU-11") == (
        cap.max_attempts,
        cap.day,
        cap.scope,
        cap.rule,
    )
    assert ("FU-5", 2) == (policy.fallback.rule, policy.fallback.sms_after_failed_calls)
    assert {"New Year's Day", "Telecom Day", "National Day"} == {c.name for c in policy.campaigns}
    assert all("FU-7" == c.rule for c in policy.campaigns)


def test_full_policy_round() -> None:
    policy = FollowupPolicy.from_dict(
        {
            "hours": {
                "service": {"hours": {"daily": ["08:00-12:00"]}},
                "special": {"hours": {"daily": ["10:00-11:00"]}},
            },
            "window": {"within": "8 business hours"},
            "caps": [
                {"max_attempts": 2, "per_days": 7, "day": "local_date", "scope": "number"},
                {"min_gap": "30 calendar minutes", "channels": ["phone"]},
            ],
            "fallback": {"sms_after_failed_calls": 3},
            "campaigns": [{"name": "Spring promo", "dates": ["2027-02-01", "02-29"]}],
            "horizon_days": 30,
        }
    )
    assert [(10 * 3600, 11 * 3600)] == list(policy.hours_for(Purpose.SPECIAL).calendar.weekly[0])
    assert "8 business hours" == str(policy.window.within)
    assert (7, frozenset({Channel.PHONE})) == (policy.caps[0].per_days, policy.caps[1].channels)
    (campaign,) = policy.campaigns
    assert dt.date(2028, 2, 29) == campaign.next_day(dt.date(2027, 3, 1))
    assert dt.date(2027, 2, 1) == campaign.next_day(dt.date(2027, 1, 1))


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        FollowupPolicy.from_dict(
            {
                "hours": {
                    "service": {"hours": {"daily": ["08:00-12:00", "11:00-13:00"]}},
                    "marketing": {"timezone": "Asia/Shanghai", "hours": {"mon": ["09:00-09:00"]}},
                    "sales": {},
                },
                "window": {"within": "3 days"},
                "caps": [
                    {"max_attempts": 0},
                    {"max_attempts": 2, "day": "calendar"},
                    {"min_gap": "1 business hours"},
                    {},
                ],
                "fallback": {"sms_after_failed_calls": 0},
                "campaigns": [{"name": "Telecom Day", "dates": ["05-32"]}],
                "horizon": 3,
            }
        )
    paths = [p.path for p in info.value.problems]
    assert [
        "horizon",
        "hours.sales",
        "hours.service.hours.daily",
        "hours.marketing.timezone",
        "window.within",
        "caps[0].max_attempts",
        "caps[1].day",
        "caps[2].min_gap",
        "caps[3]",
        "fallback.sms_after_failed_calls",
        "campaigns[0].dates[0]",
    ] == paths
    text = str(info.value)
    assert "overlap" in text
    assert "'rolling', 'local_date'" in text
    assert "did you mean 'horizon_days'?" in text


def test_empty_interval_is_reported() -> None:
    with pytest.raises(ValidationError, match="empty"):
        FollowupPolicy.from_dict({"hours": {"marketing": {"hours": {"mon": ["09:00-09:00"]}}}})


def test_never_open_hours_are_reported() -> None:
    with pytest.raises(ValidationError, match="never open"):
        FollowupPolicy.from_dict({"hours": {"service": {"hours": {}}}})


def test_not_a_mapping() -> None:
    with pytest.raises(ValidationError, match="not a mapping"):
        FollowupPolicy.from_dict([])  # type: ignore[arg-type]


def test_hours_are_not_tied_to_a_zone_until_used() -> None:
    policy = followup.default()
    hours = policy.hours_for(Purpose.SERVICE)
    a = hours.index_for("Asia/Shanghai")
    assert a is hours.index_for("Asia/Shanghai")  # cached per zone
    assert a is not hours.index_for("Europe/London")


def test_campaign_dates_may_be_toml_dates_but_not_datetimes() -> None:
    """TOML gives unquoted dates as date objects; they parse like ISO strings."""
    policy = FollowupPolicy.from_dict(
        {"campaigns": [{"name": "双11", "ranges": [[dt.date(2026, 11, 1), "2026-11-11"]]}]}
    )
    assert ((dt.date(2026, 11, 1), dt.date(2026, 11, 11)),) == policy.campaigns[0].ranges
    with pytest.raises(ValidationError) as caught:
        FollowupPolicy.from_dict(
            {"campaigns": [{"name": "x", "dates": [dt.datetime(2026, 11, 11, 9, 0)]}]}
        )
    [problem] = caught.value.problems
    assert "campaigns[0].dates[0]" == problem.path
    assert "datetime" in problem.message
