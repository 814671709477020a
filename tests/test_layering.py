"""The architecture, read from the imports: kernel, core parts, edges, and no cycles.

- The **kernel** (the modules at the root of the package: errors, instants, JSON,
  the event type, the defaults' value type) imports no part.
- The **core** parts (calendars, sla, workflows, followup, scripts, staffing) import
  the kernel, themselves and ``calendars``, nothing else.
- The **edges** (policy, rules, synthetic) may import the core; nothing imports an
  edge (the package root, the doorway, excepted).
- The **outer edge** (``data``, the converter of every value to plain data) may
  import the core and the edges; only the root and the shell import it.
- The **shell** (``_cli``, the command line, and ``__main__``) may import anything;
  nothing imports it but ``__main__``. It is the one place that does I/O.
- From outside a part, a module imports the part's facade (``complaintflow.sla``),
  its shipped values (``complaintflow.sla._defaults``) or its named internal
  interface (``complaintflow.sla._internal``), never another private module.
- No import cycles between modules, counting imports inside functions too (imports
  under ``if TYPE_CHECKING:`` are for annotations only and do not count).

The test reads the imports from the syntax tree, like ``tests/test_sansio.py``; its
self-tests feed it known-bad graphs so it cannot silently stop working.
"""

from __future__ import annotations

import ast
import pathlib
from collections.abc import Iterator

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "complaintflow"
CORE = ("calendars", "sla", "workflows", "followup", "scripts", "staffing")
EDGES = ("policy", "rules", "synthetic")
OUTER = ("data",)
SHELL = ("complaintflow._cli", "complaintflow.__main__")
#: The modules of a part that other parts may import besides its facade.
OPEN_MODULES = ("_defaults", "_internal")


def _module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, package: str) -> Iterator[str]:
    """Every complaintflow module an AST imports at run time (TYPE_CHECKING blocks skipped)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("complaintflow"):
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base.startswith("complaintflow"):
                folder = SRC.parent / base.replace(".", "/")
                names = [a.name for a in node.names]
                # "from complaintflow import sla", "from complaintflow.sla import _defaults"
                modules = [
                    n for n in names if (folder / n).is_dir() or (folder / f"{n}.py").is_file()
                ]
                yield from (f"{base}.{n}" for n in modules)
                if len(modules) < len(names):
                    yield base
        stack.extend(ast.iter_child_nodes(node))


def graph() -> dict[str, set[str]]:
    """Module name to the complaintflow modules it imports at run time."""
    out: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out[name] = {m for m in _imports(tree, package) if m != name}
    return out


def _part(module: str) -> str:
    """``kernel``, ``root``, ``shell`` or the part's name."""
    pieces = module.split(".")
    if len(pieces) == 1:
        return "root"
    if module in SHELL:
        return "shell"
    return pieces[1] if pieces[1] in CORE + EDGES + OUTER else "kernel"


def layering_problems(g: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(g.items()):
        mine = _part(module)
        for target in sorted(targets):
            theirs = _part(target)
            if theirs == "shell" and module != "complaintflow.__main__":
                problems.append(f"{module} imports the shell {target}")
                continue
            if mine == "shell":
                continue
            if theirs in OUTER and mine not in ("root", *OUTER):
                problems.append(f"{module} imports the outer edge {target}")
                continue
            if mine in OUTER and theirs in EDGES:
                continue
            if mine == "root" or (theirs in ("root",) and target == "complaintflow"):
                if mine != "root":
                    problems.append(f"{module} imports the package root")
                continue
            if theirs == mine or theirs == "kernel":
                continue
            if mine == "kernel":
                problems.append(f"{module} (kernel) imports the part {target}")
            elif theirs in EDGES:
                problems.append(f"{module} imports the edge {target}")
            elif mine in CORE and theirs != "calendars":
                problems.append(
                    f"{module} (core) imports {target}; core parts import calendars only"
                )
            pieces = target.split(".")
            if len(pieces) > 2 and pieces[2] not in OPEN_MODULES:
                problems.append(
                    f"{module} reaches into {target}; import the facade complaintflow.{theirs}, "
                    f"or its _defaults or _internal module"
                )
    return problems


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g.get(v, ())):
            if w not in g:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return sorted(found)


def _without_facades(g: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph with each facade's imports of its own part dropped.

    A facade (``__init__``) imports every module of its part to re-export it, and a
    module importing ``complaintflow.calendars._index`` makes Python import the
    facade first; those edges are the package mechanism, not a design dependency.
    """
    return {
        m: {t for t in ts if not (t.startswith(m + ".") or m.startswith(t + "."))}
        for m, ts in g.items()
    }


def test_the_layers_hold() -> None:
    assert [] == layering_problems(graph())


def test_no_import_cycles() -> None:
    assert [] == cycles(_without_facades(graph()))


def test_the_scan_sees_every_module_and_function_level_imports() -> None:
    g = graph()
    assert "complaintflow.sla._evaluate" in g
    assert "complaintflow.sla._clock" in g["complaintflow.sla._evaluate"]
    tree = ast.parse("def f():\n    from complaintflow.sla._parse import x\n")
    assert ["complaintflow.sla._parse"] == list(_imports(tree, "complaintflow.sla"))
    tree = ast.parse("if TYPE_CHECKING:\n    from complaintflow.sla._parse import x\n")
    assert [] == list(_imports(tree, "complaintflow.sla"))


def test_the_checks_catch_known_bad_graphs() -> None:
    bad = {
        "complaintflow._time": {"complaintflow.sla"},
        "complaintflow.sla._clock": {"complaintflow.followup", "complaintflow.policy"},
        "complaintflow.policy._replay": {"complaintflow.sla._clock"},
        "complaintflow.followup._decide": {"complaintflow.calendars._index"},
        "complaintflow.policy._schema": {"complaintflow.data", "complaintflow._cli"},
    }
    problems = layering_problems(bad)
    assert any("(kernel) imports the part complaintflow.sla" in p for p in problems)
    assert any("imports the edge complaintflow.policy" in p for p in problems)
    assert any("core parts import calendars only" in p for p in problems)
    assert any("reaches into complaintflow.sla._clock" in p for p in problems)
    assert any("reaches into complaintflow.calendars._index" in p for p in problems)
    assert any("imports the outer edge complaintflow.data" in p for p in problems)
    assert any("imports the shell complaintflow._cli" in p for p in problems)
    cyclic = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert [["a.x", "a.y", "a.z"]] == cycles(cyclic)
