"""ServiceNow's ``reopen_count`` column is not read: the log's states show every reopen it counts.

``tests/data/eventlog/servicenow_shape.csv`` (hand-written in the shape of the UCI "Incident
management process enriched event log") repeats the incident's ``reopen_count`` on every row;
its last row's value equals the reopens the ``incident_state`` rows show (Resolved -> Active).
"""

from __future__ import annotations

import csv
import tomllib
from datetime import datetime
from pathlib import Path

from servicemodel.io import eventlog
from servicemodel.model import REOPENS_ATTRIBUTE, lost_facts, reopened

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "data" / "eventlog" / "servicenow_shape.csv"
MAP = ROOT / "examples" / "mappings" / "servicenow-incidents.toml"
#: Hand-counted from the fixture: INC0000102 goes Resolved -> Active once; INC0000104 is the
#: bad record (a row before its opening).
REOPENS = {"INC0000101": 0, "INC0000102": 1, "INC0000103": 0, "INC0000105": 0}


def last_reopen_count() -> dict[str, int]:
    """Each incident's ``reopen_count`` on its last row in time, read from the CSV as is."""
    last: dict[str, tuple[datetime, int]] = {}
    with FIXTURE.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            at = datetime.strptime(row["sys_updated_at"], "%d/%m/%Y %H:%M")
            if row["number"] not in last or at >= last[row["number"]][0]:
                last[row["number"]] = (at, int(row["reopen_count"]))
    return {case: count for case, (_, count) in last.items()}


def test_the_states_show_the_reopens_the_column_counts() -> None:
    with MAP.open("rb") as fh:
        mapping = tomllib.load(fh)
    result = eventlog.load(FIXTURE, on_error="collect", **mapping)
    found = {h.id: h for h in result.histories}
    assert {case: h.reopen_count() for case, h in found.items()} == REOPENS
    counted = last_reopen_count()
    assert {case: counted[case] for case in REOPENS} == REOPENS
    for h in found.values():  # no reopen lost, none counted apart: reopened() is a yes or no
        assert "reopens" not in lost_facts(h)
        assert REOPENS_ATTRIBUTE not in h.ticket.attributes
        assert reopened(h) is (REOPENS[h.id] > 0)
