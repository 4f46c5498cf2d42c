"""Internal, shared with other subpackages: what they use from this package's private modules.

Not public API: a name here may change or go without notice. Only imports: the code stays in the
module named for it.
"""

from servicemodel.servqual._response import lined_responses

__all__ = ["lined_responses"]
