"""SMART goals: a KPI target that is Specific, Measurable, Attainable, Relevant and Time-bound.

A [`SmartGoal`][servicemodel.goals.SmartGoal] names the KPI and segment it tracks (Specific),
a comparator and target in the KPI's unit (Measurable), a baseline and optionally the largest
credible improvement (Attainable), the objective it serves (Relevant) and a start and deadline
(Time-bound). A goal missing a letter cannot be built: the
[`GoalError`][servicemodel.errors.GoalError] names the letter and what is missing. The
criteria follow Doran (1981), "There's a S.M.A.R.T. way to write management's goals and
objectives", *Management Review* 70(11).

[`SmartGoal.evaluate`][servicemodel.goals.SmartGoal.evaluate] reads a KPI series (period ->
estimate, as the KPI module produces) and returns a [`GoalStatus`][servicemodel.goals.GoalStatus]:
one of ``not_started``, ``on_track``, ``at_risk``, ``achieved``, ``missed``, with the progress
from baseline to target, the latest value and interval, and a least-squares projection to the
deadline. The status is a pure function of the goal, the series and ``at``.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.kpi import Estimate
    >>> start = datetime(2026, 8, 3, tzinfo=timezone.utc)
    >>> goal = SmartGoal(
    ...     name="first replies under 2 h", kpi="first_reply_time", statistic="mean", unit="h",
    ...     comparator="<", target=2.0, baseline=4.0, objective="customers hear from us fast",
    ...     start=start, deadline=start + timedelta(weeks=13))
    >>> series = {start + timedelta(weeks=w): Estimate("frt", v, 200, lower=v - 0.3, upper=v + 0.3)
    ...           for w, v in enumerate([4.0, 3.8, 3.7, 3.5])}
    >>> status = goal.evaluate(series, at=start + timedelta(weeks=4))
    >>> status.status, round(status.progress, 2), round(status.projection, 2)
    (<GoalState.ON_TRACK: 'on_track'>, 0.25, 1.91)
"""

from __future__ import annotations

import enum
import math
import tomllib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from servicemodel.errors import ConfigError, GoalError, InputTypeError, require_aware

__all__ = [
    "Comparator",
    "EstimateLike",
    "GoalState",
    "GoalStatus",
    "SmartGoal",
    "goals_from_dict",
    "goals_from_toml",
]


class EstimateLike(Protocol):
    """What a goal reads from one point of a KPI series (``servicemodel.kpi.Estimate`` fits).

    Examples:
        >>> from servicemodel.kpi import Estimate
        >>> e: EstimateLike = Estimate("csat", 0.8, 50, lower=0.7, upper=0.9)
        >>> e.value
        0.8
    """

    @property
    def value(self) -> float | None: ...

    @property
    def n(self) -> int: ...

    @property
    def lower(self) -> float | None: ...

    @property
    def upper(self) -> float | None: ...


class Comparator(enum.StrEnum):
    """How a KPI value must relate to the target: ``<``, ``<=``, ``>`` or ``>=``.

    Examples:
        >>> Comparator("<").holds(1.5, 2.0), Comparator.GE.lower_is_better
        (True, False)
    """

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    @property
    def lower_is_better(self) -> bool:
        """True for ``<`` and ``<=`` (the goal asks the KPI to go down).

        Examples:
            >>> Comparator.LE.lower_is_better
            True
        """
        return self in (Comparator.LT, Comparator.LE)

    def holds(self, value: float, target: float) -> bool:
        """Whether ``value <comparator> target`` is true.

        Examples:
            >>> Comparator.LE.holds(2.0, 2.0), Comparator.LT.holds(2.0, 2.0)
            (True, False)
        """
        if self is Comparator.LT:
            return value < target
        if self is Comparator.LE:
            return value <= target
        if self is Comparator.GT:
            return value > target
        return value >= target


class GoalState(enum.StrEnum):
    """Where a goal stands at an instant.

    ``not_started``: before the start, or no data since it. ``on_track``: not met yet, but the
    trend reaches the target by the deadline. ``at_risk``: not met and the trend does not reach
    it. ``achieved``: the latest value meets the target. ``missed``: the deadline has passed and
    the last value before it does not meet the target.

    Examples:
        >>> GoalState("at_risk").value
        'at_risk'
    """

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    ACHIEVED = "achieved"
    MISSED = "missed"


# --- construction helpers -------------------------------------------------------------------


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTypeError(f"expected a string or None, got {type(value).__name__} {value!r}")
    stripped = value.strip()
    return stripped or None


def _optional_number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"expected a number or None, got {type(value).__name__} {value!r}")
    return float(value)


def _optional_comparator(value: Any) -> Comparator | None:
    if value is None or isinstance(value, Comparator):
        return value
    try:
        return Comparator(str(value).strip())
    except ValueError:
        raise GoalError(
            f"not measurable: unknown comparator {value!r}; "
            f"expected one of {[c.value for c in Comparator]}"
        ) from None


def _segment(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    if isinstance(items, str):
        raise InputTypeError(f"segment: expected a mapping of names to values, got {value!r}")
    out: dict[str, str] = {}
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputTypeError(f"segment: expected (name, value) pairs, got {pair!r}")
        key, item = pair
        if not isinstance(key, str) or not isinstance(item, str) or not key or not item:
            raise InputTypeError(
                f"segment: names and values must be non-empty strings, got {key!r}: {item!r}"
            )
        out[key] = item
    return tuple(sorted(out.items()))


_PERIODS = ("day", "week", "month")


def _fmt_num(value: float) -> str:
    return f"{value:.4g}"


@attrs.frozen(repr=False)
class SmartGoal:
    """A KPI goal that is Specific, Measurable, Attainable, Relevant and Time-bound (Doran 1981).

    Every field is keyword-only. Specific: ``name``, ``kpi`` (e.g. ``"first_reply_time"``),
    optional ``statistic`` (``"mean"``, ``"median"``...), ``segment`` (e.g.
    ``{"channel": "email", "hours": "business"}``), ``unit`` and the series ``period``
    (``"day"``, ``"week"`` or ``"month"``). Measurable: ``comparator`` and ``target`` in the KPI's
    unit. Attainable: ``baseline`` (where the KPI stands at the start; it must not already meet
    the target) and optionally ``max_improvement``, the largest credible change from the
    baseline in the KPI's unit; a target beyond it is flagged in
    [`warnings`][servicemodel.goals.SmartGoal.warnings] and ``attainable`` is False.
    Relevant: ``objective`` (free text) and/or ``serves`` (the name of the goal it supports).
    Time-bound: ``start`` and ``deadline``, aware datetimes, deadline after start.

    A missing letter raises [`GoalError`][servicemodel.errors.GoalError] naming it
    (``"not time-bound: no deadline"``); a naive datetime raises
    [`NaiveDatetimeError`][servicemodel.errors.NaiveDatetimeError].

    Examples:
        >>> from datetime import datetime, timezone
        >>> SmartGoal(name="CSAT 90 %", kpi="csat", comparator=">=", target=0.9, baseline=0.82,
        ...           objective="retain customers", start=datetime(2026, 8, 3, tzinfo=timezone.utc))
        Traceback (most recent call last):
        ...
        servicemodel.errors.GoalError: goal 'CSAT 90 %' is not time-bound: no deadline
    """

    name: str | None = attrs.field(default=None, kw_only=True, converter=_optional_text)
    kpi: str | None = attrs.field(default=None, kw_only=True, converter=_optional_text)
    statistic: str | None = attrs.field(default=None, kw_only=True, converter=_optional_text)
    segment: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, converter=_segment)
    unit: str = attrs.field(default="", kw_only=True, validator=attrs.validators.instance_of(str))
    period: str = attrs.field(
        default="week", kw_only=True, validator=attrs.validators.in_(_PERIODS)
    )
    comparator: Comparator | None = attrs.field(
        default=None, kw_only=True, converter=_optional_comparator
    )
    target: float | None = attrs.field(default=None, kw_only=True, converter=_optional_number)
    baseline: float | None = attrs.field(default=None, kw_only=True, converter=_optional_number)
    max_improvement: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_number
    )
    objective: str | None = attrs.field(default=None, kw_only=True, converter=_optional_text)
    serves: str | None = attrs.field(default=None, kw_only=True, converter=_optional_text)
    start: datetime | None = attrs.field(default=None, kw_only=True)
    deadline: datetime | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        who = f"goal {self.name!r}" if self.name else "goal"

        def fail(letter: str, what: str) -> GoalError:
            return GoalError(f"{who} is not {letter}: {what}")

        if self.name is None:
            raise fail("specific", "no name")
        if self.kpi is None:
            raise fail("specific", "no KPI")
        if self.comparator is None:
            raise fail("measurable", "no comparator (one of <, <=, >, >=)")
        if self.target is None:
            raise fail("measurable", "no target value")
        if not math.isfinite(self.target):
            raise fail("measurable", f"target {self.target!r} is not a finite number")
        if self.baseline is None:
            raise fail("attainable", "no baseline to measure the improvement from")
        if not math.isfinite(self.baseline):
            raise fail("attainable", f"baseline {self.baseline!r} is not a finite number")
        if self.comparator.holds(self.baseline, self.target) or self.baseline == self.target:
            raise fail(
                "measurable",
                f"the baseline {_fmt_num(self.baseline)} already meets the target "
                f"{self.comparator.value} {_fmt_num(self.target)}; a goal asks for a change",
            )
        if self.max_improvement is not None and not (
            math.isfinite(self.max_improvement) and self.max_improvement > 0
        ):
            raise fail(
                "attainable",
                f"max_improvement must be a positive finite number, got {self.max_improvement!r}",
            )
        if self.objective is None and self.serves is None:
            raise fail("relevant", "no objective (give objective text or the goal it serves)")
        if self.serves is not None and self.serves == self.name:
            raise fail("relevant", "a goal cannot serve itself")
        if self.start is None:
            raise fail("time-bound", "no start")
        if self.deadline is None:
            raise fail("time-bound", "no deadline")
        require_aware(self.start, "start")
        require_aware(self.deadline, "deadline")
        if self.deadline.astimezone(UTC) <= self.start.astimezone(UTC):
            raise GoalError(
                f"{who}: deadline {self.deadline.isoformat()} is not after its start "
                f"{self.start.isoformat()}"
            )

    # The letters are checked above, so these narrow the optional fields for callers.
    @property
    def target_value(self) -> float:
        """The target (never ``None`` on a built goal).

        Examples:
            >>> _example_goal().target_value
            2.0
        """
        assert self.target is not None
        return self.target

    @property
    def baseline_value(self) -> float:
        """The baseline (never ``None`` on a built goal).

        Examples:
            >>> _example_goal().baseline_value
            4.0
        """
        assert self.baseline is not None
        return self.baseline

    @property
    def direction(self) -> Comparator:
        """The comparator (never ``None`` on a built goal).

        Examples:
            >>> _example_goal().direction
            <Comparator.LT: '<'>
        """
        assert self.comparator is not None
        return self.comparator

    @property
    def window(self) -> tuple[datetime, datetime]:
        """``(start, deadline)``.

        Examples:
            >>> s, d = _example_goal().window
            >>> (d - s).days
            91
        """
        assert self.start is not None
        assert self.deadline is not None
        return self.start, self.deadline

    @property
    def segment_dict(self) -> dict[str, str]:
        """The segment as a ``dict``.

        Examples:
            >>> _example_goal().segment_dict
            {'channel': 'email'}
        """
        return dict(self.segment)

    @property
    def required_improvement(self) -> float:
        """How far the target lies from the baseline, in the KPI's unit (always > 0).

        Examples:
            >>> _example_goal().required_improvement
            2.0
        """
        return abs(self.target_value - self.baseline_value)

    @property
    def attainable(self) -> bool:
        """False when the target lies beyond the largest credible improvement.

        Examples:
            >>> import attrs
            >>> attrs.evolve(_example_goal(), max_improvement=1.0).attainable
            False
        """
        return self.max_improvement is None or self.required_improvement <= self.max_improvement

    @property
    def warnings(self) -> tuple[str, ...]:
        """Concerns that do not stop the goal from being built (an ambitious target, ...).

        Examples:
            >>> import attrs
            >>> print(attrs.evolve(_example_goal(), max_improvement=1.0).warnings[0])
            not attainable as stated: the target asks for a change of 2 h from the baseline 4 h,
            beyond the largest credible improvement of 1 h
        """
        if self.attainable:
            return ()
        assert self.max_improvement is not None
        unit = f" {self.unit}" if self.unit else ""
        return (
            "not attainable as stated: the target asks for a change of "
            f"{_fmt_num(self.required_improvement)}{unit} from the baseline "
            f"{_fmt_num(self.baseline_value)}{unit}, beyond the largest credible improvement of "
            f"{_fmt_num(self.max_improvement)}{unit}",
        )

    def describe(self) -> str:
        """One line saying what the goal asks for.

        Examples:
            >>> _example_goal().describe()
            'mean first_reply_time [channel=email] < 2 h by 2026-11-02 (baseline 4 h)'
        """
        stat = f"{self.statistic} " if self.statistic else ""
        seg = " [" + ", ".join(f"{k}={v}" for k, v in self.segment) + "]" if self.segment else ""
        unit = f" {self.unit}" if self.unit else ""
        by = self.window[1].date().isoformat()
        return (
            f"{stat}{self.kpi}{seg} {self.direction.value} {_fmt_num(self.target_value)}{unit} "
            f"by {by} (baseline {_fmt_num(self.baseline_value)}{unit})"
        )

    def __repr__(self) -> str:
        return f"SmartGoal({self.name!r}: {self.describe()})"

    def progress(self, value: float) -> float:
        """Fraction of the way from baseline (0) to target (1) that ``value`` represents.

        Not clipped: a value worse than the baseline gives a negative fraction and one beyond
        the target gives more than 1, so progress is strictly monotone in the goal's direction.

        Examples:
            >>> _example_goal().progress(3.0)
            0.5
        """
        return (value - self.baseline_value) / (self.target_value - self.baseline_value)

    def meets(self, estimate: EstimateLike, *, strict: bool = False) -> bool:
        """Whether ``estimate`` meets the target.

        With ``strict=True`` the whole interval must meet it (the upper bound for a
        lower-is-better goal, the lower bound otherwise); a missing bound never meets it.

        Examples:
            >>> from servicemodel.kpi import Estimate
            >>> e = Estimate("frt", 1.8, 90, lower=1.5, upper=2.1)
            >>> _example_goal().meets(e), _example_goal().meets(e, strict=True)
            (True, False)
        """
        if estimate.value is None:
            return False
        if not strict:
            return self.direction.holds(estimate.value, self.target_value)
        bound = estimate.upper if self.direction.lower_is_better else estimate.lower
        return bound is not None and self.direction.holds(bound, self.target_value)

    def evaluate(
        self,
        series: Mapping[Any, EstimateLike] | Iterable[tuple[Any, EstimateLike]],
        *,
        at: datetime,
        strict: bool = False,
    ) -> GoalStatus:
        """Return where the goal stands at ``at`` given a KPI series.

        ``series`` maps periods to estimates (or is a sequence of ``(period, estimate)`` pairs).
        A period is an aware datetime, a ``date`` (midnight in the start's time zone) or any
        object with an aware ``start`` datetime; a point counts from its period's start. Only
        points with a value whose period starts within ``[start, min(at, deadline)]`` are used,
        so data after ``at`` or after the deadline never changes the answer.

        The projection is the ordinary least-squares line through those points (value against
        time, unweighted), evaluated at the deadline; with one point, or all points at one
        instant, the line is flat. Rules, in order: before the start -> ``not_started``; no
        points -> ``missed`` once the deadline has passed, else ``not_started``; the latest
        point meets the target (see [`meets`][servicemodel.goals.SmartGoal.meets] for
        ``strict``) -> ``achieved``; the deadline has passed -> ``missed``; the projection meets
        the target -> ``on_track``; otherwise ``at_risk``.

        Examples:
            >>> from datetime import timedelta
            >>> from servicemodel.kpi import Estimate
            >>> g = _example_goal()
            >>> s, d = g.window
            >>> g.evaluate({s: Estimate("frt", 3.5, 40)}, at=s + timedelta(days=1)).status
            <GoalState.AT_RISK: 'at_risk'>
            >>> g.evaluate({}, at=s - timedelta(days=1)).status
            <GoalState.NOT_STARTED: 'not_started'>
        """
        require_aware(at, "at")
        start, deadline = self.window
        # Compare instants in UTC: two datetimes sharing a ZoneInfo compare by wall clock,
        # which is wrong in the repeated hour when DST ends.
        at_utc, start_utc, deadline_utc = (d.astimezone(UTC) for d in (at, start, deadline))
        items = series.items() if isinstance(series, Mapping) else series
        cutoff = min(at_utc, deadline_utc)
        points: list[tuple[datetime, Any, EstimateLike, datetime]] = []
        for key, est in items:
            t = _period_start(key, start)
            if not hasattr(est, "value"):
                raise InputTypeError(
                    f"series[{key!r}]: expected an Estimate, got {type(est).__name__} {est!r}"
                )
            t_utc = t.astimezone(UTC)
            if est.value is None or not start_utc <= t_utc <= cutoff:
                continue
            points.append((t_utc, key, est, t))
        # Sorting by time (stable for ties) makes the answer independent of the input order.
        points.sort(key=lambda p: p[0])

        def status(state: GoalState, reason: str, **kw: Any) -> GoalStatus:
            return GoalStatus(
                goal=self.name or "",
                status=state,
                at=at,
                reason=reason,
                points=len(points),
                strict=strict,
                attainable=self.attainable,
                **kw,
            )

        if at_utc < start_utc:
            return status(GoalState.NOT_STARTED, f"starts {start.isoformat()}")
        if not points:
            if at_utc >= deadline_utc:
                return status(GoalState.MISSED, "no data between the start and the deadline")
            return status(GoalState.NOT_STARTED, "no data since the start")
        _, key_last, latest, t_last = points[-1]
        assert latest.value is not None
        projection, slope = _ols_projection(
            [(t, float(e.value)) for t, _, e, _ in points if e.value is not None], deadline_utc
        )
        common: dict[str, Any] = {
            "progress": self.progress(latest.value),
            "latest": latest,
            "latest_period": key_last,
            "latest_at": t_last,
            "projection": projection,
            "slope_per_day": slope,
        }
        met = self.meets(latest, strict=strict)
        target = f"{self.direction.value} {_fmt_num(self.target_value)}"
        value = _fmt_num(latest.value)
        if met:
            return status(GoalState.ACHIEVED, f"latest value {value} meets {target}", **common)
        if at_utc >= deadline_utc:
            return status(
                GoalState.MISSED,
                f"last value before the deadline {value} misses {target}",
                **common,
            )
        if self.direction.holds(projection, self.target_value):
            return status(
                GoalState.ON_TRACK,
                f"trend reaches {_fmt_num(projection)} by the deadline, meeting {target}",
                **common,
            )
        return status(
            GoalState.AT_RISK,
            f"trend reaches {_fmt_num(projection)} by the deadline, missing {target}",
            **common,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SmartGoal:
        """Build a goal from a mapping (e.g. one ``[[goals]]`` table of a TOML file).

        Keys are the field names. ``start`` and ``deadline`` are aware datetimes or ISO 8601
        strings with an offset, or dates (``2026-08-03``) when ``tz`` names the time zone
        whose midnight they mean. Every problem is a
        [`ConfigError`][servicemodel.errors.ConfigError] whose ``path`` names the field,
        including a missing letter (``deadline: not time-bound: no deadline``).

        Examples:
            >>> g = SmartGoal.from_dict({
            ...     "name": "faster first replies", "kpi": "first_reply_time", "unit": "h",
            ...     "comparator": "<", "target": 2, "baseline": 6.8, "objective": "speed",
            ...     "start": "2026-08-03", "deadline": "2026-11-02", "tz": "Europe/Berlin"})
            >>> g.deadline.isoformat()
            '2026-11-02T00:00:00+01:00'
            >>> SmartGoal.from_dict({"name": "x", "kpi": "csat", "comparator": "=>"})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: comparator: not measurable: unknown comparator ...
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"a goal must be a table/mapping, got {type(data).__name__}")
        unknown = sorted(set(data) - _DICT_KEYS)
        if unknown:
            raise ConfigError(
                f"unknown key {unknown[0]!r}; expected some of {sorted(_DICT_KEYS)}",
                path=str(unknown[0]),
            )
        tz: ZoneInfo | None = None
        if "tz" in data:
            raw_tz = data["tz"]
            try:
                tz = ZoneInfo(str(raw_tz))
            except (ZoneInfoNotFoundError, ValueError):
                raise ConfigError(f"unknown time zone {raw_tz!r}", path="tz") from None
        kwargs: dict[str, Any] = {}
        for key in _FIELD_KEYS:
            if key not in data:
                continue
            value = data[key]
            try:
                if key in ("start", "deadline"):
                    value = _parse_instant(value, tz)
                kwargs[key] = _FIELD_CHECKS[key](value)
            except ConfigError as exc:
                raise exc.at(key) from None
            except (GoalError, InputTypeError) as exc:
                raise ConfigError(str(exc), path=key) from None
        try:
            return cls(**kwargs)
        except GoalError as exc:
            raise ConfigError(str(exc), path=_letter_path(exc)) from None
        except (InputTypeError, ValueError) as exc:
            raise ConfigError(str(exc)) from None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict`` that ``SmartGoal.from_dict`` reads back.

        Examples:
            >>> g = _example_goal()
            >>> SmartGoal.from_dict(g.to_dict()) == g
            True
        """
        out: dict[str, Any] = {
            "name": self.name,
            "kpi": self.kpi,
            "statistic": self.statistic,
            "segment": self.segment_dict,
            "unit": self.unit,
            "period": self.period,
            "comparator": self.direction.value,
            "target": self.target,
            "baseline": self.baseline,
            "max_improvement": self.max_improvement,
            "objective": self.objective,
            "serves": self.serves,
            "start": self.window[0].isoformat(),
            "deadline": self.window[1].isoformat(),
        }
        return {k: v for k, v in out.items() if v is not None}


def _checked_text(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"expected a string, got {type(value).__name__} {value!r}")
    return _optional_text(value)


def _checked_number(value: Any) -> float | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise ConfigError(f"expected a number, got {type(value).__name__} {value!r}")
    return _optional_number(value)


def _checked_segment(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected a table of names to values, got {value!r}")
    for key, item in value.items():
        if not isinstance(item, str) or not item:
            raise ConfigError(f"expected a non-empty string, got {item!r}", path=str(key))
    return _segment(value)


def _checked_choice(choices: tuple[str, ...]) -> Any:
    def check(value: Any) -> str:
        if value not in choices:
            raise ConfigError(f"expected one of {list(choices)}, got {value!r}")
        return str(value)

    return check


def _checked_unit(value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, got {type(value).__name__} {value!r}")
    return value


def _passthrough(value: Any) -> Any:
    return value


_FIELD_CHECKS: dict[str, Any] = {
    "name": _checked_text,
    "kpi": _checked_text,
    "statistic": _checked_text,
    "segment": _checked_segment,
    "unit": _checked_unit,
    "period": _checked_choice(_PERIODS),
    "comparator": _optional_comparator,
    "target": _checked_number,
    "baseline": _checked_number,
    "max_improvement": _checked_number,
    "objective": _checked_text,
    "serves": _checked_text,
    "start": _passthrough,
    "deadline": _passthrough,
}
_FIELD_KEYS = tuple(_FIELD_CHECKS)
_DICT_KEYS = frozenset(_FIELD_KEYS) | {"tz"}

# Which field a GoalError from the constructor is about, so from_dict can give a path.
_LETTER_PATHS = (
    ("already meets", "baseline"),
    ("no name", "name"),
    ("no KPI", "kpi"),
    ("no comparator", "comparator"),
    ("target", "target"),
    ("no baseline", "baseline"),
    ("baseline", "baseline"),
    ("max_improvement", "max_improvement"),
    ("no objective", "objective"),
    ("serve itself", "serves"),
    ("no start", "start"),
    ("deadline", "deadline"),
)


def _letter_path(exc: GoalError) -> str:
    message = str(exc)
    for needle, path in _LETTER_PATHS:
        if needle in message:
            return path
    return ""


def _parse_instant(value: Any, tz: ZoneInfo | None) -> datetime:
    if isinstance(value, str):
        text = value.strip()
        # fromisoformat would read a bare date as a naive midnight; keep it a date.
        parse = date.fromisoformat if len(text) == 10 else datetime.fromisoformat
        try:
            value = parse(text)
        except ValueError:
            raise ConfigError(f"not an ISO 8601 date or timestamp: {text!r}") from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            if tz is None:
                raise ConfigError(
                    f"naive datetime {value.isoformat()} has no time zone; add an offset "
                    "or give the goal a 'tz'"
                )
            return value.replace(tzinfo=tz)
        return value
    if isinstance(value, date):
        if tz is None:
            raise ConfigError(
                f"the date {value.isoformat()} needs a time zone: give the goal a 'tz' "
                '(e.g. tz = "Europe/Berlin") or use a timestamp with an offset'
            )
        return datetime.combine(value, time(), tzinfo=tz)
    raise ConfigError(f"expected a date or timestamp, got {type(value).__name__} {value!r}")


def _period_start(key: Any, start: datetime) -> datetime:
    if isinstance(key, datetime):
        return require_aware(key, f"series period {key!r}")
    if isinstance(key, date):
        return datetime.combine(key, time(), tzinfo=start.tzinfo)
    inner = getattr(key, "start", None)
    if isinstance(inner, datetime):
        return require_aware(inner, f"series period {key!r}")
    raise InputTypeError(
        f"series period {key!r}: expected an aware datetime, a date or a period with a "
        f"'start' datetime, got {type(key).__name__}"
    )


def _ols_projection(points: list[tuple[datetime, float]], when: datetime) -> tuple[float, float]:
    """Return (value of the least-squares line at ``when``, slope per day)."""
    origin = points[0][0]
    xs = [(t - origin) / timedelta(days=1) for t, _ in points]
    ys = [v for _, v in points]
    n = len(xs)
    x_mean = sum(xs) / n
    y_mean = sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    if sxx == 0:
        return y_mean, 0.0
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / sxx
    x_when = (when - origin) / timedelta(days=1)
    return y_mean + slope * (x_when - x_mean), slope


@attrs.frozen
class GoalStatus:
    """Where a goal stands at ``at``: its status, progress, latest value and projection.

    ``progress`` is the latest value's fraction of the way from baseline to target (not
    clipped); ``latest`` is the latest point's estimate (with its interval) and
    ``latest_period`` its key in the series; ``projection`` is the least-squares trend's value
    at the deadline and ``slope_per_day`` its slope in the KPI's unit per day. These are
    ``None`` when no point was used. ``points`` counts the points used.

    Examples:
        >>> from datetime import timedelta
        >>> g = _example_goal()
        >>> g.evaluate({}, at=g.window[1] + timedelta(days=1)).status
        <GoalState.MISSED: 'missed'>
    """

    goal: str
    status: GoalState
    at: datetime
    reason: str
    points: int = 0
    strict: bool = False
    attainable: bool = True
    progress: float | None = None
    latest: EstimateLike | None = None
    latest_period: Any = None
    latest_at: datetime | None = None
    projection: float | None = None
    slope_per_day: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready ``dict``.

        Examples:
            >>> g = _example_goal()
            >>> g.evaluate({}, at=g.window[0]).to_dict()["status"]
            'not_started'
        """
        latest = self.latest
        return {
            "goal": self.goal,
            "status": self.status.value,
            "at": self.at.isoformat(),
            "reason": self.reason,
            "points": self.points,
            "strict": self.strict,
            "attainable": self.attainable,
            "progress": self.progress,
            "latest": None
            if latest is None
            else {
                "value": latest.value,
                "lower": latest.lower,
                "upper": latest.upper,
                "n": latest.n,
                # Censored items (e.g. tickets not replied to yet), where the estimate says.
                "missing": getattr(latest, "missing", 0),
            },
            "latest_at": None if self.latest_at is None else self.latest_at.isoformat(),
            "projection": self.projection,
            "slope_per_day": self.slope_per_day,
        }


def goals_from_dict(data: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> tuple[SmartGoal, ...]:
    """Build several goals from ``{"goals": [...]}`` (or a list of goal tables).

    Names must be unique and every ``serves`` must name another goal in the set (no cycles);
    errors are [`ConfigError`][servicemodel.errors.ConfigError]s with paths like
    ``goals[1].deadline``.

    Examples:
        >>> base = {"kpi": "csat", "comparator": ">=", "target": 0.9, "baseline": 0.8,
        ...         "start": "2026-08-03T00:00:00Z", "deadline": "2026-11-02T00:00:00Z"}
        >>> gs = goals_from_dict({"goals": [dict(base, name="retain", objective="keep customers"),
        ...                                 dict(base, name="csat", serves="retain")]})
        >>> [g.serves for g in gs]
        [None, 'retain']
        >>> goals_from_dict({"goals": [dict(base, name="csat", serves="nope")]})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: goals[0].serves: serves 'nope', which is not a goal ...
    """
    if isinstance(data, Mapping):
        unknown = sorted(set(data) - {"goals"})
        if unknown:
            raise ConfigError(f"unknown key {unknown[0]!r}; expected 'goals'", path=unknown[0])
        raw = data.get("goals", [])
    else:
        raw = data
    if isinstance(raw, str | bytes) or not isinstance(raw, Iterable):
        raise ConfigError("expected a list of goal tables", path="goals")
    goals: list[SmartGoal] = []
    for i, item in enumerate(raw):
        try:
            goals.append(SmartGoal.from_dict(item))
        except ConfigError as exc:
            raise exc.at(f"goals[{i}]") from None
    index: dict[str, int] = {}
    for i, g in enumerate(goals):
        assert g.name is not None
        if g.name in index:
            raise ConfigError(
                f"duplicate goal name {g.name!r} (also goals[{index[g.name]}])",
                path=f"goals[{i}].name",
            )
        index[g.name] = i
    for i, g in enumerate(goals):
        seen = {g.name}
        current: SmartGoal | None = g
        while current is not None and current.serves is not None:
            if current.serves not in index:
                raise ConfigError(
                    f"serves {current.serves!r}, which is not a goal in this set",
                    path=f"goals[{index[current.name or '']}].serves",
                )
            if current.serves in seen:
                raise ConfigError(
                    f"goal {g.name!r} serves itself through a cycle of 'serves' references",
                    path=f"goals[{i}].serves",
                )
            seen.add(current.serves)
            current = goals[index[current.serves]]
    return tuple(goals)


def goals_from_toml(text: str) -> tuple[SmartGoal, ...]:
    """Parse goals from TOML text with ``[[goals]]`` tables (see ``examples/goals.toml``).

    Examples:
        >>> gs = goals_from_toml('''
        ... [[goals]]
        ... name = "CSAT 90 %"
        ... kpi = "csat"
        ... comparator = ">="
        ... target = 0.9
        ... baseline = 0.82
        ... objective = "keep customers"
        ... start = 2026-08-03T00:00:00+02:00
        ... deadline = 2026-11-02T00:00:00+01:00
        ... ''')
        >>> gs[0].describe()
        'csat >= 0.9 by 2026-11-02 (baseline 0.82)'
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}") from None
    return goals_from_dict(data)


def _example_goal() -> SmartGoal:
    """A goal for the docstring examples."""
    start = datetime(2026, 8, 3, tzinfo=UTC)
    return SmartGoal(
        name="email replies under 2 h",
        kpi="first_reply_time",
        statistic="mean",
        segment={"channel": "email"},
        unit="h",
        comparator="<",
        target=2.0,
        baseline=4.0,
        objective="customers hear from us fast",
        start=start,
        deadline=start + timedelta(weeks=13),
    )
