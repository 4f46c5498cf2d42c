"""Fuzz calendar history files, the standards' snapshot and survey scales, escalation ladders,
durations, goals, self-service and journeys, t quantiles, comparisons of survey scores, QA,
SERVQUAL and feedback inputs, channel shifts, vendor readers, the HTML report, Dask and
backtests.

Each harness checks the error contract (``assert_contract``: a ``ServiceModelError`` with a
message, never another type, never a hang) and a law on what valid input gives:

- ``ScheduleHistory.to_dict``/``from_dict`` round-trips histories whose versions are combined
  calendars or histories themselves; a history dict with one hostile field is refused or
  read as a history that round-trips;
- ``parse_duration`` reads ASCII durations exactly and refuses any text that is not ASCII;
- ``t_quantile`` agrees with ``scipy.stats.t.ppf`` to 1e-7 (relative) at levels down to
  1e-300 and every df up to a million, and is antisymmetric;
- ``SmartGoal.evaluate`` refuses a series point that is no finite number or shares its
  instant with another, and does not depend on the order of the series;
- ``standards.measure`` and ``blueprint.assess(...).compliance`` agree on every snapshot
  (``at``, ``observed_until``, ``now``, hostile instants included); the standards' CSAT and
  NPS equal the report's on ratings of mixed and off scales (or both refuse them alike);
- ``EscalationLadder.from_dict`` refuses blank level names and targets and more than
  ``MAX_LEVELS`` levels; on a calendar open an hour a week, delays of a century give a
  ``CalendarError`` naming the level or repeat, or a timeline in order, before the stop;
- ``SelfService`` merged from two parts equals one pass; blank customers are anonymous and
  still end the data; ``JourneyStats`` given paths another journey placed never counts a
  stage visited but not reached; a blank customer or an instant out of range is refused;
- ``kpi.compare`` refuses exactly the survey accumulators that would not merge, and a
  ``MergeError`` names only the parameters that differ;
- a QA ``fail_on`` written as text (``"Yes"``, ``" 2 "``) fails exactly the answers it names;
  a SERVQUAL row with a byte-order mark or a hostile cell is read exactly or refused; themes
  from an attribute never name NaN or a blank; ``channel_shift`` pools into one column and
  keeps every contact;
- Zendesk reads a via id (an int or its ASCII digits) as its via type and any other text as
  the name it is, and skips a ticket as merged exactly when it is closed and a merge's audit
  closed it or a merge tag says so (a merge's comment alone is the ticket merged into);
  Freshdesk reads each source code as its channel or ``other``;
- the HTML report on drawn histories and options: every chart draws or says "Nothing to
  draw", and the page shows that note;
- Dask refuses tickets handed to a survey accumulator without ``extract=`` by naming the
  extractor, and with it equals one pass; ``forecast.backtest``'s errors are NaN (no slot
  held out) or finite and non-negative, its coverage a share.

Found and fixed (each with a regression test in the matching test module):

- ``t_quantile`` past 5000 df was off by up to 1e-7 for p below about 1e-30 (the expansion
  alone was kept at every p);
- Zendesk read a ``via.channel`` in capitals or with spaces (``"Mail"``, ``"4 "``) as the
  channel ``mail`` or ``4``, beside ``email`` for ``"mail"`` and ``"4"``;
- Dask named the extractor only when a partition's first record was a ticket, not for a
  ticket after plain scores;
- the HTML report's KPI charts made one tick a week before thinning their labels, so
  histories spread over ten years (as ``histories()`` draws them) took about two seconds a
  chart and up to 18 s for one ``kpi_charts`` call (the chart harness then allowed 60 s a
  call); the axis is now thinned before its ticks are made (about 0.3 s a
  chart), and the harness allows 20 s a call, for a loaded machine. A call cut off by that
  budget can leave matplotlib's state broken for the next one ("Invalid affine
  transformation matrix"), which is no finding of its own.

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=200 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_standards_journeys_qa_feedback.py
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess
from servicemodel.calendar import BusinessCalendar, ScheduleHistory
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    MergeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.escalation import MAX_LEVELS, EscalationLadder
from servicemodel.feedback import POOLED, ChannelMix, ThemeCounts, ThemeSelector, channel_shift
from servicemodel.forecast import backtest
from servicemodel.goals import SmartGoal
from servicemodel.io import freshdesk, history_to_dict, zendesk
from servicemodel.io.zendesk._fields import CHANNELS, VIA_IDS, automated_via
from servicemodel.journey import Journey, JourneyEvent, JourneyStats
from servicemodel.kpi import CES, CSAT, NPS, Estimate, compare, t_quantile
from servicemodel.model import Ticket, TicketHistory
from servicemodel.qa import Criterion, Scale
from servicemodel.report import ReportOptions, build_report, render_html
from servicemodel.report._charts import kpi_charts, sla_charts
from servicemodel.report._charts_time import goal_charts, survival_charts
from servicemodel.selfservice import SelfService, Session
from servicemodel.servqual import SERVQUAL_1988, ServqualResponse, responses_from_rows
from servicemodel.sla import Measurement, parse_duration
from servicemodel.standards import QualityBenchmark, ServiceStandards, measure
from servicemodel.strategies import (
    combined_calendars,
    goals,
    help_sessions,
    histories,
    journey_events,
    journeys,
    ladders,
    measurements,
    policies,
    report_options,
    satisfaction_ratings,
    schedule_histories,
    service_standards,
    servqual_responses,
)

from .calendars import LEAVES
from .conftest import assert_contract, bounded_contract, fuzz_settings, require, show

pytestmark = pytest.mark.fuzz


#: Hostile scalars: what a JSON file, a spreadsheet or a careless caller puts anywhere.
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.just(""),
    st.just("   "),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(datetime(2026, 1, 1)),  # naive
    st.just(date(2026, 1, 1)),
)


# ---------------------------------------------------------------- calendars: history files


@fuzz_settings(40)
@given(
    schedule_histories(
        calendars=st.one_of(
            LEAVES,
            combined_calendars(calendars=LEAVES, max_operands=3),
            schedule_histories(calendars=LEAVES, max_versions=2),
        ),
        max_versions=3,
    )
)
def test_schedule_history_round_trips_with_combined_and_nested_versions(
    history: ScheduleHistory,
) -> None:
    data = assert_contract(history.to_dict)
    require(isinstance(data, dict), "TO_DICT", f"{show(history)} gave {show(data)}", "to_dict")
    text = json.dumps(data)
    back = assert_contract(ScheduleHistory.from_dict, json.loads(text))
    require(back == history, "ROUND TRIP", f"{show(history)} read back as {show(back)}", "rt")


@st.composite
def broken_history_dicts(draw: st.DrawFn) -> Any:
    """A history dict with one field replaced by something hostile."""
    history = draw(schedule_histories(calendars=LEAVES, max_versions=3))
    data: Any = json.loads(json.dumps(history.to_dict()))
    where = draw(st.sampled_from(["root", "versions", "version", "since", "calendar", "extra"]))
    bad = draw(HOSTILE)
    k = draw(st.integers(0, len(data["versions"]) - 1))
    if where == "root":
        return bad
    if where == "versions":
        data["versions"] = bad
    elif where == "version":
        data["versions"][k] = bad
    elif where == "since":
        data["versions"][k]["since"] = bad
    elif where == "calendar":
        data["versions"][k]["calendar"] = bad
    else:
        data["versions"][k][draw(st.text(min_size=1, max_size=5))] = bad
    return data


@fuzz_settings(60)
@given(broken_history_dicts())
def test_schedule_history_from_hostile_dict_is_an_error_or_a_history(data: Any) -> None:
    got = assert_contract(ScheduleHistory.from_dict, data)
    if isinstance(got, ScheduleHistory):
        # What it accepted writes back to something it reads as itself.
        back = assert_contract(ScheduleHistory.from_dict, got.to_dict())
        require(back == got, "ROUND TRIP", f"{show(data)} -> {show(got)} -> {show(back)}", "rt")


# ---------------------------------------------------------------- sla: durations


@fuzz_settings(80)
@given(
    st.integers(1, 500),
    st.sampled_from(["w", "d", "h", "m", "s", "W", "H"]),
    st.sampled_from(["", " "]),
)
def test_parse_duration_reads_ascii_units(n: int, unit: str, gap: str) -> None:
    seconds = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}[unit.lower()]
    got = assert_contract(parse_duration, f"{n}{gap}{unit}")
    require(
        got == timedelta(seconds=n * seconds),
        "WRONG DURATION",
        f"{n}{gap}{unit} read as {show(got)}",
        "ascii",
    )


@fuzz_settings(120)
@given(st.text(max_size=12), st.text(max_size=20))
def test_parse_duration_refuses_text_that_is_not_ascii(text: str, path: str) -> None:
    got = assert_contract(parse_duration, text, path=path)
    if not text.isascii():
        require(
            isinstance(got, ConfigError),
            "NOT ASCII READ",
            f"parse_duration({text!r}) gave {show(got)}",
            "ascii",
        )
    elif isinstance(got, timedelta):
        require(got >= timedelta(0), "NEGATIVE", f"{text!r} -> {got}", "negative")


# ---------------------------------------------------------------- kpi: t quantiles


LEVELS = st.one_of(
    st.floats(min_value=1e-300, max_value=1 - 1e-16, exclude_min=False),
    st.sampled_from([1e-300, 1e-16, 1e-9, 0.5, 1 - 1e-9, 1 - 1e-15, 1 - 2**-53, 0.975]),
)
DFS = st.one_of(st.integers(1, 60), st.integers(1, 10**6), st.sampled_from([4999, 5000, 5001]))


@fuzz_settings(150)
@given(LEVELS, DFS)
def test_t_quantile_is_finite_symmetric_and_agrees_with_scipy(p: float, df: int) -> None:
    stats = pytest.importorskip("scipy.stats")
    if not 0 < p < 1:
        return
    t = assert_contract(t_quantile, p, df)
    require(isinstance(t, float), "NOT A NUMBER", f"t_quantile({p!r}, {df}) = {show(t)}", "t")
    require(math.isfinite(t), "SILENT NUMBER", f"t_quantile({p!r}, {df}) = {t!r}", "finite")
    require(
        (t > 0) == (p > 0.5) or t == 0,
        "WRONG SIDE",
        f"t_quantile({p!r}, {df}) = {t!r}",
        "sign",
    )
    mirror = assert_contract(t_quantile, 1 - p, df)
    if 1 - p == 1 - p and 0 < 1 - p < 1 and (1 - (1 - p)) == p:
        require(
            math.isclose(mirror, -t, rel_tol=1e-9, abs_tol=1e-12),
            "NOT SYMMETRIC",
            f"t_quantile({p!r}, {df}) = {t!r}, t_quantile({1 - p!r}) = {mirror!r}",
            "mirror",
        )
    expected = float(stats.t.ppf(p, df))
    if math.isfinite(expected) and abs(expected) < 1e300:
        require(
            math.isclose(t, expected, rel_tol=1e-7, abs_tol=1e-9),
            "WRONG QUANTILE",
            f"t_quantile({p!r}, {df}) = {t!r}, scipy says {expected!r}",
            "scipy",
        )


@fuzz_settings(60)
@given(HOSTILE, HOSTILE)
def test_t_quantile_refuses_hostile_arguments(p: Any, df: Any) -> None:
    got = assert_contract(t_quantile, p, df)
    if isinstance(got, float):
        require(
            isinstance(df, int) and not isinstance(df, bool) and df >= 1 and 0 < p < 1,
            "ACCEPTED",
            f"t_quantile({show(p)}, {show(df)}) = {got!r}",
            "accepted",
        )
        require(math.isfinite(got), "SILENT NUMBER", f"t_quantile({p!r}, {df!r})", "finite")


# ---------------------------------------------------------------- goals: hostile points


POINT_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**400), 10**400),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)


@st.composite
def goal_series(draw: st.DrawFn) -> tuple[SmartGoal, list[tuple[Any, Any]], datetime, bool]:
    goal = draw(goals())
    start, deadline = goal.window
    span = max(int((deadline - start).total_seconds()), 1)
    points: list[tuple[Any, Any]] = []
    hostile = False
    for _ in range(draw(st.integers(0, 5))):
        at = start + timedelta(seconds=draw(st.integers(0, span)))
        if draw(st.integers(0, 4)) == 0:
            # A point that is no Estimate: any object with value/lower/upper.
            fields = {f: draw(POINT_NUMBERS) for f in ("value", "lower", "upper")}
            points.append((at, SimpleNamespace(n=10, **fields)))
            hostile = True
        else:
            value = draw(st.floats(-1e6, 1e6))
            points.append((at, Estimate("kpi", value, 10)))
        if draw(st.integers(0, 6)) == 0:
            points.append((at.astimezone(UTC), Estimate("kpi", 1.0, 10)))  # same instant
            hostile = True
    instants = [t.astimezone(UTC) for t, _ in points]
    hostile = hostile or len(set(instants)) < len(instants)
    at = start + timedelta(seconds=draw(st.integers(-span, 2 * span)))
    return goal, points, at, hostile


@fuzz_settings(100)
@given(goal_series())
def test_goal_evaluate_refuses_hostile_points_and_ignores_order(
    case: tuple[SmartGoal, list[tuple[Any, Any]], datetime, bool],
) -> None:
    goal, points, at, hostile = case
    got = assert_contract(goal.evaluate, points, at=at)
    if not hostile:
        require(
            not isinstance(got, ServiceModelError),
            "REFUSED",
            f"{show(goal)}.evaluate({show(points)}, at={at}) raised {show(got)}",
            "valid",
        )
    flipped = assert_contract(goal.evaluate, list(reversed(points)), at=at)
    if isinstance(got, ServiceModelError):
        require(
            isinstance(flipped, ServiceModelError),
            "ORDER",
            f"{show(points)} refused, reversed gave {show(flipped)}",
            "order",
        )
        return
    require(flipped == got, "ORDER", f"{show(got)} != reversed {show(flipped)}", "order")
    projection = getattr(got, "projection", None)
    if isinstance(projection, float):
        require(math.isfinite(projection), "SILENT NUMBER", f"{show(got)}", "projection")


# ---------------------------------------------------------------- standards: the snapshot


def _diff(a: Any, b: Any) -> str:
    """The fields two attrs values differ in, each as ``name: a != b``."""
    if not (attrs.has(type(a)) and type(a) is type(b)):
        return f"{show(a)} != {show(b)}"
    return "; ".join(
        f"{f.name}: {show(getattr(a, f.name))} != {show(getattr(b, f.name))}"
        for f in attrs.fields(type(a))
        if getattr(a, f.name) != getattr(b, f.name)
    )


def _instant_near(hs: list[TicketHistory]) -> st.SearchStrategy[datetime | None]:
    """None, an instant around the histories' span, or (rarely) a hostile one."""
    base = min((h.created_at.astimezone(UTC) for h in hs), default=datetime(2026, 3, 2, tzinfo=UTC))
    near = st.integers(-3 * 24 * 60, 60 * 24 * 60).map(lambda k: base + timedelta(minutes=k))
    hostile = st.sampled_from(
        [datetime(2026, 3, 2), datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC)]
    )
    return st.one_of(st.none(), near, near, hostile)


@fuzz_settings(40)
@given(service_standards(max_standards=3), st.lists(histories(max_events=6), max_size=4), st.data())
def test_measure_and_assess_agree_on_every_snapshot(
    standards: ServiceStandards, hs: list[TicketHistory], data: st.DataObject
) -> None:
    at = data.draw(_instant_near(hs), "at")
    observed_until = data.draw(_instant_near(hs), "observed_until")
    now = data.draw(_instant_near(hs), "now")
    if observed_until is not None and now is None:
        # Without now= each call reads the wall clock itself: the two snapshots would differ.
        now = datetime(2026, 12, 1, tzinfo=UTC)
    kw = {"at": at, "observed_until": observed_until, "now": now}
    measured = assert_contract(measure, standards, hs, **kw)
    assessed = assert_contract(assess, Blueprint("b", standards=standards), hs, **kw)
    if isinstance(measured, ServiceModelError) or isinstance(assessed, ServiceModelError):
        require(
            type(measured) is type(assessed),
            "MEASURE != ASSESS",
            f"measure gave {show(measured)}, assess {show(assessed)} with {show(kw)}",
            "error",
        )
        return
    require(
        assessed.compliance == measured,
        "MEASURE != ASSESS",
        f"with {show(kw)}: measure != assess in {_diff(measured, assessed.compliance)}",
        "compliance",
    )
    # The snapshot never lies after now, nor before the given at when at is given.
    if at is not None:
        require(measured.at == at, "SNAPSHOT", f"at={at} gave {show(measured.at)}", "at")
    elif now is not None and hs:
        require(
            measured.at.astimezone(UTC) <= now.astimezone(UTC)
            or (observed_until is None and all(h.created_at > now for h in hs)),
            "SNAPSHOT",
            f"now={now} gave the snapshot {measured.at} ({show(kw)})",
            "now",
        )


SURVEY_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SURVEY_AT = SURVEY_T0 + timedelta(days=30)
SURVEY_STANDARDS = ServiceStandards(
    "Acme",
    quality=[
        QualityBenchmark(None, "csat", 0.8),
        QualityBenchmark("chat", "csat", 0.9),
        QualityBenchmark(None, "nps", 30),
        QualityBenchmark("email", "nps", 10),
    ],
)


@st.composite
def survey_histories(draw: st.DrawFn) -> list[TicketHistory]:
    """Tickets on two channels, each with CSAT and NPS ratings on mixed (sometimes off) scales."""
    out = []
    for i in range(draw(st.integers(0, 8))):
        created = SURVEY_T0 + timedelta(minutes=7 * i)
        at = st.just(created + timedelta(hours=1))
        ratings = st.one_of(
            satisfaction_ratings(scales=[(1, 5), (0, 1), (1, 7), (0, 10), (1, 3)], at=at),
            satisfaction_ratings(survey="nps", scales=[(0, 10)], at=at),
            satisfaction_ratings(survey="nps", scales=[(1, 5), (0, 10)], at=at),  # off-scale NPS
        )
        drawn = draw(st.lists(ratings, max_size=2))
        if drawn and draw(st.integers(0, 5)) == 0:  # a fractional score on its own scale
            r = drawn[0]
            drawn[0] = attrs.evolve(r, score=min(r.score + 0.5, r.scale_max))
        kept = [attrs.evolve(r, id=f"s{j}") for j, r in enumerate(drawn)]
        channel = draw(st.sampled_from(["email", "chat"]))
        out.append(TicketHistory(Ticket(f"T{i}", created, channel=channel), kept))
    return out


@fuzz_settings(40)
@given(survey_histories())
def test_standards_csat_and_nps_are_the_reports_on_mixed_scales(hs: list[TicketHistory]) -> None:
    measured = assert_contract(measure, SURVEY_STANDARDS, hs, at=SURVEY_AT)
    report = assert_contract(build_report, hs, ReportOptions(at=SURVEY_AT))
    if isinstance(measured, ServiceModelError) or isinstance(report, ServiceModelError):
        require(
            type(measured) is type(report),
            "STANDARDS != REPORT",
            f"measure gave {show(measured)}, the report {show(report)}",
            "error",
        )
        return
    kpi = report.kpi
    assert kpi is not None
    scopes = {scope.label: scope for scope in kpi.by_channel}
    for check in measured.checks:
        scope = kpi.overall if check.channel in (None, "all") else scopes.get(check.channel)
        if scope is None:
            require(
                check.estimate.n == 0,
                "STANDARDS != REPORT",
                f"{check.metric} on {check.channel}: {show(check.estimate)}, no report scope",
                "scope",
            )
            continue
        expected = scope.figure(check.metric)
        require(
            check.estimate == expected,
            "STANDARDS != REPORT",
            f"{check.metric} on {check.channel}: {show(check.estimate)} != {show(expected)}",
            check.metric,
        )


# ---------------------------------------------------------------- escalation ladders


BLANKS = st.sampled_from(["", " ", "\t", "\n ", "\u00a0", "\u2003"])


@st.composite
def ladder_dicts(draw: st.DrawFn) -> tuple[Any, str]:
    """A drawn ladder's dict, with one thing made hostile; and what was done to it."""
    data: Any = draw(ladders(max_levels=3)).to_dict()
    levels = data["levels"]
    k = draw(st.integers(0, len(levels) - 1))
    what = draw(
        st.sampled_from(
            ["none", "blank name", "blank target", "many", "too many", "huge delay", "hostile"]
        )
    )
    if what == "blank name":
        levels[k]["name"] = draw(BLANKS)
    elif what == "blank target":
        levels[k]["targets"] = [*levels[k]["targets"], draw(BLANKS)]
    elif what in ("many", "too many"):
        n = (
            draw(st.integers(1, MAX_LEVELS))
            if what == "many"
            else draw(st.sampled_from([MAX_LEVELS + 1, MAX_LEVELS * 50, 10**5]))
        )
        data["levels"] = [dict(levels[i % len(levels)], name=f"L{i}") for i in range(n)]
        if what == "many":
            # after_previous and breach triggers keep any count in order.
            for level in data["levels"]:
                level["trigger"] = "breach"
    elif what == "huge delay":
        levels[k]["trigger"] = {
            draw(st.sampled_from(["after_breach", "after_previous", "before_due"])): draw(
                st.sampled_from(["36500d", "5000w", "1s", "PT876000H"])
            ),
            "time": draw(st.sampled_from(["business", "calendar"])),
        }
    elif what == "hostile":
        field = draw(st.sampled_from(["name", "trigger", "targets", "action"]))
        levels[k][field] = draw(HOSTILE)
    return data, what


@fuzz_settings(80)
@given(ladder_dicts())
def test_ladder_from_dict_refuses_blank_names_and_too_many_levels(case: tuple[Any, str]) -> None:
    data, what = case
    got = assert_contract(EscalationLadder.from_dict, data)
    if what in ("blank name", "blank target", "too many"):
        require(
            isinstance(got, ConfigError),
            "ACCEPTED",
            f"{what}: from_dict({show(data)}) gave {show(got)}",
            what,
        )
        if what == "too many":
            require(
                f"at most {MAX_LEVELS} levels" in str(got),
                "MESSAGE",
                f"{len(data['levels'])} levels: {got}",
                "too many",
            )
        return
    if what in ("none", "many"):
        require(isinstance(got, EscalationLadder), "REFUSED", f"{what}: {show(got)}", what)
    if isinstance(got, EscalationLadder):
        back = assert_contract(EscalationLadder.from_dict, json.loads(json.dumps(got.to_dict())))
        require(back == got, "ROUND TRIP", f"{show(got)} read back as {show(back)}", "ladder")


#: Calendars that cannot answer far-away questions: open an hour a week, or a day a year.
SPARSE = st.sampled_from(
    [
        BusinessCalendar.weekly("UTC", {"sun": "03:00-04:00"}),
        BusinessCalendar.weekly("Pacific/Kiritimati", {"sat": "23:00-23:30"}),
        BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}),
    ]
)


@st.composite
def far_ladders(draw: st.DrawFn) -> EscalationLadder:
    data = draw(ladders(max_levels=3)).to_dict()
    for level in data["levels"]:
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["after_breach", "after_previous", "before_due"]))
            level["trigger"] = {
                kind: draw(st.sampled_from(["36500d", "5000w", "20000h", "1h"])),
                "time": draw(st.sampled_from(["business", "calendar"])),
            }
    if draw(st.booleans()):
        data["repeat"] = {
            "every": draw(st.sampled_from(["36500d", "1000w", "1h"])),
            "times": draw(st.integers(1, 100)),
            "time": draw(st.sampled_from(["business", "calendar"])),
            "scope": draw(st.sampled_from(["last", "ladder"])),
        }
    got = EscalationLadder.from_dict(data)
    return got


@fuzz_settings(40)
@given(
    measurements(
        policies=policies(calendars=SPARSE, max_hours=24), histories=histories(max_events=6)
    ),
    far_ladders(),
    st.data(),
)
def test_ladder_on_a_calendar_that_cannot_answer_is_a_calendar_error_or_a_timeline(
    m: Measurement, ladder: EscalationLadder, data: st.DataObject
) -> None:
    # A search of 200 years on an office calendar takes a few tenths of a second to refuse.
    steps = bounded_contract(10, ladder.timeline, m)
    if isinstance(steps, ServiceModelError):
        require(
            isinstance(steps, CalendarError),
            "WRONG ERROR",
            f"timeline gave {show(steps)}",
            type(steps).__name__,
        )
        require(
            "levels[" in str(steps) or "repeat " in str(steps),
            "MESSAGE",
            f"a CalendarError that names no level or repeat: {steps}",
            "names",
        )
        return
    times = [s.at for s in steps]
    require(times == sorted(times), "ORDER", f"timeline {show(steps)} out of order", "order")
    if m.stopped_at is not None:
        require(
            all(t < m.stopped_at for t in times),
            "AFTER STOP",
            f"steps {show(times)} after the clock stopped at {m.stopped_at}",
            "stop",
        )
    t = data.draw(st.sampled_from([*times, m.evaluated_at]))
    assert_contract(ladder.level_at, m, t)


# ---------------------------------------------------------------- self-service and journeys


SS_T0 = datetime(2026, 3, 2, tzinfo=UTC)
SS_INSTANTS = st.integers(0, 60 * 24 * 30).map(lambda k: SS_T0 + timedelta(minutes=k))
REQUESTERS = st.one_of(st.sampled_from(["ada", "bo", "cy"]), BLANKS, st.none())


@st.composite
def self_service_items(draw: st.DrawFn) -> list[Any]:
    sessions = draw(st.lists(help_sessions(started_at=SS_INSTANTS), max_size=6))
    sessions = [attrs.evolve(s, id=f"s{i}") for i, s in enumerate(sessions)]
    tickets = [
        Ticket(
            f"T{i}",
            draw(SS_INSTANTS),
            requester=draw(REQUESTERS),
            attributes={"account": draw(REQUESTERS | st.just(""))},
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    items: list[Any] = draw(st.permutations([*sessions, *tickets]))
    return items


WINDOWS = st.sampled_from(
    [
        timedelta(days=7),
        timedelta(0),
        timedelta(microseconds=1),
        timedelta.max,
        timedelta(days=10**6),
    ]
)


@fuzz_settings(60)
@given(
    self_service_items(),
    st.integers(0, 12),
    WINDOWS,
    st.sampled_from(["requester", "attr:account"]),
    st.one_of(st.none(), SS_INSTANTS, st.just(datetime.max.replace(tzinfo=UTC))),
)
def test_self_service_merge_is_one_pass_and_blank_customers_are_anonymous(
    items: list[Any], cut: int, window: timedelta, customer: str, as_of: datetime | None
) -> None:
    empty = assert_contract(SelfService.empty, window=window, customer=customer)
    if isinstance(empty, ServiceModelError):
        return
    whole = empty.add_many(items)
    parts = empty.add_many(items[:cut]).merge(empty.add_many(items[cut:]))
    require(whole == parts, "MERGE != ONE PASS", f"{_diff(whole, parts)}", "merge")
    blank = sum(
        1
        for x in items
        if isinstance(x, Ticket)
        and not str(
            (x.requester if customer == "requester" else x.attributes.get("account")) or ""
        ).strip()
    )
    require(
        whole.anonymous_tickets == blank,
        "ANONYMOUS",
        f"{blank} tickets without a customer, anonymous_tickets={whole.anonymous_tickets}",
        "anonymous",
    )
    latest = whole.latest()
    expected = max(
        [x.started_at if isinstance(x, Session) else x.created_at for x in items], default=None
    )
    require(latest == expected, "LATEST", f"latest() {latest} != {expected}", "latest")
    result = assert_contract(whole.result, as_of=as_of)
    if not isinstance(result, ServiceModelError):
        assert_contract(result.to_records)


@fuzz_settings(50)
@given(journeys(max_stages=5), journeys(max_stages=5), st.data())
def test_journey_stats_refuse_a_path_another_journey_placed(
    journey: Journey, other: Journey, data: st.DataObject
) -> None:
    events = data.draw(journey_events(journey, max_size=15))
    cut = data.draw(st.integers(0, len(events)))
    empty = JourneyStats.empty(journey)
    whole = assert_contract(empty.add_events, events)
    if isinstance(whole, ServiceModelError):
        return
    parts = assert_contract(
        lambda: empty.add_many(journey.paths(events[:cut])).merge(
            empty.add_many(journey.paths(events[cut:]))
        )
    )
    if not isinstance(parts, ServiceModelError):  # a customer in both halves: a MergeError
        require(
            parts.result() == whole.result(),
            "MERGE",
            f"{_diff(parts.result(), whole.result())}",
            "merge",
        )
    stats = empty
    for path in other.paths(events):
        got = assert_contract(stats.add, path)
        if isinstance(got, ServiceModelError):
            continue
        stats = got
        # Accepted: the funnel it gives is one this journey could have placed (every stage
        # visited is reached; nothing is disallowed that this journey allows).
        report = assert_contract(stats.result)
        if isinstance(report, ServiceModelError):
            continue
        for stage in report.stages:
            require(
                stage.reached >= stage.visited,
                "FOREIGN PATH",
                f"{show(path)} accepted: stage {stage.name!r} visited {stage.visited} times, "
                f"reached {stage.reached}",
                "funnel",
            )
        for a, b in report.disallowed:
            require(
                not journey.allows(a, b),
                "FOREIGN PATH",
                f"{show(path)} accepted: {a} -> {b} counted disallowed, this journey allows it",
                "disallowed",
            )


@fuzz_settings(40)
@given(
    st.sampled_from(["ada", " ", "", "\t", None]),
    st.sampled_from(
        [
            datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
            datetime(1, 1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
            datetime(2026, 3, 2, tzinfo=UTC),
            datetime(2026, 3, 2),
        ]
    ),
    st.text(max_size=5),
)
def test_journey_events_refuse_blank_customers_and_instants_out_of_range(
    who: Any, at: datetime, kind: str
) -> None:
    got = assert_contract(JourneyEvent, who, at, kind or "search")
    if isinstance(got, JourneyEvent):
        require(
            at.utcoffset() is not None and isinstance(who, str),
            "ACCEPTED",
            f"JourneyEvent({who!r}, {at!r})",
            "event",
        )
        stats = assert_contract(JourneyStats.empty().add_events, [got])
        require(
            not isinstance(stats, ServiceModelError) or who is None or not who.strip(),
            "REFUSED",
            f"{show(stats)}",
            "stats",
        )
    h = TicketHistory(Ticket("T1", datetime(2026, 3, 2, tzinfo=UTC), requester=who), [])
    placed = assert_contract(JourneyEvent.from_history, h)
    if who is None or not str(who).strip():
        require(isinstance(placed, ConfigError), "BLANK", f"{who!r}: {show(placed)}", "blank")


# ---------------------------------------------------------------- kpi: compare and merge


@st.composite
def survey_accumulators(draw: st.DrawFn) -> Any:
    """A CSAT (on a drawn scale), CES (either version) or NPS fed scores on its scale."""
    kind = draw(st.sampled_from(["csat", "ces", "nps"]))
    if kind == "csat":
        low = draw(st.sampled_from([0, 1]))
        high = draw(st.integers(low + 1, 10))
        acc = CSAT.empty(low=low, high=high, satisfied_from=draw(st.integers(low + 1, high)))
        scores = st.integers(low, high)
    elif kind == "ces":
        version = draw(st.sampled_from(["2.0", "1.0"]))
        acc = CES.empty(version=version)
        scores = st.integers(1, 7) if version == "2.0" else st.integers(1, 5)
    else:
        acc = NPS.empty()
        scores = st.integers(0, 10)
    return acc.add_many(draw(st.lists(scores, max_size=60)))


@fuzz_settings(80)
@given(survey_accumulators(), survey_accumulators(), st.floats(0.5, 0.9999999999999998))
def test_compare_refuses_exactly_the_survey_accumulators_merge_refuses(
    a: Any, b: Any, level: float
) -> None:
    merged = assert_contract(lambda: a.merge(b))
    compared = assert_contract(compare, a, b, level=level)
    if type(a) is type(b) and isinstance(merged, MergeError):
        require(
            isinstance(compared, ConfigError),
            "COMPARED",
            f"{show(a)} and {show(b)} do not merge ({merged}) but compare gave {show(compared)}",
            "compare",
        )
        # The message names what differs, and only that, each pair as "mine vs theirs".
        pairs = [
            f"{x!r} vs {y!r}"
            for x, y in zip(a._merge_params(), b._merge_params(), strict=True)
            if x != y
        ]
        text = str(merged)
        require(
            all(pair in text for pair in pairs) and text.count(" vs ") == len(pairs),
            "MESSAGE",
            f"{text} (expected the pairs {pairs} and no other)",
            "merge message",
        )
        return
    if isinstance(compared, ServiceModelError):
        return  # different kinds, or too few answers for a standard error
    p = compared.p_value
    require(
        p is None or 0 <= p <= 1,
        "P VALUE",
        f"compare({show(a)}, {show(b)}) gave p={p!r}",
        "p",
    )
    # z is ±inf by design when both sides have no spread (se 0) and differ: p is then 0.
    checked = ("difference", "lower", "upper", "se") + (("z",) if compared.se > 0 else ())
    for name in checked:
        x = getattr(compared, name, None)
        if isinstance(x, float):
            require(math.isfinite(x), "SILENT NUMBER", f"{name}={x!r} in {show(compared)}", name)


# ---------------------------------------------------------------- qa, servqual, feedback


def _spelled(point: Any, draw: st.DrawFn) -> Any:
    """``point`` as a config file might spell it: text with spaces, capitals, or as is."""
    text = str(point)
    return draw(st.sampled_from([point, text, f" {text} ", text.upper(), text.capitalize()]))


@fuzz_settings(80)
@given(st.sampled_from(["yes_no", "1-5", "0-10", "1-3"]), st.data())
def test_qa_fail_on_written_as_text_fails_the_answers_it_names(
    spec: str, data: st.DataObject
) -> None:
    scale = Scale.parse(spec)
    chosen = data.draw(st.lists(st.sampled_from(scale.points), min_size=1, unique=True))
    spelled = [_spelled(p, data.draw) for p in chosen]
    if data.draw(st.integers(0, 4)) == 0:
        spelled.append(data.draw(HOSTILE))
    table = {"id": "c", "scale": spec, "critical": True, "fail_on": spelled}
    got = assert_contract(Criterion.from_dict, table)
    if isinstance(got, ServiceModelError):
        return
    if len(spelled) > len(chosen):  # the hostile value was accepted: it names a point too
        chosen.append(scale.read(spelled[-1]))
    for point in scale.points:
        answer = _spelled(point, data.draw)
        read = assert_contract(scale.read, answer)
        require(read == point, "READ", f"{answer!r} read as {show(read)} on {spec}", "read")
        require(
            got.fails(read) == (point in chosen),
            "FAIL_ON",
            f"fail_on={spelled!r}: fails({point!r}) is {got.fails(read)}",
            "fail_on",
        )


@fuzz_settings(60)
@given(
    servqual_responses(instrument=SERVQUAL_1988),
    st.sampled_from(["E", "P"]),
    st.integers(1, 22),
    HOSTILE,
    st.sampled_from(["", "\ufeff"]),
)
def test_servqual_rows_with_a_hostile_cell_or_a_bom_are_read_or_refused(
    response: Any, side: str, item: int, bad: Any, bom: str
) -> None:
    row: dict[str, Any] = {f"E{i}": str(response.expectation(i)) for i in range(1, 23)}
    row |= {f"P{i}": str(response.perception(i)) for i in range(1, 23)}
    row = {(bom + k if k == "E1" else k): v for k, v in row.items()}
    read = assert_contract(lambda: list(responses_from_rows([row])))
    require(
        isinstance(read, list | tuple) and len(read) == 1,
        "BOM",
        f"a row with its first column {bom + 'E1'!r} gave {show(read)}",
        "bom",
    )
    hostile = dict(row, **{f"{side}{item}": bad})
    got = assert_contract(lambda: list(responses_from_rows([hostile])))
    if not isinstance(got, ServiceModelError):
        (r,) = got
        answer = r.expectation(item) if side == "E" else r.perception(item)
        require(
            isinstance(answer, int) and 1 <= answer <= 7 and str(bad).strip() == str(answer),
            "MISREAD",
            f"{side}{item}={bad!r} read as {answer!r}",
            "cell",
        )
    assert_contract(ServqualResponse, response.expectations, response.perceptions, respondent=bad)


@fuzz_settings(60)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["billing", "Billing", " login ", "7", ""]),
            # (NaN is no reason a ticket holds: its attributes refuse it)
            st.sampled_from([None, " ", "\t", 0, 7, True, 1.5, -0.0]),
        ),
        max_size=12,
    )
)
def test_themes_from_an_attribute_never_name_nan_or_a_blank(reasons: list[Any]) -> None:
    selector = ThemeSelector.parse("attr:reason")
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    tickets = [
        Ticket(f"T{i}", t0 + timedelta(hours=i), attributes={"reason": r})
        for i, r in enumerate(reasons)
    ]
    counts = assert_contract(ThemeCounts.empty(selector).add_many, tickets)
    if isinstance(counts, ServiceModelError):
        return
    for t in tickets:
        themes = selector.themes(t)
        require(
            all(isinstance(x, str) and x.strip() and x.lower() != "nan" for x in themes),
            "THEME",
            f"reason {t.attributes['reason']!r} gave the themes {sorted(themes)!r}",
            "theme",
        )
    assert_contract(counts.result)


@fuzz_settings(60)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["email", "chat", "phone", "web", "social", "sms"]),
            st.integers(0, 40),
            max_size=6,
        ),
        max_size=5,
    ),
    st.sampled_from([0.05, 0.01, 0.5]),
)
def test_channel_shift_pools_into_one_column_and_keeps_every_contact(
    table: list[dict[str, int]], alpha: float
) -> None:
    mixes = [
        ChannelMix.empty().add_many([c for c, k in row.items() for _ in range(k)]) for row in table
    ]
    got = assert_contract(channel_shift, mixes, alpha=alpha)
    if isinstance(got, ServiceModelError):
        return
    require(
        list(got.channels).count(POOLED) <= 1,
        "POOLED",
        f"{show(got.channels)} holds more than one pooled column",
        "pooled",
    )
    require(
        len(set(got.pooled)) == len(got.pooled) and POOLED not in got.pooled,
        "POOLED",
        f"pooled {got.pooled!r}",
        "pooled list",
    )
    require(
        not (set(got.pooled) & set(got.channels)),
        "POOLED",
        f"{got.pooled!r} pooled but still a column of {got.channels!r}",
        "pooled column",
    )
    total = sum(sum(row.values()) for row in table)
    require(
        sum(map(sum, got.observed)) == total,
        "CONTACTS",
        f"{total} contacts, the table holds {sum(map(sum, got.observed))}",
        "total",
    )
    if got.p_value is not None:
        require(0 <= got.p_value <= 1, "P VALUE", f"{show(got)}", "p")


# ---------------------------------------------------------------- vendors: Zendesk, Freshdesk


VIA_CHANNELS = st.one_of(
    st.sampled_from(sorted(VIA_IDS)),
    st.sampled_from(sorted(VIA_IDS)).map(str),
    st.sampled_from(sorted(set(VIA_IDS.values()) | set(CHANNELS))),
    st.integers(-5, 10**10),
    st.sampled_from(["04", " 4", "4 ", "+4", "4.0", "\u0664", "\uff14", "4\u00a0", "1e3"]),
    HOSTILE,
)


def _zendesk_channel(channel: Any, **kw: Any) -> Any:
    page = {
        "tickets": [
            {
                "id": 1,
                "created_at": "2026-03-02T09:00:00Z",
                "updated_at": "2026-03-02T10:00:00Z",
                "status": "new",
                "via": {"channel": channel},
            }
        ],
        "after_cursor": "x",
        "end_of_stream": True,
    }
    stream = zendesk.histories([page], [], on_error="collect", **kw)
    kept = list(stream)
    return kept[0].ticket.channel if kept else stream.errors


@fuzz_settings(80)
@given(VIA_CHANNELS)
def test_zendesk_via_ids_read_as_their_via_type_and_nothing_else_is_an_id(channel: Any) -> None:
    got = assert_contract(_zendesk_channel, channel)
    if isinstance(got, ServiceModelError):
        return
    # The text as a ticket's channel reads it (trimmed, lower case).
    text = channel.strip().lower() if type(channel) is str else channel
    number = (
        text
        if type(text) is int and 0 <= text < 10**9
        else int(text)
        if type(text) is str and text.isascii() and text.isdigit() and len(text) < 10
        else None
    )
    if number is not None:
        name = VIA_IDS.get(number, str(number))
        require(
            got == CHANNELS.get(name, name),
            "VIA ID",
            f"via.channel {channel!r} read as {got!r}, its via type {name!r}",
            "id",
        )
        require(
            automated_via({"channel": channel}) == automated_via({"channel": name}),
            "AUTOMATED",
            f"via {channel!r} and {name!r} disagree on automation",
            "automated",
        )
    elif isinstance(got, str):
        # Not an id: a name, kept (or mapped) as it is; never another script's digits as one.
        require(
            isinstance(text, str) and got == CHANNELS.get(text, text),
            "VIA NAME",
            f"via.channel {channel!r} read as {got!r}",
            "name",
        )
    else:
        require(
            all(isinstance(e, RecordError) for e in got) and len(got) == 1,
            "ERRORS",
            f"via.channel {channel!r} gave {show(got)}",
            "errors",
        )


@fuzz_settings(60)
@given(st.one_of(st.integers(-3, 40), st.integers(), HOSTILE), st.booleans())
def test_freshdesk_sources_name_their_channel_or_other(code: Any, mapped: bool) -> None:
    rec = {
        "id": 1,
        "created_at": "2026-06-01T09:00:00Z",
        "status": 2,
        "priority": 1,
        "source": code,
        "requester_id": 5,
    }
    kw = {"channel_map": {code: "app"}} if mapped and type(code) is int else {}

    def read() -> Any:
        stream = freshdesk.histories([[rec]], on_error="collect", **kw)
        kept = list(stream)
        return kept[0] if kept else stream.errors

    got = assert_contract(read)
    if isinstance(got, TicketHistory):
        if type(code) is int:
            expected = "app" if kw else freshdesk.SOURCES.get(code, "other")
            require(
                got.ticket.channel == expected,
                "SOURCE",
                f"source {code!r} read as {got.ticket.channel!r}, not {expected!r}",
                "source",
            )
    elif not isinstance(got, ServiceModelError):
        require(
            len(got) == 1 and isinstance(got[0], RecordError),
            "ERRORS",
            f"source {code!r}: {show(got)}",
            "errors",
        )


# ---------------------------------------------------------------- the HTML report


@fuzz_settings(4)  # matplotlib draws every chart: about a second per example
@given(st.lists(histories(max_events=6), max_size=3), report_options())
def test_html_report_draws_every_chart_or_says_nothing_to_draw(
    hs: list[TicketHistory], options: ReportOptions
) -> None:
    hs = [h for i, h in enumerate(hs) if h.id not in {g.id for g in hs[:i]}]  # one per id
    report = bounded_contract(20, build_report, hs, options)
    if isinstance(report, ServiceModelError):
        return
    # The page without drawing (each chart is drawn below): its notes and tables only.
    html = bounded_contract(30, render_html, report, charts=False)
    require(isinstance(html, str), "HTML", f"render_html gave {show(html)}", "html")
    for kind in (kpi_charts, sla_charts, goal_charts, survival_charts):
        charts = bounded_contract(20, kind, report)  # ten years of weeks: well under 1 s a chart
        if isinstance(charts, ServiceModelError):
            continue
        for chart in charts:
            drawn = chart.svg is not None
            said = chart.empty.startswith("Nothing to draw")
            require(
                drawn != said,
                "CHART",
                f"{kind.__name__}: chart {chart.id!r} svg={'yes' if drawn else 'no'}, "
                f"empty={chart.empty!r}",
                kind.__name__,
            )
            if f'data-chart="{chart.id}"' in html:  # a section left out shows none of its charts
                require(
                    chart.empty in html,
                    "CHART",
                    f"{chart.id}: {chart.empty!r} not in the page",
                    "page",
                )


# ---------------------------------------------------------------- dask: survey accumulators


@fuzz_settings(15)
@given(survey_histories(), st.sampled_from(["csat", "nps"]), st.integers(1, 4), st.booleans())
def test_dask_refuses_tickets_for_a_survey_accumulator_without_extract(
    hs: list[TicketHistory], survey: str, partitions: int, with_scores: bool
) -> None:
    dask = pytest.importorskip("dask")
    db = pytest.importorskip("dask.bag")
    from servicemodel.dask import estimate, rating_scores

    empty = CSAT.empty() if survey == "csat" else NPS.empty()
    records = [history_to_dict(h) for h in hs]
    if with_scores:  # plain scores first: a partition may start with either
        records = [5 if survey == "csat" else 9, *records]
    with dask.config.set(scheduler="sync"):
        bag = db.from_sequence(records, npartitions=partitions) if records else None
        if bag is None:
            return
        got = bounded_contract(20, estimate, bag, empty)
        extracted = bounded_contract(
            20,
            estimate,
            db.from_sequence(records[with_scores:] or [{}], npartitions=partitions),
            empty,
            extract=rating_scores(survey),
        )
    if hs:  # a ticket anywhere in a partition, after plain scores too
        require(
            isinstance(got, InputTypeError) and f"extract=rating_scores({survey!r})" in str(got),
            "NO HINT",
            f"tickets for {type(empty).__name__} without extract= gave {show(got)}",
            "hint",
        )
    if isinstance(extracted, ServiceModelError) or not hs:
        return
    scores = [s for h in hs for s in rating_scores(survey)(h)]
    expected = assert_contract(empty.add_many, scores)
    if not isinstance(expected, ServiceModelError):
        require(
            extracted == expected.result(),
            "DASK != ONE PASS",
            f"{show(extracted)} != {show(expected.result())}",
            "extract",
        )


# ---------------------------------------------------------------- forecast.backtest


@st.composite
def arrivals(draw: st.DrawFn) -> list[Ticket]:
    """Tickets over a few whole weeks, some weeks empty, on one or two channels."""
    t0 = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
    out = []
    for w in range(draw(st.integers(0, 8))):
        for k in range(draw(st.integers(0, 6))):
            at = t0 + timedelta(weeks=w, minutes=draw(st.integers(0, 7 * 24 * 60 - 1)))
            channel = draw(st.sampled_from(["email", "chat"]))
            out.append(Ticket(f"T{w}-{k}", at, channel=channel))
    return out


@fuzz_settings(30)
@given(
    arrivals(),
    st.one_of(st.integers(1, 4), HOSTILE),
    st.one_of(st.none(), st.integers(2, 8), HOSTILE),
    st.one_of(st.just(0.8), st.floats(0.5, 0.99), HOSTILE),
    st.sampled_from([None, BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})]),
)
def test_backtest_errors_are_nan_or_finite_and_bounds_hold(
    tickets: list[Ticket], weeks: Any, recent: Any, level: Any, calendar: Any
) -> None:
    got = assert_contract(
        backtest, tickets, weeks=weeks, recent=recent, level=level, calendar=calendar
    )
    if isinstance(got, ServiceModelError):
        return
    for row in got.rows:
        for name in ("mae", "naive_mae", "mase", "naive_mase", "coverage"):
            x = getattr(row, name)
            require(
                isinstance(x, float) and (math.isnan(x) or (math.isfinite(x) and x >= 0)),
                "BACKTEST",
                f"{row.channel}: {name}={x!r}",
                name,
            )
        require(
            math.isnan(row.coverage) or row.coverage <= 1,
            "COVERAGE",
            f"{row.channel}: coverage {row.coverage!r}",
            "coverage",
        )
        require(
            (row.slots == 0) == math.isnan(row.mae),
            "NO SLOT",
            f"{row.channel}: {row.slots} slots but mae={row.mae!r}",
            "slots",
        )


_MERGE_VIA = {"channel": "merge", "source": {"from": {"ticket_id": 2}, "to": {}, "rel": "merge"}}


@fuzz_settings(60)
@given(
    st.lists(
        st.tuples(
            st.booleans(),  # a merge's audit
            st.sampled_from([None, "closed", "solved", "open", "pending", "Closed"]),
            st.booleans(),  # public comment
        ),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.sampled_from(["closed_by_merge", "merged", "vip", "merge"]), max_size=2),
)
def test_zendesk_merged_exactly_when_a_merge_closes_the_ticket_or_a_tag_says_so(
    audits: list[tuple[bool, str | None, bool]], tags: list[str]
) -> None:
    records = []
    previous = "new"
    for i, (merge, status, public) in enumerate(audits):
        events: list[dict[str, Any]] = [
            {"id": 10 * i + 1, "type": "Comment", "public": public, "author_id": 7 + (i == 0)}
        ]
        if status is not None:
            change = {"id": 10 * i + 2, "type": "Change", "field_name": "status"}
            events.append(change | {"value": status, "previous_value": previous})
            previous = status
        record = {"id": i + 1, "ticket_id": 1, "created_at": f"2026-03-02T{9 + i:02d}:00:00Z"}
        records.append(record | {"events": events} | ({"via": _MERGE_VIA} if merge else {}))
    ticket = {
        "id": 1,
        "created_at": "2026-03-02T09:00:00Z",
        "updated_at": "2026-03-02T20:00:00Z",
        "status": "closed" if previous.lower() == "closed" else "open",
        "requester_id": 8,
        "tags": tags,
    }
    page = {"tickets": [ticket], "after_cursor": "x", "end_of_stream": True}

    def read() -> Any:
        stream = zendesk.histories([page], records, on_error="collect")
        kept = list(stream)
        return kept, stream.skipped, stream.errors

    got = assert_contract(read)
    if isinstance(got, ServiceModelError):
        return
    kept, skipped, errors = got
    if errors:
        return  # e.g. a status Zendesk does not have ("Closed"): the ticket's error
    # A closed ticket, closed by a merge or tagged so ("closed with Zendesk's closed_by_merge
    # tag"); a merge's comment alone is the ticket merged into, which lives on.
    merged = ticket["status"] == "closed" and (
        any(m and s == "closed" for m, s, _ in audits)
        or bool({"closed_by_merge", "merged"} & set(tags))
    )
    require(
        ([s.reason for s in skipped] == ["merged"]) == merged and len(kept) == (not merged),
        "MERGED",
        f"audits {audits}, tags {tags}: kept {len(kept)}, skipped {skipped}",
        "merge",
    )
