"""The Jira reader keeps Jira's priority names (``Ticket.priority_label``,
``PriorityChange.label``) beside our categories, and readers' shared vocabulary helper."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import dump_jsonl, jira, load_jsonl
from servicemodel.io._vocab import priority_and_label, read_priority_map, source_label
from servicemodel.model import Priority, PriorityChange
from servicemodel.sla import SLAPolicy, Target, evaluate

DATA = Path(__file__).parent / "data" / "jira"
#: Jira's default scheme as its docs list it, and the category each stands for here.
JIRA = {"Highest": "urgent", "High": "high", "Medium": "normal", "Low": "low", "Lowest": "low"}


def _pages() -> list[dict[str, Any]]:
    return [json.loads((DATA / f"search_page{i}.json").read_text()) for i in (1, 2)]


def _issue(key: str) -> dict[str, Any]:
    for page in _pages():
        for raw in page["issues"]:
            if raw["key"] == key:
                return copy.deepcopy(raw)  # type: ignore[no-any-return]
    raise KeyError(key)


def test_the_fixtures_keep_jiras_names_on_tickets_and_changes() -> None:
    found = {
        h.id: h
        for h in jira.histories(
            _pages(), priority_map={"P1": "urgent"}, status_map={"Awaiting Vendor": "on_hold"},
            on_error="collect",
        )
    }  # fmt: skip
    names = {k: (h.ticket.priority.value, h.ticket.priority_label) for k, h in found.items()}
    assert names == {
        "SD-1": ("high", "High"),
        "SD-2": ("urgent", "Highest"),  # before its change to High
        "SD-3": ("normal", "Medium"),
        "SD-4": ("low", "Low"),
        "SD-5": ("urgent", "P1"),  # a scheme's own priority, mapped
    }
    changes = [(e.priority.value, e.label) for e in found["SD-2"].events
               if isinstance(e, PriorityChange)]  # fmt: skip
    assert changes == [("high", "High")]


def _with_priority(raw: dict[str, Any], name: str | None, to: str | None = None) -> dict[str, Any]:
    raw["fields"]["priority"] = None if name is None else {"id": "9", "name": to or name}
    raw["changelog"] = {"histories": []}
    if to is not None:
        raw["changelog"]["histories"].append({
            "id": "77", "created": "2026-03-03T12:00:00.000+0100",
            "items": [{"field": "priority", "fromString": name, "toString": to}],
        })  # fmt: skip
    return raw


@given(st.sampled_from(sorted(JIRA)), st.sampled_from(sorted(JIRA)))
def test_every_default_name_maps_to_its_category_and_is_kept(a: str, b: str) -> None:
    (h,) = jira.histories([{"issues": [_with_priority(_issue("SD-3"), a, b)]}])
    assert (h.ticket.priority.value, h.ticket.priority_label) == (JIRA[a], a)
    changes = [(e.priority.value, e.label) for e in h.events if isinstance(e, PriorityChange)]
    # A change of name alone (Low to Lowest, both low) is kept, as a status label's is.
    assert changes == ([] if a == b else [(JIRA[b], b)])
    assert load_jsonl(dump_jsonl([h]).splitlines()).histories == (h,)


def test_no_priority_field_is_normal_without_a_name() -> None:
    (h,) = jira.histories([{"issues": [_with_priority(_issue("SD-3"), None)]}])
    assert (h.ticket.priority, h.ticket.priority_label) == (Priority.NORMAL, None)


def test_an_unmapped_custom_priority_is_still_an_error_naming_it() -> None:
    with pytest.raises(RecordError, match=r"'P1'.*priority_map"):
        list(jira.histories([{"issues": [_issue("SD-5")]}]))


def test_a_policy_gives_jiras_highest_its_own_targets() -> None:
    raw = _with_priority(_issue("SD-3"), "Highest")
    (h,) = jira.histories([{"issues": [raw]}])
    policy = SLAPolicy(
        "jira",
        {
            "urgent": [Target("resolution", "400d", business=False)],
            "label:Highest": [Target("resolution", "1h", business=False)],
        },
    )
    (m,) = evaluate(policy, h)
    assert (m.priority, m.target.within) == (Priority.URGENT, timedelta(hours=1))


# -- the shared vocabulary helper ------------------------------------------------------------


@given(st.sampled_from(["P1", "Sev 2", " Critical ", "low", "URGENT", " High "]))
def test_priority_and_label_keeps_the_sources_own_name(raw: str) -> None:
    pm = read_priority_map({"P1": "urgent", "Sev 2": "high", "Critical": "urgent"})
    prio, label = priority_and_label(raw, pm)
    ours = raw.strip().lower() in {p.value for p in Priority}
    assert label == (None if ours else raw.strip())
    assert prio is (Priority(raw.strip().lower()) if ours else pm[raw.strip()])


def test_source_label_of_nothing_is_none_and_an_unknown_priority_is_an_error() -> None:
    assert source_label(None) is None
    assert source_label("  ") is None
    with pytest.raises(ConfigError, match="'P9'"):
        priority_and_label("P9", {})
