"""The date_format probe leaves the process's warning filters alone.

``date_formats`` checks each format once: it must read back an instant it wrote. Python 3.13
warns when strptime reads a day of the month without a year (``'%d/%m'``), and the probe used
to silence that warning by swapping the warning filters (``warnings.catch_warnings``), which
is not thread-safe: a server's other threads lost or gained filters meanwhile. It now gives
such a format a year of its own instead.

Laws: the probe answers as the one it replaced (kept here as the oracle) for every format the
strategy builds, on every Python; it never calls into the warnings module; and it raises no
warning, even under an error filter.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from itertools import count
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io.eventlog._time import _reads_back, date_formats


def _old_reads_back(fmt: str) -> bool:
    """The probe as it was: strptime under a swapped warning filter (the oracle)."""
    sample = datetime(2026, 11, 30, 14, 5, 6, 789000, tzinfo=UTC)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            datetime.strptime(sample.strftime(fmt), fmt)
    except (ValueError, re.error):
        return False
    return True


def _probe(fmt: str) -> bool:
    """The probe without its cache: each call parses."""
    result: bool = _reads_back.__wrapped__(fmt)
    return result


#: Pieces of a format: every strptime directive, the year and day ones that decide the 3.13
#: warning, ones strptime refuses (%Q, %e, %-d), a lone or spaced percent sign, '%%', regex
#: characters, whitespace and digits.
DIRECTIVES = [f"%{c}" for c in "aAwdbBmyYHIpMSfzZjUWcxXGuV%"]
PIECES = st.one_of(
    st.sampled_from(DIRECTIVES),
    st.sampled_from(["%d", "%Y", "%y", "%G", "%d/%m", "%Q", "%e", "%-d", "%", "% ", "%%d"]),
    st.sampled_from(["/", "-", ":", " ", "  ", "\t", "T", ".", "(", "[", "\\", "+", "|", "1"]),
    st.text(alphabet="ab %d\n", max_size=3),
)
FORMATS = st.lists(PIECES, min_size=1, max_size=7).map("".join)


@settings(max_examples=1000, deadline=None)
@given(FORMATS)
def test_the_probe_answers_as_the_one_it_replaced(fmt: str) -> None:
    assert _probe(fmt) == _old_reads_back(fmt)


@pytest.mark.parametrize(
    ("fmt", "reads_back"),
    [
        ("%d/%m", True),  # a day without a year: 3.13 warns, the format reads back
        ("%d/%m %H:%M", True),
        ("%Y-%m-%d %H:%M:%S", True),
        ("%d/%b/%y %I:%M %p", True),
        ("%c", True),
        (" %d", True),  # leading whitespace: the year before it is read apart
        ("%d %d", False),  # a directive given twice: re.error
        ("%c %d", False),  # %c holds a day of its own
        ("%d/%m/%Q", False),  # no such directive
        ("%d %V", False),  # an ISO week without its ISO year
        ("%d%", False),  # a stray percent sign at the end
    ],
)
def test_formats_whose_answer_the_strptime_directives_give(fmt: str, reads_back: bool) -> None:
    # datetime.strptime's documentation: each directive once, no unknown directive, %V only
    # with %G and a weekday; a format without a year reads back its day and month.
    assert _probe(fmt) is reads_back
    assert _old_reads_back(fmt) is reads_back


_unique = count()


@settings(max_examples=100, deadline=None)
@given(FORMATS)
def test_the_probe_never_calls_into_the_warnings_module(
    fmt: str,
) -> None:
    # The warning filters are the process's: a probe that swaps them races every other
    # thread. Any call that would swap or set them fails here.
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the probe touched the warning filters")

    with pytest.MonkeyPatch.context() as patch:
        for name in ("catch_warnings", "simplefilter", "filterwarnings", "resetwarnings"):
            patch.setattr(warnings, name, refused)
        # A literal of its own, so that strptime compiles the format anew (its regex cache
        # would skip the compile, and with it 3.13's warning).
        _probe(f"{fmt}<{next(_unique)}>")


@pytest.mark.parametrize("fmt", ["%d/%m", "%d.%m %H:%M", "%a %d %b"])
def test_a_day_without_a_year_raises_no_warning_under_an_error_filter(fmt: str) -> None:
    # Under pytest's filterwarnings = error, 3.13's DeprecationWarning would raise here if the
    # probe let strptime see the format without a year.
    fmt = f"{fmt} <{next(_unique)}>"
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("error")
        assert _probe(fmt) is True
    assert seen == []


def test_date_formats_still_refuses_what_does_not_read_back() -> None:
    with pytest.raises(ConfigError, match=r"is not a strptime format that reads back"):
        date_formats("%d/%m/%Q")
    with pytest.raises(ConfigError, match=r"is not a strptime format that reads back"):
        date_formats(["%Y-%m-%d", "%d %d"])
    assert date_formats("%Y-%m-%d %H:%M") == ("%Y-%m-%d %H:%M",)
