"""``-o`` never writes a report over one of the command's own input files.

``--format csv -o export.csv`` on ``export.csv`` used to replace the export with its report.
Every subcommand now refuses it before reading anything: exit status 2, one line naming the
file, and the input left byte for byte as it was. Another spelling of the same path (``./``,
``a/../``) or a hard link is the same file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "tickets.jsonl"
BLUEPRINT = ROOT / "examples" / "blueprint.toml"
POLICY = ROOT / "examples" / "policies" / "standard.toml"


def _spellings(path: Path) -> list[Path]:
    """Ways to name ``path``: as is, with ``./``, through its folder's ``..``."""
    return [path, path.parent / "." / path.name, path.parent / ".." / path.parent.name / path.name]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    target = tmp_path / "work" / "tickets.jsonl"
    target.parent.mkdir()
    shutil.copyfile(SAMPLE, target)
    return target


def _refused(argv: list[str], protected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = protected.read_bytes()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"servicemodel {argv[0]}: error: -o: ")
    assert "is an input file of this command" in err
    assert protected.read_bytes() == before


# The fixtures may be shared by the examples: a refused run changes nothing (that is the law),
# and capsys is read after every run.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spelling=st.integers(0, 2), fmt=st.sampled_from(["text", "csv", "json", "markdown"]))
def test_report_refuses_its_export_however_spelled(
    export: Path, spelling: int, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _spellings(export)[spelling]
    _refused(["report", str(export), "--format", fmt, "-o", str(out)], export, capsys)


def test_report_refuses_its_policy_and_a_hard_link(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.toml"
    shutil.copyfile(POLICY, policy)
    _refused(["report", str(export), "--policy", str(policy), "-o", str(policy)], policy, capsys)
    link = tmp_path / "link.jsonl"
    os.link(export, link)
    _refused(["report", str(export), "-o", str(link)], export, capsys)


def test_assess_refuses_its_tickets(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(["assess", str(BLUEPRINT), str(export), "-o", str(export)], export, capsys)


def test_another_file_is_written(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.txt"
    out.write_text("old\n", encoding="utf-8")  # an existing file that is no input: replaced
    assert main(["report", str(export), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("servicemodel report: ")
