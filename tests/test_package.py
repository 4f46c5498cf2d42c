"""The package's shape: lazy top-level names, public module paths, no private path in pickles."""

from __future__ import annotations

import importlib
import inspect
import pickle
import re
import subprocess
import sys

import pytest

import servicemodel

#: Every public module: its names' ``__module__`` must be public (no ``._`` segment).
PUBLIC_MODULES = [
    "servicemodel",
    "servicemodel.errors",
    "servicemodel.model",
    "servicemodel.calendar",
    "servicemodel.io",
    "servicemodel.sla",
    "servicemodel.escalation",
    "servicemodel.kpi",
    "servicemodel.goals",
    "servicemodel.journey",
    "servicemodel.servqual",
    "servicemodel.support",
    "servicemodel.staffing",
    "servicemodel.simulate",
    "servicemodel.dask",
]


def test_import_servicemodel_loads_no_subpackage() -> None:
    code = (
        "import sys, servicemodel\n"
        "print(sorted(m for m in sys.modules if m.startswith('servicemodel')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert eval(out) == ["servicemodel", "servicemodel._version", "servicemodel.errors"]


def test_every_top_level_name_resolves_to_its_public_module() -> None:
    lazy = {name for names in servicemodel._LAZY.values() for name in names}
    eager = {"__version__"} | set(importlib.import_module("servicemodel.errors").__all__)
    assert lazy | (eager & set(servicemodel.__all__)) == set(servicemodel.__all__)
    for module, names in servicemodel._LAZY.items():
        home = importlib.import_module(module)
        for name in names:
            assert getattr(servicemodel, name) is getattr(home, name), name


def test_unknown_top_level_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = servicemodel.Nope  # type: ignore[attr-defined]


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_names_never_name_a_private_module(module_name: str) -> None:
    module = importlib.import_module(module_name)
    leaked = []
    for name in module.__all__:
        obj = getattr(module, name)
        is_code = inspect.isclass(obj) or inspect.isfunction(obj)
        if is_code and ("._" in obj.__module__ or obj.__module__.startswith("_")):
            leaked.append(f"{name}: {obj.__module__}")
    assert leaked == []


def test_pickles_name_public_modules_only() -> None:
    from servicemodel.kpi import NPS, Durations

    for value in (NPS.empty().add(9), Durations.empty().add(60.0)):
        data = pickle.dumps(value)
        assert re.search(rb"servicemodel(\.[a-z]+)*\._", data) is None
        assert pickle.loads(data) == value
