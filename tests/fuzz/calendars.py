"""Plain calendars the harnesses' drawn calendars are built from (combinations, histories).

Cheap to count on, with the awkward cases: 24/7, a DST zone, an overnight span, a
weekend-only desk.
"""

from __future__ import annotations

from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar

LEAVES = st.sampled_from(
    [
        BusinessCalendar.always(),
        BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}),
        BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": ["08:00-12:00", "13:00-17:00"]}),
        BusinessCalendar.weekly("America/New_York", {"mon-sat": "22:00-06:00"}),
        BusinessCalendar.weekly("Asia/Tokyo", {"sat-sun": "10:00-14:00"}),
    ]
)
