"""A policy's source label no ticket of the export has is a warning of the report's SLA section.

Labels are compared exactly: a pause on "label:Awaiting vendor" where the workflow says
"Awaiting Vendor" never pauses a clock, and targets for "label:p1" where the scheme says "P1"
never apply; without the warning the report is silently measured on other rules. The report
document carries it (``SLASection.unseen_labels``), every format renders it, and
``servicemodel report`` says it on standard error, read from the report.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import jsonschema
import pytest

from _docs import DOCS, promised, run
from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import AgentReply, PriorityChange, StatusChange, Ticket, TicketHistory
from servicemodel.report import (
    ReportOptions,
    SLASection,
    UnseenLabel,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._labels import unseen_labels
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
    assert unseen_labels(policy, [h]) == ()
    assert unseen_labels(PolicySet([policy]), [h]) == ()
    assert unseen_labels(None, [h]) == ()
    assert unseen_labels(policy, []) == ()  # no export to judge: nothing said


# --- the report carries the warnings: a notebook user sees them in every format ------------

PAUSE = "Waiting for Customer"  # the export says "Waiting for customer"
SAID_PAUSE = (
    "policy 'desk' pauses on label:Waiting for Customer, which no status change of the export "
    "has (labels are compared exactly; the export's: ['Waiting for customer'])"
)
SAID_TARGET = (
    "policy 'desk' has targets for label:p1, a priority no ticket of the export has (labels "
    "are compared exactly; the export's: ['P1'])"
)


def _histories() -> list[TicketHistory]:
    t0 = T0.created_at
    ticket = attrs.evolve(T0, priority_label="P1")
    events = [
        StatusChange("s", t0 + timedelta(minutes=5), status="pending",
                     label="Waiting for customer"),
        AgentReply("r", t0 + timedelta(minutes=30)),
    ]  # fmt: skip
    return [TicketHistory(ticket, events)]


def _report_of(pause: str = PAUSE, key: str = "label:p1") -> object:
    targets = {
        "normal": [Target("first_reply", "1h", business=False)],
        key: [Target("first_reply", "15m", business=False)],
    }
    policy = SLAPolicy("desk", targets, pause_labels=[pause])
    return build_report(_histories(), ReportOptions(policies=PolicySet([policy])))


def test_the_sla_section_carries_each_unseen_label() -> None:
    report = _report_of()
    assert report.sla is not None
    assert report.sla.unseen_labels == (
        UnseenLabel("desk", "pause", PAUSE, ("Waiting for customer",)),
        UnseenLabel("desk", "targets", "p1", ("P1",)),
    )
    assert report.sla.warnings() == (SAID_PAUSE, SAID_TARGET)


def test_labels_the_export_has_leave_the_section_without_warnings() -> None:
    report = _report_of("Waiting for customer", "label:P1")
    assert report.sla is not None
    assert report.sla.unseen_labels == ()
    assert "warning" not in render_text(report)
    assert "warning" not in render_markdown(report)
    assert render_json(report).count('"warnings": []') >= 1


def test_the_text_report_says_them_under_the_sla_title() -> None:
    lines = render_text(_report_of()).splitlines()
    at = lines.index("SLA attainment")
    assert lines[at + 2 : at + 4] == [f"warning: {SAID_PAUSE}", f"warning: {SAID_TARGET}"]


def test_the_markdown_report_says_them() -> None:
    page = render_markdown(_report_of())
    section = page.split("## SLA attainment", 1)[1]
    # Markdown escapes the brackets and quotes nothing else of the sentence.
    assert "warning: policy 'desk' pauses on label:Waiting for Customer, which no status" in section
    assert "the export's: \\['P1'\\])" in section


def test_the_html_report_says_them() -> None:
    page = render_html(_report_of(), charts=False)
    section = page.split('<section id="sla">', 1)[1].split("</section>", 1)[0]
    paragraphs = [html.unescape(p.split("</p>", 1)[0]) for p in section.split("<p>")[1:]]
    assert paragraphs[:2] == [f"warning: {SAID_PAUSE}", f"warning: {SAID_TARGET}"]


def test_the_json_report_carries_them_and_follows_the_schema() -> None:
    data = json.loads(render_json(_report_of()))
    assert data["sla"]["warnings"] == [SAID_PAUSE, SAID_TARGET]
    assert data["sla"]["unseen_labels"] == [
        {"policy": "desk", "where": "pause", "label": PAUSE,
         "export_labels": ["Waiting for customer"]},
        {"policy": "desk", "where": "targets", "label": "p1", "export_labels": ["P1"]},
    ]  # fmt: skip
    schema = Path(__file__).parents[1] / "src/servicemodel/report/schema/report-1.json"
    jsonschema.validate(data, json.loads(schema.read_text("utf-8")))


def test_the_csv_report_lists_them_as_sla_warning_rows() -> None:
    rows = [r for r in render_csv(_report_of()).splitlines() if r.startswith("sla,warning,")]
    assert len(rows) == 2
    assert "label:Waiting for Customer" in rows[0]
    assert "label:p1" in rows[1]


def test_a_label_is_judged_against_every_ticket_not_only_the_selected() -> None:
    # The export has the label; the selection (created before --until) may not: no warning.
    later = attrs.evolve(T0, id="L", created_at=T0.created_at + timedelta(days=2))
    hs = [TicketHistory(T0, []),
          TicketHistory(later, [StatusChange("s", later.created_at, status="pending",
                                             label="Vendor")])]  # fmt: skip
    policy = SLAPolicy("desk", {}, pause_labels=["Vendor"])
    until = T0.created_at + timedelta(days=1)
    report = build_report(hs, ReportOptions(policies=policy, until=until))
    assert report.scope is not None
    assert report.scope.selected == 1
    assert report.sla is not None
    assert report.sla.unseen_labels == ()


def test_many_export_labels_are_cut_to_the_first_twelve() -> None:
    labels = [f"S{i:02}" for i in range(15)]
    said = UnseenLabel("desk", "pause", "X", labels).text()
    assert said.endswith("the export's: ['S00', 'S01', 'S02', 'S03', 'S04', 'S05', 'S06', "
                         "'S07', 'S08', 'S09', 'S10', 'S11'] and 3 more)")  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [("policy", 1), ("where", 1), ("label", None), ("export_labels", "P1"),
     ("export_labels", [1])],
)  # fmt: skip
def test_an_unseen_label_refuses_a_field_of_the_wrong_kind(field: str, value: object) -> None:
    fields = {"policy": "desk", "where": "pause", "label": "X", "export_labels": ()}
    with pytest.raises(InputTypeError, match=field):
        UnseenLabel(**{**fields, field: value})  # type: ignore[arg-type]


def test_an_unseen_label_refuses_a_where_text_other_than_pause_or_targets() -> None:
    # Text of the right type, not one of the two words: a ConfigError (a ValueError).
    with pytest.raises(ConfigError, match=r"^where: expected one of .*got 'paused'$"):
        UnseenLabel("desk", "paused", "X", ())  # type: ignore[arg-type]


def test_the_section_refuses_what_is_no_unseen_label() -> None:
    with pytest.raises(InputTypeError, match=r"unseen_labels\[0\]"):
        SLASection(0, 0, None, 0.95, unseen_labels=("policy 'p' pauses on label:X",))


def test_the_report_page_example_prints_what_it_says() -> None:
    # docs/report.md, "A policy's labels the export does not have": its block runs and prints
    # what its comments say.
    page = (DOCS / "report.md").read_text(encoding="utf-8")
    section = page.split("## A policy's labels the export does not have", 1)[1]
    (block,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    assert run(block, "report.md") == promised(block)
