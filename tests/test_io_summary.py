"""servicemodel.io.summary: one-row-per-ticket exports -> partial histories, and their limits."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, NaiveDatetimeError, RecordError
from servicemodel.io import summary
from servicemodel.kpi import CSAT, FirstReplyTime, Ratings, by

DATA = Path(__file__).parent / "data" / "summary" / "tickets.csv"
COLUMNS = {
    "id": "Ticket ID", "created": "Created", "first_reply": "First Reply", "solved": "Solved",
    "closed": "Closed", "rating": "Rating", "channel": "Channel", "priority": "Priority",
    "group": "Group",
}  # fmt: skip
OPTIONS: dict[str, Any] = {"columns": COLUMNS, "tz": "Europe/Berlin", "dayfirst": True}


def rows() -> list[dict[str, str]]:
    with open(DATA, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_reported_failure_and_the_analyst_path() -> None:
    # What a new user tried: segmenting the export's own column by name.
    with pytest.raises(ConfigError, match="unknown segment key 'Channel'"):
        by("Channel", CSAT.empty())
    # What works: read the rows as histories, then every named key applies.
    loaded = summary.load(DATA, on_error="collect", attributes=["Product"], **OPTIONS)
    result = by("channel", Ratings.empty(CSAT.empty())).add_many(loaded).result()
    assert {k: e.n for k, e in result.items()} == {"chat": 1, "email": 2, "phone": 0}
    frt = by("group", FirstReplyTime.empty(unit="min")).add_many(loaded).result()
    # S-1 40 min, S-7 20 min (Billing has S-1; Support S-2 180 min, S-3 across the DST change)
    assert frt["Billing"].n == 1
    plan = by(lambda h: h.ticket.attributes["Product"], Ratings.empty(CSAT.empty()), name="plan")
    assert sorted(plan.add_many(loaded).result()) == ["Free", "Pro"]


def test_mapping_and_time_zones() -> None:
    found = {h.id: h for h in summary.load(DATA, on_error="collect", **OPTIONS)}
    h = found["S-1"]
    assert (h.ticket.channel, h.ticket.priority.value, h.ticket.group) == (
        "email",
        "high",
        "Billing",
    )
    assert h.first_reply_at().astimezone(UTC) - h.created_at.astimezone(UTC) == timedelta(
        minutes=40
    )
    assert h.solved_at() == datetime(2026, 3, 2, 14, tzinfo=UTC)
    assert h.status_at(datetime(2026, 3, 5, 14, tzinfo=UTC)).value == "closed"
    assert h.ratings()[0].score == 5
    assert found["S-2"].ticket.priority.value == "normal"  # "Medium"
    # S-3 was created before Berlin's clocks went forward (29 March 2026): 3 real hours.
    s3 = found["S-3"]
    assert s3.first_reply_at().astimezone(UTC) - s3.created_at.astimezone(UTC) == timedelta(hours=3)


def test_collect_keeps_every_good_row_and_errors_name_line_ticket_column_value() -> None:
    r = summary.load(DATA, on_error="collect", **OPTIONS)
    assert [h.id for h in r] == ["S-1", "S-2", "S-3", "S-7"]
    assert [str(e) for e in r.errors] == [
        f"{DATA}: line 5: First Reply: ticket 'S-4': First Reply '03/03/2026 10:00': before the "
        "ticket's creation 2026-03-03T11:00:00+01:00",
        f"{DATA}: line 6: Rating: ticket 'S-5': Rating '9': outside the rating scale 1..5",
        f"{DATA}: line 7: Priority: ticket 'S-6': Priority 'Critical': unknown priority; expected "
        "one of ['high', 'low', 'medium', 'normal', 'urgent'] (pass priority_map=)",
    ]
    assert r.lines_set_aside == (5, 6, 7)
    assert r.lines_read == 8
    with pytest.raises(RecordError, match="line 5: First Reply"):
        summary.load(DATA, **OPTIONS)


def test_naive_timestamps_need_a_zone() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"rows\[0\].Created"):
        list(summary.histories(rows(), columns=COLUMNS, dayfirst=True))


def test_partial_histories_refuse_what_they_cannot_support() -> None:
    (h,) = summary.histories(rows()[:1], **OPTIONS)
    assert summary.lost_facts(h) == summary.LOST_FACTS
    for fact, word in [("pauses", "status"), ("next_reply", "after the first reply"),
                       ("reopens", "reopened")]:  # fmt: skip
        with pytest.raises(summary.PartialHistoryError, match=word):
            summary.require_facts(h, [fact], what=fact)
    summary.require_facts(h, ["nothing-lost"], what="first reply time")  # supported: no error


def test_duplicate_ids_words_and_options(tmp_path: Path) -> None:
    other = tmp_path / "more.csv"
    other.write_text("Ticket ID,Created,Rating\nS-1,2026-03-09T09:00Z,4\nX,2026-03-09T09:00Z,bad\n")
    r = summary.load([DATA, other], on_error="collect", **OPTIONS)
    assert "appears on two rows" in str(r.errors[-2])
    assert r.errors[-2].line == 2
    assert "expected a score (pass rating_map= for words)" in str(r.errors[-1])
    (h,) = summary.histories([{"id": "A", "created_at": "2026-03-09T09:00Z", "rating": "Good"}],
                             rating_map={"good": 1, "bad": 0}, rating_scale=(0, 1))  # fmt: skip
    assert h.ratings()[0].score == 1
    with pytest.raises(ConfigError, match=r"columns\.solve"):
        summary.histories([], columns={"solve": "x"})
    with pytest.raises(ConfigError, match="status_map"):
        summary.load(DATA, status_map={"Open": "open"})
    with pytest.raises(ConfigError, match="unknown option"):
        summary.load(DATA, colums=COLUMNS)


def test_frames() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(DATA)
    by_frame = list(summary.from_pandas(df, on_error="collect", **OPTIONS))
    assert [h.id for h in by_frame] == [
        h.id for h in summary.load(DATA, on_error="collect", **OPTIONS)
    ]
    pl = pytest.importorskip("polars")
    by_polars = list(summary.from_polars(pl.read_csv(DATA), on_error="collect", **OPTIONS))
    assert by_polars == by_frame


INSTANT = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
)


GAPS = st.lists(st.timedeltas(timedelta(0), timedelta(days=30)), min_size=3, max_size=3)


@given(created=INSTANT, gaps=GAPS, present=st.lists(st.booleans(), min_size=3, max_size=3))
def test_each_column_becomes_exactly_its_fact(
    created: datetime, gaps: list[timedelta], present: list[bool]
) -> None:
    reply, solved, closed = (created + gaps[0], created + gaps[1], created + gaps[1] + gaps[2])
    row = {"id": "T", "created_at": created.isoformat()}
    for on, key, at in zip(
        present, ("first_reply_at", "solved_at", "closed_at"), (reply, solved, closed), strict=True
    ):
        if on:
            row[key] = at.isoformat()
    (h,) = summary.histories([row])
    assert h.first_reply_at() == (reply if present[0] else None)
    assert h.first_solved_at() == (solved if present[1] else (closed if present[2] else None))
    assert h.is_resolved() == (present[1] or present[2])
