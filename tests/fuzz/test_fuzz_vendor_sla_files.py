"""Fuzz the reconciliation's input: what a ``--vendor-sla`` file holds, one-sided clocks.

Harnesses for ``report._vendor_shapes`` (a ``--vendor-sla`` file's first record decides what
the file holds; a file of the wrong kind is refused as a whole), the reconciliation section's
counting of clocks one side lacks (``report._reconcile``: ``compared``, ``ours_only``,
``vendor_only``, the ``one_sided`` kinds; every renderer) and the ``[sla_verdicts]`` rules
checked against the mapping's ``attributes`` (``reconcile._attributes``):

- ``--vendor-sla`` files whose first record is any JSON value (huge ints, deep nesting,
  ``NaN``/``Infinity`` tokens, BOMs, empty lines, one value, a list of mixed kinds, JSON
  Lines, binary, UTF-16) or a record of a known kind (taken from the vendors' fixtures, its
  kind known from where it came from) through ``main`` with ``--source zendesk`` and
  ``jira``: a record of another kind than the source reads is one error naming the file and
  what it holds (``--skip-bad-records``: one bad record, the file's other records unread),
  one of the right kind never is; a broken first line decides nothing (the first record
  that parses does); a binary file (gzip, zip, any bytes) is never said to hold CSV text or
  XML; with ``--skip-bad-records`` the report is always made;
- a vendor file with bad lines or responses among good ones: with ``on_error="collect"``
  every good record is kept (the verdicts are those of the good records alone) and each
  bad one is one error naming its file and line (or issue key);
- verdict streams mixing one-sided and two-sided clocks: ``compared + ours_only +
  vendor_only`` is the number of clocks ``reconcile`` returns, the rows per metric sum to
  the overall row, and adding only one-sided clocks (tickets the vendor has no verdict for,
  verdicts on metrics we do not run) moves neither ``compared``, ``agreed`` nor the
  agreement share, while ``ours_only`` and ``vendor_only`` grow by exactly those clocks;
  every renderer renders the report and its JSON is valid against the report schema;
- ``[sla_verdicts]`` tables whose attributes are or are not among the mapping's
  ``attributes`` (any spelling, any case): refused exactly when one is not kept as written,
  naming the rule's path and (for another case of a kept name) the name meant; else the
  verdicts the rules' lists say (computed here), the same through the mapping loaded as
  the CLI loads it; ``attributes`` of any value: a list of names, or a ``ConfigError``;
- the listing: the disagreements first, then the one-sided clocks, each clock's side (JSON
  ``side``, the text's mark) the one its reason says.

Found and fixed (regressions in ``tests/test_robust_attributes_verdicts_vendor_files.py``):
``attributes`` that are no list of names (a text or ``None`` skipped the check, a 5,000-digit int
was ``ValueError``, a deep list ``RecursionError``, other values were taken as their ``str()``); a
gzip or zip file said to hold "CSV text"; an audits file with a broken first line read as metric
events ("metric None" on each record).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=2000 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest tests/fuzz/test_fuzz_vendor_sla_files.py -p no:cacheprovider
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ServiceModelError
from servicemodel.io._sources import SourceMap
from servicemodel.model import Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, mapped_verdicts, reconcile
from servicemodel.report import ReportOptions, build_report, render_json
from servicemodel.report._vendor_files import read_vendor_sla
from servicemodel.sla import Metric, evaluate_many
from servicemodel.strategies import histories, policies

from .conftest import assert_contract, folder, fuzz_settings, require, show, violation
from .encode import to_json
from .hostile import DEEP, HUGE
from .test_fuzz_cli import run_cli
from .test_fuzz_vendor_verdicts_and_xes import (
    EXPORTS,
    MAPS,
    POLICY_FILE,
    at_snapshot_reference,
    clock_side,
    render_all,
    verdict_streams,
)

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).resolve().parents[1] / "data"
SCHEMA = Path(__file__).resolve().parents[2] / "src/servicemodel/report/schema/report-1.json"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text("utf-8"))


# -- records of known kinds, from the vendors' fixtures ------------------------------------------

_EVENTS = _load("zendesk/metric_events.json")
_SLA = _load("jira/request_sla.json")
_AUDIT = json.loads((DATA / "zendesk/audits.jsonl").read_text("utf-8").splitlines()[0])
_TICKETS = _load("zendesk/tickets_page1.json")
_SEARCH = _load("jira/search_page1.json")

#: (kind, record): the kind is where the record came from, not what the code under test says.
KNOWN = [
    ("zendesk_metric_events", _EVENTS),
    ("zendesk_metric_events", _EVENTS["ticket_metric_events"][0]),
    ("zendesk_tickets", _TICKETS),
    ("zendesk_tickets", _load("zendesk/realshapes_tickets.json")),
    ("zendesk_tickets", _TICKETS["tickets"][0]),
    ("zendesk_audits", _AUDIT),
    ("zendesk_audits", _load("zendesk/realshapes_audits.json")),
    ("jsm_sla", _SLA),
    ("jsm_sla_one", _SLA["SD-2"]),
    ("jsm_comments", _load("jira/request_comments.json")),
    ("jira_issues", _SEARCH),
    ("jira_issues", _SEARCH["issues"][0]),
    ("freshdesk_tickets", _load("freshdesk/tickets_page1.json")[0]),
    ("freshdesk_conversations", _load("freshdesk/conversations_101.json")[0]),
]
#: Words the error must use for each kind (what the file holds).
KIND_WORDS = {
    "zendesk_metric_events": "ticket metric events",
    "zendesk_tickets": "(tickets)",
    "zendesk_audits": "audits",
    "jsm_sla": "/sla responses",
    "jsm_sla_one": "one Jira Service Management",
    "jsm_comments": "comments",
    "jira_issues": "Jira issues",
    "freshdesk_tickets": "Freshdesk tickets",
    "freshdesk_conversations": "Freshdesk conversations",
}
#: The kind each ``--source`` reads from ``--vendor-sla`` (its docs).
READS = {"zendesk": "zendesk_metric_events", "jira": "jsm_sla"}

#: Keys the shapes are told apart by, so that any value often looks like one of them.
SHAPE_KEYS = st.sampled_from(
    [
        *("ticket_metric_events", "metric", "tickets", "ticket", "audits", "audit"),
        *("ticket_id", "events", "via", "status", "issues", "key", "fields", "incoming"),
        *("body_text", "body", "source", "values", "size", "isLastPage", "SD-1", "\ufeff"),
    ]
)
_ODD = {"huge": HUGE, "-huge": -HUGE, "2**63": 2**63, "2**64+1": 2**64 + 1, "nan": float("nan"),
        "inf": float("inf"), "-inf": -float("inf"), "1e308": 1e308, "-0.0": -0.0}  # fmt: skip
# By name: a strategy's repr would print the 5,000-digit int, which repr refuses.


def _odd(name: str) -> Any:
    return _ODD[name]


ODD_NUMBERS = st.sampled_from(sorted(_ODD)).map(_odd)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | ODD_NUMBERS
    | st.floats()
    | st.text(max_size=6)
    | st.sampled_from(["\ufeff", "a,b", "<x/>", "", "\x00"])
    | st.just(DEEP),
    lambda kids: (
        st.lists(kids, max_size=3)
        | st.dictionaries(SHAPE_KEYS | st.text(max_size=4), kids, max_size=4)
    ),
    max_leaves=8,
)


def _labelled() -> st.SearchStrategy[tuple[str | None, Any]]:
    """A first record: of a known kind (labelled), or any JSON value (``None``)."""
    known = st.sampled_from(KNOWN).map(lambda kv: (kv[0], kv[1]))
    return known | JSON_VALUES.map(lambda v: (None, v))


#: Lines that never parse as one record.
JUNK_LINES = st.sampled_from(
    [b"{", b"x", b'{"metric": ', b"\xff\xfe\x00", b"[" * 5000, b"1" + b"0" * 5000, b"\xef\xbb\xbf"]
)


@st.composite
def first_record_files(draw: st.DrawFn, source: str) -> tuple[str, bytes, str | None]:
    """A file name, its bytes, and the kind of its first record when the file has one that
    parses (``None``: unknown, or no record parses first)."""
    kind, first = draw(_labelled(), label="first")
    rest = draw(st.lists(st.sampled_from(KNOWN).map(lambda kv: kv[1]) | JSON_VALUES, max_size=3))
    layout = draw(st.sampled_from(["one", "list", "lines", "utf-16", "binary"]))
    if layout == "binary":  # gzip, zip (xlsx) or any bytes, after a header of its format
        header = draw(st.sampled_from([b"", b"\x1f\x8b\x08\x00", b"PK\x03\x04\x14\x00"]))
        return "v.json", header + draw(st.binary(max_size=60)), None
    if layout == "lines":
        blank = draw(st.sampled_from([b"", b"\n", b"\n \r\n"]))
        bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
        lines = [to_json(x).encode("utf-8", "surrogatepass") for x in [first, *rest]]
        if draw(st.booleans()):  # a broken line anywhere, first too (it decides nothing)
            lines.insert(draw(st.integers(0, len(lines))), draw(JUNK_LINES))
        text = bom + blank + b"\n".join(lines)
        return "v.jsonl", text, kind
    items = [first, *rest] if layout != "one" or isinstance(first, list) else first
    if layout == "one" and isinstance(first, list):
        kind = None  # the list's first item is the file's first record
    text = to_json(items)
    if layout == "utf-16":
        return "v.json", text.encode("utf-16", "surrogatepass"), kind
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return "v.json", (bom + text).encode("utf-8", "surrogatepass"), kind


def _argv(source: str, tmp: Path, paths: list[str], skip: bool) -> list[str]:
    mapping = tmp / "map.toml"
    mapping.write_text(MAPS[source], "utf-8")
    argv = ["report", "--source", source, *map(str, EXPORTS[source]), "--map", str(mapping),
            "--policy", str(POLICY_FILE), "--at", "2026-03-06T00:00:00+00:00", "--format",
            "json", "-o", str(tmp / "out.json"), "--vendor-sla", *paths]  # fmt: skip
    return [*argv, "--skip-bad-records"] if skip else argv


def _binary(content: bytes) -> bool:
    """Bytes no text holds: a control character (not tab, line feed, form feed, return) or a
    NUL, in the first 4,096 bytes whatever their encoding (UTF-16 text holds NULs)."""
    head = content[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return any(b < 32 and b not in b"\t\n\r\x0c" for b in head)


def _parses_first(content: bytes, name: str) -> bool:
    """Whether the file's first record parses (so that it decides the file's kind): in JSON
    Lines, the first line that parses, when the generator's one broken line came before it."""
    if name.endswith(".jsonl"):  # the first line that parses, after any broken one
        broken = 0
        for line in content.splitlines():
            if line.strip():
                try:
                    json.loads(line)
                except (ValueError, RecursionError):
                    broken += 1
                    continue
                return broken <= 1
        return False
    try:
        json.loads(content)
    except (ValueError, RecursionError):
        return False
    return True


@fuzz_settings(60)
@given(data=st.data(), source=st.sampled_from(["zendesk", "jira"]), skip=st.booleans())
def test_vendor_file_first_record_any_value(data: Any, source: str, skip: bool) -> None:
    """A ``--vendor-sla`` file whose first record is any value: a known wrong kind is one
    error naming the file and what it holds; the right kind never is; with
    ``--skip-bad-records`` the report is made and every bad record names its file."""
    skip = skip or source == "jira"  # the Jira fixture holds a deleted issue: needs the flag
    files = data.draw(st.lists(first_record_files(source), min_size=1, max_size=2))
    with folder() as tmp:
        paths = []
        for n, (name, content, _) in enumerate(files):
            path = tmp / f"{n}{name}"
            path.write_bytes(content)
            paths.append(str(path))
        outcome = assert_contract(run_cli, _argv(source, tmp, paths, skip))
        out = tmp / "out.json"
        written = out.read_text("utf-8") if out.exists() else None
    if isinstance(outcome, Exception):
        violation("WRONG EXIT", f"main raised {outcome!r}", "main raised")
        return
    code, err = outcome
    shown = [f"{name}: {show(content[:80])} ({kind})" for name, content, kind in files]
    require(
        "Traceback" not in err and code in (0, 2),
        "WRONG EXIT",
        f"--vendor-sla {shown} exited {code!r}: {err[-400:]!r}",
        f"vendor exit {code!r}",
    )
    lines = [x for x in err.splitlines() if x.startswith("servicemodel report: error: ")]
    bad: list[str] = json.loads(written)["reconciliation"]["bad_records"] if written else []
    if skip:
        require(code == 0 and written is not None, "LOST REPORT",
                f"--vendor-sla {shown} with --skip-bad-records: exit {code}, {err[-300:]!r}",
                "vendor file stopped the report with skip")  # fmt: skip
    else:
        require(code == 0 or (len(lines) == 1 and any(p in lines[0] for p in paths)), "NO FILE",
                f"--vendor-sla {shown}: {err[-300:]!r} is not one line naming the file",
                "vendor error without its file")  # fmt: skip
    for path, (name, content, kind) in zip(paths, files, strict=True):
        if _binary(content):
            said = [x for x in [*bad, *lines[:1]]
                    if f"{path}: holds CSV" in x or f"{path}: holds XML" in x]  # fmt: skip
            require(not said, "WRONG KIND", f"binary {show(content)} said to be text: {said}",
                    "binary file taken for CSV or XML text")  # fmt: skip
        if kind is None or not _parses_first(content, name):
            continue
        refused = [x for x in [*bad, *lines[:1]] if f"{path}: holds " in x]
        if kind == READS[source]:
            require(not refused, "WRONG KIND", f"{shown}: the right kind refused: {refused}",
                    "right kind refused")  # fmt: skip
            continue
        first_file = path == paths[0] or skip
        if not first_file:
            continue  # without the flag the first file's error may stop the run first
        own = [x for x in bad if x.startswith(f"{path}:")]
        require(
            len(refused) == 1
            and KIND_WORDS[kind] in refused[0]
            and ("give it" in refused[0] or "save it" in refused[0] or "no SLA" in refused[0])
            and "--skip-bad-records" not in refused[0]
            # With the flag: the refusal, and at most the broken line before the first record.
            and (not skip or (refused[0] in own and len(own) <= 2)),
            "WRONG KIND",
            f"--vendor-sla {shown} ({source}, skip={skip}): {kind} not refused as a whole "
            f"naming what it holds: error {lines[:1]}, bad records {bad}",
            f"{kind} with {source} not refused as a whole",
        )


# -- good records among bad ones -----------------------------------------------------------------


@fuzz_settings(40)
@given(
    events=st.lists(st.sampled_from(_EVENTS["ticket_metric_events"]), min_size=1, max_size=12),
    junk=st.lists(
        st.tuples(
            st.integers(1, 12),
            JUNK_LINES | st.just(b"") | st.just(b"NaN") | st.just(b'"text"') | st.just(b"7"),
        ),
        max_size=4,
    ),
)
def test_zendesk_lines_keep_every_good_record(
    events: list[dict[str, Any]], junk: list[tuple[int, bytes]]
) -> None:
    """A JSON Lines metric events file with bad lines among good ones (after the first):
    every good record is read as if alone, each bad line is one error naming file and line."""
    good = [json.dumps(e).encode() for e in events]
    lines = list(good)
    for at, line in junk:
        lines.insert(min(at, len(lines)), line)
    with folder() as tmp:
        mixed, clean = tmp / "mixed.jsonl", tmp / "clean.jsonl"
        mixed.write_bytes(b"\n".join(lines))
        clean.write_bytes(b"\n".join(good))
        got = assert_contract(read_vendor_sla, "zendesk", [str(mixed)], on_error="collect")
        want = read_vendor_sla("zendesk", [str(clean)], on_error="collect")
    if isinstance(got, Exception):
        violation("RAISED", f"collect raised {got!r} on {show(lines)}", "collect raised")
        return
    bad_lines = [n for n, x in enumerate(lines, 1) if x.strip() and x not in good]
    # The clean file's own errors (a clock's events repeated ...) are the mixed file's others.
    at_bad = [e for e in got[1] if e.line in bad_lines]
    require(
        got[0] == want[0]
        and [(e.source, e.line) for e in at_bad] == [(str(mixed), n) for n in bad_lines]
        and len(got[1]) == len(want[1]) + len(bad_lines),
        "LOST RECORD",
        f"lines {show(lines)}: verdicts {len(got[0])} (alone {len(want[0])}), errors "
        f"{[str(e)[:120] for e in got[1]]}, bad lines {bad_lines}",
        "good zendesk records lost or bad lines not named",
    )


@fuzz_settings(40)
@given(
    keys=st.lists(st.sampled_from(sorted(_SLA)), min_size=1, max_size=3, unique=True),
    odd=st.dictionaries(st.sampled_from(["SD-8", "SD-9", "x"]), JSON_VALUES, max_size=2),
    order=st.randoms(use_true_random=False),
)
def test_jsm_responses_keep_every_good_record(
    keys: list[str], odd: dict[str, Any], order: Any
) -> None:
    """A ``/sla`` file with bad responses among good ones: the good ones' verdicts are kept
    (as read alone), each bad one is an error naming the file and its issue key."""
    good = {k: _SLA[k] for k in keys}
    try:  # a value that does not parse makes the whole file unreadable: no record is good
        json.loads(to_json(odd))
    except (ValueError, RecursionError):
        assume(False)
    mixed_items = [*good.items(), *odd.items()]
    order.shuffle(mixed_items)
    with folder() as tmp:
        mixed, clean = tmp / "mixed.json", tmp / "clean.json"
        mixed.write_text(to_json(dict(mixed_items)), "utf-8", "surrogatepass")
        clean.write_text(json.dumps(good), "utf-8")
        got = assert_contract(read_vendor_sla, "jira", [str(mixed)], on_error="collect")
        want = read_vendor_sla("jira", [str(clean)], on_error="collect")
        if isinstance(got, Exception):
            violation("RAISED", f"collect raised {got!r} on {show(odd)}", "collect raised")
            return
        alone = {
            k: read_vendor_sla("jira", [str(_one(tmp, n, k, v))], on_error="collect")
            for n, (k, v) in enumerate(odd.items())
        }
    # Verdicts are per key: those of the good responses, plus any an odd value yields alone.
    expected = Counter(want[0])
    for k in odd:
        expected.update(alone[k][0])
    require(
        Counter(got[0]) == expected
        and all(e.source == str(mixed) for e in got[1])
        and len(got[1]) == len(want[1]) + sum(len(a[1]) for a in alone.values()),
        "LOST RECORD",
        f"good {keys}, odd {show(odd)}: {len(got[0])} verdicts (expected {sum(expected.values())})"
        f", errors {[str(e)[:120] for e in got[1]]}",
        "good jsm responses lost",
    )


def _one(tmp: Path, n: int, key: str, value: Any) -> Path:
    path = tmp / f"one-{n}.json"
    path.write_text(to_json({key: value}), "utf-8", "surrogatepass")
    return path


# -- one-sided clocks never move the agreement ---------------------------------------------------

#: Verdicts on clocks we never run (Zendesk metrics we lack, an export column on none).
VENDOR_ONLY = st.builds(
    VendorVerdict,
    ticket_id=st.just(""),
    metric=st.sampled_from(["pausable_update_time", "group_ownership_time", "Custom column"]),
    instance=st.integers(1, 3),
    state=st.sampled_from(["achieved", "breached", "active"]),
    source=st.sampled_from(["zendesk", "export"]),
)


@st.composite
def mixed_inputs(draw: st.DrawFn) -> tuple[Any, ...]:
    found = draw(
        st.lists(histories(max_events=5), min_size=1, max_size=4, unique_by=lambda h: h.id)
    )
    found = [attrs.evolve(h, ticket=attrs.evolve(h.ticket, id=str(i))) for i, h in
             enumerate(found)]  # fmt: skip
    extra = draw(st.lists(histories(max_events=4), max_size=3))
    extra = [attrs.evolve(h, ticket=attrs.evolve(h.ticket, id=f"extra-{i}")) for i, h in
             enumerate(extra)]  # fmt: skip
    policy = draw(policies(metrics=[Metric.FIRST_REPLY, Metric.NEXT_REPLY, Metric.RESOLUTION]))
    verdicts = draw(verdict_streams([h.id for h in found]))
    ids = st.sampled_from([h.id for h in found])
    lacking = [attrs.evolve(v, ticket_id=draw(ids)) for v in draw(st.lists(VENDOR_ONLY,
                                                                         max_size=4))]  # fmt: skip
    # One verdict a clock: two for one (ticket, metric, instance) are refused as a whole
    # (a ConfigError of their own law), so a drawn clock the stream already has is left out.
    seen = {(v.ticket_id, v.metric, v.instance) for v in verdicts}
    kept = []
    for v in lacking:
        if (v.ticket_id, v.metric, v.instance) not in seen:
            seen.add((v.ticket_id, v.metric, v.instance))
            kept.append(v)
    return found, extra, policy, verdicts, kept


def _row_sums(report: Any, what: str) -> None:
    section = report.reconciliation
    o = section.overall
    fields = ("compared", "agreed", "ours_only", "vendor_only")
    sums = tuple(sum(getattr(r, f) for r in section.by_metric) for f in fields)
    reasons: Counter[str] = Counter()
    one_sided: Counter[str] = Counter()
    for r in section.by_metric:
        reasons.update(dict(r.reasons))
        one_sided.update(dict(r.one_sided))
    require(
        sums == tuple(getattr(o, f) for f in fields)
        and reasons == Counter(dict(o.reasons))
        and one_sided == Counter(dict(o.one_sided))
        and sum(dict(o.one_sided).values()) == o.ours_only + o.vendor_only
        and sum(dict(o.reasons).values()) == o.compared - o.agreed,
        "WRONG COUNT",
        f"{what}: rows {[attrs.astuple(r, recurse=False)[:3] for r in section.by_metric]} sum to "
        f"{sums}, overall {o!r}",
        "rows do not sum to overall",
    )


#: How the text listing marks each side (the section's docs).
MARKS = {"both": "disagrees", "ours_only": "ours only", "vendor_only": "vendor only"}


def _listing_marked(report: Any, text: str, data: dict[str, Any], what: str) -> None:
    """The listing: disagreements first, each clock's side as its reason says, marked so."""
    listed = report.reconciliation.disagreements
    sides = [clock_side(c) for c in listed]
    body = text.split("clocks one side lacks", 2)[-1].splitlines()[1:]
    marks = [line.split()[0] + (" " + line.split()[1] if line.split()[0] != "disagrees" else "")
             for line in body[: len(listed)]]  # fmt: skip
    require(
        sides == sorted(sides, key=lambda x: x != "both")
        and [d["side"] for d in data["reconciliation"]["disagreements"]] == sides
        and marks == [MARKS[x] for x in sides],
        "WRONG LISTING",
        f"{what}: listed sides {sides}, JSON {data['reconciliation']['disagreements']}, "
        f"text marks {marks}",
        "listing sides",
    )


@functools.cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8")))


def _schema_valid(report: Any, what: str) -> None:
    import jsonschema

    try:
        _validator().validate(json.loads(render_json(report)))
    except jsonschema.ValidationError as exc:
        violation("SCHEMA", f"{what}: {exc.message} at {list(exc.absolute_path)}", "schema")


@fuzz_settings(12)
@given(inputs=mixed_inputs(), listed=st.integers(0, 5))
def test_one_sided_clocks_never_move_the_share(inputs: tuple[Any, ...], listed: int) -> None:
    """Verdict streams mixing one- and two-sided clocks: the counts are ``reconcile``'s
    clocks; adding tickets the vendor has no verdict for and verdicts on clocks we never run
    changes only ``ours_only`` and ``vendor_only``, by exactly those clocks."""
    found, extra, policy, verdicts, lacking = inputs
    at = max(h.ticket.created_at for h in [*found, *extra]).astimezone(UTC) + timedelta(days=2)
    try:
        base = ReportOptions(policies=policy, vendor_verdicts=verdicts, at=at,
                             reconcile_listed=listed)  # fmt: skip
        one = build_report(found, base)
    except ServiceModelError:
        return  # a naive or out-of-range vendor instant (test_fuzz_vendor_verdicts_and_xes' law)
    more = assert_contract(
        build_report, [*found, *extra], attrs.evolve(base, vendor_verdicts=[*verdicts, *lacking])
    )
    if isinstance(more, Exception):
        violation("RAISED", f"one-sided clocks added: {more!r}", "one-sided added raised")
        return
    what = f"verdicts {show(verdicts)}, lacking {show(lacking)}, {len(extra)} extra tickets"
    for report in (one, more):
        texts = render_all(report, what)
        _schema_valid(report, what)
        _row_sums(report, what)
        _listing_marked(report, texts[0], json.loads(texts[1]), what)
    # The clocks reconcile returns, one ticket's verdicts taken to the snapshot (7b's law).
    taken = [at_snapshot_reference(v, at) for v in verdicts if v.ticket_id in {h.id for h in found}]
    clocks = reconcile([v for v in taken if v is not None], evaluate_many(policy, found, at=at))
    ours_extra = len(list(evaluate_many(policy, extra, at=at)))
    a, b = one.reconciliation.overall, more.reconciliation.overall
    require(
        a.compared + a.ours_only + a.vendor_only == len(clocks.clocks)
        and (b.compared, b.agreed, b.reasons) == (a.compared, a.agreed, a.reasons)
        and (b.agreement.value, b.agreement.lower, b.agreement.upper)
        == (a.agreement.value, a.agreement.lower, a.agreement.upper)
        and b.ours_only == a.ours_only + ours_extra
        and b.vendor_only == a.vendor_only + len(lacking),
        "SHARE MOVED",
        f"{what}: before {a!r} ({len(clocks.clocks)} clocks), after {b!r} (+{ours_extra} ours, "
        f"+{len(lacking)} vendor)",
        "one-sided clocks moved the agreement",
    )


# -- [sla_verdicts] rules and the mapping's attributes -------------------------------------------

NAMES = ["Resolution status", "made_sla", "First Response Status"]


def _spelled(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            name,
            name.upper(),
            name.lower(),
            name.swapcase(),
            f" {name}",
            name.replace(" ", "_"),
            name + "s",
        ]
    )


spellings = st.sampled_from(NAMES).flatmap(_spelled)


@st.composite
def rule_tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    metrics = draw(st.lists(st.sampled_from(["first_reply", "resolution", "next_reply"]),
                            min_size=1, max_size=3, unique=True))  # fmt: skip
    table = {
        m: {
            "attribute": draw(spellings),
            "achieved": ["Within SLA", "true"],
            "breached": ["SLA Violated", "false"],
        }
        for m in metrics
    }
    return table, [t["attribute"] for t in table.values()]


T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@fuzz_settings(80)
@given(
    rules=rule_tables(),
    kept=st.none() | st.lists(spellings, max_size=4),
    values=st.lists(
        st.dictionaries(
            spellings,
            st.sampled_from(["within sla", " TRUE ", "SLA VIOLATED", "", "false", True, False]),
            max_size=3,
        ),
        max_size=3,
    ),
)
def test_rules_and_kept_attributes(
    rules: tuple[dict[str, Any], list[str]], kept: list[str] | None, values: list[dict[str, Any]]
) -> None:
    """Rules refused exactly when an attribute is not kept as written (naming the rule and,
    for another case of a kept name, the name meant); else the verdicts the lists say."""
    table, attributes = rules
    mapping: dict[str, Any] = {"sla_verdicts": table}
    if kept is not None:
        mapping["attributes"] = kept
    found = [TicketHistory(Ticket(str(i), T0, attributes=v), []) for i, v in enumerate(values)]
    got = assert_contract(mapped_verdicts, mapping, found, map_file="m.toml", on_error="collect")
    # The same file loaded as the CLI loads it: the same verdicts, or the same error.
    loaded = assert_contract(
        mapped_verdicts, SourceMap.from_dict(mapping), found, map_file="m.toml", on_error="collect"
    )
    require(
        str(loaded) == str(got) if isinstance(got, Exception) else loaded == got,
        "LOADED DIFFERS",
        f"rules {table}, attributes {kept}: the table gives {got!r}, the loaded map {loaded!r}",
        "SourceMap and table differ",
    )
    missing = [(m, a) for m, a in zip(table, attributes, strict=True)
               if kept is not None and a not in kept]  # fmt: skip
    if missing:
        metric, attribute = missing[0]
        meant = [k for k in kept or () if k.casefold() == attribute.casefold()]
        require(
            isinstance(got, ConfigError)
            and str(got).startswith(f"m.toml: sla_verdicts.{metric}.attribute: {attribute!r}")
            and (not meant or f"did you mean {meant[0]!r}" in str(got)),
            "WRONG ERROR",
            f"rules {table}, attributes {kept}: {got!r} (first missing {missing[0]}, meant "
            f"{meant})",
            "rule on a dropped attribute not refused as it should",
        )
        return
    if isinstance(got, Exception):
        violation("RAISED", f"rules {table}, attributes {kept}: {got!r}", "kept rules refused")
        return
    want = []
    for i, v in enumerate(values):
        for metric, spec in table.items():
            value = v.get(spec["attribute"])
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            word = str(value).strip().casefold()
            state = ("achieved" if word in ("within sla", "true")
                     else "breached" if word in ("sla violated", "false") else None)  # fmt: skip
            want.append((str(i), metric, state))
    require(
        [(v.ticket_id, v.our_metric, v.state) for v in got[0]] == want and not got[1],
        "WRONG VERDICT",
        f"rules {table}, values {values}: {[(v.ticket_id, v.our_metric, v.state) for v in got[0]]}"
        f", want {want}",
        "rule verdicts",
    )


@fuzz_settings(60)
@given(kept=st.one_of(JSON_VALUES, st.lists(JSON_VALUES | spellings, max_size=3)))
@example(kept=[10**400])
@example(kept="Resolution status")
def test_kept_attributes_of_any_value(kept: Any) -> None:
    """A mapping table's ``attributes`` of any value: verdicts, or a ConfigError naming it."""
    mapping = {
        "sla_verdicts": {
            "resolution": {"attribute": "Resolution status", "achieved": ["Within SLA"]}
        },
        "attributes": kept,
    }
    got = assert_contract(mapped_verdicts, mapping, [], map_file="m.toml")
    if isinstance(got, Exception):
        require(
            isinstance(got, ConfigError) and "m.toml: " in str(got) and "attribute" in str(got),
            "NO FIELD",
            f"attributes={show(kept)}: {got!r}",
            "attributes error without its path",
        )
        return
    require(
        isinstance(kept, list | tuple)
        and all(isinstance(k, str) for k in kept)
        and "Resolution status" in kept,
        "SILENT VALUE",
        f"attributes={show(kept)} accepted for a rule on 'Resolution status'",
        "attributes of no names accepted",
    )
