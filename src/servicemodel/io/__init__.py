"""Adapters between the canonical model and dicts, JSON Lines and CSV exports.

One record is one ticket with its events (JSON Lines), or one event per row with the ticket's
columns repeated (CSV). Loading is strict: an unknown key, a bad value or a naive timestamp is a
[`RecordError`][servicemodel.errors.RecordError] naming the line and the field. With
``on_error="collect"`` the bad records are set aside and the good ones still load, so one
broken row never loses the rest of an export.

Examples:
    >>> rec = {"id": "T-1", "created_at": "2026-03-02T09:00:00+00:00", "channel": "chat",
    ...        "events": [{"kind": "agent_reply", "id": "e1", "at": "2026-03-02T09:05:00+00:00"}]}
    >>> h = history_from_dict(rec)
    >>> h.first_reply_at().isoformat()
    '2026-03-02T09:05:00+00:00'
    >>> history_to_dict(h)["events"][0]["kind"]
    'agent_reply'
"""

from servicemodel._public import publish
from servicemodel.io._csv import load_csv
from servicemodel.io._jsonl import dump_jsonl, iter_jsonl, load_jsonl
from servicemodel.io._records import (
    event_from_dict,
    event_to_dict,
    history_from_dict,
    history_to_dict,
)
from servicemodel.io._source import LoadResult, Skipped
from servicemodel.io._source import OnError as OnError

__all__ = [
    # one record
    "history_from_dict",
    "history_to_dict",
    # one event (a live desk's stored events)
    "event_from_dict",
    "event_to_dict",
    # JSON Lines
    "dump_jsonl",
    "iter_jsonl",
    "load_jsonl",
    # CSV
    "load_csv",
    # what a loader returns
    "LoadResult",
    "Skipped",
]

# OnError (the on_error literal type) stays out of __all__, as before; the CLI imports it.
publish(__name__, globals(), __all__)
