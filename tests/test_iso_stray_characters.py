"""ISO 8601 texts with a character ``fromisoformat`` reads past are no timestamps.

CPython's ``datetime.fromisoformat`` skips any one character between a time without a fraction
and its offset (``2026-03-02T09:00:00 Z``, ``...00\\x00Z``, ``...00:001Z`` read as 09:00:00)
and a NUL at the end, skips anything after a fraction's sixth digit (``...00.123456,7Z``) and
reads a fraction of an hour or a minute as one of a second (``T09,5`` as 09:00:00.5, where ISO
8601 means 09:30). Every reader of ISO 8601 text (records, vendor exports, event logs,
sessions, QA evaluations, journeys, stored verdicts, configuration, the command line) refuses
them, with its usual message naming the value (a control character shown escaped).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._assess_cli import _instant as _assess_instant
from servicemodel._validators import iso_datetime, iso_stray
from servicemodel.calendar._history import read_since
from servicemodel.cli import _parse_at
from servicemodel.errors import ConfigError, RecordError
from servicemodel.goals import goals_from_dict
from servicemodel.io import freshdesk, history_from_dict, jira, load_csv, load_jsonl, zendesk
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.journey import JourneyEvent
from servicemodel.model._shared import direct_event, direct_instant
from servicemodel.qa import Scorecard, load_evaluations
from servicemodel.selfservice import load_sessions
from servicemodel.sla._verdict import read_instant

DATA = Path(__file__).parent / "data"

#: One character of any kind written between the time and its offset.
STRAYS = [" ", "\x00", "\t", "x", ".", ":", "1", "0", "Z", "+", "-", "\x7f"]
BAD = [
    "2026-03-02T09:00:00 Z",
    "2026-03-02T09:00:00\x00Z",
    "2026-03-02T09:00:00x+01:00",
    "2026-03-02T09:00:001Z",  # 09:00:00 with its last digit dropped
    "2026-03-02T09:005+01:00",
    "2026-03-02T091Z",
    "2026-03-02T09:00:00.Z",
    "2026-03-02T09:00:00+01:00\x00",  # a NUL at the end
    "2026-03-02T09:00:00.123456,7Z",  # past a fraction's sixth digit: ",7" read past
    "2026-03-02T09:00:00.123456 +01:00",
    "2026-03-02T09:00:00.1234567x-05:00",
    "2026-03-02T09,5Z",  # ISO 8601's 09:30; fromisoformat's 09:00:00.5
    "2026-03-02T09:00.5+01:00",  # ISO 8601's 09:00:30; fromisoformat's 09:00:00.5
    "2026-03-02T0900,5Z",
    "2026-03-02T09:00:00+0100.5",  # a fraction of a minute in the offset: +01:00:00.5
    "2026-03-02T09:00:00.000+01.5",  # of an hour: +01:00:00.5
    "2026-03-02T09:00:00+01:60",  # minutes past 59: +02:00
]
GOOD = [
    "2026-03-02T09:00:00Z",
    "2026-03-02T09:00Z",
    "2026-03-02T09Z",
    "2026-03-02T0900Z",
    "20260302T090000Z",
    "2026-03-02T09:00:00.000+0100",  # Jira's
    "2026-03-02T09:00:00,5-01:30",
    "2026-03-02 09:00:00+01",
    "2026-W10-1T09:00Z",
    "2026-03-02T09:00:00",  # naive: read, for the caller to refuse or give a zone
    "2026-03-02T09:00:00.123456789Z",  # digits past the sixth are cut, as ISO 8601 allows
    "2026-03-02T09:00:00.123+01:00",
    "2026-03-02T090000.5Z",
    "2026-03-02T09:00:00.5",
    "2026-03-02T09:00:00.123456789",  # naive nanoseconds, as pandas writes them to a CSV
    "2026-03-02 09:00:00.12345678",
    "2026-03-02T09:00:00+01:00:30.5",  # an offset with seconds, as Python writes one
]

OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
INSTANTS = st.datetimes(min_value=datetime(3, 1, 1), max_value=datetime(9997, 12, 31))
SPECS = st.sampled_from(["hours", "minutes", "seconds", "milliseconds", "microseconds"])


def _text(at: datetime, spec: str, zulu: bool) -> str:
    text = at.isoformat(timespec=spec)
    return text[:-6] + "Z" if zulu and text.endswith("+00:00") else text


def _offset_at(text: str) -> int:
    return len(text) - 1 if text.endswith("Z") else max(text.rfind("+"), text.rfind("-"))


# -- the law -------------------------------------------------------------------------------


@settings(max_examples=200)
@given(at=INSTANTS, tz=OFFSETS, spec=SPECS, zulu=st.booleans())
def test_every_written_instant_reads_back_as_itself(
    at: datetime, tz: timezone, spec: str, zulu: bool
) -> None:
    text = _text(at.replace(tzinfo=tz), spec, zulu)
    assert iso_datetime(text) == datetime.fromisoformat(text)
    assert iso_datetime(text).utcoffset() == tz.utcoffset(None)


@settings(max_examples=200)
@given(
    at=INSTANTS,
    tz=OFFSETS,
    spec=st.sampled_from(["hours", "minutes", "seconds"]),
    zulu=st.booleans(),
    stray=st.characters(max_codepoint=127),
)
def test_one_character_before_the_offset_is_refused(
    at: datetime, tz: timezone, spec: str, zulu: bool, stray: str
) -> None:
    text = _text(at.replace(tzinfo=tz), spec, zulu)
    cut = _offset_at(text)
    with pytest.raises(ValueError, match=r"ISO 8601|isoformat"):
        iso_datetime(text[:cut] + stray + text[cut:])


@settings(max_examples=200)
@given(
    at=INSTANTS,
    tz=st.none() | OFFSETS,
    more=st.text(alphabet="0123456789", max_size=4),
    zulu=st.booleans(),
)
def test_a_fraction_past_its_sixth_digit_reads_back_cut(
    at: datetime, tz: timezone | None, more: str, zulu: bool
) -> None:
    # ISO 8601 allows any number of digits; fromisoformat cuts them at microseconds.
    text = _text(at.replace(tzinfo=tz), "microseconds", zulu)
    cut = len(text) if tz is None else _offset_at(text)
    text = text[:cut] + more + text[cut:]
    assert iso_datetime(text) == datetime.fromisoformat(text) == at.replace(tzinfo=tz)


@settings(max_examples=200)
@given(
    at=INSTANTS,
    tz=OFFSETS,
    more=st.text(alphabet="0123456789", max_size=3),
    zulu=st.booleans(),
    stray=st.characters(max_codepoint=127).filter(lambda c: c not in "0123456789Z+-"),
)
def test_one_character_after_a_fractions_digits_is_refused(
    at: datetime, tz: timezone, more: str, zulu: bool, stray: str
) -> None:
    # fromisoformat reads six digits of a fraction, skips more, and reads past what follows.
    text = _text(at.replace(tzinfo=tz), "microseconds", zulu)
    cut = _offset_at(text)
    with pytest.raises(ValueError, match=r"ISO 8601|isoformat"):
        iso_datetime(text[:cut] + more + stray + text[cut:])


@settings(max_examples=200)
@given(
    at=INSTANTS,
    tz=st.none() | OFFSETS,
    spec=st.sampled_from(["hours", "minutes"]),
    basic=st.booleans(),
    sign=st.sampled_from(".,"),
    fraction=st.text(alphabet="0123456789", min_size=1, max_size=7),
)
def test_a_fraction_of_an_hour_or_a_minute_is_refused(
    at: datetime, tz: timezone | None, spec: str, basic: bool, sign: str, fraction: str
) -> None:
    # ISO 8601 reads 09,5 as 09:30; fromisoformat as half a second past 09:00, aware or not.
    text = at.replace(tzinfo=tz).isoformat(timespec=spec)
    if basic:
        text = text[:10] + "T" + text[11:].replace(":", "")
    cut = len(text) if tz is None else _offset_at(text)
    with pytest.raises(ValueError, match=r"ISO 8601|isoformat"):
        iso_datetime(text[:cut] + sign + fraction + text[cut:])


@settings(max_examples=100)
@given(at=INSTANTS, tz=OFFSETS, spec=SPECS, where=st.integers(0, 40))
def test_a_nul_anywhere_is_refused(at: datetime, tz: timezone, spec: str, where: int) -> None:
    text = _text(at.replace(tzinfo=tz), spec, zulu=False)
    where = min(where, len(text))
    with pytest.raises(ValueError, match=r"ISO 8601|isoformat"):
        iso_datetime(text[:where] + "\x00" + text[where:])


@pytest.mark.parametrize("text", GOOD)
def test_every_iso_spelling_fromisoformat_reads_is_still_read(text: str) -> None:
    parsed = datetime.fromisoformat(text)
    assert iso_datetime(text) == parsed
    assert not iso_stray(text, parsed)


@pytest.mark.parametrize("text", BAD)
def test_the_stray_spellings_are_refused_naming_the_value(text: str) -> None:
    datetime.fromisoformat(text)  # what CPython reads
    with pytest.raises(ValueError, match="not an ISO 8601 timestamp") as caught:
        iso_datetime(text)
    assert str(caught.value) == f"not an ISO 8601 timestamp: {text!r}"
    assert "\x00" not in str(caught.value)  # shown escaped


@pytest.mark.parametrize("text", BAD)
def test_the_fast_path_leaves_them_to_the_usual_one(text: str) -> None:
    assert direct_instant(text) is None
    assert direct_instant(f" {text} ") is None
    assert direct_event({"kind": "reopen", "id": "e1", "at": text}) is None
    assert direct_instant(" 2026-03-02T09:00:00Z ") == datetime(2026, 3, 2, 9, tzinfo=UTC)


# -- each reader ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", BAD)
def test_jsonl_and_records_refuse_them(text: str) -> None:
    with pytest.raises(RecordError) as caught:
        load_jsonl([json.dumps({"id": "A", "created_at": text})])
    assert str(caught.value) == f"line 1: created_at: not an ISO 8601 timestamp: {text!r}"
    event = {"kind": "agent_reply", "id": "e1", "at": text, "agent": "ana"}
    record = {"id": "A", "created_at": "2026-03-02T08:00:00Z", "events": [event]}
    with pytest.raises(RecordError, match=r"events\[0\]\.at: not an ISO 8601 timestamp"):
        load_jsonl([json.dumps(record)])
    with pytest.raises(ConfigError, match="not an ISO 8601 timestamp"):
        history_from_dict({"id": "A", "created_at": text})


def test_csv_refuses_them() -> None:
    rows = ["ticket_id,created_at", "A,2026-03-02T09:00:00 Z", "B,2026-03-02T09:00:00Z"]
    result = load_csv(rows, on_error="collect")
    assert [h.id for h in result.histories] == ["B"]
    (error,) = result.errors
    assert str(error) == "line 2: created_at: not an ISO 8601 timestamp: '2026-03-02T09:00:00 Z'"


@pytest.mark.parametrize("text", BAD)
def test_zendesk_refuses_them(text: str) -> None:
    rec = {"id": 1, "created_at": text, "updated_at": "2026-03-02T10:00:00Z", "status": "new"}
    page = {"tickets": [rec], "after_cursor": "x", "end_of_stream": True}
    with pytest.raises(RecordError) as caught:
        list(zendesk.histories([page]))
    assert f"created_at {text!r}: not an ISO 8601 timestamp" in str(caught.value)


@pytest.mark.parametrize("text", ["2026-03-02T09:00:00 +0100", "2026-03-02T09:00:00\x00+0100"])
def test_jira_refuses_them(text: str) -> None:
    page = json.loads((DATA / "jira" / "search_page1.json").read_text())
    issue = copy.deepcopy(page["issues"][0])
    issue["fields"]["created"] = text
    with pytest.raises(RecordError) as caught:
        list(jira.histories([issue]))
    assert f"created {text!r}: not an ISO 8601 timestamp" in str(caught.value)


@pytest.mark.parametrize("text", [t for t in BAD if " " not in t])
def test_freshdesk_and_event_logs_refuse_them(text: str) -> None:
    (ticket, *_) = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text())
    with pytest.raises(RecordError) as caught:
        list(freshdesk.histories([[dict(ticket, created_at=text)]]))
    assert f"created_at {text!r}: not an ISO 8601 timestamp" in str(caught.value)
    with pytest.raises(ConfigError) as refused:
        parse_timestamp(text)
    assert str(refused.value).startswith(f"not a timestamp: {text!r} (ISO 8601,")


@pytest.mark.parametrize("text", BAD)
def test_a_later_record_with_such_an_updated_at_is_no_newer_version(
    tmp_path: Path, text: str
) -> None:
    # load keeps a repeated ticket's latest record; one whose updated_at its reader refuses
    # is older than any readable one, as for a text that is no timestamp at all. Zendesk
    # ordered by fromisoformat's reading: it kept the refused record and lost the ticket.
    def zd(updated: str) -> dict[str, object]:
        return {"id": 1, "created_at": "2026-03-01T09:00:00Z", "updated_at": updated,
                "status": "open"}  # fmt: skip

    def fd(updated: str) -> dict[str, object]:
        return {"id": 1, "created_at": "2026-03-01T09:00:00Z", "updated_at": updated,
                "status": 2, "source": 1, "priority": 1}  # fmt: skip

    def jr(updated: str) -> dict[str, object]:
        return {"key": "SD-1", "fields": {"created": "2026-03-01T09:00:00.000+0000",
                "updated": updated, "status": {"name": "Open"}}}  # fmt: skip

    good = "2026-03-01T10:00:00Z"  # a day before every text in BAD
    files: dict[Any, object] = {
        zendesk: {"tickets": [zd(good), zd(text)], "end_of_stream": True},
        jira: {"startAt": 0, "total": 2, "issues": [jr(good), jr(text)]},
    }
    if " " not in text:  # (Freshdesk reads a space before the offset, as event logs do)
        files[freshdesk] = [fd(good), fd(text)]
    for reader, page in files.items():
        path = tmp_path / f"{reader.__name__.rsplit('.', 1)[-1]}.json"
        path.write_text(json.dumps(page), encoding="utf-8")
        result = reader.load([path], on_error="collect")
        assert (len(result.histories), result.errors) == (1, ()), reader.__name__
        assert result.observed_until == datetime(2026, 3, 1, 10, tzinfo=UTC), reader.__name__
        (skipped,) = result.skipped
        assert skipped.reason.startswith("superseded"), reader.__name__


def test_event_logs_keep_reading_a_space_before_the_offset() -> None:
    # An event log's numeric layouts take spaces before an offset ("02/03/2026 09:00 +01:00",
    # "2023-06-01 7:29 Z"); a year-first date with a space there reads as they do.
    for text in ("2026-03-02T09:00:00 Z", "02/03/2026 09:00:00 Z", "2026-03-02 9:00:00 Z"):
        assert parse_timestamp(text, dayfirst=True) == datetime(2026, 3, 2, 9, tzinfo=UTC)


# -- the other readers of ISO 8601 text ------------------------------------------------------

STRAY = "2026-03-02T09:00:00\x00Z"
SPACED = "2026-03-02T09:00:00 +01:00"


@pytest.mark.parametrize("text", [STRAY, SPACED])
def test_sessions_and_qa_evaluations_refuse_them(text: str) -> None:
    lines = ["session_id,customer_id,started_at,article_ids", f"s1,ann,{text},kb-1"]
    with pytest.raises(RecordError) as caught:
        load_sessions(lines, format="csv")
    assert str(caught.value) == f"line 2: started_at: expected an ISO datetime, got {text!r}"
    header = (
        "ticket_id,agent,rater,date,team,greet,verify,accuracy,complete,policy,tone,empathy,offer"
    )
    row = f"T1,a,r,{text},,yes,yes,4,4,yes,4,4,n/a"
    card = Scorecard.from_file(Path(__file__).parents[1] / "examples/data/qa_scorecard.toml")
    with pytest.raises(RecordError) as refused:
        load_evaluations([header, row], card)
    assert (refused.value.line, refused.value.path) == (2, "date")
    assert f"expected an ISO date or datetime, got {text!r}" in str(refused.value)


@pytest.mark.parametrize("text", [STRAY, SPACED])
def test_journeys_verdicts_calendars_and_goals_refuse_them(text: str) -> None:
    event = {"customer": "ann", "at": text, "kind": "ticket"}
    with pytest.raises(ConfigError, match="not an ISO 8601 timestamp") as caught:
        JourneyEvent.from_dict(event)
    assert repr(text) in str(caught.value)
    with pytest.raises(ConfigError, match="cannot read instant") as verdict:
        read_instant(text, "at")
    assert repr(text) in str(verdict.value)
    with pytest.raises(ConfigError, match="expected an ISO 8601 instant") as since:
        read_since(text, "versions[1].since", first=False)
    assert repr(text) in str(since.value)
    goal = {
        "name": "CSAT 90 %",
        "kpi": "csat",
        "comparator": ">=",
        "target": 0.9,
        "objective": "happier customers",
        "start": text,
        "deadline": "2026-06-01T00:00:00Z",
    }
    with pytest.raises(ConfigError, match="not an ISO 8601 date or timestamp") as start:
        goals_from_dict({"goals": [goal]})
    assert repr(text) in str(start.value)


@pytest.mark.parametrize("text", [STRAY, SPACED])
def test_the_command_lines_at_refuses_them(text: str) -> None:
    for read in (_parse_at, _assess_instant):
        with pytest.raises(ConfigError, match="not an ISO 8601 instant") as caught:
            read(text)
        assert repr(text) in str(caught.value)
