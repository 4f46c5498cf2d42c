"""``servicemodel report --source ... PATH... [--map mapping.toml]`` on the fixture exports."""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.io import _sources
from servicemodel.io._sources import SourceMap, load_source, progress_bar

DATA = Path(__file__).parent / "data"
ZENDESK = [DATA / "zendesk" / n for n in ("tickets_page1.json", "tickets_page2.json")]
AUDITS = DATA / "zendesk" / "audits.jsonl"
EVENTLOG = DATA / "eventlog" / "incidents.csv"
EVENTLOG_MAP = """\
dayfirst = true
ignore = ["Assigned"]

[columns]
case = "case_id"
activity = "activity"
timestamp = "timestamp"
resource = "resource"
channel = "channel"
priority = "priority"

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


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def overview(out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out)["overview"]
    return data


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- event logs ----------------------------------------------------------------------------------


def test_eventlog_with_a_mapping_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = write(tmp_path, "map.toml", EVENTLOG_MAP)
    code, out, err = run(capsys, "--source", "eventlog", EVENTLOG, "--map", mapping,
                         "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    with open(EVENTLOG, newline="", encoding="utf-8") as fh:
        cases = {row["case_id"] for row in csv.DictReader(fh)}
    assert overview(out)["tickets"] == len(cases)


def test_eventlog_bad_row_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write(tmp_path, "map.toml", EVENTLOG_MAP)
    lines = EVENTLOG.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("02/03/2026", "31/02/2026")  # line 4: no such day
    log = write(tmp_path, "log.csv", "\n".join(lines) + "\n")
    code, _, err = run(capsys, "--source", "eventlog", log, "--map", mapping)
    assert code == 2
    assert f"{log}: line 4: timestamp:" in err
    code, out, err = run(capsys, "--source", "eventlog", log, "--map", mapping,
                         "--skip-bad-records")  # fmt: skip
    assert code == 0
    assert "servicemodel report: 1 bad record(s) set aside" in err
    assert "1 bad record(s) set aside: 1 not a valid D/M/Y timestamp\n" in out
    assert f"\n  {log}: line 4: timestamp:" in out


# -- Zendesk -------------------------------------------------------------------------------------


def _deleted_and_merged() -> tuple[int, int]:
    """Counted from the pages themselves, independently of the adapter."""
    tickets = [t for p in ZENDESK for t in json.loads(p.read_text())["tickets"]]
    deleted = sum(t["status"] == "deleted" for t in tickets)
    merged = sum(t["status"] == "closed" and "merged" in (t.get("tags") or []) for t in tickets)
    return deleted, merged


def _without_ratings(tmp_path: Path) -> Path:
    out = tmp_path / "audits.jsonl"
    with open(AUDITS, encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as dst:
        for line in fh:
            audit = json.loads(line)
            audit["events"] = [e for e in audit["events"] if e["type"] != "SatisfactionRating"]
            dst.write(json.dumps(audit) + "\n")
    return out


def test_zendesk_pages_and_audits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = write(tmp_path, "map.toml", '[status_map]\n9002 = "pending"\n'
                    '[priority_map]\ncritical = "urgent"\n')  # fmt: skip
    code, out, err = run(capsys, "--source", "zendesk", *ZENDESK, _without_ratings(tmp_path),
                         "--map", mapping, "--format", "json")  # fmt: skip
    assert code == 0, err
    deleted, merged = _deleted_and_merged()
    assert f"2 record(s) skipped ({deleted} deleted, {merged} merged)" in err
    total = sum(len(json.loads(p.read_text())["tickets"]) for p in ZENDESK)
    assert overview(out)["tickets"] == total - deleted - merged


def test_zendesk_without_a_priority_map_names_file_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--source", "zendesk", *ZENDESK, _without_ratings(tmp_path))
    assert code == 2
    assert f"{ZENDESK[1]}: tickets[2].priority: ticket 1006: priority 'critical'" in err


def test_zendesk_with_its_satisfaction_ratings(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--source", "zendesk", *ZENDESK, AUDITS, "--skip-bad-records")
    assert code == 0, err


# -- the other helpdesk adapters (each where it exists) ------------------------------------------

OTHERS: dict[str, tuple[list[Path], str]] = {
    "freshdesk": (sorted((DATA / "freshdesk").glob("*.json")), ""),
    "jira": (
        sorted(p for p in (DATA / "jira").glob("*") if p.is_file()),
        '[status_map]\n"Awaiting Vendor" = "pending"\n[priority_map]\nP1 = "urgent"\n',
    ),
}


@pytest.mark.parametrize("source", sorted(OTHERS))
def test_other_sources_report_what_their_loader_loads(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    module = pytest.importorskip(f"servicemodel.io.{source}")
    paths, text = OTHERS[source]
    args: list[Any] = ["--source", source, *paths, "--skip-bad-records", "--format", "json"]
    if text:
        args += ["--map", write(tmp_path, "map.toml", text)]
    expected = module.load(paths, on_error="collect", **SourceMap.from_toml(text).options)
    code, out, err = run(capsys, *args)
    if not expected.histories:
        assert code == 3
        return
    assert code == 0, err
    assert overview(out)["tickets"] == len(expected.histories)
    assert len(json.loads(out)["source"]["bad_records"]) == len(expected.errors)


# -- the mapping file ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('colums = {case = "id"}\n', "colums: unknown key 'colums'"),
        ('[status_map]\nResolved = "done"\n', "status_map.Resolved: unknown status 'done'"),
        ('[priority_map]\nP1 = "asap"\n', "priority_map.P1: unknown priority 'asap'"),
        ('[activity_map]\nOpened = "email"\n', "activity_map.Opened: unknown event kind"),
        ('[columns]\nticket = "id"\n', "columns.ticket: unknown key 'ticket'"),
        ("dayfirst = 1\n", "dayfirst: expected true or false"),
        ("ignore = [1]\n", "ignore[0]: expected a name"),
        ("[status_map\n", "TOML"),
    ],
)
def test_mapping_errors_name_the_file_and_the_field(
    text: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write(tmp_path, "map.toml", text)
    code, _, err = run(capsys, "--source", "eventlog", EVENTLOG, "--map", mapping)
    assert code == 2
    assert err.startswith(f"servicemodel report: error: {mapping}: ")
    assert where in err


def test_a_key_a_vendor_source_does_not_read_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write(tmp_path, "map.toml", '[activity_map]\nOpened = "customer_message"\n')
    code, _, err = run(capsys, "--source", "zendesk", *ZENDESK, "--map", mapping)
    assert code == 2
    assert f"{mapping}: activity_map: --source zendesk does not read 'activity_map'" in err


def test_a_mapping_for_our_own_formats_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write(tmp_path, "map.toml", '[status_map]\nDone = "solved"\n')
    sample = Path(__file__).parents[1] / "examples" / "data" / "tickets.jsonl"
    code, _, err = run(capsys, sample, "--map", mapping)
    assert (code, "--map applies to helpdesk exports" in err) == (2, True)


# -- sources -------------------------------------------------------------------------------------


def test_an_unknown_source_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", "--source", "helpscout", "x.json"])
    assert exc.value.code == 2
    assert "invalid choice: 'helpscout'" in capsys.readouterr().err
    with pytest.raises(ConfigError, match=r"--source: unknown source 'helpscout'; expected one"):
        load_source("helpscout", ["x.json"])


def test_a_missing_adapter_says_it_is_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(_sources.SOURCES, "freshdesk", "servicemodel.io.no_such_adapter")
    with pytest.raises(ConfigError, match="freshdesk is not available in this version"):
        load_source("freshdesk", ["x.json"])


def test_input_format_still_works_and_may_not_contradict_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "ticket_id,created_at,channel\nA,2026-03-02T09:00:00+00:00,chat\n"
    export = write(tmp_path, "export.txt", rows)
    code, out, _ = run(capsys, export, "--input-format", "csv", "--format", "json")
    assert (code, overview(out)["tickets"]) == (0, 1)
    code, _, err = run(capsys, export, "--input-format", "csv", "--source", "jsonl")
    assert code == 2
    assert "--input-format csv contradicts --source jsonl" in err


def test_several_json_lines_files_are_one_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path, "a.jsonl", '{"id": "A", "created_at": "2026-03-02T09:00:00Z"}\n')
    b = write(tmp_path, "b.jsonl", '{"id": "B", "created_at": "2026-03-03T09:00:00Z"}\n')
    code, out, _ = run(capsys, a, b, "--format", "json")
    assert (code, overview(out)["tickets"]) == (0, 2)
    # The same file given twice is read once, with a warning naming it.
    code, out, err = run(capsys, a, a, "--format", "json")
    assert (code, overview(out)["tickets"]) == (0, 1)
    assert f"servicemodel report: warning: {a} is given twice: read once" in err.splitlines()
    # A ticket in two different files is still refused, naming the later file.
    copy = write(tmp_path, "copy.jsonl", a.read_text(encoding="utf-8"))
    code, _, err = run(capsys, a, copy)
    assert code == 2
    assert f"{copy}: ticket 'A' is in an earlier file" in err


# -- progress ------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_only_with_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress_bar(io.StringIO())[0] is None
    screen = _Terminal()
    tick, close = progress_bar(screen)
    assert tick is not None
    seen: list[str] = []

    def counting(history: Any) -> None:
        seen.append(history.id)
        assert tick is not None
        tick(history)

    sample = Path(__file__).parents[1] / "examples" / "data" / "tickets.jsonl"
    loaded = load_source("jsonl", [str(sample)], progress=counting)
    close()
    assert seen == [h.id for h in loaded.histories]
    assert "loading: " in screen.getvalue()
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if the progress extra were missing
    assert progress_bar(_Terminal())[0] is None
    assert importlib.util.find_spec("servicemodel") is not None
