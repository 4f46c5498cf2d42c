"""A pytz zone attached with ``tzinfo=`` instead of ``localize``: refused, never minutes off.

pytz's zones attached through the ``datetime`` constructor (or ``replace``) give the zone's
first offset in history, its local mean time (+00:53 for Europe/Berlin), so every instant
would silently be minutes off. pytz's README says to use ``localize``. ``require_aware``
(which the model's timestamps go through) refuses such a value and names the fix; a value
``localize`` made, or a pytz zone whose attached offset is the one in force, is accepted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError, require_aware
from servicemodel.model import AgentReply, Ticket

pytz = pytest.importorskip("pytz")

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC",
         "Europe/London", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"]  # fmt: skip


def test_a_zone_attached_with_tzinfo_is_refused_naming_the_fix() -> None:
    berlin = pytz.timezone("Europe/Berlin")
    with pytest.raises(InputTypeError) as info:
        Ticket("T", datetime(2026, 3, 2, 9, tzinfo=berlin))
    message = str(info.value)
    assert message.startswith("created_at: 2026-03-02T09:00:00+00:53 has pytz's 'Europe/Berlin'")
    for part in ("(1:00:00)", "localize", "ZoneInfo"):
        assert part in message
    with pytest.raises(InputTypeError, match=r"^at: "):
        AgentReply("r", datetime(2026, 3, 2, 10, tzinfo=berlin))


def test_localized_values_are_accepted_on_both_sides_of_a_fold() -> None:
    berlin = pytz.timezone("Europe/Berlin")
    for is_dst in (True, False):
        t = berlin.localize(datetime(2026, 10, 25, 2, 30), is_dst=is_dst)
        assert require_aware(t, "at") is t
    assert Ticket("T", berlin.localize(datetime(2026, 3, 2, 9))).created_at.hour == 9


#: pytz's tables end in 2037 (later years read as standard time), and its zone data and the
#: tzdata that ZoneInfo reads may differ on old history: instants where the two agree.
MIN, MAX = datetime(1980, 1, 1), datetime(2036, 12, 31)


def _plain(naive: datetime, name: str) -> bool:
    """Whether ``naive`` names exactly one instant in zone ``name`` (no gap, no fold)."""
    zone = ZoneInfo(name)
    first, second = naive.replace(tzinfo=zone), naive.replace(tzinfo=zone, fold=1)
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return first.utcoffset() == second.utcoffset() and back == naive


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    naive=st.datetimes(min_value=MIN, max_value=MAX),
    localize=st.booleans(),
)
def test_a_pytz_instant_is_accepted_only_as_the_instant_it_names(
    name: str, naive: datetime, localize: bool
) -> None:
    """Never silently wrong: an accepted value is the instant the wall time names in the
    zone (as ZoneInfo reads it); otherwise an InputTypeError."""
    if not _plain(naive, name):
        return
    zone = pytz.timezone(name)
    value = zone.localize(naive) if localize else naive.replace(tzinfo=zone)
    if not localize and value.utcoffset() != zone.normalize(value).utcoffset():
        with pytest.raises(InputTypeError, match="localize"):
            require_aware(value, "at")
        return
    accepted = require_aware(value, "at")
    expected = naive.replace(tzinfo=ZoneInfo(name))
    if zone.localize(naive).utcoffset() != expected.utcoffset():
        return  # pytz's bundled data and the tzdata ZoneInfo reads disagree (a rule changed)
    assert accepted.astimezone(UTC) == expected.astimezone(UTC)


def test_other_zone_types_are_untouched() -> None:
    for tz in (UTC, ZoneInfo("Europe/Berlin"), pytz.utc, pytz.FixedOffset(90)):
        t = datetime(2026, 1, 1, tzinfo=tz)
        assert require_aware(t, "at") is t
    assert require_aware(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(0), "at").tzinfo is UTC


def test_a_localized_value_moved_by_arithmetic_keeps_its_instant() -> None:
    # pytz leaves the wall time stale after arithmetic (normalize mends it), but the instant
    # is exact: accepted as it is.
    berlin = pytz.timezone("Europe/Berlin")
    start = berlin.localize(datetime(2026, 3, 1, 12))
    later = start + timedelta(days=60)  # across the spring change, not normalized
    assert require_aware(later, "at") is later
    assert later.astimezone(UTC) == start.astimezone(UTC) + timedelta(days=60)


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    naive=st.datetimes(min_value=MIN, max_value=MAX),
    hours=st.integers(min_value=-24 * 400, max_value=24 * 400),
)
def test_arithmetic_on_a_localized_value_is_accepted(
    name: str, naive: datetime, hours: int
) -> None:
    zone = pytz.timezone(name)
    start = zone.localize(naive)
    moved = start + timedelta(hours=hours)
    if not MIN <= moved.replace(tzinfo=None) <= MAX:
        return
    assert require_aware(moved, "at") is moved
