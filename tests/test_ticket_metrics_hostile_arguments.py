"""Ticket Metrics durations and arguments no comparison can use are errors naming them.

``zendesk_ticket_metrics`` (and the report's section, and the command line on a Ticket
Metrics file) raised ``OverflowError`` for an int duration past the float range, which JSON
reads from a 1 and 400 zeros; a list among ``shared_replies`` raised ``TypeError``; and a
numpy array as ``rounding=`` or as ``ReportOptions(ticket_metrics_on_error=...)`` raised
numpy's ambiguous-truth ``ValueError`` -- or, of one ``"raise"``, was taken as ``"raise"``.
The report's ``TicketMetricsRow`` and ``TicketMetricsSection`` took more agreeing durations
than compared, and the report then said a negative number disagreed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import ZENDESK_DURATIONS, zendesk_ticket_metrics
from servicemodel.report import ReportOptions, build_report

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=42))])
DURATIONS = Path(__file__).parent / "data" / "zendesk" / "durations"


@given(
    field=st.sampled_from(sorted(ZENDESK_DURATIONS)),
    clock=st.sampled_from(["calendar", "business"]),
    value=st.one_of(st.integers(min_value=2**1024), st.integers(max_value=-(2**1024))),
)
def test_an_int_past_the_float_range_is_the_record_error_naming_the_field(
    field: str, clock: str, value: int
) -> None:
    if field == "reply_time_in_seconds":
        clock = "calendar"
    rec = {"ticket_id": 7, field: {clock: value}}
    with pytest.raises(RecordError, match=rf"^metric_records\[0\]\.{field}\.{clock}: ticket 7: "):
        zendesk_ticket_metrics([H], [rec])
    found, errors = zendesk_ticket_metrics([H], [rec, {"ticket_id": 7}], on_error="collect")
    assert len(errors) == 1
    assert f"{field}.{clock} <int of about" in str(errors[0])
    assert found.comparisons == ()


def test_the_report_says_an_int_past_the_float_range_by_its_size() -> None:
    rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 10**400}}
    with pytest.raises(RecordError, match=r"<int of about 401 digits>: minutes beyond the float"):
        build_report([H], ReportOptions(ticket_metrics=[rec]))
    report = build_report(
        [H], ReportOptions(ticket_metrics=[rec], ticket_metrics_on_error="collect")
    )
    assert report.ticket_metrics is not None
    assert len(report.ticket_metrics.bad_records) == 1


def test_the_command_line_reads_a_file_with_such_a_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ticket_metrics.jsonl"
    huge = '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 1%s}}\n' % ("0" * 400)
    good = json.dumps({"ticket_id": 9102, "reply_time_in_minutes": {"calendar": 0}}) + "\n"
    path.write_text(huge + good, encoding="utf-8")
    files = [str(DURATIONS / "tickets.json"), str(DURATIONS / "audits.json"), str(path)]
    assert main(["report", "--source", "zendesk", *files]) == 2
    err = capsys.readouterr().err
    assert "line 1: [0].reply_time_in_minutes.calendar: ticket 9101" in err
    assert "beyond the float range" in err
    code = main(["report", "--source", "zendesk", "--skip-bad-records", "--format", "json", *files])
    out, err = capsys.readouterr()
    assert code == 0
    assert "1 bad Ticket Metrics record(s) set aside" in err
    assert len(json.loads(out)["ticket_metrics"]["bad_records"]) == 1


@pytest.mark.parametrize("shared", [[["r"]], [{"r": 1}], [7], ["r", None]])
def test_shared_replies_are_texts(shared: list[object]) -> None:
    with pytest.raises(InputTypeError, match=r"^shared_replies\[\d\]: expected str"):
        zendesk_ticket_metrics([H], [], shared_replies=shared)


def test_shared_replies_of_texts_are_read() -> None:
    # Zendesk has no first reply: ours came through ticket sharing (numpy's texts are texts).
    rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": None}}
    found, _ = zendesk_ticket_metrics([H], [rec], shared_replies=np.array(["r"]))
    assert found.reasons() == {"ticket-sharing comment": 1}


@pytest.mark.parametrize(
    "rounding", [np.array(["floor", "nearest"]), np.array(["floor"]), ["floor"]]
)
def test_rounding_is_a_text(rounding: object) -> None:
    with pytest.raises(ConfigError, match=r"^rounding: expected 'floor' or 'nearest', got "):
        zendesk_ticket_metrics([H], [], rounding=rounding)  # type: ignore[arg-type]


@pytest.mark.parametrize("on_error", [np.array(["raise", "collect"]), np.array(["raise"])])
def test_the_report_option_on_error_is_a_text(on_error: object) -> None:
    with pytest.raises(
        ConfigError, match=r"ticket_metrics_on_error: expected 'raise' or 'collect'"
    ):
        ReportOptions(ticket_metrics=[], ticket_metrics_on_error=on_error)


def test_more_agreeing_than_compared_durations_is_refused() -> None:
    # The report said "2 durations compared on 1 tickets: 5 agree, -3 disagree", and its JSON
    # "disagreed": -3.
    from servicemodel.report import TicketMetricsRow, TicketMetricsSection

    # Counts of the right type that contradict each other: a ValueError naming the field, not
    # the TypeError a count of the wrong type is.
    said = r"^agreed: 5 durations agree of only 2 compared$"
    with pytest.raises(ConfigError, match=said) as row:
        TicketMetricsRow("reply_time_in_minutes", "calendar", 2, 5)
    with pytest.raises(ConfigError, match=said) as section:
        TicketMetricsSection("", "floor", 1, 0, 2, 5)
    for raised in (row, section):
        assert raised.value.path == "agreed"
        assert not isinstance(raised.value, TypeError)
    assert TicketMetricsRow("reply_time_in_minutes", "calendar", 2, 2).disagreed == 0


def test_more_agreeing_than_compared_clocks_is_a_value_error_as_for_durations() -> None:
    from servicemodel.kpi import proportion
    from servicemodel.report import ReconcileRow

    with pytest.raises(ConfigError, match=r"^agreed: 5 clocks agree of only 2 compared$") as e:
        ReconcileRow("first_reply", 2, 5, proportion(2, 2))
    assert e.value.path == "agreed"
    assert not isinstance(e.value, TypeError)
    assert ReconcileRow("first_reply", 2, 2, proportion(2, 2)).disagreed == 0
