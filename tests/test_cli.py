"""The command line as a user meets it: the report, JSON output, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"


def test_report_text_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--tz", "Europe/Berlin"]) == 0
    out = capsys.readouterr().out
    assert "By channel" in out
    assert "2026-W32" in out


def test_report_json_counts_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    overview = data["overview"]
    n = overview["tickets"]
    assert n == sum(1 for line in SAMPLE.read_text().splitlines() if line.strip())
    for key in ("by_channel", "by_priority", "by_status", "by_week"):
        assert sum(overview[key].values()) == n


def test_missing_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "does/not/exist.jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("servicemodel: error:")


def test_bad_record_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "A", "created_at": "2026-01-05T09:00:00Z"}\n{"id": "B"}\n')
    assert main(["report", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err == "servicemodel: error: line 2: created_at: missing required field 'created_at'\n"


def test_skip_bad_records_reports_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "A", "created_at": "2026-01-05T09:00:00Z"}\n{"id": "B"}\n')
    assert main(["report", str(bad), "--skip-bad-records", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overview"]["tickets"] == 1
    assert len(data["source"]["bad_records"]) == 1


def test_unknown_zone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--tz", "Mars/Olympus"]) == 2
    assert "'Mars/Olympus'" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "servicemodel", "report", "nope.jsonl"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


POLICY = ROOT / "examples" / "policies" / "standard.toml"
GOALS = ROOT / "examples" / "goals.toml"


def test_full_report_has_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["report", str(SAMPLE), "--policy", str(POLICY), "--goals", str(GOALS)]
    assert main([*argv, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"schema", "source", "scope", "overview", "kpi", "sla", "goals"}
    assert main(argv) == 0
    out = capsys.readouterr().out
    for heading in ("Overview", "KPIs", "SLA attainment", "Goals at"):
        assert heading in out


def test_bad_policy_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "p.toml"
    bad.write_text(
        '[[policies]]\nname = "x"\n[policies.targets]\n'
        'urgent = [{metric = "first_reply", within = "soon"}]\n'
    )
    assert main(["report", str(SAMPLE), "--policy", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "policies[0]" in err


def test_naive_at_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--at", "2026-10-01T12:00"]) == 2
    assert "no UTC offset" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["export.jsonl", "export.csv"])
def test_undecodable_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary")
    assert main(["report", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("servicemodel: error: line 1: not UTF-8 text")


def test_csv_export_gives_the_same_report_as_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from servicemodel.io import dump_jsonl, history_to_dict, load_jsonl

    histories = load_jsonl(SAMPLE).histories[:40]
    jsonl = tmp_path / "part.jsonl"
    jsonl.write_text(dump_jsonl(histories), encoding="utf-8")
    rows = []
    for h in histories:
        rec = history_to_dict(h)
        base = {"ticket_id": rec["id"], "created_at": rec["created_at"],
                "channel": rec["channel"], "priority": rec["priority"]}  # fmt: skip
        for ev in rec["events"] or [{}]:
            rows.append({**base, **{f"event_{k}": str(v) for k, v in ev.items() if v is not None}})
    columns = sorted({k for row in rows for k in row})
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    csv_path = tmp_path / "part.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports = []
    for path in (jsonl, csv_path):
        assert main(["report", str(path), "--format", "json"]) == 0
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0]["overview"] == reports[1]["overview"]
    assert reports[0]["kpi"] == reports[1]["kpi"]


def test_goals_on_an_empty_export_ask_for_at(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    goals = str(ROOT / "examples" / "goals.toml")
    assert main(["report", str(empty), "--goals", goals]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--at" in err
    assert main(["report", str(empty), "--goals", goals, "--at", "2026-11-01T00:00:00Z"]) == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'[[goals]]\nname = "x"\nbogus = 1\n', "goals[0].bogus: unknown key 'bogus'"),
        (b"\xff\xfe not text", "not UTF-8 text"),
    ],
)
def test_bad_goals_file_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_bytes(content)
    assert main(["report", str(SAMPLE), "--goals", str(goals)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"servicemodel: error: {goals}: ")
    assert expected in err
