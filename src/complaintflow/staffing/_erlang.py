"""Queueing formulas on plain floats: Erlang B, Erlang C and Erlang A (M/M/n+M).

Theory of operation
-------------------
Everything here is measured in units of the mean handle time ``h``: the service
rate is 1, the offered traffic ``A`` (Erlangs) is the arrival rate, a waiting
target ``T`` is ``T / h`` and the abandonment rate is ``r = h / patience``. The
public layer (:mod:`complaintflow.staffing._queue`) converts durations once and calls
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
  exponentials with rates ``n + j r``, ``j = 0..k``; summing over ``k`` gives
  ``P(V > T) = P(wait) gamma(a, x q) / gamma(a, x)`` with ``q = exp(-r T)``
  (Mandelbaum and Zeltyn's M/M/n+M formulas), and the share answered within
  ``T`` is ``1 - P(wait) + P(wait) (gamma(a+1, x) - gamma(a+1, x q)) / (x gamma(a, x))``,
* the mean wait of answered callers is ``E[V; answered] / P(answered)`` with
  ``E[V; answered | k] = a / (a + k + 1) * sum_{j=1..k+1} 1 / (r (a + j))``.

The lower incomplete gamma ratios are written through the same series
(``gamma(a, z) = z**a e**-z S(a, z) / a``), which is summed with running rescaling
(the terms can exceed the float range in an overloaded centre) and stopped by a
geometric tail bound.

Limits and cost
---------------
Every loop here is bounded by the inputs, and the public layer refuses inputs
beyond :data:`MAX_AGENTS`, :data:`MAX_TRAFFIC` and :data:`MAX_SERIES_TERMS` before
calling in, so no call runs long:

* ``B(n)`` stops once it underflows to zero (it stays zero), which happens by
  ``k = A + 40 sqrt(A) + 50``: the recurrence costs ``min(n, A + 40 sqrt(A) + 50)``
  steps whatever ``n``.
* The Erlang C search walks the recurrence once without evaluating anything below
  the traffic, evaluates the figures from ``floor(A) + 1`` until the service level
  and answer-speed targets are met (at most ``40 sqrt(A) + 50`` counts), then runs
  the bare recurrence up to an occupancy floor: ``O(A + sqrt(A))`` in all.
* The Erlang A series needs at most :func:`series_terms` terms (an upper bound
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
    "erlang_b_table",
    "erlang_c",
    "erlang_c_search",
    "lowest_evaluable",
    "series_terms",
]

_EPS = 1e-17
_RESCALE = 1e200
_LOG_RESCALE = math.log(_RESCALE)

#: The most agents any staffing function evaluates or returns (one queue of a
#: million agents; the largest centres run a few thousand).
MAX_AGENTS = 1_000_000
#: The most offered traffic, in Erlangs, of one workload: about two million calls
#: an hour at three minutes each. Searches below it stay under ``MAX_AGENTS``.
MAX_TRAFFIC = 100_000.0
#: The most terms one Erlang A evaluation may sum (about 30 ms); see
#: :func:`series_terms`. Realistic centres need a few hundred to a few thousand.
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
    plain = min(n, _zero_from(traffic))
    for k in range(1, plain + 1):
        ab = traffic * b
        b = ab / (k + ab)
    for k in range(plain + 1, n + 1):  # B is about to underflow: stop once it has
        if b == 0.0:
            break
        ab = traffic * b
        b = ab / (k + ab)
    return b


def erlang_b_table(traffic: float) -> Callable[[int], float]:
    """``B(k)`` for any ``k``, from one forward recurrence kept in a table.

    The values are those of :func:`erlang_b` bit for bit; the table grows on demand
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
    """An upper bound on the terms :func:`erlang_a` sums for these inputs.

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
    """The fewest agents whose Erlang A series fits in :data:`MAX_SERIES_TERMS`.

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


def _log_series(a: float, z: float) -> float:
    """``log S(a, z)`` with ``S(a, z) = sum_{k>=0} prod_{i=1..k} z / (a + i)``."""
    if z <= 0.0:
        return 0.0
    t = 1.0
    s = 1.0
    scale = 0.0
    k = 0
    while True:
        k += 1
        rho = z / (a + k)
        t *= rho
        s += t
        if t > _RESCALE:
            t /= _RESCALE
            s /= _RESCALE
            scale += _LOG_RESCALE
        if rho < 1.0:
            nxt = z / (a + k + 1)
            if t * nxt / (1.0 - nxt) <= _EPS * s:
                return math.log(s) + scale


def erlang_a(
    n: int, traffic: float, r: float, t: float, b: float | None = None
) -> tuple[float, float, float, float, float, float]:
    """Erlang A figures, times in units of h, ``r = h / patience``.

    Returns ``(P(wait), service level, virtual service level, P(abandon),
    ASA of answered callers, mean wait of all callers)``. ``b`` is ``B(n)`` when
    the caller has it (from :func:`erlang_b_table`).

    Examples:
        >>> pw, sl, vsl, ab, asa, w = erlang_a(9, 5.5, 1e-7, 15 / 180)
        >>> (round(pw, 4), round(vsl, 4))
        (0.1298, 0.9031)
    """
    if b is None:
        b = erlang_b(n, traffic)
    if b == 0.0:  # every figure is below the float range
        return 0.0, 1.0, 1.0, 0.0, 0.0, 0.0
    a = n / r
    x = traffic / r
    # Main series over k (callers waiting ahead), rescaled as it goes.
    tk = 1.0
    s0 = 1.0  # sum t_k
    s1 = 0.0  # sum k t_k
    ssrv = a / (a + 1.0)  # sum t_k a/(a+k+1)
    h = 1.0 / (a + 1.0)  # H_k = sum_{j=1..k+1} 1/(a+j)
    sasa = ssrv * h  # sum t_k a/(a+k+1) H_k
    scale = 0.0
    k = 0
    while True:
        k += 1
        rho = x / (a + k)
        tk *= rho
        h += 1.0 / (a + k + 1.0)
        served = tk * a / (a + k + 1.0)
        s0 += tk
        s1 += k * tk
        ssrv += served
        sasa += served * h
        if tk > _RESCALE:
            tk /= _RESCALE
            s0 /= _RESCALE
            s1 /= _RESCALE
            ssrv /= _RESCALE
            sasa /= _RESCALE
            scale += _LOG_RESCALE
        if rho < 1.0:
            nxt = x / (a + k + 1)
            if tk * (k + 2) / (1.0 - nxt) ** 2 <= _EPS * s0:
                break
    log_s = math.log(s0) + scale
    log_bs = math.log(b) + log_s
    pw = 1.0 / (1.0 + (1.0 - b) * math.exp(-log_bs)) if log_bs > -700.0 else math.exp(log_bs)
    queue = pw * s1 / s0  # E[number waiting]
    abandon = queue / x
    answered_waiting = pw * ssrv / s0
    asa_all = pw * sasa / s0 / r  # E[V; answered]
    answered = 1.0 - pw + answered_waiting
    asa = asa_all / answered
    mean_wait = queue / traffic
    # Incomplete-gamma ratios through the same series.
    rt = r * t
    one_minus_q = -math.expm1(-rt)
    xq = x * (1.0 - one_minus_q)
    log_s_xq = _log_series(a, xq)
    virtual_tail = pw * math.exp(-a * rt + x * one_minus_q + log_s_xq - log_s)
    log_s1_x = _log_series(a + 1.0, x)
    log_s1_xq = _log_series(a + 1.0, xq)
    within = (
        a
        / (a + 1.0)
        * (
            math.exp(log_s1_x - log_s)
            - math.exp(-(a + 1.0) * rt + x * one_minus_q + log_s1_xq - log_s)
        )
    )
    sl = 1.0 - pw + pw * within
    return pw, sl, 1.0 - virtual_tail, abandon, asa, mean_wait
