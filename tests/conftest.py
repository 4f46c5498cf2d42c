import os

# Charts in tests and doc blocks never open a window, even on a machine with a display.
os.environ.setdefault("MPLBACKEND", "Agg")

from hypothesis import HealthCheck, settings

# Profiles (choose with SERVICEMODEL_HYPOTHESIS=<name>):
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
