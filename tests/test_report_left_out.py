"""A report over complete and partial histories: each figure stands on the tickets that hold
what it needs, and says how many it left out and why.

A real export mixes them (a Zendesk export where a handful of tickets have no audits among
thousands that do). A figure that needs a fact some tickets lack is computed over the others;
its ``n`` counts the tickets used, its ``missing`` and its ``left_out`` count the ones left
out, and the reports say "12 tickets left out: partial history (lost: first_reply)". Only a
scope where no ticket holds the fact reads "not available from this export (lost: ...)".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import reduce
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _docs import DOCS, promised, run
from servicemodel.errors import PartialHistoryError
from servicemodel.goals import SmartGoal
from servicemodel.io.summary._partial import metric_facts
from servicemodel.kpi import (
    Estimate,
    FirstContactResolution,
    FirstReplySurvival,
    FirstReplyTime,
    ReopenRate,
    ResolutionSurvival,
    ResolutionTime,
    proportion,
)
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    AgentReply,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_csv,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._goals import build_goals
from servicemodel.report._kpi import build_kpi
from servicemodel.report._left_out import LEFT_OUT, Supported, left_out_note
from servicemodel.sla import PolicySet
from servicemodel.strategies import histories
from test_accumulator_protocol import check_accumulator

SCHEMA = Path(__file__).parent.parent / "src" / "servicemodel" / "report" / "schema"

#: What each figure of the KPI section needs (the spec the report follows).
NEEDS = {
    "frt_p50": {"first_reply"},
    "frt_p90": {"first_reply"},
    "resolution_p50": {"resolution"},
    "resolution_p90": {"resolution"},
    "fcr": {"reopens", "next_reply", "resolution"},
    "reopen_rate": {"reopens", "resolution"},
    "csat": set(),
    "nps": set(),
}
LOSABLE = ["first_reply", "resolution", "reopens", "next_reply", "first_resolution", "pauses"]
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def needs(key: str, h: TicketHistory) -> set[str]:
    if key == "fcr" and h.ticket.first_contact is not None:
        return {"resolution"}  # the helpdesk's own flag needs only the solve
    if key == "reopen_rate" and h.reopens():
        return {"resolution"}  # a reopen shown decides "at least once": the count is not needed
    return NEEDS[key]


def judged_reopened(key: str, h: TicketHistory) -> bool:
    """Whether FCR judges the partial copy ``h`` not resolved on first contact for a reopen
    it shows though its reopens are lost (its first solve unknown: not its complete twin's
    verdict, which may be pending or outside the window)."""
    lacked = set(h.ticket.attributes[PARTIAL_ATTRIBUTE].split(",")) & NEEDS["fcr"]
    return (
        key == "fcr"
        and h.ticket.first_contact is None
        and lacked == {"reopens"}
        and bool(h.reopens())
    )


def partial(h: TicketHistory, lost: Sequence[str], suffix: str = "p") -> TicketHistory:
    """A copy of ``h`` (another id) marked as lacking ``lost``."""
    attributes = {**h.ticket.attributes, PARTIAL_ATTRIBUTE: ",".join(sorted(lost))}
    ticket = attrs.evolve(h.ticket, id=f"{h.ticket.id}-{suffix}", attributes=attributes)
    return TicketHistory(ticket, h.events)


def unmarked(h: TicketHistory) -> TicketHistory:
    """The same copy, complete (what a figure that needs none of the lost facts counts)."""
    attributes = {k: v for k, v in h.ticket.attributes.items() if k != PARTIAL_ATTRIBUTE}
    return TicketHistory(attrs.evolve(h.ticket, attributes=attributes), h.events)


def scopes(section: Any) -> dict[str, Any]:
    found = {"overall": section.overall}
    found |= {f"channel {s.label}": s for s in section.by_channel}
    found |= {f"week {s.label}": s for s in section.by_week}
    return found


@st.composite
def mixes(draw: st.DrawFn) -> tuple[list[TicketHistory], list[TicketHistory], datetime]:
    complete = draw(st.lists(histories(max_events=6), min_size=1, max_size=8))
    complete = [
        TicketHistory(attrs.evolve(h.ticket, id=f"C{i}"), h.events) for i, h in enumerate(complete)
    ]
    lost = draw(st.lists(st.sets(st.sampled_from(LOSABLE), min_size=1), max_size=6))
    picks = draw(
        st.lists(st.integers(0, len(complete) - 1), min_size=len(lost), max_size=len(lost))
    )
    copies = [
        partial(complete[i], sorted(facts), str(k))
        for k, (i, facts) in enumerate(zip(picks, lost, strict=True))
    ]
    as_of = max(h.last_event_at for h in complete).astimezone(UTC) + timedelta(hours=1)
    return complete, copies, as_of


@settings(max_examples=40, deadline=None)
@given(mix=mixes(), finished_only=st.booleans(), shuffle=st.randoms(use_true_random=False))
def test_a_figure_stands_on_the_tickets_that_hold_what_it_needs(
    mix: tuple[list[TicketHistory], list[TicketHistory], datetime],
    finished_only: bool,
    shuffle: Any,
) -> None:
    # Each figure of every scope (overall, channel, week) over complete histories and partial
    # copies equals the figure over the complete ones and the copies that hold what it needs
    # (n, value, interval); the copies lacking it are its left_out count, and in missing.
    complete, copies, as_of = mix
    mixed = complete + copies
    shuffle.shuffle(mixed)  # the order of the histories does not matter
    got = scopes(build_kpi(mixed, as_of=as_of, finished_only=finished_only))
    for key in NEEDS:
        kept = [
            unmarked(c)
            for c in copies
            if not set(c.ticket.attributes[PARTIAL_ATTRIBUTE].split(",")) & needs(key, c)
        ]
        # Known reopened (a reopen shown): FCR counts it as solved, not on first contact.
        failed = [c for c in copies if judged_reopened(key, c)]
        # Of those lacking it, the ones the figure's KPI refuses: a ticket it counts nowhere
        # (an unsolved one for FCR or the reopen rate) is no figure's loss.
        left = [
            c
            for c in copies
            if set(c.ticket.attributes[PARTIAL_ATTRIBUTE].split(",")) & needs(key, c)
            and not judged_reopened(key, c)
            and refused(key, c, as_of, finished_only)
        ]
        want = scopes(build_kpi(complete + kept, as_of=as_of, finished_only=finished_only))
        assert got.keys() == want.keys()
        for name, scope in got.items():
            est, base = scope.figure(key), want[name].figure(key)
            dropped = sum(1 for c in left if _in_scope(name, c, scope))
            extra = sum(1 for c in failed if _in_scope(name, c, scope))
            if extra:
                solved = base.count("solved") + extra
                fcr = base.count("first_contact")
                base = proportion(fcr, solved, metric="FCR", missing=base.missing)
            assert (est.value, est.n, est.lower, est.upper) == (
                base.value,
                base.n,
                base.lower,
                base.upper,
            ), (key, name)
            assert est.missing == base.missing + dropped, (key, name)
            assert dict(est.counts).get(LEFT_OUT, 0) == dropped, (key, name)
            assert ("left out: partial history" in est.method) == bool(dropped)
            assert not est.method.startswith("not available")


def refused(key: str, h: TicketHistory, as_of: datetime, finished_only: bool) -> bool:
    """Whether the KPI behind the report's figure ``key`` refuses ``h`` on its own."""
    kpis: dict[str, Any] = {
        "frt": FirstReplyTime.empty(unit="h")
        if finished_only
        else FirstReplySurvival.empty(as_of=as_of, unit="h"),
        "resolution": ResolutionTime.empty(unit="h")
        if finished_only
        else ResolutionSurvival.empty(as_of=as_of, unit="h"),
        "fcr": FirstContactResolution.empty(window=timedelta(days=3), as_of=as_of),
        "reopen_rate": ReopenRate.empty(),
    }
    try:
        kpis[key.removesuffix("_p50").removesuffix("_p90")].add(h)
    except PartialHistoryError:
        return True
    return False


def _in_scope(name: str, h: TicketHistory, scope: Any) -> bool:
    if name == "overall":
        return True
    if name.startswith("channel "):
        return str(h.ticket.channel) == scope.label
    from servicemodel.kpi import periods

    key = periods("week", tz="UTC")
    return key.label(key(h)) == scope.label


@st.composite
def supported_items(draw: st.DrawFn) -> list[TicketHistory]:
    found = draw(st.lists(histories(max_events=5), max_size=8))
    out = []
    for i, h in enumerate(found):
        lost = draw(st.sets(st.sampled_from(LOSABLE), max_size=2))
        h = TicketHistory(attrs.evolve(h.ticket, id=f"T{i}"), h.events)
        out.append(partial(h, sorted(lost)) if lost else h)
    return out


def test_the_wrapper_follows_the_accumulator_protocol() -> None:
    # Merges stay exact: the left-out count merges by addition, the lost facts by union; any
    # split of the histories merged equals one pass.
    def empty() -> Supported:
        return Supported(ReopenRate.empty(), frozenset({"reopens", "resolution"}), "Reopen rate")

    other = Supported(ReopenRate.empty(), frozenset({"reopens"}), "Reopen rate")
    check_accumulator(empty, supported_items(), other)


@settings(max_examples=30, deadline=None)
@given(items=supported_items(), cut=st.integers(0, 8))
def test_split_passes_merge_to_one_pass(items: list[TicketHistory], cut: int) -> None:
    acc = Supported(
        FirstReplySurvival.empty(as_of=T0 + timedelta(days=60), unit="h"),
        frozenset({"first_reply"}),
        "First reply",
        ("median", "p90"),
    )
    whole = acc.add_many(items)
    parts = acc.add_many(items[:cut]).merge(acc.add_many(items[cut:]))
    assert parts == whole
    as_of = T0 + timedelta(days=60)
    lacking = [h for h in items if "first_reply" in h.ticket.attributes.get(PARTIAL_ATTRIBUTE, "")]
    # A ticket lacking the first reply is left out when the curve would hold it (created by
    # the snapshot); one created after it is in no figure, so it is not counted as left out.
    refused = [h for h in lacking if h.created_at.astimezone(UTC) <= as_of]
    assert whole.left_out == len(refused)
    assert whole.used == len(items) - len(lacking)
    assert parts.result() == whole.result()


def test_a_shown_reopen_keeps_the_reopen_rate_available() -> None:
    # Both tickets lack their reopen count (a Freshdesk ticket with a reopened_at): one still
    # shows its reopen and counts as reopened, the other was resolved again and shows none, so
    # it is left out. The figure stands on the first: 1 of 1, not "not available".
    solved = StatusChange("s", T0 + timedelta(hours=1), status="solved")
    shown = partial(
        TicketHistory(Ticket("A", T0), [solved, Reopen("o", T0 + timedelta(days=1))]), ["reopens"]
    )
    hidden = partial(TicketHistory(Ticket("B", T0), [solved]), ["reopens"])
    acc = Supported(ReopenRate.empty(), frozenset({"reopens", "resolution"}), "Reopen rate")
    acc = acc.add_many([shown, hidden])
    est = acc.result()
    assert (acc.used, acc.left_out, est.value, est.n, est.missing) == (1, 1, 1.0, 1, 1)
    assert left_out_note(est) == "1 ticket left out: partial history (lost: reopens)"


# --- regressions: a small Zendesk-like export -------------------------------------------------


def _ticket(i: int, *, lost: str = "", channel: str = "email") -> TicketHistory:
    created = T0 + timedelta(hours=i)
    attributes = {PARTIAL_ATTRIBUTE: lost} if lost else {}
    ticket = Ticket(f"T{i}", created, channel=channel, attributes=attributes)
    events = [StatusChange(f"{i}.s", created + timedelta(hours=3), status="solved")]
    if not lost:  # a ticket without audits: its current status only, no replies known
        events.insert(0, AgentReply(f"{i}.r", created + timedelta(hours=1 + i % 2)))
    return TicketHistory(ticket, events)


UNAUDITED = "first_reply,next_reply,pauses,periodic_update,reopens,status_order,status_times"


def _mixed() -> list[TicketHistory]:
    # Six complete email tickets and two without audits (one email, one chat: the chat
    # channel has no ticket with a known reply).
    return [_ticket(i) for i in range(6)] + [
        _ticket(6, lost=UNAUDITED),
        _ticket(7, lost=UNAUDITED, channel="chat"),
    ]


def test_the_text_report_says_what_it_left_out() -> None:
    text = render_text(build_report(_mixed()))
    overall = text.split("Overall\n", 1)[1].split("\n\n", 1)[0].splitlines()
    frt = "(2 tickets left out: partial history (lost: first_reply))"
    assert (
        overall[2]
        == f"  First reply p50             1.00 h   [1.00, ?]            n=6  missing=2  {frt}"
    )
    fcr = "(2 tickets left out: partial history (lost: next_reply, reopens))"
    assert overall[6].endswith(f"missing=8  {fcr}"), overall[6]  # 6 pending, 2 left out
    # Resolution needs nothing the tickets without audits lack here (they are open): all 8.
    assert overall[4] == "  Resolution p50              3.00 h   [3.00, ?]            n=8"
    chat = text.split("By channel", 1)[1].split("chat\n", 1)[1].splitlines()
    assert "not available from this export (lost: first_reply)" in chat[2]


def test_the_text_legend_says_missing_counts_the_left_out_tickets_too() -> None:
    # The legend under the KPIs says what missing= counts (FCR's tickets not judged yet); with
    # tickets left out it says missing= counts those too. Without any, it says nothing of them.
    legend = (
        "Partial histories: a ticket whose export lacks a fact a figure needs is left out\n"
        "of that figure and counted in its missing= too, as the note beside it says."
    )
    assert legend in render_text(build_report(_mixed()))
    for finished_only in (False, True):
        complete = build_report(_mixed()[:6], ReportOptions(finished_only=finished_only))
        assert "Partial histories" not in render_text(complete)


def test_the_json_csv_and_markdown_say_it_too() -> None:
    report = build_report(_mixed())
    data = json.loads(render_json(report))
    jsonschema.validate(data, json.loads((SCHEMA / "report-1.json").read_text("utf-8")))
    frt = data["kpi"]["overall"]["frt_p50"]
    assert (frt["value"], frt["n"], frt["missing"], frt["left_out"]) == (1.0, 6, 2, 2)
    assert frt["note"] == "2 tickets left out: partial history (lost: first_reply)"
    assert frt["censored"] == 0  # the left-out tickets are not censored ones
    assert "note" not in data["kpi"]["overall"]["resolution_p50"]
    chat = data["kpi"]["by_channel"]["chat"]["frt_p50"]
    assert chat["note"] == "not available from this export (lost: first_reply)"
    assert "left_out" not in chat
    csv = render_csv(report)
    assert "2 tickets left out: partial history (lost: first_reply)" in csv
    markdown = render_markdown(report).replace("\\", "")  # Markdown escapes [ ] and _
    assert "[1.00, ?]; 2 tickets left out: partial history (lost: first_reply) n=6" in markdown


def test_finished_only_json_keeps_censored_apart_from_left_out() -> None:
    hs = [*_mixed(), TicketHistory(Ticket("open", T0), [])]  # never replied to: censored
    data = json.loads(render_json(build_report(hs, ReportOptions(finished_only=True))))
    frt = data["kpi"]["overall"]["frt_p50"]
    assert (frt["n"], frt["missing"], frt["left_out"], frt["censored"]) == (6, 3, 2, 1)


def test_a_whole_one_row_export_still_says_not_available() -> None:
    hs = [_ticket(i, lost=UNAUDITED) for i in range(4)]
    report = build_report(hs)
    frt = report.kpi.overall.figure("frt_p50")
    assert (frt.value, frt.n, frt.missing) == (None, 0, 0)
    assert frt.method == "not available from this export (lost: first_reply)"
    assert left_out_note(frt) == ""
    text = render_text(report)
    assert "not available from this export (lost: first_reply) n=0" in text
    assert "left out" not in text
    assert not [c for c in report.detail.curves if c.metric == "first_reply"]


@pytest.mark.parametrize("finished_only", [False, True])
def test_the_survival_curves_leave_the_same_tickets_out(finished_only: bool) -> None:
    # The HTML's curves: over the tickets with a known first reply, overall and for email;
    # none for chat, whose only ticket has none (the KPI section says not available there).
    report = build_report(_mixed(), ReportOptions(finished_only=finished_only))
    curves = {(c.metric, c.segment): c.curve for c in report.detail.curves}
    assert curves["first_reply", "Overall"].n == 6
    assert curves["first_reply", "email"].n == 6
    assert ("first_reply", "chat") not in curves
    assert curves["first_reply", "Overall"]["median"].count(LEFT_OUT) == 2
    assert curves["resolution", "Overall"].n == 8
    markdown = render_markdown(report).replace("\\", "")
    assert (
        "First reply curves: 2 tickets left out: partial history (lost: first_reply)." in markdown
    )
    assert "Resolution curves:" not in markdown
    assert "Kaplan–Meier curves in hours of calendar time" in markdown  # its own note kept


def _goal(kpi: str) -> SmartGoal:
    return SmartGoal(
        name="replies",
        kpi=kpi,
        statistic="median" if kpi == "first_reply_time" else None,
        unit="h" if kpi == "first_reply_time" else "",
        comparator="<",
        target=2 if kpi == "first_reply_time" else 0.2,
        baseline=3 if kpi == "first_reply_time" else 0.3,
        objective="speed",
        start=T0.replace(hour=0),
        deadline=T0 + timedelta(weeks=4),
    )


def test_a_goal_leaves_the_partial_tickets_out() -> None:
    at = T0 + timedelta(days=2)
    mixed = build_goals(_mixed(), [_goal("first_reply_time")], at=at).goals[0]
    complete = build_goals(_mixed()[:6], [_goal("first_reply_time")], at=at).goals[0]
    got, want = mixed.series[0].estimate, complete.series[0].estimate
    assert (got.value, got.n, got.missing) == (want.value, want.n, want.missing + 2)
    assert mixed.treatment.startswith("2 tickets left out: partial history (lost: first_reply)")
    assert mixed.status == complete.status
    options = ReportOptions(goals=[_goal("first_reply_time")], at=T0 + timedelta(days=10))
    text = render_text(build_report(_mixed(), options))
    assert "latest 2026-W10 1 h [1, ?] (n=6, 2 left out (partial history))" in text
    data = json.loads(render_json(build_report(_mixed(), options)))
    jsonschema.validate(data, json.loads((SCHEMA / "report-1.json").read_text("utf-8")))
    point = data["goals"]["goals"][0]["series"][0]
    assert (point["n"], point["missing"], point["left_out"]) == (6, 2, 2)
    assert point["note"] == "2 tickets left out: partial history (lost: first_reply)"


def test_a_reopen_rate_goal_counts_a_shown_reopen_and_leaves_out_the_rest() -> None:
    # Two reopened tickets, both lacking their reopen count: A still shows its reopen (the
    # goal's figure counts it), B was resolved again and shows none (left out), C is complete.
    # The goal's note counted A as left out too, though its figure stood on it.
    solved = StatusChange("s", T0 + timedelta(hours=1), status="solved")
    reopen = Reopen("o", T0 + timedelta(hours=5))
    shown = partial(TicketHistory(Ticket("A", T0), [solved, reopen]), ["reopens"])
    hidden = partial(TicketHistory(Ticket("B", T0), [solved]), ["reopens"])
    done = TicketHistory(Ticket("C", T0), [solved])
    result = build_goals([shown, hidden, done], [_goal("reopen_rate")], at=T0 + timedelta(days=2))
    found = result.goals[0]
    est = found.series[0].estimate
    assert (est.value, est.n, est.missing) == (0.5, 2, 1)
    assert found.treatment.startswith("1 ticket left out: partial history (lost: reopens)")


def test_a_goal_no_ticket_can_support_is_still_refused() -> None:
    hs = [_ticket(i, lost=UNAUDITED) for i in range(3)]
    with pytest.raises(PartialHistoryError, match=r"goals\[0\]: goal 'replies'"):
        build_goals(hs, [_goal("reopen_rate")], at=T0 + timedelta(days=2))


def test_a_noted_estimate_keeps_its_own_method() -> None:
    acc = Supported(ReopenRate.empty(), frozenset({"reopens"}), "Reopen rate")
    est = acc.add_many([_ticket(0), _ticket(1, lost="reopens")]).result()
    assert isinstance(est, Estimate)
    assert est.method == "wilson; 1 ticket left out: partial history (lost: reopens)"
    assert left_out_note(est) == "1 ticket left out: partial history (lost: reopens)"
    assert (
        reduce(
            lambda a, b: a + b, [acc.add(_ticket(0)), acc.add(_ticket(1, lost="reopens"))]
        ).result()
        == est
    )


# --- the SLA section -------------------------------------------------------------------------

POLICY = PolicySet.from_toml("""
[[policies]]
name = "p"
pause = []
[policies.targets]
low = [{ metric = "first_reply", within = "90m" }, { metric = "resolution", within = "4h" }]
normal = [{ metric = "first_reply", within = "90m" }, { metric = "resolution", within = "4h" }]
high = [{ metric = "first_reply", within = "90m" }, { metric = "resolution", within = "4h" }]
urgent = [{ metric = "first_reply", within = "90m" }, { metric = "resolution", within = "4h" }]
""")


def _totals(report: Any) -> dict[str, tuple[Any, ...]]:
    return {
        r.metric: (r.achieved, r.breached, r.active, r.paused, r.attainment.value)
        for r in report.sla.by_metric
    }


@settings(max_examples=25, deadline=None)
@given(mix=mixes())
def test_an_sla_metric_leaves_out_the_tickets_that_cannot_run_its_clock(
    mix: tuple[list[TicketHistory], list[TicketHistory], datetime],
) -> None:
    # The clocks counted over complete histories and partial copies are those of the complete
    # ones and the copies that hold what the clock needs; the others are the row's left_out.
    complete, copies, as_of = mix
    options = ReportOptions(policies=POLICY, at=as_of)
    got = build_report(complete + copies, options)
    for metric in ("first_reply", "resolution"):
        facts = set(metric_facts(metric))
        lost = [set(c.ticket.attributes[PARTIAL_ATTRIBUTE].split(",")) for c in copies]
        kept = [unmarked(c) for c, gone in zip(copies, lost, strict=True) if not gone & facts]
        want = build_report(complete + kept, options)
        assert _totals(got).get(metric) == _totals(want).get(metric), metric
        dropped = sum(1 for gone in lost if gone & facts)
        row = {r.metric: r for r in got.sla.by_metric}.get(metric)
        if row is not None:
            assert dict(row.attainment.counts).get(LEFT_OUT, 0) == dropped


def test_the_sla_section_says_what_it_left_out() -> None:
    report = build_report(_mixed(), ReportOptions(policies=POLICY))
    rows = {(r.metric, r.priority): r for r in report.sla.by_metric}
    first = rows["first_reply", None]
    assert (first.achieved, first.breached) == (3, 3)  # the six tickets with a known reply
    assert first.attainment.count(LEFT_OUT) == 2
    assert LEFT_OUT not in dict(rows["resolution", None].attainment.counts)  # all 8 measured
    text = render_text(report)
    line = "first_reply      all           3      3      0      0     50.0 %  [18.8, 81.2]"
    assert f"{line}  (2 tickets left out: partial history (lost: first_reply))" in text
    assert "a partial history is left out of the metrics it cannot support" in text
    data = json.loads(render_json(report))
    jsonschema.validate(data, json.loads((SCHEMA / "report-1.json").read_text("utf-8")))
    total = next(r for r in data["sla"]["by_metric"] if r["metric"] == "first_reply")
    assert total["left_out"] == 2
    assert total["note"] == "2 tickets left out: partial history (lost: first_reply)"


def test_an_sla_metric_no_ticket_supports_is_still_not_available() -> None:
    report = build_report(
        [_ticket(i, lost=UNAUDITED) for i in range(3)], ReportOptions(policies=POLICY)
    )
    first = {r.metric: r for r in report.sla.by_metric}["first_reply"]
    assert first.attainment.method == "not available from this export (lost: first_reply)"
    assert (first.achieved, first.breached, first.attainment.n) == (0, 0, 0)
    assert "metrics not available from this export are not measured" in render_text(report)


def test_the_report_page_example_prints_what_it_says() -> None:
    # docs/report.md, "5. Partial histories are left out, and counted": its block runs and
    # prints what its comments say.
    page = (DOCS / "report.md").read_text(encoding="utf-8")
    section = page.split("## 5. Partial histories are left out, and counted", 1)[1]
    section = section.split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert run(block, "report.md") == promised(block)


def test_a_figure_not_available_keeps_its_unit() -> None:
    # In the JSON, a figure no ticket of the export can support has the unit it has where it
    # is available (hours for a time, a share for a rate), not an empty one.
    from servicemodel.io import summary

    rows = [
        {"id": "S-1", "created_at": "2026-03-02T09:00:00Z", "solved_at": "2026-03-03T09:00:00Z"}
    ]
    figures = json.loads(render_json(build_report(summary.histories(rows))))["kpi"]["overall"]
    units = {key: figures[key]["unit"] for key in ("frt_p50", "frt_p90", "reopen_rate")}
    assert units == {"frt_p50": "h", "frt_p90": "h", "reopen_rate": "share"}
    assert all(figures[key]["value"] is None for key in units)
