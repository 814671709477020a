"""The compiled build: make its wheel, and check that an installed one is compiled.

The modules it compiles are the ``include`` list of the ``mypyc`` build hook in
``pyproject.toml``, read here and nowhere else. CI and ``bench/bench_compiled.py``
both build through this script::

    python .ci/compiled.py build TREE OUT   # prints the path of the wheel made in OUT
    python .ci/compiled.py check            # run with the interpreter it is installed in

``build`` copies the source tree into ``OUT`` first, replacing an earlier build
there (mypyc writes its objects beside the sources it compiles, and the tree is
left as it was): the files git tracks or
would track when ``TREE`` is a git work tree, else every file but local
environments and caches. It then runs ``pip wheel`` with the hook turned on
(``HATCH_BUILD_HOOK_ENABLE_MYPYC=1``), with the interpreter running this script,
whose version and platform the wheel is for.

``check`` imports every module the hook names and fails unless each came from an
extension module of an installed wheel (not from the checkout's ``src/``).
"""

from __future__ import annotations

import importlib
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: What a copy of a tree that is not a git work tree leaves out.
SKIPPED = frozenset({".venv", ".git", "__pycache__", ".hypothesis", ".pytest_cache",
                     ".mypy_cache", ".ruff_cache", "build", "dist", "site"})  # fmt: skip


def modules(root: pathlib.Path = ROOT) -> list[str]:
    """The dotted names of the modules the hook compiles."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]["include"]
    return [p.removeprefix("/src/").removesuffix(".py").replace("/", ".") for p in include]


def _files(tree: pathlib.Path) -> list[pathlib.Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=tree, capture_output=True,
        )  # fmt: skip
    except OSError:  # no git on this machine: walk the tree
        listed = None
    if listed is not None and listed.returncode == 0:
        names = [os.fsdecode(n) for n in listed.stdout.split(b"\0") if n]
        return [p for p in (tree / n for n in names) if p.is_file()]
    found = []
    for folder, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.endswith(".egg-info"))
        found += [pathlib.Path(folder, f) for f in sorted(files)]
    return found


def build(tree: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """The compiled wheel of ``tree``, built in ``out`` (which gets a copy of the tree)."""
    copy, dist = out / "tree", out / "dist"
    for stale in (copy, dist):  # an earlier build in ``out``: start afresh
        shutil.rmtree(stale, ignore_errors=True)
    for src in _files(tree):
        dst = copy / src.relative_to(tree)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    env = {**os.environ, "HATCH_BUILD_HOOK_ENABLE_MYPYC": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(copy)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    wheels = sorted(dist.glob("complaintflow-*.whl"))
    if done.returncode or len(wheels) != 1:
        raise RuntimeError(
            "the compiled build failed (it needs a C compiler and Python's headers):\n"
            + done.stdout[-4000:]
            + done.stderr[-4000:]
        )
    return wheels[0]


def check() -> list[str]:
    """What is wrong with the installed build (nothing when every module is compiled)."""
    from complaintflow._cli import is_extension_module

    bad = []
    for name in modules():
        module = importlib.import_module(name)
        where = module.__file__ or ""
        if not is_extension_module(module):
            bad.append(f"{name} is imported from {where}, not from a compiled module")
        elif pathlib.Path(where).resolve().is_relative_to(ROOT / "src"):
            bad.append(f"{name} is imported from the checkout ({where}), not a wheel")
    return bad


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "build":
        try:
            print(build(pathlib.Path(argv[1]).resolve(), pathlib.Path(argv[2]).resolve()))
        except RuntimeError as e:
            print(e, file=sys.stderr)
            return 1
        return 0
    if argv == ["check"]:
        bad = check()
        for line in bad:
            print(line)
        if not bad:
            print(f"compiled build: the {len(modules())} modules the mypyc hook names are compiled")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
