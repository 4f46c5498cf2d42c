"""``zendesk.load`` takes audits in any order and a ticket that repeats; the stream stays strict."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import history_to_dict, zendesk
from servicemodel.model import TicketHistory

DATA = Path(__file__).parent / "data" / "zendesk"
PAGES = [DATA / "tickets_page1.json", DATA / "tickets_page2.json"]
STATUS = {"9002": "pending"}


def _audits() -> list[dict[str, Any]]:
    with open(DATA / "audits.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _write_lines(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _as_data(histories: tuple[TicketHistory, ...]) -> list[dict[str, Any]]:
    return [history_to_dict(h) for h in histories]


def _ordered() -> Any:
    return zendesk.load([*PAGES, DATA / "audits.jsonl"], status_map=STATUS, on_error="collect")


@given(st.randoms(use_true_random=False))
def test_audits_in_any_order_load_as_the_grouped_audits(rnd: Any) -> None:
    # Any order of the audits that keeps each ticket's own audits in their order.
    queues: dict[int, list[dict[str, Any]]] = {}
    for audit in _audits():
        queues.setdefault(audit["ticket_id"], []).append(audit)
    mixed: list[dict[str, Any]] = []
    while queues:
        tid = rnd.choice(sorted(queues))
        mixed.append(queues[tid].pop(0))
        if not queues[tid]:
            del queues[tid]
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_lines(Path(tmp) / "audits.jsonl", mixed)
        got = zendesk.load([*PAGES, path], status_map=STATUS, on_error="collect")
    want = _ordered()
    assert _as_data(got.histories) == _as_data(want.histories)
    assert got.skipped == want.skipped
    assert [e.message for e in got.errors] == [e.message for e in want.errors]


def test_one_audits_file_per_ticket_in_file_name_order(tmp_path: Path) -> None:
    # A common way to save them: one response per ticket, read back in the files' name order.
    files = []
    for tid in sorted({a["ticket_id"] for a in _audits()}, key=str, reverse=True):
        body = {"audits": [a for a in _audits() if a["ticket_id"] == tid], "next_page": None}
        path = tmp_path / f"audits_{tid}.json"
        path.write_text(json.dumps(body), encoding="utf-8")
        files.append(path)
    ticked: list[str] = []
    got = zendesk.load([*PAGES, *files], status_map=STATUS, on_error="collect",
                       progress=lambda h: ticked.append(h.id))  # fmt: skip
    want = _ordered()
    assert _as_data(got.histories) == _as_data(want.histories)
    # The join ran twice; the progress callback still saw each history once.
    assert ticked == [h.id for h in got.histories]


def test_the_stream_stays_strict_and_names_the_way_out() -> None:
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in PAGES]
    stream = zendesk.histories(pages, list(reversed(_audits())), status_map=STATUS,
                               on_error="collect")  # fmt: skip
    result = stream.collect()
    assert any("zendesk.load takes them in any order" in e.message for e in result.errors)


def test_a_repeated_ticket_is_read_from_its_last_record(tmp_path: Path) -> None:
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in PAGES)
    again = copy.deepcopy(first["tickets"][0])  # ticket 1001, exported again later
    again["tags"] = [*again.get("tags", []), "exported-again"]
    again["updated_at"] = "2026-03-20T12:00:00Z"
    second = {**second, "tickets": [*second["tickets"], again]}
    page2 = tmp_path / "page2.json"
    page2.write_text(json.dumps(second), encoding="utf-8")
    got = zendesk.load([PAGES[0], page2, DATA / "audits.jsonl"], status_map=STATUS,
                       on_error="collect")  # fmt: skip
    want = _ordered()
    by_id = {h.id: h for h in got.histories}
    assert sorted(by_id) == sorted(h.id for h in want.histories)
    assert "exported-again" in by_id[str(again["id"])].ticket.tags
    superseded = [s for s in got.skipped if s.reason.startswith("superseded")]
    assert [s.id for s in superseded] == [str(again["id"])]
    # Every other ticket reads as before.
    others = [h for h in got.histories if h.id != str(again["id"])]
    assert _as_data(tuple(others)) == [
        history_to_dict(h) for h in want.histories if h.id != str(again["id"])
    ]
    # The stream cannot go back: there the repeat is an error naming it.
    stream = zendesk.histories([first, second], _audits(), status_map=STATUS, on_error="collect")
    assert any("ticket appears twice" in e.message for e in stream.collect().errors)


def test_audits_of_a_ticket_never_exported_still_name_file_and_line(tmp_path: Path) -> None:
    audits = list(reversed(_audits()))
    stray = {**audits[0], "id": 999999, "ticket_id": 4242}
    path = _write_lines(tmp_path / "audits.jsonl", [*audits, stray])
    got = zendesk.load([*PAGES, path], status_map=STATUS, on_error="collect")
    (err,) = [e for e in got.errors if "never appears" in e.message]
    assert (err.source, err.line) == (str(path), len(audits) + 1)
