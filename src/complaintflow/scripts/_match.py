"""Phrases with placeholders: chains of fragment occurrences, found without backtracking.

Theory of operation
-------------------
A phrase such as ``您好，我是{brand}的客服代表`` is a chain of fragments
(``您好我是``, ``的客服代表``). The pack's automaton reports every occurrence of
every fragment as ``(turn, start, end)`` in the normalised text, each fragment's
occurrences sorted by turn and start. The phrase is said at an occurrence of its
first fragment when each next fragment occurs in the same turn, starting no earlier
than the previous one ends and at most ``gap`` (`PLACEHOLDER_MAX`)
characters after it. The match ends where its last fragment ends.

Of the chains that start at one occurrence, the one reported takes at each step the
earliest next occurrence from which the rest of the chain can still be completed.
That is what a depth-first search with backtracking finds, and what this module
found before; but that search is exponential in the number of fragments when many
occurrences fit every gap and the chain fails only at its end (seven one-character
fragments over a 200-character turn took two minutes), and it recursed once per
fragment (1,100 fragments overflowed the stack). The same chain is found here in
two passes, without recursion:

1. **Backwards**, from the last fragment to the second, keep the occurrences from
   which the rest of the chain can be completed, each with the end of the chain it
   completes. Every occurrence of the last fragment completes, at its own end. An
   occurrence of an earlier fragment completes when the first kept occurrence of
   the next fragment that starts at or after its end starts within ``gap``
   characters of that end, and then it completes with that occurrence's chain. Since
   kept occurrences are sorted, the first one at or after the end is the earliest
   one in the gap (when there is any), and it is found by one binary search.
2. **Forwards**, each occurrence of the first fragment looks up its successor the
   same way, and the match is ``(turn, start, chain end)``.

Each occurrence of each fragment is looked at once, with one binary search:
``O(m log m)`` for the ``m`` occurrences of a phrase's fragments, whatever the
number of fragments.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import TypeAlias

__all__ = ["Occ", "chain_ends"]

#: An occurrence: (turn index, start, end) in the normalised turn text.
Occ: TypeAlias = tuple[int, int, int]


def _completing(occs: Iterable[Occ], kept: Sequence[Occ], gap: int) -> list[Occ]:
    """The occurrences of ``occs`` that a kept next occurrence completes, with its end."""
    out: list[Occ] = []
    n = len(kept)
    for ti, s, e in occs:
        # (ti, e, -1) sorts before every occurrence of turn ti starting at e or later
        i = bisect_left(kept, (ti, e, -1))
        if i < n:
            tj, s2, end = kept[i]
            if tj == ti and s2 <= e + gap:
                out.append((ti, s, end))
    return out


def chain_ends(firsts: Iterable[Occ], rest: Sequence[Sequence[Occ]], gap: int) -> list[Occ]:
    """The matches of a chain of fragments, one per first occurrence that completes.

    Args:
        firsts: Occurrences of the first fragment, in transcript order.
        rest: For each later fragment, its occurrences sorted by turn and start.
        gap: Most characters between the end of a fragment and the start of the next.

    Returns:
        ``(turn, start, end)`` for each occurrence of ``firsts`` that starts a whole
        chain, in the order of ``firsts``; ``end`` is the end of the leftmost chain.

    Examples:
        >>> chain_ends([(0, 0, 2)], [[(0, 3, 5), (0, 9, 10)], [(0, 5, 6)]], gap=1)
        [(0, 0, 6)]
        >>> chain_ends([(0, 0, 2)], [[(0, 4, 5)]], gap=1)
        []
        >>> chain_ends([(0, 0, 2)], [], gap=1)  # a phrase of one fragment
        [(0, 0, 2)]
    """
    if not rest:
        return list(firsts)
    kept: Sequence[Occ] = rest[-1]
    for occs in reversed(rest[:-1]):
        if not kept:
            return []
        kept = _completing(occs, kept, gap)
    return _completing(firsts, kept, gap) if kept else []
