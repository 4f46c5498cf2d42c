"""Write examples/data/feedback_tickets.jsonl: seeded, synthetic complaints with themes.

Run ``python examples/make_feedback_data.py``; the output is identical on every run (fixed
seed, only ``random.Random`` and the library's own JSON Lines writer). The numbers are invented.

What it models, so the feedback analysis has something to find: six months of complaint
tickets (January to June 2026, Europe/Berlin) for a subscription product, each with one
contact reason (the ``reason`` attribute) and one or two tags. Two things change in April,
when a new price list ships: ``billing`` complaints (tags ``invoice``, ``refund``,
``double-charge``) rise sharply, and ``login`` complaints fall after a single-sign-on fix.
Chat takes contacts from email over the half year. About half the tickets carry a CSAT
rating (1-5), worse for billing complaints.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from servicemodel.io import dump_jsonl
from servicemodel.model import SatisfactionRating, StatusChange, Ticket, TicketHistory

SEED = 20260401
TZ = ZoneInfo("Europe/Berlin")
START, END = date(2026, 1, 1), date(2026, 7, 1)
CHANGE = date(2026, 4, 1)  # the new price list and the single-sign-on fix
OUT = Path(__file__).resolve().parent / "data" / "feedback_tickets.jsonl"

# reason -> (tags it is filed under, weight before the change, weight after)
REASONS = {
    "billing": (["invoice", "refund", "double-charge"], 14, 30),
    "login": (["login", "sso", "password"], 22, 11),
    "bug": (["bug", "crash"], 20, 19),
    "how-to": (["how-to", "docs"], 24, 22),
    "performance": (["slow", "outage"], 10, 10),
    "account": (["cancel", "upgrade"], 10, 8),
}
# channel -> weight in January, weight in June (linear in between)
CHANNELS = {"email": (52, 34), "chat": (20, 38), "phone": (18, 16), "social": (10, 12)}
MEAN_CSAT = {"billing": 2.6, "login": 3.4, "bug": 3.3, "how-to": 4.2, "performance": 3.0,
             "account": 3.8}  # fmt: skip


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    names = sorted(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def _ticket(rng: random.Random, n: int, day: date) -> TicketHistory:
    after = day >= CHANGE
    reason = _weighted(rng, {r: w[2] if after else w[1] for r, w in REASONS.items()})
    progress = (day - START).days / (END - START).days
    channel = _weighted(rng, {c: a + (b - a) * progress for c, (a, b) in CHANNELS.items()})
    tags = set(rng.sample(REASONS[reason][0], k=rng.choice([1, 1, 2])))
    created = datetime.combine(day, time(8), TZ) + timedelta(seconds=rng.randrange(10 * 3600))
    tid = f"F-{n:05d}"
    ticket = Ticket(
        tid,
        created,
        requester=f"customer{rng.randrange(1, 1800):04d}@example.com",
        channel=channel,
        tags=tags,
        attributes={"reason": reason},
    )
    solved = created + timedelta(hours=rng.lognormvariate(2.0, 1.0))
    events: list[StatusChange | SatisfactionRating] = [
        StatusChange(f"{tid}-e1", solved.replace(microsecond=0), status="solved")
    ]
    if rng.random() < 0.5:
        score = min(5, max(1, round(rng.gauss(MEAN_CSAT[reason], 1.1))))
        rated = (solved + timedelta(hours=rng.uniform(1, 48))).replace(microsecond=0)
        events.append(SatisfactionRating(f"{tid}-e2", rated, score=score, survey="csat"))
    return TicketHistory(ticket, events)


def generate(seed: int = SEED) -> list[TicketHistory]:
    """All histories, in creation order (about 7 complaints a weekday, 2 a weekend day)."""
    rng = random.Random(seed)
    histories = []
    day, n = START, 0
    while day < END:
        for _ in range(rng.randint(4, 10) if day.weekday() < 5 else rng.randint(0, 3)):
            n += 1
            histories.append(_ticket(rng, n, day))
        day += timedelta(days=1)
    return sorted(histories, key=lambda h: (h.created_at, h.id))


def main() -> int:
    """Write the JSON Lines file."""
    text = dump_jsonl(generate())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} tickets to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
