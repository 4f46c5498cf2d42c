"""Overlapping exports: a ticket or a child record read twice by ``load`` is read once.

Analysts load overlapping runs together (yesterday's and today's incremental export, or a
paginated walk during which tickets changed, so a ticket comes on two pages: Zendesk's
incremental export docs and Jira's search paging both say this happens). For each of the
three sources, on the fixtures in ``tests/data/<source>/``: any overlapping copy of a subset
of the records, in any order and in files given in any order, loads the same histories as the
files alone; a newer version of a ticket wins whatever the files' order, and an older copy
read last never does. The references are independent loads of files written by hand: the
fixtures as they are, or with the ticket replaced by its newer version in place.
"""

from __future__ import annotations

import copy
import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _export_files import read_export, write_export
from servicemodel.io import freshdesk, history_to_dict, jira, zendesk
from servicemodel.io._source import LoadResult

DATA = Path(__file__).parent / "data"
Files = list[tuple[str, Any]]  # (file name, its parsed content: a value, or lines' values)


@contextmanager
def _written(files: Files) -> Iterator[list[Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        yield [write_export(Path(tmp), name, content) for name, content in files]


@dataclass(frozen=True)
class Source:
    """One adapter: its fixture files, its load, and where its tickets are in a file."""

    name: str
    files: tuple[str, ...]
    load: Callable[[list[Path]], LoadResult]
    tickets_in: Callable[[str, Any], list[dict[str, Any]]]  # the file's ticket records
    children_in: Callable[[str, Any], list[dict[str, Any]]]  # its child records
    copies: Callable[[list[dict[str, Any]], list[dict[str, Any]], random.Random], Files]
    newer: Callable[[dict[str, Any], int], dict[str, Any]]  # a later version, a field changed
    alone: Callable[[dict[str, Any]], tuple[str, Any]]  # a file holding one ticket

    def fixture(self) -> Files:
        return [(name, read_export(DATA / self.name / name)) for name in self.files]


def _zendesk_tickets(name: str, content: Any) -> list[dict[str, Any]]:
    return content["tickets"] if name.startswith("tickets") else []  # type: ignore[no-any-return]


def _zendesk_children(name: str, content: Any) -> list[dict[str, Any]]:
    return content if name.startswith("audits") else []  # type: ignore[no-any-return]


def _zendesk_copies(tickets: list[Any], audits: list[Any], rnd: random.Random) -> Files:
    out: Files = []
    if tickets:
        out.append(("again_tickets.json", {"tickets": tickets, "end_of_stream": True}))
    if audits:
        out.append(("again_audits.jsonl", audits))
    return out


def _later(text: str, hours: int) -> str:
    return (datetime.fromisoformat(text).astimezone(UTC) + timedelta(hours=hours)).isoformat()


def _zendesk_newer(ticket: dict[str, Any], hours: int) -> dict[str, Any]:
    out = copy.deepcopy(ticket)
    out["updated_at"] = _later(ticket["updated_at"], hours)
    out["tags"] = [*ticket.get("tags", []), "changed-later"]
    return out


def _freshdesk_tickets(name: str, content: Any) -> list[dict[str, Any]]:
    return content if name.startswith("tickets") else []  # type: ignore[no-any-return]


def _freshdesk_children(name: str, content: Any) -> list[dict[str, Any]]:
    return [] if name.startswith("tickets") else content  # type: ignore[no-any-return]


def _freshdesk_copies(tickets: list[Any], children: list[Any], rnd: random.Random) -> Files:
    # Each record says what it is: one file holds them all, in any order.
    mixed = tickets + children
    rnd.shuffle(mixed)
    return [("again.jsonl", mixed)] if mixed else []


def _freshdesk_newer(ticket: dict[str, Any], hours: int) -> dict[str, Any]:
    out = copy.deepcopy(ticket)
    out["updated_at"] = _later(ticket["updated_at"], hours)
    out["priority"] = 1 if ticket.get("priority") != 1 else 4
    return out


def _jira_tickets(name: str, content: Any) -> list[dict[str, Any]]:
    return content["issues"]  # type: ignore[no-any-return]


def _jira_copies(issues: list[Any], _: list[Any], rnd: random.Random) -> Files:
    if not issues:
        return []
    if rnd.random() < 0.5:  # bare issues, one a line
        return [("again.jsonl", issues)]
    # A page of another run of the search: issues where they stand in it.
    every = [raw for _, page in _jira().fixture() for raw in page["issues"]]
    start = rnd.randrange(len(every))
    end = rnd.randrange(start, len(every)) + 1
    return [
        ("again_page.json", {"startAt": start, "total": len(every), "issues": every[start:end]})
    ]


def _jira_newer(issue: dict[str, Any], hours: int) -> dict[str, Any]:
    out = copy.deepcopy(issue)
    # An issue without `updated` is older than any with one.
    was = issue["fields"].get("updated") or "2026-03-06T00:00:00.000+0100"
    out["fields"]["updated"] = _later(was, hours)
    out["fields"]["labels"] = [*issue["fields"].get("labels", []), "changed-later"]
    return out


def _jira_load(files: list[Path]) -> LoadResult:
    return jira.load(files, status_map={"Awaiting Vendor": "on_hold"}, on_error="collect")


def _zendesk() -> Source:
    return Source(
        "zendesk",
        ("tickets_page1.json", "tickets_page2.json", "audits.jsonl"),
        lambda files: zendesk.load(files, status_map={"9002": "pending"}, on_error="collect"),
        _zendesk_tickets,
        _zendesk_children,
        _zendesk_copies,
        _zendesk_newer,
        lambda t: ("newer.json", {"tickets": [t], "end_of_stream": True}),
    )


def _freshdesk() -> Source:
    names = ("tickets_page1.json", "tickets_page2.json", "tickets_page3.json",
             "conversations_101.json", "conversations_102.json", "conversations_more.json",
             "satisfaction_ratings.json")  # fmt: skip
    return Source(
        "freshdesk",
        names,
        lambda files: freshdesk.load(files, status_map={6: "on_hold"}, on_error="collect"),
        _freshdesk_tickets,
        _freshdesk_children,
        _freshdesk_copies,
        _freshdesk_newer,
        lambda t: ("newer.json", [t]),
    )


def _jira() -> Source:
    return Source(
        "jira",
        ("search_page1.json", "search_page2.json"),
        _jira_load,
        _jira_tickets,
        lambda name, content: [],
        _jira_copies,
        _jira_newer,
        lambda t: ("newer.jsonl", [t]),
    )


SOURCES = [_zendesk(), _freshdesk(), _jira()]


def _by_id(result: LoadResult) -> dict[str, dict[str, Any]]:
    out = {h.id: history_to_dict(h) for h in result.histories}
    assert len(out) == len(result.histories)  # each ticket once
    return out


def _kept_skips(result: LoadResult) -> set[tuple[str, str]]:
    return {(s.id, s.reason) for s in result.skipped if not s.reason.startswith("superseded")}


# -- the law: an overlapping copy changes nothing ---------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
@given(rnd=st.randoms(use_true_random=False))
def test_an_overlapping_copy_loads_the_same_histories(source: Source, rnd: random.Random) -> None:
    fixture = source.fixture()
    tickets = [t for name, c in fixture for t in source.tickets_in(name, c)]
    children = [r for name, c in fixture for r in source.children_in(name, c)]
    again_t = [copy.deepcopy(t) for t in tickets if rnd.random() < 0.5]
    again_c = [copy.deepcopy(r) for r in children if rnd.random() < 0.5]
    rnd.shuffle(again_t)
    rnd.shuffle(again_c)
    files = fixture + source.copies(again_t, again_c, rnd)
    rnd.shuffle(files)
    with _written(source.fixture()) as alone, _written(files) as overlapping:
        want, got = source.load(alone), source.load(overlapping)
    assert want.histories  # the fixture loads something to compare
    assert _by_id(got) == _by_id(want)
    assert _kept_skips(got) == _kept_skips(want)
    # Nor an error of its own: no ticket "twice", no page "repeated", no audit doubled.
    assert {e.message for e in got.errors} == {e.message for e in want.errors}


# -- the law: the newer version wins, whatever the order ------------------------------------


def _good_ticket(source: Source, index: int) -> str:
    with _written(source.fixture()) as alone:
        ids = sorted(_by_id(source.load(alone)))
    return ids[index % len(ids)]


def _replaced(source: Source, tid: str, newer: dict[str, Any]) -> Files:
    files = source.fixture()
    for name, content in files:
        records = source.tickets_in(name, content)
        for i, rec in enumerate(records):
            if str(rec.get("id" if source.name != "jira" else "key")) == tid:
                records[i] = newer
    return files


def _ticket(source: Source, tid: str) -> dict[str, Any]:
    for name, content in source.fixture():
        for rec in source.tickets_in(name, content):
            if str(rec.get("id" if source.name != "jira" else "key")) == tid:
                return rec
    raise KeyError(tid)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
@given(index=st.integers(0, 20), hours=st.integers(1, 2000), rnd=st.randoms(use_true_random=False))
def test_the_newer_version_wins_in_any_order(
    source: Source, index: int, hours: int, rnd: random.Random
) -> None:
    tid = _good_ticket(source, index)
    newer = source.newer(_ticket(source, tid), hours)
    files = [*source.fixture(), source.alone(newer)]
    rnd.shuffle(files)
    # The reference: the fixture with the ticket replaced in place, never read twice.
    with _written(_replaced(source, tid, newer)) as replaced, _written(source.fixture()) as old:
        want, before = _by_id(source.load(replaced)), _by_id(source.load(old))
    assert want[tid] != before[tid]  # the change shows in the history
    with _written(files) as given_files:
        got = source.load(given_files)
        # The older copy read last never wins.
        older_last = source.load(sorted(given_files, key=lambda p: not p.name.startswith("newer")))
    assert _by_id(got) == want
    assert _by_id(older_last) == want
    assert [s.id for s in got.skipped if s.reason.startswith("superseded")] == [tid]


# -- child records --------------------------------------------------------------------------


def test_zendesk_an_audit_twice_with_other_contents_names_both_files() -> None:
    source = _zendesk()
    fixture = source.fixture()
    audits = fixture[2][1]
    changed = {**audits[0], "created_at": "2026-01-01T00:00:00Z"}
    with _written([*fixture, ("more_audits.jsonl", [changed])]) as files:
        result = source.load(files)
    (err,) = [e for e in result.errors if "read twice" in e.message]
    assert str(err.source).endswith("more_audits.jsonl")
    assert "audits.jsonl: line 1" in err.message
    assert str(audits[0]["id"]) in err.message


@given(hours=st.integers(1, 500), first=st.booleans())
def test_freshdesk_the_later_conversation_wins(hours: int, first: bool) -> None:
    source = _freshdesk()
    fixture = source.fixture()
    convs = dict(fixture)["conversations_101.json"]
    edited = {**convs[1], "private": True, "updated_at": _later(convs[1]["updated_at"], hours)}
    extra = ("edited.json", [edited])
    files = [extra, *fixture] if first else [*fixture, extra]
    replaced = source.fixture()
    dict(replaced)["conversations_101.json"][1] = edited
    with _written(files) as given_files, _written(replaced) as ref:
        got, want = source.load(given_files), source.load(ref)
    assert _by_id(got) == _by_id(want)
    assert not [e for e in got.errors if "read twice" in e.message]


def test_freshdesk_a_conversation_twice_undecided_is_an_error_naming_both() -> None:
    source = _freshdesk()
    fixture = source.fixture()
    conv = dict(fixture)["conversations_101.json"][1]
    with _written([*fixture, ("same_time.json", [{**conv, "private": True}])]) as files:
        result = source.load(files)
    (err,) = [e for e in result.errors if "read twice" in e.message]
    assert str(err.source).endswith("same_time.json")
    assert "conversations_101.json" in err.message
    assert str(conv["id"]) in err.message


def test_jira_comments_given_twice_are_read_once() -> None:
    pages = [c for _, c in _jira().fixture()]
    raw = pages[0]["issues"][0]
    comments = raw["fields"]["comment"]["comments"]
    assert comments  # the fixture's issue has comments to repeat
    once = list(jira.histories([raw], {raw["key"]: comments}))
    twice = list(jira.histories([raw], {raw["key"]: comments + copy.deepcopy(comments)}))
    assert [history_to_dict(h) for h in twice] == [history_to_dict(h) for h in once]
    other = [*comments, {**comments[0], "created": comments[-1]["created"]}]
    stream = jira.histories([raw], {raw["key"]: other}, on_error="collect")
    list(stream)
    assert [e for e in stream.errors if "read twice" in e.message]


# -- pages and streams ----------------------------------------------------------------------


def test_jira_load_still_finds_a_missing_page() -> None:
    first, second = (c for _, c in _jira().fixture())
    short = {**second, "issues": second["issues"][1:], "startAt": 4}
    with _written([("b.json", short), ("a.json", first)]) as files:
        result = _jira().load(files)
    assert [e.path for e in result.errors if "missing" in e.message] == ["pages[0].startAt"]


@pytest.mark.parametrize(
    ("stream", "name"),
    [
        (lambda t: zendesk.histories([{"tickets": [t, t]}], on_error="collect"), "zendesk"),
        (lambda t: freshdesk.histories([[t, t]], on_error="collect"), "freshdesk"),
        (lambda t: jira.histories([t, t], on_error="collect"), "jira"),
    ],
)
def test_the_streams_stay_strict_and_name_load(stream: Any, name: str) -> None:
    source = {s.name: s for s in SOURCES}[name]
    fixture = source.fixture()
    ticket = source.tickets_in(*fixture[0])[0]
    read = stream(ticket)
    assert len(list(read)) <= 1  # the repeat is never a second history
    (err,) = [e for e in read.errors if "appears twice" in e.message]
    assert f"{name}.load keeps the latest record of a repeated ticket" in str(err)
