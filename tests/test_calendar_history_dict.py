"""A schedule history's file form holds every version a history may hold.

``ScheduleHistory.to_dict`` writes a version that is a combined calendar or a history as such,
and ``from_dict`` reads it back with the reader a policy file uses (same shapes, same errors,
same paths); a calendar class of one's own has no file form and is named by its version.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicemodel.strategies as sms
from servicemodel.calendar import BusinessCalendar, CombinedCalendar, ScheduleHistory
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.sla import PolicySet

_FEW = settings(max_examples=30, deadline=None)
_SMALL = sms.calendars(zones=["UTC", "Europe/Berlin", "Australia/Lord_Howe"])
_VERSIONS = st.one_of(
    _SMALL,
    sms.combined_calendars(calendars=_SMALL),
    sms.schedule_histories(calendars=sms.combined_calendars(calendars=_SMALL, nested=False)),
)
_WHEN = st.datetimes(
    min_value=datetime(2017, 12, 1), max_value=datetime(2031, 2, 1), timezones=st.just(UTC)
)
OFFICE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
LUNCH = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "12:00-13:00"})
H = timedelta(hours=1)


@_FEW
@given(sms.schedule_histories(calendars=_VERSIONS), st.lists(_WHEN, min_size=2, max_size=4))
def test_from_dict_reads_back_what_to_dict_writes_for_every_version_kind(
    history: ScheduleHistory, instants: list[datetime]
) -> None:
    data = history.to_dict()
    back = ScheduleHistory.from_dict(data)
    assert back == history
    assert ScheduleHistory.from_json(json.dumps(data)) == history
    assert back.to_dict() == data
    a, b = min(instants), max(instants)
    assert back.elapsed(a, b) == history.elapsed(a, b)
    assert [back.is_open(t) for t in instants] == [history.is_open(t) for t in instants]


def test_a_history_of_combinations_is_written_as_a_policy_file_writes_it() -> None:
    since = datetime(2026, 3, 2, tzinfo=UTC)
    history = ScheduleHistory([(None, OFFICE), (since, (OFFICE - LUNCH) | LUNCH)])
    data = history.to_dict()
    assert data == {
        "versions": [
            {"calendar": OFFICE.to_dict()},
            {
                "since": "2026-03-02T00:00:00+00:00",
                "calendar": {
                    "union": [{"difference": [OFFICE.to_dict(), LUNCH.to_dict()]}, LUNCH.to_dict()]
                },
            },
        ]
    }
    back = ScheduleHistory.from_dict(data)
    assert back == history
    assert isinstance(back.versions[1][1], CombinedCalendar)
    monday = datetime(2026, 3, 2, tzinfo=UTC)
    # 09:00-17:00 UTC, the Berlin lunch (11:00-12:00 UTC) taken out and put back: 8 h
    assert back.elapsed(monday, monday + 24 * H) == 8 * H
    policy = {
        "policies": [
            {
                "name": "p",
                "calendar": data,
                "targets": {"normal": [{"metric": "first_reply", "within": "1h"}]},
            }
        ]
    }
    assert PolicySet.from_dict(policy).policies[0].calendar == history


@pytest.mark.parametrize(
    ("calendar", "path", "message"),
    [
        ({"union": [{"tz": "UTC"}]}, "versions[1].calendar.union", "a union needs at least two"),
        (
            {"difference": [{"tz": "UTC"}] * 3},
            "versions[1].calendar.difference",
            "a difference takes two calendars",
        ),
        (
            {"intersection": [{"tz": "UTC"}, {"tz": "UTC", "hours": {"mond": "09:00-17:00"}}]},
            "versions[1].calendar.intersection[1].hours.mond",
            "mond",
        ),
        ({"union": [{"tz": "UTC"}, None]}, "versions[1].calendar.union[1]", "got None"),
        (
            {"union": [{"tz": "UTC"}, "office"]},
            "versions[1].calendar.union[1]",
            "unknown calendar 'office'",
        ),
        ("office", "versions[1].calendar", "unknown calendar 'office'; defined calendars: []"),
        (
            {"versions": [{"calendar": {"tz": "UTC"}}, {"calendar": {"tz": "UTC"}}]},
            "versions[1].calendar.versions[1].since",
            "missing required key 'since'",
        ),
        (
            {"union": [{"tz": "UTC"}, {"tz": "UTC"}], "tz": "UTC"},
            "versions[1].calendar.tz",
            "unknown key",
        ),
    ],
)
def test_a_bad_version_calendar_is_named_by_its_path(
    calendar: Any, path: str, message: str
) -> None:
    data = {
        "versions": [
            {"calendar": {"tz": "UTC"}},
            {"since": "2026-03-02T00:00:00+00:00", "calendar": calendar},
        ]
    }
    with pytest.raises(ConfigError) as info:
        ScheduleHistory.from_dict(data)
    assert info.value.path == path
    assert message in str(info.value)


class _OwnCalendar:
    """A calendar class of one's own that a history can hold (it has ``_open_us``)."""

    is_always_open = False

    def _open_us(self, lo: int, hi: int) -> list[tuple[int, int]]:
        return OFFICE._open_us(lo, hi)

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return OFFICE.elapsed(a, b)

    def add(self, t: datetime, d: timedelta) -> datetime:
        return OFFICE.add(t, d)


def test_a_version_with_no_file_form_is_named_by_its_path() -> None:
    since = datetime(2026, 3, 2, tzinfo=UTC)
    history = ScheduleHistory([(None, OFFICE), (since, OFFICE | _OwnCalendar())])
    with pytest.raises(
        InputTypeError,
        match=r"^versions\[1\]\.calendar\.union\[1\]: this calendar has no dict form.*_OwnCalendar",
    ):
        history.to_dict()
    with pytest.raises(
        InputTypeError, match=r"^versions\[0\]\.calendar: this calendar has no dict form"
    ):
        ScheduleHistory([(None, _OwnCalendar())]).to_dict()
