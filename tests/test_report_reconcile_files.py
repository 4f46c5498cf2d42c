"""``--vendor-sla`` files of the wrong kind: each says what it holds and where it goes.

A file's first record tells its kind (as the Zendesk loader tells export files apart): tickets
pages, audits, JSM ``/sla`` and comment responses, Jira issues, Freshdesk tickets,
conversations, satisfaction ratings and ticket fields, CSV and XML text. Each, given to
``--vendor-sla`` with a ``--source`` that reads another kind, is refused as a whole: one error
naming the file, what it holds, what the source reads, and where to give it (with
``--skip-bad-records``: set aside, the report goes on). Laws (Hypothesis): a file of the right
kind is never refused (its verdicts are the reader's own), and a file whose first record is of
a wrong kind gives no verdict, whatever follows it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import RecordError
from servicemodel.reconcile import jsm_verdicts, zendesk_verdicts
from servicemodel.report._vendor_files import read_vendor_sla

DATA = Path(__file__).parent / "data"
ZD = DATA / "zendesk"
JIRA = DATA / "jira"
ZD_FILES = [ZD / "tickets_page1.json", ZD / "tickets_page2.json", ZD / "audits.jsonl"]
ZD_OPTS = ["--map", ZD / "map.toml", "--policy", ZD / "policy.toml"]
EXPORT = "give it among the export's files"

#: What each --source reads from --vendor-sla, as the error names it.
WANTED = {
    "zendesk": "ticket metric events",
    "jira": "/request/{key}/sla responses keyed by issue",
    "freshdesk": "Freshdesk tickets (pages of GET /api/v2/tickets)",
}


def _first_value(path: Path) -> Any:
    return next(iter(json.loads(path.read_text(encoding="utf-8")).values()))


def _audit() -> dict[str, Any]:
    with open(ZD / "audits.jsonl", encoding="utf-8") as fh:
        return dict(json.loads(fh.readline()))


def _ticket() -> dict[str, Any]:
    return dict(json.loads((ZD / "tickets_page1.json").read_text(encoding="utf-8"))["tickets"][0])


def _files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """One file of each kind (the fixtures, or a shape cut from them), with what it holds."""
    made = {
        "audit.json": {"audit": _audit()},
        "ticket.json": {"ticket": _ticket()},
        "one_sla.json": _first_value(JIRA / "request_sla.json"),
        "csv_named.json": (DATA / "summary" / "freshdesk_tickets.csv").read_text("utf-8"),
        "tickets.jsonl": "\n".join(json.dumps(t) for t in [_ticket()]) + "\n",
    }
    for name, value in made.items():
        text = value if isinstance(value, str) else json.dumps(value)
        (tmp / name).write_text(text, encoding="utf-8")
    tickets = "Zendesk incremental export pages (tickets)"
    return {
        "zendesk tickets page": (ZD / "tickets_page1.json", tickets),
        "zendesk tickets, real shapes": (ZD / "realshapes_tickets.json", tickets),
        "a single zendesk ticket": (tmp / "ticket.json", tickets),
        "zendesk tickets, one a line": (tmp / "tickets.jsonl", tickets),
        "zendesk audits": (ZD / "audits.jsonl", "Zendesk ticket audits"),
        "zendesk audits response": (ZD / "realshapes_audits.json", "Zendesk ticket audits"),
        "a single zendesk audit": (tmp / "audit.json", "Zendesk ticket audits"),
        "zendesk metric events": (ZD / "metric_events.json", "Zendesk ticket metric events"),
        "jsm sla responses": (
            JIRA / "request_sla.json",
            "Jira Service Management /request/{key}/sla responses",
        ),
        "one jsm sla response": (
            tmp / "one_sla.json",
            "one Jira Service Management /request/{key}/sla response, not keyed by issue",
        ),
        "jsm comments": (
            JIRA / "request_comments.json",
            "Jira Service Management request comments",
        ),
        "jira search page": (JIRA / "search_page1.json", "Jira issues (a search page or issues)"),
        "jira issues, one a line": (JIRA / "issues.jsonl", "Jira issues (a search page or issues)"),
        "freshdesk tickets": (DATA / "freshdesk" / "tickets_page1.json", "Freshdesk tickets"),
        "freshdesk conversations": (
            DATA / "freshdesk" / "conversations_101.json",
            "Freshdesk conversations",
        ),
        "freshdesk ratings": (
            DATA / "freshdesk" / "satisfaction_ratings.json",
            "Freshdesk satisfaction ratings",
        ),
        "freshdesk ticket fields": (
            DATA / "freshdesk" / "ticket_fields" / "admin_ticket_fields.json",
            "Freshdesk ticket fields",
        ),
        "freshdesk ticket fields, older endpoint": (
            DATA / "freshdesk" / "ticket_fields" / "ticket_fields_v2.json",
            "Freshdesk ticket fields",
        ),
        "csv export": (DATA / "summary" / "freshdesk_tickets.csv", "CSV text"),
        "csv named .json": (tmp / "csv_named.json", "CSV text"),
        "event log csv": (DATA / "eventlog" / "bpic2013_shape.csv", "CSV text"),
        "xes log": (DATA / "eventlog" / "bpic2013_shape.xes", "XML"),
    }


CASES = [
    (source, case)
    for source, right in (
        ("zendesk", "zendesk metric events"),
        ("jira", "jsm sla responses"),
        ("freshdesk", "freshdesk tickets"),
    )
    for case in (
        "zendesk tickets page",
        "zendesk tickets, real shapes",
        "a single zendesk ticket",
        "zendesk tickets, one a line",
        "zendesk audits",
        "zendesk audits response",
        "a single zendesk audit",
        "zendesk metric events",
        "jsm sla responses",
        "one jsm sla response",
        "jsm comments",
        "jira search page",
        "jira issues, one a line",
        "freshdesk tickets",
        "freshdesk conversations",
        "freshdesk ratings",
        "freshdesk ticket fields",
        "freshdesk ticket fields, older endpoint",
        "csv export",
        "csv named .json",
        "event log csv",
        "xes log",
    )
    if case != right
]


@pytest.mark.parametrize(("source", "case"), CASES)
def test_a_file_of_another_kind_says_what_it_holds(source: str, case: str, tmp_path: Path) -> None:
    path, holds = _files(tmp_path)[case]
    with pytest.raises(RecordError) as info:
        read_vendor_sla(source, [str(path)])
    said = str(info.value)
    assert said.startswith(f"{path}: holds {holds}, not {WANTED[source]}: ")
    assert info.value.source == str(path)
    # Set aside as a whole: one error for the file, no verdict from it.
    verdicts, errors = read_vendor_sla(source, [str(path)], on_error="collect")
    assert verdicts == ()
    assert [str(e) for e in errors] == [said]


@pytest.mark.parametrize(
    ("source", "case", "where"),
    [
        ("zendesk", "zendesk audits", EXPORT),
        ("zendesk", "zendesk tickets page", EXPORT),
        ("zendesk", "jsm sla responses", "give it to --vendor-sla with --source jira"),
        ("zendesk", "one jsm sla response", 'save it as {"KEY": response}'),
        ("zendesk", "jira search page", f"{EXPORT}, with --source jira"),
        ("zendesk", "freshdesk tickets", f"{EXPORT}, with --source freshdesk"),
        ("zendesk", "csv export", "the --map file's [sla_verdicts] table"),
        ("zendesk", "xes log", "with --source eventlog"),
        ("jira", "zendesk metric events", "give it to --vendor-sla with --source zendesk"),
        ("jira", "zendesk audits", f"{EXPORT}, with --source zendesk"),
        ("jira", "jira search page", f"{EXPORT} (its issues' SLA fields are read from there"),
        ("jira", "one jsm sla response", 'save it as {"KEY": response}'),
        ("jira", "jsm comments", "it holds no SLA records"),
        ("jira", "freshdesk ratings", f"{EXPORT}, with --source freshdesk; it holds no SLA"),
        ("zendesk", "freshdesk ticket fields", f"{EXPORT}, with --source freshdesk; it holds"),
        # Read as tickets, these gave no verdict and no error: the file silently ignored.
        ("freshdesk", "freshdesk ratings", EXPORT),
        ("freshdesk", "freshdesk ticket fields", EXPORT),
        ("freshdesk", "freshdesk conversations", EXPORT),
    ],
)
def test_the_error_says_where_the_file_goes(
    source: str, case: str, where: str, tmp_path: Path
) -> None:
    path, _ = _files(tmp_path)[case]
    with pytest.raises(RecordError, match=r"holds .*, not ") as info:
        read_vendor_sla(source, [str(path)])
    assert where in str(info.value)


def _run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main(["report", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("case", "holds"),
    [
        ("zendesk audits", "Zendesk ticket audits"),
        ("zendesk tickets page", "Zendesk incremental export pages (tickets)"),
        ("jsm sla responses", "Jira Service Management /request/{key}/sla responses"),
    ],
)
def test_the_command_names_the_file_and_what_it_holds(
    case: str, holds: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The brief's cases: once "metric None" or "ticket_id None", now what the file is."""
    path, _ = _files(tmp_path)[case]
    argv = ["--source", "zendesk", *ZD_FILES, *ZD_OPTS, "--vendor-sla", path]
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert f"{path}: holds {holds}, not ticket metric events: " in err
    assert "None" not in err
    # With --skip-bad-records the file is set aside, the report goes on and lists it.
    code, out, err = _run(capsys, *argv, "--skip-bad-records", "--format", "json")
    assert code == 0, err
    section = json.loads(out)["reconciliation"]
    assert section["verdicts"] == 0
    assert [r.split(": holds ")[0] for r in section["bad_records"]] == [str(path)]


def test_a_wrong_file_beside_a_right_one_costs_only_itself(
    capsys: pytest.CaptureFixture[str],
) -> None:
    events = ZD / "metric_events.json"
    argv = ["--source", "zendesk", *ZD_FILES, *ZD_OPTS, "--skip-bad-records", "--format", "json"]
    code, out, err = _run(capsys, *argv, "--vendor-sla", events)
    assert code == 0, err
    alone = json.loads(out)["reconciliation"]
    code, out, err = _run(capsys, *argv, "--vendor-sla", events, ZD / "audits.jsonl")
    assert code == 0, err
    both = json.loads(out)["reconciliation"]
    assert both["overall"] == alone["overall"]
    assert both["verdicts"] == alone["verdicts"]
    assert len(both["bad_records"]) == 1


# -- laws --------------------------------------------------------------------------------------

EVENTS = json.loads((ZD / "metric_events.json").read_text(encoding="utf-8"))["ticket_metric_events"]
SLA = json.loads((JIRA / "request_sla.json").read_text(encoding="utf-8"))

#: Events of any content, as long as they are metric events (they name a metric).
_EVENT = st.fixed_dictionaries(
    {"metric": st.one_of(st.sampled_from(["reply_time", "resolution_time"]), st.text(max_size=5))},
    optional={
        "ticket_id": st.one_of(st.integers(-2, 3000), st.text(max_size=4), st.none()),
        "instance_id": st.one_of(st.integers(0, 3), st.none()),
        "type": st.sampled_from(["apply_sla", "activate", "fulfill", "breach", "pause", "x"]),
        "time": st.sampled_from(["2026-03-02T09:00:00Z", "noon", "2026-03-02T10:00:00+01:00"]),
        "id": st.integers(0, 50),
    },
)


def _write(path: Path, records: list[Any], lines: bool) -> Path:
    text = "".join(json.dumps(r) + "\n" for r in records) if lines else json.dumps(records)
    path.write_text(text, encoding="utf-8")
    return path


@settings(deadline=None, max_examples=60)
@given(
    events=st.lists(st.one_of(st.sampled_from(EVENTS), _EVENT), min_size=1, max_size=8),
    lines=st.booleans(),
    salt=st.integers(0, 10**6),
)
def test_metric_events_are_never_refused_as_another_kind(
    events: list[dict[str, Any]], lines: bool, salt: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = _write(tmp_path_factory.mktemp(f"e{salt}") / "e.jsonl", events, lines)
    if not lines:
        path = path.rename(path.with_suffix(".json"))
    verdicts, errors = read_vendor_sla("zendesk", [str(path)], on_error="collect")
    assert not any(": holds " in str(e) for e in errors)
    assert verdicts == zendesk_verdicts(events, on_error="collect")[0]


@settings(deadline=None, max_examples=30)
@given(keys=st.sets(st.sampled_from(sorted(SLA))), salt=st.integers(0, 10**6))
def test_sla_responses_are_never_refused_as_another_kind(
    keys: set[str], salt: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    some = {k: SLA[k] for k in sorted(keys)}
    path = tmp_path_factory.mktemp(f"s{salt}") / "sla.json"
    path.write_text(json.dumps(some), encoding="utf-8")
    verdicts, errors = read_vendor_sla("jira", [str(path)], on_error="collect")
    assert not any(": holds " in str(e) for e in errors)
    assert verdicts == jsm_verdicts((), sla=some, on_error="collect")[0]


_WRONG_FIRST = [
    _ticket(),
    {"tickets": [_ticket()]},
    _audit(),
    {"audit": _audit()},
    json.loads((JIRA / "issues.jsonl").read_text(encoding="utf-8").splitlines()[0]),
    json.loads((DATA / "freshdesk" / "tickets_page1.json").read_text(encoding="utf-8"))[0],
    json.loads((DATA / "freshdesk" / "conversations_101.json").read_text(encoding="utf-8"))[0],
    SLA,
]


@settings(deadline=None, max_examples=40)
@given(
    first=st.sampled_from(_WRONG_FIRST),
    then=st.lists(st.sampled_from(EVENTS), max_size=6),
    salt=st.integers(0, 10**6),
)
def test_a_wrong_first_record_refuses_the_whole_file(
    first: dict[str, Any],
    then: list[dict[str, Any]],
    salt: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Whatever follows (metric events too), the file is one error and no verdict."""
    path = _write(tmp_path_factory.mktemp(f"w{salt}") / "w.jsonl", [first, *then], lines=True)
    verdicts, errors = read_vendor_sla("zendesk", [str(path)], on_error="collect")
    assert verdicts == ()
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{path}: holds ")
