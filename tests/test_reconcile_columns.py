"""reconcile.attribute_verdicts: a vendor's SLA verdict columns as VendorVerdicts (issue 13).

The law: the verdicts the rules read equal a reference computed here from the attribute values
alone (case-folded membership in the two lists; missing gives none; anything else is an error
for that ticket only).
"""

from __future__ import annotations

import csv
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io import eventlog, summary
from servicemodel.io._sources import SourceMap
from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import (
    VerdictRule,
    VerdictRules,
    attribute_verdicts,
    mapped_verdicts,
    reconcile,
)
from servicemodel.sla import SLAPolicy, Target, evaluate_many

ROOT = Path(__file__).resolve().parents[1]
FRESH_MAP = ROOT / "examples" / "mappings" / "freshdesk-csv.toml"
FRESH_CSV = ROOT / "tests" / "data" / "summary" / "freshdesk_tickets.csv"
SN_MAP = ROOT / "examples" / "mappings" / "servicenow-incidents.toml"
SN_CSV = ROOT / "tests" / "data" / "eventlog" / "servicenow_sla.csv"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
ACHIEVED = ["Within SLA", "true"]
BREACHED = ["SLA Violated", "false"]
RULE = VerdictRule("status", "resolution", ACHIEVED, BREACHED)


def toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def at(text: str) -> datetime:
    """An export's local time as an instant: compared in UTC (the fixture crosses the UK's
    spring DST change)."""
    return (
        datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(toml(FRESH_MAP)["tz"])).astimezone(UTC)
    )


def ticket(tid: str, **attributes: Any) -> TicketHistory:
    return TicketHistory(Ticket(tid, T0, attributes=attributes), [])


# -- the law -----------------------------------------------------------------------------------

VALUES = st.one_of(
    st.sampled_from(
        [
            *ACHIEVED,
            *BREACHED,
            "WITHIN sla",
            " TRUE ",
            "FALSE",
            True,
            False,
            "",
            "  ",
            None,
            "Late",
            "yes",
            1,
            0.5,
        ]
    ),
    st.text(max_size=6),
)


def reference(value: Any) -> str | None:
    """``"achieved"``, ``"breached"``, ``"none"`` (missing) or None (an error), by hand."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return "none"
    text = {True: "true", False: "false"}[value] if isinstance(value, bool) else str(value)
    word = text.strip().lower()
    if word in [a.lower() for a in ACHIEVED]:
        return "achieved"
    if word in [b.lower() for b in BREACHED]:
        return "breached"
    return None


@given(st.lists(st.one_of(st.just("absent"), VALUES), max_size=12))
def test_verdicts_agree_with_an_independent_reference(values: list[Any]) -> None:
    histories = [
        ticket(str(i)) if v == "absent" else ticket(str(i), status=v) for i, v in enumerate(values)
    ]
    verdicts, errors = attribute_verdicts(histories, [RULE], on_error="collect")
    want = {str(i): reference(None if v == "absent" else v) for i, v in enumerate(values)}
    assert [(v.ticket_id, v.state) for v in verdicts] == [
        (tid, s) for tid, s in want.items() if s in ("achieved", "breached")
    ]
    assert [e.path for e in errors] == [
        f"tickets[{tid!r}].attributes.status" for tid, s in want.items() if s is None
    ]
    for v in verdicts:
        assert (v.source, v.metric, v.instance, v.our_metric, v.our_cycle) == (
            "export",
            "status",
            1,
            "resolution",
            0,
        )


def test_an_unknown_value_names_ticket_attribute_and_value() -> None:
    with pytest.raises(RecordError) as caught:
        attribute_verdicts([ticket("7", status="Within SLA"), ticket("8", status="Late")], [RULE])
    text = str(caught.value)
    assert text.startswith("tickets['8'].attributes.status: ticket '8': attribute 'status' is")
    assert "'Late'" in text


def test_a_collected_error_costs_only_its_own_rule() -> None:
    other = VerdictRule("fr", "first_reply", ["ok"], ["late"])
    verdicts, errors = attribute_verdicts(
        [ticket("1", status="nope", fr="ok")], [RULE, other], on_error="collect"
    )
    assert [(v.our_metric, v.state) for v in verdicts] == [("first_reply", "achieved")]
    assert len(errors) == 1


def test_a_rule_for_none_of_our_clocks_gives_verdicts_we_cannot_match() -> None:
    rule = VerdictRule("made_sla", None, ["true"], ["false"])
    (v,), _ = attribute_verdicts([ticket("1", made_sla="TRUE")], [rule])
    assert (v.our_metric, v.our_cycle) == (None, None)
    (clock,) = reconcile([v], []).clocks
    assert clock.reason == "we have no such metric"


@pytest.mark.parametrize(
    ("histories", "rules", "error"),
    [
        ([object()], [RULE], InputTypeError),
        ([], "status", InputTypeError),
        ([], [object()], InputTypeError),
        ([], {"resolution": {}}, InputTypeError),
    ],
)
def test_bad_arguments_are_typed_errors(histories: Any, rules: Any, error: type) -> None:
    with pytest.raises(error):
        attribute_verdicts(histories, rules)


def test_on_error_is_checked() -> None:
    with pytest.raises(ConfigError, match="on_error"):
        attribute_verdicts([], [RULE], on_error="skip")  # type: ignore[arg-type]


# -- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "where"),
    [
        ({"resolution": {"achieved": ["a"]}}, "resolution.attribute: missing required key"),
        ({"resolution": {"attribute": "s", "achieved": ["a"], "x": 1}}, "resolution.x: unknown"),
        ({"resolution": {"attribute": "s", "achieved": "a"}}, "resolution.achieved: expected a"),
        ({"resolution": {"attribute": "s", "breached": ["a", 2]}}, "resolution.breached[1]:"),
        ({"resolution": {"attribute": "s", "breached": [" "]}}, "resolution.breached[0]:"),
        ({"resolution": {"attribute": "s"}}, "resolution.achieved: name at least one"),
        ({"resolution": {"attribute": 5, "achieved": ["a"]}}, "resolution.attribute: expected"),
        (
            {"resolution": {"attribute": "s", "achieved": ["A"], "breached": ["a"]}},
            "resolution.breached[0]: 'a' is both",
        ),
        ({"made_sla": {"attribute": "s", "achieved": ["a"]}}, "made_sla.metric: unknown metric"),
        ({"x": {"attribute": "s", "metric": "fcr", "achieved": ["a"]}}, "x.metric: unknown"),
        ({"resolution": "s"}, "resolution: expected a rule"),
        (["resolution"], "expected a table of rules"),
    ],
)
def test_a_bad_rule_is_a_config_error_with_its_path(table: Any, where: str) -> None:
    with pytest.raises(ConfigError) as caught:
        VerdictRules.from_mapping({"sla_verdicts": table})
    assert str(caught.value).startswith(
        f"sla_verdicts.{where}".replace("sla_verdicts.expected", "sla_verdicts: expected")
    )


def test_a_rule_error_in_a_mapping_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('tz = "UTC"\n[sla_verdicts.resolution]\nattribute = "s"\nachieved = [1]\n')
    with pytest.raises(ConfigError) as caught:
        VerdictRules.from_mapping_file(path)
    assert str(caught.value).startswith(f"{path}: sla_verdicts.resolution.achieved[0]: expected")
    loaded = SourceMap.from_file(path)  # the readers' side does not look inside the table
    with pytest.raises(ConfigError) as caught:
        mapped_verdicts(loaded, [], map_file=str(path))
    assert str(caught.value).startswith(f"{path}: sla_verdicts.resolution.achieved[0]: expected")


def test_the_mapping_file_keeps_the_table_out_of_the_readers_options() -> None:
    m = SourceMap.from_file(FRESH_MAP)
    assert "sla_verdicts" not in m.options
    assert set(m.sla_verdicts) == {"resolution", "first_reply"}
    with pytest.raises(ConfigError, match="sla_verdicts: expected a table"):
        SourceMap.from_dict({"sla_verdicts": ["resolution"]})


def test_rules_are_values() -> None:
    rules = VerdictRules.from_mapping_file(FRESH_MAP)
    assert rules == VerdictRules.from_mapping(toml(FRESH_MAP))
    assert hash(rules) == hash(VerdictRules.from_mapping(toml(FRESH_MAP)))
    with pytest.raises(AttributeError):
        rules.rules = ()  # type: ignore[misc]


# -- on the fixtures: reconcile(attribute_verdicts(...), evaluate_many(...)) --------------------


def test_freshdesk_verdicts_beside_ours() -> None:
    mapping = toml(FRESH_MAP)
    histories = summary.load(FRESH_CSV, **mapping).histories
    verdicts, errors = mapped_verdicts(SourceMap.from_file(FRESH_MAP), histories)
    assert errors == ()
    with FRESH_CSV.open(newline="", encoding="utf-8") as fh:
        rows = {r["Ticket ID"]: r for r in csv.DictReader(fh)}
    words = {"Within SLA": "achieved", "SLA Violated": "breached"}
    want = [
        (tid, metric, words[row[column]])
        for tid, row in rows.items()
        for metric, column in (
            ("resolution", "Resolution status"),
            ("first_reply", "First response status"),
        )
        if row[column]
    ]
    assert [(v.ticket_id, v.our_metric, v.state) for v in verdicts] == want
    # Ours, with a calendar-time policy: each clock's verdict from the CSV's own instants.
    policy = SLAPolicy(
        "p",
        pause=(),
        targets={
            p: [
                Target("first_reply", "1h", business=False),
                Target("resolution", "8h", business=False),
            ]
            for p in ("low", "normal", "high", "urgent")
        },
    )
    result = reconcile(verdicts, evaluate_many(policy, histories))
    ours = {(c.ticket_id, c.metric): c.our_state for c in result.clocks}
    for tid, row in rows.items():
        created = at(row["Created time"])
        for metric, column, hours in (
            ("first_reply", "Initial response time", 1),
            ("resolution", "Resolved time", 8),
        ):
            if row[column]:
                late = at(row[column]) - created > timedelta(hours=hours)
                assert ours[(tid, metric)] == ("breached" if late else "achieved"), (tid, metric)
    agree = sum(1 for tid, metric, state in want if ours.get((tid, metric)) == state)
    assert result.agreements == agree
    assert all(c.agrees or c.reason for c in result.clocks)


def test_servicenow_made_sla_is_a_verdict_on_no_clock_of_ours() -> None:
    mapping = toml(SN_MAP)
    loaded = eventlog.load(SN_CSV, on_error="collect", **mapping)
    verdicts, errors = mapped_verdicts(
        SourceMap.from_file(SN_MAP), loaded.histories, on_error="collect"
    )
    finals = {h.id: h.ticket.attributes.get("made_sla") for h in loaded.histories}
    assert [(v.ticket_id, v.state) for v in verdicts] == [
        (tid, "achieved" if str(m).lower() == "true" else "breached")
        for tid, m in finals.items()
        if m is not None and str(m).lower() in ("true", "false")
    ]
    assert [e.path for e in errors] == ["tickets['INC0000205'].attributes.made_sla"]
    assert "'maybe'" in str(errors[0])
    policy = SLAPolicy(
        "p",
        pause=(),
        targets={
            p: [Target("resolution", "72h", business=False)]
            for p in ("low", "normal", "high", "urgent")
        },
    )
    result = reconcile(verdicts, evaluate_many(policy, loaded.histories))
    vendor_only = [c for c in result.clocks if c.vendor_state is not None]
    assert len(vendor_only) == len(verdicts)
    assert {c.reason for c in vendor_only} == {"we have no such metric"}
    # Who knows what their instance measured says so, and the clocks are then compared:
    rule = VerdictRule("made_sla", "resolution", ["true"], ["false"])
    mine, _ = attribute_verdicts(loaded.histories, [rule], on_error="collect")
    matched = reconcile(mine, evaluate_many(policy, loaded.histories))
    assert {c.ticket_id for c in matched.clocks if c.vendor_state and c.our_state} == {
        v.ticket_id for v in mine
    }
