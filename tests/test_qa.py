"""servicemodel.qa: scorecards, evaluations, QAScores, rater agreement, loading, laws, docs.

Reference values for the agreement coefficients, each checked in the source named beside it:

- Cohen's κ with its large-sample SE (Fleiss, Cohen & Everitt 1969) against the SAS PROC FREQ
  printout reproduced in statsmodels' ``stats/tests/test_inter_rater.py`` (``table10``:
  κ 0.4842, ASE 0.1380, 95 % CI 0.2137..0.7547, ASE under H0 0.1484, Z 3.2626); the
  grant-proposal example (50 proposals; 20/5/10/15; p_o 0.70, p_e 0.5, κ 0.4) of the
  Wikipedia "Cohen's kappa" article as reproduced on howcodex.com ("Cohen's kappa
  coefficient"); the 20-patient example on easycalculation.com (12/2/4/2, κ 0.21).
- Fleiss' κ: the Wikipedia "Fleiss' kappa" worked example (10 subjects, 14 raters, 5
  categories; P̄ 0.378, P̄e 0.213, κ 0.210), table and value as in statsmodels'
  ``test_fleiss_kappa``; Fleiss (1971, Psychological Bulletin 76(5), Table 1) psychiatric
  diagnoses (30 patients, 6 ratings each), data as in statsmodels' ``diagnoses`` array and R
  ``irr::diagnoses``, κ 0.4302445 and z 17.65183 from R ``irr::kappam.fleiss`` (quoted in
  statsmodels' ``test_fleiss_kappa_irr``; pyirr's README prints Kappa 0.430, z 17.652).
- Krippendorff's α: the 4-coder, 12-unit reliability data with missing values of
  Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" (the "C" data of the R
  ``irr::kripp.alpha`` / ``DescTools::KrippAlpha`` documentation examples), with nominal
  0.743, ordinal 0.815, interval 0.849 and ratio 0.797 as asserted by pyirr's
  ``tests/test_kripp_alpha.py`` (a port of ``irr``). The page numbers of the 2011 paper could
  not be confirmed through the search tool, so α is also compared with an independent
  straightforward implementation (all pairs of values, no coincidence matrix) below.
"""

from __future__ import annotations

import contextlib
import io
import math
import pickle
import re
import sys
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MergeError,
    NaiveDatetimeError,
    RecordError,
    ScaleError,
    ServiceModelError,
)
from servicemodel.kpi import by, periods
from servicemodel.qa import (
    NA,
    Criterion,
    Evaluation,
    QAScores,
    Scale,
    Scorecard,
    Section,
    calibrate,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    load_evaluations,
    score,
)
from servicemodel.strategies._qa import qa_evaluations, scorecards

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "qa"
SAMPLE_CARD = ROOT / "examples" / "data" / "qa_scorecard.toml"
SAMPLE_CSV = ROOT / "examples" / "data" / "qa_evaluations.csv"
DAY = date(2026, 3, 2)


def _card() -> Scorecard:
    return Scorecard.from_file(SAMPLE_CARD)


def _ev(answers: dict[str, Any], ticket: str = "T1", rater: str = "rob", **kw: Any) -> Evaluation:
    return Evaluation(ticket, kw.pop("agent", "ann"), rater, kw.pop("at", DAY), answers, **kw)


GOOD = {
    "greet": "yes",
    "verify": "yes",
    "accuracy": 5,
    "complete": 4,
    "policy": "yes",
    "tone": 4,
    "empathy": 3,
    "offer": NA,
}

# --- scorecards -------------------------------------------------------------------------------


def test_sample_scorecard_reads() -> None:
    card = _card()
    assert [s.name for s in card.sections] == ["Opening", "Resolution", "Communication"]
    assert [c.id for c in card.criteria if c.critical] == ["verify", "policy"]
    assert card.pass_mark == 80.0
    assert card.criterion("accuracy").scale == Scale.parse("1-5")


def _table(**criterion: Any) -> dict[str, Any]:
    return {"name": "x", "sections": [{"name": "s", "criteria": [criterion]}]}


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (_table(id="a", scale="1-5", wieght=2), "sections[0].criteria[0].wieght", "unknown key"),
        (_table(id="a", scale="1-5", weight=0), "sections[0].criteria[0].weight", "positive"),
        (_table(id="a", scale="1-5", weight=-1.5), "sections[0].criteria[0].weight", "positive"),
        (_table(id="a", scale="1-5", weight=math.inf), "sections[0].criteria[0].weight", "finite"),
        (_table(id="a", scale="1-5", weight="2"), "sections[0].criteria[0].weight", "number"),
        (_table(id="a", scale="1..5"), "sections[0].criteria[0].scale", "'yes_no' or a range"),
        (_table(id="a", scale="5-1"), "sections[0].criteria[0].scale", "low < high"),
        (_table(id="a", scale="1-5", critical="yes"), "sections[0].criteria[0].critical", "true"),
        (_table(id="a", scale="1-5", fail_on=[9]), "sections[0].criteria[0].fail_on[0]", "9"),
        (
            _table(id="a", scale="yes_no", fail_on=["no", "yes"]),
            "sections[0].criteria[0].fail_on",
            "nothing could pass",
        ),
        (_table(id="1a", scale="1-5"), "sections[0].criteria[0].id", "criterion id"),
        (_table(scale="1-5"), "sections[0].criteria[0].id", "missing required key"),
        ({"name": "x", "sections": []}, "sections", "at least one criterion"),
        ({"name": "x", "sections": "s"}, "sections", "expected a list"),
        ({"name": "x", "pass_mark": 101, "sections": []}, "pass_mark", "0..100"),
        (
            {"name": "x", "sections": [{"name": "s", "criteria": [], "x": 1}]},
            "sections[0].x",
            "unknown key",
        ),
    ],
)
def test_scorecard_config_errors_name_the_path(data: Any, path: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Scorecard.from_dict(data)
    assert info.value.path == path
    assert message in info.value.message


def test_duplicate_criterion_ids_name_both_places() -> None:
    crit = {"id": "a", "scale": "1-5"}
    data = {
        "name": "x",
        "sections": [{"name": "s", "criteria": [crit]}, {"name": "t", "criteria": [crit]}],
    }
    with pytest.raises(
        ConfigError,
        match=r"sections\[1\].criteria\[0\].id: duplicate.*"
        r"sections\[0\].criteria\[0\].id",
    ):
        Scorecard.from_dict(data)


def test_from_file_names_the_file() -> None:
    with pytest.raises(ConfigError) as info:
        Scorecard.from_file(DATA / "bad_weight.toml")
    assert info.value.source is not None
    assert info.value.source.endswith("bad_weight.toml")
    assert info.value.path == "sections[0].criteria[1].weight"


def test_scorecard_json_and_weights() -> None:
    card = Scorecard.from_json(
        '{"name": "j", "sections": [{"name": "s", "criteria": ['
        '{"id": "a", "scale": "yes_no", "weight": 1}, {"id": "b", "scale": "0-10", "weight": 3}]}]}'
    )
    assert card.normalised_weights() == {"a": 0.25, "b": 0.75}
    assert card.normalised_weights(["b"]) == {"b": 1.0}
    with pytest.raises(ConfigError, match="unknown criterion 'z'"):
        card.normalised_weights(["z"])


# --- evaluations and scores -------------------------------------------------------------------


def test_worked_score() -> None:
    # weights 1,2,4,3,2,2,2 apply (offer is n/a): (1 + 2 + 4·1 + 3·¾ + 2 + 2·¾ + 2·½)/16
    scored = score(_card(), _ev(GOOD))
    assert scored.exact_score == Fraction(100) * Fraction(55, 4) / 16
    assert scored.score == pytest.approx(85.9375)
    assert scored.passed
    assert scored.critical_failures == ()
    assert dict(scored.weights)["accuracy"] == 0.25
    assert "offer" not in dict(scored.weights)


def test_critical_failure_gives_the_fail_score() -> None:
    scored = score(_card(), _ev({**GOOD, "policy": "no"}))
    assert scored.score == 0.0
    assert not scored.passed
    assert scored.critical_failures == ("policy",)
    # a critical criterion marked n/a cannot fail
    assert score(_card(), _ev({**GOOD, "verify": NA})).critical_failures == ()


def test_fail_on_a_range_scale() -> None:
    card = Scorecard(
        "c",
        [
            Section(
                "s",
                [
                    Criterion("accuracy", Scale.parse("1-5"), critical=True, fail_on=(1, 2)),
                    Criterion("tone", Scale.parse("1-5")),
                ],
            )
        ],
    )
    assert score(card, _ev({"accuracy": 2, "tone": 5})).score == 0.0
    assert score(card, _ev({"accuracy": 3, "tone": 5})).score == 75.0


@pytest.mark.parametrize(
    ("answers", "error", "path", "message"),
    [
        ({**GOOD, "accuracy": 6}, ScaleError, "answers.accuracy", "6 is outside the scale 1-5"),
        ({**GOOD, "accuracy": 4.0}, ScaleError, "answers.accuracy", "whole number"),
        ({**GOOD, "accuracy": True}, ScaleError, "answers.accuracy", "True"),
        ({**GOOD, "greet": "maybe"}, ScaleError, "answers.greet", "'yes' or 'no'"),
        ({**GOOD, "greet": 1}, ScaleError, "answers.greet", "'yes' or 'no'"),
        ({**GOOD, "speed": 3}, ConfigError, "answers.speed", "unknown criterion 'speed'"),
        ({k: v for k, v in GOOD.items() if k != "tone"}, ConfigError, "answers.tone", "missing"),
        ({**GOOD, "tone": None}, ConfigError, "answers.tone", "missing answer"),
        (dict.fromkeys(GOOD, NA), ConfigError, "answers", "nothing to score"),
    ],
)
def test_bad_answers_name_the_record_and_field(
    answers: dict[str, Any], error: type[Exception], path: str, message: str
) -> None:
    with pytest.raises(error) as info:
        score(_card(), _ev(answers, ticket="T77", rater="sue"))
    assert isinstance(info.value, ConfigError)
    assert info.value.path == path
    assert message in str(info.value)
    assert "ticket 'T77' by rater 'sue'" in str(info.value)


def test_evaluation_fields() -> None:
    with pytest.raises(NaiveDatetimeError):
        _ev(GOOD, at=datetime(2026, 3, 2, 9))
    with pytest.raises(InputTypeError, match="at: expected an aware datetime or a date"):
        _ev(GOOD, at="2026-03-02")
    with pytest.raises(ConfigError, match=r"^rater: expected a non-blank rater name, got ''$"):
        _ev(GOOD, rater="")
    with pytest.raises(InputTypeError, match=r"^rater: expected a string, got int 7$"):
        _ev(GOOD, rater=7)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="answers"):
        Evaluation("T", "a", "r", DAY, [("tone", 3)])  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        score("card", _ev(GOOD))  # type: ignore[arg-type]
    aware = _ev(GOOD, at=datetime(2026, 3, 2, 23, tzinfo=UTC), team="north")
    assert aware.day == DAY
    assert aware.group == "north"
    assert aware.key == ("T1", "rob")
    # answers are an order-free value
    assert _ev(dict(reversed(list(GOOD.items())))) == _ev(GOOD)


# --- QAScores ---------------------------------------------------------------------------------


def _sample() -> list[Evaluation]:
    return list(load_evaluations(SAMPLE_CSV, _card()))


def test_scores_on_the_sample() -> None:
    res = QAScores.empty(_card()).add_many(_sample()).result()
    assert res.n == 222
    assert res.mean.method == "t"
    assert 0 <= res.mean.lower < res.mean.value < res.mean.upper <= 100
    assert res.pass_rate.method == "wilson"
    assert 0 < res.critical_failure_rate.value < 0.2
    assert next(r["metric"] for r in res.to_records()) == "QA score"
    assert "QAResult(n=222)" in repr(res)


def test_scores_by_agent_team_and_period() -> None:
    card, evs = _card(), _sample()
    agents = by("agent", QAScores.empty(card)).add_many(evs).result()
    assert sorted(agents) == ["ann", "bo", "cy", "dee", "eli", "fay"]
    assert sum(r.n for r in agents.values()) == 222
    teams = by("group", QAScores.empty(card)).add_many(evs).result()
    assert sorted(teams) == ["north", "south"]
    months = by(_month, QAScores.empty(card)).add_many(evs).result()
    assert list(months) == ["2026-01", "2026-02", "2026-03"]
    rows = months.to_records()
    assert {r["_month"] for r in rows} == set(months)
    assert len(rows) == 9
    timed = [
        _ev(GOOD, ticket=f"T{i}", at=datetime(2026, 3, 1, 23, tzinfo=UTC) + timedelta(days=i))
        for i in range(10)
    ]
    weekly = by(periods("week", tz="Europe/Berlin"), QAScores.empty(card)).add_many(timed)
    # 2026-03-01 23:00 UTC is Monday 00:00 in Berlin: seven days fall in the week of 2 March
    assert [r.n for r in weekly.result().values()] == [7, 3]


def _month(evaluation: Evaluation) -> str:  # module level: segmented accumulators pickle
    return evaluation.day.strftime("%Y-%m")


def test_a_rater_scores_an_interaction_once() -> None:
    acc = QAScores.empty(_card()).add(_ev(GOOD))
    with pytest.raises(RecordError, match="rater: rater 'rob' scored ticket 'T1' twice"):
        acc.add(_ev(GOOD))
    with pytest.raises(RecordError, match="twice"):
        acc.merge(QAScores.empty(_card()).add(_ev(GOOD)))
    assert acc.add(_ev(GOOD, rater="sue")).n == 2  # another rater: a calibration round


def test_scorecards_must_match_to_merge() -> None:
    other = Scorecard("other", [Section("s", [Criterion("x", Scale.parse("yes_no"))])])
    with pytest.raises(MergeError):
        QAScores.empty(_card()) + QAScores.empty(other)
    acc = QAScores.empty(_card()).add_many(_sample()[:20])
    assert pickle.loads(pickle.dumps(acc)) == acc
    assert sum([acc]) == acc


EVALUATIONS = st.lists(qa_evaluations(scorecard=_card()), unique_by=lambda e: e.key, max_size=12)


def _other_card() -> Any:
    return QAScores.empty(Scorecard("other", [Section("s", [Criterion("x", Scale.parse("1-5"))])]))


def _qa_empty() -> QAScores:
    return QAScores.empty(_card())


CONFORMANCE_CASES = [
    pytest.param(_qa_empty, EVALUATIONS, _other_card(), True, id="qa-scores"),
]


@given(evs=EVALUATIONS, cut=st.integers(min_value=0))
def test_merging_any_split_equals_one_pass(evs: list[Evaluation], cut: int) -> None:
    k = cut % (len(evs) + 1)
    whole = _qa_empty().add_many(evs)
    assert _qa_empty().add_many(evs[:k]) + _qa_empty().add_many(evs[k:]) == whole
    assert whole.result().n == len(evs)


# --- laws of scoring --------------------------------------------------------------------------


@st.composite
def _card_and_evaluation(draw: Any) -> tuple[Scorecard, Evaluation]:
    card = draw(scorecards())
    return card, draw(qa_evaluations(scorecard=card))


@given(_card_and_evaluation())
def test_score_stays_within_its_bounds(pair: tuple[Scorecard, Evaluation]) -> None:
    card, evaluation = pair
    scored = score(card, evaluation)
    assert 0 <= scored.score <= 100
    assert scored.passed == (not scored.critical_failures and scored.score >= card.pass_mark)


@given(_card_and_evaluation(), st.data())
def test_na_never_changes_the_relative_weights_of_the_others(
    pair: tuple[Scorecard, Evaluation], data: st.DataObject
) -> None:
    card, evaluation = pair
    before = dict(score(card, evaluation).weights)
    assume(len(before) >= 2)
    dropped = data.draw(st.sampled_from(sorted(before)))
    answers = {**dict(evaluation.answers), dropped: NA}
    after = dict(score(card, _ev(answers, ticket=evaluation.ticket_id)).weights)
    assert set(after) == set(before) - {dropped}
    for a in after:
        for b in after:
            assert after[a] * before[b] == pytest.approx(after[b] * before[a])
    assert sum(after.values()) == pytest.approx(1.0)


@given(_card_and_evaluation(), st.data())
def test_any_critical_failure_gives_the_fail_score(
    pair: tuple[Scorecard, Evaluation], data: st.DataObject
) -> None:
    card, evaluation = pair
    critical = [c for c in card.criteria if c.critical]
    assume(critical)
    failed = data.draw(st.sampled_from(critical))
    answers = {**dict(evaluation.answers), failed.id: failed.fail_on[0]}
    scored = score(card, _ev(answers))
    assert scored.score == 0
    assert not scored.passed
    assert failed.id in scored.critical_failures


# --- agreement: published examples ------------------------------------------------------------


def _from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    first: list[int] = []
    second: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            first += [i] * count
            second += [j] * count
    return first, second


def test_cohen_kappa_matches_the_sas_example() -> None:
    # SAS PROC FREQ "Simple Kappa Coefficient" printout (statsmodels test_inter_rater, table10).
    k = cohen_kappa(*_from_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]]))
    assert round(k.value, 4) == 0.4842
    assert round(k.se, 4) == 0.1380
    assert (round(k.lower, 4), round(k.upper, 4)) == (0.2137, 0.7547)
    assert round(k.se_null, 4) == 0.1484
    assert round(k.z, 4) == 3.2626
    assert k.method == "fleiss-cohen-everitt"
    assert k.n == 19


def test_cohen_kappa_textbook_examples() -> None:
    # Wikipedia "Cohen's kappa" grant example (howcodex.com): 20 yes/yes, 5 yes/no, 10 no/yes,
    # 15 no/no; p_o = 0.70, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
    k = cohen_kappa(*_from_table([[20, 5], [10, 15]]))
    assert k.observed == pytest.approx(0.70)
    assert k.expected == pytest.approx(0.5)
    assert k.value == pytest.approx(0.4)
    # easycalculation.com: 20 patients, 12/2/4/2; Pr(a) 0.7, Pr(e) 0.62, kappa 0.21.
    k = cohen_kappa(*_from_table([[12, 2], [4, 2]]))
    assert k.expected == pytest.approx(0.62)
    assert round(k.value, 2) == 0.21


WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Fleiss (1971) Table 1: 30 patients, 6 psychiatric diagnoses each (1 depression, 2 personality
# disorder, 3 schizophrenia, 4 neurosis, 5 other), as in R irr::diagnoses.
DIAGNOSES = [
    "444444",
    "222555",
    "233335",
    "555555",
    "222444",
    "113333",
    "333355",
    "113334",
    "114444",
    "555555",
    "144444",
    "124444",
    "222333",
    "144444",
    "224445",
    "333335",
    "111455",
    "111112",
    "224444",
    "133555",
    "555555",
    "244444",
    "224555",
    "114444",
    "144445",
    "222224",
    "111155",
    "224444",
    "133333",
    "555555",
]


def test_fleiss_kappa_wikipedia_example() -> None:
    subjects = [[j for j, c in enumerate(row) for _ in range(c)] for row in WIKIPEDIA_FLEISS]
    k = fleiss_kappa(subjects)
    assert (round(k.observed, 3), round(k.expected, 3), round(k.value, 3)) == (0.378, 0.213, 0.210)
    assert k.raters == 14
    assert k.n == 10


def test_fleiss_kappa_fleiss_1971_diagnoses() -> None:
    k = fleiss_kappa([list(row) for row in DIAGNOSES])
    assert round(k.value, 7) == 0.4302445
    assert round(k.z, 5) == 17.65183
    assert k.lower is not None
    assert k.upper is not None
    assert k.lower < k.value < k.upper
    assert k.method == "bootstrap-subjects"


KRIPPENDORFF_2011 = list(
    zip(
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
        strict=True,
    )
)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(level: Any, expected: float) -> None:
    a = krippendorff_alpha(KRIPPENDORFF_2011, level=level)
    assert round(a.value, 3) == expected
    assert a.n == 11
    assert a.missing == 1
    assert a.raters == 4


def _naive_alpha(units: list[list[Any]], delta: Any) -> float | None:
    """α from its definition over values: 1 − D_o/D_e with every ordered pair listed."""
    pairable = [[v for v in u if v is not None] for u in units]
    pairable = [u for u in pairable if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    if n < 2:
        return None
    d_o = (
        sum(
            delta(u[i], u[j]) / (len(u) - 1)
            for u in pairable
            for i in range(len(u))
            for j in range(len(u))
            if i != j
        )
        / n
    )
    d_e = sum(delta(values[i], values[j]) for i in range(n) for j in range(n) if i != j) / (
        n * (n - 1)
    )
    return None if d_e == 0 else 1 - d_o / d_e


UNITS = st.lists(
    st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=2, max_size=4),
    min_size=1,
    max_size=10,
)


@given(UNITS)
def test_krippendorff_alpha_matches_a_naive_implementation(units: list[list[Any]]) -> None:
    deltas = {
        "nominal": lambda c, k: float(c != k),
        "interval": lambda c, k: float(c - k) ** 2,
        "ratio": lambda c, k: ((c - k) / (c + k)) ** 2,
    }
    for level, delta in deltas.items():
        ours = krippendorff_alpha(units, level=level, resamples=0).value  # type: ignore[arg-type]
        naive = _naive_alpha(units, delta)
        if naive is None:
            assert ours is None
        else:
            assert ours == pytest.approx(naive, abs=1e-9)


# --- agreement: laws --------------------------------------------------------------------------

LABELS = st.lists(st.sampled_from("abcd"), min_size=2, max_size=30)


@given(LABELS)
def test_kappa_is_one_for_identical_raters(labels: list[str]) -> None:
    assume(len(set(labels)) > 1)
    assert cohen_kappa(labels, labels).value == pytest.approx(1.0)
    assert fleiss_kappa([[x, x, x] for x in labels], resamples=0).value == pytest.approx(1.0)
    assert krippendorff_alpha([[x, x] for x in labels], resamples=0).value == pytest.approx(1.0)


@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=40),
    st.sampled_from([None, "linear", "quadratic"]),
)
def test_kappa_interval_contains_the_estimate_and_is_never_zero_width(
    pairs: list[tuple[str, str]], weights: Any
) -> None:
    # A zero large-sample SE is no certainty: such an interval gives no lower bound, and 1 above.
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    k = cohen_kappa(a, b, weights=weights, categories=None if weights is None else list("abc"))
    if k.value is None:
        assert (k.lower, k.upper) == (None, None)
        return
    assert k.upper is not None
    assert (k.lower is None) == (k.se == 0)
    if k.lower is None:
        assert k.upper == 1
    else:
        assert k.lower < k.upper
    assert (-1 if k.lower is None else k.lower) <= k.value <= k.upper
    est = k.to_estimate()
    assert (est.lower, est.upper) == (k.lower, k.upper)


@given(LABELS, st.sampled_from([None, "linear", "quadratic"]))
def test_perfect_agreement_gives_kappa_no_lower_bound(labels: list[str], weights: Any) -> None:
    assume(len(set(labels)) > 1)
    k = cohen_kappa(
        labels, labels, weights=weights, categories=None if weights is None else list("abcd")
    )
    assert (k.value, k.se, k.lower, k.upper) == (1, 0, None, 1)
    assert repr(k).startswith(f"{k.metric} 1 [?, 1] (n={len(labels)}")


def test_one_rater_with_one_label_gives_kappa_no_lower_bound() -> None:
    # Every occupied cell has the same Fleiss–Cohen–Everitt term: the variance is exactly 0.
    k = cohen_kappa(["a"] * 4, ["a", "b", "a", "b"])
    assert (k.value, k.se, k.lower, k.upper) == (0, 0, None, 1)
    assert repr(k) == "Cohen's kappa 0 [?, 1] (n=4, 95 %)"


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1))
def test_kappa_is_symmetric_in_two_raters(pairs: list[tuple[str, str]]) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ab, ba = cohen_kappa(a, b), cohen_kappa(b, a)
    if ab.value is None:
        assert ba.value is None
    else:
        assert ab.value == pytest.approx(ba.value)
        assert ab.se == pytest.approx(ba.se)
        assert ab.se_null == pytest.approx(ba.se_null)


@given(
    st.lists(st.lists(st.sampled_from("abc"), min_size=3, max_size=3), min_size=1, max_size=15),
    st.permutations(["x", "y", "z"]),
)
def test_kappa_is_invariant_to_relabelling(rows: list[list[str]], names: list[str]) -> None:
    rename = dict(zip("abc", names, strict=True))
    renamed = [[rename[x] for x in row] for row in rows]
    for compute in (
        lambda r: cohen_kappa([x[0] for x in r], [x[1] for x in r]).value,
        lambda r: fleiss_kappa(r, resamples=0).value,
        lambda r: krippendorff_alpha(r, resamples=0).value,
    ):
        before, after = compute(rows), compute(renamed)
        assert (before is None and after is None) or before == pytest.approx(after)


def test_undefined_and_bootstrap_details() -> None:
    assert cohen_kappa(["a", "a"], ["a", "a"]).value is None  # one category: no chance model
    assert cohen_kappa([], []).value is None
    assert krippendorff_alpha([[1, None], [2]]).value is None  # nothing pairable
    k = cohen_kappa(["a", None, "b"], ["a", "b", "b"])
    assert (k.n, k.missing) == (2, 1)
    again = fleiss_kappa([list(row) for row in DIAGNOSES])
    assert again == fleiss_kappa([list(row) for row in DIAGNOSES])  # fixed seed
    other_seed = fleiss_kappa([list(row) for row in DIAGNOSES], seed=1)
    assert other_seed.value == again.value
    assert other_seed.lower != again.lower
    assert fleiss_kappa([list(row) for row in DIAGNOSES], resamples=0).lower is None
    with pytest.raises(ConfigError, match="same number"):
        fleiss_kappa([["a", "b"], ["a", "b", "c"]])
    with pytest.raises(ConfigError, match="level"):
        krippendorff_alpha([[1, 2]], level="metric")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        krippendorff_alpha([["a", "b"]], level="interval")
    with pytest.raises(ConfigError, match="got 1 and 2 ratings"):
        cohen_kappa(["a"], ["a", "b"])
    with pytest.raises(ConfigError, match="got -1"):
        fleiss_kappa([["a", "b"]], resamples=-1)
    assert cohen_kappa(["a", "b"], ["a", "b"]).to_estimate().value == 1.0


# --- calibration ------------------------------------------------------------------------------


def test_calibration_on_the_sample() -> None:
    cal = calibrate(_sample(), _card())
    assert cal.raters == ("kim", "rob", "sue")
    assert cal.tickets == 24
    assert cal.score.value is not None
    assert cal.score.value > 0.8
    assert cal.offsets["kim"] > 0 > cal.offsets["sue"]  # kim lenient, sue strict, as generated
    assert cal.criteria["offer"].missing > 0  # n/a answers are missing ratings
    assert cal.pass_kappa is None  # three raters
    assert {r["subject"] for r in cal.to_records()} >= {"score", "passed", "accuracy"}


def test_calibration_with_two_raters_adds_cohen_kappa() -> None:
    two = [e for e in _sample() if e.rater in ("rob", "sue")]
    cal = calibrate(two, _card(), resamples=0)
    assert cal.raters == ("rob", "sue")
    assert cal.pass_kappa is not None
    assert cal.pass_kappa.metric == "Cohen's kappa"
    with pytest.raises(RecordError, match="twice"):
        calibrate([_ev(GOOD), _ev(GOOD)], _card())


# --- loading ----------------------------------------------------------------------------------


def test_collect_mode_keeps_the_good_rows() -> None:
    loaded = load_evaluations(DATA / "bad_evaluations.csv", _card(), on_error="collect")
    assert [e.ticket_id for e in loaded] == ["T1", "T7"]
    found = [(e.line, e.path) for e in loaded.errors]
    assert found == [
        (3, "accuracy"),
        (4, "greet"),
        (5, "date"),
        (6, "complete"),
        (8, "rater"),
        (9, "agent"),
    ]
    messages = [e.message for e in loaded.errors]
    assert messages[0] == "6 is outside the scale 1-5"
    assert "already scored ticket 'T1' on line 2" in messages[4]
    assert all(str(e).startswith(str(DATA / "bad_evaluations.csv")) for e in loaded.errors)
    assert loaded.lines_read == 10
    assert isinstance(loaded.evaluations[1].at, datetime)


def test_raise_mode_stops_at_the_first_bad_row() -> None:
    with pytest.raises(RecordError) as info:
        load_evaluations(DATA / "bad_evaluations.csv", _card())
    assert (info.value.line, info.value.path) == (3, "accuracy")


HEADER = "ticket_id,agent,rater,date,team,greet,verify,accuracy,complete,policy,tone,empathy,offer"


@pytest.mark.parametrize(
    ("lines", "line", "path", "message"),
    [
        ([HEADER + ",speed"], 1, "speed", "unknown column 'speed'"),
        ([HEADER.replace(",offer", "")], 1, "offer", "missing column"),
        ([HEADER.replace("team", "tone")], 1, "", "columns appear twice"),
        ([], 1, "", "no header"),
        ([HEADER, "T1,a,r,2026-03-02,,yes,yes,4,4,yes,4,4,n/a,extra"], 2, "", "more fields"),
        ([HEADER, "T1,a,r,02/03/2026,,yes,yes,4,4,yes,4,4,n/a"], 2, "date", "ISO date"),
        ([HEADER, "T1,a,r,0001-01-01T00:00:00Z,,yes,yes,4,4,yes,4,4,n/a"], 2, "date", "range"),
        ([HEADER, "T1,a,r,2026-03-02,,n/a,n/a,n/a,n/a,n/a,n/a,n/a,n/a"], 2, "answers", "nothing"),
    ],
)
def test_loader_errors_name_line_and_column(
    lines: list[str], line: int, path: str, message: str
) -> None:
    with pytest.raises(RecordError) as info:
        load_evaluations(lines, _card())
    assert (info.value.line, info.value.path) == (line, path)
    assert message in str(info.value)


def test_loader_arguments() -> None:
    with pytest.raises(ConfigError, match="on_error"):
        load_evaluations([HEADER], _card(), on_error="skip")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        load_evaluations(b"ticket_id", _card())  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="cannot read"):
        load_evaluations(DATA / "missing.csv", _card())
    assert len(load_evaluations([HEADER], _card())) == 0


# --- example data, strategies and docs --------------------------------------------------------


def test_example_data_is_reproducible_byte_for_byte(tmp_path: Path, monkeypatch: Any) -> None:
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import make_qa_data
    finally:
        sys.path.remove(str(ROOT / "examples"))
    monkeypatch.setattr(make_qa_data, "OUT", tmp_path / "qa.csv")
    with contextlib.redirect_stdout(io.StringIO()):
        make_qa_data.main()
    assert (tmp_path / "qa.csv").read_bytes() == SAMPLE_CSV.read_bytes()


def test_strategy_options() -> None:
    # A wrong type is an InputTypeError, a value out of range a ConfigError; both name the
    # strategy, the option and the value (docs/strategies.md).
    with pytest.raises(ConfigError, match=r"scorecards: max_criteria .* got 0"):
        scorecards(max_criteria=0)
    with pytest.raises(InputTypeError, match=r"qa_evaluations: scorecard .* got 'card'"):
        qa_evaluations(scorecard="card")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"qa_evaluations: tickets .* got 0"):
        qa_evaluations(scorecard=_card(), tickets=0)
    with pytest.raises(InputTypeError, match="qa_evaluations: raters"):
        qa_evaluations(scorecard=_card(), raters=())


def test_public_names_have_the_public_module() -> None:
    import servicemodel.qa as qa

    for name in qa.__all__:
        obj = getattr(qa, name)
        if isinstance(obj, type) or callable(obj):
            assert obj.__module__ == "servicemodel.qa", name
    assert issubclass(RecordError, ServiceModelError)


PAGE = (ROOT / "docs" / "qa.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_docs_block_prints_what_its_comments_say(block: str, monkeypatch: Any) -> None:
    monkeypatch.chdir(ROOT)
    expected = [
        line.split("# ", 1)[1].strip()
        for line in block.splitlines()
        if line.lstrip().startswith("print(") and "# " in line
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "qa.md", "exec"), {"__name__": "docs"})
    assert out.getvalue().splitlines() == expected
