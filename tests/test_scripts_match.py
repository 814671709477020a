"""Phrases with placeholders: the fragment-chain matcher against its old search."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.scripts import RequiredRule, ScriptPack, Turn, validate_transcript
from complaintflow.scripts._check import match_turns
from complaintflow.scripts._match import Occ, chain_ends

GAP = cf.scripts.PLACEHOLDER_MAX


def _search(occ: list[list[Occ]], ti: int, after: int, level: int, gap: int) -> int | None:
    """The matcher before this module: depth-first search with backtracking (the oracle)."""
    if level == len(occ):
        return after
    for tj, s, e in occ[level]:
        if tj == ti and after <= s <= after + gap:
            end = _search(occ, ti, e, level + 1, gap)
            if end is not None:
                return end
    return None


def _oracle(firsts: list[Occ], rest: list[list[Occ]], gap: int) -> list[Occ]:
    out = []
    for ti, s, e in firsts:
        end = _search(rest, ti, e, 0, gap)
        if end is not None:
            out.append((ti, s, end))
    return out


def _occurrences(turns: list[str], fragment: str) -> list[Occ]:
    """Every (overlapping) occurrence, sorted by turn and start, as the automaton gives."""
    out = []
    for ti, text in enumerate(turns):
        start = text.find(fragment)
        while start >= 0:
            out.append((ti, start, start + len(fragment)))
            start = text.find(fragment, start + 1)
    return out


fragments = st.text(alphabet="ab", min_size=1, max_size=3)
texts = st.text(alphabet="abc", max_size=24)


@given(
    st.lists(fragments, min_size=2, max_size=4),
    st.lists(texts, min_size=1, max_size=3),
    st.sampled_from([0, 1, 2, 3, GAP]),
)
def test_chain_ends_equal_the_backtracking_search(
    chain: list[str], turns: list[str], gap: int
) -> None:
    occ = [_occurrences(turns, f) for f in chain]
    assert _oracle(occ[0], occ[1:], gap) == chain_ends(occ[0], occ[1:], gap)


@given(
    st.lists(fragments, min_size=2, max_size=4),
    st.lists(st.tuples(st.sampled_from(cf.scripts.SPEAKERS), texts), max_size=3),
    st.sampled_from([None, *cf.scripts.SPEAKERS]),
)
def test_phrase_hits_equal_the_backtracking_search(
    chain: list[str], records: list[tuple[str, str]], speaker: str | None
) -> None:
    pack = ScriptPack("p", (RequiredRule("r", ("{x}".join(chain),), speaker=None),))
    turns = tuple(Turn(s, t) for s, t in records)
    ctx = match_turns(pack, turns)
    [[phrase]] = pack.compiled.roles[0]["phrases"].values()
    firsts, *rest = (ctx.occ.get(p, []) for p in phrase.patterns)
    firsts = [o for o in firsts if speaker is None or turns[o[0]].speaker == speaker]
    assert _oracle(firsts, rest, GAP) == ctx.hits(phrase, speaker)


def test_an_occurrence_that_cannot_go_on_is_skipped() -> None:
    # a at 0; b at 1 and 3; c at 5 is out of reach of b at 1 (gap 2), not of b at 3
    occ = [[(0, 0, 1)], [(0, 1, 2), (0, 3, 4)], [(0, 5, 6)]]
    assert [(0, 0, 6)] == chain_ends(occ[0], occ[1:], 2) == _oracle(occ[0], occ[1:], 2)
    assert [] == chain_ends(occ[0], occ[1:], 1) == _oracle(occ[0], occ[1:], 1)


def test_a_chain_never_crosses_turns() -> None:
    occ = [[(0, 0, 1)], [(1, 1, 2)]]
    assert [] == chain_ends(occ[0], occ[1:], GAP)


def _cpu(fn: object) -> float:
    assert callable(fn)
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def test_a_chain_of_placeholders_over_a_repetitive_turn_is_fast() -> None:
    # Found by fuzzing: every fragment occurs within reach of the previous one and the
    # chain fails only at its last fragment, so the search tried every combination:
    # 5 fragments took 0.5 s, 6 took 7 s, 7 took two minutes on a 200-character turn.
    for n in range(2, 9):
        phrase = "{x}".join(["啊"] * (n - 1) + ["乙"])
        pack = ScriptPack("p", (RequiredRule("r", (phrase,), speaker=None),))
        seconds = _cpu(lambda pack=pack: validate_transcript(pack, "啊" * 200))
        assert seconds < 1.0, (n, seconds)
        assert "fail" == validate_transcript(pack, "啊" * 200).results[0].status
        assert "pass" == validate_transcript(pack, "啊" * 200 + "乙").results[0].status


def test_a_thousand_fragments_need_no_recursion() -> None:
    # Found by fuzzing: a 1,100-fragment phrase raised RecursionError.
    n = 1100
    occ = [[(0, i, i + 1)] for i in range(n)]
    assert [(0, 0, n)] == chain_ends(occ[0], occ[1:], GAP)
    dense = [[(0, s, s + 1) for s in range(300)] for _ in range(300)]
    assert _cpu(lambda: chain_ends(dense[0], dense[1:], GAP)) < 2.0
