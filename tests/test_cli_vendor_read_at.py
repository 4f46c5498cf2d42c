"""``servicemodel report --vendor-read-at INSTANT``: when the JSM SLA records were fetched.

A JSM ongoing cycle's ``elapsedTime`` and ``paused`` are JSM's figures at the instant its
record was fetched, which the record does not carry: ``jsm_verdicts(read_at=...)`` reads them
with that instant, and the command line says it with ``--vendor-read-at``. The report's
section is then the one ``build_report`` makes from ``jsm_verdicts(..., read_at=...)``. The
option is refused, in one line naming it, where it cannot mean anything: an instant without an
offset, one after the time the report is made (records are fetched before now), a source whose
SLA records carry their own instants (Zendesk's metric events) or none, and no ``--policy``
(no vendor record is read without one).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from servicemodel.cli import main
from servicemodel.io import jira
from servicemodel.reconcile import jsm_verdicts
from servicemodel.report import ReportOptions, build_report, render_json
from servicemodel.sla import PolicySet

DATA = Path(__file__).parent / "data"
ZD = DATA / "zendesk"
JIRA = DATA / "jira"
JIRA_FILES = [JIRA / "search_page1.json", JIRA / "search_page2.json"]
ZENDESK_FILES = [ZD / "tickets_page1.json", ZD / "tickets_page2.json", ZD / "audits.jsonl"]
POLICY = Path(__file__).parents[1] / "examples" / "policies" / "standard.toml"
AT = "2026-03-06T00:00:00+00:00"
JMAP = '[status_map]\n"Awaiting Vendor" = "on_hold"\n[priority_map]\nP1 = "urgent"\n'


def _run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _jira(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: Any) -> dict[str, Any]:
    """The JSON reconciliation section of the Jira fixtures at ``AT``."""
    mapping = tmp_path / "map.toml"
    mapping.write_text(JMAP, encoding="utf-8")
    code, out, err = _run(capsys, "--source", "jira", *JIRA_FILES, "--skip-bad-records",
                          "--map", mapping, "--policy", POLICY, "--at", AT, "--format", "json",
                          *extra, "--vendor-sla", JIRA / "request_sla.json")  # fmt: skip
    assert code == 0, err
    section: dict[str, Any] = json.loads(out)["reconciliation"]
    return section


def _reason(section: dict[str, Any], ticket: str, metric: str) -> str:
    (clock,) = [
        c for c in section["disagreements"] if (c["ticket"], c["metric"]) == (ticket, metric)
    ]
    return str(clock["reason"])


def _pages() -> list[Any]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in JIRA_FILES]


def test_the_section_is_the_one_jsm_verdicts_with_read_at_gives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at = datetime.fromisoformat(AT)
    got = _jira(tmp_path, capsys, "--vendor-read-at", AT)
    sla = json.loads((JIRA / "request_sla.json").read_text(encoding="utf-8"))
    verdicts, _ = jsm_verdicts(_pages(), sla=sla, read_at=at, on_error="collect")
    histories = jira.histories(_pages(), status_map={"Awaiting Vendor": "on_hold"},
                               priority_map={"P1": "urgent"}, on_error="collect")  # fmt: skip
    options = ReportOptions(policies=PolicySet.from_file(POLICY), at=at, vendor_verdicts=verdicts)
    want = json.loads(render_json(build_report(list(histories), options)))["reconciliation"]
    assert got == want


def test_an_ongoing_cycles_counted_time_is_compared_only_with_the_read_instant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # SD-4's ongoing "Time to first response" says 8h elapsed; the policy's business hours
    # count 9h of ours to the snapshot.
    read = _reason(_jira(tmp_path, capsys, "--vendor-read-at", AT), "SD-4", "first_reply")
    assert "counted time differs: vendor 8:00:00, ours 9:00:00" in read
    unread = _reason(_jira(tmp_path, capsys), "SD-4", "first_reply")
    assert "counted time differs" not in unread
    # Fetched after the snapshot: JSM's figures then are no word at --at (nor its pause flag).
    later = _jira(tmp_path, capsys, "--vendor-read-at", "2026-03-07T00:00:00Z")
    assert "counted time differs" not in _reason(later, "SD-4", "first_reply")
    assert all("vendor clock paused" not in str(c["reason"]) for c in later["disagreements"])


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ("2026-03-06T00:00:00", "'2026-03-06T00:00:00' has no UTC offset; write e.g. "
         "2026-03-06T00:00:00+01:00"),
        ("2026-03-06", "'2026-03-06' has no UTC offset; write e.g. 2026-03-06T00:00+01:00"),
        ("yesterday", "not an ISO 8601 instant: 'yesterday'"),
    ],
)  # fmt: skip
def test_an_instant_without_offset_or_no_instant_is_one_error_line(
    given: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "--source", "jira", *JIRA_FILES, "--policy", POLICY,
                          "--vendor-read-at", given)  # fmt: skip
    assert (code, out) == (2, "")
    assert err == f"servicemodel report: error: --vendor-read-at: {said}\n"


def test_an_instant_after_the_time_the_report_is_made_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "--source", "jira", *JIRA_FILES, "--policy", POLICY,
                          "--vendor-read-at", "2099-01-01T00:00:00Z")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("servicemodel report: error: --vendor-read-at: ")
    assert "after the time this report is made" in err
    assert err.count("\n") == 1


def test_zendesk_refuses_it_saying_its_events_carry_their_instants(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "--source", "zendesk", *ZENDESK_FILES, "--policy", POLICY,
                          "--vendor-read-at", AT, "--vendor-sla",
                          ZD / "metric_events.json")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("servicemodel report: error: --vendor-read-at: ")
    assert "--source jira" in err
    assert "Zendesk's ticket metric events carry" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("source", ["eventlog", "summary", "jsonl"])
def test_a_source_without_jsm_records_refuses_it(
    source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "--source", source, "x.json", "--policy", POLICY,
                          "--vendor-read-at", AT)  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith(f"servicemodel report: error: --vendor-read-at: --source {source} ")
    assert "; --vendor-read-at is when Jira Service Management SLA records were fetched" in err
    assert "--source jira" in err


def test_without_policy_it_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--source", "jira", *JIRA_FILES, "--vendor-read-at", AT)
    assert (code, out) == (2, "")
    assert err.startswith("servicemodel report: error: --vendor-read-at: needs --policy")


def test_the_help_says_what_it_is() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["report", "--help"])
    text = " ".join(out.getvalue().split())
    assert "--vendor-read-at INSTANT" in text
    assert "when the Jira Service Management SLA records (the issues' SLA fields, the " in text
    assert "--vendor-sla responses) were fetched" in text


def test_the_jira_pages_command_prints_what_the_page_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parents[1]
    page = (root / "docs" / "exports-jira.md").read_text(encoding="utf-8")
    monkeypatch.chdir(root)  # the command names the fixtures relative to the repository root
    files = {}
    for name in ("jira.toml", "jira-sla.toml"):
        (block,) = [b for b in re.findall(r"```toml\n(.*?)```", page, re.S)
                    if b.startswith(f"# {name}\n")]  # fmt: skip
        files[name] = tmp_path / name
        files[name].write_text(block, encoding="utf-8")
    (block,) = [b for b in re.findall(r"```console\n(.*?)```", page, re.S) if "read-at" in b]
    command, shown = block.removeprefix("$ ").rstrip("\n").split("\n...\n")
    words = [str(files.get(w, w)) for w in shlex.split(command.replace("\\\n", " "))]
    assert words[:2] == ["servicemodel", "report"]
    code, out, err = _run(capsys, *words[2:])
    assert code == 0, err
    assert shown in out.splitlines()
