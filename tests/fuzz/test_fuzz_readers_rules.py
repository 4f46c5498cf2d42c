"""Fuzz the export readers' newest rules: ``date_format`` checks, Zendesk audits beside
incremental ticket events, comment visibility flags, and the calendar's column methods.

Each harness checks the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang) and the
documented outcome for what it reads:

- ``date_format`` (``docs/exports.md``, timestamps): any format text built from strptime's
  directives (``%G %V %u %W %U %j %y %x %c %%`` and the rest), literal text and unknown
  directives is accepted or a ``ConfigError`` naming it. A format that reads the year and
  the day once reads back every instant it writes -- the year, month and day always, the
  hour, minute, second and microsecond it carries -- also with ``month_names``; and a text
  whose date directives were each written from one of two instants is read so that every
  one of them gives back what the text says, or refused: never a date that drops one;
- Zendesk (``docs/exports.md``, audits and ticket events given together): the updates of a
  ticket split between its audits and its ticket events, repeated, an event's id the
  audit's number or its text, in any order and on overlapping pages, give the history its
  audits alone give (without ``comment_events``, each comment's update is among the audits);
- comment visibility: Zendesk's ``public`` / ``comment_public``, Freshdesk's ``private``,
  Jira's ``public`` / ``jsdPublic`` / ``sd.public.comment`` missing or any JSON value: the
  event the docs name, no event and a partial history, or the ticket's ``RecordError`` naming
  the field; with ``on_error="collect"`` the other ticket is read as alone;
- ``elapsed_many`` / ``add_many`` (``docs/calendars.md``, whole columns) on lists, numpy
  object and ``timedelta64`` arrays of every unit, pandas columns in every unit, zoned,
  with ``NaT``, object columns with ``None`` / ``NaT`` / text, and columns of other dtypes
  given as durations: the scalar answers element by element, a missing answer for a missing
  value, or a ``ServiceModelError``.

Found and fixed (regression tests at the end of this file):

- a ``date_format`` reading a month (``%m``, ``%b``, ``%B``) beside a day of the year (``%j``)
  or a week number with its weekday was accepted, and strptime dropped the month:
  ``'%Y %m %j'`` read ``2026 05 001`` as 1 January;
- a ``date_format`` reading two weekdays beside a week number (``'%Y %U %w %a'``), or
  ``%c`` (which writes the weekday) beside one, was accepted, and strptime kept one of them;
- a ``date_format`` reading the hour twice (``%H`` and ``%I``) was accepted, and strptime
  kept ``%I``; one with ``%p`` and a 24-hour ``%H`` read ``9:30 PM`` as 09:30;
- a text whose day of the year or week date its year does not have (``2025 366`` by
  ``'%Y %j'``, week 0's Sunday by ``'%Y %U %w'``, ISO week 53 of a year of 52) was read as a
  day of the next or the previous year, and week 0 of a year that has none as week 1: it is
  the case's ``ConfigError``;
- ``add_many`` with a pandas column of numbers or texts as durations read them as
  nanoseconds (an int column of minutes gave every start back unchanged), and one of
  unreadable texts, datetimes or booleans (an empty one too), or a DataFrame, raised
  pandas' ``ValueError`` / ``TypeError`` / ``AttributeError``.

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=2000 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest tests/fuzz/test_fuzz_readers_rules.py -p no:cacheprovider
"""

from __future__ import annotations

import copy
import math
import sys
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, RecordError, ServiceModelError
from servicemodel.io import freshdesk, jira, zendesk
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.eventlog._time import date_formats
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    InternalNote,
    TicketHistory,
    lost_facts,
)
from servicemodel.strategies import histories as history_strategy
from test_io_zendesk import AGENTS, KINDS, page, to_zendesk
from test_io_zendesk_ticket_events import pages_of, to_ticket_events

from .conftest import assert_contract, fuzz_settings, require, show

pytestmark = pytest.mark.fuzz

REPLIES = frozenset({"first_reply", "next_reply", "periodic_update"})
_SAID = (AgentReply, CustomerMessage, InternalNote)

# -- 1. date_format ------------------------------------------------------------------------------

#: strptime's directives (``datetime`` docs, "strftime() and strptime() Format Codes").
_DIRECTIVES = [
    "%Y", "%y", "%G", "%m", "%b", "%B", "%d", "%j", "%U", "%W", "%V", "%u", "%w", "%a", "%A",
    "%x", "%c", "%X", "%H", "%I", "%p", "%M", "%S", "%f", "%z", "%Z", "%%",
]  # fmt: skip
#: Directives strptime does not know (``%e``, ``%s`` are glibc's, not Python's).
_UNKNOWN = ["%Q", "%e", "%s", "%k", "%E", "%O", "%+", "%", "%\n"]
_LITERALS = st.text(alphabet="xTW-/:., #_", min_size=1, max_size=3)


@st.composite
def _any_formats(draw: st.DrawFn) -> list[str]:
    """A format's pieces: directives, unknown directives and literal text, in any order."""
    pieces = draw(
        st.lists(
            st.one_of(st.sampled_from(_DIRECTIVES), st.sampled_from(_UNKNOWN), _LITERALS),
            min_size=1,
            max_size=8,
        )
    )
    out: list[str] = []
    for piece in pieces:
        out.append(piece)
        # Digits glued to an offset would be read as its seconds: something stands between.
        seps = [" "] if piece == "%z" else ["", " ", "-", "/", ":"]
        sep = draw(st.sampled_from(seps))
        if sep:
            out.append(sep)
    return out


#: Directives that read a part of the date or the hour again (drawn more often).
_TWICE = ["%m", "%b", "%B", "%d", "%j", "%Y", "%y", "%H", "%I", "%p"] * 2


@st.composite
def _near_good_formats(draw: st.DrawFn) -> list[str]:
    """A format that reads year and day once, with one or two directives more put anywhere:
    mostly one reading a part twice, which strptime would drop."""
    tokens = draw(_good_formats(zone_names=False))
    for extra in draw(st.lists(st.sampled_from(_DIRECTIVES + _TWICE), min_size=1, max_size=2)):
        i = draw(st.integers(0, len(tokens)))
        tokens[i:i] = [" ", extra, " "]
    return tokens


@given(
    tokens=st.one_of(_any_formats(), _near_good_formats(), _near_good_formats()),
    names=st.sampled_from([None, "es", "de"]),
    data=st.data(),
)
@fuzz_settings(200)
def test_any_format_text_is_accepted_or_a_config_error_naming_it(
    tokens: list[str], names: str | None, data: st.DataObject
) -> None:
    fmt = "".join(tokens)
    got = assert_contract(date_formats, fmt)
    if isinstance(got, ServiceModelError):
        require(isinstance(got, ConfigError), "WRONG TYPE", f"{fmt!r}: {got!r}", "date_formats")
        require(
            safe_repr(fmt) in str(got) and got.path == "date_format",
            "UNNAMED",
            f"{fmt!r}: {got}",
            "date_formats message",
        )
        return
    assert got == (fmt,)
    # The same format through the parser, on a text it may or may not read.
    text = datetime(2026, 11, 30, 14, 5, 6, tzinfo=UTC).strftime(fmt)
    out = assert_contract(parse_timestamp, text, tz="UTC", date_format=fmt, month_names=names)
    if isinstance(out, ServiceModelError):
        require(isinstance(out, ConfigError), "WRONG TYPE", f"{out!r}", "parse_timestamp")
    else:
        require(out.tzinfo is not None, "NAIVE", f"{fmt!r} gave {out!r}", "parse_timestamp")
    # Accepted: each of its parts is read, on any text written from two instants (a few
    # texts: most formats drawn are refused, an accepted one is worth more than one look).
    for _ in range(4):
        _read_back_or_refused(tokens, "UTC", data)


def _near_new_year(tz: ZoneInfo) -> st.SearchStrategy[datetime]:
    """Instants of the years ``%y`` reads, one in two within ten days of a New Year (where a
    week number or a day of the year is near its year's end)."""
    near = st.builds(
        lambda y, d, s: datetime(y, 1, 1, tzinfo=tz) + timedelta(days=d, seconds=s),
        st.integers(1972, 2066), st.integers(-10, 10), st.integers(0, 86399),
    )  # fmt: skip
    return st.one_of(st.datetimes(**_INSTANTS, timezones=st.just(tz)), near)


def _read_back_or_refused(tokens: list[str], zone: str, data: st.DataObject) -> None:
    """Each directive written from one of two instants: a text whose parts may disagree. The
    date read gives back what each of them says, or the text is refused -- never a date
    that silently drops a part it read (a weekday beside a full date is no part of it:
    RFC 2822's ``%a, %d %b %Y`` reads the date, docs/exports.md)."""
    tz = ZoneInfo(zone)
    first = data.draw(_near_new_year(tz))
    # The second instant independent, or apart from the first in month, day and hour.
    apart = st.builds(lambda d, h: first + timedelta(days=d, hours=h),
                      st.integers(32, 330), st.integers(1, 23))  # fmt: skip
    two = [first, data.draw(st.one_of(_near_new_year(tz), apart))]
    when = [two[data.draw(st.integers(0, 1))] for _ in tokens]
    fmt = "".join(tokens)
    text = _render(tokens, when, None)
    out = assert_contract(parse_timestamp, text, tz=zone, date_format=fmt)
    if isinstance(out, ServiceModelError):
        require(isinstance(out, ConfigError), "WRONG TYPE", f"{out!r}", "parse_timestamp")
        return
    seen = out if "%z" in tokens else out.astimezone(tz)
    # A week number gives a day only with its weekday (docs/exports.md); without one, both
    # are read and left aside by strptime, as a weekday beside a full date is.
    weeks = bool({"%U", "%W", "%V"} & set(tokens)) and bool(set(_WEEKDAYS) & set(tokens))
    for tok, at in zip(tokens, when, strict=True):
        if not tok.startswith("%") or tok in ("%%", "%Z"):
            continue
        if tok in (*_WEEKDAYS, "%U", "%W") and not weeks:
            continue
        written = at.strftime(tok)
        require(
            seen.strftime(tok) == written,
            "SILENTLY WRONG",
            f"{text!r} read by {fmt!r} gave {seen.isoformat()}, whose {tok} is "
            f"{seen.strftime(tok)!r}, not the {written!r} written",
            f"{tok} dropped",
        )


#: Ways to read the year and the day once (the documented rule), each a list of tokens.
_YEARS = [["%Y"], ["%y"]]
_WEEKDAYS = ["%a", "%A", "%w", "%u"]


@st.composite
def _date_tokens(draw: st.DrawFn) -> list[str]:
    """The date part of a format that reads the year and the day once."""
    route = draw(st.sampled_from(["dm", "db", "dB", "j", "U", "W", "GV", "x", "c"]))
    if route == "x":
        return ["%x"]
    if route == "c":
        return ["%c"]
    if route == "GV":
        return ["%G", "%V", draw(st.sampled_from(_WEEKDAYS))]
    year = draw(st.sampled_from(_YEARS))
    if route in ("U", "W"):
        return [*year, f"%{route}", draw(st.sampled_from(_WEEKDAYS))]
    if route == "j":
        return [*year, "%j"]
    month = {"dm": "%m", "db": "%b", "dB": "%B"}[route]
    extra = draw(st.sampled_from([[], ["%a"], ["%A"]]))  # a weekday beside: no day of its own
    return [*year, month, "%d", *extra]


_CLOCKS = [[], ["%H", "%M"], ["%H", "%M", "%S"], ["%H", "%M", "%S", "%f"], ["%I", "%M", "%p"],
           ["%I", "%M", "%S", "%p"], ["%X"]]  # fmt: skip


@st.composite
def _good_formats(draw: st.DrawFn, *, zone_names: bool = True) -> list[str]:
    """A format's tokens (directives and literals) in any order, reading year and day once."""
    date = draw(_date_tokens())
    clock = [] if "%c" in date else draw(st.sampled_from(_CLOCKS))
    zones = [[], ["%z"], ["%z", "%Z"], ["%Z"]] if zone_names else [[], ["%z"]]
    tokens = [*date, *clock, *draw(st.sampled_from(zones))]
    tokens += draw(st.lists(st.sampled_from(["%%", "T", "at", "#"]), max_size=2))
    tokens = draw(st.permutations(tokens))
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if i:
            # Digits glued to an offset would be read as its seconds: something stands between.
            glue = "" if "%z" not in (tok, tokens[i - 1]) else " "
            out.append(draw(st.sampled_from([glue, " ", "-", "/", ":", ", "])))
        out.append(tok)
    return out


#: CLDR's Spanish and German months (abbreviated, wide), as ``month_names`` documents them.
_MONTHS = {
    "es": (["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
           ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
            "septiembre", "octubre", "noviembre", "diciembre"]),
    "de": (["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
            "Nov.", "Dez."],
           ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember"]),
}  # fmt: skip


_LETTERS = ("%a", "%A", "%b", "%B", "%p", "%Z", "%c", "T", "at")


def _glued_to_a_name(tokens: list[str]) -> bool:
    """Whether a month name is written with letters glued to it (``eneT01``): ``month_names``
    reads a name as a word of its own (docs/exports-summary.md, month names)."""
    shown = [t for t in tokens if t]
    return any(
        t in ("%b", "%B")
        and any(n in _LETTERS for n in shown[max(i - 1, 0) : i] + shown[i + 1 : i + 2])
        for i, t in enumerate(shown)
    )


def _render(tokens: list[str], when: list[datetime], names: str | None) -> str:
    """The text the format's tokens write, token ``i`` from the instant ``when[i]``."""
    out = []
    for tok, at in zip(tokens, when, strict=True):
        if names is not None and tok in ("%b", "%B"):
            out.append(_MONTHS[names][tok == "%B"][at.month - 1])
        elif tok.startswith("%"):
            out.append(at.strftime(tok))
        else:
            out.append(tok)
    return "".join(out)


#: Zones without a change at midnight (a date alone is a local time that exists).
_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
          "America/St_Johns"]  # fmt: skip
#: ``%y`` reads 1969-2068 (POSIX); ``%x`` writes a two-digit year too.
_INSTANTS: dict[str, Any] = {"min_value": datetime(1971, 1, 2), "max_value": datetime(2067, 12, 30)}


def _carried(fmt: str) -> set[str]:
    found = {fmt[i + 1] for i in range(len(fmt) - 1) if fmt[i] == "%"} - {"%"}
    clock = set()
    if found & {"H", "I", "c", "X"}:
        clock.add("hour")
    if found & {"M", "c", "X"}:
        clock.add("minute")
    if found & {"S", "c", "X"}:
        clock.add("second")
    if "f" in found:
        clock.add("microsecond")
    return clock


@given(
    tokens=_good_formats(),
    zone=st.sampled_from(_ZONES),
    names=st.sampled_from([None, None, "es", "de"]),
    data=st.data(),
)
@fuzz_settings(200)
def test_a_format_reading_year_and_day_once_reads_back_what_it_writes(
    tokens: list[str], zone: str, names: str | None, data: st.DataObject
) -> None:
    fmt = "".join(tokens)
    if names is not None and (not {"%b", "%B"} & set(tokens) or _glued_to_a_name(tokens)):
        names = None  # month names without %b or %B are refused (another rule)
    got = assert_contract(date_formats, fmt)
    require(got == (fmt,), "REFUSED", f"{fmt!r} reads year and day once: {got}", "good format")
    tz = ZoneInfo(zone)
    local = data.draw(st.datetimes(**_INSTANTS, timezones=st.just(tz), allow_imaginary=False))
    text = _render(tokens, [local] * len(tokens), names)
    out = assert_contract(parse_timestamp, text, tz=zone, date_format=fmt, month_names=names)
    name_read = "%Z" in tokens and local.tzname() not in ("UTC", "GMT")
    if isinstance(out, ServiceModelError):
        # Documented: a zone name other than UTC or GMT is refused for its case.
        require(name_read and isinstance(out, ConfigError), "UNREAD",
                f"{fmt!r} wrote {text!r} and could not read it: {out}", "round trip")  # fmt: skip
        return
    require(not name_read, "NAME READ", f"{text!r} ({fmt!r}) gave {out}", "zone name")
    seen = out if "%z" in tokens else out.astimezone(tz)
    if "%z" in tokens:
        assert out.utcoffset() == local.utcoffset(), (fmt, text, out)
    assert seen.date() == local.date(), (fmt, text, out)
    carried = _carried(fmt)
    for part in ("hour", "minute", "second", "microsecond"):
        want = getattr(local, part) if part in carried else 0
        assert getattr(seen, part) == want, (part, fmt, text, out)


#: Zones that never change their offset in the years drawn: a local time of any date exists.
_FIXED = ["UTC", "Asia/Kolkata", "America/Regina"]


@given(
    tokens=_good_formats(zone_names=False),
    zone=st.sampled_from(_FIXED),
    data=st.data(),
)
@fuzz_settings(200)
def test_a_date_read_gives_back_every_directive_it_read_or_is_refused(
    tokens: list[str], zone: str, data: st.DataObject
) -> None:
    _read_back_or_refused(tokens, zone, data)


# -- 2. Zendesk: audits and ticket events of the same updates --------------------------------------


def _read_zendesk(*args: Any, **kw: Any) -> tuple[list[TicketHistory], tuple[Any, ...]]:
    stream = zendesk.histories(*args, **kw)
    return list(stream), tuple(stream.errors)


@st.composite
def _split(draw: st.DrawFn, auds: list[dict[str, Any]], events: list[dict[str, Any]],
           *, audit_for_comments: bool) -> tuple[list[Any], list[Any]]:  # fmt: skip
    """Each update in the audits, the ticket events or both, once or twice, in any order; an
    event's id the audit's number or its text."""
    in_audits: list[Any] = []
    in_events: list[Any] = []
    for a, e in zip(auds, events, strict=True):
        comment = any(ev["type"] == "Comment" for ev in a["events"])
        where = "audit" if comment and audit_for_comments else None
        where = where or draw(st.sampled_from(["audit", "event", "both"]))
        if comment and audit_for_comments:
            where = draw(st.sampled_from(["audit", "both"]))
        if where in ("audit", "both"):
            in_audits += [a] * draw(st.integers(1, 2))
        if where in ("event", "both"):
            # An overlapping page repeats an event as it was; beside its audit, its id may
            # be the audit's number as text (the docs: 7101 or "7101", one update).
            e = copy.deepcopy(e)
            if draw(st.booleans()):
                e["id"] = str(e["id"])
            in_events += [e] * draw(st.integers(1, 2))
    return draw(st.permutations(in_audits)), draw(st.permutations(in_events))


@given(
    h=history_strategy(kinds=KINDS, max_events=8),
    sideload=st.booleans(),
    cuts=st.lists(st.integers(0, 20), max_size=3),
    data=st.data(),
)
@fuzz_settings(120)
def test_updates_split_between_audits_and_ticket_events_give_the_audits_history(
    h: TicketHistory, sideload: bool, cuts: list[int], data: st.DataObject
) -> None:
    rec, auds = to_zendesk(h)
    (want,) = zendesk.histories([page(rec)], auds, agents=AGENTS)
    events = to_ticket_events(auds, sideload=sideload)
    # Without the sideload a comment is only comment_present: the docs read an update in both
    # from its audit, so each comment's update is in the audits here (else it is lost).
    in_audits, in_events = data.draw(_split(auds, events, audit_for_comments=not sideload))
    pages = data.draw(st.permutations(pages_of(in_events, cuts)))
    got = assert_contract(_read_zendesk, [page(rec)], in_audits, ticket_events=pages,
                          agents=AGENTS)  # fmt: skip
    require(not isinstance(got, ServiceModelError), "REFUSED", show(got), "audits + events")
    histories, errors = got
    assert errors == ()
    assert histories == [want]
    assert lost_facts(histories[0]) == lost_facts(want)


# -- 3. comment visibility ------------------------------------------------------------------------

_SCALARS = (
    st.none() | st.booleans() | st.integers(-2, 2) | st.floats(allow_nan=False)
    | st.sampled_from(["true", "false", "True", "yes", "", "1", " true"])
)  # fmt: skip
#: JSON values two levels deep (a flag written as a list or an object, holding one).
_JSON = (
    _SCALARS
    | st.lists(_SCALARS, max_size=2)
    | st.dictionaries(
        st.sampled_from(["internal", "public", "value", "x"]),
        _SCALARS | st.lists(_SCALARS, max_size=2),
        max_size=2,
    )
)
_MISSING = object()
_FLAGS = st.one_of(st.just(_MISSING), st.booleans(), _JSON)

T0, T1 = "2026-03-02T09:00:00Z", "2026-03-02T09:10:00Z"


def _zendesk_ticket(tid: int) -> tuple[dict[str, Any], dict[str, Any]]:
    rec = {"id": tid, "created_at": T0, "updated_at": T1, "status": "open", "requester_id": 5}
    create = {"id": tid * 100, "ticket_id": tid, "created_at": T0, "author_id": 5, "events": [
        {"id": tid * 100 + 1, "type": "Create", "field_name": "status", "value": "new"},
        {"id": tid * 100 + 2, "type": "Comment", "author_id": 5, "public": True},
    ]}  # fmt: skip
    return rec, create


def _bad(flag: Any) -> bool:
    return flag is not _MISSING and not isinstance(flag, bool)


def _check_flag(
    got: Any,
    bad: bool,
    flag: Any,
    path: str,
    name: str,
    who: str,
    event: type | None,
    lost: frozenset[str],
) -> TicketHistory | None:
    """The documented outcome of a flag: its event, or the ticket's error naming the field."""
    require(not isinstance(got, ServiceModelError), "RAISED", show(got), "collect")
    histories, errors = got
    if bad:
        require(len(errors) == 1 and isinstance(errors[0], RecordError), "NOT A RECORD ERROR",
                f"{name}={flag!r}: {show(errors)}", name)  # fmt: skip
        err = errors[0]
        require(err.path == path and who in str(err) and "\n" not in str(err),
                "UNNAMED", f"{name}={flag!r}: {err.path}: {err}", name)  # fmt: skip
        return None
    assert errors == (), (flag, errors)
    (h,) = [x for x in histories if x.id == who.split()[-1]]
    said = [type(e) for e in h.events if isinstance(e, _SAID) and e.at.minute == 10]
    assert said == ([] if event is None else [event]), (name, flag, h.events)
    assert REPLIES & lost_facts(h) == lost, (name, flag, lost_facts(h))
    return h


@given(flag=_FLAGS, style=st.sampled_from(["audit", "sideload", "event"]))
@fuzz_settings(200)
def test_a_zendesk_comment_flag_gives_its_event_no_event_or_the_tickets_error(
    flag: Any, style: str
) -> None:
    rec, create = _zendesk_ticket(1)
    good_rec, good_create = _zendesk_ticket(2)
    comment: dict[str, Any] = {"id": 21, "author_id": 901}
    key = "comment_public" if style == "event" else "public"
    if style == "event":
        comment = {"id": 21, "comment_present": True}
    if flag is not _MISSING:
        comment[key] = flag
    update = {"id": 20, "ticket_id": 1, "created_at": T1, "author_id": 901,
              "events": [{**comment, "type": "Comment"}]}  # fmt: skip
    kw: dict[str, Any] = {"agents": ["901"], "on_error": "collect"}
    if style == "audit":
        got = assert_contract(_read_zendesk, [page(rec, good_rec)], [create, update, good_create],
                              **kw)  # fmt: skip
        path = "audits[1].events[0].public"
    else:
        kid = {**comment, "event_type": "Comment"}
        event = {"id": 20, "ticket_id": 1, "created_at": T1, "updater_id": 901,
                 "child_events": [kid]}  # fmt: skip
        got = assert_contract(_read_zendesk, [page(rec, good_rec)], [create, good_create],
                              ticket_events=[{"ticket_events": [event]}], **kw)  # fmt: skip
        path = f"ticket_events[0].ticket_events[0].child_events[0].{key}"
    # docs/exports.md, "Comments that do not say public" and the ticket event table.
    if flag is _MISSING:
        want, lost = None, REPLIES
    elif style == "event":  # no author: a private one is a note, a public one unknown
        want, lost = (None, REPLIES) if flag is True else (InternalNote, frozenset())
    else:
        want, lost = (AgentReply if flag is True else InternalNote), frozenset()
    _check_flag(got, _bad(flag), flag, path, key, "ticket 1", want, lost)
    (alone,) = zendesk.histories([page(good_rec)], [good_create], agents=["901"])
    assert [h for h in got[0] if h.id == "2"] == [alone]


def _read_freshdesk(*args: Any, **kw: Any) -> tuple[list[TicketHistory], tuple[Any, ...]]:
    stream = freshdesk.histories(*args, **kw)
    return list(stream), tuple(stream.errors)


#: Freshdesk conversation sources the docs name (exports-freshdesk.md): none, a reply (0), a
#: note (2), status (3), forward (8), survey remark (6), automation rule (15).
_SOURCES = [None, 0, 2, 3, 6, 8, 15]


@given(flag=_FLAGS, source=st.sampled_from(_SOURCES))
@fuzz_settings(200)
def test_a_freshdesk_private_flag_gives_its_event_no_event_or_the_tickets_error(
    flag: Any, source: int | None
) -> None:
    tickets = [{"id": t, "created_at": T0, "status": 2, "source": 1, "requester_id": 50}
               for t in (5, 6)]  # fmt: skip
    conv: dict[str, Any] = {"id": 1, "ticket_id": 5, "user_id": 77, "incoming": False,
                            "created_at": T1}  # fmt: skip
    if source is not None:
        conv["source"] = source
    if flag is not _MISSING:
        conv["private"] = flag
    good = {"id": 2, "ticket_id": 6, "user_id": 77, "incoming": False, "private": False,
            "created_at": T1}  # fmt: skip
    got = assert_contract(_read_freshdesk, [tickets], [conv, good], on_error="collect")
    # The table "conversation ..." and "A conversation that does not say private".
    lost: frozenset[str] = frozenset()
    if source in (3, 8):
        want: type | None = InternalNote
    elif flag is _MISSING:
        want, lost = None, (frozenset() if source == 6 else REPLIES)
    elif flag is True:
        want = InternalNote
    elif source == 6:
        want = None
    else:
        want = AgentReply
    h = _check_flag(
        got, _bad(flag), flag, "conversations[0].private", "private", "ticket 5", want, lost
    )
    if h is not None and want is AgentReply:
        (reply,) = [e for e in h.events if isinstance(e, AgentReply)]
        assert reply.automated == (source == 15)
    (alone,) = freshdesk.histories([[tickets[1]]], [good])
    assert [x for x in got[0] if x.id == "6"] == [alone]


def _read_jira(*args: Any, **kw: Any) -> tuple[list[TicketHistory], tuple[Any, ...]]:
    stream = jira.histories(*args, **kw)
    return list(stream), tuple(stream.errors)


def _issue(key: str, comment: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "fields": {
        "created": "2026-03-02T09:00:00.000+0000", "reporter": {"accountId": "c1"},
        "status": {"id": "1", "name": "Open"},
        "comment": {"comments": [{"id": "100", "created": "2026-03-02T09:10:00.000+0000",
                                  "author": {"accountId": "a1"}, **comment}]}}}  # fmt: skip


@given(
    flag=_FLAGS,
    style=st.sampled_from(["public", "jsdPublic", "property", "property value", "none"]),
    visibility=st.sampled_from([_MISSING, None, {}, {"type": "role", "value": "Administrators"}]),
)
@fuzz_settings(200)
def test_a_jira_comment_flag_gives_its_event_or_the_issues_error_naming_the_field(
    flag: Any, style: str, visibility: Any
) -> None:
    comment: dict[str, Any] = {}
    base = "issues[0].fields.comment.comments[0]"
    if style in ("public", "jsdPublic"):
        visibility = _MISSING  # the docs say how a restriction reads beside no flag only
        if flag is not _MISSING:
            comment[style] = flag
        path, name = f"{base}.{style}", style
    elif style == "property":
        value = {} if flag is _MISSING else {"internal": flag}
        comment["properties"] = [{"key": "sd.public.comment", "value": value}]
        path, name = f"{base}.properties[0].value.internal", "internal"
    elif style == "property value":
        comment["properties"] = [{"key": "sd.public.comment",
                                  "value": None if flag is _MISSING else flag}]  # fmt: skip
        path, name = f"{base}.properties[0].value", "sd.public.comment"
    else:
        flag = _MISSING
        path, name = base, "none"
    if visibility is not _MISSING:
        comment["visibility"] = visibility
    good = _issue("SD-2", {"jsdPublic": True})
    got = assert_contract(_read_jira, [_issue("SD-1", comment), good], on_error="collect")
    # docs/exports-jira.md, "Public or internal: how the flag is read".
    bad = False
    internal = False
    if style in ("public", "jsdPublic") and flag is not _MISSING:
        bad, internal = not isinstance(flag, bool), flag is False
    elif style == "property" and flag is not _MISSING and flag is not None:
        if isinstance(flag, str) and flag in ("true", "false"):
            internal = flag == "true"
        else:
            bad, internal = not isinstance(flag, bool), flag is True
    elif style == "property value" and flag is not _MISSING and flag is not None:
        if isinstance(flag, dict):
            inner = flag.get("internal")
            if isinstance(inner, str) and inner in ("true", "false"):
                internal = inner == "true"
            elif inner is not None:
                bad, internal = not isinstance(inner, bool), inner is True
                path = f"{path}.internal"
                name = "internal"
        else:
            bad = True
    if not bad and visibility is not _MISSING and visibility:
        internal = True
    want = InternalNote if internal else AgentReply
    _check_flag(got, bad, flag, path, name, "issue SD-1", want, frozenset())
    (alone,) = jira.histories([good])
    assert [x for x in got[0] if x.id == "SD-2"] == [alone]


# -- 4. calendar columns --------------------------------------------------------------------------

_CALENDARS = [
    BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": ["09:00-12:00", "13:00-17:00"]},
                            holidays=["2026-12-25"]),
    BusinessCalendar.weekly("UTC", {"sat": "22:00-06:00", "wed": "10:00-10:30"}),
    BusinessCalendar.weekly("America/New_York", {"mon-sun": "00:00-24:00"}),
]  # fmt: skip
_COLUMN_ZONES = ["UTC", "Europe/Berlin", "Asia/Kolkata"]
_UNITS = ["s", "ms", "us", "ns"]


@st.composite
def _instant_rows(draw: st.DrawFn, n: int) -> list[datetime | None]:
    out: list[datetime | None] = []
    for _ in range(n):
        if draw(st.integers(0, 5)) == 0:
            out.append(None)
            continue
        us = draw(st.integers(0, 400 * 86400 * 10**6))
        at = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(microseconds=us)
        out.append(at.astimezone(ZoneInfo(draw(st.sampled_from(_COLUMN_ZONES)))))
    return out


def _floor(at: datetime | None, unit: str) -> datetime | None:
    if at is None or unit in ("us", "ns"):
        return at
    step = timedelta(seconds=1) if unit == "s" else timedelta(milliseconds=1)
    base = datetime(1970, 1, 1, tzinfo=UTC)
    return base + ((at - base) // step) * step


@st.composite
def _instant_columns(draw: st.DrawFn, n: int) -> tuple[Any, list[Any], bool]:
    """(column, the instant each row holds or None for a missing one, whether a None row is
    a missing value of the column rather than a bad cell)."""
    rows = draw(_instant_rows(n))
    kind = draw(st.sampled_from(["list", "numpy", "pandas", "pandas-object"]))
    if kind == "pandas":
        unit, zone = draw(st.sampled_from(_UNITS)), draw(st.sampled_from(_COLUMN_ZONES))
        held = [_floor(t, unit) for t in rows]
        utc = pd.to_datetime([pd.NaT if t is None else t.astimezone(UTC) for t in held], utc=True)
        col = pd.Series(utc.as_unit(unit).tz_convert(zone))
        return col, [None if t is None else t.astimezone(ZoneInfo(zone)) for t in held], True
    cells = [draw(st.sampled_from([None, pd.NaT, "2026-01-05T08:00Z"])) if t is None else t
             for t in rows]  # fmt: skip
    if kind == "list":
        return cells, cells, False
    if kind == "numpy":
        return np.array(cells, dtype=object), cells, False
    return pd.Series(cells, dtype=object), cells, False


def _duration_rows(draw: st.DrawFn, n: int) -> list[timedelta]:
    return [timedelta(microseconds=draw(st.integers(-30 * 86400 * 10**6, 30 * 86400 * 10**6)))
            for _ in range(n)]  # fmt: skip


_NP_UNITS = {"W": 7 * 86400 * 10**6, "D": 86400 * 10**6, "h": 3600 * 10**6, "m": 60 * 10**6,
             "s": 10**6, "ms": 1000, "us": 1}  # fmt: skip


@st.composite
def _duration_columns(draw: st.DrawFn, n: int) -> tuple[Any, list[Any], bool]:
    """(durations, each row's timedelta or a bad value, whether the argument is to be
    refused whole: a column of numbers, texts, datetimes or booleans)."""
    kind = draw(st.sampled_from(["one", "list", "numpy", "pandas", "pandas-object", "other"]))
    rows = _duration_rows(draw, n)
    if kind == "one":
        return rows[0] if rows else timedelta(hours=1), [rows[0] if rows else None] * n, False
    if kind == "list":
        return rows, rows, False
    if kind == "numpy":
        unit = draw(st.sampled_from([*_NP_UNITS, "ns"]))
        if unit == "ns":
            counts = [draw(st.integers(-(10**15), 10**15)) for _ in range(n)]
            # Finer than a microsecond: floored, as the scalar floors a timedelta.
            held = [timedelta(microseconds=c // 1000) for c in counts]
        else:
            per = _NP_UNITS[unit]
            counts = [r // timedelta(microseconds=per) for r in rows]
            held = [timedelta(microseconds=c * per) for c in counts]
        values = np.array(counts, dtype=np.int64).view(f"timedelta64[{unit}]")
        nat = [draw(st.integers(0, 5)) == 0 for _ in range(n)]
        values[np.array(nat, dtype=bool)] = np.timedelta64("NaT", unit)
        return values, [None if m else h for m, h in zip(nat, held, strict=True)], False
    if kind == "pandas":
        unit = draw(st.sampled_from(_UNITS))
        spans = pd.to_timedelta([r // timedelta(seconds=1) for r in rows], unit="s")
        held = [timedelta(seconds=r // timedelta(seconds=1)) for r in rows]
        nat = [draw(st.integers(0, 5)) == 0 for _ in range(n)]
        col = pd.Series(spans.as_unit(unit)).mask(pd.Series(nat, dtype=bool))
        return col, [None if m else h for m, h in zip(nat, held, strict=True)], False
    if kind == "pandas-object":
        cells = [draw(st.sampled_from([r, r, None, pd.NaT, math.nan])) for r in rows]
        return (
            pd.Series(cells, dtype=object),
            [c if isinstance(c, timedelta) else None for c in cells],
            False,
        )
    values = draw(st.sampled_from([
        pd.Series(range(n), dtype="int64"), pd.Series([1.5] * n), pd.Series(["5"] * n),
        pd.Series(["abc"] * n, dtype="string"), pd.Series([True] * n),
        pd.Series(pd.date_range("2026-01-01", periods=n, tz="UTC")),
    ]))  # fmt: skip
    return values, [], n > 0 or values.dtype.kind != "O"  # an empty object column: no cell


def _no_instant(cells: list[Any], missing: bool) -> bool:
    """Whether a list or object column holds a cell that is no instant (a None, NaT or text
    there is no missing value: the scalar query refuses it)."""
    return not missing and any(not isinstance(c, datetime) or c is pd.NaT for c in cells)


def _scalar(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except ServiceModelError as exc:
        return exc


def _same(got: Any, want: Any, what: str) -> None:
    if isinstance(want, ServiceModelError):
        return  # compared as a whole: the column call raised, or not (checked by the caller)
    if want is None:
        require(got is None or got is pd.NaT or (isinstance(got, np.generic) and np.isnat(got)),
                "NOT MISSING", f"{what}: {got!r} for a missing value", what)  # fmt: skip
        return
    if isinstance(got, np.timedelta64):
        got = timedelta(microseconds=int(got.astype("timedelta64[us]").view(np.int64)))
    require(got == want, "NOT THE SCALAR", f"{what}: {got!r}, the scalar {want!r}", what)
    if isinstance(want, datetime):
        require(got.utcoffset() == want.utcoffset(), "ZONE", f"{what}: {got!r} vs {want!r}", what)


@given(cal=st.sampled_from(_CALENDARS), n=st.integers(0, 5), data=st.data())
@fuzz_settings(200)
def test_elapsed_many_equals_elapsed_row_by_row_or_refuses(
    cal: BusinessCalendar, n: int, data: st.DataObject
) -> None:
    starts, a, a_missing = data.draw(_instant_columns(n))
    ends, b, b_missing = data.draw(_instant_columns(n))
    got = assert_contract(cal.elapsed_many, starts, ends)
    want = []
    for x, y in zip(a, b, strict=True):
        if (x is None and a_missing) or (y is None and b_missing):
            want.append(None)
        else:
            want.append(_scalar(cal.elapsed, x, y))
    # A cell that is no instant in a list or an object column is refused, as the scalar
    # refuses it, whatever the other column holds in its row.
    refused = (
        any(isinstance(w, ServiceModelError) for w in want)
        or _no_instant(a, a_missing)
        or _no_instant(b, b_missing)
    )
    if isinstance(got, ServiceModelError):
        require(refused, "REFUSED", f"{got!r}; the scalars: {show(want)}", "elapsed_many")
        return
    require(not refused, "ACCEPTED", f"the scalars refuse: {show(want)}", "elapsed_many")
    rows = list(got)
    assert len(rows) == n
    for i, (g, w) in enumerate(zip(rows, want, strict=True)):
        _same(g, w, f"elapsed_many row {i}")


@given(cal=st.sampled_from(_CALENDARS), n=st.integers(0, 5), data=st.data())
@fuzz_settings(200)
def test_add_many_equals_add_row_by_row_or_refuses(
    cal: BusinessCalendar, n: int, data: st.DataObject
) -> None:
    starts, a, a_missing = data.draw(_instant_columns(n))
    durations, d, refuse = data.draw(_duration_columns(n))
    got = assert_contract(cal.add_many, starts, durations)
    if refuse:  # refused whole; a bad start may be named first
        ok = isinstance(got, InputTypeError) or (isinstance(got, ServiceModelError)
                                                 and _no_instant(a, a_missing))  # fmt: skip
        require(ok, "NOT REFUSED", f"durations {show(durations)} gave {show(got)}",
                "add_many durations")  # fmt: skip
        return
    want = []
    for x, y in zip(a, d, strict=True):
        if (x is None and a_missing) or y is None:
            want.append(None)
        else:
            want.append(_scalar(cal.add, x, y))
    refused = any(isinstance(w, ServiceModelError) for w in want) or _no_instant(a, a_missing)
    if isinstance(got, ServiceModelError):
        require(refused, "REFUSED", f"{got!r}; the scalars: {show(want)}", "add_many")
        return
    require(not refused, "ACCEPTED", f"the scalars refuse: {show(want)}", "add_many")
    rows = list(got)
    assert len(rows) == n
    for i, (g, w) in enumerate(zip(rows, want, strict=True)):
        _same(g, w, f"add_many row {i}")


# -- regression tests for what the harnesses found -----------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("%Y %m %j", "2026 05 001"),  # strptime read 2026-01-01: the %m dropped
        ("%Y %b %j", "2026 May 001"),
        ("%Y %m %U %w", "2026 05 01 1"),  # read 2026-01-05
        ("%G %m %V %u", "2026 05 01 1"),  # read 2025-12-29
    ],
)
def test_a_month_beside_a_day_of_the_year_or_a_week_date_is_refused(fmt: str, text: str) -> None:
    # docs/exports.md: a format reading the month twice is a ConfigError, of which strptime
    # keeps one -- a day of the year and a week number with its weekday give the month.
    with pytest.raises(ConfigError, match=r"reads the month twice \(%[mb] and %[jUV]\)"):
        date_formats(fmt)
    with pytest.raises(ConfigError, match="reads the month twice"):
        parse_timestamp(text, tz="UTC", date_format=fmt)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("%Y %U %w %a", "2026 02 1 Tue"),  # strptime read 2026-01-13, the Tuesday: %w dropped
        ("%G W%V %u %a", "2026 W02 1 Tue"),  # read 2026-01-06
    ],
)
def test_two_weekdays_beside_a_week_number_are_refused(fmt: str, text: str) -> None:
    # Beside a week number the weekday is part of the day: read twice, strptime keeps one.
    assert datetime.strptime(text, fmt).weekday() == 1
    with pytest.raises(ConfigError, match=r"reads the weekday twice"):
        parse_timestamp(text, tz="UTC", date_format=fmt)
    assert date_formats("%a, %d %b %Y %A") == ("%a, %d %b %Y %A",)  # beside a full date: no day


def test_a_week_number_beside_c_is_refused() -> None:
    # %c writes the weekday (%a): with a week number strptime takes the day from the week
    # and drops the date %c wrote ("Sat Jan  1 00:00:00 1972 01" read as 8 January).
    assert datetime.strptime("Sat Jan  1 00:00:00 1972 01", "%c %U").day == 8
    with pytest.raises(ConfigError, match=r"reads the day twice \(%U and %c\)"):
        date_formats("%c %U")


@pytest.mark.parametrize(
    ("fmt", "text", "strptime_read"),
    [
        ("%Y %j", "2025 366", "2026-01-01"),  # 2025 has 365 days
        ("%y%j", "25366", "2026-01-01"),
        ("%Y %U %w", "2026 00 0", "2025-12-28"),  # week 0's Sunday falls in 2025
        ("%Y %U %w", "2026 53 6", "2027-01-09"),
        ("%Y-W%W-%a", "2026-W00-Mon", "2025-12-29"),
        ("%G-W%V-%u", "2025-W53-1", "2025-12-29"),  # 2025 has 52 ISO weeks
        ("%Y%U%a", "199500Sat", "1995-01-07"),  # 1995 begins on a Sunday: no week 0
    ],
)
def test_a_day_the_year_read_does_not_have_is_refused_not_moved_to_another_year(
    fmt: str, text: str, strptime_read: str
) -> None:
    # strptime moves such a day into the next or the previous year: a date other than the
    # one written, silently (found by the harness above: the year read no longer comes back).
    # Python 3.12 and later refuse an ISO week the ISO year does not have themselves (a
    # ValueError); the library says the same of it on every Python.
    try:
        read = datetime.strptime(text, fmt).date().isoformat()
    except ValueError:
        assert "%V" in fmt
        assert sys.version_info >= (3, 12)
    else:
        assert read == strptime_read
    says = r"reads a day that the year .* does not have"
    with pytest.raises(ConfigError, match=rf"timestamp '{text}'.*{says}"):
        parse_timestamp(text, tz="UTC", date_format=fmt)


@pytest.mark.parametrize(
    ("fmt", "text", "day"),
    [
        ("%Y %j", "2024 366", "2024-12-31"),
        ("%Y %U %w", "2026 00 4", "2026-01-01"),  # week 0 holds the days before the 1st Sunday
        ("%Y %U %w", "2026 52 4", "2026-12-31"),
        ("%G-W%V-%u", "2026-W53-7", "2027-01-03"),  # ISO year 2026 has 53 weeks
        ("%G-W%V-%u", "2025-W01-1", "2024-12-30"),
    ],
)
def test_every_day_a_year_has_is_read(fmt: str, text: str, day: str) -> None:
    assert parse_timestamp(text, tz="UTC", date_format=fmt).date().isoformat() == day


@pytest.mark.parametrize(
    ("fmt", "says"),
    [
        ("%Y-%m-%d %H %I", r"reads the hour twice \(%H and %I\)"),
        ("%c %I", r"reads the hour twice \(%I and %c\)"),
        ("%Y-%m-%d %H:%M %p", r"reads a 12-hour marker \(%p\) without %I"),
    ],
)
def test_an_hour_read_twice_or_a_marker_beside_a_24_hour_clock_is_refused(
    fmt: str, says: str
) -> None:
    # strptime kept %I over %H ("09 02" read 02:00) and ignored %p beside %H ("9:30 PM"
    # read 09:30): silently wrong instants, refused as the date's parts read twice are.
    with pytest.raises(ConfigError, match=says):
        date_formats(fmt)
    assert date_formats("%Y-%m-%d %I:%M %p") == ("%Y-%m-%d %I:%M %p",)


@pytest.mark.parametrize(
    "durations",
    [
        pd.Series([90, 30]),  # minutes as ints: read as 90 and 30 nanoseconds
        pd.Series([1.5, 2.0]),
        pd.Series(["5", "7"], dtype=object),  # read as 5 and 7 nanoseconds
        pd.Series(["abc", "1h"], dtype=object),  # pandas' ValueError
        pd.Series(["1h", "2h"], dtype="string"),
        pd.Series([True, False]),  # pandas' TypeError
        pd.Series(pd.to_datetime(["2026-01-01", "2026-01-02"], utc=True)),  # pandas' TypeError
    ],
)
def test_add_many_refuses_a_pandas_column_that_holds_no_durations(durations: Any) -> None:
    cal = _CALENDARS[0]
    starts = pd.Series(pd.to_datetime(["2026-01-05 08:00", "2026-01-06 08:00"], utc=True))
    with pytest.raises(
        InputTypeError, match=r"durations(\[0\])?: expected (a timedelta|timedeltas), got"
    ):
        cal.add_many(starts, durations)
    if durations.dtype.kind != "O":  # a column of numbers, booleans or datetimes, empty too
        with pytest.raises(InputTypeError, match="got a column of"):
            cal.add_many(starts[:0], durations[:0])
    # The scalar query refuses each such value the same way.
    with pytest.raises(InputTypeError, match="expected a timedelta"):
        cal.add(starts[0].to_pydatetime(), durations.tolist()[0])


def test_add_many_reads_an_object_column_of_timedeltas_with_missing_values() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    starts = pd.Series(pd.to_datetime(["2026-01-05 08:00"] * 3, utc=True))
    durations = pd.Series([timedelta(hours=2), None, math.nan], dtype=object)
    got = cal.add_many(starts, durations)
    # Monday 08:00 + 2 business hours (open at 09:00) is 11:00; missing values are missing.
    assert got[0] == datetime(2026, 1, 5, 11, tzinfo=UTC)
    assert got[1:].isna().all()
