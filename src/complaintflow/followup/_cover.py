"""Covering every VIP (FU-2): augmenting paths over the team's agent-hours.

Theory of operation
-------------------
Greedy earliest-deadline placement can strand a VIP whose only units an earlier VIP
took. `_Cover` retries such a VIP with a breadth-first search for an
augmenting path: from the VIP to the (agent, bucket) units it could take, from a
full unit to the VIPs holding it, from those to their other units, until a unit with
free capacity is found; then every VIP on the path moves one step and the stranded
one takes the unit its predecessor left. This is a maximum bipartite matching, so
whenever all VIPs can be covered, they are.

The search walks *nodes*, a group's bucket (`complaintflow.followup._hours`),
not single units: a node's members are scanned together, in agent order, so the
path found is the one a unit-by-unit search finds, at the cost of one look per node
instead of one per agent. A node is scanned once per search, so a VIP is reached
once, through the node of the one unit it holds, and that node is scanned already
when the VIP's own turn comes: a path never leaves a VIP by its own unit.

A search that fails proves more than "not this VIP": every node it scanned is full
and every VIP holding a unit there reaches only such nodes, so no later path can
pass through them either (units are only ever taken while VIPs are covered, never
freed). Those nodes are marked *dead* and later searches skip them. Skipping them
changes no path: a search entering a dead node could only reach VIPs that reach
nothing. So the VIPs that cannot be covered each cost a look at their own nodes,
and the total work of the failed searches is linear in the nodes and holders they
touch, where a fresh search per stranded VIP was quadratic.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from complaintflow.followup._hours import _Group

#: (agent, bucket, at, until): one unit a VIP holds or may take.
_Unit = tuple[int, int, int, int]
#: (group index, bucket, at, until): the units of one group's bucket a VIP may take.
_Node = tuple[int, int, int, int]
#: The VIPs on an augmenting path, the stranded one first, each with its new unit.
_Path = list[tuple[int, _Unit]]


class _Cover:
    """Augmenting-path searches for stranded VIPs over the current placement.

    ``holders`` ((agent, bucket) to the VIP cases holding it) is the planner's
    own, read here; the planner applies a path
    found by `augment`. ``nodes_of`` gives a case's nodes in group, then
    bucket order.
    """

    __slots__ = ("dead", "groups", "holders", "nb", "nodes", "nodes_of")

    def __init__(
        self,
        groups: list[_Group],
        nb: int,
        holders: dict[tuple[int, int], list[int]],
        nodes_of: Callable[[int], list[_Node]],
    ) -> None:
        self.groups, self.nb, self.holders, self.nodes_of = groups, nb, holders, nodes_of
        self.nodes: dict[int, list[_Node]] = {}  # VIPs met as holders: their nodes
        self.dead: set[int] = set()  # nodes no augmenting path can pass (gi * nb + bucket)

    def _cached(self, idx: int) -> list[_Node]:
        out = self.nodes.get(idx)
        if out is None:
            out = self.nodes[idx] = self.nodes_of(idx)
        return out

    def augment(self, root: int) -> _Path | None:
        """An augmenting path from the stranded VIP ``root``, or ``None`` if none exists
        (then every node the search scanned is dead)."""
        nb, dead, groups, holders = self.nb, self.dead, self.groups, self.holders
        parent: dict[int, tuple[int, _Unit] | None] = {root: None}
        queue = deque([root])
        scanned: set[int] = set()  # gi * nb + bucket
        while queue:
            u = queue.popleft()
            for gi, f, at, until in self.nodes_of(u) if u == root else self._cached(u):
                key = gi * nb + f
                if key in scanned or key in dead:
                    continue
                scanned.add(key)
                g = groups[gi]
                if g.free[f] > 0:  # the group's free units are its members' (`_Group`)
                    i = next(i for i in g.agents if g.cap[i][f] > 0)
                    return _path(u, (i, f, at, until), parent)
                for i in g.agents:
                    for h in holders.get((i, f), ()):
                        parent[h] = (u, (i, f, at, until))
                        queue.append(h)
        dead.update(scanned)
        return None


def _path(u: int, unit: _Unit, parent: dict[int, tuple[int, _Unit] | None]) -> _Path:
    """``u`` takes the free ``unit``; whoever ``u`` was reached from takes u's unit..."""
    out = [(u, unit)]
    link = parent[u]
    while link is not None:
        u, unit = link
        out.append((u, unit))
        link = parent[u]
    return out
