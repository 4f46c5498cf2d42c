"""A configuration file given to the wrong option says which option takes it.

``--policy examples/goals.toml`` (or a mapping file as ``--policy``, a policy file as
``--map``) said only that its keys are unknown and which keys the option expects; a new user
could not tell that the file itself was the slip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOALS = "examples/goals.toml"
POLICY = "examples/policies/standard.toml"
MAPPING = "examples/mappings/zendesk-csv.toml"
CSV = "tests/data/summary/zendesk_tickets.csv"


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["report", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


@pytest.mark.parametrize(
    ("option", "given", "meant", "what"),
    [
        ("--policy", GOALS, "--goals", "a goals file"),
        ("--policy", MAPPING, "--map", "a mapping file"),
        ("--goals", POLICY, "--policy", "an SLA policy file"),
        ("--goals", MAPPING, "--map", "a mapping file"),
    ],
)
def test_a_file_for_another_option_names_that_option(
    option: str,
    given: str,
    meant: str,
    what: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    err = _error(capsys, "examples/data/tickets.jsonl", option, given)
    assert err.startswith(f"servicemodel report: error: {given}: ")
    assert err.endswith(f"; it looks like {what}: give it with {meant}\n")


@pytest.mark.parametrize(("given", "meant"), [(POLICY, "--policy"), (GOALS, "--goals")])
def test_a_policy_or_goals_file_as_the_map_names_its_option(
    given: str, meant: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    err = _error(capsys, "--source", "summary", CSV, "--map", given)
    assert err.endswith(f"give it with {meant}\n")


def test_a_json_goals_file_is_told_apart_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = tmp_path / "goals.json"
    path.write_text(json.dumps({"goals": []}), encoding="utf-8")
    err = _error(capsys, "examples/data/tickets.jsonl", "--policy", str(path))
    assert err.endswith("; it looks like a goals file: give it with --goals\n")


def test_a_typo_in_the_right_file_gets_no_such_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = tmp_path / "policy.toml"
    text = (ROOT / POLICY).read_text(encoding="utf-8")
    path.write_text("polices = []\n" + text, encoding="utf-8")
    err = _error(capsys, "examples/data/tickets.jsonl", "--policy", str(path))
    assert "unknown key 'polices'" in err
    assert "looks like" not in err


def test_the_right_files_still_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = ["report", "examples/data/tickets.jsonl", "--policy", POLICY, "--goals", GOALS]
    assert main(argv) == 0
    assert "SLA attainment" in capsys.readouterr().out
