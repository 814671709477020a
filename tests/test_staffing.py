"""Staffing: reference figures, independent cross-checks, bad input, plans and rosters."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import math
from collections.abc import Callable
from fractions import Fraction

import pendulum
import pytest

from budget import within
from complaintflow.errors import (
    DurationError,
    DurationTypeError,
    OutOfRangeError,
    StaffingError,
    StaffingLimitError,
    StaffingTypeError,
    UnstableQueueError,
    ValidationError,
    WrongTypeError,
)
from complaintflow.staffing import (
    ErlangAResult,
    ErlangCResult,
    IntervalForecast,
    Rounding,
    ServiceTarget,
    Shift,
    Workload,
    check_roster,
    erlang_a,
    erlang_c,
    plan_staffing,
    required_agents,
    required_agents_erlang_a,
)
from complaintflow.staffing._erlang import MAX_AGENTS, MAX_SERIES_TERMS, MAX_TRAFFIC
from complaintflow.staffing._plan import MAX_INTERVALS, MAX_PLAN_TRAFFIC

HOUR = dt.timedelta(hours=1)
HALF_HOUR = dt.timedelta(minutes=30)
AHT = dt.timedelta(seconds=180)
PEAK = Workload(110, HOUR, AHT)  # SLA-9: 110 calls in the busiest hour
TZ = "Asia/Shanghai"


# --------------------------------------------------------------------------- references


def log_space_erlang_c(n: int, traffic: float, t: float) -> tuple[float, float, float]:
    """Textbook Erlang C evaluated in log space: ``(P(wait), SL, ASA)``, times in units of h.

    Independent of the library's recurrence: every term ``A**k / k!`` is formed as
    ``exp(k log A - lgamma(k + 1) - max)`` and summed with ``math.fsum``.
    """
    logs = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(n)]
    top = n * math.log(traffic) - math.lgamma(n + 1) + math.log(n / (n - traffic))
    m = max(*logs, top)
    head = math.fsum(math.exp(v - m) for v in logs)
    tail = math.exp(top - m)
    c = tail / (head + tail)
    return c, 1.0 - c * math.exp(-(n - traffic) * t), c / (n - traffic)


def reference_required(traffic: float, t: float, target: float) -> int:
    n = math.floor(traffic) + 1
    while log_space_erlang_c(n, traffic, t)[1] < target:
        n += 1
    return n


def chain_erlang_a(
    n: int, traffic: float, r: float, t: float, extra: int = 400
) -> tuple[float, float, float, float, float]:
    """M/M/n+M by brute force: ``(P(wait), SL, virtual SL, P(abandon), ASA of answered)``.

    The birth-death chain is truncated ``extra`` places above ``n``; the tagged caller's
    progress through the queue (and its own patience) is solved by uniformisation.
    Units of the mean handle time; ``r = h / patience``.
    """
    logp = [0.0]
    for j in range(1, n + extra + 1):
        rate = j if j <= n else n + (j - n) * r
        logp.append(logp[-1] + math.log(traffic / rate))
    m = max(logp)
    p = [math.exp(v - m) for v in logp]
    z = math.fsum(p)
    p = [v / z for v in p]
    pw = math.fsum(p[n:])
    abandon = r * math.fsum((j - n) * p[j] for j in range(n, len(p))) / traffic

    def served_within(k: int, impatient: bool) -> float:
        total = n + k * r + r
        lam = total * t
        weight = math.exp(-lam)
        vec = {k: 1.0}
        served = 0.0
        acc = 0.0
        steps = int(lam + 12 * math.sqrt(lam) + 40)
        for step in range(steps + 1):
            acc += weight * served
            nxt: dict[int, float] = {}
            for j, v in vec.items():
                move = n + j * r
                stay = total - move - (r if impatient else 0.0)
                nxt[j] = nxt.get(j, 0.0) + v * stay / total
                if j == 0:
                    served += v * move / total
                else:
                    nxt[j - 1] = nxt.get(j - 1, 0.0) + v * move / total
            vec = nxt
            weight *= lam / (step + 1)
        return acc

    kmax = next(k for k in range(extra) if math.fsum(p[n + k :]) < 1e-16)
    sl = 1 - pw + math.fsum(p[n + k] * served_within(k, True) for k in range(kmax))
    vsl = 1 - pw + math.fsum(p[n + k] * served_within(k, False) for k in range(kmax))
    # E[wait; answered | k ahead] = P(answered | k) * sum_j 1 / (n + (j + 1) r)
    wait_answered = 0.0
    for k in range(kmax):
        stay_all = math.prod((n + j * r) / (n + (j + 1) * r) for j in range(k + 1))
        wait_answered += p[n + k] * stay_all * sum(1 / (n + (j + 1) * r) for j in range(k + 1))
    return pw, sl, vsl, abandon, wait_answered / (1 - abandon)


def quadrature_erlang_a(n: int, traffic: float, r: float, t: float) -> tuple[float, float]:
    """M/M/n+M ``(SL, virtual SL)`` from integrals of the wait densities, in log space.

    Independent of the library's series (units of the mean handle time, ``r = h /
    patience``, ``a = n / r``, ``x = traffic / r``). A caller finding ``k`` waiting is
    answered at time ``s`` with density ``a r e^{-(a+1) r s} (x (1 - e^{-r s}))^k / k!``
    times ``prod x / (a + i)``-normalised weights; summed over ``k`` this is
    ``a r exp(x (1 - e^{-r s}) - (a + 1) r s)`` per unit of the queue's mass
    ``S = a int_0^inf exp(x (1 - e^{-v}) - a v) dv``; without the tagged caller's own
    patience, ``a + 1`` becomes ``a``. So, with ``v = r s``,
    ``P(answered within t | wait) = int_0^{rt} e^{E_1} / int_0^inf e^{E_0}`` and the
    virtual share likewise with ``E_0``. ``P(wait) / P(no wait) = pi_n S /
    sum_{k<n} pi_k`` from the Poisson head in log space. Simpson's rule on pieces
    crowded towards the integrands' peak.
    """
    a, x = n / r, traffic / r

    def e0(v: float) -> float:
        return x * -math.expm1(-v) - a * v

    def e1(v: float) -> float:
        return e0(v) - v

    peak = math.log(x / a) if x > a else 0.0
    top = e0(peak)
    end = peak + 1.0
    while e0(end) > top - 90.0:
        end *= 1.5

    def integral(e: Callable[[float], float], lo: float, hi: float) -> float:
        cuts = sorted({lo, min(max(peak, lo), hi), hi})
        total = 0.0
        for left, right in itertools.pairwise(cuts):
            edges = [left + (right - left) * (j / 24) ** 2 for j in range(25)]
            if left < peak:  # crowd towards the peak at the right end
                edges = [right - (right - left) * (j / 24) ** 2 for j in range(25)][::-1]
            for u, w in itertools.pairwise(edges):
                m = 400
                h = (w - u) / m
                acc = math.exp(e(u) - top) + math.exp(e(w) - top)
                for i in range(1, m):
                    acc += (4 if i % 2 else 2) * math.exp(e(u + i * h) - top)
                total += acc * h / 3
        return total

    mass = integral(e0, 0.0, end)
    within = integral(e1, 0.0, min(r * t, end)) / mass
    virtual = integral(e0, 0.0, min(r * t, end)) / mass
    head = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(n)]
    log_wait = n * math.log(traffic) - math.lgamma(n + 1) + math.log(a * mass) + top
    m = max(*head, log_wait)
    no_wait = math.fsum(math.exp(v - m) for v in head)
    wait = math.exp(log_wait - m)
    p_no, p_wait = no_wait / (no_wait + wait), wait / (no_wait + wait)
    return p_no + p_wait * within, p_no + p_wait * virtual


# --------------------------------------------------------------------------- reference figures


def test_peak_hour_needs_nine_agents() -> None:
    req = required_agents(PEAK, ServiceTarget(service_level=0.8))
    assert 5.5 == PEAK.traffic
    assert 9 == req.productive_agents
    assert 9 == req.agents
    assert "service_level" == req.binding
    fig = req.figures
    assert isinstance(fig, ErlangCResult)
    assert 0.903 == pytest.approx(fig.service_level, abs=5e-4)
    assert 0.1298 == pytest.approx(fig.probability_of_waiting, abs=5e-5)
    assert 6.7 == round(fig.average_speed_of_answer.total_seconds(), 1)
    assert 5.5 / 9 == fig.occupancy


def test_eight_agents_miss_the_target() -> None:
    r = erlang_c(PEAK, 8)
    assert 0.796 == pytest.approx(r.service_level, abs=5e-4)
    assert r.service_level < 0.8


def test_reference_figures_match_log_space() -> None:
    for n in (6, 8, 9, 12):
        pw, sl, asa = log_space_erlang_c(n, 5.5, 15 / 180)
        r = erlang_c(PEAK, n)
        assert pw == pytest.approx(r.probability_of_waiting, rel=1e-12)
        assert sl == pytest.approx(r.service_level, rel=1e-12)
        assert asa * 180 == pytest.approx(r.average_speed_of_answer.total_seconds(), abs=2e-6)


@pytest.mark.parametrize("traffic_calls", [66_660, 200_000])
def test_large_centre_matches_independent_reference(traffic_calls: int) -> None:
    w = Workload(traffic_calls, HOUR, AHT)  # 3,333 and 10,000 Erlangs
    req = required_agents(w)
    t = 15 / 180
    assert reference_required(w.traffic, t, 0.8) == req.productive_agents
    for n in (req.productive_agents - 1, req.productive_agents, req.productive_agents + 40):
        pw, sl, _ = log_space_erlang_c(n, w.traffic, t)
        r = erlang_c(w, n)
        assert pw == pytest.approx(r.probability_of_waiting, rel=1e-9)
        assert sl == pytest.approx(r.service_level, rel=1e-9)


def test_3333_erlangs() -> None:
    w = Workload(66_660, HOUR, AHT)
    assert 3333.0 == w.traffic
    req = required_agents(w)
    assert req.figures.service_level >= 0.8
    assert erlang_c(w, req.productive_agents - 1).service_level < 0.8


def test_tiny_traffic_on_many_agents_underflows_gracefully() -> None:
    w = Workload(1, HOUR, dt.timedelta(seconds=36))  # 0.01 Erlangs
    r = erlang_c(w, 5000)
    assert 0.0 == r.probability_of_waiting
    assert 1.0 == r.service_level
    a = erlang_a(w, 5000, dt.timedelta(minutes=1))
    assert 0.0 == a.probability_of_waiting
    assert 1.0 == a.service_level


def test_decimal_context_untouched() -> None:
    before = decimal.getcontext().prec
    required_agents(Workload(66_660, HOUR, AHT))
    assert before == decimal.getcontext().prec


# --------------------------------------------------------------------------- requirement details


def test_fractional_agents_interpolate_the_service_level() -> None:
    req = required_agents(PEAK)
    sl8, sl9 = erlang_c(PEAK, 8).service_level, erlang_c(PEAK, 9).service_level
    assert 8 + (0.8 - sl8) / (sl9 - sl8) == pytest.approx(req.fractional_agents, rel=1e-12)


def test_fractional_agents_below_the_stable_range_start_at_the_traffic() -> None:
    # 0.5 Erlangs: one agent is enough; the service level rises from 0 at n = 0.5.
    w = Workload(10, HOUR, AHT)
    req = required_agents(w, ServiceTarget(service_level=0.5))
    assert 1 == req.productive_agents
    sl1 = erlang_c(w, 1).service_level
    assert 0.5 + 0.5 * 0.5 / sl1 == pytest.approx(req.fractional_agents, rel=1e-12)


def test_shrinkage_rounding_is_exact() -> None:
    # 324 calls an hour need 21 on the phones; at 30 % shrinkage that is exactly
    # 21 / (7/10) = 30 scheduled, while the float division says 30.000000000000004.
    w = Workload(324, HOUR, AHT)
    req = required_agents(w, ServiceTarget(shrinkage=0.3))
    assert 21 == req.productive_agents
    assert 30 == req.agents
    assert 30.0 == req.raw_agents
    assert Rounding.UP is req.rounding
    assert 31 == math.ceil(21 / (1 - 0.3))  # the trap the exact rounding avoids


def test_numpy_numbers_are_accepted() -> None:
    np = pytest.importorskip("numpy")
    w = Workload(np.float64(324.0), HOUR, AHT)
    req = required_agents(
        w, ServiceTarget(shrinkage=np.float64(0.3), max_occupancy=np.float64(0.9))
    )
    assert (21, 30) == (req.productive_agents, req.agents)
    assert 9 == required_agents(Workload(np.int64(110), HOUR, AHT)).productive_agents
    assert float is type(Workload(np.int64(110), HOUR, AHT).traffic)


def test_rounding_modes() -> None:
    assert 13 == Rounding.UP.apply(Fraction(90, 7))
    assert 12 == Rounding.UP.apply(Fraction(12))
    assert 13 == Rounding.NEAREST.apply(Fraction(25, 2))
    assert 12 == Rounding.NEAREST.apply(Fraction(49, 4))
    req = required_agents(PEAK, ServiceTarget(shrinkage=0.3, rounding=Rounding.NEAREST))
    assert 9 / 0.7 == pytest.approx(req.raw_agents)
    assert 13 == req.agents


def test_occupancy_ceiling_is_exact() -> None:
    # 2.1 Erlangs at 70 % occupancy need exactly 3 agents (2.1 / 0.7 is 3.0000000000000004).
    w = Workload(42, HOUR, AHT)
    req = required_agents(w, ServiceTarget(service_level=0.05, max_occupancy=0.7))
    assert (3, "occupancy", 3.0) == (req.productive_agents, req.binding, req.fractional_agents)
    assert 4 == math.ceil(w.traffic / 0.7)  # the trap


def test_occupancy_binding_on_the_peak() -> None:
    req = required_agents(PEAK, ServiceTarget(max_occupancy=0.5))
    assert (11, "occupancy", 0.5) == (req.productive_agents, req.binding, req.figures.occupancy)


def test_answer_speed_ceiling() -> None:
    target = ServiceTarget(max_average_speed_of_answer=dt.timedelta(seconds=2))
    req = required_agents(PEAK, target)
    assert 11 == req.productive_agents
    assert "average_speed_of_answer" == req.binding
    assert req.figures.average_speed_of_answer <= dt.timedelta(seconds=2)
    assert erlang_c(PEAK, 10).average_speed_of_answer > dt.timedelta(seconds=2)
    assert 10 < req.fractional_agents <= 11


def test_zero_answer_time_means_no_wait() -> None:
    r = erlang_c(PEAK, 9, answer_within=dt.timedelta(0))
    assert 1 - r.probability_of_waiting == pytest.approx(r.service_level, rel=1e-15)


def test_results_are_frozen() -> None:
    r = erlang_c(PEAK, 9)
    with pytest.raises(AttributeError):
        r.agents = 10  # type: ignore[misc]


# --------------------------------------------------------------------------- Erlang A


@pytest.mark.parametrize(
    ("n", "traffic", "r", "t"),
    [
        (9, 5.5, 3.0, 15 / 180),  # the peak hour, 60 s patience
        (9, 5.5, 1.0, 0.5),
        (5, 7.0, 0.5, 0.3),  # overloaded: 7 Erlangs on 5 agents
        (12, 10.0, 0.2, 0.1),
        (3, 1.0, 10.0, 0.0),  # very impatient callers, no-wait target
    ],
)
def test_erlang_a_matches_the_birth_death_chain(n: int, traffic: float, r: float, t: float) -> None:
    h = dt.timedelta(seconds=180)
    w = Workload(traffic, h, h)  # traffic Erlangs: calls per handle time
    res = erlang_a(w, n, h / r, answer_within=h * t)
    pw, sl, vsl, ab, asa = chain_erlang_a(n, traffic, r, t)
    assert pw == pytest.approx(res.probability_of_waiting, rel=1e-9)
    assert ab == pytest.approx(res.abandonment, rel=1e-9)
    assert sl == pytest.approx(res.service_level, rel=1e-9)
    assert vsl == pytest.approx(res.virtual_service_level, rel=1e-9)
    assert asa * 180 == pytest.approx(res.average_speed_of_answer.total_seconds(), abs=2e-6)


def test_erlang_a_tends_to_erlang_c_as_patience_grows() -> None:
    c = erlang_c(PEAK, 9)
    gaps = []
    for years in (1, 10, 100):
        a = erlang_a(PEAK, 9, dt.timedelta(days=365 * years))
        gaps.append(abs(a.service_level - c.service_level))
        assert c.probability_of_waiting == pytest.approx(a.probability_of_waiting, abs=1e-4)
        assert c.service_level == pytest.approx(a.virtual_service_level, abs=1e-4)
        assert c.average_speed_of_answer.total_seconds() == pytest.approx(
            a.average_speed_of_answer.total_seconds(), abs=1e-3
        )
        assert a.abandonment < 1e-5
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 1e-6


def test_patience_makes_the_answer_smaller() -> None:
    req = required_agents_erlang_a(PEAK, dt.timedelta(minutes=2))
    assert 8 == req.productive_agents
    assert 9 == required_agents(PEAK).productive_agents
    fig = req.figures
    assert isinstance(fig, ErlangAResult)
    assert fig.service_level >= 0.8
    assert erlang_a(PEAK, 7, dt.timedelta(minutes=2)).service_level < 0.8
    assert 7 < req.fractional_agents <= 8


def test_erlang_a_holds_overload() -> None:
    a = erlang_a(PEAK, 4, dt.timedelta(minutes=1))  # 5.5 Erlangs on 4 agents
    assert 0.3 < a.abandonment < 1
    assert a.occupancy <= 1.0
    assert a.traffic * (1 - a.abandonment) / 4 == pytest.approx(a.occupancy)


def test_erlang_a_large_centre() -> None:
    w = Workload(66_660, HOUR, AHT)
    req = required_agents_erlang_a(w, dt.timedelta(minutes=1))
    c = required_agents(w)
    assert req.productive_agents <= c.productive_agents
    assert erlang_a(w, req.productive_agents - 1, dt.timedelta(minutes=1)).service_level < 0.8


def _erlang_a_at(traffic: float, agents: int, patience_s: float, within_s: float) -> ErlangAResult:
    h = dt.timedelta(seconds=180)
    w = Workload(traffic, h, h)  # traffic Erlangs: calls per handle time
    return erlang_a(
        w, agents, dt.timedelta(seconds=patience_s), answer_within=dt.timedelta(seconds=within_s)
    )


def _shares(r: ErlangAResult) -> list[float]:
    return [
        r.service_level,
        r.virtual_service_level,
        r.probability_of_waiting,
        r.abandonment,
        r.occupancy,
    ]


@pytest.mark.parametrize(
    ("traffic", "agents", "patience_s", "within_s"),
    [
        (5.5, 1, 3600, 15),  # SL was -1.3e-15 and occupancy 1.0000000000000058
        (5.5, 1, 86400, 15),  # virtual SL -2.3e-13
        (40.0, 20, 3600, 60),  # SL -1.4e-14, virtual SL -2.8e-14, occupancy above 1
        (300.0, 150, 600, 60),  # SL -1.4e-14, virtual SL -2.8e-14
        (300.0, 3, 120, 15),  # virtual SL -2.8e-14
        (3000.0, 30, 120, 1),  # SL -2.3e-15, virtual SL -2.3e-13
        (3000.0, 300, 600, 1),  # virtual SL -9.1e-13
    ],
)
def test_erlang_a_shares_are_probabilities_at_extreme_load(
    traffic: float, agents: int, patience_s: float, within_s: float
) -> None:
    # The service levels were differences of two nearly equal ratios of incomplete
    # gamma functions; at heavy load the true value is tiny and the difference came
    # out negative (by up to 2e-9 for 30,000 Erlangs on 3,000 agents).
    r = _erlang_a_at(traffic, agents, patience_s, within_s)
    for share in _shares(r):
        assert 0.0 <= share <= 1.0
    sl, vsl = quadrature_erlang_a(agents, traffic, 180 / patience_s, within_s / 180)
    assert sl == pytest.approx(r.service_level, rel=1e-9, abs=1e-300)
    assert vsl == pytest.approx(r.virtual_service_level, rel=1e-9, abs=1e-300)
    assert r.service_level <= r.virtual_service_level * (1 + 1e-12)
    assert r.abandonment <= r.probability_of_waiting


@pytest.mark.parametrize(
    ("agents", "traffic", "r", "t"),
    [
        (12, 209.3, 0.598, 1.61),  # SL 9.5e-36: the old formula said 0
        (415, 717.2, 0.22, 0.363),  # 1.0e-107: the old formula said 6.6e-14
        (943, 1418.0, 1.02, 0.08),  # 3.8e-26: the old formula said 9.4e-15
        (1, 5.5, 1 / 20, 15 / 180),  # 1.3e-26, most of it callers who do not wait
    ],
)
def test_erlang_a_tiny_service_levels_keep_their_digits(
    agents: int, traffic: float, r: float, t: float
) -> None:
    h = dt.timedelta(seconds=180)
    patience, within = h / r, h * t  # rounded to microseconds: use what is passed
    res = erlang_a(Workload(traffic, h, h), agents, patience, answer_within=within)
    sl, vsl = quadrature_erlang_a(agents, traffic, h / patience, within / h)
    assert 0.0 < sl < 1e-25
    assert sl == pytest.approx(res.service_level, rel=1e-9, abs=0.0)
    assert vsl == pytest.approx(res.virtual_service_level, rel=1e-9, abs=0.0)


def test_erlang_a_rescaling_is_exercised(monkeypatch: pytest.MonkeyPatch) -> None:
    # 100 agents, 300 Erlangs, patience 10 handle times, a target of 6.7 handle times:
    # the queue's series peaks near exp(1000) and the answered waits' negative
    # binomial weights near exp(670); both are summed rescaled. Without either
    # rescaling the figures overflow, which this test must see.
    from complaintflow.staffing import _erlang

    def figures() -> tuple[float, float]:
        r = erlang_a(Workload(300, AHT, AHT), 100, AHT * 10, answer_within=AHT * 6.7)
        return r.service_level, r.virtual_service_level

    def broken() -> bool:
        try:
            got = figures()
        except ValueError:  # a NaN wait cannot become a timedelta
            return True
        return bool(expected != pytest.approx(got, rel=1e-3, abs=0.0))

    expected = quadrature_erlang_a(100, 300.0, 0.1, 6.7)
    assert expected == pytest.approx(figures(), rel=1e-9, abs=0.0)
    assert expected[0] < 1e-48  # tiny, and still right to nine digits
    for name in ("_RESCALE", "_NB_RESCALE"):
        monkeypatch.setattr(_erlang, name, math.inf)
        assert broken(), name
        monkeypatch.undo()
    monkeypatch.setattr(_erlang, "_LOG_NB_RESCALE", _erlang._LOG_NB_RESCALE + 1.0)
    assert broken()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("calls", [0, -3, math.nan, math.inf, True, "110"])
def test_bad_call_volumes(calls: object) -> None:
    with pytest.raises(StaffingError) as e:
        Workload(calls, HOUR, AHT)  # type: ignore[arg-type]
    assert "calls" == e.value.field
    assert isinstance(e.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"interval": dt.timedelta(0)}, "interval"),
        ({"interval": 60}, "interval"),
        ({"handle_time": dt.timedelta(seconds=-1)}, "handle_time"),
        ({"handle_time": 3.0}, "handle_time"),
    ],
)
def test_bad_durations(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"calls": 110, "interval": HOUR, "handle_time": AHT} | kwargs
    with pytest.raises(DurationError) as e:
        Workload(**args)  # type: ignore[arg-type]
    assert field == e.value.field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"service_level": 0.0}, "service_level"),
        ({"service_level": -0.2}, "service_level"),
        ({"service_level": 1.0}, "service_level"),
        ({"service_level": 1.2}, "service_level"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"shrinkage": -0.1}, "shrinkage"),
        ({"max_occupancy": 0.0}, "max_occupancy"),
        ({"max_occupancy": 1.5}, "max_occupancy"),
        ({"rounding": "up"}, "rounding"),
    ],
)
def test_bad_targets(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(StaffingError) as e:
        ServiceTarget(**kwargs)  # type: ignore[arg-type]
    assert field == e.value.field
    assert kwargs[field] == e.value.value


def test_bad_target_durations() -> None:
    with pytest.raises(DurationError):
        ServiceTarget(answer_within=dt.timedelta(seconds=-1))
    with pytest.raises(DurationError):
        ServiceTarget(max_average_speed_of_answer=dt.timedelta(0))


def test_traffic_at_or_above_agents_is_unstable() -> None:
    with pytest.raises(UnstableQueueError) as e:
        erlang_c(PEAK, 5)
    assert ("agents", 5) == (e.value.field, e.value.value)
    assert "at least 6 agents" in str(e.value)
    w = Workload(120, HOUR, dt.timedelta(minutes=3))  # exactly 6 Erlangs
    with pytest.raises(UnstableQueueError):
        erlang_c(w, 6)
    assert erlang_c(w, 7).service_level > 0


def test_agents_a_hair_above_the_traffic() -> None:
    w = Workload(6428.5714285714275, dt.timedelta(minutes=15), dt.timedelta(seconds=28))
    assert 200 - w.traffic < 1e-12
    with pytest.raises(UnstableQueueError) as e:
        erlang_c(w, 200)
    assert "by a hair" in str(e.value)
    assert 201 == required_agents(w, ServiceTarget(service_level=0.05)).productive_agents


@pytest.mark.parametrize("agents", [0, -1, 5.5, True])
def test_bad_agent_counts(agents: object) -> None:
    with pytest.raises(StaffingError) as e:
        erlang_c(PEAK, agents)  # type: ignore[arg-type]
    assert "agents" == e.value.field
    with pytest.raises(StaffingError):
        erlang_a(PEAK, agents, dt.timedelta(minutes=1))  # type: ignore[arg-type]


def test_endless_patience_on_an_overloaded_queue_is_refused() -> None:
    with pytest.raises(StaffingError) as e:
        erlang_a(PEAK, 4, dt.timedelta(days=365 * 100))
    assert "patience" == e.value.field
    assert "erlang_c" in str(e.value)
    assert erlang_a(PEAK, 4, dt.timedelta(days=1)).abandonment > 0  # long but feasible


def test_bad_patience() -> None:
    with pytest.raises(DurationError) as e:
        erlang_a(PEAK, 9, dt.timedelta(0))
    assert "patience" == e.value.field
    with pytest.raises(DurationError):
        required_agents_erlang_a(PEAK, 60)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- wrong types


def _assert_type_error(err: Exception, field: str, value: object) -> None:
    """A wrong type is a TypeError (WrongTypeError) naming the field and the value."""
    assert isinstance(err, WrongTypeError)
    assert isinstance(err, TypeError)
    assert (field, value) == (err.field, err.value)  # type: ignore[attr-defined]


@pytest.mark.parametrize("calls", [True, False, "110", None, decimal.Decimal("110"), [110]])
def test_calls_of_the_wrong_type(calls: object) -> None:
    with pytest.raises(StaffingTypeError) as e:
        Workload(calls, HOUR, AHT)  # type: ignore[arg-type]
    _assert_type_error(e.value, "calls", calls)
    assert isinstance(e.value, StaffingError)  # still caught by the old handlers


@pytest.mark.parametrize("agents", [True, 5.5, 9.0, "9", None, Fraction(9)])
def test_agent_counts_of_the_wrong_type(agents: object) -> None:
    for call in (
        lambda: erlang_c(PEAK, agents),  # type: ignore[arg-type]
        lambda: erlang_a(PEAK, agents, dt.timedelta(minutes=1)),  # type: ignore[arg-type]
    ):
        with pytest.raises(StaffingTypeError) as e:
            call()
        _assert_type_error(e.value, "agents", agents)


@pytest.mark.parametrize("value", [15, 15.0, math.nan, math.inf, True, "15s", None])
def test_durations_that_are_not_timedeltas(value: object) -> None:
    calls = [
        ("interval", lambda: Workload(110, value, AHT)),  # type: ignore[arg-type]
        ("handle_time", lambda: Workload(110, HOUR, value)),  # type: ignore[arg-type]
        ("answer_within", lambda: ServiceTarget(answer_within=value)),  # type: ignore[arg-type]
        ("answer_within", lambda: erlang_c(PEAK, 9, answer_within=value)),  # type: ignore[arg-type]
        ("patience", lambda: erlang_a(PEAK, 9, value)),  # type: ignore[arg-type]
        ("patience", lambda: required_agents_erlang_a(PEAK, value)),  # type: ignore[arg-type]
    ]
    if value is not None:  # None means "no ceiling" for the answer speed
        calls.append(
            (
                "max_average_speed_of_answer",
                lambda: ServiceTarget(max_average_speed_of_answer=value),  # type: ignore[arg-type]
            )
        )
    for field, call in calls:
        with pytest.raises(DurationTypeError) as e:
            call()
        _assert_type_error(e.value, field, value)
        assert isinstance(e.value, DurationError)


@pytest.mark.parametrize("field", ["service_level", "shrinkage", "max_occupancy", "rounding"])
@pytest.mark.parametrize("value", [True, "0.8", [0.8]])
def test_target_fields_of_the_wrong_type(field: str, value: object) -> None:
    with pytest.raises(StaffingTypeError) as e:
        ServiceTarget(**{field: value})  # type: ignore[arg-type]
    _assert_type_error(e.value, field, value)


@pytest.mark.parametrize("bad", [None, 5.5, {"calls": 110}, ServiceTarget()])
def test_a_workload_that_is_not_a_workload(bad: object) -> None:
    patience = dt.timedelta(minutes=1)
    for call in (
        lambda: erlang_c(bad, 9),  # type: ignore[arg-type]
        lambda: erlang_a(bad, 9, patience),  # type: ignore[arg-type]
        lambda: required_agents(bad),  # type: ignore[arg-type]
        lambda: required_agents_erlang_a(bad, patience),  # type: ignore[arg-type]
    ):
        with pytest.raises(StaffingTypeError) as e:
            call()
        _assert_type_error(e.value, "workload", bad)


@pytest.mark.parametrize("bad", [{}, 0.8, PEAK])
def test_a_target_that_is_not_a_service_target(bad: object) -> None:
    forecast = IntervalForecast(pendulum.datetime(2026, 3, 2, tz=TZ), HOUR, [10], AHT)
    for call in (
        lambda: required_agents(PEAK, bad),  # type: ignore[arg-type]
        lambda: required_agents_erlang_a(PEAK, dt.timedelta(minutes=1), bad),  # type: ignore[arg-type]
        lambda: plan_staffing(forecast, bad),  # type: ignore[arg-type]
    ):
        with pytest.raises(StaffingTypeError) as e:
            call()
        _assert_type_error(e.value, "target", bad)


def test_plan_and_roster_arguments_of_the_wrong_type() -> None:
    forecast = IntervalForecast(pendulum.datetime(2026, 3, 2, tz=TZ), HOUR, [10], AHT)
    plan = plan_staffing(forecast)
    cases = [
        ("forecast", None, lambda: plan_staffing(None)),  # type: ignore[arg-type]
        ("forecast", [10], lambda: plan_staffing([10])),  # type: ignore[arg-type]
        ("minimum_agents", True, lambda: plan_staffing(forecast, minimum_agents=True)),
        ("minimum_agents", 1.0, lambda: plan_staffing(forecast, minimum_agents=1.0)),  # type: ignore[arg-type]
        ("plan", forecast, lambda: check_roster(forecast, [])),  # type: ignore[arg-type]
        ("shifts", None, lambda: check_roster(plan, None)),  # type: ignore[arg-type]
        ("shifts", 3, lambda: check_roster(plan, 3)),  # type: ignore[arg-type]
    ]
    for field, value, call in cases:
        with pytest.raises(StaffingTypeError) as e:
            call()
        _assert_type_error(e.value, field, value)
    with pytest.raises(DurationTypeError) as d:
        plan_staffing(forecast, patience=60)  # type: ignore[arg-type]
    _assert_type_error(d.value, "patience", 60)


@pytest.mark.parametrize("calls", [None, 5, 3.0])
def test_forecast_calls_that_are_not_a_sequence(calls: object) -> None:
    with pytest.raises(ValidationError) as e:
        IntervalForecast(dt.datetime(2026, 3, 2), HALF_HOUR, calls, AHT)  # type: ignore[arg-type]
    assert ["start", "calls"] == [p.path for p in e.value.problems]


def test_a_shift_label_must_be_text() -> None:
    with pytest.raises(ValidationError) as e:
        Shift(0, 1, label=5)  # type: ignore[arg-type]
    assert ["label"] == [p.path for p in e.value.problems]


def test_rounding_apply_refuses_what_is_not_a_head_count() -> None:
    with pytest.raises(StaffingTypeError) as e:
        Rounding.UP.apply("12.5")  # type: ignore[arg-type]
    _assert_type_error(e.value, "value", "12.5")
    with pytest.raises(StaffingTypeError):
        Rounding.NEAREST.apply(True)  # type: ignore[arg-type]
    for bad in (Fraction(-1, 2), -3, math.inf, math.nan):
        with pytest.raises(StaffingError) as v:
            Rounding.UP.apply(bad)  # type: ignore[arg-type]
        assert not isinstance(v.value, TypeError)
    assert (3, 2) == (Rounding.UP.apply(2.5), Rounding.NEAREST.apply(Fraction(3, 2)) - 0)


# --------------------------------------------------------------------------- limits

PATIENCE = dt.timedelta(minutes=2)


def _refused(call: object, field: str, value: object, limit: object) -> StaffingLimitError:
    """``call()`` is refused at once with a limit error naming the field, value and limit."""
    with within(0.5), pytest.raises(StaffingLimitError) as e:
        call()  # type: ignore[operator]
    err = e.value
    assert (field, value, limit) == (err.field, err.value, err.limit)
    assert isinstance(err, StaffingError)
    assert isinstance(err, OutOfRangeError)
    assert f"{limit:,}" in str(err) if isinstance(limit, int) else True
    return err


@pytest.mark.parametrize("agents", [MAX_AGENTS + 1, 10**8, 10**12])
def test_agent_counts_beyond_the_limit_are_refused(agents: int) -> None:
    # These ran the Erlang B recurrence once per agent: 10**8 agents took minutes.
    _refused(lambda: erlang_c(PEAK, agents), "agents", agents, MAX_AGENTS)
    _refused(lambda: erlang_a(PEAK, agents, PATIENCE), "agents", agents, MAX_AGENTS)


def test_the_largest_agent_count_is_fast() -> None:
    with within(0.5):
        c = erlang_c(PEAK, MAX_AGENTS)
        a = erlang_a(PEAK, MAX_AGENTS, PATIENCE)
    assert (0.0, 1.0, 0.0) == (c.probability_of_waiting, c.service_level, a.abandonment)
    big = Workload(MAX_TRAFFIC * 20, HOUR, AHT)  # the largest traffic, on the most agents
    with within(0.5):
        c = erlang_c(big, MAX_AGENTS)
        a = erlang_a(big, MAX_AGENTS, PATIENCE)
    assert (0.0, 1.0) == (c.probability_of_waiting, a.service_level)


@pytest.mark.parametrize("calls", [MAX_TRAFFIC * 20 * 1.0000001, 1e10, 2e13, 1e300, 10**400])
def test_traffic_beyond_the_limit_is_refused(calls: float) -> None:
    # 2e13 calls an hour is 10**12 Erlangs: required_agents ran for hours, Erlang A
    # overflowed (OverflowError) at 1e300, and 10**400 is no float at all.
    err = _refused(lambda: Workload(calls, HOUR, AHT), "calls", calls, MAX_TRAFFIC)
    assert "Erlangs" in str(err)


def test_durations_that_make_the_traffic_huge_are_refused() -> None:
    longest = dt.timedelta.max
    _refused(lambda: Workload(110, HOUR, longest), "calls", 110, MAX_TRAFFIC)
    _refused(
        lambda: Workload(1e-10, dt.timedelta(microseconds=1), longest), "calls", 1e-10, MAX_TRAFFIC
    )
    tiny = Workload(1e-310, longest, dt.timedelta(microseconds=1))  # underflows to 0 Erlangs
    assert 0.0 == tiny.traffic
    assert 1 == required_agents(tiny).agents


def test_the_largest_traffic_is_fast() -> None:
    w = Workload(MAX_TRAFFIC * 20, HOUR, AHT)
    assert MAX_TRAFFIC == w.traffic
    with within(0.5):
        req = required_agents(w)
    assert req.figures.service_level >= 0.8
    with within(0.5):
        assert erlang_c(w, req.productive_agents - 1).service_level < 0.8
    with within(1.5):
        a = required_agents_erlang_a(w, PATIENCE)
    assert a.productive_agents <= req.productive_agents


@pytest.mark.parametrize("occupancy", [1e-9, 1e-300, 5.5 / (MAX_AGENTS + 1)])
def test_an_occupancy_ceiling_needing_too_many_agents_is_refused(occupancy: float) -> None:
    # 1e-9 asked for 5.5e9 agents: the search stepped to them one at a time.
    target = ServiceTarget(max_occupancy=occupancy)
    least = 5.5 / MAX_AGENTS
    _refused(lambda: required_agents(PEAK, target), "max_occupancy", occupancy, least)
    _refused(
        lambda: required_agents_erlang_a(PEAK, PATIENCE, target), "max_occupancy", occupancy, least
    )


def test_the_lowest_occupancy_ceiling_is_fast() -> None:
    target = ServiceTarget(max_occupancy=5.5 / MAX_AGENTS)
    with within(0.5):
        req = required_agents(PEAK, target)
    assert (MAX_AGENTS, "occupancy") == (req.productive_agents, req.binding)
    with within(1.0):
        a = required_agents_erlang_a(PEAK, PATIENCE, target)
    assert MAX_AGENTS >= a.productive_agents > MAX_AGENTS - 10


def test_erlang_a_series_beyond_the_limit_is_refused() -> None:
    # 4 agents on 5.5 Erlangs with callers patient for three years: the series
    # needs about 2.4 million terms (about 2 s); the limit is far below that.
    years = dt.timedelta(days=3 * 365)
    err = _refused(lambda: erlang_a(PEAK, 4, years), "patience", years, MAX_SERIES_TERMS)
    assert "erlang_c" in str(err)
    with within(0.5):
        assert erlang_a(PEAK, 9, years).service_level > 0.9  # stable: few terms
        assert erlang_a(PEAK, 4, dt.timedelta(days=1)).abandonment > 0


def test_erlang_a_searches_are_bounded() -> None:
    w = Workload(MAX_TRAFFIC * 20, HOUR, AHT)
    hours = dt.timedelta(hours=8)  # the answer lies where each evaluation is too long
    _refused(lambda: required_agents_erlang_a(w, hours), "patience", hours, MAX_SERIES_TERMS)
    with within(0.5):  # the same queue, callers patient for two hours: near the traffic
        assert 99_000 < required_agents_erlang_a(w, hours / 4).productive_agents < 100_000


def test_erlang_a_search_and_plan_budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    # The budgets meter series terms before each evaluation; small budgets show the
    # refusal without spending the real ones (about half a second and a second).
    from complaintflow.staffing import _plan, _queue

    monkeypatch.setattr(_queue, "MAX_SEARCH_TERMS", 100)
    _refused(lambda: required_agents_erlang_a(PEAK, PATIENCE), "patience", PATIENCE, 100)
    monkeypatch.undo()
    assert 8 == required_agents_erlang_a(PEAK, PATIENCE).productive_agents
    monkeypatch.setattr(_plan, "MAX_PLAN_SERIES_TERMS", 2_000)
    with pytest.raises(StaffingLimitError) as e:
        plan_staffing(busiest_day(), patience=PATIENCE)
    assert ("patience", PATIENCE, 2_000) == (e.value.field, e.value.value, e.value.limit)
    assert "fewer intervals" in str(e.value)
    monkeypatch.undo()
    assert 48 == len(plan_staffing(busiest_day(), patience=PATIENCE).intervals)


def test_plans_share_the_answer_of_equal_call_counts() -> None:
    plan = plan_staffing(busiest_day())
    rows = [r for r in plan.intervals if r.calls == 34]
    assert 3 == len(rows)
    assert rows[0].requirement is rows[1].requirement is rows[2].requirement


def test_waits_beyond_a_timedelta_are_refused_with_the_right_reason() -> None:
    longest = dt.timedelta(days=999_999_999)
    w = Workload(1.9, dt.timedelta.max, longest)  # 1.9 Erlangs, handle time of 2.7 million years
    with pytest.raises(StaffingLimitError) as e:
        erlang_c(w, 2)
    assert ("handle_time", longest) == (e.value.field, e.value.value)
    assert "by a hair" not in str(e.value)
    assert erlang_c(w, 3).average_speed_of_answer < dt.timedelta.max


def test_forecasts_beyond_the_limits_are_refused_up_front() -> None:
    start = pendulum.datetime(2026, 3, 2, tz=TZ)
    minute = dt.timedelta(minutes=1)
    with within(0.5), pytest.raises(ValidationError) as e:
        IntervalForecast(start, minute, [55] * 10**6, AHT)  # planning this took minutes
    assert ["calls"] == [p.path for p in e.value.problems]
    assert f"{MAX_INTERVALS:,}" in str(e.value)
    with pytest.raises(ValidationError) as e:
        IntervalForecast(start, HALF_HOUR, [10, 1e9, 3, 2e9], AHT)
    assert ["calls[1]", "calls[3]"] == [p.path for p in e.value.problems]
    per_interval = MAX_PLAN_TRAFFIC / 100 * 10  # Erlangs -> calls per half hour at 3 min
    with pytest.raises(ValidationError) as e:
        IntervalForecast(start, HALF_HOUR, [per_interval] * 101, AHT)
    assert ["calls"] == [p.path for p in e.value.problems]
    assert f"{MAX_PLAN_TRAFFIC:,.0f}" in str(e.value)


def test_the_longest_forecast_plans_fast() -> None:
    start = pendulum.datetime(2026, 3, 2, tz=TZ)
    f = IntervalForecast(start, dt.timedelta(minutes=1), [i % 7 for i in range(MAX_INTERVALS)], AHT)
    with within(2.0):
        plan = plan_staffing(f)
    assert MAX_INTERVALS == len(plan.intervals)


def test_forecasts_beyond_the_calendar_are_refused() -> None:
    start = pendulum.datetime(2026, 3, 2, tz=TZ)
    with pytest.raises(ValidationError) as e:  # plan_staffing raised OverflowError
        IntervalForecast(start, dt.timedelta(days=10**6), [55] * 3, AHT)
    assert ["interval"] == [p.path for p in e.value.problems]
    late = dt.datetime(9999, 12, 31, 23, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as e:
        IntervalForecast(late, HALF_HOUR, [1] * 4, AHT)
    assert ["interval"] == [p.path for p in e.value.problems]


def test_ints_too_long_to_print_are_refused_with_their_size() -> None:
    # repr() of an int beyond 4,300 digits raises ValueError: it escaped from the
    # messages (found by a property test).
    huge = 10**5000
    for call, field in [
        (lambda: Workload(huge, HOUR, AHT), "calls"),
        (lambda: erlang_c(PEAK, huge), "agents"),
        (lambda: erlang_c(PEAK, -huge), "agents"),
        (lambda: Rounding.UP.apply(-huge), "value"),  # type: ignore[arg-type]
    ]:
        with pytest.raises(StaffingError) as e:
            call()
        assert field == e.value.field
        assert "16,610 bits" in str(e.value)
    with pytest.raises(ValidationError) as v:
        IntervalForecast(pendulum.datetime(2026, 3, 2, tz=TZ), HOUR, [huge], AHT)
    assert ["calls[0]"] == [p.path for p in v.value.problems]


def test_shares_too_large_for_a_float_are_refused() -> None:
    with pytest.raises(StaffingError) as e:  # OverflowError before
        ServiceTarget(service_level=10**400)
    assert "service_level" == e.value.field


# --------------------------------------------------------------------------- plans and rosters

#: A 922-call day in half hours (SLA-9), peaking at 55 calls (110 an hour) at 10:00.
# fmt: off
BUSIEST_DAY = (
    4, 3, 2, 2, 1, 1, 1, 1, 2, 2, 3, 4, 6, 8, 12, 18, 26, 34, 42, 50, 55, 52, 46, 38,
    32, 34, 38, 42, 44, 42, 38, 34, 30, 26, 23, 21, 19, 16, 14, 12, 10, 8, 7, 6, 5, 4, 4, 0,
)
# fmt: on


def busiest_day() -> IntervalForecast:
    return IntervalForecast(pendulum.datetime(2026, 3, 2, tz=TZ), HALF_HOUR, BUSIEST_DAY, AHT)


def test_busiest_day_plan() -> None:
    f = busiest_day()
    assert 922 == f.total_calls
    plan = plan_staffing(f)
    assert 48 == len(plan.intervals)
    assert 20 == plan.peak.index
    assert pendulum.datetime(2026, 3, 2, 10, tz=TZ) == plan.peak.start
    assert required_agents(PEAK).agents == plan.peak.agents  # 55 per half hour is SLA-9's 110/h
    last = plan.intervals[-1]
    assert (None, 1) == (last.requirement, last.agents)  # no calls, SLA-10 still staffs it
    for row in plan.intervals:
        if row.calls:
            expected = required_agents(Workload(row.calls, HALF_HOUR, AHT)).agents
            assert max(1, expected) == row.agents


def test_plan_with_erlang_a_needs_no_more_than_with_erlang_c() -> None:
    f = busiest_day()
    c = plan_staffing(f)
    a = plan_staffing(f, patience=dt.timedelta(minutes=2))
    assert all(x <= y for x, y in zip(a.agents, c.agents, strict=True))
    assert sum(a.agents) < sum(c.agents)


def test_plan_minimum_zero_and_bad_minimum() -> None:
    plan = plan_staffing(busiest_day(), minimum_agents=0)
    assert 0 == plan.intervals[-1].agents
    with pytest.raises(ValidationError):
        plan_staffing(busiest_day(), minimum_agents=-1)


def test_three_shift_rotation_reports_short_intervals() -> None:
    plan = plan_staffing(busiest_day())
    day = pendulum.datetime(2026, 3, 2, tz=TZ)
    roster = [
        Shift(day, day.add(hours=8), agents=2, label="night"),
        Shift(day.add(hours=8), day.add(hours=16), agents=8, label="day"),
        Shift(day.add(hours=16), day.add(hours=23), agents=3, label="evening"),
    ]
    check = check_roster(plan, roster)
    assert not check.ok
    by_index = {s.index: s for s in check.shortfalls}
    assert by_index[20].required == 9
    assert by_index[20].staffed == 8
    assert "SLA-9" == by_index[20].rule
    assert {46, 47} <= set(by_index)  # nobody from 23:00
    assert "SLA-10" == by_index[47].rule
    assert all(s.missing == s.required - s.staffed > 0 for s in check.shortfalls)
    assert [
        i for i, (r, s) in enumerate(zip(check.required, check.staffed, strict=True)) if s < r
    ] == [s.index for s in check.shortfalls]


def test_partial_and_overhanging_shifts() -> None:
    plan = plan_staffing(busiest_day())
    day = pendulum.datetime(2026, 3, 2, tz=TZ)
    check = check_roster(
        plan,
        [
            Shift(day.subtract(hours=4), day.add(minutes=45)),  # covers interval 0 only
            Shift(day.add(hours=23, minutes=40), day.add(hours=30)),  # 23:30-24:00 only partly
        ],
    )
    assert (1, 0) == check.staffed[:2]
    assert 0 == check.staffed[47]


def test_index_shifts_and_utc_instants_agree() -> None:
    plan = plan_staffing(busiest_day())
    day = pendulum.datetime(2026, 3, 2, tz=TZ)
    utc = dt.datetime(2026, 3, 1, 16, tzinfo=dt.UTC)  # the same instant as `day`
    by_index = check_roster(plan, [Shift(0, 16, agents=3)])
    by_time = check_roster(plan, [Shift(utc, utc + dt.timedelta(hours=8), agents=3)])
    assert by_index == by_time
    assert day == utc


def test_bad_roster_reports_every_problem() -> None:
    plan = plan_staffing(busiest_day())
    with pytest.raises(ValidationError) as e:
        check_roster(plan, [Shift(0, 60), "night", Shift(40, 49)])  # type: ignore[list-item]
    assert ["shifts[0].end", "shifts[1]", "shifts[2].end"] == [p.path for p in e.value.problems]


def test_bad_shifts() -> None:
    naive = dt.datetime(2026, 3, 2)
    with pytest.raises(ValidationError) as e:
        Shift(naive, 3, agents=0)  # type: ignore[arg-type]
    assert ["start", "agents"] == [p.path for p in e.value.problems]
    with pytest.raises(ValidationError) as e:
        Shift(pendulum.datetime(2026, 3, 2, tz=TZ), 3)
    assert ["end"] == [p.path for p in e.value.problems]


def test_bad_forecast_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as e:
        IntervalForecast(
            dt.datetime(2026, 3, 2),
            dt.timedelta(0),
            [10, -1, "x", math.nan],
            AHT,
        )
    assert ["start", "interval", "calls[1]", "calls[2]", "calls[3]"] == [
        p.path for p in e.value.problems
    ]


def test_forecast_across_a_dst_change_uses_real_time() -> None:
    start = pendulum.datetime(2026, 3, 8, tz="America/New_York")  # springs forward at 02:00
    f = IntervalForecast(start, HOUR, [1] * 24, AHT)
    assert pendulum.datetime(2026, 3, 9, 1, tz="America/New_York") == f.end
    assert dt.timedelta(hours=24) == f.end - f.start


def test_agents_that_hold_the_traffic_only_by_a_hair_do_not_meet_a_lax_target() -> None:
    # One agent holds 0.9999999999999999 Erlangs with an average wait of 1.9e18 s,
    # yet meets a service level of 1e-9 "within" timedelta.max: the answer is two.
    w = Workload(4.225352112676056, dt.timedelta(seconds=900), dt.timedelta(seconds=213))
    target = ServiceTarget(service_level=1e-9, answer_within=dt.timedelta.max)
    req = required_agents(w, target)
    assert (2, "average_speed_of_answer") == (req.productive_agents, req.binding)
    assert req.figures.average_speed_of_answer < dt.timedelta(minutes=2)
