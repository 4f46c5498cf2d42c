"""Names on the HTML pages are isolated: an override character cannot reverse the text around.

A ticket id, group, tag, channel, policy or goal name holding U+202E (RIGHT-TO-LEFT OVERRIDE)
reversed everything after it up to the end of its paragraph -- "Goal \u202eevil: CSAT >= 90 %"
showed the goal's description backwards. Every such name on the report, the assessment and the
staffing plan page now sits in ``<bdi>``, which confines it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess
from servicemodel.blueprint import render_html as render_assessment_html
from servicemodel.goals import SmartGoal
from servicemodel.model import AgentReply, SatisfactionRating, StatusChange, Ticket, TicketHistory
from servicemodel.report import (
    ReportOptions,
    Source,
    build_report,
    render_html,
    render_plan_html,
)
from servicemodel.report._page import reorders, text_html
from servicemodel.sla import SLAPolicy, Target
from servicemodel.staffing import ServiceLevelTarget, plan_intervals
from servicemodel.standards import QualityBenchmark, ServiceStandards

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
RLO = "\u202e"
#: Characters that reorder text: the override, the embeddings and isolates, Hebrew and Arabic.
REORDERING = [RLO, "\u202b", "\u202d", "\u2067", "\u05d0", "\u0627", "\u200f"]
HEBREW = "\u05e6\u05d0\u05d8"  # "chat" in Hebrew letters


def _outside_isolates(page: str) -> str:
    """The page's shown text outside every ``<bdi>``: body only, no markup, no attributes."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)  # a chart is a picture
    body = re.sub(r"<bdi>.*?</bdi>", "", body, flags=re.S)
    return re.sub(r"<[^>]+>", "", body)


def _report(ticket: str, channel: str, plan: str, policy: str, goal: str, file: str):
    histories = []
    for i in range(4):
        t = T0 + timedelta(hours=i)
        events = [
            AgentReply(f"r{i}", t + timedelta(hours=3 * i)),
            StatusChange(f"s{i}", t + timedelta(hours=5), status="solved"),
            SatisfactionRating(f"c{i}", t + timedelta(hours=6), score=1 + i),
        ]
        tick = Ticket(f"{ticket}{i}", t, channel=channel, attributes={"plan": plan})
        histories.append(TicketHistory.from_unsorted(tick, events))
    smart = SmartGoal(
        name=goal,
        kpi="csat",
        unit="share",
        comparator=">=",
        target=0.9,
        baseline=0.5,
        objective="keep customers",
        start=T0 - timedelta(days=1),
        deadline=T0 + timedelta(days=27),
    )
    options = ReportOptions(
        policies=SLAPolicy(policy, {"normal": [Target("first_reply", "1h")]}),
        goals=(smart,),
        by="attr:plan",
        at=T0 + timedelta(days=28),
    )
    return build_report(histories, options, source=Source(file))


def test_every_name_with_an_override_is_in_an_isolate() -> None:
    names = {
        "ticket": f"T{RLO}-",
        "channel": HEBREW,  # a channel is letters and digits: no override, but right-to-left
        "plan": f"gold{RLO}plan",
        "policy": f"{RLO}standard",
        "goal": f"CSAT {RLO}up",
        "file": f"{RLO}lmth.jsonl",
    }
    page = render_html(_report(**names), charts=False)
    for name in names.values():
        assert f"<bdi>{escape(name)}" in page
    assert RLO not in _outside_isolates(page)
    # The text around a name is outside its isolate: the goal's table caption, for one.
    assert f"<caption><bdi>CSAT {RLO}up</bdi>: " in page
    assert f"servicemodel report: <bdi>{RLO}lmth.jsonl</bdi></h1>" in page


def test_left_to_right_names_are_written_as_before() -> None:
    page = render_html(_report("T-", "chat", "gold", "standard", "CSAT up", "x.jsonl"))
    assert "<bdi>" not in page


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(REORDERING), st.text("ab -:", max_size=3)).map("".join),
        min_size=6,
        max_size=6,
        unique=True,
    )
)
def test_no_reordering_character_is_shown_outside_an_isolate(names: list[str]) -> None:
    ticket, channel, plan, policy, goal, file = names
    channel = "".join(c for c in channel if c.isalnum()) or HEBREW
    report = _report(f"T{ticket}", channel, plan, policy or "p", goal, f"{file}.jsonl")
    outside = _outside_isolates(render_html(report, charts=False))
    assert not reorders(outside)


def test_the_assessment_page_isolates_the_blueprint_and_channel_names() -> None:
    channel = HEBREW
    standards = ServiceStandards(
        "Acme", quality=[QualityBenchmark(channel, "csat", 0.8)], extra_channels=[channel]
    )
    histories = [
        TicketHistory(
            Ticket(f"T{i}", T0, channel=channel),
            [SatisfactionRating(f"c{i}", T0 + timedelta(hours=1), score=5)],
        )
        for i in range(3)
    ]
    bp = Blueprint(f"Acme {RLO}support", standards=standards)
    page = render_assessment_html(assess(bp, histories, at=T0 + timedelta(days=1)), charts=False)
    assert f"servicemodel assessment: <bdi>Acme {RLO}support</bdi></h1>" in page
    assert f"<caption>Channel: <bdi>{HEBREW}</bdi></caption>" in page
    assert RLO not in _outside_isolates(page)


def test_the_plan_page_isolates_the_history_file() -> None:
    plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    page = render_plan_html(plan, charts=False, source=f"{RLO}lmth.jsonl")
    assert f"servicemodel staffing plan: <bdi>{RLO}lmth.jsonl</bdi></h1>" in page
    assert RLO not in _outside_isolates(page)


def test_text_html_isolates_the_longest_name_and_escapes_the_rest() -> None:
    assert text_html(f"a<{RLO}xy{RLO}x", [f"{RLO}x", f"{RLO}xy"]) == (
        f"a&lt;<bdi>{RLO}xy</bdi><bdi>{RLO}x</bdi>"
    )
    # A right-to-left text whose name is not known is isolated whole.
    assert text_html("\u05d0 b") == "<bdi>\u05d0 b</bdi>"
