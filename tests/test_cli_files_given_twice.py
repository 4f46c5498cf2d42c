"""A file given twice on the command line is read once, with a warning naming it.

A glob overlapping a name given beside it (``pages/*.json pages/page1.json``) hands the
report one file twice. Read twice, its bad records were counted twice, its tickets were
"superseded" by themselves and skipped, and our own exports refused every ticket of the second
copy as "in an earlier file". The report command reads each file once -- the same path, or two
paths naming one file (``./a.json``, a link) -- for every ``--source`` and for ``--vendor-sla``,
and says which file it read once, on stderr and in the report's ``source.warnings``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._cli_common import distinct_files
from servicemodel.cli import main

DATA = Path(__file__).parent / "data"
ZD = DATA / "zendesk"
#: Reads tests/data/eventlog/incidents.csv (its statuses and activities ours).
EVENTLOG_MAP = """\
dayfirst = true
ignore = ["Assigned"]

[columns]
case = "case_id"
activity = "activity"
timestamp = "timestamp"

[activity_map]
"Ticket opened" = "customer_message"
"Customer reply" = "customer_message"
"Agent reply" = "agent_reply"
"Internal note" = "internal_note"
"Reopened" = "reopen"

[status_map]
"In Progress" = "open"
"Awaiting User Info" = "pending"
"Waiting for Vendor" = "on_hold"
"Resolved" = "solved"
"Closed" = "closed"
"""
#: Reads tests/data/summary/tickets.csv (one row per ticket; three of its rows are bad).
SUMMARY_MAP = """\
dayfirst = true
tz = "Europe/Berlin"

[columns]
id = "Ticket ID"
created = "Created"
first_reply = "First Reply"
solved = "Solved"
rating = "Rating"
priority = "Priority"
"""


def _fd(i: int, created: str = "2026-03-02T09:00:00Z") -> dict[str, object]:
    return {"id": i, "created_at": created, "updated_at": "2026-03-02T10:00:00Z",
            "status": 2, "priority": 1, "source": 1}  # fmt: skip


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _exports(folder: Path) -> dict[str, tuple[list[str], list[str]]]:
    """For each source: the options before the files, and the files (each with a bad record
    or a skipped one where the fixtures have them)."""
    ours = (DATA.parent.parent / "examples" / "data" / "tickets.jsonl").read_text(encoding="utf-8")
    fd_json = json.dumps([_fd(1), _fd(2, "garbage"), _fd(3)])
    fd_lines = json.dumps(_fd(4)) + "\n{not json\n" + json.dumps(_fd(5)) + "\n"
    log = (DATA / "eventlog" / "incidents.csv").read_text(encoding="utf-8").splitlines()
    log[3] = log[3].replace("02/03/2026", "31/02/2026")  # no such day: a bad row
    return {
        "jsonl": ([], [_write(folder, "ours.jsonl", "".join(ours.splitlines(True)[:5]) + "{\n")]),
        "freshdesk": (["--source", "freshdesk"], [_write(folder, "fd.json", fd_json),
                                                  _write(folder, "fd.jsonl", fd_lines)]),
        "zendesk": (["--source", "zendesk", "--map", str(ZD / "map.toml")],
                    [str(ZD / "tickets_page1.json"), str(ZD / "tickets_page2.json"),
                     str(ZD / "audits.jsonl")]),
        "jira": (["--source", "jira"], [str(DATA / "jira" / "search_page1.json")]),
        "eventlog": (["--source", "eventlog", "--map", _write(folder, "map.toml", EVENTLOG_MAP)],
                     [_write(folder, "log.csv", "\n".join(log) + "\n")]),
        "summary": (["--source", "summary", "--map", _write(folder, "sum.toml", SUMMARY_MAP)],
                    [str(DATA / "summary" / "tickets.csv")]),
    }  # fmt: skip


def _json_report(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[Any, str]:
    code = main(["report", *argv, "--skip-bad-records", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


@pytest.mark.parametrize("source", ["jsonl", "freshdesk", "zendesk", "jira", "eventlog", "summary"])
def test_a_file_given_twice_is_read_once_with_a_warning_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    options, files = _exports(tmp_path)[source]
    once, _ = _json_report([*options, *files], capsys)
    # Given again at the end, and under another spelling of the same path.
    again = os.path.join(os.path.dirname(files[0]), ".", os.path.basename(files[0]))
    twice, err = _json_report([*options, *files, files[0], again], capsys)
    warning = f"{files[0]} is given 3 times (also as {again}): read once"
    assert f"servicemodel report: warning: {warning}" in err.splitlines()
    assert twice["source"]["warnings"] == [warning, *once["source"]["warnings"]]
    # Everything else is the report of each file read once.
    for key in ("bad_records", "skipped"):
        assert twice["source"].get(key) == once["source"].get(key), key
    assert twice["source"]["file"] == once["source"]["file"]
    assert twice["overview"] == once["overview"]


def test_the_bad_records_of_a_freshdesk_file_given_twice_are_counted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, files = _exports(tmp_path)["freshdesk"]
    lines = files[1]
    assert main(["report", "--source", "freshdesk", lines, lines, "--skip-bad-records"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {lines} is given twice: read once" in err
    assert "1 bad record(s) set aside" in err
    assert "skipped" not in err  # no ticket superseded by its own copy


def test_a_link_to_a_file_given_beside_it_is_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, (page, _) = _exports(tmp_path)["freshdesk"]
    link = tmp_path / "link.json"
    try:
        link.symlink_to(page)
    except OSError:  # pragma: no cover - a system without symbolic links
        pytest.skip("no symbolic links here")
    data, _ = _json_report(["--source", "freshdesk", page, str(link)], capsys)
    assert data["source"]["warnings"] == [f"{page} is given twice (also as {link}): read once"]
    assert len(data["source"]["bad_records"]) == 1


def test_vendor_sla_files_given_twice_are_read_once(capsys: pytest.CaptureFixture[str]) -> None:
    events = str(ZD / "metric_events.json")
    export = [str(ZD / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
    argv = ["report", "--source", "zendesk", *export, "--map", str(ZD / "map.toml"),
            "--policy", str(ZD / "policy.toml"), "--at", "2026-03-06T00:00:00Z",
            "--vendor-sla"]  # fmt: skip
    assert main([*argv, events]) == 0
    once = capsys.readouterr()
    assert main([*argv, events, events]) == 0
    twice = capsys.readouterr()
    assert f"servicemodel report: warning: --vendor-sla: {events} is given twice: read once" in (
        twice.err.splitlines()
    )
    assert twice.out == once.out  # the same reconciliation: no clock read from two copies


def test_files_given_once_say_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    options, files = _exports(tmp_path)["freshdesk"]
    data, err = _json_report([*options, *files], capsys)
    assert data["source"]["warnings"] == []
    assert "given" not in err


# ------------------------------------------------------------------- the law, as a property


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.booleans(), st.booleans()), max_size=12))
def test_distinct_files_keeps_each_file_once_as_first_given(
    picks: list[tuple[int, bool, bool]],
) -> None:
    # Four files, each given by its path, another spelling of it, or (for file 3) one that
    # does not exist; "-" is standard input.
    with tempfile.TemporaryDirectory() as folder:
        names = [os.path.join(folder, f"f{i}.json") for i in range(3)]
        for name in names:
            Path(name).write_text("[]", encoding="utf-8")
        spell = [[n, os.path.join(folder, ".", os.path.basename(n))] for n in names]
        spell.append([os.path.join(folder, "missing.json")] * 2)
        paths = ["-" if stdin else spell[i][other] for i, other, stdin in picks]
        kept, said = distinct_files(paths)

        def which(p: str) -> object:
            return "-" if p == "-" else next(i for i, s in enumerate(spell) if p in s)

        # The law: each file once, by the spelling it was first given, in first-given order;
        # a warning per file given more than once; reading the result again changes nothing.
        firsts: dict[object, str] = {}
        for p in paths:
            firsts.setdefault(which(p), p)
        assert kept == list(firsts.values())
        counts = [sum(which(p) == k for p in paths) for k in firsts]
        assert len(said) == sum(n > 1 for n in counts)
        assert distinct_files(kept) == (kept, ())
