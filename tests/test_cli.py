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
    assert err.startswith("servicemodel report: error:")


def test_bad_record_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "A", "created_at": "2026-01-05T09:00:00Z"}\n{"id": "B"}\n')
    assert main(["report", str(bad)]) == 2
    err = capsys.readouterr().err
    # The file is named (it used to be "line 2: ..." alone, which did not say where).
    assert err == (
        f"servicemodel report: error: {bad}: line 2: created_at: "
        "missing required field 'created_at'; "
        "--skip-bad-records sets bad records aside (counted on stderr) and reports the rest\n"
    )


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
    assert err.startswith(f"servicemodel report: error: {path}: line 1: not UTF-8 text")


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
    # With --at the goals have an instant, but an export with no tickets selects nothing:
    # exit 3 with the reason (it used to print a report of "created: None .. None").
    assert main(["report", str(empty), "--goals", goals, "--at", "2026-11-01T00:00:00Z"]) == 3
    err = capsys.readouterr().err
    assert (
        err == f"servicemodel report: no tickets selected: the export holds no tickets ({empty})\n"
    )


def test_an_empty_export_exits_3_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["report", str(empty)]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "the export holds no tickets" in captured.err
    assert "None .. None" not in captured.err


def test_at_before_the_first_ticket_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["report", str(SAMPLE), "--tz", "Europe/Berlin", "--policy", str(POLICY)]
    assert main([*argv, "--at", "2026-08-01T00:00:00+02:00"]) == 3
    err = capsys.readouterr().err
    assert "all 5032 tickets were created after the snapshot instant" in err
    assert "2026-08-01T00:00:00+02:00" in err  # in the report's zone
    assert "matched a policy" not in err


def test_since_until_select_by_creation_and_at_is_a_snapshot_for_every_section(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["report", str(SAMPLE), "--tz", "Europe/Berlin", "--format", "json"]
    at = "2026-10-01T00:00:00+02:00"
    since = "2026-09-21T00:00:00+02:00"
    assert main([*argv, "--at", at, "--since", since, "--policy", str(POLICY)]) == 0
    data = json.loads(capsys.readouterr().out)
    scope = data["scope"]
    assert scope["as_of"] == at
    assert scope["selected"] == data["overview"]["tickets"] == data["kpi"]["tickets"]
    assert data["sla"]["tickets"] == scope["selected"]
    assert scope["selected"] + scope["after_snapshot"] + scope["outside_window"] == 5032
    assert data["overview"]["first_created"] >= since
    assert data["overview"]["last_created"] <= at
    assert list(data["overview"]["by_week"]) == ["2026-W39", "2026-W40"]
    assert data["kpi"]["partial_weeks"]["2026-W40"].startswith("ends after the snapshot")
    assert main([*argv, "--since", "2027-01-01T00:00:00+01:00"]) == 3
    assert "none of the 5032 tickets" in capsys.readouterr().err


def test_the_scope_line_names_the_one_bound_given(capsys: pytest.CaptureFixture[str]) -> None:
    # With --since alone it read "created outside [2026-09-21T00:00:00+02:00, None)".
    argv = ["report", str(SAMPLE), "--tz", "Europe/Berlin", "--at", "2026-10-01T00:00:00+02:00"]
    assert main([*argv, "--since", "2026-09-21T00:00:00+02:00"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert "created before --since 2026-09-21T00:00:00+02:00)" in line
    assert main([*argv, "--until", "2026-09-21T00:00:00+02:00"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert "created at or after --until 2026-09-21T00:00:00+02:00)" in line
    assert "None" not in line


def test_stdin_output_file_and_breakdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:200]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(lines)))
    out = tmp_path / "r.json"
    argv = ["report", "-", "--format", "json", "-o", str(out), "--by", "attr:plan"]
    assert main(argv) == 0
    assert capsys.readouterr().out == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["file"] == "standard input"
    assert data["overview"]["tickets"] == 200
    assert data["kpi"]["breakdown"] == "attr:plan"
    plans = data["kpi"]["by_breakdown"]
    assert sum(v["fcr"]["n"] for v in plans.values()) == data["kpi"]["overall"]["fcr"]["n"]
    assert main(["report", str(SAMPLE), "--by", "colour"]) == 2
    assert "--by: unknown breakdown 'colour'" in capsys.readouterr().err


def test_finished_only_is_labelled(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SAMPLE), "--finished-only"]) == 0
    out = capsys.readouterr().out
    assert "FINISHED TICKETS ONLY (--finished-only)" in out
    assert "missing=35" in out
    assert main(["report", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Kaplan-Meier" in out
    assert "censored=35" in out


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
    assert err.startswith(f"servicemodel report: error: {goals}: ")
    assert expected in err


def test_staff_command_is_wired_into_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from servicemodel.cli import main

    assert main(["staff", "examples/no-such-export.jsonl", "--target", "80% in 20s"]) == 2
    assert "no-such-export" in capsys.readouterr().err
    code = main(["staff", "examples/data/tickets.jsonl", "--target", "80% in 20s", "--aht", "10m"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("erlang-c plan, 336 half hours")
    rows = out.splitlines()[2:]  # one row per half hour with arrivals (empty ones are left out)
    assert 0 < len(rows) <= 336
    assert all(row.endswith("%") for row in rows)
