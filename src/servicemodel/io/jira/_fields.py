"""Private: the one translation layer of Jira records -- errors, instants, vocabularies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import iso_datetime, iso_stray
from servicemodel.errors import ConfigError, OutOfRangeError, RecordError, require_instant
from servicemodel.model import Priority, Status

__all__ = ["PRIORITIES", "STATUSES", "STATUS_CATEGORIES"]

#: What a JSON object may be. ``dict`` first: ``isinstance`` answers for parsed JSON there,
#: without the slower ``Mapping`` ABC check (the same answer: every dict is a Mapping).
MAPPING = (dict, Mapping)
_PLAIN = frozenset({str, int, float, bool, list, type(None)})  # what JSON parses to, but objects


def is_object(value: Any) -> TypeGuard[Mapping[str, Any]]:
    """``isinstance(value, Mapping)``, answered without the ABC check for what JSON parses to
    (where a value is often missing, None, or text)."""
    kind = type(value)
    return kind is dict or (kind not in _PLAIN and isinstance(value, Mapping))


#: Status names of Jira Service Management's shipped workflows whose meaning is the same
#: wherever they appear, compared case-insensitively. ``Pending`` is left out on purpose: the
#: ITSM workflows use it both for "waiting on the customer" (our pending) and "waiting on a
#: third party" (our on_hold), and the two count differently for requester wait and agent work.
STATUSES: Mapping[str, Status] = {
    "open": Status.OPEN,
    "reopened": Status.OPEN,
    "waiting for support": Status.OPEN,
    "in progress": Status.OPEN,
    "work in progress": Status.OPEN,
    "escalated": Status.OPEN,
    "waiting for customer": Status.PENDING,
    "resolved": Status.SOLVED,
    "done": Status.SOLVED,
    "completed": Status.SOLVED,
    "closed": Status.CLOSED,
    "canceled": Status.CLOSED,
    "cancelled": Status.CLOSED,
    "declined": Status.CLOSED,
}
#: Jira's status categories (``statusCategory.key``) that say enough on their own. ``new``
#: (To Do) holds statuses waiting for the team: open for every clock. ``done`` holds resolved
#: statuses: solved (a reopen stays possible). ``indeterminate`` (In Progress) holds both the
#: team's work and waits on the customer, so it has no default.
STATUS_CATEGORIES: Mapping[str, Status] = {"new": Status.OPEN, "done": Status.SOLVED}
#: Jira's default priority schemes, compared case-insensitively: today's Highest .. Lowest, and
#: Blocker, Critical, Major, Minor, Trivial, the default of Jira Server and Data Center sites
#: set up before Atlassian renamed the five levels (still what their issues and public Jira
#: data sets carry). Each old name takes the level it was: Blocker is Highest, Trivial Lowest.
#: Lowest and Low both map to low.
PRIORITIES: Mapping[str, Priority] = {
    "highest": Priority.URGENT,
    "high": Priority.HIGH,
    "medium": Priority.NORMAL,
    "low": Priority.LOW,
    "lowest": Priority.LOW,
    "blocker": Priority.URGENT,
    "critical": Priority.HIGH,
    "major": Priority.NORMAL,
    "minor": Priority.LOW,
    "trivial": Priority.LOW,
}


def fail(path: str, key: str | None, field: str, value: Any, message: str) -> RecordError:
    """The one shape of every error: where, which issue, which field, which value, and why."""
    # An id that would not print on one line (a newline, an escape sequence) is quoted.
    shown = safe_repr(key) if isinstance(key, str) and not key.isprintable() else key
    who = f"issue {shown}: " if shown is not None else ""
    return RecordError(f"{who}{field} {safe_repr(value)}: {message}", path=path)


def text(value: Any, path: str, key: str | None, field: str) -> str:
    """A non-blank string; an id given as a number is accepted as its decimal text."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # past the int-to-text digit limit (4,300 digits): no id
            raise fail(path, key, field, value, "expected a non-blank string") from None
    if not isinstance(value, str) or not value.strip():
        raise fail(path, key, field, value, "expected a non-blank string")
    return value


def mapping(value: Any, path: str, key: str | None, what: str) -> Mapping[str, Any]:
    if not isinstance(value, MAPPING):
        raise fail(path, key, what, value, f"expected {what} as a JSON object")
    return value


def listing(value: Any, path: str, key: str | None, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise fail(path, key, what, value, "expected a list")
    return value


def _parse(value: str, path: str, key: str | None, field: str) -> datetime:
    try:
        parsed = iso_datetime(value.strip())
    except ValueError:
        raise fail(path, key, field, value, "not an ISO 8601 timestamp") from None
    if parsed.utcoffset() is None:
        raise fail(path, key, field, value, "timestamp has no offset (Jira writes one, +0100)")
    # Hot path: in years 3..9997 an instant is inside require_instant's range whatever its
    # offset (under a day); nearer the ends, require_instant decides and names the value.
    if 2 < parsed.year < 9998:
        return parsed
    try:  # the one guard for instants near the ends of the calendar (UTC would overflow)
        return require_instant(parsed, field)
    except OutOfRangeError as exc:
        raise fail(path, key, field, value, str(exc)) from None


def usual_instant(value: Any) -> datetime | None:
    """``instant``'s answer for the usual text timestamp, or None: then ``instant`` reads the
    value and says what is wrong. Hot (several per issue): no path is built for the error."""
    if type(value) is not str:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    # fromisoformat's tzinfo is None or a fixed offset; the year test is _parse's hot path.
    if parsed.tzinfo is None or not 2 < parsed.year < 9998 or iso_stray(text, parsed):
        return None
    return parsed


def instant(value: Any, path: str, key: str | None, field: str) -> datetime:
    """A Jira instant: ``2026-03-02T09:00:00.000+0100``, or a service-desk date object.

    Service-desk objects (``{"iso8601", "jira", "friendly", "epochMillis"}``) are read from
    ``iso8601``, then ``jira``, then ``epochMillis`` (as UTC); ``friendly`` is display text in
    the viewer's language and is never parsed.
    """
    if isinstance(value, str):
        return _parse(value, path, key, field)
    if isinstance(value, MAPPING):
        for name in ("iso8601", "jira"):
            if isinstance(value.get(name), str):
                return _parse(value[name], f"{path}.{name}", key, f"{field}.{name}")
        millis = value.get("epochMillis")
        if isinstance(millis, int) and not isinstance(millis, bool):
            try:
                return datetime.fromtimestamp(millis / 1000, UTC)
            except (OverflowError, OSError, ValueError):
                raise fail(f"{path}.epochMillis", key, f"{field}.epochMillis", millis,
                           "out of range") from None  # fmt: skip
    raise fail(path, key, field, value, "expected a timestamp with an offset, or an object "
               "with iso8601, jira or epochMillis")  # fmt: skip


def duration(value: Any, path: str, key: str | None, field: str) -> timedelta:
    """A service-desk duration ``{"millis": ..., "friendly": ...}``, or a bare millis count."""
    millis = value.get("millis") if isinstance(value, MAPPING) else value
    if isinstance(millis, bool) or not isinstance(millis, int | float) or millis != millis:
        raise fail(path, key, field, value, "expected a duration with a millis count")
    try:
        return timedelta(milliseconds=millis)
    except OverflowError:
        raise fail(path, key, field, value, "duration out of range") from None


def user(value: Any) -> str | None:
    """A user's stable id: ``accountId`` (Cloud), else ``key`` or ``name`` (Data Center)."""
    if not is_object(value):
        return None
    for name in ("accountId", "key", "name"):
        found = value.get(name)
        if isinstance(found, str) and found:
            return found
    return None


@attrs.frozen
class Options:
    """What the caller configured, read once."""

    statuses: Mapping[str, Status]  # casefolded names and ids -> ours
    categories: Mapping[str, str]  # casefolded status names and ids -> category key
    priorities: Mapping[str, Priority]
    agents: frozenset[str] | None
    channel_field: str | None
    # status()'s answers by (name, id, category), all text: a workflow has a few statuses
    known: dict[tuple[str, str | None, str | None], tuple[Status, str]] = attrs.field(
        factory=dict, eq=False, repr=False
    )


def _fold(name: Any) -> str:
    return str(name).strip().casefold()


def _ours(value: Any, path: str) -> Status:
    return Status.parse(value, path)


def _priority(value: Any, path: str) -> Priority:
    return Priority.parse(value, path)


def _mapping(value: Any, name: str) -> Mapping[Any, Any]:
    """An option that maps Jira's names to ours: ``None`` is none; no mapping is refused."""
    if value is None:
        return {}
    if not isinstance(value, MAPPING):
        raise ConfigError(
            f"expected a mapping, got {type(value).__name__} {safe_repr(value)}", path=name
        )
    for key in value:
        _id(key, name)
    return value


def _id(value: Any, name: str) -> str:
    """A Jira name or id as text: anything else would fail (or fold to nonsense) later."""
    if not isinstance(value, str) and (type(value) is not int or abs(value) >= 10**18):
        raise ConfigError(f"expected a name or an id, got {safe_repr(value)}", path=name)
    return str(value)


def _listed(value: Any, name: str) -> Iterable[Any]:
    """An option that lists items: ``None`` is none; text, a mapping or a scalar is refused."""
    if value is None:
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ConfigError(
            f"expected a list, got {type(value).__name__} {safe_repr(value)}", path=name
        )
    return value


def _categories(statuses: Iterable[Any] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for i, raw in enumerate(_listed(statuses, "statuses")):
        if not isinstance(raw, MAPPING) or not isinstance(raw.get("statusCategory"), MAPPING):
            raise ConfigError(
                f"expected a Jira status with a statusCategory, got {safe_repr(raw)}",
                path=f"statuses[{i}]",
            )
        category = str(raw["statusCategory"].get("key", "")).casefold()
        for name in (raw.get("id"), raw.get("name")):
            if name is not None:
                out[_fold(name)] = category
    return out


def options(
    status_map: Mapping[str, Any] | None,
    priority_map: Mapping[str, Any] | None,
    agents: Iterable[int | str] | None,
    statuses: Iterable[Any] | None,
    channel_field: str | None,
) -> Options:
    """Read the caller's options once; a bad one is a ``ConfigError`` naming it."""
    found = dict(STATUSES)
    for raw, ours in _mapping(status_map, "status_map").items():
        found[_fold(raw)] = _ours(ours, f"status_map.{raw}")
    prios = dict(PRIORITIES)
    for raw, ours in _mapping(priority_map, "priority_map").items():
        prios[_fold(raw)] = _priority(ours, f"priority_map.{raw}")
    if channel_field is not None and not isinstance(channel_field, str):
        raise ConfigError(
            f"expected a field name, got {safe_repr(channel_field)}", path="channel_field"
        )
    return Options(
        found,
        _categories(statuses),
        prios,
        None if agents is None else frozenset(_id(a, "agents") for a in _listed(agents, "agents")),
        channel_field,
    )


_KNOWN_AT_MOST = 1024  # statuses remembered per read: bounded whatever the export holds
_TEXT = frozenset({str, type(None)})


def status(
    name: Any, sid: Any, category: str | None, opts: Options, path: str, key: str, field: str
) -> tuple[Status, str]:
    """Our status for a Jira status (its name and id), and the name to keep as the label.

    Looked up by id, then name, in ``status_map`` and the defaults; then the status's category
    (from the issue itself or from ``statuses=``) when that category has a sound default.
    """
    # Answers are remembered by exact text (or None) only: 1, True and 1.0 are one dict key
    # but fold differently. Errors are never remembered: each names its own issue and path.
    textual = type(name) is str and type(sid) in _TEXT and type(category) in _TEXT
    if textual and (name, sid, category) in opts.known:
        return opts.known[name, sid, category]
    found = _status(name, sid, category, opts, path, key, field)
    if textual and len(opts.known) < _KNOWN_AT_MOST:
        opts.known[name, sid, category] = found
    return found


def _status(
    name: Any, sid: Any, category: str | None, opts: Options, path: str, key: str, field: str
) -> tuple[Status, str]:
    if not isinstance(name, str) or not name.strip():
        raise fail(path, key, field, name, "expected a status name")
    for probe in (sid, name):
        if probe is not None and _fold(probe) in opts.statuses:
            return opts.statuses[_fold(probe)], name.strip()
    cat = (
        category
        or opts.categories.get(_fold(sid) if sid is not None else "")
        or (opts.categories.get(_fold(name)))
    )
    if isinstance(cat, str) and cat.casefold() in STATUS_CATEGORIES:
        return STATUS_CATEGORIES[cat.casefold()], name.strip()
    known = sorted({k for k in opts.statuses if not k.isdigit()})
    raise fail(path, key, field, name, f"unknown status; expected one of {known} (pass "
               "status_map= to map a workflow's own status to one of ours)")  # fmt: skip


def priority(
    name: Any, opts: Options, path: str, key: str, field: str
) -> tuple[Priority, str | None]:
    """Our priority for a Jira priority name, and Jira's name to keep as the label.

    The label is Jira's own name as written (``"Highest"``, ``"Lowest"``, a scheme's
    ``"P0"``), so a policy can give it targets of its own; none for a project without the
    priority field.
    """
    if name is None:  # a project without the priority field
        return Priority.NORMAL, None
    found = opts.priorities.get(_fold(name)) if isinstance(name, str) else None
    if found is None or not name.strip():
        known = sorted(opts.priorities)
        raise fail(path, key, field, name, f"unknown priority; expected one of {known} (pass "
                   "priority_map= to map a scheme's own priority to one of ours)")  # fmt: skip
    return found, name.strip()
