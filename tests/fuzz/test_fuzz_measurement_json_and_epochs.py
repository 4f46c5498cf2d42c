"""Fuzz Measurement JSON, Freshdesk ticket fields, the tickets' latest update
(``observed_until``), epoch timestamps, partial attributes in loaders, and ``require_aware`` with
pytz zones.

Harnesses, each checking the error contract (``assert_contract``: a ``ServiceModelError`` with
a message, never another type, never a hang, never a NaN):

- ``Measurement.from_dict`` over mutated dicts of measurements the engine made (every field:
  hostile values, huge ints, NaN, instants naive or off the range, spans out of order,
  calendars by unknown names, unknown keys) and with a hostile ``calendars=``; what it accepts
  writes JSON without NaN and reads back equal; the round-trip law over the
  ``servicemodel.strategies`` policies and histories;
- ``freshdesk.status_choices``/``histories``/``load`` over mutated ticket-fields responses of
  both endpoints (ids as text, float, bool or huge, labels of any kind, ``stop_sla_timer`` of
  any kind, ids given twice), and a ticket-fields file mixed among the ticket files;
- ``observed_until`` of any value given to ``LoadResult``, ``ReportOptions``, ``assess`` and
  ``standards.measure``: each refuses the same values with the same error type;
- ``epoch_instant`` over hostile cells (numpy scalars, ``Decimal``, long texts) against an
  exact reference, and pandas/polars frames with int/float/NaN columns;
- ``servicemodel.partial`` of any value in a JSON Lines or CSV export read in collect mode:
  the bad record is its own error, and only its own;
- ``require_aware`` with real pytz zones (``localize``, ``normalize``, arithmetic) and with
  look-alikes whose methods raise or return junk.

Found and fixed: ``epoch_instant`` raised ``decimal.Overflow`` for ``Decimal("1e999999")``, and
rounded a count longer than 28 digits twice (to the context's precision, then to the
microsecond), a microsecond off; ``status_choices`` read the older endpoint's ``{"6": [...],
" 6": [...]}`` (one id twice, differently) as the last one, silently, where the admin
endpoint's list says so; ``standards.measure(at=..., observed_until=...)`` took any value for
``observed_until`` (assess and ReportOptions refuse it); ``Measurement`` (its constructor and
``attrs.evolve``) took a 5,000-digit ``cycle`` (its repr and ``to_dict`` raised
``ValueError``) and a warning threshold of ``1e308`` (``warnings`` raised ``OverflowError``);
``freshdesk.load`` named an error of a ticket in a file holding its pages as arrays in an
array by ``pages[1][3]``, without the file or the place in it.

A tzinfo whose ``utcoffset`` raises any error is an ``InputTypeError``. Known limit: a value
pytz's ``localize`` gave the zone object itself (before the zone's first transition, or
before pytz's tables begin in December 1901), moved by arithmetic past that time, cannot be
told from the zone attached with ``tzinfo=``, and is refused with the error saying so.

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=500 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider -x \
        tests/fuzz/test_fuzz_measurement_json_and_epochs.py
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    OutOfRangeError,
    RecordError,
    ServiceModelError,
    require_aware,
)
from servicemodel.io import LoadResult, eventlog, freshdesk, load_csv, load_jsonl
from servicemodel.io.eventlog._epoch import epoch_instant
from servicemodel.io.freshdesk._fields import status_choices
from servicemodel.model import PARTIAL_ATTRIBUTE, Ticket, TicketHistory
from servicemodel.report import ReportOptions
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate
from servicemodel.standards import ServiceStandards, measure
from servicemodel.strategies import histories, policies

from .conftest import assert_contract, folder, fuzz_settings, require, show
from .hostile import HUGE, hostile, mutated
from .records import RECORDS, csv_line, csv_rows, header_line

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).parent.parent / "data"
FD = DATA / "freshdesk"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# -- 1. Measurement.to_dict / from_dict ------------------------------------------------------------

OFFICE = BusinessCalendar.from_dict({"tz": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}})
CALENDARS = {"office": OFFICE}


def _samples() -> list[Measurement]:
    """Measurements with spans, pauses, a calendar of their own and a stopped clock."""
    from servicemodel.model import AgentReply, StatusChange

    p = SLAPolicy(
        "p",
        {
            "normal": [
                Target("first_reply", "4h"),
                Target("resolution", "2d", calendar=OFFICE),
                Target("requester_wait", "1d", business=False),
            ]
        },
    )
    h = TicketHistory(
        Ticket("T", T0),
        [
            StatusChange("s1", T0 + timedelta(hours=1), status="pending"),
            StatusChange("s2", T0 + timedelta(hours=2), status="open"),
            AgentReply("r", T0 + timedelta(hours=3)),
        ],
    )
    return list(evaluate(p, h, at=T0 + timedelta(days=1)))


SAMPLES = _samples()
DICTS = [m.to_dict(calendars=CALENDARS) for m in SAMPLES] + [m.to_dict() for m in SAMPLES]


def _accepted(m: Measurement, calendars: Any) -> None:
    """What from_dict accepted writes JSON without NaN and reads back equal."""
    assert_contract(repr, m)
    assert_contract(lambda: m.warnings)
    assert_contract(lambda: m.overdue)
    data = assert_contract(m.to_dict, calendars=calendars)
    if isinstance(data, ServiceModelError):
        return
    text = assert_contract(json.dumps, data, allow_nan=False)
    require(isinstance(text, str), "JSON", show(data), "to_dict")
    back = assert_contract(Measurement.from_dict, json.loads(text), calendars)
    require(back == m, "ROUND TRIP", f"{show(m)} reads back {show(back)}", "from_dict")


@given(st.sampled_from(range(len(DICTS))).flatmap(lambda i: mutated(DICTS[i], 3)))
@fuzz_settings(300)
def test_measurement_from_mutated_dicts(data: Any) -> None:
    out = assert_contract(Measurement.from_dict, data, CALENDARS)
    if isinstance(out, ServiceModelError):
        require(
            isinstance(out, ConfigError | InputTypeError | OutOfRangeError),
            "WRONG ERROR",
            f"{type(out).__name__}: {out}",
            type(out).__name__,
        )
        return
    _accepted(out, CALENDARS)


_FIELDS = [*sorted(DICTS[0]), "calendar"]


@given(
    st.sampled_from(range(len(DICTS))),
    st.sampled_from(_FIELDS),
    st.one_of(
        hostile(),
        st.sampled_from(
            [
                "2026-03-02T09:00:00",
                "0001-01-01T00:00:00+00:00",
                "9999-12-31T23:59:59-23:59",
                "2026-03-02T09:00:00+25:00",
                "office",
                "Office",
                "nope",
                [["2026-03-02T10:00:00+00:00", "2026-03-02T09:00:00+00:00"]],
                [["2026-03-02T09:00:00+00:00", None], ["2026-03-02T10:00:00+00:00", None]],
                [["2026-03-02T09:00:00+00:00", "2026-03-02T10:00:00+00:00"]] * 2,
                [[None, None]],
            ]
        ),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
    ),
)
@fuzz_settings(300)
def test_measurement_from_dict_field_of_any_value(i: int, field: str, value: Any) -> None:
    data = {**DICTS[i], field: value}
    out = assert_contract(Measurement.from_dict, data, CALENDARS)
    if isinstance(out, ServiceModelError):
        # The error names the field it is about (its path, or the field in its message).
        key = field.removesuffix("_seconds")
        require(
            field in str(out) or key in str(out),
            "UNNAMED",
            f"{field}={show(value)}: {out}",
            field,
        )
        return
    _accepted(out, CALENDARS)


def test_measurement_from_dict_with_many_spans_is_quick() -> None:
    data = dict(DICTS[0])
    start = T0
    spans = []
    for _ in range(20_000):
        spans.append([start.isoformat(), (start + timedelta(minutes=1)).isoformat()])
        start += timedelta(minutes=2)
    data["spans"] = spans
    m = assert_contract(Measurement.from_dict, data, CALENDARS)
    assert isinstance(m, Measurement)
    assert len(m.spans) == 20_000


@given(hostile(), st.sampled_from(["to_dict", "from_dict"]))
@fuzz_settings(150)
def test_measurement_calendars_of_any_value(calendars: Any, how: str) -> None:
    m = SAMPLES[1]  # its target has a calendar of its own
    if how == "to_dict":
        out = assert_contract(m.to_dict, calendars=calendars)
    else:
        out = assert_contract(Measurement.from_dict, DICTS[1], calendars)
    if calendars is None or (isinstance(calendars, dict) and not calendars):
        require(
            not isinstance(out, ServiceModelError) or how == "from_dict",
            "REFUSED",
            f"calendars={show(calendars)}: {out}",
            how,
        )
        return
    if not isinstance(out, ServiceModelError):
        require(
            isinstance(calendars, dict)
            and all(isinstance(c, BusinessCalendar) for c in calendars.values()),
            "SILENT VALUE",
            f"calendars={show(calendars)} accepted",
            how,
        )


@given(policies(), histories(max_events=6), st.integers(0, 72))
@fuzz_settings(60)
def test_measurement_round_trip_over_strategies(
    policy: SLAPolicy, h: TicketHistory, hours: int
) -> None:
    at = h.last_event_at + timedelta(hours=hours)
    ms = assert_contract(evaluate, policy, h, at)
    if isinstance(ms, ServiceModelError):
        return
    cals = {f"c{i}": c for i, c in enumerate({m.calendar for m in ms})}
    for m in ms:
        for calendars in (None, cals):
            data = m.to_dict(calendars=calendars)
            back = Measurement.from_dict(json.loads(json.dumps(data, allow_nan=False)), calendars)
            require(back == m, "ROUND TRIP", f"{show(m)} != {show(back)}", "round trip")
            require(back.warnings == m.warnings, "WARNINGS", show(m), "warnings")


def test_a_measurement_refuses_a_huge_cycle_and_a_threshold_off_the_fractions() -> None:
    # from_dict refused them (39e54cf); the constructor took them: a 5,000-digit cycle made
    # repr and to_dict raise ValueError, a threshold of 1e308 made warnings raise OverflowError.
    m = SAMPLES[0]
    with pytest.raises(ConfigError, match=r"^Measurement.cycle: .* <int of about 5001 digits>"):
        attrs.evolve(m, cycle=HUGE)
    with pytest.raises(ConfigError, match=r"Measurement.cycle: .* got -1"):
        attrs.evolve(m, cycle=-1)
    for bad in (1e308, 0, 1, math.nan, -0.5):
        with pytest.raises(ConfigError, match="a warning threshold is a fraction in"):
            attrs.evolve(m, warn_at=(0.5, bad))
    assert attrs.evolve(m, cycle=2**53, warn_at=(0.9, 0.25)).cycle == 2**53


# -- 2. Freshdesk ticket fields --------------------------------------------------------------------

ADMIN = _json(FD / "ticket_fields" / "admin_ticket_fields.json")
OLDER = _json(FD / "ticket_fields" / "ticket_fields_v2.json")
_STATUS = next(f for f in ADMIN if f.get("type") == "default_status")
_IDS: list[Any] = [6, "6", " 6", "6.0", 6.0, True, None, -6, HUGE, "٦", [6], "x" * 5000]


def _pages() -> list[Any]:
    return [_json(FD / f"tickets_page{i}.json") for i in (1, 2)]


@given(
    st.one_of(
        mutated(ADMIN, 3),
        mutated(OLDER, 3),
        mutated(_STATUS, 3),
        st.lists(
            st.fixed_dictionaries(
                {"id": st.sampled_from(range(len(_IDS))).map(_IDS.__getitem__)},
                optional={
                    "value": st.one_of(st.text(max_size=8), hostile()),
                    "stop_sla_timer": st.one_of(st.booleans(), hostile()),
                    "deleted": st.one_of(st.booleans(), hostile()),
                },
            ),
            max_size=4,
        ).map(lambda cs: [{"type": "default_status", "label": "Status", "choices": cs}]),
        hostile(),
    )
)
@fuzz_settings(300)
def test_ticket_fields_of_any_shape(fields: Any) -> None:
    choices = assert_contract(status_choices, fields)
    if isinstance(choices, ServiceModelError):
        require(isinstance(choices, ConfigError), "WRONG ERROR", str(choices), "fields")
    else:
        for key, (name, stops) in choices.items():
            require(
                type(key) is int and isinstance(name, str) and name.strip() != ""
                and stops in (None, True, False),
                "SILENT VALUE", f"{show(fields)} read as {show(choices)}", "choices",
            )  # fmt: skip
    stream = assert_contract(freshdesk.histories, _pages(), ticket_fields=fields,
                             on_error="collect")  # fmt: skip
    if isinstance(stream, ServiceModelError):
        require(isinstance(choices, ServiceModelError), "REFUSED", str(stream), "histories")
        return
    found = assert_contract(list, stream)
    # A custom status that is not sorted (no stop_sla_timer) costs its tickets, never another.
    require("106" in [h.id for h in found] or bool(stream.errors), "LOST", show(fields), "fd")
    require(all(isinstance(e, RecordError) for e in stream.errors), "WRONG ERROR", "", "fd")


def test_one_status_id_given_twice_differently_is_an_error_in_both_shapes() -> None:
    # The older endpoint's object {"6": [...], " 6": [...]} (one id, two keys) was read as
    # its last entry, silently; the admin endpoint's list already said so.
    older = {"type": "default_status", "choices": {"6": ["Waiting"], " 6": ["Vendor"]}}
    with pytest.raises(ConfigError, match="status 6 is given twice, differently"):
        status_choices(older)
    same = {"type": "default_status", "choices": {"6": ["Waiting"], " 6": ["Waiting", "x"]}}
    assert status_choices(same) == {6: ("Waiting", None)}


@given(
    st.one_of(mutated(ADMIN, 2), st.just(ADMIN), st.just(OLDER)),
    st.sampled_from(["first", "middle", "last"]),
)
@fuzz_settings(60)
def test_a_ticket_fields_file_among_ticket_files(fields: Any, where: str) -> None:
    with folder() as d:
        files = []
        for i, page in enumerate(_pages()):
            files.append(d / f"tickets{i}.json")
            files[-1].write_text(json.dumps(page), encoding="utf-8")
        fpath = d / "fields.json"
        try:
            fpath.write_text(json.dumps(fields), encoding="utf-8")
        except (TypeError, ValueError, RecursionError):  # a hostile value JSON cannot hold
            return
        at = {"first": 0, "middle": 1, "last": 2}[where]
        files.insert(at, fpath)
        out = assert_contract(freshdesk.load, files, on_error="collect")
        if isinstance(out, ServiceModelError):
            # The fields file read as fields: a broken one names that file.
            require(
                "fields.json" in str(out) or "ticket_fields" in str(out),
                "UNNAMED",
                str(out),
                "load",
            )
            return
        require(len(out) + len(out.errors) >= 1, "SILENT LOSS", show(fields)[:200], "load")
        # A record of the fields file that lost what tells a field apart (its label) is read
        # as a ticket: its error names that file.
        require(
            all(isinstance(e, RecordError) and e.source for e in out.errors),
            "UNNAMED",
            show(out.errors),
            "load",
        )


def test_a_ticket_page_held_as_an_array_in_a_file_is_named_by_its_file() -> None:
    # A file holding its pages as arrays in an array ([[ticket, ...], [ticket, ...]]): the
    # error of a ticket in it said "pages[1][3].priority", neither file nor place in it.
    with folder() as d:
        path = d / "pages.json"
        path.write_text(json.dumps(_pages()), encoding="utf-8")
        out = freshdesk.load([path], on_error="collect")
    assert "106" in [h.id for h in out]
    assert [(e.source, e.path) for e in out.errors] == [
        (str(path), "[0][2].status"),  # a custom status without status_map
        (str(path), "[1][3].priority"),  # a priority no map names
    ]


# -- 3. observed_until -----------------------------------------------------------------------------


def _observed_values() -> st.SearchStrategy[Any]:
    import pandas as pd

    return st.one_of(
        hostile(),
        st.sampled_from(
            [
                pd.NaT,
                pd.Timestamp("2026-03-03"),
                pd.Timestamp("2026-03-03", tz="UTC"),
                pd.Timestamp("2262-04-11", tz="Asia/Tokyo"),
                pd.Timestamp("1677-09-22", tz="UTC"),
                datetime(2026, 3, 3),
                datetime(2026, 3, 3, tzinfo=timezone(timedelta(hours=-14))),
                "2026-03-03T00:00:00Z",
            ]
        ),
        st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=23, minutes=59))])),
    )


def _outcome(fn: Any) -> str:
    out = assert_contract(fn)
    return type(out).__name__ if isinstance(out, ServiceModelError) else "ok"


@given(_observed_values())
@fuzz_settings(150)
def test_observed_until_of_any_value_is_refused_alike_everywhere(value: Any) -> None:
    h = [TicketHistory(Ticket("T", T0), [])]
    outcomes = {
        "LoadResult": _outcome(lambda: LoadResult((), observed_until=value)),
        "ReportOptions": _outcome(lambda: ReportOptions(observed_until=value)),
        "assess": _outcome(lambda: assess(Blueprint("x"), h, observed_until=value)),
        "measure": _outcome(lambda: measure(ServiceStandards("x"), h, observed_until=value)),
        "measure at": _outcome(
            lambda: measure(ServiceStandards("x"), h, at=T0, observed_until=value)
        ),
    }
    require(
        len(set(outcomes.values())) == 1,
        "DISAGREE",
        f"observed_until={show(value)}: {outcomes}",
        str(sorted(set(outcomes.values()))),
    )


def test_measure_checks_observed_until_even_beside_at() -> None:
    # It was read only to choose the default snapshot: with at= any value passed silently.
    h = [TicketHistory(Ticket("T", T0), [])]
    with pytest.raises(InputTypeError, match="observed_until: expected an aware datetime"):
        measure(ServiceStandards("x"), h, at=T0, observed_until="2026-03-03")  # type: ignore[arg-type]


# -- 4. timestamp_unit -----------------------------------------------------------------------------


def _exact(value: Any, unit: str) -> datetime | None:
    """The reference: the instant as exact rational arithmetic gives it, half to even."""
    if type(value) is str:
        value = Decimal(value.strip())
    elif hasattr(value, "__index__"):  # a numpy integer: its own arithmetic overflows
        value = int(value)
    q = Fraction(value) * (10**6 if unit == "s" else 10**3)
    us = round(q)  # Fraction rounds half to even
    try:
        return EPOCH + timedelta(microseconds=us)
    except OverflowError:
        return None


def _counts() -> st.SearchStrategy[Any]:
    import numpy as np

    digits = st.text("0123456789", min_size=1, max_size=20)
    return st.one_of(
        st.integers(-(10**12), 10**15),
        st.floats(-1e13, 1e15, allow_nan=False),
        st.decimals(-(10**12), 10**15, allow_nan=False, allow_infinity=False, places=30),
        st.tuples(st.sampled_from(["", "-", "+"]), digits, digits).map(
            lambda t: f"{t[0]}{t[1][:12]}.{t[2]}"
        ),
        st.sampled_from(
            [
                np.int64(1772442000),
                np.uint64(2**63),
                np.int32(-5),
                Decimal("1e999999"),
                Decimal("-1e999999"),
                Decimal("1e-999999"),
                Decimal("1772442000.12345650000000000000000000000000001"),
                "1772442000.1234565000000000000000000001",
            ]
        ),
    )


@given(_counts(), st.sampled_from(["s", "ms"]))
@fuzz_settings(300)
def test_an_epoch_count_is_its_exact_instant_or_refused(value: Any, unit: str) -> None:
    got = assert_contract(epoch_instant, value, unit)
    if isinstance(got, ServiceModelError):
        if isinstance(got, ConfigError):  # a text that is no count: too long
            require(type(value) is str, "WRONG ERROR", f"{show(value)}: {got}", "epoch")
            return
        want = _exact(value, unit)
        require(
            want is None or not datetime(2, 1, 2, tzinfo=UTC) <= want < datetime(9998, 12, 31,
                                                                                  tzinfo=UTC),
            "REFUSED", f"{show(value)} {unit}: {got}", "epoch",
        )  # fmt: skip
        return
    want = _exact(value, unit)
    require(got == want, "SILENT VALUE", f"{show(value)} {unit}: {got} != {want}", "epoch")


def test_a_long_count_rounds_once_to_the_microsecond() -> None:
    # The count was multiplied at the context's 28 digits, which rounded this one down to
    # ...456.5 before the half-to-even rounding to the microsecond: 456 instead of 457. A
    # Decimal past the context's range raised decimal.Overflow.
    want = datetime(2026, 3, 2, 9, 0, 0, 123457, tzinfo=UTC)
    assert epoch_instant(Decimal("1772442000.12345650000000000000000000000000001"), "s") == want
    assert epoch_instant("1772442000.1234565000000000000000000001", "s") == want
    for huge in (Decimal("1e999999"), Decimal("-1e999999")):
        with pytest.raises(OutOfRangeError, match="outside the supported range"):
            epoch_instant(huge, "ms")


@given(
    st.lists(
        st.one_of(
            st.integers(1_700_000_000, 1_800_000_000),
            st.just(math.nan),
            st.floats(1.7e9, 1.8e9),
            st.sampled_from([-1e300, 1e300]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["pandas", "polars"]),
    st.sampled_from(["s", "ms"]),
)
@fuzz_settings(60)
def test_epoch_frames_with_int_float_and_nan_columns(
    cells: list[Any], kind: str, unit: str
) -> None:
    n = len(cells)
    data = {
        "case:concept:name": [f"C{i}" for i in range(n)],
        "concept:name": ["Done"] * n,
        "time:timestamp": cells,
    }
    if kind == "pandas":
        import pandas as pd

        frame: Any = pd.DataFrame(data)
        read = eventlog.from_pandas
    else:
        import polars as pl

        frame = pl.DataFrame(data, strict=False)
        read = eventlog.from_polars
    stream = assert_contract(
        read, frame, status_map={"Done": "solved"}, timestamp_unit=unit, on_error="collect"
    )
    if isinstance(stream, ServiceModelError):
        return
    found = {h.id: h for h in assert_contract(list, stream)}
    require(len(found) + len(stream.errors) == n, "LOST CASE", show(cells), kind)
    for i, cell in enumerate(cells):
        case = f"C{i}"
        ok = isinstance(cell, int | float) and math.isfinite(cell) and abs(cell) < 1e15
        require((case in found) == ok, "CASE", f"{case}={show(cell)}: {sorted(found)}", kind)
        if ok:
            want = _exact(float(cell) if kind == "polars" else cell, unit)
            require(found[case].created_at == want, "SILENT VALUE",
                    f"{cell} {unit}: {found[case].created_at} != {want}", kind)  # fmt: skip


# -- 5. servicemodel.partial through the loaders ---------------------------------------------------


def _csv_cell(text: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([text])
    return buf.getvalue()


@given(
    st.one_of(
        hostile(),
        st.sampled_from(["first_reply", "pauses, reopens", " pause", "FIRST_REPLY", "", ","]),
    ),
    st.sampled_from(["jsonl", "csv"]),
    st.integers(0, 4),
)
@fuzz_settings(150)
def test_a_partial_attribute_of_any_value_costs_its_record_only(
    raw: Any, fmt: str, bad: int
) -> None:
    records = copy.deepcopy(RECORDS[:5])
    records[bad].setdefault("attributes", {})[PARTIAL_ATTRIBUTE] = raw
    with folder() as d:
        if fmt == "jsonl":
            path = d / "t.jsonl"
            try:
                path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
            except (TypeError, ValueError, RecursionError):  # no JSON for it
                return
            out = assert_contract(load_jsonl, path, on_error="collect")
        elif isinstance(raw, str) and ("\n" in raw or "\r" in raw):
            return  # a CSV field may not span lines: the loader's own rule, tested elsewhere
        else:
            path = d / "t.csv"
            column = f"attr_{PARTIAL_ATTRIBUTE}"
            lines = [f"{header_line()},{column}"]
            for r in records:
                attrs_ = dict(r.get("attributes", {}))
                cell = attrs_.pop(PARTIAL_ATTRIBUTE, "")
                try:
                    text = _csv_cell(cell if isinstance(cell, str) else str(cell))
                except (ValueError, RecursionError):  # an int past the digit limit, DEEP
                    return
                for row in csv_rows({**r, "attributes": attrs_}):
                    lines.append(f"{csv_line(row)},{text}")
            try:
                path.write_text("\n".join(lines), encoding="utf-8")
            except UnicodeEncodeError:  # a lone surrogate: no UTF-8 file holds it
                return
            out = assert_contract(load_csv, path, on_error="collect")
    if isinstance(out, ServiceModelError):
        violation_text = f"{fmt} partial={show(raw)}: {out}"
        require(False, "WHOLE LOAD", violation_text, fmt)
        return
    ids = {h.id for h in out.histories}
    others = {r["id"] for i, r in enumerate(records) if i != bad}
    require(others <= ids, "COST OTHERS", f"partial={show(raw)}: {sorted(ids)}", fmt)
    require(len(out.errors) <= 1, "ERRORS", show(out.errors), fmt)
    for e in out.errors:
        require(PARTIAL_ATTRIBUTE in str(e), "UNNAMED", str(e), fmt)


# -- 6. require_aware with pytz --------------------------------------------------------------------

_PYTZ_ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
               "Pacific/Apia", "UTC", "Etc/GMT+5", "America/Sao_Paulo"]  # fmt: skip


@given(
    st.sampled_from(_PYTZ_ZONES),
    st.datetimes(min_value=datetime(1850, 1, 1), max_value=datetime(2100, 1, 1)),
    st.timedeltas(min_value=timedelta(days=-300), max_value=timedelta(days=400)),
)
@fuzz_settings(150)
def test_require_aware_with_pytz(name: str, wall: datetime, step: timedelta) -> None:
    pytz = pytest.importorskip("pytz")
    zone = pytz.timezone(name)
    try:
        local = zone.localize(wall)
    except Exception:  # pytz's own: a wall time it cannot place
        return
    # localize (and normalize, and arithmetic after either) keeps the exact instant. Where
    # localize gives the zone object itself (its first entry: local mean time, or any time
    # before pytz's tables begin in December 1901), that is what tzinfo= attaches: a value
    # moved out of that time by arithmetic cannot be told from one so attached, and is
    # refused with the error saying why.
    values = [local, zone.normalize(local), zone.normalize(local + step)]
    if local.tzinfo is not zone:
        values.append(local + step)
    for value in values:
        got = assert_contract(require_aware, value, "at")
        require(got is value, "REFUSED", f"{show(value)}: {show(got)}", "localized")
    # The zone object attached with tzinfo= is refused exactly where its offset is not the
    # one in force (its first, local mean time, for most zones).
    attached = wall.replace(tzinfo=zone)
    got = assert_contract(require_aware, attached, "at")
    wrong = attached.utcoffset() != zone.normalize(attached).utcoffset()
    require(
        isinstance(got, InputTypeError) == wrong,
        "PYTZ",
        f"{attached!r}: {show(got)} (offset {attached.utcoffset()})",
        "attached",
    )


class _Junk(tzinfo):
    """A tzinfo with pytz's methods, each of which may raise or return junk."""

    def __init__(self, how: dict[str, Any]) -> None:
        self.how = how

    def _act(self, name: str, default: Any) -> Any:
        what = self.how.get(name, "ok")
        if what == "raise":
            raise RuntimeError(name)
        if what == "ok":
            return default
        return what

    def utcoffset(self, dt: Any) -> Any:
        return self._act("utcoffset", timedelta(hours=1))

    def dst(self, dt: Any) -> Any:
        return self._act("dst", timedelta(0))

    def tzname(self, dt: Any) -> Any:
        return self._act("tzname", "J")

    def localize(self, dt: datetime) -> Any:
        return self._act("localize", dt.replace(tzinfo=self))

    def normalize(self, dt: datetime) -> Any:
        return self._act("normalize", dt.replace(tzinfo=timezone(timedelta(hours=2))))

    @property
    def zone(self) -> Any:
        return self._act("zone", "Junk/Zone")


@given(
    st.dictionaries(
        st.sampled_from(["utcoffset", "dst", "tzname", "localize", "normalize", "zone"]),
        st.one_of(
            st.sampled_from(["raise", "ok", None, 5, "x", HUGE, timedelta(days=2)]),
            st.just(datetime(2026, 3, 2)),
        ),
        max_size=4,
    )
)
@fuzz_settings(150)
def test_require_aware_with_look_alikes_whose_methods_misbehave(how: dict[str, Any]) -> None:
    value = datetime(2026, 3, 2, 9, tzinfo=_Junk(how))
    out = assert_contract(require_aware, value, "at")
    if not isinstance(out, ServiceModelError):
        require(out is value, "SILENT VALUE", show(out), "require_aware")
        require(isinstance(value.utcoffset(), timedelta), "NO OFFSET", show(how), "offset")


def test_require_aware_with_a_tzinfo_whose_utcoffset_raises() -> None:
    value = datetime(2026, 3, 2, 9, tzinfo=_Junk({"utcoffset": "raise"}))
    assert isinstance(assert_contract(require_aware, value, "at"), InputTypeError)
