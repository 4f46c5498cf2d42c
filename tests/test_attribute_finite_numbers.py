"""A ticket attribute's float is finite: strict JSON (``json.dumps(allow_nan=False)``, a
Postgres ``jsonb`` column) has no NaN or infinity, so a ticket refuses them when it is built
-- a ``ConfigError`` at ``attributes.<name>`` naming the value -- and whatever a ticket holds,
``history_to_dict`` writes as strict JSON.

Readers: a JSON Lines ``NaN`` or ``Infinity`` literal (Python's ``json`` reads both) is its
line's ``RecordError``, the other lines kept; a frame's NaN, NaT, ``pd.NA`` or ``None`` cell
is a missing value (docs/exports.md and docs/exports-summary.md, "Missing values"), never a
NaN attribute nor a refused record; a frame's infinity is its case's (row's) error.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import (
    eventlog,
    freshdesk,
    history_from_dict,
    history_to_dict,
    load_jsonl,
    summary,
    zendesk,
)
from servicemodel.io._records import structure
from servicemodel.model import Ticket, TicketHistory
from servicemodel.model._direct import direct_ticket
from servicemodel.sla import SLAPolicy, Target, TicketSLA

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
DATA = Path(__file__).parent / "data"
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [math.nan, math.inf, -math.inf, -0.0, 1e308]
)
#: A cell of a frame's float column: a number, or one of the missing values.
CELLS = FLOATS | st.none()


def _attribute_error(value: float) -> str:
    return rf"attributes\.x: an attribute's number must be finite .*got {value!r}"


@given(FLOATS)
def test_a_ticket_holds_a_float_attribute_only_when_it_is_finite(value: float) -> None:
    if math.isfinite(value):
        t = Ticket("T", T0, attributes={"x": value})
        assert t.attributes == {"x": value}
    else:
        with pytest.raises(ConfigError, match=_attribute_error(value)) as err:
            Ticket("T", T0, attributes={"x": value})
        assert err.value.path == "attributes.x"


@given(FLOATS)
def test_a_numpy_float_is_held_or_refused_as_its_python_float(value: float) -> None:
    # numpy.float64 is a float subclass: its NaN is the same NaN strict JSON lacks.
    if math.isfinite(value):
        assert Ticket("T", T0, attributes={"x": np.float64(value)}).attributes == {"x": value}
    else:
        with pytest.raises(ConfigError, match=r"attributes\.x: .*finite"):
            Ticket("T", T0, attributes={"x": np.float64(value)})


@given(FLOATS)
def test_a_record_is_read_with_the_tickets_rule_and_written_as_strict_json(value: float) -> None:
    record = {"id": "T", "created_at": "2026-03-02T09:00:00Z", "attributes": {"x": value}}
    if not math.isfinite(value):
        with pytest.raises(ConfigError, match=r"attributes\.x: .*finite"):
            history_from_dict(record)
        return
    h = history_from_dict(record)
    text = json.dumps(history_to_dict(h), allow_nan=False)
    assert history_from_dict(json.loads(text)).ticket.attributes["x"] == value


@given(FLOATS, st.sampled_from(["x", "servicemodel.reopens"]))
def test_the_direct_path_accepts_and_refuses_the_values_the_converter_does(
    value: float, key: str
) -> None:
    record = {"id": "T", "created_at": "2026-03-02T09:00:00Z", "attributes": {key: value}}
    try:
        want: Ticket | None = structure(record, Ticket, "")
    except ConfigError:
        want = None
    got = direct_ticket(record)
    if want is None:
        assert got is None  # the converter's refusal is never skipped
    elif got is not None:
        assert got == want
        assert got.attributes == want.attributes


#: JSON Lines spellings of a number: Python's json reads the three non-finite literals.
LITERALS = st.sampled_from(["NaN", "Infinity", "-Infinity", "1.5", "-0.0", "1e308", "2"])


@given(st.lists(LITERALS, min_size=1, max_size=6))
def test_a_json_lines_nan_or_infinity_is_its_lines_error_alone(literals: list[str]) -> None:
    lines = [
        f'{{"id":"T{i}","created_at":"2026-03-02T09:00:00Z","attributes":{{"x":{lit}}}}}'
        for i, lit in enumerate(literals)
    ]
    bad = [i + 1 for i, lit in enumerate(literals) if lit.lstrip("-") in ("NaN", "Infinity")]
    got = load_jsonl(lines, on_error="collect")
    assert [h.id for h in got] == [f"T{i}" for i, lit in enumerate(literals) if i + 1 not in bad]
    assert [e.line for e in got.errors] == bad
    for err in got.errors:
        assert isinstance(err, RecordError)
        assert f"line {err.line}: attributes.x: " in str(err)
        assert "finite" in str(err)
    for h in got:
        json.dumps(history_to_dict(h), allow_nan=False)  # strict JSON writes every one kept
    if bad:
        with pytest.raises(RecordError, match=rf"line {bad[0]}: attributes\.x: "):
            load_jsonl(lines)


def _missing(cell: Any) -> bool:
    # docs/exports.md, "Missing values": None, NaN, NaT and pandas' NA.
    return cell is None or cell is pd.NA or cell is pd.NaT or cell != cell


def _want(cells: list[Any]) -> tuple[Any, bool]:
    """A case's attribute by the documented rule: the last value that is not missing (none
    when every cell is missing); refused (its case's error) when that value is infinite."""
    values = [c for c in cells if not _missing(c)]
    if not values:
        return None, False
    return values[-1], math.isinf(values[-1])


def _check(got: Any, cases: dict[str, list[Any]]) -> None:
    attributes = {h.id: h.ticket.attributes for h in got.histories}
    refused = set()
    for case, cells in cases.items():
        value, bad = _want(cells)
        if bad:
            refused.add(case)
            assert case not in attributes
        elif value is None:
            assert "x" not in attributes[case]  # a missing cell is no attribute, never NaN
        else:
            assert attributes[case]["x"] == value
            assert type(attributes[case]["x"]) is float
    assert len(got.errors) == len(refused)
    for err in got.errors:
        assert isinstance(err, RecordError)
        assert "attributes.x" in str(err)
        assert any(f"'{case}'" in str(err) for case in refused)
    for h in got:
        json.dumps(history_to_dict(h), allow_nan=False)


def _log_rows(cases: dict[str, list[Any]]) -> dict[str, list[Any]]:
    rows = [
        (case, (T0 + timedelta(minutes=i)).isoformat(), cell)
        for case, cells in cases.items()
        for i, cell in enumerate(cells)
    ]
    return {
        "case:concept:name": [r[0] for r in rows],
        "concept:name": ["Open"] * len(rows),
        "time:timestamp": [r[1] for r in rows],
        "x": [r[2] for r in rows],
    }


LOGS = st.dictionaries(
    st.sampled_from(["A", "B", "C"]), st.lists(CELLS, min_size=1, max_size=3), min_size=1
)


@given(LOGS, st.sampled_from(["float64", "Float64", "object"]))
def test_an_event_log_frame_reads_nan_cells_as_missing_and_refuses_infinities(
    cases: dict[str, list[Any]], dtype: str
) -> None:
    columns = _log_rows(cases)
    frame = pd.DataFrame({**columns, "x": pd.Series(columns["x"], dtype=dtype)})
    if dtype == "object":  # a NaT and pandas' NA are missing values in a column of objects
        frame.loc[frame["x"].isna(), "x"] = pd.NaT if len(cases) % 2 else pd.NA
    got = eventlog.from_pandas(
        frame, status_map={"Open": "open"}, attributes=["x"], on_error="collect"
    ).collect()
    _check(got, cases)


@given(LOGS, st.booleans())
def test_a_polars_event_log_reads_nan_and_null_as_missing(
    cases: dict[str, list[Any]], nan_as_null: bool
) -> None:
    columns = _log_rows(cases)
    cells = [c if not (nan_as_null and c is not None and c != c) else None for c in columns["x"]]
    frame = pl.DataFrame({**columns, "x": pl.Series(cells, dtype=pl.Float64)})
    got = eventlog.from_polars(
        frame, status_map={"Open": "open"}, attributes=["x"], on_error="collect"
    ).collect()
    _check(got, cases)


@given(st.lists(CELLS, min_size=1, max_size=5), st.sampled_from(["pandas", "polars"]))
def test_a_summary_frame_reads_nan_cells_as_missing_and_refuses_infinities(
    cells: list[Any], library: str
) -> None:
    cases = {f"T{i}": [cell] for i, cell in enumerate(cells)}
    columns = {"id": list(cases), "created_at": ["2026-03-02T09:00:00Z"] * len(cells)}
    if library == "pandas":
        frame = pd.DataFrame({**columns, "x": pd.Series(cells, dtype="float64")})
        got = summary.from_pandas(frame, attributes=["x"], on_error="collect").collect()
    else:
        frame = pl.DataFrame({**columns, "x": pl.Series(cells, dtype=pl.Float64)})
        got = summary.from_polars(frame, attributes=["x"], on_error="collect").collect()
    _check(got, cases)


def test_a_history_of_a_refused_value_never_reaches_a_writer() -> None:
    # The value is refused where the ticket is built, before any history or writer sees it.
    with pytest.raises(ConfigError, match=_attribute_error(math.nan)):
        TicketHistory(Ticket("T", T0, attributes={"x": math.nan}), [])


#: xs:double spellings (XML Schema 1.0: NaN, INF and -INF are its special values).
DOUBLES = st.sampled_from(["NaN", "INF", "-INF", "1.5", "-0.0", "2"])


@given(st.lists(DOUBLES, min_size=1, max_size=5))
def test_an_xes_float_nan_is_missing_and_an_infinity_its_cases_error(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    traces = "".join(
        f'<trace><string key="concept:name" value="C{i}"/><event>'
        '<string key="concept:name" value="Open"/>'
        '<date key="time:timestamp" value="2026-03-02T09:00:00+00:00"/>'
        f'<float key="x" value="{value}"/></event></trace>\n'
        for i, value in enumerate(values)
    )
    path = tmp_path_factory.mktemp("xes") / "log.xes"
    path.write_text(f'<?xml version="1.0"?>\n<log xes.version="1.0">\n{traces}</log>\n', "utf-8")
    got = eventlog.load(path, status_map={"Open": "open"}, attributes=["x"], on_error="collect")
    _check(got, {f"C{i}": [float(value)] for i, value in enumerate(values)})


def _with_custom_field(tmp: Any, name: str, data: Any) -> Any:
    path = tmp / name
    path.write_text(json.dumps(data), "utf-8")  # json writes NaN and Infinity literals
    return path


@given(FLOATS)
def test_a_zendesk_custom_field_that_is_not_finite_is_its_tickets_error(
    tmp_path_factory: pytest.TempPathFactory, value: float
) -> None:
    page = json.loads((DATA / "zendesk" / "tickets_page1.json").read_text("utf-8"))
    page["tickets"][0]["custom_fields"] = [{"id": 77, "value": value}]
    tid = str(page["tickets"][0]["id"])
    others = [str(t["id"]) for t in page["tickets"][1:]]
    path = _with_custom_field(tmp_path_factory.mktemp("zendesk"), "tickets.json", page)
    got = zendesk.load([path], on_error="collect")
    ids = [h.id for h in got.histories]
    if math.isfinite(value):
        assert ids == [tid, *others]
        assert got.histories[0].ticket.attributes["custom_77"] == value
        assert not got.errors
    else:
        assert ids == others  # one broken record never costs the others
        (err,) = got.errors
        assert f"ticket {tid}: attributes.custom_77: " in str(err)
        assert "finite" in str(err)


@given(FLOATS)
def test_a_freshdesk_custom_field_that_is_not_finite_is_its_tickets_error(
    tmp_path_factory: pytest.TempPathFactory, value: float
) -> None:
    tickets = json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text("utf-8"))
    tickets[0]["custom_fields"] = {"cf_x": value, "cf_none": None}
    tid = str(tickets[0]["id"])
    path = _with_custom_field(tmp_path_factory.mktemp("freshdesk"), "tickets.json", tickets)
    got = freshdesk.load([path], on_error="collect")
    mine = [e for e in got.errors if f"ticket {tid}:" in str(e)]
    if math.isfinite(value):
        (h,) = [h for h in got.histories if h.id == tid]
        assert h.ticket.attributes["cf_x"] == value
        assert h.ticket.attributes["cf_none"] is None  # null is the value None, as ever
        assert not mine
    else:
        assert tid not in [h.id for h in got.histories]
        (err,) = mine
        assert f"ticket {tid}: attributes.cf_x: " in str(err)
        assert "finite" in str(err)
    # The file's other tickets read as they do with the field set to a finite number.
    tickets[0]["custom_fields"] = {"cf_x": 1.5}
    path.write_text(json.dumps(tickets), "utf-8")
    baseline = freshdesk.load([path], on_error="collect")
    assert [h for h in got.histories if h.id != tid] == [
        h for h in baseline.histories if h.id != tid
    ]


@given(FLOATS)
def test_a_live_state_is_written_as_strict_json_and_read_back(value: float) -> None:
    # TicketSLA.to_dict writes its ticket's attributes: every value a ticket holds is one
    # strict JSON writes, and a stored state holding NaN is refused where it is read.
    policy = SLAPolicy("p", {"normal": [Target("resolution", "2h", business=False)]})
    if math.isfinite(value):
        state = TicketSLA(policy, Ticket("T", T0, attributes={"x": value}))
        text = json.dumps(state.to_dict(), allow_nan=False)
        back = TicketSLA.from_dict(json.loads(text), policy)
        assert back.ticket.attributes == {"x": value}
    else:
        state = TicketSLA(policy, Ticket("T", T0, attributes={"x": 1.5}))
        stored = state.to_dict()
        stored["ticket"]["attributes"]["x"] = value
        with pytest.raises(ConfigError, match=r"attributes\.x: .*finite"):
            TicketSLA.from_dict(json.loads(json.dumps(stored)), policy)
