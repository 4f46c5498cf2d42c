"""Generate examples/data/journeys.jsonl: seeded, synthetic customer-journey events.

Run ``python examples/make_journey_data.py`` to rewrite the file; the output is byte-for-byte
the same on every run (one ``random.Random`` with a fixed seed, no clock, sorted output).

400 customers move through the default journey template (awareness -> consideration ->
purchase -> onboarding -> support -> retention -> advocacy) with stage-to-stage
probabilities below; some come back to support after renewing (a declared backward move),
a few visit the website again after buying (a move the journey does not allow: a data-quality
signal the example reports), and some get a newsletter, which fits no stage. Support and
onboarding contacts carry CSAT answers (top-2-box: satisfied or not) and reopen flags.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SEED = 20260803
CUSTOMERS = 400
START = datetime(2026, 1, 5, 9, tzinfo=ZoneInfo("Europe/Berlin"))
OUT = Path(__file__).resolve().parent / "data" / "journeys.jsonl"

# (stage, kinds, channels, probability of reaching it from the previous stage, mean days there)
STAGES: list[tuple[str, tuple[str, ...], tuple[str, ...], float, float]] = [
    ("awareness", ("ad_view", "social_post", "search", "referral_visit"), ("ads", "social", "web"),
     1.0, 4.0),
    ("consideration", ("site_visit", "pricing_view", "demo_request", "trial_signup"),
     ("web", "email", "chat"), 0.62, 9.0),
    ("purchase", ("purchase", "contract_signed", "checkout"), ("web", "sales"), 0.48, 1.0),
    ("onboarding", ("welcome", "setup_call", "tutorial", "first_login"), ("email", "phone", "web"),
     0.93, 12.0),
    ("support", ("ticket", "chat", "call"), ("email", "chat", "phone"), 0.66, 6.0),
    ("retention", ("renewal", "upgrade", "check_in"), ("email", "phone"), 0.74, 30.0),
    ("advocacy", ("review", "referral", "case_study"), ("social", "web", "email"), 0.35, 5.0),
]  # fmt: skip
# Share of satisfied CSAT answers and of reopened tickets, for stages that have surveys.
SATISFIED = {"onboarding": 0.86, "support": 0.71, "retention": 0.9}
REOPENED = {"onboarding": 0.04, "support": 0.14}


def _event(rnd: random.Random, customer: str, at: datetime, stage: int, n: int) -> dict[str, Any]:
    name, kinds, channels, _, _ = STAGES[stage]
    event: dict[str, Any] = {
        "customer": customer,
        "at": at.replace(microsecond=0).isoformat(),
        "kind": rnd.choice(kinds),
        "channel": rnd.choice(channels),
        "id": f"{customer}-{n:02d}",
    }
    if name in SATISFIED and rnd.random() < 0.55:
        event["satisfied"] = rnd.random() < SATISFIED[name]
    if name in REOPENED:
        event["reopened"] = rnd.random() < REOPENED[name]
    return event


def generate() -> list[dict[str, Any]]:
    """Return every event, sorted by customer and time."""
    rnd = random.Random(SEED)
    events: list[dict[str, Any]] = []
    for c in range(CUSTOMERS):
        customer = f"cust-{c:04d}"
        at = START + timedelta(days=rnd.uniform(0, 120), minutes=rnd.randrange(600))
        n = 0
        for stage, (name, _, _, p_reach, mean_days) in enumerate(STAGES):
            if stage > 0 and rnd.random() >= p_reach:
                break
            for _ in range(1 + (rnd.random() < 0.4)):
                events.append(_event(rnd, customer, at, stage, n))
                n += 1
                at += timedelta(hours=rnd.uniform(1, 48))
            if name == "purchase" and rnd.random() < 0.04:
                # A website visit after buying: not a move the journey allows.
                events.append(_event(rnd, customer, at, 1, n))
                n += 1
                at += timedelta(hours=rnd.uniform(1, 24))
            if name == "retention" and rnd.random() < 0.3:
                # Back to support after renewing: a declared backward move.
                events.append(_event(rnd, customer, at, 4, n))
                n += 1
                at += timedelta(days=rnd.uniform(1, 10))
                events.append(_event(rnd, customer, at, 5, n))
                n += 1
            if rnd.random() < 0.15:
                events.append(
                    {
                        "customer": customer,
                        "at": (at + timedelta(hours=1)).replace(microsecond=0).isoformat(),
                        "kind": "newsletter_open",
                        "channel": "email",
                        "id": f"{customer}-{n:02d}",
                    }
                )
                n += 1
            at += timedelta(days=rnd.expovariate(1 / mean_days))
    # Offsets change with DST, so sort by the instant, not by the text.
    events.sort(key=lambda e: (e["customer"], datetime.fromisoformat(e["at"]), e["id"]))
    return events


def main() -> None:
    """Write the file."""
    lines = [json.dumps(e, sort_keys=True) for e in generate()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} events of {CUSTOMERS} customers to {OUT}")


if __name__ == "__main__":
    main()
