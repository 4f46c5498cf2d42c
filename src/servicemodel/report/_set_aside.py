"""Private: the records a load set aside, as the report heads say them: how many, why, which.

With ``--skip-bad-records`` (``on_error="collect"``) a load sets every bad record aside with
its error, which names the file, the line, the field and the ticket. The text, Markdown and
HTML reports say how many there are, how many for each reason, and quote the first
[`EXAMPLES`][servicemodel.report._set_aside.EXAMPLES] with "and N more" after them; the JSON
and CSV reports carry every one. A record's reason is its error with the place (file, line,
field, ticket) and the values left out: ``bad.csv: line 5: time: case 'C3': not a timestamp:
'notatime' (...)`` and ``line 9: ... not a timestamp: 'yesterday'`` are both "not a
timestamp".

Examples:
    >>> bad = ["a.csv: line 4: time: case 'C1': not a timestamp: 'x'",
    ...        "a.csv: line 5: time: case 'C2': not a timestamp: 'y'",
    ...        "a.csv: line 7: activity: case 'C3': unknown activity 'Oops'; map it"]
    >>> print("\\n".join(set_aside_lines(bad, limit=2)))
    3 bad record(s) set aside: 2 not a timestamp, 1 unknown activity
      a.csv: line 4: time: case 'C1': not a timestamp: 'x'
      a.csv: line 5: time: case 'C2': not a timestamp: 'y'
      and 1 more (the JSON and CSV reports list every one)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["EXAMPLES", "date_order_warning", "reason_of", "reasons_of", "set_aside_lines"]

#: How many set-aside records the text, Markdown and HTML reports quote.
EXAMPLES = 5

#: A record's place in a file: ``line 4``, ``lines 4-6``, ``page 3``.
_PLACE = re.compile(r"(?:lines?|pages?) \d[\d\s,-]*")
#: The ticket a record is of: ``case 'C2'``, ``ticket 'T-1'``, ``issue SD-4``.
_WHOSE = re.compile(r"(?:case|ticket|issue|ticket event|item) (?:'[^']*'|\"[^\"]*\"|\S+)")
#: A quoted value (``'Oops'``; the quote of ``case's`` opens none) and a token with a digit
#: (an instant, a count, an index; not the ``;`` or ``,`` after it): each a value, left out
#: of the reason.
_QUOTED = re.compile(r"(?<![A-Za-z])(?:'[^']*'|\"[^\"]*\")(?![A-Za-z])")
_NUMBER = re.compile(r"[^\s;,]*\d[^\s;,]*")
#: Where a reason's words end: its value, its detail, its hint.
_END = re.compile(r"; |: | \(|, | \[|\{")
_LONGEST = 60
#: The most parts (field, ticket, a value said again) read as a record's place.
_FIELDS = 8
#: The readers' hint on a date that reads only in the other order (``dayfirst=True reads
#: D/M/Y``; the command line says ``dayfirst = true in the --map file reads D/M/Y``). The
#: words between are a few (at most 60 characters): an unbounded gap made a text of many
#: "dayfirst=true" and no "reads" take time growing with its square (8 s for 112 kB).
_OTHER_ORDER = re.compile(r"\bdayfirst ?= ?(true|false)\b[^()]{0,60}?\breads ([DM]/[DM]/Y)", re.I)


def _order_hint(text: str) -> re.Match[str] | None:
    """The reader's hint in a record's error: the last one, as the reader puts it after the
    value it quotes (a value that itself reads like a hint is not the record's hint)."""
    found = None
    for found in _OTHER_ORDER.finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return found


def reason_of(text: str) -> str:
    """Why a record was set aside, from its error: the problem without place or values.

    Examples:
        >>> reason_of("bad.csv: line 6: case 'C4': priority: unknown priority 'P9'; expected "
        ...           "one of ['P1', 'high']")
        'unknown priority'
        >>> reason_of("log.csv: line 18: at: case 'I4': its row at 2016-03-12T09:58:00+00:00 "
        ...           "comes before the case's creation 2016-03-12T10:00:00+00:00 (opened_at '1')")
        "its row at … comes before the case's creation"
        >>> reason_of("b.jsonl: line 2: ticket 'T-1' is in an earlier file")
        'ticket … is in an earlier file'
        >>> reason_of("z.csv: line 8: Created at: ticket '1003': Created at '31/02/2026 10:00': "
        ...           "not a valid M/D/Y timestamp: '31/02/2026 10:00'")
        'not a valid M/D/Y timestamp'
        >>> reason_of("z.csv: line 31: Solved at: ticket '1019': Solved at '1900-01-01 00:00': "
        ...           "before the ticket's creation 2026-03-25T00:33:00-04:00; 1900-01-01 is a "
        ...           "placeholder some exports write for no date")
        "before the ticket's creation"
    """
    parts = text.split(": ")
    places = [i for i, part in enumerate(parts) if _PLACE.fullmatch(part)]
    # After the line (or page) come the field and the ticket; before it, the file. A field
    # may hold spaces (an export's column, "Created at"): it is the part before the ticket,
    # and "Created at '31/02/2026'" after the ticket is its value, said again.
    start = places[0] + 1 if places else 0
    fields: list[str] = []
    # A record's place holds a few fields at most: a bound keeps a message of thousands of
    # ': ' (a value quoted whole) from costing time that grows with their square.
    while start < len(parts) - 1 and len(fields) < _FIELDS:
        part = parts[start]
        echo = any(
            part.startswith(f"{field} ") and _QUOTED.fullmatch(part[len(field) + 1 :])
            for field in fields
        )
        field = " " not in part or _WHOSE.fullmatch(parts[start + 1]) is not None
        if not (field or echo or _WHOSE.fullmatch(part)):
            break
        fields.append(part)
        start += 1
    problem = ": ".join(parts[start:])
    # Whitespace is made single spaces before the end is sought: a tab or another Unicode
    # space before "[" or "(" would otherwise end the reason only once it is one space, in the
    # reason's own reason.
    words = " ".join(_NUMBER.sub("…", _QUOTED.sub("…", problem)).split())
    end = _END.search(words)
    head = (words if end is None else words[: end.start()]).strip()
    head = re.sub(r"…(?:\s*…)+", "…", head).removesuffix(" …").strip() or "…"
    return head if len(head) <= _LONGEST else head[: _LONGEST - 1].rstrip() + "…"


def reasons_of(texts: Sequence[str]) -> list[tuple[str, int]]:
    """Each reason with how many records it set aside, the most frequent first (then by name).

    Examples:
        >>> reasons_of(["line 2: x: not a number: '1'", "line 3: not valid JSON",
        ...             "line 4: y: not a number: 'a'"])
        [('not a number', 2), ('not valid JSON', 1)]
    """
    counts = Counter(reason_of(t) for t in texts)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def date_order_warning(texts: Sequence[str]) -> str | None:
    """What the records kept may be, when some dates set aside read only in the other order.

    A day-first export read month first (or the reverse) fails only on the dates whose first
    field is past 12; every other date reads, with day and month swapped. So records set
    aside for the order put the records kept in doubt: say so, and how to read them. Each
    record is counted by the order its hint offers; records of both orders (files read with
    different settings) are each counted and said, never one order for all.

    Examples:
        >>> bad = ["a.csv: line 2: Created: ticket '1': Created '28/02/2026 09:17': not a "
        ...        "valid M/D/Y timestamp: '28/02/2026 09:17' (dayfirst=True reads D/M/Y)"]
        >>> warning = date_order_warning(bad)
        >>> print(warning.split(": ")[0])
        1 of them read only day first (D/M/Y)
        >>> print(warning.rsplit("; ", 1)[1])
        if the export writes the day first, read it with dayfirst = true
        >>> date_order_warning(["a.csv: line 2: not valid CSV: x"]) is None
        True
    """
    found = [m for m in map(_order_hint, texts) if m is not None]
    if not found:
        return None
    # The hint offers day first (dayfirst=true): the record was read month first; and back.
    day_first = sum(m[1].lower() == "true" for m in found)
    month_first = len(found) - day_first
    if day_first and month_first:
        return (
            f"{len(found)} of them read only in the other order: {day_first} only day first "
            f"(D/M/Y), read month first, and {month_first} only month first (M/D/Y), read day "
            "first: the records kept were read in both orders, so a date of theirs whose day "
            "is 12 or less may have its day and month swapped; read each export with the "
            "dayfirst its dates need (dayfirst = true reads D/M/Y, dayfirst = false M/D/Y)"
        )
    first = bool(day_first)
    other, read = ("day", "month") if first else ("month", "day")
    layouts = {"day": "D/M/Y", "month": "M/D/Y"}
    return (
        f"{len(found)} of them read only {other} first ({layouts[other]}): the records kept "
        f"were read {read} first ({layouts[read]}), so a date of theirs whose day is 12 or "
        f"less may have its day and month swapped; if the export writes the {other} first, "
        f"read it with dayfirst = {str(first).lower()}"
    )


def set_aside_lines(texts: Sequence[str], *, limit: int = EXAMPLES) -> list[str]:
    """The report's lines on the bad records set aside: the count by reason, then the first
    ``limit`` of them, each indented, and how many more the JSON and CSV reports list.

    Examples:
        >>> set_aside_lines([])
        []
        >>> set_aside_lines(["a.csv: line 2: not valid CSV: x"])
        ['1 bad record(s) set aside: 1 not valid CSV', '  a.csv: line 2: not valid CSV: x']
    """
    if not texts:
        return []
    why = ", ".join(f"{n} {reason}" for reason, n in reasons_of(texts))
    lines = [f"{len(texts)} bad record(s) set aside: {why}"]
    order = date_order_warning(texts)
    lines += [] if order is None else [f"warning: {order}"]
    lines += [f"  {text}" for text in texts[:limit]]
    if len(texts) > limit:
        lines.append(f"  and {len(texts) - limit} more (the JSON and CSV reports list every one)")
    return lines
