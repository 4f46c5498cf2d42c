"""SERVQUAL service-quality gaps: perception minus expectation, per item, dimension and overall.

Parasuraman, Zeithaml & Berry (1988, *J. Retailing* 64(1); revised 1991, *J. Retailing* 67(4)):
22 items on a 7-point Likert scale, each asked twice — what customers *expect* (E) of an
excellent firm and what they *perceive* (P) of this one — grouped into five dimensions. The
item gap is ``P − E``; a dimension score is the mean of its item gaps; the unweighted SERVQUAL
score is the mean of the five dimension scores, the weighted one ``Σ w_d · G_d`` with
importance weights summing to 1. Only the item → dimension map ships here, not the copyrighted
item wording.

[`Servqual`][servicemodel.servqual.Servqual] is a mergeable accumulator: it keeps integer sums
(answers are integers), so merging partitions in any order gives exactly one pass's result.

Examples:
    >>> from servicemodel.servqual import SERVQUAL_1991, Servqual, ServqualResponse
    >>> e = {i: 6 for i in range(1, 23)}
    >>> p = {i: (4 if 5 <= i <= 9 else 6) for i in range(1, 23)}  # reliability falls short
    >>> acc = Servqual.empty(instrument=SERVQUAL_1991).add(ServqualResponse(e, p))
    >>> acc.result().dimension("reliability").value
    -2.0
    >>> acc.result().unweighted.value  # mean of the five dimension scores
    -0.4
"""

from servicemodel._public import publish
from servicemodel.servqual._accumulator import Servqual
from servicemodel.servqual._instrument import (
    DIMENSIONS,
    SERVQUAL_1988,
    SERVQUAL_1991,
    DimensionWeights,
    Instrument,
    standard_instrument,
)
from servicemodel.servqual._response import ServqualResponse, responses_from_rows
from servicemodel.servqual._result import ServqualResult

__all__ = [
    # the questionnaire
    "DIMENSIONS",
    "SERVQUAL_1988",
    "SERVQUAL_1991",
    "DimensionWeights",
    "Instrument",
    "standard_instrument",
    # answers
    "ServqualResponse",
    "responses_from_rows",
    # the accumulator and its result
    "Servqual",
    "ServqualResult",
]

publish(__name__, globals(), __all__)
