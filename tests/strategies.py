"""Hypothesis strategies shared by the test modules, one section per part."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from complaintflow.staffing import Rounding, ServiceTarget, Workload
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
        else:
            assert guard.test is not None
            test = guard.test
            if test.op == "==":
                payload[test.field] = test.value
            elif test.op == "in":
                assert isinstance(test.value, list)
                payload[test.field] = test.value[0]
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
    values: st.SearchStrategy[JSON] = st.one_of(
        st.none(),
        st.just(""),
        st.text(max_size=3),
        st.integers(-2, 2),
        st.just("VIP"),
        st.just("network"),
        st.just("quality"),
        st.just("service"),
    )
    return draw(st.dictionaries(st.sampled_from(names), values, max_size=4))


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
    }
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
                "assign": draw(st.sampled_from([{}, {"flag": True}])),
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
