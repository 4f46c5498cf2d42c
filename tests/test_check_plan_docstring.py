"""check_plan's docstring (the API reference page) names no private function."""

from __future__ import annotations

import inspect
import re

import servicemodel.forecast as forecast
from servicemodel.forecast import _check, _check_week, check_plan


def test_check_plan_names_only_public_functions() -> None:
    # It sent readers to ``ratio_interval``, a private function of _check_week that the
    # reference does not show (the staffing page had named it too).
    private = {
        name
        for module in (_check, _check_week)
        for name, value in vars(module).items()
        if inspect.isfunction(value) and name not in forecast.__all__
    }
    named = set(re.findall(r"``(\w+)", inspect.getdoc(check_plan) or ""))
    assert named, "the docstring names its parameters in ``code``"
    assert not named & private, sorted(named & private)
