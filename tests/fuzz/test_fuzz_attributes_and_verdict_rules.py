"""Fuzz case attributes, verdict rules, Zendesk's real shapes and two-digit years.

Harnesses for the event log's ``attributes=`` option (any value as the option; attribute cells
of any value in rows, and pandas and polars columns with NA, None, NaN, bools and numbers),
the verdict rules (``VerdictRule``, ``VerdictRules``, ``[sla_verdicts]`` and ``attributes`` in
``--map`` files of wrong types and shapes, empty lists, a value in both lists, odd metric
names; ``attribute_verdicts`` over tickets whose attributes hold any JSON value, and both
verdict functions with arguments of any type), the Zendesk reader's real shapes (deletions and
restores at random places, ``custom_status_id`` values of any type, ``{"audit": ...}`` files
holding anything, ``status_map`` keyed by custom status ids, and its other options, of any
value) and the two-digit-year ``date_format``
suggestion (random short-year texts). Besides the suite's contract (see ``conftest``) each
checks a law: an attribute is the case's last value that is not missing, in time, whatever
holds the log (rows, a pandas or a polars frame); a verdict rule is accepted exactly when its
lists are non-empty text, not both empty and disjoint (compared stripped and case-folded);
``attribute_verdicts`` gives no verdict for a ticket without the attribute, the rule's verdict
for one with a listed value and an error naming the others, and in collect mode keeps every
good ticket; a deletion and its restore change nothing of a ticket's history; a custom status
is in force from the change that sets it to the next status change; a single-audit response
reads as that audit in a list; a suggested ``date_format`` reads the text as the date its
digits say (computed here from the parts the text was built from).

Long run (the harnesses here are fast; thousands of examples each take minutes)::

    SERVICEMODEL_FUZZ_EXAMPLES=3000 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_attributes_and_verdict_rules.py
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io import eventlog, zendesk
from servicemodel.io._sources import SourceMap
from servicemodel.io.eventlog._time import parse_timestamp
from servicemodel.model import StatusChange, Ticket, TicketHistory
from servicemodel.reconcile import VerdictRule, VerdictRules, attribute_verdicts, mapped_verdicts
from servicemodel.sla import Metric

from .conftest import assert_contract, folder, fuzz_settings, require, show, violation
from .encode import to_json
from .hostile import HUGE, hostile, mutated, scalars
from .test_fuzz_cli import run_cli
from .test_fuzz_readers_layouts_and_audit_order import check_map_run

try:
    import numpy as np
    import pandas as pd
    import polars as pl
except ImportError:  # pragma: no cover - the dev extras install all three
    np = pd = pl = None

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
METRICS = tuple(m.value for m in Metric)
#: An int past Python's int-to-text digit limit (built, so that no strategy's repr holds it).
HUGE_INT = st.builds(lambda: HUGE)


def _word(value: Any) -> str | None:
    """A listed value as a rule compares it (the rule's docs): its text, stripped and
    case-folded, ``True``/``False`` as ``true``/``false``; ``None`` for no text at all."""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        return str(value).strip().casefold()
    except ValueError:  # an int past the int-to-text digit limit
        return None


# -- verdict rules: tables of any shape ----------------------------------------------------------

RULE = {"attribute": "made_sla", "achieved": ["true"], "breached": ["false"]}
WORDS = st.sampled_from(["true", "TRUE", " true ", "false", "Within SLA", "SLA Violated", "", " "])
WORD_LISTS = st.one_of(
    st.lists(WORDS, max_size=3),
    st.lists(st.one_of(WORDS, scalars()), max_size=3),
    hostile(),
)
KEYS = st.one_of(
    st.sampled_from([*METRICS, "made_sla", "", " resolution", "RESOLUTION"]), st.text(max_size=6)
)


@st.composite
def rule_tables(draw: st.DrawFn) -> Any:
    """A ``[sla_verdicts]`` table: rules of any shape under any key (or no table at all)."""
    table: dict[Any, Any] = {}
    for _ in range(draw(st.integers(0, 3))):
        rule: Any = dict(RULE)
        for field in draw(
            st.lists(
                st.sampled_from(["attribute", "metric", "achieved", "breached", "colour", "-"]),
                max_size=3,
            )
        ):
            if field == "-":
                rule.pop(draw(st.sampled_from(sorted(RULE))), None)
            elif field in ("achieved", "breached"):
                rule[field] = draw(WORD_LISTS)
            elif field == "metric":
                rule[field] = draw(st.one_of(KEYS, hostile()))
            else:
                rule[field] = draw(st.one_of(st.text(max_size=4), hostile()))
        table[draw(KEYS)] = (
            draw(st.one_of(st.just(rule), hostile())) if draw(st.booleans()) else rule
        )
    return draw(st.one_of(st.just(table), hostile(), mutated(table))) if table else table


def _text_list(value: Any) -> bool:
    """A collection (not a text or table) of texts, none blank."""
    return isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(x, str) and x.strip() for x in value
    )


def _valid_rule(key: Any, rule: Any) -> bool:
    """Whether the rules' docs accept ``rule`` under ``key`` (computed without the library)."""
    if not isinstance(rule, dict) or not set(rule) <= {*RULE, "metric"}:
        return False
    attribute = rule.get("attribute")
    if not isinstance(attribute, str) or not attribute:
        return False
    metric = rule.get("metric", key)
    if metric is not None and metric != "" and metric not in METRICS:
        return False
    achieved, breached = rule.get("achieved", []), rule.get("breached", [])
    if not (_text_list(achieved) and _text_list(breached)) or not (achieved or breached):
        return False
    return not {_word(v) for v in achieved} & {_word(v) for v in breached}


@fuzz_settings(80)
@given(table=rule_tables())
@example(table={"resolution": {"attribute": "s", "achieved": ["Met"], "breached": [" met "]}})
@example(table={"resolution": {"attribute": "s", "achieved": [], "breached": []}})
@example(table={"odd name": {"attribute": "s", "achieved": ["y"]}})
def test_verdict_tables_any_shape(table: Any) -> None:
    rules = assert_contract(VerdictRules.from_mapping, {"sla_verdicts": table})
    want = isinstance(table, dict) and all(
        isinstance(k, str) and _valid_rule(k, r) for k, r in table.items()
    )
    if isinstance(rules, Exception):
        require(
            not want and isinstance(rules, ConfigError) and str(rules).startswith("sla_verdicts"),
            "WRONG CONFIG",
            f"[sla_verdicts] {show(table)} refused: {rules!r}",
            "valid rules refused, or error without its path",
        )
        return
    require(
        want,
        "WRONG CONFIG",
        f"[sla_verdicts] {show(table)} accepted: {rules!r}",
        "invalid rules accepted",
    )
    # Each rule as written: its attribute, its metric (the key unless said), its lists.
    got = [(r.attribute, r.metric, list(r.achieved), list(r.breached)) for r in rules.rules]
    ref = []
    for key, rule in table.items():
        metric = rule.get("metric", key)
        ref.append(
            (
                rule["attribute"],
                metric or None,
                list(rule.get("achieved", [])),
                list(rule.get("breached", [])),
            )
        )
    require(got == ref, "WRONG CONFIG", f"{show(table)} read as {got!r}", "rules misread")


# -- --map files with attributes and [sla_verdicts] ---------------------------------------------

LOG_HEADER = ["number", "state", "sys_updated_on", "category", "made_sla"]
LOG_ROWS = [
    ["INC1", "New", "2026-03-02T09:00:00Z", "network", "true"],
    ["INC1", "Resolved", "2026-03-02T11:00:00Z", "network", "true"],
    ["INC2", "New", "2026-03-02T09:30:00Z", "", ""],
    ["INC2", "Resolved", "2026-03-03T09:30:00Z", "software", "false"],
]
BASE_MAP: dict[str, Any] = {
    "columns": {"case": "number", "activity": "state", "timestamp": "sys_updated_on"},
    "status_map": {"New": "new", "Resolved": "solved"},
    "attributes": ["category", "made_sla"],
    "sla_verdicts": {"resolution": dict(RULE)},
}


def _csv(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(",".join(r) for r in [header, *rows]) + "\n"


KEEP = "<as in BASE_MAP>"


@fuzz_settings(40)
@given(
    attributes=st.one_of(
        st.just(KEEP),
        hostile(),
        mutated(BASE_MAP["attributes"]),
        st.lists(
            st.sampled_from([*LOG_HEADER, "categroy", "", "servicemodel.partial"]), max_size=4
        ),
    ),
    verdicts=st.one_of(st.just(KEEP), rule_tables()),
    skip=st.booleans(),
)
@example(attributes=["servicemodel.partial"], verdicts=KEEP, skip=False)
@example(attributes=["category", ""], verdicts=KEEP, skip=True)
def test_map_file_attributes_and_verdicts(attributes: Any, verdicts: Any, skip: bool) -> None:
    """A ``--map`` file whose ``attributes`` and ``[sla_verdicts]`` are anything: the mapping
    and its rules read or refused naming the file, and ``main`` exits with one error line."""
    mapping = copy.deepcopy(BASE_MAP)
    if attributes is not KEEP:
        mapping["attributes"] = attributes
    if verdicts is not KEEP:
        mapping["sla_verdicts"] = verdicts
    with folder() as tmp:
        map_file = tmp / "map.json"
        map_file.write_text(to_json(mapping), "utf-8", errors="surrogatepass")
        source_map = assert_contract(SourceMap.from_file, map_file)
        if not isinstance(source_map, Exception):
            rules = assert_contract(mapped_verdicts, source_map, [], map_file=str(map_file))
            require(
                not isinstance(rules, Exception) or rules.source == str(map_file),
                "NO FILE",
                f"mapped_verdicts of {show(mapping)}: {rules!r} does not name the file",
                "rules error without the file",
            )
        (tmp / "log.csv").write_text(_csv(LOG_HEADER, LOG_ROWS), "utf-8")
        argv = [
            "report",
            str(tmp / "log.csv"),
            "--source=eventlog",
            f"--map={map_file}",
            "--format=json",
        ]
        if skip:
            argv.append("--skip-bad-records")
        outcome = assert_contract(run_cli, argv)
    check_map_run(outcome, argv, mapping)
    if isinstance(outcome, tuple) and outcome[0] == 2:
        last = outcome[1].splitlines()[-1]
        # A bad attributes option is the mapping file's error (a column no header has names
        # the log too).
        require(
            "attributes" not in last or "not in the header" in last or str(map_file) in last,
            "NO FILE",
            f"main --map {to_json(mapping)[:300]}: {last!r} does not name the mapping file",
            "attributes error without the map file",
        )


# -- the event log's attributes: any option value, any cell ---------------------------------------

COLUMNS = {"case": "c", "activity": "a", "timestamp": "t"}
STATUS_MAP = {"Open": "open", "Resolved": "solved"}


def _rows(cells: list[Any]) -> list[dict[str, Any]]:
    """Case A: one row per cell (in time order); cases B and C: untouched, with values."""
    rows = [
        {
            "c": "A",
            "a": "Open" if i == 0 else "Resolved",
            "t": (T0 + timedelta(minutes=i)).isoformat(),
            "x": cell,
        }
        for i, cell in enumerate(cells)
    ]
    for n, case in enumerate("BC"):
        rows.append({"c": case, "a": "Open", "t": T0.isoformat(), "x": f"v{n}"})
    return rows


def _missing(value: Any, markers: tuple[str, ...]) -> bool:
    """A cell that holds no value: None, NaN/NaT (unequal to itself), pandas' NA, a marker."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, str):
        return value.strip() in markers
    try:
        return bool(value != value)
    except Exception:  # a value whose comparison fails (an array) is a value
        return False


NO_TEXT = object()  # a value no attribute holds (no text, or an infinity): the case's error


def _kept(value: Any) -> Any:
    """How an attribute keeps a value: text, numbers and bools as they are (numpy's as
    Python's), anything else as its text (``NO_TEXT`` when it has none, or for an infinity,
    which strict JSON cannot write)."""
    numpy_number = np is not None and isinstance(value, np.bool_ | np.integer | np.floating)
    if numpy_number and not isinstance(value, np.timedelta64):  # (an integer to numpy)
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return NO_TEXT
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            str(value)  # the reader refuses an int past the digit limit, too
        return value if isinstance(value, str | int | float | bool) else str(value)
    except ValueError:
        return NO_TEXT


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))


CELLS = st.one_of(
    hostile(),
    st.sampled_from(["", " ", "?", "true", "FALSE", "n/a"]),
    st.floats(),
    st.integers(),
)


@fuzz_settings(100)
@given(
    cells=st.lists(CELLS, min_size=1, max_size=4),
    markers=st.sampled_from([None, ["?"], ["n/a", ""], []]),
)
def test_attribute_cells_any_value(cells: list[Any], markers: list[str] | None) -> None:
    options: dict[str, Any] = {} if markers is None else {"missing": markers}

    def run() -> Any:
        return eventlog.histories(
            _rows(cells),
            columns=COLUMNS,
            status_map=STATUS_MAP,
            attributes=["x"],
            on_error="collect",
            **options,
        ).collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        violation("RAISED", f"attribute cells {show(cells)} raised {result!r}", "cells raised")
        return
    got = {h.id: h.ticket.attributes for h in result.histories}
    require(
        got.get("B", {}).get("x") == "v0" and got.get("C", {}).get("x") == "v1",
        "LOST RECORD",
        f"cells {show(cells)} of case A cost B or C: {show(got)}; {result.errors!r}",
        "attribute collect lost a case",
    )
    # The default markers: an empty cell and "?". The case's last value.
    shown = tuple(markers) if markers is not None else ("", "?")
    values = [c for c in cells if not _missing(c, shown)]
    if "A" not in got:  # a value that has no text (a 5,000-digit number): the case's error
        require(
            bool(values) and _kept(values[-1]) is NO_TEXT and bool(result.errors),
            "LOST RECORD",
            f"case A with attribute cells {show(cells)} lost: {result.errors!r}",
            "attribute case lost",
        )
        return
    mine = got["A"]
    if not values:
        require(
            "x" not in mine,
            "SILENT VALUE",
            f"cells {show(cells)} gave {show(mine)}",
            "missing cells gave an attribute",
        )
        return
    want = _kept(values[-1])
    require(
        "x" in mine and _same(mine["x"], want),
        "WRONG VALUE",
        f"cells {show(cells)} (markers {markers!r}): attribute {show(mine.get('x'))}, the last "
        f"value is {show(want)}",
        f"attribute {type(values[-1]).__name__} not the last value",
    )


FRAME_COLUMNS: dict[str, st.SearchStrategy[Any]] = {
    "Int64": st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
    "boolean": st.one_of(st.none(), st.booleans()),
    "float64": st.one_of(st.none(), st.floats()),
    "string": st.one_of(st.none(), st.text(max_size=5)),
    "object": st.one_of(
        st.none(), st.booleans(), st.integers(-99, 99), st.floats(), st.text(max_size=4)
    ),
    "bool": st.booleans(),
}
POLARS = {
    "Int64": "Int64",
    "boolean": "Boolean",
    "float64": "Float64",
    "string": "String",
    "bool": "Boolean",
}


@fuzz_settings(50)
@given(
    data=st.data(),
    kind=st.sampled_from(sorted(FRAME_COLUMNS)),
    library=st.sampled_from(["pandas", "polars"]),
)
def test_attribute_columns_in_frames(data: st.DataObject, kind: str, library: str) -> None:
    """A frame's attribute column (any dtype, with its missing values) reads as the values its
    cells hold: each case's last value that is not missing, numbers and bools as such."""
    if pd is None or (library == "polars" and kind not in POLARS):  # pragma: no cover
        return  # (a polars column holds one type: no object columns)
    cells = {
        case: data.draw(st.lists(FRAME_COLUMNS[kind], min_size=1, max_size=3), label=case)
        for case in "ABC"
    }
    rows = [
        {
            "c": case,
            "a": "Open" if i == 0 else "Resolved",
            "t": (T0 + timedelta(minutes=i)).isoformat(),
            "x": cell,
        }
        for case, column in cells.items()
        for i, cell in enumerate(column)
    ]
    plain = {k: [r[k] for r in rows] for k in ("c", "a", "t")}
    if library == "pandas":
        frame = pd.DataFrame(plain).assign(x=pd.Series([r["x"] for r in rows], dtype=kind))
        read = eventlog.from_pandas
    else:
        schema = {"c": pl.String, "a": pl.String, "t": pl.String, "x": getattr(pl, POLARS[kind])}
        frame = pl.DataFrame({**plain, "x": [r["x"] for r in rows]}, schema=schema)
        read = eventlog.from_polars

    def run() -> Any:
        return read(
            frame, columns=COLUMNS, status_map=STATUS_MAP, attributes=["x"], on_error="collect"
        ).collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        violation("RAISED", f"{library} {kind} column {cells!r} raised {result!r}", "frame raised")
        return
    got = {h.id: h.ticket.attributes.get("x", "<none>") for h in result.histories}
    want = {}
    for case, column in cells.items():
        values = [c for c in column if not _missing(c, ("", "?"))]
        want[case] = values[-1] if values else "<none>"
    # A last value that is an infinity (strict JSON has none) is its case's error, alone.
    refused = [k for k, v in want.items() if isinstance(v, float) and math.isinf(v)]
    require(
        len(result.errors) == len(refused) and all("attributes.x" in str(e) for e in result.errors),
        "LOST RECORD",
        f"{library} {kind} column {cells!r}: errors {result.errors!r}, refused {refused}",
        f"{library} {kind} attribute errors differ from the infinite values",
    )
    want = {k: v for k, v in want.items() if k not in refused}
    require(
        set(got) == set(want) and all(_same(got[k], want[k]) for k in want),
        "WRONG VALUE",
        f"{library} {kind} column {cells!r}: attributes {show(got)}, the cells' last values "
        f"{show(want)}; errors {result.errors!r}",
        f"{library} {kind} attribute differs from its cells",
    )


@fuzz_settings(60)
@given(
    value=st.one_of(
        hostile(),
        st.lists(
            st.one_of(st.sampled_from(["x", "c", "y", "", "servicemodel.partial"]), scalars()),
            max_size=3,
        ),
        st.tuples(st.just("x"), st.just("x")),
    )
)
def test_attributes_option_any_value(value: Any) -> None:
    """``attributes=`` of any value: a ConfigError naming it, or the columns it lists."""

    def run() -> Any:
        return eventlog.histories(
            _rows(["a", "b"]),
            columns=COLUMNS,
            status_map=STATUS_MAP,
            attributes=value,
            on_error="collect",
        ).collect()

    result = assert_contract(run)
    ok = isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(v, str) and v and v != "servicemodel.partial" for v in value
    )
    if isinstance(result, Exception):
        require(
            not ok and isinstance(result, ConfigError) and "attributes" in str(result),
            "WRONG CONFIG",
            f"attributes={show(value)} refused: {result!r}",
            "attributes refused",
        )
        return
    require(ok, "WRONG CONFIG", f"attributes={show(value)} accepted", "attributes accepted")
    for h in result.histories:  # every listed column a row has, and no other
        want = {v for v in value if v in ("x", "c")}
        have = {k for k in h.ticket.attributes if k != "servicemodel.partial"}
        require(
            have == want,
            "WRONG VALUE",
            f"attributes={value!r}: case {h.id} has {have}",
            "attributes not the listed columns",
        )


# -- attribute_verdicts over any attribute values ------------------------------------------------

#: The largest whole number a ticket attribute holds (a larger one is refused when the ticket
#: is built: dump_jsonl could not write it).
HUGE_ATTRIBUTE = 10**3900

ATTRIBUTE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),  # (a ticket refuses NaN and infinities)
    st.text(max_size=6),
    st.sampled_from(["true", "TRUE", " false ", "Within SLA", "sla violated", "", " ", 1, 0]),
    st.just(HUGE_ATTRIBUTE),
)


@fuzz_settings(100)
@given(
    values=st.lists(st.one_of(st.just("<absent>"), ATTRIBUTE_VALUES), min_size=1, max_size=5),
    achieved=st.lists(
        st.sampled_from(["true", "Within SLA", "1", "yes"]), min_size=1, max_size=2, unique=True
    ),
    breached=st.lists(
        st.sampled_from(["false", "SLA Violated", "0", "no"]), max_size=2, unique=True
    ),
    on_error=st.sampled_from(["collect", "raise"]),
)
@example(values=[HUGE_ATTRIBUTE, True], achieved=["true"], breached=["false"], on_error="collect")
def test_verdicts_of_any_attribute_values(
    values: list[Any], achieved: list[str], breached: list[str], on_error: str
) -> None:
    histories = []
    for i, value in enumerate(values):
        attributes = {} if value == "<absent>" else {"made_sla": value}
        ticket = Ticket(str(i), T0, attributes={**attributes, "other": "true"})
        histories.append(TicketHistory(ticket, []))
    rule = VerdictRule("made_sla", "resolution", achieved, breached)
    result = assert_contract(attribute_verdicts, histories, [rule], on_error=on_error)
    # The reference: a listed value's verdict; no verdict without a value; an error otherwise.
    ach, bre = {_word(v) for v in achieved}, {_word(v) for v in breached}
    want: dict[str, str] = {}
    bad: list[str] = []
    for i, value in enumerate(values):
        if value == "<absent>" or value is None or (isinstance(value, str) and not value.strip()):
            continue
        word = _word(value)
        if word in ach or word in bre:
            want[str(i)] = "achieved" if word in ach else "breached"
        else:
            bad.append(str(i))
    if isinstance(result, Exception):
        require(
            on_error == "raise"
            and bool(bad)
            and isinstance(result, RecordError)
            and f"tickets['{bad[0]}'].attributes.made_sla" == result.path,
            "RAISED",
            f"attribute_verdicts({show(values)}, on_error={on_error!r}) raised {result!r}",
            "verdicts raised",
        )
        return
    verdicts, errors = result
    got = {v.ticket_id: v.state for v in verdicts}
    require(
        got == want and [v.ticket_id for v in verdicts] == sorted(want, key=int),
        "WRONG VERDICTS",
        f"values {show(values)} under {achieved}/{breached}: verdicts {got}, want {want}",
        "verdicts differ from the rule",
    )
    # The law: never a verdict for a ticket without the attribute (absent, None, blank).
    require(
        all(values[int(t)] not in ("<absent>", None) for t in got),
        "SILENT VERDICT",
        f"values {show(values)}: a verdict for a ticket without the attribute: {got}",
        "verdict without attribute",
    )
    require(
        [e.path for e in errors] == [f"tickets['{t}'].attributes.made_sla" for t in bad]
        and all("made_sla" in str(e) for e in errors),
        "LOST RECORD",
        f"values {show(values)}: errors {errors!r}, the bad tickets are {bad}",
        "verdict errors differ",
    )
    require(
        on_error == "collect" or not bad,
        "RAISED",
        f"on_error='raise' with bad tickets {bad} returned",
        "raise mode returned",
    )


GOOD_RULE = VerdictRule("made_sla", "resolution", ["true"], ["false"])
GOOD_HISTORY = TicketHistory(Ticket("1", T0, attributes={"made_sla": "true"}), [])


@fuzz_settings(60)
@given(
    histories=st.one_of(st.just([GOOD_HISTORY]), hostile(), st.lists(hostile(), max_size=2)),
    rules=st.one_of(st.just([GOOD_RULE]), hostile(), st.lists(hostile(), max_size=2)),
    on_error=st.one_of(st.sampled_from(["raise", "collect"]), hostile()),
    mapping=st.one_of(st.just({"sla_verdicts": {"resolution": RULE}}), hostile()),
)
def test_verdict_functions_any_arguments(
    histories: Any, rules: Any, on_error: Any, mapping: Any
) -> None:
    """``attribute_verdicts`` and ``mapped_verdicts`` with any arguments: a ServiceModelError,
    or verdicts for arguments of the documented types only (never none for a wrong type)."""
    got = assert_contract(attribute_verdicts, histories, rules, on_error=on_error)
    # Any collection of histories (an empty one of any kind holds none); rules in a
    # collection that is no text or table.
    collections = list | tuple | set | frozenset | dict | str | bytes
    ok = (
        isinstance(on_error, str)
        and on_error in ("raise", "collect")
        and isinstance(histories, collections)
        and all(isinstance(h, TicketHistory) for h in histories)
    )
    rules_ok = isinstance(rules, list | tuple | set | frozenset) and all(
        isinstance(r, VerdictRule) for r in rules
    )
    require(
        isinstance(got, Exception) or (ok and rules_ok),
        "WRONG CONFIG",
        f"attribute_verdicts({show(histories)}, {show(rules)}, on_error={show(on_error)}) "
        f"gave {show(got)}",
        "verdicts of wrong arguments",
    )
    got = assert_contract(mapped_verdicts, mapping, [GOOD_HISTORY], map_file="map.toml")
    require(
        isinstance(got, Exception) or isinstance(mapping, Mapping),
        "WRONG CONFIG",
        f"mapped_verdicts({show(mapping)}) gave {show(got)}",
        "mapped verdicts of no mapping",
    )
    if isinstance(got, ConfigError):
        require(
            got.source == "map.toml",
            "NO FILE",
            f"{got!r} does not name the file",
            "mapped verdicts error without the file",
        )


# -- Zendesk: deletions and restores, custom status ids, single-audit files ---------------------

ZD_STATUSES = ["new", "open", "pending", "hold", "solved"]


def _ticket(tid: int, status: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "created_at": "2026-03-02T09:00:00Z",
        "updated_at": "2026-03-09T09:00:00Z",
        "status": status,
        "requester_id": 10,
        **extra,
    }


def _audit(aid: int, tid: int, minutes: int, *events: dict[str, Any]) -> dict[str, Any]:
    at = (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    return {
        "id": aid,
        "ticket_id": tid,
        "created_at": at,
        "author_id": 20,
        "events": [{"id": aid * 10 + i, **e} for i, e in enumerate(events)],
    }


def _change(field: str, value: Any, before: Any = None) -> dict[str, Any]:
    return {"type": "Change", "field_name": field, "value": value, "previous_value": before}


#: Ticket 2: created open by its first audit, then solved; never touched by a harness.
OTHER_AUDITS = [
    _audit(901, 2, 5, {"type": "Comment", "public": True}, _change("status", "open", "new")),
    _audit(902, 2, 50, _change("status", "solved", "open")),
]


def _zendesk(pages: list[Any], audits: list[Any], **options: Any) -> Any:
    def run() -> Any:
        stream = zendesk.histories(pages, audits, on_error="collect", **options)
        return stream.collect()

    return assert_contract(run)


def _statuses(history: TicketHistory) -> list[tuple[str, str | None, datetime]]:
    return [(e.status.value, e.label, e.at) for e in history.events if isinstance(e, StatusChange)]


def _other_kept(result: Any, what: str) -> None:
    got = {h.id: h for h in result.histories}
    want = [
        ("open", "open", T0 + timedelta(minutes=5)),
        ("solved", "solved", T0 + timedelta(minutes=50)),
    ]
    require(
        "2" in got and _statuses(got["2"]) == want,
        "LOST RECORD",
        f"{what}: ticket 2 lost or changed ({show(got.get('2'))}); errors {result.errors!r}",
        "zendesk collect lost ticket 2",
    )


@fuzz_settings(60)
@given(
    walk=st.lists(st.sampled_from(ZD_STATUSES[1:]), min_size=1, max_size=5),
    deletions=st.dictionaries(
        st.integers(0, 5), st.one_of(st.none(), st.sampled_from(ZD_STATUSES[1:])), max_size=3
    ),
    left=st.booleans(),
    create=st.booleans(),
)
def test_zendesk_deletions_change_nothing(
    walk: list[str], deletions: dict[int, str | None], left: bool, create: bool
) -> None:
    """A deletion (``X -> deleted``) and its restore (``deleted -> Y``; ``Y`` is mostly ``X``)
    anywhere: the history of the export with one change ``X -> Y`` at the restore instead; a
    ticket left deleted at the end is skipped as deleted."""
    walk = [s for i, s in enumerate(walk) if i == 0 or s != walk[i - 1]]
    audits = []
    if create:
        audits.append(_audit(1, 1, 1, {"type": "Create", "field_name": "status", "value": "new"}))
    for i, status in enumerate(walk):
        before = "new" if i == 0 else walk[i - 1]
        audits.append(_audit(100 + i, 1, 10 * (i + 1), _change("status", status, before)))
    plain = list(audits)
    status_at = ["new", *walk]  # the status after the walk's i-th change (0: before it)
    placed = {min(after, len(walk)): to for after, to in deletions.items()}
    for n, (after, to) in enumerate(sorted(placed.items())):
        now, minute = status_at[after], 10 * after + 3  # between the walk's changes
        back = now if to is None else to
        audits.append(_audit(200 + 2 * n, 1, minute, _change("status", "deleted", now)))
        audits.append(_audit(201 + 2 * n, 1, minute + 1, _change("status", back, "deleted")))
        # The reference: the restore as a plain change (no event when it restores X itself).
        plain.append(_audit(201 + 2 * n, 1, minute + 1, _change("status", back, now)))
    if left:
        audits.append(_audit(300, 1, 10 * len(walk) + 8, _change("status", "deleted", walk[-1])))
    audits.sort(key=lambda a: a["created_at"])
    plain.sort(key=lambda a: a["created_at"])
    pages = [
        {
            "tickets": [_ticket(1, "deleted" if left else walk[-1]), _ticket(2, "solved")],
            "end_of_stream": True,
        }
    ]
    result = _zendesk(pages, [*audits, *OTHER_AUDITS])
    if isinstance(result, Exception):
        violation("RAISED", f"audits {show(audits)} raised {result!r}", "deletions raised")
        return
    _other_kept(result, "deletions")
    got = {h.id: h for h in result.histories}
    if left:
        require(
            "1" not in got and [(s.id, s.reason) for s in result.skipped] == [("1", "deleted")],
            "WRONG SKIP",
            f"a ticket left deleted: {show(got.get('1'))}, skipped {result.skipped!r}",
            "deleted ticket not skipped",
        )
        return
    pages[0]["tickets"][0]["status"] = walk[-1]
    reference = _zendesk(pages, [*plain, *OTHER_AUDITS])
    ref = {h.id: h for h in reference.histories}
    require(
        "1" in got and got["1"] == ref.get("1"),
        "WRONG HISTORY",
        f"walk {walk} with deletions {placed}: {show(got.get('1'))} is not the history with "
        f"each restore as a change {show(ref.get('1'))}; errors {result.errors!r}",
        "deletion changed the history",
    )


#: No such event in the audit (a sentinel: compared by identity, as a value may be an array).
NO_ID = "<no event>"
CUSTOM_MAP = {"901": "pending", "902": "on_hold", "903": "solved"}
CUSTOM_IDS = st.one_of(
    st.sampled_from([901, "901", 902, "902", 903, 777, "777", "open", None]),
    hostile(),
)


def _is_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**4000) or (
        isinstance(value, str) and value != ""
    )


@fuzz_settings(100)
@given(
    steps=st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(ZD_STATUSES[1:])),
            st.one_of(st.just(NO_ID), CUSTOM_IDS),
        ),
        min_size=1,
        max_size=5,
    ),
    created=st.one_of(st.just(NO_ID), CUSTOM_IDS),
)
@example(steps=[(None, [901])], created=NO_ID)
@example(steps=[("open", HUGE)], created=NO_ID)
def test_zendesk_custom_status_ids_any_type(steps: list[tuple[Any, Any]], created: Any) -> None:
    """Audits changing ``status`` and ``custom_status_id`` (of any JSON type): a mapped custom
    status is in force from its change until the next status change; an id of no id's type is
    the ticket's error naming it."""
    create = [{"type": "Create", "field_name": "status", "value": "new"}]
    if created is not NO_ID:
        create.append({"type": "Create", "field_name": "custom_status_id", "value": created})
    audits = [_audit(1, 1, 1, *create)]
    status = "new"
    for i, (new, custom) in enumerate(steps):
        events = []
        if custom is not NO_ID:
            events.append(_change("custom_status_id", custom))
        if new is not None:
            events.append(_change("status", new, status))
            status = new
        audits.append(_audit(100 + i, 1, 10 * (i + 1), *events))
    pages = [{"tickets": [_ticket(1, status), _ticket(2, "solved")], "end_of_stream": True}]
    result = _zendesk(pages, [*audits, *OTHER_AUDITS], status_map=CUSTOM_MAP)
    if isinstance(result, Exception):
        violation("RAISED", f"custom ids {show(steps)} raised {result!r}", "custom ids raised")
        return
    _other_kept(result, f"custom ids {show(steps)}")
    ids = [c for _, c in steps if c is not NO_ID] + ([] if created is NO_ID else [created])
    junk = [c for c in ids if c is not None and not _is_id(c)]
    got = {h.id: h for h in result.histories}
    if junk:
        require(
            "1" not in got and any("custom_status_id" in str(e) for e in result.errors),
            "SILENT VALUE",
            f"custom_status_id {show(junk[0])} was read ({show(got.get('1'))}), not refused",
            f"custom_status_id {type(junk[0]).__name__} accepted",
        )
        return
    # The reference: the status field's status, unless a mapped custom status set after it.
    field, custom = ("new", "new"), None
    if created is not NO_ID and created is not None and str(created) in CUSTOM_MAP:
        custom = (CUSTOM_MAP[str(created)], str(created))
    want = []
    shown = custom or field
    if shown != ("new", "new"):
        want.append((*shown, T0))
    for i, (new, cid) in enumerate(steps):
        if new is not None:
            label = new
            field = ({"hold": "on_hold"}.get(new, new), label)
        mapped = None
        if cid is not NO_ID and cid is not None and str(cid) in CUSTOM_MAP:
            mapped = (CUSTOM_MAP[str(cid)], str(cid))
        if mapped is not None:
            now = mapped
        elif new is not None or cid is not NO_ID:
            now = field
        else:
            now = shown
        if now != shown:
            want.append((*now, T0 + timedelta(minutes=10 * (i + 1))))
            shown = now
    require(
        "1" in got and _statuses(got["1"]) == want,
        "WRONG HISTORY",
        f"steps {show(steps)} (created {show(created)}): statuses "
        f"{_statuses(got['1']) if '1' in got else result.errors!r}, want {want}",
        "custom status timeline",
    )


@fuzz_settings(50)
@given(
    audit=st.one_of(
        st.just(
            _audit(7, 1, 30, {"type": "Comment", "public": True}, _change("status", "open", "new"))
        ),
        mutated(
            _audit(7, 1, 30, {"type": "Comment", "public": True}, _change("status", "open", "new"))
        ),
        hostile(),
    ),
    extra=st.sampled_from([{}, {"ticket": 1}, {"ticket_id": 1}, {"audits": []}, {"x": 1}]),
    jsonl=st.booleans(),
    on_error=st.sampled_from(["collect", "raise"]),
)
def test_zendesk_single_audit_responses(
    audit: Any, extra: dict[str, Any], jsonl: bool, on_error: str
) -> None:
    """A file ``{"audit": anything}``: read as that audit when it is one, else refused naming
    the file; ticket 2 (its audits in another file) is kept in collect mode."""
    page = {"tickets": [_ticket(1, "open"), _ticket(2, "solved")], "end_of_stream": True}
    body = to_json({"audit": audit, **extra})
    with folder() as tmp:
        (tmp / "tickets.json").write_text(json.dumps(page), "utf-8")
        (tmp / "other.json").write_text(json.dumps({"audits": OTHER_AUDITS}), "utf-8")
        single = tmp / ("single.jsonl" if jsonl else "single.json")
        single.write_text(body + "\n", "utf-8", errors="surrogatepass")
        paths = [tmp / "tickets.json", tmp / "other.json", single]
        result = assert_contract(zendesk.load, paths, on_error=on_error)
        listed = tmp / "listed.json"
        listed.write_text(to_json({"audits": [audit]}), "utf-8", errors="surrogatepass")
        plain = assert_contract(zendesk.load, [*paths[:2], listed], on_error=on_error)
    if isinstance(result, Exception):
        require(
            isinstance(result, ServiceModelError) and str(single) in str(result),
            "NO FILE",
            f"{{'audit': {show(audit)}}}: {result!r} does not name the file",
            "single audit error without the file",
        )
        return
    if on_error == "collect":
        _other_kept(result, f"{{'audit': {show(audit)}}}")
    if not extra and isinstance(audit, Mapping) and not isinstance(plain, Exception):
        # The law: the response reads as its audit given in a list.
        require(
            sorted(result.histories, key=lambda h: h.id)
            == sorted(plain.histories, key=lambda h: h.id),
            "WRONG HISTORY",
            f"{{'audit': {show(audit)}}} read as {show(result.histories)}, the audit in a list "
            f"as {show(plain.histories)}",
            "single audit differs from a list",
        )


# -- two-digit years: the suggested date_format reads the text -----------------------------------


#: A short-year date's parts: first, second, two-digit year, and the clock (hour, minute,
#: second) when the text has one and says an hour of the day (``None``: it says none).
Parts = tuple[int, int, int, tuple[int, int, int] | None]


@st.composite
def short_year_dates(draw: st.DrawFn) -> tuple[str, Parts | None]:
    """A numeric date with a two-digit year (maybe with a clock), and its parts."""
    first, second = draw(st.integers(0, 39)), draw(st.integers(0, 39))
    yy = draw(st.integers(0, 99))
    sep = draw(st.sampled_from(["/", ".", "-"]))
    width = draw(st.sampled_from(["", "02"]))
    text = f"{first:{width}}{sep}{second:{width}}{sep}{yy:02d}"
    clock: tuple[int, int, int] | None = (0, 0, 0)
    if draw(st.booleans()):
        hour, minute = draw(st.integers(0, 25)), draw(st.integers(0, 61))
        secs = draw(st.one_of(st.none(), st.integers(0, 61)))
        half = draw(st.sampled_from([None, " PM", " am", "PM", "  pm", " A.M."]))
        shown = hour if half is None else draw(st.integers(0, 13))
        text += draw(st.sampled_from([" ", "T"])) + f"{shown}:{minute:02d}"
        text += "" if secs is None else f":{secs:02d}"
        if half is not None:
            text += half
            word = half.strip().lower()
            hour = shown % 12 + (12 if word == "pm" else 0)
            if not 1 <= shown <= 12 or word not in ("am", "pm"):
                clock = None
        if clock is not None:
            clock = (hour, minute, secs or 0)
    return text, (first, second, yy, clock)


def _instant(parts: Parts, dayfirst: bool) -> datetime | None:
    """What a short-year date says: a first part over 12 is a day, a second over 12 a day,
    else ``dayfirst`` says; ``%y`` years 69-99 are 19xx (POSIX); ``None`` for no date."""
    first, second, yy, clock = parts
    day_first = first > 12 or (second <= 12 and dayfirst)
    day, month = (first, second) if day_first else (second, first)
    if clock is None:
        return None
    try:
        return datetime(2000 + yy if yy < 69 else 1900 + yy, month, day, *clock, tzinfo=UTC)
    except ValueError:
        return None


@fuzz_settings(100)
@given(
    case=st.one_of(
        short_year_dates(),
        st.text(alphabet="0123456789/.-: APMapmT", max_size=20).map(lambda t: (t, None)),
    ),
    dayfirst=st.booleans(),
)
@example(case=("11/30/26 2:05 PM", (11, 30, 26, (14, 5, 0))), dayfirst=False)
@example(case=("05/06/26", (5, 6, 26, (0, 0, 0))), dayfirst=True)
def test_short_year_suggestion_reads_the_text(
    case: tuple[str, Parts | None], dayfirst: bool
) -> None:
    """A two-digit-year date is never read without a format; the error names one that reads
    the date its parts say (in the order the value shows, else the one ``dayfirst`` says)."""
    text, parts = case
    rows = [{"c": "A", "a": "Open", "t": text}, {"c": "B", "a": "Open", "t": T0.isoformat()}]

    def run() -> Any:
        return eventlog.histories(
            rows,
            columns=COLUMNS,
            status_map=STATUS_MAP,
            tz="UTC",
            dayfirst=dayfirst,
            on_error="collect",
        ).collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        violation("RAISED", f"timestamp {text!r} raised {result!r}", "short year raised")
        return
    read = {h.id for h in result.histories}
    require(
        "B" in read, "LOST RECORD", f"timestamp {text!r} of case A cost case B", "short year lost B"
    )
    messages = [str(e) for e in result.errors]
    suggested = [m.split("date_format = ", 1)[1] for m in messages if "date_format = " in m]
    want = None if parts is None else _instant(parts, dayfirst)
    if parts is not None:
        require(
            "A" not in read,
            "SILENT NUMBER",
            f"{text!r}: a two-digit year was read",
            "short year guessed",
        )
    if want is not None:
        require(
            len(suggested) == 1,
            "NO SUGGESTION",
            f"{text!r} (a two-digit-year date) unread without a suggestion: {messages}",
            "no suggestion for a short year",
        )
    if not suggested:
        return
    fmt = suggested[0].split(" (check", 1)[0].strip()[1:-1]
    at = assert_contract(parse_timestamp, text, tz="UTC", date_format=fmt)
    require(
        not isinstance(at, Exception),
        "WRONG SUGGESTION",
        f"{text!r}: the suggested date_format {fmt!r} does not read it: {at!r}",
        "suggestion does not read the text",
    )
    require(
        want is None or at == want,
        "WRONG SUGGESTION",
        f"{text!r} (dayfirst={dayfirst}): the suggested {fmt!r} reads {at!r}, its parts say "
        f"{want!r}",
        "suggestion reads another date",
    )


@fuzz_settings(60)
@given(
    name=st.sampled_from(["status_map", "agents", "channel_map", "priority_map"]),
    value=st.one_of(
        hostile(),
        st.dictionaries(
            st.one_of(
                st.sampled_from([901, "901", "777", "open", None, True, 1.5, "deleted", ""]),
                HUGE_INT,
                st.text(max_size=4),
            ),
            st.one_of(st.sampled_from(["pending", "on_hold", "web"]), hostile()),
            max_size=2,
        ),
        st.lists(CUSTOM_IDS, max_size=3),
    ),
)
@example(name="status_map", value={HUGE: "open"})
@example(name="status_map", value={"deleted": "open"})
@example(name="priority_map", value={HUGE: "high"})
def test_zendesk_options_any_value(name: str, value: Any) -> None:
    """``status_map`` (custom status ids as keys), ``agents``, ``channel_map``,
    ``priority_map`` of any value: a ConfigError naming the option, or a read that keeps
    ticket 2 (which none of them touches but ``status_map`` overriding ``open``/``solved``)."""
    pages = [{"tickets": [_ticket(2, "solved")], "end_of_stream": True}]
    result = _zendesk(pages, OTHER_AUDITS, **{name: value})
    if isinstance(result, Exception):
        require(
            isinstance(result, ConfigError) and str(result).startswith(name),
            "WRONG CONFIG",
            f"{name}={show(value)}: {result!r} does not name the option",
            f"{name} error without its name",
        )
        return
    if name == "status_map":
        keys = list(value) if isinstance(value, Mapping) else []
        require(
            (value is None or isinstance(value, Mapping))
            and all(_is_id(k) and str(k) != "deleted" for k in keys),
            "WRONG CONFIG",
            f"status_map={show(value)} accepted",
            "status_map key accepted",
        )
        if any(str(k) in ("open", "solved") for k in keys):
            return  # overrides ticket 2's statuses
    _other_kept(result, f"{name}={show(value)}")
