"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Outside ``servicemodel.simulate``,
import these from here, never from a private module of the package, so that what the package shares
is in one place (``tests/test_layering_private.py`` checks it). Only imports: the code stays in the
module named for it.
"""

from servicemodel.simulate._roster import week_slot

__all__ = ["week_slot"]
