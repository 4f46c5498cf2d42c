import os

from hypothesis import HealthCheck, settings

# "ci" is the default: enough examples to find boundary bugs, no per-example deadline because
# CI machines are shared and slow. SERVICEMODEL_HYPOTHESIS=thorough for a long local run.
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=2000)
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=25)
settings.load_profile(os.environ.get("SERVICEMODEL_HYPOTHESIS", "ci"))
