"""Scaling out: NPS and ticket KPIs on a local Dask cluster, from Parquet files.

1. Reads the sample tickets (examples/data/tickets.jsonl) and writes their survey answers as
   Parquet partitions under examples/out/answers/ (one row per answer).
2. Starts a LocalCluster of 2 worker processes on 127.0.0.1.
3. Computes NPS from the Parquet files on the cluster — overall and per channel, in one pass —
   and checks it equals the in-process result.
4. Computes first reply time per channel and SLA attainment from the JSON Lines file directly,
   and checks both against one process as well.

Run from the repository root (needs the ``dask`` extra); the optional argument is another
directory for the Parquet files:

    python examples/dask_example.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from servicemodel.dask import accumulate, estimate, read_tickets, sla_attainment
from servicemodel.io import load_jsonl
from servicemodel.kpi import NPS, by
from servicemodel.kpi.tickets import FirstReplyTime, SLAAttainment
from servicemodel.sla import PolicySet, evaluate_many

HERE = Path(__file__).resolve().parent
TICKETS = HERE / "data" / "tickets.jsonl"
POLICIES = HERE / "policies" / "standard.toml"
OUT = HERE / "out" / "answers"


def write_answers(out: Path) -> pd.DataFrame:
    """Write one row per survey answer of the sample tickets as Parquet partitions in ``out``."""
    histories = load_jsonl(TICKETS).histories
    frame = pd.DataFrame(
        [
            {
                "ticket_id": h.id,
                "channel": h.ticket.channel,
                "answered_at": r.at,
                "survey": r.survey,
                "score": int(r.score),
            }
            for h in histories
            for r in h.ratings()
        ]
    )
    if out.exists():
        shutil.rmtree(out)
    dd.from_pandas(frame, npartitions=6).to_parquet(out, write_index=False)
    return frame


def main(out: Path = OUT) -> None:
    """Write the Parquet files, start the cluster and print the results."""
    frame = write_answers(out)
    shown = out.relative_to(HERE.parent) if out.is_relative_to(HERE.parent) else out
    print(f"wrote {len(frame)} answers to {shown}/")

    with (
        LocalCluster(
            processes=True,
            n_workers=2,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster),
    ):
        answers = dd.read_parquet(out)
        nps_answers = answers[answers.survey == "nps"]
        print(f"{answers.npartitions} Parquet partitions")

        # Overall NPS, checked against one process.
        on_cluster = estimate(nps_answers, NPS.empty(), column="score")
        in_process = NPS.empty().add_many(frame[frame.survey == "nps"]["score"]).result()
        assert on_cluster == in_process
        print("NPS on the cluster:", on_cluster)

        # Per channel: lazy accumulators computed together, so the files are read once.
        channels = sorted(frame.channel.unique())
        lazy = [
            accumulate(
                nps_answers[nps_answers.channel == ch], NPS.empty(), column="score", compute=False
            )
            for ch in channels
        ]
        for ch, acc in zip(channels, dask.compute(*lazy), strict=True):
            print(f"  {ch:>6}: {acc.result()}")

        # Ticket KPIs straight from JSON Lines, split into ~300 kB partitions, each checked
        # against one process too.
        histories = load_jsonl(TICKETS).histories
        tickets = read_tickets(str(TICKETS), blocksize=300_000)
        frt = accumulate(tickets, by("channel", FirstReplyTime.empty()))
        assert frt == by("channel", FirstReplyTime.empty()).add_many(histories)
        for ch, summary in frt.result().items():
            print(f"first reply time, {ch}: median {summary.median}")
        policies = PolicySet.from_file(POLICIES)
        attainment = sla_attainment(tickets, policies)
        assert (
            attainment
            == SLAAttainment.empty().add_many(evaluate_many(policies, histories)).result()
        )
        print("SLA attainment:", attainment)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else OUT)
