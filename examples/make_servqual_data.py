"""Write examples/data/servqual.csv: a seeded, synthetic SERVQUAL survey of a support desk.

Run ``python examples/make_servqual_data.py``; the output is identical on every run (fixed seed,
only ``random.Random`` and the stdlib ``csv`` module). 320 respondents answer the 22 items of
the 1991 instrument twice on a 1-7 scale: expectations (E1-E22) and perceptions (P1-P22).

The numbers are invented but shaped like published SERVQUAL studies: expectations are high
everywhere (reliability highest), perceptions fall furthest short on reliability and
responsiveness, and each respondent has a personal mood that shifts all their perceptions.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 20260115
RESPONDENTS = 320
OUT = Path(__file__).resolve().parent / "data" / "servqual.csv"

# dimension: (items, mean expectation, mean perception)
PROFILE: dict[str, tuple[range, float, float]] = {
    "tangibles": (range(1, 5), 5.5, 5.3),
    "reliability": (range(5, 10), 6.5, 5.0),
    "responsiveness": (range(10, 14), 6.3, 4.9),
    "assurance": (range(14, 18), 6.2, 5.7),
    "empathy": (range(18, 23), 5.8, 5.3),
}


def _likert(rng: random.Random, mean: float, sd: float) -> int:
    return min(7, max(1, round(rng.gauss(mean, sd))))


def make_rows(seed: int = SEED, respondents: int = RESPONDENTS) -> list[dict[str, int | str]]:
    """Return the survey rows, one dict per respondent."""
    rng = random.Random(seed)
    rows: list[dict[str, int | str]] = []
    for k in range(1, respondents + 1):
        expect_shift = rng.gauss(0, 0.35)
        mood = rng.gauss(0, 0.6)
        expectations: dict[int, int] = {}
        perceptions: dict[int, int] = {}
        for items, e_mean, p_mean in PROFILE.values():
            for item in items:
                expectations[item] = _likert(rng, e_mean + expect_shift, 0.7)
                perceptions[item] = _likert(rng, p_mean + mood, 0.9)
        row: dict[str, int | str] = {"respondent": f"R{k:04d}"}
        row.update({f"E{i}": expectations[i] for i in range(1, 23)})
        row.update({f"P{i}": perceptions[i] for i in range(1, 23)})
        rows.append(row)
    return rows


def main() -> None:
    """Write the CSV file."""
    rows = make_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} respondents to {OUT}")


if __name__ == "__main__":
    main()
