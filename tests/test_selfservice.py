"""servicemodel.selfservice: sessions, the log loader, deflection and the self-service score.

The deflection rule is checked against a brute-force join written here (every session against
every ticket), and the score against distinct counts; the accumulator laws run through the
shared conformance suite with sessions and tickets mixed in one stream, so a split can put a
session and the ticket that follows it in different parts.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _docs as docs
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MergeError,
    NaiveDatetimeError,
    RecordError,
)
from servicemodel.kpi import periods
from servicemodel.model import Ticket, TicketHistory
from servicemodel.selfservice import (
    DEFAULT_WINDOW,
    SelfService,
    Session,
    load_sessions,
)
from servicemodel.strategies import aware_datetimes, help_sessions, themed_tickets

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
CUSTOMERS = ("ann", "bob", "cy")
# A narrow span so sessions and tickets often fall within a window of each other.
WHEN = aware_datetimes(min_value=datetime(2026, 3, 1), max_value=datetime(2026, 4, 15))
SESSIONS = st.lists(help_sessions(customers=CUSTOMERS, started_at=WHEN), unique_by=lambda s: s.id)
TICKETS = st.lists(themed_tickets(customers=CUSTOMERS, created_at=WHEN), max_size=15)
MIXED = st.tuples(SESSIONS, TICKETS).flatmap(lambda st_: st.permutations(st_[0] + st_[1]))


# --- the reference join ----------------------------------------------------------------------


def _reference(
    sessions: list[Session], tickets: list[Ticket], window: timedelta, as_of: datetime
) -> tuple[int, int, int]:
    """(deflected, followed, censored), brute force, every instant in UTC."""
    deflected = followed = censored = 0
    cut = as_of.astimezone(UTC)
    for s in sessions:
        start = s.started_at.astimezone(UTC)
        if start > cut:
            continue
        hit = any(
            t.requester == s.customer
            and start <= t.created_at.astimezone(UTC) < start + window
            and t.created_at.astimezone(UTC) <= cut
            for t in tickets
        )
        if hit:
            followed += 1
        elif start + window <= cut:
            deflected += 1
        else:
            censored += 1
    return deflected, followed, censored


@given(SESSIONS, TICKETS, st.sampled_from([timedelta(hours=12), timedelta(days=3), DEFAULT_WINDOW]))
def test_deflection_matches_a_brute_force_join(
    sessions: list[Session], tickets: list[Ticket], window: timedelta
) -> None:
    acc = SelfService.empty(window=window).add_many([*tickets, *sessions])
    as_of = acc.latest()
    res = acc.result()
    if as_of is None:
        assert res.sessions == 0
        return
    assert (res.deflected, res.followed, res.censored) == _reference(
        sessions, tickets, window, as_of
    )
    assert res.deflection.n == res.deflected + res.followed
    assert res.deflection.missing == res.censored
    users = {s.customer for s in sessions}
    creators = {t.requester for t in tickets if t.requester is not None}
    assert (res.help_centre_users, res.ticket_creators) == (len(users), len(creators))
    assert acc.anonymous_tickets == sum(t.requester is None for t in tickets)
    if creators:
        assert res.score.value == len(users) / len(creators)
    else:
        assert res.score.value is None  # never an infinity


@given(SESSIONS, TICKETS, WHEN)
def test_an_explicit_as_of_ignores_later_tickets_and_sessions(
    sessions: list[Session], tickets: list[Ticket], as_of: datetime
) -> None:
    res = SelfService.empty().add_many([*sessions, *tickets]).result(as_of=as_of)
    assert (res.deflected, res.followed, res.censored) == _reference(
        sessions, tickets, DEFAULT_WINDOW, as_of
    )


CONFORMANCE_CASES = [
    pytest.param(
        SelfService.empty, MIXED, SelfService.empty(window=timedelta(days=3)), True,
        id="selfservice",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("factory", "items", "other", "exact"), CONFORMANCE_CASES)
def test_accumulator_follows_the_protocol_with_sessions_and_tickets_mixed(
    factory: Any, items: Any, other: Any, exact: bool
) -> None:
    from test_accumulator_protocol import check_accumulator  # here: that module imports this one

    check_accumulator(factory, items, other, exact=exact)


@given(MIXED, st.lists(st.integers(0, 60), max_size=4))
def test_merging_any_split_equals_one_pass(items: list[Any], cuts: list[int]) -> None:
    bounds = [0, *sorted(c % (len(items) + 1) for c in cuts), len(items)]
    parts = [SelfService.empty().add_many(items[i:j]) for i, j in itertools.pairwise(bounds)]
    whole = SelfService.empty().add_many(items)
    assert sum(parts) == whole
    assert sum(parts).result() == whole.result()


@given(MIXED, st.lists(st.integers(0, 60), max_size=3))
def test_the_default_as_of_is_the_latest_session_or_ticket_anonymous_ones_too(
    items: list[Any], cuts: list[int]
) -> None:
    # The docs: "the latest session or ticket seen". A ticket with no requester cannot be
    # joined, but it shows the data runs until it; it used to be left out of the default as_of,
    # so sessions before it whose window had run out were counted censored, not deflected.
    bounds = [0, *sorted(c % (len(items) + 1) for c in cuts), len(items)]
    acc = sum(SelfService.empty().add_many(items[i:j]) for i, j in itertools.pairwise(bounds))
    times = [item.started_at if isinstance(item, Session) else item.created_at for item in items]
    expected = max(times).astimezone(UTC) if times else None
    assert acc.latest() == expected
    assert acc.result() == acc.result(as_of=expected)


def test_an_anonymous_last_ticket_ends_the_data() -> None:
    s = Session("s1", "ann", T0)
    nobody = Ticket("T1", T0 + timedelta(days=8))  # no requester: joins nobody
    res = SelfService.empty().add_many([s, nobody]).result()
    assert (res.deflected, res.censored, res.as_of) == (1, 0, nobody.created_at)


@given(SESSIONS, TICKETS, st.timedeltas(min_value=timedelta(days=3_000_000)))
def test_a_window_near_the_largest_timedelta_is_no_overflow(
    sessions: list[Session], tickets: list[Ticket], window: timedelta
) -> None:
    # start + window overflowed (a bare OverflowError); the join compares differences.
    res = SelfService.empty(window=window).add_many([*sessions, *tickets]).result()
    assert res.deflected == 0  # no window of millennia has run out in this data
    assert res.followed + res.censored == res.sessions


@given(
    blank=st.sampled_from(["", " ", "\t", "  \n"]),
    key=st.sampled_from(["requester", "attr:account"]),
    sessions=SESSIONS,
)
def test_a_blank_customer_on_a_ticket_is_anonymous_not_a_creator(
    blank: str, key: str, sessions: list[Session]
) -> None:
    # A session's customer cannot be blank; a ticket's blank requester (or blank join
    # attribute: only "" was caught) was counted as one more distinct ticket creator.
    ticket = Ticket("T-blank", T0, requester=blank, attributes={"account": blank})
    acc = SelfService.empty(customer=key).add_many([*sessions, ticket])
    assert acc.customer_of(ticket) is None
    assert acc.anonymous_tickets == 1
    assert acc.result(as_of=T0).ticket_creators == 0


def test_window_edges_are_half_open() -> None:
    s = Session("s1", "ann", T0)
    at_start = Ticket("T1", T0, requester="ann")
    at_end = Ticket("T2", T0 + DEFAULT_WINDOW, requester="ann")
    later = Ticket("T3", T0 + timedelta(days=30), requester="zed")
    assert SelfService.empty().add_many([s, at_start, later]).result().followed == 1
    res = SelfService.empty().add_many([s, at_end, later]).result()
    assert (res.deflected, res.followed) == (1, 0)
    before = Ticket("T0", T0 - timedelta(seconds=1), requester="ann")
    assert SelfService.empty().add_many([s, before, later]).result().deflected == 1


def test_window_is_elapsed_time_across_dst() -> None:
    # Berlin springs forward on 29 March 2026: a day of wall clock there is 23 hours.
    start = datetime(2026, 3, 28, 12, tzinfo=BERLIN)
    s = Session("s1", "ann", start)
    wall_clock_day = Ticket("T1", datetime(2026, 3, 29, 12, 30, tzinfo=BERLIN), requester="ann")
    end = Ticket("T9", datetime(2026, 5, 1, tzinfo=UTC), requester="zed")
    acc = SelfService.empty(window=timedelta(hours=24)).add_many([s, wall_clock_day, end])
    # 12:30 the next day is 23.5 hours later: inside a 24-hour window.
    assert acc.result().followed == 1


def test_censored_sessions_are_missing_not_deflected() -> None:
    s = Session("s1", "ann", T0)
    res = SelfService.empty().add(s).result(as_of=T0 + timedelta(days=2))
    assert (res.censored, res.deflection.n, res.deflection.value) == (1, 0, None)
    res = SelfService.empty().add(s).result(as_of=T0 + timedelta(days=7))
    assert (res.censored, res.deflected) == (0, 1)


def test_customer_from_an_attribute() -> None:
    t = Ticket("T1", T0 + timedelta(hours=1), requester="x@example.com",
               attributes={"account": 42})  # fmt: skip
    acc = SelfService.empty(customer="attr:account").add_many([Session("s1", "42", T0), t])
    assert acc.result(as_of=T0 + timedelta(days=8)).followed == 1
    with pytest.raises(ConfigError, match="customer: expected 'requester' or 'attr:NAME'"):
        SelfService.empty(customer="email")


@settings(max_examples=60)
@given(number=st.integers(-(2**53) + 1, 2**53 - 1), as_float=st.booleans())
def test_a_whole_number_attribute_joins_as_its_digits(number: int, as_float: bool) -> None:
    # It joined on str(value): 5 joined "5" but 5.0 (a frame's int column with a gap) did not.
    value = float(number) if as_float else number
    by_account = SelfService.empty(customer="attr:account")
    ticket = Ticket("T1", T0 + timedelta(hours=1), attributes={"account": value})
    assert by_account.customer_of(ticket) == str(number)
    joined = by_account.add_many([Session("s1", str(number), T0), ticket])
    assert joined.result(as_of=T0 + timedelta(days=8)).followed == 1
    as_text = attrs.evolve(ticket, attributes={"account": str(number)})
    assert joined == by_account.add_many([Session("s1", str(number), T0), as_text])


@pytest.mark.parametrize(
    "value",
    [5.5, float(2**53), True, False],  # (NaN and the infinities: the ticket refuses them)
    ids=repr,
)
def test_an_attribute_that_is_no_text_and_no_whole_number_is_refused(value: Any) -> None:
    ticket = Ticket("T-9", T0, attributes={"account": value})
    by_account = SelfService.empty(customer="attr:account")
    named = (
        r"^ticket 'T-9': attribute 'account' is the customer to join on and must be text or a "
        rf"whole number, got {type(value).__name__} {re.escape(repr(value))}"
    )
    with pytest.raises(InputTypeError, match=named):
        by_account.add(ticket)
    with pytest.raises(InputTypeError, match=named):
        by_account.customer_of(ticket)


def test_a_nan_customer_is_refused_by_the_ticket_and_a_missing_one_is_none() -> None:
    # Strict JSON has no NaN: the ticket refuses it before any join sees it.
    with pytest.raises(ConfigError, match=r"^attributes\.account: .*finite.*got nan$"):
        Ticket("T-9", T0, attributes={"account": math.nan})
    missing = Ticket("T-9", T0, attributes={"account": None})
    assert SelfService.empty(customer="attr:account").add(missing).anonymous_tickets == 1


def test_text_is_compared_exactly() -> None:
    by_account = SelfService.empty(customer="attr:account")
    ticket = Ticket("T1", T0 + timedelta(hours=1), attributes={"account": "05"})
    acc = by_account.add_many([Session("s1", "5", T0), ticket])
    assert acc.result(as_of=T0 + timedelta(days=8)).deflected == 1


def test_per_period_splits_sessions_but_joins_all_tickets() -> None:
    s = Session("s1", "ann", datetime(2026, 3, 31, 20, tzinfo=UTC))
    t = Ticket("T1", datetime(2026, 4, 1, 8, tzinfo=UTC), requester="ann")
    s2 = Session("s2", "bob", datetime(2026, 5, 3, tzinfo=UTC))
    end = Ticket("T9", datetime(2026, 6, 1, tzinfo=UTC), requester="zed")
    res = SelfService.empty().add_many([s, t, s2, end]).per_period(periods("month"))
    march, april, may, june = res.values()
    assert march.followed == 1  # the April ticket follows the March session
    assert (april.sessions, april.ticket_creators) == (0, 1)
    assert (may.deflected, june.ticket_creators) == (1, 1)
    assert res.to_records()[0]["metric"] == "deflection rate"
    with pytest.raises(InputTypeError, match="periods"):
        SelfService.empty().per_period("month")  # type: ignore[arg-type]


def test_duplicate_session_ids_are_refused_also_across_merges() -> None:
    s = Session("s1", "ann", T0)
    with pytest.raises(ConfigError, match="session_id: session 's1' appears twice"):
        SelfService.empty().add_many([s, Session("s1", "bob", T0)])
    with pytest.raises(ConfigError, match="'s1'"):
        SelfService.empty().add(s) + SelfService.empty().add(s)
    with pytest.raises(MergeError):
        SelfService.empty() + SelfService.empty(window=timedelta(days=1))


def test_session_values_are_checked() -> None:
    with pytest.raises(NaiveDatetimeError, match="started_at"):
        Session("s1", "ann", datetime(2026, 3, 2, 9))
    with pytest.raises(ConfigError, match="customer: expected a non-blank customer id, got ' '"):
        Session("s1", " ", T0)
    with pytest.raises(InputTypeError, match="id: expected a string, got int 7"):
        Session(7, "ann", T0)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"articles\[1\]"):
        Session("s1", "ann", T0, articles=["kb-1", ""])
    with pytest.raises(InputTypeError, match="expected a Session, Ticket or TicketHistory"):
        SelfService.empty().add({"id": "s1"})
    with pytest.raises(ConfigError, match="window: must be positive"):
        SelfService.empty(window=timedelta(0))
    # The same instant in two zones is the same session.
    assert Session("s", "a", T0) == Session("s", "a", T0.astimezone(BERLIN))
    assert TicketHistory(Ticket("T", T0, requester="a"), []).ticket.requester == "a"


# --- the loader ------------------------------------------------------------------------------

HEADER = "session_id,customer_id,started_at,article_ids"


def test_csv_and_jsonl_give_the_same_sessions() -> None:
    csv_lines = [
        HEADER,
        "s1,ann,2026-03-02T09:00:00+01:00,kb-1;kb-2",
        "s2,bob,2026-03-02T10:00:00Z,",
    ]
    jsonl = [
        json.dumps({"session_id": "s1", "customer_id": "ann",
                    "started_at": "2026-03-02T09:00:00+01:00", "article_ids": ["kb-1", "kb-2"]}),
        json.dumps({"session_id": "s2", "customer_id": "bob",
                    "started_at": "2026-03-02T10:00:00Z"}),
    ]  # fmt: skip
    a = load_sessions(csv_lines, format="csv")
    b = load_sessions(jsonl, format="jsonl")
    assert a.sessions == b.sessions
    assert a.sessions[0].articles == ("kb-1", "kb-2")
    assert (a.lines_read, b.lines_read) == (3, 2)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("s2,,2026-03-02T09:00:00Z", r"line 3: customer_id: missing value"),
        (
            "s2,bob,2026-03-02T09:00:00",
            r"line 3: started_at: timestamp '2026-03-02T09:00:00' has no",
        ),
        ("s2,bob,yesterday", r"line 3: started_at: expected an ISO datetime, got 'yesterday'"),
        (
            "s1,bob,2026-03-02T09:00:00Z",
            r"line 3: session_id: session 's1' already appeared on line 2",
        ),
        (",bob,2026-03-02T09:00:00Z", r"line 3: session_id: missing value"),
        ("s2,bob,2026-03-02T09:00:00Z,kb,extra", r"line 3: more fields than the header"),
        ("s2,bob,0001-01-01T00:00:00+05:00", r"line 3: started_at: .*outside"),
    ],
)
def test_csv_errors_name_the_line_and_field(line: str, message: str) -> None:
    lines = [HEADER, "s1,ann,2026-03-02T09:00:00Z", line]
    with pytest.raises(RecordError, match=message):
        load_sessions(lines, format="csv")
    loaded = load_sessions(lines, format="csv", on_error="collect")
    assert len(loaded) == 1  # the good record survives the bad one
    assert len(loaded.errors) == 1
    assert loaded.errors[0].line == 3


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"session_id": "s2", "started_at": "2026-03-02T09:00:00Z"}, "customer_id: missing value"),
        ({"session_id": "s2", "customer_id": 5, "started_at": "2026-03-02T09:00:00Z"},
         "customer_id: expected a string, got 5"),
        ({"session_id": "s2", "customer_id": "b", "started_at": "2026-03-02T09:00:00Z",
          "channel": "web"}, "channel: unknown field 'channel'"),
        ({"session_id": "s2", "customer_id": "b", "started_at": 1772438400},
         "started_at: expected an ISO datetime, got 1772438400"),
        ({"session_id": "s2", "customer_id": "b", "started_at": "2026-03-02T09:00:00Z",
          "article_ids": [1]}, r"article_ids: expected a list of article ids"),
        ([1, 2], "expected a JSON object"),
    ],
)  # fmt: skip
def test_jsonl_errors_name_the_line_and_field(record: Any, message: str) -> None:
    lines = ['{"session_id": "s1", "customer_id": "a", "started_at": "2026-03-02T09:00:00Z"}']
    lines.append(json.dumps(record))
    with pytest.raises(RecordError, match=f"line 2: {message}"):
        load_sessions(lines, format="jsonl")
    assert len(load_sessions(lines, format="jsonl", on_error="collect")) == 1
    with pytest.raises(RecordError, match="line 1: not valid JSON"):
        load_sessions(["{"], format="jsonl")


def test_naive_timestamps_need_an_explicit_zone() -> None:
    lines = [HEADER, "s1,ann,2026-03-29T02:30:00"]  # inside Berlin's spring-forward gap
    with pytest.raises(RecordError, match="pass tz="):
        load_sessions(lines, format="csv")
    s = load_sessions(lines, format="csv", tz="Europe/Berlin").sessions[0]
    # Read as zoneinfo does (fold=0): the gap's 02:30 is 01:30 UTC.
    assert s.started_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with pytest.raises(ConfigError, match="tz: unknown time zone 'Mars/Base'"):
        load_sessions(lines, format="csv", tz="Mars/Base")


def test_header_and_source_errors(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="line 1: page: unknown column 'page'"):
        load_sessions(["session_id,customer_id,started_at,page"], format="csv")
    with pytest.raises(RecordError, match="line 1: started_at: missing column"):
        load_sessions(["session_id,customer_id"], format="csv")
    with pytest.raises(RecordError, match="no header"):
        load_sessions([], format="csv")
    with pytest.raises(ConfigError, match="format"):
        load_sessions([HEADER])
    with pytest.raises(ConfigError, match="format"):
        load_sessions([HEADER], format="xml")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="on_error"):
        load_sessions([HEADER], format="csv", on_error="skip")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        load_sessions(b"session_id", format="csv")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="from its extension"):
        load_sessions(tmp_path / "log.txt")
    with pytest.raises(ConfigError, match="cannot read"):
        load_sessions(tmp_path / "missing.csv")
    bad = tmp_path / "log.csv"
    bad.write_text(f"{HEADER}\ns1,,2026-03-02T09:00:00Z\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"log\.csv: line 2: customer_id: missing value"):
        load_sessions(bad)
    assert str(load_sessions(bad, on_error="collect").errors[0]).startswith(str(bad))


@given(SESSIONS)
def test_written_sessions_load_back(sessions: list[Session]) -> None:
    lines = [HEADER] + [
        f"{s.id},{s.customer},{s.started_at.isoformat()},{';'.join(s.articles)}" for s in sessions
    ]
    assert load_sessions(lines, format="csv").sessions == tuple(sessions)


# --- the sample data and the docs ------------------------------------------------------------


def test_sample_sessions_join_the_ticket_sample() -> None:
    from servicemodel.io import load_jsonl

    sessions = load_sessions(ROOT / "examples" / "data" / "helpcenter_sessions.csv")
    tickets = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    res = SelfService.empty().add_many(sessions).add_many(tickets).result()
    assert 0.4 < res.deflection.value < 0.8  # type: ignore[operator]
    assert res.followed > 1000
    assert res.score.value is not None


BLOCKS = docs.blocks("selfservice.md")


def test_docs_page_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_docs_block_prints_what_its_comments_say(block: str) -> None:
    assert docs.run(block, "selfservice.md") == docs.promised(block)


def test_public_names_have_the_public_module() -> None:
    import servicemodel.selfservice as ss

    for name in ss.__all__:
        obj = getattr(ss, name)
        if isinstance(obj, type) or callable(obj):
            assert obj.__module__ == "servicemodel.selfservice", name
