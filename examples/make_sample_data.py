"""Write examples/data/tickets.jsonl: 13 weeks of realistic, seeded support tickets.

Run ``python examples/make_sample_data.py`` to rebuild the file; the same seed reproduces it byte
for byte (the test suite checks that). What it models, and why:

* arrivals follow weekday and hour-of-day seasonality in Europe/Berlin (Mondays busiest,
  weekends quiet, a late-morning peak), over a quarter that includes the October DST change;
* channels and priorities in proportions typical of a B2B SaaS helpdesk;
* agents work Mon-Fri 08:00-18:00, so tickets created in the evening wait for the morning;
  urgent tickets are picked up by an on-call rota at any hour;
* the team gets faster over the quarter (a hiring wave in week 6), so trend charts and SMART
  goals have something to find;
* status flows with pending (waiting on the customer) and on-hold (waiting on a third party)
  periods, follow-ups, priority changes, reassignments, reopens and a backlog at the end;
* CSAT (1-5) and NPS (0-10) answers for a subset of solved tickets, worse after slow replies
  and reopens.
"""

from __future__ import annotations

import math
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from servicemodel.io import dump_jsonl
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)

SEED = 20261125
TZ = ZoneInfo("Europe/Berlin")
START = date(2026, 8, 3)  # a Monday
WEEKS = 13
OUT = Path(__file__).parent / "data" / "tickets.jsonl"

WEEKDAY_VOLUME = [90, 76, 71, 69, 60, 14, 10]  # tickets per day, Monday first
HOUR_WEIGHT = [
    1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 19, 17, 13, 15, 16, 15, 13, 10, 7, 6, 5, 4, 3, 2,
]  # fmt: skip
CHANNELS = [("email", 45), ("chat", 24), ("phone", 12), ("web", 11), ("social", 8)]
PRIORITIES = [
    (Priority.LOW, 18),
    (Priority.NORMAL, 56),
    (Priority.HIGH, 19),
    (Priority.URGENT, 7),
]
GROUPS = [("tier-1", 70), ("billing", 18), ("tier-2", 12)]
AGENTS = {
    "tier-1": ["ada", "bo", "chen", "dara", "eli", "fatima"],
    "billing": ["gus", "hana"],
    "tier-2": ["ivo", "jun", "kemal"],
}
TAGS = ["login", "invoice", "bug", "how-to", "integration", "refund", "outage", "feature-request"]
PLANS = [("starter", 50), ("team", 35), ("enterprise", 15)]
OPEN_H, CLOSE_H = 8, 18


T = TypeVar("T")


def pick(rng: random.Random, weighted: list[tuple[T, int]]) -> T:
    items = [item for item, _ in weighted]
    return rng.choices(items, weights=[w for _, w in weighted])[0]


def next_working(t: datetime, urgent: bool) -> datetime:
    """The first instant at or after t when someone works on the ticket."""
    if urgent:
        return t
    local = t.astimezone(TZ)
    day = local.date()
    for _ in range(10):
        if day.weekday() < 5:
            opening = datetime.combine(day, time(OPEN_H), TZ)
            closing = datetime.combine(day, time(CLOSE_H), TZ)
            if local < closing:
                return max(local, opening)
        day += timedelta(days=1)
        local = datetime.combine(day, time(0), TZ)
    return local


def work_delay(rng: random.Random, t: datetime, median_min: float, urgent: bool) -> datetime:
    """Instant of an agent action: next working time plus a lognormal delay, seconds precision."""
    start = next_working(t, urgent)
    minutes = rng.lognormvariate(math.log(median_min), 0.9)
    out = start + timedelta(minutes=minutes)
    if not urgent:
        # A delay that runs past closing time is finished the next working morning.
        local = out.astimezone(TZ)
        if local.hour >= CLOSE_H or local.weekday() >= 5 or local.hour < OPEN_H:
            out = next_working(out, urgent) + timedelta(minutes=rng.uniform(5, 60))
    return out.replace(microsecond=0)


def customer_delay(rng: random.Random, t: datetime) -> datetime:
    return (t + timedelta(hours=rng.lognormvariate(math.log(5), 1.0))).replace(microsecond=0)


class Builder:
    def __init__(self, tid: str) -> None:
        self.tid = tid
        self.events: list[Event] = []
        self.n = 0
        self.last: datetime | None = None

    def add(self, cls: type[Event], at: datetime, **kw: object) -> datetime:
        if self.last is not None and at < self.last:
            at = self.last + timedelta(seconds=1)
        at = at.replace(microsecond=0)
        self.n += 1
        self.events.append(cls(f"{self.tid}-e{self.n}", at.astimezone(TZ), **kw))
        self.last = at
        return at


# One ticket's whole story, drawn in a fixed order: splitting it would change the random draws
# and so the committed sample data, which a test regenerates byte for byte.
def make_ticket(rng: random.Random, n: int, created: datetime, end: datetime) -> TicketHistory:  # noqa: C901
    tid = f"T-{n:05d}"
    week = (created.date() - START).days // 7
    speed = 1.0 if week < 6 else 0.62  # the hiring wave in week 6
    channel = pick(rng, CHANNELS)
    priority = pick(rng, PRIORITIES)
    group = pick(rng, GROUPS)
    agent = rng.choice(AGENTS[group])
    tags = set(rng.sample(TAGS, k=rng.choice([0, 1, 1, 1, 2])))
    if channel == "social":
        tags.add("public")
    plan = pick(rng, PLANS)
    ticket = Ticket(
        tid,
        created,
        requester=f"customer{rng.randrange(1, 2600):04d}@example.com",
        channel=channel,
        priority=priority,
        group=group,
        assignee=agent,
        tags=frozenset(tags),
        attributes={"plan": plan, "region": rng.choice(["emea", "emea", "amer", "apac"])},
    )
    b = Builder(tid)
    urgent = priority is Priority.URGENT
    reply_median = {"chat": 20, "phone": 8}.get(channel, 75) * speed
    if priority is Priority.HIGH:
        reply_median *= 0.6
    if urgent:
        reply_median = 25 * speed

    t = created
    if rng.random() < 0.25:
        t = b.add(InternalNote, work_delay(rng, t, reply_median / 2, urgent), agent=agent)
    if rng.random() < 0.06:
        # The customer chases before anyone answered; this must not restart first-reply clocks.
        t = b.add(CustomerMessage, t + timedelta(minutes=rng.uniform(20, 180)))
    first = work_delay(rng, t, reply_median, urgent)
    if first > end:
        return TicketHistory(ticket, b.events)  # still waiting at the end of the export
    t = b.add(AgentReply, first, agent=agent)
    t = b.add(StatusChange, t, status=Status.OPEN)
    if rng.random() < 0.05 and not urgent:
        t = b.add(PriorityChange, t + timedelta(minutes=rng.uniform(1, 90)), priority=Priority.HIGH)
    if group == "tier-1" and rng.random() < 0.1:
        agent = rng.choice(AGENTS["tier-2"])
        t = b.add(
            AssignmentChange,
            t + timedelta(minutes=rng.uniform(5, 120)),
            group="tier-2",
            assignee=agent,
        )
    rounds = rng.choices([0, 1, 2, 3], weights=[45, 33, 15, 7])[0]
    for _ in range(rounds):
        if rng.random() < 0.6:
            t = b.add(StatusChange, t + timedelta(minutes=1), status=Status.PENDING)
            t = customer_delay(rng, t)
            if t > end:
                return TicketHistory(ticket, b.events)
            t = b.add(CustomerMessage, t)
            t = b.add(StatusChange, t, status=Status.OPEN)
        else:
            t = b.add(StatusChange, t + timedelta(minutes=2), status=Status.ON_HOLD)
            t = t + timedelta(hours=rng.lognormvariate(math.log(20), 0.8))
            if t > end:
                return TicketHistory(ticket, b.events)
            t = b.add(StatusChange, t, status=Status.OPEN)
        t = work_delay(rng, t, reply_median * 1.5, urgent)
        if t > end:
            return TicketHistory(ticket, b.events)
        t = b.add(AgentReply, t, agent=agent)
    solve = work_delay(rng, t, 30 * speed, urgent)
    if solve > end:
        return TicketHistory(ticket, b.events)
    t = b.add(StatusChange, solve, status=Status.SOLVED)
    reopened = False
    if rng.random() < 0.08:
        back = customer_delay(rng, t) + timedelta(hours=rng.uniform(2, 48))
        if back < end:
            reopened = True
            t = b.add(CustomerMessage, back)
            t = b.add(Reopen, t)
            t = work_delay(rng, t, reply_median, urgent)
            if t > end:
                return TicketHistory(ticket, b.events)
            t = b.add(AgentReply, t, agent=agent)
            t = work_delay(rng, t, 40, urgent)
            if t > end:
                return TicketHistory(ticket, b.events)
            t = b.add(StatusChange, t, status=Status.SOLVED)
    wait_h = (first - created).total_seconds() / 3600
    mood = 0.9 - 0.05 * min(wait_h, 24) - (0.5 if reopened else 0) - 0.1 * rounds
    if rng.random() < 0.38:
        weights = _csat_weights(mood)
        score = rng.choices([1, 2, 3, 4, 5], weights=weights)[0]
        when = t + timedelta(hours=rng.uniform(0.5, 30))
        if when < end:
            t = b.add(SatisfactionRating, when, score=score, survey="csat")
    if rng.random() < 0.16:
        base = 7.6 + 2.2 * mood + rng.gauss(0, 2.0)
        score = max(0, min(10, round(base)))
        when = t + timedelta(days=rng.uniform(1, 7))
        if when < end:
            b.add(SatisfactionRating, when, score=score, survey="nps", scale_min=0, scale_max=10)
    return TicketHistory(ticket, b.events)


def _csat_weights(mood: float) -> list[float]:
    m = max(-1.0, min(1.0, mood))
    return [0.05 - 0.04 * m, 0.06 - 0.04 * m, 0.1 - 0.03 * m, 0.3, 0.45 + 0.25 * m]


def generate(seed: int = SEED) -> list[TicketHistory]:
    """All histories, in creation order."""
    rng = random.Random(seed)
    histories = []
    end = datetime.combine(START + timedelta(weeks=WEEKS), time(0), TZ)
    n = 0
    for day_i in range(WEEKS * 7):
        day = START + timedelta(days=day_i)
        volume = WEEKDAY_VOLUME[day.weekday()]
        count = max(0, round(rng.gauss(volume, math.sqrt(volume))))
        hours = sorted(rng.choices(range(24), weights=HOUR_WEIGHT, k=count))
        for hour in hours:
            created = datetime.combine(day, time(hour), TZ) + timedelta(seconds=rng.randrange(3600))
            n += 1
            histories.append(make_ticket(rng, n, created, end))
    return histories


def main() -> int:
    text = dump_jsonl(generate())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10))} tickets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
