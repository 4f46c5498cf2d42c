"""Hypothesis strategies for KPI inputs: survey answers on a chosen scale.

Examples:
    >>> from hypothesis import find
    >>> find(survey_scores(survey="nps", min_size=3), lambda xs: True)
    [0, 0, 0]
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, cast

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.strategies._args import MOST, flag, ordered, whole

__all__ = ["accumulators", "survey_scores"]

_SCALES: dict[str, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "ces-1.0": (1, 5),
}


def survey_scores(
    *,
    survey: Literal["nps", "csat", "ces", "ces-1.0"] = "nps",
    min_value: int | None = None,
    max_value: int | None = None,
    min_size: int = 0,
    max_size: int | None = None,
    missing: bool = False,
) -> Any:
    """Return a strategy for lists of integer survey scores on ``survey``'s scale.

    ``min_value``/``max_value`` override the scale's ends (e.g. CSAT on 1–7); ``missing=True``
    also draws ``None`` (an unanswered survey) now and then.

    Examples:
        >>> from hypothesis import given
        >>> @given(survey_scores(survey="csat", max_size=5))
        ... def check(xs):
        ...     assert all(1 <= x <= 5 for x in xs)
        >>> check()
    """
    from hypothesis import strategies as st

    fn = "survey_scores"
    if not isinstance(survey, str):
        raise InputTypeError(f"{fn}: survey must be a str, got {safe_repr(survey)}")
    if survey not in _SCALES:
        known = ", ".join(_SCALES)
        raise ConfigError(f"{fn}: survey must be one of {known}, got {safe_repr(survey)}")
    low, high = _SCALES[survey]
    low = low if min_value is None else min_value
    high = high if max_value is None else max_value
    low = whole(fn, "min_value", low, minimum=-(10**6))
    high = whole(fn, "max_value", high, minimum=-(10**6))
    ordered(fn, ("min_value", low), ("max_value", high))
    flag(fn, "missing", missing)
    # A score that may be missing takes two draws: 900 overran Hypothesis' buffer on every
    # example (the data_too_large health check), so a longer minimum could never be met.
    whole(fn, "min_size", min_size, maximum=MOST // 2 if missing else MOST)
    if max_size is not None:
        most = whole(fn, "max_size", max_size, maximum=MOST)
        ordered(fn, ("min_size", min_size), ("max_size", most))
    element: Any = st.integers(min_value=low, max_value=high)
    if missing:
        element = st.one_of(element, st.none())
    return st.lists(element, min_size=min_size, max_size=max_size)


#: The accumulators ``accumulators()`` draws, and what each is fed.
_FED_SCORES = ("NPS", "CSAT", "CES")
_FED_HISTORIES = (
    "Backlog",
    "FirstContactResolution",
    "FirstReplyTime",
    "OneTouchRate",
    "ReopenRate",
    "ResolutionRate",
    "ResolutionTime",
)
#: Backlog needs an instant to count at: after every instant ``histories()`` draws by default.
_BACKLOG_AS_OF = "2032-01-01T00:00:00+00:00"
#: Counted at ``_BACKLOG_AS_OF`` too: a ticket still open then is censored there.
_SURVIVAL = ("FirstReplySurvival", "ResolutionSurvival")
#: Accumulators of other modules fed histories with their default options.
_OTHER_FED_HISTORIES = ("ChannelMix", "ThemeCounts")
#: Accumulators drawn with a parameter of their own (a drawn one, or one of a few).
_WITH_PARAMETER = (
    "QAScores",
    "Servqual",
    "Ratings",
    "SLALeftOut",
    "SelfService",
    "LeaveOutPartial",
    "JourneyStats",
)


def accumulators(kind: type, *, max_inputs: int = 6) -> Any:
    """Return a strategy for KPI accumulators of class ``kind``, fed up to ``max_inputs`` inputs.

    An accumulator is drawn the way a user builds one: ``kind.empty()`` with its default
    options (``CES`` of either version), then ``add`` of each drawn input: survey scores
    (some unanswered) for ``NPS``, ``CSAT`` and ``CES``; whole seconds for ``Durations``; ticket
    histories from [`histories()`][servicemodel.strategies.histories] for the ticket KPIs
    (``Backlog`` counted at 2032-01-01 UTC, after every instant they hold); measurements from
    [`measurements()`][servicemodel.strategies.measurements] for ``SLAAttainment``. Two
    accumulators outside ``servicemodel.kpi`` are drawn too: a ``servqual.Servqual`` of either
    instrument, fed complete responses to it, and a ``qa.QAScores`` on a drawn scorecard, fed
    evaluations valid on it (no rater scoring a ticket twice). So are ``FirstReplySurvival``
    and ``ResolutionSurvival`` (fed histories, counted at 2032-01-01 UTC), ``SurvivalTimes``
    (whole seconds, observed or still running), ``Ratings`` (of a ``CSAT``, ``NPS`` or ``CES``
    of either version, fed the histories whose ratings are on its scale),
    ``feedback.ChannelMix`` and ``feedback.ThemeCounts`` (fed histories),
    ``selfservice.SelfService`` (fed help-centre sessions and histories, no session twice) and
    ``sla.SLALeftOut`` (of a drawn policy, fed histories), ``LeaveOutPartial`` (around one of
    the ticket KPIs above, fed histories) and ``journey.JourneyStats`` (of a drawn journey,
    fed events for it). Its fields therefore always agree with each other. Shrinks towards
    the empty accumulator.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.kpi import NPS
        >>> @given(accumulators(NPS), accumulators(NPS))
        ... def check(a, b):
        ...     assert (a + b).n == a.n + b.n
        >>> check()
    """
    from hypothesis import strategies as st

    from servicemodel import feedback, journey, kpi, qa, selfservice, servqual, sla

    fn = "accumulators"
    modules = (kpi, qa, servqual, feedback, selfservice, sla, journey)
    known = (
        *_FED_SCORES,
        *_FED_HISTORIES,
        "Durations",
        "SLAAttainment",
        *_SURVIVAL,
        "SurvivalTimes",
        *_OTHER_FED_HISTORIES,
        *_WITH_PARAMETER,
    )
    public = {getattr(module, name, None) for module in modules for name in known}
    if not isinstance(kind, type) or not any(
        getattr(module, kind.__name__, None) is kind for module in modules
    ):
        raise InputTypeError(
            f"{fn}: kind must be one of the accumulator classes {', '.join(known)}, "
            f"got {safe_repr(kind)}"
        )
    if kind not in public:
        raise ConfigError(
            f"{fn}: {kind.__name__} is not drawn by accumulators(); kind must be one of "
            f"{', '.join(known)}"
        )
    most = whole(fn, "max_inputs", max_inputs, maximum=MOST // 10)
    name = kind.__name__
    if name in _WITH_PARAMETER:
        return _with_parameter(kind, most)
    if name in _FED_SCORES:
        surveys = {"NPS": ["nps"], "CSAT": ["csat"], "CES": ["ces", "ces-1.0"]}[name]
        scales = [(survey, _fed_scores(kind, survey, most)) for survey in surveys]
        return _drawn_scores(tuple(scales))
    inputs: Any
    cls: Any = kind  # an accumulator class: each has empty()
    if name == "Durations":
        inputs = st.integers(0, 10**6)
        empty = cls.empty()
    elif name == "SurvivalTimes":  # (whole seconds, observed): False is still running then
        inputs = st.tuples(st.integers(0, 10**6), st.booleans())
        empty = cls.empty()
    elif name == "SLAAttainment":
        from servicemodel.strategies._sla import measurements

        inputs = measurements()
        empty = cls.empty()
    else:
        from servicemodel.strategies._model import histories

        inputs = histories(max_events=6)
        as_of = datetime.fromisoformat(_BACKLOG_AS_OF)
        counted_at = name == "Backlog" or name in _SURVIVAL
        empty = cls.empty(as_of=as_of) if counted_at else cls.empty()
    return _drawn_inputs(empty, st.lists(inputs, max_size=most))


# Built in composites, not with ``.map(lambda ...)``: Hypothesis prints a mapped value as the
# lambda's call, whose names (``empty``) do not paste back; a drawn value prints as itself.
def _drawn_scores(scales: tuple[tuple[str, tuple[Any, Any]], ...]) -> Any:
    from hypothesis import strategies as st

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        _, (empty, scores) = draw(st.sampled_from(scales))
        return empty.add_many(draw(scores), skip_missing=True)

    return build()


def _drawn_inputs(empty: Any, inputs: Any) -> Any:
    from hypothesis import strategies as st

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        return _fed(empty, draw(inputs))

    return build()


def _fed(empty: Any, items: list[Any]) -> Any:
    acc = empty
    for item in items:
        acc = acc.add(item)
    return acc


def _fed_scores(kind: Any, survey: str, most: int) -> tuple[Any, Any]:
    """The empty accumulator for ``survey`` and a strategy for its scores, some unanswered."""
    empty = kind.empty(version="1.0") if survey == "ces-1.0" else kind.empty()
    scale = cast(Literal["nps", "csat", "ces", "ces-1.0"], survey)
    return empty, survey_scores(survey=scale, max_size=most, missing=True)


def _with_parameter(kind: Any, most: int) -> Any:
    """A ``Servqual`` of a drawn instrument, or ``QAScores`` on a drawn scorecard, fed inputs."""
    from hypothesis import strategies as st

    from servicemodel.servqual import SERVQUAL_1988, SERVQUAL_1991, Servqual
    from servicemodel.strategies._qa import qa_evaluations, scorecards
    from servicemodel.strategies._servqual import servqual_responses

    if kind.__name__ in ("Ratings", "SLALeftOut", "SelfService", "LeaveOutPartial", "JourneyStats"):
        return _fed_with_parameter(kind, most)
    if kind is Servqual:
        instruments = st.sampled_from((SERVQUAL_1991, SERVQUAL_1988))

        @st.composite
        def servqual(draw: st.DrawFn) -> Any:
            instrument = draw(instruments)
            inputs = st.lists(servqual_responses(instrument=instrument), max_size=most)
            return _fed(Servqual.empty(instrument=instrument), draw(inputs))

        return servqual()

    @st.composite
    def qa_scores(draw: st.DrawFn) -> Any:
        card = draw(scorecards())
        evaluations = st.lists(
            qa_evaluations(scorecard=card), max_size=most, unique_by=lambda e: e.key
        )
        return _fed(kind.empty(card), draw(evaluations))

    return qa_scores()


def _fed_with_parameter(kind: Any, most: int) -> Any:
    """``Ratings`` of a survey accumulator, ``SLALeftOut`` of a drawn policy, fed histories;
    ``SelfService`` fed help-centre sessions and histories."""
    from hypothesis import strategies as st

    from servicemodel.kpi import CES, CSAT, NPS
    from servicemodel.strategies._feedback import help_sessions
    from servicemodel.strategies._model import histories
    from servicemodel.strategies._sla import policies

    fed = st.lists(histories(max_events=6), max_size=most)
    if kind.__name__ == "JourneyStats":
        from servicemodel.strategies._planning import journey_events, journeys

        @st.composite
        def stats(draw: st.DrawFn) -> Any:
            path = draw(journeys())
            return kind.empty(path).add_events(draw(journey_events(path, max_size=most * 5)))

        return stats()
    if kind.__name__ == "LeaveOutPartial":
        from servicemodel import kpi

        # The ticket KPIs fed histories, each with its default options (as accumulators()).
        inner = st.sampled_from(
            tuple(
                getattr(kpi, name).empty(as_of=datetime.fromisoformat(_BACKLOG_AS_OF))
                if name == "Backlog"
                else getattr(kpi, name).empty()
                for name in _FED_HISTORIES
            )
        )

        @st.composite
        def leave_out(draw: st.DrawFn) -> Any:
            return _fed(kind.empty(inner=draw(inner)), draw(fed))

        return leave_out()
    if kind.__name__ == "SelfService":
        # A session counted twice is refused (a session id is unique), so ids are too.
        mixed = st.lists(
            st.one_of(histories(max_events=6), help_sessions()),
            max_size=most,
            unique_by=lambda x: (type(x).__name__, x.id),
        )
        return _drawn_inputs(kind.empty(), mixed)
    if kind.__name__ == "Ratings":
        inner = st.sampled_from((CSAT.empty(), NPS.empty(), CES.empty(), CES.empty(version="1.0")))

        @st.composite
        def ratings(draw: st.DrawFn) -> Any:
            return _fed_accepted(kind.empty(draw(inner)), draw(fed))

        return ratings()

    @st.composite
    def left_out(draw: st.DrawFn) -> Any:
        return _fed(kind.empty(draw(policies())), draw(fed))

    return left_out()


def _fed_accepted(empty: Any, items: list[Any]) -> Any:
    """``empty`` fed the histories whose ratings are on its scale (CES 1.0 refuses a 1-7 one)."""
    from servicemodel.errors import ScaleError

    acc = empty
    for item in items:
        try:
            acc = acc.add(item)
        except ScaleError:
            continue
    return acc
