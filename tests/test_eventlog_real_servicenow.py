"""Event logs as ServiceNow writes them: snapshot rows after the incident was opened.

The shape is the UCI "Incident management process enriched event log" (Amaral et al.,
doi:10.24432/C57S4H): ``tests/data/eventlog/servicenow_shape.csv`` holds five incidents written
by hand in its columns, vocabulary and date layout (``29/2/2016 01:16``), not its data.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, NaiveDatetimeError, RecordError
from servicemodel.io import eventlog
from servicemodel.io._sources import SourceMap
from servicemodel.model import Status

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "data" / "eventlog" / "servicenow_shape.csv"
MAP = ROOT / "examples" / "mappings" / "servicenow-incidents.toml"


def mapping() -> dict[str, Any]:
    with MAP.open("rb") as fh:
        return tomllib.load(fh)


def utc(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


# -- the fixture through the shipped mapping file ------------------------------------------------


def test_fixture_reads_every_good_incident_and_names_the_bad_one() -> None:
    result = eventlog.load(FIXTURE, on_error="collect", **mapping())
    assert [h.id for h in result] == ["INC0000101", "INC0000102", "INC0000103", "INC0000105"]
    (err,) = result.errors
    # INC0000104's first snapshot (12/3/2016 09:58) is two minutes before it was opened
    # (10:00): the file's line 18 (header is line 1), its sys_updated_at column.
    assert err.line == 18
    assert err.path == "sys_updated_at"
    assert "INC0000104" in str(err)
    assert "opened_at" in str(err)
    assert "09:58" in str(err)


def test_fixture_facts_come_from_the_rows() -> None:
    by_id = {h.id: h for h in eventlog.load(FIXTURE, on_error="collect", **mapping())}
    inc = by_id["INC0000101"]
    # Created when opened (29/2/2016 01:16), before its first snapshot at 01:23.
    assert inc.created_at.astimezone(UTC) == utc(2016, 2, 29, 1, 16)
    assert inc.events[0].at.astimezone(UTC) == utc(2016, 2, 29, 1, 23)
    solved = inc.solved_at()
    assert solved is not None
    assert solved.astimezone(UTC) == utc(2016, 3, 1, 11, 29)
    assert inc.status_at(utc(2016, 2, 29, 5, 0)) is Status.PENDING  # Awaiting User Info
    t = inc.ticket
    assert (t.channel, t.priority.value, t.requester) == ("phone", "normal", "Caller 2403")
    assert (t.group, t.assignee) == ("Group 56", "Resolver 89")  # first row's is "?"
    inc = by_id["INC0000102"]
    assert inc.ticket.channel == "self_service"  # "Self service", no channel_map entry
    assert inc.ticket.priority.value == "urgent"  # "1 - Critical"
    assert inc.reopen_count() == 1  # Resolved -> Active; the -100 row is ignored
    solved = inc.solved_at()
    assert solved is not None
    assert solved.astimezone(UTC) == utc(2016, 3, 3, 16, 45)
    inc = by_id["INC0000103"]
    assert inc.ticket.channel == "phone"  # IVR through channel_map
    assert inc.created_at.astimezone(UTC) == utc(2016, 3, 10, 23, 50)
    assert inc.final_status() is Status.ON_HOLD  # Awaiting Vendor
    inc = by_id["INC0000105"]
    assert inc.ticket.channel == "direct_opening"
    assert inc.ticket.requester is None  # caller_id "?"
    assert inc.ticket.group is None


# -- the command line -----------------------------------------------------------------------------


def test_cli_reads_the_fixture_with_the_mapping_file(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "--source", "eventlog", str(FIXTURE), "--map", str(MAP)]
    code = main([*args, "--skip-bad-records", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0
    report = json.loads(out)
    assert report["overview"]["tickets"] == 4
    (bad,) = report["source"]["bad_records"]
    assert "INC0000104" in bad
    assert "line 18" in bad
    assert "1 bad record" in err


def test_cli_without_skipping_stops_at_the_bad_incident(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--source", "eventlog", str(FIXTURE), "--map", str(MAP)])
    _, err = capsys.readouterr()
    assert code != 0
    assert "line 18" in err
    assert "INC0000104" in err
    assert "sys_updated_at" in err


def test_cli_channel_map_and_created_are_mapping_keys() -> None:
    m = SourceMap.from_dict({"channel_map": {"IVR": "phone"}, "columns": {"created": "x"}})
    assert m.options_for("eventlog", ("channel_map", "columns")) == {
        "channel_map": {"IVR": "phone"},
        "columns": {"created": "x"},
    }


# -- the created role: laws ---------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STATES = ["New", "Active", "Awaiting User Info", "Resolved", "Closed"]
STATUS_MAP = {"New": "new", "Active": "open", "Awaiting User Info": "pending",
              "Resolved": "solved", "Closed": "closed"}  # fmt: skip
COLUMNS = {"case": "number", "activity": "incident_state", "timestamp": "sys_updated_at"}
WITH_CREATED = {**COLUMNS, "created": "opened_at"}


def snapshot(case: str, state: str, minutes: int, opened: str) -> dict[str, str]:
    at = T0 + timedelta(minutes=minutes)
    return {"number": case, "incident_state": state, "sys_updated_at": at.isoformat(),
            "opened_at": opened}  # fmt: skip


cases = st.lists(st.tuples(st.sampled_from(STATES), st.integers(0, 10_000)), min_size=1, max_size=6)


@given(rows=cases, lead=st.integers(0, 100_000))
def test_a_created_column_earlier_than_every_row_shifts_only_the_creation(
    rows: list[tuple[str, int]], lead: int
) -> None:
    created = T0 + timedelta(minutes=min(m for _, m in rows) - lead)
    log = [snapshot("C1", s, m, created.isoformat()) for s, m in rows]
    (plain,) = eventlog.histories(log, columns=COLUMNS, status_map=STATUS_MAP)
    (shifted,) = eventlog.histories(log, columns=WITH_CREATED, status_map=STATUS_MAP)
    assert shifted.created_at.astimezone(UTC) == created
    assert shifted.events == plain.events
    assert shifted.ticket == attrs.evolve(plain.ticket, created_at=created)


@given(rows=cases, marker=st.sampled_from(["", "?"]))
def test_a_created_column_with_no_value_creates_at_the_first_event(
    rows: list[tuple[str, int]], marker: str
) -> None:
    log = [snapshot("C1", s, m, marker) for s, m in rows]
    (h,) = eventlog.histories(log, columns=WITH_CREATED, status_map=STATUS_MAP)
    assert h.created_at.astimezone(UTC) == T0 + timedelta(minutes=min(m for _, m in rows))


@given(rows=cases, late=st.integers(1, 100_000))
def test_a_row_before_the_creation_is_that_cases_error_and_only_its(
    rows: list[tuple[str, int]], late: int
) -> None:
    first = min(m for _, m in rows)
    bad_created = (T0 + timedelta(minutes=first + late)).isoformat()
    good = [snapshot("A", "New", 0, T0.isoformat())]
    bad = [snapshot("B", s, m, bad_created) for s, m in rows]
    result = eventlog.histories(
        [*good, *bad], columns=WITH_CREATED, status_map=STATUS_MAP, on_error="collect"
    ).collect()
    assert [h.id for h in result] == ["A"]
    (err,) = result.errors
    earliest = 1 + [m for _, m in rows].index(first)  # the row index in the stream
    assert err.path == f"rows[{earliest}].sys_updated_at"
    assert "'B'" in str(err)
    assert "opened_at" in str(err)
    with pytest.raises(RecordError):
        list(eventlog.histories(bad, columns=WITH_CREATED, status_map=STATUS_MAP))


def test_created_is_read_like_timestamps() -> None:
    log = [snapshot("C1", "New", 5, "02/03/2026 09:00")]
    naive: dict[str, Any] = {"columns": WITH_CREATED, "status_map": STATUS_MAP, "dayfirst": True}
    with pytest.raises(NaiveDatetimeError, match=r"rows\[0\]\.opened_at"):
        list(eventlog.histories(log, **naive))
    (h,) = eventlog.histories(log, tz="Europe/Berlin", **naive)
    assert h.created_at.astimezone(UTC) == utc(2026, 3, 2, 8, 0)  # 09:00 CET
    log = [snapshot("C1", "New", 5, "31/02/2026 09:00")]
    result = eventlog.histories(log, tz="UTC", on_error="collect", **naive).collect()
    (err,) = result.errors
    assert err.path == "rows[0].opened_at"
    assert "31/02/2026" in str(err)


def test_a_created_column_the_header_lacks_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("number,incident_state,sys_updated_at\nC1,New,2026-03-02T09:00Z\n")
    with pytest.raises(ConfigError, match=r"columns\.created"):
        eventlog.load(path, columns=WITH_CREATED, status_map=STATUS_MAP)


# -- channels: laws --------------------------------------------------------------------------------

LABELS = ["Phone", "Email", "Self service", "IVR", "Direct opening"]


@given(label=st.sampled_from(LABELS), upper=st.lists(st.booleans(), min_size=20, max_size=20))
def test_a_channel_map_key_matches_whatever_the_labels_case(label: str, upper: list[bool]) -> None:
    cased = "".join(c.upper() if u else c.lower() for c, u in zip(label, upper, strict=False))
    row = {**snapshot("C1", "New", 0, ""), "contact_type": f" {cased} "}
    options: dict[str, Any] = {
        "columns": {**COLUMNS, "channel": "contact_type"},
        "status_map": STATUS_MAP,
    }
    (mapped,) = eventlog.histories([row], channel_map={label.upper(): "web"}, **options)
    assert mapped.ticket.channel == "web"
    (own,) = eventlog.histories([row], **options)
    # Unmapped: the label itself, lowercase, its spaces one "_" each.
    assert own.ticket.channel == "_".join(label.lower().split())


def test_a_bad_channel_map_names_its_key() -> None:
    with pytest.raises(ConfigError, match=r"channel_map\.Phone"):
        eventlog.histories([], channel_map={"Phone": ""})
