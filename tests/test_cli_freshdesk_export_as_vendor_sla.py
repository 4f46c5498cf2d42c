"""A Freshdesk file given both as the export and with ``--vendor-sla`` counts its bad records once.

``servicemodel report --source freshdesk PATH --policy P --vendor-sla PATH`` reads one file for
two purposes: its tickets' histories (the export) and their due times (the vendor's verdicts).
Read twice, each of its bad records was counted on both sides: among the export's set-aside
records and again among the vendor SLA records (twice there for a record without a usable id,
which no later record supersedes). It is read once, as the export's: a record the export sets
aside is the export's bad record only, and one bad only in a field the vendor's verdicts alone
read (a due time, an escalation flag) is one bad vendor SLA record. Law (Hypothesis): the
records set aside for a file given both ways are those set aside for it given as the export
alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import freshdesk
from servicemodel.report._vendor_files import read_vendor_sla

POLICY = """\
[[policies]]
name = "desk"
pause = []

[policies.targets]
normal = [{ metric = "first_reply", within = "1h", time = "calendar" }]
"""


def _ticket(i: int, **more: Any) -> dict[str, Any]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": 2, "priority": 2, "source": 1, "stats": {},
            "fr_due_by": "2026-03-02T10:00:00Z", "fr_escalated": False, **more}  # fmt: skip


#: One good ticket, three records the export sets aside (no timestamp, no usable id, no
#: object) and one bad only in its due time, which the export does not read.
PAGE = [
    _ticket(1),
    _ticket(2, created_at="garbage"),
    {"created_at": "2026-03-02T09:00:00Z"},
    7,
    _ticket(3, fr_due_by="nonsense"),
]
#: JSON Lines: a line that does not parse, a ticket with no timestamp, a bad escalation flag.
LINES = "\n".join(
    [
        json.dumps(_ticket(4)),
        "{not json",
        json.dumps(_ticket(5, created_at="x")),
        json.dumps(_ticket(6, fr_escalated="yes")),
    ]
)


def _files(folder: Path) -> tuple[str, str, str]:
    (folder / "policy.toml").write_text(POLICY, encoding="utf-8")
    (folder / "page.json").write_text(json.dumps(PAGE), encoding="utf-8")
    (folder / "lines.jsonl").write_text(LINES + "\n", encoding="utf-8")
    return str(folder / "policy.toml"), str(folder / "page.json"), str(folder / "lines.jsonl")


def _report(argv: list[str]) -> tuple[dict[str, Any], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["report", "--source", "freshdesk", *argv, "--skip-bad-records",
                     "--format", "json"])  # fmt: skip
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue()), err.getvalue().splitlines()


def _set_aside(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The export's bad records and the vendor SLA records set aside, as the report lists them."""
    return data["source"]["bad_records"], data["reconciliation"]["bad_records"]


@pytest.mark.parametrize("spelling", ["same path", "another spelling"])
def test_a_file_given_as_export_and_vendor_sla_counts_each_bad_record_once(
    tmp_path: Path, spelling: str
) -> None:
    policy, page, _ = _files(tmp_path)
    vendor = page if spelling == "same path" else os.path.join(tmp_path, ".", "page.json")
    alone, alone_err = _report([page, "--policy", policy])
    both, both_err = _report([page, "--policy", policy, "--vendor-sla", vendor])
    export_bad, vendor_bad = _set_aside(both)
    assert len(export_bad) == 3
    assert all("tickets[" not in e for e in export_bad)
    # The due time only the vendor's verdicts read: one bad vendor SLA record, said once.
    assert vendor_bad == [
        f"{page}: tickets[4].fr_due_by: ticket 3: fr_due_by 'nonsense': not an ISO 8601 timestamp"
    ]
    assert "servicemodel report: 3 bad record(s) set aside" in both_err
    assert "servicemodel report: 1 bad vendor SLA record(s) set aside" in both_err
    # As given as the export alone.
    assert _set_aside(both) == _set_aside(alone)
    assert [line for line in both_err if "set aside" in line] == [
        line for line in alone_err if "set aside" in line
    ]


def test_a_json_lines_file_given_both_ways_counts_a_broken_line_once(tmp_path: Path) -> None:
    policy, _, lines = _files(tmp_path)
    data, err = _report([lines, "--policy", policy, "--vendor-sla", lines])
    export_bad, vendor_bad = _set_aside(data)
    assert [e.split(": ")[1] for e in export_bad] == ["line 2", "line 3"]
    assert vendor_bad == [
        f"{lines}: line 4: tickets[3].fr_escalated: ticket 6: fr_escalated 'yes': expected true "
        "or false"
    ]
    assert "servicemodel report: 2 bad record(s) set aside" in err
    assert "servicemodel report: 1 bad vendor SLA record(s) set aside" in err


def test_a_vendor_sla_file_beside_the_export_still_counts_all_its_bad_records(
    tmp_path: Path,
) -> None:
    # Only the file given both ways is read once: a --vendor-sla file of its own is no export,
    # and every bad record in it is a vendor SLA record.
    policy, page, lines = _files(tmp_path)
    data, err = _report([lines, "--policy", policy, "--vendor-sla", page])
    export_bad, vendor_bad = _set_aside(data)
    assert len(export_bad) == 2
    # The export's bad flag, and the four bad records of the --vendor-sla file.
    assert [e.split(": ")[0] for e in vendor_bad] == [lines, page, page, page, page]
    assert "servicemodel report: 5 bad vendor SLA record(s) set aside" in err


# ------------------------------------------------------------------- the law, as a property

#: A good ticket, and each way a record can be bad: for the export (and so for both readings)
#: or only for the vendor's verdicts.
_KINDS = {
    "good": lambda i: _ticket(i),
    "no timestamp": lambda i: _ticket(i, created_at="garbage"),
    "no id": lambda i: {"created_at": "2026-03-02T09:00:00Z"},
    "no object": lambda i: i,
    "bad due time": lambda i: _ticket(i, due_by="2026-03-02 10:00"),
    "bad flag": lambda i: _ticket(i, is_escalated=1),
    "bad priority": lambda i: _ticket(i, priority="P1"),
}


@settings(max_examples=25, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(_KINDS)), max_size=8),
    jsonl=st.booleans(),
    also_vendor=st.booleans(),
)
def test_a_file_given_both_ways_sets_aside_what_the_export_alone_does(
    kinds: list[str], jsonl: bool, also_vendor: bool
) -> None:
    records = [_KINDS[kind](i + 1) for i, kind in enumerate(kinds)]
    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "tickets.jsonl" if jsonl else "tickets.json")
        text = "".join(json.dumps(r) + "\n" for r in records) if jsonl else json.dumps(records)
        Path(name).write_text(text, encoding="utf-8")
        other = [os.path.join(folder, "o.json")] if also_vendor else []
        if other:
            Path(other[0]).write_text(json.dumps([_ticket(99)]), encoding="utf-8")
        alone = read_vendor_sla("freshdesk", other, issue_files=[name], on_error="collect")
        both = read_vendor_sla("freshdesk", [*other, name], issue_files=[name], on_error="collect")
    assert both[0] == alone[0]
    assert [str(e) for e in both[1]] == [str(e) for e in alone[1]]
    # Each vendor SLA record set aside is bad in a field only the vendor's verdicts read.
    expected = sum(kind in ("bad due time", "bad flag") for kind in kinds)
    assert len(both[1]) == expected, [str(e) for e in both[1]]
    assert len({str(e) for e in both[1]}) == len(both[1])


# ----------------------------------------- a record bad for the export and in its due time


@pytest.mark.parametrize("jsonl", [False, True], ids=["json", "jsonl"])
@pytest.mark.parametrize("vendor_too", [False, True], ids=["export", "both ways"])
def test_a_ticket_bad_for_the_export_and_in_its_due_time_is_one_bad_record(
    tmp_path: Path, jsonl: bool, vendor_too: bool
) -> None:
    # Ticket 2's status is unknown (the export sets it aside) and its due time has no offset
    # (a vendor SLA field): it was counted among the export's bad records and again among the
    # vendor's. It is the export's bad record alone; ticket 3, bad in its due time only, stays
    # the vendor's one.
    records = [_ticket(1), _ticket(2, status="x", fr_due_by="2026-03-02T10:00:00"),
               _ticket(3, fr_due_by="2026-03-02T10:00:00")]  # fmt: skip
    name = str(tmp_path / ("t.jsonl" if jsonl else "t.json"))
    text = "".join(json.dumps(r) + "\n" for r in records) if jsonl else json.dumps(records)
    Path(name).write_text(text, encoding="utf-8")
    policy, _, _ = _files(tmp_path)
    more = ["--vendor-sla", name] if vendor_too else []
    data, err = _report([name, "--policy", policy, *more])
    export_bad, vendor_bad = _set_aside(data)
    assert len(export_bad) == 1
    assert "ticket 2" in export_bad[0]
    assert len(vendor_bad) == 1
    assert "ticket 3" in vendor_bad[0]
    assert "servicemodel report: 1 bad vendor SLA record(s) set aside" in err


#: Ways a record is bad for the export's reader (it sets the ticket aside), and ways it is bad
#: in a field only the vendor's verdicts read.
_FOR_EXPORT = {"status": "x", "priority": "P1"}
_FOR_VENDOR = {"due_by": "2026-03-02 10:00", "fr_escalated": "yes"}


@settings(max_examples=25, deadline=None)
@given(
    bad=st.lists(
        st.tuples(
            st.sampled_from([None, *sorted(_FOR_EXPORT)]),
            st.sampled_from([None, *sorted(_FOR_VENDOR)]),
        ),
        max_size=6,
    ),
    jsonl=st.booleans(),
)
def test_law_each_bad_ticket_of_the_export_is_set_aside_once(
    bad: list[tuple[str | None, str | None]], jsonl: bool
) -> None:
    records = []
    for i, (export_field, vendor_field) in enumerate(bad):
        more = {} if export_field is None else {export_field: _FOR_EXPORT[export_field]}
        if vendor_field is not None:
            more[vendor_field] = _FOR_VENDOR[vendor_field]
        records.append(_ticket(i + 1, **more))
    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "tickets.jsonl" if jsonl else "tickets.json")
        text = "".join(json.dumps(r) + "\n" for r in records) if jsonl else json.dumps(records)
        Path(name).write_text(text, encoding="utf-8")
        export = freshdesk.load([name], on_error="collect").errors
        _, vendor = read_vendor_sla(
            "freshdesk", [name], issue_files=[name], on_error="collect", export_errors=export
        )
    # Every bad ticket once: the export's when its reader sets it aside, else the vendor's.
    assert len(export) == sum(e is not None for e, _ in bad)
    assert len(vendor) == sum(e is None and v is not None for e, v in bad)


# ------------------------- a fault in the conversations file and one in the ticket's due time


def _conversation(tid: int, **more: Any) -> dict[str, Any]:
    return {"id": 1000 + tid, "ticket_id": tid, "created_at": "2026-03-02T09:30:00Z",
            "incoming": False, "private": False, **more}  # fmt: skip


def test_a_ticket_bad_in_a_conversation_and_its_due_time_is_one_bad_record(
    tmp_path: Path,
) -> None:
    # Ticket 2's conversation has no timestamp (the export sets the ticket aside, naming the
    # conversations file) and its due time has no offset (a vendor SLA field of the tickets
    # file): it was counted once per reading, among the export's bad records and the
    # vendor's. Each bad ticket is counted once, the export's when its reader sets it aside.
    tickets = tmp_path / "tickets.json"
    tickets.write_text(json.dumps([_ticket(1), _ticket(2, fr_due_by="2026-03-02T10:00:00"),
                                   _ticket(3, fr_due_by="2026-03-02T10:00:00")]),
                       encoding="utf-8")  # fmt: skip
    convs = tmp_path / "conversations.json"
    convs.write_text(json.dumps([_conversation(2, created_at="garbage"), _conversation(3)]),
                     encoding="utf-8")  # fmt: skip
    policy, _, _ = _files(tmp_path)
    for more in ([], ["--vendor-sla", str(tickets)]):
        data, err = _report([str(tickets), str(convs), "--policy", policy, *more])
        export_bad, vendor_bad = _set_aside(data)
        assert export_bad == [f"{convs}: [0].created_at: ticket 2: created_at 'garbage': not "
                              "an ISO 8601 timestamp"]  # fmt: skip
        assert len(vendor_bad) == 1
        assert "ticket 3" in vendor_bad[0]
        assert "servicemodel report: 1 bad record(s) set aside" in err
        assert "servicemodel report: 1 bad vendor SLA record(s) set aside" in err


#: Where a ticket's fault for the export lies: none, its own record, or its conversation.
_EXPORT_FAULT = [None, "ticket", "conversation"]


@settings(max_examples=25, deadline=None)
@given(
    bad=st.lists(
        st.tuples(st.sampled_from(_EXPORT_FAULT), st.sampled_from([None, *sorted(_FOR_VENDOR)])),
        max_size=6,
    ),
    jsonl=st.booleans(),
)
def test_law_each_bad_ticket_is_counted_once_whichever_file_holds_its_faults(
    bad: list[tuple[str | None, str | None]], jsonl: bool
) -> None:
    # The law: a ticket's faults are counted once, whichever reading finds them and in
    # whichever file: the export's bad record when its reader sets the ticket aside (for
    # its own record or for its conversation), else the vendor's when a due time or an
    # escalation flag is bad, else none.
    records, convs = [], []
    for i, (export_fault, vendor_field) in enumerate(bad, start=1):
        more = {} if export_fault != "ticket" else {"status": "x"}
        if vendor_field is not None:
            more[vendor_field] = _FOR_VENDOR[vendor_field]
        records.append(_ticket(i, **more))
        broken = {"created_at": "garbage"} if export_fault == "conversation" else {}
        convs.append(_conversation(i, **broken))
    with tempfile.TemporaryDirectory() as folder:
        name = os.path.join(folder, "tickets.jsonl" if jsonl else "tickets.json")
        text = "".join(json.dumps(r) + "\n" for r in records) if jsonl else json.dumps(records)
        Path(name).write_text(text, encoding="utf-8")
        conv_file = os.path.join(folder, "conversations.json")
        Path(conv_file).write_text(json.dumps(convs), encoding="utf-8")
        loaded = freshdesk.load([name, conv_file], on_error="collect")
        _, vendor = read_vendor_sla(
            "freshdesk", [name], issue_files=[name, conv_file], on_error="collect",
            export_errors=loaded.errors, export_ids={h.id for h in loaded.histories},
        )  # fmt: skip
    assert len(loaded.errors) == sum(e is not None for e, _ in bad)
    assert {h.id for h in loaded.histories} == {
        str(i) for i, (e, _) in enumerate(bad, start=1) if e is None
    }
    # The vendor's bad records are those of the tickets the export read, bad in their SLA
    # fields: one each.
    vendor_bad = [i for i, (e, v) in enumerate(bad, start=1) if e is None and v is not None]
    assert sorted(str(e).split(" ticket ", 1)[1].split(":", 1)[0] for e in vendor) == sorted(
        map(str, vendor_bad)
    )
