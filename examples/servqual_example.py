"""Read the example SERVQUAL survey and print the gap table, unweighted and weighted.

Run ``python examples/servqual_example.py`` (after ``make_servqual_data.py`` if the CSV is
missing). Uses only the stdlib ``csv`` module and servicemodel.
"""

from __future__ import annotations

import csv
from pathlib import Path

from servicemodel.servqual import DimensionWeights, Servqual, responses_from_rows

DATA = Path(__file__).resolve().parent / "data" / "servqual.csv"

# Importance from the 1991 question "split 100 points across the five features"; here an
# illustrative average allocation.
POINTS = {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 19, "empathy": 16}


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def main() -> None:
    """Print the gap table for the example survey."""
    with DATA.open(newline="", encoding="utf-8") as fh:
        responses = list(responses_from_rows(csv.DictReader(fh)))
    weights = DimensionWeights.from_points(POINTS)
    result = Servqual.empty(weights=weights).add_many(responses).result()

    print(f"SERVQUAL gaps (perception − expectation), n = {result.n} respondents, 95 % t intervals")
    print(f"{'dimension':<22} {'E':>5} {'P':>5} {'gap':>6}   {'95 % interval':<17} {'weight':>6}")
    for row in result.to_records():
        name = row["dimension"]
        e = "" if row["expectation"] is None else f"{row['expectation']:.2f}"
        p = "" if row["perception"] is None else f"{row['perception']:.2f}"
        interval = f"[{_fmt(row['lower'])}, {_fmt(row['upper'])}]"
        weight = f"{weights.weight(name):.2f}" if name in weights.dimensions else ""
        print(f"{name:<22} {e:>5} {p:>5} {_fmt(row['gap']):>6}   {interval:<17} {weight:>6}")
    worst = min(result.dimension_gaps, key=lambda kv: kv[1].value or 0.0)
    print(f"\nLargest shortfall: {worst[0]} ({_fmt(worst[1].value)} points on the 7-point scale)")


if __name__ == "__main__":
    main()
