"""Replies through ticket sharing: ``zendesk.load`` collects their ids (``shared_replies``).

A public comment added from another Zendesk account through ticket sharing (``via`` channel
``ticket_sharing``, via id 31) "doesn't count toward your account's first reply time"
(Zendesk, "Calculating first reply time"). The reader reads it as any comment; ``load``
collects its id, from the comment's own ``via`` or else its audit's, and the report passes
them to ``zendesk_ticket_metrics``. Laws (Hypothesis): the ids are exactly the public
comments so marked, and the marks change no history.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import InputTypeError
from servicemodel.io import LoadResult, zendesk
from servicemodel.reconcile import zendesk_ticket_metrics
from servicemodel.report import ReportOptions, build_report

DATA = Path(__file__).parent / "data" / "zendesk" / "durations"
PAGES = json.loads((DATA / "tickets.json").read_text(encoding="utf-8"))
AUDITS = json.loads((DATA / "audits.json").read_text(encoding="utf-8"))
METRICS = json.loads((DATA / "ticket_metrics.json").read_text(encoding="utf-8"))


def _load(audits: dict[str, Any]) -> LoadResult:
    with tempfile.TemporaryDirectory() as tmp:
        pages, found = Path(tmp) / "tickets.json", Path(tmp) / "audits.json"
        pages.write_text(json.dumps(PAGES), encoding="utf-8")
        found.write_text(json.dumps(audits), encoding="utf-8")
        return zendesk.load([pages, found])


def _audit(aid: int, via: Any, *events: dict[str, Any]) -> dict[str, Any]:
    return {"id": aid, "ticket_id": 9106, "created_at": "2026-05-04T10:00:00Z",
            "author_id": 900, "via": via, "events": list(events)}  # fmt: skip


def test_the_fixtures_shared_reply() -> None:
    assert zendesk.load([DATA / "tickets.json", DATA / "audits.json"]).shared_replies == ("910421",)


def test_own_via_else_the_audits_public_comments_only() -> None:
    audits = copy.deepcopy(AUDITS)
    web, sharing = {"channel": "web"}, {"channel": "ticket_sharing"}
    audits["audits"] += [
        _audit(1, sharing, {"id": 11, "type": "Comment", "public": True},  # the audit's
               {"id": 12, "type": "Comment", "public": True, "via": web},  # its own: web
               {"id": 13, "type": "Comment", "public": False}),  # a note: no reply
        _audit(2, web, {"id": 21, "type": "Comment", "public": True, "via": {"channel": 31}},
               {"id": 22, "type": "Comment", "public": True, "via": {"channel": "31"}},
               {"id": 23, "type": "Comment", "public": True,
                "via": {"channel": " Ticket_Sharing "}},
               {"id": 24, "type": "Comment", "public": True, "via": "Ticket sharing"}),
        _audit(3, {"channel": "31"}, {"id": 31, "type": "Comment", "public": True}),
    ]  # fmt: skip
    got = _load(audits)
    assert got.errors == ()
    assert got.shared_replies == ("910421", "11", "21", "22", "23", "31")


def test_histories_collect_nothing_and_other_loaders_have_none() -> None:
    # histories() streams: the ids are load's. Another source's result has none.
    found = list(zendesk.histories([PAGES], AUDITS["audits"]))
    assert [h.id for h in found] == [h.id for h in _load(AUDITS).histories]
    assert LoadResult(()).shared_replies == ()
    with pytest.raises(InputTypeError, match="shared_replies"):
        LoadResult((), shared_replies="910421")


_VIAS = st.sampled_from(
    [None, {"channel": "web"}, {"channel": "ticket_sharing"}, {"channel": 31},
     {"channel": "31"}, {"channel": " Ticket_Sharing "}, "Ticket sharing"]
)  # fmt: skip
_AUDIT_VIAS = st.sampled_from(
    [{"channel": "web"}, {"channel": "ticket_sharing"}, {"channel": 31}, {"channel": "email"}]
)


def _sharing(via: Any) -> bool:
    if not isinstance(via, dict):
        return False
    channel = via.get("channel")
    return channel == 31 or str(channel).strip().lower() in ("ticket_sharing", "31")


def _unmarked(via: Any) -> Any:
    return {"channel": "web"} if _sharing(via) else via


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_law_the_ids_are_the_public_comments_so_marked_and_change_no_history(
    data: st.DataObject,
) -> None:
    marked, plain = copy.deepcopy(AUDITS), copy.deepcopy(AUDITS)
    expected: list[str] = []
    for audit, twin in zip(marked["audits"], plain["audits"], strict=True):
        if audit["via"]["channel"] == "rule":
            continue  # a trigger's audit stays one: automated replies are another matter
        audit["via"] = data.draw(_AUDIT_VIAS)
        twin["via"] = _unmarked(audit["via"])
        for ev, ev_twin in zip(audit["events"], twin["events"], strict=True):
            if ev["type"] != "Comment":
                continue
            ev["via"] = data.draw(_VIAS)
            ev_twin["via"] = _unmarked(ev["via"])
            ev["public"] = ev_twin["public"] = data.draw(st.booleans())
            own = ev["via"] if isinstance(ev["via"], dict) else audit["via"]
            if ev["public"] and _sharing(own):
                expected.append(str(ev["id"]))
    got, base = _load(marked), _load(plain)
    assert got.shared_replies == tuple(expected)
    assert base.shared_replies == ()
    assert got.histories == base.histories


# --- the report passes them ------------------------------------------------------------------


def test_the_report_counts_a_ticket_sharing_comment_as_the_python_call_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [DATA / "tickets.json", DATA / "audits.json", DATA / "ticket_metrics.json"]
    assert main(["report", "--source", "zendesk", "--format", "json", *map(str, files)]) == 0
    section = json.loads(capsys.readouterr().out)["ticket_metrics"]
    loaded = zendesk.load(files[:2])
    direct, _ = zendesk_ticket_metrics(
        loaded.histories, [METRICS], shared_replies=loaded.shared_replies
    )
    assert {r["kind"]: r["count"] for r in section["reasons"]} == dict(direct.reasons())
    assert dict(direct.reasons())["ticket-sharing comment"] == 2
    assert (section["compared"], section["agreed"]) == (32, 24)


def test_report_options_take_the_ids() -> None:
    loaded = zendesk.load([DATA / "tickets.json", DATA / "audits.json"])
    opts = ReportOptions(
        ticket_metrics=[METRICS], ticket_metrics_shared_replies=loaded.shared_replies
    )
    section = build_report(loaded.histories, opts).ticket_metrics
    assert section is not None
    assert dict(section.reasons)["ticket-sharing comment"] == 2
    with pytest.raises(InputTypeError, match=r"ticket_metrics_shared_replies\[0\]"):
        ReportOptions(ticket_metrics_shared_replies=[910421])
