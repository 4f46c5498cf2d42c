"""One conformance suite for every accumulator, like scikit-learn's ``check_estimator``.

[`check_accumulator`][] states the protocol of ``servicemodel.kpi.Accumulator`` as properties
(Hypothesis draws the items and the ways to split them) and is run below over every
accumulator the library ships: the survey scores, ``Durations`` (exact and sketch), the
ticket-history KPIs, SLA attainment, ``Segmented`` (by a named key, by periods, nested),
``Servqual`` and ``JourneyStats``. A new accumulator gets one line in ``CASES``.
"""

from __future__ import annotations

import copy
import itertools
import math
import pickle
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import reduce
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import MergeError
from servicemodel.kpi import (
    CES,
    CSAT,
    NPS,
    SLA_STATES,
    Accumulator,
    Backlog,
    Durations,
    FirstContactResolution,
    FirstReplyTime,
    LeaveOutPartial,
    Ratings,
    ReopenRate,
    ResolutionRate,
    ResolutionTime,
    SLAAttainment,
    by,
    periods,
)
from servicemodel.strategies import histories, journey_events, servqual_responses, survey_scores

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


# --- the check -------------------------------------------------------------------------------


def _close(a: Any, b: Any) -> bool:
    """Equal, with floats equal to ~1e-9 relative: for results of float sums merged in any order."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    if attrs.has(type(a)) and type(a) is type(b):
        return all(_close(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return list(a) == list(b) and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(map(_close, a, b))
    return bool(a == b)


def _other_kind(acc: Any) -> Any:
    """An accumulator of another kind than ``acc``."""
    return CSAT.empty() if isinstance(acc, NPS) else NPS.empty()


def _check_operators(acc: Any) -> None:
    """``0 + a`` is ``a``; every other operand of ``+`` is a ``MergeError``, on both sides."""
    assert 0 + acc == acc
    assert sum([acc]) == acc
    for left in (False, True, 1, 0.0, "x", None):
        with pytest.raises(MergeError):
            _ = left + acc
    for right in ("x", 0, False, None, _other_kind(acc)):
        with pytest.raises(MergeError):
            _ = acc + right
    with pytest.raises(MergeError):
        acc.merge(_other_kind(acc))


def _check_parameters(empty: Any, other_params_empty: Any) -> None:
    """Accumulators with different parameters refuse to merge, whichever side and operator."""
    assert type(other_params_empty) is type(empty)
    for a, b in ((empty, other_params_empty), (other_params_empty, empty)):
        with pytest.raises(MergeError):
            a.merge(b)
        with pytest.raises(MergeError):
            _ = a + b


def _cut(items: list[Any], cuts: list[int]) -> list[list[Any]]:
    bounds = [0, *sorted(c % (len(items) + 1) for c in cuts), len(items)]
    return [items[i:j] for i, j in itertools.pairwise(bounds)]


def check_accumulator(
    empty_factory: Callable[[], Any],
    items_strategy: st.SearchStrategy[list[Any]],
    other_params_empty: Any = None,
    *,
    exact: bool = True,
) -> None:
    """Check that ``empty_factory()`` and what it accumulates follow the accumulator protocol.

    ``items_strategy`` draws lists of items for ``add_many``; ``other_params_empty`` is an
    empty accumulator of the same kind with other parameters (``None`` when the kind has
    none). With ``exact=False`` (float sums, such as a sketch's moments), a merge in another
    order must give the same result to ~1e-9 instead of the identical accumulator.

    Checked: ``isinstance(acc, Accumulator)``; the empty accumulator is an identity of merge on
    both sides; any split of the items, merged, equals one ``add_many`` pass, and ``sum(parts)``
    equals that merge; merge is associative and commutative on results; ``0 + a`` is ``a``
    while ``False``, ``1``, ``"x"`` or another kind on either side of ``+`` is a
    ``MergeError``; different parameters are a ``MergeError``; a pickle round trip gives an
    equal accumulator; ``add_many`` leaves its input as it was.
    """
    empty = empty_factory()
    assert isinstance(empty, Accumulator), f"{type(empty).__name__} is not an Accumulator"
    assert empty_factory() == empty, "empty() must be a value: two calls give equal ones"
    _check_operators(empty)
    if other_params_empty is not None:
        _check_parameters(empty, other_params_empty)

    def same(a: Any, b: Any) -> bool:
        return bool(a == b) if exact else _close(a.result(), b.result())

    @given(
        items=items_strategy,
        cuts=st.lists(st.integers(min_value=0), max_size=4),
        two_cuts=st.lists(st.integers(min_value=0), min_size=2, max_size=2),
    )
    def laws(items: list[Any], cuts: list[int], two_cuts: list[int]) -> None:
        before = copy.deepcopy(items)
        whole = empty.add_many(items)
        assert items == before, "add_many changed its input"
        assert isinstance(whole, Accumulator)
        assert empty.merge(whole) == whole, "empty is not a left identity of merge"
        assert whole.merge(empty) == whole, "empty is not a right identity of merge"
        parts = [empty.add_many(chunk) for chunk in _cut(items, cuts)]
        merged = reduce(lambda a, b: a.merge(b), parts)
        assert same(merged, whole), "merging the parts differs from one pass"
        assert sum(parts) == merged, "sum(parts) differs from merging them"
        a, b, c = (empty.add_many(chunk) for chunk in _cut(items, two_cuts))
        assert _close(((a + b) + c).result(), (a + (b + c)).result()), "not associative"
        assert _close((a + b).result(), (b + a).result()), "not commutative"
        _check_operators(whole)
        assert pickle.loads(pickle.dumps(whole)) == whole, "pickle round trip changed it"

    laws()


# --- the accumulators ------------------------------------------------------------------------


@attrs.frozen
class _Measurement:
    """An SLA measurement as SLAAttainment reads it."""

    state: str
    metric: str
    priority: str


@attrs.frozen
class _Lossy(NPS):
    """A wrong accumulator: its merge forgets the other side."""

    def merge(self, other: Any) -> Any:
        self._check_mergeable(other)
        return self


def _high_score(score: int) -> bool:  # module level, so segmented accumulators pickle
    return score >= 7


def _paths(events: list[Any]) -> list[Any]:
    from servicemodel.journey import Journey

    return list(Journey.default().paths(events))


def _journey_cases() -> list[Any]:
    from servicemodel.journey import Journey, JourneyStats, Stage, StageRule

    other = Journey([Stage("only", rules=[StageRule(kinds=["only"])])])
    events = journey_events(Journey.default(), max_size=25)
    return [
        pytest.param(
            JourneyStats.empty, events.map(_paths), JourneyStats.empty(other), True, id="journey"
        )
    ]


def _servqual_cases() -> list[Any]:
    from servicemodel.servqual import SERVQUAL_1988, Servqual

    return [
        pytest.param(
            Servqual.empty,
            st.lists(servqual_responses(), max_size=6),
            Servqual.empty(instrument=SERVQUAL_1988),
            True,
            id="servqual",
        )
    ]


HISTORIES = st.lists(histories(max_events=8), max_size=8)
SCORES = survey_scores(survey="nps", max_size=30)
DURATIONS = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.floats(min_value=0, max_value=1e6, allow_nan=False),
        st.integers(min_value=0, max_value=10**7).map(lambda s: timedelta(seconds=s)),
    ),
    max_size=30,
)
MEASUREMENTS = st.lists(
    st.builds(
        _Measurement,
        st.sampled_from(SLA_STATES),
        st.sampled_from(["first_reply", "resolution"]),
        st.sampled_from(["low", "urgent"]),
    ),
    max_size=30,
)


def _p(
    factory: Callable[[], Any],
    items: st.SearchStrategy[list[Any]],
    other: Any = None,
    exact: bool = True,
    *,
    id: str,
) -> Any:
    return pytest.param(factory, items, other, exact, id=id)


CASES: Sequence[Any] = [
    _p(NPS.empty, SCORES, None, id="nps"),
    _p(CSAT.empty, survey_scores(survey="csat"), CSAT.empty(high=7, satisfied_from=6), id="csat"),
    _p(CES.empty, survey_scores(survey="ces"), CES.empty(version="1.0"), id="ces"),
    _p(Durations.empty, DURATIONS, Durations.empty(unit="min"), id="durations"),
    _p(
        lambda: Durations.empty(sketch=True),
        DURATIONS,
        Durations.empty(sketch=True, relative_accuracy=0.02),
        False,
        id="durations-sketch",
    ),
    _p(ResolutionRate.empty, HISTORIES, ResolutionRate.empty(as_of=T0), id="resolution-rate"),
    _p(ReopenRate.empty, HISTORIES, None, id="reopen-rate"),
    _p(
        FirstContactResolution.empty,
        HISTORIES,
        FirstContactResolution.empty(window=timedelta(days=5)),
        id="fcr",
    ),
    _p(
        lambda: Backlog.empty(as_of=T0 + timedelta(days=2)),
        HISTORIES,
        Backlog.empty(as_of=T0),
        id="backlog",
    ),
    _p(SLAAttainment.empty, MEASUREMENTS, SLAAttainment.empty(metric="resolution"), id="sla"),
    _p(FirstReplyTime.empty, HISTORIES, FirstReplyTime.empty(unit="h"), id="first-reply-time"),
    _p(
        lambda: FirstReplyTime.empty(sketch=True),
        HISTORIES,
        FirstReplyTime.empty(sketch=True, percentiles=(50, 95)),
        False,
        id="first-reply-time-sketch",
    ),
    _p(
        ResolutionTime.empty,
        HISTORIES,
        ResolutionTime.empty(which="first"),
        id="resolution-time",
    ),
    _p(
        lambda: Ratings.empty(CSAT.empty()),
        HISTORIES,
        Ratings.empty(CSAT.empty(), latest_only=False),
        id="ratings",
    ),
    _p(
        lambda: by("channel", ReopenRate.empty()),
        HISTORIES,
        by("group", ReopenRate.empty()),
        id="segmented-by-channel",
    ),
    _p(
        lambda: by(periods("week", tz="Europe/Berlin"), FirstReplyTime.empty()),
        HISTORIES,
        by(periods("week"), FirstReplyTime.empty()),
        id="segmented-by-week",
    ),
    _p(
        lambda: by("tag", by(periods("month"), ResolutionRate.empty())),
        HISTORIES,
        by("tag", by(periods("month"), ResolutionRate.empty(as_of=T0))),
        id="segmented-nested",
    ),
    _p(
        lambda: by(_high_score, NPS.empty(), name="band"),
        SCORES,
        by(_high_score, NPS.empty(), name="high"),
        id="segmented-by-function",
    ),
    _p(
        lambda: LeaveOutPartial(FirstReplyTime.empty()),
        HISTORIES,
        LeaveOutPartial(ReopenRate.empty()),
        id="leave-out-partial",  # over partial histories too: test_kpi_left_out
    ),
    *_servqual_cases(),
    *_journey_cases(),
    *__import__("test_kpi_survival").CONFORMANCE_CASES,  # Kaplan–Meier (issue 14)
    *__import__("test_qa").CONFORMANCE_CASES,  # QA scores (issue 18)
    *__import__("test_feedback").CONFORMANCE_CASES,  # themes, channel mix, ratios (issue 18)
    *__import__("test_selfservice").CONFORMANCE_CASES,  # deflection (issue 18)
    *__import__("test_domain_audit").CONFORMANCE_CASES,  # one-touch rate
]


@pytest.mark.parametrize(("empty_factory", "items", "other_params_empty", "exact"), CASES)
def test_accumulator_follows_the_protocol(
    empty_factory: Callable[[], Any],
    items: st.SearchStrategy[list[Any]],
    other_params_empty: Any,
    exact: bool,
) -> None:
    check_accumulator(empty_factory, items, other_params_empty, exact=exact)


def test_every_public_accumulator_is_checked() -> None:
    """A new accumulator in servicemodel.kpi must be added to CASES."""
    import servicemodel.kpi as kpi

    public = {
        name
        for name in kpi.__all__
        if isinstance(getattr(kpi, name), type)
        and hasattr(getattr(kpi, name), "merge")
        and name not in {"Accumulator", "MergeOperators"}
    }
    checked = {type(p.values[0]()).__name__ for p in CASES}
    assert public <= checked, f"not in CASES: {sorted(public - checked)}"


def test_the_check_catches_a_broken_accumulator() -> None:
    """The suite is only worth something if it fails a wrong merge."""
    with pytest.raises(AssertionError, match="identity"):
        check_accumulator(_Lossy.empty, SCORES)
