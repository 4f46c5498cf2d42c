"""Benchmark: reading an XES log in flat memory, beside ``ElementTree.iterparse`` doing nothing.

Writes a log of 200,000 events in the shape of the BPI Challenge 2013 incident log (five
events per trace, eleven attributes per event, ``+02:00`` timestamps), then reads it in a
fresh process per reader, so each peak RSS (``resource.getrusage``) is that reader's own:

- ``iterparse``: ``xml.etree.ElementTree.iterparse`` counting ``event`` elements and
  clearing the root after each trace -- the floor: parsing the XML and nothing more;
- ``xes_rows``: ``servicemodel.io._xes.xes_rows`` building every row (trace attributes
  copied in, values typed) with an ``XesLocator`` remembering each row's line;
- ``xes_rows+Locator``: the same with the plain ``Locator``, which keeps an entry per
  record whose line is not the one after the last -- with XES, nearly every event.

Peak RSS is printed after 20,000 events and after 200,000: flat memory means the two are
about equal. Rows are counted and dropped. Run:

    nice -n 10 .venv/bin/python benchmarks/bench_xes.py [--events 200000] [--gzip]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import quoteattr

CHECKPOINT = 20_000
PER_TRACE = 5
STATUSES = [
    ("Queued", "Awaiting Assignment"),
    ("Accepted", "In Progress"),
    ("Accepted", "Wait - User"),
    ("Completed", "Resolved"),
    ("Completed", "Closed"),
]


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports kB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def write_log(path: Path, events: int, packed: bool) -> None:
    zone = timezone(timedelta(hours=2))
    start = datetime(2012, 5, 1, 9, tzinfo=zone)
    opener = gzip.open if packed else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8" ?>\n<log xes.version="1.0">\n')
        for k in range(events // PER_TRACE):
            fh.write(f'\t<trace>\n\t\t<string key="concept:name" value="1-{k:09d}"/>\n')
            for i, (name, status) in enumerate(STATUSES[:PER_TRACE]):
                at = (start + timedelta(minutes=7 * k + 90 * i)).isoformat(timespec="milliseconds")
                fh.write(
                    "\t\t<event>\n"
                    f'\t\t\t<string key="org:group" value="G{k % 97}"/>\n'
                    '\t\t\t<string key="resource country" value="Belgium"/>\n'
                    '\t\t\t<string key="organization country" value="se"/>\n'
                    f'\t\t\t<string key="org:resource" value="agent{k % 311}"/>\n'
                    '\t\t\t<string key="organization involved" value="Org line A2"/>\n'
                    '\t\t\t<string key="org:role" value="A2_1"/>\n'
                    f'\t\t\t<string key="concept:name" value={quoteattr(name)}/>\n'
                    '\t\t\t<string key="impact" value="Medium"/>\n'
                    f'\t\t\t<string key="product" value="PROD{k % 700}"/>\n'
                    f'\t\t\t<string key="lifecycle:transition" value={quoteattr(status)}/>\n'
                    f'\t\t\t<date key="time:timestamp" value="{at}"/>\n'
                    "\t\t</event>\n"
                )
            fh.write("\t</trace>\n")
        fh.write("</log>\n")


def run_iterparse(path: Path, limit: int) -> dict[str, float]:
    source = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    n, at_checkpoint, root = 0, 0.0, None
    t0 = time.perf_counter()
    with source:
        for kind, elem in ET.iterparse(source, events=("start", "end")):
            if root is None:
                root = elem
            if kind == "end" and elem.tag == "event":
                n += 1
                if n == CHECKPOINT:
                    at_checkpoint = peak_mb()
                if n == limit:
                    break
            elif kind == "end" and elem.tag == "trace":
                root.clear()  # the finished trace: what keeps iterparse's memory flat
    return {"events": n, "seconds": time.perf_counter() - t0, "checkpoint": at_checkpoint}


def run_xes(path: Path, limit: int, plain: bool) -> dict[str, float]:
    from servicemodel.io._files import Locator
    from servicemodel.io._xes import XesLocator, xes_rows

    locator = Locator("rows") if plain else XesLocator("rows")
    n, at_checkpoint = 0, 0.0
    t0 = time.perf_counter()
    for _row in xes_rows([path], locator):
        n += 1
        if n == CHECKPOINT:
            at_checkpoint = peak_mb()
        if n == limit:
            break
    return {"events": n, "seconds": time.perf_counter() - t0, "checkpoint": at_checkpoint}


READERS = ("iterparse", "xes_rows", "xes_rows+Locator")


def child(reader: str, path: Path, limit: int) -> None:
    if reader == "iterparse":
        out = run_iterparse(path, limit)
    else:
        out = run_xes(path, limit, plain=reader.endswith("Locator"))
    out["peak"] = peak_mb()
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--gzip", action="store_true", help="write and read a .xes.gz")
    parser.add_argument("--child", nargs=3, metavar=("READER", "PATH", "LIMIT"))
    args = parser.parse_args()
    if args.child:
        reader, path, limit = args.child
        child(reader, Path(path), int(limit))
        return
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("log.xes.gz" if args.gzip else "log.xes")
        t0 = time.perf_counter()
        write_log(path, args.events, args.gzip)
        size = path.stat().st_size / 1e6
        print(f"wrote {args.events:,} events ({size:,.0f} MB) in {time.perf_counter() - t0:.1f} s")
        results = {}
        for reader in READERS:
            cmd = [sys.executable, __file__, "--child", reader, str(path), str(args.events)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            results[reader] = r = json.loads(done.stdout)
            rate = r["events"] / r["seconds"]
            print(f"{reader:17}: {r['events']:>8,.0f} events in {r['seconds']:5.2f} s = "
                  f"{rate:>9,.0f} ev/s; peak RSS {r['checkpoint']:5.0f} MB at "
                  f"{CHECKPOINT:,} events, {r['peak']:5.0f} MB at {r['events']:,.0f}")  # fmt: skip
        floor = results["iterparse"]
        mine = results["xes_rows"]
        print(f"xes_rows / iterparse: {mine['seconds'] / floor['seconds']:.2f}x the time, "
              f"peak RSS growth 20k->end {mine['peak'] - mine['checkpoint']:+.0f} MB "
              f"(iterparse {floor['peak'] - floor['checkpoint']:+.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()
