"""Regression tests for bad input found by fuzzing case attributes, verdict rules, vendor SLA
files and XES (``test_fuzz_attributes_and_verdict_rules.py`` and the two vendor harnesses).

Each bad input is a ``ServiceModelError`` naming the record or option and the value, never
another exception or a silently different value: a ticket attribute holding an int past
Python's int-to-text digit limit (``ValueError`` from ``attribute_verdicts``); a verdict rule
whose metric is an array (``ValueError``); a Zendesk ``custom_status_id`` that is no id (a
list, an object, a float, a bool: taken for an unmapped status, which silently handed the
status back to the status field) or a 5,000-digit one (``ValueError``), and a 5,000-digit
``status`` or ``priority``; a pandas ``Int64`` or ``boolean`` attribute column read as the
text ``"1"`` / ``"True"`` where polars and plain rows give ``1`` / ``True``; a two-digit-year
date whose suggested ``date_format`` was month first though the caller said ``dayfirst``
(copied into a mapping file, it would read every such date with day and month swapped); an
``attributes`` item a reader refuses from a ``--map`` file, said without the file's name; a
Zendesk ticket's first status, priority, group or assignee read from an audit's
``previous_value`` (or Create), whose error named the ticket record's field in the pages file;
Zendesk options of the wrong shape (``AttributeError``/``TypeError``) and ``status_map`` keys
that can never match (``True``, ``'deleted'``); ``attribute_verdicts`` of histories that are
no collection (``TypeError``) or an array ``on_error`` (``ValueError``), and
``mapped_verdicts`` of something that is no mapping (silently no verdicts); a Zendesk custom
field holding a 5,000-digit int (``ValueError``) or a multi-select of lists and objects
(joined as their reprs).
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io import eventlog, zendesk
from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import VerdictRule, attribute_verdicts, mapped_verdicts
from servicemodel.sla import PolicySet

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HUGE = 10**5000


# -- attribute_verdicts: a value with no text is no listed value ---------------------------------


def test_an_attribute_with_no_text_is_the_tickets_error() -> None:
    # The largest whole number a ticket holds (a larger one is refused when it is built).
    histories = [
        TicketHistory(Ticket("1", T0, attributes={"made_sla": 10**3900}), []),
        TicketHistory(Ticket("2", T0, attributes={"made_sla": "TRUE"}), []),
    ]
    rule = VerdictRule("made_sla", "resolution", ["true"], ["false"])
    verdicts, errors = attribute_verdicts(histories, [rule], on_error="collect")
    assert [(v.ticket_id, v.state) for v in verdicts] == [("2", "achieved")]
    (error,) = errors
    assert error.path == "tickets['1'].attributes.made_sla"
    assert "digits" in str(error)  # the value, shown by its size
    with pytest.raises(RecordError, match="made_sla"):
        attribute_verdicts(histories, [rule])


def test_a_larger_attribute_is_refused_when_the_ticket_is_built() -> None:
    with pytest.raises(ConfigError, match=r"attributes\.made_sla: .*digits"):
        Ticket("1", T0, attributes={"made_sla": HUGE})


def test_a_rule_metric_that_is_an_array_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"metric: unknown metric array\(\[1, 2\]\)"):
        VerdictRule("made_sla", np.array([1, 2]), ["true"])


# -- Zendesk: custom status ids that are no ids --------------------------------------------------


def _page(**extra: Any) -> dict[str, Any]:
    tickets = [
        {
            "id": 1,
            "created_at": "2026-03-02T09:00:00Z",
            "updated_at": "2026-03-02T12:00:00Z",
            "status": "open",
            "requester_id": 10,
            **extra,
        },
        {
            "id": 2,
            "created_at": "2026-03-02T09:00:00Z",
            "updated_at": "2026-03-02T12:00:00Z",
            "status": "open",
            "requester_id": 10,
        },
    ]
    return {"tickets": tickets, "end_of_stream": True}


def _audit(tid: int, *events: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": 50 + tid,
        "ticket_id": tid,
        "created_at": "2026-03-02T10:00:00Z",
        "author_id": 3,
        "events": [{"id": 500 + i, **e} for i, e in enumerate(events)],
    }


def _change(field: str, value: Any, before: Any = None) -> dict[str, Any]:
    return {"type": "Change", "field_name": field, "value": value, "previous_value": before}


OPEN = _change("status", "open", "new")
MAP = {"901": "on_hold"}


def _read(page: dict[str, Any], audits: list[dict[str, Any]]) -> Any:
    return zendesk.histories([page], audits, status_map=MAP, on_error="collect").collect()


@given(value=st.sampled_from([[901], {"id": 901}, 901.0, True, "", HUGE]))
def test_a_custom_status_id_that_is_no_id_is_the_tickets_error(value: Any) -> None:
    # In a Change, a Create and the ticket record: each the ticket's error, naming the field
    # and its path; ticket 2 is read.
    cases = [
        (_page(), [_audit(1, _change("custom_status_id", value), OPEN)], "events[0].value"),
        (
            _page(),
            [_audit(1, {"type": "Create", "field_name": "custom_status_id", "value": value})],
            "events[0].value",
        ),
        (
            _page(),
            [_audit(1, _change("custom_status_id", 901, value), OPEN)],
            "events[0].previous_value",
        ),
        (_page(custom_status_id=value), [], "tickets[0].custom_status_id"),
    ]
    for page, audits, where in cases:
        result = _read(page, [*audits, _audit(2, OPEN)])
        assert [h.id for h in result.histories] == ["2"]
        (error,) = result.errors
        assert error.path.endswith(where)
        assert "custom_status_id" in str(error)


def test_a_custom_status_id_as_a_number_or_text_is_mapped() -> None:
    # The ids Zendesk writes (numbers) and their text: the mapped custom status, labelled.
    for value in (901, "901"):
        result = _read(_page(), [_audit(1, _change("custom_status_id", value), OPEN)])
        h = next(h for h in result.histories if h.id == "1")
        assert [(e.status.value, e.label) for e in h.events] == [("on_hold", "901")]
        assert not result.errors


@pytest.mark.parametrize("field", ["status", "priority"])
def test_a_5000_digit_status_or_priority_is_the_tickets_error(field: str) -> None:
    before = "new" if field == "status" else None  # (no priority yet: normal)
    result = _read(_page(), [_audit(1, _change(field, HUGE, before)), _audit(2, OPEN)])
    assert [h.id for h in result.histories] == ["2"]
    (error,) = result.errors
    assert error.path.endswith("events[0].value")
    assert field in str(error)


# -- event log attributes in pandas frames: numbers and bools as such ---------------------------

COLUMNS = {"case": "c", "activity": "a", "timestamp": "t"}


@settings(max_examples=40)
@given(
    values=st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=4),
    flags=st.lists(st.one_of(st.none(), st.booleans()), min_size=1, max_size=4),
)
def test_nullable_pandas_columns_keep_numbers_and_bools(
    values: list[int | None], flags: list[bool | None]
) -> None:
    """A pandas ``Int64`` / ``boolean`` column's attribute is the case's last value that is
    not missing, as an int / a bool: what polars gives for the same values."""
    n = max(len(values), len(flags))
    values += [None] * (n - len(values))
    flags += [None] * (n - len(flags))
    times = [(T0 + timedelta(minutes=i)).isoformat() for i in range(n)]
    plain = {"c": ["A"] * n, "a": ["Open"] * n, "t": times}
    frames = [
        (
            eventlog.from_pandas,
            pd.DataFrame(plain).assign(
                n=pd.Series(values, dtype="Int64"), f=pd.Series(flags, dtype="boolean")
            ),
        ),
        (
            eventlog.from_polars,
            pl.DataFrame(
                {**plain, "n": values, "f": flags},
                schema={
                    "c": pl.String,
                    "a": pl.String,
                    "t": pl.String,
                    "n": pl.Int64,
                    "f": pl.Boolean,
                },
            ),
        ),
    ]
    want = {}
    for name, column in (("n", values), ("f", flags)):
        present = [v for v in column if v is not None]
        if present:
            want[name] = present[-1]
    for read, frame in frames:
        (h,) = read(frame, columns=COLUMNS, status_map={"Open": "open"}, attributes=["n", "f"])
        got = {k: v for k, v in h.ticket.attributes.items() if k in ("n", "f")}
        assert got == want
        assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in want.items()}


# -- two-digit years: the suggestion follows dayfirst when the value does not say ----------------


def _suggestion(text: str, dayfirst: bool) -> str:
    rows = [{"c": "A", "a": "Open", "t": text}]
    with pytest.raises(RecordError) as info:
        eventlog.histories(
            rows, columns=COLUMNS, status_map={"Open": "open"}, tz="UTC", dayfirst=dayfirst
        ).collect()
    return str(info.value).split("date_format = ", 1)[1].split(" (check", 1)[0].strip("'")


@given(day=st.integers(1, 12), month=st.integers(1, 12), yy=st.integers(0, 99))
def test_an_ambiguous_short_year_date_is_suggested_in_the_order_dayfirst_says(
    day: int, month: int, yy: int
) -> None:
    text = f"{day:02d}/{month:02d}/{yy:02d}"
    fmt = _suggestion(text, dayfirst=True)
    assert fmt == "%d/%m/%y"
    (h,) = eventlog.histories(
        [{"c": "A", "a": "Open", "t": text}],
        columns=COLUMNS,
        status_map={"Open": "open"},
        tz="UTC",
        date_format=fmt,
    )
    at = h.events[0].at
    assert (at.day, at.month, at.year % 100) == (day, month, yy)
    assert _suggestion(f"{month:02d}/{day:02d}/{yy:02d}", dayfirst=False) == "%m/%d/%y"


def test_an_unambiguous_short_year_date_is_suggested_in_its_own_order() -> None:
    # A part past 12 is a day, whatever dayfirst says.
    assert _suggestion("11/30/26", dayfirst=True) == "%m/%d/%y"
    assert _suggestion("30/11/26", dayfirst=False) == "%d/%m/%y"


# -- --map: an attributes item the reader refuses names the mapping file -------------------------


@pytest.mark.parametrize("item", ["", "servicemodel.partial"])
def test_a_refused_attributes_item_names_the_map_file(tmp_path: Path, item: str) -> None:
    log = tmp_path / "log.csv"
    log.write_text("number,state,sys_updated_on\nINC1,New,2026-03-02T09:00:00Z\n", "utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        'attributes = ["state", "' + item + '"]\n[columns]\ncase = "number"\n'
        'activity = "state"\ntimestamp = "sys_updated_on"\n[status_map]\nNew = "new"\n',
        "utf-8",
    )
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["report", str(log), "--source=eventlog", f"--map={mapping}"])
    assert code == 2
    assert (
        err.getvalue()
        .splitlines()[-1]
        .startswith(f"servicemodel report: error: {mapping}: attributes[1]: ")
    )


# -- Zendesk: a ticket's first value read from an audit is that audit's error -------------------


@pytest.mark.parametrize(
    ("field", "before"),
    [("status", ["new"]), ("priority", "bogus"), ("group_id", 1.5), ("assignee_id", True)],
)
def test_a_bad_previous_value_names_the_audit_not_the_ticket(
    tmp_path: Path, field: str, before: Any
) -> None:
    # The value before the first change is read from the audit: the error names the audit's
    # file, line and event, not the ticket record's field of the same name.
    pages = tmp_path / "tickets.json"
    pages.write_text(json.dumps(_page()), "utf-8")
    audits = tmp_path / "audits.jsonl"
    lines = [
        _audit(2, OPEN),
        _audit(1, _change(field, "open" if field == "status" else None, before)),
    ]
    audits.write_text("".join(json.dumps(a) + "\n" for a in lines), "utf-8")
    result = zendesk.load([pages, audits], on_error="collect")
    assert [h.id for h in result.histories] == ["2"]
    (error,) = result.errors
    assert error.source == str(audits)
    assert error.line == 2
    assert error.path == "events[0].previous_value"
    with pytest.raises(RecordError, match=r"audits\.jsonl: line 2: events\[0\]\.previous_value"):
        zendesk.load([pages, audits])


# -- Zendesk options: status_map keys are status names or custom status ids ----------------------


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("status_map", ["open"], r"status_map: expected a table, got \['open'\]"),
        ("status_map", {HUGE: "open"}, r"status_map: expected a status name or a custom_status"),
        ("status_map", {True: "open"}, r"status_map: .* got True"),
        ("status_map", {"": "open"}, r"status_map: .* got ''"),
        ("status_map", {"deleted": "open"}, r"status_map\.deleted: 'deleted' is Zendesk's mark"),
        ("agents", 42, r"agents: expected a list of agent ids, got 42"),
        ("agents", [1, [2]], r"agents\[1\]: expected an agent id, got \[2\]"),
        ("channel_map", "web", r"channel_map: expected a table, got 'web'"),
        ("channel_map", {"web": 5}, r"channel_map: expected a via\.channel name .* 5"),
    ],
)
def test_zendesk_options_of_the_wrong_shape_are_config_errors(
    name: str, value: Any, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        zendesk.histories([_page()], [], **{name: value})


def test_custom_status_ids_as_numbers_map_as_their_text() -> None:
    # status_map={901: ...} (a number, as Zendesk's ids are) is the key "901".
    result = zendesk.histories(
        [_page()], [_audit(1, _change("custom_status_id", 901), OPEN)], status_map={901: "on_hold"}
    ).collect()
    h = next(h for h in result.histories if h.id == "1")
    assert [(e.status.value, e.label) for e in h.events] == [("on_hold", "901")]


# -- attribute_verdicts and mapped_verdicts: arguments of the wrong type -------------------------


@pytest.mark.parametrize("histories", [5, None])
def test_histories_that_are_no_collection_are_an_input_type_error(histories: Any) -> None:
    rule = VerdictRule("made_sla", "resolution", ["true"])
    with pytest.raises(InputTypeError, match="histories: expected TicketHistory values"):
        attribute_verdicts(histories, [rule])


def test_an_array_on_error_is_a_config_error() -> None:
    rule = VerdictRule("made_sla", "resolution", ["true"])
    with pytest.raises(ConfigError, match=r"on_error must be .* got array"):
        attribute_verdicts([], [rule], on_error=np.array([1, 2]))  # type: ignore[arg-type]


@pytest.mark.parametrize("mapping", [5, None, "map.toml"])
def test_mapped_verdicts_of_no_mapping_is_an_input_type_error(mapping: Any) -> None:
    # Never "a mapping without rules", which gave no verdicts and no error.
    with pytest.raises(InputTypeError, match="mapping: expected a loaded mapping file"):
        mapped_verdicts(mapping, [])


def test_mapped_verdicts_reads_a_mapping_files_table_as_read() -> None:
    history = TicketHistory(Ticket("1", T0, attributes={"made_sla": "TRUE"}), [])
    table = {
        "tz": "UTC",
        "sla_verdicts": {"resolution": {"attribute": "made_sla", "achieved": ["true"]}},
    }
    (verdict,), errors = mapped_verdicts(table, [history])
    assert (verdict.ticket_id, verdict.state, verdict.our_metric) == ("1", "achieved", "resolution")
    assert errors == ()
    with pytest.raises(ConfigError, match=r"^map\.toml: sla_verdicts: expected a table"):
        mapped_verdicts({"sla_verdicts": 5}, [history], map_file="map.toml")


@pytest.mark.parametrize(
    "value", [[HUGE], [[1], {"a": 2}], HUGE], ids=["huge-in-list", "nested", "huge"]
)
def test_a_custom_field_that_is_no_scalar_is_the_tickets_error(value: Any) -> None:
    # A multi-select of nested values was joined as their reprs; a 5,000-digit int was a
    # ValueError. Both are the ticket's error; a multi-select of texts is still joined.
    page = _page(custom_fields=[{"id": 5, "value": value}])
    result = zendesk.histories([page], [], on_error="collect").collect()
    assert [h.id for h in result.histories] == ["2"]
    (error,) = result.errors
    assert error.path == "pages[0].tickets[0].custom_fields[0].value"
    page = _page(custom_fields=[{"id": 5, "value": ["a", 1, True]}])
    h = next(iter(zendesk.histories([page], [])))
    assert h.ticket.attributes["custom_5"] == "a,1,True"


# -- found by the harnesses, fixed outside their modules -------------------------------------


def test_a_priority_map_key_too_long_to_write_is_a_config_error() -> None:
    from servicemodel.errors import ConfigError
    from servicemodel.io._vocab import map_priority, read_priority_map

    with pytest.raises(ConfigError, match=r"priority_map: key <int of about 5001 digits>"):
        read_priority_map({10**5000: "high"})
    with pytest.raises(ConfigError, match=r"unknown priority <int of about 5001 digits>"):
        map_priority(10**5000, {})


def test_a_broken_sla_verdicts_table_fails_when_the_map_is_read_even_without_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It used to be read only with --policy: without it, a typo in the table passed silently.
    mapping = tmp_path / "map.toml"
    mapping.write_text('[sla_verdicts.resolution]\nattribute = "Resolution status"\n')
    log = Path(__file__).parent / "data" / "eventlog" / "servicenow_shape.csv"
    assert main(["report", "--source", "eventlog", str(log), "--map", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert f"{mapping}: sla_verdicts.resolution.achieved" in err


# -- found by test_fuzz_vendor_verdicts_and_xes: the report's vendor verdicts of the wrong types ---


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"ticket_id": 7}, "vendor_verdicts[0].ticket_id"),  # silently "outside" before
        ({"instance": "1"}, "vendor_verdicts[0].instance"),  # TypeError
        ({"instance": 10**5000}, "vendor_verdicts[0].instance"),  # ValueError when shown
        ({"elapsed": "1h"}, "vendor_verdicts[0].elapsed"),  # TypeError
        ({"target": "1h"}, "vendor_verdicts[0].target"),  # silently "targets differ"
        ({"metric": None}, "vendor_verdicts[0].metric"),  # TypeError
        ({"source": None}, "vendor_verdicts[0].source"),  # TypeError
        (
            {"our_cycle": "a", "source": "jsm", "our_metric": "first_reply"},
            "vendor_verdicts[0].our_cycle",
        ),
    ],
)
def test_a_vendor_verdict_of_the_wrong_types_is_an_input_type_error(
    fields: dict[str, Any], path: str
) -> None:
    from servicemodel.errors import InputTypeError
    from servicemodel.model import AgentReply, Ticket, TicketHistory
    from servicemodel.reconcile import VendorVerdict
    from servicemodel.report import ReportOptions, build_report
    from servicemodel.sla import SLAPolicy, Target

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    found = [TicketHistory(Ticket("7", t0), [AgentReply("r", t0 + timedelta(hours=2))])]
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    verdict = VendorVerdict(**{"ticket_id": "7", "metric": "reply_time", "instance": 1,
                               "state": "breached", **fields})  # fmt: skip
    options = ReportOptions(policies=policy, vendor_verdicts=[verdict])
    with pytest.raises(InputTypeError) as caught:
        build_report(found, options)
    assert str(caught.value).startswith(f"{path}: expected ")


def test_a_listed_count_too_long_to_print_is_an_input_type_error() -> None:
    # render_json raised ValueError writing a 5,000-digit "listed".
    from servicemodel.errors import InputTypeError
    from servicemodel.report._reconcile import ReconcileTally

    with pytest.raises(InputTypeError, match=r"^reconcile_listed: expected a count"):
        ReconcileTally([], set(), listed=10**5000)


def test_a_verdict_policy_title_of_any_value_costs_nothing() -> None:
    # zendesk_verdicts keeps an SLA policy's "title" as given (an object here); the policy is
    # no part of the comparison, so the type check above must not refuse the report for it.
    from servicemodel.reconcile import zendesk_verdicts
    from servicemodel.report import ReportOptions, build_report, render_text
    from servicemodel.sla import SLAPolicy, Target

    event = {"ticket_id": 7, "metric": "reply_time", "instance_id": 1, "id": 1,
             "type": "apply_sla", "time": "2026-03-02T09:00:00Z",
             "sla": {"target": 60, "business_hours": False, "policy": {"title": {}}}}  # fmt: skip
    verdicts, errors = zendesk_verdicts([{"ticket_metric_events": [event]}])
    assert errors == ()
    from servicemodel.model import Ticket, TicketHistory

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    options = ReportOptions(policies=policy, vendor_verdicts=verdicts)
    report = build_report([TicketHistory(Ticket("7", t0), [])], options)
    assert "Vendor SLA reconciliation" in render_text(report)


# -- found by test_fuzz_vendor_verdicts_and_xes: -o and names the file system refuses --------------


def test_an_output_or_input_name_too_long_is_no_oserror(tmp_path: Path) -> None:
    # refuse_overwriting raised OSError (File name too long) from Path.is_file of either name;
    # check_output from Path.is_dir.
    from servicemodel._cli_common import check_output, refuse_overwriting
    from servicemodel.errors import ConfigError

    export = tmp_path / "export.csv"
    export.write_text("id\n")
    long = Path("x" * 5000)
    refuse_overwriting(long, [str(export)])  # no such file: nothing to refuse
    with pytest.raises(ConfigError, match=r"^-o: "):
        refuse_overwriting(export, ["x" * 5000, str(export)])
    with pytest.raises(ConfigError, match=r"^-o: cannot write the report to 'xxx"):
        check_output(long)


# -- found by test_fuzz_vendor_verdicts_and_xes: Freshdesk source codes, Jira changelog items ------

_FRESHDESK = Path(__file__).parent / "data" / "freshdesk"
_JIRA = Path(__file__).parent / "data" / "jira"


@pytest.mark.parametrize("source", ["²", "--5", "9" * 5000])
def test_a_freshdesk_source_int_cannot_read_is_no_code(source: str) -> None:
    # code() took "²" and "--5" for numbers (isdigit, lstrip) and int() raised ValueError, as
    # for 5,000 digits. Each is no code: the conversation reads as one of unknown source.
    from servicemodel.io import freshdesk
    from servicemodel.model import AgentReply

    tickets = json.loads((_FRESHDESK / "tickets_page1.json").read_text())[:2]
    conversations = json.loads((_FRESHDESK / "conversations_101.json").read_text())
    conversations[1]["source"] = source  # 9002: a public reply by agent 901
    result = freshdesk.histories([tickets], conversations, on_error="collect").collect()
    (h,) = [h for h in result.histories if h.id == "101"]
    (event,) = [e for e in h.events if e.id == "c9002"]
    assert type(event) is AgentReply
    assert not event.automated


def _jira_with_item(item: dict[str, Any]) -> Any:
    from servicemodel.io import jira

    pages = [json.loads((_JIRA / f"search_page{n}.json").read_text()) for n in (1, 2)]
    pages[0]["issues"][0]["changelog"]["histories"][0]["items"].insert(0, item)
    return jira.histories(pages, status_map={"Awaiting Vendor": "on_hold"},
                          priority_map={"P1": "urgent"}, on_error="collect").collect()  # fmt: skip


def test_a_jira_item_field_too_long_to_print_is_no_field() -> None:
    # field_of raised ValueError on str() of a 5,000-digit int: it names no field we read.
    result = _jira_with_item({"field": 10**5000, "to": "1"})
    assert "SD-1" in {h.id for h in result.histories}


@pytest.mark.parametrize(("key", "value"), [("to", 2.5), ("toString", ["a"]), ("from", {"x": 1})])
def test_a_jira_assignee_that_is_no_account_names_the_item(key: str, value: Any) -> None:
    # The value went into the history as it was and failed there, the error naming only the
    # issue ("pages[0].issues[0]: ... expected a string or None, got float").
    item = {"field": "assignee", "from": None, "to": None, key: value}
    result = _jira_with_item(item)
    assert "SD-1" not in {h.id for h in result.histories}
    paths = [e.path for e in result.errors]
    want = "pages[0].issues[0].changelog.histories[0].items[0]." + key
    assert want in paths, paths


def test_a_freshdesk_id_too_long_to_print_is_the_tickets_error() -> None:
    # ident() took str() of a 5,000-digit int: ValueError (ids given from Python, not JSON).
    from servicemodel.io import freshdesk

    tickets = json.loads((_FRESHDESK / "tickets_page1.json").read_text())[:2]
    conversations = json.loads((_FRESHDESK / "conversations_101.json").read_text())
    conversations[1]["id"] = 10**5000
    result = freshdesk.histories([tickets], conversations, on_error="collect").collect()
    assert [h.id for h in result.histories] == ["102"]
    (error,) = result.errors
    assert error.path.endswith(".id")
    assert "<int of about 5001 digits>" in str(error)


@pytest.mark.parametrize(
    ("name", "value", "path"),
    [
        ("channel_map", {10**5000: "chat"}, "channel_map.<int of about 5001 digits>"),
        ("channel_map", {7: 10**5000}, "channel_map.7"),  # was ValueError from str()
        ("channel_map", {7: {"a": 1}}, "channel_map.7"),  # was a channel named "{'a': 1}"
        ("status_map", [6], "status_map"),  # was AttributeError
        ("status_map", {2**20000: "open"}, "status_map.<int of about 6021 digits>"),
        ("agents", [10**5000], "agents[0]"),  # was ValueError
        ("agents", 901, "agents"),  # was TypeError
    ],
)
def test_freshdesk_options_of_the_wrong_shape_are_config_errors(
    name: str, value: Any, path: str
) -> None:
    from servicemodel.errors import ConfigError
    from servicemodel.io import freshdesk

    tickets = json.loads((_FRESHDESK / "tickets_page1.json").read_text())[:2]
    with pytest.raises(ConfigError) as caught:
        freshdesk.histories([tickets], [], **{name: value})
    assert str(caught.value).startswith(f"{path}: ")


# -- found by test_fuzz_vendor_sla_files: a mapping's attributes that are no list of names ---------

_RULE = {"resolution": {"attribute": "Resolution status", "achieved": ["Within SLA"]}}


@pytest.mark.parametrize(
    ("kept", "path"),
    [
        ("Resolution status", "attributes"),  # was no check at all: a text is no list
        (None, "attributes"),  # was no check at all
        ([10**5000, "Resolution status"], "attributes[0]"),  # was ValueError from str()
        ([[[["Resolution status"]]]], "attributes[0]"),  # was taken as the name "[[[...]]]"
        (["Resolution status", 7], "attributes[1]"),  # was taken as the name "7"
    ],
)
def test_kept_attributes_that_are_no_names_are_config_errors(kept: Any, path: str) -> None:
    mapping = {"sla_verdicts": _RULE, "attributes": kept}
    with pytest.raises(ConfigError) as caught:
        mapped_verdicts(mapping, [], map_file="m.toml")
    assert str(caught.value).startswith(f"m.toml: {path}: ")


def test_kept_attributes_deep_as_the_recursion_limit_are_a_config_error() -> None:
    deep: list[Any] = ["Resolution status"]
    for _ in range(5000):
        deep = [deep]
    # str() of the deep list was RecursionError.
    with pytest.raises(ConfigError, match=r"^m\.toml: attributes\[0\]: expected a string"):
        mapped_verdicts({"sla_verdicts": _RULE, "attributes": deep}, [], map_file="m.toml")


# -- found by test_fuzz_vendor_sla_files: a binary --vendor-sla file is no CSV text ----------------


@pytest.mark.parametrize(
    "head",
    [
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03a,b",  # gzip: was "holds CSV text"
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00;",  # xlsx (zip): was "holds CSV text"
        b"\x00\x01\x02,\x03",
    ],
)
def test_a_binary_vendor_file_is_not_said_to_hold_csv_text(head: bytes, tmp_path: Path) -> None:
    from servicemodel.report._vendor_files import read_vendor_sla

    path = tmp_path / "events.json"
    path.write_bytes(head + bytes(range(256)))
    with pytest.raises(RecordError) as caught:
        read_vendor_sla("zendesk", [str(path)])
    assert str(caught.value).startswith(f"{path}: not readable as JSON")


@pytest.mark.parametrize(
    ("text", "codec", "holds"),
    [
        ("id;Statut;Échéance\n1;2;3\n", "latin-1", "CSV text"),  # a legacy spreadsheet CSV
        ("id\tstatus\n1\t2\n", "utf-16", "CSV text"),  # a spreadsheet's "Unicode text"
        ('<?xml version="1.0"?><log/>', "utf-16", "XML"),
    ],
)
def test_text_vendor_files_in_other_encodings_are_still_told(
    text: str, codec: str, holds: str, tmp_path: Path
) -> None:
    from servicemodel.report._vendor_files import read_vendor_sla

    path = tmp_path / "events.json"
    path.write_bytes(text.encode(codec))
    with pytest.raises(RecordError, match=f"holds {holds}, not ticket metric events"):
        read_vendor_sla("zendesk", [str(path)])


# -- found by test_fuzz_vendor_sla_files: a broken first line decides nothing ----------------------


def test_a_broken_first_line_leaves_the_first_record_to_decide(tmp_path: Path) -> None:
    from servicemodel.report._vendor_files import read_vendor_sla

    audit = (Path(__file__).parent / "data" / "zendesk" / "audits.jsonl").read_text().split("\n")
    path = tmp_path / "events.jsonl"
    path.write_text("x\n" + "\n".join(audit[:3]), encoding="utf-8")
    holds = f"{path}: holds Zendesk ticket audits, not ticket metric events"
    # Was line 1's 'not JSON', then each audit read as events: 'metric None'.
    with pytest.raises(RecordError) as caught:
        read_vendor_sla("zendesk", [str(path)])
    assert str(caught.value).startswith(holds)
    _, errors = read_vendor_sla("zendesk", [str(path)], on_error="collect")
    assert [str(e) for e in errors] == [
        f"{holds}: give it among the export's files",
        f"{path}: line 1: not JSON: Expecting value (column 1)",
    ]


@pytest.mark.parametrize("text", ['{"name": "p"}', b' {"name": "p"}', bytearray(b"{}")])
def test_json_text_given_as_a_table_says_to_parse_it(text: object) -> None:
    with pytest.raises(ConfigError, match=r"it is JSON text: read it with json\.loads first"):
        PolicySet.from_dict(text)  # type: ignore[arg-type]


def test_other_text_given_as_a_table_gets_no_json_hint() -> None:
    with pytest.raises(ConfigError) as caught:
        PolicySet.from_dict("urgent")  # type: ignore[arg-type]
    assert "json.loads" not in str(caught.value)
