"""Queueing formulas on plain floats: Erlang B, Erlang C and Erlang A (M/M/n+M).

Theory of operation
-------------------
Everything here is measured in units of the mean handle time ``h``: the service
rate is 1, the offered traffic ``A`` (Erlangs) is the arrival rate, a waiting
target ``T`` is ``T / h`` and the abandonment rate is ``r = h / patience``. The
public layer (`complaintflow.staffing._queue`) converts durations once and calls
these functions; nothing here builds a datetime or a timedelta.

**Erlang B** comes from the forward recurrence ``B(k) = A B(k-1) / (k + A B(k-1))``
with ``B(0) = 1``. Every intermediate lies in ``(0, 1]``: no factorial, no power
of ``A`` is ever formed, so nothing overflows at any agent count (a textbook
``A**n / n!`` overflows a float at about 171 agents). Values that are truly below
``1e-308`` underflow to zero, which is the right answer to print.

**Erlang C** follows from B: ``C = n B / (n - A (1 - B))``; the share answered
within ``T`` is ``1 - C exp(-(n - A) T)`` and the average speed of answer is
``C / (n - A)``. The search for the minimum agents walks the B recurrence once, so
it costs O(n) multiplications however large the centre.

**Erlang A** (Palm's M/M/n+M: exponential patience with rate ``r``) uses the
birth-death chain's stationary law. With ``a = n / r`` and ``x = A / r`` the
queue part is the series ``S(a, x) = sum_k prod_{i<=k} x / (a + i)``, and

* ``P(wait) = B S / (1 + B (S - 1))`` (``B`` is Erlang B for ``n`` agents),
* ``E[queue] = pi_n sum_k k t_k`` and ``P(abandon) = E[queue] / x`` (flow balance),
* the virtual wait ``V`` of a caller who finds ``k`` waiting is a sum of
  exponentials with rates ``n + j r``, ``j = 0..k``: the ``(k + 1)``-th smallest of
  ``a + k`` exponential clocks of rate ``r``. So ``P(V <= T | k) = P(M_a > k)``,
  where ``M_c`` is negative binomial (failures before ``c`` successes of
  probability ``q = exp(-r T)``), and a caller answered within ``T`` also outlasts
  their own patience: ``P(answered by T | k) = a / (a + k + 1) P(M_{a+1} > k)``.
  Summed over ``k`` these are Mandelbaum and Zeltyn's incomplete-gamma formulas,
* the mean wait of answered callers is ``E[V; answered] / P(answered)`` with
  ``E[V; answered | k] = a / (a + k + 1) * sum_{j=1..k+1} 1 / (r (a + j))``.

Every share is built from positive terms only. One loop sums the series, each
negative binomial's pmf and cdf, and for each wait both ``sum_k u_k P(M <= k)``
(late) and ``sum_m P(M = m) U_m + U P(M > K)`` (in time; ``U_m`` are the partial
sums of ``u``), with running rescaling (the terms can exceed the float range in an
overloaded centre), stopped by a geometric tail bound. Each figure then comes from
whichever of itself and its complement is the small one: the abandonment and the
answered share from ``E[k] / x`` and ``E[a / (a + k + 1)]`` normalised by their sum
(flow balance makes it one), P(no wait) from the odds of waiting, the occupancy
as ``1 - P(no wait) (1 - E[busy | no wait] / n)`` when most callers wait. So every
share lies in ``[0, 1]`` and keeps its digits when tiny: a service level of
``1e-100`` is right to about twelve digits, where the difference of two incomplete
gamma ratios it replaces came out anywhere in ``+-1e-9``.

Limits and cost
---------------
Every loop here is bounded by the inputs, and the public layer refuses inputs
beyond `MAX_AGENTS`, `MAX_TRAFFIC` and `MAX_SERIES_TERMS` before
calling in, so no call runs long:

* ``B(n)`` stops once it underflows to zero (it stays zero), which happens by
  ``k = A + 40 sqrt(A) + 50``: the recurrence costs ``min(n, A + 40 sqrt(A) + 50)``
  steps whatever ``n``.
* The Erlang C search walks the recurrence once without evaluating anything below
  the traffic, evaluates the figures from ``floor(A) + 1`` until the service level
  and answer-speed targets are met (at most ``40 sqrt(A) + 50`` counts), then runs
  the bare recurrence up to an occupancy floor: ``O(A + sqrt(A))`` in all.
* The Erlang A series needs at most `series_terms` terms (an upper bound
  checked by a property test): about ``max(0, x - a) + 12 sqrt(max(x, a))``, far
  fewer when ``a > x`` because the terms then shrink geometrically.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable

__all__ = [
    "MAX_AGENTS",
    "MAX_SEARCH_TERMS",
    "MAX_SERIES_TERMS",
    "MAX_TRAFFIC",
    "erlang_a",
    "erlang_b",
    "erlang_b_pair",
    "erlang_b_table",
    "erlang_c",
    "erlang_c_search",
    "lowest_evaluable",
    "series_terms",
]

_EPS = 1e-17
_RESCALE = 1e200
_LOG_RESCALE = math.log(_RESCALE)
#: The negative binomial streams rescale sooner: their products with the main
#: series' sums (each below ``1e200`` times a ratio) must stay inside the float range.
_NB_RESCALE = 1e50
_LOG_NB_RESCALE = math.log(_NB_RESCALE)

#: The most agents any staffing function evaluates or returns (one queue of a
#: million agents; the largest centres run a few thousand).
MAX_AGENTS = 1_000_000
#: The most offered traffic, in Erlangs, of one workload: about two million calls
#: an hour at three minutes each. Searches below it stay under ``MAX_AGENTS``.
MAX_TRAFFIC = 100_000.0
#: The most terms one Erlang A evaluation may sum (about 30 ms); see
#: `series_terms`. Realistic centres need a few hundred to a few thousand.
MAX_SERIES_TERMS = 50_000
#: The most terms one Erlang A requirement search may sum over all the agent counts
#: it evaluates (about 0.3 s): typically 2 to 10 evaluations near the traffic.
MAX_SEARCH_TERMS = 1_000_000


def _zero_from(traffic: float) -> int:
    """A count beyond which ``B(k)`` is below the float range, so it can be 0.0."""
    return int(traffic + 40.0 * math.sqrt(traffic)) + 50


def erlang_b(n: int, traffic: float) -> float:
    """Blocking probability of ``n`` servers offered ``traffic`` Erlangs (stable recurrence).

    Examples:
        >>> round(erlang_b(2, 1.0), 6)
        0.2
    """
    b = 1.0
    if n > 50 and n > _zero_from(traffic):  # B underflows before n: stop once it has
        return _b_from(0, b, n, traffic)
    for k in range(1, n + 1):
        ab = traffic * b
        b = ab / (k + ab)
    return b


def erlang_b_table(traffic: float) -> Callable[[int], float]:
    """``B(k)`` for any ``k``, from one forward recurrence kept in a table.

    The values are those of `erlang_b` bit for bit; the table grows on demand
    and stops where ``B`` underflows to zero, so a search that probes many agent
    counts pays for the recurrence once.

    Examples:
        >>> b = erlang_b_table(1.0)
        >>> (round(b(2), 6), b(2) == erlang_b(2, 1.0), b(10**6))
        (0.2, True, 0.0)
    """
    table = array("d", [1.0])

    def b_of(k: int) -> float:
        if k >= len(table):
            b = table[-1]
            if b == 0.0:
                return 0.0
            for j in range(len(table), k + 1):
                ab = traffic * b
                b = ab / (j + ab)
                table.append(b)
                if b == 0.0:
                    return 0.0
        return table[k]

    return b_of


def erlang_c(n: int, traffic: float, t: float) -> tuple[float, float, float]:
    """``(P(wait), service level within t, ASA)`` for ``n > traffic``, times in units of h.

    Examples:
        >>> pw, sl, asa = erlang_c(9, 5.5, 15 / 180)
        >>> (round(pw, 4), round(sl, 4))
        (0.1298, 0.9031)
    """
    b = erlang_b(n, traffic)
    return _c_figures(n, traffic, b, t)


def _c_figures(n: int, traffic: float, b: float, t: float) -> tuple[float, float, float]:
    spare = n - traffic
    c = n * b / (n - traffic * (1.0 - b))
    return c, 1.0 - c * math.exp(-spare * t), c / spare


def erlang_c_search(
    traffic: float,
    t: float,
    target: float,
    min_n: int,
    max_asa: float | None,
) -> tuple[int, float, float, float, float, int, float, float]:
    """Smallest ``n >= min_n``, ``n > traffic``, meeting ``target`` (and ``max_asa``).

    Returns ``(n, P(wait), SL, ASA, ASA(n-1), n_sl, SL(n_sl), SL(n_sl - 1))`` where
    ``n_sl`` is the smallest count meeting the service level alone. Figures of
    counts that cannot hold the traffic are ``nan``. One walk of the recurrence
    finds both answers; figures are evaluated only from the first stable count
    until the service level and answer speed are met, and again at ``min_n - 1``.

    Examples:
        >>> erlang_c_search(5.5, 15 / 180, 0.8, 1, None)[0]
        9
        >>> erlang_c_search(5.5, 15 / 180, 0.8, 11, None)[0::5]
        (11, 9)
    """
    first = math.floor(traffic) + 1  # the first count that holds the traffic
    b = 1.0
    for k in range(1, first):  # no count below the traffic is stable: recurrence only
        ab = traffic * b
        b = ab / (k + ab)
    n_sl = 0
    sl_n = sl_own_prev = prev_sl = prev_asa = math.nan
    k = first - 1
    while True:
        k += 1
        ab = traffic * b
        b = ab / (k + ab)
        pw, sl, asa = _c_figures(k, traffic, b, t)
        if sl >= target:
            if not n_sl:
                n_sl, sl_n, sl_own_prev = k, sl, prev_sl
            if max_asa is None or asa <= max_asa:
                if k >= min_n:
                    return k, pw, sl, asa, prev_asa, n_sl, sl_n, sl_own_prev
                if k < min_n - 1:  # only the occupancy floor is left: jump to it
                    b = _b_from(k, b, min_n - 1, traffic)
                    k = min_n - 1
                    pw, sl, asa = _c_figures(k, traffic, b, t)
        prev_sl, prev_asa = sl, asa


def _b_from(k: int, b: float, n: int, traffic: float) -> float:
    """``B(n)`` from ``B(k) = b`` by the recurrence (``k <= n``), stopping at zero."""
    for j in range(k + 1, n + 1):
        if b == 0.0:
            break
        ab = traffic * b
        b = ab / (j + ab)
    return b


def series_terms(n: int, traffic: float, r: float) -> float:
    """An upper bound on the terms `erlang_a` sums for these inputs.

    The terms ``t_k = prod_{i<=k} x / (a + i)`` rise to their peak at
    ``k = max(0, x - a)`` and then fall at least like a Gaussian of variance
    ``a + k``; when ``a > x`` they fall geometrically from the start, by ``x / a``
    or faster. The stopping rule needs the tail below ``1e-17`` of the sum. A
    property test checks the bound against the count actually summed.

    Examples:
        >>> round(series_terms(8, 5.5, 1.5))  # the peak hour, two minutes' patience
        88
    """
    a, x = n / r, traffic / r
    peak = max(0.0, x - a)
    bound = peak + 12.0 * math.sqrt(a + peak) + 60.0
    if a > x > 0.0:
        bound = min(bound, 60.0 + 80.0 / math.log(a / x))
    return bound


def lowest_evaluable(traffic: float, r: float) -> int:
    """The fewest agents whose Erlang A series fits in `MAX_SERIES_TERMS`.

    Below the traffic the series grows by ``1 / r`` terms per agent fewer, so an
    overloaded count can be too costly while counts near the traffic are cheap.

    Examples:
        >>> lowest_evaluable(5.5, 1.5)
        1
        >>> lowest_evaluable(1e5, 180 / 3600)  # 100,000 Erlangs, patience 20 handle times
        98352
    """
    x = traffic / r
    slack = MAX_SERIES_TERMS - 60.0 - 12.0 * math.sqrt(x)
    n = max(1, math.ceil(traffic - r * slack))
    while n <= traffic and series_terms(n, traffic, r) > MAX_SERIES_TERMS:
        n += 1  # pragma: no cover - only where rounding put the bound a hair high
    return n


def erlang_b_pair(n: int, traffic: float) -> tuple[float, float]:
    """``(B(n - 1), B(n))``, with ``B(n)`` exactly as `erlang_b` computes it.

    Examples:
        >>> erlang_b_pair(2, 1.0) == (erlang_b(1, 1.0), erlang_b(2, 1.0))
        True
    """
    b_prev = erlang_b(n - 1, traffic)
    ab = traffic * b_prev
    return b_prev, ab / (n + ab)


def _nb_tail(c: float, k: int, w: float, p_next: float, cdf: float, base: float) -> float:
    """``P(M > k)`` for ``M`` negative binomial(``c``, ``q = 1 - w``), to be added to ``base``.

    ``p_next`` is ``P(M = k + 1)`` and ``cdf`` is ``P(M <= k)``. Past its mode the
    pmf falls by at least ``rho`` a step, so what is left from a term ``p`` on is at
    most ``p / (1 - rho)``: the tail is summed until that is negligible against
    ``base`` plus the tail so far, when that takes no more steps than the series
    before it did; otherwise the tail is not small (the mode lies beyond ``k``) or
    decays so slowly that ``1 - cdf`` is accurate.
    """
    rho = w * max(1.0, (c + k + 1.0) / (k + 2.0))
    if rho < 1.0 and 40.0 - math.log(1.0 - rho) <= (1.0 - rho) * (k + 64):
        tail = 0.0
        p = p_next
        m = k + 1
        while p > _EPS * (1.0 - rho) * (base + tail):
            tail += p
            p *= w * (c + m) / (m + 1)
            m += 1
        return tail
    # 1 - cdf rounded: a true tail far below the rounding error comes out as <= 0.
    return max(0.0, 1.0 - cdf)


def _share(
    c: float, k: int, w: float, u: float, p: float, cdf: float, sw: float, low: float, lp: float
) -> tuple[float, float]:
    """``(y, 1 - y)`` with ``y = sum_k u_k P(M_c > k) / U``, the smaller one summed directly.

    ``u`` is ``U = sum_k u_k``; ``p``, ``cdf``, ``sw`` and ``low`` are the running
    pmf ``P(M = k)``, cdf ``P(M <= k)``, ``sum_m P(M = m) U_m`` and
    ``sum_k u_k P(M <= k)`` at the last ``k``, all scaled by ``e^-lp``.
    """
    e = math.exp(lp)
    late = low * e / u  # sum_k u_k P(M <= k) / U: the complement, summed directly
    if late <= 0.5:
        return 1.0 - late, late
    base = sw * e / u  # sum_m P(M = m) U_m / U over m <= k
    y = base + _nb_tail(c, k, w, p * e * w * (c + k) / (k + 1), cdf * e, base)
    return y, 1.0 - y  # P(M > k) completes the sum: u_k is negligible beyond k


def erlang_a(
    n: int,
    traffic: float,
    r: float,
    t: float,
    b_pair: tuple[float, float] | None = None,
) -> tuple[float, float, float, float, float, float, float, int]:
    """Erlang A figures, times in units of h, ``r = h / patience``.

    Returns ``(P(wait), service level, virtual service level, P(abandon), ASA of
    answered callers, mean wait of all callers, occupancy, terms summed)``, every
    share in ``[0, 1]`` by construction. ``b_pair`` is ``(B(n - 1), B(n))`` when the
    caller has it (from `erlang_b_table`).

    Examples:
        >>> pw, sl, vsl, ab, asa, w, occ, terms = erlang_a(9, 5.5, 1e-7, 15 / 180)
        >>> (round(pw, 4), round(vsl, 4), terms < series_terms(9, 5.5, 1e-7))
        (0.1298, 0.9031, True)
    """
    b_prev, b = erlang_b_pair(n, traffic) if b_pair is None else b_pair
    busy = traffic * (1.0 - b_prev) / n  # E[busy agents | no wait] / n, below (n - 1) / n
    if b == 0.0:  # every figure of waiting is below the float range
        return 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, busy, 0
    a = n / r
    x = traffic / r
    rt = r * t
    w = -math.expm1(-rt)  # P(an exponential patience clock of rate r rings by t)
    # Main series over k (callers waiting ahead), rescaled as it goes.
    tk = 1.0
    s0 = 1.0  # sum t_k
    s1 = 0.0  # sum k t_k
    ssrv = a / (a + 1.0)  # sum t_k a/(a+k+1)
    h = 1.0 / (a + 1.0)  # H_k = sum_{j=1..k+1} 1/(a+j)
    sasa = ssrv * h  # sum t_k a/(a+k+1) H_k
    scale = 0.0
    # Negative binomial streams for the answered (c = a + 1) and virtual (c = a)
    # waits: pmf p, cdf, sum_m p_m U_m (sw) and sum_k u_k cdf_k (low), scaled by e^-lp.
    p1 = p0 = cdf1 = cdf0 = 1.0
    sw1 = sw0 = 0.0
    low1, low0 = ssrv, 1.0
    lp1, lp0 = -(a + 1.0) * rt, -a * rt
    k = 0
    while True:
        k += 1
        p1 *= (a + k) * w / k
        p0 *= (a + k - 1.0) * w / k
        sw1 += p1 * ssrv  # U_k = sum_{j<k} u_j, before adding u_k
        sw0 += p0 * s0
        cdf1 += p1
        cdf0 += p0
        rho = x / (a + k)
        tk *= rho
        h += 1.0 / (a + k + 1.0)
        served = tk * a / (a + k + 1.0)
        s0 += tk
        s1 += k * tk
        ssrv += served
        sasa += served * h
        low1 += served * cdf1
        low0 += tk * cdf0
        if tk > _RESCALE:
            tk /= _RESCALE
            s0 /= _RESCALE
            s1 /= _RESCALE
            ssrv /= _RESCALE
            sasa /= _RESCALE
            sw1 /= _RESCALE
            sw0 /= _RESCALE
            low1 /= _RESCALE
            low0 /= _RESCALE
            scale += _LOG_RESCALE
        if p1 > _NB_RESCALE:
            p1 /= _NB_RESCALE
            cdf1 /= _NB_RESCALE
            sw1 /= _NB_RESCALE
            low1 /= _NB_RESCALE
            lp1 += _LOG_NB_RESCALE
        if p0 > _NB_RESCALE:
            p0 /= _NB_RESCALE
            cdf0 /= _NB_RESCALE
            sw0 /= _NB_RESCALE
            low0 /= _NB_RESCALE
            lp0 += _LOG_NB_RESCALE
        if rho < 1.0:
            nxt = x / (a + k + 1)
            if tk * (k + 2) / (1.0 - nxt) ** 2 <= _EPS * s0:
                break
    # P(wait): B S / (1 - B + B S), from its odds so that P(no wait) keeps its digits.
    log_bs = math.log(b) + math.log(s0) + scale
    if log_bs > -700.0:
        odds = n / (n + traffic * b_prev) * math.exp(-log_bs)  # (1 - B) / (B S)
        pw = 1.0 / (1.0 + odds)
        nowait = odds / (1.0 + odds) if odds <= 1.0 else 1.0 - pw
    else:
        pw = math.exp(log_bs)
        nowait = 1.0 - pw
    # Given a wait: P(abandon) = E[k] / x and P(answered) = E[a / (a + k + 1)] add up
    # to one (flow balance); each is normalised by their sum, so both lie in [0, 1].
    xs = x * ssrv
    given = s1 + xs
    if given > 0.0:
        ab_gw, ans_gw = s1 / given, xs / given
    else:  # both underflow on a traffic of a few subnormals: nobody waits to abandon
        ab_gw, ans_gw = 0.0, 1.0
    abandon = pw * ab_gw
    answered = nowait + pw * ans_gw
    asa = pw * sasa / s0 / r / answered  # E[V; answered] / P(answered)
    mean_wait = pw * s1 / s0 / traffic
    # Shares answered (y1) and virtually served (y0) within t, given a wait, with
    # their complements; each figure is built from whichever side is small.
    y1, z1 = _share(a + 1.0, k, w, ssrv, p1, cdf1, sw1, low1, lp1)
    y0, z0 = _share(a, k, w, s0, p0, cdf0, sw0, low0, lp0)
    within = ans_gw * y1
    sl = nowait + pw * within if within <= 0.5 else 1.0 - pw * (ab_gw + ans_gw * z1)
    vsl = nowait + pw * y0 if y0 <= 0.5 else 1.0 - pw * z0
    occupancy = pw + nowait * busy if pw < 0.5 else 1.0 - nowait * (1.0 - busy)
    return pw, sl, vsl, abandon, asa, mean_wait, occupancy, k
