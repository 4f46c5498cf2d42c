"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.io.jira``,
import these from here, never from a private module of the package, so that what the package shares
is in one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the
module named for it.
"""

from servicemodel.io.jira._fields import duration, fail, instant, listing, mapping, text
from servicemodel.io.jira._stream import BOOL, first_gap, issues_of, short_page

__all__ = [
    "BOOL",
    "duration",
    "fail",
    "first_gap",
    "instant",
    "issues_of",
    "listing",
    "mapping",
    "short_page",
    "text",
]
