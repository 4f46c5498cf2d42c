"""io.eventlog: a row whose activity or timestamp is missing costs only its case, and its
error names the case, as every other error of a case's row does.

Law: with ``on_error="collect"``, blanking one required cell of one row sets aside exactly
that row's case; every other case reads as it did, and the error names that case, the row and
the column.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
COLUMNS = {"case": "case", "activity": "activity", "timestamp": "at"}
MAPS = {
    "activity_map": {"Opened": "customer_message", "Replied": "agent_reply"},
    "status_map": {"Resolved": "solved"},
}


def log(cases: int, per_case: int) -> list[dict[str, str]]:
    return [
        {
            "case": f"C{c}",
            "activity": ["Opened", "Replied", "Resolved"][k % 3],
            "at": (T0 + timedelta(hours=c, minutes=k)).isoformat(),
        }
        for c in range(cases)
        for k in range(per_case)
    ]


@settings(max_examples=60)
@given(
    cases=st.integers(1, 5), per_case=st.integers(1, 4), data=st.data(),
    column=st.sampled_from(["activity", "at"]), marker=st.sampled_from(["", "?", "  ", None]),
)  # fmt: skip
def test_a_missing_required_cell_costs_only_its_case(
    cases: int, per_case: int, data: st.DataObject, column: str, marker: str | None
) -> None:
    rows = log(cases, per_case)
    index = data.draw(st.integers(0, len(rows) - 1))
    bad = rows[index]["case"]
    broken = [dict(r) for r in rows]
    broken[index][column] = marker  # type: ignore[assignment]
    clean = eventlog.histories(rows, columns=COLUMNS, **MAPS).collect()
    got = eventlog.histories(broken, columns=COLUMNS, on_error="collect", **MAPS).collect()
    assert [h for h in clean.histories if h.id != bad] == list(got.histories)
    (error,) = got.errors
    assert error.path == f"rows[{index}].{column}"
    role = "activity" if column == "activity" else "timestamp"
    assert str(error).startswith(f"rows[{index}].{column}: case '{bad}': missing {role} ")


def test_the_message_names_the_case_the_column_and_the_cell() -> None:
    rows = log(2, 2)
    rows[3]["at"] = "?"
    result = eventlog.histories(rows, columns=COLUMNS, on_error="collect", **MAPS).collect()
    assert [str(e) for e in result.errors] == [
        "rows[3].at: case 'C1': missing timestamp (column 'at'), got '?'"
    ]
