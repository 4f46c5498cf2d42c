"""Every shortcut to a timestamp reads what the general reader reads: the same instant, or none.

The readers' hot paths decide the usual texts in a few steps and leave the rest to the whole
pattern: ``iso_stray``'s usual ``YYYY-MM-DDTHH:MM:SS`` checks beside its pattern, the records'
``direct_instant`` beside ``iso_datetime``, Jira's ``usual_instant`` beside ``instant``. The
laws, over texts generated from ISO 8601's parts (extended and basic forms, ``T``, ``t``, a
space or a sign between date and time, fractions of a second, a minute or an hour, offsets
with seconds and fractions, minutes past 59, ``Z`` and ``z``, a stray character before the
offset):

- ``iso_datetime`` reads a text as the instant its parts mean, or refuses it with a
  ``ValueError`` (never an instant the text does not say: ``+0100.5``, ``+01:60``, a date
  with its offset read as a time);
- each shortcut gives that instant or leaves the text to the general reader, and
  ``iso_stray``'s few steps agree with its whole pattern on every text ``fromisoformat`` reads;
- an event log reads the same texts (and a space before the offset, documented, with the
  offset kept) to the same instant, or refuses them, and its numeric layouts (``D/M/Y``,
  ``M/D/Y``, ``Y/M/D``, a 12-hour clock, spaces before ``Z``, ``+01``, ``+0100`` or
  ``+01:00``) read the time at the offset written; a one-row-per-ticket export reads its
  offsets as an event log does. (Its own shortcut, for local ``D/M/Y H:M`` times, is held
  to ``parse_timestamp`` in ``test_perf_readers``.)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any, NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from servicemodel._validators import _ISO_TEXT, iso_datetime, iso_stray
from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io import summary
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.jira._fields import instant, usual_instant
from servicemodel.model._shared import direct_instant

#: What may stand between a time and its offset besides nothing: each is stray in ISO 8601;
#: white space is read by an event log's layouts (documented), the rest by none.
STRAYS = ["", "", "", " ", "  ", "\t", "x", "_", "\x00"]


def _fraction(digits: str) -> int:
    """Microseconds of a fraction's digits (cut past the sixth, as ISO 8601 allows)."""
    return int(digits[:6].ljust(6, "0"))


class Case(NamedTuple):
    """A generated text; the instant ISO 8601 reads in it (``None``: no timestamp); the one an
    event log reads in it, if it reads one; whether it must (a documented layout)."""

    text: str
    iso: datetime | None
    log: datetime | None
    must: bool


def _case(text: str, iso: datetime | None, log: datetime | None = None, must: bool = False) -> Case:
    return Case(text, iso, log, must)


@st.composite
def iso_texts(draw: st.DrawFn) -> Case:
    """Texts built from ISO 8601's parts, often valid, often not (a naive one's instant is
    naive). An event log reads what ISO 8601 reads, and two documented layouts more: white
    space before the offset (the offset kept), and a date with an offset and no time
    (``2026-03-02-05:00``: midnight at the offset)."""
    year = draw(st.integers(1, 9999))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 31))
    extended = draw(st.booleans())
    date = f"{year:04d}-{month:02d}-{day:02d}" if extended else f"{year:04d}{month:02d}{day:02d}"
    try:
        parts = datetime(year, month, day)
    except ValueError:
        parts = None  # (no such day: nothing reads it)

    time_text, time_valid, time_colons, digits = "", True, False, ""
    hour = minute = second = micro = 0
    precision = draw(st.sampled_from(["none", "hours", "minutes", "seconds"]))
    if precision != "none":
        time_colons = draw(st.booleans())
        colon = ":" if time_colons else ""
        hour, minute, second = draw(st.integers(0, 24)), draw(st.integers(0, 60)), 0
        time_text = f"{hour:02d}"
        if precision != "hours":
            time_text += f"{colon}{minute:02d}"
        else:
            minute = 0
        if precision == "seconds":
            second = draw(st.integers(0, 60))
            time_text += f"{colon}{second:02d}"
        if draw(st.booleans()):
            digits = draw(st.text(alphabet="0123456789", min_size=1, max_size=10))
            time_text += draw(st.sampled_from(".,")) + digits
            micro = _fraction(digits)
            time_valid = precision == "seconds"  # a fraction of an hour or a minute: no
        time_valid = time_valid and hour < 24 and minute < 60 and second < 60
    sep = draw(st.sampled_from(["T", "T", " ", "t", "+", "-"])) if precision != "none" else ""

    stray = draw(st.sampled_from(STRAYS))
    zone: timezone | None = None
    offset_text, offset_valid, offset_fraction = "", True, False
    kind = draw(st.sampled_from(["none", "Z", "z", "hours", "minutes", "seconds"]))
    if kind in ("Z", "z"):
        offset_text, zone, offset_valid = kind, UTC, kind == "Z"
    elif kind != "none":
        sign = draw(st.sampled_from("+-"))
        colon = ":" if draw(st.booleans()) else ""
        oh, om, os_ = draw(st.integers(0, 24)), draw(st.integers(0, 60)), draw(st.integers(0, 60))
        offset_text = f"{sign}{oh:02d}"
        om = om if kind != "hours" else 0
        os_ = os_ if kind == "seconds" else 0
        if kind != "hours":
            offset_text += f"{colon}{om:02d}"
        if kind == "seconds":
            offset_text += f"{colon}{os_:02d}"
        ou = 0
        if draw(st.integers(0, 3)) == 0:  # a fraction: of a second only, in ISO 8601's sense
            offset_fraction = True
            fraction = draw(st.text(alphabet="0123456789", min_size=1, max_size=7))
            offset_text += draw(st.sampled_from(".,")) + fraction
            ou = _fraction(fraction)
            offset_valid = kind == "seconds"
        offset_valid = offset_valid and oh < 24 and om < 60 and os_ < 60
        if offset_valid:
            size = timedelta(hours=oh, minutes=om, seconds=os_, microseconds=ou)
            zone = timezone(-size if sign == "-" else size)

    text = date + sep + time_text + stray + offset_text
    blank = stray.strip(" \t") == ""  # nothing, or white space (an event log's own)
    # The offsets an event log's layouts read after a space (ISO 8601's are read glued).
    log_offset = kind in ("Z", "hours", "minutes") and not offset_fraction
    in_range = 1 < year < 9999  # (an offset may take year 1 or 9999 past the datetime years)
    if sep in ("+", "-") and not digits and kind == "none" and not stray:
        # A date, a sign and digits: the date with its offset, which an event log reads as
        # midnight there, when the digits are an offset it reads (hours, and minutes).
        signed = timedelta(hours=hour, minutes=minute) * (-1 if sep == "-" else 1)
        ok = parts is not None and precision != "seconds" and hour < 24 and minute < 60
        at = parts.replace(tzinfo=timezone(signed)) if ok and parts is not None else None
        return _case(text, None, at if extended else None, must=False)
    if parts is None or not time_valid or not offset_valid or not blank or sep in ("+", "-"):
        return _case(text, None)
    at = parts.replace(hour=hour, minute=minute, second=second, microsecond=micro, tzinfo=zone)
    if precision == "none":
        if kind == "none":  # a date: its midnight (white space after it stripped)
            return _case(text, None if stray else at, at, must=in_range)
        read = extended and log_offset
        return _case(text, None, at if read else None, must=read and in_range)
    if not stray or kind == "none":  # ISO 8601 (white space after it stripped)
        return _case(text, None if stray else at, at, must=in_range)
    spaced = extended and sep in " T" and time_colons and precision != "hours" and len(digits) < 10
    return _case(text, None, at, must=spaced and log_offset and in_range)


def _general(text: str) -> datetime | None:
    try:
        return iso_datetime(text)
    except ValueError:
        return None


def _same(got: datetime | None, want: datetime | None) -> None:
    """The same datetime, with the same offset (equal instants in other offsets are not)."""
    assert (repr(got), None if got is None else got.utcoffset()) == (
        repr(want),
        None if want is None else want.utcoffset(),
    )


def _at(offset: timedelta, **more: Any) -> datetime:
    return datetime(2026, 3, 1, **more, tzinfo=timezone(offset))


HOUR = timedelta(hours=1)


@settings(max_examples=300)
@given(case=iso_texts())
@example(case=_case("2026-03-01T09:00:00+0100.5", None))  # fromisoformat: +01:00:00.5
@example(case=_case("2026-03-01T09:00:00.000+01.5", None))
@example(case=_case("2026-03-01T09:00:00+01:60", None))  # fromisoformat: +02:00
@example(case=_case("2026-03-01T09:00:00.123456+00:00:60", None))
@example(case=_case("2026-03-01-05:00", None))  # fromisoformat: 05:00 on the day
@example(case=_case("2026-03-01+09:00:00Z", None))
@example(case=_case("2026-03-01T09:00:00z", None))
@example(case=_case("2026-03-01T09:00:00+01:00:30.5", _at(HOUR + timedelta(seconds=30.5), hour=9)))
def test_an_iso_text_reads_as_its_parts_say_or_not_at_all(case: Case) -> None:
    _same(_general(case.text), case.iso)


@settings(max_examples=300)
@given(case=iso_texts())
@example(case=_case("2026-03-01T09:00:00.123+0100.5", None))
@example(case=_case("2026-03-01T09:00:00.123456-01:60", None))
@example(case=_case("2026-03-01+09:00:00+01:00", None))
@example(case=_case("2026-03-01T09:00:00+01.5", None))  # as long as +0100
@example(case=_case("2026-03-01T09:00:00-01,5", None))
@example(case=_case("2026-03-01T09:00:00.000+01.5", None))  # as long as Jira's .000+0100
@example(case=_case("2026-03-01T09:00:00.000+0160", None))
@example(case=_case("2026-03-01T09:00:00.123456+01.5", None))
@example(case=_case("2026-03-01T09:00:00.123456-01:60", None))
@example(case=_case("2026-03-01T09:00:00.123Z", None))
@example(case=_case("2026-03-01T09:00:00.1234+01", None))
def test_the_few_steps_of_iso_stray_agree_with_its_whole_pattern(case: Case) -> None:
    try:
        parsed = datetime.fromisoformat(case.text)
    except ValueError:
        return  # refused before any step: nothing to compare
    assert iso_stray(case.text, parsed) == ("\x00" in case.text or _ISO_TEXT(case.text) is None)


@settings(max_examples=300)
@given(case=iso_texts(), pad=st.sampled_from(["", " ", "\t"]))
@example(case=_case("2026-03-01T09:00:00+0100.5", None), pad="")
@example(case=_case("2026-03-01T09:00:00.000+01:60", None), pad=" ")
def test_the_records_and_jiras_shortcuts_give_the_general_readers_instant(
    case: Case, pad: str
) -> None:
    padded = pad + case.text + pad
    general = _general(case.text)
    fast = direct_instant(padded)
    if fast is not None:  # else the record's usual path reads it: iso_datetime
        _same(fast, general)
    try:
        usual: datetime | None = instant(padded, "p", "K", "created")
    except RecordError:
        usual = None
    jira = usual_instant(padded)
    if jira is not None:  # else instant reads it
        _same(jira, usual)
    if general is not None and general.tzinfo is not None and 2 < general.year < 9998:
        _same(usual, general)
    if general is None:
        assert usual is None


@settings(max_examples=300)
@given(case=iso_texts())
@example(case=_case("2026-03-01 09:00:00 +01:00", None, _at(HOUR, hour=9), must=True))
@example(case=_case("2026-03-01T09:00:00.5\t+0100", None, _at(HOUR, hour=9, microsecond=500000),
                    must=True))  # fmt: skip
@example(case=_case("2026-03-01 09:00:00 +01", None, _at(HOUR, hour=9), must=True))
@example(case=_case("2026-03-01-05:00", None, _at(-5 * HOUR)))
@example(case=_case("2026-03-01 09:00:00 +01:60", None))
@example(case=_case("2026-03-01 09:00:00 +0100.5", None))
def test_an_event_log_reads_them_to_the_same_instant_or_not_at_all(case: Case) -> None:
    try:
        got: datetime | None = parse_timestamp(case.text, tz=UTC)
    except ServiceModelError:
        got = None
    log = case.log
    if log is not None and log.tzinfo is None:
        log = log.replace(tzinfo=UTC)  # a naive text takes tz=
    if got is None:
        assert not case.must, f"{case.text!r} not read"
        return
    assert log is not None, f"{case.text!r} read as {got.isoformat()}"
    _same(got, log)
    if case.iso is not None:  # what ISO 8601 reads, an event log reads alike
        assert got == (case.iso if case.iso.tzinfo else case.iso.replace(tzinfo=UTC))


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("2026-03-01 09:00:00 +01:00", timedelta(hours=1)),
        ("2026-03-01 09:00:00 +0100", timedelta(hours=1)),
        ("2026-03-01 09:00:00 +01", timedelta(hours=1)),  # PostgreSQL's offset, spaced
        ("2026-03-01 09:00:00+01", timedelta(hours=1)),  # PostgreSQL's
        ("2026-03-01 09:00:00 Z", timedelta(0)),
        ("01/03/2026 09:00 -05:30", -timedelta(hours=5, minutes=30)),
        ("2026/03/01 09:00:00 -0500", -timedelta(hours=5)),
        ("01/03/2026 9:00 AM +01", timedelta(hours=1)),
        ("2026-03-01T09:00:00+01:00:30.5", timedelta(hours=1, seconds=30.5)),  # ISO 8601's
    ],
)
def test_an_event_log_reads_a_space_before_the_offset_keeping_it(
    text: str, offset: timedelta
) -> None:
    got = parse_timestamp(text, tz="Pacific/Kiritimati", dayfirst=True)  # tz= not used
    assert got.utcoffset() == offset
    assert got.replace(tzinfo=None) == datetime(2026, 3, 1, 9)


@pytest.mark.parametrize("text", ["2026-03-01-05:00", "2026-03-01 -0500", "03/01/2026-05"])
def test_an_event_log_reads_a_date_with_an_offset_as_its_midnight_there(text: str) -> None:
    got = parse_timestamp(text, tz="UTC")
    assert (got.replace(tzinfo=None), got.utcoffset()) == (datetime(2026, 3, 1), -5 * HOUR)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01 09:00:00 +01:60",  # fromisoformat's +02:00
        "01/03/2026 09:00 +0160",
        "2026-03-01 09:00:00+0100.5",  # fromisoformat's +01:00:00.5
        "2026-03-01 09:00:00 +01:00:30",  # seconds in an offset: ISO 8601's form only
        "2026-03-01 09:00:00z",
    ],
)
def test_an_event_log_refuses_an_offset_it_would_misread(text: str) -> None:
    with pytest.raises(ConfigError, match="not a timestamp"):
        parse_timestamp(text, tz="UTC", dayfirst=True)


def test_a_one_row_per_ticket_export_reads_its_offsets_as_an_event_log_does() -> None:
    rows = [
        {"id": "1", "created_at": "2026-03-01 09:00:00 +0100"},
        {"id": "2", "created_at": "01/03/2026 09:00 +01"},
        {"id": "3", "created_at": "2026-03-01 09:00:00 +01:60"},
        {"id": "4", "created_at": "2026-03-01T09:00:00+0100.5"},
    ]
    loaded = summary.histories(
        rows, tz="Europe/Berlin", dayfirst=True, on_error="collect"
    ).collect()
    assert [(h.id, h.created_at) for h in loaded.histories] == [
        ("1", _at(HOUR, hour=9)),
        ("2", _at(HOUR, hour=9)),
    ]
    assert [(e.path, "not a timestamp" in str(e)) for e in loaded.errors] == [
        ("rows[2].created_at", True),
        ("rows[3].created_at", True),
    ]


@st.composite
def numeric_texts(draw: st.DrawFn) -> tuple[str, bool, datetime | None]:
    """(a ``D/M/Y``, ``M/D/Y`` or ``Y/M/D`` text with a time and an offset, dayfirst, the
    instant it means or ``None``: an offset's minutes past 59, which no layout reads)."""
    at = draw(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)))
    at = at.replace(second=draw(st.sampled_from([0, at.second])), microsecond=0)
    dayfirst = draw(st.booleans())
    layout = draw(st.sampled_from(["numeric", "year first"]))
    sep = draw(st.sampled_from("/." if layout == "year first" else "/.-"))
    first, second = (at.day, at.month) if dayfirst else (at.month, at.day)
    if layout == "year first":
        date = f"{at.year}{sep}{at.month:02d}{sep}{at.day:02d}"
    else:
        date = f"{first:02d}{sep}{second:02d}{sep}{at.year}"
    seconds = f":{at.second:02d}" if at.second else ""
    if draw(st.booleans()):  # a 12-hour clock
        half = "AM" if at.hour < 12 else "PM"
        clock = f"{(at.hour % 12) or 12}:{at.minute:02d}{seconds} {half}"
    else:
        clock = f"{at.hour:02d}:{at.minute:02d}{seconds}"
    spaces = draw(st.sampled_from(["", " ", "  "]))
    kind = draw(st.sampled_from(["none", "Z", "hours", "minutes", "colon"]))
    zone: timezone | None = UTC
    offset = ""
    if kind == "Z":
        offset = "Z"
    elif kind != "none":
        sign, hours, minutes = draw(st.sampled_from("+-")), draw(st.integers(0, 23)), 0
        offset = f"{sign}{hours:02d}"
        if kind != "hours":
            minutes = draw(st.integers(0, 60))
            offset += (":" if kind == "colon" else "") + f"{minutes:02d}"
        size = timedelta(hours=hours, minutes=minutes)
        zone = None if minutes > 59 else timezone(-size if sign == "-" else size)
    text = f"{date} {clock}{spaces if offset else ''}{offset}"
    return text, dayfirst, None if zone is None else at.replace(tzinfo=zone)


@settings(max_examples=200)
@given(case=numeric_texts())
@example(case=("01/03/2026 09:00 +01:60", True, None))
@example(
    case=("2026/03/01 9:00 PM -0530", False, datetime(2026, 3, 1, 21, tzinfo=timezone(-5.5 * HOUR)))
)
def test_an_event_logs_numeric_dates_read_their_offset_as_written(
    case: tuple[str, bool, datetime | None],
) -> None:
    # Whatever the layout, the clock and the spaces before the offset: the time at that
    # offset (none: tz=), never the time with the offset dropped or misread.
    text, dayfirst, want = case
    if want is None:
        with pytest.raises(ConfigError, match="not a timestamp"):
            parse_timestamp(text, tz="UTC", dayfirst=dayfirst)
        return
    got = parse_timestamp(text, tz="UTC", dayfirst=dayfirst)
    assert (got, got.utcoffset()) == (want, want.utcoffset())
