"""The table readers keep a desk's own priority name as the ticket's priority label."""

from __future__ import annotations

import csv
import tomllib
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog, summary
from servicemodel.model import Priority
from servicemodel.sla import SLAPolicy, Target, evaluate

ROOT = Path(__file__).resolve().parents[1]
SERVICENOW = ROOT / "tests" / "data" / "eventlog" / "servicenow_shape.csv"
SERVICENOW_MAP = ROOT / "examples" / "mappings" / "servicenow-incidents.toml"
OURS = {p.value for p in Priority}


def test_servicenow_priorities_are_kept_by_name() -> None:
    mapping = tomllib.loads(SERVICENOW_MAP.read_text(encoding="utf-8"))
    loaded = eventlog.load(SERVICENOW, on_error="collect", **mapping)
    # The first row of each case holds its priority; read here with the csv module alone.
    first: dict[str, str] = {}
    with open(SERVICENOW, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            first.setdefault(row["number"], row["priority"])
    assert loaded.histories
    for h in loaded.histories:
        assert h.ticket.priority_label == first[h.id]
        assert h.ticket.priority.value == mapping["priority_map"][first[h.id]]


_NAMES = st.text(alphabet="ABCPSev -0123456789", min_size=1, max_size=12).filter(
    lambda s: s.strip() != "" and s.strip().lower() not in OURS
)


@given(name=_NAMES, ours=st.sampled_from(sorted(OURS)))
def test_a_mapped_name_is_the_label_and_our_own_names_are_none(name: str, ours: str) -> None:
    rows = [
        {"id": "1", "created_at": "2026-03-02T09:00:00Z", "priority": name},
        {"id": "2", "created_at": "2026-03-02T09:00:00Z", "priority": ours.upper()},
    ]
    mapped, own = summary.histories(rows, priority_map={name.strip(): ours})
    assert mapped.ticket.priority_label == name.strip()
    assert mapped.ticket.priority.value == ours
    assert own.ticket.priority_label is None
    assert own.ticket.priority.value == ours


def test_a_policy_measures_a_label_by_its_own_targets() -> None:
    rows = [
        {"case:concept:name": c, "concept:name": a, "time:timestamp": t, "priority": p}
        for c, p in (("A", "P0"), ("B", "P1"))
        for a, t in (("Open", "2026-03-02T09:00:00Z"), ("Resolved", "2026-03-02T09:30:00Z"))
    ]
    histories = list(
        eventlog.histories(
            rows,
            columns={"priority": "priority"},
            status_map={"Open": "open", "Resolved": "solved"},
            priority_map={"P0": "urgent", "P1": "urgent"},
        )
    )
    policy = SLAPolicy(
        "p",
        {
            "urgent": [Target("resolution", "1h", business=False)],
            "label:P0": [Target("resolution", "15m", business=False)],
        },
        pause=[],
    )
    states = {h.id: [m.state.value for m in evaluate(policy, h)] for h in histories}
    # Both solved 30 minutes after creation: within P1's (urgent's) hour, past P0's 15 minutes.
    assert states == {"A": ["breached"], "B": ["achieved"]}
    assert all(h.ticket.created_at == datetime(2026, 3, 2, 9, tzinfo=UTC) for h in histories)
