"""Benchmark: script-phrase matching, end to end, against plain matchers.

Generates (seeded) at least 200,000 utterances of about 40 characters: Chinese
filler with pack phrases and 300 extra phrases inserted, some of them glued so
that two phrases overlap, some punctuation, and one utterance in ten converted to
Traditional Chinese. Then, in the same run:

- ``in`` loop: ``phrase in utterance`` for every phrase (the ground truth);
- ``re`` alternation: one compiled ``a|b|c`` pattern, longest first, ``finditer``;
- ``ahocorasick_rs`` and ``pyahocorasick``: the raw automata, overlapping matches;
- ``complaintflow``: :func:`validate_transcript` with the default ``zh_CN`` pack plus
  one forbidden rule holding the 300 extra phrases, on the *raw* utterances
  (normalisation, matching, rule logic and findings), 20 turns per transcript;
- ``complaintflow + segmenter``: the same with every forbidden rule matching whole
  words (``match="word"``), so jieba segments every turn where a phrase matched.
  Its "misses" are the pairs word matching drops on purpose (a phrase inside a
  longer word), counted, not errors.

``--sizes`` runs it all at several corpus sizes (10x apart by default).

The plain matchers get the utterances already normalised (a raw matcher cannot
see that 與 is 与), so their figures leave out normalisation; ours include it.
Every matcher is timed alike, best of ``--repeat`` runs (``bench/_timing.py``): CPU
time (``time.process_time``: the benchmark machine is shared, and wall time there
includes waiting for the CPU) is the main figure, wall time is printed beside it.
MB/s counts the UTF-8 bytes of the raw utterances per second of CPU time. A miss is
a (utterance, phrase) pair the ``in`` loop found and the matcher did not; for the
end-to-end validator the pairs of the extra-phrase rule are compared.

Run: ``python bench/bench_scripts.py`` (about a minute); ``--utterances`` for one
size, ``--sizes 2000,20000`` for others. The segmenter needs the ``words`` extra.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable

import ahocorasick_rs
import attrs
import opencc

from _timing import Timing, best
from complaintflow.scripts import (
    ForbiddenRule,
    ScriptPack,
    Turn,
    default,
    normalize_text,
    validate_transcript,
)

try:
    import ahocorasick as pyahocorasick
except ImportError:  # pragma: no cover - reported in the output
    pyahocorasick = None

FILLER = (
    "的一是在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两"
    "体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
)
PUNCT = "，。！？、 "
TURNS_PER_TRANSCRIPT = 20


def make_corpus(
    n: int, extra: int, seed: int
) -> tuple[list[str], list[str], list[str], ScriptPack]:
    """Utterances (raw), their normalised forms, the extra phrases, and the pack."""
    rng = random.Random(seed)
    base = default("zh_CN")
    pack_patterns = list(base.compiled.patterns)
    known = set(pack_patterns)
    extras: list[str] = []
    while len(extras) < extra:
        if extras and rng.random() < 0.3:  # overlap with an earlier phrase
            prev = rng.choice(extras)
            cand = prev[-1] + "".join(rng.choices(FILLER, k=rng.randint(1, 3)))
        else:
            cand = "".join(rng.choices(FILLER, k=rng.randint(2, 4)))
        if cand not in known:
            known.add(cand)
            extras.append(cand)
    extra_rule = ForbiddenRule("extra", tuple(extras), speaker=None, a_not_a=False)
    pack = ScriptPack("bench", (*base.rules, extra_rule))
    phrases = pack_patterns + extras
    s2t = opencc.OpenCC("s2t")
    raw: list[str] = []
    for _ in range(n):
        pieces = []
        length = 0
        while length < 40:
            r = rng.random()
            if r < 0.06:
                piece = rng.choice(phrases)
            elif r < 0.08:  # two phrases glued on a shared character
                a = rng.choice(extras)
                b = next((p for p in extras if p[0] == a[-1] and p != a), "")
                piece = a + b[1:]
            elif r < 0.13:
                piece = rng.choice(PUNCT)
            else:
                piece = "".join(rng.choices(FILLER, k=3))
            pieces.append(piece)
            length += len(piece)
        text = "".join(pieces)
        raw.append(s2t.convert(text) if rng.random() < 0.1 else text)
    norm = [normalize_text(t).text for t in raw]
    return raw, norm, extras, pack


Pairs = set[tuple[int, str]]


def run_in(norm: list[str], phrases: list[str]) -> Pairs:
    return {(i, p) for i, u in enumerate(norm) for p in phrases if p in u}


def run_re(norm: list[str], phrases: list[str]) -> Pairs:
    rx = re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))
    return {(i, m.group()) for i, u in enumerate(norm) for m in rx.finditer(u)}


def run_ahocorasick_rs(norm: list[str], phrases: list[str]) -> Pairs:
    ac = ahocorasick_rs.AhoCorasick(phrases)
    out: Pairs = set()
    for i, u in enumerate(norm):
        for pi, _, _ in ac.find_matches_as_indexes(u, overlapping=True):
            out.add((i, phrases[pi]))
    return out


def run_pyahocorasick(norm: list[str], phrases: list[str]) -> Pairs:
    assert pyahocorasick is not None
    automaton = pyahocorasick.Automaton()
    for p in phrases:
        automaton.add_word(p, p)
    automaton.make_automaton()
    out: Pairs = set()
    for i, u in enumerate(norm):
        for _, p in automaton.iter(u):
            out.add((i, p))
    return out


def run_validator(raw: list[str], pack: ScriptPack) -> Pairs:
    out: Pairs = set()
    speakers = ("agent", "customer")
    for first in range(0, len(raw), TURNS_PER_TRANSCRIPT):
        chunk = raw[first : first + TURNS_PER_TRANSCRIPT]
        turns = [Turn(speakers[k % 2], t) for k, t in enumerate(chunk)]
        report = validate_transcript(pack, turns)
        for result in report.results:
            if result.rule_id == "extra":
                for f in result.findings:
                    assert f.turn is not None
                    assert f.phrase is not None
                    out.add((first + f.turn, f.phrase))
    return out


def timed(fn: Callable[[], Pairs], repeat: int) -> Timing[Pairs]:
    """Best CPU and wall seconds of ``repeat`` runs of ``fn``, and its pairs."""
    return best(fn, repeat, gc_off=False)


def word_pack(pack: ScriptPack) -> ScriptPack:
    """``pack`` with every forbidden rule matching whole words."""
    rules = tuple(
        attrs.evolve(r, match="word") if isinstance(r, ForbiddenRule) else r for r in pack.rules
    )
    return ScriptPack(pack.name + "-words", rules)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=None)
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--extra", type=int, default=300)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for every matcher")
    args = parser.parse_args(argv)
    sizes = [args.utterances] if args.utterances else [int(x) for x in args.sizes.split(",")]
    for size in sizes:
        run_size(size, args.extra, args.seed, args.repeat)
        print()
    return 0


def run_size(utterances: int, extra: int, seed: int, repeat: int) -> None:
    t0 = time.perf_counter()
    raw, norm, extras, pack = make_corpus(utterances, extra, seed)
    phrases = list(pack.compiled.patterns)
    mb = sum(len(u.encode("utf-8")) for u in raw) / 1e6
    n = len(raw)
    print(
        f"corpus: {n} utterances, {sum(map(len, raw)) / n:.1f} chars each, {mb:.1f} MB UTF-8; "
        f"{len(phrases)} phrases ({len(extras)} extra); generated in "
        f"{time.perf_counter() - t0:.1f} s; Python {sys.version.split()[0]}"
    )

    t_in = timed(lambda: run_in(norm, phrases), repeat)
    truth = t_in.result
    rows: list[tuple[str, Timing[Pairs] | None, int | None, str]] = [
        ("in loop (ground truth)", t_in, 0, "")
    ]
    t = timed(lambda: run_re(norm, phrases), repeat)
    rows.append(("re alternation", t, len(truth - t.result), "non-overlapping"))
    t = timed(lambda: run_ahocorasick_rs(norm, phrases), repeat)
    rows.append(("ahocorasick_rs (raw)", t, len(truth - t.result), "overlapping"))
    if pyahocorasick is not None:
        t = timed(lambda: run_pyahocorasick(norm, phrases), repeat)
        rows.append(("pyahocorasick (raw)", t, len(truth - t.result), "overlapping"))
    else:
        rows.append(("pyahocorasick (raw)", None, None, "NOT INSTALLED"))
    extra_set = set(extras)
    extra_truth = {(i, p) for i, p in truth if p in extra_set}
    t_e2e = timed(lambda: run_validator(raw, pack), repeat)
    extra_found = {(i, normalize_text(p).text) for i, p in t_e2e.result}
    rows.append(("complaintflow end to end", t_e2e, len(extra_truth - extra_found), "+ normalise"))
    false_hits = len(extra_found - extra_truth)
    wpack = word_pack(pack)
    validate_transcript(wpack, "不行")  # load the segmenter outside the timing (about 0.7 s)
    t_words = timed(lambda: run_validator(raw, wpack), repeat)
    words_found = {(i, normalize_text(p).text) for i, p in t_words.result}
    dropped = len(extra_found - words_found)
    rows.append(("complaintflow + segmenter", t_words, dropped, "word: dropped inside words"))

    print(f"ground truth: {len(truth)} (utterance, phrase) pairs, {len(extra_truth)} extra")
    print()
    print(f"best of {repeat}; CPU time, wall time beside it; MB/s and ratios in CPU time")
    head = (
        f"{'matcher':<26} {'CPU us/utt':>10} {'wall':>8} {'MB/s':>7} {'vs in':>7} "
        f"{'misses':>7}  note"
    )
    print(head)
    print("-" * len(head))
    for name, timing, misses, note in rows:
        if timing is None:
            print(f"{name:<26} {'-':>10} {'-':>8} {'-':>7} {'-':>7} {'-':>7}  {note}")
            continue
        cpu_us, wall_us = timing.us(n)
        print(
            f"{name:<26} {cpu_us:>10.2f} {wall_us:>8.2f} {mb / timing.cpu:>7.1f} "
            f"{t_in.cpu / timing.cpu:>6.1f}x {misses:>7}  {note}"
        )
    print()
    print(f"end-to-end findings not in the ground truth: {false_hits}")
    print(
        f"with the segmenter: {t_words.cpu:.2f} s CPU ({t_words.wall:.2f} s wall); findings "
        f"not found by substring matching: {len(words_found - extra_found)}"
    )
    print(
        f"end to end: {t_e2e.cpu:.2f} s CPU, {t_e2e.wall:.2f} s wall clock "
        f"({mb / t_e2e.wall:.1f} MB/s wall; other processes share the machine)"
    )
    e2e_mbs = mb / t_e2e.cpu
    e2e_misses = rows[-2][2]
    ok = e2e_mbs >= 10 and e2e_misses == 0 and false_hits == 0
    verdict = "met" if ok else "NOT met"
    print(f"targets (end to end >= 10 MB/s, zero misses): {verdict} ({e2e_mbs:.1f} MB/s)")


if __name__ == "__main__":
    raise SystemExit(main())
