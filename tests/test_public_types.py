"""Types are part of the API: no ``Any`` in a public signature (STYLE.md §9).

Plain data going out is typed ``JSON``; plain data coming in is
``Mapping[str, object]``, because it is checked on the way in anyway.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import complaintflow
from complaintflow._json import JSON

_ANY = re.compile(r"\bAny\b")


def _public_objects() -> Iterator[tuple[str, object]]:
    seen: set[int] = set()
    for info in pkgutil.iter_modules(complaintflow.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"complaintflow.{info.name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{module.__name__}.{name}", obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and not attr.startswith("__"):
                        continue
                    if isinstance(member, classmethod | staticmethod):
                        member = member.__func__
                    if isinstance(member, property):
                        member = member.fget
                    yield f"{module.__name__}.{name}.{attr}", member


def test_no_public_signature_or_attribute_mentions_any() -> None:
    found = []
    for where, obj in _public_objects():
        annotations = getattr(obj, "__annotations__", None)
        if not isinstance(annotations, dict):
            continue
        for name, annotation in annotations.items():
            if _ANY.search(annotation if isinstance(annotation, str) else repr(annotation)):
                found.append(f"{where} {name}: {annotation}")
    assert [] == found


def test_json_lives_in_the_kernel_and_is_exported_by_workflows() -> None:
    assert JSON is complaintflow.workflows.JSON
