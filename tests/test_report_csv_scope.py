"""The CSV report carries the scope and the source, as the JSON does.

A reader of the CSV alone must learn what the text report says above its figures: how many
tickets were selected and why the others were not, the snapshot and where it came from, each
snapshot warning, and the records that could not be read or were skipped. The law: the CSV's
``scope`` and ``source`` rows are exactly the JSON's ``scope`` and ``source`` (counts in
``value``, text in ``note``), for any report.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import Skipped
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.report import ReportOptions, Source, build_report, render_csv, render_json

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)
UPDATES = [T0 + timedelta(days=30), datetime(2099, 3, 6, tzinfo=UTC)]
offsets = st.integers(min_value=0, max_value=24 * 60 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def _histories(draw: st.DrawFn) -> list[TicketHistory]:
    out = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        created = T0 + draw(offsets)
        replies = sorted(draw(st.lists(offsets, max_size=2)))
        events = [AgentReply(f"r{i}.{k}", created + d) for k, d in enumerate(replies)]
        out.append(TicketHistory(Ticket(str(i), created), events))
    return out


def _rows(text: str, section: str) -> list[dict[str, str]]:
    return [row for row in csv.DictReader(io.StringIO(text)) if row["section"] == section]


def _scope_rows(scope: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The JSON's scope as (metric, value, note) cells, in the CSV's order."""
    counts = ["total", "after_snapshot", "outside_window", "selected"]
    counts += ["future_events", "future_tickets"]
    texts = ["as_of", "since", "until", "basis", "last_event", "made_at", "refused_update"]
    texts += ["refused_event", "empty_reason"]
    out = [(key, repr(scope[key]), "") for key in counts]
    out += [(key, "", scope[key]) for key in texts if scope[key] is not None]
    out += [("warning", "", text) for text in scope["warnings"]]
    return out


@settings(max_examples=40, deadline=None)
@given(
    histories=_histories(),
    since=st.none() | offsets.map(lambda d: T0 + d),
    now=st.none() | offsets.map(lambda d: T0 + d),
    updated=st.none() | st.sampled_from(UPDATES),
)
def test_csv_scope_rows_are_the_json_scope(
    histories: list[TicketHistory],
    since: datetime | None,
    now: datetime | None,
    updated: datetime | None,
) -> None:
    options = ReportOptions(since=since, now=now, observed_until=updated)
    report = build_report(histories, options)
    scope = json.loads(render_json(report))["scope"]
    rows = _rows(render_csv(report), "scope")
    assert [(r["metric"], r["value"], r["note"]) for r in rows] == _scope_rows(scope)
    # Cells other than metric, value and note are empty on these rows.
    for row in rows:
        assert row["segment"] == row["period"] == row["lower"] == row["upper"] == ""
        assert row["n"] == row["base"] == ""


def test_a_refused_update_is_a_warning_row() -> None:
    history = TicketHistory(Ticket("1", T0), [AgentReply("r", T0 + timedelta(hours=1))])
    skewed = datetime(2099, 3, 6, 10, tzinfo=UTC)
    report = build_report([history], ReportOptions(observed_until=skewed, now=NOW))
    rows = {r["metric"]: r for r in _rows(render_csv(report), "scope")}
    assert rows["refused_update"]["note"] == "2099-03-06T10:00:00+00:00"
    assert rows["made_at"]["note"] == "2026-04-01T12:00:00+00:00"
    assert rows["basis"]["note"] == "last_event"
    assert "skewed helpdesk clock" in rows["warning"]["note"]
    assert rows["selected"]["value"] == "1"


def test_source_rows_count_bad_and_skipped_records() -> None:
    history = TicketHistory(Ticket("1", T0), [])
    source = Source(
        "export.json",
        ["line 2: bad timestamp '2026-13-01'", "line 5: unknown status 'x'"],
        [Skipped("9", "deleted"), Skipped("7", "merged"), Skipped("8", "deleted")],
    )
    report = build_report([history], source=source)
    rows = [(r["metric"], r["value"], r["note"]) for r in _rows(render_csv(report), "source")]
    assert rows == [
        ("bad_records", "2", ""),
        ("bad_record", "", "line 2: bad timestamp '2026-13-01'"),
        ("bad_record", "", "line 5: unknown status 'x'"),
        ("skipped", "3", "3 record(s) skipped on purpose: 2 deleted, 1 merged"),
    ]


def test_a_clean_source_has_no_source_rows() -> None:
    report = build_report([TicketHistory(Ticket("1", T0), [])])
    assert _rows(render_csv(report), "source") == []
