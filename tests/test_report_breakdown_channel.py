"""``--by channel`` adds nothing the report does not show already: no section twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from servicemodel.io import load_jsonl
from servicemodel.report import (
    Report,
    ReportOptions,
    build_report,
    render_csv,
    render_markdown,
    render_text,
)

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "tickets.jsonl"


@pytest.fixture(scope="module")
def reports() -> tuple[Report, Report]:
    histories = load_jsonl(SAMPLE).histories[:400]
    plain = build_report(histories, ReportOptions())
    by_channel = build_report(histories, ReportOptions(by="channel"))
    return plain, by_channel


@pytest.mark.parametrize("render", [render_text, render_markdown, render_csv])
def test_by_channel_renders_as_the_report_without_it(
    render: Callable[[Report], str], reports: tuple[Report, Report]
) -> None:
    plain, by_channel = reports
    assert render(by_channel) == render(plain)


def test_another_breakdown_is_still_shown(reports: tuple[Report, Report]) -> None:
    plain, _ = reports
    histories = load_jsonl(SAMPLE).histories[:400]
    by_priority = build_report(histories, ReportOptions(by="priority"))
    text = render_text(by_priority)
    assert text.count("\nBy priority\n") == 2  # the overview's counts and the KPI breakdown
    assert render_text(plain).count("\nBy priority\n") == 1
