"""The report: a document value built from the library's primitives, rendered in five formats.

[`build_report`][servicemodel.report.build_report] computes every section once, from the
KPI accumulators, the SLA engine and the goals, into a frozen
[`Report`][servicemodel.report.Report]; [`render_text`][servicemodel.report.render_text] and
[`render_json`][servicemodel.report.render_json] only format it, so both outputs show the same
figures; so do [`render_html`][servicemodel.report.render_html] (one self-contained page with
charts), [`render_markdown`][servicemodel.report.render_markdown] and
[`render_csv`][servicemodel.report.render_csv] (one tidy row per
[`Figure`][servicemodel.report.Figure]). ``servicemodel report FILE`` is this, behind a
command line.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.sla import PolicySet, SLAPolicy, Target
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> ps = PolicySet([SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})])
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0), [AgentReply("r", t0 + timedelta(minutes=20 * i))])
    ...       for i in range(1, 5)]
    >>> report = build_report(hs, ReportOptions(policies=ps))
    >>> row = report.sla.attainment[0]
    >>> row.attainment.value, round(row.attainment.lower, 3)
    (0.75, 0.301)
    >>> report_to_dict(report)["sla"]["attainment"][0]["attainment"]
    0.75
"""

from servicemodel._public import publish
from servicemodel.report._build import ReportOptions, build_report
from servicemodel.report._csv import render_csv
from servicemodel.report._document import (
    AttainmentRow,
    Breach,
    CurveReport,
    Detail,
    GoalReport,
    GoalsSection,
    KPIScope,
    KPISection,
    Overview,
    PolicyAttainment,
    Report,
    SeriesPoint,
    SLASection,
    Source,
    TimeRow,
    UnseenLabel,
)
from servicemodel.report._figures import Figure, figures
from servicemodel.report._goals import KPIS as GOAL_KPIS
from servicemodel.report._goals import goal_series
from servicemodel.report._html import render_html
from servicemodel.report._json import render_json, report_to_dict
from servicemodel.report._kpi import METRICS as KPI_METRICS
from servicemodel.report._markdown import render_markdown
from servicemodel.report._plan_page import render_plan_html
from servicemodel.report._reconcile import ReconcileRow, ReconcileSection
from servicemodel.report._text import render_text
from servicemodel.report._ticket_metrics import TicketMetricsRow, TicketMetricsSection

__all__ = [
    # building
    "ReportOptions",
    "build_report",
    "goal_series",
    # the document
    "Report",
    "Source",
    "Overview",
    "KPISection",
    "KPIScope",
    "SLASection",
    "AttainmentRow",
    "TimeRow",
    "Breach",
    "UnseenLabel",
    "GoalsSection",
    "GoalReport",
    "SeriesPoint",
    "Detail",
    "CurveReport",
    "PolicyAttainment",
    "ReconcileSection",
    "ReconcileRow",
    "TicketMetricsSection",
    "TicketMetricsRow",
    "KPI_METRICS",
    "GOAL_KPIS",
    # rendering
    "render_text",
    "render_json",
    "render_html",
    "render_plan_html",
    "render_markdown",
    "render_csv",
    "report_to_dict",
    "Figure",
    "figures",
]

publish(__name__, globals(), __all__)
