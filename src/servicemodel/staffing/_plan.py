"""A staffing plan over many intervals (a week of half hours): agents, FTE and scheduled staff."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    count_field,
    count_value,
    count_value_up_to,
    real_number,
    type_name,
    whole_number,
)
from servicemodel._validators import (
    as_tuple,
    in_,
    instance_of,
    members_of,
    real,
    require_iterable,
)
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MissingExtraError,
    OutOfRangeError,
    StaffingError,
    require_instant,
)
from servicemodel.staffing._erlang import (
    _check_shrinkage,
    queue_metrics,
    required_agents,
    scheduled_agents,
)
from servicemodel.staffing._erlang_a import (
    AbandonmentTarget,
    ErlangATarget,
    _check_patience,
    _check_within,
    erlang_a_metrics,
    required_agents_erlang_a,
)
from servicemodel.staffing._values import (
    AsaTarget,
    OccupancyTarget,
    QueueFigures,
    ServiceLevelTarget,
    StaffingTarget,
    Workload,
    _seconds,
    refuse_tiny_calls,
)

Model = Literal["erlang-c", "erlang-a"]


# real(): an int past the float range broke the plan's sums (total_agent_hours, records).
_NUMBER = real()
_NUMBER_OR_NONE = real(optional=True)


def _aware_or_none(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: ``None`` or an aware datetime in the supported range (named)."""
    if value is not None:
        require_instant(value, attribute.name)


def _rows(value: Any) -> tuple[Any, ...]:
    return as_tuple(value, "rows")


def _targets(value: Any) -> tuple[Any, ...]:
    return as_tuple(value, "targets")


@attrs.frozen
class PlanRow:
    """One interval of a [`WeeklyPlan`][servicemodel.staffing.WeeklyPlan].

    ``agents`` is the whole number of agents on contacts (after concurrency), ``fte`` the
    fractional requirement, ``scheduled`` the staff to roster after shrinkage and
    ``scheduled_fte`` its fractional counterpart. An interval with no contacts is the
    single-interval answer for no calls: no agents, service level 1.0, ASA and abandonment 0
    (nobody waits), and ``occupancy`` ``None`` (no agent time to be busy in); ``occupancy`` is
    a number in every interval with contacts.
    """

    index: int = attrs.field(validator=instance_of(int))
    start: datetime | None = attrs.field(validator=_aware_or_none)
    calls: float = attrs.field(validator=_NUMBER)
    aht: float = attrs.field(validator=_NUMBER)
    traffic: float = attrs.field(validator=_NUMBER)
    agents: int = attrs.field(converter=count_value, validator=count_field)
    fte: float = attrs.field(validator=_NUMBER)
    scheduled: int = attrs.field(converter=count_value, validator=count_field)
    scheduled_fte: float = attrs.field(validator=_NUMBER)
    service_level: float | None = attrs.field(validator=_NUMBER_OR_NONE)
    asa: float | None = attrs.field(validator=_NUMBER_OR_NONE)
    abandonment: float | None = attrs.field(validator=_NUMBER_OR_NONE)
    occupancy: float | None = attrs.field(validator=_NUMBER_OR_NONE)


_COLUMNS = tuple(a.name for a in attrs.fields(PlanRow))


def _concurrency_in(value: Any) -> Any:
    """attrs converter of a plan's concurrency: the count it holds (``count_value``); one past
    2**53 given otherwise than as an int (``1e308``) is handed on as given, for
    ``_check_concurrency`` to name so (``count_value_up_to``)."""
    return count_value_up_to(value, 2**53)


@attrs.frozen
class WeeklyPlan:
    """Agents needed per interval for a target, with scheduled staff after shrinkage.

    ``to_records()`` gives one dict per interval (DataFrame-ready); ``to_frame()`` builds a
    pandas DataFrame when pandas is installed.

    Examples:
        >>> plan = plan_intervals([100, 50], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
        >>> [r.agents for r in plan.rows], plan.total_agent_hours
        ([14, 8], 11.0)
    """

    model: Model = attrs.field(validator=in_(("erlang-c", "erlang-a"), error=StaffingError))
    interval: float = attrs.field(validator=_NUMBER)
    shrinkage: float = attrs.field(validator=_NUMBER)
    # As the argument is read: a whole number from 1 to 2**53 (0 or -3 was stored); one past
    # it given otherwise than as an int (1e308) is named as given, not as its 309 digits.
    concurrency: int = attrs.field(
        converter=_concurrency_in, validator=lambda _i, _a, v: _check_concurrency(v)
    )
    patience: float | None = attrs.field(validator=_NUMBER_OR_NONE)
    targets: tuple[ErlangATarget, ...] = attrs.field(converter=_targets)
    rows: tuple[PlanRow, ...] = attrs.field(converter=_rows, validator=members_of(PlanRow, tuple))

    @property
    def total_agent_hours(self) -> float:
        """Agent hours on contacts over the plan (whole agents × interval length)."""
        return sum(r.agents for r in self.rows) * self.interval / 3600

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per interval, keys in column order.

        Examples:
            >>> plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
            >>> plan.to_records()[0]["scheduled"]
            14
        """
        return [{c: getattr(r, c) for c in _COLUMNS} for r in self.rows]

    def to_frame(self) -> Any:
        """A pandas DataFrame of [`to_records`][servicemodel.staffing.WeeklyPlan.to_records].

        ``start`` is a ``datetime64[ns, zone]`` column even when the rows carry different UTC
        offsets (a week across a DST change): each start is taken as its UTC instant and
        shown in the plan's zone -- the rows' time zone when they share a named one
        (``ZoneInfo``, as ``plan_week`` gives), else UTC. A plan without starts has ``NaT``
        there; a start outside pandas' nanosecond range (1677-09-21 to 2262-04-11) is an
        [`OutOfRangeError`][servicemodel.errors.OutOfRangeError]. The other columns are
        ``int64`` (``index``, ``agents``, ``scheduled``) or ``float64`` (``NaN`` for a figure
        a row lacks), as in ``to_polars``, also for an empty plan or a column no row has.
        Raises [`MissingExtraError`][servicemodel.errors.MissingExtraError] without pandas.

        Examples:
            >>> from datetime import datetime
            >>> from zoneinfo import ZoneInfo
            >>> plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)],
            ...                       start=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Berlin")))
            >>> str(plan.to_frame()["start"].dtype)
            'datetime64[ns, Europe/Berlin]'
        """  # noqa: E501
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingExtraError("pandas", "WeeklyPlan.to_frame") from exc
        records = self.to_records()
        _check_int64(records)
        frame = pd.DataFrame.from_records(records, columns=list(_COLUMNS))
        # The types of to_polars: an empty plan, or a figure no row has, is no object column.
        types = {c: "int64" if _POLARS_TYPES.get(c) == "int" else "float64" for c in _COLUMNS}
        del types["start"]
        frame = frame.astype(types)
        instants = self._utc_starts()
        if instants is None:
            frame["start"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
        else:
            try:
                column = pd.to_datetime(instants, utc=True).as_unit("ns")
            except pd.errors.OutOfBoundsDatetime:  # pandas holds 1677-09-21 to 2262-04-11
                raise OutOfRangeError(
                    f"start: {min(i for i in instants if i is not None).isoformat()} .. "
                    f"{max(i for i in instants if i is not None).isoformat()} runs outside the "
                    "instants a pandas frame holds (1677-09-21 to 2262-04-11); to_polars() "
                    "and to_records() hold them"
                ) from None
            # A ZoneInfo, not the name, which pandas takes as pytz's zone (no DST after 2037).
            frame["start"] = column.tz_convert(ZoneInfo(self.zone))
        return frame

    def to_polars(self) -> Any:
        """A polars DataFrame of the records, the same columns as ``to_frame``.

        ``start`` is ``Datetime("us", zone)`` by the rule of ``to_frame``. Raises
        [`MissingExtraError`][servicemodel.errors.MissingExtraError] without polars.

        Examples:
            >>> from datetime import UTC, datetime
            >>> plan = plan_intervals([100, 0], aht=180, targets=[ServiceLevelTarget(0.8, 20)],
            ...                       start=datetime(2026, 3, 2, 9, tzinfo=UTC))
            >>> frame = plan.to_polars()
            >>> frame.schema["start"], frame["agents"].to_list()
            (Datetime(time_unit='us', time_zone='UTC'), [14, 0])
        """
        try:
            import polars as pl
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingExtraError("polars", "WeeklyPlan.to_polars") from exc
        records = self.to_records()
        _check_int64(records)
        columns = []
        instants = self._utc_starts()
        for name in _COLUMNS:
            values = [r[name] for r in records]
            if name == "start":
                at = instants if instants is not None else [None] * len(records)
                utc = pl.Series(name, at, dtype=pl.Datetime("us", "UTC"))
                columns.append(utc.dt.convert_time_zone(self.zone))
            else:
                dtype = _POLARS_TYPES.get(name, "float")
                columns.append(
                    pl.Series(name, values, dtype=pl.Int64 if dtype == "int" else pl.Float64)
                )
        return pl.DataFrame(columns)

    @property
    def zone(self) -> str:
        """The time zone the frames show ``start`` in: the rows' shared named zone, else UTC.

        Examples:
            >>> plan_intervals([1], aht=60, targets=[ServiceLevelTarget(0.8, 20)]).zone
            'UTC'
        """
        zones = {getattr(r.start.tzinfo, "key", None) for r in self.rows if r.start is not None}
        name = zones.pop() if len(zones) == 1 else None
        return name if isinstance(name, str) else "UTC"

    def _utc_starts(self) -> list[datetime] | None:
        # In UTC: rows across a DST change carry different offsets, and only instants convert.
        if not self.rows or any(r.start is None for r in self.rows):
            return None
        return [r.start.astimezone(UTC) for r in self.rows if r.start is not None]


#: Polars types of the numeric columns (``start`` is handled on its own).
_POLARS_TYPES = {"index": "int", "agents": "int", "scheduled": "int"}
_INT64_MAX = 2**63 - 1


def _check_int64(records: Sequence[dict[str, Any]]) -> None:
    """Refuse a count an int64 column cannot hold (``scheduled`` with a shrinkage a hair
    under 1), naming it: pandas raised ``OverflowError`` and polars ``TypeError``."""
    for r in records:
        for name, kind in _POLARS_TYPES.items():
            if kind == "int" and r[name] > _INT64_MAX:
                raise StaffingError(
                    f"{name} of interval {r['index']} is {safe_repr(r[name])}, more than a "
                    "frame's int64 column holds; to_records() holds it"
                )


def _check_start(start: Any, length: float, n: int) -> None:
    """Refuse a ``start`` that is no aware instant, or whose last interval is out of range."""
    if start is None:
        return
    require_instant(start, "start")
    try:
        require_instant(
            start + timedelta(seconds=length * max(0, n - 1)), "start of the last interval"
        )
    except OverflowError:  # past year 9999: a date Python cannot hold
        raise OutOfRangeError(
            f"start: {start.isoformat()} plus {n} intervals runs past the supported range"
        ) from None


def _check_calls(calls: Sequence[float]) -> list[float]:
    if isinstance(calls, str | bytes) or not isinstance(calls, Sequence):
        if hasattr(calls, "tolist") or hasattr(calls, "to_list"):  # a column: its repr is a table
            kind = type(calls)
            raise InputTypeError(
                f"calls: expected a sequence of numbers, got a {kind.__module__.split('.')[0]} "
                f"{kind.__name__}; pass its values as a list (column.to_list() or .tolist())"
            )
        raise InputTypeError(f"calls: expected a sequence of numbers, got {safe_repr(calls)}")
    out = []
    for i, value in enumerate(calls):
        number = real_number(value, f"calls[{i}]", error=StaffingError)
        if number < 0:
            raise StaffingError(f"calls[{i}] must be ≥ 0, got {safe_repr(value)}")
        refuse_tiny_calls(value, number, f"calls[{i}]")
        out.append(number)
    return out


def _check_concurrency(concurrency: int) -> int:
    # At most 2**53, as the library's other counts: the plan divides floats by it, which a
    # larger int (one past the float range) cannot take. Read as every count argument and the
    # number of agents are (``whole_number``): a numpy int (from a frame) or a whole float
    # (``2.0``, a column with a gap) is the Python int it holds; a bool, NaN or 2.5 is none.
    # The library's rule, in one message: a bool or text is of the wrong type
    # (InputTypeError); NaN or 2.5 a number holding no whole value (ConfigError, as for
    # ``agents``); a whole number out of range a StaffingError, as ``agents`` below 0 is.
    message = (
        f"concurrency must be a whole number from 1 to 2**53, got "
        f"{type_name(concurrency)} {safe_repr(concurrency)}"
    )
    try:
        whole = whole_number(concurrency, "concurrency")
    except ConfigError:
        raise ConfigError(message) from None
    except InputTypeError:
        raise InputTypeError(message) from None
    if not 1 <= whole <= 2**53:
        raise StaffingError(message)
    return whole


def _check_aht(aht: float | timedelta) -> float:
    seconds = _seconds(aht, "aht")
    if not (math.isfinite(seconds) and seconds > 0):
        raise StaffingError(f"aht must be a positive finite duration, got {safe_repr(aht)}")
    return seconds


def _check_plan_targets(targets: Any, model: Model) -> tuple[ErlangATarget, ...]:
    """The targets as a tuple, each one the model can staff for; else the error naming it."""
    chosen = tuple(require_iterable(targets, "targets"))
    if not chosen:
        raise InputTypeError("plan_intervals needs at least one target")
    for i, target in enumerate(chosen):
        if model == "erlang-c" and isinstance(target, AbandonmentTarget):
            raise StaffingError(
                f"targets[{i}]: an AbandonmentTarget needs model='erlang-a' "
                "(Erlang C has no abandonment)"
            )
        if not isinstance(
            target, ServiceLevelTarget | AsaTarget | OccupancyTarget | AbandonmentTarget
        ):
            raise InputTypeError(
                f"targets[{i}]: expected a ServiceLevelTarget, AsaTarget, OccupancyTarget or "
                f"AbandonmentTarget, got {type(target).__name__} {safe_repr(target)}"
            )
    return chosen


def _interpolated(
    target: ErlangATarget, figures: QueueFigures, below: QueueFigures | None
) -> float:
    """The fraction of the last agent the binding target needs, by linear interpolation."""
    if below is None:
        return 1.0
    value_at = _target_value(target, figures)
    value_below = _target_value(target, below)
    goal = _target_goal(target)
    if value_at == value_below:
        return 1.0
    return min(1.0, max(0.0, (goal - value_below) / (value_at - value_below)))


def _target_value(target: ErlangATarget, figures: Any) -> float:
    if isinstance(target, ServiceLevelTarget):
        return float(figures.service_level_at(target.within))
    if isinstance(target, AsaTarget):
        return float(figures.asa)
    if isinstance(target, OccupancyTarget):
        return float(figures.occupancy)
    return float(figures.probability_of_abandoning)


def _target_goal(target: ErlangATarget) -> float:
    if isinstance(target, ServiceLevelTarget):
        return target.fraction
    if isinstance(target, AsaTarget):
        return target.seconds
    if isinstance(target, OccupancyTarget):
        return target.maximum
    return target.maximum


class _Planner:
    """Plans one interval at a time with the chosen model and options."""

    def __init__(
        self,
        model: Model,
        targets: tuple[ErlangATarget, ...],
        patience: float | None,
        interval: float,
        within: float | None,
    ) -> None:
        self.model, self.targets, self.patience = model, targets, patience
        self.interval, self.within = interval, within

    def servers(self, workload: Workload) -> tuple[int, QueueFigures, float]:
        """Smallest server count, its figures, and the fractional (FTE) server count."""
        figures: QueueFigures
        if self.model == "erlang-a":
            assert self.patience is not None
            plan_a = required_agents_erlang_a(
                workload, *self.targets, patience=self.patience, within=self.within
            )
            n, figures = plan_a.agents, plan_a.metrics
        else:
            plan_c = required_agents(workload, *self._c_targets(), within=self.within)
            n, figures = plan_c.agents, plan_c.metrics
        if n == 0:  # no calls: nobody needed, not even part of an agent
            return n, figures, 0.0
        below = self._figures(workload, n - 1)
        need = max(self._fte(t, n, figures, below, workload) for t in self.targets)
        return n, figures, need

    def _c_targets(self) -> tuple[StaffingTarget, ...]:
        out: list[StaffingTarget] = []
        for t in self.targets:
            if isinstance(t, AbandonmentTarget):
                raise StaffingError(
                    "an AbandonmentTarget needs model='erlang-a' (Erlang C has no abandonment)"
                )
            out.append(t)
        return tuple(out)

    def _figures(self, workload: Workload, n: int) -> QueueFigures | None:
        if n < 1 or (self.model == "erlang-c" and n <= workload.traffic):
            return None
        if self.model == "erlang-a":
            assert self.patience is not None
            return erlang_a_metrics(workload, n, patience=self.patience)
        return queue_metrics(workload, n)

    def _fte(
        self,
        target: ErlangATarget,
        n: int,
        figures: QueueFigures,
        below: QueueFigures | None,
        workload: Workload,
    ) -> float:
        if isinstance(target, OccupancyTarget) and self.model == "erlang-c":
            return workload.traffic / target.maximum  # exact: occupancy is A / N
        if target.is_met_by(below) if below is not None else False:  # type: ignore[arg-type]
            return n - 1.0  # this target alone is met one agent lower
        return n - 1.0 + _interpolated(target, figures, below)


def plan_intervals(
    calls: Sequence[float],
    *,
    aht: float | timedelta,
    targets: Sequence[ErlangATarget],
    interval: float | timedelta = 1800.0,
    model: Model = "erlang-c",
    patience: float | timedelta | None = None,
    shrinkage: float = 0.0,
    concurrency: int = 1,
    start: datetime | None = None,
    within: float | timedelta | None = None,
) -> WeeklyPlan:
    """Agents needed in every interval of a forecast (e.g. 336 half hours of a week).

    ``calls[i]`` is the forecast of contacts in interval ``i`` (0 for a closed or empty
    interval: no agents, and the figures of
    [`required_agents`][servicemodel.staffing.required_agents] for no calls). Interval ``i``
    starts ``i`` intervals of real time after ``start`` (shown in ``start``'s zone), so the
    rows follow the clock across a DST change: after a spring change a row starts at 03:00,
    never at the 02:00 that does not exist, and an autumn day's repeated hour has its rows
    twice, told apart by their UTC offsets. Each
    interval is staffed on its own (a steady state per interval, the standard practice).
    ``model`` is ``"erlang-c"`` or ``"erlang-a"`` (which needs ``patience``). ``fte``
    interpolates linearly between the last count that misses the binding target and the
    first that meets it; ``scheduled`` is ``ceil(agents/(1 − s))``.

    Chat concurrency (an agent handling ``concurrency = k`` chats at once) is approximated by
    k independent servers per agent: the queue is staffed with N servers for the chat's
    handle time *as observed under concurrency*, and N/k agents are needed (rounded up). This
    ignores that slots of one agent share a person (a busy agent slows down), so give an
    ``aht`` measured at that concurrency.

    Examples:
        >>> plan = plan_intervals([0, 100], aht=180, targets=[ServiceLevelTarget(0.8, 20)],
        ...                       shrinkage=0.3)
        >>> [(r.agents, r.scheduled, round(r.fte, 2)) for r in plan.rows]
        [(0, 0, 0.0), (14, 20, 13.05)]
    """
    volumes = _check_calls(calls)
    length = _seconds(interval, "interval")
    if not (math.isfinite(length) and length > 0):
        raise StaffingError(
            f"interval must be a positive finite duration, got {safe_repr(interval)}"
        )
    _check_start(start, length, len(volumes))
    if not isinstance(model, str):  # the wrong type: an InputTypeError, not a StaffingError
        raise InputTypeError(
            f"model must be 'erlang-c' or 'erlang-a', got {type_name(model)} {safe_repr(model)}"
        )
    if model not in ("erlang-c", "erlang-a"):
        raise StaffingError(f"model must be 'erlang-c' or 'erlang-a', got {safe_repr(model)}")
    # A str subclass (numpy's text scalar, a frame's cell) as the plain text it equals: the
    # plan keeps only "erlang-c" or "erlang-a".
    model = "erlang-c" if model == "erlang-c" else "erlang-a"
    mean_patience = None
    if model == "erlang-a":
        if patience is None:
            raise StaffingError("model='erlang-a' needs patience (mean seconds before giving up)")
        mean_patience = _check_patience(patience)
    s = _check_shrinkage(shrinkage)
    k = _check_concurrency(concurrency)
    # Checked here, not only by the first interval with contacts: a plan whose intervals are
    # all empty would otherwise keep a negative or NaN handle time in its rows.
    _check_aht(aht)
    chosen = _check_plan_targets(targets, model)
    sec_within = None if within is None else _check_within(within)
    planner = _Planner(model, chosen, mean_patience, length, sec_within)
    rows = []
    for i, volume in enumerate(volumes):
        rows.append(_row(planner, i, _interval_start(start, length, i), volume, aht, length, s, k))
    return WeeklyPlan(model, length, s, k, mean_patience, chosen, tuple(rows))


def _interval_start(start: datetime | None, length: float, i: int) -> datetime | None:
    """The start of interval ``i``: ``i`` interval lengths of real time after ``start``.

    Added in UTC and shown in ``start``'s zone: aware arithmetic in one zone adds wall-clock
    time, which across a DST change gave a row to the hour that does not exist (02:00 on a
    spring day, the same instant as the 03:00 row) and none to the second 02:00 of an autumn
    day. Each row's offset (``+01:00``/``+02:00``) tells the repeated hour's two rows apart.
    """
    if start is None:
        return None
    at = start.astimezone(UTC) + timedelta(seconds=length * i)
    return at.astimezone(start.tzinfo)


def _row(
    planner: _Planner,
    i: int,
    at: datetime | None,
    volume: float,
    aht: float | timedelta,
    length: float,
    s: float,
    k: int,
) -> PlanRow:
    # An interval with no calls is planned like any other: the models give it no agents and
    # the figures of an empty queue, so a row always equals its interval planned alone.
    try:
        # Inside: a load the float range cannot hold (5e-324 calls) names its interval too.
        workload = Workload(calls=volume, interval=length, aht=aht)
        servers, figures, fte_servers = planner.servers(workload)
    except StaffingError as exc:
        raise StaffingError(f"interval {i} ({volume:g} contacts): {exc}") from None
    agents = math.ceil(servers / k)
    fte = fte_servers / k
    abandonment = getattr(figures, "probability_of_abandoning", 0.0)
    within = planner.within
    if within is None:
        levels = [t for t in planner.targets if isinstance(t, ServiceLevelTarget)]
        within = levels[0].within if levels else 20.0
    return PlanRow(
        index=i,
        start=at,
        calls=workload.calls,
        aht=workload.aht,
        traffic=workload.traffic,
        agents=agents,
        fte=fte,
        scheduled=scheduled_agents(agents, s),
        scheduled_fte=fte / (1 - s),
        service_level=figures.service_level_at(within),
        asa=figures.asa,
        abandonment=abandonment,
        occupancy=figures.occupancy,
    )
