"""A RateProfile's repr is short: 168 (or 336) numbers filled a notebook cell, and every
SupportDesk's and SimulationResult's repr with them.

A constant profile shows the call that makes it, which reads back to an equal profile; any
other shows its slot count, the range and the mean of its rates.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.simulate import RateProfile, SupportDesk

RATES = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)
ZONES = st.sampled_from([None, "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])


@given(rate=RATES, zone=ZONES)
def test_a_constant_profile_reads_back_from_its_repr(rate: float, zone: str | None) -> None:
    profile = RateProfile.constant(rate) if zone is None else RateProfile.constant(rate, zone)
    shown = repr(profile)
    assert eval(shown, {"RateProfile": RateProfile}) == profile  # our own repr, read back
    assert shown.startswith("RateProfile.constant(")


@given(rates=st.lists(RATES, min_size=168, max_size=168), zone=ZONES)
def test_any_profile_shows_its_slots_range_and_mean_in_one_short_line(
    rates: list[float], zone: str | None
) -> None:
    profile = RateProfile(rates) if zone is None else RateProfile(rates, tz=zone)
    shown = repr(profile)
    assert len(shown) < 160
    if min(rates) != max(rates):
        assert f"<168 hourly rates from {min(rates)!r} to {max(rates)!r}, mean " in shown
    if zone is not None:
        assert shown.endswith(f", tz={zone!r})")


def test_a_half_hourly_profile_says_so() -> None:
    profile = RateProfile([1.0, 3.0] * 168, tz=ZoneInfo("Europe/Berlin"))
    assert repr(profile) == (
        "RateProfile(<336 half-hourly rates from 1.0 to 3.0, mean 2>, tz='Europe/Berlin')"
    )


def test_a_desk_repr_fits_a_line_or_two() -> None:
    desk = SupportDesk(agents=14, arrivals=200, handle_time=180)
    assert "arrivals=RateProfile.constant(200.0)" in repr(desk)
    assert len(repr(desk)) < 200
