"""Every line a command prints on standard error names the command, notices as errors do.

Error lines read ``servicemodel report: error: ...``; the notices -- a warning, "no tickets
selected", "nothing to assess", the records set aside, a metric events file left out, an
HTML page without charts -- still began ``servicemodel: ...``, so a script running several
commands could not tell which one said it. Each now begins with the command's name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from servicemodel.cli import main
from servicemodel.io import dump_jsonl
from servicemodel.model import AgentReply, Ticket, TicketHistory

ROOT = Path(__file__).resolve().parent.parent
ZD = ROOT / "tests" / "data" / "zendesk"
EXPORT = [str(ZD / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _skewed(tmp_path: Path) -> str:
    """An export with one reply in 2099: refused as the snapshot, with a warning."""
    histories = [
        TicketHistory(Ticket("1", T0), [AgentReply("r1", T0 + timedelta(hours=1))]),
        TicketHistory(Ticket("2", T0), [AgentReply("r2", datetime(2099, 1, 1, tzinfo=UTC))]),
    ]
    path = tmp_path / "skewed.jsonl"
    path.write_text(dump_jsonl(histories), encoding="utf-8")
    return str(path)


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def _all_named(lines: list[str], command: str) -> None:
    assert lines
    for line in lines:
        assert line.startswith(f"servicemodel {command}: "), line


def test_a_report_warning_names_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", _skewed(tmp_path)]) == 0
    lines = _lines(capsys)
    _all_named(lines, "report")
    assert any(line.startswith("servicemodel report: warning: ") for line in lines)


def test_no_tickets_selected_names_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["report", str(empty)]) == 3
    assert _lines(capsys) == [
        f"servicemodel report: no tickets selected: the export holds no tickets ({empty})"
    ]


def test_records_set_aside_name_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(_skewed(tmp_path))
    path.write_text(path.read_text(encoding="utf-8") + "not json\n", encoding="utf-8")
    assert main(["report", str(path), "--skip-bad-records", "--at", "2026-03-03T00:00Z"]) == 0
    assert _lines(capsys) == ["servicemodel report: 1 bad record(s) set aside"]


def test_the_vendor_notices_name_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    events = str(ZD / "metric_events.json")
    argv = ["report", "--source", "zendesk", *EXPORT, events, "--map", str(ZD / "map.toml")]
    assert main(argv) == 0
    lines = _lines(capsys)
    _all_named(lines, "report")
    said = f"servicemodel report: {events} holds Zendesk ticket metric events"
    assert any(line.startswith(said) for line in lines)


def test_an_assess_notice_names_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["assess", str(ROOT / "examples" / "blueprint.toml"), str(empty)]) == 3
    assert _lines(capsys) == [
        f"servicemodel assess: nothing to assess: it holds no tickets ({empty})"
    ]
    assert main(["assess", str(ROOT / "examples" / "blueprint.toml"), _skewed(tmp_path)]) == 0
    lines = _lines(capsys)
    _all_named(lines, "assess")
    assert any(line.startswith("servicemodel assess: warning: ") for line in lines)
