"""Regression tests for bad input found by fuzzing the readers' timestamp layouts, event logs,
Zendesk audits, metric events and JSM payloads (``test_fuzz_readers_layouts_and_audit_order.py``).

Each bad input is a ``ServiceModelError`` naming the value (and the field's path), not another
exception: a ``date_format`` repeating a directive, a codec that is not a text encoding, a
UTF-16 file without a byte order mark, Zendesk metric events whose numbers no ``timedelta``
holds or whose ids have no text, and a JSM ``sla=`` that is not a mapping.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io import eventlog, summary, zendesk
from servicemodel.io._columns import encoding_of
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.eventlog._time import date_formats
from servicemodel.reconcile import jsm_verdicts, zendesk_verdicts

HUGE = 10**5000
LOG = "case:concept:name,concept:name,time:timestamp\nC1,Done,2026-03-02T09:00:00Z\n"


# -- date_format --------------------------------------------------------------------------------


@given(
    directive=st.sampled_from(["%d", "%m", "%Y", "%H", "%u", "%W", "%A", "%z", "%p"]),
    between=st.sampled_from([" ", "/", "-", "T", "%m "]),
)
def test_a_format_repeating_a_directive_is_a_config_error(directive: str, between: str) -> None:
    fmt = f"{directive}{between}{directive}"
    with pytest.raises(ConfigError, match="is not a strptime format") as info:
        date_formats(fmt)
    assert info.value.path == "date_format"
    with pytest.raises(ConfigError, match="date_format"):
        parse_timestamp("2026-03-02T09:00:00Z", date_format=[fmt])


def test_the_fuzzers_format_names_itself() -> None:
    with pytest.raises(ConfigError, match=r"date_format\[0\]: '%u%m%W٣%% %u%A' is not"):
        date_formats(["%u%m%W٣%% %u%A"])


# -- encoding= ----------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["hex", "base64", "rot13", "zlib", "utf-8\x00", "a\x00"])
def test_a_codec_that_reads_no_text_is_a_config_error(codec: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown encoding") as info:
        encoding_of(codec)
    assert info.value.path == "encoding"
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    with pytest.raises(ConfigError, match="encoding: unknown encoding"):
        eventlog.load(path, status_map={"Done": "solved"}, encoding=codec)


def test_text_codecs_still_read(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-16")  # with its byte order mark
    loaded = eventlog.load(path, status_map={"Done": "solved"}, encoding="utf-16")
    assert [h.id for h in loaded.histories] == ["C1"]


@pytest.mark.parametrize("codec", ["utf-16", "punycode"])
def test_a_decoder_refusing_the_file_names_file_and_line(codec: str, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")  # UTF-8: no UTF-16 byte order mark, no punycode
    with pytest.raises(RecordError, match=f"line 1: not {codec} text") as info:
        eventlog.load(path, status_map={"Done": "solved"}, encoding=codec)
    assert info.value.source == str(path)


def test_a_map_file_with_a_bytes_codec_is_one_error_line(tmp_path: Path) -> None:
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"encoding": "base64"}), encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text(LOG, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["report", str(log), "--source=eventlog", f"--map={mapping}"])
    assert code == 2
    assert err.getvalue().splitlines() == [
        f"servicemodel report: error: {mapping}: encoding: unknown encoding 'base64'; "
        "expected a codec "
        "name such as 'utf-8' or 'cp1252'"
    ]


# -- Zendesk metric events ----------------------------------------------------------------------


def _event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": 1,
        "ticket_id": 7,
        "metric": "reply_time",
        "instance_id": 1,
        "type": "apply_sla",
        "time": "2026-03-02T09:00:00Z",
        "sla": {"target": 60, "business_hours": False, "policy": {"title": "Gold"}},
    }
    event.update(changes)
    return event


OTHER = _event(ticket_id=8)  # another clock, which collect mode must keep


@given(
    # Past timedelta's range (999,999,999 days: 8.64e13 seconds) in minutes and in seconds.
    target=st.one_of(
        st.sampled_from([math.inf, math.nan, 1e300, HUGE, 2.0**63]),
        st.floats(min_value=1e14, allow_infinity=True),
        st.integers(min_value=10**14),
    ),
    unit=st.sampled_from(["target", "target_in_seconds"]),
)
def test_an_sla_target_no_timedelta_holds_is_a_record_error(target: Any, unit: str) -> None:
    bad = _event(id=2, sla={unit: target})
    with pytest.raises(RecordError, match=r"sla\.target .*expected a number of") as info:
        zendesk_verdicts([bad])
    assert info.value.path == "metric_events[0].sla.target"
    verdicts, errors = zendesk_verdicts([OTHER, bad], on_error="collect")
    assert [v.ticket_id for v in verdicts] == ["8"]
    assert [e.path for e in errors] == ["metric_events[1].sla.target"]


@pytest.mark.parametrize(
    "minutes",
    [math.inf, -math.inf, math.nan, 1e300, HUGE],
    ids=["inf", "-inf", "nan", "1e300", "huge"],
)
@pytest.mark.parametrize("name", ["calendar", "business"])
def test_status_minutes_no_timedelta_holds_are_a_record_error(minutes: Any, name: str) -> None:
    status = _event(id=3, type="update_status", status={name: minutes})
    with pytest.raises(RecordError) as info:
        zendesk_verdicts([_event(), status])
    assert info.value.path == f"metric_events[1].status.{name}"
    assert f"status.{name}" in str(info.value)


def test_an_older_bad_status_is_an_error_in_either_order() -> None:
    good = _event(id=3, type="update_status", time="2026-03-02T10:00:00Z", status={"calendar": 5})
    bad = _event(id=4, type="update_status", status={"calendar": math.inf})
    for events in ([_event(), good, bad], [_event(), bad, good]):
        (verdict,), errors = zendesk_verdicts(events, on_error="collect")
        assert len(errors) == 1
        assert verdict.elapsed is not None
        assert verdict.elapsed.total_seconds() == 5 * 60


@pytest.mark.parametrize("field", ["id", "ticket_id"])
def test_an_id_past_the_digit_limit_is_a_record_error(field: str) -> None:
    breach = _event(type="breach", **{field: HUGE})
    with pytest.raises(RecordError, match="expected an id") as info:
        zendesk_verdicts([breach])
    assert info.value.path == f"metric_events[0].{field}"
    assert "digits" in str(info.value)  # the value, shown without its 5,000 digits


# -- JSM ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("sla", [-323864, "SD-1", [{"values": []}], 1.5])
def test_a_jsm_sla_that_is_not_a_mapping_is_an_input_type_error(sla: Any) -> None:
    with pytest.raises(InputTypeError, match="sla: expected a mapping of issue key"):
        jsm_verdicts(sla=sla)
    with pytest.raises(InputTypeError):
        jsm_verdicts(sla=sla, on_error="collect")


# -- cells from a frame: an int past the int-to-text digit limit ---------------------------------

EVENT_ROW = {
    "case:concept:name": "C1",
    "concept:name": "Done",
    "time:timestamp": "2026-03-02T09:00Z",
}


#: Cells ``str`` refuses: an int past the digit limit, or a container holding one.
NO_TEXT = pytest.mark.parametrize(
    "cell", [HUGE, [1, -HUGE], {"n": HUGE}], ids=["int", "list", "dict"]
)


@NO_TEXT
@pytest.mark.parametrize("column", ["case:concept:name", "concept:name", "org:resource"])
@pytest.mark.parametrize("contiguous", [True, False])
def test_an_event_cell_of_5000_digits_is_a_record_error(
    column: str, contiguous: bool, cell: Any
) -> None:
    bad = dict(EVENT_ROW, **{column: cell})
    good = dict(EVENT_ROW, **{"case:concept:name": "C2"})
    result = eventlog.histories(
        [bad, good], status_map={"Done": "solved"}, on_error="collect", contiguous=contiguous
    ).collect()
    assert [h.id for h in result.histories] == ["C2"]
    (error,) = result.errors
    assert error.path == f"rows[0].{column}"
    assert "(a number of more than 4,300 digits)" in str(error)


@NO_TEXT
@pytest.mark.parametrize("column", ["Ticket ID", "Priority", "Channel", "Product"])
def test_a_summary_cell_of_5000_digits_is_a_record_error(column: str, cell: Any) -> None:
    row = {"Ticket ID": "S-1", "Created": "2026-03-02T09:00Z", "Priority": "high", "Channel": "x"}
    row["Product"] = "Pro"
    good = dict(row, **{"Ticket ID": "S-2"})
    cols = {"id": "Ticket ID", "created": "Created", "priority": "Priority", "channel": "Channel"}
    result = summary.histories(
        [dict(row, **{column: cell}), good],
        columns=cols,
        attributes=["Product"],
        on_error="collect",
    ).collect()
    assert [h.id for h in result.histories] == ["S-2"]
    (error,) = result.errors
    assert error.path == f"rows[0].{column}"
    assert "(a number of more than 4,300 digits)" in str(error)


# -- zendesk.load: progress when the join runs again ----------------------------------------------

ZENDESK = Path(__file__).parent / "data" / "zendesk"


def test_progress_hears_of_each_ticket_once_when_the_join_runs_again(tmp_path: Path) -> None:
    # A ticket's audit out of order and a page exported twice: the streaming join stops and
    # the join by id runs, in another order; counting the histories told was not enough.
    lines = (ZENDESK / "audits.jsonl").read_text(encoding="utf-8").splitlines()
    audits = [json.loads(line) for line in lines]
    moved = next(a for a in audits if a["ticket_id"] == 1002)
    order = [audits[0], moved, *(a for a in audits[1:] if a is not moved)]
    path = tmp_path / "audits.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in order), encoding="utf-8")
    page1, page2 = ZENDESK / "tickets_page1.json", ZENDESK / "tickets_page2.json"
    told: list[str] = []
    result = zendesk.load([page1, page2, page1, path], on_error="collect", progress=told.append)
    assert sorted(h.id for h in told) == sorted(h.id for h in result.histories)
    assert len(told) == len({h.id for h in told})


def _jsm_record(**changes: Any) -> dict[str, Any]:
    cycle = {
        "startTime": {"iso8601": "2026-03-02T09:00:00+0100"},
        "stopTime": {"iso8601": "2026-03-02T10:30:00+0100"},
        "breached": False,
        "goalDuration": {"millis": 3600000},
    }
    record: dict[str, Any] = {"name": "Time to first response", "completedCycles": [cycle]}
    record.update(changes)
    return record


class Ambiguous:
    """A value without a truth value, as a numpy array has (``if array:`` raises)."""

    def __init__(self, items: list[int]) -> None:
        self.items = items

    def __bool__(self) -> bool:
        raise ValueError("The truth value of an array with more than one element is ambiguous")


@pytest.mark.parametrize(
    "cycles", [Ambiguous([1, 2]), "", 0, {}], ids=["array", "empty text", "zero", "dict"]
)
def test_jsm_completed_cycles_not_a_list_is_a_record_error(cycles: Any) -> None:
    good = _jsm_record()
    with pytest.raises(RecordError, match=r"cycles .*expected a list") as info:
        jsm_verdicts(sla={"SD-1": [_jsm_record(completedCycles=cycles)]})
    assert info.value.path == "sla['SD-1'].values[0].completedCycles"
    verdicts, errors = jsm_verdicts(
        sla={"SD-1": [_jsm_record(completedCycles=cycles)], "SD-2": [good]}, on_error="collect"
    )
    assert [v.ticket_id for v in verdicts] == ["SD-2"]
    assert len(errors) == 1


def test_a_jsm_sla_name_of_5000_digits_is_a_record_error() -> None:
    with pytest.raises(RecordError, match="expected a non-blank string") as info:
        jsm_verdicts(sla={"SD-1": [_jsm_record(name=HUGE)]})
    assert info.value.path == "sla['SD-1'].values[0].name"
