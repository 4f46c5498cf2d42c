"""The report page's rows for the vendor options say what the command line does.

The ``--vendor-sla`` and ``--vendor-read-at`` rows of docs/report.md's options table named
Zendesk and Jira only after ``--source freshdesk`` came to read both, and the
``--vendor-start-time`` row ended in a stray ``$``: each row is checked against the code here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from servicemodel._cli_vendor import check_read_at
from servicemodel.errors import ConfigError
from servicemodel.io._shared import SOURCES
from servicemodel.report._vendor_files import VENDOR_SOURCES

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGE = DOCS / "report.md"


def _row(option: str) -> str:
    (row,) = [
        line
        for line in PAGE.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"| `{option} ")
    ]
    return row


def _reads_at(source: str) -> bool:
    when = datetime(2026, 3, 2, tzinfo=UTC)
    try:
        check_read_at(source, when, "2026-03-02T00:00Z", policies=True, now=when)
    except ConfigError:
        return False
    return True


def test_vendor_sla_row_names_each_source_it_reads() -> None:
    row = _row("--vendor-sla")
    for source in VENDOR_SOURCES:
        assert f"`--source {source}`" in row, source


@pytest.mark.parametrize("source", list(SOURCES))
def test_vendor_read_at_row_names_exactly_the_sources_it_is_read_with(source: str) -> None:
    named = f"`--source {source}`" in _row("--vendor-read-at")
    assert named == _reads_at(source), source


@pytest.mark.parametrize("option", ["--vendor-sla", "--vendor-read-at", "--vendor-start-time"])
def test_each_vendor_row_ends_in_a_finished_cell(option: str) -> None:
    row = _row(option)
    last = row.removesuffix("|").rstrip()
    assert row.endswith(" |"), row[-40:]
    assert not last.endswith((";", "$", ",")), row[-40:]


def test_the_exports_page_in_the_report_section_names_each_source_vendor_sla_reads() -> None:
    text = (DOCS / "exports.md").read_text(encoding="utf-8")
    section = text.split("### In the report: `--vendor-sla`", 1)[1].split("\n#", 1)[0]
    for source in VENDOR_SOURCES:
        assert f"`--source {source}`" in section, source
