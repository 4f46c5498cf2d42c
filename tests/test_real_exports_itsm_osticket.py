"""Real exports: the ABC Tech "ITSM dataset" and an osTicket ticket export.

Each fixture in ``tests/data/public/`` is hand-written in the header layout and cell formats of
a public export, with invented values; every expected number is computed here from the fixture
with ``csv`` and ``datetime``, never by the reader under test:

- The "ITSM dataset" (``ITSM_data.csv``; abhinakum1977-a11y/abc_tech,
  MargaridaIFM/Ticket-Project-M10) is BPI 2014's incident table renamed: day-first dates with
  ``-`` or ``/``, ``Priority`` ``NA`` where ``Impact`` is ``NS``, and a ``Handle_Time_hrs``
  whose decimal comma was regrouped as thousands separators (kept as text). A copy re-saved
  month-first was refused with no way out named: the error now names ``dayfirst=False``.
- osTicket's export (rvirlan/Helpdesk-Tickets) has no solve or close column, only "Current
  Status" and "Last Updated": read with ``status`` / ``status_changed`` it was still marked
  as lacking the resolution, so every resolution figure was refused. A status column whose
  ``status_map`` names a solved or closed word now says whether each ticket is done.
"""

from __future__ import annotations

import csv
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import PartialHistoryError, RecordError
from servicemodel.io import summary
from servicemodel.kpi import ResolutionRate, ResolutionSurvival
from servicemodel.model import lost_facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "public"
MAPS = ROOT / "examples" / "mappings"
ITSM = DATA / "itsm_incidents.csv"
OSTICKET = DATA / "osticket_tickets.csv"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _mapping(name: str) -> dict[str, Any]:
    with (MAPS / name).open("rb") as fh:
        return tomllib.load(fh)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _itsm_instant(text: str) -> datetime:
    """A day-first ITSM date (``05-02-2012 13:32`` or ``05/02/2012 13:32``) in Amsterdam, UTC."""
    wall = datetime.strptime(text.replace("/", "-"), "%d-%m-%Y %H:%M")
    return wall.replace(tzinfo=AMSTERDAM).astimezone(UTC)


def _lower_median(values: list[float]) -> float:
    """The smallest value with at least half of them at or below it (Kaplan-Meier's median
    when nothing is censored)."""
    ordered = sorted(values)
    return ordered[(len(ordered) + 1) // 2 - 1]


# --- the ITSM dataset ------------------------------------------------------------------------


def test_itsm_mapping_reads_the_fixture_as_csv_and_datetime_do() -> None:
    rows = _rows(ITSM)
    hs = summary.load(ITSM, **_mapping("itsm-abc-tech.toml")).histories
    assert [h.id for h in hs] == [r["Incident_ID"] for r in rows]
    for h, r in zip(hs, rows, strict=True):
        assert h.created_at.astimezone(UTC) == _itsm_instant(r["Open_Time"])
        done = r["Resolved_Time"] or r["Close_Time"]  # no solve: solved at the close
        assert h.solved_at() is not None
        assert h.solved_at().astimezone(UTC) == _itsm_instant(done)
        # The regrouped decimal comma stays the export's text, never a number of hours.
        assert h.ticket.attributes["Handle_Time_hrs"] == r["Handle_Time_hrs"]
    hours = [
        (_itsm_instant(r["Resolved_Time"] or r["Close_Time"]) - _itsm_instant(r["Open_Time"]))
        / timedelta(hours=1)
        for r in rows
    ]
    as_of = datetime(2014, 4, 1, tzinfo=UTC)
    km = ResolutionSurvival.empty(as_of=as_of).add_many(hs).result()
    assert km.censored == 0
    assert km["median"].value == pytest.approx(_lower_median(hours))
    # 28 March 2013 16:20 CET to 3 April 12:20 CEST: the clocks went forward on 31 March.
    third = (_itsm_instant("03-04-2013 12:20") - _itsm_instant("28-03-2013 16:20")) / timedelta(
        hours=1
    )
    assert third == 6 * 24 - 5  # 139 h, not the wall clock's 140
    assert hours[2] == third


def test_itsm_priority_na_is_no_priority_and_keeps_its_label() -> None:
    hs = summary.load(ITSM, **_mapping("itsm-abc-tech.toml")).histories
    rows = _rows(ITSM)
    na = [h for h, r in zip(hs, rows, strict=True) if r["Priority"] == "NA"]
    assert na
    assert all(h.ticket.priority.value == "normal" for h in na)
    assert all(h.ticket.priority_label == "NA" for h in na)
    plain = _mapping("itsm-abc-tech.toml")
    del plain["priority_map"]["NA"]
    with pytest.raises(RecordError, match=r"Priority 'NA': unknown priority"):
        summary.load(ITSM, **plain)


def test_itsm_slash_copy_reads_as_the_dash_copy(tmp_path: Path) -> None:
    # MargaridaIFM/Ticket-Project-M10 writes 05/02/2012 13:32 where abc_tech writes 05-02-2012.
    text = ITSM.read_text("utf-8")
    rows = _rows(ITSM)
    for r in rows:
        for column in ("Open_Time", "Reopen_Time", "Resolved_Time", "Close_Time"):
            if r[column]:
                text = text.replace(r[column], r[column].replace("-", "/"))
    slashed = tmp_path / "ITSM_data.csv"
    slashed.write_text(text, "utf-8")
    m = _mapping("itsm-abc-tech.toml")
    a = summary.load(ITSM, **m).histories
    b = summary.load(slashed, **m).histories
    assert [(h.id, h.created_at, h.solved_at()) for h in a] == [
        (h.id, h.created_at, h.solved_at()) for h in b
    ]


@given(
    st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2060, 12, 31).date()),
    st.integers(0, 23),
    st.integers(0, 59),
)
def test_a_month_first_date_read_day_first_names_the_way_out(day: Any, hh: int, mm: int) -> None:
    text = f"{day.month}/{day.day}/{day.year} {hh}:{mm:02d}"
    row = {"Incident_ID": "IM1", "Open_Time": text}
    cols = {"id": "Incident_ID", "created": "Open_Time"}
    month_first = list(summary.histories([row], columns=cols, tz="UTC"))
    assert month_first[0].created_at == datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC)
    if day.day <= 12:
        return  # both orders read it: only the analyst's check of the whole column can tell
    with pytest.raises(RecordError) as caught:
        list(summary.histories([row], columns=cols, tz="UTC", dayfirst=True))
    assert "dayfirst=False reads M/D/Y" in str(caught.value)


def test_an_impossible_date_names_no_other_order() -> None:
    row = {"id": "A", "created_at": "31/02/2012 10:00"}
    with pytest.raises(RecordError) as caught:
        list(summary.histories([row], tz="UTC", dayfirst=True))
    assert str(caught.value).endswith("(read as dayfirst)")


# --- osTicket --------------------------------------------------------------------------------


def _os_instant(text: str) -> datetime:
    return datetime.strptime(text, "%m/%d/%y %H:%M").replace(tzinfo=UTC)


def test_osticket_mapping_reads_status_and_last_updated() -> None:
    rows = _rows(OSTICKET)
    first: dict[str, dict[str, str]] = {}
    for r in rows:
        first.setdefault(r["Ticket Number"], r)
    loaded = summary.load(OSTICKET, on_error="collect", **_mapping("osticket-csv.toml"))
    assert len(loaded) == len(first)
    assert len(loaded.errors) == len(rows) - len(first)
    assert "appears on two rows" in str(loaded.errors[0])
    for h in loaded:
        r = first[h.id]
        assert h.created_at == _os_instant(r["Date Created"])
        assert "resolution" not in lost_facts(h)
        if r["Current Status"] == "Open":
            assert h.solved_at() is None
        else:
            assert h.solved_at() == _os_instant(r["Last Updated"])
    done = [
        (_os_instant(r["Last Updated"]) - _os_instant(r["Date Created"])) / timedelta(hours=1)
        for r in first.values()
        if r["Current Status"] != "Open"
    ]
    as_of = max(_os_instant(r["Last Updated"]) for r in rows)
    km = ResolutionSurvival.empty(as_of=as_of).add_many(loaded).result()
    assert (km.n, km.censored) == (len(first), len(first) - len(done))
    rate = ResolutionRate.empty().add_many(loaded).result()
    assert rate.value == pytest.approx(len(done) / len(first))


def test_without_a_resolved_word_the_status_says_nothing() -> None:
    m = _mapping("osticket-csv.toml")
    m["status_map"] = {"Open": "open"}
    hs = summary.load(OSTICKET, on_error="collect", **m).histories
    assert all("resolution" in lost_facts(h) for h in hs)
    with pytest.raises(PartialHistoryError, match=r"lost: resolution"):
        ResolutionRate.empty().add_many(hs)


STATUS_WORDS = {"Open": "open", "Pending": "pending", "Resolved": "solved", "Closed": "closed"}


@given(
    st.dictionaries(st.sampled_from(sorted(STATUS_WORDS)), st.just(None), max_size=4),
    st.booleans(),
    st.booleans(),
    st.sampled_from(sorted(STATUS_WORDS)),
)
def test_resolution_is_lost_only_when_nothing_says_whether_a_ticket_is_done(
    words: dict[str, None], solve_column: bool, status_column: bool, status: str
) -> None:
    status_map = {w: STATUS_WORDS[w] for w in words}
    row: dict[str, str] = {"id": "T1", "created_at": "2026-03-02 09:00"}
    row["changed"] = "2026-03-02 11:00"
    if solve_column:
        row["solved_at"] = ""
    if status_column:
        row["state"] = status
    columns = {"status": "state", "status_changed": "changed"}
    hs = list(summary.histories([row], columns=columns, status_map=status_map, tz="UTC"))
    resolves = status_column and any(v in ("solved", "closed") for v in status_map.values())
    assert ("resolution" in lost_facts(hs[0])) is not (solve_column or resolves)
    if resolves and STATUS_WORDS[status] in ("solved", "closed") and status in status_map:
        assert hs[0].solved_at() == datetime(2026, 3, 2, 11, tzinfo=UTC)
    elif solve_column or resolves:
        assert hs[0].solved_at() is None
