"""Five rules the docs now state, each pinned as written there.

- docs/report.md, "The worst breaches, and their ties": the largest overrun first; equal
  overruns in the order measured (the tickets as given, then a ticket's metrics in metric
  order), whatever the ticket id, its creation time or the target's base.
- docs/qa.md, Concepts: ``n/a`` is read in any case with white space around it; nothing else
  means "does not apply".
- docs/qa.md, "The coefficients": the κ z tests are two-sided, ``p = 2·(1 − Φ(|z|))``.
- docs/qa.md, the bootstrap paragraph: one subject (unit) gives a coefficient but no
  interval, and so does ``resamples=1``.
- docs/goals.md, "A snapshot as of at": a mean goal's line counts the waiting tickets outside
  ``n`` ("still waiting, not counted"), a Kaplan-Meier goal's inside (``of them censored``):
  the same tickets either way.
"""

from __future__ import annotations

import math
import re
import sys
from datetime import UTC, date, datetime, timedelta
from statistics import NormalDist

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _docs import DOCS, promised, run
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.goals import SmartGoal
from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.qa import (
    NA,
    Criterion,
    Evaluation,
    Scale,
    Scorecard,
    Section,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    load_evaluations,
    score,
)
from servicemodel.report import ReportOptions, build_report, render_text
from servicemodel.sla import SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)

# --- 1. the worst breaches: ties keep the order measured ----------------------------------------


def _late_reply(ticket: str, created: datetime, over: timedelta) -> TicketHistory:
    """A ticket whose first reply comes ``over`` after a one-hour target."""
    return TicketHistory(Ticket(ticket, created), [AgentReply(f"r{ticket}", created + H + over)])


def _worst(histories: list[TicketHistory], policy: SLAPolicy) -> list[tuple[str, str, float]]:
    report = build_report(histories, ReportOptions(policies=policy))
    assert report.sla is not None
    return [
        (b.ticket, b.metric, b.overrun.total_seconds() / 3600) for b in report.sla.worst_breaches
    ]


def test_the_report_page_ties_example_prints_what_it_says() -> None:
    page = (DOCS / "report.md").read_text(encoding="utf-8")
    section = page.split("## The worst breaches, and their ties", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert run(block, "report.md") == promised(block)


@given(
    tickets=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3),  # hours over: few values, many ties
            st.integers(min_value=-48, max_value=48),  # created, hours from T0
        ),
        min_size=1,
        max_size=14,
    ),
    names=st.randoms(use_true_random=False),
)
def test_equal_overruns_are_listed_in_the_order_the_tickets_are_given(
    tickets: list[tuple[int, int]], names: object
) -> None:
    # Ids in a shuffled order, creation times at random: neither may decide a tie.
    ids = [f"T{i:02d}" for i in range(len(tickets))]
    names.shuffle(ids)  # type: ignore[attr-defined]
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    histories = [
        _late_reply(name, T0 + created * H, over * H)
        for name, (over, created) in zip(ids, tickets, strict=True)
    ]
    overs = [float(over) for over, _ in tickets]
    given_order = [(name, "first_reply", over) for name, over in zip(ids, overs, strict=True)]
    # The ten largest overruns, largest first; a stable sort keeps the given order in a tie.
    expected = sorted(given_order, key=lambda row: -row[2])[:10]
    assert _worst(histories, policy) == expected


@given(resolution_first=st.booleans(), over=st.integers(min_value=1, max_value=5))
def test_one_tickets_equal_breaches_are_in_metric_order(resolution_first: bool, over: int) -> None:
    # First reply (target 1 h) and resolution (target 2 h) both over by ``over`` hours: first
    # reply comes first in the metric order, whatever order the policy lists its targets in.
    targets = [
        Target("first_reply", "1h", business=False),
        Target("resolution", "2h", business=False),
    ]
    if resolution_first:
        targets.reverse()
    policy = SLAPolicy("p", {"normal": targets})
    late = TicketHistory(
        Ticket("A", T0),
        [
            AgentReply("r", T0 + (1 + over) * H),
            StatusChange("s", T0 + (2 + over) * H, status="solved"),
        ],
    )
    assert _worst([late], policy) == [("A", "first_reply", over), ("A", "resolution", over)]


@pytest.mark.parametrize("urgent_first", [True, False])
def test_an_hour_over_in_business_hours_ties_with_an_hour_over_in_calendar_time(
    urgent_first: bool,
) -> None:
    # Normal: 1 h of business hours (Mon 09:00-17:00); urgent: 1 h of calendar time. Both
    # answered at 11:00 on a Monday, created at 09:00: each is 1 h over, a tie, so the order
    # given decides.
    office = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
    policy = SLAPolicy(
        "p",
        {
            "normal": [Target("first_reply", "1h")],
            "urgent": [Target("first_reply", "1h", business=False)],
        },
        calendar=office,
    )
    normal = TicketHistory(Ticket("N", T0), [AgentReply("rn", T0 + 2 * H)])
    urgent = TicketHistory(Ticket("U", T0, priority="urgent"), [AgentReply("ru", T0 + 2 * H)])
    given_order = [urgent, normal] if urgent_first else [normal, urgent]
    expected = [(h.ticket.id, "first_reply", 1.0) for h in given_order]
    assert _worst(given_order, policy) == expected


# --- 2. n/a: any case, white space around it; nothing else --------------------------------------

CARD = Scorecard(
    "c",
    [
        Section(
            "s",
            [
                Criterion("accuracy", Scale.parse("1-5"), weight=2),
                Criterion("greet", Scale.parse("yes_no")),
            ],
        )
    ],
)
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def _evaluation(answer: object) -> Evaluation:
    return Evaluation("T1", "ann", "rob", date(2026, 1, 5), {"accuracy": answer, "greet": "yes"})


@st.composite
def written_na(draw: st.DrawFn) -> str:
    """``n/a`` in any case, with any white space before and after it."""
    letters = "".join(draw(st.sampled_from([c, c.upper()])) for c in "n/a")
    pad = st.lists(st.sampled_from(SPACES), max_size=3).map("".join)
    return draw(pad) + letters + draw(pad)


@given(answer=written_na())
def test_na_in_any_case_with_white_space_around_it_does_not_apply(answer: str) -> None:
    scored = score(CARD, _evaluation(answer))
    assert dict(scored.points)["accuracy"] == NA
    # The criterion drops out: greet (yes = 1) alone decides the score.
    assert scored.score == 100.0


@given(
    answer=st.sampled_from(["na", "NA", "N.A.", "n.a.", "-", "", "N / A", "n/a.", "none", "  "]),
)
def test_nothing_else_means_does_not_apply(answer: str) -> None:
    with pytest.raises(ConfigError, match=r"answers\.accuracy"):
        score(CARD, _evaluation(answer))


def test_a_missing_answer_is_refused_not_read_as_na() -> None:
    with pytest.raises(ConfigError, match=r"missing answer"):
        score(CARD, _evaluation(None))
    header = "ticket_id,agent,rater,date,accuracy,greet"
    with pytest.raises(ConfigError, match=r"line 2: accuracy"):
        load_evaluations([header, "T1,ann,rob,2026-01-05,,yes"], CARD)


@pytest.mark.parametrize("cell", [" N/A ", "n/A", "N/a"])
def test_a_csv_cell_reads_na_the_same_way(cell: str) -> None:
    header = "ticket_id,agent,rater,date,accuracy,greet"
    (loaded,) = load_evaluations([header, f"T1,ann,rob,2026-01-05,{cell},yes"], CARD).evaluations
    assert dict(score(CARD, loaded).points)["accuracy"] == NA


# --- 3. the kappa z tests are two-sided ---------------------------------------------------------

LABELS = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=2, max_size=40
)


@given(pairs=LABELS, weights=st.sampled_from([None, "linear", "quadratic"]))
def test_the_kappa_p_value_is_two_sided(pairs: list[tuple[str, str]], weights: str | None) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    if weights is None:
        k = cohen_kappa(first, second)
    else:
        k = cohen_kappa(first, second, weights=weights, categories=["a", "b", "c"])  # type: ignore[arg-type]
    if k.z is None:
        assert k.p_value is None
        return
    assert k.se_null is not None
    assert k.value is not None
    assert k.z == pytest.approx(k.value / k.se_null)
    two_sided = 2 * (1 - NormalDist().cdf(abs(k.z)))
    assert k.p_value == pytest.approx(two_sided, rel=1e-9, abs=1e-15)
    # Far in the tail too, where 1 − Φ(|z|) rounds to 0: the same number, never 0.
    assert k.p_value is not None
    assert k.p_value == pytest.approx(math.erfc(abs(k.z) / math.sqrt(2)), rel=1e-12, abs=0)
    assert k.p_value > 0


@pytest.mark.parametrize("n", [10, 20, 200])
def test_agreement_worse_than_chance_rejects_too(n: int) -> None:
    # Two raters who always disagree on a balanced yes/no: p_o = 0, p_e = 1/2, κ = −1. The
    # variance under κ = 0 (Fleiss, Cohen & Everitt 1969) is (p_e + p_e² − Σ p_i·p_·i(p_i· +
    # p_·i)) / (n(1 − p_e)²) = (1/2 + 1/4 − 1/2) / (n/4) = 1/n, so z = −√n and the two-sided
    # p is erfc(√n / √2), as small as for κ = +1 (a one-sided upper p would be near 1).
    first = ["yes", "no"] * (n // 2)
    second = ["no", "yes"] * (n // 2)
    k = cohen_kappa(first, second)
    agree = cohen_kappa(first, first)
    assert k.value == -1.0
    assert k.z == pytest.approx(-math.sqrt(n))
    assert k.p_value == pytest.approx(math.erfc(math.sqrt(n / 2)), rel=1e-9, abs=0)
    assert agree.z == pytest.approx(math.sqrt(n))
    assert agree.p_value == pytest.approx(k.p_value, rel=1e-9, abs=0)


@given(
    subjects=st.lists(
        st.lists(st.sampled_from("ab"), min_size=3, max_size=3), min_size=2, max_size=200
    )
)
@example(subjects=[["a"] * 3] * 100 + [["b"] * 3] * 100)  # κ = 1, z = √(n·m(m − 1)/2) ≈ 24.5
def test_the_fleiss_p_value_is_two_sided(subjects: list[list[str]]) -> None:
    k = fleiss_kappa(subjects, resamples=0)
    if k.z is None:
        assert k.p_value is None
        return
    assert k.p_value is not None
    assert k.p_value == pytest.approx(math.erfc(abs(k.z) / math.sqrt(2)), rel=1e-12, abs=0)
    assert 0 < k.p_value <= 1


def test_krippendorff_alpha_has_no_test() -> None:
    alpha = krippendorff_alpha([[1, 1], [2, 2], [1, 2]], resamples=0)
    assert alpha.value is not None
    assert (alpha.z, alpha.p_value) == (None, None)


# --- 4. one subject: a coefficient, no bootstrap interval ---------------------------------------


@given(
    unit=st.lists(st.integers(min_value=1, max_value=4), min_size=2, max_size=6),
    level=st.sampled_from(["nominal", "ordinal", "interval", "ratio"]),
    seed=st.integers(min_value=-(10**6), max_value=10**6),
    resamples=st.integers(min_value=0, max_value=50),
)
def test_one_unit_gives_no_interval(unit: list[int], level: str, seed: int, resamples: int) -> None:
    alpha = krippendorff_alpha([unit], level=level, seed=seed, resamples=resamples)  # type: ignore[arg-type]
    assert (alpha.n, alpha.lower, alpha.upper) == (1, None, None)
    if alpha.value is not None:
        assert "[?, ?]" in repr(alpha)
    kappa = fleiss_kappa([[str(x) for x in unit]], seed=seed, resamples=resamples)
    assert (kappa.n, kappa.lower, kappa.upper) == (1, None, None)


@given(
    units=st.lists(
        st.lists(st.integers(min_value=1, max_value=3), min_size=2, max_size=3),
        min_size=2,
        max_size=12,
    ),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_one_resample_gives_no_interval(units: list[list[int]], seed: int) -> None:
    # At most one draw with a defined coefficient: fewer than two, so no interval.
    alpha = krippendorff_alpha(units, resamples=1, seed=seed)
    assert (alpha.lower, alpha.upper) == (None, None)


# --- 5. a goal's line: which count is inside n --------------------------------------------------


def _goal(statistic: str) -> SmartGoal:
    return SmartGoal(
        name=f"{statistic} reply",
        kpi="first_reply_time",
        statistic=statistic,
        unit="h",
        comparator="<",
        target=2.0,
        baseline=4.0,
        objective="answer fast",
        start=T0 - 9 * H,
        deadline=T0 + timedelta(weeks=4),
    )


# Six answered or more against at most five waiting: the median is reached (S falls below ½).
@given(
    answered=st.integers(min_value=6, max_value=30), waiting=st.integers(min_value=1, max_value=5)
)
def test_the_mean_and_kaplan_meier_lines_count_the_same_tickets(
    answered: int, waiting: int
) -> None:
    replied = [
        TicketHistory(Ticket(f"T{i}", T0), [AgentReply(f"r{i}", T0 + H)]) for i in range(answered)
    ]
    still = [TicketHistory(Ticket(f"W{i}", T0), []) for i in range(waiting)]
    options = ReportOptions(
        goals=[_goal("mean"), _goal("median")],
        at=T0 + timedelta(weeks=2),
        include_partial=True,
    )
    lines = render_text(build_report([*replied, *still], options)).splitlines()
    mean_line, km_line = (line for line in lines if line.startswith("    latest 2026-W10 "))
    # A mean: n is the answered tickets; the waiting ones are outside it, and said so.
    assert f"(n={answered}, {waiting} still waiting, not counted)" in mean_line
    assert "censored" not in mean_line
    # Kaplan-Meier: the waiting tickets are among n, censored.
    assert f"(n={answered + waiting}, {waiting} of them censored)" in km_line
