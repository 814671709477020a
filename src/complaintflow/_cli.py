"""The command line ``complaintflow``: the library for backends in other languages.

Theory of operation
-------------------
This is the one module of the package that does I/O (the sans-I/O scan of
``tests/test_sansio.py`` names it as its only exception): it reads files and
streams, writes JSON, and turns every error into an exit status and one line on
standard error, never a traceback. Everything else it calls is the pure library.

Input comes from a file or, given ``-`` (or nothing), from standard input; results
go to standard output: one JSON document, or JSON Lines (one document a line) for
a stream of results. Every document is in the forms of ``cf.to_data`` and is
described by a published JSON Schema (``complaintflow schema NAME``).

Exit status: 0 done (and no differences, for ``policy diff``); 1 the policy has
problems (``policy check``) or the policies differ (``policy diff``); 2 bad input or
usage, with one line saying what and where. A broken pipe (``| head``) ends quietly.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import sys
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType
from typing import IO, Any, TypeVar

import pendulum

import complaintflow as cf
from complaintflow._json import JSON

__all__ = ["main"]

T = TypeVar("T")


#: The longest line of a JSON Lines input, in characters (16 Mi): a longer one is
#: refused with its line number, never read without end.
MAX_LINE = 16 * 1024 * 1024


class _Bad(Exception):
    """Bad input: the one line to print."""


# -- reading ---------------------------------------------------------------------------


def _open(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")
    except OSError as e:
        raise _Bad(f"{path}: {e.strerror or e}") from None


def _text(path: str) -> str:
    stream = _open(path)
    try:
        return stream.read()
    except UnicodeDecodeError as e:
        raise _Bad(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    finally:
        if stream is not sys.stdin:
            stream.close()


def _is_json(path: str, text: str) -> bool:
    """A ``.json`` name, or text starting with ``{`` under a name that is not ``.toml``."""
    return path.endswith(".json") or (not path.endswith(".toml") and text.lstrip().startswith("{"))


def _json(path: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _Bad(f"{path}:{e.lineno}:{e.colno}: malformed JSON: {e.msg}") from None


def _policy(path: str | None) -> cf.Policy:
    """A policy file: TOML, or JSON (a ``.json`` name, or text starting with ``{``)."""
    if path is None:
        return cf.default_policy()
    text = _text(path)
    if _is_json(path, text):
        return cf.Policy.from_dict(_json(path, text))
    return cf.Policy.from_toml(text)


def _judge(path: str | None) -> cf.Policy | cf.policy.PolicyHistory:
    """A policy file, or a policy history file (a document with ``versions``)."""
    if path is None:
        return cf.default_policy()
    text = _text(path)
    History = cf.policy.PolicyHistory
    if _is_json(path, text):
        data = _json(path, text)
        return (History if isinstance(data, dict) and "versions" in data else cf.Policy).from_dict(
            data
        )
    try:
        versions = "versions" in tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        versions = False  # Policy.from_toml says what is wrong, with line and column
    return History.from_toml(text) if versions else cf.Policy.from_toml(text)


def _lines(path: str) -> Iterator[Any]:
    """The JSON documents of a JSON Lines file, one a line (blank lines skipped); any
    JSON at all (replay fails a record that is not a ticket record on its own)."""
    stream = _open(path)
    name = "<stdin>" if path == "-" else path
    try:
        for number, line in enumerate(iter(lambda: stream.readline(MAX_LINE + 1), ""), 1):
            if len(line) > MAX_LINE:
                raise _Bad(f"{name}:{number}: a line longer than {MAX_LINE} characters")
            if not line.strip():
                continue
            try:
                yield json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as e:
                raise _Bad(f"{name}:{number}:{e.colno}: malformed JSON: {e.msg}") from None
    except UnicodeDecodeError as e:
        raise _Bad(f"{name}: not UTF-8 text ({e.reason})") from None
    finally:
        if stream is not sys.stdin:
            stream.close()


def _instant(text: str, option: str) -> pendulum.DateTime:
    try:
        return cf.parse_instant(text, option)
    except cf.ComplaintflowError as e:
        raise _Bad(str(e)) from None


def _progress(items: Iterable[T], what: str) -> Iterable[T]:
    """``items`` with a progress bar on standard error when it is a terminal (and tqdm
    is installed: the ``progress`` extra); else ``items`` as they are."""
    if not sys.stderr.isatty():
        return items
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError:
        return items
    bar: Iterable[T] = tqdm(items, desc=what, unit=" tickets", file=sys.stderr, leave=False)
    return bar


# -- writing ---------------------------------------------------------------------------


def _dumps(data: JSON) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write(data: JSON, indent: bool = True) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) if indent else _dumps(data))
    sys.stdout.write("\n")


def _write_lines(items: Iterable[JSON], out: IO[str] | None = None) -> None:
    stream = out or sys.stdout
    for item in items:
        stream.write(_dumps(item))
        stream.write("\n")


# -- the commands ----------------------------------------------------------------------


def _policy_check(args: argparse.Namespace) -> int:
    try:
        policy = _policy(args.file)
    except cf.ValidationError as e:
        if args.json:
            _write([cf.to_data(p) for p in e.problems])
        else:
            for p in e.problems:
                sys.stdout.write(f"{args.file}: {p}\n")
        return 1
    if args.json:
        _write([])
    else:
        sys.stdout.write(f"{args.file}: ok ({policy.name})\n")
    return 0


def _policy_diff(args: argparse.Namespace) -> int:
    changes = _policy(args.a).diff(_policy(args.b))
    if args.json:
        _write_lines(cf.to_data(c) for c in changes)
    else:
        for change in changes:
            sys.stdout.write(f"{change}\n")
    return 1 if changes else 0


def _policy_schema(_: argparse.Namespace) -> int:
    _write(cf.policy.policy_json_schema())
    return 0


def _schema(args: argparse.Namespace) -> int:
    if args.name not in cf.data.SCHEMA_NAMES:
        raise _Bad(f"no schema {args.name!r}; known: {', '.join(cf.data.SCHEMA_NAMES)}")
    _write(cf.data.json_schema(args.name))
    return 0


def _replay(args: argparse.Namespace) -> int:
    policy = _judge(args.policy)
    now = _instant(args.now, "--now")
    if args.outcomes is None:
        report = cf.policy.replay(_progress(_lines(args.tickets), "replay"), policy, now=now)
        _write(cf.to_data(report))
        return 0
    # Outcomes and the report: one pass for each, so a file is read twice (memory
    # stays flat); standard input can be read once only, so it is held in memory.
    again: Callable[[], Iterable[Any]]
    if args.tickets == "-":
        held = list(_lines("-"))
        again = lambda: held  # noqa: E731
    else:
        again = lambda: _lines(args.tickets)  # noqa: E731
    outcomes = cf.policy.replay_tickets(_progress(again(), "replay"), policy, now=now)
    if args.outcomes == "-":
        _write_lines(cf.to_data(o) for o in outcomes)
        return 0
    try:
        with open(args.outcomes, "w", encoding="utf-8") as out:
            _write_lines((cf.to_data(o) for o in outcomes), out)
    except OSError as e:
        raise _Bad(f"{args.outcomes}: {e.strerror or e}") from None
    _write(cf.to_data(cf.policy.replay(again(), policy, now=now)))
    return 0


def _compare(args: argparse.Namespace) -> int:
    a, b = _judge(args.policy), _judge(args.against)
    now = _instant(args.now, "--now")
    rows = cf.policy.compare(_progress(_lines(args.tickets), "compare"), a, b, now=now)
    _write_lines(rows)  # type: ignore[arg-type]
    return 0


def _transcript_check(args: argparse.Namespace) -> int:
    if args.policy is not None:
        packs = _policy(args.policy).scripts
        if args.pack not in packs:
            raise _Bad(f"--pack: {args.pack!r} is not in the policy; known: {', '.join(packs)}")
        pack = packs[args.pack]
    else:
        pack = cf.scripts.default(args.pack)
    transcript = cf.scripts.Transcript.from_records(_lines(args.turns))
    report = cf.scripts.validate_transcript(pack, transcript)
    if args.report:
        _write(cf.to_data(report))
    else:
        _write_lines(cf.to_data(f) for r in report.results for f in r.findings)
    return 0


def _deadline(args: argparse.Namespace) -> int:
    calendars = _policy(args.policy).calendars
    calendar = calendars.get(args.calendar)
    if calendar is None:
        raise _Bad(f"--calendar: {args.calendar!r} is not a calendar of the policy; "
                   f"known: {', '.join(calendars)}")  # fmt: skip
    start = _instant(args.start, "--start")
    due = calendar.add(start, args.duration)
    if args.json:
        _write({"start": start.isoformat(), "duration": args.duration,
                "calendar": args.calendar, "deadline": due.isoformat()})  # fmt: skip
    else:
        sys.stdout.write(f"{due.isoformat()}\n")
    return 0


# -- the parser ------------------------------------------------------------------------


def is_extension_module(module: ModuleType) -> bool:
    """Whether ``module`` was imported from an extension module (compiled), not source."""
    return (module.__file__ or "").endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def build_name() -> str:
    """Which build is installed: ``"compiled with mypyc"`` when replay's hot module is
    an extension module (the compiled build), else ``"pure Python"``."""
    from complaintflow.policy import _replay

    return "compiled with mypyc" if is_extension_module(_replay) else "pure Python"


def _parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="complaintflow",
        description="Complaint-workflow rules from the command line: policies, replay, "
        "script checks and deadlines, as JSON. Input from a file or standard input (-).",
    )
    top.add_argument(
        "--version", action="version", version=f"complaintflow {cf.__version__} ({build_name()})"
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], text: str,
                under: argparse._SubParsersAction | None = None) -> argparse.ArgumentParser:  # type: ignore[type-arg]  # fmt: skip
        p = (under or commands).add_parser(name, help=text, description=text)
        p.set_defaults(run=run)
        return p

    policy = command("policy", lambda _: 2, "check, compare and describe policy files")
    sub = policy.add_subparsers(dest="policy_command", required=True, metavar="COMMAND")
    p = command("check", _policy_check, "report every problem of a policy file (exit 1)", sub)
    p.add_argument("file", help="a policy file, TOML or JSON (- for standard input)")
    p.add_argument("--json", action="store_true", help="the problems as a JSON list")
    p = command("diff", _policy_diff, "what changes from policy A to B, by rule (exit 1)", sub)
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--json", action="store_true", help="one change a line, as JSON")
    command("schema", _policy_schema, "print the policy format's JSON Schema", sub)

    p = command("schema", _schema, "print a published JSON Schema")
    p.add_argument("name", help=", ".join(cf.data.SCHEMA_NAMES))

    def replay_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--now", required=True, help="ISO 8601 instant with offset")
        p.add_argument("tickets", nargs="?", default="-",
                       help="ticket records, JSON Lines (default: standard input)")  # fmt: skip

    p = command("replay", _replay, "replay ticket records under a policy; print the report")
    p.add_argument("--policy", help="a policy or policy history file (default: the shipped "
                   "policy)")  # fmt: skip
    replay_options(p)
    p.add_argument("--outcomes", metavar="FILE",
                   help="write each ticket's outcome as JSON Lines to FILE "
                   "(- for standard output, instead of the report)")  # fmt: skip

    p = command("compare", _compare, "replay under two policies; one difference a line")
    p.add_argument("--policy", help="policy or history A (default: the shipped policy)")
    p.add_argument("--against", required=True, help="policy or history B")
    replay_options(p)

    transcript = command("transcript", lambda _: 2, "check call transcripts")
    sub = transcript.add_subparsers(dest="transcript_command", required=True, metavar="COMMAND")
    p = command("check", _transcript_check, "check a transcript; one finding a line", sub)
    p.add_argument("turns", nargs="?", default="-",
                   help='turns as JSON Lines: {"speaker", "text", "start", "end"}')  # fmt: skip
    p.add_argument("--pack", default="zh_CN", help="script pack (default: zh_CN)")
    p.add_argument("--policy", help="take the pack from this policy file")
    p.add_argument("--report", action="store_true", help="print the whole report instead")

    p = command("deadline", _deadline, "when a duration from a start ends on a calendar")
    p.add_argument("--calendar", default="office", help="a calendar of the policy")
    p.add_argument("--start", required=True, help="ISO 8601 instant with offset")
    p.add_argument("--duration", required=True, help='e.g. "2 business hours"')
    p.add_argument("--policy", help="a policy file (default: the shipped policy)")
    p.add_argument("--json", action="store_true", help="a JSON object instead of a line")
    return top


def _one_line(e: BaseException) -> str:
    if isinstance(e, cf.ValidationError):
        return "; ".join(str(p) for p in e.problems)
    return " ".join(str(e).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status.

    Examples:
        >>> main(["deadline", "--start", "2026-09-30T17:00:00+08:00",
        ...       "--duration", "2 business hours"])
        2026-10-08T10:00:00+08:00
        0
    """
    args = _parser().parse_args(argv)
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()  # the reader left (``| head``): nothing more to say
        return 0
    except KeyboardInterrupt:
        return 130
    except (_Bad, cf.ComplaintflowError) as e:
        sys.stderr.write(f"complaintflow: error: {_one_line(e)}\n")
        return 2
    except RecursionError:
        sys.stderr.write("complaintflow: error: input nested too deeply\n")
        return 2
    except Exception as e:  # a bug of ours; still one line, and say it is one
        sys.stderr.write(f"complaintflow: internal error: {type(e).__name__}: {_one_line(e)}\n")
        return 3
    return status
