"""The report's vendor SLA reconciliation section: the CLI end to end, each renderer, errors.

Expected figures are computed independently of the section's code: from ``reconcile`` on the
same verdicts and measurements (the library's own reconciliation), split into the clocks both
sides have and those one side lacks by ``reconcile``'s reason texts, and for the Wilson
interval from its closed form.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from statistics import NormalDist
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError
from servicemodel.io import jira, zendesk
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import (
    ClockComparison,
    Reconciliation,
    VendorVerdict,
    jsm_verdicts,
    reconcile,
    zendesk_verdicts,
)
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._reconcile import at_snapshot
from servicemodel.sla import PolicySet, SLAPolicy, Target, evaluate_many

DATA = Path(__file__).parent / "data"
ZD = DATA / "zendesk"
JIRA = DATA / "jira"
ZENDESK_FILES = [ZD / "tickets_page1.json", ZD / "tickets_page2.json", ZD / "audits.jsonl"]
JIRA_FILES = [JIRA / "search_page1.json", JIRA / "search_page2.json"]
POLICY_FILE = Path(__file__).parents[1] / "examples" / "policies" / "standard.toml"
AT = datetime(2026, 3, 6, tzinfo=UTC)
ZMAP = '[status_map]\n9002 = "pending"\n[priority_map]\ncritical = "urgent"\n'
JMAP = '[status_map]\n"Awaiting Vendor" = "on_hold"\n[priority_map]\nP1 = "urgent"\n'


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _zendesk_histories() -> list[TicketHistory]:
    pages = [json.loads(p.read_text()) for p in ZENDESK_FILES[:2]]
    with open(ZENDESK_FILES[2], encoding="utf-8") as fh:
        audits = [json.loads(line) for line in fh]
    return list(
        zendesk.histories(pages, audits, status_map={"9002": "pending"},
                          priority_map={"critical": "urgent"}, on_error="collect")
    )  # fmt: skip


def _zendesk_verdicts() -> tuple[VendorVerdict, ...]:
    verdicts, errors = zendesk_verdicts([json.loads((ZD / "metric_events.json").read_text())])
    assert errors == ()
    return verdicts


def _expected(verdicts: Any, histories: list[TicketHistory], policy: Any) -> Any:
    """The library's reconciliation of the same verdicts and the same measurements."""
    ids = {h.id for h in histories}
    mine = [v for v in verdicts if v.ticket_id in ids]
    return reconcile(mine, evaluate_many(policy, histories, at=AT))


#: ``reconcile``'s reasons for a clock only we have, and for one only the vendor has.
OURS_ONLY = ("vendor has no clock for it",)
VENDOR_ONLY = ("we have no clock for it", "we have no such metric", "a cycle we do not run")


def _side(c: ClockComparison) -> str:
    """The clock's side, from ``reconcile``'s reason text (not from the section's code)."""
    if c.reason is not None and c.reason.startswith(OURS_ONLY):
        return "ours_only"
    if c.reason is not None and c.reason.startswith(VENDOR_ONLY):
        return "vendor_only"
    return "both"


def _split(r: Reconciliation) -> dict[str, list[ClockComparison]]:
    """``r``'s clocks by side: ``both`` (compared), ``ours_only``, ``vendor_only``."""
    out: dict[str, list[ClockComparison]] = {"both": [], "ours_only": [], "vendor_only": []}
    for c in r.clocks:
        out[_side(c)].append(c)
    return out


def _expected_row(r: Reconciliation) -> dict[str, Any]:
    """The JSON row the section should have for ``r``'s clocks."""
    sides = _split(r)
    both = Reconciliation(tuple(sides["both"]))
    one = Reconciliation(tuple(sides["ours_only"] + sides["vendor_only"]))
    return {
        "compared": len(sides["both"]),
        "agreed": r.agreements,
        "disagreed": len(sides["both"]) - r.agreements,
        "reasons": dict(both.reasons()),
        "ours_only": len(sides["ours_only"]),
        "vendor_only": len(sides["vendor_only"]),
        "one_sided": dict(one.reasons()),
    }


def _wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson's score interval, from its closed form (Wilson 1927)."""
    z = NormalDist().inv_cdf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


# -- the CLI, end to end -----------------------------------------------------------------------


def test_zendesk_cli_json_matches_reconcile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = _write(tmp_path, "map.toml", ZMAP)
    code, out, err = run(capsys, "--source", "zendesk", *ZENDESK_FILES, "--skip-bad-records",
                         "--map", mapping, "--policy", POLICY_FILE, "--at", AT.isoformat(),
                         "--format", "json", "--vendor-sla", ZD / "metric_events.json")  # fmt: skip
    assert code == 0, err
    data = json.loads(out)["reconciliation"]
    expected = _expected(
        _zendesk_verdicts(), _zendesk_histories(), PolicySet.from_file(POLICY_FILE)
    )
    assert data["vendors"] == ["zendesk"]
    want = _expected_row(expected)
    assert {k: data["overall"][k] for k in want} == want
    # The fixture has every side: a disagreement and clocks only one side has.
    assert want["disagreed"] > 0
    assert want["ours_only"] > 0
    assert want["vendor_only"] > 0
    metrics = {c.metric for c in expected.clocks}
    for row in data["by_metric"]:
        mine = Reconciliation(tuple(c for c in expected.clocks if c.metric == row["metric"]))
        assert {k: row[k] for k in want} == _expected_row(mine)
    assert {r["metric"] for r in data["by_metric"]} == metrics
    listed = {(d["ticket"], d["metric"], d["cycle"], d["side"], d["reason"])
              for d in data["disagreements"]}  # fmt: skip
    assert listed == {(c.ticket_id, c.metric, c.cycle, _side(c), c.reason)
                      for c in expected.disagreements}  # fmt: skip
    lo, hi = _wilson(expected.agreements, want["compared"])
    assert data["overall"]["agreement_lower"] == pytest.approx(lo)
    assert data["overall"]["agreement_upper"] == pytest.approx(hi)
    assert data["evaluated_at"] == AT.isoformat()


def test_zendesk_cli_text_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = _write(tmp_path, "map.toml", ZMAP)
    code, out, err = run(capsys, "--source", "zendesk", *ZENDESK_FILES, "--skip-bad-records",
                         "--map", mapping, "--policy", POLICY_FILE, "--at", AT.isoformat(),
                         "--vendor-sla", ZD / "metric_events.json")  # fmt: skip
    assert code == 0, err
    section = out[out.index("Vendor SLA reconciliation") :]
    expected = _expected(
        _zendesk_verdicts(), _zendesk_histories(), PolicySet.from_file(POLICY_FILE)
    )
    want = _expected_row(expected)
    n, k, ours, vendor = (want[k] for k in ("compared", "agreed", "ours_only", "vendor_only"))
    assert (
        f"{n} clocks compared, {k} agree, {n - k} disagree; {ours} only ours, "
        f"{vendor} only the vendor's"
    ) in section
    labels = {"both": "disagrees", "ours_only": "ours only", "vendor_only": "vendor only"}
    lines = section.splitlines()
    for c in expected.disagreements:
        assert f"  {labels[_side(c)]:<11}  {c}" in lines
    # Placed after the SLA section, before the goals (none here) -- as every format has it.
    assert out.index("SLA attainment") < out.index("Vendor SLA reconciliation")


def _jira_issues() -> list[Any]:
    return [json.loads(p.read_text()) for p in JIRA_FILES]


def _jira_histories() -> list[TicketHistory]:
    return list(
        jira.histories(_jira_issues(), status_map={"Awaiting Vendor": "on_hold"},
                       priority_map={"P1": "urgent"}, on_error="collect")
    )  # fmt: skip


@pytest.mark.parametrize("with_api", [False, True])
def test_jira_sla_fields_are_read_with_policy(
    with_api: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = _write(tmp_path, "map.toml", JMAP)
    extra = ["--vendor-sla", JIRA / "request_sla.json"] if with_api else []
    code, out, err = run(capsys, "--source", "jira", *JIRA_FILES, "--skip-bad-records", "--map",
                         mapping, "--policy", POLICY_FILE, "--at", AT.isoformat(), "--format",
                         "json", *extra)  # fmt: skip
    assert code == 0, err
    data = json.loads(out)["reconciliation"]
    sla = json.loads((JIRA / "request_sla.json").read_text()) if with_api else None
    verdicts, _ = jsm_verdicts(_jira_issues(), sla=sla, on_error="collect")
    assert verdicts  # the fixture's issues carry SLA fields
    expected = _expected(verdicts, _jira_histories(), PolicySet.from_file(POLICY_FILE))
    assert data["vendors"] == ["jsm"]
    want = _expected_row(expected)
    assert {k: data["overall"][k] for k in want} == want
    assert data["bad_records"] == []  # the deleted issue is the export's own bad record


def test_jira_without_sla_fields_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def strip(raw: Any) -> Any:
        for issue in raw.get("issues", []):
            fields = issue.get("fields") or {}
            for key in [k for k, v in fields.items() if isinstance(v, dict) and
                        ("completedCycles" in v or "ongoingCycle" in v)]:  # fmt: skip
                del fields[key]
        return raw

    files = [_write(tmp_path, p.name, json.dumps(strip(json.loads(p.read_text()))))
             for p in JIRA_FILES]  # fmt: skip
    mapping = _write(tmp_path, "map.toml", JMAP)
    args = ["--source", "jira", *files, "--skip-bad-records", "--map", mapping, "--policy",
            POLICY_FILE, "--at", AT.isoformat()]  # fmt: skip
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    assert "reconciliation" not in json.loads(out)
    assert "SLA attainment" in run(capsys, *args)[1]
    assert "reconciliation" not in run(capsys, *args)[1]


# -- errors ------------------------------------------------------------------------------------


def test_the_help_says_the_vendor_records_are_taken_back_to_at(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # What the vendor recorded after the snapshot is not its word at the snapshot
    # (report._reconcile.at_snapshot): --help says so where the vendor's records are given.
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    option = text[text.index("--vendor-sla FILE [FILE ...] ") :]
    option = option[: option.index(" --vendor-read-at INSTANT ")]
    assert "the vendor's records are taken back to --at" in option
    assert "events after it are not read into the vendor's verdict" in option


def test_vendor_sla_without_policy_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--source", "zendesk", *ZENDESK_FILES,
                         "--vendor-sla", ZD / "metric_events.json")  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("servicemodel report: error: --vendor-sla: needs --policy")


@pytest.mark.parametrize("source", ["eventlog", "summary", "jsonl", None])
def test_vendor_sla_with_a_source_that_has_none_names_those_that_do(
    source: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    picked = [] if source is None else ["--source", source]
    code, _, err = run(capsys, *picked, ZD / "tickets_page1.json", "--policy", POLICY_FILE,
                       "--vendor-sla", ZD / "metric_events.json")  # fmt: skip
    assert code == 2
    assert "--vendor-sla: --source " in err
    assert "has no SLA records of its own" in err
    assert "--source zendesk (Zendesk ticket metric events) or jira (" in err


def test_a_vendor_file_that_is_not_there(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--source", "zendesk", *ZENDESK_FILES, "--policy", POLICY_FILE,
                       "--vendor-sla", "no/such/events.json")  # fmt: skip
    assert code == 2
    assert "--vendor-sla: not a file: 'no/such/events.json'" in err


def _bad_events(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"ticket_id": 1001, "metric": "reply_time", "type": "breach", "time": "noon"}),
        "{not json",
        json.dumps({"ticket_id": 1002, "metric": "reply_time", "instance_id": 1,
                    "type": "apply_sla", "time": "2026-03-02T09:00:00Z", "sla": {"target": 5}}),
    ]  # fmt: skip
    return _write(tmp_path, "bad.jsonl", "\n".join(lines) + "\n")


def test_bad_vendor_records_stop_the_report_without_skip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = _write(tmp_path, "map.toml", ZMAP)
    bad = _bad_events(tmp_path)
    code, out, err = run(capsys, "--source", "zendesk", *ZENDESK_FILES, "--map", mapping,
                         "--policy", POLICY_FILE, "--vendor-sla", bad)  # fmt: skip
    assert (code, out) == (2, "")
    # The first bad record, named by file, line and path, with the way on.
    assert f"{bad}: line 1: metric_events[0].time: ticket 1001: time 'noon'" in err
    assert "--skip-bad-records" in err


def test_bad_vendor_records_are_counted_and_named_with_skip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = _write(tmp_path, "map.toml", ZMAP)
    bad = _bad_events(tmp_path)
    code, out, err = run(capsys, "--source", "zendesk", *ZENDESK_FILES, "--map", mapping,
                         "--skip-bad-records", "--policy", POLICY_FILE, "--format", "json",
                         "--vendor-sla", ZD / "metric_events.json", bad)  # fmt: skip
    assert code == 0, err
    assert "servicemodel report: 2 bad vendor SLA record(s) set aside" in err
    section = json.loads(out)["reconciliation"]
    records = section["bad_records"]
    assert len(records) == 2
    assert any(r.startswith(f"{bad}: line 1: metric_events[0].time: ") for r in records)
    assert any(r.startswith(f"{bad}: line 2: not JSON") for r in records)
    # The good record of the same file still counts: every verdict is compared or left out.
    events = json.loads((ZD / "metric_events.json").read_text())["ticket_metric_events"]
    good = json.loads(bad.read_text().splitlines()[2])
    verdicts, _ = zendesk_verdicts([*events, good])
    assert section["verdicts"] + section["outside"] + section["not_started"] == len(verdicts)


def test_options_refuse_verdicts_without_policies_and_non_verdicts() -> None:
    with pytest.raises(ConfigError, match=r"vendor_verdicts: .* give policies too"):
        ReportOptions(vendor_verdicts=[])
    with pytest.raises(InputTypeError, match=r"vendor_verdicts\[0\]: expected a VendorVerdict"):
        ReportOptions(policies=SLAPolicy("p", {}), vendor_verdicts=["7"])
    naive = VendorVerdict("7", "reply_time", 1, "breached", breached_at=datetime(2026, 3, 2))
    with pytest.raises(NaiveDatetimeError, match=r"vendor_verdicts\[0\]\.breached_at"):
        ReportOptions(policies=SLAPolicy("p", {}), vendor_verdicts=[naive])
    with pytest.raises(ConfigError, match="reconcile_tolerance"):
        ReportOptions(reconcile_tolerance=-timedelta(seconds=1))
    with pytest.raises(ConfigError, match="reconcile_listed"):
        ReportOptions(reconcile_listed=-1)


# -- each renderer -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> Any:
    policy = PolicySet.from_file(POLICY_FILE)
    options = ReportOptions(policies=policy, at=AT, vendor_verdicts=_zendesk_verdicts(),
                            reconcile_listed=4)  # fmt: skip
    return build_report(_zendesk_histories(), options)


def test_listing_is_the_first_n_in_a_stable_order(report: Any) -> None:
    section = report.reconciliation
    every = _expected(_zendesk_verdicts(), _zendesk_histories(), PolicySet.from_file(POLICY_FILE))
    assert section.listed == 4 < len(every.disagreements)
    two = [c for c in every.disagreements if _side(c) == "both"]
    one = [c for c in every.disagreements if _side(c) != "both"]
    assert 0 < len(two) < 4  # so the listing holds both: the disagreements first

    def key(c: Any) -> tuple[int, str, int]:  # the ids here are all numbers
        order = ["first_reply", "next_reply", "periodic_update", "resolution",
                 "requester_wait", "agent_work"]  # fmt: skip
        rank = order.index(c.metric) if c.metric in order else len(order)
        return int(c.ticket_id), f"{rank}{c.metric}", c.cycle

    want = [*sorted(two, key=key), *sorted(one, key=key)][:4]
    assert [(c.ticket_id, c.metric, c.cycle) for c in section.disagreements] == [
        (c.ticket_id, c.metric, c.cycle) for c in want
    ]
    text = render_text(report)
    assert f"First 4 of {len(two)} disagreements and {len(one)} clocks one side lacks" in text


def test_json_is_valid_against_the_schema(report: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).parents[1] / "src/servicemodel/report/schema/report-1.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    data = json.loads(render_json(report))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    broken = json.loads(json.dumps(data))
    del broken["reconciliation"]["overall"]["agreed"]
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)


def test_csv_rows_agree_with_the_json(report: Any) -> None:
    data = json.loads(render_json(report))["reconciliation"]
    rows = [r for r in csv.DictReader(io.StringIO(render_csv(report))) if r["section"] ==
            "reconcile"]  # fmt: skip
    got = {(r["metric"], r["segment"]): r for r in rows}
    for rec in [data["overall"], *data["by_metric"]]:
        seg = "" if rec is data["overall"] else f"metric={rec['metric']}"
        assert int(got["compared", seg]["value"]) == rec["compared"]
        assert int(got["agreed", seg]["value"]) == rec["agreed"]
        share = got["agreement", seg]
        if rec["compared"] == 0:  # a metric only one side has: no share, never 0 or 1
            assert (share["value"], rec["agreement"]) == ("", None)
        else:
            assert float(share["value"]) == rec["agreement"]
            assert float(share["lower"]) == rec["agreement_lower"]
        assert int(got["ours_only", seg]["value"]) == rec["ours_only"]
        assert int(got["vendor_only", seg]["value"]) == rec["vendor_only"]
        for name, kinds in (("disagreements", rec["reasons"]), ("one_sided", rec["one_sided"])):
            for kind, n in kinds.items():
                kseg = ";".join(filter(None, (seg, f"kind={kind}")))
                assert int(got[name, kseg]["value"]) == n
    listed = [r for r in rows if r["metric"] in ("disagreement", "one_sided_clock")]
    assert [r["note"].split(": ", 1)[1] for r in listed] == [
        d["reason"] for d in data["disagreements"]
    ]
    for r, d in zip(listed, data["disagreements"], strict=True):
        assert (r["metric"] == "disagreement") == (d["side"] == "both")
        side = "" if d["side"] == "both" else f";side={d['side']}"
        n = d["vendor_instance"]
        assert r["segment"].endswith(side + ("" if n is None else f";vendor_instance={n}"))
        assert f";cycle={d['cycle']};" in f"{r['segment']};"


class _Keys(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        found = dict(attrs_)
        if found.get("data-key"):
            self.keys.append(str(found["data-key"]))
        if tag == "section" and found.get("id"):
            self.ids.append(str(found["id"]))


def test_html_has_the_section_with_every_count_keyed(report: Any) -> None:
    page = render_html(report, charts=False)
    parser = _Keys()
    parser.feed(page)
    assert parser.ids.index("reconciliation") == parser.ids.index("sla") + 1
    data = json.loads(render_json(report))["reconciliation"]
    for rec in data["by_metric"]:
        for name in ("compared", "agreed", "disagreed", "agreement", "ours_only", "vendor_only"):
            assert f"reconcile|{name}|metric={rec['metric']}|" in parser.keys
    assert "reconcile|agreement||" in parser.keys
    assert "Vendor SLA reconciliation" in page


def test_markdown_has_the_section_and_each_listed_ticket(report: Any) -> None:
    md = render_markdown(report)
    section = md[md.index("## Vendor SLA reconciliation") :]
    for c in report.reconciliation.disagreements:
        assert f"| {c.ticket_id} |" in section
    assert md.index("## SLA attainment") < md.index("## Vendor SLA reconciliation")


# -- the snapshot ------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_vendor_verdicts_stand_at_the_snapshot() -> None:
    # Reply 90 minutes in against a 1 h target: the vendor fulfilled and breached; at a
    # snapshot 30 minutes in both clocks still run, and the two agree.
    h = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=90))])
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    v = VendorVerdict("7", "reply_time", 1, "breached", breached_at=T0 + timedelta(hours=1),
                      fulfilled_at=T0 + timedelta(minutes=90), started_at=T0,
                      elapsed=timedelta(minutes=90))  # fmt: skip
    later = VendorVerdict("7", "reply_time", 2, "achieved", started_at=T0 + timedelta(hours=2))
    early = at_snapshot(v, T0 + timedelta(minutes=30))
    assert early is not None
    assert (early.state, early.breached_at, early.fulfilled_at, early.elapsed) == (
        "active", None, None, None,
    )  # fmt: skip
    assert at_snapshot(later, T0 + timedelta(minutes=30)) is None
    for minutes, vendor_only, not_started in ((30, 0, 1), (120, 1, 0)):
        at = T0 + timedelta(minutes=minutes)
        options = ReportOptions(policies=policy, at=at, vendor_verdicts=[v, later])
        section = build_report([h], options).reconciliation
        assert section is not None
        # The first reply agrees both times (running at 30 min, breached at 1 h by 120 min);
        # by 120 min the vendor's second reply clock has started, and we run none: a clock
        # only the vendor has, not compared.
        assert (section.overall.compared, section.overall.agreed) == (1, 1)
        assert (section.overall.ours_only, section.overall.vendor_only) == (0, vendor_only)
        assert section.not_started == not_started
    # The same instants in another zone: compared in UTC.
    berlin = ZoneInfo("Europe/Berlin")
    shifted = attrs.evolve(v, breached_at=T0.astimezone(berlin) + timedelta(hours=1))
    found = at_snapshot(shifted, T0 + timedelta(minutes=59))
    assert found is not None
    assert found.state == "active"


def test_verdicts_outside_the_selection_are_counted_not_compared() -> None:
    h = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=30))])
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    verdicts = [VendorVerdict("7", "reply_time", 1, "achieved"),
                VendorVerdict("8", "reply_time", 1, "achieved")]  # fmt: skip
    section = build_report([h], ReportOptions(policies=policy, vendor_verdicts=verdicts))
    rec = section.reconciliation
    assert rec is not None
    assert (rec.outside, rec.verdicts, rec.overall.compared, rec.overall.agreed) == (1, 1, 1, 1)
    assert "1 vendor verdict(s) on tickets outside the selection" in render_text(section)


# -- an export's own verdict columns (the --map file's [sla_verdicts]) --------------------------

CALENDAR_POLICY = """\
[[policies]]
name = "calendar"
pause = []
[policies.targets]
""" + "".join(
    f'{p} = [{{ metric = "first_reply", within = "1h", time = "calendar" }}, '
    f'{{ metric = "resolution", within = "8h", time = "calendar" }}]\n'
    for p in ("low", "normal", "high", "urgent")
)


def test_verdict_columns_named_in_the_map_are_reconciled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tomllib

    from servicemodel.io import summary
    from servicemodel.reconcile import VerdictRules, attribute_verdicts

    root = Path(__file__).parents[1]
    mapping = root / "examples" / "mappings" / "freshdesk-csv.toml"
    export = DATA / "summary" / "freshdesk_tickets.csv"
    policy = _write(tmp_path, "calendar.toml", CALENDAR_POLICY)
    args = ["--source", "summary", export, "--map", mapping, "--format", "json"]
    code, out, err = run(capsys, *args, "--policy", policy)
    assert code == 0, err
    data = json.loads(out)
    section = data["reconciliation"]
    with open(mapping, "rb") as fh:
        loaded = summary.load(export, **tomllib.load(fh))
    verdicts, _ = attribute_verdicts(loaded.histories, VerdictRules.from_mapping_file(mapping))
    at = datetime.fromisoformat(data["scope"]["as_of"])
    expected = reconcile(
        verdicts, evaluate_many(PolicySet.from_file(policy), loaded.histories, at=at)
    )
    assert section["vendors"] == ["export"]
    want = _expected_row(expected)
    assert {k: section["overall"][k] for k in want} == want
    # The CSV's empty verdict cells are clocks only we have, never in the agreement share.
    assert want["ours_only"] > 0
    assert section["overall"]["agreement"] == want["agreed"] / want["compared"]
    # Without --policy there is nothing to put the columns beside: no section, no error.
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert "reconciliation" not in json.loads(out)
