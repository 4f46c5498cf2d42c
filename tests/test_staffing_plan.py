"""Tests for weekly staffing plans (servicemodel.staffing.plan_intervals) and arrival forecasts,
backtests and the check by simulation (servicemodel.forecast)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.forecast import (
    SLOTS,
    HistoryTooShortError,
    backtest,
    check_plan,
    count_arrivals,
    forecast_arrivals,
    handle_times,
    plan_week,
)
from servicemodel.model import Ticket
from servicemodel.simulate import RateProfile, SupportDesk, simulate
from servicemodel.staffing import (
    AbandonmentTarget,
    OccupancyTarget,
    ServiceLevelTarget,
    Workload,
    erlang_a_metrics,
    plan_intervals,
    queue_metrics,
    required_agents,
    required_agents_erlang_a,
)

SL = ServiceLevelTarget(fraction=0.8, within=20)
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)

# --- the plan -------------------------------------------------------------------------------


def test_each_row_is_the_single_interval_answer() -> None:
    calls = [0, 100, 37.5, 250]
    plan = plan_intervals(calls, aht=180, targets=[SL], shrinkage=0.3, start=MONDAY)
    assert [r.agents for r in plan.rows] == [
        0,
        *(required_agents(Workload(c, 1800, 180), SL).agents for c in calls[1:]),
    ]
    assert plan.rows[1].scheduled == 20  # the Call Centre Helper example: 14 → 20
    assert plan.rows[3].start == MONDAY + timedelta(minutes=90)
    # No calls: the figures of an empty queue, as required_agents gives them (docs/staffing.md).
    empty = plan.rows[0]
    assert (empty.service_level, empty.asa, empty.abandonment, empty.occupancy) == (
        1.0, 0.0, 0.0, None)  # fmt: skip


def test_erlang_a_rows_use_abandonment() -> None:
    targets = [SL, AbandonmentTarget(maximum=0.03)]
    plan = plan_intervals([100, 300], aht=180, targets=targets, model="erlang-a", patience=300)
    for row, calls in zip(plan.rows, [100, 300], strict=True):
        single = required_agents_erlang_a(Workload(calls, 1800, 180), *targets, patience=300)
        assert row.agents == single.agents
        assert row.abandonment == pytest.approx(single.metrics.probability_of_abandoning)


def test_fractional_requirement_lies_between_the_neighbouring_counts() -> None:
    plan = plan_intervals([100, 180, 55], aht=180, targets=[SL], shrinkage=0.25)
    for row in plan.rows:
        assert row.agents - 1 <= row.fte <= row.agents
        assert row.scheduled_fte == pytest.approx(row.fte / 0.75)
    # Interpolation on the service level: 13 agents give 79.6 %, 14 give 88.8 %.
    low, high = (
        queue_metrics(Workload(100, 1800, 180), 13),
        queue_metrics(Workload(100, 1800, 180), 14),
    )
    expected = 13 + (0.8 - low.service_level) / (high.service_level - low.service_level)
    assert plan.rows[0].fte == pytest.approx(expected)


def test_an_occupancy_cap_gives_its_exact_fractional_need() -> None:
    plan = plan_intervals([100], aht=180, targets=[OccupancyTarget(maximum=0.7)])
    assert plan.rows[0].agents == 15
    assert plan.rows[0].fte == pytest.approx(10 / 0.7)


def test_chat_concurrency_divides_servers_among_agents() -> None:
    one = plan_intervals([100], aht=600, targets=[SL])
    three = plan_intervals([100], aht=600, targets=[SL], concurrency=3)
    assert three.rows[0].agents == math.ceil(one.rows[0].agents / 3)
    assert three.rows[0].fte == pytest.approx(one.rows[0].fte / 3)


def test_records_and_frame() -> None:
    plan = plan_intervals([100, 0], aht=180, targets=[SL], start=MONDAY)
    records = plan.to_records()
    assert list(records[0]) == [
        "index",
        "start",
        "calls",
        "aht",
        "traffic",
        "agents",
        "fte",
        "scheduled",
        "scheduled_fte",
        "service_level",
        "asa",
        "abandonment",
        "occupancy",
    ]
    assert plan.total_agent_hours == 7.0
    pd = pytest.importorskip("pandas")
    frame = plan.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame["agents"].tolist() == [14, 0]


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf])
def test_bad_interval_volumes_are_refused(bad: float) -> None:
    with pytest.raises(StaffingError, match=r"calls\[1\]"):
        plan_intervals([10, bad], aht=180, targets=[SL])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"aht": 0}, "aht"),
        ({"aht": math.nan}, "aht"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"shrinkage": math.nan}, "shrinkage"),
        ({"concurrency": 0}, "concurrency"),
        ({"model": "erlang-x"}, "model"),
        ({"model": "erlang-a"}, "patience"),
        ({"model": "erlang-a", "patience": math.inf}, "patience"),
        ({"model": "erlang-a", "patience": -3}, "patience"),
        ({"interval": 0}, "interval"),
        ({"targets": [AbandonmentTarget(0.1)]}, "erlang-a"),
    ],
)
def test_bad_plan_options_are_refused(kwargs: dict[str, object], match: str) -> None:
    options: dict[str, object] = {"aht": 180, "targets": [SL], **kwargs}
    with pytest.raises(StaffingError, match=match):
        plan_intervals([100], **options)  # type: ignore[arg-type]


def test_plan_needs_targets_and_a_sequence() -> None:
    with pytest.raises(InputTypeError, match="at least one target"):
        plan_intervals([100], aht=180, targets=[])
    with pytest.raises(InputTypeError, match="sequence"):
        plan_intervals("100", aht=180, targets=[SL])  # type: ignore[arg-type]


def test_an_unreachable_interval_is_named() -> None:
    with pytest.raises(StaffingError, match=r"interval 1 .*unreachable"):
        plan_intervals([0, 20], aht=180, targets=[ServiceLevelTarget(1.0, 20)])


# --- arrival forecasts ----------------------------------------------------------------------


def _tickets(per_week: list[dict[int, int]], channel: str = "email") -> list[Ticket]:
    """Tickets with ``per_week[w][slot]`` arrivals in that half hour of week ``w``."""
    out = []
    for w, slots in enumerate(per_week):
        for slot, n in slots.items():
            for k in range(n):
                at = MONDAY + timedelta(weeks=w, minutes=30 * slot, seconds=k)
                out.append(Ticket(f"{channel}-{w}-{slot}-{k}", at, channel=channel))
    return out


def test_the_profile_is_the_mean_of_the_weeks() -> None:
    history = _tickets([{18: 4}, {18: 6}, {18: 8}, {}]) + _tickets([{20: 2}] * 3, "chat")
    f = forecast_arrivals(history, since=MONDAY, until=MONDAY + timedelta(weeks=3))
    assert f.weeks_used == 3
    assert f.mean["email"][18] == 6.0
    assert f.mean["chat"][20] == 2.0
    assert f.calls()[18] == 6.0
    assert f.start == MONDAY + timedelta(weeks=3)
    # Overdispersed weeks widen the interval beyond Poisson: variance 4 > mean... here = 4 vs 6.
    assert f.low["email"][18] < 6.0 < f.high["email"][18]
    assert len(f.to_records()) == 2 * SLOTS


def test_holidays_and_closures_are_left_out_of_the_profile() -> None:
    # Week 2's Monday is a holiday: its zero count must not pull the Monday 09:00 mean down.
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"}, holidays=["2026-03-16"])
    history = _tickets([{18: 10}, {18: 10}, {}, {18: 10}])
    counts = count_arrivals(history, calendar=cal, since=MONDAY, until=MONDAY + timedelta(weeks=4))
    assert counts.open[2][18] is False
    assert counts.open[0][0] is False  # Monday 00:00 is outside the hours
    f = forecast_arrivals(history, calendar=cal, since=MONDAY, until=MONDAY + timedelta(weeks=4))
    assert f.mean["email"][18] == 10.0
    assert f.open[0] is False
    assert f.mean["email"][0] == 0.0


def test_a_holiday_in_the_forecast_week_is_forecast_closed() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"}, holidays=["2026-03-23"])
    history = _tickets([{18: 10}] * 3)
    f = forecast_arrivals(history, calendar=cal, since=MONDAY, until=MONDAY + timedelta(weeks=3))
    assert f.open[18] is False
    assert f.mean["email"][18] == 0.0
    assert f.open[18 + 48] is True


def test_local_time_slots_follow_the_zone() -> None:
    berlin = "Europe/Berlin"
    history = _tickets([{16: 3}, {16: 3}, {16: 3}])  # 08:00 UTC = 09:00 Berlin (winter time)
    f = forecast_arrivals(
        history, tz=berlin, since=MONDAY - timedelta(hours=1), until=MONDAY + timedelta(weeks=3)
    )
    assert f.mean["email"][18] == 3.0


def test_a_history_too_short_says_how_much_is_needed() -> None:
    history = _tickets([{18: 1}, {18: 1}])
    with pytest.raises(HistoryTooShortError, match=r"at least 2 full weeks .* has 1"):
        forecast_arrivals(history, since=MONDAY, until=MONDAY + timedelta(weeks=1, days=3))
    with pytest.raises(HistoryTooShortError, match=r"needs at least 6 full weeks .* has 2"):
        backtest(history, weeks=4, since=MONDAY, until=MONDAY + timedelta(weeks=2))
    with pytest.raises(HistoryTooShortError, match="no tickets"):
        forecast_arrivals([])
    assert issubclass(HistoryTooShortError, StaffingError)


@pytest.mark.parametrize("level", [0, 1, math.nan, 2])
def test_bad_levels_are_refused(level: float) -> None:
    # A number of the right type that is no level in (0, 1): a ConfigError naming it.
    with pytest.raises(ConfigError, match=r"^level must be a number in \(0, 1\), got "):
        forecast_arrivals(_tickets([{18: 1}] * 3), since=MONDAY, level=level)


def test_handle_times_from_history_or_given() -> None:
    t = [
        Ticket("a", MONDAY, channel="chat", attributes={"handle_time": 200}),
        Ticket("b", MONDAY, channel="chat", attributes={"handle_time": 400}),
        Ticket("c", MONDAY, channel="email"),
    ]
    assert handle_times(t) == {"chat": 300.0}
    assert handle_times(t, given={"email": 900}) == {"chat": 300.0, "email": 900.0}
    with pytest.raises(StaffingError, match="handle_time"):
        handle_times([Ticket("d", MONDAY, attributes={"handle_time": -1})])
    with pytest.raises(StaffingError, match="email"):
        handle_times(t, given={"email": math.nan})


def _simulated_history(weeks: int) -> list[object]:
    profile = RateProfile.weekly([1] * 8 + [12] * 10 + [2] * 6, days=[1, 1, 1, 1, 0.8, 0.2, 0.1])
    desk = SupportDesk(agents=4, arrivals=profile, handle_time=180)
    run = simulate(desk, MONDAY, MONDAY + timedelta(weeks=weeks), seed=5)
    return list(run.histories())


def test_backtest_on_poisson_weeks_beats_seasonal_naive() -> None:
    # A steady weekly profile with Poisson noise: the mean of past weeks estimates the rate,
    # last week's count is rate + noise, so the profile's MASE must be below the naive one.
    history = _simulated_history(8)
    bt = backtest(history, weeks=3, since=MONDAY, until=MONDAY + timedelta(weeks=8))
    text = str(bt)
    print(text)
    assert "MASE" in text
    overall = bt.rows[0]
    assert overall.channel == "all"
    assert overall.slots == 3 * SLOTS
    assert overall.mase < overall.naive_mase
    assert 0.6 < overall.coverage <= 1.0  # 80 % intervals on Poisson counts (discrete, small)


# --- checked by simulation ------------------------------------------------------------------


def test_a_plan_meets_its_target_in_simulation_and_an_understaffed_one_is_caught() -> None:
    # Three half hours staffed by Erlang C for 80 % in 20 s. Each is simulated as a steady
    # queue for 20 batches of 2 h after a 2-h warm-up (~400-800 contacts a batch); the 95 %
    # batch-means interval must reach the target: the plan predicts ≥ 80 %, so a miss is a
    # one-sided false alarm of ≤ 2.5 % per interval (seeds fixed). The intervals are required
    # to be narrower than 12 points, so that "passed" is not bought with vagueness. With two
    # agents fewer everywhere Erlang C predicts 39-64 %, more than 12 points below 80 %: every
    # interval must be caught.
    plan = plan_intervals([100, 200, 60], aht=180, targets=[SL], start=MONDAY)
    check = check_plan(plan, batches=20, hours_per_batch=2, seed=3)
    print(check)
    assert check.passed
    for c in check.intervals:
        assert c.high - c.low < 0.12
        assert c.low <= c.predicted + 0.03
    fewer = attrs.evolve(plan, rows=tuple(attrs.evolve(r, agents=r.agents - 2) for r in plan.rows))
    caught = check_plan(fewer, batches=20, hours_per_batch=2, seed=3)
    print(caught)
    assert not caught.passed
    assert len(caught.short) == 3
    assert all(c.predicted < 0.65 for c in caught.intervals)  # the model agrees


def test_an_erlang_a_plan_is_checked_with_patience() -> None:
    plan = plan_intervals(
        [100, 150], aht=180, targets=[SL], model="erlang-a", patience=300, start=MONDAY
    )
    check = check_plan(plan, batches=20, hours_per_batch=2, seed=11)
    assert check.passed
    predicted = [
        erlang_a_metrics(Workload(c, 1800, 180), r.agents, patience=300).service_level
        for c, r in zip([100, 150], plan.rows, strict=True)
    ]
    assert [c.predicted for c in check.intervals] == pytest.approx(predicted)


def test_plan_week_from_a_forecast() -> None:
    history = _simulated_history(3)
    f = forecast_arrivals(history, since=MONDAY, until=MONDAY + timedelta(weeks=3))
    plan = plan_week(f, aht=180, targets=[SL], model="erlang-a", patience=300, shrinkage=0.3)
    assert len(plan.rows) == SLOTS
    assert plan.rows[0].start == f.start
    busy = [r for r in plan.rows if r.calls > 0]
    assert busy
    assert all(r.scheduled >= r.agents >= 1 for r in busy)


def test_check_plan_needs_a_service_level_target() -> None:
    plan = plan_intervals([100], aht=180, targets=[OccupancyTarget(0.8)])
    with pytest.raises(StaffingError, match="ServiceLevelTarget"):
        check_plan(plan)


# --- the documentation ----------------------------------------------------------------------


def test_every_code_block_of_the_staffing_page_runs_and_prints_what_it_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "staffing.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    for block in blocks:
        exec(compile(block, str(page), "exec"), {"__name__": "docs"})
    out = capsys.readouterr().out
    for line in (
        "0.2258",
        "0.025",
        "6.91 7.49",
        "14 20",
        "9 8.01 13 11.44",
        "17 16.49 25 23.56",
        "all            1008   1.134   0.882   1.117   84.3%",
        "336 2",
    ):
        assert line in out


# --- the staff command (servicemodel._staff_cli, behind servicemodel.cli) --------------------


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> str:
    from servicemodel.io import dump_jsonl

    profile = RateProfile.weekly([1] * 8 + [12] * 10 + [2] * 6, days=[1, 1, 1, 1, 0.8, 0.2, 0.1])
    desk = SupportDesk(agents=4, arrivals=profile, handle_time=180)
    run = simulate(desk, MONDAY, MONDAY + timedelta(weeks=3, hours=1), seed=5)
    path = tmp_path_factory.mktemp("staff") / "tickets.jsonl"
    path.write_text(dump_jsonl(run.histories()), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_the_staff_command_prints_a_plan(export: str, fmt: str) -> None:
    import io
    import json

    from servicemodel._staff_cli import main

    out = io.StringIO()
    argv = [export, "--target", "80% in 20s", "--shrinkage", "0.3", "--aht", "3m"]
    argv += ["--model", "erlang-a", "--patience", "5m", "--format", fmt]
    assert main(argv, out) == 0
    text = out.getvalue()
    if fmt == "json":
        rows = json.loads(text)
        assert len(rows) == SLOTS
        assert {r["agents"] for r in rows} >= {1, 2}
    elif fmt == "csv":
        assert text.splitlines()[0].startswith("index,start,calls")
        assert len(text.splitlines()) == SLOTS + 1
    else:
        assert text.startswith("erlang-a plan, 336 half hours, shrinkage 0.3")


def test_the_staff_command_writes_starts_in_iso_8601_in_every_format(export: str) -> None:
    # CSV and JSON once wrote str(datetime), "2026-03-23 00:00:00+01:00"; all three formats
    # write the text's ISO 8601 form, which datetime.fromisoformat reads back to the instant.
    import csv
    import io
    import itertools
    import json

    from servicemodel._staff_cli import main

    argv = [export, "--target", "80% in 20s", "--aht", "3m", "--tz", "Europe/Berlin"]
    outs = {}
    for fmt in ("text", "json", "csv"):
        out = io.StringIO()
        assert main([*argv, "--format", fmt], out) == 0
        outs[fmt] = out.getvalue()
    from_json = [r["start"] for r in json.loads(outs["json"])]
    from_csv = [r["start"] for r in csv.DictReader(io.StringIO(outs["csv"]))]
    assert from_json == from_csv
    assert len(from_json) == SLOTS
    starts = [datetime.fromisoformat(s) for s in from_json]
    assert [s.isoformat() for s in starts] == from_json
    # The forecast week is the one after the history, in summer time.
    assert from_json[0] == "2026-03-30T00:00:00+02:00"
    assert {s[10] for s in from_json} == {"T"}
    assert all(b - a == timedelta(minutes=30) for a, b in itertools.pairwise(starts))
    listed = [line.split()[0] for line in outs["text"].splitlines()[2:] if line.strip()]
    assert listed
    assert set(listed) <= set(from_json)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--target", "80 percent", "--aht", "3m"], "--target"),
        (["--target", "80% in 20s"], "no handle time"),
        (["--target", "80% in 20s", "--aht", "3m", "--shrinkage", "1"], "shrinkage"),
        (["--target", "80% in 20s", "--aht", "3m", "--model", "erlang-a"], "--patience"),
        (["--target", "80% in 20s", "--aht", "0"], "aht"),
    ],
)
def test_the_staff_command_reports_bad_input_in_one_line(
    export: str, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from servicemodel._staff_cli import main

    assert main([export, *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("servicemodel staff: error:")
    assert message in err
    assert err.count("\n") == 1


_ZONES = [None, "UTC", "America/New_York", "Europe/Berlin"]


@settings(max_examples=40, deadline=None)
@given(
    calls=st.lists(st.sampled_from([0.0, 3.0, 100.0, 2000.0]), max_size=6),
    zone=st.sampled_from(_ZONES),
    erlang_a=st.booleans(),
)
def test_to_frame_and_to_polars_hold_the_same_table_with_the_same_types(
    calls: list[float], zone: str | None, erlang_a: bool
) -> None:
    # Was: an empty plan gave pandas columns of dtype object, a figure no row has (a plan of
    # no calls has no service level) an object column of None, a plan without starts an
    # object column of None -- where to_polars gives Int64, Float64 and Datetime columns.
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    from zoneinfo import ZoneInfo

    # The night of a DST change in New York (March 8) and a week later in Berlin.
    start = None if zone is None else datetime(2026, 3, 8, tzinfo=ZoneInfo(zone))
    model: dict[str, object] = {"model": "erlang-a", "patience": 120} if erlang_a else {}
    plan = plan_intervals(calls, aht=180, targets=[SL], start=start, interval=3600, **model)
    frame, polars = plan.to_frame(), plan.to_polars()
    assert list(frame.columns) == polars.columns
    expected = {pl.Int64: "int64", pl.Float64: "float64"}
    for name, dtype in polars.schema.items():
        if name == "start":
            assert dtype == pl.Datetime("us", plan.zone)
            assert str(frame[name].dtype) == f"datetime64[ns, {plan.zone}]"
            left = [None if t is pd.NaT else t.to_pydatetime() for t in frame[name]]
            # As instants, from polars' UTC values (not its bundled zone data's local times).
            right = polars[name].dt.convert_time_zone("UTC").to_list()
        else:
            assert str(frame[name].dtype) == expected[dtype], name
            left = [None if math.isnan(v) else v for v in frame[name].tolist()]
            right = polars[name].to_list()
        assert left == right, name


@settings(max_examples=20, deadline=None)
@given(calls=st.lists(st.integers(0, 500), max_size=5), library=st.sampled_from(["pd", "pl", "np"]))
def test_a_column_of_calls_is_refused_in_one_line_naming_its_library(
    calls: list[int], library: str
) -> None:
    # The error showed the column's repr: a polars Series is a table over several lines.
    column = {
        "pd": lambda: pytest.importorskip("pandas").Series(calls),
        "pl": lambda: pytest.importorskip("polars").Series(calls),
        "np": lambda: pytest.importorskip("numpy").array(calls),
    }[library]()
    with pytest.raises(InputTypeError) as caught:
        plan_intervals(column, aht=180, targets=[SL])
    message = str(caught.value)
    assert "\n" not in message
    assert {"pd": "a pandas Series", "pl": "a polars Series", "np": "a numpy ndarray"}[
        library
    ] in message
    assert (
        plan_intervals(
            column.tolist() if library != "pl" else column.to_list(), aht=180, targets=[SL]
        ).rows
        == plan_intervals(calls, aht=180, targets=[SL]).rows
    )


@settings(max_examples=20, deadline=None)
@given(
    zone=st.sampled_from(["Africa/Casablanca", "Europe/Berlin"]),
    start_day=st.sampled_from([datetime(2026, 9, 28), datetime(2041, 6, 30)]),
    hours=st.integers(1, 30),
)
def test_to_frame_shows_the_local_start_times_to_polars_shows(
    zone: str, start_day: datetime, hours: int
) -> None:
    # pandas took the plan's zone name as pytz's zone: no DST after 2037, Morocco's offset
    # wrong in 2026 -- each start shown an hour off, though its instant was right.
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    from zoneinfo import ZoneInfo

    # polars shows its cells by its own bundled zone data, which may differ from Python's:
    # its starts are compared as instants, and pandas' shown as the plan's rows show them.
    start = start_day.replace(tzinfo=ZoneInfo(zone))
    plan = plan_intervals([10.0] * hours, aht=180, targets=[SL], start=start, interval=3600)
    pandas_starts = [t.to_pydatetime() for t in plan.to_frame()["start"]]
    polars_starts = plan.to_polars()["start"].dt.convert_time_zone("UTC").to_list()
    assert pandas_starts == polars_starts  # the same instants
    shown = [t.replace(tzinfo=None) for t in pandas_starts]
    assert shown == [r.start.replace(tzinfo=None) for r in plan.rows]  # the same local times
    assert shown[0] == start_day


#: A plan of about 2,000 agents: with a shrinkage a hair under 1 its scheduled staff pass
#: what an int64 column holds (2**63 - 1).
_BIG_PLAN_CALLS = [20000.0]


@settings(max_examples=30, deadline=None)
@given(
    shrinkage=st.floats(0, 1, exclude_max=True)
    | st.sampled_from([1 - 2**-53, 1 - 1e-15, 1 - 1e-14, 1 - 1e-12])
)
def test_the_frames_hold_every_count_or_refuse_it_naming_it(shrinkage: float) -> None:
    # to_frame's astype(int64) raised OverflowError, to_polars a TypeError, past int64.
    plan = plan_intervals(
        _BIG_PLAN_CALLS, aht=180, targets=[ServiceLevelTarget(0.8, 20)], shrinkage=shrinkage
    )
    scheduled = [r["scheduled"] for r in plan.to_records()]
    for build in (plan.to_frame, plan.to_polars):
        if max(scheduled) > 2**63 - 1:
            with pytest.raises(StaffingError, match=rf"scheduled of interval 0 is {scheduled[0]}"):
                build()
        else:
            assert list(build()["scheduled"]) == scheduled
