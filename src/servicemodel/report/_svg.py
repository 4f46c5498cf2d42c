"""Matplotlib set up to write small, byte-reproducible, accessible inline SVG.

Matplotlib is imported only here and only when a chart is drawn (the ``report`` extra). A
figure is drawn on an Agg canvas (no pyplot, no global backend change, nothing shown) and
saved as SVG with text kept as text (``svg.fonttype = "none"``: searchable, printable, no font
embedded or fetched), ids salted with the chart's id (``svg.hashsalt``: the same input gives
the same bytes, and ids never clash between charts on one page) and no date in the metadata.
The SVG is then made inline-ready: no XML prolog, a ``<title>`` and ``<desc>`` the ``role="img"``
element is labelled by, and a ``viewBox`` that scales with the page.

Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), chosen to be
told apart with every common colour-vision deficiency; series also differ by marker or line
style, so a grey print stays readable. The palette, and how a chart of many series stays
readable (legend outside, a note naming the series not drawn, ticks that never overlap), are
the ones of the ``.plot()`` methods (``servicemodel.kpi._plot_layout``). A shortened legend
label keeps its full text as a tooltip: ``to_svg`` puts a ``<title>`` in the label's group.

Examples:
    >>> PALETTE[0], len(PALETTE)
    ('#0072B2', 8)
"""

from __future__ import annotations

import contextlib
import html
import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

from servicemodel.errors import MissingExtraError
from servicemodel.kpi._shared import MARKERS, PALETTE, STATE_LOCK

__all__ = ["MARKERS", "PALETTE", "figure", "have_matplotlib", "style", "to_svg"]

_RC: Any = {  # Any: matplotlib types its keys as a Literal of every rcParam
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # shipped with matplotlib: laid out with its metrics
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.edgecolor": "#555555",
    "legend.frameon": False,
    "path.simplify": True,
}


def have_matplotlib() -> bool:
    """Return whether matplotlib can be imported (the ``report`` extra).

    Examples:
        >>> isinstance(have_matplotlib(), bool)
        True
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def style() -> Any:
    """Return a context manager with the report's matplotlib style (draw the chart inside).

    The style is matplotlib's ``rcParams``, which the whole process shares: the context holds
    the lock every change of them by the library takes, so charts drawn in several threads
    at once each get the style (and ``to_svg`` its own ids), one after the other, and the
    host's ``rcParams`` are restored after each.

    Raises ``MissingExtraError`` naming the ``report`` extra when matplotlib is missing.
    """
    try:
        import matplotlib
    except ImportError as exc:  # chained: a broken install shows its own cause
        raise MissingExtraError("report", "charts", "matplotlib") from exc
    return _styled(matplotlib)


@contextlib.contextmanager
def _styled(matplotlib: Any) -> Iterator[None]:
    with STATE_LOCK, matplotlib.rc_context(_RC):
        yield


def figure(width: float, height: float) -> Any:
    """Return a new matplotlib figure of ``width`` x ``height`` inches on an Agg canvas.

    Raises ``MissingExtraError`` naming the ``report`` extra when matplotlib is missing.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:  # chained: a broken install shows its own cause
        raise MissingExtraError("report", "charts", "matplotlib") from exc
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def to_svg(
    fig: Any, chart_id: str, title: str, desc: str, tooltips: Mapping[str, str] | None = None
) -> str:
    """Return ``fig`` as an inline ``<svg>`` element labelled by ``title`` and ``desc``.

    ``chart_id`` salts the SVG's ids and prefixes the title and description ids;
    ``tooltips`` maps an artist's ``gid`` to a ``<title>`` put first in its group (a
    shortened legend label's full text, shown on hover and read by screen readers).
    """
    import matplotlib

    buf = io.StringIO()
    rc: Any = {"svg.fonttype": "none", "svg.hashsalt": chart_id, "svg.id": chart_id}
    with STATE_LOCK, matplotlib.rc_context(rc):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "servicemodel"})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    label = f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart"'
    text = text.replace("<svg", label, 1)
    head_end = text.index(">") + 1
    meta = (
        f'<title id="{chart_id}-title">{html.escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{html.escape(desc)}</desc>'
    )
    # Matplotlib's own <metadata> block (RDF) is dropped: the title and desc say it better.
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", text[head_end:], count=1, flags=re.S)
    # Six decimals of a point are far below a pixel: two keep the page small.
    body = _DECIMALS.sub(r"\1", body)
    for gid, tip in (tooltips or {}).items():
        body = body.replace(
            f'<g id="{gid}">', f'<g id="{gid}"><title>{html.escape(tip)}</title>', 1
        )
    return text[:head_end] + meta + _prefix_ids(body.strip(), chart_id) + "\n"


_DECIMALS = re.compile(r"(\d\.\d\d)\d+")


def _prefix_ids(text: str, chart_id: str) -> str:
    # Matplotlib numbers its groups per figure (figure_1, axes_1 ...): prefix every id and
    # every reference to one, so that ids stay unique on a page of many charts.
    def own(name: str) -> str:
        return name if name.startswith(f"{chart_id}-") else f"{chart_id}-{name}"

    text = re.sub(r' id="([^"]+)"', lambda m: f' id="{own(m.group(1))}"', text)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{own(m.group(1))}"', text)
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{own(m.group(1))})", text)
