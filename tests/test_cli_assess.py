"""``servicemodel assess``: the example runs; bad input is exit 2 with one line; empty is 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicemodel.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BLUEPRINT = str(EXAMPLES / "blueprint.toml")
TICKETS = str(EXAMPLES / "data" / "tickets.jsonl")
SURVEY = str(EXAMPLES / "data" / "servqual.csv")
QA = str(EXAMPLES / "data" / "qa_evaluations.csv")


def test_the_example_command_prints_the_ranked_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", BLUEPRINT, TICKETS, "--survey", SURVEY, "--qa", QA]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Assessment of the blueprint 'Example support team'")
    assert "servqual" in out
    assert " qa " in out


def test_json_output_is_a_ranked_document(capsys: pytest.CaptureFixture[str]) -> None:
    at = "2026-10-01T00:00:00+02:00"
    assert (
        main(
            ["assess", BLUEPRINT, TICKETS, "--format", "json", "--at", at, "--tz", "Europe/Berlin"]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["at"] == at
    assert [g["rank"] for g in doc["gaps"]] == list(range(1, len(doc["gaps"]) + 1))
    assert doc["servqual"] is None


def _error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["assess", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "no/such.toml: cannot read" in _error(capsys, "no/such.toml", TICKETS)
    bad = tmp_path / "blueprint.toml"
    bad.write_text('name = "x"\n[standards]\nname = "s"\nchannels.fax.first_reply = "1h"\n')
    assert f"{bad}: standards.channels.fax: unknown channel" in _error(capsys, str(bad), TICKETS)
    bare = tmp_path / "bare.toml"
    bare.write_text('name = "x"\n')
    assert "qa.scorecard: --qa needs a QA scorecard" in _error(
        capsys, str(bare), TICKETS, "--qa", QA
    )
    assert "--at: '2026-10-01' has no UTC offset" in _error(
        capsys, BLUEPRINT, TICKETS, "--at", "2026-10-01"
    )
    assert "--tz: unknown time zone" in _error(capsys, BLUEPRINT, TICKETS, "--tz", "Mars/Base")
    survey = tmp_path / "survey.csv"
    survey.write_text("respondent,E1\nr1,9\n")
    assert f"{survey}: line 2: E1: 9 is outside" in _error(
        capsys, BLUEPRINT, TICKETS, "--survey", str(survey)
    )


def test_a_date_alone_and_a_helpdesk_export_say_what_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The --at example was '2026-10-01+01:00', itself no instant; as servicemodel report says:
    err = _error(capsys, BLUEPRINT, TICKETS, "--at", "2026-10-01")
    assert "write e.g. 2026-10-01T00:00+01:00" in err
    # A helpdesk's page said "line 1: not valid JSON", naming neither the file nor the way on.
    page = Path(__file__).parent / "data" / "freshdesk" / "tickets_page1.json"
    err = _error(capsys, BLUEPRINT, str(page))
    assert err.startswith(f"servicemodel assess: error: {page}: line 1: not valid JSON")
    assert "assess reads our own export" in err
    broken = tmp_path / "two.jsonl"
    first = Path(TICKETS).read_text(encoding="utf-8").splitlines()[0]
    broken.write_text(f"{first}\n{{bad\n", encoding="utf-8")
    err = _error(capsys, BLUEPRINT, str(broken))
    assert f"{broken}: line 2: not valid JSON" in err
    assert "our own export" not in err  # a bad line of our own export is only itself


def test_nothing_created_by_at_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", BLUEPRINT, TICKETS, "--at", "2020-01-01T00:00:00+00:00"]) == 3
    assert "nothing to assess" in capsys.readouterr().err


def test_help_lists_assess(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "assess" in capsys.readouterr().out
