"""Private: the assessment -- a blueprint's standards, goals, survey and QA measured and ranked.

Every figure is computed by the layer that owns it: standards by
[`servicemodel.standards.measure`][servicemodel.standards.measure] (through the SLA policies
they compile to), goals by the goals report
([`build_goals`][servicemodel.report.build_report]), SERVQUAL gaps by
[`Servqual`][servicemodel.servqual.Servqual], QA scores by
[`QAScores`][servicemodel.qa.QAScores]. Each becomes a [`Gap`][servicemodel.blueprint.Gap]:
its estimate, the standard it is held to, a verdict and a **shortfall**, the distance from the
standard as a fraction of the way to the metric's worst value (see
[`shortfall`][servicemodel.standards.shortfall]), which is what makes a CSAT, an NPS, an SLA
attainment, a SERVQUAL gap and a QA score comparable. The gaps are ranked by shortfall,
largest first; those without data come last.

Worst values: shares (CSAT, FCR, resolution rate, SLA attainment, QA pass rate) 0; reopen
and critical-failure rates 1; NPS −100; the CSAT mean 1 (on 1–5); a SERVQUAL gap ``low −
high`` of its scale (−6 on 1–7), held to the standard "perception meets expectation" (gap ≥
0); a QA mean score 0, held to the scorecard's pass mark; times (goals on first reply or
resolution time) have no worst value and use the relative overrun. These are the worst values
for a goal in the KPI's usual direction; a goal of the other direction (a reopen rate held
``>=``, a time held ``>=``) is measured toward the other end of the scale (0, 0), so the worst
value always lies on the side the goal must not go (see ``goal_worst``).

Examples:
    >>> from datetime import UTC, datetime
    >>> a = assess(Blueprint("empty"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
    >>> a.gaps
    ()
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import check_count, count_field, count_value
from servicemodel._validators import (
    in_,
    instance_of,
    members_of,
    real,
    require_iterable,
    require_type,
)
from servicemodel.blueprint._blueprint import Blueprint
from servicemodel.errors import ConfigError, InputTypeError, require_instant
from servicemodel.goals import Comparator, GoalState
from servicemodel.kpi import Estimate
from servicemodel.kpi._shared import check_level, level_value
from servicemodel.model import TicketHistory
from servicemodel.model._shared import choose_snapshot, given_once
from servicemodel.qa import Evaluation, QAResult, QAScores
from servicemodel.report import GoalReport, GoalsSection
from servicemodel.report._shared import build_goals, snapshot_warnings
from servicemodel.servqual import Servqual, ServqualResponse, ServqualResult
from servicemodel.standards import Compliance, Verdict, measure, shortfall, verdict

__all__ = ["Assessment", "Gap", "assess"]

#: Where an assessment's snapshot came from (as the report's ``Scope.basis``).
Basis = Literal["at", "last_event", "updated"]
BASES: tuple[Basis, ...] = ("at", "last_event", "updated")

_SOURCES = ("standard", "goal", "servqual", "qa")

#: The values each goal KPI can take, lowest and highest, as the goals report measures it
#: (the CSAT mean is ``"csat mean"``, on 1-5; a time has no highest value).
_GOAL_SCALES: dict[str, tuple[float, float]] = {
    "csat": (0.0, 1.0),
    "csat mean": (1.0, 5.0),
    "nps": (-100.0, 100.0),
    "reopen_rate": (0.0, 1.0),
    "resolution_rate": (0.0, 1.0),
    "first_reply_time": (0.0, math.inf),
    "resolution_time": (0.0, math.inf),
}


def goal_worst(kpi: str, unit: str, comparator: Comparator, target: float) -> float | None:
    """The worst value a goal's KPI can take *for the goal's direction*, for ``shortfall``.

    The end of the KPI's scale on the side the goal moves away from: its lowest value for a
    higher-is-better goal (``>=``, ``>``), its highest for a lower-is-better one (``<=``,
    ``<``). A CSAT share (0-1), reopen and resolution rates (0-1) and NPS (−100 to 100) are
    held against 0 or 1, −100 or 100; the CSAT mean against 1 or 5; a time against 0 for a
    ``>=`` goal and, having no highest value, ``None`` for a ``<=`` one (the relative overrun).
    A KPI of unknown scale has ``None`` (the relative distance). A target at the worst end
    itself (a mean rating ``> 1``, a reopen rate ``< 1``) leaves no way to it: the distance
    is then measured against the whole scale, the far end mirrored past the target.

    One worst per KPI, whatever the goal's direction, lay on the wrong side of the target for
    a goal of the other direction: a CSAT share of 0.3 held ``<= 0.2`` was measured against
    the 0.2 down to 0 and came out 0.5 instead of 0.1 / 0.8 = 0.125.

    Examples:
        >>> goal_worst("csat", "share", Comparator.GE, 0.9), goal_worst("csat", "share", Comparator.LE, 0.2)
        (0.0, 1.0)
        >>> goal_worst("first_reply_time", "h", Comparator.LT, 2.0) is None
        True
        >>> goal_worst("csat", "", Comparator.GT, 1.0)  # a mean rating on 1-5 above 1
        -3.0
    """  # noqa: E501
    key = "csat mean" if kpi == "csat" and unit != "share" else kpi
    if key not in _GOAL_SCALES:
        return None
    low, high = _GOAL_SCALES[key]
    worst = high if comparator.lower_is_better else low
    if math.isinf(worst):
        return None
    if worst == target:  # only a strict goal at the scale's end: nothing lies past its target
        width = high - low
        if math.isinf(width):
            return None
        return target + width if comparator.lower_is_better else target - width
    return worst


def _finite(*, optional: bool = False) -> Any:
    """A validator: a real number a float holds and that is finite (``None`` if optional).

    A NaN or infinite shortfall or threshold was kept, then ranked anywhere (NaN compares
    false both ways) and refused by ``render_json`` with a bare ``ValueError``.
    """
    kinds = real(optional=optional)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        kinds(instance, attribute, value)
        if value is not None and not math.isfinite(value):  # a float not allowed: a ValueError
            raise ConfigError(
                f"Gap.{attribute.name}: {safe_repr(value)} is not a finite number"
                + ("; use None for no value" if optional else "")
            )

    return check


def _estimate_like(_instance: Any, attribute: Any, value: Any) -> None:
    """An estimate's fields (``value``, ``n``, bounds): what ``to_dict`` reads."""
    if not all(hasattr(value, name) for name in ("value", "lower", "upper", "n", "level")):
        raise InputTypeError(
            f"{attribute.name}: expected an Estimate, got {type(value).__name__} {safe_repr(value)}"
        )
    # What was left out of n, where the estimate-like says it: a count, as Estimate.missing
    # is (a text was a bare ValueError in to_dict, -2 was written, 2.7 read as 2).
    missing = getattr(value, "missing", None)
    if missing is not None:
        check_count(missing, f"{attribute.name}.missing")


def left_out(e: Any) -> int:
    """How many inputs the estimate left out of ``n`` (0 for an estimate-like without it)."""
    return int(getattr(e, "missing", None) or 0)


@attrs.frozen
class Gap:
    """One measured figure against its standard: estimate, verdict and shortfall.

    ``source`` is ``"standard"``, ``"goal"``, ``"servqual"`` or ``"qa"``; ``name`` says what
    was measured (``"email first_reply"``, a goal's name, a SERVQUAL dimension, ``"QA score"``);
    ``standard`` says what it is held to; ``channel`` is set for channel standards.

    Examples:
        >>> from servicemodel.goals import Comparator
        >>> from servicemodel.kpi import Estimate
        >>> from servicemodel.standards import Verdict
        >>> g = Gap("qa", "QA score", "QA score >= 80", None, Comparator.GE, 80.0, "",
        ...         Estimate("QA score", 72.0, 40, lower=68.0, upper=76.0), Verdict.MISSED, 0.1)
        >>> g.verdict.value, g.shortfall
        ('missed', 0.1)
    """

    # Text first (no text is an InputTypeError), then one of the sources (a ConfigError).
    source: str = attrs.field(validator=[instance_of(str), in_(_SOURCES)])
    name: str = attrs.field(validator=instance_of(str))
    standard: str = attrs.field(validator=instance_of(str))
    channel: str | None = attrs.field(validator=instance_of(str, optional=True))
    comparator: Comparator = attrs.field(validator=instance_of(Comparator))
    threshold: float = attrs.field(validator=_finite())
    unit: str = attrs.field(validator=instance_of(str))
    estimate: Estimate = attrs.field(validator=_estimate_like)
    verdict: Verdict = attrs.field(validator=instance_of(Verdict))
    shortfall: float | None = attrs.field(validator=_finite(optional=True))
    note: str = attrs.field(default="", validator=instance_of(str))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``.

        Examples:
            >>> from servicemodel.goals import Comparator
            >>> from servicemodel.kpi import Estimate
            >>> from servicemodel.standards import Verdict
            >>> Gap("qa", "QA score", "QA score >= 80", None, Comparator.GE, 80.0, "",
            ...     Estimate("QA score", None, 0), Verdict.NO_DATA, None).to_dict()["n"]
            0
        """
        e = self.estimate
        return {
            "source": self.source,
            "name": self.name,
            "standard": self.standard,
            "channel": self.channel,
            "comparator": self.comparator.value,
            "threshold": self.threshold,
            "unit": self.unit,
            "value": e.value,
            "lower": e.lower,
            "upper": e.upper,
            "n": e.n,
            # Left out of n, not judged yet (running clocks, censored times, open review
            # windows): the compliance view's checks say it, the gaps say it too.
            "missing": left_out(e),
            "level": e.level,
            "verdict": self.verdict.value,
            "shortfall": self.shortfall,
            "note": self.note,
        }


def _instant(_: Any, attribute: Any, value: Any) -> None:
    # An aware instant in the supported range, as ``assess`` reads ``at`` and
    # ``observed_until``: a naive one was kept and compared with aware ones later.
    if value is not None or attribute.name == "at":
        require_instant(value, f"Assessment.{attribute.name}")


@attrs.frozen
class Assessment:
    """A blueprint assessed on data: every part measured, and the gaps ranked.

    ``compliance`` (standards), ``goals`` (the goals section of the report), ``servqual`` and
    ``qa`` are ``None`` when the blueprint or the inputs have no such part. ``gaps`` holds
    every figure as a [`Gap`][servicemodel.blueprint.Gap], largest shortfall first. ``basis``
    says where the snapshot ``at`` came from, as the report's scope does: ``"at"`` (given),
    ``"last_event"`` (the export's last event) or ``"updated"`` (``observed_until``, later
    than ``last_event``, the export's last event when the snapshot was chosen by default);
    ``None`` for an assessment built by hand. ``refused_update`` is an ``observed_until``
    later than the last event and than ``made_at``, the time the assessment was made, and so
    not taken as the snapshot (both ``None`` otherwise; ``warnings`` says so).
    ``refused_event`` is the export's last event when it is after ``made_at``, refused alike
    (the report's ``Scope.refused_event``): ``future_events`` events (creations included) of
    ``future_tickets`` tickets lie after ``made_at``, and ``at`` is the export's last instant
    up to it (``made_at`` itself, on no basis, when none is).

    Examples:
        >>> from datetime import UTC, datetime
        >>> assess(Blueprint("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC)).tickets
        0
    """

    blueprint: Blueprint = attrs.field(validator=instance_of(Blueprint))
    at: datetime = attrs.field(validator=_instant)
    # As assess reads it: a NaN level was kept and refused by render_json as a bare ValueError.
    level: float = attrs.field(
        converter=level_value, validator=lambda _i, _a, value: check_level(value)
    )
    tickets: int = attrs.field(converter=count_value, validator=count_field)
    compliance: Compliance | None = attrs.field(validator=instance_of(Compliance, optional=True))
    goals: GoalsSection | None = attrs.field(validator=instance_of(GoalsSection, optional=True))
    servqual: ServqualResult | None = attrs.field(
        validator=instance_of(ServqualResult, optional=True)
    )
    qa: QAResult | None = attrs.field(validator=instance_of(QAResult, optional=True))
    gaps: tuple[Gap, ...] = attrs.field(validator=members_of(Gap, tuple))
    basis: Basis | None = attrs.field(default=None, validator=in_((None, *BASES)))
    last_event: datetime | None = attrs.field(default=None, validator=_instant)
    refused_update: datetime | None = attrs.field(default=None, validator=_instant)
    made_at: datetime | None = attrs.field(default=None, validator=_instant)
    refused_event: datetime | None = attrs.field(default=None, validator=_instant)
    future_events: int = attrs.field(default=0, converter=count_value, validator=count_field)
    future_tickets: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def warnings(self) -> tuple[str, ...]:
        """What the reader must know about the snapshot, one text each (in ``at``'s zone).

        Examples:
            >>> from datetime import UTC, datetime
            >>> assess(Blueprint("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC)).warnings()
            ()
        """
        # No instant of the export up to the time made: the snapshot is that time (default_from).
        itself = self.made_at is not None and self.at == self.made_at
        return snapshot_warnings(self, self.at.tzinfo, "assessment", itself=itself)

    @property
    def summary(self) -> dict[str, int]:
        """How many gaps have each verdict.

        Examples:
            >>> from datetime import UTC, datetime
            >>> assess(Blueprint("x"), [], at=datetime(2026, 3, 2, tzinfo=UTC)).summary
            {'met': 0, 'at_risk': 0, 'missed': 0, 'no_data': 0}
        """
        out = {v.value: 0 for v in Verdict}
        for g in self.gaps:
            out[g.verdict.value] += 1
        return out


def _rank_key(gap: Gap) -> tuple[bool, float, int, str]:
    return (
        gap.shortfall is None,
        -(gap.shortfall or 0.0),
        _SOURCES.index(gap.source),
        gap.name,
    )


def rank(gaps: Iterable[Gap]) -> tuple[Gap, ...]:
    """The gaps ordered by shortfall, largest first; ties by source then name; no data last.

    Examples:
        >>> rank([])
        ()
    """
    gaps = list(require_iterable(gaps, "gaps"))
    for i, gap in enumerate(gaps):
        require_type(gap, Gap, f"gaps[{i}]")
    return tuple(sorted(gaps, key=_rank_key))


def _standard_gaps(compliance: Compliance) -> list[Gap]:
    return [
        Gap(
            "standard",
            c.label,
            c.standard,
            c.channel,
            c.comparator,
            c.threshold,
            c.unit,
            c.estimate,
            c.verdict,
            c.shortfall,
        )
        for c in compliance.checks
    ]


def _goal_gap(report: GoalReport) -> Gap:
    goal = report.goal
    latest = report.status.latest
    est = latest if isinstance(latest, Estimate) else Estimate(goal.kpi or "", None, 0)
    target = goal.target_value
    worst = goal_worst(goal.kpi or "", report.unit, goal.direction, target)
    gap = None if est.value is None else shortfall(est.value, goal.direction, target, worst)
    judged = verdict(est, goal.direction, target)
    return Gap(
        "goal",
        goal.name or "",
        goal.describe(),
        goal.segment_dict.get("channel"),
        goal.direction,
        target,
        report.unit,
        est,
        judged,
        gap,
        goal_note(report.status.status, judged),
    )


#: What the goal's own status says, in words that cannot be mistaken for the verdict's.
_GOAL_STATES: dict[GoalState, str] = {
    GoalState.NOT_STARTED: "goal not started (no complete period yet)",
    GoalState.ON_TRACK: "goal on track: not met yet, its trend reaches the target by the deadline",
    GoalState.AT_RISK: "goal off track: not met, and its trend misses the target by the deadline",
    GoalState.ACHIEVED: "goal achieved by the latest value",
    GoalState.MISSED: "goal missed at its deadline",
}


def goal_note(state: GoalState, judged: Verdict) -> str:
    """Say in words how a goal's status and its verdict fit together.

    The two answer different questions: the goal's status judges the latest *value* (and the
    trend toward the deadline), the verdict judges the *interval* around it. A latest value
    that meets the target with an interval that reaches past it is "achieved" for the goal and
    "at risk" for the verdict; the note says so instead of printing both words bare.

    Examples:
        >>> goal_note(GoalState.ACHIEVED, Verdict.AT_RISK)
        'goal achieved by the latest value, but its interval does not rule out a miss'
        >>> goal_note(GoalState.ACHIEVED, Verdict.MET)
        'goal achieved by the latest value'
    """
    note = _GOAL_STATES[state]
    if state is GoalState.ACHIEVED and judged is Verdict.AT_RISK:
        note += ", but its interval does not rule out a miss"
    return note


def _servqual_gaps(result: ServqualResult) -> list[Gap]:
    low, high = result.instrument.scale
    out = []
    for dim, est in result.dimension_gaps:
        gap = None if est.value is None else shortfall(est.value, ">=", 0.0, worst=low - high)
        out.append(
            Gap(
                "servqual",
                dim,
                "perception >= expectation (gap >= 0)",
                None,
                Comparator.GE,
                0.0,
                "points",
                est,
                verdict(est, Comparator.GE, 0.0),
                gap,
            )
        )
    return out


def _qa_gaps(blueprint: Blueprint, result: QAResult) -> list[Gap]:
    assert blueprint.scorecard is not None
    rows: list[tuple[Estimate, Comparator, float, float]] = [
        (result.mean, Comparator.GE, blueprint.scorecard.pass_mark, 0.0)
    ]
    if blueprint.qa.pass_rate is not None:
        rows.append((result.pass_rate, Comparator.GE, blueprint.qa.pass_rate, 0.0))
    if blueprint.qa.critical_failure_rate is not None:
        rows.append(
            (result.critical_failure_rate, Comparator.LE, blueprint.qa.critical_failure_rate, 1.0)
        )
    out = []
    for est, cmp, threshold, worst in rows:
        gap = None if est.value is None else shortfall(est.value, cmp, threshold, worst)
        out.append(
            Gap(
                "qa",
                est.metric,
                f"{est.metric} {cmp.value} {threshold:g}",
                None,
                cmp,
                threshold,
                "" if est.metric == "QA score" else "share",
                est,
                verdict(est, cmp, threshold),
                gap,
            )
        )
    return out


def _cutoff(
    histories: Sequence[TicketHistory],
    at: datetime | None,
    observed_until: datetime | None,
    now: datetime | None,
) -> tuple[datetime, Basis | None, datetime | None, dict[str, Any]]:
    """The snapshot, where it came from, the last event taken, and what was refused with the
    time it was compared with: the report's rule (``at``, else the later of the export's last
    instant up to ``now`` and ``observed_until``, unless that is after ``now``, see
    ``choose_snapshot``), the one ``standards.measure`` follows."""
    chosen = choose_snapshot(histories, at, observed_until, now, caller="assess")
    return chosen.at, chosen.basis, chosen.last_event, chosen.refusals()


def _histories(histories: Iterable[TicketHistory]) -> list[TicketHistory]:
    """The histories as a list, each a ``TicketHistory`` of a ticket given once.

    A ticket given twice counted twice in the ticket total and in every goal's series: it is
    refused by name, as ``standards.measure`` refuses it, before the snapshot is chosen.
    """
    hs = list(require_iterable(histories, "histories"))
    for i, h in enumerate(hs):
        require_type(h, TicketHistory, f"histories[{i}]")
    given_once(hs)
    return hs


def assess(
    blueprint: Blueprint,
    histories: Iterable[TicketHistory],
    *,
    survey: Iterable[ServqualResponse] | None = None,
    evaluations: Iterable[Evaluation] | None = None,
    at: datetime | None = None,
    tz: tzinfo | None = None,
    level: float = 0.95,
    observed_until: datetime | None = None,
    now: datetime | None = None,
) -> Assessment:
    """Measure ``blueprint`` on the data and rank the gaps (see the module docs).

    ``histories`` are the tickets; ``survey`` SERVQUAL responses (the blueprint's instrument
    and weights); ``evaluations`` QA evaluations (the blueprint's scorecard, which must then
    exist). ``at`` is the snapshot (default: the last event, or ``observed_until`` where that
    is later -- an instant the export is known to reach, such as
    [`LoadResult.observed_until`][servicemodel.io.LoadResult], as ``servicemodel assess``
    passes it; ``at`` wins), shown in ``tz``; ``Assessment.basis`` says which it was. An
    ``observed_until`` after ``now``, the time the assessment is made (default: the wall
    clock), is refused as the report refuses it: ``Assessment.refused_update`` and its
    ``warnings()``; so are events after ``now`` (``Assessment.refused_event``: the snapshot
    is the export's last instant up to ``now``). Without ``now`` or ``observed_until``
    nothing is checked (histories built in Python, a simulation, may lie ahead of the clock);
    ``servicemodel assess`` gives the clock. A ticket given twice (two histories with one id)
    is a ``ConfigError`` naming it, as [`measure`][servicemodel.standards.measure] says it.

    Examples:
        >>> from datetime import UTC, datetime
        >>> assess(Blueprint("x"), [], evaluations=[], at=datetime(2026, 3, 2, tzinfo=UTC))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: qa.scorecard: QA evaluations were given but the blueprint has no QA scorecard
    """  # noqa: E501
    from servicemodel.errors import ConfigError

    if not isinstance(blueprint, Blueprint):
        raise InputTypeError(f"expected a Blueprint, got {type(blueprint).__name__}")
    hs = _histories(histories)
    level = check_level(level)
    if tz is not None and not isinstance(tz, tzinfo):
        raise InputTypeError(
            f"tz: expected a tzinfo (e.g. ZoneInfo), got {type(tz).__name__} {safe_repr(tz)}"
        )
    when, basis, last, refused = _cutoff(hs, at, observed_until, now)
    if tz is not None:
        when = when.astimezone(tz)
    gaps: list[Gap] = []
    compliance = None
    if blueprint.standards is not None:
        compliance = measure(
            blueprint.standards, hs, at=when, level=level, fcr_window=blueprint.fcr_window
        )
        # Measured at the snapshot chosen here, and said so as measure would say it: the
        # compliance view equals measure's on the same arguments.
        compliance = attrs.evolve(compliance, basis=basis, last_event=last, **refused)
        gaps += _standard_gaps(compliance)
    goals = None
    if blueprint.goals:
        goals = build_goals(
            hs, blueprint.goals, at=when, level=level, allow_unknown_segments=True, tz=tz
        )
        gaps += [_goal_gap(r) for r in goals.goals]
    servqual = None
    if survey is not None:
        acc = Servqual.empty(
            instrument=blueprint.servqual_instrument, weights=blueprint.servqual_weights
        )
        servqual = acc.add_many(survey).result(level=level)
        gaps += _servqual_gaps(servqual)
    qa = None
    if evaluations is not None:
        if blueprint.scorecard is None:
            raise ConfigError(
                "QA evaluations were given but the blueprint has no QA scorecard",
                path="qa.scorecard",
            )
        qa = QAScores.empty(blueprint.scorecard).add_many(evaluations).result(level)
        gaps += _qa_gaps(blueprint, qa)
    tickets = sum(1 for h in hs if h.created_at.astimezone(UTC) <= when.astimezone(UTC))
    return Assessment(
        blueprint, when, level, tickets, compliance, goals, servqual, qa, rank(gaps), basis, last,
        **refused,
    )  # fmt: skip
