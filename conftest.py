import os

# Charts in tests and doc blocks never open a window, even on a machine with a display.
os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import HealthCheck, settings

# Profiles (choose with SERVICEMODEL_HYPOTHESIS=<name>), for the tests and the doctests alike
# (this file sits at the top so that `pytest src/servicemodel/...` alone loads them too):
# - "ci" (the default, also for the README's test command): derandomized, so every property
#   runs the same examples from a fixed seed, and no example database, so nothing a previous
#   run saved changes the verdict. A fresh clone gives the same result every time.
# - "explore": the same number of examples, drawn at random, with the local example database,
#   so new failing examples still turn up on a developer's machine.
# - "quick": 25 derandomized examples per property, for a fast local pass.
# - "thorough": 2,000 random examples per property, for a long local run.
# 100 examples per property (Hypothesis's own default): the suite runs on slow 2-core machines,
# where 150 took most of CI's time. No per-example deadline: CI machines are shared and slow.
_base = {
    "max_examples": 100,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", derandomize=True, database=None, **_base)
settings.register_profile("explore", **_base)
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=25)
settings.register_profile("thorough", parent=settings.get_profile("explore"), max_examples=2000)
settings.load_profile(os.environ.get("SERVICEMODEL_HYPOTHESIS", "ci"))


def _draw_without_local_constants() -> None:
    # Hypothesis now and then draws a constant found in the local modules loaded so far (this
    # package, the test modules, the examples). Which those are depends on the tests that ran
    # before in the process, and under `-n auto` on which worker a test lands, so a derandomized
    # test could still draw other examples from one run to the next. The derandomized profiles
    # draw without them. Private API: where it is missing, the draws go on as Hypothesis makes
    # them (and a test that counts on a share of its draws says so itself).
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without that module
        return
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)
    empty = getattr(providers, "Constants", None)
    if not hasattr(providers, "_get_local_constants") or cache is None or empty is None:
        return  # pragma: no cover - a Hypothesis without local constants
    none = empty()
    providers._get_local_constants = lambda: none
    cache.clear()


if settings.default.derandomize:
    _draw_without_local_constants()
