"""JSON-compatible plain data, the form every part's ``to_dict`` returns.

Theory of operation
-------------------
Definitions, snapshots, events, effects and policies turn into plain data and back
(``to_dict`` / ``from_dict``). The data they return is :data:`JSON`: strings,
numbers, booleans, ``None``, and lists and string-keyed dicts of them, so it goes
through ``json.dumps`` as it is. Readers (``from_dict``) take
``Mapping[str, object]`` instead, because hosts also pass TOML tables (with dates)
and datetimes, and every value is checked there anyway.
"""

from __future__ import annotations

from typing import TypeAlias

JSON: TypeAlias = "str | int | float | bool | list[JSON] | dict[str, JSON] | None"
"""A JSON-compatible value."""
