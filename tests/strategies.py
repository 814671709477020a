"""Hypothesis strategies shared by the test modules, one section per part."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import math
import re
from typing import Any
from zoneinfo import ZoneInfo

import pendulum
from hypothesis import assume
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import zone_names
from complaintflow.errors import StaffingLimitError
from complaintflow.followup import (
    Appointment,
    Attempt,
    Channel,
    Customer,
    FollowupPolicy,
    OptOut,
    Outcome,
    Purpose,
)
from complaintflow.staffing import Rounding, ServiceTarget, Workload
from complaintflow.staffing._erlang import MAX_AGENTS, MAX_TRAFFIC
from complaintflow.workflows import JSON, Event, TransitionSpec, WorkflowDefinition

# --------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------

#: Zones with and without DST, with 30-minute DST (Lord Howe), a historical midnight
#: change (Sao Paulo until 2019), a half-hour offset (Kolkata) and a southern one.
ZONES = [
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]

#: Windows that contain DST changes in several of the zones above.
WINDOW_STARTS = [
    dt.date(2026, 3, 6),  # US spring forward 2026-03-08
    dt.date(2026, 3, 27),  # EU spring forward 2026-03-29
    dt.date(2026, 4, 3),  # Sydney / Lord Howe fall back 2026-04-05
    dt.date(2026, 10, 2),  # Sydney / Lord Howe spring forward 2026-10-04
    dt.date(2026, 10, 23),  # EU fall back 2026-10-25
    dt.date(2026, 10, 30),  # US fall back 2026-11-01
    dt.date(2018, 11, 2),  # Sao Paulo spring forward at midnight 2018-11-04
    dt.date(2026, 6, 10),  # no change anywhere
]


def _hhmm(minutes: int) -> str:
    return "24:00" if minutes == 1440 else f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def day_hours(draw: st.DrawFn, night: bool) -> list[str]:
    """One day's intervals: daytime ones within 06:00-22:00, maybe a night shift."""
    marks = draw(
        st.lists(st.integers(24, 88), min_size=0, max_size=6, unique=True).map(sorted)
    )  # quarter hours 06:00..22:00
    marks = marks[: len(marks) // 2 * 2]
    out = [f"{_hhmm(a * 15)}-{_hhmm(b * 15)}" for a, b in zip(marks[::2], marks[1::2], strict=True)]
    if night and draw(st.booleans()):
        start = draw(st.integers(88, 95)) * 15  # 22:00..23:45
        end = draw(st.integers(1, 24)) * 15  # 00:15..06:00 next day
        out.append(f"{_hhmm(start)}-{_hhmm(end)}")
    return out


@st.composite
def calendar_data(draw: st.DrawFn, window: dt.date | None = None) -> dict[str, Any]:
    """Plain calendar data: random weekly hours, night shifts, holidays, make-up days."""
    zone = draw(st.sampled_from(ZONES))
    always = draw(st.integers(0, 9)) == 0
    hours: dict[str, list[str]]
    if always:
        hours = {"daily": ["00:00-24:00"]}
    else:
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        night = draw(st.booleans())
        hours = {}
        for name in names:
            value = draw(day_hours(night))
            if value:
                hours[name] = value
    data: dict[str, Any] = {"timezone": zone, "hours": hours}
    if window is not None:
        days = [window + dt.timedelta(days=k) for k in range(-1, 8)]
        chosen = draw(st.lists(st.sampled_from(days), unique=True, max_size=4))
        split = draw(st.integers(0, len(chosen)))
        holidays, workdays = chosen[:split], chosen[split:]
        data["holidays"] = [d.isoformat() for d in holidays]
        data["workdays"] = [d.isoformat() for d in workdays]
        data["workday_hours"] = draw(day_hours(night=False))
    return data


#: The supported range of instants, in epoch µs (see docs/calendars.md).
FIRST_US = int(dt.datetime(1900, 1, 1, tzinfo=dt.UTC).timestamp()) * 1_000_000
END_US = int(dt.datetime(2200, 1, 1, tzinfo=dt.UTC).timestamp()) * 1_000_000
#: Zones whose history is hardest on an index, with an instant near the hard part: a
#: skipped date (Apia), a gap over midnight (Toronto 1919), two-hour folds over
#: midnight (Goose Bay 1988), UTC+14 and -10 (Kiritimati, Adak), negative DST
#: (Dublin), a DST pause for Ramadan (Casablanca), 30-minute DST (Lord Howe), a
#: +2 h DST (Troll) and Sao Paulo's midnight changes.
HARD_ZONES = {
    "Pacific/Apia": dt.datetime(2011, 12, 29, tzinfo=dt.UTC),
    "America/Toronto": dt.datetime(1919, 3, 30, tzinfo=dt.UTC),
    "America/Goose_Bay": dt.datetime(1988, 10, 29, tzinfo=dt.UTC),
    "Pacific/Kiritimati": dt.datetime(2199, 12, 30, tzinfo=dt.UTC),
    "America/Adak": dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
    "Europe/Dublin": dt.datetime(2026, 10, 24, tzinfo=dt.UTC),
    "Africa/Casablanca": dt.datetime(2026, 2, 14, tzinfo=dt.UTC),
    "Australia/Lord_Howe": dt.datetime(2026, 4, 4, tzinfo=dt.UTC),
    "Antarctica/Troll": dt.datetime(2026, 3, 28, tzinfo=dt.UTC),
    "America/Sao_Paulo": dt.datetime(2018, 2, 17, tzinfo=dt.UTC),
}


def iana_zones() -> list[str]:
    """Every zone of the bundled database, sorted."""
    return sorted(zone_names())


@st.composite
def any_calendar(draw: st.DrawFn, hard: bool | None = None) -> tuple[dict[str, Any], int]:
    """Calendar data in any zone of the database, and an instant (epoch µs) to ask about.

    The instant lies in the supported range: half the time (always with ``hard``)
    within days of the hard part of one of :data:`HARD_ZONES`, or of an end of the
    range; otherwise anywhere in it, in any zone.
    """
    hard = draw(st.booleans()) if hard is None else hard
    zone = draw(st.sampled_from(sorted(HARD_ZONES) if hard else iana_zones()))
    if hard:
        near = int(HARD_ZONES[zone].timestamp()) * 1_000_000
        lo, hi = (
            max(near - 3 * 86_400_000_000, FIRST_US),
            min(near + 4 * 86_400_000_000, END_US - 1),
        )
        t = draw(st.integers(lo, hi))
    else:
        t = draw(st.integers(FIRST_US, END_US - 1))
    always = draw(st.integers(0, 9)) == 0
    hours: dict[str, list[str]] = {}
    if always:
        hours = {"daily": ["00:00-24:00"]}
    else:
        night = draw(st.booleans())
        for name in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            value = draw(day_hours(night))
            if value:
                hours[name] = value
    data: dict[str, Any] = {"timezone": zone, "hours": hours}
    day = (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=t)).date()
    dates = [day + dt.timedelta(days=k) for k in range(-2, 9)]
    chosen = draw(st.lists(st.sampled_from(dates), unique=True, max_size=4))
    split = draw(st.integers(0, len(chosen)))
    data["holidays"] = [d.isoformat() for d in chosen[:split]]
    data["workdays"] = [d.isoformat() for d in chosen[split:]]
    data["workday_hours"] = draw(day_hours(night=False))
    if draw(st.integers(0, 4)) == 0:
        data["special"] = {day.isoformat(): draw(day_hours(night=False))}
    return data, t


#: Business time in µs: mostly a day or a few weeks, now and then up to the longest.
business_micros = st.one_of(
    st.integers(1, 3 * 86_400_000_000),
    st.integers(1, 400 * 3_600_000_000),
    st.integers(1, cf.calendars.Duration.business(hours=2_640_000).micros),
)
#: Whole days (business or calendar): mostly a few, now and then up to the longest.
whole_days = st.one_of(st.integers(1, 10), st.integers(1, 110_000))


# ---------------------------------------------------------------------------
# scripts (complaintflow.scripts): transcripts in Simplified/Traditional Chinese
# ---------------------------------------------------------------------------

#: Han characters inside OpenCC's round-trip-safe set, as this suite defines it:
#: each has exactly one Traditional form in ``STCharacters``, ``t2s`` maps that
#: form back, and neither form is converted differently inside any entry of
#: ``STPhrases`` or ``TSPhrases`` (so conversion does not depend on context).
#: Derived once from the OpenCC 1.4 dictionaries (dumped with ``opencc_dict``),
#: intersected with the default pack's characters and ~600 common characters;
#: ``tests/test_scripts_text.py`` re-checks the round trip on every run.
SAFE_HAN = (
    "一三上下不与专且世业东两中为主丽举久义之乎乐也习书买乱争事五亚些交产亲人什仅今仍"
    "从他代令以们任众优会传伤似但位住体何作你使便保信倒候值做傅像儿元先光入全八公兰共"
    "关兴其内再写军决分切列则刚利到刻前力办功加务动包化北医十半华单南卡即却原去又及友"
    "双反取受变口古句另叫可史号司各名吗吧听告员呢味命和品响哪商喜四因国图土在地场块城"
    "基士声处备外多夜大天太失头奇套女她好如妇妈妻始婚子字存学孩安完官定实客室容密富对"
    "将小少尔就尼居山岁工差己已巴市师希带帮常平年应底度座建开式引张强归形影往待很得微"
    "德心必快怀怎怕思性总息您情惊惠想愉意感慢成我或战户房所手打扰找把投报抱拉拨持指挺"
    "接推提撒收改放故教敢数整文料断斯新方无日早时明易星映是显晚更曾最月有朋服望期未本"
    "机条来林某查树校样根格梦次欢歉歌正此步死母每比毛民气水永求没治法活流海消深清满演"
    "激火灵点热然照爱父爸片物特独王现球理甚生用由电男界留病痛白百的皮目直相看真眼着知"
    "石破示礼社祝神福离科称程究空穿突窢立站竟笑笔第等答算管米类精紧紶红约纪线细终经结"
    "给绝统维网罗美老考者而耽联肯能脑脚脸自至般色节花苦英落蜖血行衣被装西要见观规视觉"
    "解言认让议记讲许论评识诉试诗话该语误说请读谁调谈谎谢费赛走起越趣足跑跟路身车转轻"
    "边达过迎运近还这进远连送选通造道那部都酒重量金钱错长门问间队阿院除随难需青静非音"
    "领题风飞食餐首马骗高黄黑默"
)

SPEAKER_NAMES = ("agent", "customer")
_PUNCT = "，。！？、：；“”‘’（）《》 ,.!?"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def safe_phrases(phrases: list[str]) -> list[str]:
    """The phrases whose Han characters are all in :data:`SAFE_HAN`."""
    safe = set(SAFE_HAN)
    return [
        p
        for p in phrases
        if all(c in safe or not ("\u4e00" <= c <= "\u9fff") for c in _PLACEHOLDER.sub("", p))
    ]


def fill_placeholders(phrase: str, filler: str = "王") -> str:
    """The phrase with each ``{placeholder}`` replaced by ``filler``."""
    return _PLACEHOLDER.sub(filler, phrase)


def safe_filler(max_size: int = 6) -> st.SearchStrategy[str]:
    """Short runs of round-trip-safe Han characters and punctuation."""
    return st.text(alphabet=SAFE_HAN + _PUNCT, max_size=max_size)


def safe_turn_texts(phrases: list[str]) -> st.SearchStrategy[str]:
    """Turn texts made of safe filler and the given phrases (placeholders filled)."""
    piece = st.one_of(safe_filler(), st.sampled_from([fill_placeholders(p) for p in phrases]))
    return st.lists(piece, max_size=6).map("".join)


def safe_turn_records(phrases: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Lists of ``(speaker, text)`` whose texts stay within the safe set."""
    return st.lists(st.tuples(st.sampled_from(SPEAKER_NAMES), safe_turn_texts(phrases)), max_size=8)


#: Text of every kind Unicode allows in a ``str``: emoji, combining marks,
#: lone surrogates, control characters.
wild_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None, exclude_categories=())),
    st.text(alphabet="\ud800\udfff\u0301\u200d😀👨\u3000\uff01Ａ妳壹不行保证，。 "),
)


#: A few round-trip-safe characters, four with a Traditional form, and 不: packs and
#: turns made of them match everywhere, in Simplified and in Traditional Chinese.
DENSE_HAN = "说们这话不"
_dense_word = st.text(alphabet=DENSE_HAN, min_size=1, max_size=3)
_dense_phrase = st.lists(_dense_word, min_size=1, max_size=4).map("{x}".join)
_speakers = st.sampled_from([None, *SPEAKER_NAMES])


@st.composite
def _around(draw: st.DrawFn, words: list[str]) -> str:
    """A phrase containing one of ``words`` and longer than it."""
    word = draw(st.sampled_from(words))
    left = draw(st.text(alphabet=DENSE_HAN, max_size=2))
    return left + word + draw(st.text(alphabet=DENSE_HAN, min_size=0 if left else 1, max_size=2))


@st.composite
def dense_rules(
    draw: st.DrawFn, i: int
) -> (
    cf.scripts.RequiredRule
    | cf.scripts.ForbiddenRule
    | (cf.scripts.OrderedRule | cf.scripts.ConditionalRule)
):
    """A rule of any kind whose phrases are made of :data:`DENSE_HAN`."""
    sc = cf.scripts
    kind = draw(st.sampled_from(["required", "forbidden", "ordered", "conditional"]))
    phrases = st.lists(_dense_phrase, min_size=1, max_size=3).map(tuple)
    if kind == "required":
        window = draw(
            st.one_of(
                st.none(),
                st.builds(lambda n: sc.Window(first_turns=n), st.integers(1, 3)),
                st.builds(lambda n: sc.Window(last_turns=n), st.integers(1, 3)),
            )
        )
        return sc.RequiredRule(f"r{i}", draw(phrases), speaker=draw(_speakers), window=window)
    if kind == "ordered":
        return sc.OrderedRule(
            f"o{i}",
            draw(phrases),
            draw(phrases),
            before_speaker=draw(_speakers),
            after_speaker=draw(_speakers),
        )
    words = draw(st.lists(_dense_word, min_size=1, max_size=3, unique=True))
    around = [a for a in draw(st.lists(_around(words), max_size=2, unique=True)) if a not in words]
    if kind == "forbidden":
        return sc.ForbiddenRule(
            f"f{i}",
            tuple(words),
            allowed=tuple(around),
            a_not_a=draw(st.booleans()),
            speaker=draw(_speakers),
        )
    return sc.ConditionalRule(
        f"c{i}",
        tuple(words),
        tuple(draw(st.lists(phrases, min_size=1, max_size=2))),
        unless=tuple(around),
        when_speaker=draw(_speakers),
        speaker=draw(_speakers),
        within_turns=draw(st.one_of(st.none(), st.integers(1, 3))),
    )


@st.composite
def dense_packs(draw: st.DrawFn) -> cf.scripts.ScriptPack:
    """Packs of one to four :func:`dense_rules`, inside every limit of a pack."""
    rules = tuple(draw(dense_rules(i)) for i in range(draw(st.integers(1, 4))))
    try:
        return cf.scripts.ScriptPack("dense", rules)
    except cf.errors.ValidationError:  # phrases overlapping more than OVERLAP_MAX
        assume(False)
        raise


@st.composite
def dense_turn_records(draw: st.DrawFn, max_turn: int) -> list[tuple[str, str]]:
    """Up to four turns of :data:`DENSE_HAN` and commas, some up to ``max_turn`` long.

    A long turn repeats a short random piece, as a repetitive transcript does.
    """
    records = []
    for _ in range(draw(st.integers(0, 4))):
        piece = draw(st.text(alphabet=DENSE_HAN + "，", min_size=1, max_size=12))
        size = draw(st.one_of(st.integers(0, 40), st.integers(max_turn - 100, max_turn)))
        records.append((draw(st.sampled_from(SPEAKER_NAMES)), (piece * size)[:size]))
    return records


# ---------------------------------------------------------------------------
# workflows
# ---------------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def satisfying_payload(definition: WorkflowDefinition, spec: TransitionSpec) -> dict[str, JSON]:
    """A payload that passes every guard of ``spec`` (and its ``when`` conditions)."""
    payload: dict[str, JSON] = {}
    for name in spec.guards:
        guard = definition.guards[name]
        if guard.kind == "required":
            for f in guard.fields if guard.match == "all" else guard.fields[:1]:
                payload.setdefault(f, f"{f}-value")
        elif guard.kind == "within":
            continue  # a period since a stamped instant: a walk's next hour is inside it
        else:
            assert guard.test is not None
            test = guard.test
            value = test.to_dict()["value"]  # plain data: an event's payload holds lists
            if test.op == "==":
                payload[test.field] = value
            elif test.op == "in":
                assert isinstance(value, list)
                payload[test.field] = value[0]
            else:
                payload[test.field] = "__other__"
    return payload


def field_names(definition: WorkflowDefinition) -> list[str]:
    """Every field any guard of the definition looks at."""
    names: set[str] = set()
    for g in definition.guards.values():
        names.update(g.fields)
        if g.test is not None:
            names.add(g.test.field)
        if g.when is not None:
            names.add(g.when.field)
    return sorted(names)


@st.composite
def payloads(draw: st.DrawFn, definition: WorkflowDefinition, event: str) -> dict[str, JSON]:
    """A payload for ``event``: often one that satisfies some candidate, else random."""
    candidates = [t for t in definition.transitions if t.event == event]
    if candidates and draw(st.booleans()):
        spec = draw(st.sampled_from(candidates))
        base = satisfying_payload(definition, spec)
        drop = draw(st.sets(st.sampled_from(sorted(base)))) if base else set()
        return {k: v for k, v in base.items() if k not in drop}
    names = field_names(definition) or ["x"]
    return draw(st.dictionaries(st.sampled_from(names), payload_values, max_size=4))


#: Values a payload field may hold: the ones guards test, and nested lists and dicts.
payload_values: st.SearchStrategy[JSON] = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=3),
    st.integers(-2, 2),
    st.just("VIP"),
    st.just("network"),
    st.just("quality"),
    st.just("service"),
    st.just([1, 2]),
    st.just([1]),
    st.lists(st.integers(0, 2), max_size=2),
    st.dictionaries(st.just("k"), st.lists(st.text(max_size=2), max_size=2), max_size=1),
)


@st.composite
def event_logs(draw: st.DrawFn, definition: WorkflowDefinition, max_size: int = 12) -> list[Event]:
    """Random (not necessarily valid) events in non-decreasing time order."""
    names = [*sorted(definition.events), "no_such_event"]
    n = draw(st.integers(0, max_size))
    at = T0
    out = []
    for _ in range(n):
        name = draw(st.sampled_from(names))
        at = at + dt.timedelta(minutes=draw(st.integers(0, 600)))
        out.append(Event(name, at, draw(payloads(definition, name))))
    return out


@st.composite
def definition_data(draw: st.DrawFn) -> dict[str, Any]:
    """Plain data of a random *valid* workflow: a chain to the terminal plus guarded extras."""
    n = draw(st.integers(2, 6))
    states = [f"s{i}" for i in range(n)]
    guard_pool: dict[str, Any] = {
        "need_a": {"kind": "required", "rule": "IN-1", "fields": ["a"]},
        "need_a_or_b": {
            "kind": "required",
            "rule": "FLOW-5",
            "fields": ["a", "b"],
            "match": "any",
            "on": "payload",
        },
        "b_is_one": {"kind": "predicate", "rule": "FLOW-3", "field": "b", "op": "==", "value": 1},
        "c_in": {
            "kind": "predicate",
            "rule": "FU-2",
            "field": "c",
            "op": "in",
            "value": [1, 2],
            "when": {"field": "a", "op": "!=", "value": None},
        },
        # Nested values: a list compared whole, and lists among the options.
        "b_is_pair": {"kind": "predicate", "rule": "FLOW-4", "field": "b", "op": "==",
                      "value": [1, 2]},
        "c_in_nested": {"kind": "predicate", "rule": "FLOW-9", "field": "c", "op": "not in",
                        "value": [[1], {"k": []}], "on": "data"},
        # A period since an instant a transition's stamp recorded (a reopen, FLOW-6).
        "soon": {"kind": "within", "rule": "FLOW-6", "since": "t", "period": "2 calendar hours",
                 "on": "data"},
    }  # fmt: skip
    effect_pool: list[Any] = [
        {"kind": "tell", "rule": "IN-3", "params": {"remedies": ["a", {"b": [1]}]},
         "include": ["a", "items", "tags"]},
        {"kind": "log", "rule": "IN-7", "include": ["c"]},
        {"kind": "fan", "rule": "FLOW-12", "include": ["c"], "each": {"item": "items"}},
    ]  # fmt: skip
    events = ["go", "hop", "poke"]
    extras = []
    for _ in range(draw(st.integers(0, 6))):
        extras.append(
            {
                "source": draw(st.sampled_from(states[:-1])),
                "event": draw(st.sampled_from(events)),
                "target": draw(st.sampled_from(states)),
                "guards": draw(
                    st.lists(
                        st.sampled_from(sorted(guard_pool)), min_size=1, max_size=2, unique=True
                    )
                ),
                "assign": draw(st.sampled_from([{}, {"flag": True}, {"tags": ["x", {"y": [1]}]}])),
                "effects": draw(st.lists(st.sampled_from(effect_pool), max_size=2)),
                "collect": draw(st.sampled_from([{}, {"items": "a"}])),
                **draw(st.sampled_from([{}, {"stamp": "t"}])),
            }
        )
    chain = [
        {"source": states[i], "event": "go", "target": states[i + 1], "rule": "FLOW-1"}
        for i in range(n - 1)
    ]
    transitions = extras + chain
    used_guards = {g for t in transitions for g in t.get("guards", [])}
    used_events = {t["event"] for t in transitions}
    return {
        "name": "random",
        "version": draw(st.integers(1, 3)),
        "initial": states[0],
        "terminal": [states[-1]],
        "states": {s: {"rule": "FLOW-6"} for s in states},
        "events": sorted(used_events),
        "guards": {k: v for k, v in guard_pool.items() if k in used_guards},
        "transitions": transitions,
    }


# ---------------------------------------------------------------------------------
# Staffing (complaintflow.staffing)
# ---------------------------------------------------------------------------------

#: Interval lengths planners use.
STAFFING_INTERVALS = (dt.timedelta(minutes=15), dt.timedelta(minutes=30), dt.timedelta(hours=1))


@st.composite
def staffing_workloads(draw: st.DrawFn, max_traffic: float = 400.0) -> Workload:
    """A workload of at most ``max_traffic`` Erlangs: calls, interval, handle time."""
    interval = draw(st.sampled_from(STAFFING_INTERVALS))
    handle = dt.timedelta(seconds=draw(st.integers(min_value=20, max_value=1800)))
    max_calls = max_traffic * interval / handle
    calls = draw(
        st.one_of(
            st.integers(min_value=1, max_value=max(1, int(max_calls))),
            st.floats(min_value=0.05, max_value=max(0.05, max_calls)),
        )
    )
    return Workload(calls, interval, handle)


#: Answer-time targets from "no wait" to two minutes, at whole seconds.
staffing_answer_times = st.integers(min_value=0, max_value=120).map(
    lambda s: dt.timedelta(seconds=s)
)

#: Mean caller patience from 5 seconds to an hour.
staffing_patience = st.integers(min_value=5, max_value=3600).map(lambda s: dt.timedelta(seconds=s))

#: Target service levels strictly between 0 and 1.
staffing_levels = st.floats(min_value=0.05, max_value=0.99)


@st.composite
def staffing_targets(draw: st.DrawFn) -> ServiceTarget:
    """A service target with optional occupancy and answer-speed ceilings and shrinkage."""
    asa = draw(st.none() | st.integers(min_value=1, max_value=300))
    return ServiceTarget(
        service_level=draw(staffing_levels),
        answer_within=draw(staffing_answer_times),
        max_occupancy=draw(st.none() | st.floats(min_value=0.5, max_value=1.0)),
        max_average_speed_of_answer=None if asa is None else dt.timedelta(seconds=asa),
        shrinkage=draw(st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.35, 0.5])),
        rounding=draw(st.sampled_from(Rounding)),
    )


# Staffing at and beyond its documented limits ------------------------------------


def log_uniform_floats(low: float, high: float) -> st.SearchStrategy[float]:
    """Floats spread evenly in magnitude from ``low`` to ``high``, both included."""
    return st.one_of(
        st.sampled_from([low, high]),
        st.floats(math.log10(low), math.log10(high)).map(lambda e: min(high, max(low, 10**e))),
    )


#: Handle times from a second to eight hours.
staffing_any_handle_times = st.integers(min_value=1, max_value=8 * 3600).map(
    lambda s: dt.timedelta(seconds=s)
)

#: Mean patience from a millisecond to ten days, whole microseconds.
staffing_any_patience = log_uniform_floats(1e-3, 10 * 86400.0).map(
    lambda s: dt.timedelta(microseconds=max(1, round(s * 1e6)))
)

#: Answer-time targets from none to a day, and the longest timedelta.
staffing_any_answer_times = st.one_of(
    st.just(dt.timedelta(0)),
    st.just(dt.timedelta.max),
    log_uniform_floats(1e-3, 86400.0).map(lambda s: dt.timedelta(microseconds=round(s * 1e6))),
)


@st.composite
def staffing_any_workloads(draw: st.DrawFn, max_traffic: float = MAX_TRAFFIC) -> Workload:
    """A workload of 1e-6 to ``max_traffic`` Erlangs (at most the documented limit)."""
    traffic = draw(log_uniform_floats(1e-6, max_traffic))
    interval = draw(st.sampled_from(STAFFING_INTERVALS))
    handle = draw(staffing_any_handle_times)
    calls = traffic * interval.total_seconds() / handle.total_seconds()
    try:
        return Workload(calls, interval, handle)
    except StaffingLimitError:  # rounded a hair above the limit: take the limit itself
        return Workload(calls * (1 - 1e-12), interval, handle)


def staffing_agents_near(traffic: float) -> st.SearchStrategy[int]:
    """Agent counts from 1 to the limit, crowded around the traffic where figures change."""
    centre = max(1, math.ceil(traffic))
    spread = max(3, 6 * math.isqrt(centre))
    return st.one_of(
        st.integers(max(1, centre - spread), min(MAX_AGENTS, centre + spread)),
        log_uniform_floats(1.0, float(MAX_AGENTS)).map(round),
    )


@st.composite
def staffing_any_targets(draw: st.DrawFn, traffic: float) -> ServiceTarget:
    """Any service target allowed for ``traffic``: levels near 0 and 1, occupancy
    ceilings down to ``traffic / MAX_AGENTS``, answer speeds from a microsecond."""
    level = draw(st.one_of(st.floats(1e-9, 1 - 1e-9), st.sampled_from([1e-9, 0.5, 1 - 1e-9])))
    lowest = min(1.0, max(traffic / MAX_AGENTS * (1 + 1e-9), 1e-300))
    occupancy = draw(st.none() | log_uniform_floats(lowest, 1.0))
    asa = draw(st.none() | log_uniform_floats(1e-6, 3600.0))
    return ServiceTarget(
        service_level=level,
        answer_within=draw(staffing_any_answer_times),
        max_occupancy=occupancy,
        max_average_speed_of_answer=None
        if asa is None
        else dt.timedelta(microseconds=max(1, round(asa * 1e6))),
        shrinkage=draw(st.sampled_from([0.0, 0.3, 0.99])),
        rounding=draw(st.sampled_from(Rounding)),
    )


# ---------------------------------------------------------------------------------
# Follow-ups (complaintflow.followup)
# ---------------------------------------------------------------------------------


#: Zones with spring-forward and autumn-fold days (and one without DST).
FOLLOWUP_ZONES = ("Asia/Shanghai", "America/New_York", "Europe/London")
#: Days around the 2026 DST changes of those zones, and an ordinary day.
FOLLOWUP_DAYS = (
    dt.date(2026, 3, 7),  # New York springs forward on the 8th
    dt.date(2026, 3, 28),  # London springs forward on the 29th
    dt.date(2026, 10, 24),  # London falls back on the 25th
    dt.date(2026, 10, 31),  # New York falls back on 1 November
    dt.date(2026, 5, 16),  # Telecom Day is the 17th
)
#: Allowed-window sets, including boundaries inside DST gaps and folds.
FOLLOWUP_WINDOWS = (
    ["08:00-12:00", "14:00-21:00"],
    ["01:30-02:30", "09:00-10:00"],
    ["00:30-01:30", "02:15-05:00"],
    ["22:00-02:00"],
    ["10:00-10:30", "10:45-11:00"],
)


@st.composite
def followup_policies(draw: st.DrawFn) -> FollowupPolicy:
    """Small random policies: windows, caps with either day rule, fallback, window."""
    hours = {
        "service": {"hours": {"daily": draw(st.sampled_from(FOLLOWUP_WINDOWS))}},
        "marketing": {"hours": {"mon-fri": draw(st.sampled_from(FOLLOWUP_WINDOWS))}},
    }
    caps = []
    for _ in range(draw(st.integers(0, 2))):
        cap: dict[str, object] = {
            "max_attempts": draw(st.integers(1, 3)),
            "per_days": draw(st.integers(1, 2)),
            "day": draw(st.sampled_from(["rolling", "local_date"])),
            "scope": draw(st.sampled_from(["customer", "number"])),
        }
        if draw(st.booleans()):
            cap["min_gap"] = draw(st.sampled_from(["30 calendar minutes", "3 calendar hours"]))
        caps.append(cap)
    within = draw(st.sampled_from(["3 calendar days", "20 calendar hours", "2 business days"]))
    return FollowupPolicy.from_dict(
        {
            "hours": hours,
            "caps": caps,
            "window": {"within": within},
            "fallback": {"sms_after_failed_calls": draw(st.integers(1, 3))},
            "horizon_days": 30,
        }
    )


def _instant(tz: str, day: dt.date, minutes: int, second: int = 0) -> pendulum.DateTime:
    start = pendulum.datetime(day.year, day.month, day.day, tz=tz)
    return start.add(minutes=minutes, seconds=second)  # exact time: always a real instant


@st.composite
def followup_questions(
    draw: st.DrawFn,
) -> tuple[Customer, Purpose, pendulum.DateTime, list[Attempt], pendulum.DateTime | None]:
    """A customer, a purpose, an instant near a DST change, a history before it and
    an optional trigger."""
    tz = draw(st.sampled_from(FOLLOWUP_ZONES))
    day = draw(st.sampled_from(FOLLOWUP_DAYS))
    at = _instant(tz, day, draw(st.integers(0, 3 * 24 * 60)), draw(st.sampled_from([0, 0, 17])))
    history = []
    for _ in range(draw(st.integers(0, 4))):
        back = draw(st.integers(1, 3 * 24 * 60))
        history.append(
            Attempt(
                at.subtract(minutes=back),
                draw(st.sampled_from(list(Channel))),
                draw(st.sampled_from([None, "p1", "p2"])),
                draw(st.sampled_from(list(Outcome))),
            )
        )
    opt_outs = []
    if draw(st.integers(0, 3)) == 0:
        opt_outs.append(
            OptOut(
                at.add(minutes=draw(st.integers(-600, 3 * 24 * 60))),
                draw(st.sampled_from([None, *Channel])),
                draw(st.sampled_from([None, *Purpose])),
            )
        )
    appointments = []
    if draw(st.integers(0, 3)) == 0:
        begin = at.add(minutes=draw(st.integers(-60, 2 * 24 * 60)))
        appointments.append(Appointment(begin, begin.add(minutes=draw(st.integers(1, 90)))))
    customer = Customer(
        "c1",
        tz,
        phones=draw(st.sampled_from([["p1", "p2"], ["p1"], []])),
        sms=draw(st.sampled_from([["p1"], []])),
        opt_outs=opt_outs,
        appointments=appointments,
    )
    purpose = draw(st.sampled_from([Purpose.SERVICE, Purpose.SERVICE, Purpose.MARKETING]))
    trigger = None
    if draw(st.booleans()):
        trigger = at.subtract(minutes=draw(st.integers(0, 2 * 24 * 60)))
    return customer, purpose, at, history, trigger


#: Zones whose service hours fall at different Shanghai times (+0, +1, -2:30 h).
PLAN_ZONES = ("Asia/Shanghai", "Asia/Tokyo", "Asia/Kolkata")


@st.composite
def small_plans(
    draw: st.DrawFn, tight: bool = False
) -> tuple[FollowupPolicy, list, list, pendulum.DateTime]:
    """Small planning problems: a few agents and follow-ups over a 4-hour horizon.

    ``tight``: VIPs only, one agent with one call an hour, a three-day window, so
    that VIPs compete for the few agent-hours their zones allow.
    """
    from complaintflow.calendars import BusinessCalendar
    from complaintflow.followup import Agent, DueFollowup

    start = pendulum.datetime(2026, 5, 6, 8, tz="Asia/Shanghai")
    policy = FollowupPolicy.from_dict(
        {
            "hours": {"service": {"hours": {"daily": draw(st.sampled_from(PLAN_WINDOWS))}}},
            "window": {
                "within": "3 calendar days"
                if tight
                else draw(st.sampled_from(["2 calendar hours", "3 calendar days"]))
            },
            "caps": [],
        }
    )
    agents = []
    for i in range(1 if tight else draw(st.integers(1, 2))):
        first = 8 if tight else draw(st.integers(8, 11))
        last = draw(st.integers(first + 1, 12))
        shift = BusinessCalendar.from_dict(
            {"timezone": "Asia/Shanghai", "hours": {"daily": [f"{first:02d}:00-{last:02d}:00"]}}
        )
        skills = draw(st.sampled_from([frozenset(), frozenset({"a"}), frozenset({"a", "b"})]))
        agents.append(
            Agent(f"a{i}", shift, skills, draw(st.sampled_from([1, 1, 2])), draw(st.integers(0, 1)))
            if not tight
            else Agent(f"a{i}", shift, capacity_per_hour=1)
        )
    due = []
    for i in range(draw(st.integers(1, 7))):
        customer = Customer(
            f"c{i}",
            draw(st.sampled_from(PLAN_ZONES)),
            vip=tight or draw(st.integers(0, 3)) > 0,  # mostly VIPs: they compete for units
            phones=draw(st.sampled_from([["1"], ["1"], ["1"], []])),
            opt_outs=[OptOut(start.subtract(hours=1))] if draw(st.integers(0, 6)) == 0 else [],
        )
        trigger = start.subtract(minutes=draw(st.integers(0, 120)))
        skill = None if tight else draw(st.sampled_from([None, None, "a", "b"]))
        due.append(DueFollowup(f"k{i}", customer, trigger, skill=skill))
    return policy, due, agents, start


@st.composite
def crowded_plans(
    draw: st.DrawFn,
) -> tuple[FollowupPolicy, list, list, pendulum.DateTime, pendulum.DateTime]:
    """Planning problems where VIPs outnumber the units they may use: a few agents in
    up to three groups (shift, skills), several contacts an hour, loads, a horizon of
    3 to 30 hours, and up to 60 follow-ups, mostly VIPs, in four zones and with
    triggers spread over two days, so that windows end at different hours."""
    from complaintflow.calendars import BusinessCalendar
    from complaintflow.followup import Agent, DueFollowup

    start = pendulum.datetime(2026, 5, 6, draw(st.integers(6, 10)), tz="Asia/Shanghai")
    policy = FollowupPolicy.from_dict(
        {
            "hours": {"service": {"hours": {"daily": draw(st.sampled_from(PLAN_WINDOWS))}}},
            "window": {"within": draw(st.sampled_from(["3 calendar hours", "1 calendar days"]))},
            "caps": [],
        }
    )
    shifts = []
    for _ in range(draw(st.integers(1, 3))):
        first = draw(st.integers(6, 14))
        hours = [f"{first:02d}:00-{draw(st.integers(first + 1, 22)):02d}:00"]
        shifts.append(
            BusinessCalendar.from_dict({"timezone": "Asia/Shanghai", "hours": {"daily": hours}})
        )
    agents = [
        Agent(
            f"a{i}",
            draw(st.sampled_from(shifts)),
            draw(st.sampled_from([frozenset(), frozenset({"a"})])),
            draw(st.integers(1, 3)),
            draw(st.sampled_from([0, 0, 1, 4])),
        )
        for i in range(draw(st.integers(1, 6)))
    ]
    due = []
    for i in range(draw(st.integers(1, 60))):
        customer = Customer(
            f"c{i}",
            draw(st.sampled_from((*PLAN_ZONES, "Europe/London"))),
            vip=draw(st.integers(0, 4)) > 0,
            phones=["1"],
        )
        trigger = start.subtract(minutes=draw(st.integers(0, 2880)))
        skill = draw(st.sampled_from([None, None, None, "a"]))
        due.append(DueFollowup(f"k{i:02d}", customer, trigger, skill=skill))
    return policy, due, agents, start, start.add(hours=draw(st.integers(3, 30)))


PLAN_WINDOWS = (
    ["08:00-12:00", "14:00-21:00"],
    ["09:00-10:00", "11:30-12:00"],
    ["07:00-09:30"],
    ["07:00-09:30"],
    ["10:00-20:00"],
)


# ---------------------------------------------------------------------------------
# SLA (complaintflow.sla)
# ---------------------------------------------------------------------------------

#: An office calendar with a lunch break and a holiday, without a coverage limit.
SLA_OFFICE = cf.BusinessCalendar.from_dict(
    {
        "timezone": "Asia/Shanghai",
        "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]},
        "holidays": ["2026-11-11"],
    }
)
#: Monday 2026-11-02 00:00 +08:00 in epoch µs: the start of every generated history.
SLA_T0 = 1_793_548_800_000_000
US_PER_S = 1_000_000
#: Event kinds of the generated policy: start, stop, pause, resume, reset, a second
#: target's stop, and a kind that drives no clock.
SLA_KINDS = ("s", "x", "p", "r", "z", "x2", "n")

#: Times of day at which `SLA_OFFICE` is open just before, as a deadline "by" them
#: must be (09:01-12:00 and 13:31-18:00); any of them is open on 24x7.
sla_office_times = st.one_of(
    st.integers(9 * 60 + 1, 12 * 60), st.integers(13 * 60 + 31, 18 * 60)
).map(lambda m: dt.time(m // 60, m % 60))
sla_durations = st.one_of(
    st.integers(60, 20 * 3600).map(lambda s: cf.Duration.business(seconds=s)),
    st.integers(1, 3).map(cf.Duration.business_days),
    st.integers(3600, 3 * 86400).map(lambda s: cf.Duration.calendar(seconds=s)),
    st.integers(1, 3).map(lambda d: cf.Duration.calendar(days=d)),
    st.builds(cf.Duration.business_days, st.integers(0, 3), by=sla_office_times),
)


@st.composite
def sla_policies(draw: st.DrawFn) -> cf.sla.SlaPolicy:
    """A policy with a target on the office calendar and one on real time."""
    main = cf.sla.SlaTarget(
        "main", "SLA-3", draw(sla_durations), SLA_OFFICE,
        start=("s",), stop=("x",), pause=("p",), resume=("r",), reset=("z",),
        escalations=(cf.sla.Escalation(1.0, "notify_supervisor", "FLOW-6"),
                     cf.sla.Escalation(1.5, "escalate", "FLOW-6")),
    )  # fmt: skip
    other = cf.sla.SlaTarget(
        "other", "SLA-7", draw(sla_durations), cf.calendars.default("24x7"),
        start=("s",), stop=("x2",), pause=("p",), resume=("r",), warnings=(0.25,),
    )  # fmt: skip
    return cf.sla.SlaPolicy([main, other], kinds=("n",))


@st.composite
def sla_histories(draw: st.DrawFn, max_events: int = 12) -> list[tuple[str, int]]:
    """Time-ordered ``(kind, at_us)`` events starting with a start, often sharing instants.

    Times are whole minutes over about ten days so that closed hours, the lunch
    break, a weekend and a holiday all occur.
    """
    n = draw(st.integers(0, max_events))
    minutes = sorted(draw(st.lists(st.integers(0, 14 * 24 * 60), min_size=n, max_size=n)))
    if n and draw(st.booleans()):  # make equal timestamps likely
        minutes = [minutes[0] + (m - minutes[0]) // 240 * 240 for m in minutes]
    first = draw(st.integers(0, 3 * 24 * 60))
    kinds = draw(st.lists(st.sampled_from(SLA_KINDS), min_size=n, max_size=n))
    events = [("s", SLA_T0 + first * 60 * US_PER_S)]
    events += [
        (k, SLA_T0 + (first + m) * 60 * US_PER_S) for k, m in zip(kinds, minutes, strict=True)
    ]
    return events


# ---------------------------------------------------------------------------------
# Synthetic tickets (complaintflow.synthetic)
# ---------------------------------------------------------------------------------

#: Starts of a synthetic period: any zone, any second, inside the official China
#: calendar's years (the default calendar of ``generate_tickets``).
synthetic_starts = st.builds(
    lambda day, second, zone: (
        dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day, seconds=second)
    ).astimezone(ZoneInfo(zone)),
    st.integers(min_value=0, max_value=700),
    st.integers(min_value=0, max_value=86_399),
    st.sampled_from(ZONES),
)

#: Seeds: small, large and negative integers all work with ``random.Random``.
synthetic_seeds = st.integers(min_value=-(2**70), max_value=2**70)


# ---------------------------------------------------------------------------------
# Policy histories (complaintflow.policy.PolicyHistory)
# ---------------------------------------------------------------------------------

#: The changes to the default policy a history's versions are drawn from.
HISTORY_CHANGES: tuple[dict[str, object], ...] = (
    {},
    {"sla.targets[reply].within": "1 business day"},
    {"followup.window.within": "2 calendar days"},
    {"sla.targets[reply].within": "4 business hours", "followup.window.within": "5 calendar days"},
)


@functools.cache
def history_policy(i: int) -> cf.Policy:
    """The default policy with `HISTORY_CHANGES` ``[i]`` (each built once)."""
    return cf.default_policy().with_(HISTORY_CHANGES[i])


@st.composite
def policy_histories(
    draw: st.DrawFn, start: dt.datetime, days: int, max_versions: int = 4
) -> cf.policy.PolicyHistory:
    """Histories over the period of ``days`` from ``start``: the first version mostly
    before it (else inside, so that earlier tickets start before the history), the
    others at any second inside, each a variant of the default policy, in any zone."""
    n = draw(st.integers(1, max_versions))
    period = st.integers(0, days * 86_400)
    first = draw(st.one_of(st.just(-30 * 86_400), period))
    rest = draw(st.lists(period.filter(lambda s: s > first), max_size=n - 1, unique=True))
    zone = draw(st.sampled_from(["Asia/Shanghai", "UTC", "America/Sao_Paulo"]))
    return cf.policy.PolicyHistory(
        [
            (
                pendulum.instance(start).add(seconds=s).in_timezone(zone),
                history_policy(draw(st.integers(0, len(HISTORY_CHANGES) - 1))),
            )
            for s in [first, *sorted(rest)]
        ]
    )


# ---------------------------------------------------------------------------------
# Rule book (complaintflow.rules)
# ---------------------------------------------------------------------------------

#: Every rule ID of the rule book.
rule_ids = st.sampled_from(list(cf.rules.RULES))


@st.composite
def misspelt_rule_ids(draw: st.DrawFn) -> tuple[str, str]:
    """``(misspelling, meant)``: a rule ID in another case, without or with another
    hyphen, with padding zeros or blanks, as people type them."""
    meant = draw(rule_ids)
    prefix, _, number = meant.partition("-")
    prefix = draw(st.sampled_from([prefix.lower(), prefix.title(), prefix]))
    sep = draw(st.sampled_from(["", " ", "_", "-"]))
    zeros = draw(st.sampled_from(["", "0"]))
    pad = draw(st.sampled_from(["", " "]))
    typed = f"{pad}{prefix}{sep}{zeros}{number}{pad}"
    if typed == meant:
        typed = meant.lower()
    return typed, meant


#: Text without digits, separators or X, to put around a number.
_plain_text = st.text(alphabet=st.sampled_from(list("您好我的卡号是身份证，。：abcY")), max_size=8)


@st.composite
def texts_with_a_personal_number(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """``(before, number, after, digits)``: an ID-card or bank number written as
    people write it (grouped or not, ASCII or full-width) between plain text."""
    n = draw(st.integers(min_value=15, max_value=19))
    digits = draw(st.text(alphabet="0123456789", min_size=n, max_size=n))
    if n == 18 and draw(st.booleans()):
        digits = digits[:-1] + "X"
    if draw(st.booleans()):
        digits = digits.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    sep = draw(st.sampled_from(["", " ", "-"]))
    number = sep.join(digits[i : i + 4] for i in range(0, len(digits), 4)) if sep else digits
    return draw(_plain_text), number, draw(_plain_text), digits


# ---------------------------------------------------------------------------------
# Junk anywhere (robustness of replay and policy parsing)
# ---------------------------------------------------------------------------------

#: Timestamps at the edges: before year 1 and after 9999 once in UTC, and in the last
#: days of the default calendar's coverage (deadlines and next checks fall past it).
edge_instants = st.sampled_from([
    "0001-01-01T00:00+01:00", "0001-01-01T00:00:00+00:00", "0001-01-02T00:00:00-23:59",
    "9999-12-31T23:59:59-01:00", "9999-12-31T00:00:00+00:00",
    "2026-12-31T17:59:00+08:00", "2026-12-31T23:59:59+08:00", "2027-01-01T00:00:00+08:00",
])  # fmt: skip

#: Values a broken export might hold anywhere: wrong types, bad text, odd numbers,
#: edge instants, date objects, keys of mixed types.
junk_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["", "fax", "VIP", "2026-03-02T10:00:00", "2026-13-40T99:00:00+08:00",
                     "2026-03-02T10:00:00+08:00", "refused", "marketing", "Mars/Base"]),
    edge_instants,
    st.dates(),
    st.binary(max_size=3),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["at", "name", "channel", "x"]), st.text(max_size=3),
                    max_size=2),
    st.dictionaries(st.one_of(st.integers(0, 2), st.sampled_from(["a", "at", "name"])),
                    st.text(max_size=3), max_size=3),
)  # fmt: skip


def value_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a record (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += value_paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += value_paths(v, (*prefix, i))
    return out


def _set_path(record: Any, path: tuple[Any, ...], value: Any) -> None:
    holder = record
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value


def shifted(record: dict[str, Any], days: int) -> dict[str, Any]:
    """A copy of a ticket record with every event and follow-up ``days`` later."""
    out = copy.deepcopy(record)
    step = dt.timedelta(days=days)
    for item in [*out.get("events", []), *out.get("followups", [])]:
        item["at"] = (dt.datetime.fromisoformat(item["at"]) + step).isoformat()
    return out


@st.composite
def broken_records(draw: st.DrawFn, records: list[dict[str, Any]]) -> object:
    """A ticket record as a broken export holds it: junk at one to three places, its
    times moved towards the end of the calendar's coverage and its log cut short, or
    no record at all."""
    how = draw(st.sampled_from(["junk", "junk", "junk", "shift", "shift+junk", "clean", "not"]))
    if how == "not":
        return draw(junk_values)
    record = copy.deepcopy(draw(st.sampled_from(records)))
    if how.startswith("shift"):  # and cut short: clocks left running at the end
        record = shifted(record, draw(st.integers(290, 310)))
        record["events"] = record["events"][: draw(st.integers(1, len(record["events"])))]
    if how.endswith("junk"):
        for _ in range(draw(st.integers(1, 3))):
            paths = value_paths(record)
            if paths:
                _set_path(record, draw(st.sampled_from(paths)), draw(junk_values))
    return record


#: Segment values a report may be keyed by: missing (``None``) and its spelling,
#: empty, unicode, and values of other types that compare equal across types.
segment_values = st.one_of(
    st.sampled_from([None, "None", "", "none", "VIP", "vip", "\u00e9", "e\u0301", "\ud800"]),
    st.text(max_size=3),
    st.sampled_from([0, 1, 1.0, True, False, -0.0, 0.5, float("inf"), float("nan")]),
    st.integers(-3, 3),
)


def clock_policy(
    office: cf.BusinessCalendar, *, hotline: cf.BusinessCalendar | None = None
) -> cf.sla.SlaPolicy:
    """A hand-checked SLA policy that exercises every clock role: the fixture of the SLA tests.

    Its targets mirror the shipped ones (SLA-1..SLA-7 budgets) but run on event names
    of their own and use pause, resume and reset on several targets, so the clock
    semantics are tested whatever the shipped defaults use.
    """
    hotline = hotline or cf.calendars.default("24x7")
    pause, resume = ("awaiting_customer",), ("customer_responded",)
    supervisor = cf.sla.Escalation(1.0, "notify_supervisor", "FLOW-6")
    targets = [
        cf.sla.SlaTarget("answer", "SLA-1", cf.Duration.business(seconds=15), hotline,
                  start=("call_offered",), stop=("call_answered",), warnings=(),
                  when={"channel": "phone"}, see_also=("SLA-9", "SLA-10")),
        cf.sla.SlaTarget("dispatch", "SLA-2", cf.Duration.business(hours=1), office,
                  start=("assigned",), stop=("dispatched",), reset=("reassigned",),
                  escalations=(cf.sla.Escalation(0.75, "contact_customer", "SLA-2"),
                               cf.sla.Escalation(1.0, "notify_regional_office", "SLA-2")),
                  see_also=("FLOW-11",)),
        cf.sla.SlaTarget("reply", "SLA-3", cf.Duration.business_days(2), office,
                  start=("accepted",), stop=("replied",), pause=pause, resume=resume,
                  reset=("reopened",),
                  escalations=(supervisor, cf.sla.Escalation(1.5, "escalate", "FLOW-6")),
                  see_also=("IN-3", "SLA-4")),
        cf.sla.SlaTarget("investigation", "SLA-5", cf.Duration.business_days(5), office,
                  start=("investigation_started",), stop=("investigation_done",),
                  pause=pause, resume=resume, escalations=(supervisor,), see_also=("FLOW-3",)),
        cf.sla.SlaTarget("return_visit", "SLA-6", cf.Duration.calendar(days=3), office,
                  start=("resolved",), stop=("return_visit_done",),
                  escalations=(supervisor,), see_also=("FU-4", "FLOW-8")),
        cf.sla.SlaTarget("first_contact", "SLA-7", cf.Duration.calendar(days=7), office,
                  start=("customer_assigned",), stop=("customer_contacted",)),
    ]  # fmt: skip
    return cf.sla.SlaPolicy(
        targets, kinds=("created", "updated", "closed"), name="clock semantics (tests)"
    )
