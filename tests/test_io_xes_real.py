"""XES logs in the shapes real writers give them (issue 13: "any event log").

Each fixture ``tests/data/eventlog/*_real_shape.xes`` was written by hand, with made-up
values, in the layout of XES files published in public repositories (where seen is named
beside each). The rows ``xes_rows`` gives are checked against a reference written here
independently -- ``xml.etree.ElementTree`` reading the table pm4py makes of a log (each event
attribute under its key, each trace attribute as ``case:`` and the key; IEEE 1849-2016's
``xs:long``, ``xs:double`` and ``xs:boolean`` for ``int``, ``float`` and ``boolean``) -- and
the law that a writer's dialect (header comments, namespaces and prefixes, encodings, line
ends, gzip) never changes the rows is a Hypothesis property over generated logs.
"""

from __future__ import annotations

import gzip
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.io import eventlog
from servicemodel.io._xes import XesLocator, xes_rows

DATA = Path(__file__).parent / "data" / "eventlog"

#: Each fixture and the public file whose layout it follows.
FIXTURES = {
    # OpenXES 1.0RC7 (ProM): header comments, default namespace, both scopes of global,
    # classifiers, nested meta_ log attributes, floats as 9.751124955969E9 -- as in
    # pm4py/pm4py-core tests/input_data/bpic2012.xes.gz; an empty trace as in
    # apromore/ApromoreCore .../XES_logs/L1_1trace_empty_trace.xes; an id attribute as in
    # MaicolMoretti/csdMidaXes test.xes.
    "openxes": "openxes_real_shape.xes",
    # pm4py's export of a CSV: single-quoted declaration, no namespace, an int case id, the
    # timestamp as a string in Y/M/D -- pm4py/pm4py-core tests/compressed_input_data/
    # 10_orders.xes.gz.
    "pm4py_csv": "pm4py_csv_real_shape.xes",
    # The "xes" package on PyPI: an empty trace-scope global, traces without concept:name,
    # a literal backslash-n in a value -- QiHaoBao/x6e6s example1.xes.
    "python_xes": "python_xes_real_shape.xes",
    # XES 2.0 draft: a namespace with a line break in it, arbitrary-depth attributes, a
    # container trace attribute, a list without <values>, "</container >" -- the layout of
    # aarkue/rustxes test.xes.
    "xes2": "xes2_real_shape.xes",
    # Prefixed elements (xmlns:xes), as XES logs embedded in other XML are written.
    "prefixed": "prefixed_real_shape.xes",
}

_ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id", "list"})


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _value(kind: str, text: str | None) -> Any:
    """IEEE 1849-2016's reading of an attribute value; text a type cannot read stays text."""
    if kind == "list" or text is None:
        return None
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "boolean":
        return {"true": True, "1": True, "false": False, "0": False}.get(text.strip().lower(), text)
    return text


def reference_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of pm4py's table of the log at ``path``, read by ElementTree."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    root = ET.fromstring(data)  # the fixtures are small: a tree is fine here
    assert _local(root.tag) == "log"
    rows: list[dict[str, Any]] = []

    def attributes(element: ET.Element, prefix: str) -> dict[str, Any]:
        return {
            prefix + child.attrib["key"]: _value(_local(child.tag), child.attrib.get("value"))
            for child in element
            if _local(child.tag) in _ATTRIBUTES and "key" in child.attrib
        }

    for child in root:
        if _local(child.tag) == "event":
            rows.append(attributes(child, ""))
        elif _local(child.tag) == "trace":
            case = attributes(child, "case:")
            for event in child:
                if _local(event.tag) == "event":
                    rows.append({**attributes(event, ""), **case})
    return rows


def ours(path: Path) -> list[dict[str, Any]]:
    return list(xes_rows([path], XesLocator("rows")))


def same_rows(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> bool:
    """Equal rows, with types: ``1`` is not ``1.0`` nor ``True``, and NaN equals NaN."""

    def same(a: Any, b: Any) -> bool:
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
            return math.isnan(b)
        return type(a) is type(b) and a == b

    return len(left) == len(right) and all(
        a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        for a, b in zip(left, right, strict=True)
    )


# -- the fixtures ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_each_real_shape_reads_as_the_reference_reads_it(name: str) -> None:
    path = DATA / FIXTURES[name]
    rows = ours(path)
    assert rows, "a fixture with no rows would check nothing"
    assert same_rows(rows, reference_rows(path))


def test_openxes_globals_classifiers_and_log_attributes_give_no_values() -> None:
    rows = ours(DATA / FIXTURES["openxes"])
    # Six events in three traces (T-102 has none); the globals' "__INVALID__" is in none.
    assert [r["case:concept:name"] for r in rows] == ["T-100"] * 3 + ["T-101"] * 2 + ["T-103"]
    assert all("__INVALID__" not in r.values() for r in rows)
    assert not any(key.startswith(("meta_", "case:meta_")) for r in rows for key in r)
    assert rows[0]["case:amount"] == 1.5e-4  # Java's E notation
    assert rows[1]["escalated"] is False
    assert rows[3]["identity:id"] == "6f1c2a9e-0d4b-4c55-9a43-2b7e1d3f8a10"
    assert rows[1]["time:timestamp"] == "2024-03-01T10:40:12.500+01:00"  # kept as written


def test_xes2_nested_attributes_lists_and_containers() -> None:
    rows = ours(DATA / FIXTURES["xes2"])
    assert rows[0]["attempt"] == 2  # its nested boolean (and that one's string) are not columns
    assert "callback" not in rows[0]
    assert "note" not in rows[0]
    assert "tags" in rows[0]
    assert rows[0]["tags"] is None  # a list has no value of its own
    assert "case:site" not in rows[0]  # a container (XES 2.0 draft) is not read
    assert rows[1]["resolved"] is True  # TRUE: xs:boolean in any case
    assert {r["case:concept:name"] for r in rows} == {"Case A"}


def test_python_xes_values_keep_their_backslashes() -> None:
    rows = ours(DATA / FIXTURES["python_xes"])
    assert rows[0]["org:resource"] == "Triage-\\nDesk"
    assert all("case:concept:name" not in r for r in rows)


def test_a_log_without_case_ids_is_refused_with_the_column_it_lacks() -> None:
    with pytest.raises(ConfigError, match=r"case:concept:name.*not in the header"):
        eventlog.load(DATA / FIXTURES["python_xes"])


def test_prefixed_elements_are_read_by_their_local_names() -> None:
    rows = ours(DATA / FIXTURES["prefixed"])
    assert [(r["case:concept:name"], r["concept:name"], r["sc:state"]) for r in rows] == [
        ("claim-9", "filed", "Open"),
        ("claim-9", "settled", "Closed"),
    ]


# -- reports on them ------------------------------------------------------------------------------


def _report(
    path: Path, mapping: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, Any]:
    m = tmp_path / "map.json"
    m.write_text(json.dumps(mapping))
    code = main(["report", "--source", "eventlog", str(path), "--map", str(m), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def test_report_on_the_openxes_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = {
        "ignore": ["Ticket logged"],
        "activity_map": {"Reply sent": "agent_reply"},
        "status_map": {"Solved": "solved"},
    }
    report = _report(DATA / FIXTURES["openxes"], mapping, tmp_path, capsys)
    # T-100, T-101 and T-103 (T-102 has no event, so no row); the first two are solved.
    assert report["overview"]["tickets"] == 3
    assert report["overview"]["by_status"]["solved"] == 2
    assert report["source"]["bad_records"] == []


def test_report_on_the_pm4py_csv_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Its timestamps are naive text (Y/M/D): they need a zone.
    mapping = {"ignore": ["open"], "status_map": {"close": "solved"}, "tz": "Europe/Berlin"}
    report = _report(DATA / FIXTURES["pm4py_csv"], mapping, tmp_path, capsys)
    assert report["overview"]["tickets"] == 2
    assert report["overview"]["by_status"]["solved"] == 1
    # 2023/11/03 01:11:19 in Berlin (CET, +01:00) is 00:11:19 UTC.
    assert report["overview"]["first_created"] == "2023-11-03T00:11:19+00:00"


# -- the law: a writer's dialect never changes the rows -------------------------------------------

_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
)
_KEYS = st.sampled_from(["org:resource", "org:group", "impact", "n", "x y", "lifecycle:transition"])


@st.composite
def _attribute(draw: st.DrawFn) -> tuple[str, str, Any]:
    """One typed attribute: its XES type, its text as written, and the value it reads as."""
    kind = draw(st.sampled_from(["string", "id", "date", "int", "float", "boolean"]))
    if kind == "int":
        n = draw(st.integers(-(2**63), 2**63 - 1))
        return kind, str(n), n
    if kind == "float":
        x = draw(st.floats(allow_nan=False))
        text = draw(st.sampled_from([repr(x), repr(x).upper()]))  # 1e-05 or Java's 1E-05
        return kind, text, x
    if kind == "boolean":
        b = draw(st.booleans())
        return kind, draw(st.sampled_from([str(b).lower(), str(b).upper(), str(b)])), b
    text = draw(_XML_TEXT)
    return kind, text, text


_EVENT = st.dictionaries(_KEYS, _attribute(), max_size=3)
_TRACE = st.tuples(
    st.dictionaries(
        st.sampled_from(["concept:name", "amount", "channel"]), _attribute(), max_size=2
    ),
    st.lists(_EVENT, max_size=3),
)
_LOG = st.lists(_TRACE, max_size=4)


def _escape(text: str) -> str:
    # Tabs and line ends as character references: a literal one is normalized to a space.
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;"}
    table |= {"\n": "&#10;", "\r": "&#13;"}
    return "".join(table.get(c, c) for c in text)


def _render(log: list[Any], header: str, open_log: str, p: str, nl: str) -> str:
    """The log as XML: ``header`` before it, ``open_log`` its start tag, ``p`` the prefix."""

    def attrs(items: dict[str, tuple[str, str, Any]], indent: str) -> Iterator[str]:
        for key, (kind, text, _) in items.items():
            yield f'{indent}<{p}{kind} key="{_escape(key)}" value="{_escape(text)}"/>'

    lines = [header, open_log]
    lines += [f'\t<{p}global scope="event">', f'\t\t<{p}string key="impact" value="none"/>']
    lines += [f"\t</{p}global>", f'\t<{p}classifier name="Activity" keys="concept:name"/>']
    for trace_attrs, events in log:
        lines.append(f"\t<{p}trace>")
        lines += attrs(trace_attrs, "\t\t")
        for event in events:
            lines += [f"\t\t<{p}event>", *attrs(event, "\t\t\t"), f"\t\t</{p}event>"]
        lines.append(f"\t</{p}trace>")
    lines.append(f"</{p}log>")
    return nl.join(lines) + nl


def _expected(log: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for trace_attrs, events in log:
        case = {"case:" + k: v for k, (_, _, v) in trace_attrs.items()}
        rows += [{**{k: v for k, (_, _, v) in e.items()}, **case} for e in events]
    return rows


_OPENXES = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<!-- OpenXES library version: 1.0RC7 -->',
    '<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7" '
    'xmlns="http://www.xes-standard.org/">',
)
#: Each writer's declaration, comments and log tag, and the prefix of its elements.
DIALECTS: dict[str, tuple[str, str, str]] = {
    "openxes": (*_OPENXES, ""),
    "nitro": (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<!-- XES version 1.0 -->',
        '<log xes.version="1.0" xmlns="http://code.deckfour.org/xes" xes.creator="Fluxicon Nitro">',
        "",
    ),
    "pm4py": ("<?xml version='1.0' encoding='UTF-8'?>", "<log>", ""),
    "python_xes": (
        '<?xml version="1.0" ?>\n<!--Created by Python XES-->',
        '<log xes.creator="Python XES v1.2" xes.version="1.0" xmlns="http://www.xes-standard.org">',
        "",
    ),
    "prefixed": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet href="log.xsl"?>',
        '<xes:log xmlns:xes="http://www.xes-standard.org/">',
        "xes:",
    ),
}


def _utf16(text: str) -> bytes:
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return text.replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")


#: What a file goes through on its way: re-encoded, given a BOM, compressed.
ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode(),
    "utf-8 with a BOM": lambda text: b"\xef\xbb\xbf" + text.encode(),
    "utf-16 with a BOM": _utf16,
    "gzip": lambda text: gzip.compress(text.encode()),
}


@given(
    log=_LOG,
    dialect=st.sampled_from(sorted(DIALECTS)),
    nl=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(sorted(ENCODINGS)),
)
def test_any_writers_dialect_reads_as_the_values_written(
    tmp_path_factory: pytest.TempPathFactory,
    log: list[Any],
    dialect: str,
    nl: str,
    encoding: str,
) -> None:
    header, open_log, prefix = DIALECTS[dialect]
    text = _render(log, header, open_log, prefix, nl)
    path = tmp_path_factory.mktemp("xes") / "log.xes"
    path.write_bytes(ENCODINGS[encoding](text))
    expected = _expected(log)
    assert same_rows(ours(path), expected)
    assert same_rows(reference_rows(path), expected)  # the reference agrees, too
