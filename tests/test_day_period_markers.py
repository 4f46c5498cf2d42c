"""12-hour markers as the locales write them: ``PM``, ``pm``, ``p.m.``, ``p. m.``.

CLDR 47 (https://cldr.unicode.org/, ``main/<locale>/ca-gregorian``, ``dayPeriods`` ``format``
``abbreviated``) writes ``AM``/``PM`` for ``en``, ``de``, ``fr``, ``it`` and ``pt``;
``a.m.``/``p.m.`` for ``nl``, ``en_CA`` and ``es_MX``; and ``a. m.``/``p. m.`` for ``es``, with
a no-break space (U+00A0) after the first dot, which exports keep or turn into a plain space.
``strptime``'s ``%p`` reads only the first two.

The laws: a time written with any of these markers (by a formatter here, not the code under
test) reads back as the instant written, through a ``date_format`` with ``%p`` (with and
without ``month_names``) and as a plain numeric date; a marker never changes a 24-hour
reading; a text whose marker is no marker is still an error.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io.eventlog import parse_timestamp

#: Each marker pair as a locale writes it (AM first).
MARKERS = [
    ("AM", "PM"),  # en, de, fr, it, pt
    ("am", "pm"),  # en_GB, en_AU
    ("a.m.", "p.m."),  # nl, en_CA, es_MX
    ("a. m.", "p. m."),  # es, the no-break space made a plain one
    ("a.\u00a0m.", "p.\u00a0m."),  # es, as CLDR writes it
    ("A.M.", "P.M."),
]

instants = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
)


def written(when: datetime, pair: tuple[str, str], month: str = "%m") -> str:
    """``when`` as ``DD/MM/YYYY h:MM <marker>`` (the test's own formatter)."""
    hour = when.hour % 12 or 12
    marker = pair[when.hour >= 12]
    return f"{when:%d}/{when.strftime(month)}/{when:%Y} {hour}:{when:%M} {marker}"


@given(instants, st.sampled_from(MARKERS))
def test_a_marked_time_reads_back_through_a_format(when: datetime, pair: tuple[str, str]) -> None:
    text = written(when, pair)
    read = parse_timestamp(text, tz="UTC", date_format="%d/%m/%Y %I:%M %p")
    assert read.astimezone(UTC) == when, text


@given(instants, st.sampled_from(MARKERS))
def test_a_marked_time_reads_back_as_a_numeric_date(when: datetime, pair: tuple[str, str]) -> None:
    text = written(when, pair)
    read = parse_timestamp(text, tz="UTC", dayfirst=True)
    assert read.astimezone(UTC) == when, text


#: CLDR 47 ``es`` months ``format`` ``abbreviated``, January first.
SPANISH = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]


@given(instants, st.sampled_from(MARKERS))
def test_a_spanish_date_with_a_spanish_marker_reads_back(
    when: datetime, pair: tuple[str, str]
) -> None:
    text = written(when, pair, month=SPANISH[when.month - 1])
    read = parse_timestamp(text, tz="UTC", date_format="%d/%b/%Y %I:%M %p", month_names="es")
    assert read.astimezone(UTC) == when, text


@given(instants)
def test_a_24_hour_format_is_not_changed_by_the_markers(when: datetime) -> None:
    text = f"{when:%d/%m/%Y %H:%M}"
    read = parse_timestamp(text, tz="UTC", date_format="%d/%m/%Y %H:%M")
    assert read.astimezone(UTC) == when


@pytest.mark.parametrize(
    "text",
    ["06/12/2026 9:02 pmx", "06/12/2026 9:02 p m", "06/12/2026 9:02 x.m.", "06/12/2026 13:02 p.m."],
)
def test_a_marker_that_is_no_marker_is_an_error(text: str) -> None:
    with pytest.raises(ConfigError, match="matches neither date_format"):
        parse_timestamp(text, tz="UTC", date_format="%d/%m/%Y %I:%M %p")


def test_a_literal_percent_p_is_no_marker() -> None:
    # A literal '%%p' reads no marker: the format is a 12-hour %I without one, refused.
    with pytest.raises(ConfigError, match=r"reads a 12-hour hour \(%I\) without its marker"):
        parse_timestamp("06/12/2026 9:02 %p.m.", tz="UTC", date_format="%d/%m/%Y %I:%M %%p")
