"""A missing column with no ``--map`` file points to the mapping files the project ships.

A new analyst runs ``--source summary`` on a Zendesk CSV without ``--map``; the error said
the column ``id`` is not in the header and that ``columns`` in the --map file must name one,
but not that a mapping for that very export is shipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
HINT = "no --map file was given: examples/mappings/ in the project's repository has one"
CSV = "tests/data/summary/zendesk_tickets.csv"


@pytest.mark.parametrize(("source", "column"), [("summary", "id"), ("eventlog", "case")])
def test_without_map_the_error_names_the_shipped_mappings(
    source: str, column: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["report", "--source", source, CSV]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"error: columns.{column}: column " in err
    assert f"is not in the header of {CSV}, which has " in err
    assert HINT in err
    assert "Zendesk (zendesk-csv.toml)" in err
    # Every mapping the hint names is shipped.
    for name in ("zendesk-csv", "freshdesk-csv", "jira-csv", "jira-cloud-csv"):
        assert (ROOT / "examples" / "mappings" / f"{name}.toml").is_file()


def test_with_a_map_the_error_does_not_say_none_was_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = ["report", "--source", "summary", CSV, "--map", "examples/mappings/jira-csv.toml"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    # The map file's field, and the export that lacks its column.
    assert (
        f"examples/mappings/jira-csv.toml: columns.id: column 'Issue key' for id is not in the "
        f"header of {CSV}, which has " in err
    )
    assert HINT not in err


def test_the_shipped_mapping_reads_the_export(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = ["report", "--source", "summary", CSV, "--map", "examples/mappings/zendesk-csv.toml"]
    assert main(argv) == 0
    assert "tickets: 6" in capsys.readouterr().out


def test_the_one_row_page_says_what_the_command_adds() -> None:
    page = " ".join((ROOT / "docs" / "exports-summary.md").read_text(encoding="utf-8").split())
    assert (
        "`servicemodel report` adds that no `--map` file was given and names the mapping "
        "files shipped in `examples/mappings/`"
    ) in page
    assert HINT.startswith("no --map file was given: examples/mappings/")
