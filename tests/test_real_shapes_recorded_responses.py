"""The readers against more shapes of real recorded data (issue 13's real exports).

Every fixture here is written by hand (our own ids, names, texts and times) in the shape of a
recorded response found in a public repository; no vendor data is copied.

- ``tests/data/zendesk/score_change_*.json``: a project's saved ``/tickets/{id}/audits``
  response (a plain JSON list of audits, 2017) records the customer's rating as a ``Change``
  of the ``satisfaction_score`` field (``unoffered`` -> ``offered`` by an automation, then
  ``offered`` -> ``bad`` by the requester, with a ``satisfaction_comment`` change), not as a
  ``SatisfactionRating`` event; Fivetran's dbt_zendesk package reads ratings from the same
  field. Comment events carry ``audit_id`` and ``plain_body``; the first audit is written by an
  API user while its comment's ``author_id`` is the requester. Before, every such rating was
  dropped silently (CSAT n=0). The tickets page holds ``satisfaction_rating`` objects: a
  ticket exported without audits kept no rating at all.
- ``tests/data/jira/unexpanded_search.json``: go-jira's ``testing/mock-data`` search page (and
  every ``/search`` called without ``expand=changelog``) holds issues with no ``changelog``
  key; a resolved issue's status was taken as its status at creation (resolution time 0 h).
  Jira Server / Data Center issues carry the classic priority names (``Major`` in that mock),
  which stopped the reader with "unknown priority".

Expected values come from the fixtures' own fields and each vendor's documented meaning of
them, computed here independently of the readers.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import jira, zendesk
from servicemodel.kpi import Ratings
from servicemodel.model import Priority, SatisfactionRating, Status, StatusChange, TicketHistory

DATA = Path(__file__).parent / "data"


def utc(text: str) -> datetime:
    """An instant read independently of the readers (Python's own ISO 8601 parser), in UTC."""
    return datetime.fromisoformat(text).astimezone(UTC)


def load_json(*parts: str) -> Any:
    return json.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))


def ratings(h: TicketHistory) -> list[SatisfactionRating]:
    return [e for e in h.events if isinstance(e, SatisfactionRating)]


# -- Zendesk: ratings recorded as satisfaction_score changes -------------------------------------


def zd_read() -> dict[str, TicketHistory]:
    pages = [load_json("zendesk", "score_change_tickets.json")]
    audits = load_json("zendesk", "score_change_audits.json")
    return {h.id: h for h in zendesk.histories(pages, audits)}


def test_score_changes_are_ratings_the_last_one_counts() -> None:
    h = zd_read()["4101"]
    audits = [a for a in load_json("zendesk", "score_change_audits.json") if a["ticket_id"] == 4101]
    answered = [
        (a["created_at"], ev["value"])
        for a in audits
        for ev in a["events"]
        if ev.get("field_name") == "satisfaction_score" and ev["value"] in ("good", "bad")
    ]
    assert [(r.at, r.score) for r in ratings(h)] == [
        (utc(at), 1.0 if value == "good" else 0.0) for at, value in answered
    ]
    assert all((r.scale_min, r.scale_max, r.survey) == (0, 1, "csat") for r in ratings(h))
    # The customer changed their mind: the latest answer ("bad") is the ticket's rating.
    assert Ratings.satisfied_share().scores(h) == [0.0]


def test_the_rest_of_that_ticket_reads_as_before() -> None:
    h = zd_read()["4101"]
    assert h.ticket.requester == "7001"
    assert h.ticket.channel == "api"
    # The comment's author (the requester) decides, not the API user who wrote the audit.
    assert not h.ticket.created_by_agent
    assert h.first_reply_at() == utc("2026-05-04T15:30:00Z")
    assert h.solved_at() == utc("2026-05-04T15:30:00Z")
    assert (h.final_group(), h.final_assignee()) == ("310", "7501")


def test_a_rating_event_and_its_score_change_are_one_rating() -> None:
    # One audit holding both a SatisfactionRating event and the satisfaction_score change:
    # the same answer, said twice, is one rating.
    h = zd_read()["4102"]
    assert [(r.id, r.at, r.score) for r in ratings(h)] == [
        ("5102202", utc("2026-05-04T12:00:00Z"), 1.0)
    ]
    assert h.status_at(utc("2026-05-05T12:00:00Z")) is Status.CLOSED


def test_a_ticket_without_audits_keeps_its_rating_at_its_last_update() -> None:
    page = load_json("zendesk", "score_change_tickets.json")
    found = {h.id: h for h in zendesk.histories([page])}
    for raw in page["tickets"]:
        h = found[str(raw["id"])]
        score = raw["satisfaction_rating"]["score"]
        expected = [] if score == "offered" else [(utc(raw["updated_at"]), score == "good")]
        assert [(r.at, r.score == 1) for r in ratings(h)] == expected


def test_a_bad_score_change_names_its_value_and_path() -> None:
    audits = load_json("zendesk", "score_change_audits.json")
    audits[3]["events"][0]["value"] = "great"
    pages = [load_json("zendesk", "score_change_tickets.json")]
    stream = zendesk.histories(pages, audits, on_error="collect")
    assert sorted(h.id for h in stream) == ["4102", "4103"]
    (error,) = stream.errors
    assert isinstance(error, RecordError)
    assert error.path.endswith("events[0].value")
    assert "'great'" in str(error)
    assert "4101" in str(error)


_SCORES = st.sampled_from(["good", "bad", "offered", "unoffered"])


@given(
    answers=st.lists(st.tuples(_SCORES, st.booleans()), min_size=1, max_size=6),
    gaps=st.lists(st.integers(1, 10_000), min_size=6, max_size=6),
)
def test_law_one_rating_per_answered_audit(
    answers: list[tuple[str, bool]], gaps: list[int]
) -> None:
    # Law: each audit whose satisfaction_score becomes good or bad is one two-point rating at
    # the audit's instant -- with or without a SatisfactionRating event beside the change --
    # and offered/unoffered are none; the ticket's CSAT is its last answer.
    start = datetime(2026, 5, 4, 8, tzinfo=UTC)
    page = {"tickets": [{"id": 1, "created_at": start.isoformat(), "status": "solved",
                         "requester_id": 5, "via": {"channel": "web"}}],
            "end_of_stream": True}  # fmt: skip
    audits: list[dict[str, Any]] = []
    at = start
    for i, ((score, twice), gap) in enumerate(zip(answers, gaps, strict=False)):
        at += timedelta(seconds=gap)
        events: list[dict[str, Any]] = [{"id": 10 * i + 1, "type": "Change",
                                         "field_name": "satisfaction_score", "value": score,
                                         "previous_value": "offered"}]  # fmt: skip
        if twice:
            events.insert(0, {"id": 10 * i + 2, "type": "SatisfactionRating", "score": score})
        audits.append({"id": 100 + i, "ticket_id": 1, "created_at": at.isoformat(),
                       "author_id": 5, "events": events})  # fmt: skip
    (h,) = zendesk.histories([page], audits)
    expected = [
        (utc(a["created_at"]), float(s == "good"))
        for a, (s, _twice) in zip(audits, answers, strict=False)
        if s in ("good", "bad")
    ]
    assert [(r.at, r.score) for r in ratings(h)] == expected
    assert Ratings.satisfied_share().scores(h) == [e[1] for e in expected][-1:]


# -- Jira: issues without their changelog; the classic priority scheme -------------------------


def jira_page() -> dict[str, Any]:
    found: dict[str, Any] = load_json("jira", "unexpanded_search.json")
    return found


def jira_read(page: dict[str, Any]) -> dict[str, TicketHistory]:
    return {h.id: h for h in jira.histories([page])}


def _field(page: dict[str, Any], key: str, name: str) -> Any:
    return next(i for i in page["issues"] if i["key"] == key)["fields"][name]


def test_a_resolved_issue_without_changelog_is_solved_at_its_resolutiondate() -> None:
    page = jira_page()
    found = jira_read(page)
    for key in ("OPS-11", "OPS-14"):
        h = found[key]
        resolved = utc(_field(page, key, "resolutiondate"))
        assert h.solved_at() == resolved
        assert h.status_at(resolved - timedelta(seconds=1)) is Status.NEW
    assert found["OPS-14"].final_status() is Status.CLOSED


def test_a_resolved_issue_without_resolutiondate_is_placed_at_its_update() -> None:
    page = jira_page()
    h = jira_read(page)["OPS-15"]
    assert h.solved_at() == utc(_field(page, "OPS-15", "updated"))


def test_a_waiting_issue_without_changelog_waits_from_its_update() -> None:
    page = jira_page()
    h = jira_read(page)["OPS-12"]
    updated = utc(_field(page, "OPS-12", "updated"))
    assert h.status_at(updated) is Status.PENDING
    assert h.status_at(updated - timedelta(seconds=1)) is Status.NEW
    (change,) = [e for e in h.events if isinstance(e, StatusChange)]
    assert change.label == "Waiting for customer"


def test_an_issue_in_a_starting_status_began_there() -> None:
    h = jira_read(jira_page())["OPS-13"]
    (change,) = [e for e in h.events if isinstance(e, StatusChange)]
    assert (change.at, change.status, change.label) == (h.ticket.created_at, Status.OPEN, "Open")


def test_an_issue_with_its_changelog_is_read_from_it() -> None:
    page = jira_page()
    issue = page["issues"][0]
    # Expanded, with no status history: the issue was created in its status, as before.
    issue["changelog"] = {"startAt": 0, "maxResults": 0, "total": 0, "histories": []}
    h = jira_read(page)["OPS-11"]
    assert h.solved_at() == utc(issue["fields"]["created"])


def test_a_resolutiondate_before_creation_names_the_field() -> None:
    page = jira_page()
    page["issues"][0]["fields"]["resolutiondate"] = "2026-05-01T08:00:00.000+0200"
    stream = jira.histories([page], on_error="collect")
    assert "OPS-11" not in {h.id for h in stream}
    (error,) = stream.errors
    assert error.path == "pages[0].issues[0].fields.resolutiondate"
    assert "OPS-11" in str(error)
    assert "2026-05-01T08:00:00.000+0200" in str(error)


#: The classic default scheme of Jira Server / Data Center, level by level, beside the names
#: Atlassian gave the same five levels; each level maps where today's name of it maps.
CLASSIC = [("Blocker", "Highest"), ("Critical", "High"), ("Major", "Medium"),
           ("Minor", "Low"), ("Trivial", "Lowest")]  # fmt: skip


def test_the_classic_priority_names_are_read_with_their_label() -> None:
    found = jira_read(jira_page())
    assert {k: (h.ticket.priority, h.ticket.priority_label) for k, h in found.items()} == {
        "OPS-11": (Priority.URGENT, "Blocker"),
        "OPS-12": (Priority.NORMAL, "Major"),
        "OPS-13": (Priority.LOW, "minor"),
        "OPS-14": (Priority.HIGH, "Critical"),
        "OPS-15": (Priority.LOW, "Trivial"),
    }


@given(level=st.sampled_from(CLASSIC), case=st.sampled_from([str, str.upper, str.lower]))
def test_law_a_classic_priority_is_its_level(level: tuple[str, str], case: Any) -> None:
    # Law: a classic name maps as today's name of the same level does, in any letter case.
    old, new = level
    page = jira_page()
    twin = copy.deepcopy(page)
    page["issues"][0]["fields"]["priority"]["name"] = case(old)
    twin["issues"][0]["fields"]["priority"]["name"] = new
    assert jira_read(page)["OPS-11"].ticket.priority is jira_read(twin)["OPS-11"].ticket.priority


@given(delay=st.integers(0, 400 * 24 * 3600), offset=st.integers(-12, 14))
def test_law_resolution_time_is_resolutiondate_minus_created(delay: int, offset: int) -> None:
    # Law: without a changelog, a resolved issue's resolution time is resolutiondate - created,
    # measured in UTC whatever offset Jira wrote.
    page = jira_page()
    fields = page["issues"][0]["fields"]
    zone = f"{'+' if offset >= 0 else '-'}{abs(offset):02d}00"
    created = datetime.fromisoformat(fields["created"])
    resolved = created.astimezone(UTC) + timedelta(seconds=delay)
    shown = resolved.astimezone(datetime.strptime(zone, "%z").tzinfo)
    fields["resolutiondate"] = shown.strftime("%Y-%m-%dT%H:%M:%S.000") + zone
    h = jira_read(page)["OPS-11"]
    solved = h.solved_at()
    assert solved is not None
    assert solved.astimezone(UTC) - created.astimezone(UTC) == timedelta(seconds=delay)


@pytest.mark.parametrize("key", ["OPS-11", "OPS-14"])
def test_the_report_measures_the_resolution_from_resolutiondate(key: str) -> None:
    page = jira_page()
    h = jira_read(page)[key]
    created, resolved = (utc(_field(page, key, n)) for n in ("created", "resolutiondate"))
    solved = h.solved_at()
    assert solved is not None
    assert solved.astimezone(UTC) - h.ticket.created_at.astimezone(UTC) == resolved - created


# -- The shipped Jira CSV mapping: Jira Server's classic priorities ------------------------------

MAPPINGS = Path(__file__).parent.parent / "examples" / "mappings"


def test_the_jira_csv_mapping_reads_a_server_export_with_classic_priorities() -> None:
    import csv
    import tomllib

    from servicemodel.io import summary

    mapping = tomllib.loads((MAPPINGS / "jira-csv.toml").read_text(encoding="utf-8"))
    path = DATA / "summary" / "jira_server_issues.csv"
    options = {k: mapping[k] for k in ("columns", "date_format", "tz", "priority_map")}
    found = {h.id: h for h in summary.load(path, **options)}
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    levels = dict(CLASSIC)
    for row in rows:
        h = found[row["Issue key"]]
        # The classic name takes the level today's name of it has in the same mapping.
        assert h.ticket.priority.value == mapping["priority_map"][levels[row["Priority"]]]
        assert h.ticket.priority_label == row["Priority"]


# -- Field-history logs: one row per change of any field (keep) ---------------------------------
# tests/data/eventlog/field_history_shape.csv is in the shape of Fivetran's TICKET_FIELD_HISTORY
# table of Zendesk (field_name, ticket_id, updated, _fivetran_synced, user_id, value: the seed
# of fivetran/dbt_zendesk's integration tests and its source documentation): status rows among
# priority, tags (a JSON list in one cell), assignee, group and custom-field rows (named by id).
# Before, such a log could not be read: the status column was read on every row, so a priority
# row's "normal" or an assignee's id was an "unknown status".

FIELD_HISTORY = DATA / "eventlog" / "field_history_shape.csv"
FIELD_MAP = MAPPINGS / "zendesk-field-history.toml"


def field_mapping() -> dict[str, Any]:
    import tomllib

    found: dict[str, Any] = tomllib.loads(FIELD_MAP.read_text(encoding="utf-8"))
    return found


def field_rows() -> list[dict[str, str]]:
    import csv

    with FIELD_HISTORY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _naive_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_field_history_mapping_reads_the_status_rows() -> None:
    from servicemodel.io import eventlog

    result = eventlog.load(FIELD_HISTORY, **field_mapping())
    found = {h.id: h for h in result}
    # 5004 has no status row: no history. Every other ticket: its status rows, in order.
    assert sorted(found) == ["5001", "5002", "5003"]
    statuses = field_mapping()["status_map"]
    for tid, h in found.items():
        rows = [r for r in field_rows() if r["ticket_id"] == tid and r["field_name"] == "status"]
        expected = [(_naive_utc(r["updated"]), Status(statuses[r["value"]]), r["value"])
                    for r in rows if r["value"] != "deleted"]  # fmt: skip
        changes = [(e.at, e.status, e.label) for e in h.events if isinstance(e, StatusChange)]
        assert changes == expected
        assert h.ticket.created_at == _naive_utc(rows[0]["updated"])


def test_the_field_history_mapping_measures_resolution_and_reopens() -> None:
    from servicemodel.io import eventlog

    found = {h.id: h for h in eventlog.load(FIELD_HISTORY, **field_mapping())}
    first = found["5001"]
    assert first.status_at(_naive_utc("2026-05-05 11:00:00")) is Status.ON_HOLD
    assert first.solved_at() == _naive_utc("2026-05-06 14:45:00")
    reopened = found["5002"]
    assert reopened.status_at(_naive_utc("2026-05-05 12:00:00")) is Status.OPEN
    assert reopened.solved_at() == _naive_utc("2026-05-05 16:00:00")
    # A deleted ticket keeps the status it had (the mapping ignores "deleted").
    assert found["5003"].final_status() is Status.OPEN


def test_the_cli_reads_a_field_history_with_the_shipped_mapping(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from servicemodel.cli import main

    args = ["report", "--source", "eventlog", str(FIELD_HISTORY), "--map", str(FIELD_MAP)]
    assert main([*args, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["overview"]["tickets"] == 3


def test_keep_must_be_a_list_of_names() -> None:
    from servicemodel.errors import ConfigError
    from servicemodel.io import eventlog

    with pytest.raises(ConfigError) as info:
        eventlog.histories([], keep=7)  # type: ignore[arg-type]
    assert info.value.path == "keep"


_FIELDS = st.sampled_from(["priority", "assignee_id", "tags", "360012345", "group_id"])


@given(
    noise=st.lists(
        st.tuples(st.integers(0, 19), _FIELDS, st.text(min_size=0, max_size=8)),
        max_size=12,
    )
)
def test_law_rows_of_other_fields_change_nothing(noise: list[tuple[int, str, str]]) -> None:
    # Law: with keep, inserting rows of any other field anywhere in a ticket's rows -- with
    # any value, even one no status map knows -- leaves every history as it was.
    from servicemodel.io import eventlog

    options = {k: v for k, v in field_mapping().items() if k != "tz"}
    rows = field_rows()
    base = {h.id: h for h in eventlog.histories(rows, tz=UTC, contiguous=False, **options)}
    noisy = list(rows)
    for at, field, value in sorted(noise, reverse=True):
        near = rows[at]
        noisy.insert(at, {**near, "field_name": field, "value": value})
    found = {h.id: h for h in eventlog.histories(noisy, tz=UTC, contiguous=False, **options)}
    # Event ids name the row (r<index>), which the inserted rows move: compare the rest.
    assert {k: _facts(h) for k, h in found.items()} == {k: _facts(h) for k, h in base.items()}


def _facts(h: TicketHistory) -> tuple[Any, ...]:
    return h.ticket, [(type(e).__name__, e.at, getattr(e, "status", None),
                       getattr(e, "label", None)) for e in h.events]  # fmt: skip


# -- Other Jira API responses saved beside the search pages ------------------------------------
# A folder of saved responses (atlassian-python-api's recorded /issue/{key}/comment; the
# platform changelog page; JSM's /request, /request/{key}/comment and /request/{key}/sla pages)
# given to --source jira: each was refused as "issues[0].key: key None". Now each is one bad
# record that says what it holds and where it goes, and the issues beside it are read.

OTHER = DATA / "jira" / "other_responses"
KINDS = {
    "issue_comments.json": "(/issue/{key}/comment)",
    "issue_changelog.json": "(/issue/{key}/changelog)",
    "requests.json": "(/rest/servicedeskapi/request)",
    "request_comments_page.json": "(/request/{key}/comment)",
    "request_sla_page.json": "--vendor-sla",
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_another_response_says_what_it_holds(name: str) -> None:
    search = DATA / "jira" / "unexpanded_search.json"
    result = jira.load([search, OTHER / name], on_error="collect")
    assert len(result.histories) == len(jira_page()["issues"])
    (error,) = result.errors
    assert error.source == str(OTHER / name)
    assert str(error.message).startswith("not an issue: ")
    assert KINDS[name] in str(error)
    assert "key None" not in str(error)


@pytest.mark.parametrize("name", ["issue_comments.json", "request_comments_page.json"])
def test_a_lone_comment_or_history_says_so_too(name: str) -> None:
    page = load_json("jira", "other_responses", name)
    one = (page.get("comments") or page["values"])[0]
    stream = jira.histories([one], on_error="collect")
    assert list(stream) == []
    (error,) = stream.errors
    assert "not an issue: a comment" in str(error)
    entry = load_json("jira", "other_responses", "issue_changelog.json")["values"][0]
    stream = jira.histories([entry], on_error="collect")
    assert list(stream) == []
    assert "one entry of an issue's changelog" in str(stream.errors[0])


def test_an_issue_is_never_taken_for_another_response() -> None:
    # An issue keeps its key and fields: whatever else it carries, it is read as an issue.
    page = jira_page()
    page["issues"][0]["values"] = [{"items": [], "created": "x"}]
    page["issues"][0]["comments"] = []
    assert sorted(jira_read(page)) == sorted(i["key"] for i in page["issues"])


# -- Zendesk responses that are no export file -------------------------------------------------
# go-zendesk's recorded /tickets/{id}/comments and /search responses were "not a Zendesk export
# file" with no word of what they are. The incremental ticket event export is read (its tests
# are in test_io_zendesk_ticket_events.py); one ticket event given among the audits is read as
# the audit it is, never as an audit without events (silently nothing).

ZD_OTHER = DATA / "zendesk" / "other_responses"


@pytest.mark.parametrize(
    ("name", "says"),
    [("ticket_comments.json", "/tickets/{id}/comments"), ("search_tickets.json", "search API")],
)  # fmt: skip
def test_a_zendesk_response_that_is_no_export_says_what_it_is(name: str, says: str) -> None:
    from servicemodel.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        zendesk.load([DATA / "zendesk" / "score_change_tickets.json", ZD_OTHER / name])
    assert says in str(info.value)
    assert name in str(info.value)


def test_one_ticket_event_among_the_audits_is_read_as_its_audit() -> None:
    from servicemodel.model import lost_facts

    event = load_json("zendesk", "other_responses", "ticket_events.json")["ticket_events"][0]
    pages = [load_json("zendesk", "score_change_tickets.json")]
    stream = zendesk.histories(pages, [event], on_error="collect")
    got = {h.id: h for h in stream}
    assert sorted(got) == ["4101", "4102", "4103"]
    assert stream.errors == ()
    # Its only event is the creation; the ticket was solved after it: as of its last update,
    # a partial history that lacks when it was solved, never a ticket still new.
    h = got["4101"]
    assert h.status_at(h.last_event_at).value == "solved"
    assert "resolution" in lost_facts(h)
    loaded = zendesk.load(
        [DATA / "zendesk" / "score_change_tickets.json", ZD_OTHER / "ticket_events.json"]
    )
    assert loaded.histories == tuple(zendesk.histories(pages, ticket_events=[event]))


# -- CSV rows with more cells than the header --------------------------------------------------
# Apromore's log importer tests keep a row with two cells past the header
# (test7-record-invalid.csv); it was read as if whole. A value with an unquoted delimiter
# ("Smith, John") makes such a row and shifts every cell after it. Empty extra cells (a
# trailing delimiter) shift nothing.

EXTRA = DATA / "eventlog" / "extra_cells_shape.csv"
EXTRA_OPTIONS: dict[str, Any] = {
    "columns": {"case": "case id", "activity": "activity", "timestamp": "completion time"},
    "tz": "UTC",
    "activity_map": {"Customer message": "customer_message", "Agent reply": "agent_reply"},
}


def test_a_row_with_more_cells_than_the_header_is_refused_with_its_line() -> None:
    from servicemodel.io import eventlog

    result = eventlog.load(EXTRA, on_error="collect", **EXTRA_OPTIONS)
    # T-2's first row has two cells too many; T-1's trailing empty cells are harmless.
    assert [h.id for h in result] == ["T-1"]
    (error,) = result.errors
    assert error.line == 2
    assert "2 cells more than the header" in str(error)
    assert "' John'" in str(error)


def test_a_one_row_export_refuses_such_a_row_too(tmp_path: Path) -> None:
    from servicemodel.io import summary

    path = tmp_path / "tickets.csv"
    path.write_text("id,created_at,solved_at\nA,2026-05-04T08:00:00Z,2026-05-04T09:00:00Z\n"
                    "B,2026-05-04 08:00,x,2026-05-04T09:00:00Z\n", encoding="utf-8")  # fmt: skip
    result = summary.load(path, on_error="collect")
    assert [h.id for h in result] == ["A"]
    (error,) = result.errors
    assert error.line == 3
    assert "1 cell more" in str(error)


_CELL = st.text(alphabet="ab ,;\t", max_size=4)


@given(extra=st.lists(_CELL, min_size=1, max_size=3))
def test_law_extra_cells_are_an_error_unless_blank(extra: list[str]) -> None:
    # Law: a row whose cells past the header are all blank reads as the same row without
    # them; any non-blank one sets the row's case aside with an error naming them.
    from servicemodel.io import eventlog

    base = {"case id": "T-9", "activity": "Agent reply",
            "completion time": "2026-05-04T09:00:00Z"}  # fmt: skip
    plain = list(eventlog.histories([base], **EXTRA_OPTIONS))
    stream = eventlog.histories([{**base, None: extra}], on_error="collect", **EXTRA_OPTIONS)  # type: ignore[dict-item]
    found = list(stream)
    if all(not c.strip() for c in extra):
        assert found == plain
        assert not stream.errors
    else:
        assert found == []
        (error,) = stream.errors
        assert repr(extra) in str(error)


# -- Zendesk: a ticket exported more than once, files in any order -----------------------------
# Zendesk's incremental export guide: time-based exports "may contain duplicate items", and
# the documented workflow polls again and again, so saved responses repeat tickets. load kept
# the last record read: files given out of order (a shell's glob sorts page10 before page2)
# brought back an older version of a ticket over a newer one.


def _versions(tmp_path: Path, stamps: list[str]) -> list[Path]:
    page = load_json("zendesk", "score_change_tickets.json")
    base = next(t for t in page["tickets"] if t["id"] == 4102)
    files = []
    for n, at in enumerate(stamps):
        version = {**base, "updated_at": at, "tags": [f"v{n}"]}
        path = tmp_path / f"tickets_{n}.json"
        path.write_text(json.dumps({"tickets": [version], "end_of_stream": True}), "utf-8")
        files.append(path)
    return files


def test_the_latest_version_of_a_ticket_wins_whatever_the_file_order(tmp_path: Path) -> None:
    files = _versions(tmp_path, ["2026-05-05T11:00:00Z", "2026-05-04T12:00:00Z"])
    result = zendesk.load(files, on_error="collect")
    (h,) = result.histories
    assert h.ticket.tags == frozenset({"v0"})  # the newer record, though read first
    assert [s.reason for s in result.skipped] == ["superseded by a later record of the ticket"]


@given(
    stamps=st.lists(
        st.datetimes(min_value=datetime(2026, 5, 4, 9, 1), max_value=datetime(2027, 1, 1),
                     timezones=st.just(UTC)),
        min_size=1, max_size=5, unique=True,
    ),
    offset=st.integers(-12, 14),
)  # fmt: skip
def test_law_the_kept_version_is_the_latest_update(stamps: list[datetime], offset: int) -> None:
    # Law: of several records of one ticket, load keeps the one with the latest updated_at
    # (compared in UTC whatever offset each is written in), whatever order they come in.
    import tempfile

    zone = timezone(timedelta(hours=offset))
    shown = [s.astimezone(zone).isoformat() for s in stamps]
    with tempfile.TemporaryDirectory() as tmp:
        result = zendesk.load(_versions(Path(tmp), shown), on_error="collect")
    (h,) = result.histories
    newest = stamps.index(max(stamps))
    assert h.ticket.tags == frozenset({f"v{newest}"})
    assert len(result.skipped) == len(stamps) - 1
