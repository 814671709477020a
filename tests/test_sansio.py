"""The library's promise: no I/O and no hidden clock anywhere in ``src/complaintflow``.

The scan walks the AST of every module, so a new module is covered the moment it
exists. The self-tests at the bottom feed it known-bad code, so the scan itself
cannot silently stop working.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "complaintflow"

#: Builtins that do I/O or run code from strings.
BAD_CALLS = {"open", "print", "input", "breakpoint", "exec", "eval", "compile", "__import__"}
#: (object, attribute) pairs that read a clock, the environment, or write somewhere.
BAD_ATTRS = {
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "monotonic_ns"),
    ("time", "perf_counter"),
    ("time", "perf_counter_ns"),
    ("time", "process_time"),
    ("time", "sleep"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("time", "asctime"),
    ("time", "strftime"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("DateTime", "now"),
    ("Date", "today"),
    ("pendulum", "now"),
    ("pendulum", "today"),
    ("pendulum", "yesterday"),
    ("pendulum", "tomorrow"),
    ("pendulum", "local_timezone"),
    ("pendulum", "set_test_now"),
    ("pendulum", "travel"),
    ("pendulum", "travel_to"),
    ("pendulum", "set_locale"),
    ("os", "environ"),
    ("os", "getenv"),
    ("os", "putenv"),
    ("os", "system"),
    ("os", "popen"),
    ("os", "remove"),
    ("os", "unlink"),
    ("os", "makedirs"),
    ("os", "mkdir"),
    ("os", "listdir"),
    ("os", "scandir"),
    ("os", "walk"),
    ("os", "urandom"),
    ("os", "getcwd"),
    ("os", "chdir"),
    ("sys", "stdout"),
    ("sys", "stderr"),
    ("sys", "stdin"),
    ("sys", "exit"),
    ("sys", "argv"),
    ("logging", "basicConfig"),
    ("logging", "config"),
    ("random", "random"),
    ("random", "seed"),
    ("random", "randint"),
    ("random", "choice"),
    ("random", "shuffle"),
    ("random", "sample"),
    ("random", "uniform"),
    ("uuid", "uuid1"),
    ("uuid", "uuid4"),
    ("Path", "read_text"),
    ("Path", "write_text"),
    ("Path", "open"),
    ("Path", "cwd"),
    ("Path", "home"),
    ("decimal", "getcontext"),
    ("decimal", "setcontext"),
}
#: Method names that are I/O whatever object they are called on.
BAD_METHODS = {"read_text", "write_text", "read_bytes", "write_bytes", "urlopen"}
BAD_MODULES = {
    "socket",
    "subprocess",
    "threading",
    "_thread",
    "multiprocessing",
    "concurrent",
    "urllib",
    "http",
    "requests",
    "httpx",
    "aiohttp",
    "sqlite3",
    "shutil",
    "tempfile",
    "asyncio",
    "selectors",
    "signal",
    "ftplib",
    "smtplib",
    "telnetlib",
    "sched",
    "secrets",
    "pickle",
    "shelve",
    "dbm",
    "io",
    "glob",
    "fileinput",
    "webbrowser",
    "ctypes",
}


#: What a finding ends with when a module reads package data (``importlib.resources``).
PACKAGE_DATA = "reads package data"
#: The one module that may read package data: the kernel's zone look-up reads the IANA
#: database bundled as the ``tzdata`` package instead of the host's zone files. The
#: package's bytes are the same on every host with the same release, like the code
#: itself, so this is not host I/O; every other module is still refused it.
PACKAGE_DATA_READERS = {"_time.py"}
#: The one module that does I/O: the command line, the edge that reads files and
#: streams for backends in other languages and writes their results. Nothing in the
#: package imports it (``tests/test_layering.py``); ``__main__`` only calls it.
IO_EDGE = "_cli.py"


def _dotted(node: ast.AST) -> list[str]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return parts[::-1]


def scan_source(source: str, name: str = "<src>") -> list[str]:
    """Every sans-I/O violation in ``source``, one line each."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename=name)):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            found += [
                f"{where}: imports {a.name}"
                for a in node.names
                if a.name.split(".")[0] in BAD_MODULES
            ]
            found += [
                f"{where}: {PACKAGE_DATA}"
                for a in node.names
                if a.name.startswith("importlib.resources")
            ]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.split(".")[0] in BAD_MODULES:
                found.append(f"{where}: imports from {module}")
            if module.startswith("importlib.resources") or (
                module == "importlib" and any(a.name == "resources" for a in node.names)
            ):
                found.append(f"{where}: {PACKAGE_DATA}")
            for alias in node.names:
                if (module.split(".")[-1], alias.name) in BAD_ATTRS or (
                    module in {"os", "sys", "time", "random"} and (module, alias.name) in BAD_ATTRS
                ):
                    found.append(f"{where}: imports {module}.{alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in BAD_CALLS:
                found.append(f"{where}: calls {node.func.id}()")
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if len(dotted) >= 2 and tuple(dotted[-2:]) in BAD_ATTRS:
                found.append(f"{where}: uses {'.'.join(dotted)}")
            elif node.attr in BAD_METHODS:
                found.append(f"{where}: uses .{node.attr}")
    return found


def _modules() -> list[pathlib.Path]:
    """Every module of the package but the I/O edge."""
    return sorted(p for p in SRC.rglob("*.py") if p != SRC / IO_EDGE)


def test_the_scan_sees_the_library() -> None:
    assert len(_modules()) >= 3


def test_the_io_edge_is_one_module_and_does_io() -> None:
    """The exception is needed (the scan finds I/O in it) and is the only one."""
    edge = SRC / IO_EDGE
    assert scan_source(edge.read_text(encoding="utf-8"), IO_EDGE) != []
    main = (SRC / "__main__.py").read_text(encoding="utf-8")
    assert [] == scan_source(main, "__main__.py")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_does_no_io_and_reads_no_clock(path: pathlib.Path) -> None:
    name = str(path.relative_to(SRC))
    found = scan_source(path.read_text(encoding="utf-8"), name)
    if name in PACKAGE_DATA_READERS:
        found = [f for f in found if not f.endswith(PACKAGE_DATA)]
    assert [] == found


@pytest.mark.parametrize(
    "bad",
    [
        "open('x')",
        "print(1)",
        "input()",
        "import socket",
        "import subprocess",
        "from subprocess import run",
        "import threading",
        "import os\nos.environ['X']",
        "import os\nos.getenv('X')",
        "from os import environ",
        "import time\ntime.time()",
        "from time import time",
        "import datetime\ndatetime.datetime.now()",
        "from datetime import datetime\ndatetime.now()",
        "from datetime import date\ndate.today()",
        "import pendulum\npendulum.now()",
        "import logging\nlogging.basicConfig()",
        "import random\nrandom.random()",
        "import sys\nsys.stdout.write('x')",
        "p.read_text()",
        "import decimal\ndecimal.getcontext().prec = 1000",
        "from importlib import resources",
        "import importlib.resources",
        "from importlib.resources import files",
    ],
)
def test_the_scan_catches(bad: str) -> None:
    assert scan_source(bad) != []


def test_the_scan_lets_pure_code_pass() -> None:
    assert [] == scan_source("import datetime\nx = datetime.timedelta(1)\ny = sorted([2, 1])\n")
