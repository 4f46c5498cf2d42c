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

__all__ = ["EXAMPLES", "reason_of", "reasons_of", "set_aside_lines"]

#: How many set-aside records the text, Markdown and HTML reports quote.
EXAMPLES = 5

#: A record's place in a file: ``line 4``, ``lines 4-6``, ``page 3``.
_PLACE = re.compile(r"(?:lines?|pages?) \d[\d\s,-]*")
#: The ticket a record is of: ``case 'C2'``, ``ticket 'T-1'``, ``issue SD-4``.
_WHOSE = re.compile(r"(?:case|ticket|issue|ticket event|item) (?:'[^']*'|\"[^\"]*\"|\S+)")
#: A quoted value (``'Oops'``; the quote of ``case's`` opens none) and a token with a digit
#: (an instant, a count, an index): each a value, left out of the reason.
_QUOTED = re.compile(r"(?<![A-Za-z])(?:'[^']*'|\"[^\"]*\")(?![A-Za-z])")
_NUMBER = re.compile(r"\S*\d\S*")
#: Where a reason's words end: its value, its detail, its hint.
_END = re.compile(r"; |: | \(|, | \[|\{")
_LONGEST = 60


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
    """
    parts = text.split(": ")
    places = [i for i, part in enumerate(parts) if _PLACE.fullmatch(part)]
    # After the line (or page) come the field and the ticket; before it, the file.
    start = places[0] + 1 if places else 0
    while start < len(parts) - 1 and (" " not in parts[start] or _WHOSE.fullmatch(parts[start])):
        start += 1
    problem = ": ".join(parts[start:])
    words = _NUMBER.sub("…", _QUOTED.sub("…", problem))
    end = _END.search(words)
    head = " ".join((words if end is None else words[: end.start()]).split())
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
    lines += [f"  {text}" for text in texts[:limit]]
    if len(texts) > limit:
        lines.append(f"  and {len(texts) - limit} more (the JSON and CSV reports list every one)")
    return lines
