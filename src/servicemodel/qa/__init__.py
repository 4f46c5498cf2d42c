"""QA scorecards, evaluations, scores per agent/team/period, and rater calibration.

A [`Scorecard`][servicemodel.qa.Scorecard] holds weighted criteria in sections (yes/no or
1–5 style scales, some critical); an [`Evaluation`][servicemodel.qa.Evaluation] is one
rater's answers for one interaction; [`score`][servicemodel.qa.score] turns it into a score
in 0..100 (N/A criteria re-normalised away, any failed critical criterion gives the fail score
0). [`QAScores`][servicemodel.qa.QAScores] accumulates scores on the one accumulator protocol
(mean with a t interval, pass rate and critical-failure rate with Wilson intervals) and
segments with ``servicemodel.kpi.by``. Calibration measures how far raters agree:
[`cohen_kappa`][servicemodel.qa.cohen_kappa],
[`fleiss_kappa`][servicemodel.qa.fleiss_kappa],
[`krippendorff_alpha`][servicemodel.qa.krippendorff_alpha] and
[`calibrate`][servicemodel.qa.calibrate] over evaluations.

Examples:
    >>> from datetime import date
    >>> from servicemodel.qa import Criterion, Evaluation, QAScores, Scale, Scorecard, Section
    >>> card = Scorecard("mini", [Section("all", [Criterion("tone", Scale.parse("1-5"))])])
    >>> acc = QAScores.empty(card).add_many(
    ...     Evaluation(f"T{i}", "ann", "rob", date(2026, 3, 2), {"tone": t})
    ...     for i, t in enumerate([5, 4, 4, 3]))
    >>> acc.result().mean.value
    75.0
"""

from servicemodel._public import publish
from servicemodel.qa._agreement import Agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha
from servicemodel.qa._calibration import Calibration, calibrate
from servicemodel.qa._evaluation import Evaluation, ScoredEvaluation, score
from servicemodel.qa._load import EVALUATION_COLUMNS, LoadedEvaluations, load_evaluations
from servicemodel.qa._scorecard import NA, Criterion, Scale, Scorecard, Section
from servicemodel.qa._scores import QAResult, QAScores

__all__ = [
    # the scorecard
    "NA",
    "Criterion",
    "Scale",
    "Scorecard",
    "Section",
    # evaluations and their scores
    "Evaluation",
    "ScoredEvaluation",
    "score",
    # reading evaluations
    "EVALUATION_COLUMNS",
    "LoadedEvaluations",
    "load_evaluations",
    # accumulated scores
    "QAResult",
    "QAScores",
    # rater agreement and calibration
    "Agreement",
    "Calibration",
    "calibrate",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
]

publish(__name__, globals(), __all__)
