"""Fuzz the helpdesk readers: Zendesk, Freshdesk, Jira, event logs and one-row-per-ticket exports.

Each harness copies a reader's fixture files (``tests/data/<source>/``) into a fresh folder,
mutates one of them -- a JSON file's structure with hostile values in random places, or one CSV
cell -- and loads the folder with the reader's ``load(paths, ...)``, raising and collecting. The
contract is the suite's (see ``conftest``): only a ``ServiceModelError``, within the budget.
In collect mode a load that returns must still hold histories only, never a half-built one.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog, freshdesk, jira, summary, zendesk
from servicemodel.model import TicketHistory

from .conftest import assert_contract, fuzz_settings, require
from .encode import to_json
from .hostile import hostile, mutated

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).resolve().parents[1] / "data"

EVENTLOG_OPTIONS: dict[str, Any] = {
    "columns": {
        "case": "case_id",
        "activity": "activity",
        "timestamp": "timestamp",
        "resource": "resource",
        "channel": "channel",
        "priority": "priority",
    },
    "dayfirst": True,
    "ignore": ["Assigned"],
    "activity_map": {
        "Ticket opened": "customer_message",
        "Customer reply": "customer_message",
        "Agent reply": "agent_reply",
        "Internal note": "internal_note",
        "Reopened": "reopen",
    },
    "status_map": {
        "In Progress": "open",
        "Awaiting User Info": "pending",
        "Waiting for Vendor": "on_hold",
        "Resolved": "solved",
        "Closed": "closed",
    },
}
SUMMARY_OPTIONS: dict[str, Any] = {
    "columns": {
        "id": "Ticket ID",
        "created": "Created",
        "first_reply": "First Reply",
        "solved": "Solved",
        "closed": "Closed",
        "rating": "Rating",
        "channel": "Channel",
        "priority": "Priority",
        "group": "Group",
    },
    "tz": "Europe/Berlin",
    "dayfirst": True,
}

#: source -> (fixture files, the reader's load, its options)
SOURCES: dict[str, tuple[list[str], Callable[..., Any], dict[str, Any]]] = {
    "zendesk": (["tickets_page1.json", "tickets_page2.json", "audits.jsonl"], zendesk.load, {}),
    "freshdesk": (
        [
            "tickets_page1.json",
            "tickets_page2.json",
            "tickets_page3.json",
            "conversations_101.json",
            "conversations_102.json",
            "conversations_more.json",
            "satisfaction_ratings.json",
        ],
        freshdesk.load,
        {"status_map": {6: ("on_hold", "Waiting on Third Party")}},
    ),
    "jira": (
        ["search_page1.json", "search_page2.json"],
        jira.load,
        {"status_map": {"Awaiting Vendor": "on_hold"}},
    ),
    "eventlog": (["incidents.csv"], eventlog.load, EVENTLOG_OPTIONS),
    "summary": (["tickets.csv"], summary.load, SUMMARY_OPTIONS),
}


def _mutate_json(draw: st.DrawFn, text: str, jsonl: bool) -> str:
    if jsonl:
        lines = text.splitlines()
        i = draw(st.integers(0, len(lines) - 1))
        lines[i] = to_json(draw(mutated(json.loads(lines[i]))))
        return "\n".join(lines) + "\n"
    return to_json(draw(mutated(json.loads(text))))


def _mutate_csv(draw: st.DrawFn, text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    r = draw(st.integers(0, len(rows) - 1))
    c = draw(st.integers(0, len(rows[r]) - 1))
    value = draw(hostile())
    rows[r][c] = value if isinstance(value, str) else to_json(value)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@st.composite
def mutated_export(draw: st.DrawFn, source: str) -> dict[str, str]:
    """The source's fixture files as text, one of them mutated."""
    names, _, _ = SOURCES[source]
    files = {n: (DATA / source / n).read_text(encoding="utf-8") for n in names}
    victim = draw(st.sampled_from(names))
    text = files[victim]
    if victim.endswith(".csv"):
        files[victim] = _mutate_csv(draw, text)
    else:
        files[victim] = _mutate_json(draw, text, victim.endswith(".jsonl"))
    return files


def _load(source: str, files: dict[str, str], on_error: str) -> Any:
    _, load, options = SOURCES[source]
    folder = Path(tempfile.mkdtemp(prefix="servicemodel-fuzz-vendor-"))
    try:
        paths = []
        for name, text in files.items():
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            paths.append(path)
        return assert_contract(load, paths, on_error=on_error, **options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_fixtures_load(source: str) -> None:
    # The fixtures hold broken records on purpose: collected, the good tickets load.
    names, _, _ = SOURCES[source]
    files = {n: (DATA / source / n).read_text(encoding="utf-8") for n in names}
    result = _load(source, files, "collect")
    assert not isinstance(result, Exception), result
    assert len(result.histories) > 0


@pytest.mark.parametrize("source", sorted(SOURCES))
@fuzz_settings(40)
@given(data=st.data())
def test_a_mutated_export(source: str, data: st.DataObject) -> None:
    files = data.draw(mutated_export(source))
    for on_error in ("raise", "collect"):
        result = _load(source, files, on_error)
        if isinstance(result, Exception):
            continue
        require(
            all(isinstance(h, TicketHistory) for h in result.histories),
            "NOT A HISTORY",
            f"{source}.load(on_error={on_error!r}) returned something else than histories",
            f"{source} non-history",
        )
