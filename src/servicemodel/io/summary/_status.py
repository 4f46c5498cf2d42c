"""Private: a row's current status, read where the export leaves the solve empty.

Jira writes an issue's "Resolved" only when its workflow sets a resolution; a project whose
workflow does not (team-managed projects, simple service-desk workflows) exports every done
issue with an empty "Resolved", as the public Jira Service Management export of the
repository diegodev23-os/it-helpdesk-simulation shows (status category "Listo", i.e. Done,
"Resuelta" empty). Read by the solve column alone, every such issue would be open: a silently
wrong backlog and no resolution time at all. The same export has the status category and the
instant it last changed ("Status Category Changed"): for an issue whose status category is
Done, that instant is when it became done.

So a mapping may name ``columns.status`` (the current status, or status category) and
``columns.status_changed`` (when it last changed), with ``status_map`` saying which status
words mean solved or closed. A row whose status maps to a resolved status and whose solve and
close cells are empty is solved (or closed) at ``status_changed``. Nothing else changes: a
status that maps to no resolved status, or that ``status_map`` does not name, says nothing
(the solve column decides, as without a status column).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Protocol

from servicemodel._config import join, safe_repr
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io._columns import read_table
from servicemodel.model import Status

__all__ = ["read_statuses", "settle", "status_resolves"]

#: Why a status map without a status column is refused (``status_map`` alone reads nothing).
NO_STATUS_COLUMN = (
    "a one-row-per-ticket export has no status history to map; to read which tickets its "
    "current status says are done, name that column as columns.status (and the instant of its "
    "last change as columns.status_changed)"
)


class _Row(Protocol):
    """What ``settle`` reads of the summary reader's row (``_read._Row``)."""

    utc: dict[str, datetime]

    def get(self, role: str) -> Any: ...

    def instants(self, role: str, value: Any) -> tuple[datetime, datetime]: ...

    def fail(self, role: str, value: Any, why: str) -> RecordError: ...

    def present(self, role: str) -> bool: ...

    status: Status | None


def read_statuses(
    status_map: Mapping[str, Any] | None, columns: Mapping[str, str] | None
) -> dict[str, Status]:
    """``status_map`` with its keys in lowercase and its values ours; a non-empty map whose
    ``columns`` name no ``status`` column is a ``ConfigError`` (it would read nothing).

    Examples:
        >>> read_statuses({"Done": "solved"}, {"status": "Status Category"})
        {'done': <Status.SOLVED: 'solved'>}
        >>> read_statuses({}, None), read_statuses(None, None)
        ({}, {})
    """
    table = read_table(status_map, "status_map")
    if table and "status" not in (columns or {}):
        raise ConfigError(NO_STATUS_COLUMN, path="status_map")
    out: dict[str, Status] = {}
    first: dict[str, Any] = {}
    for raw, ours in table.items():
        word = _word(raw)
        status = Status.parse(ours, join("status_map", raw))
        if out.get(word, status) is not status:  # a cell is matched without case or spaces
            raise ConfigError(
                f"{safe_repr(raw)} and {safe_repr(first[word])} are one status word (case and "
                f"spaces aside) mapped to {status.value} and {out[word].value}",
                path=join("status_map", raw),
            )
        out[word] = status
        first.setdefault(word, raw)
    return out


def status_resolves(
    statuses: Mapping[str, Status], column: str | None, names: Collection[str]
) -> bool:
    """Whether a stream with columns ``names`` says whether each ticket is done by its status:
    the status ``column`` is there and ``statuses`` names a solved or closed word. Its
    histories then do not lack the resolution, though the export has no solve column (as
    osTicket's has none): a done row is solved at its ``status_changed``, any other is not
    solved yet.

    Examples:
        >>> done = {"closed": Status.CLOSED, "open": Status.OPEN}
        >>> status_resolves(done, "Status", {"Status"}), status_resolves(done, "Status", set())
        (True, False)
        >>> status_resolves({"open": Status.OPEN}, "Status", {"Status"})
        False
    """
    return column in names and any(s.is_resolved for s in statuses.values())


def _word(raw: Any) -> str:
    """A ``status_map`` key as a cell is matched to it: its text, stripped, in lowercase.

    A key is a text, or a whole number as a frame's cell may hold it; anything else (a
    ``None``, a float, a tuple) would match a cell only through its repr.
    """
    if isinstance(raw, str) or (isinstance(raw, int) and not isinstance(raw, bool)):
        try:
            return str(raw).strip().lower()
        except ValueError:  # an int past the int-to-text digit limit: no cell holds it
            pass
    raise ConfigError(
        f"expected a status word (a text) as the key, got {type(raw).__name__} {safe_repr(raw)}",
        path="status_map",
    )


def settle(
    row: _Row,
    statuses: Mapping[str, Status],
    at: dict[str, datetime],
    created: datetime,
    created_utc: datetime,
) -> None:
    """Put the solve (or close) of a row whose status is resolved but whose solve and close
    cells are empty into ``at`` and ``row.utc``, at its ``status_changed`` instant.

    A resolved status with no such instant is the row's error: the ticket is done, but when is
    not in the export, and no instant would be a guess.
    """
    value = row.get("status")
    if value is None or "solved" in at or "closed" in at:
        return
    status = statuses.get(str(value).strip().lower())
    if status is None:
        return
    if not status.is_resolved:
        _current(row, status, at, created_utc)
        return
    changed = row.get("status_changed")
    if changed is None:
        if row.present("status_changed"):  # mapped and in the file: this row's cell is empty
            why = (
                f"says the ticket is {status.value}, but its solve is empty and so is its "
                "status_changed cell (the instant its status last changed): the export does "
                "not say when it was solved"
            )
        else:
            why = (
                f"says the ticket is {status.value}, but its solve is empty and there is no "
                "columns.status_changed (the instant its status last changed): map that column"
            )
        raise row.fail("status", value, why)
    t, utc = row.instants("status_changed", changed)
    if utc < created_utc:
        why = f"before the ticket's creation {created.isoformat()}"
        raise row.fail("status_changed", changed, why)
    role = "closed" if status is Status.CLOSED else "solved"
    at[role] = t
    row.utc[role] = utc


def _current(row: _Row, status: Status, at: dict[str, datetime], created_utc: datetime) -> None:
    """A not-done row's status (open, pending ...) from the instant it took it, as the role
    ``status``: the overview then counts the ticket by it, not as "status unknown". Without
    that instant, or with one before the creation, when it took the status is not known and
    nothing is added (the status alone changes no figure)."""
    changed = row.get("status_changed")
    if changed is None:
        return
    t, utc = row.instants("status_changed", changed)
    if utc >= created_utc:
        at["status"] = t
        row.utc["status"] = utc
        row.status = status
