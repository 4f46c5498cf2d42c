"""docs/exports.md, "In the report: --vendor-sla": its command prints the section it shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
PART = PAGE[PAGE.index("### In the report: `--vendor-sla`") :]
PART = PART[: PART.index("\n## ")]


def test_the_command_prints_the_section_the_page_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)  # the command names the fixtures relative to the repository root
    (command,) = re.findall(r"```console\n\$ (.*?)```", PART, re.S)
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:2] == ["servicemodel", "report"]
    (shown,) = re.findall(r"```text\n(.*?)```", PART, re.S)
    assert main(words[1:]) == 0
    out = capsys.readouterr().out
    assert out[out.index("Vendor SLA reconciliation") :] == shown


def test_the_report_page_lists_the_option() -> None:
    page = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    (row,) = [line for line in page.splitlines() if line.startswith("| `--vendor-sla")]
    assert "--policy" in row
    assert "exports.md#in-the-report-vendor-sla" in row
