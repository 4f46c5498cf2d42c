"""What the report command says on stderr instead of reading nothing, silently.

A Zendesk ticket metric events file given among the export's files (it is left out of the
load), and ``--vendor-sla`` put before the export's files (argparse lets it take them all):
each run says so on standard error, naming the file or the option and what to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from servicemodel.cli import main

DATA = Path(__file__).parent / "data" / "zendesk"
EXPORT = [str(DATA / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
EVENTS = str(DATA / "metric_events.json")
MAP = ["--map", str(DATA / "map.toml")]


def test_metric_events_among_the_export_files_are_said_to_be_left_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "--source", "zendesk", *EXPORT, EVENTS, *MAP]) == 0
    err = capsys.readouterr().err
    assert f"{EVENTS} holds Zendesk ticket metric events" in err
    assert "give it with --vendor-sla" in err
    # Given where it belongs, nothing is said about it.
    argv = ["report", "--source", "zendesk", *EXPORT, *MAP, "--policy",
            str(DATA / "policy.toml"), "--vendor-sla", EVENTS]  # fmt: skip
    assert main(argv) == 0
    assert "holds Zendesk ticket metric events" not in capsys.readouterr().err


def test_vendor_sla_before_the_files_says_how_to_place_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["report", "--source", "zendesk", *MAP, "--policy", str(DATA / "policy.toml"),
            "--vendor-sla", EVENTS, *EXPORT]  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--vendor-sla takes every file after it" in err
    # With -- ending its list, the same command runs.
    fixed = [*argv[: argv.index("--vendor-sla") + 2], "--", *EXPORT]
    assert main(fixed) == 0
