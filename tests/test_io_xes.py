"""Reading XES event logs: the fixtures, every kind of bad input, the header, the locator.

The XES layout (log, trace, event; typed attributes; ``global``; ``list``) is the one of
IEEE 1849-2016 (https://www.xes-standard.org/). ``tests/data/eventlog/bpic2013_shape.xes``
holds the same four hand-written incidents as ``bpic2013_shape.csv`` -- the table pm4py
makes of a log in the shape of the BPI Challenge 2013 incident log (4TU.ResearchData,
doi:10.4121/uuid:500573e6-accc-4b0c-9576-aa5468b10cee) -- so reading one must give what
reading the other gives. ``bpic2013_broken.xes`` holds one broken record of each kind.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from _deadline import cpu_time, scaled
from servicemodel.errors import ConfigError, RecordError, ServiceModelError, UnreadableFileError
from servicemodel.io import eventlog
from servicemodel.io._columns import check_headers
from servicemodel.io._files import Locator, csv_rows
from servicemodel.io._xes import XesLocator, xes_headers, xes_rows
from servicemodel.io.eventlog._options import REQUIRED, asked_columns, columns_of

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data" / "eventlog"
XES = DATA / "bpic2013_shape.xes"
CSV = DATA / "bpic2013_shape.csv"
BROKEN = DATA / "bpic2013_broken.xes"
MAP = ROOT / "examples" / "mappings" / "bpic2013-incidents.toml"


def mapping() -> dict[str, Any]:
    with MAP.open("rb") as fh:
        return tomllib.load(fh)


def event_lines(path: Path) -> list[int]:
    """The line of each ``<event>`` start tag, found in the text (not by the parser)."""
    text = path.read_text(encoding="utf-8")
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<event[\s>]", text)]


def line_of(path: Path, needle: str) -> int:
    """The line of the ``<event>`` tag before the first line holding ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if needle in line)
    return next(i for i in range(at, -1, -1) if "<event>" in lines[i]) + 1


def instant(text: str) -> tuple[datetime, Any]:
    """A timestamp text as (instant, offset): equal when both name the same local time."""
    t = datetime.fromisoformat(text)
    return t, t.utcoffset()


def write(tmp_path: Path, text: str | bytes, name: str = "log.xes") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def read(path: Path) -> list[dict[str, Any]]:
    return list(xes_rows([path], XesLocator("rows")))


# -- the fixtures -----------------------------------------------------------------------------


def test_the_xes_fixture_gives_the_rows_of_its_csv_table() -> None:
    xes = read(XES)
    table = list(csv_rows([CSV], Locator("rows")))
    assert len(xes) == len(table) == 21
    for got, want in zip(xes, table, strict=True):
        assert set(got) == set(want)  # the columns pm4py's table has: case:concept:name ...
        for key, value in want.items():
            if key == "time:timestamp":  # 2010-03-31T14:59:42.000+02:00 / 2010-03-31 14:59:42+02:00
                assert instant(got[key]) == instant(value)
            else:
                assert got[key] == value


def test_the_xes_fixture_gives_the_histories_of_its_csv_table() -> None:
    opts = mapping()
    from_xes = eventlog.histories(xes_rows([XES], XesLocator("rows")), **opts).collect()
    from_csv = eventlog.histories(csv_rows([CSV], Locator("rows")), **opts).collect()
    assert len(from_xes) == 4
    assert from_xes == from_csv


def test_gzip_is_known_by_its_magic_bytes_not_its_name(tmp_path: Path) -> None:
    data = XES.read_bytes()
    want = read(XES)
    assert read(write(tmp_path, gzip.compress(data), "log.xes.gz")) == want
    assert read(write(tmp_path, gzip.compress(data), "log.xes")) == want
    assert read(write(tmp_path, data, "plain.xes.gz")) == want


def test_each_row_is_located_at_its_event_tag() -> None:
    loc = XesLocator("rows")
    n = sum(1 for _ in xes_rows([XES, BROKEN], loc))
    want = [(str(XES), line) for line in event_lines(XES)]
    want += [(str(BROKEN), line) for line in event_lines(BROKEN)]
    assert [loc.where(i)[:2] for i in range(n)] == want
    # Evenly spaced events make one run per trace, not an entry per event.
    assert len(loc._at) <= 4 + 5


def test_typed_values_nested_lists_containers_and_globals() -> None:
    first, second, *_ = read(BROKEN)
    assert first["reassignments"] == 2
    assert type(first["reassignments"]) is int
    assert first["effort"] == 1.5
    assert first["case:escalated"] is True  # a trace attribute, under case:
    assert first["org:group"] == "V5 3rd"
    # The outer value of a nested attribute; a list has none; a container is not read.
    assert second["org:group"] == "V5 3rd"
    assert "org:group:site" not in second
    assert "product" not in second
    assert "products" in second
    assert second["products"] is None
    assert "sla" not in second
    assert "met" not in second
    # A value its type cannot read is kept as the file's text, never dropped.
    assert second["reassignments"] == "two"
    # The global default (org:group "__INVALID__") gives no row a value.
    assert all(row.get("org:group") != "__INVALID__" for row in read(BROKEN) + read(XES))


def test_broken_records_are_errors_naming_file_and_line_and_the_rest_is_read() -> None:
    loc = XesLocator("rows")
    stream = eventlog.histories(xes_rows([BROKEN], loc), on_error="collect", **mapping())
    result = stream.collect()
    assert [h.id for h in result.histories] == ["1-100000001", "1-100000004"]
    errors = sorted((loc.locate(e) for e in result.errors), key=lambda e: e.line or 0)
    assert all(e.source == str(BROKEN) for e in errors)
    bad_date, no_name, outside = errors
    assert bad_date.line == line_of(BROKEN, "the tenth of May")
    assert "'the tenth of May'" in str(bad_date)
    assert bad_date.path == "time:timestamp"
    # A trace without concept:name, and an event outside any trace: no case id.
    assert no_name.line == line_of(BROKEN, "2012-05-11T09:00")
    assert outside.line == line_of(BROKEN, "2012-05-13T09:00")
    for err in (no_name, outside):
        assert err.path == "case:concept:name"
        assert "missing case" in str(err)


def test_a_naive_date_needs_tz(tmp_path: Path) -> None:
    log = (
        '<log><trace><string key="concept:name" value="C1"/><event>'
        '<string key="concept:name" value="Completed"/>'
        '<string key="lifecycle:transition" value="Resolved"/>'
        '<date key="time:timestamp" value="2012-05-10T09:00:00"/></event></trace></log>'
    )
    path = write(tmp_path, log)
    with pytest.raises(ServiceModelError, match="no offset"):
        eventlog.histories(xes_rows([path], XesLocator("rows")), **mapping()).collect()
    opts = {**mapping(), "tz": "Europe/Brussels"}
    (h,) = eventlog.histories(xes_rows([path], XesLocator("rows")), **opts)
    assert h.created_at.utcoffset() is not None
    assert h.created_at == datetime.fromisoformat("2012-05-10T09:00:00+02:00")


# -- bad input ----------------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE log [\n <!ENTITY a "ha">\n'
    + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(9))
    + ']>\n<log><trace><string key="concept:name" value="&j;"/></trace></log>\n'
)
QUADRATIC = (
    f'<!DOCTYPE log [<!ENTITY a "{"x" * 100_000}">]>\n<log><trace>'
    + '<string key="concept:name" value="'
    + "&a;" * 100_000
    + '"/></trace></log>'
)
EXTERNAL = (
    '<!DOCTYPE log [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<log><trace><string key="concept:name" value="&secret;"/></trace></log>'
)
GOOD = '<log><trace><string key="concept:name" value="C1"/><event/></trace></log>'

BAD = {
    "unclosed": ("<log>\n<trace>\n<event>\n", "cut short"),
    "mismatched": ("<log>\n<trace>\n</event>\n</log>", "mismatched tag at column 3"),
    "json": ('{"tickets": []}', "not XML"),
    "html": (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"></head></html>',
        "root element is <html>",
    ),
    "rss": ('<?xml version="1.0"?><rss><channel/></rss>', "root element is <rss>"),
    "empty": ("", "no XML element"),
    "event in event": ("<log><trace><event>\n<event/></event></trace></log>", "<event> inside"),
    "trace in trace": ("<log><trace>\n<trace/></trace></log>", "<trace> inside <trace>"),
    "trace in an attribute": (
        '<log><trace><string key="k" value="v"><trace/></string></trace></log>',
        "<trace> inside",
    ),
    "two logs": (GOOD + GOOD, "junk after document element"),
    "billion laughs": (BILLION_LAUGHS, "declares the entity 'a'"),
    "quadratic blow-up": (QUADRATIC, "declares the entity"),
    "external entity": (EXTERNAL, "declares the entity 'secret'"),
    "undeclared entity": ('<log><trace><string key="k" value="&nbsp;"/></trace></log>', "entity"),
    "unknown encoding": ('<?xml version="1.0" encoding="x-none"?><log/>', "encoding"),
    "bad utf-8": (b"<log><trace><string key='k' value='\xff\xfe'/></trace></log>", "not well"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_files_are_one_error_naming_file_and_line(tmp_path: Path, name: str) -> None:
    text, reason = BAD[name]
    path = write(tmp_path, text)
    t0 = cpu_time()
    with pytest.raises(UnreadableFileError) as info:
        read(path)
    assert cpu_time() - t0 < scaled(5)  # never a hang (billion laughs: refused at once)
    assert reason in str(info.value)
    assert info.value.source == str(path)
    assert info.value.line is not None
    # xes_headers reads the same way
    with pytest.raises(UnreadableFileError):
        xes_headers([path])


def test_a_truncated_or_corrupt_gzip_file_is_unreadable(tmp_path: Path) -> None:
    packed = gzip.compress(XES.read_bytes())
    cut = write(tmp_path, packed[: len(packed) // 2], "cut.xes.gz")
    with pytest.raises(UnreadableFileError, match="cut short") as info:
        read(cut)
    assert info.value.source == str(cut)
    broken = bytearray(packed)
    broken[len(broken) // 2 : len(broken) // 2 + 40] = b"\xff" * 40
    with pytest.raises(UnreadableFileError, match=r"gzip|XML"):
        read(write(tmp_path, bytes(broken), "corrupt.xes.gz"))
    bad_header = write(tmp_path, b"\x1f\x8b\x00junk", "header.xes.gz")
    with pytest.raises(UnreadableFileError, match="gzip"):
        read(bad_header)


def test_a_file_that_cannot_be_opened_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        read(tmp_path / "missing.xes")
    with pytest.raises(ConfigError, match="cannot read"):
        read(tmp_path)  # a directory


def test_an_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE log SYSTEM "http://example.invalid/xes.dtd">\n'
    assert read(write(tmp_path, doctype + GOOD)) == [{"case:concept:name": "C1"}]


def test_declared_8_bit_encodings_are_read(tmp_path: Path) -> None:
    for codec in ("iso-8859-1", "windows-1252"):
        text = f'<?xml version="1.0" encoding="{codec}"?>' + GOOD.replace("C1", "Société")
        assert read(write(tmp_path, text.encode(codec))) == [{"case:concept:name": "Société"}]


def test_errors_of_other_records_are_located_across_files(tmp_path: Path) -> None:
    second = write(tmp_path, GOOD.replace("<event/>", "<event>\n</event>"), "second.xes")
    loc = XesLocator("rows")
    rows = list(xes_rows([XES, second], loc))
    err = loc.locate(RecordError("bad", path=f"rows[{len(rows) - 1}].concept:name"))
    assert (err.source, err.line, err.path) == (str(second), 1, "concept:name")


# -- the header ---------------------------------------------------------------------------------


def test_the_header_is_the_globals_and_the_first_events_keys(tmp_path: Path) -> None:
    ((name, header),) = xes_headers([XES])
    assert name == str(XES)
    assert set(header) == set(next(iter(csv_rows([CSV], Locator("rows")))))
    # sample: whole traces until that many events; a later key is not seen
    late = GOOD.replace("</trace></log>", "</trace><trace><event>")
    late += '<string key="late" value="x"/></event></trace></log>'
    path = write(tmp_path, late)
    assert "late" not in xes_headers([path], sample=1)[0][1]
    assert "late" in xes_headers([path])[0][1]
    # a log without events has no columns, as an empty CSV file has no header
    assert xes_headers([write(tmp_path, "<log><global scope='event'/></log>", "e.xes")]) == [
        (str(tmp_path / "e.xes"), [])
    ]


def test_the_header_refuses_a_mistyped_column_before_any_row() -> None:
    columns = mapping()["columns"]
    headers = xes_headers([XES, BROKEN])
    check_headers(headers, columns_of(columns), REQUIRED, asked_columns(columns))
    typo = {**columns, "group": "org:gruop"}
    with pytest.raises(ConfigError, match=r"org:gruop.*did you mean 'org:group'"):
        check_headers(headers, columns_of(typo), REQUIRED, asked_columns(typo))
