"""Bad input to a schedule history or a combined calendar is a ServiceModelError naming it.

Hostile values (naive datetimes, pandas' NaT, wrong types, a calendar class instead of a
calendar, no versions, versions out of order or at one instant twice) are refused where the
value is built, with the path of the field, in code and in a file alike; never a bare Python
exception, and never a value that fails later on a query.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar, CombinedCalendar, ScheduleHistory
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
    ServiceModelError,
)

pd = pytest.importorskip("pandas")

A = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
T = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("versions", "error", "message"),
    [
        (
            [(None, A), (datetime(2026, 1, 1), A)],
            NaiveDatetimeError,
            r"^versions\[1\]\.since: naive",
        ),
        ([(None, A), (pd.NaT, A)], NaiveDatetimeError, r"^versions\[1\]\.since: got NaT"),
        (
            [(None, A), ("2026-01-01", A)],
            InputTypeError,
            r"^versions\[1\]\.since: expected an aware",
        ),
        ([(None, A), (None, A)], InputTypeError, r"^versions\[1\]\.since: only the first version"),
        (
            [(None, BusinessCalendar)],
            InputTypeError,
            r"^versions\[0\]: .*the class BusinessCalendar",
        ),
        ([(None, None)], InputTypeError, r"^versions\[0\]: expected a servicemodel calendar"),
        ([], InputTypeError, r"^a schedule history needs at least one version$"),
        ([A], InputTypeError, r"^versions: expected \(since, calendar\) pairs"),
        (
            [(T, A), (T - timedelta(days=1), A)],
            InputTypeError,
            r"^versions\[1\]\.since: 2025-12-31T00:00:00\+00:00 is not after the version before "
            r"\(2026-01-01T00:00:00\+00:00\)",
        ),
        (
            [(None, A), (T, A), (T.astimezone(timezone(timedelta(hours=2))), A)],
            InputTypeError,
            r"^versions\[2\]\.since: 2026-01-01T02:00:00\+02:00 is not after .*\(2026-01-01T00",
        ),
        ([(datetime.max.replace(tzinfo=UTC), A)], OutOfRangeError, r"^versions\[0\]\.since: 9999"),
    ],
)
def test_a_bad_history_in_code_is_refused_naming_the_field(
    versions: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ScheduleHistory(versions)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CombinedCalendar("union", (A, BusinessCalendar)), r"^operands\[1\]: .*the class"),
        (lambda: A | ScheduleHistory, r"^operands\[1\]: .*the class ScheduleHistory itself$"),
        (lambda: CombinedCalendar("union", (A, "x")), r"^operands\[1\]: .* got str$"),
        (lambda: A - None, r"^operands\[1\]: .* got NoneType$"),
    ],
)
def test_a_bad_operand_is_refused_naming_its_index(make: Any, message: str) -> None:
    with pytest.raises(InputTypeError, match=message):
        make()


@pytest.mark.parametrize(
    ("since", "message"),
    [
        (pd.NaT, "got NaT, a missing instant; expected an instant with a UTC offset"),
        ("9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59+00:00 is outside the supported range"),
        (datetime(2026, 1, 1), "expected an instant with a UTC offset"),
    ],
)
def test_a_bad_since_in_a_file_is_a_config_error_said_once(since: Any, message: str) -> None:
    data = {"versions": [{"since": since, "calendar": {"tz": "UTC"}}]}
    with pytest.raises(ConfigError) as info:
        ScheduleHistory.from_dict(data)
    assert info.value.path == "versions[0].since"
    assert str(info.value).startswith(f"versions[0].since: {message}")
    assert str(info.value).count("versions[0].since") == 1


def test_a_since_at_the_instant_before_in_a_file_names_both() -> None:
    data = {
        "versions": [
            {"calendar": {"tz": "UTC"}},
            {"since": "2026-01-01T00:00:00+00:00", "calendar": {"tz": "UTC"}},
            {"since": "2026-01-01T01:00:00+01:00", "calendar": {"tz": "UTC"}},
        ]
    }
    with pytest.raises(ConfigError) as info:
        ScheduleHistory.from_dict(data)
    assert info.value.path == "versions[2].since"
    assert "2026-01-01T01:00:00+01:00 is not after the version before (2026-01-01T00:00" in str(
        info.value
    )


_HOSTILE = st.one_of(
    st.none(),
    st.just(pd.NaT),
    st.datetimes(),  # naive
    st.datetimes(timezones=st.just(UTC)),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.builds(
        pd.Timestamp, st.datetimes(min_value=datetime(1700, 1, 1), max_value=datetime(2200, 1, 1))
    ),
)
_CALS = st.one_of(
    st.just(A),
    st.just(A | A),
    st.just(BusinessCalendar),
    st.none(),
    st.text(max_size=5),
    st.integers(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_HOSTILE, _CALS), max_size=4))
def test_any_hostile_history_is_built_or_refused_with_a_servicemodel_error(
    versions: list[tuple[Any, Any]],
) -> None:
    try:
        history = ScheduleHistory(versions)
    except ServiceModelError:
        return
    # Built: every query answers (or says why not) with a ServiceModelError, never a bare one.
    try:
        history.elapsed(T, T + timedelta(days=3))
        history.is_open(T)
    except ServiceModelError:
        pass


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({"since": _HOSTILE, "calendar": st.just({"tz": "UTC"})}), max_size=4
    )
)
def test_any_hostile_history_file_is_read_or_refused_with_a_config_error(
    versions: list[dict[str, Any]],
) -> None:
    try:
        ScheduleHistory.from_dict({"versions": versions})
    except ConfigError as exc:
        path = exc.path
    else:
        return
    assert path.startswith("versions")


_INSTANTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2026, 1, 3), timezones=st.just(UTC)
).map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=100, deadline=None)
@given(st.lists(_INSTANTS, min_size=1, max_size=5))
def test_a_history_is_built_exactly_when_its_instants_strictly_increase(
    instants: list[datetime],
) -> None:
    # Unsorted and repeated instants are refused at the first one not after the one before,
    # in code and in a file alike.
    first_bad = next((i for i in range(1, len(instants)) if instants[i] <= instants[i - 1]), None)
    data = {"versions": [{"since": t.isoformat(), "calendar": {"tz": "UTC"}} for t in instants]}
    if first_bad is None:
        history = ScheduleHistory([(t, A) for t in instants])
        assert [s for s, _ in history.versions] == instants
        assert len(ScheduleHistory.from_dict(data).versions) == len(instants)
        return
    with pytest.raises(InputTypeError, match=rf"^versions\[{first_bad}\]\.since: .* not after"):
        ScheduleHistory([(t, A) for t in instants])
    with pytest.raises(ConfigError) as info:
        ScheduleHistory.from_dict(data)
    assert info.value.path == f"versions[{first_bad}].since"
