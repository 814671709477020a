"""The public surface is exactly what the API reference documents.

Every public submodule's ``__all__`` must equal the ``::: complaintflow.<module>.<name>``
entries of ``docs/reference/*.md``; the package root's names other than its parts
(the doorway) are those of ``docs/reference/index.md``, each the same object as in
its part.
"""

from __future__ import annotations

import importlib
import pathlib
import pkgutil
import re
from collections import defaultdict
from types import ModuleType

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
    assert sorted(_documented()) == ["complaintflow", *_public_modules()]


def test_all_lists_are_sorted_and_resolve() -> None:
    for module_name in ["complaintflow", *_public_modules()]:
        module = importlib.import_module(module_name)
        assert list(module.__all__) == sorted(module.__all__), module_name
        for name in module.__all__:
            assert hasattr(module, name), f"{module_name}.{name}"


#: The root's own names, not any part's: the installed distribution's version.
ROOT_OWN = ("__version__",)


def test_the_root_is_a_small_doorway() -> None:
    documented = _documented()["complaintflow"]
    names = [
        n
        for n in complaintflow.__all__
        if not isinstance(getattr(complaintflow, n), ModuleType) and n not in ROOT_OWN
    ]
    assert sorted(documented) == names
    assert len(names) <= 12
    parts = [n for n in complaintflow.__all__ if isinstance(getattr(complaintflow, n), ModuleType)]
    assert _public_modules() == [f"complaintflow.{p}" for p in parts]


def test_each_root_name_is_its_part_s_object() -> None:
    owners: dict[str, list[object]] = defaultdict(list)
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            owners[name].append(getattr(module, name))
    assert complaintflow.default_policy is complaintflow.policy.default
    for name in complaintflow.__all__:
        obj = getattr(complaintflow, name)
        if isinstance(obj, ModuleType) or name in ("default_policy", *ROOT_OWN):
            continue
        assert obj in owners[name], name


def test_a_name_exported_by_two_parts_is_one_object() -> None:
    seen: dict[str, object] = {}
    shared = {"DEFAULT_NAMES", "default", "default_data"}  # one spelling, one per part
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if name in seen and name not in shared:
                assert seen[name] is getattr(module, name), f"{module_name}.{name}"
            seen[name] = getattr(module, name)
