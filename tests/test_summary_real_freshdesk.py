"""Freshdesk's CSV ticket export, one row per ticket, through the library and the CLI.

The fixture ``tests/data/summary/freshdesk_tickets.csv`` is written by hand in the export's
shape as Freshdesk's export code writes it (see the mapping's header): its column names,
dates ``%Y-%m-%d %H:%M:%S`` in local time, sources, priorities, the classic survey's default
words, comma-joined tags, and the two "(in hrs)" columns as business hours ``HH:MM:SS``
("00:00:00" when there is none) for a helpdesk open Monday to Friday 09:00-17:00. Every
expectation is computed from the CSV with ``csv`` and ``zoneinfo`` only.
"""

from __future__ import annotations

import csv
import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicemodel.cli import main
from servicemodel.io import summary
from servicemodel.kpi import FirstReplyTime, Ratings, ResolutionTime
from servicemodel.model import TicketHistory, lost_facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "summary" / "freshdesk_tickets.csv"
MAPPING = ROOT / "examples" / "mappings" / "freshdesk-csv.toml"
ZONE = ZoneInfo("Europe/London")
SURVEY = {"Awesome": 3.0, "Just Okay": 2.0, "Not Good": 1.0}  # the mapping's, written out


def _options() -> dict[str, Any]:
    return tomllib.loads(MAPPING.read_text("utf-8"))


def _load(**over: Any) -> list[TicketHistory]:
    return list(summary.load(DATA, **{**_options(), **over}))


def _rows() -> list[dict[str, str]]:
    with DATA.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _utc(local: str) -> datetime | None:
    if not local:
        return None
    return datetime.strptime(local, "%Y-%m-%d %H:%M:%S").replace(tzinfo=ZONE).astimezone(UTC)


def _at(t: datetime | None) -> datetime | None:
    return None if t is None else t.astimezone(UTC)


def test_every_ticket_with_its_instants() -> None:
    hs, rows = _load(), _rows()
    assert [h.id for h in hs] == [r["Ticket ID"] for r in rows]
    for h, row in zip(hs, rows, strict=True):
        assert _at(h.created_at) == _utc(row["Created time"])
        assert _at(h.first_reply_at()) == _utc(row["Initial response time"])
        assert _at(h.solved_at()) == _utc(row["Resolved time"])
        assert lost_facts(h) == summary.LOST_FACTS
        closes = [e.at for e in h.events if getattr(e, "status", None) == "closed"]
        assert [_at(t) for t in closes] == (
            [_utc(row["Closed time"])] if row["Closed time"] else []
        )


def _business_hours(start: datetime, stop: datetime) -> float:
    """Hours of ``start``..``stop`` (local, this zone) inside Monday-Friday 09:00-17:00."""
    total, day = timedelta(), start.date()
    while day <= stop.date():
        if day.weekday() < 5:
            opens = datetime(day.year, day.month, day.day, 9, tzinfo=ZONE)
            closes = datetime(day.year, day.month, day.day, 17, tzinfo=ZONE)
            lo, hi = max(opens, start), min(closes, stop)
            if lo < hi:
                total += hi.astimezone(UTC) - lo.astimezone(UTC)
        day += timedelta(days=1)
    return total / timedelta(hours=1)


def _clock_hours(text: str) -> float:
    h, m, s = (int(p) for p in text.split(":"))
    return h + m / 60 + s / 3600


HOURS = (
    ("Initial response time", "First response time (in hrs)"),
    ("Resolved time", "Resolution time (in hrs)"),
)


def test_the_hours_columns_are_business_time_so_the_mapping_reads_the_instants() -> None:
    # Freshdesk writes first_resp_time_by_bhrs and resolution_time_by_bhrs as HH:MM:SS, and
    # "00:00:00" when there is none. The fixture is consistent with its business calendar;
    # the calendar time between the instants differs, so the hours are never the durations.
    differs = 0
    for row in _rows():
        created = datetime.strptime(row["Created time"], "%Y-%m-%d %H:%M:%S")
        for instant, hours in HOURS:
            if not row[instant]:
                assert row[hours] == "00:00:00"
                continue
            stop = datetime.strptime(row[instant], "%Y-%m-%d %H:%M:%S")
            business = _business_hours(created.replace(tzinfo=ZONE), stop.replace(tzinfo=ZONE))
            assert _clock_hours(row[hours]) == pytest.approx(business)
            differs += _elapsed_hours(row, instant) != pytest.approx(business)
    assert differs >= 3  # 2002, 2003 (a weekend), 2006
    assert not {h for _, h in HOURS} & set(_options()["columns"].values())


def test_mapping_an_hours_column_would_answer_an_unanswered_ticket_at_once() -> None:
    # Why the header says never to map them: "00:00:00" of ticket 2004 (never answered)
    # would read as a reply at creation, and 2002's 2.25 business hours as calendar time.
    columns = dict(_options()["columns"])
    del columns["first_reply"]
    columns["first_reply_after_h"] = "First response time (in hrs)"
    wrong = {h.id: h for h in _load(columns=columns)}
    right = {h.id: h for h in _load()}
    assert right["2004"].first_reply_at() is None
    assert wrong["2004"].first_reply_at() == wrong["2004"].created_at
    assert wrong["2006"].first_reply_at() != right["2006"].first_reply_at()


def test_sources_priorities_tags_and_survey_words() -> None:
    hs, rows = {h.id: h for h in _load()}, {r["Ticket ID"]: r for r in _rows()}
    assert {k: h.ticket.channel for k, h in hs.items()} == {
        "2001": "email", "2002": "web", "2003": "phone", "2004": "chat", "2005": "web",
        "2006": "email",
    }  # fmt: skip
    assert {k: str(h.ticket.priority) for k, h in hs.items()} == {
        "2001": "normal", "2002": "high", "2003": "urgent", "2004": "low", "2005": "normal",
        "2006": "normal",
    }  # fmt: skip
    assert hs["2002"].ticket.tags == frozenset({"billing", "invoice"})
    for k, h in hs.items():
        word = rows[k]["Survey results"]
        assert [r.score for r in h.ratings()] == ([SURVEY[word]] if word else [])
        assert all((r.scale_min, r.scale_max) == (1, 3) for r in h.ratings())
    assert hs["2004"].ticket.assignee is None
    assert hs["2003"].ticket.attributes["Type"] == "Problem"


def _elapsed_hours(row: dict[str, str], instant: str) -> float | None:
    stop, start = _utc(row[instant]), _utc(row["Created time"])
    return None if stop is None or start is None else (stop - start) / timedelta(hours=1)


def test_first_reply_and_resolution_times() -> None:
    # Calendar hours from the instants, in UTC (2003 crosses the spring-forward night:
    # 23:00 GMT to 02:30 BST is 2.5 hours, not 3.5).
    rows = _rows()
    replies = [t for r in rows if (t := _elapsed_hours(r, "Initial response time")) is not None]
    hs = _load()
    frt = FirstReplyTime.empty(unit="h").add_many(hs).result()
    assert (frt.n, frt.censored) == (len(replies), 1)
    assert frt.mean.value == pytest.approx(sum(replies) / len(replies))
    assert 2.5 in replies
    solved = [t for r in rows if (t := _elapsed_hours(r, "Resolved time")) is not None]
    res = ResolutionTime.empty(unit="h").add_many(hs).result()
    assert res.censored == len(rows) - len(solved)
    assert res.mean.value == pytest.approx(sum(solved) / len(solved))
    share = Ratings.satisfied_share().add_many(hs).result()  # top box of 1..3: Awesome
    assert share.value == pytest.approx(1 / 3)


def test_cli_report_on_the_freshdesk_export(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--source", "summary", str(DATA), "--map", str(MAPPING)]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["bad_records"] == []
    overall = data["kpi"]["overall"]
    assert overall["frt_p50"]["n"] == len(_rows())
    assert overall["frt_p50"]["censored"] == 1
    assert overall["csat"]["value"] == pytest.approx(1 / 3)
    assert data["overview"]["by_channel"] == {"web": 2, "email": 2, "phone": 1, "chat": 1}
    assert main(args) == 0
    assert "Resolution p50" in capsys.readouterr().out
