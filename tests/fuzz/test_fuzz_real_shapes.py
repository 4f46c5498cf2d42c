"""Fuzz the readers on more shapes of real recorded data (issue 13's real exports).

Harnesses over those shapes, each checking the error contract (one
``ServiceModelError`` or a result; never another exception type, never a hang) and a law:

- ``keep`` of event logs (and in ``--map`` files) of any type: a list of names, empty,
  repeated, padded with spaces, naming activities the log never has, overlapping
  ``activity_map`` and ``ignore``. Law: a log read with ``keep`` reads as the same log with
  only the kept activities' rows (compared in collect mode: histories and errors);
- Zendesk audits whose ``satisfaction_score`` changes hold any JSON value (Zendesk's words
  ``good``, ``bad``, ``offered``, ``unoffered``, with and without ``value`` /
  ``previous_value``), several per audit, beside a ``SatisfactionRating`` event or not.
  Laws: one rating per audit that ends answered (the audit's last score), the rating event's
  when it has one; collect mode keeps every good ticket;
- a ticket without audits whose ``satisfaction_rating`` and ``updated_at`` hold anything;
- tickets repeated over files with ``updated_at`` of any shape (missing, naive, garbage,
  equal). Law: whatever the file order, the version kept is the one with the latest readable
  ``updated_at`` (the last read of equal ones);
- Jira issues with and without ``changelog``, ``resolutiondate`` / ``updated`` of any shape,
  priorities by any name or id. Laws: collect mode keeps the good issue; an issue whose
  changelog already resolves it reads the same whatever ``resolutiondate`` says (found: it
  does -- the changelog's instant is the resolution, ``resolutiondate`` is not read);
- CSV event logs whose rows carry cells past the header (quoted, empty, spaces, text), with
  or without a byte order mark, with ``\\n``, ``\\r\\n`` or old-Mac ``\\r`` line ends. Law: a
  row with a non-blank extra cell sets its case aside (named with its line) and every other
  case reads as the log without the extra cells.

Found and fixed (regressions in ``tests/test_robust_keep_and_score_changes.py``): a ``keep`` word
padded with spaces (never matched: every row left out), a blank one, and a ``keep`` matching no row
of the log (every row left out: no ticket, no error); an ``activity_map`` activity that ``keep``
leaves out (its replies dropped while the log still claimed to record replies: every ticket
unanswered); several ``satisfaction_score`` changes in one audit (each a rating at the same instant:
CSAT n counted twice).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=2000 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest tests/fuzz/test_fuzz_real_shapes.py -p no:cacheprovider
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ServiceModelError
from servicemodel.io import eventlog, jira, zendesk
from servicemodel.model import SatisfactionRating, Status, StatusChange, TicketHistory

from .conftest import assert_contract, folder, fuzz_settings, require, show, violation
from .encode import to_json
from .hostile import hostile, mutated
from .test_fuzz_cli import run_cli
from .test_fuzz_readers_layouts_and_audit_order import check_map_run

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
T0 = datetime(2026, 5, 4, 8, tzinfo=UTC)


def stamp(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


# -- keep: the only activities an event log reads -------------------------------------------------

COLUMNS = {"case": "c", "activity": "a", "timestamp": "t", "status": "v"}
STATUS_MAP = {"open": "open", "pending": "pending", "solved": "solved"}
FIELDS = ["status", "priority", "assignee", "Reply", "Status"]
#: Each field's values: a status, a priority, an agent id, a reply's text.
VALUES = {
    "status": ["open", "pending", "solved", "deleted"],
    "Status": ["open", "solved"],
    "priority": ["high", "normal"],
    "assignee": ["7501", ""],
    "Reply": ["", "thanks"],
}
KEEP_WORDS = st.sampled_from([*FIELDS, " status", "status ", "tags", "", " ", "STATUS"])


@st.composite
def field_logs(draw: st.DrawFn) -> list[dict[str, str]]:
    """A field-history log: per case, rows of several fields, in time order."""
    rows: list[dict[str, str]] = []
    for case in range(draw(st.integers(1, 4))):
        minute = case
        for _ in range(draw(st.integers(1, 5))):
            field = draw(st.sampled_from(FIELDS))
            minute += draw(st.integers(0, 90))
            value = draw(st.sampled_from(VALUES[field]))
            rows.append({"c": f"T{case}", "a": field, "t": stamp(minute), "v": value})
    return rows


def _collected(rows: list[dict[str, str]], **options: Any) -> Any:
    stream = eventlog.histories(
        rows,
        columns=COLUMNS,
        status_map=STATUS_MAP,
        tz=UTC,
        contiguous=False,
        on_error="collect",
        **options,
    )
    return stream.collect()


def _words(value: Any) -> list[str] | None:
    """``value`` as the list of names ``keep`` takes, or None when it is no such list."""
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        return None
    items = list(value)
    return items if all(isinstance(w, str) for w in items) else None


@fuzz_settings(40)
@given(
    keep=st.one_of(st.lists(KEEP_WORDS, max_size=4), hostile(), st.sets(KEEP_WORDS, max_size=3)),
    rows=field_logs(),
    replies=st.booleans(),
    ignore=st.lists(st.sampled_from(["deleted", "priority", "Reply", "status"]), max_size=2),
)
def test_keep_any_value(
    keep: Any, rows: list[dict[str, str]], replies: bool, ignore: list[str]
) -> None:
    """``keep`` of any type over a field-history log. Law: with a list of names, the log reads
    as its kept rows alone; padded names read as their text; a blank name, a name matching no
    row and an ``activity_map`` activity left out are each one ``ConfigError``."""
    amap = {"Reply": "agent_reply"} if replies else {}
    found = assert_contract(_collected, rows, keep=keep, activity_map=amap, ignore=ignore)
    words = _words(keep)
    if words is None:
        require(
            isinstance(found, ConfigError),
            "ACCEPTED",
            f"keep={show(keep)} was read",
            "keep of a wrong type read",
        )
        return
    names = {w.strip() for w in words}
    kept = [r for r in rows if r["a"] in names]
    contradiction = bool(names) and any(a not in names for a in amap)
    if any(not w.strip() for w in words) or contradiction or (names and not kept):
        require(
            isinstance(found, ConfigError),
            "SILENT",
            f"keep={words!r} (activity_map {amap}) over {[r['a'] for r in rows]}: "
            f"expected a ConfigError, got {show(found)}",
            "keep read silently",
        )
        return
    if isinstance(found, ServiceModelError):
        violation("REFUSED", f"keep={words!r}: {found!r}", "keep refused")
        return
    reference = _collected(kept if names else rows, activity_map=amap, ignore=ignore)
    # Event ids and error paths name each row's place in the log: the kept rows' differ.
    require(
        _shape(found.histories) == _shape(reference.histories)
        and len(found.errors) == len(reference.errors),
        "WRONG",
        f"keep={words!r}: {show(found.histories)} / {found.errors!r}, but its kept rows "
        f"read {show(reference.histories)} / {reference.errors!r}",
        "keep != kept rows",
    )


def _shape(histories: Iterable[TicketHistory]) -> list[Any]:
    """Each history without its events' ids."""
    return [(h.ticket, [attrs.evolve(e, id="e") for e in h.events]) for h in histories]


FIELD_MAP: dict[str, Any] = tomllib.loads(
    (ROOT / "examples" / "mappings" / "zendesk-field-history.toml").read_text("utf-8")
)


@fuzz_settings(15)
@given(
    keep=st.one_of(hostile(), mutated(FIELD_MAP["keep"]), st.lists(KEEP_WORDS, max_size=3)),
    skip=st.booleans(),
)
def test_keep_in_map_files(keep: Any, skip: bool) -> None:
    """The shipped field-history mapping with any ``keep``: the report runs or says one error."""
    mapping = {**copy.deepcopy(FIELD_MAP), "keep": keep}
    export = DATA / "eventlog" / "field_history_shape.csv"
    with folder() as tmp:
        path = tmp / "map.json"
        path.write_text(to_json(mapping), "utf-8", errors="surrogatepass")
        argv = ["report", str(export), "--source=eventlog", f"--map={path}", "--format=json"]
        if skip:
            argv.append("--skip-bad-records")
        outcome = assert_contract(run_cli, argv)
    check_map_run(outcome, argv, mapping)


# -- Zendesk: ratings from satisfaction_score changes ------------------------------------------

ZD_WORDS = ["good", "bad", "offered", "unoffered"]
ABSENT = "<absent>"
SCORES = st.one_of(
    st.sampled_from(ZD_WORDS),
    st.sampled_from(ZD_WORDS),
    st.just(ABSENT),
    JSON,
    st.sampled_from(["Good", " good", "GOOD", "good ", "great", "0", "1"]),
)


def _ticket(tid: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "created_at": stamp(0),
        "updated_at": stamp(5000),
        "status": "solved",
        "requester_id": 10,
        "via": {"channel": "web"},
        **extra,
    }


def _score(value: Any, before: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {"type": "Change", "field_name": "satisfaction_score"}
    if value is not ABSENT:
        ev["value"] = value
    if before is not ABSENT:
        ev["previous_value"] = before
    return ev


#: Ticket 2: a rating event, then a score change to bad; never touched by a harness.
OTHER = [
    {
        "id": 901,
        "ticket_id": 2,
        "created_at": stamp(10),
        "author_id": 10,
        "events": [{"id": 9011, "type": "SatisfactionRating", "score": "good"}],
    },
    {
        "id": 902,
        "ticket_id": 2,
        "created_at": stamp(20),
        "author_id": 10,
        "events": [{"id": 9021, **_score("bad", "good")}],
    },
]
OTHER_RATINGS = [(T0 + timedelta(minutes=10), 1.0), (T0 + timedelta(minutes=20), 0.0)]


def _ratings(h: TicketHistory) -> list[tuple[datetime, float]]:
    return [(e.at, e.score) for e in h.events if isinstance(e, SatisfactionRating)]


def _kept_other(result: Any, what: str, want: list[tuple[datetime, float]]) -> None:
    got = {h.id: h for h in result.histories}
    require(
        "2" in got and _ratings(got["2"]) == want,
        "LOST RECORD",
        f"{what}: ticket 2 lost or changed ({show(got.get('2'))}); errors {result.errors!r}",
        "zendesk collect lost ticket 2",
    )


def _zendesk(pages: list[Any], audits: list[Any]) -> Any:
    return zendesk.histories(pages, audits, on_error="collect").collect()


def _is_word(value: Any, words: Iterable[str]) -> bool:
    return isinstance(value, str) and value in words


def _expected(audits: list[tuple[bool, list[Any]]]) -> list[tuple[datetime, float]] | None:
    """The ratings of ticket 1, from each audit's (rating event?, score values); None: error."""
    out = []
    for minute, (event, values) in enumerate(audits, start=1):
        if event:  # the rating event's "good" is the rating; the changes say it again
            out.append((T0 + timedelta(minutes=minute), 1.0))
            continue
        if not all(_is_word(v, ZD_WORDS) for v in values):
            return None
        if values and values[-1] in ("good", "bad"):
            out.append((T0 + timedelta(minutes=minute), float(values[-1] == "good")))
    return out


@fuzz_settings(60)
@given(
    audits=st.lists(
        st.tuples(st.booleans(), st.lists(st.tuples(SCORES, SCORES), max_size=3)),
        min_size=1,
        max_size=4,
    ),
    order=st.randoms(use_true_random=False),
)
@example(audits=[(False, [("good", "offered"), ("bad", "good")])], order=Random(0))
def test_zendesk_score_changes_any_value(audits: list[tuple[bool, list[Any]]], order: Any) -> None:
    """Ticket 1's audits hold ``satisfaction_score`` changes of any value, several per audit.
    Law: one rating per audit that ends answered (its last score; the rating event's when
    there is one), an unknown score is ticket 1's error, and ticket 2 is always kept."""
    raw = []
    for minute, (event, changes) in enumerate(audits, start=1):
        events = [{"id": 1000 * minute + i, **_score(v, b)} for i, (v, b) in enumerate(changes)]
        if event:
            events.insert(
                order.randint(0, len(events)),
                {"id": 1000 * minute + 99, "type": "SatisfactionRating", "score": "good"},
            )
        raw.append(
            {
                "id": 100 + minute,
                "ticket_id": 1,
                "created_at": stamp(minute),
                "author_id": 10,
                "events": events,
            }
        )
    mixed = [*raw, *OTHER]  # grouped by ticket, in the pages' order (a stream's rule)
    pages = [{"tickets": [_ticket(1), _ticket(2)], "end_of_stream": True}]
    result = assert_contract(_zendesk, pages, mixed)
    if isinstance(result, ServiceModelError):
        violation("REFUSED", f"the whole export refused: {result!r}", "zendesk refused")
        return
    _kept_other(result, "score changes", OTHER_RATINGS)
    got = {h.id: h for h in result.histories}
    want = _expected([(e, [v for v, _ in c]) for e, c in audits])
    if want is None:
        require(
            "1" not in got and len(result.errors) == 1,
            "SILENT",
            f"an unknown score read: {show(got.get('1'))}",
            "unknown score read",
        )
        return
    require(
        "1" in got and _ratings(got["1"]) == want,
        "WRONG",
        f"ticket 1 ratings {show(got.get('1'))} / {result.errors!r}, expected {want}",
        "score ratings",
    )


@fuzz_settings(40)
@given(
    rating=st.one_of(JSON, st.fixed_dictionaries({"score": SCORES}), st.just(ABSENT)),
    updated=st.one_of(
        JSON,
        st.just(ABSENT),
        st.sampled_from([stamp(30), "2026-05-04T09:00:00", stamp(-30), "yesterday", "", stamp(0)]),
    ),
    status=st.sampled_from(["new", "open", "solved"]),
)
def test_zendesk_unaudited_rating_any_value(rating: Any, updated: Any, status: str) -> None:
    """A ticket without audits with any ``satisfaction_rating`` / ``updated_at``: read or its
    own error, ticket 2 kept; an answered rating is one rating at ``updated_at``."""
    one = _ticket(1, status=status)
    one.pop("updated_at")
    if rating is not ABSENT:
        one["satisfaction_rating"] = rating
    if updated is not ABSENT:
        one["updated_at"] = updated
    pages = [{"tickets": [one, _ticket(2)], "end_of_stream": True}]
    result = assert_contract(_zendesk, pages, OTHER)
    if isinstance(result, ServiceModelError):
        violation("REFUSED", f"the whole export refused: {result!r}", "zendesk refused")
        return
    _kept_other(result, "unaudited", OTHER_RATINGS)
    got = {h.id: h for h in result.histories}
    score = rating.get("score") if isinstance(rating, dict) else None
    if "1" in got and isinstance(rating, dict) and _is_word(score, ("good", "bad")):
        at = datetime.fromisoformat(updated).astimezone(UTC)
        require(
            _ratings(got["1"]) == [(at, float(score == "good"))],
            "WRONG",
            f"rating {rating!r} at {updated!r}: {show(got['1'])}",
            "unaudited rating",
        )
    require(
        ("1" in got) + len(result.errors) == 1,
        "LOST RECORD",
        f"ticket 1 neither read nor an error: {result!r}",
        "ticket 1 vanished",
    )


# -- Zendesk: a ticket repeated over files ----------------------------------------------------

UPDATED = st.one_of(
    st.integers(-600, 600).map(lambda m: ("at", m)),
    st.integers(-600, 600).map(lambda m: ("+02", m)),
    st.sampled_from([("naive", 0), ("garbage", 0), ("missing", 0), ("number", 0)]),
)


def _shown(kind: str, minute: int) -> Any:
    at = T0 + timedelta(days=1, minutes=minute)
    return {
        "at": at.isoformat().replace("+00:00", "Z"),
        "+02": at.astimezone(UTC)
        .astimezone(__import__("datetime").timezone(timedelta(hours=2)))
        .isoformat(),
        "naive": "2026-05-06T09:00:00",
        "garbage": "next week",
        "missing": ABSENT,
        "number": 1778000000,
    }[kind]


@fuzz_settings(40)
@given(versions=st.lists(UPDATED, min_size=2, max_size=4), order=st.permutations(range(4)))
def test_zendesk_repeated_ticket_any_updated_at(
    versions: list[tuple[str, int]], order: list[int]
) -> None:
    """A ticket given once per file with ``updated_at`` of any shape, files in any order. Law:
    the version kept is the latest readable ``updated_at`` (in UTC; the last read of equal
    ones, and of all when none is readable); every other is skipped as superseded."""
    files = [i for i in order if i < len(versions)]
    with folder() as tmp:
        paths = []
        for n in files:
            ticket = _ticket(7, tags=[f"v{n}"], status="new")
            shown = _shown(*versions[n])
            ticket.pop("updated_at")
            if shown is not ABSENT:
                ticket["updated_at"] = shown
            path = tmp / f"tickets_{n}.json"
            path.write_text(json.dumps({"tickets": [ticket], "end_of_stream": True}), "utf-8")
            paths.append(path)
        result = assert_contract(zendesk.load, paths, on_error="collect")
    if isinstance(result, ServiceModelError):
        violation("REFUSED", f"{versions} refused: {result!r}", "repeated refused")
        return

    def key(pos: int) -> tuple[datetime, int]:
        kind, minute = versions[files[pos]]
        readable = kind in ("at", "+02")
        return (
            T0 + timedelta(days=1, minutes=minute)
            if readable
            else datetime.min.replace(tzinfo=UTC),
            pos,
        )

    newest = files[max(range(len(files)), key=key)]
    (h,) = result.histories
    require(
        h.ticket.tags == frozenset({f"v{newest}"}),
        "WRONG",
        f"versions {[versions[n] for n in files]} in that order: kept {h.ticket.tags}, "
        f"expected v{newest}",
        "repeated ticket version",
    )
    require(
        len(result.skipped) == len(files) - 1,
        "WRONG",
        f"skipped {result.skipped!r}",
        "repeated skipped count",
    )


# -- Jira: issues with and without their changelog ------------------------------------------

DONE = {"id": "10001", "name": "Done", "statusCategory": {"key": "done"}}
OPEN = {"id": "1", "name": "Open", "statusCategory": {"key": "new"}}
PRIORITY_NAMES = [
    "Blocker",
    "critical",
    "MAJOR",
    "Minor",
    "Trivial",
    "Highest",
    "Medium",
    "Lowest",
    "P1",
    "",
    " Major ",
    "Blocker\u00a0",
]
JIRA_STAMPS = st.one_of(
    st.integers(-3000, 3000).map(
        lambda m: (T0 + timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    ),
    st.sampled_from(
        ["2026-05-06T10:30:00.000", "soon", "", "2026-05-06", "9999-12-31T23:59:59.999-1400"]
    ),
    JSON,
)


def _issue(key: str, status: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "id": key[4:],
        "key": key,
        "fields": {
            "created": T0.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
            "status": status,
            "reporter": {"accountId": "c-1"},
            "priority": {"id": "3", "name": "Medium"},
            **fields,
        },
    }


def _changelog(minutes: int) -> dict[str, Any]:
    created = (T0 + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    item = {"field": "status", "from": "1", "fromString": "Open", "to": "10001", "toString": "Done"}
    return {
        "histories": [
            {"id": "1", "created": created, "author": {"accountId": "a-1"}, "items": [item]}
        ]
    }


GOOD_ISSUE = _issue(
    "OPS-2",
    DONE,
    resolutiondate="2026-05-04T10:00:00.000+0000",
    updated="2026-05-04T11:00:00.000+0000",
)


def _jira(issues: list[Any]) -> Any:
    page = {"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues}
    return jira.histories([page], on_error="collect").collect()


def _absent(fields: dict[str, Any], name: str, value: Any) -> None:
    if value is not ABSENT:
        fields[name] = value


@fuzz_settings(60)
@given(
    resolved=st.one_of(JIRA_STAMPS, st.just(ABSENT), st.none()),
    updated=st.one_of(JIRA_STAMPS, st.just(ABSENT), st.none()),
    priority=st.one_of(
        st.fixed_dictionaries(
            {
                "id": st.one_of(st.text(max_size=3), JSON),
                "name": st.one_of(st.sampled_from(PRIORITY_NAMES), JSON),
            }
        ),
        JSON,
        st.just(ABSENT),
    ),
    changelog=st.one_of(st.just(ABSENT), st.integers(1, 600).map(lambda m: ("log", m)), JSON),
    done=st.booleans(),
)
def test_jira_unexpanded_issues_any_fields(
    resolved: Any, updated: Any, priority: Any, changelog: Any, done: bool
) -> None:
    """An issue with or without its changelog and ``resolutiondate`` / ``updated`` /
    ``priority`` of any shape: read or its own error, the good issue kept. Law: an issue
    whose changelog resolves it reads the same whatever ``resolutiondate`` says."""
    issue = _issue("OPS-1", DONE if done else OPEN)
    fields = issue["fields"]
    _absent(fields, "resolutiondate", resolved)
    _absent(fields, "updated", updated)
    _absent(fields, "priority", priority)
    solved_at = changelog[1] if isinstance(changelog, tuple) else None
    if solved_at is not None:
        issue["changelog"] = _changelog(solved_at)
    elif changelog is not ABSENT:
        issue["changelog"] = changelog
    result = assert_contract(_jira, [issue, copy.deepcopy(GOOD_ISSUE)])
    if isinstance(result, ServiceModelError):
        violation("REFUSED", f"the page refused: {result!r}", "jira refused")
        return
    got = {h.id: h for h in result.histories}
    require(
        "OPS-2" in got and ("OPS-1" in got) + len(result.errors) == 1,
        "LOST RECORD",
        f"issue OPS-2 lost or OPS-1 vanished: {show(got)} / {result.errors!r}",
        "jira collect lost",
    )
    if "OPS-1" not in got or solved_at is None or not done:
        return
    plain = copy.deepcopy(issue)
    plain["fields"].pop("resolutiondate", None)
    reference = _jira([plain])
    require(
        list(reference.histories) == [got["OPS-1"]],
        "WRONG",
        f"resolutiondate {resolved!r} changed an issue its changelog resolves: "
        f"{show(got['OPS-1'])} vs {show(reference.histories)}",
        "resolutiondate read",
    )
    statuses = [(e.at, e.status) for e in got["OPS-1"].events if isinstance(e, StatusChange)]
    require(
        statuses[-1:] == [(T0 + timedelta(minutes=solved_at), Status.SOLVED)],
        "WRONG",
        f"changelog says solved at +{solved_at} min: {statuses}",
        "changelog instant",
    )


# -- CSV rows with more cells than the header --------------------------------------------------

LOG_OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "at"},
    "status_map": {"Open": "open", "Resolved": "solved"},
    "activity_map": {"Reply": "agent_reply"},
}
EXTRAS = st.sampled_from(['""', "", " ", "\t", "x", '"a,b"', '" "', "0", '"x"'])


def _blank(cell: str) -> bool:
    return not cell.strip().strip('"').strip() and cell.count('"') in (0, 2)


@fuzz_settings(40)
@given(
    cases=st.lists(
        st.lists(
            st.tuples(st.sampled_from(["Open", "Reply", "Resolved"]), st.lists(EXTRAS, max_size=2)),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=4,
    ),
    end=st.sampled_from(["\n", "\r\n", "\r"]),
    bom=st.booleans(),
    last_end=st.booleans(),
)
def test_csv_extra_cells_any_line_end(
    cases: list[list[tuple[str, list[str]]]], end: str, bom: bool, last_end: bool
) -> None:
    """A log whose rows carry cells past the header, with any line end and a byte order mark
    or none. Law: a case with a non-blank extra cell is one error naming its line; every other
    case reads as the same log without extra cells."""
    lines, plain, broken = ["case,activity,at"], ["case,activity,at"], set()
    for c, rows in enumerate(cases):
        for r, (activity, extra) in enumerate(rows):
            cells = [f"C{c}", activity, stamp(10 * c + r)]
            plain.append(",".join(cells))
            lines.append(",".join(cells + extra))
            if not all(_blank(x) for x in extra):
                broken.add(f"C{c}")

    def text(parts: list[str]) -> str:
        return ("\ufeff" if bom else "") + end.join(parts) + (end if last_end else "")

    with folder() as tmp:
        (tmp / "log.csv").write_text(text(lines), "utf-8", newline="")
        (tmp / "plain.csv").write_text(text(plain), "utf-8", newline="")
        found = assert_contract(eventlog.load, tmp / "log.csv", on_error="collect", **LOG_OPTIONS)
        reference = eventlog.load(tmp / "plain.csv", on_error="collect", **LOG_OPTIONS)
    if isinstance(found, ServiceModelError):
        violation("REFUSED", f"log refused: {found!r}\n{text(lines)!r}", "csv refused")
        return
    want = [h for h in reference.histories if h.id not in broken]
    require(
        list(found.histories) == want and len(found.errors) == len(broken),
        "WRONG",
        f"{text(lines)!r}: read {[h.id for h in found.histories]} / {found.errors!r}; "
        f"expected {[h.id for h in want]} and {len(broken)} errors",
        "extra cells",
    )
    require(
        all(e.line is not None and e.line > 1 for e in found.errors),
        "NO LINE",
        f"an error without its line: {found.errors!r}",
        "extra cell line",
    )
