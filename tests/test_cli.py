"""The command line, run as a user runs it: a subprocess, with files and pipes.

Every command is checked on good input against the library called directly, and on
bad input for its exit status and its one line on standard error (no traceback).
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pendulum
import pytest

import complaintflow as cf

#: Where the complaintflow under test was imported from (the checkout's sources, or an
#: installed build), so the command line's subprocesses run the same one.
SRC = pathlib.Path(cf.__file__).resolve().parent.parent
ROOT = pathlib.Path(__file__).resolve().parent.parent  # the checkout
START = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
NOW = "2026-03-10T00:00:00+08:00"
TICKETS = list(cf.synthetic.generate_tickets(60, seed=11, start=START, days=3))


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "complaintflow", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert 2 == result.returncode, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert 1 == len(lines), result.stderr
    assert lines[0].startswith("complaintflow: error: ")
    return lines[0]


@pytest.fixture(scope="module")
def tickets_file(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("cli") / "tickets.jsonl"
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in TICKETS), "utf-8")
    return path


@pytest.fixture(scope="module")
def variant_file(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("cli") / "variant.toml"
    variant = cf.default_policy().with_({"sla.targets[reply].within": "1 business day"})
    path.write_text(variant.to_toml(), "utf-8")
    return path


def test_version_and_help() -> None:
    from complaintflow.policy import _replay

    # The build is named from where replay's hot module was imported from: its source
    # (pure Python) or an extension module (the compiled build, which CI tests too).
    build = "pure Python" if _replay.__file__.endswith(".py") else "compiled with mypyc"
    assert f"complaintflow {cf.__version__} ({build})" == run("--version").stdout.strip()
    assert "replay" in run("--help").stdout


def test_replay_prints_the_report_replay_computes(tickets_file: pathlib.Path) -> None:
    result = run("replay", "--now", NOW, str(tickets_file))
    assert 0 == result.returncode, result.stderr
    expected = cf.policy.replay(TICKETS, cf.default_policy(), now=cf.parse_instant(NOW))
    assert expected == cf.from_data(cf.policy.ReplayReport, json.loads(result.stdout))
    assert "" == result.stderr  # not a terminal: no progress bar


def test_replay_outcomes_from_standard_input(tickets_file: pathlib.Path) -> None:
    result = run("replay", "--now", NOW, "--outcomes", "-", stdin=tickets_file.read_text("utf-8"))
    assert 0 == result.returncode, result.stderr
    got = [
        cf.from_data(cf.policy.TicketOutcome, json.loads(line))
        for line in result.stdout.splitlines()
    ]
    expected = list(
        cf.policy.replay_tickets(TICKETS, cf.default_policy(), now=cf.parse_instant(NOW))
    )
    assert expected == got


def test_replay_outcomes_to_a_file_and_the_report(
    tickets_file: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    out = tmp_path / "outcomes.jsonl"
    result = run("replay", "--now", NOW, "--outcomes", str(out), str(tickets_file))
    assert 0 == result.returncode, result.stderr
    assert len(TICKETS) == len(out.read_text("utf-8").splitlines())
    assert len(TICKETS) == json.loads(result.stdout)["tickets"]


def test_a_bad_record_fails_alone(tickets_file: pathlib.Path) -> None:
    text = tickets_file.read_text("utf-8") + json.dumps({"ticket_id": "X", "events": 3}) + "\n"
    result = run("replay", "--now", NOW, stdin=text)
    assert 0 == result.returncode, result.stderr
    report = json.loads(result.stdout)
    assert len(TICKETS) + 1 == report["tickets"]
    assert [[["workflow"], 1]] == report["failed"]


def test_compare_gives_one_row_a_line(
    tickets_file: pathlib.Path, variant_file: pathlib.Path
) -> None:
    result = run("compare", "--against", str(variant_file), "--now", NOW, str(tickets_file))
    assert 0 == result.returncode, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = cf.policy.compare(
        TICKETS, cf.default_policy(), cf.Policy.from_toml(variant_file.read_text("utf-8")),
        now=cf.parse_instant(NOW),
    )  # fmt: skip
    assert expected == rows


def test_replay_and_compare_take_a_history_file(
    tickets_file: pathlib.Path, variant_file: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    history = cf.policy.PolicyHistory([(START.subtract(days=9), cf.default_policy())])
    history = history.with_version(
        START.add(days=1), {"sla.targets[reply].within": "1 business day"}
    )
    toml, as_json = tmp_path / "history.toml", tmp_path / "history.json"
    toml.write_text(history.to_toml(), "utf-8")
    as_json.write_text(json.dumps(history.to_dict()), "utf-8")
    now = cf.parse_instant(NOW)
    for path in (toml, as_json):
        result = run("replay", "--now", NOW, "--policy", str(path), str(tickets_file))
        assert 0 == result.returncode, result.stderr
        report = cf.from_data(cf.policy.ReplayReport, json.loads(result.stdout))
        assert cf.policy.replay(TICKETS, history, now=now) == report
        assert 2 == len(report.versions)
    result = run("compare", "--policy", str(toml), "--against", str(variant_file), "--now", NOW,
                 str(tickets_file))  # fmt: skip
    assert 0 == result.returncode, result.stderr
    variant = cf.Policy.from_toml(variant_file.read_text("utf-8"))
    expected = cf.policy.compare(TICKETS, history, variant, now=now)
    assert expected == [json.loads(line) for line in result.stdout.splitlines()]
    naive = history.to_toml().replace("2026-02-21 00:00:00+08:00", "2026-02-21 00:00:00")
    toml.write_text(naive, "utf-8")
    assert "versions[0].effective_from" in one_error_line(
        run("replay", "--now", NOW, "--policy", str(toml), str(tickets_file))
    )


def test_policy_check_diff_and_schema(variant_file: pathlib.Path, tmp_path: pathlib.Path) -> None:
    ok = run("policy", "check", str(variant_file))
    assert (0, "") == (ok.returncode, ok.stderr)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'format = 1\n[followup.window]\nwithin = "2 calender days"\n[sla]\nprecedence = 3\n'
    )
    checked = run("policy", "check", str(bad))
    assert 1 == checked.returncode
    with pytest.raises(cf.ValidationError) as e:
        cf.Policy.from_toml(bad.read_text())
    assert [f"{bad}: {p}" for p in e.value.problems] == checked.stdout.splitlines()
    as_json = run("policy", "check", "--json", str(bad))
    assert [cf.to_data(p) for p in e.value.problems] == json.loads(as_json.stdout)
    default = tmp_path / "default.json"
    default.write_text(json.dumps(cf.policy.default_data()))
    diff = run("policy", "diff", str(default), str(variant_file))
    assert 1 == diff.returncode
    assert [
        str(c) for c in cf.default_policy().diff(cf.Policy.from_toml(variant_file.read_text()))
    ] == diff.stdout.splitlines()
    assert 0 == run("policy", "diff", str(default), str(default)).returncode
    schema = run("policy", "schema")
    assert cf.policy.policy_json_schema() == json.loads(schema.stdout)
    assert cf.data.json_schema("ticket-record") == json.loads(run("schema", "ticket-record").stdout)


def test_transcript_check_reads_turns_and_writes_findings() -> None:
    turns = [{"speaker": "agent", "text": "喂"}, {"speaker": "customer", "text": "我要投诉"},
             {"speaker": "agent", "text": "那是你自己的问题"}]  # fmt: skip
    stdin = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in turns)
    result = run("transcript", "check", stdin=stdin)
    assert 0 == result.returncode, result.stderr
    report = cf.scripts.validate_transcript(
        cf.scripts.default("zh_CN"), cf.scripts.Transcript.from_records(turns)
    )
    expected = [cf.to_data(f) for r in report.results for f in r.findings]
    assert expected == [json.loads(line) for line in result.stdout.splitlines()]
    assert expected  # the transcript breaks rules
    whole = run("transcript", "check", "--report", "--pack", "zh_CN", stdin=stdin)
    assert report == cf.from_data(cf.scripts.ScriptReport, json.loads(whole.stdout))


def test_deadline() -> None:
    result = run("deadline", "--calendar", "office", "--start", "2026-09-30T17:00:00+08:00",
                 "--duration", "2 business hours", "--json")  # fmt: skip
    office = cf.default_policy().calendars["office"]
    expected = office.add(cf.parse_instant("2026-09-30T17:00:00+08:00"), "2 business hours")
    assert expected.isoformat() == json.loads(result.stdout)["deadline"]


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["replay", "--now", "2026-03-10T00:00:00"], "", "no UTC offset"),
        (["replay", "--now", NOW], '{"ticket_id": "T"}\n{"x": \n', "<stdin>:2:"),
        (["replay", "--now", NOW, "/no/such/file.jsonl"], "", "No such file"),
        (["replay", "--now", NOW, "--policy", "/no/such.toml"], "", "No such file"),
        (["policy", "diff", "-", "-"], "format = 1\nname = [", "malformed TOML"),
        (["deadline", "--calendar", "moon", "--start", NOW, "--duration", "1 hour"], "", "moon"),
        (["deadline", "--start", NOW, "--duration", "1 fortnight"], "", "fortnight"),
        (["transcript", "check"], '{"speaker": "robot", "text": "hi"}\n', "robot"),
        (["transcript", "check", "--pack", "fr"], "", "fr"),
        (["schema", "nope"], "", "nope"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], stdin: str, says: str) -> None:
    assert says in one_error_line(run(*args, stdin=stdin))


def test_a_line_too_long_is_refused_with_its_number(tmp_path: pathlib.Path) -> None:
    from complaintflow._cli import MAX_LINE

    path = tmp_path / "long.jsonl"
    path.write_text('{"a": 1}\n{"ticket_id": "' + "x" * MAX_LINE + '"}\n', "utf-8")
    assert f"{path}:2: a line longer than" in one_error_line(run("replay", "--now", NOW, str(path)))


def test_not_utf8_is_one_line(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"ticket_id": "\xe9"}\n')
    assert "not UTF-8" in one_error_line(run("replay", "--now", NOW, str(path)))


def test_a_closed_pipe_ends_quietly(tickets_file: pathlib.Path) -> None:
    command = (f"{sys.executable} -m complaintflow replay --now {NOW} --outcomes - "
               f"{tickets_file} | head -n 1")  # fmt: skip
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(SRC)}, check=False)  # fmt: skip
    assert 1 == len(result.stdout.splitlines())
    assert "Traceback" not in result.stderr


def test_the_console_script_is_declared() -> None:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'complaintflow = "complaintflow._cli:main"' in text


def test_progress_shows_on_a_terminal_only(tickets_file: pathlib.Path) -> None:
    pytest.importorskip("tqdm")
    pty = pytest.importorskip("pty")
    import fcntl
    import select
    import struct
    import termios

    primary, secondary = pty.openpty()
    # A terminal of 24 rows and 100 columns (a fresh pty has none, and tqdm draws no bar).
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "complaintflow", "replay", "--now", NOW, str(tickets_file)],
        stdout=subprocess.PIPE, stderr=secondary, env={**os.environ, "PYTHONPATH": str(SRC)},
    )  # fmt: skip
    os.close(secondary)
    seen = b""
    while select.select([primary], [], [], 5)[0]:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out, _ = process.communicate(timeout=120)
    os.close(primary)
    assert 0 == process.returncode
    assert b"tickets" in seen  # tqdm's bar, on the terminal only
    assert len(TICKETS) == json.loads(out)["tickets"]


def test_the_node_example_of_the_docs_runs(
    tickets_file: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    """docs/cli.md's Node.js snippet, run as written against this command line."""
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    snippet = page.split("<!-- cli:node -->\n```js\n", 1)[1].split("```", 1)[0]
    (tmp_path / "breaches.js").write_text(snippet, "utf-8")
    wrapper = tmp_path / "complaintflow"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m complaintflow "$@"\n', "utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(SRC), "COMPLAINTFLOW": str(wrapper)}
    script = str(tmp_path / "breaches.js")
    options = {"capture_output": True, "text": True, "env": env, "timeout": 120, "check": False}
    result = subprocess.run([node, script, str(tickets_file)], **options)  # type: ignore[call-overload]
    assert 0 == result.returncode, result.stderr
    expected: dict[str, int] = {}
    for o in cf.policy.replay_tickets(TICKETS, cf.default_policy(), now=cf.parse_instant(NOW)):
        for t in o.sla.targets if o.sla else ():
            if t.state is cf.sla.TargetState.BREACHED:
                expected[t.target] = expected.get(t.target, 0) + 1
    assert expected == json.loads(result.stdout)
    bad = subprocess.run([node, script, "/no/such/file"], **options)  # type: ignore[call-overload]
    assert 2 == bad.returncode
    assert bad.stderr.startswith("complaintflow: error:")
