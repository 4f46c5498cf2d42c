"""io.eventlog ``attributes=``: case attributes from an event log (issue 13).

Laws: without the option every history is what it was (byte for byte, as JSON Lines); with it
the histories differ only in the listed attributes, each the last non-missing value of the
case in time order (computed here independently of the reader).
"""

from __future__ import annotations

import csv
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import dump_jsonl, eventlog
from servicemodel.model import PARTIAL_ATTRIBUTE, TicketHistory

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "eventlog" / "servicenow_sla.csv"
MAP = ROOT / "examples" / "mappings" / "servicenow-incidents.toml"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
MISSING = ("", "?")
COLUMNS = {"case": "case", "activity": "activity", "timestamp": "at"}
STATUS = {"Opened": "open", "Resolved": "solved"}


def mapping() -> dict[str, Any]:
    with MAP.open("rb") as fh:
        return tomllib.load(fh)


def jsonl(histories: list[TicketHistory]) -> str:
    return dump_jsonl(histories)


def without(history: TicketHistory, names: list[str]) -> TicketHistory:
    """The history with the attributes ``names`` taken out (the reference for the law)."""
    kept = {k: v for k, v in history.ticket.attributes.items() if k not in names}
    return attrs.evolve(history, ticket=attrs.evolve(history.ticket, attributes=kept))


# -- generated logs ----------------------------------------------------------------------------

VALUES = st.sampled_from(["a", "b", "Category 7", "TRUE", "false", " x ", "", "?", " ? ", None])


@st.composite
def logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows of a few cases, contiguous, each case's rows in any time order, with two extra
    columns whose cells may be missing (empty, ``?``, None) or absent."""
    rows: list[dict[str, Any]] = []
    for c in range(draw(st.integers(1, 4))):
        for _ in range(draw(st.integers(1, 5))):
            row: dict[str, Any] = {
                "case": f"C{c}",
                "activity": draw(st.sampled_from(["Opened", "Resolved"])),
                "at": (T0 + timedelta(minutes=draw(st.integers(0, 30)))).isoformat(),
                "cat": draw(VALUES),
            }
            if draw(st.booleans()):
                row["sla"] = draw(VALUES)
            rows.append(row)
    return rows


def last_value(rows: list[dict[str, Any]], case: str, column: str) -> Any:
    """The reference: the case's rows sorted by time (ties in file order), the last cell that
    is neither absent nor a missing marker."""
    mine = [
        (datetime.fromisoformat(r["at"]), i, r) for i, r in enumerate(rows) if r["case"] == case
    ]
    found = None
    for _, _, r in sorted(mine, key=lambda x: (x[0], x[1])):
        value = r.get(column)
        if value is not None and value.strip() not in MISSING:
            found = value
    return found


@given(logs())
def test_without_the_option_the_histories_are_byte_identical(rows: list[dict[str, Any]]) -> None:
    bare = [{k: v for k, v in r.items() if k in ("case", "activity", "at")} for r in rows]
    plain = list(eventlog.histories(bare, columns=COLUMNS, status_map=STATUS))
    extra = list(eventlog.histories(rows, columns=COLUMNS, status_map=STATUS))
    empty = list(eventlog.histories(rows, columns=COLUMNS, status_map=STATUS, attributes=[]))
    assert jsonl(extra) == jsonl(plain) == jsonl(empty)


@given(logs())
def test_each_attribute_is_the_last_non_missing_value_in_time(rows: list[dict[str, Any]]) -> None:
    names = ["cat", "sla"]
    plain = list(eventlog.histories(rows, columns=COLUMNS, status_map=STATUS))
    kept = list(eventlog.histories(rows, columns=COLUMNS, status_map=STATUS, attributes=names))
    assert [without(h, names) for h in kept] == plain
    for h in kept:
        for name in names:
            assert h.ticket.attributes.get(name) == last_value(rows, h.id, name)


def test_the_partial_mark_is_kept_beside_the_attributes() -> None:
    rows = [{"case": "C", "activity": "Resolved", "at": T0.isoformat(), "cat": "a"}]
    (h,) = eventlog.histories(rows, columns=COLUMNS, status_map=STATUS, attributes=["cat"])
    assert h.ticket.attributes["cat"] == "a"
    assert PARTIAL_ATTRIBUTE in h.ticket.attributes  # no reply in this log: marked partial


# -- the option's own errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "where"),
    [
        ("cat", "attributes: expected a list of column names"),
        (["cat", 3], "attributes[1]: expected a column name, got 3"),
        (["cat", ""], "attributes[1]: expected a column name"),
        ([PARTIAL_ATTRIBUTE], "attributes[0]: 'servicemodel.partial' is the reader's own mark"),
        ({"cat": 1}, "attributes: expected a list of column names"),
    ],
)
def test_a_bad_attributes_option_is_a_config_error_with_its_path(value: Any, where: str) -> None:
    with pytest.raises(ConfigError) as caught:
        eventlog.histories([], columns=COLUMNS, attributes=value)
    assert str(caught.value).startswith(where)


def test_a_number_too_long_for_text_is_the_case_error() -> None:
    rows = [{"case": "C", "activity": "Resolved", "at": T0.isoformat(), "n": 10**5000}]
    stream = eventlog.histories(rows, columns=COLUMNS, status_map=STATUS, attributes=["n"],
                                on_error="collect")  # fmt: skip
    assert list(stream) == []
    (err,) = stream.errors
    assert isinstance(err, RecordError)
    assert "case 'C'" in str(err)
    assert "rows[0].n" in str(err)


# -- files, frames, the mapping file -----------------------------------------------------------


def test_a_column_no_header_has_is_one_config_error_naming_the_file() -> None:
    with pytest.raises(ConfigError) as caught:
        eventlog.load(FIXTURE, **{**mapping(), "attributes": ["category", "categroy"]})
    text = str(caught.value)
    assert text.startswith(f"attributes[1]: column 'categroy' is not in the header of {FIXTURE},")
    assert "did you mean 'category'?" in text


def test_one_header_of_several_files_having_the_column_is_enough(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("case,activity,at\nA,Resolved,2026-03-02T09:00:00Z\n")
    b = tmp_path / "b.csv"
    b.write_text("case,activity,at,cat\nB,Resolved,2026-03-02T09:00:00Z,x\n")
    got = eventlog.load([a, b], columns=COLUMNS, status_map=STATUS, attributes=["cat"])
    assert {h.id: h.ticket.attributes.get("cat") for h in got} == {"A": None, "B": "x"}


def fixture_reference(column: str) -> dict[str, str | None]:
    """Each incident's last non-missing value of ``column`` in time, read with csv alone."""
    by_case: dict[str, list[tuple[datetime, int, str]]] = {}
    with FIXTURE.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            at = datetime.strptime(row["sys_updated_at"], "%d/%m/%Y %H:%M")
            by_case.setdefault(row["number"], []).append((at, i, row[column]))
    out: dict[str, str | None] = {}
    for case, cells in by_case.items():
        values = [v for _, _, v in sorted(cells) if v.strip() not in MISSING]
        out[case] = values[-1] if values else None
    return out


@pytest.mark.parametrize("column", ["made_sla", "category", "location", "knowledge"])
def test_the_servicenow_mapping_keeps_each_incidents_final_word(column: str) -> None:
    loaded = eventlog.load(FIXTURE, on_error="collect", **mapping())
    got = {h.id: h.ticket.attributes.get(column) for h in loaded.histories}
    want = fixture_reference(column)
    assert got == {case: want[case] for case in got}
    assert len(got) == len(want) == 5


def test_the_frames_read_attributes_as_the_csv_does() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    rows = [
        {"case": "B", "activity": "Opened", "at": "2026-03-02T09:00:00Z", "cat": "x"},
        {"case": "A", "activity": "Resolved", "at": "2026-03-02T10:00:00Z", "cat": None},
        {"case": "B", "activity": "Resolved", "at": "2026-03-02T11:00:00Z", "cat": None},
    ]
    # The rows as their CSV holds them: a frame's row keeps its place in errors and event ids.
    want = {h.id: h for h in eventlog.histories(rows, contiguous=False, columns=COLUMNS,
                                                status_map=STATUS, attributes=["cat"])}  # fmt: skip
    options: dict[str, Any] = {"columns": COLUMNS, "status_map": STATUS, "attributes": ["cat"]}
    for frame in (pd.DataFrame(rows), pl.DataFrame(rows)):
        reader = eventlog.from_pandas if isinstance(frame, pd.DataFrame) else eventlog.from_polars
        got = {h.id: h for h in reader(frame, **options)}
        assert got == want
        assert got["B"].ticket.attributes["cat"] == "x"  # NaN / null after it: missing
        with pytest.raises(ConfigError, match=r"attributes\[0\]: column 'kat' is not in the frame"):
            reader(frame, **{**options, "attributes": ["kat"]})


def test_a_frame_timestamp_attribute_is_kept_as_its_text() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"case": ["A"], "activity": ["Resolved"], "at": ["2026-03-02T10:00:00Z"],
                       "due": pd.to_datetime(["2026-03-03 10:00"], utc=True)})  # fmt: skip
    (h,) = eventlog.from_pandas(df, columns=COLUMNS, status_map=STATUS, attributes=["due"])
    assert h.ticket.attributes["due"] == str(df["due"][0])


def test_the_cli_breaks_the_servicenow_log_down_by_category(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["report", "--source", "eventlog", str(FIXTURE), "--map", str(MAP), "--by",
            "attr:category", "--skip-bad-records"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    section = out[out.index("By attr:category") :]
    finals = {v for v in fixture_reference("category").values() if v is not None}
    assert finals == {"Category 9", "Category 7", "Category 12"}
    for name in finals:
        assert f"\n{name}\n" in section
    assert "\n(none)\n" in section  # INC0000204 has no category on any row
