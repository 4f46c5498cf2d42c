"""SMART goals: a KPI target that is Specific, Measurable, Attainable, Relevant and Time-bound.

A [`SmartGoal`][servicemodel.goals.SmartGoal] names the KPI and segment it tracks (Specific),
a comparator and target in the KPI's unit (Measurable), a baseline and optionally the largest
credible improvement (Attainable), the objective it serves (Relevant) and a start and deadline
(Time-bound). A goal missing a letter cannot be built: the
[`GoalError`][servicemodel.errors.GoalError] names the letter and what is missing. The
criteria follow Doran (1981), "There's a S.M.A.R.T. way to write management's goals and
objectives", *Management Review* 70(11).

[`SmartGoal.evaluate`][servicemodel.goals.SmartGoal.evaluate] reads a KPI series (period ->
estimate, as the KPI module produces) and returns a [`GoalStatus`][servicemodel.goals.GoalStatus]:
one of ``not_started``, ``on_track``, ``at_risk``, ``achieved``, ``missed``, with the progress
from baseline to target, the latest value and interval, and a least-squares projection to the
deadline. The status is a pure function of the goal, the series and ``at``.

Goals are read from configuration with [`goals_from_file`][servicemodel.goals.goals_from_file]
(errors name the file), [`goals_from_toml`][servicemodel.goals.goals_from_toml] or
[`goals_from_dict`][servicemodel.goals.goals_from_dict].

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.kpi import Estimate
    >>> start = datetime(2026, 8, 3, tzinfo=timezone.utc)
    >>> goal = SmartGoal(
    ...     name="first replies under 2 h", kpi="first_reply_time", statistic="mean", unit="h",
    ...     comparator="<", target=2.0, baseline=4.0, objective="customers hear from us fast",
    ...     start=start, deadline=start + timedelta(weeks=13))
    >>> series = {start + timedelta(weeks=w): Estimate("frt", v, 200, lower=v - 0.3, upper=v + 0.3)
    ...           for w, v in enumerate([4.0, 3.8, 3.7, 3.5])}
    >>> status = goal.evaluate(series, at=start + timedelta(weeks=4))
    >>> status.status, round(status.progress, 2), round(status.projection, 2)
    (<GoalState.ON_TRACK: 'on_track'>, 0.25, 1.91)
"""

from servicemodel._public import publish
from servicemodel.goals._config import goals_from_dict, goals_from_file, goals_from_toml
from servicemodel.goals._goal import SmartGoal
from servicemodel.goals._goal import _example_goal as _example_goal  # for docstring examples
from servicemodel.goals._status import Comparator, EstimateLike, GoalState, GoalStatus

__all__ = [
    # the goal
    "Comparator",
    "SmartGoal",
    # where it stands
    "EstimateLike",
    "GoalState",
    "GoalStatus",
    # reading goals
    "goals_from_dict",
    "goals_from_file",
    "goals_from_toml",
]

publish(__name__, globals(), __all__)
