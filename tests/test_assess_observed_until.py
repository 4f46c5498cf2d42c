"""``assess`` and ``standards.measure`` take the report's snapshot rule.

Without ``at``, the snapshot is the later of the export's last event and ``observed_until``
(an instant the export is known to reach: ``LoadResult.observed_until``); ``at`` always wins.
``servicemodel assess`` passes the loaded export's ``observed_until`` and says where the
snapshot came from in the words of the report's scope line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel import _assess_cli
from servicemodel.blueprint import Assessment, Blueprint, assess, render_html, render_text
from servicemodel.blueprint._render import assessment_to_dict
from servicemodel.cli import main
from servicemodel.errors import InputTypeError, NaiveDatetimeError
from servicemodel.io import LoadResult, load_jsonl
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.standards import ServiceStandards, measure

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BLUEPRINT = str(EXAMPLES / "blueprint.toml")
TICKETS = str(EXAMPLES / "data" / "tickets.jsonl")
LAST = "2026-11-02T07:37:37+00:00"  # the example export's last event

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _two() -> list[TicketHistory]:
    waiting = TicketHistory(Ticket("W", T0), [])
    answered = TicketHistory(Ticket("A", T0 - timedelta(hours=1)), [AgentReply("r", T0)])
    return [waiting, answered]


def test_assess_takes_the_later_update_and_says_so() -> None:
    seen = T0 + timedelta(hours=16)
    a = assess(Blueprint("x"), _two(), observed_until=seen)
    assert (a.at, a.basis, a.last_event) == (seen, "updated", T0)
    assert render_text(a).splitlines()[0] == (
        "Assessment of the blueprint 'x' at 2026-03-03T01:00:00+00:00 (the tickets' latest "
        "update; the last event was 2026-03-02T09:00:00+00:00)"
    )
    doc = assessment_to_dict(a)
    assert (doc["at"], doc["basis"], doc["last_event"]) == (
        "2026-03-03T01:00:00+00:00",
        "updated",
        "2026-03-02T09:00:00+00:00",
    )
    assert (
        "at 2026-03-03T01:00:00+00:00 (the tickets&#x27; latest update; the last event was "
        "2026-03-02T09:00:00+00:00); 2 tickets" in render_html(a)
    )


def test_an_earlier_update_moves_nothing_and_at_wins() -> None:
    a = assess(Blueprint("x"), _two(), observed_until=T0 - timedelta(days=1))
    assert (a.at, a.basis, a.last_event) == (T0, "last_event", T0)
    assert " (the export's last event)" in render_text(a)
    at = T0 - timedelta(minutes=30)
    a = assess(Blueprint("x"), _two(), at=at, observed_until=T0 + timedelta(days=1))
    assert (a.at, a.basis, a.last_event) == (at, "at", None)
    assert a.tickets == 1  # W was created after --at


def test_a_naive_observed_until_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError, match="observed_until"):
        assess(Blueprint("x"), _two(), observed_until=datetime(2026, 3, 3))
    with pytest.raises(NaiveDatetimeError, match="observed_until"):
        measure(ServiceStandards("x"), _two(), observed_until=datetime(2026, 3, 3))


def test_no_histories_still_need_at() -> None:
    with pytest.raises(InputTypeError, match="needs at="):
        assess(Blueprint("x"), [], observed_until=T0)


def test_an_assessment_built_by_hand_says_nothing_of_its_snapshot() -> None:
    a = assess(Blueprint("x"), _two(), at=T0)
    bare = attrs.evolve(a, basis=None)
    assert render_text(bare).splitlines()[0] == (
        "Assessment of the blueprint 'x' at 2026-03-02T09:00:00+00:00"
    )
    with pytest.raises(ValueError, match="basis"):
        attrs.evolve(a, basis="now")


@pytest.mark.parametrize("field", ["at", "last_event"])
def test_an_assessment_refuses_a_naive_instant(field: str) -> None:
    """Assessment.at and last_event are aware instants, as assess reads at= and
    observed_until (a naive last_event was kept)."""
    a = assess(Blueprint("x"), _two(), at=T0)
    with pytest.raises(NaiveDatetimeError, match=f"Assessment.{field}"):
        attrs.evolve(a, **{field: datetime(2026, 3, 2, 9)})
    with pytest.raises(InputTypeError, match=f"Assessment.{field}"):
        attrs.evolve(a, **{field: "2026-03-02T09:00:00+00:00"})
    later = attrs.evolve(a, **{field: T0 + timedelta(hours=1)})
    assert getattr(later, field) == T0 + timedelta(hours=1)
    assert attrs.evolve(a, last_event=None).last_event is None


def test_measure_takes_the_later_update() -> None:
    seen = T0 + timedelta(hours=16)
    assert measure(ServiceStandards("x"), _two(), observed_until=seen).at == seen
    assert measure(ServiceStandards("x"), _two()).at == T0
    assert measure(ServiceStandards("x"), _two(), at=T0, observed_until=seen).at == T0


# -- the command line ------------------------------------------------------------------------


def _assess(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["assess", BLUEPRINT, TICKETS, *args])
    return code, capsys.readouterr().out


def test_the_cli_says_the_snapshot_is_the_last_event(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _assess(capsys)
    assert code == 0
    assert out.splitlines()[0] == (
        f"Assessment of the blueprint 'Example support team' at {LAST} (the export's last event)"
    )
    code, out = _assess(capsys, "--format", "json")
    doc = json.loads(out)
    assert (doc["at"], doc["basis"], doc["last_event"]) == (LAST, "last_event", LAST)


def test_the_cli_passes_the_exports_latest_update(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Our JSON Lines state no update time; a loader that states one moves the snapshot.
    later = datetime(2026, 11, 3, 9, tzinfo=UTC)

    def stated(path: Any) -> LoadResult:
        return attrs.evolve(load_jsonl(path), observed_until=later)

    monkeypatch.setattr(_assess_cli, "load_jsonl", stated)
    code, out = _assess(capsys, "--format", "json", "--tz", "Europe/Berlin")
    assert code == 0
    doc = json.loads(out)
    assert (doc["at"], doc["basis"], doc["last_event"]) == (
        "2026-11-03T10:00:00+01:00",
        "updated",
        "2026-11-02T08:37:37+01:00",
    )
    at = "2026-10-01T00:00:00+02:00"
    code, out = _assess(capsys, "--at", at)
    assert code == 0
    assert out.splitlines()[0].endswith(f" at {at} (--at)")


# -- the law ---------------------------------------------------------------------------------

offsets = st.integers(min_value=0, max_value=24 * 60 * 20).map(lambda m: timedelta(minutes=m))


@st.composite
def _histories(draw: st.DrawFn) -> list[TicketHistory]:
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        created = T0 + draw(offsets)
        replies = sorted(draw(st.lists(offsets, max_size=2)))
        events = [AgentReply(f"r{i}.{k}", created + d) for k, d in enumerate(replies)]
        out.append(TicketHistory(Ticket(str(i), created), events))
    return out


@settings(max_examples=40, deadline=None)
@given(
    _histories(),
    st.none() | offsets.map(lambda d: T0 + d),
    st.none() | offsets.map(lambda d: T0 + d),
)
def test_the_snapshot_is_never_before_the_last_event_or_the_update(
    histories: list[TicketHistory], seen: datetime | None, at: datetime | None
) -> None:
    a: Assessment = assess(Blueprint("x"), histories, at=at, observed_until=seen)
    compliance = measure(ServiceStandards("x"), histories, at=at, observed_until=seen)
    if at is not None:
        assert (a.at, a.basis) == (at, "at")
        assert compliance.at == at
        return
    last = max(h.last_event_at for h in histories)
    assert a.at >= last
    assert seen is None or a.at >= seen
    assert a.at == max(last, seen or last) == compliance.at
    assert a.basis == ("updated" if a.at > last else "last_event")
    assert a.last_event == last
    assert a.tickets == len(histories)
