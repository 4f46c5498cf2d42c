"""Fuzz the report heads' bad-record reasons, the SLA reconciliation (Zendesk's ``start_time``,
the text's counts, breach instants in counted time), ``check_plan``'s log-odds interval, the plan
heatmap across odd DST changes, numpy numbers where a number or a count is read, seeds, and a
``--map`` file's column errors.

Each harness checks the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang) and a law on
what valid input gives:

- ``reason_of`` / ``reasons_of`` / ``set_aside_lines`` on arbitrary text and on error-shaped
  text: never raise; a reason is one short line and its own reason; the counts add up to the
  records; at most five are quoted, then "and N more";
- ``zendesk_verdicts(start_time=...)`` over shuffled, repeated and deleted metric events: the
  verdicts do not depend on the order, a record read twice counts once, a deleted breach is
  no breach; ``start_time`` changes only the note on a breach no ``apply_sla`` put in force;
- ``str(Reconciliation)`` counts the clocks as the report's reconciliation section does;
- a vendor breach instant agrees with ours exactly when the wall-clock gap or the time our
  clock counts between them is within the tolerance (JSM's close vs our next opening);
- ``ratio_interval(scale="logit")`` and ``check_plan`` on small plans: the interval lies in
  [0, 1] and holds the simulated level;
- the heatmap of hourly and half-hourly plans in zones with odd changes (Lord Howe Island's
  30 minutes, Monrovia's 44 min 30 s in 1972, Troll's two hours): one label per column, no
  label twice, every row in one keyed cell;
- numpy scalars (``int64``, ``uint64``, ``float16``, ``float32``, ``longdouble``) wherever a
  number or a count is read give the result the Python int or float gives (goal targets, KPI
  percentiles, CSAT scale ends, a desk's agents, arrivals, handle time and patience, a plan's
  AHT and concurrency, a float32 shrinkage read as it prints);
- ``seeded_random``: every int seed (negative and huge ones too) has its own numbers, in
  ``simulate`` and the QA bootstraps alike;
- ``servicemodel report --source eventlog --map``: a column the data file lacks is one error
  line that names the map file and the field, then the data file;
- ``LoadResult.warnings`` of ``freshdesk.load`` (filter pages dropped, given twice, stating
  their ``total`` as a text, a bool, a negative, a float, a huge int or null) and of
  ``zendesk.load`` (pages in any order, odd ``end_of_stream`` values, missing cursors): never
  another exception; a warning exactly when the tickets read fall short of the stated total
  or no page read ends the stream; the tickets read are those read without the pages' word;
- the SLA section's ``unseen_labels`` / ``warnings()`` for random ``pause_labels`` and label
  targets against random histories: one warning per label no ticket has, said once in text,
  Markdown and HTML, and as it is in JSON (``sla.warnings``) and CSV (``sla`` warning rows);
- ``date_order_warning`` over mixes of day-first and month-first hints: each record counted
  by its own hint, a mix said as one, the set-aside lines carrying it once;
- ``scope_line`` of an empty report, with or without ``at``, ``since`` and ``until``: never
  "None", and "no snapshot" exactly when no ``at`` was given.

Found and fixed (each with a regression test in the matching test module):

- ``seeded_random`` (so ``simulate``, ``check_plan`` and the QA bootstraps) raised
  ``ValueError`` for a negative seed of more than 4,300 digits (it seeded with the seed's
  decimal text, which Python refuses to write past that length), and ``repr`` of a
  ``SimulationResult`` with such a seed (positive too) raised it as well
  (``tests/test_huge_seeds.py``);
- the plan heatmap named the columns of a plan whose intervals do not start at whole
  minutes alike (30-second intervals: each ``HH:MM`` twice; 45- or 90-second ones, cut to
  whole minutes, up to four times), and a plan whose interval is no whole number of seconds
  raised ``ZeroDivisionError`` (``tests/test_plan_heatmap_seconds.py``);
- ``SupportDesk``'s arrivals, handle time and patience, ``Exponential``/``LogNormal``,
  ``RateProfile`` and ``plan_intervals(concurrency=...)`` refused numpy numbers that its
  agents and the staffing functions read (``tests/test_simulate_numpy_numbers.py``);
- ``zendesk.load`` warned of an unfinished incremental export only when the last page read
  said ``end_of_stream: false``: a page read last without ``end_of_stream`` (or with null or a
  text) hid an earlier page's ``false``, so the files' order decided the warning
  (``tests/test_zendesk_end_of_stream_order.py``);
- ``date_order_warning`` counted a record by the first hint-like text in its error, so a value
  quoted before the reader's own hint ('dayfirst=false reads M/D/Y' in a timestamp cell)
  turned the record's order around, and a text of many "dayfirst=true" without "reads" took
  time growing with its square (8 s for 112 kB) (``tests/test_date_order_hint_in_value.py``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=300 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_bad_record_reasons_and_numpy_numbers.py
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import random
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _deadline import cpu_time, scaled
from _zones import LORD_HOWE_BACK_2026, LORD_HOWE_FORWARD_2026, Change, change_like
from servicemodel._config import finite_number
from servicemodel._numbers import seeded_random
from servicemodel.calendar import BusinessCalendar
from servicemodel.cli import main
from servicemodel.errors import ServiceModelError
from servicemodel.forecast import check_plan
from servicemodel.forecast._check_week import ratio_interval
from servicemodel.goals import SmartGoal
from servicemodel.io import freshdesk, zendesk
from servicemodel.kpi import CSAT, Durations, FirstReplyTime
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    Priority,
    PriorityChange,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.qa import fleiss_kappa
from servicemodel.reconcile import VendorVerdict, reconcile, zendesk_verdicts
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._plan_charts import heatmap_chart, layout
from servicemodel.report._set_aside import EXAMPLES, reason_of, reasons_of, set_aside_lines
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.sla import SLAPolicy, Target, evaluate, evaluate_many
from servicemodel.staffing import ServiceLevelTarget, plan_intervals, scheduled_agents

from .conftest import assert_contract, bounded_contract, folder, fuzz_settings, require, show

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


# ---------------------------------------------------------------- set-aside reasons

_PIECES = st.sampled_from(
    [
        "a.csv",
        "line 4",
        "lines 4-6",
        "page 3",
        "time",
        "Created at",
        "case 'C1'",
        "ticket '1003'",
        "issue SD-4",
        "Created at '31/02/2026 10:00'",
        "not a timestamp",
        "unknown activity 'Oops'; map it",
        "not a valid M/D/Y timestamp: '28/02/2026 09:17' (dayfirst=True reads D/M/Y)",
        "before the ticket's creation 2026-03-25T00:33:00-04:00; 1900-01-01 is a placeholder",
        "'",
        '"',
        "…",
        ": ",
        "",
        " ",
        "x" * 80,
    ]
)
_ERROR_TEXTS = st.one_of(
    st.text(max_size=120),
    st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=7).map(": ".join),
)


@fuzz_settings(300)
@given(text=_ERROR_TEXTS)
@example("a.csv: line 4: time: case 'C1': not a timestamp: 'x'")
@example("x" * 200)
@example("line 2: ")
def test_a_reason_is_one_short_line_and_its_own_reason(text: str) -> None:
    why = assert_contract(reason_of, text)
    require(isinstance(why, str), "REASON", f"{text!r} gave {show(why)}", "reason is no text")
    require(
        bool(why.strip()) and "\n" not in why and len(why) <= 60,
        "REASON",
        f"{text!r} gave {why!r}",
        "a reason that is empty, several lines or longer than 60",
    )
    again = assert_contract(reason_of, why)
    require(
        again == why,
        "IDEMPOTENT",
        f"{text!r} gave {why!r}, whose reason is {again!r}",
        "a reason's reason is another reason",
    )


@fuzz_settings(150)
@given(texts=st.lists(_ERROR_TEXTS, max_size=12), limit=st.integers(0, 8))
def test_the_set_aside_lines_count_every_record_and_quote_at_most_the_limit(
    texts: list[str], limit: int
) -> None:
    counts = assert_contract(reasons_of, texts)
    require(
        sum(n for _, n in counts) == len(texts) and all(n >= 1 for _, n in counts),
        "COUNTS",
        f"{show(texts)} gave {show(counts)}",
        "reason counts do not add up",
    )
    require(
        counts == sorted(counts, key=lambda item: (-item[1], item[0]))
        and len({r for r, _ in counts}) == len(counts),
        "COUNTS",
        show(counts),
        "reasons out of order or repeated",
    )
    lines = assert_contract(set_aside_lines, texts, limit=limit)
    if not texts:
        require(lines == [], "LINES", show(lines), "lines for no record")
        return
    require(
        lines[0].startswith(f"{len(texts)} bad record(s) set aside: "),
        "LINES",
        show(lines),
        "head does not count the records",
    )
    quoted = [line for line in lines[1:] if line.startswith("  ") and not line.startswith("  and ")]
    expected = [f"  {t}" for t in texts[:limit]]
    require(quoted == expected, "QUOTED", f"{show(lines)}", "quoted records are not the first")
    more = [line for line in lines if line.startswith("  and ")]
    if len(texts) > limit:
        require(
            more == [f"  and {len(texts) - limit} more (the JSON and CSV reports list every one)"],
            "MORE",
            show(lines),
            "'and N more' missing or wrong",
        )
    else:
        require(not more or texts[-1].startswith("and "), "MORE", show(lines), "needless more")
    default = assert_contract(set_aside_lines, texts)
    require(
        sum(1 for line in default[1:] if line.startswith("  ") and not line.startswith("  and "))
        <= EXAMPLES + sum(1 for t in texts[:EXAMPLES] if t.startswith("and ")),
        "QUOTED",
        show(default),
        f"more than {EXAMPLES} quoted",
    )


# ---------------------------------------------------------------- Zendesk events, start_time

_METRICS = ("reply_time", "resolution_time", "requester_wait_time", "pausable_update_time")
_KINDS = ("activate", "fulfill", "pause", "breach", "apply_sla", "apply_sla", "breach")


def _stamp(minutes: int, offset: int = 0) -> str:
    at = (T0 + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset)))
    return at.isoformat().replace("+00:00", "Z")


@st.composite
def _event(draw: st.DrawFn, eid: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(_KINDS))
    metric = draw(st.sampled_from(_METRICS))
    ev: dict[str, Any] = {
        "id": eid,
        "ticket_id": draw(st.sampled_from([101, 102])),
        "metric": metric,
        "instance_id": draw(st.integers(1, 2)) if metric == "reply_time" else 1,
        "type": kind,
        "time": _stamp(draw(st.integers(0, 900)), draw(st.sampled_from([0, 0, 2, -5]))),
    }
    if kind == "apply_sla":
        ev["sla"] = draw(
            st.one_of(
                st.none(),
                st.fixed_dictionaries(
                    {
                        "target": st.sampled_from([15, 60, 480]),
                        "business_hours": st.just(False),
                        "policy": st.fixed_dictionaries(
                            {"title": st.sampled_from(["Gold", "Silver"])}
                        ),
                    }
                ),
            )
        )
    return ev


_EVENTS = st.integers(1, 12).flatmap(lambda n: st.tuples(*(_event(i) for i in range(n))))
_START_TIMES = st.one_of(
    st.none(),
    st.integers(-60, 960).map(lambda m: T0 + timedelta(minutes=m)),
    st.integers(-60, 960).map(
        lambda m: (T0 + timedelta(minutes=m)).astimezone(timezone(timedelta(hours=-7)))
    ),
    st.sampled_from([datetime(2026, 3, 2, 9), "2026-03-02T09:00:00Z", 0, True, float("nan")]),
)


def _verdicts(events: list[dict[str, Any]], start: Any) -> Any:
    return assert_contract(zendesk_verdicts, events, on_error="collect", start_time=start)


def _without_notes(verdicts: Any) -> list[str]:
    import attrs

    return sorted(repr(attrs.evolve(v, notes=())) for v in verdicts)


@fuzz_settings(60)
@given(events=_EVENTS, start=_START_TIMES, seed=st.integers(0, 2**32 - 1), data=st.data())
def test_zendesk_verdicts_with_a_start_time_ignore_order_repeats_and_deleted_events(
    events: tuple[dict[str, Any], ...], start: Any, seed: int, data: Any
) -> None:
    events_list = list(events)
    got = _verdicts(events_list, start)
    if isinstance(got, ServiceModelError):
        require(
            "start_time" in str(got) or start is None or isinstance(start, datetime),
            "MESSAGE",
            f"start_time={show(start)}: {got}",
            "a refused start_time is not named",
        )
        return
    plain = _verdicts(events_list, None)
    require(not isinstance(plain, ServiceModelError), "START", show(plain), "error without start")
    # start_time changes only the note on a breach without an SLA before it
    require(
        _without_notes(got[0]) == _without_notes(plain[0]),
        "START",
        f"{show(events_list)} start={start}: {show(got[0])} vs {show(plain[0])}",
        "start_time changes more than the note",
    )
    for v in got[0]:
        unknown = [n for n in v.notes if n.startswith("vendor's policy unknown")]
        require(
            not unknown or v.breached_at is not None,
            "NOTE",
            repr(v),
            "policy-unknown note on a clock with no breach",
        )
    # order, and a record read twice (an overlapping export)
    shuffled = events_list + data.draw(st.lists(st.sampled_from(events_list), max_size=4))
    random.Random(seed).shuffle(shuffled)
    again = _verdicts(shuffled, start)
    require(
        not isinstance(again, ServiceModelError)
        and sorted(map(repr, again[0])) == sorted(map(repr, got[0])),
        "ORDER",
        f"{show(events_list)} start={start}: {show(got)} vs shuffled with repeats {show(again)}",
        "verdicts depend on order or repeats",
    )
    # a breach marked deleted (a later export) is as if it were never there
    breaches = [e for e in events_list if e["type"] == "breach"]
    if not breaches:
        return
    gone = data.draw(st.lists(st.sampled_from(breaches), min_size=1, unique_by=id))
    kept = [e for e in events_list if all(e is not g for g in gone)]
    marked = events_list + [{**g, "deleted": True} for g in gone]
    random.Random(seed + 1).shuffle(marked)
    one = _verdicts(kept, start)
    two = _verdicts(marked, start)
    require(
        not isinstance(one, ServiceModelError)
        and not isinstance(two, ServiceModelError)
        and sorted(map(repr, one[0])) == sorted(map(repr, two[0])),
        "DELETED",
        f"{show(events_list)} deleting {show(gone)}: {show(one)} vs {show(two)}",
        "a deleted breach still counts",
    )


# ---------------------------------------------------------------- text counts vs the report

_POLICY = SLAPolicy(
    "Gold",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("next_reply", "1h", business=False),
            Target("requester_wait", "8h", business=False),
            Target("resolution", "8h", business=False),
        ]
    },
)
_HISTORIES = [
    TicketHistory(
        Ticket("101", T0),
        [
            AgentReply("r1", T0 + timedelta(minutes=90)),
            CustomerMessage("m1", T0 + timedelta(minutes=200)),
            AgentReply("r2", T0 + timedelta(minutes=230)),
        ],
    ),
    TicketHistory(Ticket("102", T0 + timedelta(minutes=30)), []),
    TicketHistory(
        Ticket("103", T0 + timedelta(minutes=60)), [AgentReply("r3", T0 + timedelta(minutes=100))]
    ),
]
_HEAD = re.compile(
    r"(\d+) clocks compared: (\d+) agree, (\d+) disagree; (\d+) only ours, (\d+) only the "
    r"vendor's"
)


@fuzz_settings(40)
@given(events=_EVENTS, start=st.one_of(st.none(), st.just(T0 + timedelta(hours=2))))
def test_the_text_counts_are_the_report_sections(
    events: tuple[dict[str, Any], ...], start: datetime | None
) -> None:
    got = _verdicts(list(events), start)
    if isinstance(got, ServiceModelError):
        return
    at = T0 + timedelta(hours=30)
    measurements = list(evaluate_many(_POLICY, _HISTORIES, at=at))
    result = assert_contract(reconcile, got[0], measurements)
    if isinstance(result, ServiceModelError):
        return
    lines = str(result).splitlines()
    head = _HEAD.fullmatch(lines[0])
    require(head is not None, "TEXT", lines[0], "head line")
    assert head is not None
    counts = tuple(map(int, head.groups()))
    require(
        counts[0] + counts[3] + counts[4] == len(result.clocks)
        and counts[1] + counts[2] == counts[0]
        and len(lines) - 1 == len(result.disagreements),
        "TEXT",
        str(result),
        "text counts do not add up",
    )
    options = assert_contract(ReportOptions, policies=_POLICY, vendor_verdicts=got[0], at=at)
    if isinstance(options, ServiceModelError):
        return
    report = assert_contract(build_report, _HISTORIES, options)
    if isinstance(report, ServiceModelError) or report.reconciliation is None:
        return
    o = report.reconciliation.overall
    require(
        counts == (o.compared, o.agreed, o.disagreed, o.ours_only, o.vendor_only),
        "SECTION",
        f"{show(events)}: text {lines[0]!r}, section {o}",
        "str(Reconciliation) counts differ from the report section",
    )


# ---------------------------------------------------------------- breach instants, counted time

_CALENDARS = [
    BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"}),
    BusinessCalendar.weekly("America/New_York", {"mon-sat": "22:00-06:00"}),
    BusinessCalendar.weekly("Australia/Lord_Howe", {"mon-fri": "08:00-12:00"}),
]


@fuzz_settings(60)
@given(
    cal=st.sampled_from(_CALENDARS),
    created=st.integers(0, 14 * 24 * 60),
    hours=st.sampled_from(["1h", "4h", "8h", "12h"]),
    shift=st.integers(-3 * 24 * 60, 3 * 24 * 60),
)
@example(_CALENDARS[0], (24 * 60 * 28 - 2 * 60), "8h", -16 * 60)
def test_a_vendor_breach_agrees_exactly_when_no_counted_time_parts_it_from_ours(
    cal: BusinessCalendar, created: int, hours: str, shift: int
) -> None:
    policy = SLAPolicy("desk", {"normal": [Target("resolution", hours)]}, calendar=cal)
    opened = datetime(2026, 3, 16, tzinfo=UTC) + timedelta(minutes=created)
    (m,) = evaluate(
        policy, TicketHistory(Ticket("HD-6", opened), []), at=opened + timedelta(weeks=3)
    )
    if m.breached_at is None:
        return
    vendor_at = m.breached_at + timedelta(minutes=shift)
    v = VendorVerdict(
        "HD-6", "Time to resolution", 1, "breached", breached_at=vendor_at, source="jsm",
        our_metric="resolution", our_cycle=0,
    )  # fmt: skip
    result = assert_contract(reconcile, [v], [m])
    if isinstance(result, ServiceModelError):
        return
    (clock,) = result.clocks
    tolerance = timedelta(minutes=1)
    lo, hi = sorted((vendor_at, m.breached_at))
    same = hi - lo <= tolerance or cal.elapsed(lo, hi) <= tolerance
    require(
        clock.agrees == same,
        "BREACH",
        f"ours {m.breached_at}, vendor {vendor_at} on {cal}: agrees={clock.agrees} "
        f"({clock.reason}), counted {cal.elapsed(lo, hi)}",
        "breach instants compared not in counted time",
    )


# ---------------------------------------------------------------- check_plan's log-odds interval


@fuzz_settings(200)
@given(
    pairs=st.lists(
        st.integers(0, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        min_size=2,
        max_size=12,
    ),
    level=st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99, 0.999]),
    scale=st.sampled_from(["logit", "linear"]),
)
def test_the_ratio_interval_is_a_share_interval_holding_the_pooled_share(
    pairs: list[tuple[int, int]], level: float, scale: str
) -> None:
    met = [m for m, _ in pairs]
    offered = [n for _, n in pairs]
    if sum(offered) == 0:
        return
    got = assert_contract(ratio_interval, met, offered, level, scale=scale)
    if isinstance(got, ServiceModelError):
        return
    r, low, high = got
    require(
        all(math.isfinite(x) for x in got) and 0 <= low <= r <= high <= 1,
        "INTERVAL",
        f"{pairs} at {level} ({scale}): {got}",
        "interval outside [0, 1] or without the share",
    )
    require(
        math.isclose(r, sum(met) / sum(offered)), "POINT", f"{pairs}: {r}", "not the pooled share"
    )


@fuzz_settings(6)
@given(
    calls=st.lists(st.integers(0, 40), min_size=1, max_size=3),
    batches=st.integers(2, 4),
    seed=st.integers(-(2**70), 2**70),
)
def test_check_plan_levels_lie_in_their_intervals(
    calls: list[int], batches: int, seed: int
) -> None:
    plan = plan_intervals([float(c) for c in calls], aht=120, targets=[ServiceLevelTarget(0.8, 20)])
    got = bounded_contract(20, check_plan, plan, batches=batches, hours_per_batch=0.5, seed=seed)
    if isinstance(got, ServiceModelError):
        return
    for c in got.intervals:
        require(
            0 <= c.low <= c.simulated <= c.high <= 1,
            "LEVEL",
            f"{calls} seed {seed}: {c}",
            "simulated level outside its interval or [0, 1]",
        )


# ---------------------------------------------------------------- heatmap, odd DST zones


def _days_before(example: Change) -> date:
    return change_like("Australia/Lord_Howe", example).wall_before.date() - timedelta(days=4)


_ODD = [
    # Four days before Lord Howe's half-hour changes, 2026-04-05 and 2026-10-04 (or the ones
    # the zone data in use give, see _zones).
    ("Australia/Lord_Howe", _days_before(LORD_HOWE_BACK_2026)),
    ("Australia/Lord_Howe", _days_before(LORD_HOWE_FORWARD_2026)),
    ("Africa/Monrovia", date(1972, 1, 5)),
    ("Antarctica/Troll", date(2026, 3, 27)),
    ("Antarctica/Troll", date(2026, 10, 23)),
    ("Europe/Dublin", date(2026, 3, 27)),
    ("Asia/Kolkata", date(1942, 9, 1)),
    ("UTC", date(2026, 3, 2)),
]


@fuzz_settings(20)
@given(
    where=st.sampled_from(_ODD),
    days=st.integers(-4, 4),
    hour=st.sampled_from([0, 0, 7, 13]),
    interval=st.sampled_from([900, 1800, 3600, 7200, 30, 45, 90, 0.5]),
    field=st.sampled_from(["agents", "scheduled"]),
    second=st.sampled_from([0, 0, 30]),
)
@example(("Africa/Monrovia", date(1972, 1, 5)), 0, 0, 3600, "agents", 0)
@example(("Antarctica/Troll", date(2026, 3, 27)), 0, 0, 1800, "agents", 0)
@example(("Europe/Dublin", date(2026, 3, 29)), 0, 0, 45, "agents", 0)  # HH:MM four times
@example(("UTC", date(2026, 3, 2)), 0, 0, 0.5, "agents", 0)  # ZeroDivisionError
def test_heatmap_of_odd_dst_weeks_has_one_label_per_column(
    where: tuple[str, date], days: int, hour: int, interval: float, field: str, second: int
) -> None:
    name, day = where
    tz = ZoneInfo(name)
    first = day + timedelta(days=days if interval >= 900 else 0)
    start = datetime(first.year, first.month, first.day, hour, 0, second, tzinfo=tz)
    # A week of short intervals is thousands of rows: a few hours of them cross the change.
    n = round(7 * 24 * 3600 / interval) if interval >= 900 else 400
    plan = plan_intervals(
        [float(i % 7 * 3) for i in range(n)],
        aht=180,
        interval=interval,
        targets=[ServiceLevelTarget(0.8, 20)],
        start=start,
    )
    chart = assert_contract(heatmap_chart, plan, field, draw=False)
    if isinstance(chart, ServiceModelError):
        return
    header = chart.table.header
    grid = layout(plan)
    require(
        len(header) - 1 == len(grid.columns)
        and (len(set(header)) == len(header) or interval < 1),  # no label finer than 1 s
        "LABELS",
        f"{name} from {start} every {interval}s: {len(header) - 1} labels for "
        f"{len(grid.columns)} columns, {len(header) - len(set(header))} repeated",
        "a column without its own label",
    )
    require(
        all(len(row) == len(header) for row in chart.table.rows),
        "LABELS",
        f"{name} {start}",
        "a row with a cell too many or too few",
    )
    keys = [c.key for row in chart.table.rows for c in row if c.key is not None]
    require(
        sorted(keys) == sorted(f"{field}|{i}" for i in range(len(plan.rows))),
        "CELLS",
        f"{name} {start} every {interval}s: {len(keys)} keyed cells for {len(plan.rows)} rows",
        "a row's count shown twice or lost",
    )


# ---------------------------------------------------------------- numpy numbers


def _numpy_kinds(value: float) -> list[Any]:
    kinds: list[Any] = [np.float64(value), np.longdouble(value)]
    if abs(value) < 3e38:
        kinds.append(np.float32(value))
    if abs(value) < 60000:
        kinds.append(np.float16(value))
    if float(value).is_integer() and abs(value) < 2**63:
        whole = int(value)
        kinds += [np.int64(whole)]
        if whole >= 0:
            kinds += [np.uint64(whole)]
        if abs(whole) < 2**31:
            kinds += [np.int32(whole)]
    return kinds


@fuzz_settings(150)
@given(
    value=st.one_of(
        st.integers(-(2**62), 2**62).map(float),
        st.floats(-1e30, 1e30, allow_nan=False),
        st.sampled_from([0.0, -0.0, 0.3, 1e-45, 2.0**63, 1.7e308]),
    )
)
def test_finite_number_reads_numpy_numbers_as_their_floats(value: float) -> None:
    for x in _numpy_kinds(value):
        got = assert_contract(finite_number, x, "target")
        if isinstance(got, ServiceModelError):
            require(
                str(got).startswith("target: "), "MESSAGE", str(got), "finite_number path missing"
            )
            require(
                not math.isfinite(float(x)), "REFUSED", f"{x!r}: {got}", "a finite numpy refused"
            )
            continue
        require(
            type(got) is float and got == float(x),
            "VALUE",
            f"{x!r} gave {got!r}",
            "finite_number of a numpy number is not its float",
        )


_SL = ServiceLevelTarget(0.8, 20)
_GOAL = {
    "name": "g",
    "objective": "why",
    "start": datetime(2026, 8, 3, tzinfo=UTC),
    "deadline": datetime(2026, 11, 2, tzinfo=UTC),
    "kpi": "handled",
    "comparator": "<",
}


@fuzz_settings(60)
@given(
    target=st.integers(1, 10_000),
    gap=st.integers(1, 50),
    percentiles=st.lists(st.integers(0, 100), min_size=1, max_size=4, unique=True),
    scale=st.tuples(st.integers(-5, 5), st.integers(1, 10)).map(lambda t: (t[0], t[0] + t[1])),
    agents=st.integers(1, 50),
    kind=st.sampled_from([np.int64, np.int32, np.uint16, np.uint64]),
)
def test_numpy_counts_and_numbers_give_what_python_ones_give(
    target: int,
    gap: int,
    percentiles: list[int],
    scale: tuple[int, int],
    agents: int,
    kind: Any,
) -> None:
    # goals' targets
    plain = assert_contract(SmartGoal, **_GOAL, target=float(target), baseline=float(target + gap))
    numpy = assert_contract(SmartGoal, **_GOAL, target=kind(target), baseline=kind(target + gap))
    require(plain == numpy, "GOAL", f"{show(plain)} vs {show(numpy)}", "numpy goal target")
    # KPI percentiles
    one = assert_contract(FirstReplyTime.empty, percentiles=percentiles)
    two = assert_contract(FirstReplyTime.empty, percentiles=[kind(p) for p in percentiles])
    require(one == two, "PERCENTILES", f"{percentiles}: {show(two)}", "numpy percentiles")
    times = Durations.empty(unit="h").add_many([1, 2, 3, 5, 8, 13, 21])
    for p in percentiles:
        a = assert_contract(times.percentile, p)
        b = assert_contract(times.percentile, kind(p))
        c = assert_contract(times.percentile, np.float32(p))
        require(
            repr(a) == repr(b) == repr(c), "PERCENTILE", f"{p}: {a} {b} {c}", "numpy percentile"
        )
    # CSAT scale ends
    low, high = scale
    for k in (np.int64, np.int32):
        a = assert_contract(CSAT.empty, low=low, high=high, satisfied_from=high)
        b = assert_contract(CSAT.empty, low=k(low), high=k(high), satisfied_from=k(high))
        require(repr(a) == repr(b), "CSAT", f"{scale} {k.__name__}: {show(a)} / {show(b)}", "scale")
    # SupportDesk agents and figures, a plan's concurrency
    desk = assert_contract(
        SupportDesk,
        agents=kind(agents),
        arrivals=kind(gap),
        handle_time=kind(target),
        patience=np.float32(gap),
    )
    plain_desk = SupportDesk(
        agents=agents, arrivals=gap, handle_time=target, patience=float(np.float32(gap))
    )
    require(
        not isinstance(desk, ServiceModelError) and type(desk.agents) is int and desk == plain_desk,
        "DESK",
        f"{kind.__name__}({agents}): {show(desk)} vs {show(plain_desk)}",
        "numpy desk figures",
    )
    plan = assert_contract(
        plan_intervals, [float(gap)], aht=kind(target), targets=[_SL], concurrency=kind(2)
    )
    require(
        plan == plan_intervals([float(gap)], aht=target, targets=[_SL], concurrency=2),
        "PLAN",
        f"{kind.__name__}: {show(plan)}",
        "numpy plan figures",
    )


@fuzz_settings(200)
@given(
    agents=st.integers(0, 10_000),
    shrinkage=st.one_of(
        st.integers(0, 99).map(lambda k: k / 100),
        st.floats(0, 0.875, allow_nan=False, width=32),
    ),
)
@example(14, 0.3)
def test_scheduled_agents_reads_a_numpy_shrinkage_as_it_prints(
    agents: int, shrinkage: float
) -> None:
    for x in (np.float32(shrinkage), np.float64(shrinkage), np.float16(shrinkage)):
        got = assert_contract(scheduled_agents, np.int64(agents), x)
        if isinstance(got, ServiceModelError):
            require(float(x) >= 1 or float(x) < 0, "REFUSED", f"{agents}, {x!r}: {got}", "refused")
            continue
        want = scheduled_agents(agents, float(str(x)))
        require(
            type(got) is int and got == want,
            "SHRINKAGE",
            f"scheduled_agents({agents}, {x!r}) = {got}, as printed {want}",
            "a numpy shrinkage is not read as it prints",
        )


# ---------------------------------------------------------------- seeds

_SEEDS = st.one_of(
    st.integers(-1000, 1000),
    st.integers(-(2**200), 2**200),
    st.sampled_from([-(10**5000), 10**5000, -(10**4300), -(10**640), -(2**64), 2**64 - 1]),
)


@fuzz_settings(60)
@given(seed=_SEEDS)
def test_every_seed_has_numbers_of_its_own(seed: int) -> None:
    rng = assert_contract(seeded_random, seed)
    if isinstance(rng, ServiceModelError):
        return
    again = seeded_random(seed)
    require(rng.random() == again.random(), "SEED", show(seed), "a seed is not reproducible")
    if seed > 0:
        require(
            seeded_random(seed).random() == random.Random(seed).random(),
            "SEED",
            show(seed),
            "a seed >= 0 changed its numbers",
        )
    if seed != 0:
        require(
            seeded_random(seed).random() != seeded_random(-seed).random(),
            "TWINS",
            show(seed),
            "a seed and its negative draw the same numbers",
        )


@fuzz_settings(15)
@given(seed=_SEEDS)
def test_simulation_and_bootstrap_take_any_int_seed(seed: int) -> None:
    desk = SupportDesk(agents=2, arrivals=30, handle_time=300)
    end = T0 + timedelta(minutes=30)
    one = assert_contract(simulate, desk, T0, end, seed=seed)
    two = assert_contract(simulate, desk, T0, end, seed=seed)
    require(
        not isinstance(one, ServiceModelError) and repr(one) == repr(two),
        "SIMULATE",
        f"seed {show(seed)}: {show(one)}",
        "a seed refused or not reproducible",
    )
    ratings = [["a", "a", "b"], ["b", "b", "b"], ["a", "b", "a"], ["a", "a", "a"]]
    k1 = assert_contract(fleiss_kappa, ratings, seed=seed, resamples=30)
    k2 = assert_contract(fleiss_kappa, ratings, seed=seed, resamples=30)
    require(
        not isinstance(k1, ServiceModelError) and repr(k1) == repr(k2),
        "BOOTSTRAP",
        f"seed {show(seed)}: {show(k1)}",
        "a bootstrap seed refused or not reproducible",
    )


# ---------------------------------------------------------------- --map column errors

_COLUMN_NAMES = st.one_of(
    st.sampled_from(["tmie", "Time", "time ", "", " ", "case", "tïme", "time:timestamp"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=10),
)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@fuzz_settings(15)
@given(field=st.sampled_from(["timestamp", "priority", "attributes"]), column=_COLUMN_NAMES)
@example("timestamp", "tmie")
@example("attributes", "activty")
def test_a_map_column_the_data_lacks_names_the_map_file_and_the_data_file(
    field: str, column: str
) -> None:
    header = ["case", "activity", "time"]
    with folder() as tmp:
        log = tmp / "log.csv"
        log.write_text(
            "case,activity,time\nC1,Opened,2026-03-02T09:00:00Z\nC1,Resolved,2026-03-02T11:00:00Z\n"
        )
        mapping = tmp / "mapping.toml"
        top = f"attributes = [{_toml_string(column)}]\n" if field == "attributes" else ""
        extra = (f"{field} = {_toml_string(column)}\n" if field != "attributes" else "") + (
            "timestamp = 'time'\n" if field != "timestamp" else ""
        )
        mapping.write_text(
            f"{top}[columns]\ncase = 'case'\nactivity = 'activity'\n{extra}"
            '[activity_map]\nOpened = "customer_message"\n[status_map]\nResolved = "solved"\n'
        )
        out, err = io.StringIO(), io.StringIO()
        argv = ["report", "--source", "eventlog", str(log), "--map", str(mapping)]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = bounded_contract(20, main, argv)
        text = err.getvalue()
        require(code in (0, 2), "EXIT", f"{argv}: {code} {text}", "exit code")
        require("Traceback" not in text, "TRACEBACK", text, "traceback")
        if column in header or code == 0:
            return
        lines = text.splitlines()
        require(len(lines) == 1, "LINES", text, "more than one error line")
        where = "attributes[0]" if field == "attributes" else f"columns.{field}"
        require(
            lines[0].startswith(f"servicemodel report: error: {mapping}: {where}: "),
            "MAP",
            f"{field}={column!r}: {text}",
            "the error does not start with the map file and its field",
        )
        if "is not in the header" in text:
            require(str(log) in text, "MAP", text, "the data file is not named")


# ---------------------------------------------------------------- export completeness warnings

#: Odd ``total`` values: no count of tickets, so they state nothing (no warning of their own).
_ODD_TOTALS = ["40", True, False, -1, -40, 40.0, 2.5, None, float("nan"), [40], {"n": 40}]


def _fd_ticket(i: int) -> dict[str, Any]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": 2, "priority": 1, "source": 1}  # fmt: skip


def _zd_ticket(i: int) -> dict[str, Any]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": "open"}  # fmt: skip


def _loaded(result: Any) -> list[str]:
    return sorted(repr(h) for h in result.histories)


@st.composite
def _pages_of(draw: st.DrawFn) -> tuple[int, list[list[int]]]:
    """``n`` ticket ids split into consecutive pages (at least one)."""
    n = draw(st.integers(1, 40))
    cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=5))) if n > 1 else []
    bounds = [0, *cuts, n]
    return n, [list(range(a + 1, b + 1)) for a, b in itertools.pairwise(bounds)]


@fuzz_settings(30)
@given(
    paged=_pages_of(),
    extra=st.one_of(st.just(0), st.integers(0, 60), st.just(10**30)),
    odd=st.sampled_from(_ODD_TOTALS),
    data=st.data(),
)
@example((3, [[1], [2], [3]]), 0, "40", None)  # whole query: no warning
def test_a_freshdesk_filter_query_warns_exactly_when_its_pages_fall_short(
    paged: tuple[int, list[list[int]]], extra: int, odd: Any, data: Any
) -> None:
    n, pages = paged
    total = n + extra
    kept = data.draw(st.lists(st.integers(0, len(pages) - 1), min_size=1, unique=True)) if data \
        else list(range(len(pages)))  # fmt: skip
    # Each page kept states the query's total, or an odd value (which states nothing).
    stated = [data.draw(st.sampled_from([total, total, odd])) if data else odd for _ in kept]
    twice = data.draw(st.lists(st.integers(0, len(kept) - 1), max_size=2)) if data else []
    with folder() as tmp:
        files, plain = [], []
        for j, k in enumerate(kept):
            page = {"results": [_fd_ticket(i) for i in pages[k]], "total": stated[j]}
            path = tmp / f"page{k + 1}.json"
            path.write_text(json.dumps(page), encoding="utf-8")
            files.append(path)
            bare = tmp / f"bare{k + 1}.json"
            bare.write_text(json.dumps({"results": page["results"]}), encoding="utf-8")
            plain.append(bare)
        files += [files[j] for j in twice]  # a file given twice is one page
        got = bounded_contract(10, freshdesk.load, files, on_error="collect")
        without = bounded_contract(10, freshdesk.load, plain, on_error="collect")
    require(
        not isinstance(got, ServiceModelError) and not isinstance(without, ServiceModelError),
        "LOAD",
        f"{show(stated)}: {show(got)} / {show(without)}",
        "a filter page with an odd total refused",
    )
    read = {i for j, k in enumerate(kept) if stated[j] == total and type(stated[j]) is int
            for i in pages[k]}  # fmt: skip
    counted = any(type(s) is int and s == total for s in stated)
    short = counted and len(read) < total
    require(
        len(got.warnings) == (1 if short else 0),
        "WARNING",
        f"{n} tickets, pages {kept} of {len(pages)} stating {show(stated)}: {show(got.warnings)}",
        "a warning without a shortfall, or a shortfall without one",
    )
    if short:
        (warning,) = got.warnings
        require(
            f"{len(read)} of its {total} tickets read, {total - len(read)} missing" in warning,
            "WARNING",
            warning,
            "the warning miscounts the tickets read",
        )
    require(
        _loaded(got) == _loaded(without) and got.errors == without.errors,
        "TICKETS",
        f"{show(stated)}: {len(got.histories)} vs {len(without.histories)} tickets",
        "the tickets read depend on the pages' totals",
    )


_END_OF_STREAM = st.sampled_from([True, False, False, "missing", None, "false", "true", 0, 1, []])
_CURSORS = st.sampled_from(["missing", "c", "", None, 123, "MTU4MDc1"])


@fuzz_settings(25)
@given(
    ends=st.lists(_END_OF_STREAM, min_size=1, max_size=5),
    cursor=_CURSORS,
    seed=st.integers(0, 2**32 - 1),
    twice=st.booleans(),
)
@example([False, "missing"], "c", 0, False)  # the last page read says nothing of the end
@example([False, None], "c", 0, False)
def test_a_zendesk_export_warns_exactly_when_no_page_read_ends_the_stream(
    ends: list[Any], cursor: Any, seed: int, twice: bool
) -> None:
    order = list(range(len(ends)))
    random.Random(seed).shuffle(order)
    with folder() as tmp:
        files, plain = [], []
        for k in order:
            page: dict[str, Any] = {"tickets": [_zd_ticket(2 * k + 1), _zd_ticket(2 * k + 2)]}
            bare = tmp / f"bare{k + 1}.json"
            bare.write_text(json.dumps(page), encoding="utf-8")
            plain.append(bare)
            if ends[k] != "missing":
                page["end_of_stream"] = ends[k]
            if cursor != "missing":
                page["after_cursor"] = cursor
            path = tmp / f"page{k + 1}.json"
            path.write_text(json.dumps(page), encoding="utf-8")
            files.append(path)
        if twice:
            files.append(files[0])
            plain.append(plain[0])
        got = bounded_contract(10, zendesk.load, files, on_error="collect")
        without = bounded_contract(10, zendesk.load, plain, on_error="collect")
    require(
        not isinstance(got, ServiceModelError) and not isinstance(without, ServiceModelError),
        "LOAD",
        f"end_of_stream {show(ends)} after_cursor {cursor!r}: {show(got)} / {show(without)}",
        "a page with an odd end_of_stream or cursor refused",
    )
    # end_of_stream is a boolean: true ends the stream, false says it goes on, anything
    # else (missing, null, a text) says nothing, wherever the page comes in the files.
    unended = any(e is False for e in ends) and not any(e is True for e in ends)
    require(
        len(got.warnings) == (1 if unended else 0),
        "WARNING",
        f"end_of_stream {show(ends)} read in the order {order}: {show(got.warnings)}",
        "a warning though the stream ended, or none though it did not",
    )
    if unended and isinstance(cursor, str) and cursor not in ("", "missing"):
        require(
            f"after_cursor {cursor!r}" in got.warnings[0],
            "CURSOR",
            f"end_of_stream {show(ends)} after_cursor {cursor!r}: {got.warnings[0]}",
            "the cursor to continue from is not named",
        )
    require(
        _loaded(got) == _loaded(without) and len(got.skipped) == len(without.skipped),
        "TICKETS",
        f"end_of_stream {show(ends)}: {len(got.histories)} vs {len(without.histories)} tickets",
        "the tickets read depend on end_of_stream",
    )


# ---------------------------------------------------------------- the SLA section's unseen labels

_LABELS = ["P1", "p1", "Waiting for customer", "Waiting for Customer", "<b>&amp;", "a|b",
           "*x*", "_y_", "ü", " spaced ", "'q'", 'say "hi"', "=SUM(A1)", "x\\y", "[z](u)",
           "tab\there", "two\nlines", "label:nested", "L" * 300]  # fmt: skip
_SOME_LABELS = st.lists(st.sampled_from(_LABELS), max_size=4, unique=True)


@st.composite
def _label_histories(draw: st.DrawFn) -> list[TicketHistory]:
    out = []
    for i in range(draw(st.integers(0, 4))):
        created = T0 + timedelta(minutes=10 * i)
        events: list[Any] = [AgentReply(f"r{i}", created + timedelta(minutes=30))]
        for j, label in enumerate(draw(_SOME_LABELS)):
            at = created + timedelta(minutes=40 + j)
            events.append(StatusChange(f"s{i}.{j}", at, status="pending", label=label))
        for j, label in enumerate(draw(_SOME_LABELS)):
            at = created + timedelta(minutes=50 + j)
            events.append(PriorityChange(f"p{i}.{j}", at, priority="high", label=label))
        label = draw(st.one_of(st.none(), st.sampled_from(_LABELS)))
        out.append(TicketHistory(Ticket(f"T{i}", created, priority_label=label), events))
    return out


def _label_policy(name: str, pause: list[str], targets: list[str]) -> SLAPolicy:
    table: dict[Any, list[Target]] = {"normal": [Target("first_reply", "1h")]}
    table.update({f"label:{t}": [Target("first_reply", "15m")] for t in targets})
    return SLAPolicy(name, table, pause_labels=pause)


def _unescape_md(text: str) -> str:
    """Markdown as read: backslash escapes and HTML entities undone."""
    import html

    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>&=])", r"\1", text))


@fuzz_settings(40)
@given(
    histories=_label_histories(),
    policies=st.lists(st.tuples(_SOME_LABELS, _SOME_LABELS), min_size=1, max_size=2),
)
@example([], [(["P1"], ["p1"])])  # no tickets: nothing to judge, no warning
def test_each_policy_label_no_ticket_has_is_one_warning_said_once_everywhere(
    histories: list[TicketHistory], policies: list[tuple[list[str], list[str]]]
) -> None:
    import csv
    import html

    from servicemodel.sla import PolicySet

    built = [_label_policy(f"desk{k}", p, t) for k, (p, t) in enumerate(policies)]
    chosen: Any = built[0] if len(built) == 1 else PolicySet(built)
    at = T0 + timedelta(days=2)
    report = assert_contract(build_report, histories, ReportOptions(policies=chosen, at=at))
    require(not isinstance(report, ServiceModelError), "BUILD", show(report), "report refused")
    statuses = {e.label for h in histories for e in h.events if isinstance(e, StatusChange)}
    priorities = {e.label for h in histories for e in h.events if isinstance(e, PriorityChange)}
    priorities |= {h.ticket.priority_label for h in histories if h.ticket.priority_label}
    expected = sorted(
        (p.name, where, label)
        for p in built
        for where, labels, seen in (
            ("pause", p.pause_labels, statuses),
            ("targets", {k[6:] for k in p.targets if not isinstance(k, Priority)}, priorities),
        )
        for label in labels
        if histories and label not in seen
    )
    section = report.sla
    got = sorted((u.policy, u.where, u.label) for u in section.unseen_labels)
    require(
        got == expected,
        "UNSEEN",
        f"{show(policies)} against {len(histories)} tickets: {got} vs {expected}",
        "a label warned of though a ticket has it, or one no ticket has left unsaid",
    )
    warnings = section.warnings()
    require(len(warnings) == len(expected), "WARNINGS", show(warnings), "one warning per label")
    start = cpu_time()
    rendered = {
        "text": assert_contract(render_text, report),
        "markdown": assert_contract(render_markdown, report),
        "html": assert_contract(render_html, report, charts=False),
        "json": assert_contract(render_json, report),
        "csv": assert_contract(render_csv, report),
    }
    took = cpu_time() - start
    require(took < scaled(5), "SLOW", f"five renderings took {took:.1f} s", "rendering hangs")
    for fmt, out in rendered.items():
        require(isinstance(out, str), "RENDER", f"{fmt}: {show(out)}", f"{fmt} refused")
    data = json.loads(rendered["json"])["sla"]
    require(
        data["warnings"] == list(warnings)
        and sorted((u["policy"], u["where"], u["label"]) for u in data["unseen_labels"]) == got,
        "JSON",
        show(data.get("warnings")),
        "JSON sla.warnings differ from the section's",
    )
    rows = [r for r in csv.DictReader(io.StringIO(rendered["csv"]))
            if r.get("section") == "sla" and r.get("metric") == "warning"]  # fmt: skip
    require(
        sorted(r["note"] for r in rows) == sorted(warnings),
        "CSV",
        f"{show([r['note'] for r in rows])} for {show(warnings)}",
        "CSV sla warning rows",
    )
    plain = {
        "text": rendered["text"],
        "markdown": _unescape_md(rendered["markdown"]),
        "html": html.unescape(rendered["html"]),
    }
    for fmt, out in plain.items():
        # A Markdown paragraph's whitespace is one space.
        said = [" ".join(w.split()) for w in warnings] if fmt == "markdown" else list(warnings)
        for w in said:
            require(
                out.count(w) == said.count(w),
                "ONCE",
                f"{fmt}: {w!r} said {out.count(w)} times",
                "a warning not said, or said more than once",
            )


# ---------------------------------------------------------------- date order, empty scope line

_DAY_FIRST = st.sampled_from([
    "not a valid M/D/Y timestamp: '28/02/2026 09:17' (dayfirst=True reads D/M/Y)",
    "not a valid M/D/Y timestamp: '13/1/2026' (DAYFIRST = true reads d/m/y)",
])  # fmt: skip
_MONTH_FIRST = st.sampled_from([
    "not a valid D/M/Y timestamp: '02/28/2026 09:17' (dayfirst=False reads M/D/Y)",
    "not a valid D/M/Y timestamp: '1/13/2026' (dayfirst = FALSE reads m/d/y)",
])  # fmt: skip
_PLACES = st.sampled_from(["a.csv: line 4: Created: ticket '1': ", "b.csv: line 9: time: ", ""])
_NO_HINT = st.sampled_from(["not valid CSV: x", "unknown activity 'Oops'; map it", "dayfirst",
                            "(dayfirst=maybe reads D/M/Y)", "reads D/M/Y"])  # fmt: skip


@fuzz_settings(100)
@given(
    records=st.lists(st.tuples(_PLACES, st.sampled_from(["day", "month", "none"])), max_size=12),
    data=st.data(),
)
def test_the_date_order_warning_counts_each_record_by_its_own_hint(
    records: list[tuple[str, str]], data: Any
) -> None:
    from servicemodel.report._set_aside import date_order_warning

    pick = {"day": _DAY_FIRST, "month": _MONTH_FIRST, "none": _NO_HINT}
    # A hinted record's value may itself read like a hint: its own hint comes after it.
    fake = st.sampled_from(["", "", "Created 'dayfirst=false reads M/D/Y': ",
                            "time 'DAYFIRST=TRUE READS D/M/Y': "])  # fmt: skip
    texts = [place + (data.draw(fake) if kind != "none" else "") + data.draw(pick[kind])
             for place, kind in records]  # fmt: skip
    day = sum(kind == "day" for _, kind in records)
    month = sum(kind == "month" for _, kind in records)
    got = assert_contract(date_order_warning, texts)
    if not day and not month:
        require(got is None, "ORDER", f"{show(texts)}: {got!r}", "a warning without a hint")
        return
    require(isinstance(got, str), "ORDER", f"{show(texts)}: {show(got)}", "no warning")
    if day and month:
        want = (f"{day + month} of them read only in the other order: {day} only day first "
                f"(D/M/Y), read month first, and {month} only month first (M/D/Y)")  # fmt: skip
        require(got.startswith(want), "MIX", f"{show(texts)}: {got}", "a mix not said as one")
        return
    other, flag = ("day", "true") if day else ("month", "false")
    require(
        got.startswith(f"{day + month} of them read only {other} first")
        and got.endswith(f"read it with dayfirst = {flag}"),
        "ORDER",
        f"{show(texts)}: {got}",
        "the warning counts or reads the records in the wrong order",
    )
    lines = assert_contract(set_aside_lines, texts)
    require(
        sum(line == f"warning: {got}" for line in lines) == 1,
        "LINES",
        show(lines),
        "the set-aside lines do not carry the warning once",
    )


_INSTANTS = st.one_of(
    st.none(),
    st.integers(-400, 400).map(lambda d: T0 + timedelta(days=d)),
    st.sampled_from(["Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu"]).map(
        lambda z: T0.astimezone(ZoneInfo(z))
    ),
)


@fuzz_settings(30)
@given(at=_INSTANTS, since=_INSTANTS, until=_INSTANTS, policies=st.booleans())
@example(None, None, None, False)
@example(None, T0, T0 + timedelta(days=1), True)
def test_an_empty_report_says_its_scope_without_none(
    at: datetime | None, since: datetime | None, until: datetime | None, policies: bool
) -> None:
    from servicemodel.report._text import scope_line

    options = assert_contract(
        ReportOptions, at=at, since=since, until=until, policies=_POLICY if policies else None
    )
    if isinstance(options, ServiceModelError):
        return
    report = assert_contract(build_report, [], options)
    if isinstance(report, ServiceModelError):
        return
    line = assert_contract(scope_line, report.scope, report.kpi.as_of)
    require(
        isinstance(line, str) and "None" not in line and ": 0 of 0 tickets" in line,
        "SCOPE",
        f"at={at} since={since} until={until}: {show(line)}",
        "an empty report's scope line says None or miscounts",
    )
    if at is None:
        require(
            line.startswith("no snapshot (no ticket to take it from): 0 of 0 tickets"),
            "SCOPE",
            line,
            "an empty report without at claims a snapshot",
        )
    else:
        require(line.startswith("snapshot at "), "SCOPE", line, "the given at is not said")
    for render in (render_text, render_markdown, render_html):
        out = assert_contract(render, report)
        require(
            isinstance(out, str) and line.split(":")[0] in out,
            "RENDER",
            f"{render.__name__}: {show(out)}",
            "an empty report's rendering lacks its scope line",
        )
