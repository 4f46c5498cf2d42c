"""Events after the time the report is made are refused as the snapshot.

An export read now was pulled before now, so an event after now is a clock skewed into the
future, a date read day-first for month-first (2026-03-12 as 2026-12-03) or a typo (year
2062). Taken as the snapshot it would age every open ticket, and run every SLA clock, to it.
The laws: a report whose export has events after ``now`` is the report at ``--at S`` over the
same export, ``S`` the export's last instant up to ``now`` (the tickets created after it left
out, the later events unknown), plus the warning (``Scope.refused_event``, ``future_events``,
``future_tickets``, ``made_at``) in the text, the JSON, the Markdown, the HTML and, on the
command line, on standard error; a report with no event after ``now`` is unchanged by ``now``;
``--at`` checks nothing. ``servicemodel assess`` follows the same rule.
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

from servicemodel.blueprint import Blueprint, assess
from servicemodel.blueprint import render_html as assessment_html
from servicemodel.blueprint import render_text as assessment_text
from servicemodel.blueprint._render import assessment_to_dict
from servicemodel.cli import main
from servicemodel.io import dump_jsonl
from servicemodel.model import AgentReply, Status, StatusChange, Ticket, TicketHistory
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

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)  # the time the report is made, in the tests
TYPO = datetime(2062, 3, 2, 10, tzinfo=UTC)  # a year typo in one reply
offsets = st.integers(min_value=0, max_value=24 * 60 * 40).map(lambda m: timedelta(minutes=m))


@st.composite
def _histories(draw: st.DrawFn) -> list[TicketHistory]:
    """Up to five tickets over 40 days from T0, each with up to three replies and a solve."""
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        created = T0 + draw(offsets)
        gaps = sorted(draw(st.lists(offsets, max_size=3)))
        events: list[Any] = [AgentReply(f"r{i}.{k}", created + d) for k, d in enumerate(gaps)]
        if gaps and draw(st.booleans()):
            events.append(StatusChange(f"s{i}", created + gaps[-1], status=Status.SOLVED))
        out.append(TicketHistory(Ticket(str(i), created), events))
    return out


def _instants(histories: list[TicketHistory]) -> list[datetime]:
    return [t for h in histories for t in (h.created_at, *(e.at for e in h.events))]


def _last(histories: list[TicketHistory]) -> datetime:
    return max(h.last_event_at.astimezone(UTC) for h in histories)


# -- the laws --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    _histories(),
    offsets,
    st.sampled_from(["UTC", "Europe/Berlin"]),
    st.one_of(st.none(), offsets.map(lambda d: T0 + d)),
)
def test_events_after_now_give_the_report_at_the_last_instant_up_to_now(
    histories: list[TicketHistory], to_now: timedelta, tz: str, since: datetime | None
) -> None:
    now = T0 + to_now
    after = [t for t in _instants(histories) if t > now]
    told = build_report(histories, ReportOptions(tz=tz, now=now, since=since))
    assert told.scope is not None
    if not after:  # nothing after now: the report does not depend on it
        assert told == build_report(histories, ReportOptions(tz=tz, since=since))
        assert told.scope.warnings() == ()
        return
    scope = told.scope
    assert (scope.refused_event, scope.made_at) == (_last(histories), now)
    assert (scope.future_events, scope.future_tickets) == (
        len(after),
        sum(1 for h in histories if h.last_event_at > now),
    )
    kept = [t for t in _instants(histories) if t <= now]
    if not kept:  # no instant up to now: nothing can be selected
        assert (scope.as_of, scope.basis, scope.selected) == (now, None, 0)
        assert scope.after_snapshot == len(histories)
        every = "the 1 ticket was" if len(histories) == 1 else f"all {len(histories)} tickets were"
        assert f"{every} created after the time this report was made" in (
            scope.empty_reason() or ""
        )
        return
    at = max(kept)
    plain = build_report(histories, ReportOptions(tz=tz, at=at, since=since))
    assert plain.scope is not None
    want = attrs.evolve(
        plain.scope,
        basis="last_event",
        last_event=at,
        made_at=now,
        refused_event=_last(histories),
        future_events=len(after),
        future_tickets=scope.future_tickets,
    )
    assert told == attrs.evolve(plain, scope=want)
    (warning,) = scope.warnings()
    assert f"after the time this report was made ({now.isoformat()})" in warning
    assert f"the latest at {_last(histories).isoformat()}" in warning
    assert "pass --at to set the snapshot" in warning


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets, st.booleans())
def test_an_update_up_to_now_is_still_taken_beside_refused_events(
    histories: list[TicketHistory], to_now: timedelta, before: bool
) -> None:
    now = T0 + to_now
    kept = [t for t in _instants(histories) if t <= now]
    seen = now - timedelta(minutes=1) if before else now
    _, scope = select(histories, observed_until=seen, now=now)
    if kept and seen <= max(kept):
        assert (scope.as_of, scope.basis) == (max(kept), "last_event")
    else:
        assert (scope.as_of, scope.basis) == (seen, "updated")
    assert scope.refused_update is None


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets)
def test_a_report_without_events_after_now_is_unchanged_by_now(
    histories: list[TicketHistory], ahead: timedelta
) -> None:
    now = _last(histories) + ahead
    assert build_report(histories, ReportOptions(now=now)) == build_report(histories)


@settings(max_examples=25, deadline=None)
@given(_histories(), offsets, offsets)
def test_at_wins_and_checks_nothing(
    histories: list[TicketHistory], to_at: timedelta, to_now: timedelta
) -> None:
    at, now = T0 + to_at, T0 + to_now
    _, scope = select(histories, at=at, now=now)
    assert (scope.as_of, scope.basis, scope.refused_event, scope.made_at) == (at, "at", None, None)
    assert (scope.future_events, scope.future_tickets, scope.warnings()) == (0, 0, ())


def test_without_now_nothing_is_checked_in_python() -> None:
    # Histories built in Python (a simulation) may lie ahead of the clock: only a given now,
    # or an export's update time (checked against the clock), checks them.
    ahead = TicketHistory(Ticket("F", datetime(2099, 1, 4, 9, tzinfo=UTC)), [])
    report = build_report([ahead])
    assert report.scope is not None
    assert (report.scope.as_of, report.scope.refused_event) == (ahead.created_at, None)


# -- what the report shows -------------------------------------------------------------------


def _skewed() -> list[TicketHistory]:
    answered = TicketHistory(Ticket("A", T0 - timedelta(hours=1)), [AgentReply("r", T0)])
    waiting = TicketHistory(Ticket("W", T0 + timedelta(hours=3)), [])  # the last instant kept
    typo = TicketHistory(Ticket("Y", T0 - timedelta(hours=2)), [AgentReply("y", TYPO)])
    ahead = TicketHistory(Ticket("F", datetime(2099, 12, 3, 9, tzinfo=UTC)), [])
    return [answered, waiting, typo, ahead]


def _skewed_report() -> Report:
    return build_report(_skewed(), ReportOptions(tz="Europe/Berlin", now=NOW))


WARNING = (
    "warning: 2 events of 2 tickets (a creation counts as one) are after the time this report "
    "was made (2026-04-01T14:00:00+02:00), the latest at 2099-12-03T10:00:00+01:00: a clock "
    "skewed into the future, a day and month swapped or a typo? The snapshot is the export's "
    "last instant up to that time; tickets created after it are left out and later events "
    "unknown; pass --at to set the snapshot"
)


def test_the_text_says_so_under_the_scope_line() -> None:
    lines = render_text(_skewed_report()).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("snapshot at "))
    assert lines[i] == (
        "snapshot at 2026-03-02T13:00:00+01:00 (the export's last event not in the future; see "
        "the warning): 3 of 4 tickets (1 created after the snapshot)"
    )
    assert lines[i + 1] == WARNING


def test_the_json_markdown_and_html_say_so() -> None:
    report = _skewed_report()
    scope = json.loads(render_json(report))["scope"]
    assert (scope["as_of"], scope["basis"], scope["last_event"]) == (
        "2026-03-02T13:00:00+01:00",
        "last_event",
        "2026-03-02T13:00:00+01:00",
    )
    assert (scope["refused_event"], scope["made_at"], scope["refused_update"]) == (
        "2099-12-03T10:00:00+01:00",
        "2026-04-01T14:00:00+02:00",
        None,
    )
    assert (scope["future_events"], scope["future_tickets"]) == (2, 2)
    assert scope["warnings"] == [WARNING.removeprefix("warning: ")]
    assert WARNING in render_markdown(report)
    assert WARNING.replace("'", "&#x27;") in render_html(report, charts=False)


def test_the_json_follows_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = resources.files("servicemodel.report").joinpath("schema/report-1.json").read_text()
    schema = json.loads(text)
    jsonschema.validate(
        json.loads(render_json(_skewed_report())), schema, cls=jsonschema.Draft202012Validator
    )
    plain = json.loads(render_json(build_report(_skewed()[:2], ReportOptions(now=NOW))))
    assert (plain["scope"]["refused_event"], plain["scope"]["future_events"]) == (None, 0)
    jsonschema.validate(plain, schema, cls=jsonschema.Draft202012Validator)


def test_an_open_ticket_is_not_aged_to_2062() -> None:
    report = _skewed_report()
    curve = next(
        c.curve for c in report.detail.curves if (c.metric, c.segment) == ("first_reply", "Overall")
    )
    # W waits since the snapshot (0 h); Y's reply in 2062 is unknown at it: 5 h, not 36 years.
    assert sorted(curve.censored_times) == [0.0, 5.0]


def test_an_update_and_events_after_now_are_both_said() -> None:
    options = ReportOptions(now=NOW, observed_until=datetime(2099, 12, 4, tzinfo=UTC))
    scope = build_report(_skewed(), options).scope
    assert scope is not None
    assert scope.as_of == T0 + timedelta(hours=3)
    events, update = scope.warnings()
    assert events.startswith("2 events of 2 tickets")
    assert update.startswith("the tickets' latest update, 2099-12-04T00:00:00+00:00")


#: What both warnings say the snapshot is when events after the time made are refused.
CAPPED = "the export's last instant up to that time"


def test_an_update_and_events_after_now_say_the_same_snapshot() -> None:
    # The update's warning said the export's last event was taken: it is in 2099 (F's
    # creation), refused too; the snapshot is the last instant up to the time made (W's
    # creation), as the events' warning and the scope line say.
    options = ReportOptions(now=NOW, observed_until=datetime(2099, 12, 4, tzinfo=UTC))
    report = build_report(_skewed(), options)
    scope = report.scope
    assert scope is not None
    assert (scope.as_of, scope.basis) == (T0 + timedelta(hours=3), "last_event")
    events, update = scope.warnings()
    assert f"The snapshot is {CAPPED}; tickets created after it" in events
    assert update.endswith(
        f"It is not taken as the snapshot ({CAPPED} is); pass --at to set the snapshot"
    )
    assert "last event is" not in update
    lines = render_text(report).splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("snapshot at "))
    assert "(the export's last event not in the future; see the warning)" in lines[i]
    assert lines[i + 1 : i + 3] == [f"warning: {events}", f"warning: {update}"]
    a = assess(Blueprint("x"), _skewed(), now=NOW, observed_until=datetime(2099, 12, 4, tzinfo=UTC))
    said = a.warnings()
    assert len(said) == 2
    assert f"The snapshot is {CAPPED};" in said[0]
    assert f"({CAPPED} is)" in said[1]


def test_with_no_instant_up_to_now_both_say_the_snapshot_is_that_time() -> None:
    # Every instant of the export is after the time made: the snapshot is that time itself.
    options = ReportOptions(now=NOW, observed_until=datetime(2099, 12, 4, tzinfo=UTC))
    scope = build_report(_skewed()[3:], options).scope
    assert scope is not None
    assert (scope.as_of, scope.basis, scope.selected) == (NOW, None, 0)
    events, update = scope.warnings()
    itself = "that time itself, as no instant of the export is up to it"
    assert f"The snapshot is {itself}; tickets created after it" in events
    assert f"It is not taken as the snapshot ({itself} is)" in update


def test_an_update_taken_beside_refused_events_is_what_the_events_warning_names() -> None:
    # An update up to the time made and later than the last instant kept is the snapshot.
    seen = NOW - timedelta(days=1)
    scope = build_report(_skewed(), ReportOptions(now=NOW, observed_until=seen)).scope
    assert scope is not None
    assert (scope.as_of, scope.basis) == (seen, "updated")
    (events,) = scope.warnings()
    assert "The snapshot is the tickets' latest update; tickets created after it" in events


# -- the command line ------------------------------------------------------------------------


def _export(tmp: Path, histories: list[TicketHistory]) -> Path:
    path = tmp / "tickets.jsonl"
    path.write_text(dump_jsonl(histories), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


SAID = "2 events of 2 tickets (a creation counts as one) are after the time this report was made"


def test_the_cli_caps_the_snapshot_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(tmp_path, _skewed())
    code, out, err = _run(capsys, "report", path)
    assert code == 0
    assert (
        "snapshot at 2026-03-02T12:00:00+00:00 (the export's last event not in the future; see "
        "the warning): 3 of 4 tickets (1 created after the snapshot)"
    ) in out
    assert f"\nwarning: {SAID}" in out
    assert f"servicemodel report: warning: {SAID}" in err
    assert "the latest at 2099-12-03T09:00:00+00:00" in err
    code, out, err = _run(capsys, "report", path, "--format", "json")
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["refused_event"], scope["future_tickets"]) == (
        "2026-03-02T12:00:00+00:00",
        "2099-12-03T09:00:00+00:00",
        2,
    )
    assert SAID in err


def test_the_cli_report_to_a_file_warns_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(tmp_path, _skewed())
    target = tmp_path / "report.md"
    code, out, err = _run(capsys, "report", path, "--format", "markdown", "-o", target)
    assert (code, out) == (0, "")
    assert f"servicemodel report: warning: {SAID}" in err
    assert SAID in target.read_text(encoding="utf-8")


def test_the_cli_with_at_checks_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _export(tmp_path, _skewed())
    code, out, err = _run(capsys, "report", path, "--at", "2099-12-31T00:00:00+00:00")
    assert code == 0
    assert "snapshot at 2099-12-31T00:00:00+00:00 (--at): 4 of 4 tickets" in out
    assert "warning" not in out
    assert "warning" not in err


def test_the_cli_with_every_ticket_in_the_future_selects_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _export(tmp_path, _skewed()[3:])
    code, out, err = _run(capsys, "report", path)
    assert (code, out) == (3, "")
    assert (
        "servicemodel report: warning: 1 event of 1 ticket (a creation counts as one) is after"
        in err
    )
    assert (
        "no tickets selected: the 1 ticket was created after the time this report was made" in err
    )
    code, out, err = _run(capsys, "assess", EXAMPLES / "blueprint.toml", path)
    assert (code, out) == (3, "")
    assert "nothing to assess: the 1 ticket was created after the time this assessment" in err


# -- servicemodel assess ---------------------------------------------------------------------


def test_assess_caps_the_snapshot_as_the_report_does() -> None:
    a = assess(Blueprint("x"), _skewed(), now=NOW)
    kept = T0 + timedelta(hours=3)
    assert (a.at, a.basis, a.last_event, a.refused_event, a.made_at) == (
        kept,
        "last_event",
        kept,
        datetime(2099, 12, 3, 9, tzinfo=UTC),
        NOW,
    )
    assert (a.future_events, a.future_tickets, a.tickets) == (2, 2, 3)
    (warning,) = a.warnings()
    assert warning.startswith("2 events of 2 tickets (a creation counts as one) are after")
    assert "this assessment was made (2026-04-01T12:00:00+00:00)" in warning
    lines = assessment_text(a).splitlines()
    assert lines[0].endswith(
        "at 2026-03-02T12:00:00+00:00 (the export's last event not in the future; see the warning)"
    )
    assert lines[1] == f"warning: {warning}"
    doc = assessment_to_dict(a)
    assert (doc["refused_event"], doc["future_events"], doc["warnings"]) == (
        "2099-12-03T09:00:00+00:00",
        2,
        [warning],
    )
    assert f"warning: {warning}".replace("'", "&#x27;") in assessment_html(a, charts=False)
    at = assess(Blueprint("x"), _skewed(), at=kept, now=NOW)
    assert (
        attrs.evolve(
            at,
            basis="last_event",
            last_event=kept,
            made_at=NOW,
            refused_event=a.refused_event,
            future_events=2,
            future_tickets=2,
        )
        == a
    )


def test_the_assess_cli_warns_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _export(tmp_path, _skewed())
    code, out, err = _run(capsys, "assess", EXAMPLES / "blueprint.toml", path, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["at"], doc["refused_event"], doc["tickets"]) == (
        "2026-03-02T12:00:00+00:00",
        "2099-12-03T09:00:00+00:00",
        3,
    )
    assert "servicemodel assess: warning: 2 events of 2 tickets" in err
    code, out, err = _run(capsys, "assess", EXAMPLES / "blueprint.toml", path,
                          "--at", "2099-12-31T00:00:00+00:00")  # fmt: skip
    assert code == 0
    assert "warning" not in err
