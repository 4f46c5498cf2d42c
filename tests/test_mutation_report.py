"""Mutation-walk gaps of the report layer, each pinned by the rule its docs state.

- Selection (docs/report.md, "One snapshot, one selection"): ``--since`` / ``--until`` select
  tickets by creation, ``since <= created < until``: one created at ``since`` is in, one
  created at ``until`` is out.
- Partial weeks (docs/report.md, "Partial periods are flagged"): a week is partial when the
  data does not cover it completely -- it ends after the snapshot, or lies outside
  ``--since`` / ``--until`` -- or when 5 % *or more* of its tickets are unresolved: a week that
  is exactly the window is complete, and 1 of 20 open is partial.
- The overview (``Overview``'s docstring; the text report's "created: first .. last"): the
  first and the last creation, in the report's zone; the text's counts with their share in
  percent, one decimal (``render_text``'s module docstring).
- Goals (docs/goals.md, the ``_goals`` module docstring): a ticket created at the cutoff is not
  created after it; only a ticket's latest rating counts, in the period it was given; a reply
  at the cutoff has come (its ticket does not wait for one); a period that begins at the
  cutoff with a ticket in it has begun and is partial; a share target outside ``[0, 1]`` is an
  error, so 0 and 1 are not; a segment value no ticket has lists at most 20 of the values
  that occur (``check_segments``); the text counts the waiting tickets and those left out
  (partial histories) apart.
- CSV (docs/report.md, ``render_csv``): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return is prefixed with ``'``; ``base`` is the time base of a duration
  (empty for a share, NPS points or a count).
- JSON (docs/report.md, rules 1 and 5): with ``--finished-only`` the waiting tickets are
  ``missing`` and ``censored``; partial histories left out are in ``missing`` and
  ``left_out``, not in ``censored``; ``kpi.partial_weeks`` names the partial weeks only.
- Zendesk's ticket metrics beside ours (docs/report.md): the section lists "the first 20
  disagreements", by ticket, field and clock.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.goals import SmartGoal
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    AgentReply,
    SatisfactionRating,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.report import (
    KPI_METRICS,
    Report,
    ReportOptions,
    Source,
    build_report,
    goal_series,
    render_csv,
    render_text,
    report_to_dict,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

# -- selection: since <= created < until --------------------------------------------------------

_hours = st.integers(min_value=0, max_value=12)


@given(
    created=st.lists(_hours, min_size=1, max_size=8),
    since=st.none() | _hours,
    width=st.integers(min_value=1, max_value=6),
    bounded=st.booleans(),
)
@example(created=[2, 3, 5, 6], since=3, width=3, bounded=True)  # one at each bound
@example(created=[4], since=4, width=1, bounded=False)  # created at --since alone
@example(created=[1, 4], since=None, width=4, bounded=True)  # created at --until alone
def test_window_keeps_since_and_drops_until(
    created: list[int], since: int | None, width: int, bounded: bool
) -> None:
    histories = [
        TicketHistory(Ticket(f"T{i}", T0 + timedelta(hours=h)), []) for i, h in enumerate(created)
    ]
    lo = None if since is None else T0 + timedelta(hours=since)
    hi = T0 + timedelta(hours=(since or 0) + width) if bounded else None
    if lo is None and hi is None:
        hi = T0 + timedelta(hours=width)
    scope = build_report(histories, ReportOptions(since=lo, until=hi)).scope
    assert scope is not None
    inside = [
        h
        for h in created
        if (since is None or h >= since) and (hi is None or T0 + timedelta(hours=h) < hi)
    ]
    assert scope.selected == len(inside)
    assert scope.outside_window == len(created) - len(inside)


# -- partial weeks: "ends after the snapshot, or outside --since/--until", "5 % or more" -------

_MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # 2026-W10 begins


def _solved(tid: str, created: datetime, solved: bool = True) -> TicketHistory:
    events: list[AgentReply | StatusChange] = [AgentReply(f"{tid}r", created + timedelta(hours=1))]
    if solved:
        events.append(StatusChange(f"{tid}s", created + timedelta(hours=2), status="solved"))
    return TicketHistory(Ticket(tid, created), events)


def _week_flags(report: Report) -> dict[str, str | None]:
    return {scope.label: scope.partial for scope in report.kpi.by_week}


def test_week_exactly_inside_the_window_is_complete() -> None:
    # The window is the week itself: the selection cuts nothing of it, and every ticket was
    # solved long before the snapshot.
    histories = [_solved(f"T{d}", _MONDAY + timedelta(days=d, hours=9)) for d in range(5)]
    options = ReportOptions(
        since=_MONDAY,
        until=_MONDAY + timedelta(weeks=1),
        at=_MONDAY + timedelta(weeks=3),
    )
    assert _week_flags(build_report(histories, options)) == {"2026-W10": None}


@given(open_tickets=st.integers(min_value=0, max_value=4))
def test_five_percent_unresolved_or_more_is_partial(open_tickets: int) -> None:
    # 20 tickets of one week, ``open_tickets`` of them unresolved at a snapshot two weeks on:
    # partial from 1 of 20 (5 %) on, as "5 % or more" says.
    histories = [
        _solved(f"T{i}", _MONDAY + timedelta(hours=9 + i), solved=i >= open_tickets)
        for i in range(20)
    ]
    report = build_report(histories, ReportOptions(at=_MONDAY + timedelta(weeks=2)))
    flag = _week_flags(report)["2026-W10"]
    if open_tickets == 0:
        assert flag is None
    else:
        share = 100 * open_tickets / 20
        assert flag == f"{open_tickets} of 20 tickets ({share:.0f} %) unresolved at the snapshot"


# -- a goal's segment value no ticket has: the message lists at most 20 values -----------------


def test_unknown_segment_lists_the_first_twenty_values() -> None:
    channels = [f"c{i:02d}" for i in range(25)]
    histories = [
        TicketHistory(Ticket(f"T{i}", _MONDAY + timedelta(hours=i), channel=c), [])
        for i, c in enumerate(channels)
    ]
    goal = SmartGoal(
        name="chat replies",
        kpi="first_reply_time",
        statistic="median",
        unit="h",
        comparator="<",
        target=2.0,
        baseline=4.0,
        objective="fast replies",
        segment={"channel": "zz"},
        start=_MONDAY,
        deadline=_MONDAY + timedelta(weeks=4),
    )
    with pytest.raises(ConfigError) as caught:
        build_report(histories, ReportOptions(goals=[goal]))
    assert str(caught.value).endswith(f"the data has {sorted(channels)[:20]}")


# -- the overview's span: "created: first .. last", in the report's zone -----------------------


@given(
    hours=st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=6),
    zone=st.sampled_from([UTC, "UTC", "Europe/Berlin", "America/New_York"]),
)
def test_overview_span_is_first_then_last_creation(hours: list[int], zone: tzinfo | str) -> None:
    created = [T0 + timedelta(hours=h) for h in hours]
    histories = [TicketHistory(Ticket(f"T{i}", c), []) for i, c in enumerate(created)]
    overview = build_report(histories, ReportOptions(tz=zone)).overview
    assert overview.first_created == min(created)
    assert overview.last_created == max(created)
    local = UTC if zone in (UTC, "UTC") else ZoneInfo(str(zone))
    assert overview.first_created is not None
    assert overview.last_created is not None
    assert overview.first_created.utcoffset() == min(created).astimezone(local).utcoffset()
    assert overview.last_created.utcoffset() == max(created).astimezone(local).utcoffset()


# -- goals: "tickets created after [the cutoff] are left out" -- one created at it is in ------


def _goal(kpi: str, **more: object) -> SmartGoal:
    fields: dict[str, object] = {
        "name": f"{kpi} goal",
        "kpi": kpi,
        "comparator": ">=",
        "target": 0.9,
        "baseline": 0.5,
        "objective": "solve what comes in",
        "start": _MONDAY,
        "deadline": _MONDAY + timedelta(weeks=4),
    }
    fields.update(more)
    return SmartGoal(**fields)  # type: ignore[arg-type]


@given(created_later=st.integers(min_value=0, max_value=3))
def test_goal_counts_a_ticket_created_at_the_cutoff(created_later: int) -> None:
    # A solved at 10:00; B created at ``cutoff`` (two hours on), still open. The resolution
    # rate of 2026-W10 is 1 of 2: B, created at the cutoff, is not created after it.
    solved = _solved("A", _MONDAY + timedelta(hours=8))
    cutoff = _MONDAY + timedelta(hours=12)
    waiting = TicketHistory(Ticket("B", cutoff), [])
    later = [
        TicketHistory(Ticket(f"L{i}", cutoff + timedelta(minutes=1 + i)), [])
        for i in range(created_later)
    ]
    _, series = goal_series([solved, waiting, *later], _goal("resolution_rate"), at=cutoff)
    week = series[_MONDAY]
    assert (week.value, week.n) == (0.5, 2)


# -- goals: "a rating counts in the period it was given, and only a ticket's latest rating" ----


def test_goal_csat_counts_the_latest_rating_in_its_own_week() -> None:
    # Rated 2 in 2026-W10, then 5 in 2026-W11: W10 has no rating left, W11 one, satisfied.
    opened = _MONDAY + timedelta(hours=9)
    ratings = [
        SatisfactionRating("c1", opened + timedelta(days=1), score=2),
        SatisfactionRating("c2", opened + timedelta(days=8), score=5),
    ]
    history = TicketHistory(Ticket("T", opened), ratings)
    _, series = goal_series(
        [history], _goal("csat", target=0.8, baseline=0.5), at=opened + timedelta(weeks=3)
    )
    first, second = series[_MONDAY], series[_MONDAY + timedelta(weeks=1)]
    assert first.n == 0
    assert (second.value, second.n) == (1.0, 1)


# -- goals: a reply at the cutoff has happened, so its ticket is not waiting -------------------


def test_goal_week_with_a_reply_at_the_cutoff_is_not_waiting_for_it() -> None:
    # 20 tickets of 2026-W10, all replied; the last reply comes at the cutoff, in W11. None
    # waits for a first reply at the cutoff, so W10 is complete (1 of 20 would be 5 %).
    cutoff = _MONDAY + timedelta(weeks=1, hours=10)
    histories = [
        TicketHistory(
            Ticket(f"T{i}", _MONDAY + timedelta(hours=9 + i)),
            [AgentReply(f"r{i}", cutoff if i == 0 else _MONDAY + timedelta(hours=10 + i))],
        )
        for i in range(20)
    ]
    goal = _goal("first_reply_time", statistic="median", unit="h", comparator="<",
                 target=2.0, baseline=4.0)  # fmt: skip
    report = build_report(histories, ReportOptions(goals=[goal], at=cutoff))
    assert report.goals is not None
    (found,) = report.goals.goals
    week = next(p for p in found.series if p.period == "2026-W10")
    assert week.partial is None


# -- goals: a share target outside [0, 1] is an error -- 0 and 1 are inside --------------------


@pytest.mark.parametrize("target", [0.0, 1.0])
@pytest.mark.parametrize("kpi", ["reopen_rate", "resolution_rate", "csat"])
def test_goal_share_target_at_the_ends_of_zero_to_one(kpi: str, target: float) -> None:
    baseline = 0.5
    comparator = "<=" if target == 0.0 else ">="
    goal = _goal(kpi, target=target, baseline=baseline, comparator=comparator)
    history = _solved("A", _MONDAY + timedelta(hours=9))
    report = build_report([history], ReportOptions(goals=[goal]))
    assert report.goals is not None
    assert report.goals.goals[0].goal.target_value == target


# -- goals: a period that begins at the cutoff, with a ticket in it, is partial ---------------


def test_goal_period_beginning_at_the_cutoff_with_a_ticket_is_partial() -> None:
    # The cutoff is 2026-W11's first instant and a ticket is created then: W11 has begun,
    # ends after the snapshot, and is flagged (and so left out of the goal's latest value).
    cutoff = _MONDAY + timedelta(weeks=1)
    histories = [_solved("A", _MONDAY + timedelta(hours=9)), TicketHistory(Ticket("B", cutoff), [])]
    report = build_report(histories, ReportOptions(goals=[_goal("resolution_rate")], at=cutoff))
    assert report.goals is not None
    (found,) = report.goals.goals
    week = next(p for p in found.series if p.period == "2026-W11")
    assert week.partial == f"ends after the snapshot {cutoff.isoformat()}"
    assert found.status.latest_period == _MONDAY


# -- the text overview: "shares are shown in percent with one decimal" -------------------------


@given(chat=st.integers(min_value=1, max_value=7), email=st.integers(min_value=1, max_value=7))
def test_text_overview_shares_are_percent(chat: int, email: int) -> None:
    channels = ["chat"] * chat + ["email"] * email
    histories = [
        TicketHistory(Ticket(f"T{i}", _MONDAY + timedelta(hours=i), channel=c), [])
        for i, c in enumerate(channels)
    ]
    lines = render_text(build_report(histories)).splitlines()
    start = lines.index("By channel")
    rows = {}
    for line in lines[start + 1 : start + 3]:
        name, count, share, percent, *_ = line.split()
        rows[name] = (int(count), share, percent)
    total = chat + email
    assert rows == {
        "chat": (chat, f"{100 * chat / total:.1f}", "%"),
        "email": (email, f"{100 * email / total:.1f}", "%"),
    }


# -- CSV: a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with ' --


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_prefixes_every_formula_lead(lead: str) -> None:
    text = f"{lead}1+2"
    report = build_report([], source=Source("x.csv", bad_records=[text]))
    rows = list(csv.reader(io.StringIO(render_csv(report), newline="")))
    (bad,) = [row for row in rows if row[:2] == ["source", "bad_record"]]
    assert bad[9] == "'" + text  # the note column


# -- JSON: a finished-only time's ``censored`` counts the waiting tickets, not those left out --


@given(waiting=st.integers(min_value=0, max_value=3), lost=st.integers(min_value=0, max_value=3))
def test_json_finished_only_censored_is_the_waiting_tickets(waiting: int, lost: int) -> None:
    replied = [_solved(f"R{i}", _MONDAY + timedelta(hours=i)) for i in range(3)]
    still = [
        TicketHistory(Ticket(f"W{i}", _MONDAY + timedelta(hours=i)), []) for i in range(waiting)
    ]
    unaudited = [
        TicketHistory(
            Ticket(
                f"U{i}", _MONDAY + timedelta(hours=i), attributes={PARTIAL_ATTRIBUTE: "first_reply"}
            ),
            [],
        )
        for i in range(lost)
    ]
    report = build_report([*replied, *still, *unaudited], ReportOptions(finished_only=True))
    frt = report_to_dict(report)["kpi"]["overall"]["frt_p50"]
    assert frt["estimator"] == "finished-only"
    assert (frt["n"], frt["missing"], frt["censored"]) == (3, waiting + lost, waiting)
    assert frt.get("left_out", 0) == lost


# -- Zendesk's ticket metrics: "the first 20 disagreements" (by ticket, field and clock) -------


@given(tickets=st.integers(min_value=19, max_value=23))
def test_ticket_metrics_lists_the_first_twenty_disagreements(tickets: int) -> None:
    # Each ticket replied after an hour; Zendesk's record says 0 minutes: one disagreement
    # each, on the calendar clock.
    histories = [
        TicketHistory(Ticket(str(i), _MONDAY), [AgentReply(f"r{i}", _MONDAY + timedelta(hours=1))])
        for i in range(1, tickets + 1)
    ]
    records = [
        {"ticket_id": i, "reply_time_in_minutes": {"calendar": 0}} for i in range(1, tickets + 1)
    ]
    section = build_report(histories, ReportOptions(ticket_metrics=records)).ticket_metrics
    assert section is not None
    assert section.compared - section.agreed == tickets
    listed = [c.ticket_id for c in section.disagreements]
    assert listed == [str(i) for i in range(1, min(tickets, 20) + 1)]


# -- CSV: ``base`` is the time base of a duration, and empty for any other figure --------------


def test_csv_kpi_base_only_on_durations() -> None:
    histories = [_solved(f"T{i}", _MONDAY + timedelta(hours=i)) for i in range(3)]
    rows = list(csv.DictReader(io.StringIO(render_csv(build_report(histories)), newline="")))
    overall = {row["metric"]: row["base"] for row in rows if row["section"] == "kpi"
               and row["segment"] == "" and row["period"] == ""}  # fmt: skip
    durations = {"frt_p50", "frt_p90", "resolution_p50", "resolution_p90"}
    assert overall == {
        metric: "calendar time" if metric in durations else "" for metric in KPI_METRICS
    }


# -- JSON: ``kpi.partial_weeks`` holds the partial weeks, each with its reason -----------------


def test_json_partial_weeks_are_the_partial_ones_only() -> None:
    last = _MONDAY + timedelta(weeks=1, hours=9)
    histories = [_solved("A", _MONDAY + timedelta(hours=9)), _solved("B", last)]
    data = report_to_dict(build_report(histories))
    snapshot = (last + timedelta(hours=2)).isoformat()  # B's solve, the last event
    assert data["kpi"]["partial_weeks"] == {"2026-W11": f"ends after the snapshot {snapshot}"}
    assert list(data["kpi"]["by_week"]) == ["2026-W10", "2026-W11"]


# -- goals text: the waiting tickets and those left out are counted apart -----------------------


def _goal_text(statistic: str, waiting: int, lost: int) -> str:
    """The text report of a first reply goal over 40 tickets replied in an hour, ``waiting``
    still waiting at the snapshot and ``lost`` without a first-reply column (left out)."""
    opened = _MONDAY + timedelta(hours=9)
    replied = [
        TicketHistory(Ticket(f"T{i}", opened), [AgentReply(f"r{i}", opened + timedelta(hours=1))])
        for i in range(40)
    ]
    still = [TicketHistory(Ticket(f"W{i}", opened), []) for i in range(waiting)]
    unaudited = [
        TicketHistory(Ticket(f"U{i}", opened, attributes={PARTIAL_ATTRIBUTE: "first_reply"}), [])
        for i in range(lost)
    ]
    goal = _goal("first_reply_time", statistic=statistic, unit="h", comparator="<",
                 target=2.0, baseline=4.0)  # fmt: skip
    options = ReportOptions(goals=[goal], at=_MONDAY + timedelta(weeks=2), include_partial=True)
    return render_text(build_report([*replied, *still, *unaudited], options))


@given(waiting=st.integers(min_value=1, max_value=2), lost=st.integers(min_value=1, max_value=2))
def test_goal_text_counts_waiting_and_left_out_apart(waiting: int, lost: int) -> None:
    # A mean goal (over finished tickets only): the waiting tickets are not counted in n, and
    # the line says so -- not "censored", which the Kaplan-Meier line says of tickets in n.
    text = _goal_text("mean", waiting, lost)
    tail = f"(n=40, {waiting} still waiting, not counted, {lost} left out (partial history))"
    assert f"    latest 2026-W10 1 h [1, 1] {tail}, progress 150 %" in text.splitlines()


@given(waiting=st.integers(min_value=1, max_value=3), lost=st.integers(min_value=0, max_value=2))
def test_a_kaplan_meier_goal_line_counts_its_censored_tickets(waiting: int, lost: int) -> None:
    # A median goal (Kaplan-Meier, the report's default): the tickets still waiting at the
    # snapshot are in n, censored there, and the line says how many of n.
    text = _goal_text("median", waiting, lost)
    dropped = f", {lost} left out (partial history)" if lost else ""
    line = next(x for x in text.splitlines() if x.startswith("    latest 2026-W10 "))
    assert f"(n={40 + waiting}, {waiting} of them censored{dropped})" in line
