"""servicemodel report --policy: a source label no ticket of the export has is a warning.

Labels are compared exactly: a pause on "label:Awaiting vendor" where the workflow says
"Awaiting Vendor" never pauses a clock, and targets for "label:p1" where the scheme says "P1"
never apply; without the warning the report is silently measured on other rules.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from servicemodel.cli import main, unseen_labels
from servicemodel.model import PriorityChange, StatusChange, Ticket, TicketHistory
from servicemodel.sla import PolicySet, SLAPolicy, Target

DATA = Path(__file__).parent / "data" / "jira"
PAGES = [str(DATA / "search_page1.json"), str(DATA / "search_page2.json")]
MAPPING = '[status_map]\n"Awaiting Vendor" = "on_hold"\n[priority_map]\n"P1" = "urgent"\n'
POLICY = """
[[policies]]
name = "desk"
pause = ["pending", "{pause}"]
[policies.targets]
normal = [{{ metric = "first_reply", within = "1h", time = "calendar" }}]
"{key}" = [{{ metric = "first_reply", within = "15m", time = "calendar" }}]
"""


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], pause: str, key: str) -> str:
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    policy = tmp_path / "sla.toml"
    policy.write_text(POLICY.format(pause=pause, key=key), encoding="utf-8")
    mapping = str(tmp_path / "map.toml")
    argv = ["report", "--source", "jira", *PAGES, "--map", mapping, "--skip-bad-records",
            "--policy", str(policy), "--at", "2026-03-06T00:00:00Z"]  # fmt: skip
    assert main(argv) == 0
    return capsys.readouterr().err


def test_labels_cased_otherwise_are_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _run(tmp_path, capsys, "label:Awaiting vendor", "label:p1")
    assert (
        "warning: --policy: policy 'desk' pauses on label:Awaiting vendor, which no status "
        "change of the export has (labels are compared exactly; the export's: ["
    ) in err
    assert "'Awaiting Vendor'" in err
    assert "policy 'desk' has targets for label:p1, a priority no ticket of the export has" in err


def test_labels_the_export_has_are_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _run(tmp_path, capsys, "label:Awaiting Vendor", "label:P1")
    assert "warning: --policy" not in err


T0 = Ticket("T", datetime(2026, 3, 2, 9, tzinfo=UTC))


def test_a_label_set_by_a_later_change_counts_as_seen() -> None:
    h = TicketHistory(
        T0,
        [StatusChange("s", T0.created_at, status="on_hold", label="Vendor"),
         PriorityChange("p", T0.created_at, priority="urgent", label="P0")],
    )  # fmt: skip
    targets = {"label:P0": [Target("first_reply", "15m", business=False)]}
    policy = SLAPolicy("desk", targets, pause_labels=["Vendor"])
    assert unseen_labels(policy, [h]) == []
    assert unseen_labels(PolicySet([policy]), [h]) == []
    assert unseen_labels(None, [h]) == []
    assert unseen_labels(policy, []) == []  # no export to judge: nothing said
