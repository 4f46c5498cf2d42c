"""docs/live.md, "Thread safety": which loads pause the cyclic garbage collector.

The page names them (``load_jsonl``, ``zendesk.load``, ``eventlog.load``, ``build_report``)
and says the other loaders leave the collector alone: a host deciding whether its own
``gc`` switches can race a load needs the list to be the code's.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from servicemodel.io import eventlog, freshdesk, jira, load_csv, load_jsonl, summary, zendesk
from servicemodel.report import build_report

DATA = Path(__file__).resolve().parent / "data"
TICKETS = [
    '{"id": "A", "created_at": "2026-03-02T09:00:00Z", "events": ['
    '{"kind": "agent_reply", "id": "a1", "at": "2026-03-02T09:05:00Z"}]}'
]
CSV = [
    "ticket_id,created_at,channel,event_id,event_kind,event_at",
    "T-1,2026-03-02T09:00:00+01:00,phone,e1,agent_reply,2026-03-02T09:04:00+01:00",
]
SUMMARY = {"id": "Ticket ID", "created": "Created", "solved": "Solved"}


def _eventlog(tmp: Path) -> object:
    path = tmp / "log.csv"
    path.write_text(
        "case:concept:name,concept:name,time:timestamp\nC1,Create,2026-03-01 09:00:00Z\n",
        encoding="utf-8",
    )
    return eventlog.load(path, status_map={"Create": "new"})


PAUSING: dict[str, Callable[[Path], object]] = {
    "load_jsonl": lambda _: load_jsonl(TICKETS),
    "zendesk.load": lambda _: zendesk.load(
        sorted((DATA / "zendesk" / "ticket_events").glob("*.json"))
    ),
    "eventlog.load": _eventlog,
    "build_report": lambda _: build_report(load_jsonl(TICKETS).histories),
}
LEAVING: dict[str, Callable[[Path], object]] = {
    "load_csv": lambda _: load_csv(CSV),
    "jira.load": lambda _: jira.load(
        [DATA / "jira" / "search_page1.json", DATA / "jira" / "search_page2.json"],
        on_error="collect",
    ),
    "freshdesk.load": lambda _: freshdesk.load(
        sorted((DATA / "freshdesk").glob("*.json")), on_error="collect"
    ),
    "summary.load": lambda _: summary.load(
        DATA / "summary" / "tickets.csv",
        columns=SUMMARY,
        dayfirst=True,
        tz="UTC",
        on_error="collect",
    ),
}


def _pauses(load: Callable[[Path], object], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    calls: list[None] = []
    disable = gc.disable

    def spy() -> None:
        calls.append(None)
        disable()

    was = gc.isenabled()
    monkeypatch.setattr(gc, "disable", spy)
    gc.enable()
    try:
        load(tmp)
        assert gc.isenabled()  # as it was before the load
    finally:
        monkeypatch.undo()
        if not was:
            gc.disable()
    return bool(calls)


@pytest.mark.parametrize("name", sorted(PAUSING))
def test_the_loads_the_page_names_pause_the_collector(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _pauses(PAUSING[name], tmp_path, monkeypatch), f"{name} no longer pauses: fix live.md"


@pytest.mark.parametrize("name", sorted(LEAVING))
def test_the_other_loaders_leave_the_collector_alone(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not _pauses(LEAVING[name], tmp_path, monkeypatch), f"{name} pauses: name it in live.md"


def test_the_page_names_them() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "live.md").read_text("utf-8")
    section = page.split("## Thread safety", 1)[1].split("\n## ", 1)[0]
    for name in PAUSING:
        assert f"`{name}`" in section, name
    assert "`load_csv` leave it alone" in section
