"""The public surface is exactly what the API reference documents.

Every public submodule's ``__all__`` must equal the ``::: complaintflow.<module>.<name>``
entries of ``docs/reference/*.md``; the package root re-exports their union.
"""

from __future__ import annotations

import importlib
import pathlib
import pkgutil
import re
from collections import defaultdict

import complaintflow

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "reference"
_ENTRY = re.compile(r"^:::\s+(complaintflow(?:\.\w+)+)\s*$", re.MULTILINE)


def _public_modules() -> list[str]:
    return sorted(
        f"complaintflow.{m.name}"
        for m in pkgutil.iter_modules(complaintflow.__path__)
        if not m.name.startswith("_")
    )


def _documented() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for page in sorted(DOCS.glob("*.md")):
        for target in _ENTRY.findall(page.read_text(encoding="utf-8")):
            module, _, name = target.rpartition(".")
            out[module].add(name)
    return out


def test_every_public_module_is_documented_exactly() -> None:
    documented = _documented()
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        assert sorted(documented.get(module_name, set())) == sorted(module.__all__), module_name


def test_docs_name_only_public_modules() -> None:
    assert sorted(_documented()) == _public_modules()


def test_all_lists_are_sorted_and_resolve() -> None:
    for module_name in ["complaintflow", *_public_modules()]:
        module = importlib.import_module(module_name)
        assert list(module.__all__) == sorted(module.__all__), module_name
        for name in module.__all__:
            assert hasattr(module, name), f"{module_name}.{name}"


def test_root_reexports_the_union() -> None:
    union: dict[str, object] = {}
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            union[name] = getattr(module, name)
    assert sorted(union) == complaintflow.__all__
    for name, obj in union.items():
        assert getattr(complaintflow, name) is obj, name
