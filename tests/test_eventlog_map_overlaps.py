"""io.eventlog: a name the options give two meanings is refused before any row.

The reader looks an activity up in ``activity_map``, then ``status_map``, then ``ignore``, so
a name in two of them was settled silently: ``"Resolved"`` in both maps was read as a reply
and no ticket was ever solved. Law: a name in two of the three is a ``ConfigError`` naming
the option and the name, whatever the maps hold else -- except a ``status_map`` name beside an
``activity_map`` one when the log has a status column (its names are then the column's values).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.io import eventlog

NAMES = st.sampled_from(["Resolved", "Reply", "Assigned", "Note", "Wait"])
KINDS = st.sampled_from(["customer_message", "agent_reply", "internal_note", "reopen"])
STATUSES = st.sampled_from(["open", "pending", "on_hold", "solved", "closed"])
ROWS = [{"case:concept:name": "C", "concept:name": "Other", "time:timestamp": "2026-03-02T09:00Z"}]


@settings(max_examples=80)
@given(
    name=NAMES, kind=KINDS, status=STATUSES,
    where=st.sampled_from(["activity+status", "activity+ignore", "status+ignore"]),
    others=st.dictionaries(st.sampled_from(["Open", "Close"]), STATUSES, max_size=2),
)  # fmt: skip
def test_a_name_with_two_meanings_is_refused_before_any_row(
    name: str, kind: str, status: str, where: str, others: dict[str, str]
) -> None:
    activity_map = {name: kind} if "activity" in where else {}
    status_map = {**others, **({name: status} if "status" in where else {})}
    ignore = [name] if "ignore" in where else []
    with pytest.raises(ConfigError) as caught:
        eventlog.histories(
            ROWS, activity_map=activity_map, status_map=status_map, ignore=ignore
        )  # refused when the options are read: no row is read
    path = f"status_map.{name}" if where == "activity+status" else "ignore"
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: '{name}' is ")


@given(name=NAMES, kind=KINDS, status=STATUSES)
def test_with_a_status_column_a_status_may_share_an_activitys_name(
    name: str, kind: str, status: str
) -> None:
    rows = [
        {"case": "C", "activity": "Update", "at": "2026-03-02T09:00Z", "state": name},
        {"case": "C", "activity": name, "at": "2026-03-02T10:00Z", "state": ""},
    ]
    columns = {"case": "case", "activity": "activity", "timestamp": "at", "status": "state"}
    (history,) = eventlog.histories(
        rows, columns=columns, activity_map={name: kind}, status_map={name: status},
        ignore=["Update"],
    )  # fmt: skip
    kinds = [e.kind for e in history.events]
    assert kinds[0] == "status_change"  # the column's value, read as the status
    assert history.events[0].status.value == status  # type: ignore[attr-defined]


def test_the_command_line_names_the_mapping_file_and_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp\nC,Resolved,2026-03-02T09:00:00Z\n"
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[activity_map]\nResolved = "agent_reply"\n[status_map]\nResolved = "solved"\n'
    )
    assert main(["report", "--source", "eventlog", str(log), "--map", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"servicemodel report: error: {mapping}: status_map.Resolved: 'Resolved' is mapped in "
        "activity_map too (agent_reply): read as that, it would never set the status solved"
    )
