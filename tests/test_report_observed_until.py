"""The default snapshot waits for the tickets' latest update, not only for the last event.

A helpdesk export is pulled at or after the last ``updated`` of each ticket it holds, and that
is often later than any event read (a field edit the model does not keep, a view, the export
pulled hours later). The adapters record it as ``LoadResult.observed_until``; without ``--at``
the report's snapshot is the later of it and the last event, and says which it took. The
fixtures are the vendors' files in ``tests/data`` with one ticket's ``updated`` moved.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import LoadResult, freshdesk, jira, zendesk
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.report import ReportOptions, build_report, render_json, render_text
from servicemodel.report._select import select

DATA = Path(__file__).parent / "data"
ZENDESK = [DATA / "zendesk" / "tickets_page1.json", DATA / "zendesk" / "tickets_page2.json"]
AUDITS = DATA / "zendesk" / "audits.jsonl"
ZD_STATUS = {"9002": "pending"}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _zendesk_copy(tmp: Path, updated: Any, tid: int = 1003) -> list[Path]:
    """The Zendesk pages with ticket ``tid``'s ``updated_at`` set to ``updated`` (``...``:
    the key removed), and the audits."""
    out = []
    for path in ZENDESK:
        page = json.loads(path.read_text(encoding="utf-8"))
        for ticket in page["tickets"]:
            if ticket["id"] == tid:
                if updated is ...:
                    del ticket["updated_at"]
                else:
                    ticket["updated_at"] = updated
        target = tmp / path.name
        target.write_text(json.dumps(page), encoding="utf-8")
        out.append(target)
    return [*out, AUDITS]


def _last_event(result: LoadResult) -> datetime:
    return max(h.last_event_at.astimezone(UTC) for h in result.histories)


# -- the adapters ----------------------------------------------------------------------------


def test_zendesk_records_the_latest_update_of_the_loaded_tickets(tmp_path: Path) -> None:
    files = _zendesk_copy(tmp_path, "2026-03-06T10:00:00Z")
    result = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    assert result.observed_until == datetime(2026, 3, 6, 10, tzinfo=UTC)
    assert _last_event(result) < result.observed_until


def test_zendesk_as_exported_the_latest_update_is_the_last_event() -> None:
    result = zendesk.load([*ZENDESK, AUDITS], status_map=ZD_STATUS, on_error="collect")
    assert result.observed_until == _last_event(result) == datetime(2026, 3, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "updated",
    [..., None, "", "not a date", "2026-03-06T10:00:00", 17, "9999-12-31T23:59:59Z"],
    ids=["missing", "null", "empty", "text", "naive", "number", "past-the-range"],
)
def test_an_unreadable_updated_is_left_out_and_never_an_error(tmp_path: Path, updated: Any) -> None:
    files = _zendesk_copy(tmp_path, updated)
    result = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    plain = zendesk.load([*ZENDESK, AUDITS], status_map=ZD_STATUS, on_error="collect")
    assert [h.id for h in result.histories] == [h.id for h in plain.histories]
    assert [e.message for e in result.errors] == [e.message for e in plain.errors]
    # 1003's was the latest; the next latest readable one is 1001's.
    assert result.observed_until == datetime(2026, 3, 4, 12, tzinfo=UTC)


def test_an_updated_before_the_tickets_events_does_not_move_the_snapshot(tmp_path: Path) -> None:
    files = _zendesk_copy(tmp_path, "2026-03-02T13:30:00Z")  # 1003's events run to 5 March
    result = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    assert result.observed_until is not None
    assert result.observed_until < _last_event(result)
    options = ReportOptions(observed_until=result.observed_until)
    scope = build_report(result.histories, options).scope
    assert (scope.as_of, scope.basis) == (_last_event(result), "last_event")


def test_a_bad_or_skipped_record_tells_nothing(tmp_path: Path) -> None:
    # 1003 set aside as bad (unknown status): its later updated_at is not the export's.
    files = _zendesk_copy(tmp_path, "2026-03-06T10:00:00Z")
    page = json.loads(files[0].read_text(encoding="utf-8"))
    next(t for t in page["tickets"] if t["id"] == 1003)["status"] = "escalated"
    files[0].write_text(json.dumps(page), encoding="utf-8")
    result = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    assert "1003" not in {h.id for h in result.histories}
    assert result.observed_until == datetime(2026, 3, 4, 12, tzinfo=UTC)


def test_freshdesk_records_the_latest_update(tmp_path: Path) -> None:
    tickets = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text(encoding="utf-8"))
    next(t for t in tickets if t["id"] == 102)["updated_at"] = "2026-03-06T10:00:00Z"
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(tickets), encoding="utf-8")
    result = freshdesk.load([path], status_map={6: "on_hold"})
    assert result.observed_until == datetime(2026, 3, 6, 10, tzinfo=UTC)
    assert _last_event(result) == datetime(2026, 3, 5, 8, tzinfo=UTC)


def test_jira_records_the_latest_fields_updated(tmp_path: Path) -> None:
    # The file's third line is broken JSON on purpose: the issues are edited as text.
    text = (DATA / "jira" / "issues.jsonl").read_text(encoding="utf-8")
    start = text.index('"fields": {', text.index('"key": "SD-3"')) + len('"fields": {')
    later = '"updated": "2026-03-07T10:00:00.000+0100", '
    path = tmp_path / "issues.jsonl"
    path.write_text(text[:start] + later + text[start:], encoding="utf-8")
    result = jira.load([path], on_error="collect")
    assert "SD-3" in {h.id for h in result.histories}
    assert result.observed_until == datetime(2026, 3, 7, 9, tzinfo=UTC)
    assert _last_event(result) == datetime(2026, 3, 5, 8, tzinfo=UTC)


def test_our_own_formats_state_no_update() -> None:
    from servicemodel.io import load_jsonl

    line = '{"id": "A", "created_at": "2026-01-05T09:00:00Z"}'
    assert load_jsonl([line]).observed_until is None


def test_load_result_refuses_a_naive_observed_until() -> None:
    from servicemodel.errors import NaiveDatetimeError

    with pytest.raises(NaiveDatetimeError, match="observed_until"):
        LoadResult((), observed_until=datetime(2026, 3, 6, 10))


# -- the report and the command line ---------------------------------------------------------


def _report(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_takes_the_latest_update_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _zendesk_copy(tmp_path, "2026-03-06T10:00:00Z")
    code, out, _ = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records")
    assert code == 0
    assert (
        "snapshot at 2026-03-06T10:00:00+00:00 (the tickets' latest update; the last event was "
        "2026-03-05T09:00:00+00:00):" in out
    )
    code, out, _ = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records",
                           "--format", "json")  # fmt: skip
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["basis"], scope["last_event"]) == (
        "2026-03-06T10:00:00+00:00",
        "updated",
        "2026-03-05T09:00:00+00:00",
    )


def test_the_cli_says_when_the_snapshot_is_the_last_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _report(capsys, DATA.parent.parent / "examples" / "data" / "tickets.jsonl")
    assert code == 0
    assert "snapshot at 2026-11-02T07:37:37+00:00 (the export's last event): 5032 of" in out


def test_at_always_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _zendesk_copy(tmp_path, "2026-03-06T10:00:00Z")
    early = "2026-03-03T00:00:00+00:00"  # before the last event: behaviour as before
    code, out, _ = _report(capsys, "--source", "zendesk", *files, "--skip-bad-records",
                           "--at", early, "--format", "json")  # fmt: skip
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["basis"], scope["last_event"]) == (early, "at", None)
    result = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    before = build_report(result.histories, ReportOptions(at=_utc(early))).scope
    assert scope["after_snapshot"] == before.after_snapshot
    assert scope["selected"] == before.selected


def test_build_report_keeps_its_default_without_observed_until(tmp_path: Path) -> None:
    files = _zendesk_copy(tmp_path, "2026-03-06T10:00:00Z")
    result = zendesk.load(files, status_map=ZD_STATUS, on_error="collect")
    plain = build_report(result.histories).scope
    assert (plain.as_of, plain.basis) == (_last_event(result), "last_event")
    told = build_report(result.histories, ReportOptions(observed_until=result.observed_until))
    assert (told.scope.as_of, told.scope.basis) == (result.observed_until, "updated")
    assert told.kpi.as_of is not None
    assert told.kpi.as_of.astimezone(UTC) == result.observed_until
    assert "(the tickets' latest update; the last event was" in render_text(told)
    assert json.loads(render_json(told))["scope"]["basis"] == "updated"


def test_an_open_ticket_waits_until_the_latest_update() -> None:
    # Asked at 09:00, not answered by the last event (09:00) but the export was pulled at
    # 01:00 the next day: its first reply is censored at 16 h, not at 0 h.
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    waiting = TicketHistory(Ticket("W", t0), [])
    answered = TicketHistory(Ticket("A", t0 - timedelta(hours=1)), [AgentReply("r", t0)])
    seen = t0 + timedelta(hours=16)
    report = build_report([waiting, answered], ReportOptions(observed_until=seen))
    assert report.scope is not None
    assert report.scope.as_of == seen
    overall = next(
        c.curve for c in report.detail.curves if (c.metric, c.segment) == ("first_reply", "Overall")
    )
    assert list(overall.censored_times) == [16.0]
    plain = build_report([waiting, answered])
    first = next(
        c.curve for c in plain.detail.curves if (c.metric, c.segment) == ("first_reply", "Overall")
    )
    assert list(first.censored_times) == [0.0]


# -- the law ---------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
offsets = st.integers(min_value=0, max_value=24 * 60 * 20).map(lambda m: timedelta(minutes=m))


@st.composite
def _histories(draw: st.DrawFn) -> list[TicketHistory]:
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        created = T0 + draw(offsets)
        replies = draw(st.lists(offsets, max_size=3))
        out.append(
            TicketHistory(
                Ticket(str(i), created),
                [AgentReply(f"r{i}.{k}", created + d) for k, d in enumerate(sorted(replies))],
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(
    _histories(),
    st.none() | offsets.map(lambda d: T0 + d),
    st.none() | offsets.map(lambda d: T0 + d),
)
def test_the_default_snapshot_is_never_before_the_last_event_or_the_update(
    histories: list[TicketHistory], seen: datetime | None, at: datetime | None
) -> None:
    _, scope = select(histories, at=at, observed_until=seen)
    last = max(h.last_event_at for h in histories)
    assert scope.as_of is not None
    if at is not None:
        assert (scope.as_of, scope.basis) == (at, "at")
        return
    assert scope.as_of >= last
    assert seen is None or scope.as_of >= seen
    assert scope.as_of in (last, seen)
    assert scope.basis == ("updated" if scope.as_of > last else "last_event")
    assert scope.selected == len(histories)


#: ``updated_at`` values a page may hold: readable instants (some with an offset), null,
#: missing, and text that is no instant.
_UPDATED = st.one_of(
    offsets.map(lambda d: (T0 + d).isoformat()),
    offsets.map(lambda d: (T0 + d).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+05:30")),
    st.none(),
    st.just(...),
    st.sampled_from(["", "yesterday", "2026-03-02T09:00:00"]),
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(offsets, _UPDATED), min_size=1, max_size=5))
def test_a_zendesk_snapshot_is_never_before_any_readable_update(
    tickets: list[tuple[timedelta, Any]],
) -> None:
    # New tickets without audits: each history is its creation alone, and its updated_at is
    # read only for the snapshot.
    records = []
    for i, (created, updated) in enumerate(tickets):
        rec: dict[str, Any] = {"id": i + 1, "created_at": (T0 + created).isoformat(),
                               "status": "new"}  # fmt: skip
        if updated is not ...:
            rec["updated_at"] = updated
        records.append(rec)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tickets.json"
        path.write_text(json.dumps({"tickets": records}), encoding="utf-8")
        result = zendesk.load([path])
    readable = []
    for rec in records:
        try:
            at = datetime.fromisoformat(rec.get("updated_at") or "")
        except (TypeError, ValueError):
            continue
        if at.tzinfo is not None:
            readable.append(at)
    report = build_report(result.histories, ReportOptions(observed_until=result.observed_until))
    as_of = report.scope.as_of
    assert as_of is not None
    assert as_of >= max(h.last_event_at for h in result.histories)
    assert all(as_of >= at for at in readable)
    assert result.observed_until == max(readable, default=None)


def test_the_report_page_example_prints_what_it_says() -> None:
    # docs/report.md, "3. One snapshot, one selection": its block runs and prints what its
    # comments say.
    import re

    from _docs import DOCS, promised, run

    page = (DOCS / "report.md").read_text(encoding="utf-8")
    section = page.split("## 3. One snapshot, one selection", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert run(block, "report.md") == promised(block)
