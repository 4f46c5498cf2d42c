"""Read any event log (one row per event: case id, activity, timestamp) as ticket histories.

The pm4py convention: each row is one event of one case, with the case id, the activity's name
and its timestamp in named columns (``case:concept:name``, ``concept:name``,
``time:timestamp`` by default). A **status map** turns the source's statuses into ours
(``"Awaiting User Info"`` → pending, ``"Resolved"`` → solved), an **activity map** says which
activities are messages, replies, notes or reopens, and every other activity must be named in
``ignore`` -- an unmapped activity is an error, because silently dropping a ``"Resolved"`` the
map forgot would leave every ticket open.

A row whose ``lifecycle:transition`` (the XES standard lifecycle model, IEEE 1849-2016) is
present and neither ``complete`` nor ``unknown`` -- the ``start`` of a reply, say -- is no
event: each activity counts once, when it completes. A value outside that model (a source's
sub-status) is an error for its case: map the column as ``status`` instead, which switches
the lifecycle off (as ``columns={"lifecycle": ""}`` does).

Rows of one case must be **contiguous** (grouped by case id); inside a case they may come in
any order and are sorted by timestamp (stable). A case that starts again after another case
began is an [`EventOrderError`][servicemodel.errors.EventOrderError] -- its first part has
already been yielded, so no error policy can repair it: sort the file by case id first
(``from_pandas`` and ``from_polars`` do). Only one case is held in memory at a time.

Timestamps are ISO 8601 or ``D/M/Y H:M[:S]`` (``M/D/Y`` unless ``dayfirst=True``). A timestamp
without an offset needs an explicit ``tz``: it is never guessed
([`NaiveDatetimeError`][servicemodel.errors.NaiveDatetimeError] otherwise). Values listed in
``missing`` (``""`` and ``"?"`` by default) count as absent.

Examples:
    >>> rows = [
    ...     {"case": "C1", "activity": "Opened", "time": "02/03/2026 09:00"},
    ...     {"case": "C1", "activity": "Replied", "time": "02/03/2026 09:40"},
    ...     {"case": "C1", "activity": "Resolved", "time": "02/03/2026 11:00"},
    ... ]
    >>> (h,) = histories(rows, columns={"case": "case", "activity": "activity", "timestamp": "time"},
    ...                  activity_map={"Opened": "customer_message", "Replied": "agent_reply"},
    ...                  status_map={"Resolved": "solved"}, tz="Europe/Berlin", dayfirst=True)
    >>> h.first_reply_at().isoformat(), h.solved_at().isoformat()
    ('2026-03-02T09:40:00+01:00', '2026-03-02T11:00:00+01:00')
"""  # noqa: E501

from servicemodel._public import publish
from servicemodel.io.eventlog._frames import from_pandas, from_polars
from servicemodel.io.eventlog._load import load
from servicemodel.io.eventlog._options import DEFAULT_COLUMNS, EVENT_KINDS
from servicemodel.io.eventlog._read import histories
from servicemodel.io.eventlog._stream import ExportResult, HistoryStream, Skipped
from servicemodel.io.eventlog._time import parse_timestamp

__all__ = [
    # reading
    "DEFAULT_COLUMNS",
    "EVENT_KINDS",
    "from_pandas",
    "from_polars",
    "histories",
    "load",
    "parse_timestamp",
    # what a reader returns
    "ExportResult",
    "HistoryStream",
    "Skipped",
]

publish(__name__, globals(), __all__)
