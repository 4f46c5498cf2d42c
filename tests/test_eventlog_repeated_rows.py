"""An event log's row repeated exactly is still two events, and the load now says so.

The log has no event ids, so a copied row cannot be told from two replies in one second: the
reader keeps both (docs/exports.md, "What an event log cannot express"). A copy -- the same
export saved under two names and given twice, overlapping export runs -- then silently lowers
the one-touch rate and FCR: a ticket answered once and solved reads as answered twice. The
reader keeps its rule and warns: how many rows repeat an earlier row of their case with every
cell the same, in how many cases, and the first such pair (file and line in ``load``, the
row's position in a frame or in ``histories``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import eventlog

MAP = """\
tz = "Europe/Berlin"

[columns]
case = "case"
activity = "activity"
timestamp = "timestamp"

[activity_map]
Opened = "customer_message"
Reply = "agent_reply"

[status_map]
Resolved = "solved"
"""
OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "timestamp"},
    "activity_map": {"Opened": "customer_message", "Reply": "agent_reply"},
    "status_map": {"Resolved": "solved"},
    "tz": "Europe/Berlin",
}
#: One ticket answered once and solved: FCR 1 of 1 (one reply up to the solve, no reopen).
LOG = (
    "case,activity,timestamp\n"
    "T1,Opened,2026-03-02 09:00\n"
    "T1,Reply,2026-03-02 09:30\n"
    "T1,Resolved,2026-03-02 10:00\n"
)
#: A snapshot past FCR's 72-hour review window after the solve: T1 is judged.
AT = ["--at", "2026-03-10T00:00:00+01:00"]


def _row(case: str, activity: str, minute: int) -> dict[str, str]:
    return {"case": case, "activity": activity, "timestamp": f"2026-03-02 09:{minute:02d}"}


def _distinct_rows() -> st.SearchStrategy[list[dict[str, str]]]:
    """Rows of up to four cases, no two alike: each opened at minute 0, then replies."""
    return st.dictionaries(
        st.sampled_from(["A", "B", "C", "D"]),
        st.sets(st.integers(min_value=1, max_value=59), max_size=5),
        min_size=1,
    ).map(
        lambda cases: [
            row
            for case, minutes in sorted(cases.items())
            for row in [_row(case, "Opened", 0), *(_row(case, "Reply", m) for m in minutes)]
        ]
    )


@given(rows=_distinct_rows(), data=st.data())
def test_the_warning_counts_the_copied_rows_and_their_cases(
    rows: list[dict[str, str]], data: st.DataObject
) -> None:
    copied = data.draw(st.lists(st.sampled_from(range(len(rows))), unique=True))
    log = [*rows, *(dict(rows[i]) for i in copied)]
    found = eventlog.histories(log, contiguous=False, **OPTIONS).collect()
    alone = eventlog.histories(rows, contiguous=False, **OPTIONS).collect()
    # The rule is kept: a row repeated exactly is two events, so each copy is one more.
    events = sum(len(h.events) for h in found.histories)
    assert events == sum(len(h.events) for h in alone.histories) + len(copied)
    cases = {rows[i]["case"] for i in copied}
    if not copied:
        assert found.warnings == ()
        return
    (text,) = found.warnings
    rows_said = "1 row" if len(copied) == 1 else f"{len(copied)} rows"
    cases_said = "1 case" if len(cases) == 1 else f"{len(cases)} cases"
    assert text.startswith(f"{rows_said} of {cases_said} repeat")
    assert "drop the copies first" in text


@given(rows=_distinct_rows())
def test_distinct_rows_give_no_warning_in_either_reading(rows: list[dict[str, str]]) -> None:
    for contiguous in (True, False):
        assert eventlog.histories(rows, contiguous=contiguous, **OPTIONS).collect().warnings == ()


def test_the_first_pair_is_named_by_row_position() -> None:
    rows = [_row("A", "Opened", 0), _row("A", "Reply", 5), _row("A", "Reply", 5)]
    (text,) = eventlog.histories(rows, **OPTIONS).collect().warnings
    assert text.startswith(
        "1 row of 1 case repeats an earlier row of its case exactly (every cell the same; "
        "first: case 'A', rows[2] repeats rows[1])"
    )


def test_a_file_given_twice_under_two_names_is_named_by_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two, mapping = tmp_path / "log.csv", tmp_path / "copy.csv", tmp_path / "map.toml"
    one.write_text(LOG, encoding="utf-8")
    two.write_text(LOG, encoding="utf-8")
    mapping.write_text(MAP, encoding="utf-8")
    loaded = eventlog.load([one, two], **_toml(mapping))
    (text,) = loaded.warnings
    assert text.startswith(
        f"3 rows of 1 case repeat earlier rows of their case exactly (every cell the same; "
        f"first: case 'T1', {two} line 2 repeats {one} line 2)"
    )
    out = tmp_path / "r.json"
    args = ["report", "--source", "eventlog", str(one), str(two), "--map", str(mapping), *AT]
    assert main([*args, "--format", "json", "-o", str(out)]) == 0
    assert text in capsys.readouterr().err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert text in report["source"]["warnings"]
    # The documented cost of a copy, now said beside it: the copied reply makes two replies
    # before the solve, more than FCR's one, so T1 is not resolved on first contact.
    fcr = report["kpi"]["overall"]["fcr"]
    assert (fcr["value"], fcr["n"]) == (0.0, 1)


def test_one_file_alone_gives_fcr_one_of_one_and_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, mapping, out = tmp_path / "log.csv", tmp_path / "map.toml", tmp_path / "r.json"
    one.write_text(LOG, encoding="utf-8")
    mapping.write_text(MAP, encoding="utf-8")
    args = [
        "report",
        "--source",
        "eventlog",
        str(one),
        "--map",
        str(mapping),
        *AT,
        "--format",
        "json",
    ]
    assert main([*args, "-o", str(out)]) == 0
    assert "repeat" not in capsys.readouterr().err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["source"]["warnings"] == []
    fcr = report["kpi"]["overall"]["fcr"]
    assert (fcr["value"], fcr["n"]) == (1.0, 1)


def test_a_frame_copy_with_gaps_is_still_a_repeat() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "case": ["T1", "T1", "T1"],
            "activity": ["Opened", "Reply", "Resolved"],
            "timestamp": ["2026-03-02 09:00", "2026-03-02 09:30", "2026-03-02 10:00"],
            "note": [float("nan"), float("nan"), "done"],
        }
    )
    doubled = pd.concat([frame, frame], ignore_index=True)
    (text,) = eventlog.from_pandas(doubled, **OPTIONS).collect().warnings
    assert text.startswith("3 rows of 1 case repeat earlier rows of their case exactly")
    assert eventlog.from_pandas(frame, **OPTIONS).collect().warnings == ()


def test_a_huge_integer_cell_is_compared_not_printed() -> None:
    rows = [
        {**_row("A", "Opened", 0), "n": 10**5000},
        {**_row("A", "Reply", 5), "n": 10**5000},
        {**_row("A", "Reply", 5), "n": 10**5000 + 1},
    ]
    assert eventlog.histories(rows, **OPTIONS).collect().warnings == ()


def _toml(path: Path) -> dict[str, Any]:
    import tomllib

    with path.open("rb") as fh:
        return tomllib.load(fh)
