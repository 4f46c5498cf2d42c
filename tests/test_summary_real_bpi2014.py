"""The BPI Challenge 2014 incident table (Rabobank Group ICT), one row per incident.

The fixture ``tests/data/summary/bpi2014_incidents.csv`` is written by hand in the shape of
the published file (4TU.ResearchData, doi:10.4121/uuid:c3e5d162-0cfd-4bb0-bd82-af5268819c35):
``;``-separated, day-first dates with dashes and one-digit fields (``5-2-2012 13:32``),
priorities 1..5, a decimal comma in "Handle Time (Hours)". Expectations are computed from
the CSV with ``csv`` and ``zoneinfo`` only.
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
from servicemodel.errors import PartialHistoryError
from servicemodel.io import summary
from servicemodel.kpi import FirstReplyTime, ResolutionTime
from servicemodel.model import TicketHistory, lost_facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "summary" / "bpi2014_incidents.csv"
MAPPING = ROOT / "examples" / "mappings" / "bpi2014-incidents.toml"
ZONE = ZoneInfo("Europe/Amsterdam")
PRIORITY = {"1": "urgent", "2": "high", "3": "normal", "4": "low", "5": "low"}


def _options() -> dict[str, Any]:
    return tomllib.loads(MAPPING.read_text("utf-8"))


def _load(path: Path = DATA, **over: Any) -> list[TicketHistory]:
    return list(summary.load(path, **{**_options(), **over}))


def _rows() -> list[dict[str, str]]:
    with DATA.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _utc(local: str) -> datetime | None:
    if not local:
        return None
    return datetime.strptime(local, "%d-%m-%Y %H:%M").replace(tzinfo=ZONE).astimezone(UTC)


def _at(t: datetime | None) -> datetime | None:
    return None if t is None else t.astimezone(UTC)


def test_every_incident_day_first_in_amsterdam() -> None:
    hs, rows = _load(), _rows()
    assert [h.id for h in hs] == [r["Incident ID"] for r in rows]
    for h, row in zip(hs, rows, strict=True):
        assert _at(h.created_at) == _utc(row["Open Time"])
        assert _at(h.solved_at()) == _utc(row["Resolved Time"])
        closes = [_at(e.at) for e in h.events if getattr(e, "status", None) == "closed"]
        assert closes == ([_utc(row["Close Time"])] if row["Close Time"] else [])
        assert str(h.ticket.priority) == PRIORITY[row["Priority"]]
        assert h.ticket.channel == "other"  # the table does not say how it came in
        assert h.ticket.attributes.get("Closure Code", "") == row["Closure Code"]
        # An empty "Reopen Time" says never reopened: its reopens and first resolution known.
        known = {"reopens", "first_resolution"} if not row["Reopen Time"] else set()
        assert lost_facts(h) == (summary.LOST_FACTS | {"first_reply"}) - known
    assert hs[0].created_at.month == 2  # 5-2-2012 is 5 February


def test_handle_time_is_kept_as_the_export_writes_it() -> None:
    # The decimal comma stays text (an attribute); for the incident solved in the
    # spring-forward night it equals the elapsed time, 01:30 CET to 04:00 CEST = 1.5 hours.
    h = {h.id: h for h in _load()}["IM0000012"]
    assert h.ticket.attributes["Handle Time (Hours)"] == "1,5"
    solved = h.solved_at()
    assert solved is not None
    elapsed = solved.astimezone(UTC) - h.created_at.astimezone(UTC)
    assert elapsed / timedelta(hours=1) == float("1,5".replace(",", "."))


def test_resolution_times_and_no_first_reply() -> None:
    rows = _rows()
    hours = sorted(
        (s - c) / timedelta(hours=1)
        for r in rows
        if (s := _utc(r["Resolved Time"])) is not None and (c := _utc(r["Open Time"]))
    )
    hs = _load()
    res = ResolutionTime.empty(unit="h").add_many(hs).result()
    assert (res.n, res.censored) == (len(hours), len(rows) - len(hours))
    assert res.mean.value == pytest.approx(sum(hours) / len(hours))
    with pytest.raises(PartialHistoryError, match=r"first reply time needs"):
        FirstReplyTime.empty().add_many(hs)


def test_a_close_before_the_resolve_costs_only_its_row(tmp_path: Path) -> None:
    text = DATA.read_text("utf-8").replace(
        "7-1-2014 9:45;7-1-2014 9:46", "7-1-2014 9:45;7-1-2014 9:40"
    )
    broken = tmp_path / "incidents.csv"
    broken.write_text(text, "utf-8")
    loaded = summary.load(broken, on_error="collect", **_options())
    assert [h.id for h in loaded] == [
        r["Incident ID"] for r in _rows() if r["Incident ID"] != "IM0000011"
    ]
    (err,) = loaded.errors
    assert err.line == 5
    assert err.path == "Close Time"
    assert "ticket 'IM0000011': Close Time '7-1-2014 9:40': before the ticket was solved" in str(
        err
    )


def test_cli_report_on_the_bpi_incidents(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--source", "summary", str(DATA), "--map", str(MAPPING)]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    overall = data["kpi"]["overall"]
    assert overall["frt_p50"]["value"] is None
    assert overall["frt_p50"]["note"] == "not available from this export (lost: first_reply)"
    assert overall["resolution_p50"]["n"] == len(_rows())
    assert data["overview"]["by_channel"] == {"other": len(_rows())}
    assert data["overview"]["by_priority"] == {"low": 3, "normal": 1, "high": 1, "urgent": 1}
    assert main(args) == 0
    assert "not available from this export (lost: first_reply)" in capsys.readouterr().out
