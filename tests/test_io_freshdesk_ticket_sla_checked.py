"""``io.freshdesk.TicketSLA`` checks its fields when it is built, as the rest of the library does.

It held whatever it was given: a naive due time, a flag that was no bool or a due field of
another name built by hand went in silently and failed (or was miscounted) only when
``freshdesk_verdicts`` compared it. Laws (Hypothesis): every ``TicketSLA`` that ``sla_fields``
reads from a well-formed Freshdesk ticket is built again from its own fields, equal; a
``TicketSLA`` built with a naive instant in any of its datetime fields raises
``NaiveDatetimeError`` naming the field and the value, one with any other non-datetime an
``InputTypeError`` naming the field.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
    ServiceModelError,
)
from servicemodel.io.freshdesk import SLA_FIELDS, TicketSLA, sla_fields

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: The fields holding one instant (``due`` holds one per due field).
INSTANTS = ("created_at", "updated_at", "first_responded_at", "resolved_at", "reopened_at",
            "closed_at")  # fmt: skip
STAMPS = ("first_responded_at", "resolved_at", "reopened_at", "closed_at")


def _stamp(at: datetime, offset: int | None) -> str:
    """``at`` as Freshdesk writes it (``Z``), at another offset, or without one (``tz=``)."""
    if offset is None:
        return at.replace(tzinfo=None).isoformat()
    if offset == 0:
        return at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return at.astimezone(timezone(timedelta(minutes=offset))).isoformat()


@st.composite
def tickets(draw: st.DrawFn, *, local: bool) -> dict[str, Any]:
    """A well-formed Freshdesk ticket with any of its SLA fields given, null or absent."""
    offsets = st.none() if local else st.sampled_from([0, 0, 330, -300, 60])

    def when(after: datetime) -> str:
        minutes = draw(st.integers(0, 60 * 24 * 30))
        return _stamp(after + timedelta(minutes=minutes), draw(offsets))

    created = T0 + timedelta(minutes=draw(st.integers(-(10**6), 10**6)))
    ids = st.one_of(st.integers(1, 10**9), st.from_regex(r"[A-Za-z0-9-]{1,8}", fullmatch=True))
    rec: dict[str, Any] = {"id": draw(ids), "created_at": _stamp(created, draw(offsets))}
    for due, flag in SLA_FIELDS.items():
        kind = draw(st.sampled_from(["given", "null", "absent"]))
        if kind != "absent":
            rec[due] = when(created) if kind == "given" else None
        if draw(st.booleans()):
            rec[flag] = draw(st.one_of(st.none(), st.booleans()))
    if draw(st.booleans()):
        rec["updated_at"] = when(created)
    rec["status"] = draw(st.sampled_from([2, 3, 4, 5, 6, "4", None]))
    if draw(st.booleans()):
        rec["stats"] = {name: when(created) for name in STAMPS if draw(st.booleans())}
    return rec


def _rebuilt(s: TicketSLA) -> TicketSLA:
    return TicketSLA(**{f.name: getattr(s, f.name) for f in attrs.fields(TicketSLA)})


@settings(max_examples=60, deadline=None)
@given(st.lists(tickets(local=False), max_size=4), st.booleans())
def test_every_ticket_sla_fields_reads_is_built_again_equal(
    records: list[dict[str, Any]], distinct: bool
) -> None:
    if distinct:  # else a repeated id is read from its latest record: fewer tickets, same law
        records = [{**r, "id": i} for i, r in enumerate(records)]
    found, errors = sla_fields([records], on_error="collect")
    assert errors == ()
    assert len(found) == len({str(r["id"]) for r in records})
    for s in found:
        assert _rebuilt(s) == s
        assert attrs.evolve(s) == s
        rec = records[int(s.path.removeprefix("pages[0][").removesuffix("]"))]
        assert set(s.due) == {name for name in SLA_FIELDS if rec.get(name) is not None}
        assert all(when.utcoffset() is not None for when in s.due.values())


@settings(max_examples=30, deadline=None)
@given(tickets(local=True))
def test_local_times_read_with_tz_build_aware_ticket_slas(rec: dict[str, Any]) -> None:
    # A zone without daylight saving time: a later local time is always a later instant.
    (s,), errors = sla_fields([[rec]], tz="Asia/Kolkata")
    assert errors == ()
    assert _rebuilt(s) == s
    stamps = [getattr(s, name) for name in INSTANTS] + list(s.due.values())
    assert all(when is None or when.utcoffset() is not None for when in stamps)


def _one() -> TicketSLA:
    return TicketSLA("7", T0, {"fr_due_by": T0 + timedelta(hours=1)}, {"fr_escalated": False},
                     updated_at=T0, first_responded_at=T0, resolved_at=T0, reopened_at=T0,
                     closed_at=T0, with_stats=True, status=5)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(INSTANTS),
    st.datetimes(min_value=datetime(3, 1, 1), max_value=datetime(9997, 1, 1)),
)
def test_a_naive_instant_in_any_field_is_refused_naming_field_and_value(
    name: str, naive: datetime
) -> None:
    with pytest.raises(NaiveDatetimeError) as got:
        attrs.evolve(_one(), **{name: naive})
    assert str(got.value).startswith(f"{name}: naive datetime {naive.isoformat()} has no time zone")


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(SLA_FIELDS)),
    st.datetimes(min_value=datetime(3, 1, 1), max_value=datetime(9997, 1, 1)),
)
def test_a_naive_due_time_is_refused_naming_the_due_field_and_value(
    name: str, naive: datetime
) -> None:
    with pytest.raises(NaiveDatetimeError) as got:
        TicketSLA("7", T0, {name: naive})
    assert str(got.value).startswith(f"due[{name!r}]: naive datetime {naive.isoformat()}")


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(INSTANTS),
    st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.dates(), st.booleans()),
)
def test_a_non_datetime_in_any_instant_field_is_an_input_type_error(name: str, value: Any) -> None:
    with pytest.raises(InputTypeError) as got:
        attrs.evolve(_one(), **{name: value})
    assert str(got.value).startswith(f"{name}: expected an aware datetime, got ")


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"ticket_id": 7}, InputTypeError, "ticket_id: expected str, got int 7"),
        ({"ticket_id": ""}, ConfigError, "ticket_id: expected a non-blank ticket id, got ''"),
        ({"ticket_id": " "}, ConfigError, "ticket_id: expected a non-blank ticket id, got ' '"),
        ({"created_at": None}, InputTypeError, "created_at: expected an aware datetime, got "
                                               "NoneType None"),
        ({"created_at": datetime(1, 1, 1, tzinfo=UTC)}, OutOfRangeError,
         "created_at: 0001-01-01T00:00:00+00:00 is outside the supported range"),
        ({"due": {"sla_due": T0}}, InputTypeError,
         "due: expected due fields (fr_due_by, due_by, nr_due_by) mapped to datetime, got "
         "'sla_due': "),
        ({"due": {"due_by": "2026-03-02T10:00:00Z"}}, InputTypeError,
         "due: expected due fields (fr_due_by, due_by, nr_due_by) mapped to datetime, got "
         "'due_by': '2026-03-02T10:00:00Z'"),
        ({"due": [("due_by", T0)]}, InputTypeError, "due: expected a mapping of due fields"),
        ({"escalated": {"fr_escalated": 1}}, InputTypeError,
         "escalated: expected escalation flags (fr_escalated, is_escalated, nr_escalated) "
         "mapped to bool, got 'fr_escalated': 1"),
        ({"escalated": {"fr_due_by": True}}, InputTypeError,
         "escalated: expected escalation flags (fr_escalated, is_escalated, nr_escalated) "
         "mapped to bool, got 'fr_due_by': True"),
        ({"escalated": {"is_escalated": None}}, InputTypeError,
         "escalated: expected escalation flags"),
        ({"path": None}, InputTypeError, "path: expected str, got NoneType None"),
        ({"with_stats": 1}, InputTypeError, "with_stats: expected bool, got int 1"),
        ({"status": "4"}, InputTypeError, "status: expected int, got str '4'"),
        ({"status": True}, InputTypeError, "status: expected int, got bool True"),
    ],
)  # fmt: skip
def test_a_hand_built_ticket_sla_with_a_bad_field_raises_its_specific_error(
    change: dict[str, Any], error: type[ServiceModelError], message: str
) -> None:
    with pytest.raises(error) as got:
        attrs.evolve(_one(), **change)
    assert str(got.value).startswith(message)


def test_a_well_formed_hand_built_ticket_sla_is_kept_as_given() -> None:
    s = _one()
    assert (s.ticket_id, s.due["fr_due_by"], s.escalated, s.status) == (
        "7",
        T0 + timedelta(hours=1),
        {"fr_escalated": False},
        5,
    )
    assert TicketSLA("7", T0) == TicketSLA("7", T0, {}, {})
