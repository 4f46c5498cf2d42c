"""One numbering in the reconciliation: ``cycle`` is always counted from 0, as ours are.

The listing named our clocks by our cycle (``resolution#0``, Zendesk's instance 1) but a vendor
metric we have no such metric for by the vendor's instance (``pausable_update_time#1``, also
instance 1), so one line read ``#0`` and the next ``#1`` for the same first instance. Now a
clock's ``cycle`` is the vendor's instance counted from 0 on a metric we lack too (instance
*n* is cycle *n* - 1, as for the metrics we have: Zendesk instance 0, its ``measure``
instance, is cycle -1), and the vendor's own number is ``vendor_instance`` beside it (``None``
on a clock the vendor has no verdict for): in ``ClockComparison``, the JSON (``vendor_instance``),
the CSV (``vendor_instance=`` in the listed clock's segment) and the Markdown and HTML listing
(a "Vendor instance" column).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, reconcile
from servicemodel.report import ReportOptions, build_report, render_json
from servicemodel.sla import SLAPolicy, Target, evaluate_many

DATA = Path(__file__).parent / "data"
ZD = DATA / "zendesk"
ZENDESK = [str(ZD / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
ZOPTS = ["--map", str(ZD / "map.toml"), "--policy", str(ZD / "policy.toml"), "--at",
         "2026-03-06T00:00:00Z", "--vendor-sla", str(ZD / "metric_events.json")]  # fmt: skip
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _history() -> TicketHistory:
    return TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=90))])


def _measured() -> list[Any]:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    return list(evaluate_many(policy, [_history()]))


def test_a_metric_we_lack_is_numbered_from_0_with_the_vendors_instance_beside() -> None:
    verdicts = [
        VendorVerdict("7", "reply_time", 1, "breached"),
        VendorVerdict("7", "pausable_update_time", 1, "achieved"),
        VendorVerdict("7", "group_ownership_time", 3, "achieved"),
    ]
    clocks = {c.metric: c for c in reconcile(verdicts, _measured()).clocks}
    got = {m: (c.cycle, c.vendor_instance) for m, c in clocks.items()}
    assert got == {
        "first_reply": (0, 1),
        "pausable_update_time": (0, 1),
        "group_ownership_time": (2, 3),
    }
    assert "ticket 7 pausable_update_time#0: vendor achieved" in str(clocks["pausable_update_time"])


def test_ours_only_has_no_vendor_instance() -> None:
    (clock,) = reconcile([], _measured()).clocks
    assert (clock.cycle, clock.vendor_instance) == (0, None)


def test_jsm_and_export_columns_follow_the_same_rule() -> None:
    jsm = VendorVerdict("7", "Time to close after resolution", 2, "achieved", source="jsm",
                        our_cycle=1)  # fmt: skip
    column = VendorVerdict("7", "Resolution status", 1, "breached", source="export")
    clocks = {c.metric: c for c in reconcile([jsm, column], []).clocks}
    assert (clocks[jsm.metric].cycle, clocks[jsm.metric].vendor_instance) == (1, 2)
    assert (clocks[column.metric].cycle, clocks[column.metric].vendor_instance) == (0, 1)


_LACKED = st.sampled_from(["pausable_update_time", "group_ownership_time", "Custom SLA"])
_OURS = st.sampled_from(["reply_time", "resolution_time", "periodic_update_time",
                         "requester_wait_time", "agent_work_time"])  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    lacked=st.lists(st.tuples(_LACKED, st.integers(0, 6)), max_size=6, unique=True),
    ours=st.lists(st.tuples(_OURS, st.integers(0, 6)), max_size=6, unique=True),
    source=st.sampled_from(["zendesk", "jsm", "export"]),
)
def test_law_every_vendor_clock_is_its_instance_counted_from_0(
    lacked: list[tuple[str, int]], ours: list[tuple[str, int]], source: str
) -> None:
    # Instance n of a metric we lack is cycle n - 1, as instance n (n >= 1) of Zendesk's
    # metrics other than reply_time; reply_time n >= 2 is next_reply n - 2.
    verdicts = [VendorVerdict("7", m, n, "achieved", source=source) for m, n in lacked]
    if source == "zendesk":
        verdicts += [VendorVerdict("7", m, n, "achieved") for m, n in ours]
    clocks = reconcile(verdicts, []).clocks
    assert len(clocks) == len(verdicts)  # one clock each: no two instances share one
    by_instance = {(v.metric, v.instance) for v in verdicts}
    for c in clocks:
        assert c.vendor_instance is not None
        if c.metric == "next_reply":
            assert ("reply_time", c.vendor_instance) in by_instance
            assert c.cycle == c.vendor_instance - 2
        else:
            assert c.cycle == c.vendor_instance - 1


# -- every format -------------------------------------------------------------------------------


def _report(capsys: pytest.CaptureFixture[str], form: str) -> str:
    code = main(["report", "--source", "zendesk", *ZENDESK, *ZOPTS, "--format", form])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_text_names_a_metric_we_lack_by_cycle_0(capsys: pytest.CaptureFixture[str]) -> None:
    out = _report(capsys, "text")
    assert "vendor only  ticket 1001 pausable_update_time#0: vendor achieved" in out
    assert "pausable_update_time#1" not in out
    # The rule says how the cycles are counted.
    assert "cycles counted from 0 on both sides" in " ".join(out.split())


def test_json_gives_the_vendors_instance_beside_the_cycle(
    capsys: pytest.CaptureFixture[str],
) -> None:
    listed = json.loads(_report(capsys, "json"))["reconciliation"]["disagreements"]
    clocks = {(c["ticket"], c["metric"]): c for c in listed}
    lacked = clocks[("1001", "pausable_update_time")]
    assert (lacked["cycle"], lacked["vendor_instance"]) == (0, 1)
    ours = clocks[("1001", "resolution")]
    assert (ours["cycle"], ours["vendor_instance"]) == (0, 1)
    only_ours = clocks[("1006", "first_reply")]
    assert (only_ours["side"], only_ours["vendor_instance"]) == ("ours_only", None)


def test_csv_gives_the_vendors_instance_in_the_segment(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = list(csv.DictReader(io.StringIO(_report(capsys, "csv"))))
    segments = [
        r["segment"] for r in rows if r["section"] == "reconcile" and "rank=" in r["segment"]
    ]
    (lacked,) = [s for s in segments if "metric=pausable_update_time" in s]
    assert ";cycle=0;" in lacked
    assert lacked.endswith(";side=vendor_only;vendor_instance=1")
    (only_ours,) = [s for s in segments if "ticket=1006;metric=first_reply" in s]
    assert "vendor_instance" not in only_ours


@pytest.mark.parametrize("form", ["markdown", "html"])
def test_markdown_and_html_list_the_vendors_instance(
    form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _report(capsys, form)
    assert "Vendor instance" in out
    if form == "markdown":
        # Markdown escapes the underscores of a metric name.
        metric = "pausable\\_update\\_time"
        (line,) = [x for x in out.splitlines() if metric in x and "| 1001 |" in x]
        assert f"| {metric} | 0 | 1 |" in line


def test_json_with_a_vendor_instance_0_is_valid_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).parents[1] / "src/servicemodel/report/schema/report-1.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    # Zendesk's instance 0 (its measure instance) of a metric is cycle -1: no clock of ours.
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    verdicts = [VendorVerdict("7", "reply_time", 0, "achieved"),
                VendorVerdict("7", "pausable_update_time", 0, "achieved")]  # fmt: skip
    options = ReportOptions(policies=policy, at=T0 + timedelta(days=1), vendor_verdicts=verdicts)
    data = json.loads(render_json(build_report([_history()], options)))
    cycles = {(c["metric"], c["cycle"], c["vendor_instance"])
              for c in data["reconciliation"]["disagreements"]}  # fmt: skip
    assert cycles >= {("first_reply", -1, 0), ("pausable_update_time", -1, 0)}
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
