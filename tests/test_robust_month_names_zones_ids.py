"""Regressions: what fuzzing month names, zones and overlapping exports found
(``tests/fuzz/test_fuzz_month_names_zones_and_overlaps.py``).

Month names (``%b`` and ``%B`` in one format), zones whose offsets are unusable, and ids that
the overlapping-export readers read as one ticket while their version pick told them apart.
Each case is the smallest input that broke the contract: bad input gets a specific
``ServiceModelError`` naming the value; never another exception type, never a silently wrong
number, never a ticket read twice.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io import freshdesk, jira, summary
from servicemodel.io.eventlog import parse_timestamp

DATA = Path(__file__).parent / "data"
HUGE = 10**5000

# -- a month named twice in one format -------------------------------------------------------

ENGLISH = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
SPANISH = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


@given(month=st.integers(1, 12), day=st.integers(1, 28), option=st.sampled_from([None, "en"]))
def test_b_and_B_in_one_format_read_the_month_written(
    month: int, day: int, option: str | None
) -> None:
    # Was re.error ("redefinition of group name 'm'") with month_names.
    text = f"{ENGLISH[month - 1][:3]} {day} {ENGLISH[month - 1]} 2026"
    got = parse_timestamp(text, tz="UTC", date_format="%b %d %B %Y", month_names=option)
    assert got == datetime(2026, month, day, tzinfo=UTC)


@given(month=st.integers(1, 12), day=st.integers(1, 28))
def test_b_and_B_read_another_languages_month(month: int, day: int) -> None:
    text = f"{day:02d} {SPANISH[month - 1][:3]}. {SPANISH[month - 1].upper()} 2026"
    got = parse_timestamp(text, tz="UTC", date_format="%d %b %B %Y", month_names="es")
    assert got == datetime(2026, month, day, tzinfo=UTC)


@pytest.mark.parametrize("option", [None, "en"])
def test_two_different_months_in_one_date_are_refused(option: str | None) -> None:
    # strptime alone took the last of the two names: November 1 read as March 1.
    with pytest.raises(ConfigError, match="'01 Nov March 2026' matches neither date_format"):
        parse_timestamp(
            "01 Nov March 2026", tz="UTC", date_format="%d %b %B %Y", month_names=option
        )


def test_a_foreign_name_twice_without_the_option_is_named() -> None:
    # The hint's own check raised re.error for a format with %b and %B.
    with pytest.raises(ConfigError, match='set month_names = "es"'):
        parse_timestamp("01 ene enero 2026", tz="UTC", date_format="%d %b %B %Y")


def test_a_literal_word_that_is_a_month_name_is_passed_over() -> None:
    got = parse_timestamp("mar 06 ene 2026", tz="UTC", date_format="mar %d %b %Y",
                          month_names="es")  # fmt: skip
    assert got == datetime(2026, 1, 6, tzinfo=UTC)


# -- zones whose utcoffset is unusable -------------------------------------------------------


class Odd(tzinfo):
    def __init__(self, offset: Any, dst: Any = timedelta(0)) -> None:
        self.offset, self.dst_ = offset, dst

    def utcoffset(self, dt: datetime | None) -> Any:
        if isinstance(self.offset, Exception):
            raise self.offset
        return self.offset

    def dst(self, dt: datetime | None) -> Any:
        return self.dst_

    def tzname(self, dt: datetime | None) -> str:
        return "Odd"


ODD = [timedelta(days=2), timedelta.max, "+01:00", 3600, RuntimeError("odd"), ZeroDivisionError()]


@pytest.mark.parametrize("offset", ODD, ids=repr)
def test_a_tz_whose_offset_is_unusable_is_a_config_error(offset: Any) -> None:
    # Was ValueError, TypeError or the zone's own exception.
    with pytest.raises(ConfigError, match=r"tz: the zone .* gives no usable UTC offset"):
        parse_timestamp("2026-01-05 09:00", tz=Odd(offset))


@pytest.mark.parametrize("offset", ODD, ids=repr)
def test_a_values_own_unusable_zone_is_an_input_type_error(offset: Any) -> None:
    value = datetime(2026, 1, 5, 9, tzinfo=Odd(offset))
    with pytest.raises(InputTypeError, match=r"its zone .* gives no usable UTC offset"):
        parse_timestamp(value, tz="UTC")


def test_a_tz_without_an_offset_is_named_not_called_naive() -> None:
    with pytest.raises(ConfigError, match=r"tz: the zone .* gives no UTC offset for the local"):
        parse_timestamp("2026-01-05 09:00", tz=Odd(None))


@given(minutes=st.integers(-23 * 60, 23 * 60))
def test_a_fixed_zone_whose_dst_is_none_reads_by_its_offset(minutes: int) -> None:
    # tzinfo.fromutc refuses a zone whose dst() is None ("non-None dst() result required").
    got = parse_timestamp("2026-01-05 09:00", tz=Odd(timedelta(minutes=minutes), dst=None))
    want = datetime(2026, 1, 5, 9, tzinfo=UTC) - timedelta(minutes=minutes)
    assert got.astimezone(UTC) == want


# -- ids read as one ticket, told apart by the version pick -----------------------------------


def _written(tmp: Path, name: str, content: Any) -> Path:
    path = tmp / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


@pytest.mark.parametrize("spaced", ["{} ", " {}", "{}\t"])
def test_freshdesk_an_id_with_spaces_is_the_same_ticket(tmp_path: Path, spaced: str) -> None:
    # "101 " and 101 were two versions, both read: ticket 101 twice in the histories.
    tickets = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text())
    again = {**copy.deepcopy(tickets[0]), "id": spaced.format(tickets[0]["id"])}
    files = [_written(tmp_path, "a.json", tickets), _written(tmp_path, "b.json", [again])]
    result = freshdesk.load(files, status_map={6: "on_hold"}, on_error="collect")
    ids = [h.id for h in result.histories]
    assert sorted(ids) == sorted({str(t["id"]) for t in tickets})
    assert [s.id for s in result.skipped if s.reason.startswith("superseded")] == ["101"]


def test_freshdesk_a_huge_ticket_id_is_a_record_error() -> None:
    ticket = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text())[0]
    stream = freshdesk.histories([[{**ticket, "id": HUGE}, ticket]], on_error="collect")
    assert [h.id for h in stream] == [str(ticket["id"])]  # was ValueError for the stream
    (err,) = stream.errors
    assert isinstance(err, RecordError)
    assert err.path == "pages[0][0].id"
    assert "int of about 5001 digits" in err.message


def test_freshdesk_a_huge_conversation_owner_is_a_record_error() -> None:
    ticket = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text())[0]
    conv = {"id": 1, "ticket_id": HUGE, "body_text": "hi", "created_at": "2026-03-02T09:00:00Z"}
    stream = freshdesk.histories([[ticket]], [[conv]], on_error="collect")
    assert [h.id for h in stream] == [str(ticket["id"])]
    (err,) = stream.errors
    assert err.path == "conversations[0][0].ticket_id"


def _same_key_text(issue: dict[str, Any]) -> list[Any]:
    return [issue, {**copy.deepcopy(issue), "key": str(issue["key"])}]


@pytest.mark.parametrize("twice", [lambda i: [i, copy.deepcopy(i)], _same_key_text])
def test_jira_a_numeric_key_twice_is_one_issue(twice: Any) -> None:
    # The key 7 (read as '7') was never seen: two histories '7'.
    issue = json.loads((DATA / "jira" / "search_page1.json").read_text())["issues"][0]
    issue = {**issue, "key": 7}
    stream = jira.histories(twice(issue), on_error="collect")
    assert [h.id for h in stream] == ["7"]
    (err,) = stream.errors
    assert "appears twice" in err.message


def test_jira_load_reads_a_numeric_key_once(tmp_path: Path) -> None:
    issue = json.loads((DATA / "jira" / "search_page1.json").read_text())["issues"][0]
    issue = {**issue, "key": 7}
    newer = copy.deepcopy(issue)
    newer["fields"] = {**issue["fields"], "updated": "2030-01-01T00:00:00.000+0000",
                       "labels": ["later"]}  # fmt: skip
    files = [_written(tmp_path, "a.json", [newer]), _written(tmp_path, "b.json", [issue])]
    result = jira.load(files, on_error="collect")
    (h,) = result.histories
    assert h.id == "7"
    assert "later" in h.ticket.tags


def test_jira_load_the_same_token_page_twice_is_one_page(tmp_path: Path) -> None:
    # A page without startAt given twice followed itself: "the pages hold 8 issues, not 6".
    first, second = (json.loads((DATA / "jira" / n).read_text()) for n in
                     ("search_page1.json", "search_page2.json"))  # fmt: skip
    files = [_written(tmp_path, name, {"issues": page["issues"], "total": first["total"]})
             for name, page in (("a.json", first), ("b.json", second))]  # fmt: skip
    once = jira.load(files, on_error="collect")
    twice = jira.load(files + files, on_error="collect")
    assert [h.id for h in twice.histories] == [h.id for h in once.histories]
    assert {e.message for e in twice.errors} == {e.message for e in once.errors}
    assert not [e for e in twice.errors if "the pages hold" in e.message]


def test_jira_load_a_negative_start_is_named(tmp_path: Path) -> None:
    page = json.loads((DATA / "jira" / "search_page1.json").read_text())
    result = jira.load([_written(tmp_path, "a.json", {**page, "startAt": -3})],
                       on_error="collect")  # fmt: skip
    assert any(e.path == "pages[0].startAt" and "0 or more" in e.message for e in result.errors)


def test_jira_histories_a_huge_total_is_named() -> None:
    # f"{total}" of a 5,000-digit int raised ValueError.
    page = json.loads((DATA / "jira" / "search_page1.json").read_text())
    stream = jira.histories([{**page, "total": HUGE}], on_error="collect")
    list(stream)
    (err,) = [e for e in stream.errors if e.path == "pages[0].total"]
    assert "int of about 5001 digits" in err.message


# -- status_map keys and scores off the scale -------------------------------------------------

STATUS_COLUMNS = {"id": "id", "created": "created", "status": "S", "status_changed": "C"}


def _status_csv(tmp: Path) -> Path:
    path = tmp / "t.csv"
    path.write_text("id,created,S,C\nA,2026-03-02T09:00:00Z,Done,2026-03-03T09:00:00Z\n")
    return path


@pytest.mark.parametrize("key", [HUGE, None, 1.5, ("Done",), True], ids=lambda k: type(k).__name__)
def test_a_status_map_key_that_is_no_word_is_named(tmp_path: Path, key: Any) -> None:
    # A 5,000-digit key raised ValueError; None, 1.5 or a tuple matched only their repr.
    with pytest.raises(ConfigError, match="status_map: expected a status word"):
        summary.load(_status_csv(tmp_path), columns=STATUS_COLUMNS, tz="UTC",
                     status_map={key: "solved"})  # fmt: skip


@pytest.mark.parametrize("other", ["done", "DONE ", " Done"])
def test_two_keys_of_one_word_mapped_apart_are_refused(tmp_path: Path, other: str) -> None:
    # The last of the two silently won: whether ticket A is solved hung on the map's order.
    with pytest.raises(ConfigError, match="are one status word"):
        summary.load(_status_csv(tmp_path), columns=STATUS_COLUMNS, tz="UTC",
                     status_map={"Done": "solved", other: "open"})  # fmt: skip


def test_two_keys_of_one_word_mapped_alike_are_read(tmp_path: Path) -> None:
    got = summary.load(_status_csv(tmp_path), columns=STATUS_COLUMNS, tz="UTC",
                       status_map={"Done": "solved", "DONE": "solved"})  # fmt: skip
    (h,) = got.histories
    assert h.solved_at() == datetime(2026, 3, 3, 9, tzinfo=UTC)


@pytest.mark.parametrize("score", ["inf", "-inf", "nan", "1e999"])
def test_a_score_past_the_floats_is_off_the_scale(tmp_path: Path, score: str) -> None:
    # The good/bad scale's hint raised OverflowError (inf) or ValueError (nan).
    path = tmp_path / "t.csv"
    path.write_text(f"id,created,score\nA,2026-03-02T09:00:00Z,{score}\n")
    result = summary.load(path, columns={"id": "id", "created": "created", "rating": "score"},
                          rating_scale=[0, 1], tz="UTC", on_error="collect")  # fmt: skip
    (err,) = result.errors
    assert "outside the rating scale 0..1" in err.message
    assert "rating_scale = [1," not in err.message


def test_freshdesk_an_orphan_without_a_usable_id_given_twice_counts_once(tmp_path: Path) -> None:
    tickets = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text())
    orphans = [{"id": 1.5, "ticket_id": 999, "body_text": "hi",
                "created_at": "2026-03-02T09:00:00Z"},
               {"id": 77, "ticket_id": 999, "body_text": "hello",
                "created_at": "2026-03-02T09:05:00Z"}]  # fmt: skip
    files = [_written(tmp_path, "t.json", tickets), _written(tmp_path, "c.json", orphans)]
    once = freshdesk.load(files, status_map={6: "on_hold"}, on_error="collect")
    twice = freshdesk.load(files + files, status_map={6: "on_hold"}, on_error="collect")
    want = [e.message for e in once.errors if "never appears" in e.message]
    assert len(want) == 1
    assert "2 conversation(s)" in want[0]
    assert [e.message for e in twice.errors if "never appears" in e.message] == want


def test_a_month_name_given_with_spaces_is_read() -> None:
    # " ene " was kept with its spaces as the key, so no date ever matched it.
    names = [" ene ", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
    got = parse_timestamp("06 ENE 2026", tz="UTC", date_format="%d %b %Y", month_names=names)
    assert got == datetime(2026, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize("name", ["x" * 10_000, "Europe/" + "X" * 300])
def test_a_zone_name_too_long_for_a_path_is_unknown(name: str) -> None:
    # ZoneInfo raised OSError (File name too long).
    with pytest.raises(ConfigError, match="tz: unknown time zone"):
        parse_timestamp("2026-01-05 09:00", tz=name)


def test_a_pytz_like_zone_with_a_name_too_long_is_unknown() -> None:
    class Named(Odd):
        zone = "x" * 10_000

        def localize(self, dt: datetime) -> datetime:
            return dt.replace(tzinfo=self)

    with pytest.raises(ConfigError, match="tz: unknown time zone"):
        parse_timestamp("2026-01-05 09:00", tz=Named(timedelta(hours=1)))


def test_a_zone_whose_attribute_lookups_raise_is_read_by_its_offsets() -> None:
    # hasattr(tz, "localize") let the zone's own RuntimeError out.
    class Touchy(Odd):
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError(name)

    got = parse_timestamp("2026-01-05 09:00", tz=Touchy(timedelta(hours=1)))
    assert got.astimezone(UTC) == datetime(2026, 1, 5, 8, tzinfo=UTC)


@pytest.mark.parametrize("option", [None, "es"])
def test_a_long_text_of_month_names_is_refused(option: str | None) -> None:
    # Each of its 2,000 names was tried against each table (about a minute per cell).
    with pytest.raises(ConfigError, match="matches neither date_format"):
        parse_timestamp("mar " * 2000, tz="UTC", date_format="%d %b %Y", month_names=option)


def test_zendesk_an_audit_with_a_huge_ticket_id_is_a_record_error() -> None:
    # str() of its ticket id raised ValueError for the whole stream.
    from servicemodel.io import zendesk

    pages = [json.loads((DATA / "zendesk" / "tickets_page1.json").read_text())]
    audits = [json.loads(line) for line in
              (DATA / "zendesk" / "audits.jsonl").read_text().splitlines()]  # fmt: skip
    alone = [h.id for h in zendesk.histories(pages, audits, on_error="collect")]
    stream = zendesk.histories(pages, [{**audits[0], "ticket_id": HUGE}, *audits[1:]],
                               on_error="collect")  # fmt: skip
    assert [h.id for h in stream] == alone
    assert any(e.path == "audits[0].ticket_id" for e in stream.errors)


def test_jira_a_huge_issue_id_is_a_record_error() -> None:
    issue = json.loads((DATA / "jira" / "search_page1.json").read_text())["issues"][0]
    stream = jira.histories([{**issue, "id": HUGE}], on_error="collect")
    assert list(stream) == []
    (err,) = stream.errors
    assert err.path == "issues[0].id"
    assert "int of about 5001 digits" in err.message
