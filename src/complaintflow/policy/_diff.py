"""What changed between two policies, rule by rule, in words a supervisor reads.

Theory of operation
-------------------
Each section is compared where its meaning lives: SLA targets and overrides by
name in the plain data (what the analyst edited), calendars, follow-up rules,
workflows and script packs on the built values (so that writing a default out
explicitly is not reported as a change). Items are matched by name, never by
position, and listed in a fixed order, so the same two policies always give the
same changes, and the changes from ``b`` to ``a`` mirror those from ``a`` to ``b``.

Order is a change where it is behaviour: the transitions a state tries for one
event (the first that matches fires) and a script pack's rules (the order findings
are reported in). Overrides (precedence decides between them) and transitions of
different states or events may be listed in any order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from complaintflow.followup import Purpose
from complaintflow.sla._defaults import default_data as sla_default_data

if TYPE_CHECKING:
    from complaintflow.policy._definition import Policy


@attrs.frozen
class PolicyChange:
    """One difference between two policies.

    Attributes:
        section: ``calendars``, ``sla``, ``workflows``, ``followup``, ``scripts``,
            ``replay`` or ``name``.
        item: What changed within the section (a target, rule or calendar name).
        rule: The ``DOMAIN.md`` rule ID involved, or ``None``.
        before: The old value in words (``None`` when added).
        after: The new value in words (``None`` when removed).
        text: The sentence a supervisor reads.
    """

    section: str
    item: str
    rule: str | None
    before: str | None
    after: str | None
    text: str

    def __str__(self) -> str:
        return self.text

    def to_record(self) -> dict[str, str | None]:
        """A plain record for ``pandas.DataFrame``."""
        return {
            "section": self.section,
            "item": self.item,
            "rule": self.rule,
            "before": self.before,
            "after": self.after,
            "text": self.text,
        }


def _text(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _change(
    section: str, item: str, rule: str | None, before: str | None, after: str | None, text: str
) -> PolicyChange:
    return PolicyChange(section, item, rule, before, after, text)


def _sla_data(policy: Policy) -> Mapping[str, Any]:
    data: Mapping[str, Any] = policy.to_dict()
    sla: Mapping[str, Any] = data.get("sla") or sla_default_data()
    return sla


def _named(items: object) -> dict[str, Mapping[str, Any]]:
    if not isinstance(items, list):
        return {}
    return {str(i.get("name")): i for i in items if isinstance(i, Mapping)}


def _diff_sla(a: Policy, b: Policy) -> Iterator[PolicyChange]:
    da, db = _sla_data(a), _sla_data(b)
    ta, tb = _named(da.get("targets")), _named(db.get("targets"))
    for name in sorted(ta.keys() | tb.keys()):
        old, new = ta.get(name), tb.get(name)
        rule = str((new or old or {}).get("rule")) if (new or old) else None
        label = f"SLA target {name} ({rule})"
        if old is None and new is not None:
            yield _change(
                "sla",
                name,
                rule,
                None,
                _text(new.get("within")),
                f"{label} added: within {new.get('within')}",
            )
            continue
        if new is None and old is not None:
            yield _change("sla", name, rule, _text(old.get("within")), None, f"{label} removed")
            continue
        assert old is not None
        assert new is not None
        for key in sorted(old.keys() | new.keys()):
            if old.get(key) != new.get(key):
                before = None if key not in old else _text(old[key])
                after = None if key not in new else _text(new[key])
                yield _change(
                    "sla",
                    name,
                    rule,
                    before,
                    after,
                    f"{label}: {key} changed from {before} to {after}",
                )
    oa = [json.dumps(o, sort_keys=True) for o in da.get("overrides", []) or []]
    ob = [json.dumps(o, sort_keys=True) for o in db.get("overrides", []) or []]
    for text in sorted(set(oa) - set(ob)):
        yield _change("sla", "overrides", None, text, None, f"SLA override removed: {text}")
    for text in sorted(set(ob) - set(oa)):
        yield _change("sla", "overrides", None, None, text, f"SLA override added: {text}")
    for key in ("precedence", "name", "calendar_by", "calendar_fallback"):
        if da.get(key) != db.get(key):
            yield _change(
                "sla",
                key,
                None,
                _text(da.get(key)),
                _text(db.get(key)),
                f"SLA {key} changed from {_text(da.get(key))} to {_text(db.get(key))}",
            )


def _diff_calendars(a: Policy, b: Policy) -> Iterator[PolicyChange]:
    for name in sorted(a.calendars.keys() | b.calendars.keys()):
        old, new = a.calendars.get(name), b.calendars.get(name)
        if old == new:
            continue
        if old is None or new is None:
            verb = "added" if old is None else "removed"
            yield _change("calendars", name, None, None, None, f"calendar {name} {verb}")
            continue
        od: Mapping[str, Any] = old.to_dict()  # read like the other sections' data
        nd: Mapping[str, Any] = new.to_dict()
        for key in sorted(od.keys() | nd.keys()):
            if od.get(key) == nd.get(key):
                continue
            if key in ("holidays", "workdays"):
                gone = sorted(set(od.get(key, [])) - set(nd.get(key, [])))
                came = sorted(set(nd.get(key, [])) - set(od.get(key, [])))
                parts = ([f"added {', '.join(came)}"] if came else []) + (
                    [f"removed {', '.join(gone)}"] if gone else []
                )
                yield _change(
                    "calendars",
                    name,
                    None,
                    None,
                    None,
                    f"calendar {name}: {key} {'; '.join(parts)}",
                )
            else:
                before, after = _text(od.get(key)), _text(nd.get(key))
                yield _change(
                    "calendars",
                    name,
                    None,
                    before,
                    after,
                    f"calendar {name}: {key} changed from {before} to {after}",
                )


def _words(value: object) -> str:
    describe = getattr(value, "describe", None)
    return str(describe()) if callable(describe) else str(value)


def _diff_followup(a: Policy, b: Policy) -> Iterator[PolicyChange]:
    fa, fb = a.followup, b.followup
    for purpose in Purpose:
        ha = next((h for h in fa.hours if h.purpose is purpose), None)
        hb = next((h for h in fb.hours if h.purpose is purpose), None)
        if ha != hb:
            either = hb or ha
            rule = either.rule if either is not None else None
            before = _text(ha.calendar.to_dict()["hours"]) if ha else None
            after = _text(hb.calendar.to_dict()["hours"]) if hb else None
            yield _change(
                "followup",
                f"hours.{purpose.value}",
                rule,
                before,
                after,
                f"follow-up {purpose.value} contact hours ({rule}): {before} became {after}",
            )
    if fa.window != fb.window:
        before, after = str(fa.window.within), str(fb.window.within)
        yield _change(
            "followup",
            "window",
            "FU-4",
            before,
            after,
            f"follow-up window (FU-4): within {before} became within {after}"
            + ("" if fa.window.calendar == fb.window.calendar else " (its calendar changed too)"),
        )
    if fa.caps != fb.caps:
        before = "; ".join(_words(c) for c in fa.caps) or "none"
        after = "; ".join(_words(c) for c in fb.caps) or "none"
        yield _change(
            "followup",
            "caps",
            "FU-11",
            before,
            after,
            f"follow-up caps (FU-11): {before!r} became {after!r}",
        )
    if fa.fallback != fb.fallback:
        before = str(fa.fallback.sms_after_failed_calls)
        after = str(fb.fallback.sms_after_failed_calls)
        yield _change(
            "followup",
            "fallback",
            "FU-5",
            before,
            after,
            f"channel fallback (FU-5): SMS after {before} failed calls became after {after}",
        )
    if fa.campaigns != fb.campaigns:
        na = {c.name for c in fa.campaigns}
        nb = {c.name for c in fb.campaigns}
        for name in sorted(nb - na):
            yield _change(
                "followup", "campaigns", "FU-7", None, name, f"campaign {name!r} (FU-7) added"
            )
        for name in sorted(na - nb):
            yield _change(
                "followup", "campaigns", "FU-7", name, None, f"campaign {name!r} (FU-7) removed"
            )
        for name in sorted(na & nb):
            ca = next(c for c in fa.campaigns if c.name == name)
            cb = next(c for c in fb.campaigns if c.name == name)
            if ca != cb:
                yield _change(
                    "followup",
                    "campaigns",
                    "FU-7",
                    None,
                    None,
                    f"campaign {name!r} (FU-7): its days changed",
                )
    if fa.horizon_days != fb.horizon_days:
        yield _change(
            "followup",
            "horizon_days",
            None,
            str(fa.horizon_days),
            str(fb.horizon_days),
            f"follow-up search horizon changed from {fa.horizon_days} to {fb.horizon_days} days",
        )


_SIGNATURE = ("source", "event", "target", "guards")


def _signature(t: Mapping[str, Any]) -> str:
    guards = ", ".join(t.get("guards", []) or [])
    return f"{t.get('source')} --{t.get('event')}--> {t.get('target')}" + (
        f" [{guards}]" if guards else ""
    )


def _rest(t: Mapping[str, Any]) -> dict[str, Any]:
    """What a transition does besides where it goes: effects, rule, assign, collect."""
    return {k: v for k, v in t.items() if k not in _SIGNATURE}


def _by_signature(data: Mapping[str, Any]) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = {}
    for t in data.get("transitions", []):
        out.setdefault(_signature(t), []).append(t)
    return out


def _tried(data: Mapping[str, Any], kept: set[str]) -> dict[tuple[str, str], list[str]]:
    """The transitions of each state and event in the order they are tried (first
    match wins), of those in ``kept``."""
    out: dict[tuple[str, str], list[str]] = {}
    for t in data.get("transitions", []):
        if _signature(t) in kept:
            out.setdefault((str(t.get("source")), str(t.get("event"))), []).append(_signature(t))
    return out


def _diff_transitions(
    name: str, od: Mapping[str, Any], nd: Mapping[str, Any]
) -> Iterator[PolicyChange]:
    ta, tb = _by_signature(od), _by_signature(nd)
    for sig in sorted(ta.keys() | tb.keys()):
        olds, news = ta.get(sig, []), tb.get(sig, [])
        for t in news[len(olds) :]:
            yield _change(
                "workflows",
                name,
                t.get("rule"),
                None,
                sig,
                f"workflow {name}: transition {sig} added",
            )
        for t in olds[len(news) :]:
            yield _change(
                "workflows",
                name,
                t.get("rule"),
                sig,
                None,
                f"workflow {name}: transition {sig} removed",
            )
        for old, new in zip(olds, news, strict=False):
            ra, rb = _rest(old), _rest(new)
            for key in sorted(ra.keys() | rb.keys()):
                if ra.get(key) != rb.get(key):
                    before = None if key not in ra else _text(ra[key])
                    after = None if key not in rb else _text(rb[key])
                    yield _change(
                        "workflows",
                        name,
                        new.get("rule") or old.get("rule"),
                        before,
                        after,
                        f"workflow {name}: transition {sig}: {key} changed "
                        f"from {before} to {after}",
                    )
    common = {s for s in ta.keys() & tb.keys() if len(ta[s]) == len(tb[s])}
    oa, ob = _tried(od, common), _tried(nd, common)
    for source, event in sorted(oa.keys() & ob.keys()):
        first, then = oa[(source, event)], ob[(source, event)]
        if first != then:
            yield _change(
                "workflows",
                name,
                None,
                "; ".join(first),
                "; ".join(then),
                f"workflow {name}: the transitions of state {source} on {event} are tried in a "
                f"new order (the first that matches fires): {'; '.join(then)}",
            )


def _diff_workflows(a: Policy, b: Policy) -> Iterator[PolicyChange]:
    for name in sorted(a.workflows.keys() | b.workflows.keys()):
        old, new = a.workflows.get(name), b.workflows.get(name)
        if old is None or new is None:
            verb = "added" if old is None else "removed"
            yield _change("workflows", name, None, None, None, f"workflow {name} {verb}")
            continue
        od, nd = old.to_dict(), new.to_dict()
        if od == nd:
            continue
        yield from _diff_transitions(name, od, nd)
        ga: Mapping[str, Any] = od.get("guards") or {}  # type: ignore[assignment]
        gb: Mapping[str, Any] = nd.get("guards") or {}  # type: ignore[assignment]
        for guard in sorted(ga.keys() | gb.keys()):
            if ga.get(guard) != gb.get(guard):
                spec: Mapping[str, Any] = gb.get(guard) or ga.get(guard) or {}
                rule = str(spec["rule"]) if spec.get("rule") else None
                verb = "added" if guard not in ga else "removed" if guard not in gb else "changed"
                yield _change(
                    "workflows",
                    name,
                    rule,
                    _text(ga[guard]) if guard in ga else None,
                    _text(gb[guard]) if guard in gb else None,
                    f"workflow {name}: guard {guard}" + (f" ({rule})" if rule else "") + f" {verb}",
                )
        for key in sorted((od.keys() | nd.keys()) - {"transitions", "guards"}):
            if od.get(key) != nd.get(key):
                yield _change(
                    "workflows",
                    name,
                    None,
                    _text(od.get(key)),
                    _text(nd.get(key)),
                    f"workflow {name}: {key} changed",
                )


def _diff_scripts(a: Policy, b: Policy) -> Iterator[PolicyChange]:
    for name in sorted(a.scripts.keys() | b.scripts.keys()):
        old, new = a.scripts.get(name), b.scripts.get(name)
        if old is None or new is None:
            verb = "added" if old is None else "removed"
            yield _change("scripts", name, None, None, None, f"script pack {name} {verb}")
            continue
        ra = {r.id: r for r in old.rules}
        rb = {r.id: r for r in new.rules}
        for rid in sorted(ra.keys() | rb.keys()):
            x, y = ra.get(rid), rb.get(rid)
            if x == y:
                continue
            either = y or x
            rule = either.rule if either is not None else None
            verb = "added" if x is None else "removed" if y is None else "changed"
            yield _change(
                "scripts",
                f"{name}.{rid}",
                rule,
                None,
                None,
                f"script pack {name}: rule {rid}" + (f" ({rule})" if rule else "") + f" {verb}",
            )
        kept = ra.keys() & rb.keys()
        order_a = [r.id for r in old.rules if r.id in kept]
        order_b = [r.id for r in new.rules if r.id in kept]
        if order_a != order_b:
            yield _change(
                "scripts",
                name,
                None,
                ", ".join(order_a),
                ", ".join(order_b),
                f"script pack {name}: rules reported in a new order: {', '.join(order_b)}",
            )
        if old.description != new.description:
            yield _change(
                "scripts",
                name,
                None,
                _text(old.description),
                _text(new.description),
                f"script pack {name}: description changed",
            )


def diff_policies(a: Policy, b: Policy) -> tuple[PolicyChange, ...]:
    """Every change from ``a`` to ``b``, section by section, in a fixed order."""
    changes: list[PolicyChange] = []
    if a.name != b.name:
        changes.append(
            _change(
                "name",
                "name",
                None,
                a.name,
                b.name,
                f"policy renamed from {a.name!r} to {b.name!r}",
            )
        )
    changes += _diff_calendars(a, b)
    changes += _diff_sla(a, b)
    changes += _diff_workflows(a, b)
    changes += _diff_followup(a, b)
    changes += _diff_scripts(a, b)
    if a.replay != b.replay:
        changes.append(
            _change(
                "replay", "replay", None, str(a.replay), str(b.replay), "replay settings changed"
            )
        )
    return tuple(changes)
