"""Write examples/data/helpcenter_sessions.csv: seeded help-centre sessions for tickets.jsonl.

Run ``python examples/make_selfservice_data.py``; the output is identical on every run (fixed
seed, only ``random.Random`` and the stdlib ``csv`` module). It reads the customers and
creation times of ``examples/data/tickets.jsonl`` (the 13-week sample), so sessions join with
those tickets on ``customer_id`` = the ticket's ``requester``. The numbers are invented.

What it models: about four in ten tickets are preceded by a failed self-service attempt (a
session by the same customer between ten minutes and three days before the ticket); on top of
that, customers — many of whom never write a ticket — read the help centre every day, more on
weekdays, and most of those visits are not followed by a ticket.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

SEED = 20260803
TZ = ZoneInfo("Europe/Berlin")
HERE = Path(__file__).resolve().parent
TICKETS = HERE / "data" / "tickets.jsonl"
OUT = HERE / "data" / "helpcenter_sessions.csv"
START, DAYS = date(2026, 8, 3), 13 * 7  # the quarter of the ticket sample
COLUMNS = ["session_id", "customer_id", "started_at", "article_ids"]
ARTICLES = [f"kb-{i}" for i in range(101, 161)]
BEFORE_TICKET = 0.4
DAILY = (70, 60, 58, 55, 50, 25, 22)  # independent visits per day, Monday first


def _articles(rng: random.Random) -> str:
    return ";".join(sorted(rng.sample(ARTICLES, k=rng.choice([1, 1, 2, 3]))))


def _tickets() -> list[tuple[str, datetime]]:
    """(requester, created_at) of every ticket in the sample that has a requester."""
    out = []
    with TICKETS.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("requester"):
                out.append((record["requester"], datetime.fromisoformat(record["created_at"])))
    return out


def make_rows(seed: int = SEED) -> list[dict[str, str]]:
    """Return the session rows, sorted by start time, with ids in that order."""
    rng = random.Random(seed)
    visits: list[tuple[datetime, str, str]] = []
    for customer, created in _tickets():
        if rng.random() < BEFORE_TICKET:
            before = timedelta(minutes=rng.uniform(10, 3 * 24 * 60))
            visits.append((created - before, customer, _articles(rng)))
    for day_i in range(DAYS):
        day = START + timedelta(days=day_i)
        for _ in range(max(0, round(rng.gauss(DAILY[day.weekday()], 6)))):
            start = datetime.combine(day, time(6), TZ) + timedelta(seconds=rng.randrange(16 * 3600))
            customer = f"customer{rng.randrange(1, 4000):04d}@example.com"
            visits.append((start, customer, _articles(rng)))
    visits.sort(key=lambda v: (v[0], v[1]))
    return [
        {
            "session_id": f"s-{i:06d}",
            "customer_id": customer,
            "started_at": start.astimezone(TZ).replace(microsecond=0).isoformat(),
            "article_ids": articles,
        }
        for i, (start, customer, articles) in enumerate(visits, start=1)
    ]


def main() -> None:
    """Write the CSV file."""
    rows = make_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} sessions to {OUT}")


if __name__ == "__main__":
    main()
