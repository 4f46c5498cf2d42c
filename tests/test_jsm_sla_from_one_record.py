"""A JSM SLA given by two records is read from the last one, whole: no cycles of two fetches.

``jsm_verdicts`` reads an SLA from an issue's SLA field and from its ``sla=`` response. It kept
each cycle from whichever record gave it last (``sla=`` winning cycle by cycle), so a response
fetched before the issue's field -- fewer cycles -- kept the field's later cycles beside its
own: two ongoing cycles of one SLA, one of them from another fetch. A renamed SLA (one ``id``,
two names) was read twice, and two copies of one issue mixed their cycles the same way. Now the
last record of an SLA gives all its cycles, the ``sla=`` responses read last, an SLA told by
its ``id`` where the later record has one, else by its name. Law (Hypothesis): whatever two
records of one SLA hold, field then response, the verdicts are those of the response alone;
the other SLAs of the issue are untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.reconcile import jsm_verdicts

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)


def _iso(when: datetime) -> dict[str, str]:
    return {"iso8601": when.isoformat()}


def _done(n: int) -> dict[str, Any]:
    """Completed cycle ``n`` (from 0): two hours each, met in one."""
    start = T0 + 2 * n * H
    goal, took = {"millis": 7_200_000}, {"millis": 3_600_000}
    return {"startTime": _iso(start), "stopTime": _iso(start + H), "breached": False,
            "goalDuration": goal, "elapsedTime": took}  # fmt: skip


def _ongoing(n: int) -> dict[str, Any]:
    return {"startTime": _iso(T0 + 2 * n * H), "breached": False, "paused": False,
            "goalDuration": {"millis": 7_200_000}}  # fmt: skip


def _sla(
    done: int, ongoing: bool, name: Any = "Time to resolution", **extra: Any
) -> dict[str, Any]:
    rec: dict[str, Any] = {"name": name, "completedCycles": [_done(n) for n in range(done)],
                           **extra}  # fmt: skip
    if ongoing:
        rec["ongoingCycle"] = _ongoing(done)
    return rec


def _issue(key: str, *slas: dict[str, Any]) -> dict[str, Any]:
    fields = {f"customfield_{10000 + i}": s for i, s in enumerate(slas)}
    return {"key": key, "fields": fields}


def _cycles(verdicts: Any) -> list[tuple[str, str, int, str]]:
    return [(v.ticket_id, v.metric, v.instance, v.state) for v in verdicts]


def test_a_response_with_fewer_cycles_than_the_field_keeps_none_of_the_fields() -> None:
    # The field (fetched later) has cycles 1, 2 completed and 3 ongoing; the response
    # (fetched earlier) has cycle 1 ongoing only.
    field = _sla(2, True)
    response = _sla(0, True)
    verdicts, errors = jsm_verdicts([_issue("SD-1", field)], sla={"SD-1": {"values": [response]}})
    assert errors == ()
    # Before: cycle 1 from the response (active), cycles 2 (achieved) and 3 (active) from the
    # field -- two ongoing cycles of one SLA.
    assert _cycles(verdicts) == [("SD-1", "Time to resolution", 1, "active")]


def test_a_renamed_sla_is_one_sla_by_its_id() -> None:
    field = _sla(1, True, name="Time to resolve", id="7")
    response = _sla(1, False, name="Time to resolution", id=7)
    verdicts, _ = jsm_verdicts([_issue("SD-1", field)], sla={"SD-1": {"values": [response]}})
    # Before: both names, the old one's two cycles beside the new one's.
    assert _cycles(verdicts) == [("SD-1", "Time to resolution", 1, "achieved")]


def test_the_last_copy_of_an_issue_gives_its_slas_whole() -> None:
    later, earlier = _issue("SD-1", _sla(0, True)), _issue("SD-1", _sla(2, True))
    verdicts, _ = jsm_verdicts([earlier, later])
    assert _cycles(verdicts) == [("SD-1", "Time to resolution", 1, "active")]


def test_the_other_slas_and_issues_are_untouched() -> None:
    first = _sla(1, False, name="Time to first response")
    field = _issue("SD-1", first, _sla(2, True))
    other = _issue("SD-2", _sla(1, True))
    verdicts, _ = jsm_verdicts([field, other], sla={"SD-1": {"values": [_sla(1, False)]}})
    assert _cycles(verdicts) == [
        ("SD-1", "Time to first response", 1, "achieved"),
        ("SD-1", "Time to resolution", 1, "achieved"),
        ("SD-2", "Time to resolution", 1, "achieved"),
        ("SD-2", "Time to resolution", 2, "active"),
    ]


def test_a_bad_response_leaves_the_field_standing_under_collect() -> None:
    bad = {"name": "Time to resolution", "completedCycles": "nope"}
    verdicts, errors = jsm_verdicts(
        [_issue("SD-1", _sla(1, True))], sla={"SD-1": {"values": [bad]}}, on_error="collect"
    )
    assert [e.path for e in errors] == ["sla['SD-1'].values[0].completedCycles"]
    assert _cycles(verdicts) == [
        ("SD-1", "Time to resolution", 1, "achieved"),
        ("SD-1", "Time to resolution", 2, "active"),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 4), st.booleans(), st.integers(0, 4), st.booleans(),
    st.sampled_from([None, "5"]), st.sampled_from(["Time to resolution", "Time to resolve"]),
)  # fmt: skip
def test_two_records_of_one_sla_read_as_the_response_alone(
    field_done: int, field_on: bool, done: int, on: bool, ident: str | None, old_name: str
) -> None:
    extra = {} if ident is None else {"id": ident}
    if ident is None:
        old_name = "Time to resolution"  # without an id, one SLA is told by its name
    field = _sla(field_done, field_on, name=old_name, **extra)
    response = _sla(done, on, **extra)
    first = _sla(1, False, name="Time to first response")
    both, errors = jsm_verdicts(
        [_issue("SD-1", first, field)], sla={"SD-1": {"values": [response]}}
    )
    alone, _ = jsm_verdicts([_issue("SD-1", first)], sla={"SD-1": {"values": [response]}})
    assert errors == ()
    assert both == alone


def test_a_name_given_as_a_number_is_one_sla_with_its_text() -> None:
    # JSM's names are text; a number is read as its decimal text, one SLA with "5".
    verdicts, _ = jsm_verdicts(
        [_issue("SD-1", _sla(2, True, name=5))],
        sla={"SD-1": {"values": [_sla(1, False, name="5")]}},
    )
    assert _cycles(verdicts) == [("SD-1", "5", 1, "achieved")]
