"""The service blueprint: one file composing a support design, and its gap analysis.

A [`Blueprint`][servicemodel.blueprint.Blueprint] composes the support model, the service
standards, the SLA policies and their escalation ladders, the SMART goals, the customer
journey, the QA scorecard and the SERVQUAL instrument, each inline or by reference to another
file. Loading checks that every reference resolves and names the file and field of the first
that does not. [`assess`][servicemodel.blueprint.assess] measures every standard and goal on a
ticket export, adds SERVQUAL gaps and QA scores when survey answers and evaluations are given,
and ranks the gaps by their shortfall (the distance from the standard as a share of the way
to the metric's worst value). ``servicemodel assess`` is this, behind a command line.

Examples:
    >>> from datetime import UTC, datetime
    >>> bp = Blueprint.from_toml('''
    ... name = "Acme"
    ... [standards]
    ... name = "Acme standards"
    ... quality = { nps = 30 }
    ... ''')
    >>> a = assess(bp, [], at=datetime(2026, 3, 2, tzinfo=UTC))
    >>> [(g.name, g.verdict.value) for g in a.gaps]
    [('all nps', 'no_data')]
"""

from servicemodel._public import publish
from servicemodel.blueprint._assess import Assessment, Gap, assess, rank
from servicemodel.blueprint._blueprint import Blueprint, QABenchmarks
from servicemodel.blueprint._html import render_html
from servicemodel.blueprint._render import assessment_to_dict, render_json, render_text

__all__ = [
    # the blueprint
    "Blueprint",
    "QABenchmarks",
    # assessing it
    "Assessment",
    "Gap",
    "assess",
    "rank",
    # rendering
    "assessment_to_dict",
    "render_html",
    "render_json",
    "render_text",
]

publish(__name__, globals(), __all__)
