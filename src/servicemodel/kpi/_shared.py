"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.kpi``, import
these from here, never from a private module of the package, so that what the package shares is in
one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the module
named for it.
"""

from servicemodel.kpi._estimate import estimate_pairs
from servicemodel.kpi._intervals import (
    check_fraction,
    check_level,
    fraction_field,
    level_field,
    level_value,
    percentile_label,
)
from servicemodel.kpi._left_out import LEFT_OUT, left_out_count, left_out_text, noted
from servicemodel.kpi._periods import local_day_start
from servicemodel.kpi._plot_layout import (
    MARKERS,
    MAX_SERIES,
    PALETTE,
    STATE_LOCK,
    drawn,
    fit_legend,
    hidden_note,
    look,
    overlaps,
    shorten,
    thin_ticks,
    tick_step,
)

__all__ = [
    "LEFT_OUT",
    "MARKERS",
    "MAX_SERIES",
    "PALETTE",
    "STATE_LOCK",
    "check_fraction",
    "check_level",
    "fraction_field",
    "level_field",
    "level_value",
    "drawn",
    "estimate_pairs",
    "fit_legend",
    "hidden_note",
    "left_out_count",
    "left_out_text",
    "local_day_start",
    "look",
    "noted",
    "overlaps",
    "percentile_label",
    "shorten",
    "thin_ticks",
    "tick_step",
]
