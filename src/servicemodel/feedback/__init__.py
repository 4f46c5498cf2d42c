"""Feedback analysis: complaint themes, their significant changes, channel mix, rating ratio.

- **Themes**: [`ThemeCounts`][servicemodel.feedback.ThemeCounts] counts tickets per theme,
  read by a [`ThemeSelector`][servicemodel.feedback.ThemeSelector] from tags, an attribute
  (a contact reason) or a tag → theme mapping; each theme's share has a Wilson interval.
- **Changes**: [`theme_changes`][servicemodel.feedback.theme_changes] tests each theme's
  change in share between two periods (pooled two-proportion z test, Newcombe's interval for
  the difference) and adjusts the p-values with Benjamini–Hochberg (1995).
- **Channel preference**: [`ChannelMix`][servicemodel.feedback.ChannelMix] gives each
  channel's share of contacts; [`channel_shift`][servicemodel.feedback.channel_shift] tests
  whether the mix differs between periods (chi-square test of homogeneity, Cochran's rule).
- **Positive-to-negative ratio** of ratings:
  [`PositiveNegative`][servicemodel.feedback.PositiveNegative].

Every accumulator follows the one protocol (``empty``, ``add``, ``add_many``, ``merge`` / ``+``,
``result``) and segments by period with ``servicemodel.kpi.by``.

Examples:
    >>> from datetime import date, datetime, timezone
    >>> from servicemodel.kpi import by, periods
    >>> from servicemodel.model import Ticket
    >>> t = [Ticket(f"T{i}", datetime(2026, m, 2, tzinfo=timezone.utc), tags={"bug"})
    ...      for i, m in enumerate([1, 1, 2])]
    >>> monthly = by(periods("month"), ThemeCounts.empty("tags")).add_many(t).result()
    >>> [(str(k), r.n) for k, r in monthly.items()]
    [('2026-01-01', 2), ('2026-02-01', 1)]
"""

from servicemodel._public import publish
from servicemodel.feedback._changes import ThemeChange, ThemeChanges, theme_changes
from servicemodel.feedback._channels import (
    POOLED,
    ChannelMix,
    ChannelShares,
    ChannelShift,
    channel_shift,
)
from servicemodel.feedback._ratio import PositiveNegative
from servicemodel.feedback._stats import (
    benjamini_hochberg,
    chi_square_sf,
    difference_interval,
    two_proportion_test,
)
from servicemodel.feedback._themes import ThemeCounts, ThemeSelector, ThemeShares

__all__ = [
    # complaint themes
    "ThemeCounts",
    "ThemeSelector",
    "ThemeShares",
    # which themes rose or fell
    "ThemeChange",
    "ThemeChanges",
    "theme_changes",
    # channel preference
    "POOLED",
    "ChannelMix",
    "ChannelShares",
    "ChannelShift",
    "channel_shift",
    # ratings
    "PositiveNegative",
    # the statistics behind them
    "benjamini_hochberg",
    "chi_square_sf",
    "difference_interval",
    "two_proportion_test",
]

# ratio_estimate moved down to servicemodel.kpi (self-service uses it too); still importable here.
from servicemodel.kpi import ratio_estimate as ratio_estimate

publish(__name__, globals(), __all__)
