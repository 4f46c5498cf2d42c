"""Export details confirmed against public readers of real exports, one test per detail.

Every fixture is hand-written in the shape the source shows (invented values), and every
expected number is computed here from the fixture with ``csv``, ``json`` and ``zoneinfo``,
never by the reader under test.

- Zendesk's CSV ticket export, older layout: a real row quoted in skipjac/Zendesk-CSV-append
  (README.md) starts with the "Summation column", writes its dates as ``2009-09-01 19:02``
  (local time to the minute, no seconds, no offset), "Not Offered" for no survey and "-" for
  an unset custom field, and its "Resolution time" (50) is the whole hours from "Created at"
  to "Solved at" (2 days 2 h 5 min): ``tests/data/summary/zendesk_summation_column.csv``.
- Zendesk's JSON data export: one ticket per line with its comments and inline user objects,
  as scottdotjs/zendesk-flatfile (lib/Zendesk.pm, resources/ticket.tt) reads it:
  ``tests/data/zendesk/other_responses/json_data_export.json``.
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

from servicemodel.errors import ConfigError
from servicemodel.io import summary, zendesk
from servicemodel.model import TicketHistory

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "examples" / "mappings" / "zendesk-csv.toml"
OLDER_CSV = ROOT / "tests" / "data" / "summary" / "zendesk_summation_column.csv"
JSON_EXPORT = ROOT / "tests" / "data" / "zendesk" / "other_responses" / "json_data_export.json"
ZONE = ZoneInfo("America/New_York")  # the mapping's tz: the account's zone
LAYOUT = "%Y-%m-%d %H:%M"  # the real row's layout: to the minute, no offset


def _rows() -> list[dict[str, str]]:
    with OLDER_CSV.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _load() -> list[TicketHistory]:
    options: dict[str, Any] = tomllib.loads(MAPPING.read_text("utf-8"))
    return list(summary.load(OLDER_CSV, **options))


def _utc(local: str) -> datetime:
    return datetime.strptime(local, LAYOUT).replace(tzinfo=ZONE).astimezone(UTC)


def test_an_older_export_with_the_summation_column_reads_by_name() -> None:
    rows = _rows()
    assert list(rows[0])[:2] == ["Summation column", "Id"]
    hs = _load()
    assert [h.id for h in hs] == [r["Id"] for r in rows]
    for h, row in zip(hs, rows, strict=True):
        assert h.created_at.astimezone(UTC) == _utc(row["Created at"])


def test_minute_dates_in_the_account_zone_agree_with_zendesks_own_hours() -> None:
    # "Resolution time" is Zendesk's whole hours from creation to the solve: the solve read
    # from "Solved at" in the account's zone gives the same hours, also for ticket 8202,
    # solved across the spring-forward night (47 hours elapsed, 48 on the wall clock).
    by_id = {h.id: h for h in _load()}
    solved_rows = [r for r in _rows() if r["Solved at"]]
    assert len(solved_rows) >= 2
    for row in solved_rows:
        h = by_id[row["Id"]]
        solved = h.solved_at()
        assert solved is not None
        hours = (solved.astimezone(UTC) - h.created_at.astimezone(UTC)) / timedelta(hours=1)
        assert round(hours) == int(row["Resolution time"]), row["Id"]
        full = timedelta(minutes=int(row["Full resolution time in minutes"]))
        assert solved.astimezone(UTC) - h.created_at.astimezone(UTC) == full
    wall = datetime.strptime(solved_rows[1]["Solved at"], LAYOUT) - datetime.strptime(
        solved_rows[1]["Created at"], LAYOUT
    )
    assert wall != timedelta(hours=int(solved_rows[1]["Resolution time"]))


def test_not_offered_offered_and_the_dash_are_no_values() -> None:
    by_id = {h.id: h for h in _load()}
    for row in _rows():
        h = by_id[row["Id"]]
        want = {"Good": [1.0], "Bad": [0.0]}.get(row["Satisfaction Score"], [])
        assert [r.score for r in h.ratings()] == want, row["Id"]
        category = h.ticket.attributes.get("Category [list]")
        assert category == (None if row["Category [list]"] == "-" else row["Category [list]"])
        if not row["Solved at"]:
            assert h.solved_at() is None


def _export_lines() -> list[dict[str, Any]]:
    lines = JSON_EXPORT.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_the_json_data_export_fixture_has_the_shape_its_public_reader_reads() -> None:
    tickets = _export_lines()
    assert len(tickets) >= 2
    for t in tickets:
        assert "/api/v2/tickets/" in t["url"]
        assert isinstance(t["requester"], dict)
        assert "requester_id" not in t
        assert all({"author_id", "public", "created_at", "plain_body"} <= c.keys()
                   for c in t["comments"])  # fmt: skip
        assert "audits" not in t


def test_the_json_data_export_is_refused_naming_what_it_lacks() -> None:
    # Its tickets carry their comments (replies could be read) but no audits: no status
    # change, so no solve instant. The message says so and names what to read instead.
    with pytest.raises(ConfigError, match="Zendesk's JSON data export") as caught:
        zendesk.load([JSON_EXPORT])
    message = str(caught.value)
    assert "comments but no audits" in message
    assert "solve instant" in message
    assert "--source summary" in message
    assert "zendesk-csv.toml" in message
    assert str(JSON_EXPORT) in message


# -- Freshdesk: the default three-point survey ------------------------------------------------

THREE_POINT = ROOT / "tests" / "data" / "freshdesk" / "surveys" / "three_point_ratings.json"


def test_a_three_point_freshdesk_survey_reads_as_its_own_top_box() -> None:
    # Freshdesk stores every survey answer on one seven-value scale (CustomSurvey::Survey in
    # Ramesh-Veeriaperumal/freshconsult, app/models/custom_survey/survey.rb: 103 extremely
    # happy ... -103 extremely unhappy); its default three-choice question and the classic
    # survey use only -103, 100 and 103. Read as 1, 4 and 7 of 1..7, the satisfied share is
    # the three-point top box: the share of 103.
    from servicemodel.io import freshdesk
    from servicemodel.kpi import Ratings

    answers = json.loads(THREE_POINT.read_text(encoding="utf-8"))
    assert {a["ratings"]["default_question"] for a in answers} == {-103, 100, 103}
    tickets = [
        {"id": a["ticket_id"], "created_at": "2026-03-02T09:00:00Z", "status": 5, "source": 1,
         "stats": {"resolved_at": "2026-03-03T09:00:00Z", "closed_at": "2026-03-03T09:00:00Z"}}
        for a in answers
    ]  # fmt: skip
    hs = list(freshdesk.histories([tickets], ratings=[answers]))
    got = {h.id: [(r.score, r.scale_min, r.scale_max) for r in h.ratings()] for h in hs}
    seven = {-103: 1.0, 100: 4.0, 103: 7.0}
    assert got == {
        str(a["ticket_id"]): [(seven[a["ratings"]["default_question"]], 1, 7)] for a in answers
    }
    share = Ratings.satisfied_share().add_many(hs).result()
    top_box = sum(a["ratings"]["default_question"] == 103 for a in answers) / len(answers)
    assert share.n == len(answers)
    assert share.value == pytest.approx(top_box)
