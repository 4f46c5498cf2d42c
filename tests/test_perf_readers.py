"""The readers' shortcuts read exactly what the general parsers read.

The one-row-per-ticket reader reads its usual ``D/M/Y H:M`` local times itself
(``summary._instants``) and leaves everything else to the event log's ``parse_timestamp``; the
Jira reader tests the instant range inline. Generated texts -- real and impossible dates, the
ends of the calendar, DST gaps and repeated hours, other scripts' digits -- must give the same
datetime (its zone and fold too), or be left to the general parser.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.errors import OutOfRangeError, RecordError, require_instant
from servicemodel.io.eventlog._time import parse_timestamp
from servicemodel.io.jira._fields import fail, instant, usual_instant
from servicemodel.io.summary._instants import local_instant

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour DST shift
    "Pacific/Apia",  # skipped a whole day
    "Asia/Kathmandu",
    "Pacific/Kiritimati",  # +14
    "Etc/GMT+12",
    "UTC",
]
DIGITS = st.sampled_from("0123456789")


@st.composite
def local_texts(draw: st.DrawFn) -> str:
    """``NN/NN/NNNN NN:NN[:NN]``-like texts, often valid, sometimes not."""

    def num(width: int, high: int) -> str:
        if draw(st.integers(0, 9)) == 0:  # now and then any digits, or another script's
            return "".join(draw(st.lists(st.sampled_from("0123456789٣"), min_size=width,
                                         max_size=width)))  # fmt: skip
        return str(draw(st.integers(0, high))).zfill(width)

    year = draw(st.one_of(st.integers(1, 9999).map(lambda y: str(y).zfill(4)),
                          st.sampled_from(["0001", "0002", "9998", "9999", "0000"])))  # fmt: skip
    sep = st.sampled_from("/.-")
    text = f"{num(2, 13)}{draw(sep)}{num(2, 31)}{draw(sep)}{year}"
    text += f"{draw(st.sampled_from(' T'))}{num(2, 24)}:{num(2, 60)}"
    if draw(st.booleans()):
        text += f":{num(2, 60)}"
    return text


def _same(got: datetime, want: datetime) -> None:
    assert (repr(got), got.fold, got.tzinfo) == (repr(want), want.fold, want.tzinfo)


@given(local_texts(), st.sampled_from(ZONES), st.booleans(), st.sampled_from(["", " ", "\t"]))
@example("29/03/2026 02:30", "Europe/Berlin", True, "")  # in the spring-forward gap
@example("25/10/2026 02:30", "Europe/Berlin", True, "")  # the repeated hour
@example("01/01/0002 00:30", "Pacific/Kiritimati", True, "")  # before the supported range
@example("31/12/9998 23:59", "Etc/GMT+12", True, "")  # after it
@example("02/03/2026 09:00", "Europe/Berlin", False, " ")
def test_local_times_read_as_parse_timestamp_reads_them(
    text: str, name: str, dayfirst: bool, pad: str
) -> None:
    zone = ZoneInfo(name)
    found = local_instant((pad + text + pad).strip(), zone, dayfirst)
    if found is None:
        return  # left to parse_timestamp: nothing to compare
    want = parse_timestamp(pad + text + pad, tz=zone, dayfirst=dayfirst)
    _same(found[0], want)
    _same(found[1], want.astimezone(UTC))


@pytest.mark.parametrize(
    "text", ["02/03/2026 09:00", "02.03.2026 09:00:30", "12-31-2026T23:59", "02/03/2026 09:00:00"]
)
def test_the_usual_shapes_take_the_shortcut(text: str) -> None:
    zone = ZoneInfo("Europe/Berlin")
    found = local_instant(text, zone, dayfirst=text.startswith("0"))
    assert found is not None
    _same(found[0], parse_timestamp(text, tz=zone, dayfirst=text.startswith("0")))


@pytest.mark.parametrize(
    "text",
    ["2/3/2026 9:00", "02/03/2026 09:00+01:00", "02/03/2026 09:00:00.5", "٠٢/03/2026 09:00",
     "31/02/2026 09:00", "02/03/0000 09:00", "02/03/2026 24:00", "2026-03-02T09:00", ""],
)  # fmt: skip
def test_everything_else_is_left_to_parse_timestamp(text: str) -> None:
    assert local_instant(text, ZoneInfo("Europe/Berlin"), dayfirst=True) is None


# -- Jira ----------------------------------------------------------------------------------


def _reference(value: str) -> datetime:
    """The Jira parser as it was before its range test was inlined."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise fail("p", "K", "created", value, "not an ISO 8601 timestamp") from None
    if parsed.utcoffset() is None:
        raise fail("p", "K", "created", value, "timestamp has no offset (Jira writes one, +0100)")
    try:
        return require_instant(parsed, "created")
    except OutOfRangeError as exc:
        raise fail("p", "K", "created", value, str(exc)) from None


@st.composite
def jira_texts(draw: st.DrawFn) -> str:
    year = draw(st.one_of(st.integers(1, 9999), st.sampled_from([1, 2, 9998, 9999])))
    when = f"{year:04d}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    when += f"T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    when += f":{draw(st.integers(0, 59)):02d}.{draw(st.integers(0, 999)):03d}"
    hours, minutes = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    colon = draw(st.sampled_from(["", ":"]))
    offset = draw(st.sampled_from(["+", "-"])) + f"{hours:02d}{colon}{minutes:02d}"
    return when + draw(st.sampled_from([offset, offset, "Z", ""]))


def _outcome(fn: Any, value: str) -> str:
    try:
        got = fn(value)
    except RecordError as exc:
        return f"error {exc}"
    return f"{got!r} fold={got.fold}"


@given(jira_texts())
@example("0001-01-01T00:00:00.000+0100")
@example("0002-01-01T23:59:59.999-0001")
@example("0002-01-02T00:00:00.000+0000")
@example("9998-12-30T23:59:59.999+0000")
@example("9998-12-31T00:59:59.999+0100")
@example("9999-12-31T23:59:59.999-2359")
def test_jira_instants_are_read_as_before(value: str) -> None:
    assert _outcome(lambda v: instant(v, "p", "K", "created"), value) == _outcome(_reference, value)


@given(jira_texts(), st.sampled_from(["", " ", "\n"]))
@example("2026-03-02T09:00:00.000+0100", "")
@example("0002-01-01T23:59:59.999-0001", "")
@example("9997-12-31T23:59:59.999-2359", "")
def test_the_usual_jira_instant_is_instants_answer(value: str, pad: str) -> None:
    found = usual_instant(pad + value + pad)
    if found is not None:  # else instant() reads it
        assert _outcome(lambda v: found, value) == _outcome(_reference, pad + value + pad)
