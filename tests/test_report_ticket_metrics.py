"""The report's ticket metrics section: Zendesk's Ticket Metrics durations beside ours.

``servicemodel report --source zendesk`` reads the Ticket Metrics records the export carries
(a ticket's ``metric_set``, a page's ``metric_sets``, a Ticket Metrics file) and shows, per
field and clock, how many durations agree and why the others do not. A report without such
records has no section. Law (Hypothesis): the section's counts are those of
``zendesk_ticket_metrics`` run directly on the report's histories and records.
"""

from __future__ import annotations

import json
import re
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import ZENDESK_DURATIONS, zendesk_ticket_metrics
from servicemodel.reconcile._shared import CLI_HINTS, durations_outcome
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._ticket_metrics import (
    policy_calendar,
    read_metric_records,
    ticket_metrics_section,
)
from servicemodel.sla import PolicySet, SLAPolicy, Target
from servicemodel.strategies import calendars, histories

DATA = Path(__file__).parent / "data" / "zendesk"
DURATIONS = sorted((DATA / "durations").glob("*.json"))
METRIC_SETS = sorted((DATA / "metric_sets").glob("*.json"))
PLAIN = [DATA / "tickets_page1.json", DATA / "tickets_page2.json", DATA / "audits.jsonl"]
SCHEMA = json.loads(
    (Path(__file__).parents[1] / "src/servicemodel/report/schema/report-1.json").read_text(
        encoding="utf-8"
    )
)
TITLE = "Zendesk's ticket metrics beside ours"
POLICY = Path(__file__).parents[1] / "examples/policies/standard.toml"


def _run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", "--source", "zendesk", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *args: Any) -> dict[str, Any]:
    code, out, _ = _run(capsys, "--format", "json", *args)
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    return data


# --- the CLI on the fixtures ----------------------------------------------------------------


def test_text_on_a_ticket_metrics_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *DURATIONS)
    assert code == 0
    section = out[out.index(TITLE) :]
    assert "32 durations compared on 5 tickets: 24 agree, 8 disagree" in section
    assert "left out: 1 selected ticket(s) without a Ticket Metrics record" in section
    assert "no business-hours calendar" in section
    rows = {" ".join(line.split()[:2]): line.split()[2:] for line in section.splitlines()}
    assert rows["reply_time_in_minutes calendar"] == ["5", "3", "2"]
    assert rows["first_resolution_time_in_minutes business"] == ["3", "3", "0"]
    # 9104's first reply came through ticket sharing, as its audit's via says.
    kinds = ("ticket-sharing comment", "a reopen", "automated reply", "business vs calendar")
    for kind in kinds:
        assert f"  {kind}" in section
    assert "ticket 9102 reply_time_in_minutes (calendar): vendor 0 min, ours 60 min" in section


def test_json_on_a_ticket_metrics_file(capsys: pytest.CaptureFixture[str]) -> None:
    got = _json(capsys, *DURATIONS)["ticket_metrics"]
    assert (got["compared"], got["agreed"], got["disagreed"]) == (32, 24, 8)
    assert (got["tickets"], got["unmatched"], got["outside"]) == (5, 1, 0)
    assert got["calendar"] is None
    assert got["bad_records"] == []
    assert {r["kind"]: r["count"] for r in got["reasons"]} == {
        "ticket-sharing comment": 2,
        "a reopen": 2,
        "automated reply": 2,
        "business vs calendar minutes": 2,
    }
    first = got["disagreements"][0]
    assert first["ticket_id"] == "9102"
    assert first["vendor"] == 0
    assert first["ours"] == 60
    # Each listed duration names the file and record it was read from.
    assert first["path"].endswith(
        "ticket_metrics.json: [0].ticket_metrics[1].reply_time_in_minutes.calendar"
    )


def test_json_on_metric_sets_in_the_pages(capsys: pytest.CaptureFixture[str]) -> None:
    got = _json(capsys, *METRIC_SETS)["ticket_metrics"]
    assert (got["compared"], got["agreed"], got["tickets"]) == (2, 1, 5)
    [row_calendar, row_business] = got["by_field"]
    assert row_calendar["field"] == "full_resolution_time_in_minutes"
    assert (row_calendar["agreed"], row_business["agreed"]) == (1, 0)
    assert row_business["reasons"] == [{"kind": "business vs calendar minutes", "count": 1}]
    assert "tickets.json: [0].tickets[0].metric_set" in got["disagreements"][0]["path"]


def test_text_on_metric_sets_in_the_pages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *METRIC_SETS)
    assert code == 0
    assert "2 durations compared on 5 tickets: 1 agree, 1 disagree" in out
    assert "ticket 2001 full_resolution_time_in_minutes (business): vendor 600 min" in out


def test_business_minutes_on_the_policies_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    got = _json(capsys, "--policy", POLICY, *METRIC_SETS)["ticket_metrics"]
    assert got["calendar"] == "the SLA policies' calendar"
    # Mon 09:00 to Tue 10:00 Berlin office hours (08:00-18:00 local, UTC+1): 11 hours.
    listed = got["disagreements"][0]
    assert (listed["vendor"], listed["ours"]) == (600, 660)
    assert listed["reason"].startswith("business minutes differ")


def test_markdown_html_and_csv_have_the_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, md, _ = _run(capsys, "--format", "markdown", *DURATIONS)
    assert code == 0
    assert f"## {TITLE}" in md.replace("\\'", "'")
    assert "| reply\\_time\\_in\\_minutes | calendar | 5 | 3 | 2 |" in md
    code, html, _ = _run(capsys, "--format", "html", *DURATIONS)
    assert code == 0
    assert '<section id="ticket-metrics">' in html
    assert "automated reply" in html
    code, csv_text, _ = _run(capsys, "--format", "csv", *DURATIONS)
    assert code == 0
    rows = csv_text.splitlines()
    # Counts: no n, so no missing or censored either (the last two columns empty).
    assert "ticket_metrics,compared,,,32,,,,,,," in rows
    assert "ticket_metrics,agreed,field=reply_time_in_minutes;clock=calendar,,3,,,,,,," in rows
    assert "ticket_metrics,disagreements,kind=a reopen,,2,,,,,,," in rows


# --- no metric sets, no section -------------------------------------------------------------


def test_no_section_without_metric_sets(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "--skip-bad-records", *PLAIN)
    assert "ticket_metrics" not in data
    _, out, _ = _run(capsys, "--skip-bad-records", *PLAIN)
    assert TITLE not in out
    assert "Ticket Metrics" not in out


def test_no_section_on_another_source(capsys: pytest.CaptureFixture[str]) -> None:
    sample = Path(__file__).parents[1] / "examples/data/tickets.jsonl"
    code = main(["report", "--format", "json", str(sample)])
    data = json.loads(capsys.readouterr()[0])
    assert code == 0
    assert "ticket_metrics" not in data


def test_build_report_without_the_option_has_none() -> None:
    report = build_report([_history("7", 42)])
    assert report.ticket_metrics is None
    assert "ticket_metrics" not in report.sections()
    assert TITLE not in render_text(report)
    assert TITLE not in render_markdown(report)


# --- bad records ----------------------------------------------------------------------------


def _metrics_file(tmp: Path, records: list[Any]) -> Path:
    path = tmp / "ticket_metrics.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


GOOD = {"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 42, "business": 42}}
BAD_VALUE = {"ticket_id": 9102, "reply_time_in_minutes": {"calendar": -3, "business": 0}}
NO_ID = {"reopens": 0, "reply_time_in_minutes": {"calendar": 1, "business": 1}}


def test_a_bad_duration_stops_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _metrics_file(tmp_path, [GOOD, BAD_VALUE])
    files = [DATA / "durations/tickets.json", DATA / "durations/audits.json", path]
    code, out, text = _run(capsys, *files)
    assert code != 0
    assert out == ""
    assert "ticket_metrics.jsonl" in text
    assert "line 2" in text
    assert "reply_time_in_minutes.calendar" in text
    assert "--skip-bad-records" in text


def test_skip_bad_records_sets_it_aside_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _metrics_file(tmp_path, [GOOD, BAD_VALUE, NO_ID, {**GOOD, "ticket_id": 424242}])
    files = [DATA / "durations/tickets.json", DATA / "durations/audits.json", path]
    code, out, err = _run(capsys, "--skip-bad-records", "--format", "json", *files)
    assert code == 0
    data = json.loads(out)
    got = data["ticket_metrics"]
    # The bad duration: the section's own bad record (the loader does not read durations).
    assert len(got["bad_records"]) == 1
    assert "line 2" in got["bad_records"][0]
    assert "1 bad Ticket Metrics record(s) set aside" in err
    # The record without a ticket id: the loader's bad record, not counted again here.
    assert len(data["source"]["bad_records"]) == 1
    assert "line 3" in data["source"]["bad_records"][0]
    # A record of a ticket the export does not hold: left out, not bad.
    assert got["outside"] == 1
    assert (got["tickets"], got["compared"]) == (1, 2)


def test_pages_are_read_as_zendesk_ticket_metrics_reads_them(tmp_path: Path) -> None:
    # A ticket's own metric_set wins over its page's entry (the loader reads it first), and
    # the export's empty last page gives no record and no error.
    page_entry = {"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 1, "business": 1}}
    pages = tmp_path / "tickets.jsonl"
    pages.write_text(
        json.dumps({"tickets": [{"id": 9101, "metric_set": GOOD}], "metric_sets": [page_entry]})
        + "\n"
        + json.dumps({"tickets": [], "end_of_stream": True})
        + "\n",
        encoding="utf-8",
    )
    found = read_metric_records([pages])
    assert [where for _, where, _ in found.places] == ["[0].tickets[0].metric_set"]
    # The page's entry, not read, differs from the one read: the section notes it.
    assert found.others == (
        (
            "9101",
            f"ticket 9101: {pages}: line 1: [0].metric_sets[0] differs from the record "
            f"compared, {pages}: line 1: [0].tickets[0].metric_set",
        ),
    )
    hs = [_history("9101", 42)]
    section = ticket_metrics_section(hs, found.records, places=found.places, others=found.others)
    direct, errors = zendesk_ticket_metrics(hs, [pages])
    assert errors == ()
    assert (section.compared, section.agreed) == (len(direct.comparisons), direct.agreements)
    assert section.agreed == 2
    assert section.differing == (found.others[0][1],)
    assert "1 other record(s) of a compared ticket that differ" in section.left_out()


# --- the Python API -------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _history(tid: str, minutes: int) -> TicketHistory:
    return TicketHistory(Ticket(tid, T0), [AgentReply(f"r{tid}", T0 + timedelta(minutes=minutes))])


def test_build_report_with_records_and_renderers() -> None:
    records = [{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42, "business": 30}}]
    report = build_report([_history("7", 42)], ReportOptions(ticket_metrics=records))
    section = report.ticket_metrics
    assert section is not None
    assert (section.compared, section.agreed, section.tickets) == (2, 1, 1)
    assert list(report.sections())[-1] == "ticket_metrics"
    assert TITLE in render_text(report)
    assert "ticket metrics beside ours" in render_html(report, charts=False)
    data = json.loads(render_json(report))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["ticket_metrics"]["disagreements"][0]["path"] == (
        "metric_records[0].reply_time_in_minutes.business"
    )


def test_records_of_tickets_outside_the_selection_are_left_out() -> None:
    early, late = _history("7", 10), TicketHistory(Ticket("8", T0 + timedelta(days=2)), [])
    records = [
        {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 10, "business": 10}},
        {"ticket_id": 8, "reply_time_in_minutes": None},
    ]
    opts = ReportOptions(ticket_metrics=records, at=T0 + timedelta(days=1))
    section = build_report([early, late], opts).ticket_metrics
    assert section is not None
    assert (section.outside, section.tickets, section.bad_records) == (1, 1, ())


def test_options_refuse_what_is_no_record_list() -> None:
    with pytest.raises(InputTypeError, match="ticket_metrics: expected"):
        ReportOptions(ticket_metrics={"ticket_id": 7})
    with pytest.raises(InputTypeError, match=r"ticket_metrics_places\[0\]"):
        ReportOptions(ticket_metrics=[], ticket_metrics_places=[("f", "p")])
    with pytest.raises(Exception, match="'raise' or 'collect'"):
        ReportOptions(ticket_metrics=[], ticket_metrics_on_error="ignore")
    # A place for each record, or none: a bad second record had none to be named by, and
    # the section raised an IndexError.
    record = {"ticket_id": 7, "reply_time_in_minutes": "x"}
    with pytest.raises(
        ConfigError, match=r"one place for each of the 2 items of ticket_metrics, .* got 1"
    ):
        ReportOptions(ticket_metrics=[record, record], ticket_metrics_places=[("f", "[0]", 1)])
    with pytest.raises(ConfigError, match="each of the 0 items"):
        ReportOptions(ticket_metrics_places=[("f", "[0]", 1)])
    placed = ReportOptions(ticket_metrics=[record], ticket_metrics_places=[("f", "[0]", 1)],
                           ticket_metrics_on_error="collect")  # fmt: skip
    section = build_report([_history("7", 42)], placed).ticket_metrics
    assert section is not None
    assert section.bad_records[0].startswith("f: line 1: [0].reply_time_in_minutes: ticket 7")


# --- the law: the section counts what zendesk_ticket_metrics counts --------------------------

_FIELDS = sorted(ZENDESK_DURATIONS)
_MINUTES = st.one_of(st.none(), st.integers(0, 3000))


@st.composite
def _record(draw: st.DrawFn, tid: str) -> dict[str, Any]:
    rec: dict[str, Any] = {"ticket_id": int(tid) if tid.isdigit() else tid}
    for field in draw(st.lists(st.sampled_from(_FIELDS), unique=True, max_size=4)):
        if field == "reply_time_in_seconds":
            rec[field] = {"calendar": draw(_MINUTES)}
        else:
            rec[field] = draw(st.one_of(st.none(), st.fixed_dictionaries(
                {"calendar": _MINUTES, "business": _MINUTES})))  # fmt: skip
    return rec


@st.composite
def _case(draw: st.DrawFn) -> tuple[list[TicketHistory], list[dict[str, Any]], Any]:
    hs = draw(st.lists(histories(max_events=6), max_size=5, unique_by=lambda h: h.id))
    records = [draw(_record(h.id)) for h in hs if draw(st.booleans())]
    records += [draw(_record(t)) for t in draw(st.lists(st.sampled_from(["999001", "x9"])))]
    return hs, draw(st.permutations(records)), draw(st.none() | calendars())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_case())
def test_section_counts_are_zendesk_ticket_metrics(case: Any) -> None:
    hs, records, cal = case
    policies = None if cal is None else SLAPolicy(
        "p", {"normal": [Target("first_reply", "1h")]}, calendar=cal)  # fmt: skip
    report = build_report(hs, ReportOptions(policies=policies, ticket_metrics=records,
                                            ticket_metrics_on_error="collect"))  # fmt: skip
    section = report.ticket_metrics
    assert section is not None
    used = None if cal is None or cal.is_always_open else cal
    # Every history is selected: the snapshot is the export's last event.
    direct, errors = zendesk_ticket_metrics(hs, records, calendar=used, on_error="collect")
    assert section.compared == len(direct.comparisons)
    assert section.agreed == direct.agreements
    assert section.unmatched == direct.unmatched
    assert section.tickets == len(hs) - direct.unmatched
    assert section.outside + len(section.bad_records) == len(errors)
    # Told apart by structure: a record of a ticket outside the selection is no bad record.
    outcome = durations_outcome(hs, records, calendar=used, on_error="collect")
    assert section.outside == len(outcome.unknown)
    assert list(section.bad_records) == [str(e) for e in outcome.bad]
    assert dict(section.reasons) == dict(direct.reasons())
    by_field = {(r.field, r.clock): (r.agreed, r.disagreed) for r in section.by_field}
    assert by_field == direct.by_field()
    for row in section.by_field:  # each row's kinds: its own disagreements, counted once
        mine = [c for c in direct.disagreements if (c.field, c.clock) == (row.field, row.clock)]
        assert sum(n for _, n in row.reasons) == row.disagreed == len(mine)
    assert len(section.disagreements) == min(len(direct.disagreements), section.listed)

    def key(c: Any) -> tuple[Any, ...]:
        return (c.ticket_id, c.field, c.clock, c.vendor, c.ours, c.reason)

    # The same reasons, whose hints name the command's options (CLI_HINTS).
    told = durations_outcome(hs, records, calendar=used, on_error="collect", hints=CLI_HINTS)
    assert {key(c) for c in section.disagreements} <= {
        key(c) for c in told.reconciliation.disagreements
    }


def test_a_line_that_is_not_json_is_counted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ticket_metrics.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{not json\n", encoding="utf-8")
    files = [DATA / "durations/tickets.json", DATA / "durations/audits.json", path]
    data = json.loads(_run(capsys, "--skip-bad-records", "--format", "json", *files)[1])
    assert len(data["source"]["bad_records"]) == 1
    assert "line 2" in data["source"]["bad_records"][0]
    assert data["ticket_metrics"]["bad_records"] == []
    assert data["ticket_metrics"]["compared"] == 2


# --- the documentation ----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_the_exports_page_shows_what_the_command_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    part = page[page.index("#### In the report: the ticket metrics section") :]
    part = part[: part.index("\n### ")]
    (command,) = re.findall(r"```console\n\$ (.*?)```", part, re.S)
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:2] == ["servicemodel", "report"]
    (shown,) = re.findall(r"```text\n(.*?)```", part, re.S)
    monkeypatch.chdir(ROOT)  # the command names the fixtures relative to the repository root
    assert main(words[1:]) == 0
    out = capsys.readouterr().out
    assert out[out.index(TITLE) :] == shown


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1e9, allow_nan=False))
def test_a_listed_duration_is_its_number_to_two_decimals(x: float) -> None:
    # The Markdown and HTML listing: 42.001 min is "42 min", never "42." (a point with no
    # digit after it); every shown number is within half a hundredth of the duration.
    from servicemodel.report._ticket_metrics_tables import _number

    text, unit = _number(x, "min").split(" ")
    assert unit == "min"
    assert not text.endswith(".")
    assert abs(float(text) - x) <= 0.005 + 1e-9 * x


class _OwnCalendar:
    """A calendar of one's own (the calendar protocol) whose ``==`` raises."""

    is_always_open = False

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return b - a

    def add(self, t: datetime, d: timedelta) -> datetime:
        return t + d

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no == for this calendar")

    __hash__ = object.__hash__


def test_policies_on_calendars_whose_equality_raises_share_none() -> None:
    # Two policies on two calendars of one's own that cannot be compared: no one calendar,
    # ours is calendar time -- never the calendar's RuntimeError from the report.
    one, other = _OwnCalendar(), _OwnCalendar()
    targets = {"normal": [Target("first_reply", "1h")]}
    policies = PolicySet([SLAPolicy("a", targets, calendar=one),
                          SLAPolicy("b", targets, calendar=other)])  # fmt: skip
    assert policy_calendar(policies) is None
    same = PolicySet([SLAPolicy("a", targets, calendar=one), SLAPolicy("b", targets, calendar=one)])
    assert policy_calendar(same) is one
    records = [{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42, "business": 42}}]
    section = build_report(
        [_history("7", 42)], ReportOptions(policies=policies, ticket_metrics=records)
    ).ticket_metrics
    assert section is not None
    assert (section.calendar, section.compared, section.agreed) == ("", 2, 2)


def test_a_tickets_own_metric_set_without_ticket_id_is_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The incremental export's metric_set need not name its ticket: it is the ticket's, as
    # the loader reads it, so the report compares it rather than stopping on it.
    pages = json.loads((DATA / "durations/tickets.json").read_text(encoding="utf-8"))
    records = json.loads((DATA / "durations/ticket_metrics.json").read_text(encoding="utf-8"))
    by_id = {r["ticket_id"]: r for r in records["ticket_metrics"]}
    for ticket in pages["tickets"]:
        if ticket["id"] in by_id:
            record = by_id[ticket["id"]]
            ticket["metric_set"] = {k: v for k, v in record.items() if k != "ticket_id"}
    own = tmp_path / "tickets.json"
    own.write_text(json.dumps(pages), encoding="utf-8")
    got = _json(capsys, own, DATA / "durations/audits.json")["ticket_metrics"]
    want = _json(capsys, *DURATIONS)["ticket_metrics"]
    assert (got["compared"], got["agreed"], got["bad_records"]) == (32, 24, [])
    assert got["by_field"] == want["by_field"]
    assert got["disagreements"][0]["path"].endswith(
        "tickets.json: [0].tickets[1].metric_set.reply_time_in_minutes.calendar"
    )


# --- which record: the first found, as the loader reads it ----------------------------------

_TICKET = {"id": 9101, "created_at": "2026-05-04T09:00:00Z",
           "updated_at": "2026-05-04T11:00:00Z", "status": "open", "requester_id": 711}  # fmt: skip


def _metric(reopens: int) -> dict[str, Any]:
    # Each record says which it is by its reopens, and its reply time differs with it.
    return {"ticket_id": 9101, "reopens": reopens,
            "reply_time_in_minutes": {"calendar": reopens, "business": reopens}}  # fmt: skip


def test_a_pages_metric_sets_entry_wins_over_a_ticket_metrics_file_as_in_the_histories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The page lists the ticket's record (reopens 1); a Ticket Metrics file holds another
    # (reopens 2). The histories read the page's (the first found), and so does the section,
    # noting the file's, which differs; the same record twice is no note.
    pages = tmp_path / "tickets.json"
    pages.write_text(json.dumps({"tickets": [_TICKET], "metric_sets": [_metric(1)]}))
    for other, note in ((_metric(2), True), (_metric(1), False)):
        metrics = _metrics_file(tmp_path, [other])
        for files in ([pages, metrics], [metrics, pages]):
            got = _json(capsys, *files)["ticket_metrics"]
            (listed,) = (c for c in got["disagreements"] if c["clock"] == "calendar")
            assert listed["vendor"] == 1
            assert listed["path"].startswith(f"{pages}: [0].metric_sets[0].")
            assert len(got["differing_records"]) == note
            if note:
                assert got["differing_records"][0] == (
                    f"ticket 9101: {metrics}: line 1: [0] differs from the record compared, "
                    f"{pages}: [0].metric_sets[0]"
                )
                code, out, _ = _run(capsys, *files)
                assert code == 0
                assert "1 other record(s) of a compared ticket that differ" in out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    own=st.booleans(),
    page=st.integers(0, 2),
    given_=st.integers(0, 2),
    metrics_first=st.booleans(),
    same=st.booleans(),
)
def test_the_section_compares_the_record_the_loader_reads(
    own: bool, page: int, given_: int, metrics_first: bool, same: bool
) -> None:
    # Law: whatever the records of a ticket -- its own metric_set, its page's metric_sets
    # entries, a Ticket Metrics file's records, the files in either order -- the section
    # compares the one the loader reads (its reopens), and notes each other record that
    # differs from it (none when all are the same record).
    import tempfile

    from servicemodel.io import zendesk
    from servicemodel.model import REOPENS_ATTRIBUTE

    n = iter(range(1, 100))
    ticket = dict(_TICKET)
    if own:
        ticket["metric_set"] = _metric(1 if same else next(n))
    entries = [_metric(1 if same else next(n)) for _ in range(page)]
    records = [_metric(1 if same else next(n)) for _ in range(given_)]
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "tickets.json"
        pages.write_text(json.dumps({"tickets": [ticket], "metric_sets": entries}))
        files = [pages]
        if records:
            metrics = _metrics_file(Path(tmp), records)
            files = [metrics, pages] if metrics_first else [pages, metrics]
        (h,) = zendesk.load(files).histories
        found = read_metric_records(files)
    read = h.ticket.attributes.get(REOPENS_ATTRIBUTE)
    if not (own or page or given_):
        assert (read, found.records, found.others) == (None, (), ())
        return
    (record,) = found.records
    assert record["reopens"] == read
    assert len(found.others) == (0 if same else own + page + given_ - 1)


@pytest.mark.parametrize("others", [[("7",)], [("7", 8)], "ab", [["7", "x"]]])
def test_options_refuse_others_that_are_no_ticket_and_text_pairs(others: Any) -> None:
    with pytest.raises(InputTypeError, match="ticket_metrics_others"):
        ReportOptions(ticket_metrics_others=others)


def test_others_of_tickets_outside_the_selection_are_no_note() -> None:
    records = [{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42, "business": 42}}]
    others = [("7", "ticket 7: a.json: [1] differs"), ("8", "ticket 8: a.json: [2] differs")]
    options = ReportOptions(ticket_metrics=records, ticket_metrics_others=others)
    section = build_report([_history("7", 42)], options).ticket_metrics
    assert section is not None
    assert section.differing == ("ticket 7: a.json: [1] differs",)
    assert render_json(build_report([_history("7", 42)], options)).count("differing") == 1
