"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.report``, import
these from here, never from a private module of the package, so that what the package shares is in
one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the module
named for it.
"""

from servicemodel.report._charts import Chart
from servicemodel.report._figures import fmt_interval, fmt_value
from servicemodel.report._goals import build_goals
from servicemodel.report._page import chart_html, page, reorders, table_html
from servicemodel.report._select import snapshot_warnings
from servicemodel.report._set_aside import date_order_warning
from servicemodel.report._svg import figure, have_matplotlib, style, to_svg
from servicemodel.report._tables import Cell, Table
from servicemodel.report._text import snapshot_basis
from servicemodel.report._ticket_metrics import read_metric_records
from servicemodel.report._vendor_files import (
    check_vendor_files,
    check_verdict_rules,
    with_vendor_sla,
)

__all__ = [
    "Cell",
    "Chart",
    "Table",
    "build_goals",
    "chart_html",
    "check_vendor_files",
    "check_verdict_rules",
    "date_order_warning",
    "figure",
    "fmt_interval",
    "fmt_value",
    "have_matplotlib",
    "page",
    "read_metric_records",
    "reorders",
    "snapshot_basis",
    "snapshot_warnings",
    "style",
    "table_html",
    "to_svg",
    "with_vendor_sla",
]
