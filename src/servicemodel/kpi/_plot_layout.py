"""How a chart stays readable with many series and many points: legend, note, ticks, looks.

The one design every chart of the library follows (the HTML report's and the ``.plot()``
methods'), so that no series is ever lost and nothing overlaps:

* At most ``MAX_SERIES`` (twelve) series are drawn: past
  that, the largest by ``n`` (ties: the first) are drawn and the others are named in the
  legend's last entry, ``"k more series not drawn: a, b, … (see the table)"``. Twelve lines
  is about what a reader can still tell apart and follow (Few 2012, "Show Me the Numbers",
  ch. 12: more than about ten lines is a tangle); the table beside the chart has them all.
* Every series looks different: eight Okabe–Ito colours (Okabe & Ito 2008), and when colours
  repeat the line style and the marker change, so equal colours are told apart.
* The legend sits outside the axes in as many columns as fit, and the figure grows until the
  legend and the axes both fit (no legend ever covers the data or leaves the figure).
* A long label is shortened in the middle with an ellipsis (its start and its end are what
  tell segments apart); the full label stays the line's label, the SVG tooltip and the table's.
* Tick labels that would overlap are thinned to every k-th (a time axis: order is known) or
  turned upright and the figure widened (categories: every one needs its name).

Matplotlib is imported only inside the functions that draw.

Examples:
    >>> shorten("category 07: billing and invoices, refunds", 24)
    'category 07: bil…refunds'
    >>> drawn([5, 1, 9, 3], limit=2)
    [True, False, True, False]
    >>> look(9)
    ('#E69F00', '--', '^')
"""

from __future__ import annotations

import itertools
import math
import textwrap
import threading
import warnings
from collections.abc import Collection, Sequence
from typing import Any

__all__ = [
    "LABEL_WIDTH",
    "LINESTYLES",
    "MARKERS",
    "MAX_SERIES",
    "MINOR_PITCH",
    "PALETTE",
    "STATE_LOCK",
    "drawn",
    "fit_legend",
    "hidden_note",
    "literal",
    "look",
    "overlaps",
    "shorten",
    "spread_ticks",
    "thin_ticks",
    "tick_step",
]

#: Okabe–Ito colours, in the order series take them (blue, orange, bluish green, vermillion,
#: reddish purple, sky blue, black, yellow: yellow last, it is faint on white).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
#: Marker shapes paired with the palette, so that series differ without colour too.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Line styles, one per round of the palette: a repeated colour has another style.
LINESTYLES = ("-", "--", "-.", ":")
#: The most series a chart draws; the others are named in its legend's note.
MAX_SERIES = 12
#: The longest label a legend shows in full (characters).
LABEL_WIDTH = 28
#: Held while the library changes process-wide state to draw: matplotlib's ``rcParams`` (the
#: report's style) and the warning filters. ``rc_context`` and ``catch_warnings`` restore on
#: exit what they saw on entry, so two threads overlapping in them leave each other's changes
#: behind for good (and one chart drawn in another's style or salt); held, they nest instead.
#: Reentrant: a chart's style holds it while its layout takes it again.
STATE_LOCK = threading.RLock()

_NOTE_WIDTH = LABEL_WIDTH + 4  # the note, wrapped: about as wide as a long label


def look(k: int, colours: Sequence[str] = PALETTE) -> tuple[str, str, str]:
    """Return the colour, line style and marker of the ``k``-th series (0-based).

    Series ``k`` and ``k + len(colours)`` share a colour but not a line style nor a marker.

    Examples:
        >>> look(0), look(8)
        (('#0072B2', '-', 'o'), ('#0072B2', '--', 's'))
    """
    n = len(colours)
    rounds = k // n
    return (
        colours[k % n],
        LINESTYLES[rounds % len(LINESTYLES)],
        MARKERS[(k + rounds) % len(MARKERS)],
    )


def shorten(label: str, width: int = LABEL_WIDTH) -> str:
    """Return ``label`` cut in the middle to ``width`` characters with an ellipsis.

    Examples:
        >>> shorten("email"), shorten("x" * 10 + "-" + "y" * 10, 9), shorten("a  b")
        ('email', 'xxxxxx…yy', 'a b')
    """
    # A newline or tab would break the legend's rows; other control characters have no glyph.
    label = " ".join(label.split())
    label = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in label)
    if len(label) <= width:
        return label
    tail = (width - 1) // 3
    return label[: width - 1 - tail] + "…" + (label[-tail:] if tail else "")


def drawn(
    sizes: Sequence[float], limit: int = MAX_SERIES, keep: Collection[int] = ()
) -> list[bool]:
    """Return which series are drawn: ``keep`` and the largest by size, ``limit`` in all.

    Ties go to the earlier series; with ``limit`` or fewer series every one is drawn.

    Examples:
        >>> drawn([1, 2, 3], limit=2, keep={0})
        [True, False, True]
    """
    if len(sizes) <= limit:
        return [True] * len(sizes)
    kept = [i for i in range(len(sizes)) if i in keep]
    rest = sorted((i for i in range(len(sizes)) if i not in keep), key=lambda i: (-sizes[i], i))
    chosen = set(kept + rest[: max(0, limit - len(kept))])
    return [i in chosen for i in range(len(sizes))]


def hidden_note(labels: Sequence[str]) -> str:
    """Return the legend's note naming the series not drawn (``""`` when none), wrapped.

    Examples:
        >>> hidden_note(["fax", "letter"])
        '2 more series not drawn:\\nfax, letter (see the table)'
        >>> hidden_note([])
        ''
    """
    if not labels:
        return ""
    names = ", ".join(shorten(label) for label in labels) + " (see the table)"
    lines = textwrap.wrap(names, _NOTE_WIDTH, break_long_words=False, break_on_hyphens=False)
    return f"{len(labels)} more series not drawn:\n" + "\n".join(lines)


def fit_legend(
    host: Any,
    handles: Sequence[Any],
    labels: Sequence[str],
    *,
    note: str = "",
    where: str = "right",
    **kw: Any,
) -> Any:
    """Add a legend outside the axes, in as many columns as fit; grow the figure to hold it.

    ``host`` is the Axes (``where="right"``: the legend to the right of it) or, for
    ``where="below"``, the Figure (a figure legend under the axes; its layout engine must be
    constrained). Labels are shortened (``shorten``); ``note`` is a last entry without a
    handle. A figure without a layout engine gets the constrained one, so the axes make room.
    Returns the legend.
    """
    from matplotlib.lines import Line2D

    fig = host if where == "below" else host.figure
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    handles = list(handles)
    shown = [shorten(label) for label in labels]
    if note:
        handles.append(Line2D([], [], linestyle="none", marker="none"))
        shown.append(note)
    fig.draw_without_rendering()  # the axes' size before the legend: the size they keep
    w_in, h_in = fig.get_size_inches()
    need = [(a, a.get_position().width * w_in, a.get_position().height * h_in) for a in fig.axes]
    legend = _place(host, fig, handles, shown, where, kw)
    literal(legend.get_texts())
    _grow(fig, legend, need)
    return legend


def literal(texts: Sequence[Any]) -> None:
    """Show ``texts`` as written: a name from the data with ``$`` is not TeX math.

    Examples:
        >>> literal([])
    """
    for text in texts:
        text.set_parse_math(False)


def _place(host: Any, fig: Any, handles: list[Any], shown: list[str], where: str, kw: Any) -> Any:
    args: dict[str, Any] = {"handlelength": 2.6, **kw}
    # A one-column probe outside the layout (a tall legend in the layout squashes the axes to
    # nothing) gives the entries' width and height; the figure grows by the legend's size
    # first, so the axes keep theirs, and _grow corrects what this estimate misses.
    probe = fig.legend(handles, shown, loc="center", ncols=1, **args)
    fig.draw_without_rendering()
    box = probe.get_window_extent()
    probe.remove()
    w_in, h_in = fig.get_size_inches()
    if where == "below":
        cols = min(len(shown), max(1, int(fig.bbox.width // (box.width * 1.05))))
        rows = math.ceil(len(shown) / cols)
        fig.set_size_inches(w_in, h_in + box.height * rows / len(shown) / fig.dpi)
        return fig.legend(handles, shown, loc="outside lower center", ncols=cols, **args)
    cols = max(1, math.ceil(box.height / (0.92 * fig.bbox.height)))
    fig.set_size_inches(w_in + box.width * cols * 1.05 / fig.dpi, h_in)
    return host.legend(handles, shown, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                       borderaxespad=0.0, ncols=cols, **args)  # fmt: skip


def _grow(fig: Any, legend: Any, need: Sequence[tuple[Any, float, float]]) -> None:
    # The constrained layout shrinks the axes to make room for the legend: grow the figure
    # until each axes keeps its size (``need``: inches) and the legend is inside.
    for _ in range(6):
        _layout(fig)
        box, page = legend.get_window_extent(), fig.bbox
        grow_w = max(0.0, box.x1 - page.x1, page.x0 - box.x0)
        grow_h = max(0.0, box.y1 - page.y1, page.y0 - box.y0)
        for ax, w, h in need:
            pos = ax.get_position()
            grow_w = max(grow_w, (w - pos.width * fig.get_figwidth()) * fig.dpi)
            grow_h = max(grow_h, (h - pos.height * fig.get_figheight()) * fig.dpi)
        if grow_w < 1 and grow_h < 1:
            return
        w_in, h_in = fig.get_size_inches()
        fig.set_size_inches(w_in + grow_w / fig.dpi + 0.05, h_in + grow_h / fig.dpi + 0.05)


def overlaps(texts: Sequence[Any], renderer: Any = None, pad: float = 1.0) -> bool:
    """Return whether any two visible, non-empty texts' boxes overlap (after a draw).

    Examples:
        >>> overlaps([])
        False
    """
    boxes = [
        t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text().strip()
    ]
    boxes.sort(key=lambda b: (b.x0, b.y0))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b.x0 >= a.x1 + pad:  # sorted by x0: no later box reaches back to a
                break
            if a.x1 + pad > b.x0 and b.x1 + pad > a.x0 and a.y1 + pad > b.y0 and b.y1 + pad > a.y0:
                return True
    return False


def thin_ticks(ax: Any, positions: Sequence[float], labels: Sequence[str]) -> int:
    """Label every k-th of the x ``positions`` so that no two labels overlap; return k.

    For an ordered axis (weeks, months): minor ticks mark the periods between labels, every
    one while they are at least ``MINOR_PITCH`` pixels apart, else every m-th. The figure's
    layout is run first, so the spacing is the one drawn. k is estimated from the widest
    label and the pitch before any tick is made: one tick a period is thousands of text
    artists over decades of weeks, each laid out on every draw (seconds a chart), where the
    drawn axis holds a dozen.
    """
    fig = ax.figure
    positions, labels = list(positions), list(labels)
    step, pitch = tick_step(ax, positions, labels)
    if step == 1:
        ax.set_xticks(positions, labels)
        fig.draw_without_rendering()
        if not overlaps(ax.get_xticklabels(), pad=3.0):
            return 1
        step = 2
    while step < len(positions):
        _thinned(ax, positions, labels, step, pitch)
        fig.draw_without_rendering()
        if not overlaps(ax.get_xticklabels(), pad=3.0):
            return step
        step += 1
    ax.set_xticks(positions[:1], labels[:1])
    _minor(ax, positions, len(positions), pitch)
    return len(positions)


#: The least room between two minor ticks (pixels); closer, they merge into a grey bar.
MINOR_PITCH = 3.0


def tick_step(ax: Any, positions: Sequence[float], labels: Sequence[str]) -> tuple[int, float]:
    """Return the least k such that every k-th label fits, as measured, and the pitch (pixels).

    Measured with two ticks only (the first and last position, so the view holds them all,
    as it would with every tick): the axes' width after a layout, and the widest of the
    longest labels in the tick labels' font. The caller checks the result with a draw.
    """
    fig = ax.figure
    if len(positions) < 2:
        return 1, math.inf
    ends = [min(positions), max(positions)]
    ax.set_xticks(ends, ["", ""])
    fig.draw_without_rendering()
    probe = ax.get_xticklabels()[0]
    renderer = fig.canvas.get_renderer()
    # Labels of one format differ in width mostly by length: measure the longest few.
    longest = sorted(set(labels), key=len, reverse=True)[:8]
    widest = 0.0
    for text in longest:
        probe.set_text(text)
        widest = max(widest, probe.get_window_extent(renderer).width)
    probe.set_text("")
    px = sorted(float(ax.transData.transform((x, 0.0))[0]) for x in positions)
    pitch = min(b - a for a, b in itertools.pairwise(px))
    return max(1, math.ceil((widest + 3.0) / max(pitch, 1e-9))), pitch


def _thinned(ax: Any, positions: list[float], labels: list[str], step: int, pitch: float) -> None:
    ax.set_xticks(positions[::step], labels[::step])
    _minor(ax, positions, step, pitch)


def _minor(ax: Any, positions: list[float], step: int, pitch: float) -> None:
    every = max(1, math.ceil(MINOR_PITCH / max(pitch, 1e-9)))
    ax.set_xticks(positions[::every] if every < step else [], minor=True)


def spread_ticks(ax: Any, positions: Sequence[float], labels: Sequence[str]) -> None:
    """Name every x position: labels turn upright, then the figure widens, until none overlap.

    For categories, where each one needs its name; labels are shortened (``shorten``). The
    figure also grows in height by what the upright labels take, so the axes keep theirs.
    """
    fig = ax.figure
    ax.set_xticks(list(positions), [shorten(label) for label in labels])
    literal(ax.get_xticklabels())
    fig.draw_without_rendering()
    if not overlaps(ax.get_xticklabels()):
        return
    height = ax.get_position().height * fig.get_figheight()
    # Upright, the longest label takes its width in height: the figure grows by it first, so
    # that the axes are not squashed to nothing on the way.
    longest = max(t.get_window_extent().width for t in ax.get_xticklabels())
    w, h = fig.get_size_inches()
    fig.set_size_inches(w, h + longest / fig.dpi)
    ax.tick_params(axis="x", labelrotation=90)
    for _ in range(8):
        _layout(fig)
        ticks = ax.get_xticklabels()
        w, h = fig.get_size_inches()
        short = height - ax.get_position().height * h
        if not overlaps(ticks) and short < 0.02:
            return
        pitch = ax.get_window_extent().width / max(len(positions), 1)
        # Upright, a label's width on the axis is its line height: the pitch it needs.
        thick = max(t.get_window_extent().width for t in ticks) + 2.0
        wider = 1.0 if not overlaps(ticks) else max(1.1, thick / max(pitch, 1.0))
        fig.set_size_inches(w * wider, h + max(short, 0.0))


def _layout(fig: Any) -> None:
    # A squashed intermediate layout is what the callers' loops grow the figure out of.
    with STATE_LOCK, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "constrained_layout not applied")
        fig.draw_without_rendering()
