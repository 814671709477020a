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
geometric tail bound. The series needs about ``max(0, x - a) + 40 sqrt(x)`` terms.
"""

from __future__ import annotations

import math

__all__ = [
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "erlang_c_search",
]

_EPS = 1e-17
_RESCALE = 1e200
_LOG_RESCALE = math.log(_RESCALE)


def erlang_b(n: int, traffic: float) -> float:
    """Blocking probability of ``n`` servers offered ``traffic`` Erlangs (stable recurrence).

    Examples:
        >>> round(erlang_b(2, 1.0), 6)
        0.2
    """
    b = 1.0
    for k in range(1, n + 1):
        ab = traffic * b
        b = ab / (k + ab)
    return b


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
) -> tuple[int, float, float, float, float, float, float]:
    """Smallest ``n >= min_n``, ``n > traffic``, meeting ``target`` (and ``max_asa``).

    Returns ``(n, P(wait), SL, ASA, SL(n-1), ASA(n-1), B(n))``; the figures for
    ``n - 1`` are ``nan`` when ``n - 1`` agents cannot hold the traffic.

    Examples:
        >>> erlang_c_search(5.5, 15 / 180, 0.8, 1, None)[0]
        9
    """
    b = 1.0
    k = 0
    prev_sl = prev_asa = math.nan
    while True:
        k += 1
        ab = traffic * b
        b = ab / (k + ab)
        if k <= traffic:
            continue
        pw, sl, asa = _c_figures(k, traffic, b, t)
        if k >= min_n and sl >= target and (max_asa is None or asa <= max_asa):
            return k, pw, sl, asa, prev_sl, prev_asa, b
        prev_sl, prev_asa = sl, asa


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
    n: int, traffic: float, r: float, t: float
) -> tuple[float, float, float, float, float, float]:
    """Erlang A figures, times in units of h, ``r = h / patience``.

    Returns ``(P(wait), service level, virtual service level, P(abandon),
    ASA of answered callers, mean wait of all callers)``.

    Examples:
        >>> pw, sl, vsl, ab, asa, w = erlang_a(9, 5.5, 1e-7, 15 / 180)
        >>> (round(pw, 4), round(vsl, 4))
        (0.1298, 0.9031)
    """
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
