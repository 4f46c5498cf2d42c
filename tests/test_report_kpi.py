"""The report's KPI section: structure, agreement with the accumulators, rendering."""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.io import load_jsonl
from servicemodel.model import AgentReply, SatisfactionRating, StatusChange, Ticket, TicketHistory
from servicemodel.report import KPI_METRICS
from servicemodel.report._json import kpi_data
from servicemodel.report._kpi import build_kpi
from servicemodel.report._text import kpi_lines
from servicemodel.strategies import histories


def build(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The KPI section as the JSON output shows it."""
    return kpi_data(build_kpi(*args, **kwargs))


def render(*args: Any, **kwargs: Any) -> list[str]:
    """The KPI section as the text output shows it."""
    return kpi_lines(build_kpi(*args, **kwargs))


SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "tickets.jsonl"


@pytest.fixture(scope="module")
def sample() -> list[TicketHistory]:
    return list(load_jsonl(SAMPLE).histories)


@pytest.fixture(scope="module")
def section(sample: list[TicketHistory]) -> dict[str, Any]:
    return build(sample, tz="Europe/Berlin")


def test_sample_section_is_json_ready_and_complete(section: dict[str, Any]) -> None:
    again = json.loads(json.dumps(section))
    assert again == section
    for scope in [
        section["overall"],
        *section["by_channel"].values(),
        *section["by_week"].values(),
    ]:
        assert set(scope) == set(KPI_METRICS)
        for rec in scope.values():
            assert set(rec) >= {"value", "lower", "upper", "n", "missing"}
            # A Kaplan-Meier percentile may have one bound only (the band never gets there).
            if rec["value"] is not None and rec["lower"] is not None:
                assert rec["lower"] <= rec["value"]
            if rec["value"] is not None and rec["upper"] is not None:
                assert rec["value"] <= rec["upper"]


def test_sample_overall_agrees_with_a_direct_count(
    sample: list[TicketHistory], section: dict[str, Any]
) -> None:
    latest = [h.ratings("csat")[-1].score for h in sample if h.ratings("csat")]
    csat = section["overall"]["csat"]
    assert csat["n"] == len(latest)
    assert csat["value"] == pytest.approx(sum(s >= 4 for s in latest) / len(latest))
    nps_scores = [h.ratings("nps")[-1].score for h in sample if h.ratings("nps")]
    promoters = sum(s >= 9 for s in nps_scores)
    detractors = sum(s <= 6 for s in nps_scores)
    assert section["overall"]["nps"]["value"] == pytest.approx(
        100 * (promoters - detractors) / len(nps_scores)
    )
    frt = sorted(
        (h.first_reply_at() - h.created_at) / timedelta(hours=1)  # type: ignore[operator]
        for h in sample
        if h.first_reply_at() is not None
    )
    # Finished tickets only (--finished-only): nearest rank over the replied tickets.
    finished = build(sample, tz="Europe/Berlin", finished_only=True)
    rec = finished["overall"]["frt_p50"]
    assert rec["n"] == len(frt)
    assert rec["missing"] == len(sample) - len(frt)
    assert rec["value"] == pytest.approx(frt[math.ceil(len(frt) / 2) - 1])
    assert rec["unit"] == "h"
    assert (rec["estimator"], rec["base"]) == ("finished-only", "calendar time")
    # The default: Kaplan-Meier, every ticket counted, the waiting ones censored.
    km = section["overall"]["frt_p50"]
    assert (km["n"], km["censored"]) == (len(sample), len(sample) - len(frt))
    assert (km["estimator"], km["base"]) == ("kaplan-meier", "calendar time")
    solved = [h for h in sample if h.solve_times()]
    assert section["overall"]["reopen_rate"]["n"] == len(solved)


def test_sample_segments_cover_every_channel_and_every_week(
    sample: list[TicketHistory], section: dict[str, Any]
) -> None:
    assert set(section["by_channel"]) == {h.ticket.channel for h in sample}
    assert (
        sum(v["reopen_rate"]["n"] for v in section["by_channel"].values())
        == (section["overall"]["reopen_rate"]["n"])
    )
    weeks = list(section["by_week"])
    mondays = [date.fromisoformat(w + "-1") for w in weeks]
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(mondays))
    assert len(weeks) >= 13


@given(st.lists(histories(max_events=5), max_size=8))
def test_weeks_are_consecutive_and_counts_add_up(items: list[TicketHistory]) -> None:
    sec = build(items)
    weeks = [date.fromisoformat(w + "-1") for w in sec["by_week"]]
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(weeks))
    for key in ("frt_p50", "fcr", "csat"):
        assert sum(v[key]["n"] for v in sec["by_week"].values()) == sec["overall"][key]["n"]
        assert sum(v[key]["n"] for v in sec["by_channel"].values()) == sec["overall"][key]["n"]
    text = "\n".join(render(items))
    assert "Overall" in text


def test_business_time_is_used_with_a_calendar() -> None:
    friday = datetime(2026, 3, 6, 16, tzinfo=UTC)
    h = TicketHistory(
        Ticket("T", friday),
        [
            AgentReply("r", friday + timedelta(days=3)),
            StatusChange("s", friday + timedelta(days=3), status="solved"),
        ],
    )
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    plain = build([h])
    business = build([h], calendar=cal)
    assert plain["overall"]["frt_p50"]["value"] == 72.0
    assert business["overall"]["frt_p50"]["value"] == 8.0
    assert business["time_basis"] == "business"
    assert "business h" in render([h], calendar=cal)[0]


def test_render_shows_value_interval_and_n_and_dashes_for_empty() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hs = [
        TicketHistory(
            Ticket(f"T{i}", t0 + timedelta(days=14 * (i % 2)), channel="chat"),
            [SatisfactionRating("c", t0 + timedelta(days=14 * (i % 2)), score=3 + i % 3)],
        )
        for i in range(6)
    ]
    lines = render(hs)
    csat = next(line for line in lines if line.strip().startswith("CSAT"))
    assert "%" in csat
    assert "[" in csat
    assert "n=6" in csat
    assert "2026-W11" in lines  # the empty week between the two is listed
    empty_week = lines[lines.index("2026-W11") + 1]
    assert "–" in empty_week
    assert "n=0" in empty_week


def test_tz_accepts_zoneinfo_and_utc_but_not_fixed_offsets() -> None:
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from servicemodel.errors import InputTypeError

    assert build([], tz=ZoneInfo("Europe/Berlin"))["tz"] == "Europe/Berlin"
    assert build([], tz=UTC)["tz"] == "UTC"
    with pytest.raises(InputTypeError):
        build([], tz=timezone(timedelta(hours=2)))
