"""Regressions: the last open sites of the public-API sweep's ledger (``KNOWN``).

Each case is the smallest call that broke the contract at one ledger site: bad input gets a
specific ``ServiceModelError`` whose message names the field or argument and the value; never
another exception type, never a hang, never a silently wrong number.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from servicemodel.errors import ConfigError, ServiceModelError

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: A 5,000-digit int: ``repr`` and ``str`` refuse it, ``float`` overflows.
HUGE = 10**5000

#: Values an ``on_error`` option can be that are no text; an array answers ``==`` with an array.
NOT_TEXT = [np.array([1, 2]), None, 1, ["raise"], HUGE]


# --------------------------------------------------------------------------- io


@pytest.mark.parametrize("on_error", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_eventlog_on_error_that_is_no_text_is_a_config_error(on_error: Any) -> None:
    from servicemodel.io import eventlog

    row = {"case:concept:name": "C", "concept:name": "x", "time:timestamp": "2026-03-02T09:00Z"}
    with pytest.raises(ConfigError, match="on_error must be 'raise' or 'collect'"):
        eventlog.histories([row], on_error=on_error)


@pytest.mark.parametrize("on_error", NOT_TEXT, ids=lambda v: type(v).__name__)
def test_summary_load_on_error_that_is_no_text_is_a_config_error(on_error: Any) -> None:
    from servicemodel.io import summary

    with pytest.raises(ConfigError, match="on_error must be 'raise' or 'collect'"):
        summary.load("tests/data/summary/tickets.csv", on_error=on_error)


def _raises_library_error(fn: Any, *args: Any, **kwargs: Any) -> ServiceModelError:
    """Call ``fn``; it must raise a ``ServiceModelError`` with a message (returned)."""
    with pytest.raises(ServiceModelError) as info:
        fn(*args, **kwargs)
    assert str(info.value).strip()
    return info.value
