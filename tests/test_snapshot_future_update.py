"""A tickets' latest update after the time the report is made is refused as the snapshot.

An export read now was pulled before now, so an ``updated`` after now is a skewed helpdesk
clock or a typo (year 2099). Taken as the snapshot it would make every open ticket that much
older (censored times, backlog ages, SLA clocks running to 2099). The laws: a report built
with such an update is the report built without it, plus the warning (``Scope.refused_update``,
``Scope.made_at``) in the text, the JSON, the Markdown and the HTML, and on standard error in
the command line; an update not after now keeps the rule it had; an update at or before the
last event (one earlier than its ticket's own events, a contradiction) moves nothing and warns
of nothing. ``servicemodel assess`` follows the same rule.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel import _assess_cli
from servicemodel.blueprint import Blueprint, assess
from servicemodel.blueprint import render_html as assessment_html
from servicemodel.blueprint import render_text as assessment_text
from servicemodel.blueprint._render import assessment_to_dict
from servicemodel.cli import main
from servicemodel.errors import NaiveDatetimeError
from servicemodel.io import LoadResult, load_jsonl, zendesk
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.report import (
    Report,
    ReportOptions,
    build_report,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._select import select

DATA = Path(__file__).parent / "data"
ZENDESK = [DATA / "zendesk" / "tickets_page1.json", DATA / "zendesk" / "tickets_page2.json"]
AUDITS = DATA / "zendesk" / "audits.jsonl"
ZD_STATUS = {"9002": "pending"}
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)  # the time the report is made, in the tests
SKEWED = datetime(2099, 3, 6, 10, tzinfo=UTC)
offsets = st.integers(min_value=0, max_value=24 * 60 * 20).map(lambda m: timedelta(minutes=m))


@st.composite
def _histories(draw: st.DrawFn) -> list[TicketHistory]:
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        created = T0 + draw(offsets)
        replies = sorted(draw(st.lists(offsets, max_size=2)))
        events = [AgentReply(f"r{i}.{k}", created + d) for k, d in enumerate(replies)]
        out.append(TicketHistory(Ticket(str(i), created), events))
    return out


def _last(histories: list[TicketHistory]) -> datetime:
    return max(h.last_event_at.astimezone(UTC) for h in histories)


def _with_warning(report: Report, refused: datetime, now: datetime) -> Report:
    assert report.scope is not None
    scope = attrs.evolve(report.scope, refused_update=refused, made_at=now)
    return attrs.evolve(report, scope=scope)


# -- the laws --------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    _histories(),
    st.integers(min_value=1, max_value=10**6).map(lambda s: timedelta(seconds=s)),
    st.integers(min_value=0, max_value=400).map(lambda d: timedelta(days=d)),
    st.sampled_from(["UTC", "Europe/Berlin"]),
)
def test_an_update_after_now_gives_the_report_without_it_plus_the_warning(
    histories: list[TicketHistory], ahead: timedelta, later: timedelta, tz: str
) -> None:
    # ``now`` anywhere at or after the last event; the update after it.
    now = _last(histories) + later
    seen = now + ahead
    told = build_report(histories, ReportOptions(tz=tz, observed_until=seen, now=now))
    plain = build_report(histories, ReportOptions(tz=tz, now=now))
    assert told == _with_warning(plain, seen, now)
    assert told.scope is not None
    assert (told.scope.as_of, told.scope.basis) == (_last(histories), "last_event")
    (warning,) = told.scope.warnings()
    assert f"the tickets' latest update, {seen.isoformat()}, is after the time" in warning
    assert f"this report was made ({now.isoformat()})" in warning
    assert plain.scope is not None
    assert plain.scope.warnings() == ()


def _taken(warning: str) -> str:
    """What a warning says the snapshot is."""
    if "It is not taken as the snapshot (" in warning:
        return warning.split("It is not taken as the snapshot (")[1].split(" is); pass")[0]
    return warning.split("The snapshot is ")[1].split("; tickets created after it")[0]


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets, st.booleans())
def test_an_update_after_now_names_the_snapshot_the_events_warning_names(
    histories: list[TicketHistory], to_now: timedelta, instant_up_to_now: bool
) -> None:
    # ``now`` anywhere among the instants (or before all): events after it are refused too,
    # and the update's warning names the snapshot as the events' warning does, truly.
    now = T0 + to_now if instant_up_to_now else T0 - timedelta(minutes=1)
    seen = SKEWED
    _, scope = select(histories, observed_until=seen, now=now)
    said = scope.warnings()
    update = next(w for w in said if w.startswith("the tickets' latest update"))
    instants = [t for h in histories for t in (h.created_at, *(e.at for e in h.events))]
    kept = [t for t in instants if t <= now]
    if len(said) == 1:  # nothing after now but the update: the last event is the snapshot
        assert _taken(update) == "the export's last event"
        assert scope.as_of == max(instants)
        return
    events = next(w for w in said if w is not update)
    assert _taken(update) == _taken(events)
    if kept:
        assert _taken(update) == "the export's last instant up to that time"
        assert scope.as_of == max(kept)
    else:
        assert _taken(update) == "that time itself, as no instant of the export is up to it"
        assert scope.as_of == now


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets, offsets)
def test_an_update_not_after_now_keeps_its_rule(
    histories: list[TicketHistory], past_last: timedelta, to_now: timedelta
) -> None:
    seen = _last(histories) + past_last
    now = seen + to_now  # the update at or before now: taken where later than the last event
    _, scope = select(histories, observed_until=seen, now=now)
    _, before = select(histories, observed_until=seen)  # no time to check against
    assert scope == before
    assert scope.as_of == max(seen, _last(histories))
    assert (scope.refused_update, scope.made_at, scope.warnings()) == (None, None, ())


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets, st.booleans())
def test_an_update_at_or_before_the_last_event_moves_nothing(
    histories: list[TicketHistory], before: timedelta, future_now: bool
) -> None:
    # An ``updated`` earlier than its ticket's own creation or last event (a contradiction in
    # the export) is at or before the export's last event: the report is the one without it,
    # with no warning (the snapshot waits for the last event anyway). ``now`` is at or after
    # the last event: events after it are refused too (tests/test_snapshot_future_events.py).
    seen = _last(histories) - before
    now = _last(histories) if future_now else max(NOW, _last(histories))
    told = build_report(histories, ReportOptions(observed_until=seen, now=now))
    assert told == build_report(histories, ReportOptions(now=now))
    assert told.scope is not None
    assert (told.scope.basis, told.scope.refused_update) == ("last_event", None)


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets, st.booleans())
def test_at_wins_and_checks_nothing(
    histories: list[TicketHistory], at_offset: timedelta, skewed: bool
) -> None:
    at = T0 + at_offset
    seen = SKEWED if skewed else None
    _, scope = select(histories, at=at, observed_until=seen, now=NOW)
    assert (scope.as_of, scope.basis, scope.refused_update, scope.made_at) == (at, "at", None, None)


def test_without_now_the_wall_clock_is_the_time_the_report_is_made() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    histories = [TicketHistory(Ticket("W", t0), [])]
    before = datetime.now(UTC)
    report = build_report(histories, ReportOptions(observed_until=SKEWED))
    after = datetime.now(UTC)
    assert report.scope is not None
    assert report.scope.refused_update == SKEWED
    assert report.scope.made_at is not None
    assert before <= report.scope.made_at <= after
    assert report.scope.as_of == t0


def test_now_is_an_aware_instant() -> None:
    with pytest.raises(NaiveDatetimeError, match="now"):
        ReportOptions(now=datetime(2026, 4, 1, 12))


# -- what the report shows -------------------------------------------------------------------


def _skewed_report() -> Report:
    waiting = TicketHistory(Ticket("W", T0), [])
    answered = TicketHistory(Ticket("A", T0 - timedelta(hours=1)), [AgentReply("r", T0)])
    options = ReportOptions(tz="Europe/Berlin", observed_until=SKEWED, now=NOW)
    return build_report([waiting, answered], options)


WARNING = (
    "warning: the tickets' latest update, 2099-03-06T11:00:00+01:00, is after the time this "
    "report was made (2026-04-01T14:00:00+02:00): a skewed helpdesk clock or a typo? It is not "
    "taken as the snapshot (the export's last event is); pass --at to set the snapshot"
)


def test_the_text_says_so_under_the_scope_line() -> None:
    lines = render_text(_skewed_report()).splitlines()
    scope = next(i for i, line in enumerate(lines) if line.startswith("snapshot at "))
    assert lines[scope].startswith(
        "snapshot at 2026-03-02T10:00:00+01:00 (the export's last event): 2 of 2 tickets"
    )
    assert lines[scope + 1] == WARNING


def test_the_json_markdown_and_html_say_so() -> None:
    report = _skewed_report()
    scope = json.loads(render_json(report))["scope"]
    assert scope["as_of"] == "2026-03-02T10:00:00+01:00"
    assert (scope["basis"], scope["refused_update"], scope["made_at"]) == (
        "last_event",
        "2099-03-06T11:00:00+01:00",
        "2026-04-01T14:00:00+02:00",
    )
    assert scope["warnings"] == [WARNING.removeprefix("warning: ")]
    assert WARNING in render_markdown(report)
    assert WARNING.replace("'", "&#x27;") in render_html(report, charts=False)


def test_the_json_with_a_warning_follows_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = resources.files("servicemodel.report").joinpath("schema/report-1.json").read_text()
    schema = json.loads(text)
    data = json.loads(render_json(_skewed_report()))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    plain = json.loads(render_json(build_report([TicketHistory(Ticket("W", T0), [])])))
    assert (plain["scope"]["refused_update"], plain["scope"]["warnings"]) == (None, [])
    jsonschema.validate(plain, schema, cls=jsonschema.Draft202012Validator)


def test_an_open_ticket_is_not_aged_to_2099() -> None:
    report = _skewed_report()
    overall = next(
        c.curve for c in report.detail.curves if (c.metric, c.segment) == ("first_reply", "Overall")
    )
    assert list(overall.censored_times) == [0.0]  # censored at the last event, not in 2099


# -- the command line ------------------------------------------------------------------------


def _zendesk_copy(tmp: Path, updated: str, tid: int = 1003) -> list[Path]:
    out = []
    for path in ZENDESK:
        page = json.loads(path.read_text(encoding="utf-8"))
        for ticket in page["tickets"]:
            if ticket["id"] == tid:
                ticket["updated_at"] = updated
        target = tmp / path.name
        target.write_text(json.dumps(page), encoding="utf-8")
        out.append(target)
    return [*out, AUDITS]


def _report(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_refuses_a_skewed_update_and_says_so_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _zendesk_copy(tmp_path, "2099-03-06T10:00:00Z")
    loaded = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    assert loaded.observed_until == SKEWED  # the loader keeps what the export says
    code, out, err = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records")
    assert code == 0
    assert "snapshot at 2026-03-05T09:00:00+00:00 (the export's last event):" in out
    said = (
        "the tickets' latest update, 2099-03-06T10:00:00+00:00, is after the time this report "
        "was made ("
    )
    assert f"\nwarning: {said}" in out
    assert f"servicemodel report: warning: {said}" in err
    assert "pass --at to set the snapshot" in err
    code, out, err = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records",
                             "--format", "json")  # fmt: skip
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["basis"], scope["refused_update"]) == (
        "2026-03-05T09:00:00+00:00",
        "last_event",
        "2099-03-06T10:00:00+00:00",
    )
    assert said in scope["warnings"][0]
    assert said in err


def test_the_cli_report_to_a_file_warns_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _zendesk_copy(tmp_path, "2099-03-06T10:00:00Z")
    target = tmp_path / "report.html"
    code, out, err = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records",
                             "--format", "html", "-o", target)  # fmt: skip
    assert code == 0
    assert out == ""
    assert (
        "servicemodel report: warning: the tickets' latest update, 2099-03-06T10:00:00+00:00" in err
    )
    assert "is after the time this report was made" in target.read_text(encoding="utf-8")


def test_the_cli_with_at_or_a_plausible_update_warns_of_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _zendesk_copy(tmp_path, "2099-03-06T10:00:00Z")
    code, out, err = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records",
                             "--at", "2026-03-06T00:00:00+00:00")  # fmt: skip
    assert code == 0
    assert "(--at)" in out
    assert "warning" not in out
    assert "warning" not in err
    files = _zendesk_copy(tmp_path, "2026-03-06T10:00:00Z")
    code, out, err = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records")
    assert code == 0
    assert "(the tickets' latest update; the last event was" in out
    assert "warning" not in err


# -- servicemodel assess ---------------------------------------------------------------------


def test_assess_refuses_a_skewed_update_as_the_report_does() -> None:
    waiting = TicketHistory(Ticket("W", T0), [])
    a = assess(Blueprint("x"), [waiting], observed_until=SKEWED, now=NOW)
    assert (a.at, a.basis, a.last_event, a.refused_update, a.made_at) == (
        T0,
        "last_event",
        T0,
        SKEWED,
        NOW,
    )
    (warning,) = a.warnings()
    assert "is after the time this assessment was made (2026-04-01T12:00:00+00:00)" in warning
    lines = assessment_text(a).splitlines()
    assert lines[0].endswith("at 2026-03-02T09:00:00+00:00 (the export's last event)")
    assert lines[1] == f"warning: {warning}"
    doc = assessment_to_dict(a)
    assert (doc["refused_update"], doc["made_at"], doc["warnings"]) == (
        "2099-03-06T10:00:00+00:00",
        "2026-04-01T12:00:00+00:00",
        [warning],
    )
    assert f"warning: {warning}".replace("'", "&#x27;") in assessment_html(a)
    plain = assess(Blueprint("x"), [waiting], now=NOW)
    assert attrs.evolve(plain, refused_update=SKEWED, made_at=NOW) == a
    assert plain.warnings() == ()


def test_the_assess_cli_warns_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Our JSON Lines state no update time: a loader that states a skewed one.
    def stated(path: Any) -> LoadResult:
        return attrs.evolve(load_jsonl(path), observed_until=SKEWED)

    monkeypatch.setattr(_assess_cli, "load_jsonl", stated)
    blueprint = str(EXAMPLES / "blueprint.toml")
    tickets = str(EXAMPLES / "data" / "tickets.jsonl")
    code = main(["assess", blueprint, tickets, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    doc = json.loads(out)
    assert (doc["at"], doc["basis"], doc["refused_update"]) == (
        "2026-11-02T07:37:37+00:00",
        "last_event",
        "2099-03-06T10:00:00+00:00",
    )
    assert (
        "servicemodel assess: warning: the tickets' latest update, 2099-03-06T10:00:00+00:00" in err
    )


def test_the_cli_refuses_a_skewed_jira_fields_updated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The file's third line is broken JSON on purpose: the issues are edited as text.
    text = (DATA / "jira" / "issues.jsonl").read_text(encoding="utf-8")
    start = text.index('"fields": {', text.index('"key": "SD-3"')) + len('"fields": {')
    skewed = '"updated": "2099-03-07T10:00:00.000+0100", '
    path = tmp_path / "issues.jsonl"
    path.write_text(text[:start] + skewed + text[start:], encoding="utf-8")
    code, out, err = _report(capsys, "--source", "jira", path, "--skip-bad-records",
                             "--format", "json")  # fmt: skip
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["basis"], scope["refused_update"]) == (
        "2026-03-05T08:00:00+00:00",
        "last_event",
        "2099-03-07T09:00:00+00:00",
    )
    assert (
        "servicemodel report: warning: the tickets' latest update, 2099-03-07T09:00:00+00:00" in err
    )
