"""Regressions of the public-API sweep's ledger: results refuse fields of the wrong kind.

Each case was a crash with another exception type (``AttributeError``, ``TypeError``,
``ValueError``) in a method of a result built with a field of the wrong kind, or in a function
given an argument of the wrong kind; now the value is refused where it enters, with a
``ServiceModelError`` naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HUGE = 10**5000


def _ids(value: Any) -> str:
    """A test id that never prints a value (a 5,000-digit int has no str())."""
    return getattr(value, "__name__", None) or type(value).__name__


def _theme_change() -> Any:
    from servicemodel.feedback import ThemeCounts, theme_changes

    a = ThemeCounts(n=10, counts={"a": 2}, selector="tags")
    b = ThemeCounts(n=10, counts={"a": 3}, selector="tags")
    return theme_changes(a, b)


def _channel_shift() -> Any:
    from servicemodel.feedback import ChannelMix, channel_shift

    return channel_shift([ChannelMix.empty().add("chat")])


def _goal_status() -> Any:
    from servicemodel.goals import GoalState, GoalStatus

    return GoalStatus("fast replies", GoalState.ON_TRACK, T0, "ok")


def _history() -> Any:
    from servicemodel.model import Ticket, TicketHistory

    return TicketHistory(Ticket("T-1", T0), [])


#: (what, a valid instance, the field, a value of the wrong kind, words of the message)
FIELDS: list[tuple[str, Callable[[], Any], str, Any, str]] = [
    ("ThemeChange.direction", lambda: _theme_change()["a"], "difference", "1", "difference"),
    ("ThemeChange.significant", lambda: _theme_change()["a"], "q_value", "1", "q_value"),
    ("ThemeChange.to_record", lambda: _theme_change()["a"], "before", "1", "before"),
    ("ThemeChanges.rose", _theme_change, "changes", 1, "changes"),
    ("ThemeChanges.fell", _theme_change, "changes", ("1",), "changes"),
    ("ChannelShift.shifted", _channel_shift, "p_value", "1", "p_value"),
    ("ChannelShift.shifted", _channel_shift, "alpha", "0.05", "alpha"),
    ("GoalStatus.to_dict", _goal_status, "status", "on_track", "status"),
    ("GoalStatus.to_dict", _goal_status, "at", "2026-03-02", "at"),
    ("GoalStatus.to_dict", _goal_status, "latest", "0.5", "latest"),
]


@pytest.mark.parametrize(("what", "make", "field", "value", "words"), FIELDS)
def test_a_field_of_the_wrong_kind_is_refused(
    what: str, make: Callable[[], Any], field: str, value: Any, words: str
) -> None:
    instance = make()
    with pytest.raises(ServiceModelError, match=words):
        attrs.evolve(instance, **{field: value})


def test_channel_mix_with_a_huge_n_says_so() -> None:
    from servicemodel.feedback import ChannelMix

    with pytest.raises(ServiceModelError, match="counts"):
        attrs.evolve(ChannelMix.empty(), n=HUGE)


def _jira_histories(**options: Any) -> Any:
    from servicemodel.io import jira

    return jira.histories([], **options)


def _freshdesk_load(paths: Any) -> Any:
    from servicemodel.io import freshdesk

    return freshdesk.load(paths)


def _jira_load(paths: Any) -> Any:
    from servicemodel.io import jira

    return jira.load(paths)


def _dump(histories: Any) -> Any:
    from servicemodel.io import dump_jsonl

    return dump_jsonl(histories)


def _to_dict(history: Any) -> Any:
    from servicemodel.io import history_to_dict

    return history_to_dict(history)


def _from_dict(path: Any) -> Any:
    from servicemodel.io import history_from_dict

    return history_from_dict({"a": "a"}, path=path)


#: (a call with one argument of the wrong kind, words of the message)
CALLS: list[tuple[Callable[[], Any], str]] = [
    (lambda: _dump(1), "histories"),
    (lambda: _to_dict("T-1"), "history"),
    (lambda: _from_dict(HUGE), "path"),
    (lambda: _freshdesk_load(1), "paths"),
    (lambda: _freshdesk_load([None]), "paths"),
    (lambda: _freshdesk_load("\x00"), "NUL"),
    (lambda: _jira_load(1), "paths"),
    (lambda: _jira_load([None, None]), "paths"),
    (lambda: _jira_load("\x00"), "NUL"),
    (lambda: _jira_histories(statuses=1), "statuses"),
    (lambda: _jira_histories(agents=1), "agents"),
    (lambda: _jira_histories(status_map="a"), "status_map"),
    (lambda: _jira_histories(priority_map=1), "priority_map"),
    (lambda: _jira_histories(status_map={HUGE: "open"}), "status_map"),
    (lambda: _jira_histories(channel_field=["a"]), "channel_field"),
]


@pytest.mark.parametrize(("call", "words"), CALLS)
def test_an_argument_of_the_wrong_kind_is_refused(call: Callable[[], Any], words: str) -> None:
    with pytest.raises(ServiceModelError, match=words):
        list(call())


def test_jira_issues_of_a_number_is_refused() -> None:
    from servicemodel.io import jira

    with pytest.raises(ServiceModelError, match="issues"):
        list(jira.histories(1))  # type: ignore[arg-type]


def test_empty_path_lists_still_load_nothing() -> None:
    from servicemodel.io import freshdesk, jira

    assert jira.load([], on_error="collect").histories == ()
    assert len(freshdesk.load([], on_error="collect")) == 0


_WRONG = st.one_of(st.text(max_size=3), st.none(), st.lists(st.integers(), max_size=2))


@given(value=_WRONG, field=st.sampled_from(["difference", "z", "p_value", "q_value", "fdr"]))
def test_theme_change_numbers_are_numbers(value: Any, field: str) -> None:
    """Law: a ThemeChange holding no number where one belongs is refused, never built."""
    change = _theme_change()["a"]
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(change, **{field: value})


@given(value=_WRONG)
def test_goal_status_progress_is_a_number_or_none(value: Any) -> None:
    """Law: GoalStatus.progress is a number or None; anything else is refused."""
    if value is None:
        assert attrs.evolve(_goal_status(), progress=value).to_dict()["progress"] is None
    else:
        with pytest.raises(ServiceModelError, match="progress"):
            attrs.evolve(_goal_status(), progress=value)


def _journey_report() -> Any:
    from servicemodel.journey import JourneyStats

    return JourneyStats.empty().result()


def _journey_stats() -> Any:
    from servicemodel.journey import JourneyStats

    return JourneyStats.empty()


JOURNEY_FIELDS: list[tuple[Callable[[], Any], str, Any]] = [
    (lambda: _journey_report().stages[0], "csat", "0.5"),
    (lambda: _journey_report().stages[0], "reached", -1),
    (lambda: _journey_report().stages[0], "conversion", 0.5),
    (_journey_report, "stages", 1),
    (_journey_report, "stages", ("a",)),
    (_journey_report, "transitions", "a"),
    (_journey_report, "transitions", {1: 2}),
    (_journey_report, "disallowed", {("a", "b"): "1"}),
    (_journey_report, "unclassified", (None,)),
]


@pytest.mark.parametrize(("make", "field", "value"), JOURNEY_FIELDS)
def test_journey_report_fields_of_the_wrong_kind_are_refused(
    make: Callable[[], Any], field: str, value: Any
) -> None:
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(make(), **{field: value})


def test_journey_report_pain_points_names_a_huge_by() -> None:
    with pytest.raises(ServiceModelError, match="by must be"):
        _journey_report().pain_points(HUGE)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("journey", "a"),
        ("customer_ids", "a"),
        ("reached", 1),
        ("visited", ("a",)),
        ("durations", ()),
        ("transitions", (("a",),)),
        ("unclassified", ("a",)),
    ],
)
def test_journey_stats_of_the_wrong_kind_are_refused_by_merge_and_result(
    field: str, value: Any
) -> None:
    # Checked by merge and result, not when built (the stats are rebuilt per customer added).
    bad = attrs.evolve(_journey_stats(), **{field: value})
    with pytest.raises(ServiceModelError, match=field):
        bad.result()
    with pytest.raises(ServiceModelError, match=field):
        bad.merge(bad)
    with pytest.raises(ServiceModelError, match=field):
        _journey_stats().merge(bad)


def _card() -> Any:
    from servicemodel.qa import Criterion, Scale, Scorecard, Section

    return Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])


def _evaluation() -> Any:
    from servicemodel.qa import Evaluation

    return Evaluation("T-1", "bo", "sue", T0, {"tone": 4})


def _agreement() -> Any:
    from servicemodel.qa import cohen_kappa

    return cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "a"])


def _calibration() -> Any:
    from servicemodel.qa import calibrate

    return calibrate([], _card())


def _qa_result() -> Any:
    from servicemodel.qa import QAScores

    return QAScores.empty(_card()).result()


def _scored() -> Any:
    from servicemodel.qa import score

    return score(_card(), _evaluation())


QA_FIELDS: list[tuple[Callable[[], Any], str, Any]] = [
    (_agreement, "lower", "0.1"),
    (_agreement, "value", [0.5]),
    (_agreement, "n", -1),
    (_calibration, "criteria", "a"),
    (_calibration, "criteria", {"tone": "a"}),
    (_calibration, "offsets", {"sue": "1"}),
    (_calibration, "score", None),
    (_qa_result, "mean", 0.5),
    (_scored, "exact_score", "4h"),
    (_scored, "exact_score", HUGE),
    (_scored, "points", (("tone",),)),
]


@pytest.mark.parametrize(("make", "field", "value"), QA_FIELDS, ids=_ids)
def test_qa_fields_of_the_wrong_kind_are_refused(
    make: Callable[[], Any], field: str, value: Any
) -> None:
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(make(), **{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [("seen", 1), ("seen", ["1"]), ("score_sum", HUGE), ("passed", 1)],
    ids=_ids,
)
def test_qa_scores_of_the_wrong_kind_are_refused(field: str, value: Any) -> None:
    from servicemodel.qa import QAScores

    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(QAScores.empty(_card()), **{field: value})


def test_qa_scores_merge_names_a_seen_entry_that_is_no_pair() -> None:
    from servicemodel.qa import QAScores

    odd = attrs.evolve(QAScores.empty(_card()), seen=frozenset({"1"}))  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError, match="seen"):
        odd.merge(odd)


def test_qa_paths_and_criterion_ids_of_the_wrong_kind_are_refused() -> None:
    from servicemodel.qa import Criterion, Scale

    with pytest.raises(ServiceModelError, match="path"):
        Criterion.from_dict("a", path=HUGE)  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError, match="path"):
        Scale.parse("a", path=HUGE)  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError, match="path"):
        Scale.parse("1-5").read(9, path=HUGE)  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError, match="criterion_id"):
        _evaluation().answer([])


def _reconciliation() -> Any:
    from servicemodel.reconcile import ClockComparison, Reconciliation

    return Reconciliation((ClockComparison("7", "first_reply", 0, "achieved", "achieved"),))


def _selfservice_result() -> Any:
    from servicemodel.selfservice import SelfService

    return SelfService.empty().result()


def _servqual() -> Any:
    from servicemodel.servqual import Servqual

    return Servqual.empty()


def _servqual_result() -> Any:
    return _servqual().result()


REST_FIELDS: list[tuple[Callable[[], Any], str, Any]] = [
    (_reconciliation, "clocks", 1),
    (_reconciliation, "clocks", ("1",)),
    (_reconciliation, "tolerance", 60),
    (_selfservice_result, "deflection", "a"),
    (_selfservice_result, "sessions", -1),
    (_servqual_result, "dimension_gaps", 1),
    (_servqual_result, "expectation_means", ()),
    (_servqual_result, "item_gaps", ((1,),)),
]


@pytest.mark.parametrize(("make", "field", "value"), REST_FIELDS, ids=_ids)
def test_result_fields_of_the_wrong_kind_are_refused(
    make: Callable[[], Any], field: str, value: Any
) -> None:
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(make(), **{field: value})


@pytest.mark.parametrize(
    ("field", "value"), [("sessions", (None,)), ("tickets", (("ann", "2026-03-02"),))]
)
def test_selfservice_rows_of_the_wrong_kind_are_refused_where_read(field: str, value: Any) -> None:
    from servicemodel.selfservice import SelfService

    # Checked where read (latest, result, merge), not when built: add rebuilds per item.
    bad = attrs.evolve(SelfService.empty(), **{field: value})
    for call in (bad.latest, bad.result, lambda: bad.merge(bad)):
        with pytest.raises(ServiceModelError, match=field):
            call()


@pytest.mark.parametrize(
    ("field", "value"),
    [("instrument", 0.5), ("n", "1"), ("gap_sums", 1), ("dimension_sums", (None,))],
)
def test_servqual_of_the_wrong_kind_is_refused_by_merge_and_result(field: str, value: Any) -> None:
    bad = attrs.evolve(_servqual(), **{field: value})
    for call in (bad.result, lambda: bad.merge(bad), lambda: _servqual().merge(bad)):
        with pytest.raises(ServiceModelError, match=field):
            call()


def test_servqual_arguments_of_the_wrong_kind_are_refused() -> None:
    from servicemodel.servqual import DimensionWeights, ServqualResponse, standard_instrument

    with pytest.raises(ServiceModelError, match="pairs"):
        DimensionWeights(["ab"] * 5)
    with pytest.raises(ServiceModelError, match="pairs"):
        ServqualResponse(["a"] * 3, {1: 1})
    with pytest.raises(ServiceModelError, match="item number"):
        standard_instrument().reverse([], 1)  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError, match="level"):
        _servqual().result(level="0.95")
    with pytest.raises(ServiceModelError, match="version"):
        standard_instrument([1991])  # type: ignore[arg-type]


def test_text_options_compared_to_an_array_are_refused() -> None:
    np = pytest.importorskip("numpy")
    from servicemodel.io import freshdesk, load_jsonl
    from servicemodel.selfservice import load_sessions

    array = np.array([1, 2])
    with pytest.raises(ServiceModelError, match="on_error"):
        load_sessions(["{}"], format="jsonl", on_error=array)
    with pytest.raises(ServiceModelError, match="format"):
        load_sessions(["{}"], format=array)
    with pytest.raises(ServiceModelError, match="on_error"):
        freshdesk.load("a", on_error=array)
    with pytest.raises(ServiceModelError, match="on_error"):
        load_jsonl([], on_error=array)
    with pytest.raises(ServiceModelError, match="interval"):
        _servqual().result(interval=array)


def test_qa_seen_of_unhashable_members_is_refused() -> None:
    from servicemodel.qa import QAScores

    with pytest.raises(ServiceModelError, match="seen"):
        QAScores(_card(), seen=[["T-1", "sue"]])  # type: ignore[list-item]


def _blueprint() -> Any:
    from servicemodel.blueprint import Blueprint

    return Blueprint("x")


def _assessment() -> Any:
    from servicemodel.blueprint import assess

    return assess(_blueprint(), [], at=T0)


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (_blueprint, "channels", 1),
        (_blueprint, "policies", "a"),
        (_blueprint, "escalation", {"vip": 1}),
        (_blueprint, "ladders", "a"),
        (_blueprint, "goals", ("a",)),
        (_blueprint, "fcr_window", 3),
        (_assessment, "gaps", "1"),
        (_assessment, "tickets", "1"),
        (_assessment, "blueprint", None),
    ],
    ids=_ids,
)
def test_blueprint_fields_of_the_wrong_kind_are_refused(
    make: Callable[[], Any], field: str, value: Any
) -> None:
    with pytest.raises(ServiceModelError, match=field):
        attrs.evolve(make(), **{field: value})


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"histories": [None]}, "histories"),
        ({"tz": "1"}, "tz"),
        ({"level": "0.95"}, "level"),
    ],
    ids=_ids,
)
def test_assess_arguments_of_the_wrong_kind_are_refused(kwargs: dict[str, Any], words: str) -> None:
    from servicemodel.blueprint import assess

    arguments: dict[str, Any] = {"blueprint": _blueprint(), "histories": [_history()], "at": T0}
    with pytest.raises(ServiceModelError, match=words):
        assess(**{**arguments, **kwargs})


def test_lookups_by_a_key_of_the_wrong_kind_say_so() -> None:
    np = pytest.importorskip("numpy")
    from decimal import Decimal

    from servicemodel.feedback import ChannelMix
    from servicemodel.qa import fleiss_kappa
    from servicemodel.selfservice import SelfService
    from servicemodel.servqual import standard_instrument

    array, snan = np.array([1, 2]), Decimal("sNaN")
    instrument = standard_instrument()
    with pytest.raises(ServiceModelError):
        instrument.dimension_of(snan)  # type: ignore[arg-type]
    with pytest.raises(ServiceModelError):
        instrument.items_of(array)
    with pytest.raises(ServiceModelError):
        _servqual_result().item(snan)
    with pytest.raises(ServiceModelError):
        _servqual_result().dimension(array)
    with pytest.raises(ServiceModelError):
        _journey_report().stage(array)
    with pytest.raises(ServiceModelError, match="by must be"):
        _journey_report().pain_points(array)
    assert ChannelMix.empty().add("chat").result().get(array) is None
    with pytest.raises(ServiceModelError, match="subjects"):
        fleiss_kappa([[["a"]], [["b"]]])  # type: ignore[list-item]
    with pytest.raises(ServiceModelError, match="customer"):
        SelfService.empty(customer=array)
