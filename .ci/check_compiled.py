"""Check that the installed complaintflow is the compiled build (CI's own check).

Every module pyproject.toml's mypyc hook names must be imported from an extension
module, not from its Python source; the others stay Python. Run with the
interpreter of the environment the compiled wheel was installed in.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import pathlib
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]["include"]
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    bad = []
    for path in include:
        name = path.removeprefix("/src/").removesuffix(".py").replace("/", ".")
        where = importlib.import_module(name).__file__ or ""
        if not where.endswith(suffixes):
            bad.append(f"{name} is imported from {where}, not from a compiled module")
        elif str(ROOT / "src") in where:
            bad.append(f"{name} is imported from the checkout ({where}), not the wheel")
    for line in bad:
        print(line)
    if not bad:
        print(f"compiled build: the {len(include)} modules the mypyc hook names are compiled")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
