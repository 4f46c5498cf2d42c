"""servicemodel report --source freshdesk: the hint for an account's own status names what the
command line takes (a --map key, or the ticket fields among the files), never a Python keyword
that has no place on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicemodel.cli import main

DATA = Path(__file__).parent / "data" / "freshdesk"
PAGES = sorted(str(p) for p in DATA.glob("*.json"))
FIELDS = str(DATA / "ticket_fields" / "admin_ticket_fields.json")


def test_an_unknown_custom_status_says_what_to_give_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "--source", "freshdesk", *PAGES]) == 2
    err = capsys.readouterr().err
    assert "status 6: unknown status" in err
    assert "map each with status_map in the --map file" in err
    assert "GET /api/v2/admin/ticket_fields response, among the files read" in err
    assert "ticket_fields=" not in err


def test_the_ticket_fields_among_the_files_do_what_the_hint_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.json"
    argv = ["report", "--source", "freshdesk", *PAGES, FIELDS, "--skip-bad-records"]
    assert main([*argv, "--format", "json", "-o", str(out)]) == 0
    capsys.readouterr()
    bad = json.loads(out.read_text(encoding="utf-8"))["source"]["bad_records"]
    assert not any("status 6" in b for b in bad), bad
