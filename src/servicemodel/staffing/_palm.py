"""Private: the numerics of Erlang A (M/M/N+M), in log space with no factorials.

For ``N`` agents, arrival rate λ, service rate μ and abandonment rate θ = 1/patience, write
``x = Nμ/θ`` and ``y = λ/θ``. With every agent busy the queue is a birth–death chain whose
stationary weights relative to the state "N in system, nobody waiting" are

    t_j = Π_{k=1..j} y / (x + k)        (j waiting)

(Palm 1943; Mandelbaum & Zeltyn 2007, "The Palm/Erlang-A queue, with applications to call
centers", §3, where ``Σ_j t_j = A(x, y) = x·e^y·y^−x·γ(x, y)``, the incomplete-gamma function of
Garnett, Mandelbaum & Reiman 2002). Every Erlang A figure is a sum over these weights, so this
module sums them directly: from the largest term (at ``j* = max(0, floor(y − x))``, obtained
through ``lgamma`` without overflow) outwards, until the terms drop below 1e-17 of the sum,
keeping the logarithm of the scale apart. The work is about ``min(40/(1 − ρ), 10·√y)`` terms
around the peak (ρ = λ/(Nμ)), whatever N, λ or patience, and nothing overflows.
"""

from __future__ import annotations

import math

import attrs

from servicemodel.errors import StaffingError

_EPS = 1e-17
#: The most terms one side of a tail sum may take. A queue near its peak takes about
#: 9·sqrt(λ/θ) terms a side (a few thousand for any real desk); past this cap the customers
#: are so patient (λ × patience in the hundreds of millions) that the sum would run for minutes.
MAX_TERMS = 200_000
_LOG_FLOOR = -745.0  # log of the smallest positive double: exp() of anything below is 0.0
_HUGE = 1e300  # x and y below it keep lgamma(x + y) finite


def digamma(z: float) -> float:
    """ψ(z) for z > 0: the recurrence up to z ≥ 6, then the asymptotic (Stirling) series.

    Examples:
        >>> round(digamma(1.0), 10)  # −γ (Euler–Mascheroni)
        -0.5772156649
    """
    shift = 0.0
    while z < 6.0:
        shift -= 1.0 / z
        z += 1.0
    inv2 = 1.0 / (z * z)
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    return shift + math.log(z) - 0.5 / z - series


@attrs.frozen
class TailSums:
    """The weighted sums of ``t_j`` over j ≥ 0, each as ``exp(log_scale) · value``.

    ``s0 = Σ t_j`` (= A(x, y)), ``s1 = Σ j·t_j`` (mean number waiting, unnormalized),
    ``served = Σ t_j·x/(x+j+1)`` (an arrival finding j waiting is served with probability
    ``Nμ/(Nμ + (j+1)θ)``), ``served_wait = Σ t_j·x/(x+j+1)·h_j`` with
    ``h_j = Σ_{i=1..j+1} 1/(x+i)`` (θ times its mean wait when served: the Laplace transform
    of a sum of exponentials with rates Nμ + iθ, differentiated at θ).
    """

    log_scale: float
    s0: float
    s1: float
    served: float
    served_wait: float


def _log_peak(x: float, y: float) -> tuple[int, float]:
    """The index of the largest weight and its logarithm (``t_j`` rises while j ≤ y − x)."""
    peak = max(0, math.floor(y - x))
    if peak == 0:
        return 0, 0.0
    return peak, peak * math.log(y) + math.lgamma(x + 1) - math.lgamma(x + peak + 1)


def tail_sums(x: float, y: float, *, moments: bool = True) -> TailSums:
    """Sum the stationary weights ``t_j`` (and, with ``moments``, the weighted sums).

    Terms are relative to the peak term, so each lies in (0, 1] and the sums are at most the
    number of terms. Going down from the peak each term is ``(x+j)/y`` times the one above, a
    ratio that shrinks with j; going up it is ``y/(x+j)``, also shrinking; so stopping once a
    term times ``1/(1 − ratio)`` is below 1e-17 of the sum bounds the neglected tail.

    Examples:
        >>> s = tail_sums(2.0, 1.0)  # Σ 1/((3)(4)…) · 1^j = 1 + 1/3 + 1/12 + …
        >>> round(math.exp(s.log_scale) * s.s0, 6)
        1.436564
    """
    peak, log_peak = _log_peak(x, y)
    below: list[float] = []
    term = 1.0
    j = peak
    stop = max(0, peak - MAX_TERMS)  # the cap costs no test per term: it bounds the loop
    while j > stop:
        ratio = (x + j) / y
        term *= ratio
        j -= 1
        below.append(term)
        if ratio < 1.0 and term / (1.0 - ratio) < _EPS:
            break
    else:
        if j > 0:
            _too_many_terms(x, y)
    low = peak - len(below)
    terms = below[::-1]
    terms.append(1.0)
    term, j = 1.0, peak
    for _ in range(MAX_TERMS):
        j += 1
        ratio = y / (x + j)
        term *= ratio
        terms.append(term)
        if ratio < 1.0 and term * (j + 2) / (1.0 - ratio) ** 2 < _EPS:
            break
    else:
        _too_many_terms(x, y)
    return _weighted(x, low, terms, log_peak, moments)


def _too_many_terms(x: float, y: float) -> None:
    raise StaffingError(
        f"Erlang A cannot sum its queue states for these figures (λ × patience = {y:.3g}, "
        f"N·patience/AHT = {x:.3g}) in {MAX_TERMS:,} terms; give a shorter patience "
        "(customers this patient hardly ever give up: Erlang C, queue_metrics, models them "
        "when N > λ × AHT)"
    )


def _weighted(x: float, low: int, terms: list[float], log_peak: float, moments: bool) -> TailSums:
    """Sum ``terms`` (``t_low, t_low+1, …`` over the peak) with the served/wait weights."""
    s0 = math.fsum(terms)
    if not moments:
        return TailSums(log_peak, s0, 0.0, 0.0, 0.0)
    # h_low = Σ_{i=1..low+1} 1/(x+i) = ψ(x+low+2) − ψ(x+1); exact start when low = 0.
    h = 1.0 / (x + 1.0) if low == 0 else digamma(x + low + 2.0) - digamma(x + 1.0)
    s1 = served = served_wait = 0.0
    for offset, term in enumerate(terms):
        j = low + offset
        if offset:
            h += 1.0 / (x + j + 1.0)
        p_served = x / (x + j + 1.0)
        s1 += j * term
        served += term * p_served
        served_wait += term * p_served * h
    return TailSums(log_peak, s0, s1, served, served_wait)


@attrs.frozen
class PalmState:
    """Erlang A steady state for one (N, λ, μ, θ): the figures every metric is built from."""

    agents: int
    arrival_rate: float  # λ, per second
    aht: float  # 1/μ, seconds
    patience: float  # 1/θ, seconds
    probability_of_waiting: float
    probability_of_abandoning: float
    queue_length: float  # E[Q], mean number waiting
    served_after_waiting: float  # P(served and waited > 0)
    wait_of_served: float  # E[W · 1{served}], seconds
    log_pi_n: float  # log P(exactly N in system)

    def served_later_than(self, t: float) -> float:
        """P(served and waited more than ``t`` seconds), for ``t ≥ 0``.

        ``π_N · x/(x+1) · A(x+1, y·e^{−θt}) · exp(−(Nμ+θ)t + y(1 − e^{−θt}))``: the offered
        wait's density (Mandelbaum & Zeltyn 2007, §4) times the chance of staying, integrated
        over (t, ∞) (substituting u = y·e^{−θs} turns it into an incomplete gamma of order x+1).
        """
        if self.probability_of_waiting == 0.0:
            return 0.0
        theta = 1.0 / self.patience
        x = self.agents / self.aht / theta
        y = self.arrival_rate / theta
        decay = -math.expm1(-theta * t)
        y_t = y * (1.0 - decay)
        if y_t <= 0.0:  # e^{−θt} underflowed: nobody still waiting is served after t
            return 0.0
        sums = tail_sums(x + 1.0, y_t, moments=False)
        log_value = (
            self.log_pi_n
            + math.log(x / (x + 1.0))
            + sums.log_scale
            + math.log(sums.s0)
            - (self.agents / self.aht + theta) * t
            + y * decay
        )
        return math.exp(max(log_value, _LOG_FLOOR)) if log_value > _LOG_FLOOR else 0.0


def _log_sum(a: float, b: float) -> float:
    """log(e^a + e^b) without overflow."""
    if a == -math.inf:
        return b
    hi, lo = max(a, b), min(a, b)
    return hi + math.log1p(math.exp(lo - hi))


def palm_state(
    agents: int, arrival_rate: float, aht: float, patience: float, b: float
) -> PalmState:
    """Erlang A steady state, given Erlang B's ``b = B(N, λ/μ)`` from the caller's recursion.

    ``P(N in system) = 1 / ((1 − B)/B + A(x, y))`` because the states below N carry
    ``(1 − B)/B`` times its weight (Erlang B's truncated Poisson) and the states above carry
    ``A(x, y)`` times it.

    Examples:
        >>> s = palm_state(1, 1.0, 1.0, 1.0, 0.5)  # M/M/1+M with λ = μ = θ
        >>> round(s.probability_of_waiting, 6), round(s.probability_of_abandoning, 6)
        (0.632121, 0.367879)
    """
    if b == 0.0:  # B underflowed: N is so far above the load that nobody ever waits
        return PalmState(agents, arrival_rate, aht, patience, 0.0, 0.0, 0.0, 0.0, 0.0, -math.inf)
    theta = 1.0 / patience
    x = agents / aht / theta
    y = arrival_rate / theta
    if not (0.0 < x < _HUGE and 0.0 < y < _HUGE):
        # A patience near the ends of the float range: 1/θ or λ/θ left it (inf, or 0), or
        # came so close to its top that the log-gamma of the peak term overflows.
        raise StaffingError(
            f"patience {patience:g} s is out of range for Erlang A with λ = {arrival_rate:g}/s "
            f"and AHT = {aht:g} s (λ × patience = {y:g})"
        )
    sums = tail_sums(x, y)
    log_below = -math.inf if b >= 1.0 else math.log1p(-b) - math.log(b)
    log_a = sums.log_scale + math.log(sums.s0)
    log_pi_n = -_log_sum(log_below, log_a)
    weight = math.exp(log_pi_n + sums.log_scale)
    queue = weight * sums.s1
    return PalmState(
        agents=agents,
        arrival_rate=arrival_rate,
        aht=aht,
        patience=patience,
        probability_of_waiting=min(1.0, math.exp(log_pi_n + log_a)),
        probability_of_abandoning=min(1.0, queue / y),  # θ·E[Q] = λ·P(Ab): flow balance
        queue_length=queue,
        served_after_waiting=weight * sums.served,
        wait_of_served=weight * sums.served_wait / theta,
        log_pi_n=log_pi_n,
    )
