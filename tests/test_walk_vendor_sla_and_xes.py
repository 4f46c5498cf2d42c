"""A new analyst's walk through vendor SLA reconciliation, XES logs, two-digit years and ``-o``:
what the pages promise, kept.

The vendor SLA reconciliation section (``--vendor-sla``, a ``--map`` file's
``[sla_verdicts]``, Jira's SLA fields), XES logs, two-digit years and the ``-o`` guard, as
``docs/exports.md``, ``docs/exports-summary.md``, ``docs/exports-jira.md`` and
``docs/report.md`` describe them -- and the mistakes those pages warn about (the option's
order, a metric events file given as an export file, vendor records for fewer tickets than the
export, a rule's attribute spelt unlike the header, verdict words the rule does not list, a
``.xml`` or gzipped CSV log). Expected figures are computed here from the fixtures' raw
fields (``csv``, ``json``, ``datetime``), never by the code under test.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shlex
import shutil
import tomllib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import eventlog, summary, zendesk
from servicemodel.reconcile import reconcile, zendesk_verdicts
from servicemodel.sla import PolicySet, evaluate_many

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ZD = ROOT / "tests" / "data" / "zendesk"
ZD_FILES = [str(ZD / f) for f in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
ZD_OPTS = ["--map", str(ZD / "map.toml"), "--policy", str(ZD / "policy.toml")]
AT = "2026-03-06T00:00:00Z"
FRESH_CSV = ROOT / "tests" / "data" / "summary" / "freshdesk_tickets.csv"
FRESH_MAP = ROOT / "examples" / "mappings" / "freshdesk-csv.toml"
NO_CLOCK = "vendor has no clock for it"

#: The calendar policy of docs/exports-summary.md ("The helpdesk's own SLA verdicts").
CALENDAR = """
[[policies]]
name = "calendar"
pause = []
[policies.targets]
""" + "".join(
    f'{p} = [{{ metric = "first_reply", within = "1h", time = "calendar" }}, '
    f'{{ metric = "resolution", within = "8h", time = "calendar" }}]\n'
    for p in ("low", "normal", "high", "urgent")
)


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _section(out: str) -> str:
    return out[out.index("Vendor SLA reconciliation") :] if "Vendor SLA" in out else ""


def _heading(out: str) -> tuple[int, int, int, int, int]:
    """(compared, agree, disagree, ours only, vendor only) of the section's first line."""
    found = re.search(
        r"(\d+) clocks compared, (\d+) agree, (\d+) disagree; (\d+) only ours, (\d+) only the "
        r"vendor's",
        out,
    )
    assert found, out
    compared, agree, disagree, ours, vendor = map(int, found.groups())
    return compared, agree, disagree, ours, vendor


def _metric_row(out: str, metric: str) -> tuple[int, int, int, int, int]:
    """(compared, agree, disagree, ours only, vendor only) of the metric's row."""
    share = r"(?:-|[\d.]+ %\s+\[[\d.]+, [\d.]+\])"
    found = re.search(
        rf"^{metric}\s+(\d+)\s+(\d+)\s+(\d+)\s+{share}\s+(\d+)\s+(\d+)$", _section(out), re.M
    )
    assert found, out
    compared, agree, disagree, ours, vendor = map(int, found.groups())
    return compared, agree, disagree, ours, vendor


# --- --vendor-sla: where it goes on the line --------------------------------------------


def test_vendor_sla_before_the_files_takes_them_and_double_dash_ends_its_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = _page("exports.md")
    assert "end its\nlist with `--`" in page
    events = str(ZD / "metric_events.json")
    after = ["report", "--source", "zendesk", *ZD_FILES, *ZD_OPTS, "--at", AT]
    status, out_after, err = _run([*after, "--vendor-sla", events], capsys)
    assert status == 0, err
    # First, without "--": it swallows the export's files, and argparse says PATH is missing.
    first = ["report", "--source", "zendesk", *ZD_OPTS, "--at", AT, "--vendor-sla", events]
    status, _, err = _run([*first, *ZD_FILES], capsys)
    assert status == 2
    assert "the following arguments are required: PATH" in err
    status, out_first, err = _run([*first, "--", *ZD_FILES], capsys)
    assert status == 0, err
    assert _section(out_first) == _section(out_after) != ""


def test_a_metric_events_file_among_the_export_files_is_left_out_with_no_section(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "A metric events file among the export's files" in _page("exports.md")
    opts = [*ZD_OPTS, "--at", AT]
    status, plain, err = _run(["report", "--source", "zendesk", *ZD_FILES, *opts], capsys)
    assert status == 0, err
    files = [*ZD_FILES, str(ZD / "metric_events.json")]
    status, mixed, err = _run(["report", "--source", "zendesk", *files, *opts], capsys)
    assert status == 0, err
    assert "Vendor SLA reconciliation" not in mixed
    # Everything after the first line (which lists the files) is the report without it.
    assert mixed.split("\n", 1)[1] == plain.split("\n", 1)[1]


# --- vendor records for fewer tickets than the export ------------------------------------


def _zendesk_histories() -> list[object]:
    with open(ZD / "map.toml", "rb") as fh:
        mapping = tomllib.load(fh)
    return list(zendesk.load(ZD_FILES, on_error="collect", **mapping).histories)


HISTORIES = _zendesk_histories()
SNAPSHOT = datetime(2026, 3, 6, tzinfo=UTC)
OURS = list(evaluate_many(PolicySet.from_file(ZD / "policy.toml"), HISTORIES, at=SNAPSHOT))
EVENTS = json.loads((ZD / "metric_events.json").read_text(encoding="utf-8"))["ticket_metric_events"]
EVENT_TICKETS = sorted({str(e["ticket_id"]) for e in EVENTS})


@settings(max_examples=30, deadline=None)
@given(st.sets(st.sampled_from(EVENT_TICKETS)))
def test_a_ticket_without_vendor_events_reads_vendor_has_no_clock_on_each_of_our_clocks(
    given_for: set[str],
) -> None:
    """The page's warning as a law: leaving a ticket's events out turns each of our clocks
    on it into a "vendor has no clock for it" disagreement and changes no other ticket."""
    full = reconcile(zendesk_verdicts(EVENTS)[0], OURS)
    part = reconcile(
        zendesk_verdicts([e for e in EVENTS if str(e["ticket_id"]) in given_for])[0], OURS
    )
    ours_left_out = Counter(m.ticket_id for m in OURS if m.ticket_id not in given_for)
    no_clock = Counter(
        c.ticket_id for c in part.clocks if c.ticket_id not in given_for and c.reason == NO_CLOCK
    )
    assert no_clock == ours_left_out
    assert [c for c in part.clocks if c.ticket_id in given_for] == [
        c for c in full.clocks if c.ticket_id in given_for
    ]


def test_events_for_a_few_tickets_and_a_bad_one_read_as_the_page_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Events for one ticket of five, and a bad record for another: every other clock of ours
    is "vendor has no clock for it", the bad record's ticket too."""
    keep = [e for e in EVENTS if e["ticket_id"] == 1002]
    bad = {"id": 1, "ticket_id": 1003, "metric": "reply_time", "instance_id": 1,
           "type": "breach", "time": "2026-03-03 13:00:00"}  # fmt: skip
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in [*keep, bad]), encoding="utf-8")
    argv = ["report", "--source", "zendesk", *ZD_FILES, *ZD_OPTS, "--at", AT]
    status, _, err = _run([*argv, "--vendor-sla", str(events)], capsys)
    assert status == 2
    n = len(keep)
    assert f"line {n + 1}: metric_events[{n}].time: ticket 1003" in err
    status, out, err = _run([*argv, "--vendor-sla", str(events), "--skip-bad-records"], capsys)
    assert status == 0, err
    ours = Counter(m.ticket_id for m in OURS)
    listed = Counter(re.findall(rf"ticket (\d+) \S+: vendor -, ours \w+ -- {NO_CLOCK}", out))
    assert listed == {t: n for t, n in ours.items() if t != "1002"}
    assert "1 bad vendor record(s) set aside" in out


def test_a_misspelt_event_type_is_no_breach_and_no_error() -> None:
    assert "(`breech`) is no breach, and no error says so" in _page("exports.md")
    breach = next(e for e in EVENTS if e["type"] == "breach")
    misspelt = [{**e, "type": "breech"} if e is breach else e for e in EVENTS]
    without = [e for e in EVENTS if e is not breach]
    assert zendesk_verdicts(misspelt) == zendesk_verdicts(without)
    assert zendesk_verdicts(misspelt) != zendesk_verdicts(EVENTS)


# --- an export's own verdict columns (Freshdesk's CSV) ------------------------------------


def _freshdesk_reference() -> dict[str, tuple[int, int, int, int, int, set[str]]]:
    """Per metric: compared, agree, disagree, ours only, vendor only and the tickets whose
    cell is empty but ours has a clock -- from the CSV's own columns, London time, the
    snapshot its latest instant. A ticket with an empty cell is ours only, never compared."""
    london = ZoneInfo("Europe/London")

    def at(text: str) -> datetime | None:
        return datetime.fromisoformat(text).replace(tzinfo=london).astimezone(UTC) if text else None

    with open(FRESH_CSV, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    stamps = ("Created time", "Initial response time", "Resolved time", "Closed time")
    snapshot = max(t for r in rows for c in stamps if (t := at(r[c])) is not None)
    out = {}
    for metric, stop, within, column in (
        ("first_reply", "Initial response time", timedelta(hours=1), "First response status"),
        ("resolution", "Resolved time", timedelta(hours=8), "Resolution status"),
    ):
        compared = agree = 0
        empty: set[str] = set()
        for r in rows:
            created, stopped = at(r["Created time"]), at(r[stop])
            assert created is not None
            took = (stopped or snapshot) - created
            ours = "breached" if took > within else ("achieved" if stopped else "active")
            vendor = {"Within SLA": "achieved", "SLA Violated": "breached", "": None}[r[column]]
            if vendor is None:
                empty.add(r["Ticket ID"])
                continue
            compared += 1
            agree += vendor == ours
        # Every row has both clocks of ours; the CSV has no verdict on a clock we lack.
        out[metric] = (compared, agree, compared - agree, len(empty), 0, empty)
    return out


@pytest.fixture
def calendar(tmp_path: Path) -> Path:
    path = tmp_path / "calendar.toml"
    path.write_text(CALENDAR, encoding="utf-8")
    return path


def _fresh(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return _run(["report", "--source", "summary", str(FRESH_CSV), *argv], capsys)


def test_freshdesk_verdict_columns_reconcile_as_the_reference_and_the_page_show(
    calendar: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _fresh(["--map", str(FRESH_MAP), "--policy", str(calendar)], capsys)
    assert status == 0, err
    ref = _freshdesk_reference()
    for metric, counts in ref.items():
        assert _metric_row(out, metric) == counts[:5]
    assert _heading(out) == tuple(sum(v[i] for v in ref.values()) for i in range(5))
    # The agreement share is the compared clocks' alone: the empty cells are not in it.
    compared, agree = (sum(v[i] for v in ref.values()) for i in range(2))
    share = re.search(r"^all\s+\d+\s+\d+\s+\d+\s+([\d.]+) %", _section(out), re.M)
    assert share
    assert share.group(1) == f"{100 * agree / compared:.1f}"
    # The page's console block shows this heading, and names the four empty cells.
    page = _page("exports-summary.md")
    block = re.search(r"```console\n\$ (.*?)\n\.\.\.\n(.*?)\n```", page, re.S)
    assert block
    assert block.group(2) in out
    empty = {(m, t) for m, v in ref.items() for t in v[5]}
    listed = set(
        re.findall(rf"^  ours only    ticket (\d+) (\w+)#0: vendor -, ours \w+ -- {NO_CLOCK}$",
                   out, re.M)
    )  # fmt: skip
    assert {(m, t) for t, m in listed} == empty
    assert len(empty) == 4
    assert "The other four are cells Freshdesk\nleft empty" in page
    # The page's figures: the share over the compared clocks, and over all twelve.
    total = compared + len(empty)
    assert f"{compared} clocks compared, {agree} agree ({100 * agree / compared:.1f} %)" in page
    assert f"{agree} of {total} ({100 * agree / total:.1f} %)" in page


def test_the_pages_freshdesk_command_runs_as_written(
    calendar: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    page = _page("exports-summary.md")
    block = re.search(r"```console\n\$ (.*?)\n\.\.\.\n(.*?)\n```", page, re.S)
    assert block
    words = shlex.split(block.group(1).replace("\\\n", " "))
    argv = [str(calendar) if w == "calendar.toml" else w for w in words[1:]]
    status, out, err = _run(argv, capsys)
    assert status == 0, err
    assert block.group(2) in out


def test_without_policy_the_verdict_table_gives_no_section_but_bad_rules_still_stop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _fresh(["--map", str(FRESH_MAP)], capsys)
    assert status == 0, err
    assert "Vendor SLA reconciliation" not in out
    both = FRESH_MAP.read_text(encoding="utf-8").replace(
        'achieved = ["Within SLA"]\nbreached = ["SLA Violated"]',
        'achieved = ["Within SLA"]\nbreached = ["Within SLA"]',
        1,
    )
    (tmp_path / "both.toml").write_text(both, encoding="utf-8")
    status, _, err = _fresh(["--map", str(tmp_path / "both.toml")], capsys)
    assert status == 2
    assert "sla_verdicts.resolution" in err


def test_a_rule_attribute_spelt_unlike_the_header_is_refused_before_any_row(
    tmp_path: Path, calendar: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FRESH_MAP.read_text(encoding="utf-8")
    miscased = text.replace('attribute = "Resolution status"', 'attribute = "Resolution Status"')
    (tmp_path / "rule.toml").write_text(miscased, encoding="utf-8")
    status, _, err = _fresh(
        ["--map", str(tmp_path / "rule.toml"), "--policy", str(calendar)], capsys
    )
    assert status == 2
    assert "sla_verdicts.resolution.attribute" in err
    assert "did you mean 'Resolution status'?" in err
    # The same spelling in `attributes`: the header lacks it, an error naming the column.
    kept = text.replace('"Resolution status", "First', '"Resolution Status", "First')
    with_rule = kept.replace('attribute = "Resolution status"', 'attribute = "Resolution Status"')
    (tmp_path / "kept.toml").write_text(with_rule, encoding="utf-8")
    status, _, err = _fresh(
        ["--map", str(tmp_path / "kept.toml"), "--policy", str(calendar)], capsys
    )
    assert status == 2
    assert "column 'Resolution Status' is not in the header" in err
    # Neither verdict column kept: the rules name attributes the mapping drops, refused too.
    dropped = text.replace(', "Resolution status", "First response status"]', "]")
    (tmp_path / "dropped.toml").write_text(dropped, encoding="utf-8")
    status, _, err = _fresh(
        ["--map", str(tmp_path / "dropped.toml"), "--policy", str(calendar)], capsys
    )
    assert status == 2
    assert "not one of the attributes this mapping keeps" in err


def test_a_rule_no_ticket_carries_and_a_table_without_policy_are_said(
    tmp_path: Path, calendar: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _fresh(["--map", str(FRESH_MAP)], capsys)
    assert status == 0
    assert "[sla_verdicts] rules are read with --policy" in err
    emptied = tmp_path / "empty.csv"
    rows = FRESH_CSV.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([rows[0]]))
    at = header.index("First response status")
    lines = [rows[0]]
    for row in csv.reader(rows[1:]):
        row[at] = ""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(row)
        lines.append(buf.getvalue())
    emptied.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["report", "--source", "summary", str(emptied), "--map", str(FRESH_MAP),
            "--policy", str(calendar)]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "no ticket has the attribute 'First response status'" in err


def test_verdict_words_the_rule_does_not_list_stop_and_skipped_read_as_no_clock(
    tmp_path: Path, calendar: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = FRESH_MAP.read_text(encoding="utf-8")
    wrong = text.replace('breached = ["SLA Violated"]', 'breached = ["Violated"]', 1)
    (tmp_path / "words.toml").write_text(wrong, encoding="utf-8")
    argv = ["--map", str(tmp_path / "words.toml"), "--policy", str(calendar)]
    status, _, err = _fresh(argv, capsys)
    assert status == 2
    assert "ticket '2002': attribute 'Resolution status' is 'SLA Violated'" in err
    assert "['Within SLA']" in err
    assert "['Violated']" in err
    status, out, err = _fresh([*argv, "--skip-bad-records"], capsys)
    assert status == 0, err
    with open(FRESH_CSV, newline="", encoding="utf-8") as fh:
        violated = {
            r["Ticket ID"] for r in csv.DictReader(fh) if r["Resolution status"] == "SLA Violated"
        }
    listed = set(re.findall(rf"ticket (\d+) resolution#0: vendor -, ours \w+ -- {NO_CLOCK}", out))
    assert violated <= listed
    assert f"{len(violated)} bad vendor record(s) set aside" in out


# --- JSM on the command line ---------------------------------------------------------------


def test_the_jira_pages_command_block_prints_what_it_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    page = _page("exports-jira.md")
    cli = page.split("## From the command line", 1)[1]
    toml = re.search(r"```toml\n(.*?)```", cli, re.S)
    assert toml
    (tmp_path / "jira.toml").write_text(toml.group(1), encoding="utf-8")
    std = '[{ metric = "first_reply", within = "1h", time = "calendar" }, ' \
          '{ metric = "resolution", within = "8h", time = "calendar" }]'  # fmt: skip
    urgent = '[{ metric = "first_reply", within = "30m", time = "calendar" }, ' \
             '{ metric = "resolution", within = "4h", time = "calendar" }]'  # fmt: skip
    policy = (
        '[[policies]]\nname = "standard"\n[policies.targets]\n'
        + "".join(f"{p} = {std}\n" for p in ("low", "normal", "high"))
        + f"urgent = {urgent}\n"
    )
    (tmp_path / "jira-sla.toml").write_text(policy, encoding="utf-8")
    part = cli.split("### On the command line", 1)[1]
    block = re.search(r"```console\n\$ (.*?)\n\.\.\.\n(.*?)\n```", part, re.S)
    assert block
    words = shlex.split(block.group(1).replace("\\\n", " "))
    names = {"jira.toml": tmp_path / "jira.toml", "jira-sla.toml": tmp_path / "jira-sla.toml"}
    argv = [str(names.get(w, w)) for w in words[1:]]
    status, out, err = _run(argv, capsys)
    assert status == 0, err
    assert block.group(2) in out
    # Without --vendor-sla only SD-1 has SLA fields: each clock of ours on another issue
    # reads "vendor has no clock for it", as the page says.
    own = argv[: argv.index("--vendor-sla")]
    status, out, err = _run(own, capsys)
    assert status == 0, err
    pages = [json.loads(Path(f).read_text(encoding="utf-8")) for f in own if f.endswith(".json")]
    with_fields = {
        i["key"]
        for p in pages
        for i in p["issues"]
        if any(
            isinstance(v, dict) and "completedCycles" in v for v in (i.get("fields") or {}).values()
        )
    }
    assert with_fields == {"SD-1"}
    lacking = re.findall(rf"^  ours only    ticket (SD-\d+) \S+: vendor -, ours \w+ -- {NO_CLOCK}$",
                         out, re.M)  # fmt: skip
    other = set(lacking)
    assert other
    assert "SD-1" not in other
    # Each clock of ours on those issues is ours only, never compared: the compared clocks
    # are SD-1's alone.
    compared, agree, disagree, ours, vendor = _heading(out)
    assert ours == len(lacking)
    # SD-1's SLA cycles (from the raw pages) are each compared or the vendor's only.
    cycles = sum(
        len(v.get("completedCycles") or []) + bool(v.get("ongoingCycle"))
        for p in pages
        for i in p["issues"]
        if i["key"] == "SD-1"
        for v in (i.get("fields") or {}).values()
        if isinstance(v, dict) and "completedCycles" in v
    )
    assert compared + vendor == cycles
    assert agree == compared
    assert disagree == 0
    assert f"{compared} clocks\ncompared, both agree, and {ours} of ours only" in page
    assert f"(and {vendor} of JSM's only)" in page


# --- XES and file names ---------------------------------------------------------------------

XES = ROOT / "tests" / "data" / "eventlog" / "bpic2013_shape.xes"
BPIC_MAP = ROOT / "examples" / "mappings" / "bpic2013-incidents.toml"


def _bpic_options() -> dict[str, object]:
    with open(BPIC_MAP, "rb") as fh:
        return dict(tomllib.load(fh))


def test_xes_names_in_any_case_and_gzip_or_not_read_the_same_log(tmp_path: Path) -> None:
    expected = eventlog.load(XES, **_bpic_options()).histories
    upper = tmp_path / "LOG.XES.GZ"
    upper.write_bytes(gzip.compress(XES.read_bytes()))
    plain_named_gz = tmp_path / "plain.xes.gz"
    shutil.copyfile(XES, plain_named_gz)
    for path in (upper, plain_named_gz):
        assert eventlog.load(path, **_bpic_options()).histories == expected


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("log.xml", "xes", "this file is XML or HTML, not CSV"),
        ("incidents.csv.gz", "gzip-csv", "not text: the file is gzip-compressed"),
        ("incidents.xes", "csv", "not an XES event log: not XML"),
    ],
)
def test_a_log_under_the_wrong_name_stops_as_the_page_says(
    name: str, content: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "The file's name decides how it is read" in _page("exports.md")
    csv_bytes = (ROOT / "tests" / "data" / "eventlog" / "bpic2013_shape.csv").read_bytes()
    data = {"xes": XES.read_bytes(), "gzip-csv": gzip.compress(csv_bytes), "csv": csv_bytes}
    path = tmp_path / name
    path.write_bytes(data[content])
    status, _, err = _run(
        ["report", "--source", "eventlog", str(path), "--map", str(BPIC_MAP)], capsys
    )
    assert status == 2
    assert said in err


# --- two-digit years -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "dayfirst", "fmt", "wall"),
    [
        ("11/30/26 2:05 PM", False, "%m/%d/%y %I:%M %p", (2026, 11, 30, 14, 5)),
        ("30.11.26 14:05", True, "%d.%m.%y %H:%M", (2026, 11, 30, 14, 5)),
    ],
)
def test_a_two_digit_year_names_the_date_format_that_reads_it(
    cell: str, dayfirst: bool, fmt: str, wall: tuple[int, ...], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert "two-digit year" in _page("exports.md")
    export = tmp_path / "t.csv"
    export.write_text(f"id,created_at\nA1,{cell}\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text(f'tz = "America/New_York"\ndayfirst = {str(dayfirst).lower()}\n', "utf-8")
    argv = ["report", "--source", "summary", str(export), "--map", str(mapping)]
    status, _, err = _run(argv, capsys)
    assert status == 2
    assert "has a two-digit year, which is never guessed" in err
    assert f"if the export writes dates so, pass date_format = '{fmt}'" in err
    (h,) = summary.load(export, tz="America/New_York", date_format=fmt).histories
    year, month, day, hour, minute = wall
    local = datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("America/New_York"))
    assert h.created_at.astimezone(UTC) == local.astimezone(UTC)
    mapping.write_text(mapping.read_text("utf-8") + f"date_format = '{fmt}'\n", "utf-8")
    status, _, err = _run(argv, capsys)
    assert status == 0, err


# --- the report page: -o and priorities ---------------------------------------------------------


@pytest.mark.parametrize("which", ["map", "policy", "vendor"])
def test_o_naming_any_input_file_is_refused_and_the_file_kept(
    which: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "an `-o` that names one of the command's own input files" in _page("report.md")
    copies = {}
    for key, name in (
        ("map", "map.toml"),
        ("policy", "policy.toml"),
        ("vendor", "metric_events.json"),
    ):
        copies[key] = tmp_path / name
        shutil.copyfile(ZD / name, copies[key])
    before = copies[which].read_bytes()
    argv = ["report", "--source", "zendesk", *ZD_FILES, "--map", str(copies["map"]),
            "--policy", str(copies["policy"]), "--vendor-sla", str(copies["vendor"])]  # fmt: skip
    spelt = tmp_path / "sub" / ".." / copies[which].name
    (tmp_path / "sub").mkdir()
    status, _, err = _run([*argv, "-o", str(spelt)], capsys)
    assert status == 2
    assert "is an input file of this command" in err
    assert copies[which].read_bytes() == before


def test_overview_priority_is_at_creation_and_the_sla_rows_priority_in_force(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "## Priorities: at creation in the overview, in force in the SLA section" in _page(
        "report.md"
    )
    # Ticket 1001 from the raw audits: created normal, raised to high before its first reply.
    with open(ZD / "audits.jsonl", encoding="utf-8") as fh:
        audits = [json.loads(line) for line in fh if line.strip()]
    changes = [(a["created_at"], e["type"], e["value"]) for a in audits if a["ticket_id"] == 1001
               for e in a["events"] if e.get("field_name") == "priority"]  # fmt: skip
    assert changes[0][1:] == ("Create", "normal")
    assert ("Change", "high") in [c[1:] for c in changes]
    status, out, err = _run(
        ["report", "--source", "zendesk", *ZD_FILES, *ZD_OPTS, "--at", AT], capsys
    )
    assert status == 0, err
    overview = out[out.index("By priority") : out.index("By final status")]
    assert "high" not in overview
    sla = out[out.index("SLA attainment") :]
    assert re.search(r"^first_reply\s+high\s+1\s", sla, re.M)
