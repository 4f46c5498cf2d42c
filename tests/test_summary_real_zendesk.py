"""Zendesk's CSV ticket export, one row per ticket, through the library and the CLI.

The fixture ``tests/data/summary/zendesk_tickets.csv`` is written by hand in the export's shape:
the columns of Zendesk's article "Exporting ticket, user, or organization data from your
account" (https://support.zendesk.com/hc/en-us/articles/4408886165402, "CSV export") in its
order, its "Satisfaction Score" words, "Via" words seen in real exports, calendar minutes
next to their "within business hours" twins, local dates without seconds (the layout the
mapping assumes; see its header). The expectations below are computed from the CSV with
``csv`` and ``zoneinfo`` only, never by the reader. Also the duration roles
(``first_reply_after_min`` ...): a duration column and the equivalent instant column give the
same histories.
"""

from __future__ import annotations

import csv
import json
import statistics
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import summary
from servicemodel.kpi import FirstReplyTime, Ratings
from servicemodel.model import TicketHistory, lost_facts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "summary" / "zendesk_tickets.csv"
MAPPING = ROOT / "examples" / "mappings" / "zendesk-csv.toml"
ZONE = ZoneInfo("America/New_York")


def _options() -> dict[str, Any]:
    return tomllib.loads(MAPPING.read_text("utf-8"))


def _load(**over: Any) -> list[TicketHistory]:
    return list(summary.load(DATA, **{**_options(), **over}))


def _rows() -> list[dict[str, str]]:
    with DATA.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


#: The columns of the article's table, in its order ("ID" and "Requester ID" spelled as real
#: exports spell them), then the account's custom fields ("Name [list]").
DOCUMENTED = [
    "Id", "Requester", "Requester id", "Requester external id", "Requester email",
    "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags", "Status",
    "Priority", "Via", "Ticket type", "Created at", "Updated at", "Assigned at", "Organization",
    "Due date", "Initially assigned at", "Solved at", "Resolution time", "Satisfaction Score",
    "Group stations", "Assignee stations", "Reopens", "Replies",
    *(
        f"{metric} time in minutes{clock}"
        for metric in ("First reply", "First resolution", "Full resolution", "Agent wait",
                       "Requester wait", "On hold")
        for clock in ("", " within business hours")
    ),
]  # fmt: skip
LAYOUT = "%Y-%m-%d %H:%M"


def _utc(local: str) -> datetime:
    """A local time of the export (America/New_York), as an instant in UTC."""
    return datetime.strptime(local, LAYOUT).replace(tzinfo=ZONE).astimezone(UTC)


def _first_reply_utc(row: dict[str, str]) -> datetime | None:
    minutes = row["First reply time in minutes"]
    return _utc(row["Created at"]) + timedelta(minutes=int(minutes)) if minutes else None


def test_every_ticket_is_read_with_its_first_reply_from_the_minutes() -> None:
    hs = _load()
    rows = _rows()
    assert [h.id for h in hs] == [r["Id"] for r in rows]
    for h, row in zip(hs, rows, strict=True):
        assert h.created_at.astimezone(UTC) == _utc(row["Created at"])
        got = h.first_reply_at()
        want = _first_reply_utc(row)
        assert (got.astimezone(UTC) if got is not None else None) == want
        solved = h.solved_at()
        assert (solved.astimezone(UTC) if solved else None) == (
            _utc(row["Solved at"]) if row["Solved at"] else None
        )
        # The duration column counts as a first-reply column: nothing more is lost. A ticket
        # whose "Reopens" is 0 lacks neither its reopens nor its first resolution (its only one).
        known = {"reopens", "first_resolution"} if row["Reopens"] == "0" else set()
        assert lost_facts(h) == summary.LOST_FACTS - known


def test_the_spring_forward_night_is_three_hours_of_calendar_time() -> None:
    # Ticket 104: 23:00 EST on 7 March 2026, answered 180 minutes later -- 03:00 EDT on the
    # 8th (the clocks skipped 02:00-03:00): three hours of elapsed time, four on the clock.
    h = {h.id: h for h in _load()}["104"]
    reply = h.first_reply_at()
    assert reply is not None
    assert reply.astimezone(UTC) - h.created_at.astimezone(UTC) == timedelta(hours=3)
    assert reply.astimezone(ZONE).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 0)


def test_the_fixture_has_the_documented_columns_and_the_mapping_no_business_clock() -> None:
    with DATA.open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[: len(DOCUMENTED)] == DOCUMENTED
    assert all(name.endswith(" [list]") for name in header[len(DOCUMENTED) :])
    named = set(_options()["columns"].values())
    assert named <= set(header)
    # The business-hours twins are another clock: ticket 104 (a Saturday night) waited 180
    # calendar minutes and 0 business minutes. The mapping reads none of them.
    assert not any("business hours" in name for name in named)
    row = {r["Id"]: r for r in _rows()}["104"]
    assert (
        row["First reply time in minutes"],
        row["First reply time in minutes within business hours"],
    ) == ("180", "0")


def test_satisfaction_words_offered_and_not_offered_are_no_rating() -> None:
    hs = _load()
    words = {r["Id"]: r["Satisfaction Score"] for r in _rows()}
    for h in hs:
        scores = [r.score for r in h.ratings()]
        expected = {"Good": [1.0], "Bad": [0.0]}.get(words[h.id], [])
        assert scores == expected, (h.id, words[h.id])
    csat = Ratings.satisfied_share().add_many(hs).result()
    assert csat.n == 2
    assert csat.value == pytest.approx(1 / 2)


def test_channels_tags_priorities_and_attributes() -> None:
    hs = {h.id: h for h in _load()}
    assert {k: h.ticket.channel for k, h in hs.items()} == {
        "101": "web", "102": "email", "103": "chat", "104": "phone", "105": "web", "106": "chat",
    }  # fmt: skip
    assert hs["101"].ticket.tags == frozenset({"login", "vip"})
    assert hs["103"].ticket.tags == frozenset()
    assert str(hs["105"].ticket.priority) == "normal"  # no priority set: Zendesk's default
    assert hs["102"].ticket.attributes["Reopens"] == "1"
    # An unset custom list field is written "-": missing, not a category named "-".
    assert "Category [list]" not in hs["102"].ticket.attributes
    assert hs["101"].ticket.attributes["Category [list]"] == "Access"
    assert hs["104"].ticket.assignee == "Kim Ito"


def test_first_reply_time_from_the_minutes_column() -> None:
    minutes = [
        int(r["First reply time in minutes"]) for r in _rows() if r["First reply time in minutes"]
    ]
    frt = FirstReplyTime.empty(unit="min").add_many(_load()).result()
    assert frt.n == len(minutes)
    assert frt.censored == 1  # ticket 105: not replied to yet
    assert frt.mean.value == pytest.approx(statistics.fmean(minutes))


def test_full_resolution_minutes_agree_with_the_solved_instant() -> None:
    # The fixture is consistent (checked independently), and reading the solve from the
    # "Full resolution time in minutes" column instead gives the same histories.
    for row in _rows():
        if row["Solved at"]:
            elapsed = _utc(row["Solved at"]) - _utc(row["Created at"])
            assert elapsed == timedelta(minutes=int(row["Full resolution time in minutes"]))
    columns = dict(_options()["columns"])
    del columns["solved"]
    columns["solved_after_min"] = "Full resolution time in minutes"
    assert _load(columns=columns) == _load()


def test_naming_an_instant_and_its_duration_is_a_config_error() -> None:
    columns = {**_options()["columns"], "first_reply": "Updated at"}
    with pytest.raises(ConfigError, match=r"columns\.first_reply_after_min: .*name one of them"):
        _load(columns=columns)


@pytest.mark.parametrize(
    ("minutes", "why"),
    [("-5", "expected a duration"), ("soon", "expected a duration"), ("inf", "expected a duration"),
     ("1e400", "expected a duration"), ("99999999999999", "out of range")],
)  # fmt: skip
def test_a_bad_duration_names_the_ticket_column_and_value(minutes: str, why: str) -> None:
    rows = [
        {"id": "1", "created_at": "2026-03-02T09:00:00Z", "first_reply_after_min": minutes},
        {"id": "2", "created_at": "2026-03-02T09:00:00Z", "first_reply_after_min": "15"},
    ]
    loaded = summary.histories(rows, on_error="collect").collect()
    assert [h.id for h in loaded] == ["2"]
    (err,) = loaded.errors
    assert isinstance(err, RecordError)
    assert f"ticket '1': first_reply_after_min {minutes!r}: " in str(err)
    assert why in str(err)
    assert err.path.endswith("first_reply_after_min")


# --- the law: an instant column and the equivalent duration column give the same histories --

_ZONES = st.sampled_from(["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"])
_UNITS = {"s": 1, "min": 60, "h": 3600}


@given(
    zone=_ZONES,
    created=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
    steps=st.lists(st.integers(0, 20_000), min_size=1, max_size=4),
    unit=st.sampled_from(sorted(_UNITS)),
    role=st.sampled_from(["first_reply", "solved"]),
    clock=st.booleans(),
)
def test_a_duration_column_reads_as_the_equivalent_instant(
    zone: str, created: datetime, steps: list[int], unit: str, role: str, clock: bool
) -> None:
    tz = ZoneInfo(zone)
    start = created.replace(tzinfo=tz)
    as_instant, as_duration = [], []
    for i, n in enumerate(steps):
        seconds = n * _UNITS[unit]
        stop = (start.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(tz)
        base = {"id": str(i), "created_at": start.isoformat()}
        as_instant.append({**base, f"{role}_at": stop.isoformat()})
        h, rest = divmod(seconds, 3600)
        text = f"{h}:{rest // 60:02d}:{rest % 60:02d}" if clock else str(n)
        as_duration.append({**base, f"{role}_after_{unit}": text})
    a = list(summary.histories(as_instant))
    b = list(summary.histories(as_duration))
    assert a == b  # aware datetimes compare as instants
    for x, y in zip(a, b, strict=True):
        ex = [(type(e), e.id, e.at.astimezone(UTC)) for e in x.events]
        ey = [(type(e), e.id, e.at.astimezone(UTC)) for e in y.events]
        assert ex == ey
        assert lost_facts(x) == lost_facts(y)


@given(
    word=st.sampled_from(["Good", "Bad", "Good with comment", "Bad with comment"]),
    case=st.sampled_from([str.lower, str.upper, str.title, lambda s: f"  {s} "]),
)
def test_a_rating_with_a_comment_is_the_rating_itself(word: str, case: Any) -> None:
    # Zendesk's scores good_with_comment / bad_with_comment, as a view's CSV writes them:
    # the shipped mapping reads each as its rating, never as an error.
    rows = [{"Id": "7", "Created at": "2026-03-02 09:00", "Solved at": "2026-03-02 10:00",
             "Satisfaction Score": case(word)}]  # fmt: skip
    options = _options()
    keep = {"id", "created", "solved", "rating"}
    options["columns"] = {k: v for k, v in options["columns"].items() if k in keep}
    del options["attributes"]
    (h,) = summary.histories(rows, **options)
    assert [r.score for r in h.ratings()] == [1.0 if word.startswith("Good") else 0.0]


@given(
    word=st.sampled_from(["Offered", "Not Offered", "Unoffered"]),
    case=st.sampled_from([str.lower, str.upper, str.title, lambda s: f"  {s} "]),
)
def test_an_offered_survey_is_never_a_rating_nor_an_error(word: str, case: Any) -> None:
    rows = [{"id": "1", "created_at": "2026-03-02T09:00:00Z", "rating": case(word)}]
    (h,) = summary.histories(rows, rating_map={"good": 1, "bad": 0}, rating_scale=(0, 1))
    assert list(h.ratings()) == []


# --- the law: every date layout the export may use reads as the same instants -------------

_LAYOUTS = {
    "no seconds": lambda t: t.strftime(LAYOUT),
    "seconds": lambda t: t.strftime("%Y-%m-%d %H:%M:%S"),
    "ISO offset": lambda t: t.isoformat(),
    "spaced offset": lambda t: t.strftime("%Y-%m-%d %H:%M:%S %z"),
}


@given(layout=st.sampled_from(sorted(_LAYOUTS)))
def test_the_date_layout_is_unconfirmed_so_each_candidate_reads_the_same(layout: str) -> None:
    # The mapping assumes 2026-03-02 09:05; an export with seconds or an offset must give the
    # same histories, so an unconfirmed layout never silently moves an instant.
    write = _LAYOUTS[layout]
    opts = _options()
    rows = []
    for row in _rows():
        local = {
            k: write(datetime.strptime(v, LAYOUT).replace(tzinfo=ZONE))
            for k, v in row.items()
            if k in ("Created at", "Solved at") and v
        }
        rows.append({**row, **local})
    kw = {k: v for k, v in opts.items() if k != "rating_scale"}
    got = list(summary.histories(rows, rating_scale=tuple(opts["rating_scale"]), **kw))
    assert got == _load()


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_report_on_the_zendesk_export(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--source", "summary", str(DATA), "--map", str(MAPPING)]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["bad_records"] == []
    overall = data["kpi"]["overall"]
    replied = sorted(
        (t - _utc(r["Created at"])) / timedelta(hours=1)
        for r in _rows()
        if (t := _first_reply_utc(r)) is not None
    )
    # Kaplan-Meier median over 6 tickets: 105, created at the snapshot (the last creation),
    # is censored at 0 h and leaves the risk set first, so the median is the third of the
    # five replies.
    assert overall["frt_p50"]["n"] == 6
    assert overall["frt_p50"]["value"] == pytest.approx(replied[2])
    assert overall["csat"]["n"] == 2
    assert overall["csat"]["value"] == pytest.approx(0.5)
    assert data["overview"]["by_channel"]["phone"] == 1
    assert main([*args]) == 0
    assert "First reply p50" in capsys.readouterr().out
