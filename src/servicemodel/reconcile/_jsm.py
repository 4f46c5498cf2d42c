"""Private: Jira Service Management's SLA cycles read into vendor verdicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._validators import check_on_error
from servicemodel.errors import ConfigError, InputTypeError, RecordError, require_instant
from servicemodel.io import OnError

# The Jira adapter's translation layer: one error shape for every Jira record.
from servicemodel.io.jira._shared import (
    BOOL,
    duration,
    fail,
    first_gap,
    instant,
    issues_of,
    listing,
    mapping,
    short_page,
    text,
)
from servicemodel.reconcile._verdict import VendorVerdict
from servicemodel.sla import Metric

__all__ = ["JSM_SLA_NAMES", "jsm_verdicts"]

#: The SLAs a new JSM service project starts with, compared case-insensitively, and our
#: metric for each. Others (``Time to close after resolution``, ``Time to approve normal
#: change``, any an admin adds) have no default: name them in ``names=``.
JSM_SLA_NAMES: Mapping[str, Metric] = {
    "time to first response": Metric.FIRST_REPLY,
    "time to resolution": Metric.RESOLUTION,
}

_Key = tuple[str, str, int]


def _is_sla(value: Any) -> bool:
    return isinstance(value, Mapping) and ("completedCycles" in value or "ongoingCycle" in value)


def _flag(c: Mapping[str, Any], name: str, path: str, key: str, *, required: bool) -> bool | None:
    value = c.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, bool):
        raise fail(f"{path}.{name}", key, name, value, "expected true or false")
    return value


def _optional_duration(c: Mapping[str, Any], name: str, path: str, key: str) -> timedelta | None:
    """A goal or counted time: a duration of 0 or more (``remainingTime``, negative once
    breached, is not read)."""
    value = c.get(name)
    if value is None:
        return None
    found = duration(value, f"{path}.{name}", key, name)
    if found < timedelta(0):
        # A negative counted time was compared with ours as given ("counted time differs").
        raise fail(f"{path}.{name}", key, name, value, "expected a duration of 0 or more")
    return found


def _cycle(
    c: Any, path: str, key: str, base: dict[str, Any], *, ongoing: bool, read_at: datetime | None
) -> dict[str, Any] | None:
    c = mapping(c, path, key, "cycle")
    goal = _optional_duration(c, "goalDuration", path, key)
    if goal is None:
        # No goalDuration: a goal of "No target". The field is optional in the REST API's
        # SlaInformation*CycleDTO, and the Java API's getGoalDuration() is a nullable Long
        # where getBreached() is a plain boolean (docs.atlassian.com/jira-servicedesk/10.3.2/
        # com/atlassian/servicedesk/api/sla/info/SlaInformationCompletedCycle.html). JSM
        # times such a cycle but can neither meet nor breach it: no verdict, as for a Zendesk
        # clock without an SLA.
        return None
    started = _optional_instant(c, "startTime", path, key)
    breached = _flag(c, "breached", path, key, required=True)
    breach = c.get("breachTime")
    breach_at = None if breach is None else instant(breach, f"{path}.breachTime", key, "breachTime")
    elapsed = _optional_duration(c, "elapsedTime", path, key)
    out = dict(base, started_at=started, target=goal)
    # The breach instant counts only for a breached cycle: an ongoing one gives the projected
    # breach, which has not happened.
    out["breached_at"] = breach_at if breached else None
    if ongoing:
        out["state"] = "breached" if breached else "active"
        out["paused"] = _flag(c, "paused", path, key, required=False)
        # ``withinCalendarHours`` says whether the clock stood inside its calendar's working
        # hours when read, not which calendar it uses: real exports show it false on cycles
        # whose goals run on working hours and were read at lunch, and true on 24/7 SLAs.
        # Only false tells the calendar: a 24/7 clock is never outside its hours.
        within = _flag(c, "withinCalendarHours", path, key, required=False)
        out["business"] = True if within is False else None
        # An ongoing cycle's elapsedTime and paused are computed when the record is fetched,
        # and the record does not say when that was (SlaInformationOngoingCycleDTO has no
        # such field): its counted time is read only with ``read_at``, the fetch instant, so
        # that it is compared with ours at that instant.
        if read_at is not None:
            out.update(elapsed=elapsed, elapsed_at=read_at, paused_at=read_at)
    else:
        out["state"] = "breached" if breached else "achieved"
        stopped = _optional_instant(c, "stopTime", path, key)
        if stopped is not None and started is not None and stopped < started:
            # Compared in UTC (aware datetimes): a cycle cannot stop before it started.
            why = f"before the cycle's startTime {started.isoformat()}"
            raise fail(f"{path}.stopTime", key, "stopTime", c.get("stopTime"), why)
        # A completed cycle's elapsedTime is counted to its stop (unknown without stopTime).
        out.update(fulfilled_at=stopped, elapsed=elapsed,
                   elapsed_at=None if elapsed is None else stopped)  # fmt: skip
    return out


def _optional_instant(c: Mapping[str, Any], name: str, path: str, key: str) -> datetime | None:
    """A cycle's instant; JSM's old SLA display format (``slaDisplayFormat:
    "OLD_SLA_FORMAT"``) gives completed cycles without ``startTime`` and ``stopTime``."""
    value = c.get(name)
    return None if value is None else instant(value, f"{path}.{name}", key, name)


def _one_sla(
    raw: Any, path: str, key: str, names: Mapping[str, Metric | None], read_at: datetime | None
) -> list[VendorVerdict]:
    sla = mapping(raw, path, key, "SLA")
    name = text(sla.get("name"), f"{path}.name", key, "name")
    ours = names.get(name.strip().casefold())
    base: dict[str, Any] = {"policy": name, "source": "jsm",
                            "our_metric": None if ours is None else ours.value}  # fmt: skip
    done = sla.get("completedCycles")
    done = listing([] if done is None else done, f"{path}.completedCycles", key, "cycles")
    cycles = [_cycle(c, f"{path}.completedCycles[{i}]", key, base, ongoing=False, read_at=None)
              for i, c in enumerate(done)]  # fmt: skip
    if sla.get("ongoingCycle") is not None:
        cycles.append(_cycle(sla["ongoingCycle"], f"{path}.ongoingCycle", key, base,
                             ongoing=True, read_at=read_at))  # fmt: skip
    goals = [c["target"] for c in cycles if c is not None]
    notes: tuple[str, ...] = ()
    if len(set(goals)) > 1:
        notes = (f"the vendor's goal changed between cycles ({', '.join(map(str, goals))})",)
    # Numbered before the cycles without a goal are left out: cycle n stays instance n.
    return [
        VendorVerdict(key, name, n, our_cycle=n - 1, notes=notes, **c)
        for n, c in enumerate(cycles, 1)
        if c is not None
    ]


def _slas_of_issue(path: str, raw: Any) -> Iterator[tuple[str, str, Any]]:
    """(path, issue key, SLA object) for each SLA field of an issue, found by its shape."""
    issue = mapping(raw, path, None, "issue")
    key = text(issue.get("key"), f"{path}.key", None, "key")
    fields = mapping(issue.get("fields"), f"{path}.fields", key, "fields")
    for fid, value in fields.items():
        if _is_sla(value):
            yield f"{path}.fields.{fid}", key, value


def _slas_of_response(key: str, raw: Any) -> Iterator[tuple[str, str, Any]]:
    """(path, issue key, SLA object) from a ``/request/{key}/sla`` response (or its values,
    or a list of its pages)."""
    where = f"sla[{key!r}]"
    if _is_sla(raw):
        yield where, key, raw
        return
    if isinstance(raw, list) and raw and all(isinstance(p, Mapping) and "values" in p for p in raw):
        pages = [(f"{where}[{p}]", page) for p, page in enumerate(raw)]  # every page, in a list
    else:
        pages = [(where, raw)]
    short = short_page(pages, "isLastPage")
    if short is not None:
        # The response is paged (``start``, ``limit``, ``isLastPage``): a request's last SLAs
        # on a page not given would read as "vendor has no clock for it".
        at, flag = short
        why = (
            f"the SLA page(s) end before the last one; fetch the rest "
            f"(/rest/servicedeskapi/request/{key}/sla?start=N) and give every page as a list"
        )
        raise fail(f"{at}.isLastPage", key, "isLastPage", flag, why if flag is False else BOOL)
    gap = first_gap(pages)
    if gap is not None:  # a page not given before the last one: its SLAs would be lost too
        at, start, held = gap
        why = (
            f"no page holds SLAs {safe_repr(held)} to {safe_repr(start - 1)}; fetch them "
            f"(/rest/servicedeskapi/request/{key}/sla?start={safe_repr(held)}) and give every "
            "page as a list"
        )
        raise fail(f"{at}.start", key, "start", start, why)
    located = []
    for at, page in pages:
        values = page.get("values") if isinstance(page, Mapping) else page
        listed = listing(values, f"{at}.values", key, "values")
        located += [(f"{at}.values[{i}]", sla) for i, sla in enumerate(listed)]
    for at, sla in _once_by_name(located, key):
        yield at, key, sla


def _sla_id(sla: Mapping[str, Any]) -> str | None:
    """An SLA record's ``id`` as text (the REST API gives a string, the Java API an
    Integer), or ``None`` when it has none to tell it by."""
    value = sla.get("id")
    if type(value) is int and abs(value) < 10**18:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


#: The keys that address an SLA record rather than say what it holds: its ``id`` (the SLA
#: metric's) and ``_links`` (whose ``self`` ends in that id). A copy that lacks the id is
#: compared with one that has it on the rest.
_ADDRESS = ("id", "_links")


def _contents(sla: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sla.items() if k not in _ADDRESS}


def _equal(a: Any, b: Any) -> bool:
    """``a == b``, false where the comparison raises (a value no JSON holds, such as a
    numpy array, whose ``==`` has no one truth value): such copies are told apart."""
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _same(first: Mapping[str, Any], copy: Mapping[str, Any], addressed: bool) -> bool:
    """Whether ``copy`` says what ``first`` says of one SLA (see ``_once_by_name``)."""
    if _equal(first, copy):
        return True
    if not _equal(_contents(first), _contents(copy)):
        return False
    # Neither has an id: two _links (which end in the id) are all that tells two SLAs apart.
    links = first.get("_links"), copy.get("_links")
    return addressed or links[0] is None or links[1] is None or _equal(*links)


def _once_by_name(located: list[tuple[str, Any]], key: str) -> list[tuple[str, Any]]:
    """Each SLA of a response once: overlapping pages give some twice. Two records are the
    same SLA when their ``id`` (the SLA metric's id) agrees, both having one -- an SLA
    renamed between two fetches is still one SLA -- else when their ``name`` does. The
    ``id`` is optional in the REST API's record (``SlaInformationDTO``: ``id``, ``name``,
    ``_links``, ``completedCycles``, ``ongoingCycle``, ``slaDisplayFormat``), so a copy
    without one is matched by name with the one SLA of that name (two SLAs of one name with
    different ids are an error anyway, below). Copies of one SLA are compared on what they
    hold, their ``id`` and ``_links`` aside (an id written ``2`` by one fetch and ``"2"`` by
    another, a ``_links`` of another base URL or left out, is the same SLA), except two
    copies without an id that both have ``_links``: those, which end in the id, are all that
    tells them apart. A copy equal to the first is dropped; two different records of one
    SLA (pages fetched at different times, cycles that moved on or a rename between them)
    are the issue's error naming both places -- never a silent pick of one. Two SLAs of
    different ids under one name are its error too: the verdicts are told apart by name."""
    by_id: dict[str, tuple[str, Any]] = {}
    by_name: dict[str, list[tuple[str, Any, str | None]]] = {}
    out = []
    for at, sla in located:
        name = sla.get("name") if isinstance(sla, Mapping) else None
        if not isinstance(name, str):  # no name to tell it by: its reader says what is wrong
            out.append((at, sla))
            continue
        ident = _sla_id(sla)
        seen = None if ident is None else by_id.get(ident)
        # Compared on what they hold unless neither copy has an id (see the docstring).
        addressed = seen is not None
        if seen is None:
            for n, (other_at, other, other_id) in enumerate(by_name.get(name, ())):
                if ident is not None and other_id is not None:  # ids differ: another SLA
                    why = (
                        f"two SLAs named {safe_repr(name)} have different ids ({other_id} at "
                        f"{other_at}, {ident} here); the verdicts are told apart by name"
                    )
                    raise fail(at, key, "id", sla.get("id"), why)
                seen, addressed = (other_at, other), ident is not None or other_id is not None
                if ident is not None and _equal(_contents(other), _contents(sla)):
                    # The first copy had no id and this one agrees: later copies are
                    # compared with this one, which names the SLA.
                    by_id[ident] = (at, sla)
                    by_name[name][n] = (at, sla, ident)
                break
        if seen is None:
            if ident is not None:
                by_id[ident] = (at, sla)
            by_name.setdefault(name, []).append((at, sla, ident))
            out.append((at, sla))
        elif not _same(seen[1], sla, addressed):
            old = seen[1].get("name")
            renamed = "" if old == name else f", named {safe_repr(old)} with the same id"
            why = (
                f"SLA {safe_repr(name)} is given twice with different contents (first at "
                f"{seen[0]}{renamed}): the pages contradict each other; fetch them again "
                "together"
            )
            raise fail(at, key, "name", name, why)
    return out


def _sources(issues: Iterable[Any], sla: Mapping[str, Any] | None) -> Iterator[Any]:
    for found in issues_of(issues):
        if isinstance(found, RecordError):
            yield found
            continue
        try:
            yield from _slas_of_issue(*found)
        except RecordError as exc:
            yield exc
    for key, raw in (sla or {}).items():
        try:
            yield from _slas_of_response(str(key), raw)
        except RecordError as exc:
            yield exc


def _names(names: Mapping[str, str | Metric | None] | None) -> dict[str, Metric | None]:
    out: dict[str, Metric | None] = dict(JSM_SLA_NAMES)
    if names is not None and not isinstance(names, Mapping):
        raise InputTypeError(
            f"names: expected a mapping of SLA names to metrics, got {type(names).__name__} "
            f"{safe_repr(names)}"
        )
    for name, ours in (names or {}).items():
        try:
            out[str(name).strip().casefold()] = None if ours is None else Metric(ours)
        except ValueError:
            known = [m.value for m in Metric]
            why = f"unknown metric {safe_repr(ours)}; expected one of {known} or None"
            raise ConfigError(why, path=f"names.{name}") from None
    return out


def jsm_verdicts(
    issues: Iterable[Mapping[str, Any]] = (),
    *,
    sla: Mapping[str, Any] | None = None,
    names: Mapping[str, str | Metric | None] | None = None,
    read_at: datetime | None = None,
    on_error: OnError = "raise",
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """JSM's SLA verdicts, one per issue, SLA and cycle (completed or ongoing).

    Reads SLA records (``completedCycles``, ``ongoingCycle``) from the SLA fields of
    ``issues`` (search pages or bare issues, as for
    [`servicemodel.io.jira.histories`][servicemodel.io.jira.histories]; a field holding an SLA
    is found by its shape) and from ``sla``, a mapping from an issue key to its
    ``/rest/servicedeskapi/request/{key}/sla`` response. Cycle *n* of an SLA is instance *n*
    and our cycle *n* − 1; a cycle without a ``goalDuration`` (a "No target" goal) gives no
    verdict. ``names`` maps SLA names to our metrics (over ``JSM_SLA_NAMES``;
    ``None``: no metric of ours). An ongoing cycle's ``elapsedTime`` and ``paused`` are
    JSM's figures at the instant the record was fetched, which the record does not carry:
    ``read_at`` is that instant (aware), and without it an ongoing cycle's counted time is
    not read (it would be compared with ours at another instant); a completed cycle's is
    counted to its ``stopTime``. An SLA given by more than one record -- in an issue's SLA
    field and in its ``sla=`` response, or in two copies of the issue -- is read from the
    last one, whole, the ``sla=`` responses last: its cycles are never those of two fetches
    mixed (a response with fewer cycles than the field keeps none of the field's), and the
    same SLA is told by its ``id`` where the later record has one (renamed between two
    fetches), else by its name. Returns the verdicts sorted by issue, SLA and cycle, and the
    errors set aside (``on_error="collect"``; one bad SLA record costs only its own cycles,
    an earlier record of the SLA then standing).

    Examples:
        >>> rec = {"name": "Time to first response", "completedCycles": [
        ...     {"startTime": {"iso8601": "2026-03-02T09:00:00+0100"},
        ...      "stopTime": {"epochMillis": 1772442000000},
        ...      "breachTime": {"iso8601": "2026-03-02T10:00:00+0100"}, "breached": True,
        ...      "goalDuration": {"millis": 3600000}, "elapsedTime": {"millis": 7200000}}]}
        >>> (v,), errors = jsm_verdicts(sla={"SD-1": {"values": [rec]}})
        >>> v.state, v.our_metric, v.our_cycle, v.target, v.breached_at.isoformat()
        ('breached', 'first_reply', 0, datetime.timedelta(seconds=3600), '2026-03-02T10:00:00+01:00')
    """  # noqa: E501
    table = _names(names)
    check_on_error(on_error)
    if read_at is not None:
        require_instant(read_at, "read_at")
    if sla is not None and not isinstance(sla, Mapping):
        raise InputTypeError(
            f"sla: expected a mapping of issue key to its SLA response, got {safe_repr(sla)}"
        )
    # Each SLA of each issue from the last record read of it, whole: a later record replaces
    # every cycle of an earlier one (its cycle n, and the cycles it no longer has), so the
    # cycles of two fetches are never mixed. The ``sla=`` responses are read after the issues.
    found: dict[tuple[str, str], list[VendorVerdict]] = {}
    named: dict[tuple[str, str], str] = {}  # (issue, SLA id) -> the name it was last read by
    errors: list[RecordError] = []
    for item in _sources(issues, sla):
        try:
            if isinstance(item, RecordError):
                raise item
            at, key, raw = item
            cycles = _one_sla(raw, at, key, table, read_at)
            _replace(found, named, key, raw, cycles)
        except RecordError as exc:
            if on_error == "raise":
                raise
            errors.append(exc)
    out = [v for cycles in found.values() for v in cycles]
    return tuple(sorted(out, key=_order)), tuple(errors)


def _order(v: VendorVerdict) -> _Key:
    return (v.ticket_id, v.metric, v.instance)


def _replace(
    found: dict[tuple[str, str], list[VendorVerdict]],
    named: dict[tuple[str, str], str],
    key: str,
    raw: Mapping[str, Any],
    cycles: list[VendorVerdict],
) -> None:
    """Put ``cycles``, read from ``raw``, in place of every cycle read before of the same SLA
    of issue ``key``: the same ``id`` when the record has one (an SLA renamed between two
    fetches is still one), else the same name."""
    name = str(raw["name"])  # as _one_sla read it: a non-blank text, or a number's decimal
    ident = _sla_id(raw)
    if ident is not None:
        before = named.get((key, ident))
        if before is not None and before != name:
            found.pop((key, before), None)
        named[(key, ident)] = name
    found[(key, name)] = cycles
