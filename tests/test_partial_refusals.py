"""Figures a partial history cannot support refuse with PartialHistoryError, and only those.

A one-row-per-ticket export (``servicemodel.io.summary``) keeps the first reply, the solve and
the rating, but not the reopens, the replies after the first or the first of several
resolutions; the KPIs that need them refuse instead of counting every such ticket as never
reopened or resolved at first contact.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import PartialHistoryError, ServiceModelError
from servicemodel.io import summary
from servicemodel.kpi import (
    CSAT,
    FirstContactResolution,
    FirstReplyTime,
    ReopenRate,
    ResolutionRate,
    ResolutionTime,
)
from servicemodel.model import lost_facts

ROWS = [
    {
        "id": "1",
        "created_at": "2026-03-02T09:00:00Z",
        "first_reply_at": "2026-03-02T09:30:00Z",
        "solved_at": "2026-03-02T12:00:00Z",
        "rating": "4",
        "channel": "email",
    },
    {"id": "2", "created_at": "2026-03-02T10:00:00Z", "channel": "chat"},
]


def _histories():  # type: ignore[no-untyped-def]
    return list(summary.histories(ROWS))


@pytest.mark.parametrize(
    ("accumulator", "words"),
    [
        (ReopenRate.empty(), "the reopen rate"),
        (FirstContactResolution.empty(), "first contact resolution"),
        (ResolutionTime.empty(which="first"), "first resolution time"),
    ],
)
def test_a_kpi_that_needs_a_lost_fact_refuses(accumulator: object, words: str) -> None:
    hs = _histories()
    assert "reopens" in lost_facts(hs[0])
    with pytest.raises(PartialHistoryError, match=f"ticket '1': {words} needs") as err:
        accumulator.add_many(hs)  # type: ignore[attr-defined]
    assert isinstance(err.value, ServiceModelError)
    assert isinstance(err.value, ValueError)


def test_the_kpis_a_summary_row_supports_still_work() -> None:
    hs = _histories()
    assert FirstReplyTime.empty(unit="min").add_many(hs).result().median.value == 30.0
    assert ResolutionTime.empty().add_many(hs).result().median.value == 3.0
    assert ResolutionRate.empty().add_many(hs).result().value == 0.5
    assert CSAT.empty().add_many([4]).result().n == 1


def test_fcr_from_the_source_flag_needs_no_events() -> None:
    # A helpdesk that records first contact resolution itself gives the answer in the ticket;
    # nothing lost is then needed.
    from datetime import UTC, datetime

    from servicemodel.model import PARTIAL_ATTRIBUTE, StatusChange, Ticket, TicketHistory

    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    ticket = Ticket(
        "T", t0, first_contact=True, attributes={PARTIAL_ATTRIBUTE: "next_reply,reopens"}
    )
    h = TicketHistory(ticket, [StatusChange("s", t0, status="solved")])
    assert FirstContactResolution.empty().add(h).result().value == 1.0
    with pytest.raises(PartialHistoryError):
        FirstContactResolution.empty(use_source_flag=False).add(h)


@given(st.sets(st.sampled_from(sorted(summary.LOST)), min_size=1))
def test_only_the_lost_facts_are_refused(lost: set[str]) -> None:
    # Whatever the export lost, ReopenRate refuses exactly when "reopens" is among it, or
    # "resolution" (no solved column: which tickets were solved, its denominator, is unknown).
    from datetime import UTC, datetime

    from servicemodel.model import PARTIAL_ATTRIBUTE, StatusChange, Ticket, TicketHistory

    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    ticket = Ticket("T", t0, attributes={PARTIAL_ATTRIBUTE: ",".join(sorted(lost))})
    h = TicketHistory(ticket, [StatusChange("s", t0, status="solved")])
    if lost & {"reopens", "resolution"}:
        with pytest.raises(PartialHistoryError):
            ReopenRate.empty().add(h)
    else:
        assert ReopenRate.empty().add(h).solved == 1


def test_ratings_refuses_an_accumulator_class_for_an_instance() -> None:
    # The class has the protocol's methods (unbound), so only an explicit check catches it
    # before add_many fails with a plain TypeError.
    from servicemodel.errors import InputTypeError
    from servicemodel.kpi import Ratings

    with pytest.raises(InputTypeError, match=r"such as CSAT\.empty\(\), got the class CSAT"):
        Ratings.empty(CSAT)


def test_the_report_on_a_summary_export_says_what_it_cannot_show() -> None:
    # The report does not refuse the whole export: FCR and the reopen rate are "not
    # available from this export", with the lost facts named, in text and JSON alike.
    import json
    from importlib.resources import files

    import jsonschema

    from servicemodel.report import ReportOptions, build_report, render_json, render_text

    report = build_report(_histories(), ReportOptions())
    text = render_text(report)
    assert "not available from this export (lost: next_reply, reopens)" in text
    assert "not available from this export (lost: reopens)" in text
    data = json.loads(render_json(report))
    overall = data["kpi"]["overall"]
    assert overall["fcr"]["value"] is None
    assert overall["reopen_rate"]["note"] == "not available from this export (lost: reopens)"
    assert "note" not in overall["csat"]
    schema = json.loads(
        files("servicemodel.report").joinpath("schema/report-1.json").read_text("utf-8")
    )
    jsonschema.validate(data, schema)


def test_an_sla_policy_that_pauses_refuses_a_summary_history() -> None:
    # The summary row has no status intervals: a policy pausing on pending cannot be run on
    # it, while one pausing on nothing and measuring first reply can.
    from servicemodel.sla import SLAPolicy, Target, evaluate

    h = _histories()[0]
    pausing = SLAPolicy("std", {"normal": [Target("first_reply", "1h")]})
    with pytest.raises(PartialHistoryError, match="SLA policy 'std' \\(pauses on pending\\)"):
        evaluate(pausing, h)
    plain = SLAPolicy("plain", {"normal": [Target("first_reply", "1h")]}, pause=[])
    (m,) = evaluate(plain, h)
    assert m.state == "achieved"


@given(st.sets(st.sampled_from(sorted(set(summary.LOST) - {"resolution"})), min_size=1))
def test_a_reopen_shown_counts_though_the_reopens_are_lost(lost: set[str]) -> None:
    # A lost reopen count is a lower bound: one reopen shown decides "reopened at least
    # once", whatever else the export lost (its solve kept). Refusing such a ticket left out
    # exactly the reopened ones, and the rate fell to 0.
    from datetime import UTC, datetime, timedelta

    from servicemodel.model import PARTIAL_ATTRIBUTE, Reopen, StatusChange, Ticket, TicketHistory

    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    ticket = Ticket("T", t0, attributes={PARTIAL_ATTRIBUTE: ",".join(sorted(lost | {"reopens"}))})
    solved = StatusChange("s", t0 + timedelta(hours=1), status="solved")
    h = TicketHistory(ticket, [solved, Reopen("o", t0 + timedelta(days=1))])
    one = ReopenRate.empty().add(h)
    assert (one.solved, one.reopened) == (1, 1)
    assert ReopenRate.empty().add_many([h]) == one


def test_the_reopen_rate_of_a_freshdesk_export_counts_its_reopened_ticket() -> None:
    # The fixture's ticket 102 was resolved, reopened (stats.reopened_at) and is pending: of
    # the three tickets solved at least once (101, 102, 109), one was reopened. Before, 102
    # was left out for its lost reopen count and the reopen rate read 0 of 2.
    import glob

    from servicemodel.io import freshdesk
    from servicemodel.kpi import LeaveOutPartial
    from servicemodel.report import build_report

    files = sorted(glob.glob("tests/data/freshdesk/*.json"))
    found = freshdesk.load(files, status_map={6: "on_hold"}, on_error="collect").histories
    assert "reopens" in lost_facts(next(h for h in found if h.id == "102"))
    est = LeaveOutPartial(ReopenRate.empty()).add_many(found).result()
    assert (est.value, est.n, est.missing) == (pytest.approx(1 / 3), 3, 0)
    figure = build_report(found).kpi.overall.figure("reopen_rate")
    assert (figure.value, figure.n, figure.missing) == (pytest.approx(1 / 3), 3, 0)
