"""Freshdesk's CSV ticket export, one row per ticket, through the library and the CLI.

The fixture ``tests/data/summary/freshdesk_tickets.csv`` is written by hand in the export's
shape (its column names, sources, priorities, the classic survey's words, hours as
durations); every expectation is computed from the CSV with ``csv`` and ``zoneinfo`` only.
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


def test_the_hours_columns_agree_with_the_instants() -> None:
    # The fixture is consistent: "First response time (in hrs)" and "Resolution time (in
    # hrs)" are the elapsed hours between the instants (2003 crosses the spring-forward night:
    # 23:00 GMT to 02:30 BST is 2.5 hours, not 3.5).
    for row in _rows():
        created = _utc(row["Created time"])
        assert created is not None
        for instant, hours in (
            ("Initial response time", "First response time (in hrs)"),
            ("Resolved time", "Resolution time (in hrs)"),
        ):
            t = _utc(row[instant])
            if t is None:
                assert row[hours] == ""
            else:
                assert (t - created) / timedelta(hours=1) == pytest.approx(float(row[hours]))


def test_reading_the_hours_instead_gives_the_same_histories() -> None:
    columns = dict(_options()["columns"])
    del columns["first_reply"], columns["solved"]
    columns["first_reply_after_h"] = "First response time (in hrs)"
    columns["solved_after_h"] = "Resolution time (in hrs)"
    assert _load(columns=columns) == _load()


def test_sources_priorities_tags_and_survey_words() -> None:
    hs, rows = {h.id: h for h in _load()}, {r["Ticket ID"]: r for r in _rows()}
    assert {k: h.ticket.channel for k, h in hs.items()} == {
        "2001": "email", "2002": "web", "2003": "phone", "2004": "chat", "2005": "web",
    }  # fmt: skip
    assert {k: str(h.ticket.priority) for k, h in hs.items()} == {
        "2001": "normal", "2002": "high", "2003": "urgent", "2004": "low", "2005": "normal",
    }  # fmt: skip
    assert hs["2002"].ticket.tags == frozenset({"billing", "invoice"})
    for k, h in hs.items():
        word = rows[k]["Survey results"]
        assert [r.score for r in h.ratings()] == ([SURVEY[word]] if word else [])
        assert all((r.scale_min, r.scale_max) == (1, 3) for r in h.ratings())
    assert hs["2004"].ticket.assignee is None
    assert hs["2003"].ticket.attributes["Type"] == "Problem"


def test_first_reply_and_resolution_times() -> None:
    rows = _rows()
    replies = sorted(
        float(r["First response time (in hrs)"]) for r in rows if r["First response time (in hrs)"]
    )
    hs = _load()
    frt = FirstReplyTime.empty(unit="h").add_many(hs).result()
    assert (frt.n, frt.censored) == (len(replies), 1)
    assert frt.mean.value == pytest.approx(sum(replies) / len(replies))
    solved = [float(r["Resolution time (in hrs)"]) for r in rows if r["Resolution time (in hrs)"]]
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
    assert overall["frt_p50"]["n"] == 5
    assert overall["frt_p50"]["censored"] == 1
    assert overall["csat"]["value"] == pytest.approx(1 / 3)
    assert data["overview"]["by_channel"] == {"web": 2, "email": 1, "phone": 1, "chat": 1}
    assert main(args) == 0
    assert "Resolution p50" in capsys.readouterr().out
