"""A Kaplan-Meier percentile not reached reads "not reached yet" in every report, also when
some tickets were left out.

The text report prints "not reached yet" where the curve never falls to the percentile, and
then which tickets the figure left out (partial histories lacking the first reply); the HTML
and Markdown cells and the CSV note showed only the left-out note there, which reads as if
the missing tickets were why the figure has no value. docs/report.md: a percentile the
Kaplan-Meier curve has not reached reads "not reached yet"; the note also says which tickets
a figure left out.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.model import AgentReply, CustomerMessage, Ticket, TicketHistory
from servicemodel.model._partial import PARTIAL_ATTRIBUTE
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_csv,
    render_html,
    render_markdown,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
AT = T0 + timedelta(days=2)
LOST = "1 ticket left out: partial history (lost: first_reply)"


def _ticket(i: int, reply_after_min: int | None, partial: bool = False) -> TicketHistory:
    created = T0 + timedelta(minutes=i)
    events: list[object] = [CustomerMessage(f"m{i}", created)]
    if reply_after_min is not None:
        events.append(AgentReply(f"r{i}", created + timedelta(minutes=reply_after_min)))
    attributes = {PARTIAL_ATTRIBUTE: "first_reply"} if partial else {}
    return TicketHistory(Ticket(f"T{i}", created, attributes=attributes), events)


def _overall(markdown: str) -> list[str]:
    table = markdown.split("**Overall and by channel**", 1)[1]
    line = next(x for x in table.splitlines() if x.startswith("| Overall |"))
    return [c.strip() for c in line.strip("|").split("|")][1:]


@given(waiting=st.integers(min_value=2, max_value=6))
def test_not_reached_is_said_beside_the_tickets_left_out(waiting: int) -> None:
    # One reply after 30 minutes and `waiting` tickets still waiting at the snapshot: the
    # curve falls to waiting/(waiting + 1) >= 2/3, never to 1/2 -- no median. One partial
    # history lacking its first reply is left out of the figure.
    histories = [
        _ticket(0, 30),
        *(_ticket(i, None) for i in range(1, waiting + 1)),
        _ticket(waiting + 1, 10, partial=True),
    ]
    report = build_report(histories, ReportOptions(at=AT))
    frt_p50 = _overall(render_markdown(report))[2]
    assert frt_p50.startswith("– not reached yet")
    assert "left out: partial history" in frt_p50
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    (p50,) = [r for r in rows if r["metric"] == "frt_p50" and not r["segment"] and not r["period"]]
    assert p50["value"] == ""
    assert p50["note"].startswith("not reached yet")
    assert LOST in p50["note"]
    cell = re.search(r'data-key="kpi\|frt_p50\|\|">(.*?)</td>', render_html(report, charts=False))
    assert cell is not None
    assert "not reached yet" in cell[1]
