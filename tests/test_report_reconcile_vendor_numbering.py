"""The reconciliation section's header says how each vendor's own numbers become cycles.

A Jira Service Management section says nothing of Zendesk's ``reply_time`` numbering: its
header gives JSM's (cycles from 0: the completed cycles in order, then the ongoing one); a
Zendesk section gives Zendesk's; a section with both gives both, in every format that shows
the rule (text, Markdown and HTML notes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from servicemodel.cli import main
from servicemodel.reconcile import VendorVerdict
from servicemodel.report._reconcile import ReconcileTally
from servicemodel.report._reconcile_render import reconcile_lines, rule_text

DATA = Path(__file__).parent / "data"
JIRA = DATA / "jira"
POLICY = Path(__file__).parents[1] / "examples" / "policies" / "standard.toml"
JMAP = '[status_map]\n"Awaiting Vendor" = "on_hold"\n[priority_map]\nP1 = "urgent"\n'

JSM = VendorVerdict("SD-1", "Time to resolution", 2, "achieved", source="jsm",
                    our_metric="resolution", our_cycle=1)  # fmt: skip
ZENDESK = VendorVerdict("1", "reply_time", 2, "achieved")
EXPORT = VendorVerdict("2", "Resolution status", 1, "achieved", source="export",
                       our_metric="resolution", our_cycle=0)  # fmt: skip


def _rule(*verdicts: VendorVerdict) -> str:
    return rule_text(ReconcileTally(verdicts, {v.ticket_id for v in verdicts}).section())


def test_a_jsm_section_names_jsm_numbering_only() -> None:
    rule = _rule(JSM)
    assert "completedCycles in order, then its ongoingCycle, are cycles 0, 1" in rule
    assert "reply_time" not in rule
    assert "Zendesk" not in rule


def test_a_zendesk_section_names_zendesk_numbering_only() -> None:
    rule = _rule(ZENDESK)
    assert "Zendesk's instance n is cycle n - 1 (reply_time n >= 2: next_reply n - 2)" in rule
    assert "completedCycles" not in rule


def test_each_vendor_of_a_section_names_its_own_numbering() -> None:
    lines = reconcile_lines(ReconcileTally([JSM, ZENDESK, EXPORT], {"SD-1", "1", "2"}).section())
    text = "\n".join(lines)
    assert "cycles counted from 0 on both sides: the export's verdict columns" in text
    assert "completedCycles" in text
    assert "next_reply n - 2" in text
    # The rule in parentheses still closes on its last line.
    last = next(i for i, line in enumerate(lines) if line.startswith("metric "))
    assert lines[last - 1].endswith(")")


def test_a_section_without_verdicts_says_the_general_rule() -> None:
    assert "cycles counted from 0 on both sides: the vendor's instance n is cycle n - 1" in (
        _rule()
    )


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
def test_the_jira_command_shows_jsm_numbering(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(JMAP, encoding="utf-8")
    args: list[Any] = ["report", "--source", "jira", JIRA / "search_page1.json",
                       JIRA / "search_page2.json", "--skip-bad-records", "--map", mapping,
                       "--policy", POLICY, "--at", "2026-03-06T00:00:00+00:00",
                       "--format", form, "--vendor-sla", JIRA / "request_sla.json"]  # fmt: skip
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code == 0, err
    flat = " ".join(out.split())
    assert "completedCycles in order, then its ongoingCycle, are cycles 0, 1" in flat
    assert "reply_time" not in flat


def test_json_is_unchanged_by_the_vendor_numbering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rule is prose for readers: the JSON section keeps its keys."""
    mapping = tmp_path / "map.toml"
    mapping.write_text(JMAP, encoding="utf-8")
    args: list[Any] = ["report", "--source", "jira", JIRA / "search_page1.json",
                       JIRA / "search_page2.json", "--skip-bad-records", "--map", mapping,
                       "--policy", POLICY, "--at", "2026-03-06T00:00:00+00:00",
                       "--format", "json", "--vendor-sla", JIRA / "request_sla.json"]  # fmt: skip
    assert main([str(a) for a in args]) == 0
    section = json.loads(capsys.readouterr().out)["reconciliation"]
    assert section["vendors"] == ["jsm"]
    assert all(c["cycle"] == c["vendor_instance"] - 1 for c in section["disagreements"]
               if c["vendor_instance"] is not None)  # fmt: skip
