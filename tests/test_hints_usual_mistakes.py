"""Messages that say how to fix the usual mistakes (found walking through the features)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, PartialHistoryError
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.kpi import ReopenRate
from servicemodel.model import PARTIAL_ATTRIBUTE, StatusChange, Ticket, TicketHistory
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("1772438400000", "ms"), ("1772438400", "s"), (" 1772438400.25 ", "s")],
)
def test_an_epoch_count_read_as_text_names_timestamp_unit(text: str, unit: str) -> None:
    with pytest.raises(ConfigError, match=f'timestamp_unit = "{unit}"'):
        parse_timestamp(text, tz="UTC")


def test_other_digits_get_the_usual_message() -> None:
    with pytest.raises(ConfigError, match=r"not a timestamp: '12345' \(ISO 8601"):
        parse_timestamp("12345", tz="UTC")


def test_a_verdict_stored_by_calendar_name_says_to_pass_the_same_table() -> None:
    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar=office)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", T0), []))
    stored = m.to_dict(calendars={"office": office})
    assert stored["calendar"] == "office"
    with pytest.raises(ConfigError, match=r"pass the same calendars= table to from_dict$"):
        Measurement.from_dict(stored)
    assert Measurement.from_dict(stored, calendars={"office": office}) == m
    with pytest.raises(InputTypeError, match=r"got JSON text .*json\.loads"):
        Measurement.from_dict(json.dumps(stored))  # type: ignore[arg-type]


def test_a_kpi_refusing_a_partial_history_names_leave_out_partial() -> None:
    solved = StatusChange("s", T0 + timedelta(hours=1), status="solved")
    partial = TicketHistory(Ticket("T", T0, attributes={PARTIAL_ATTRIBUTE: "reopens"}), [solved])
    with pytest.raises(PartialHistoryError, match=r"kpi\.LeaveOutPartial\(kpi\) does\)$"):
        ReopenRate.empty().add(partial)


@pytest.mark.parametrize("machine_zone", ["UTC", "Europe/Berlin"])
def test_a_zone_name_beside_an_offset_is_refused_on_every_machine(
    machine_zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # strptime's %Z reads the machine's own zone names (CET where it is set to Berlin): the
    # same file was read at +01:00 there and refused on a UTC machine.
    import time

    monkeypatch.setenv("TZ", machine_zone)
    time.tzset()
    try:
        with pytest.raises(ConfigError, match="CET"):
            parse_timestamp("2026-03-02 10:00 CET +0100", date_format="%Y-%m-%d %H:%M %Z %z")
        utc = parse_timestamp("2026-03-02 10:00 UTC +0000", date_format="%Y-%m-%d %H:%M %Z %z")
        assert utc == datetime(2026, 3, 2, 10, tzinfo=UTC)
    finally:
        monkeypatch.undo()
        time.tzset()
