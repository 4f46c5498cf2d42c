"""A ticket's and a journey event's attribute: the wrong type is an InputTypeError, a value of
the right type that is not allowed a ConfigError, alike for both and named alike.

The library's rule (``servicemodel.errors``): ``InputTypeError`` (a ``TypeError``) for a value
of the wrong type, ``ConfigError`` (a ``ValueError``) for the right type with a value not
allowed. An attribute holds text, a whole number, a finite float, a bool or ``None``; a list,
a mapping or a set is the wrong type. The readers set such a record aside under
``on_error="collect"`` and keep every other one.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io import freshdesk, load_jsonl, zendesk
from servicemodel.journey import JourneyEvent, StageRule
from servicemodel.model import Ticket

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
ISO = "2026-03-02T09:00:00Z"

_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
#: Values of a type no attribute holds: containers (JSON's arrays and objects among them),
#: bytes, complex numbers, any other object.
wrong_typed = st.one_of(
    st.lists(_scalars, max_size=3),
    st.dictionaries(st.text(max_size=3), _scalars, max_size=2),
    st.frozensets(st.integers(), max_size=3),
    st.sets(st.integers(), max_size=3),
    st.tuples(st.integers()),
    st.binary(max_size=4),
    st.complex_numbers(allow_nan=False),
    st.builds(object),
)
#: Values of the right type that no attribute holds: NaN, the infinities, a whole number
#: past 13,000 bits (docs/journey.md).
not_allowed = st.sampled_from([math.nan, math.inf, -math.inf, 2**13_000, -(2**13_001)])
# (A name holding a NUL is refused on its own: tests/test_walk_model_live_jsonl.py.)
names = st.text(st.characters(exclude_characters="\x00"), min_size=1, max_size=8)


def _ticket(key: Any, value: Any) -> Ticket:
    return Ticket("T-1", T0, attributes={key: value})


def _event(key: Any, value: Any) -> JourneyEvent:
    return JourneyEvent("ada", T0, "ticket", attributes={key: value})


def _rule(key: Any, value: Any) -> StageRule:
    return StageRule(attributes={key: value})


@given(names, wrong_typed)
def test_a_wrong_typed_attribute_is_an_input_type_error_alike_everywhere(
    key: str, value: Any
) -> None:
    messages = set()
    for build in (_ticket, _event, _rule):
        with pytest.raises(InputTypeError) as info:
            build(key, value)
        assert not isinstance(info.value, ValueError)  # not a ConfigError
        message = str(info.value)
        assert message.startswith(f"attributes.{key}: expected an attribute value")
        assert f"got {type(value).__name__} " in message
        assert len(message) < 200 + len(key)  # the value shortened
        messages.add(message)
    assert len(messages) == 1  # one wording for the three


@given(names, not_allowed)
def test_a_right_typed_value_not_allowed_is_a_config_error_alike(key: str, value: Any) -> None:
    found = set()
    for build in (_ticket, _event):
        with pytest.raises(ConfigError) as info:
            build(key, value)
        assert info.value.path == f"attributes.{key}"
        found.add(str(info.value))
    assert len(found) == 1


@given(st.integers() | st.none() | st.tuples(st.integers()), st.text(max_size=3))
def test_an_attribute_name_that_is_no_text_is_an_input_type_error(key: Any, value: str) -> None:
    for build in (_ticket, _event):
        with pytest.raises(
            InputTypeError, match=r"^attributes: an attribute name must be a string"
        ):
            build(key, value)


def test_the_message_names_the_attribute_and_the_value() -> None:
    with pytest.raises(InputTypeError) as info:
        _ticket("plan", ["team", "pro"])
    assert str(info.value) == (
        "attributes.plan: expected an attribute value (str, int, float, bool or None), "
        "got list ['team', 'pro']"
    )
    with pytest.raises(InputTypeError, match=r"got list \['x', 'x', .*…\]$"):
        _event("tags", ["x"] * 500)  # shortened


# -- the readers: one broken record never costs the others ---------------------------------


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}, [[1]], [{"a": 1}]])
def test_jsonl_sets_aside_only_the_ticket_with_a_list_or_object_attribute(value: Any) -> None:
    lines = [
        json.dumps({"id": f"T{i}", "created_at": ISO, "attributes": {"k": value if i == 1 else 1}})
        for i in range(3)
    ]
    result = load_jsonl(lines, on_error="collect")
    assert [h.id for h in result] == ["T0", "T2"]
    (err,) = result.errors
    assert isinstance(err, RecordError)
    assert err.line == 2
    assert "attributes.k: expected an attribute value" in str(err)
    with pytest.raises(RecordError, match=r"line 2: attributes\.k: expected an attribute value"):
        load_jsonl(lines)


def _zendesk_ticket(tid: int, **fields: Any) -> dict[str, Any]:
    rec = {"id": tid, "created_at": ISO, "updated_at": "2026-03-02T10:00:00Z", "status": "new"}
    return rec | fields


@pytest.mark.parametrize("value", [{"a": 1}, [[1]], [{"a": 1}], [1, None]])
def test_zendesk_sets_aside_only_the_ticket_with_an_object_field(value: Any) -> None:
    # docs/exports.md: a multi-select's options (a list of scalars) are joined with ','; any
    # other list or an object is no field value. ``organization_id`` is kept as it is given.
    tickets = [
        _zendesk_ticket(1),
        _zendesk_ticket(2, custom_fields=[{"id": 5, "value": value}]),
        _zendesk_ticket(3, organization_id=value),
        _zendesk_ticket(4, custom_fields=[{"id": 5, "value": ["a", "b"]}]),
    ]
    page = {"tickets": tickets, "after_cursor": "x", "end_of_stream": True}
    result = zendesk.histories([page], [], on_error="collect").collect()
    found = list(result)
    assert [h.id for h in found] == ["1", "4"]
    assert found[1].ticket.attributes["custom_5"] == "a,b"
    assert len(result.errors) == 2
    assert all(isinstance(e, RecordError) for e in result.errors)


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}])
def test_freshdesk_sets_aside_only_the_ticket_with_a_list_custom_field(value: Any) -> None:
    def ticket(tid: int, **fields: Any) -> dict[str, Any]:
        rec = {"id": tid, "created_at": ISO, "updated_at": "2026-03-02T10:00:00Z",
               "status": 2, "priority": 1, "source": 1}  # fmt: skip
        return rec | fields

    stream = freshdesk.histories(
        [[ticket(1), ticket(2, custom_fields={"cf_x": value}), ticket(3)]], on_error="collect"
    )
    assert [h.id for h in stream] == ["1", "3"]
    (err,) = stream.errors
    assert isinstance(err, RecordError)
    assert "cf_x" in str(err)


def test_the_report_counts_the_record_set_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "tickets.jsonl"
    records = [
        {"id": f"T{i}", "created_at": ISO, "attributes": {"plan": ["a"] if i == 1 else "a"}}
        for i in range(3)
    ]
    export.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert main(["report", str(export), "--skip-bad-records", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overview"]["tickets"] == 2
    assert len(data["source"]["bad_records"]) == 1
    assert main(["report", str(export)]) == 2
    assert "line 2: attributes.plan: expected an attribute value" in capsys.readouterr().err
