"""The SMART goal: its fields, the letter checks, and what it says about a value.

The package docstring (``servicemodel.goals``) describes goals; this module holds the value
class. Evaluation lives in ``_projection``, reading configuration in ``_config``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Self, cast

import attrs

from servicemodel._config import Configurable, safe_repr
from servicemodel._numbers import column_hint, is_bool, percent_hint, real_number, type_name
from servicemodel._validators import in_, instance_of, require_iterable, require_type
from servicemodel.calendar import zone
from servicemodel.errors import (
    GoalError,
    InputTypeError,
    OutOfRangeError,
    require_aware,
    require_instant,
)
from servicemodel.goals._projection import evaluate_goal
from servicemodel.goals._status import (
    Comparator,
    EstimateLike,
    GoalStatus,
    _fmt_num,
    check_interval,
)

__all__ = ["SmartGoal"]


# --- construction helpers -------------------------------------------------------------------


def _optional_text(value: Any, field: str) -> str | None:
    """A text field's value, stripped, or ``None`` (blank text too); its errors name ``field``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTypeError(
            f"{field}: expected a string or None, got {type_name(value)} {safe_repr(value)}"
        )
    stripped = value.strip()
    return stripped or None


# One named converter per field (mypy's attrs plugin reads named functions only).
def _name(value: Any) -> str | None:
    return _optional_text(value, "name")


def _kpi(value: Any) -> str | None:
    return _optional_text(value, "kpi")


def _statistic(value: Any) -> str | None:
    return _optional_text(value, "statistic")


def _objective(value: Any) -> str | None:
    return _optional_text(value, "objective")


def _serves(value: Any) -> str | None:
    return _optional_text(value, "serves")


def _optional_number(value: Any, field: str) -> float | None:
    """A number field's value as a float or ``None``; its errors name ``field``."""
    if value is None:
        return None
    # A real number of any kind: numpy's int64 and float32 (a figure read from a frame) as well
    # as int and float; numpy.float64 passed as a float subclass while numpy.int64 was refused.
    if is_bool(value) or not isinstance(value, numbers.Real):
        # A column (a pandas Series, even of one row) is named as one, with how to take a value.
        shown = column_hint(value) or f"{type_name(value)} {safe_repr(value)}"
        raise InputTypeError(f"{field}: expected a number or None, got {shown}")
    # NaN and infinities pass here and are named by the letter checks; an int past the float
    # range cannot become a float at all (float() raised OverflowError).
    return real_number(value, field, error=GoalError, finite=False)


def _target(value: Any) -> float | None:
    return _optional_number(value, "target")


def _baseline(value: Any) -> float | None:
    return _optional_number(value, "baseline")


def _max_improvement(value: Any) -> float | None:
    return _optional_number(value, "max_improvement")


def _optional_comparator(value: Any) -> Comparator | None:
    if value is None or isinstance(value, Comparator):
        return value
    try:
        return Comparator(str(value).strip())
    except ValueError:
        raise GoalError(
            f"not measurable: unknown comparator {safe_repr(value)}; "
            f"expected one of {[c.value for c in Comparator]}"
        ) from None


def _segment(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    if isinstance(items, str):
        raise InputTypeError(
            f"segment: expected a mapping of names to values, got {safe_repr(value)}"
        )
    out: dict[str, str] = {}
    for pair in require_iterable(items, "segment"):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InputTypeError(f"segment: expected (name, value) pairs, got {safe_repr(pair)}")
        key, item = pair
        if not isinstance(key, str) or not isinstance(item, str) or not key or not item:
            raise InputTypeError(
                "segment: names and values must be non-empty strings, got "
                f"{safe_repr(key)}: {safe_repr(item)}"
            )
        out[key] = item
    return tuple(sorted(out.items()))


_PERIODS = ("day", "week", "month")


def _instant(value: Any, field: str) -> Any:
    """A pytz-zoned instant as the same instant in the ``ZoneInfo`` of that name; else as is.

    pandas 2 zones ``pd.Timestamp("2026-08-03", tz="Europe/Berlin")`` with pytz, whose zone has
    no ``key``: the report counted the goal's weeks in the start's fixed offset (``Etc/GMT-2``),
    an hour off after the October change, and a ``date`` key of the series met pytz's local
    mean time (``tzinfo=`` with a pytz zone). Checked first (``require_aware``), so a pytz zone
    attached without ``localize`` is still refused.
    """
    tz = value.tzinfo if isinstance(value, datetime) else None
    name = getattr(tz, "zone", None)
    if not callable(getattr(tz, "localize", None)) or not isinstance(name, str):
        return value
    return require_aware(value, field).astimezone(zone(name))


def _start(value: Any) -> Any:
    return _instant(value, "start")


def _deadline(value: Any) -> Any:
    return _instant(value, "deadline")


def _check_estimate(estimate: Any, name: str) -> None:
    """Refuse what is no estimate: a finite number or ``None`` as ``value``, ``lower`` and
    ``upper``, and ``lower <= upper``."""
    for field in ("value", "lower", "upper"):
        x = getattr(estimate, field, None)
        if x is not None and (is_bool(x) or not isinstance(x, int | float)):
            raise InputTypeError(
                f"{name}: expected an Estimate (numbers or None as value, lower, upper), got "
                f"{type(estimate).__name__} {safe_repr(estimate)}"
            )
    if not hasattr(estimate, "value"):
        raise InputTypeError(
            f"{name}: expected an Estimate, got {type(estimate).__name__} {safe_repr(estimate)}"
        )
    # A NaN value or bound, or a reversed interval: a strict goal compared the wrong bound.
    check_interval(estimate, name)


Problem = tuple[str, str, str]  # (field, letter, what is missing)


def _specific(v: Mapping[str, Any]) -> Iterator[Problem]:
    if v["name"] is None:
        yield "name", "specific", "no name"
    if v["kpi"] is None:
        yield "kpi", "specific", "no KPI"


def _measurable(v: Mapping[str, Any]) -> Iterator[Problem]:
    comparator, target, baseline = v["comparator"], v["target"], v["baseline"]
    if comparator is None:
        yield "comparator", "measurable", "no comparator (one of <, <=, >, >=)"
    elif target is None:
        yield "target", "measurable", "no target value"
    elif not math.isfinite(target):
        yield "target", "measurable", f"target {safe_repr(target)} is not a finite number"
    elif baseline is None:
        yield "baseline", "attainable", "no baseline to measure the improvement from"
    elif not math.isfinite(baseline):
        yield "baseline", "attainable", f"baseline {safe_repr(baseline)} is not a finite number"
    elif comparator.holds(baseline, target) or baseline == target:
        yield (
            "baseline",
            "measurable",
            f"the baseline {_fmt_num(baseline)} already meets the target "
            f"{comparator.value} {_fmt_num(target)}; a goal asks for a change",
        )
    yield from _share_range(v)
    yield from _reachable(v)
    most = v["max_improvement"]
    if most is not None and not (math.isfinite(most) and most > 0):
        yield (
            "max_improvement",
            "attainable",
            f"max_improvement must be a positive finite number, got {safe_repr(most)}",
        )


#: The KPIs measured as shares when no unit is given (as the goals report reads them); the
#: CSAT is a share of satisfied ratings unless its statistic is the mean rating.
_SHARE_KPIS = ("csat", "reopen_rate", "resolution_rate")


def _is_share(v: Mapping[str, Any]) -> bool:
    """Whether the goal's values are shares: its unit says so, or its KPI does with no unit."""
    unit = v.get("unit")
    if unit == "share":
        return True
    if unit or v["kpi"] not in _SHARE_KPIS:
        return False
    return not (v["kpi"] == "csat" and (v.get("statistic") or "").lower() == "mean")


def _share_range(v: Mapping[str, Any]) -> Iterator[Problem]:
    # A share is a fraction: 90 written for 90 % would make every goal unreachable (or met).
    if not _is_share(v):
        return
    for field in ("target", "baseline"):
        value = v[field]
        if isinstance(value, int | float) and math.isfinite(value) and not 0 <= value <= 1:
            # A percentage only where one reads as a share, in the one wording of the
            # library (_numbers.percent_hint): -5 or 1000 got "write -0.05 for -5 %".
            yield (
                field,
                "measurable",
                f"{field} {safe_repr(value)} is not a share in [0, 1]{_share_why(v)}"
                f"{percent_hint(value)}",
            )
            return


def _share_why(v: Mapping[str, Any]) -> str:
    if v.get("unit") == "share":
        return " (unit 'share')"
    return f": {v['kpi']} is measured as a share"


#: The KPIs whose values are times (never negative, in whatever unit).
_TIMES = ("first_reply_time", "resolution_time")


def _value_range(v: Mapping[str, Any]) -> tuple[float, float, str] | None:
    """The values the goal's KPI can take, where its unit or KPI says: (lowest, highest, what)."""
    if _is_share(v):
        return 0.0, 1.0, "a share"
    if v["kpi"] == "nps":
        return -100.0, 100.0, "an NPS"  # 100 (P - D) / n
    if v["kpi"] in _TIMES:
        return 0.0, math.inf, "a time"
    return None


def _reachable(v: Mapping[str, Any]) -> Iterator[Problem]:
    # A target no value of the KPI meets (a share > 1, a time < 0, an NPS >= 120) would leave
    # the goal at risk for ever, or on track when the trend line runs past the possible values.
    comparator, target, limits = v["comparator"], v["target"], _value_range(v)
    if comparator is None or target is None or limits is None or not math.isfinite(target):
        return
    low, high, what = limits
    if comparator.lower_is_better:
        never, bound = not comparator.holds(low, target), f"at least {_fmt_num(low)}"
    else:
        never, bound = not comparator.holds(high, target), f"at most {_fmt_num(high)}"
    if never:
        yield (
            "target",
            "attainable",
            f"target {comparator.value} {_fmt_num(target)} can never be met: {what} is {bound}",
        )
        return
    # A baseline no value of the KPI takes (an NPS of -150, a time of -1 h): the progress from
    # it, and the trend's start, would be measured from a place the KPI never stood.
    baseline = v["baseline"]
    if baseline is not None and math.isfinite(baseline) and not low <= baseline <= high:
        side = f"at least {_fmt_num(low)}" if baseline < low else f"at most {_fmt_num(high)}"
        yield (
            "baseline",
            "measurable",
            f"baseline {_fmt_num(baseline)} is no value of the KPI: {what} is {side}",
        )


def _relevant(v: Mapping[str, Any]) -> Iterator[Problem]:
    if v["objective"] is None and v["serves"] is None:
        yield "objective", "relevant", "no objective (give objective text or the goal it serves)"
    if v["serves"] is not None and v["serves"] == v["name"]:
        yield "serves", "relevant", "a goal cannot serve itself"


def _time_bound(v: Mapping[str, Any]) -> Iterator[Problem]:
    if v["start"] is None:
        yield "start", "time-bound", "no start"
    if v["deadline"] is None:
        yield "deadline", "time-bound", "no deadline"


_LETTERS: tuple[Callable[[Mapping[str, Any]], Iterator[Problem]], ...] = (
    _specific,
    _measurable,
    _relevant,
    _time_bound,
)


def _letter_problems(v: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """``(field, message)`` for each SMART problem of the goal's values, in checking order.

    The field is known where each problem is found, so ``from_dict`` gives the error's path
    without reading it back from the message. The checks are lazy: a consumer stops at the
    first problem, and later checks may assume the earlier ones passed.
    """
    who = f"goal {safe_repr(v['name'])}" if v["name"] else "goal"
    for letter_check in _LETTERS:
        for field, letter, what in letter_check(v):
            yield field, f"{who} is not {letter}: {what}"
    start = require_aware(v["start"], "start")
    deadline = require_aware(v["deadline"], "deadline")
    for field, instant in (("start", start), ("deadline", deadline)):
        try:
            require_instant(instant, field)
        except OutOfRangeError as exc:
            yield field, f"{who}: {exc}"
            return
    if deadline.astimezone(UTC) <= start.astimezone(UTC):
        yield (
            "deadline",
            f"{who}: deadline {deadline.isoformat()} is not after its start {start.isoformat()}",
        )


@attrs.frozen(repr=False)
class SmartGoal(Configurable):
    """A KPI goal that is Specific, Measurable, Attainable, Relevant and Time-bound (Doran 1981).

    Every field is keyword-only. Specific: ``name``, ``kpi`` (e.g. ``"first_reply_time"``),
    optional ``statistic`` (``"mean"``, ``"median"``...), ``segment`` (e.g.
    ``{"channel": "email", "hours": "business"}``), ``unit`` and the series ``period``
    (``"day"``, ``"week"`` or ``"month"``). Measurable: ``comparator`` and ``target`` in the KPI's
    unit. Attainable: ``baseline`` (where the KPI stands at the start; it must not already meet
    the target) and optionally ``max_improvement``, the largest credible change from the
    baseline in the KPI's unit; a target beyond it is flagged in
    [`warnings`][servicemodel.goals.SmartGoal.warnings] and ``attainable`` is False. A target
    no value of the KPI meets (a share above 1, a first reply or resolution time below 0, an
    NPS above 100), a share target or baseline outside ``[0, 1]`` and a baseline outside the
    KPI's values (an NPS of −150) are a ``GoalError``. The KPI's values are known for a
    ``unit="share"`` goal and, as the goals report reads them when no unit is given, for
    ``csat`` (a share of satisfied ratings, unless ``statistic="mean"``), ``reopen_rate`` and
    ``resolution_rate`` (shares), ``nps`` (−100 to 100) and ``first_reply_time`` and
    ``resolution_time`` (at least 0). For any other KPI (a mean rating, a KPI of your own) the
    scale is unknown: the target and the baseline must be finite numbers (NaN and infinities
    are a ``GoalError``) and the baseline must not already meet the target, and nothing else
    is checked.
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

    name: str | None = attrs.field(default=None, kw_only=True, converter=_name)
    kpi: str | None = attrs.field(default=None, kw_only=True, converter=_kpi)
    statistic: str | None = attrs.field(default=None, kw_only=True, converter=_statistic)
    segment: tuple[tuple[str, str], ...] = attrs.field(default=(), kw_only=True, converter=_segment)
    unit: str = attrs.field(default="", kw_only=True, validator=instance_of(str))
    period: str = attrs.field(default="week", kw_only=True, validator=in_(_PERIODS))
    comparator: Comparator | None = attrs.field(
        default=None, kw_only=True, converter=_optional_comparator
    )
    target: float | None = attrs.field(default=None, kw_only=True, converter=_target)
    baseline: float | None = attrs.field(default=None, kw_only=True, converter=_baseline)
    max_improvement: float | None = attrs.field(
        default=None, kw_only=True, converter=_max_improvement
    )
    objective: str | None = attrs.field(default=None, kw_only=True, converter=_objective)
    serves: str | None = attrs.field(default=None, kw_only=True, converter=_serves)
    start: datetime | None = attrs.field(default=None, kw_only=True, converter=_start)
    deadline: datetime | None = attrs.field(default=None, kw_only=True, converter=_deadline)

    def __attrs_post_init__(self) -> None:
        for _field, message in _letter_problems(attrs.asdict(self, recurse=False)):
            raise GoalError(message)

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
        x = real_number(value, "value", error=GoalError)
        return (x - self.baseline_value) / (self.target_value - self.baseline_value)

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
        _check_estimate(estimate, "estimate")
        require_type(strict, bool, "strict")  # an array's truth value raised ValueError
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

        ``series`` maps periods to estimates (a ``dict``, or a pandas Series of estimates
        indexed by period) or is a sequence of ``(period, estimate)`` pairs.
        A period is an aware datetime, a ``date`` (its first instant in the start's time zone:
        midnight, or where a DST change skips midnight the time it moves to, 01:00) or any
        object with an aware ``start`` datetime; a point counts from its period's start. Only
        points with a value whose period starts within ``[start, min(at, deadline)]`` are used,
        so data after ``at`` or after the deadline never changes the answer.

        The projection is the ordinary least-squares line through those points (value against
        time, unweighted), evaluated at the deadline; with one point, or all points at one
        instant, the line is flat. Time is elapsed time, in days of 24 hours between instants
        subtracted in UTC, not wall-clock days: a week across a DST change is 6 days 23 hours
        (or 7 days 1 hour) long, and the line does not depend on the zone the periods are
        keyed in; a line whose value at the deadline passes the float range is a
        ``GoalError``. Rules, in order: before the start -> ``not_started``; no
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
        return evaluate_goal(self, series, at=at, strict=strict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build a goal from a mapping (e.g. one ``[[goals]]`` table of a TOML file).

        Keys are the field names. ``start`` and ``deadline`` are aware datetimes or ISO 8601
        strings with an offset, or dates (``2026-08-03``) when ``tz`` names the time zone
        whose midnight (or, where a DST change skips it, the first instant) they mean. Every
        problem is a [`ConfigError`][servicemodel.errors.ConfigError] whose ``path`` names the
        field, including a missing letter (``deadline: not time-bound: no deadline``).

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
        from servicemodel.goals._config import goal_from_dict  # reads through this class

        return cast("Self", goal_from_dict(data, cls=cls))

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
