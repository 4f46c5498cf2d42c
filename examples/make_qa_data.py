"""Write examples/data/qa_evaluations.csv: seeded, synthetic QA reviews of a support team.

Run ``python examples/make_qa_data.py``; the output is identical on every run (fixed seed,
only ``random.Random`` and the stdlib ``csv`` module). The scorecard is
``examples/data/qa_scorecard.toml``.

Six agents in two teams are reviewed by three raters from January to March 2026: 150
tickets reviewed once, plus a calibration round of 24 tickets that all three raters scored.
Agents differ in skill; ``kim`` rates leniently and ``sue`` strictly, so the calibration
shows both agreement and rater offsets. The numbers are invented.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

SEED = 20260301
OUT = Path(__file__).resolve().parent / "data" / "qa_evaluations.csv"
AGENTS = {"ann": ("north", 4.4), "bo": ("north", 3.6), "cy": ("north", 4.0),
          "dee": ("south", 3.9), "eli": ("south", 3.3), "fay": ("south", 4.6)}  # fmt: skip
RATERS = {"rob": 0.0, "sue": -0.35, "kim": 0.4}
RANGE_CRITERIA = ("accuracy", "complete", "tone", "empathy")
COLUMNS = ["ticket_id", "agent", "rater", "date", "team", "greet", "verify", "accuracy",
           "complete", "policy", "tone", "empathy", "offer"]  # fmt: skip
SINGLE, CALIBRATION = 150, 24
START = date(2026, 1, 5)


def _weekday(rng: random.Random) -> date:
    while True:
        day = START + timedelta(days=rng.randrange(82))
        if day.weekday() < 5:
            return day


def _point(quality: float) -> int:
    return min(5, max(1, round(quality)))


def _ticket(rng: random.Random, skill: float) -> dict[str, float | bool]:
    """The interaction's true quality, which every rater then perceives with their own bias."""
    return {
        **{c: skill + rng.gauss(0, 0.7) for c in RANGE_CRITERIA},
        "greet": rng.random() < 0.6 + 0.08 * (skill - 3),
        "verify_fail": rng.random() < 0.03,
        "policy_fail": rng.random() < 0.02,
        "offer_na": rng.random() < 0.55,
        "offer": rng.random() < 0.5 + 0.1 * (skill - 3),
        "verify_na": rng.random() < 0.3,
    }


def _row(rng: random.Random, ticket: str, agent: str, rater: str, day: date,
         truth: dict[str, float | bool]) -> dict[str, str]:  # fmt: skip
    bias = RATERS[rater]
    row = {"ticket_id": ticket, "agent": agent, "rater": rater, "date": day.isoformat(),
           "team": AGENTS[agent][0]}  # fmt: skip
    for c in RANGE_CRITERIA:
        row[c] = str(_point(float(truth[c]) + bias + rng.gauss(0, 0.45)))
    greet = bool(truth["greet"]) if rng.random() > 0.1 else not truth["greet"]
    row["greet"] = "yes" if greet else "no"
    row["verify"] = "n/a" if truth["verify_na"] else ("no" if truth["verify_fail"] else "yes")
    row["policy"] = "no" if truth["policy_fail"] else "yes"
    row["offer"] = "n/a" if truth["offer_na"] else ("yes" if truth["offer"] else "no")
    return row


def make_rows(seed: int = SEED) -> list[dict[str, str]]:
    """Return the evaluation rows, sorted by date, ticket and rater."""
    rng = random.Random(seed)
    agents, raters = sorted(AGENTS), sorted(RATERS)
    rows = []
    for k in range(SINGLE + CALIBRATION):
        ticket = f"T{4001 + k}"
        agent = agents[rng.randrange(len(agents))]
        day = _weekday(rng)
        truth = _ticket(rng, AGENTS[agent][1])
        who = raters if k >= SINGLE else [raters[rng.randrange(len(raters))]]
        rows += [_row(rng, ticket, agent, rater, day, truth) for rater in who]
    return sorted(rows, key=lambda r: (r["date"], r["ticket_id"], r["rater"]))


def main() -> None:
    """Write the CSV file."""
    rows = make_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} evaluations to {OUT}")


if __name__ == "__main__":
    main()
