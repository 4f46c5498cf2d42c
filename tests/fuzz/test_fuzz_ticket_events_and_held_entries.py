"""Fuzz two input paths: Zendesk's ticket events and an SLA state's held entries.

Harnesses, each checking the error contract (``assert_contract``: a ``ServiceModelError`` with
a message, never another type, never a hang, never a NaN):

- the incremental ticket event export (``servicemodel.io.zendesk``): the fixture's events of
  one ticket, mutated (keys dropped, values of every kind -- huge ints, bools for ints, NaN,
  nested junk --, a repeated event id with other contents, ``child_events`` of every shape,
  ``comment_present`` / ``comment_public`` of every kind, timestamps out of range), given to
  ``zendesk.histories(pages, ticket_events=...)`` and, written as one JSON value or as JSON
  Lines, to ``zendesk.load``. Every error names its path; with ``on_error="collect"`` every
  other ticket loads as it does from the clean export (a law);
- ``TicketSLA.from_dict`` with any JSON value as ``held`` or ``held_matches``: a
  ``ConfigError`` naming the key, or a state that loads; the stored value loads the
  replay's state, and when no status event shares an instant with a priority or group
  change and the ticket is solved once at most, any value that loads measures as the replay
  does (the recorded order is then the one order the state can stand for).

Found and fixed: ``held`` / ``held_matches`` entries that no order of events gives (a
change made while the ticket was solved, from before it until after it, with no status
event at its instant and no later solve, marked not held) loaded and measured unlike any
replay (regressions in ``tests/test_sla_same_instant.py``); a ticket event or audit given
twice under its id with a value whose ``==`` refuses (an array, a signalling decimal, given
from Python) raised ``ValueError`` / ``decimal.InvalidOperation``; a child event whose
``event_type`` / ``type`` or ``field_name`` is no text (a list, a number, an object) was
skipped without a word, so a change to solved so given was lost (regressions in
``tests/test_io_zendesk_ticket_events.py``).

Not checkable from a state alone: with a later solve, an entry dropped from ``held`` may
stand for a zero-length reopen and solve around the change (it leaves no status entry), so
the law above holds for histories with one solve.

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=2000 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider -x \
        tests/fuzz/test_fuzz_ticket_events_and_held_entries.py
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io import zendesk
from servicemodel.model import StatusChange, TicketHistory
from servicemodel.sla import TicketSLA
from test_sla_same_instant import POLICY, TIERS, _same_instant_status_and_change, crowded

from .conftest import assert_contract, folder, fuzz_settings, require, show
from .encode import to_json
from .hostile import HUGE, hostile, mutated, scalars

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).parent.parent / "data" / "zendesk" / "ticket_events"
TICKETS = json.loads((DATA / "tickets.json").read_text(encoding="utf-8"))
PAGES = [
    json.loads((DATA / name).read_text(encoding="utf-8"))
    for name in ("events_page1.json", "events_page2.json")
]
EVENTS = [ev for page in PAGES for ev in page["ticket_events"]]
VICTIMS = sorted({ev["ticket_id"] for ev in EVENTS})


def _clean() -> dict[str, TicketHistory]:
    stream = zendesk.histories([TICKETS], ticket_events=PAGES, on_error="collect")
    return {h.id: h for h in stream}


#: Every ticket of the clean export, as it loads.
CLEAN = _clean()


def _others(victim: int) -> list[dict[str, Any]]:
    """The clean pages without ``victim``'s events."""
    return [
        {**page, "ticket_events": [e for e in page["ticket_events"] if e["ticket_id"] != victim]}
        for page in PAGES
    ]


def _child() -> st.SearchStrategy[Any]:
    """A child event of any shape: the known kinds with their keys, of any value, or junk."""
    keys = st.sampled_from(
        [
            "id",
            "event_type",
            "type",
            "public",
            "author_id",
            "body",
            "comment_present",
            "comment_public",
            "status",
            "priority",
            "group_id",
            "assignee_id",
            "custom_status_id",
            "satisfaction_score",
            "field_name",
            "value",
            "previous_value",
            "score",
        ]
    )
    kinds = st.sampled_from(["Comment", "Change", "Create", "Notification", "VoiceComment", ""])
    value = st.one_of(
        st.booleans(),
        st.sampled_from(["open", "solved", "hold", "urgent", "good", 7, None]),
        scalars(),
    )
    shaped = st.builds(
        lambda kind, rest: {"event_type": kind, **rest},
        st.one_of(kinds, scalars()),
        st.dictionaries(keys, value, max_size=5),
    )
    return st.one_of(shaped, hostile())


@st.composite
def victim_pages(draw: st.DrawFn) -> tuple[int, list[Any]]:
    """A ticket, and its events as a page mutated at random (with hostile child events)."""
    victim = draw(st.sampled_from(VICTIMS))
    mine = [copy.deepcopy(e) for e in EVENTS if e["ticket_id"] == victim]
    if draw(st.booleans()):
        k = draw(st.integers(0, len(mine) - 1))
        kids = draw(st.one_of(st.lists(_child(), max_size=4), hostile()))
        mine[k] = {**mine[k], "child_events": kids}
    if draw(st.booleans()):  # an event again under its id, with other contents
        again = draw(mutated(draw(st.sampled_from(mine)), 2))
        mine.insert(draw(st.integers(0, len(mine))), again)
    page = {"ticket_events": mine, "end_time": 1777900000, "end_of_stream": True}
    bad = draw(st.one_of(st.just(page), mutated(page, 3)))
    return victim, [bad]


def _contract_errors(errors: tuple[RecordError, ...], what: str) -> None:
    for exc in errors:
        require(
            isinstance(exc, RecordError) and bool(exc.path or exc.source),
            "UNNAMED ERROR",
            f"{what}: {type(exc).__name__} without a path: {show(str(exc))}",
            "unnamed",
        )


def _others_kept(found: dict[str, TicketHistory], victim: int, what: str) -> None:
    for tid, clean in CLEAN.items():
        if tid != str(victim):
            require(
                found.get(tid) == clean,
                "LOST TICKET",
                f"{what}: ticket {tid} loads as {show(found.get(tid))}, alone {show(clean)}",
                "other ticket changed",
            )


def _read(pages: list[Any], events: list[Any]) -> tuple[dict[str, TicketHistory], Any]:
    stream = zendesk.histories(pages, ticket_events=events, on_error="collect")
    return {h.id: h for h in stream}, stream


@given(victim_pages())
@fuzz_settings(300)
def test_ticket_events_through_histories(case: tuple[int, list[Any]]) -> None:
    victim, bad = case
    out = assert_contract(_read, [TICKETS], [*_others(victim), *bad])
    if isinstance(out, ServiceModelError):
        require(
            isinstance(out, ConfigError) and out.path == "ticket_events",
            "WRONG ERROR",
            f"histories raised {type(out).__name__}: {out}",
            "histories raised",
        )
        return
    found, stream = out
    _contract_errors(stream.errors, "histories")
    _others_kept(found, victim, "histories")


@given(victim_pages(), st.sampled_from(["json", "jsonl-pages", "jsonl-events"]))
@fuzz_settings(200)
def test_ticket_events_through_load(case: tuple[int, list[Any]], form: str) -> None:
    victim, bad = case
    with folder() as where:
        tickets = where / "tickets.json"
        tickets.write_text(json.dumps(TICKETS), encoding="utf-8")
        clean = where / "events.jsonl"
        clean.write_text("\n".join(json.dumps(p) for p in _others(victim)) + "\n", encoding="utf-8")
        hostile_file = where / ("bad.json" if form == "json" else "bad.jsonl")
        if form == "json":
            text = to_json(bad)
        elif form == "jsonl-pages":
            text = "\n".join(to_json(p) for p in bad) + "\n"
        else:
            page = bad[0]
            items = page.get("ticket_events") if isinstance(page, dict) else None
            lines = items if isinstance(items, list) and items else [page]
            text = "\n".join(to_json(e) for e in lines) + "\n"
        hostile_file.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = assert_contract(zendesk.load, [tickets, clean, hostile_file], on_error="collect")
    if isinstance(out, ServiceModelError):
        # The hostile file may be no ticket event file at all (its first record decides).
        require(
            isinstance(out, ConfigError) and out.source is not None,
            "WRONG ERROR",
            f"load raised {type(out).__name__}: {out}",
            "load raised",
        )
        return
    _contract_errors(out.errors, "load")
    _others_kept({h.id: h for h in out.histories}, victim, "load")


def _json_values() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 8),
        st.integers(),
        st.floats(),
        st.text(max_size=4),
        st.sampled_from(["1", 1.0]),
        st.builds(lambda: HUGE),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=8,
    )


def _index_lists() -> st.SearchStrategy[Any]:
    """Lists of entry indices: mostly well-formed (ascending, in range), sometimes not."""
    return st.one_of(
        st.lists(st.integers(1, 8), max_size=6, unique=True).map(sorted),
        st.lists(st.integers(-1, 9), max_size=6),
    )


def _spread(h: TicketHistory) -> TicketHistory:
    """``h`` with each event at an instant of its own, in the same order (one order only)."""
    step = timedelta(minutes=7)
    events = [
        attrs.evolve(ev, at=h.ticket.created_at + (i + 1) * step) for i, ev in enumerate(h.events)
    ]
    return TicketHistory(h.ticket, events)


@given(
    st.sampled_from([POLICY, TIERS]),
    st.one_of(crowded(), crowded().map(_spread)),
    st.sampled_from(["held", "held_matches"]),
    st.data(),
)
@fuzz_settings(300)
def test_held_entries_of_any_value(
    policy: Any, h: TicketHistory, key: str, data: st.DataObject
) -> None:
    s = TicketSLA.from_history(policy, h)
    stored = json.loads(json.dumps(s.to_dict()))
    n = len(stored["priorities" if key == "held" else "matches"] if key in stored else [])
    subsets = st.sets(st.integers(1, max(n - 1, 1)), max_size=n).map(sorted)
    value = data.draw(st.one_of(subsets, subsets, _index_lists(), _json_values()), label=key)
    out = assert_contract(TicketSLA.from_dict, {**stored, key: value}, policy)
    if isinstance(out, ServiceModelError):
        require(
            isinstance(out, ConfigError) and (out.path or "").startswith(key),
            "WRONG ERROR",
            f"from_dict({key}={show(value)}) raised {type(out).__name__} at {out.path!r}: {out}",
            f"{key} error path",
        )
        return
    if value == stored.get(key):
        require(
            out == s and out.measurements(ended=True) == s.measurements(ended=True),
            "SILENT NUMBER",
            f"from_dict({key}={show(value)}) loaded its own state unlike the replay of {show(h)}",
            f"{key} as stored, other state",
        )
    elif not _same_instant_status_and_change(h) and _solves(h) <= 1:
        # Each change at an instant without a status event, and no solve after the first:
        # one order of events only (a zero-length reopen and solve around a change, which
        # leaves no status entry, would be a second solve), so any state that loads is the
        # replay's.
        require(
            out.measurements(ended=True) == s.measurements(ended=True),
            "SILENT NUMBER",
            f"from_dict({key}={show(value)}) loaded (stored {stored.get(key)!r}) and measures "
            f"unlike the replay of {show(h)}",
            f"{key} accepted, other measurements",
        )


def _solves(h: TicketHistory) -> int:
    return sum(isinstance(ev, StatusChange) and ev.status.is_resolved for ev in h.events)
