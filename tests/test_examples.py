"""Cheap checks of ``examples/``: CI runs the examples themselves (``.ci/run``).

Each example compiles, says what it is, reads no clock, imports only what the core
or the ``examples`` extra installs; the what-if notebook is in percent format and
writes the plots that the docs page embeds.
"""

from __future__ import annotations

import ast
import pathlib
import re
import sys
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
NAMES = [p.name for p in EXAMPLES]
# Distribution names of pyproject.toml to the module names they install.
_MODULE_OF = {"attrs": "attrs", "ahocorasick_rs": "ahocorasick_rs", "dask[distributed]": "dask"}


def _tree(path: pathlib.Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _allowed_modules() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["examples"]]
    names = {re.split(r"[<>=!~ ]", spec, maxsplit=1)[0] for spec in specs}
    modules = {_MODULE_OF.get(n, n.split("[")[0].replace("-", "_")) for n in names}
    return modules | {"complaintflow", "distributed"}  # dask[distributed] installs both


def _imports_outside_try(tree: ast.Module) -> set[str]:
    """Top-level module names imported unconditionally (a try/except import is optional)."""
    guarded = {id(node) for t in ast.walk(tree) if isinstance(t, ast.Try) for node in ast.walk(t)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def test_the_expected_examples_are_there() -> None:
    expected = {"quickstart.py", "service_desk.py", "policy_what_if.py", "dask_replay.py"}
    assert expected <= set(NAMES)


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_example_compiles(path: pathlib.Path) -> None:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_example_says_what_it_is(path: pathlib.Path) -> None:
    """A module docstring, or (percent-format notebooks) an opening markdown title cell."""
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(_tree(path))
    title_cell = re.match(r"# %% \[markdown\]\n# # \S", text)
    assert docstring or title_cell, f"{path.name}: no module docstring and no title cell"
    if docstring:
        assert f"python examples/{path.name}" in docstring, "the docstring says how to run it"


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_example_reads_no_clock(path: pathlib.Path) -> None:
    """Examples are deterministic: every "now" is given, never read."""
    clocks = {"now", "today", "utcnow", "time", "perf_counter", "monotonic", "time_ns"}
    calls = [
        node.func.attr
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in clocks
    ]
    assert [] == calls


@pytest.mark.parametrize("path", EXAMPLES, ids=NAMES)
def test_example_imports_only_what_is_installed(path: pathlib.Path) -> None:
    """Core dependencies, the ``examples`` extra, the standard library."""
    imported = _imports_outside_try(_tree(path)) - set(sys.stdlib_module_names)
    assert set() == imported - _allowed_modules()


def test_ci_installs_the_examples_extra() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '-e ".[test,lint,docs,examples]"' in run
    assert "for ex in examples/*.py" in run


def test_what_if_is_a_percent_format_notebook() -> None:
    text = (ROOT / "examples" / "policy_what_if.py").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "# %% [markdown]" == lines[0]
    markdown = sum(line == "# %% [markdown]" for line in lines)
    code = sum(line == "# %%" for line in lines)
    assert markdown >= 5
    assert code >= 5
    for i, line in enumerate(lines):  # a markdown cell holds comment lines only
        if line == "# %% [markdown]":
            body = lines[i + 1 : next(j for j in range(i + 1, len(lines)) if not lines[j])]
            assert all(b.startswith("#") for b in body), body


def test_the_docs_embed_the_plots_the_notebook_writes() -> None:
    source = (ROOT / "examples" / "policy_what_if.py").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "what-if.md").read_text(encoding="utf-8")
    embedded = re.findall(r"!\[[^\]]*\]\(assets/what_if/([\w.-]+\.png)\)", page)
    written = re.findall(r'OUT / "([\w.-]+\.png)"', source)
    assert written, "the notebook writes its plots under OUT"
    assert sorted(written) == sorted(embedded)
    for name in embedded:
        assert (ROOT / "docs" / "assets" / "what_if" / name).is_file(), f"{name} not committed"


def test_the_notebook_writes_where_the_user_says_and_never_into_the_source_tree() -> None:
    """Its one output folder is ``WHAT_IF_OUT`` or a new temporary folder; the docs
    page names the command that regenerates the committed plots. (CI also checks
    that the checkout is unchanged after running every example.)"""
    source = (ROOT / "examples" / "policy_what_if.py").read_text(encoding="utf-8")
    outs = re.findall(r"^OUT = (.+)$", source, flags=re.MULTILINE)
    assert ['Path(os.environ.get("WHAT_IF_OUT") or tempfile.mkdtemp(prefix="what_if-"))'] == outs
    assert "__file__" not in source
    assert "savefig(OUT / " in source
    assert source.count("savefig(") == source.count("savefig(OUT / ")
    page = (ROOT / "docs" / "what-if.md").read_text(encoding="utf-8")
    assert "WHAT_IF_OUT=docs/assets/what_if python examples/policy_what_if.py" in page


def test_ci_executes_the_what_if_as_a_notebook() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "run_notebook.py examples/policy_what_if.py" in run
