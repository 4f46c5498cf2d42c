"""Hypothesis' entry point imports none of our packages; each registers its types as it loads.

Run in fresh interpreters: which modules an import loads is a property of a whole process.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

_PACKAGES = ("model", "calendar", "sla", "kpi", "staffing", "support", "report", "journey")


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_hypothesis_imports_none_of_our_packages() -> None:
    out = _run(
        "import sys, hypothesis.strategies\n"
        f"print(sorted(p for p in {_PACKAGES!r} if 'servicemodel.' + p in sys.modules))"
    )
    assert out == "[]"


@pytest.mark.parametrize("hypothesis_first", [True, False])
def test_from_type_draws_our_values_whichever_is_imported_first(hypothesis_first: bool) -> None:
    ours = (
        "from servicemodel.model import Ticket, AgentReply\n"
        "from servicemodel.kpi import NPS\n"
        "from servicemodel.sla import Condition, PriorityIn\n"
        "from servicemodel.support import SupportModel\n"
    )
    theirs = "from hypothesis import strategies as st, given, settings, HealthCheck\n"
    check = (
        "seen = []\n"
        "for cls in (Ticket, AgentReply, NPS, Condition, PriorityIn, SupportModel):\n"
        # A fresh interpreter has none of the suite's profiles: no deadline and no health
        # checks, or a loaded machine fails the check for slow data generation (too_slow).
        "    @settings(max_examples=5, database=None, derandomize=True, deadline=None,\n"
        "              suppress_health_check=list(HealthCheck))\n"
        "    @given(st.from_type(cls))\n"
        "    def draw(value):\n"
        "        assert isinstance(value, cls), value\n"
        "    draw()\n"
        "    seen.append(cls.__name__)\n"
        "print(','.join(seen))\n"
    )
    code = (theirs + ours if hypothesis_first else ours + theirs) + check
    assert _run(code) == "Ticket,AgentReply,NPS,Condition,PriorityIn,SupportModel"
