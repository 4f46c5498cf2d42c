"""Self-service and feedback analysis, walked as a demanding new user would.

Each test is an input a user can reach through the public API that once raised an exception
from deep inside (a ``RecursionError``, a ``ValueError`` of ``dict``, an ``OverflowError``) or
returned a silently wrong number; each now gets the library's own error naming the value, or
the right figure.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.feedback import (
    ChannelMix,
    ChannelShift,
    PositiveNegative,
    ThemeChange,
    ThemeCounts,
    ThemeSelector,
    channel_shift,
    difference_interval,
    theme_changes,
    two_proportion_test,
)
from servicemodel.model import SatisfactionRating, Ticket
from servicemodel.selfservice import SelfService, Session, load_sessions

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HEADER = "session_id,customer_id,started_at,article_ids"


# --- the session log ------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["[" * 100_000, '{"a": ' * 100_000])
def test_deeply_nested_json_line_is_a_record_error(line: str) -> None:
    with pytest.raises(RecordError, match="line 1: not valid JSON: nested too deeply"):
        load_sessions([line], format="jsonl")
    good = '{"session_id": "s1", "customer_id": "ann", "started_at": "2026-03-02T09:00Z"}'
    loaded = load_sessions([line, good], format="jsonl", on_error="collect")
    assert len(loaded) == 1
    assert [(e.line, "nested too deeply" in str(e)) for e in loaded.errors] == [(1, True)]


@pytest.mark.parametrize(("suffix", "text"), [
    (".csv", f"{HEADER}\ns1,ann,2026-03-02T09:00:00Z,kb-1\n"),
    (".jsonl", '{"session_id": "s1", "customer_id": "ann", "started_at": "2026-03-02T09:00Z"}\n'),
])  # fmt: skip
def test_a_file_with_a_byte_order_mark_reads(tmp_path: Path, suffix: str, text: str) -> None:
    # A spreadsheet's "CSV UTF-8" starts with a byte-order mark: it is no part of a column name.
    path = tmp_path / f"sessions{suffix}"
    path.write_text(text, encoding="utf-8-sig")
    loaded = load_sessions(path)
    assert [(s.id, s.customer, s.started_at) for s in loaded] == [("s1", "ann", T0)]
    lines = path.read_text(encoding="utf-8").splitlines()  # the mark kept on the first line
    assert lines[0].startswith("\ufeff")
    assert load_sessions(lines, format=suffix[1:]).sessions == loaded.sessions


# --- deflection from rows given to the constructor ------------------------------------------


def test_rows_given_out_of_order_join_as_added_ones() -> None:
    # ann's ticket a day after her session follows it, whatever order the rows were given in.
    rows = (("ann", T0 + timedelta(days=30)), ("ann", T0 + timedelta(days=1)))
    acc = SelfService(tickets=rows, sessions=(("ann", T0, "s1"),))
    res = acc.result(as_of=T0 + timedelta(days=40))
    assert (res.followed, res.deflected) == (1, 0)
    added = SelfService.empty().add_many(
        [Session("s1", "ann", T0)]
        + [Ticket(f"T{i}", at, requester=who) for i, (who, at) in enumerate(rows)]
    )
    assert acc == added


def test_a_session_id_twice_in_the_constructor_rows_is_refused() -> None:
    acc = SelfService(sessions=(("ann", T0, "s1"), ("bob", T0, "s1")))
    for read in (acc.result, acc.latest, lambda: acc + SelfService.empty()):
        with pytest.raises(ConfigError, match="session_id: session 's1' appears twice"):
            read()


_CUSTOMERS = st.sampled_from(["ann", "bob", "cy"])
_HOURS = st.integers(min_value=0, max_value=24 * 30).map(lambda h: T0 + timedelta(hours=h))


@given(
    sessions=st.lists(st.tuples(_CUSTOMERS, _HOURS), max_size=12),
    tickets=st.lists(st.tuples(_CUSTOMERS, _HOURS), max_size=12),
    order=st.randoms(use_true_random=False),
)
def test_constructor_rows_in_any_order_give_the_one_pass_result(
    sessions: list[tuple[str, datetime]], tickets: list[tuple[str, datetime]], order: Any
) -> None:
    session_rows = [(who, at, f"s{i}") for i, (who, at) in enumerate(sessions)]
    order.shuffle(session_rows)
    ticket_rows = list(tickets)
    order.shuffle(ticket_rows)
    built = SelfService(sessions=session_rows, tickets=ticket_rows)
    added = SelfService.empty().add_many(
        [Session(f"s{i}", who, at) for i, (who, at) in enumerate(sessions)]
        + [Ticket(f"T{i}", at, requester=who) for i, (who, at) in enumerate(tickets)]
    )
    assert built == added
    as_of = T0 + timedelta(days=31)
    assert built.result(as_of=as_of) == added.result(as_of=as_of)


# --- the statistics of feedback analysis: counts past 2**53 ---------------------------------


def test_two_proportion_test_refuses_a_count_past_2_53_as_difference_interval_does() -> None:
    # 1/n underflowed to 0 for n = 10**400: 0 of n against n of n read as z = 0, p = 1.
    huge = 10**400
    for test in (two_proportion_test, difference_interval):
        with pytest.raises(ConfigError, match=r"n1 must be a count up to 2\*\*53"):
            test(0, huge, huge, huge)
        with pytest.raises(ConfigError, match=r"n2 must be a count up to 2\*\*53, got 90071992547"):
            test(0, 5, 1, 2**53 + 1)


@given(n1=st.integers(1, 2**53), n2=st.integers(1, 2**53))
def test_complete_separation_is_never_read_as_no_difference(n1: int, n2: int) -> None:
    z, p = two_proportion_test(0, n1, n2, n2)
    assert z > 0
    assert p < 1
    z_back, p_back = two_proportion_test(n2, n2, 0, n1)  # the same table, the sides swapped
    assert z_back == pytest.approx(-z)
    assert p_back == pytest.approx(p)


def test_channel_shift_refuses_a_period_past_2_53_contacts() -> None:
    huge = 10**400
    big = ChannelMix(n=2 * huge, counts={"chat": huge, "email": huge})
    small = ChannelMix.empty().add_many(["chat"] * 50 + ["email"] * 50)
    with pytest.raises(ConfigError, match=r"period 'april': n must be a count up to 2\*\*53"):
        channel_shift({"march": small, "april": big})  # was an OverflowError
    edge = ChannelMix(n=2**53, counts={"chat": 2**52, "email": 2**52})
    assert channel_shift([edge, edge]).p_value == 1.0


# --- theme selectors and theme counts built directly ----------------------------------------


def test_a_selector_built_directly_is_held_to_the_rules_of_parse() -> None:
    refund = Ticket("T", T0, tags={"refund"})
    with pytest.raises(
        InputTypeError, match=r"mapping: expected \(tag, theme\) pairs, got \('refund',\)"
    ):
        ThemeSelector("map", "", (("refund",),))  # was a ValueError of dict() in themes()
    with pytest.raises(ConfigError, match="name: an attribute selector names no attribute"):
        ThemeSelector("attr")
    with pytest.raises(InputTypeError, match="name: expected an attribute name, got 5"):
        ThemeSelector("attr", 5)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="mapping: an empty tag → theme mapping selects nothing"):
        ThemeSelector("map")
    with pytest.raises(ConfigError, match="only an attribute selector has a name, got 'x'"):
        ThemeSelector("tags", "x")
    with pytest.raises(ConfigError, match="only a mapping selector has a mapping"):
        ThemeSelector("tags", "", (("refund", "billing"),))
    with pytest.raises(ConfigError, match="tag 'refund' maps to two themes, 'billing' and 'money'"):
        ThemeSelector("map", "", (("refund", "billing"), ("refund", "money")))
    with pytest.raises(ConfigError, match=r"mapping\['refund'\]: expected a non-blank theme name"):
        ThemeSelector("map", "", (("refund", " "),))
    assert ThemeSelector("attr", " reason ") == ThemeSelector.parse("attr:reason")
    built = ThemeSelector("map", "", (("refund", "billing"), ("invoice", "billing")))
    assert built == ThemeSelector.parse({"invoice": "billing", "refund": "billing"})
    assert built.themes(refund) == frozenset({"billing"})


@given(
    st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["x", "y"]), min_size=1)
)
def test_a_mapping_selector_is_the_same_whatever_order_its_pairs_come_in(
    mapping: dict[str, str],
) -> None:
    pairs = list(mapping.items())
    built = ThemeSelector("map", "", tuple(reversed(pairs)))
    assert built == ThemeSelector.parse(mapping)
    # the same selector, so the two accumulators merge
    ticket = Ticket("T", T0, tags=set(mapping))
    merged = ThemeCounts.empty(built).add(ticket) + ThemeCounts.empty(mapping).add(ticket)
    assert merged.n == 2


def test_theme_counts_that_contradict_n_are_refused() -> None:
    with pytest.raises(ConfigError, match="from one attribute give each ticket at most one"):
        ThemeCounts("attr:reason", n=1, counts={"billing": 1, "login": 1})  # shares summed to 2
    with pytest.raises(ConfigError, match="'bug' has 1 tickets and 1 are unthemed, more than n=1"):
        ThemeCounts("tags", n=1, counts={"bug": 1}, unthemed=1)
    with pytest.raises(ConfigError, match="expected a non-blank theme name, got ' '"):
        ThemeCounts("tags", n=1, counts={" ": 1})
    several = ThemeCounts("tags", n=2, counts={"bug": 2, "login": 1})  # tags: several themes
    assert sum(e.value or 0 for e in several.result().values()) == pytest.approx(1.5)


def test_a_whole_float_reason_code_is_the_theme_of_the_same_int() -> None:
    # A frame's integer column with a gap is read as floats: 7.0 is the reason code 7.
    read = [
        Ticket("T1", T0, attributes={"reason": 7}),
        Ticket("T2", T0, attributes={"reason": 7.0}),
    ]
    acc = ThemeCounts.empty("attr:reason").add_many(read)
    assert (acc.themes, acc.count("7")) == (("7",), 2)
    zero = Ticket("T3", T0, attributes={"reason": -0.0})
    assert ThemeSelector.parse("attr:reason").themes(zero) == frozenset({"0"})
    half = Ticket("T4", T0, attributes={"reason": 7.5})
    assert ThemeSelector.parse("attr:reason").themes(half) == frozenset({"7.5"})


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["billing", "login"]),
            st.integers(-5, 5),
            st.integers(-5, 5).map(float),
        ),
        max_size=20,
    )
)
def test_attribute_theme_shares_add_up_to_one_and_ints_and_whole_floats_agree(
    reasons: list[object],
) -> None:
    tickets = [Ticket(f"T{i}", T0, attributes={"reason": r}) for i, r in enumerate(reasons)]
    acc = ThemeCounts.empty("attr:reason").add_many(tickets)
    assert sum(k for _, k in acc.counts) + acc.unthemed == acc.n == len(reasons)
    as_ints = [int(r) if isinstance(r, float) else r for r in reasons]
    same = ThemeCounts.empty("attr:reason").add_many(
        Ticket(f"T{i}", T0, attributes={"reason": r}) for i, r in enumerate(as_ints)
    )
    assert acc == same
    # rebuilding from the counts is accepted: the constructor's checks hold for add's output
    assert ThemeCounts(acc.selector, acc.n, acc.counts, acc.unthemed) == acc


# --- channel counts built directly ----------------------------------------------------------


def test_channel_counts_built_directly_name_channels_as_add_reads_them() -> None:
    with pytest.raises(ConfigError, match="counts: unknown channel 'fax'; expected one of"):
        ChannelMix(channels=["chat"], n=1, counts={"fax": 1})  # was counted all the same
    with pytest.raises(ConfigError, match=r"as add reads it .* got 'Chat'"):
        ChannelMix(n=1, counts={"Chat": 1})  # merged with add("chat"): two channels
    with pytest.raises(ConfigError, match=r"as add reads it .* got ' '"):
        ChannelMix(n=1, counts={" ": 1})
    built = ChannelMix(channels=["Chat", "email"], n=3, counts={"chat": 2, "email": 1})
    assert built == ChannelMix.empty(channels=["chat", "email"]).add_many(["Chat", "chat", "email"])


@given(st.lists(st.sampled_from(["Chat", " email", "PHONE ", "chat"]), max_size=20))
def test_channel_counts_rebuilt_from_add_are_accepted_and_merge_into_one_column(
    names: list[str],
) -> None:
    acc = ChannelMix.empty().add_many(names)
    assert ChannelMix(acc.channels, acc.n, acc.counts) == acc
    both = acc + ChannelMix(None, acc.n, acc.counts)
    assert both.counts == tuple((c, 2 * k) for c, k in acc.counts)


# --- the positive-to-negative ratio ---------------------------------------------------------


def _rating(score: int, low: int = 1, high: int = 5, i: int = 0) -> SatisfactionRating:
    return SatisfactionRating(f"r{i}", T0, score=score, scale_min=low, scale_max=high)


def test_a_blank_survey_is_refused() -> None:
    # No rating has a blank survey: the accumulator would count nothing, silently.
    with pytest.raises(ConfigError, match="survey: expected a non-blank survey name, got ' '"):
        PositiveNegative.empty(survey=" ")


def test_cut_offs_outside_a_ratings_scale_are_refused_naming_it() -> None:
    # NPS cut-offs against 1-5 ratings made every rating negative: a ratio of 0.
    nps = PositiveNegative.empty(positive_from=9, negative_to=6)
    with pytest.raises(ConfigError, match="positive_from: rating 'r0' is on 1–5, where positive"):
        nps.add_many([_rating(5)])
    low = PositiveNegative.empty(positive_from=4, negative_to=0)
    with pytest.raises(ConfigError, match="negative_to: rating 'r0' is on 1–5"):
        low.add(_rating(5))
    res = nps.add_many([_rating(s, 0, 10, i) for i, s in enumerate([10, 9, 7, 3])]).result()
    assert (res.value, res.missing) == (2.0, 1)
    edges = PositiveNegative.empty(positive_from=5, negative_to=1).add_many(
        [_rating(s, i=s) for s in (1, 2, 5)]
    )
    assert (edges.positive, edges.negative, edges.neutral) == (1, 1, 1)


def test_numpy_cut_offs_are_the_numbers_they_hold() -> None:
    np = pytest.importorskip("numpy")
    acc = PositiveNegative.empty(positive_from=np.int64(9), negative_to=np.float64(6.0))
    assert acc == PositiveNegative.empty(positive_from=9, negative_to=6)
    assert type(acc.positive_from) is int


@given(
    low=st.integers(-5, 5),
    width=st.integers(1, 10),
    data=st.data(),
)
def test_cut_offs_on_the_scale_class_every_rating_as_the_definition_says(
    low: int, width: int, data: st.DataObject
) -> None:
    high = low + width
    negative_to = data.draw(st.integers(low, high - 1))
    positive_from = data.draw(st.integers(negative_to + 1, high))
    scores = data.draw(st.lists(st.integers(low, high), max_size=15))
    acc = PositiveNegative.empty(positive_from=positive_from, negative_to=negative_to)
    acc = acc.add_many(_rating(s, low, high, i) for i, s in enumerate(scores))
    assert acc.positive == sum(s >= positive_from for s in scores)
    assert acc.negative == sum(s <= negative_to for s in scores)
    assert acc.neutral == len(scores) - acc.positive - acc.negative


# --- test results built directly ------------------------------------------------------------


def _change(**fields: Any) -> ThemeChange:
    before = ThemeCounts("tags", n=10, counts={"a": 2})
    after = ThemeCounts("tags", n=10, counts={"a": 6})
    change = theme_changes(before, after)["a"]
    return attrs.evolve(change, **fields)


def test_a_theme_change_built_directly_holds_figures_in_their_ranges() -> None:
    with pytest.raises(ConfigError, match="difference: expected a number from -1 to 1, got nan"):
        _change(difference=math.nan)  # read as direction "same"
    with pytest.raises(ConfigError, match="q_value: expected a number from 0 to 1, got 2"):
        _change(q_value=2)  # read as not significant
    with pytest.raises(ConfigError, match=r"z: expected a number \(not NaN\), got nan"):
        _change(z=math.nan)
    with pytest.raises(ConfigError, match="fdr must be a number strictly between 0 and 1"):
        _change(fdr=5)
    with pytest.raises(ConfigError, match="expected lower <= difference <= upper"):
        _change(lower=0.5, upper=0.6, difference=0.4)
    assert _change() == _change(fdr=0.05)


def test_a_channel_shift_built_directly_holds_figures_in_their_ranges() -> None:
    cells = ((0, 1), ("a", "b"), ((5, 5), (5, 5)))
    with pytest.raises(ConfigError, match="p_value: expected a number from 0 to 1, got 5"):
        ChannelShift(*cells, 0.0, 1, 5.0, 0.05)
    with pytest.raises(ConfigError, match="statistic: expected a number at least 0, got nan"):
        ChannelShift(*cells, math.nan, 1, 0.5, 0.05)
    with pytest.raises(ConfigError, match="df: expected a number at least 1, got 0"):
        ChannelShift(*cells, 0.0, 0, 0.5, 0.05)
    with pytest.raises(ConfigError, match="alpha must be a number strictly between 0 and 1"):
        ChannelShift(*cells, 0.0, 1, 0.5, 1.5)
    with pytest.raises(ConfigError, match="statistic, df and p_value come together"):
        ChannelShift(*cells, None, None, 0.5, 0.05)
    assert ChannelShift(*cells, None, None, None, 0.05, note="no test").shifted is None


@given(
    before=st.lists(st.sampled_from(["a", "b", "c", ""]), min_size=1, max_size=30),
    after=st.lists(st.sampled_from(["a", "b", "c", ""]), min_size=1, max_size=30),
)
def test_theme_changes_always_build_changes_within_their_ranges(
    before: list[str], after: list[str]
) -> None:
    def counts(tags: list[str]) -> ThemeCounts:
        return ThemeCounts.empty("tags").add_many(
            Ticket(f"T{i}", T0, tags={t} if t else set()) for i, t in enumerate(tags)
        )

    for change in theme_changes(counts(before), counts(after)):
        assert -1 <= change.lower <= change.difference <= change.upper <= 1
        assert 0 <= change.p_value <= change.q_value <= 1
        assert attrs.evolve(change) == change  # rebuilt through the checks
