"""The generator's record stream: the tables of a period and the draws of each ticket.

What the stream draws, and why, is in `complaintflow.synthetic._generate` (its
"Theory of operation"), which checks the arguments and starts the stream.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterator

from complaintflow import calendars
from complaintflow._default import TIMEZONE
from complaintflow._json import JSON
from complaintflow._time import to_us
from complaintflow.calendars import BusinessCalendar
from complaintflow.sla._defaults import REPLY
from complaintflow.synthetic._profile import Mix, SyntheticProfile

_ZONE = str(TIMEZONE.value)
#: The wait an inquiry transferred to a department is told (IN-4): SLA-3's reply time.
_REPLY_WITHIN = str(REPLY.value["within"])  # type: ignore[index]

_OFFSET = _dt.timezone(_dt.timedelta(hours=8), str(TIMEZONE.value))
_DAY = 86_400
#: Days before the period that opt-out timestamps reach back (400) plus one.
_EARLIEST_DAY = 401
_INF = 1 << 62
_M64 = (1 << 64) - 1

_NAMES = ("王女士", "李先生", "张先生", "刘女士", "陈先生", "杨女士", "赵先生", "黄女士")
_PREFIXES = ("138", "139", "150", "152", "135", "186", "133", "189", "177", "199")
_CONTENT = {
    "network": "家中手机信号差，经常无法接通",
    "billing": "本月话费多扣了流量费",
    "information_security": "个人信息疑似被泄露，收到诈骗短信",
    "after_sales": "宽带报修三天无人上门",
    "marketing_harassment": "频繁接到推销电话",
    "service_attitude": "营业厅工作人员态度生硬",
    "product": "办理的套餐与宣传不符",
    "service_mode": "营业厅排队时间太长",
    "facilities": "小区基站设备噪音大",
    "number_resources": "选号时靓号被加价",
}
_DEPARTMENTS = {
    "network": "网络维护中心",
    "billing": "计费中心",
    "information_security": "信息安全部",
    "after_sales": "装维中心",
    "marketing_harassment": "市场部",
    "service_attitude": "渠道管理部",
    "product": "产品部",
    "service_mode": "渠道管理部",
    "facilities": "工程建设部",
    "number_resources": "号码管理中心",
}
#: FLOW-3: who investigates: quality (technical owner) or service (specialist).
_QUALITY = frozenset({"network", "product", "facilities", "number_resources", "after_sales"})
_LOCATIONS = ("宿城区幸福街道 12 号楼 3 单元 502 室", "宿豫区顺河镇 6 组", "沭阳县人民路 88 号")
_HANDSETS = ("华为 Mate 60", "小米 14", "OPPO Reno 11", "vivo X100", "iPhone 15", "荣耀 90")
_SIGNALS = ("无信号", "信号弱", "信号时有时无")
_FAILURES = ("无法拨打电话（提示：网络忙）", "无法接听电话", "无法上网（提示：网络不可用）")
_NO_SERVICE = "完全无服务：不能通话也不能上网（提示：无服务）"
_SATISFACTION = ("satisfied", "satisfied", "satisfied", "basically_satisfied", "dissatisfied")
_INCIDENT_CAUSE = "光缆被挖断，已抢修"
_OWNERS = ("张工", "李工", "王专员", "赵主管")
_SOLUTIONS = (["退还多收费用", "赠送流量补偿"], ["上门检修", "更换设备"], ["书面致歉", "加强培训"])

# Return visits: when in the day (seconds after local midnight).
_WORK_WINDOWS = ((9 * 3600, 12 * 3600), (14 * 3600, 20 * 3600))  # FU-10 working time
_REST_WINDOWS = ((12 * 3600 + 900, 13 * 3600 + 2700), (21 * 3600 + 1800, 23 * 3600 + 1800))


def _cum(mix: Mix) -> tuple[list[float], list[str]]:
    total = float(sum(w for _n, w in mix))
    cum: list[float] = []
    acc = 0.0
    for _n, w in mix:
        acc += w / total
        cum.append(acc)
    cum[-1] = 1.0  # r() < 1, so the last positive-weight name is always reachable
    return cum, [name for name, _w in mix]


def _splitmix(x: int) -> int:
    z = (x + 0x9E3779B97F4A7C15) & _M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
    return z ^ (z >> 31)


def _boundaries(rng: random.Random, n: int, parts: int, k: int) -> tuple[float, float]:
    """Partition ``k``'s arrival range ``(lo, hi)`` on the uniform scale.

    The boundary after partition ``j`` is the order statistic ``U(s)`` of the whole
    stream, ``s = (j + 1) * n // parts``: given the previous boundary ``U(s')``, the
    ``n - s'`` later draws are uniform above it, so ``1 - U(s) = (1 - U(s')) * X`` with
    ``X ~ Beta(n - s + 1, s - s')``. Drawn in order from ``rng`` (shared by every
    partition), so every partition computes the same boundaries.
    """
    if parts == 1:
        return 0.0, 1.0
    rest, prev, lo = 1.0, 0, 0.0
    for j in range(k + 1):
        s = (j + 1) * n // parts
        if j == parts - 1:
            return lo, 1.0
        if s > prev:
            rest *= rng.betavariate(n - s + 1, s - prev)
            prev = s
        if j < k:
            lo = 1.0 - rest
    return lo, 1.0 - rest


class _Plan:
    """The period's precomputed tables: hour weights, open intervals, day prefixes."""

    def __init__(
        self,
        start: _dt.datetime,
        days: int,
        profile: SyntheticProfile,
        calendar: BusinessCalendar | None,
    ) -> None:
        local = start.astimezone(_OFFSET)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        self.base = to_us(midnight, "start") // 1_000_000
        self.p0 = -(-to_us(start, "start") // 1_000_000) - self.base  # first whole second
        self.p1 = self.p0 + days * _DAY
        self.year = local.year
        self.profile = profile
        # Hour buckets of the period, weighted by the profile.
        self.b_lo: list[int] = []
        self.b_len: list[int] = []
        self.b_cum: list[float] = []  # cumulative weight *before* each bucket
        acc = 0.0
        hourly = profile.hourly
        for h in range(self.p0 // 3600, -(-self.p1 // 3600)):
            lo, hi = max(h * 3600, self.p0), min((h + 1) * 3600, self.p1)
            self.b_lo.append(lo)
            self.b_len.append(hi - lo)
            self.b_cum.append(acc)
            acc += hourly[h % 24] * (hi - lo) / 3600
        self.b_cum.append(acc)
        self.b_total = acc
        # Business intervals of the period, in seconds from base.
        last_local = local + _dt.timedelta(days=days, seconds=-1)
        if calendar is None:
            calendar = calendars.default("china", years=range(local.year, last_local.year + 1))
        us = 1_000_000
        pairs = calendar.epoch_index().open_intervals(
            (self.base + self.p0) * us, (self.base + self.p1 - 1) * us
        )
        self.o_start = [s // us - self.base for s, _e in pairs]
        self.o_end = [e // us - self.base for _s, e in pairs]
        self.o_cum: list[int] = [0]
        for s, e in zip(self.o_start, self.o_end, strict=True):
            self.o_cum.append(self.o_cum[-1] + (e - s))
        # Formatting tables.
        n_days = self.p1 // _DAY + 2
        first = midnight.date()
        #: ``day_prefix[d + _EARLIEST_DAY]`` is day ``d``'s (opt-outs lie up to 400 days back).
        self.day_prefix = [
            (first + _dt.timedelta(d)).isoformat() + "T" for d in range(-_EARLIEST_DAY, n_days)
        ]
        self.hm = [f"{h:02d}:{m:02d}:" for h in range(24) for m in range(60)]
        self.ss = [f"{s:02d}+08:00" for s in range(60)]


def _generate(
    plan: _Plan, n: int, seed: int, vip_share: float, k: int, parts: int
) -> Iterator[dict[str, JSON]]:
    # One flat loop with local names: the hot path of a million-ticket benchmark.
    # random.Random(seed) uses abs(seed), so -5 and 5 would give the same records;
    # fold the integers one-to-one onto the naturals first.
    folded = 2 * seed if seed >= 0 else -2 * seed - 1
    rng = random.Random(folded)
    log = math.log
    prof = plan.profile
    salt = rng.getrandbits(64)
    # Partition k holds tickets first..last; its arrivals lie in [lo, hi] of the
    # uniform scale, and its last ticket sits on hi unless it ends the stream.
    first, last = k * n // parts + 1, (k + 1) * n // parts
    lo, hi = _boundaries(rng, n, parts, k)
    free_end = n if last == n else last - 1
    if parts > 1:  # its own stream of draws (the unpartitioned one continues rng)
        rng = random.Random(f"complaintflow.synthetic:{folded}:{parts}:{k}".encode())
    r = rng.random
    span = hi - lo
    p1 = plan.p1
    dp, hm, ss = plan.day_prefix, plan.hm, plan.ss

    def fmt(t: int) -> str:  # written out inline for the events, the most of them
        return f"{dp[t // _DAY + _EARLIEST_DAY]}{hm[t // 60 % 1440]}{ss[t % 60]}"

    o_start, o_end, o_cum = plan.o_start, plan.o_end, plan.o_cum
    n_open = len(o_start)

    def badd(t: int, d: float) -> int:
        """``t`` plus ``d`` business seconds (``_INF`` past the period's last interval)."""
        i = bisect_right(o_end, t)
        if i >= n_open:
            return _INF
        s = o_start[i]
        target = o_cum[i] + (t - s if t > s else 0) + int(d)
        j = bisect_right(o_cum, target) - 1
        if j >= n_open:
            return _INF
        return o_start[j] + (target - o_cum[j])

    def expo(mean: float) -> float:
        return -mean * log(1.0 - r())

    def picker(mix: Mix) -> Callable[[], str]:
        cum, names = _cum(mix)
        return lambda: names[bisect_right(cum, r())]

    pick_workflow = picker(prof.workflows)
    pick_complaint = picker(prof.complaint_categories)
    pick_inquiry = picker(prof.inquiry_categories)
    pick_suggestion = picker(prof.suggestion_categories)
    pick_channel = picker(prof.channels)

    p_urgent, p_invalid, p_dispute = prof.p_urgent, prof.p_invalid, prof.p_dispute
    p_dissatisfied, p_second, p_escalate = (
        prof.p_dissatisfied,
        prof.p_second_review,
        prof.p_escalate,
    )
    p_slow, p_reassign, p_link = prof.p_slow, prof.p_reassign, prof.p_link_incident
    p_return_visit, p_vip_no_visit = prof.p_return_visit, prof.p_vip_no_visit
    p_late, p_rest, p_sms = prof.p_late_visit, prof.p_rest_hours, prof.p_sms
    p_refused = prof.p_refused
    p_no_answer = p_refused + prof.p_no_answer
    p_busy = p_no_answer + prof.p_busy
    p_quick, p_marketing, p_opt_out = prof.p_quick_retry, prof.p_marketing, prof.p_opt_out
    n_customers = prof.customers
    vip_cut = int(vip_share * (1 << 32))
    opt_cut = int(p_opt_out * (1 << 16))

    recent_network: deque[str] = deque(maxlen=8)
    last_incident: str | None = None
    incident_recovered, incident_cause = 0, _INCIDENT_CAUSE
    width = max(6, len(str(n)))
    id_prefix = f"T{plan.year}-"

    # Arrival state: ascending order statistics, walked through the hour buckets.
    b_lo, b_len, b_cum, total = plan.b_lo, plan.b_len, plan.b_cum, plan.b_total
    last_bucket = len(b_lo) - 1
    b = 0 if k == 0 else max(0, min(bisect_right(b_cum, lo * total) - 1, last_bucket))
    rest = 1.0  # 1 - U(i), U on the partition's own [lo, hi] scaled to [0, 1]

    def visit_time(t: int) -> int:
        """When a return visit (or marketing call) is placed, on or after ``t``."""
        off = 4 + int(r() * 6) if r() < p_late else int(r() * 3)  # FU-4: mostly in 3 days
        windows = _REST_WINDOWS if r() < p_rest else _WORK_WINDOWS  # FU-1: some in rest
        lo, hi = windows[int(r() * 2)]
        at = (t // _DAY + off) * _DAY + lo + int(r() * (hi - lo))
        return at if at >= t else at + _DAY

    def calls(
        t: int, number: str, purpose: str, fu: list[tuple[int, str, str, str, str]]
    ) -> tuple[int, bool]:
        """Up to three calls from ``t``: the time of the last, and whether it got through."""
        channel = "sms" if r() < p_sms else "phone"
        outcome = "no_answer"
        for _k in range(3):
            u = r()
            if u < p_refused:
                outcome = "refused"
            elif u < p_no_answer:
                outcome = "no_answer"
            elif u < p_busy:
                outcome = "no_answer" if channel == "sms" else "busy"
            else:
                outcome = "reached"
            fu.append((t, channel, purpose, outcome, number))
            if outcome in ("reached", "refused"):
                break
            if r() < p_quick:  # FU-11: a retry within minutes
                t += 120 + int(r() * 780)
            else:
                t += 3 * 3600 + int(r() * 3600)
        return t, outcome in ("reached", "refused")

    def reviews(t: int, who: str, ev: list[tuple[int, str, dict[str, JSON]]]) -> int:
        """FLOW-6/7 from a review state entered at ``t``; returns the resolution time."""
        t = badd(t, expo(8 * 3600))
        ev.append((t, "review", {"review_outcome": "维持原处理意见并补充说明"}))
        t += 60 + int(r() * 540)
        if r() >= p_second:
            ev.append((t, "confirm", {"confirmed_by": who}))
            return t
        ev.append((t, "dissatisfied", {}))
        t = badd(t, expo(12 * 3600))
        ev.append((t, "review", {"review_outcome": "二次复核：调整补偿方案"}))
        t += 60 + int(r() * 540)
        if r() >= p_escalate:
            ev.append((t, "confirm", {"confirmed_by": who}))
            return t
        t = badd(t, 3600 + r() * 3 * 3600)
        ev.append((t, "escalate", {"escalated_to": "省公司客户服务中心"}))
        t = badd(t, expo(3 * 27_000))
        ev.append((t, "conclude", {"review_outcome": "上级复核完毕，维持二次复核结论"}))
        return t

    for i in range(first, last + 1):
        # -- arrival --------------------------------------------------------------
        if i <= free_end:
            rest *= (1.0 - r()) ** (1.0 / (free_end - i + 1))
            target = (lo + span * (1.0 - rest)) * total
        else:  # the partition's last ticket: on the boundary drawn by _boundaries
            target = hi * total
        while b < last_bucket and target >= b_cum[b + 1]:
            b += 1
        w = b_cum[b + 1] - b_cum[b]
        frac = (target - b_cum[b]) / w if w > 0 else 0.0
        t0 = b_lo[b] + min(int(frac * b_len[b]), b_len[b] - 1)
        ticket_id = id_prefix + str(i).zfill(width)  # cheaper than a nested format spec

        # -- customer ---------------------------------------------------------------
        cid = int(r() * n_customers) + 1
        h = _splitmix(cid ^ salt)
        vip = (h & 0xFFFFFFFF) < vip_cut
        tier = "VIP" if vip else "regular"
        number = f"+86{_PREFIXES[(h >> 20) % 10]}{(h >> 5) % 100_000_000:08d}"
        numbers: list[JSON] = [number]
        if (h >> 56) < 26:
            numbers.append(f"+86{_PREFIXES[(h >> 36) % 10]}{(h >> 13) % 100_000_000:08d}")
        opt_outs: list[JSON] = []
        if ((h >> 32) & 0xFFFF) < opt_cut:  # FU-12
            at = plan.p0 - (1 + (h >> 40) % 400) * _DAY + (h >> 10) % _DAY
            ch = "sms" if (h >> 49) & 1 else "phone"
            opt_outs.append({"channel": ch, "purpose": "marketing", "at": fmt(at)})
        customer: dict[str, JSON] = {
            "id": f"C{cid:06d}",
            "timezone": "Asia/Urumqi" if ((h >> 48) & 0xFF) < 3 else _ZONE,
            "numbers": numbers,
            "opt_outs": opt_outs,
        }

        workflow = pick_workflow()
        channel = pick_channel()
        name = _NAMES[cid % 8]
        priority = "normal"
        ev: list[tuple[int, str, dict[str, JSON]]] = []
        fu: list[tuple[int, str, str, str, str]] = []

        if workflow == "complaint":
            category = pick_complaint()
            intake: dict[str, JSON] = {
                "complainant": name,
                "contact": number,
                "channel": channel,
                "content": _CONTENT[category],
                "category": category,
                "tier": tier,
            }
            if category == "network":  # IN-6
                urgent = r() < p_urgent  # SLA-8
                if urgent:
                    priority = "urgent"
                intake.update(
                    location=_LOCATIONS[cid % 3],
                    signal=_SIGNALS[int(r() * 3)],
                    handset_model=_HANDSETS[cid % 6],
                    failure=_NO_SERVICE if urgent else _FAILURES[int(r() * 3)],
                    since=f"{1 + int(r() * 7)}天前",
                    other_handset_tried=r() < 0.5,
                )
            intake["priority"] = priority
            ev.append((t0, "register", intake))
            t = t0
            if category == "network":
                if last_incident is not None and r() < p_link:  # FLOW-12
                    t += 30 + int(r() * 300)
                    ev.append((t, "link_incident", {"incident_id": last_incident}))
                    # The incident's resolution moves the complaint on (its effect).
                    t = max(t + 30 + int(r() * 300), incident_recovered)
                    ev.append(
                        (
                            t,
                            "incident_resolved",
                            {"incident_id": last_incident, "cause": incident_cause},
                        )
                    )
                recent_network.append(ticket_id)
            fast = priority == "urgent"
            if r() < p_invalid:  # FLOW-2
                t = badd(t, 600 + r() * 4 * 3600)
                ev.append((t, "reject", {"reply": "经核实，收费符合资费标准，特向您说明"}))
                t += 60 + int(r() * 540)
                if r() >= p_dispute:
                    ev.append((t, "close", {"confirmed_by": name}))
                    resolved = -1
                else:
                    ev.append((t, "dispute", {}))
                    resolved = reviews(t, name, ev)
            else:
                t = badd(t, (300 + r() * 1800) if fast else (600 + r() * 2 * 3600))
                department = _DEPARTMENTS[category]
                ev.append((t, "accept", {"department": department}))
                t = badd(t, 300 + r() * 3600)
                kind = "quality" if category in _QUALITY else "service"
                owner = _OWNERS[int(r() * 4)]
                ev.append((t, "investigate", {"owner": owner, "problem_kind": kind}))
                # SLA-3/SLA-5: a share take 2 to 5 business days (7.5 open hours each).
                took = (2 + r() * 3) * 27_000 if r() < p_slow else expo(1800 if fast else 18_000)
                end = badd(t, took)
                if r() < p_reassign:  # FLOW-11
                    t = badd(t, r() * min(took, 3600))
                    ev.append(
                        (t, "reassign", {"department": "客户服务部", "reassign_reason": "职责调整"})
                    )
                if took > 27_000:
                    t = max(t, badd(t, 27_000))
                    ev.append((t, "report_progress", {"progress": "仍在核查，预计两日内答复"}))
                t = max(t, end)
                plans = _SOLUTIONS[int(r() * 3)]
                ev.append((t, "propose", {"solutions": list(plans)}))
                t = badd(t, 600 + r() * 3 * 3600)
                ev.append((t, "approve", {"approved_by": "李主管", "chosen_solution": plans[0]}))
                t = badd(t, 300 + r() * 2 * 3600)
                ev.append((t, "notify", {}))
                t += 60 + int(r() * 540)
                if r() < p_dissatisfied:  # FLOW-6
                    ev.append((t, "dissatisfied", {}))
                    resolved = reviews(t, name, ev)
                else:
                    ev.append((t, "confirm", {"confirmed_by": name}))
                    resolved = t
            if resolved >= 0:
                # FLOW-8: every handled complaint closes only with its return visit
                # recorded (FU-3): reached, or unreachable after the calls made.
                t = resolved
                if vip and r() < p_vip_no_visit:  # FU-2 gap: no visit ever, left open
                    if r() < 0.5:
                        t += 60 + int(r() * 540)
                        ev.append((t, "schedule_return_visit", {}))
                elif vip or r() < p_return_visit:
                    if vip and r() < 0.5:  # FU-13: agree a time with the customer
                        t += 60 + int(r() * 540)
                        ev.append((t, "schedule_return_visit", {}))
                    made = len(fu)
                    last, through = calls(visit_time(t + 60), number, "service", fu)
                    t = last + 120 + int(r() * 480)
                    if through:
                        refused = fu[-1][3] == "refused"
                        result = "客户拒绝继续回访" if refused else "问题已解决"
                        satisfaction = "not_given" if refused else _SATISFACTION[int(r() * 5)]
                        record: dict[str, JSON] = {
                            "visit_outcome": "reached",
                            "visit_result": result,
                            "satisfaction": satisfaction,
                        }
                    else:
                        record = {
                            "visit_outcome": "unreachable",
                            "attempts": len(fu) - made,
                            "visit_result": "多次联系未接通",
                        }
                    ev.append((t, "record_return_visit", record))
                    t += 60 + int(r() * 1740)
                    ev.append((t, "close", {}))
                # else: no return visit yet, so the complaint stays resolved (a FLOW-8 gap)
        elif workflow == "inquiry":
            category = pick_inquiry()
            asked: dict[str, JSON] = {
                "caller": name,  # IN-7: the duty log names the caller
                "contact": number,
                "question": f"咨询{_CONTENT[category][:6]}相关问题",
                "channel": channel,
                "category": category,
                "tier": tier,
            }
            if r() < prof.p_transfer:  # IN-4
                department = _DEPARTMENTS[category]
                asked.update(department=department, expected_wait=_REPLY_WITHIN)
                ev.append((t0, "transfer", asked))
                t = t0
                if r() < 0.5:
                    t = badd(t, 1800 + r() * 4 * 3600)
                    ev.append((t, "track", {"note": "已催办"}))
                t = badd(t, expo(27_000))
                ev.append((t, "answer", {"answer": "已由专业部门答复"}))
            else:
                asked["answer"] = "已当场解答"
                ev.append((t0, "answer", asked))
        elif workflow == "suggestion":
            category = pick_suggestion()
            ev.append(
                (
                    t0,
                    "record",
                    {
                        "caller": name,
                        "contact": number,
                        "content": f"建议改进：{_CONTENT[category]}",
                        "channel": channel,
                        "category": category,
                        "tier": tier,
                    },
                )
            )
            t = badd(t0, expo(27_000))
            ev.append((t, "forward", {"department": _DEPARTMENTS[category]}))
        else:  # incident (FLOW-12)
            category = "network"
            priority = "urgent"
            ev.append(
                (
                    t0,
                    "report",
                    {
                        "incident_kind": "outage",
                        "scope": _LOCATIONS[cid % 3],
                        "description": "区域性网络中断，投诉激增",
                        "channel": channel,
                        "category": category,
                    },
                )
            )
            t = t0 + 600 + int(r() * 1200)
            ev.append((t, "start_plan", {"plan": "启动网络故障应急预案"}))
            for linked in list(recent_network)[-3:]:
                t += 60 + int(r() * 300)
                ev.append((t, "link_complaint", {"ticket": linked}))
            t += 300 + int(r() * 900)
            ev.append((t, "inform", {"message": "已发布故障公告并短信通知受影响用户"}))
            t += int(expo(4 * 3600)) + 60
            ev.append((t, "recover", {"cause": _INCIDENT_CAUSE}))
            incident_recovered, incident_cause = t, _INCIDENT_CAUSE
            t = badd(t, 3600 + r() * 7 * 3600)
            ev.append((t, "close", {"summary": "故障处理完毕，已归档"}))
            last_incident = ticket_id

        if r() < p_marketing:  # FU-10 to FU-12: marketing calls, some unwelcome
            calls(visit_time(t0 + 3600), number, "marketing", fu)
            fu.sort()

        yield {
            "ticket_id": ticket_id,
            "workflow": workflow,
            "tier": tier,
            "priority": priority,
            "category": category,
            "channel": channel,
            "customer": customer,
            "events": [
                {
                    "name": e,
                    "at": f"{dp[at // _DAY + _EARLIEST_DAY]}{hm[at // 60 % 1440]}{ss[at % 60]}",
                    "payload": payload,
                }
                for at, e, payload in ev
                if at < p1
            ],
            "followups": [
                {"at": fmt(at), "channel": c, "purpose": p, "outcome": o, "number": num}
                for at, c, p, o, num in fu
                if at < p1
            ],
        }
