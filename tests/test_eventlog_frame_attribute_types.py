"""io.eventlog: a log's CSV, pandas frame and polars frame give the same histories, but for
the type of an ``attributes`` column the frame holds as numbers or bools (docs/exports.md,
"Frames as notebooks hold them").

Laws: with every column read as text (``dtype=str``, polars ``infer_schema=False``) the three
give equal histories, attributes included; with the libraries' own dtypes they differ only in
the numeric and bool attributes, each the number or bool the CSV's text writes.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog
from servicemodel.model import TicketHistory

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
OPTIONS: dict[str, Any] = {
    "activity_map": {"Opened": "customer_message", "Replied": "agent_reply"},
    "status_map": {"Resolved": "solved"},
    "attributes": ["category", "cost", "made_sla"],
}
HEADER = "case:concept:name,concept:name,time:timestamp,category,cost,made_sla\n"


@st.composite
def csv_logs(draw: st.DrawFn) -> str:
    lines = [HEADER]
    for c in range(draw(st.integers(1, 4))):
        for k in range(draw(st.integers(1, 4))):
            at = T0 + timedelta(hours=c, minutes=draw(st.integers(0, 30)))
            activity = ["Opened", "Replied", "Resolved"][k % 3]
            category = draw(st.sampled_from(["net", "hw"]))
            cost = draw(st.sampled_from(["1.5", "30.25", "7.0"]))
            made = draw(st.sampled_from(["True", "False"]))
            lines.append(f"C{c},{activity},{at.isoformat()},{category},{cost},{made}\n")
    return "".join(lines)


def as_text(history: TicketHistory) -> TicketHistory:
    """The history with each attribute as the CSV's text writes it."""
    attributes = {k: str(v) for k, v in history.ticket.attributes.items()}
    return attrs.evolve(history, ticket=attrs.evolve(history.ticket, attributes=attributes))


def from_csv(text: str) -> list[TicketHistory]:
    return list(eventlog.histories(_dict_rows(text), contiguous=False, **OPTIONS))


def _dict_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def by_id(histories: list[TicketHistory]) -> dict[str, TicketHistory]:
    return {h.id: h for h in histories}


@settings(max_examples=30, deadline=None)
@given(csv_logs())
def test_frames_read_as_text_give_the_csvs_histories(text: str) -> None:
    expected = by_id(from_csv(text))
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    polars_frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    assert by_id(list(eventlog.from_pandas(frame, **OPTIONS))) == expected
    assert by_id(list(eventlog.from_polars(polars_frame, **OPTIONS))) == expected


@settings(max_examples=30, deadline=None)
@given(csv_logs())
def test_frames_typed_differ_only_in_their_numeric_and_bool_attributes(text: str) -> None:
    expected = by_id(from_csv(text))
    pandas = by_id(list(eventlog.from_pandas(pd.read_csv(io.StringIO(text)), **OPTIONS)))
    polars = by_id(list(eventlog.from_polars(pl.read_csv(io.StringIO(text)), **OPTIONS)))
    for got in (pandas, polars):
        assert {k: as_text(h) for k, h in got.items()} == expected
        for h in got.values():
            assert type(h.ticket.attributes["cost"]) is float
            assert type(h.ticket.attributes["made_sla"]) is bool
            assert type(h.ticket.attributes["category"]) is str
