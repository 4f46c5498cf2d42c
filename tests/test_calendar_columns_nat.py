"""A missing end beside a numpy column of starts gives a NaT answer, with no warning from numpy.

numpy 2.5 deprecates a ``timedelta64`` without a unit (its 'generic' unit), NaT too: the
missing answers of ``elapsed_many`` on a numpy object array of starts were written as a
unitless NaT, a ``DeprecationWarning`` on every call (an error where warnings are).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from servicemodel.calendar import BusinessCalendar

OFFICE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})


def test_a_missing_end_beside_numpy_starts_is_a_nat_answer_without_a_warning() -> None:
    friday, monday = datetime(2026, 1, 2, 16, tzinfo=UTC), datetime(2026, 1, 5, 10, tzinfo=UTC)
    starts = np.array([friday, friday], dtype=object)
    ends = pd.Series(pd.to_datetime([monday, None], utc=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        elapsed = OFFICE.elapsed_many(starts, ends)
    assert elapsed.dtype == np.dtype("timedelta64[us]")
    # Friday 16:00-17:00 and Monday 09:00-10:00: two business hours.
    assert elapsed[0] == np.timedelta64(2 * 3600 * 10**6, "us")
    assert np.isnat(elapsed[1])
