"""A report's SLA section on partial histories: each metric measured, or said not available.

The law: for any one-row export (with or without its first-reply and solve columns) and any
policy (pausing or not, any metrics), the report is built; a metric whose facts the export
lacks -- or any metric of a policy that pauses, since a row holds no time in each status -- is
"not available from this export" with the lost fact named, and every other metric is measured.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import summary
from servicemodel.report import ReportOptions, build_report, render_text
from servicemodel.sla import SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)
METRICS = ["first_reply", "next_reply", "periodic_update", "resolution"]
#: What each metric needs from a one-row export (from the one-row reader's documentation).
NEEDS = {
    "first_reply": {"first_reply", "resolution"},
    "next_reply": {"next_reply"},
    "periodic_update": {"periodic_update"},
    "resolution": {"resolution"},
}


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[dict[str, str]], set[str]]:
    columns = draw(st.sets(st.sampled_from(["first_reply_at", "solved_at"])))
    rows = []
    for i in range(draw(st.integers(1, 5))):
        created = T0 + timedelta(hours=draw(st.integers(0, 48)))
        row = {"id": str(i), "created_at": created.isoformat()}
        if "first_reply_at" in columns:
            reply = created + timedelta(minutes=draw(st.integers(1, 600)))
            row["first_reply_at"] = reply.isoformat()
        if "solved_at" in columns:
            row["solved_at"] = (created + timedelta(hours=draw(st.integers(1, 90)))).isoformat()
        rows.append(row)
    # A one-row export never holds later replies, updates or status times.
    lost = {"next_reply", "periodic_update", "pauses"}
    lost |= set() if "first_reply_at" in columns else {"first_reply"}
    lost |= set() if "solved_at" in columns else {"resolution"}
    return rows, lost


@given(
    exports(),
    st.lists(st.sampled_from(METRICS), min_size=1, max_size=4, unique=True),
    st.booleans(),
)
def test_every_metric_is_measured_or_said_not_available(
    export: tuple[list[dict[str, str]], set[str]], metrics: list[str], pauses: bool
) -> None:
    rows, lost = export
    histories = list(summary.histories(rows))
    targets = [Target(m, "4h", business=False) for m in metrics]
    policy = SLAPolicy("p", {"normal": targets}, pause=["pending"] if pauses else [])
    report = build_report(histories, ReportOptions(policies=policy))
    assert report.sla is not None
    rows_by_metric = {row.metric: row for row in report.sla.by_metric}
    for metric in metrics:
        row = rows_by_metric[metric]
        why = row.attainment.method
        missing = lost & NEEDS[metric]
        if pauses:
            assert why.startswith("not available from this export"), why
        elif missing:
            assert why == f"not available from this export (lost: {', '.join(sorted(missing))})"
        else:
            assert not why.startswith("not available"), why
            assert row.achieved + row.breached + row.active + row.paused == len(histories)


def test_the_count_says_measured_when_a_metric_is_not_available() -> None:
    rows = [{"id": "1", "created_at": T0.isoformat(), "solved_at": (T0 + HOUR).isoformat()}]
    histories = list(summary.histories(rows))
    paused = SLAPolicy("p", {"normal": [Target("resolution", "4h", business=False)]})
    text = render_text(build_report(histories, ReportOptions(policies=paused)))
    assert "(0 of 1 tickets had a clock measured at " in text
    assert "metrics not available from this export are not measured" in text
    plain = SLAPolicy("p", {"normal": [Target("resolution", "4h", business=False)]}, pause=[])
    text = render_text(build_report(histories, ReportOptions(policies=plain)))
    assert "(1 of 1 tickets matched a policy at " in text
