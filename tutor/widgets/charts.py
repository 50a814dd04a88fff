"""Drawing a demo's `Chart` into a textual-plotext plot, cheaply enough to do it every frame.

Plotext's cost grows with the number of points, and a terminal column can show only a vertical
span, so each line series is decimated to about two points per column (min and max of each
bucket) before plotting. A chart whose data did not change is not redrawn at all, and a chart in a
space too small for axes shows one line of numbers instead of a broken plot.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any, ClassVar

import numpy as np
from plotext._utility import colors_to_ansi
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from engine import numfmt
from lessons.demo import Chart, Series, decimate

#: Below this size a plot has no room for its axes and title; show the text fallback instead.
MIN_PLOT_WIDTH = 24
MIN_PLOT_HEIGHT = 7
#: Scatter clouds are not decimated (a cloud has no order), only thinned past this many points.
MAX_SCATTER_POINTS = 4000
#: Plotext reserves about this many columns for the y-axis ticks and frame.
AXIS_COLUMNS = 10


def format_value(value: float) -> str:
    """A number for the fallback line: 4 significant digits, Unicode minus, never 'nan'."""
    return numfmt.number(value, 4)


def _finite_points(series: Series) -> tuple[np.ndarray, np.ndarray]:
    """The series' points with any inf/NaN dropped: plotext cannot place them and must not try."""
    x = np.asarray(series.x, dtype=float).ravel()
    y = np.asarray(series.y, dtype=float).ravel()
    size = min(len(x), len(y))
    x, y = x[:size], y[:size]
    keep = np.isfinite(x) & np.isfinite(y)
    if not keep.all():
        x, y = x[keep], y[keep]
    return x, y


def plot_points(series: Series, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """The points actually handed to plotext for a plot `columns` characters wide."""
    x, y = _finite_points(series)
    if series.style == "line":
        return decimate(x, y, max(1, columns))
    if len(x) > MAX_SCATTER_POINTS:
        step = math.ceil(len(x) / MAX_SCATTER_POINTS)
        return x[::step], y[::step]
    return x, y


def _array_key(values: Any) -> Hashable:
    array = np.ascontiguousarray(values, dtype=float)
    return (array.shape, hash(array.tobytes()))


def chart_key(chart: Chart) -> Hashable:
    """A cheap fingerprint of everything a chart draws, to skip redrawing an unchanged chart."""
    return (
        chart.title,
        chart.xlabel,
        chart.ylabel,
        chart.xlim,
        chart.ylim,
        tuple(
            (s.label, s.style, s.color, s.marker, _array_key(s.x), _array_key(s.y))
            for s in chart.series
        ),
    )


def draw_chart(plt: Any, chart: Chart, columns: int) -> int:
    """Clear the plot's data and plot `chart` for a plot `columns` wide; return points plotted."""
    plt.clear_figure()
    plotted = 0
    for series in chart.series:
        x, y = plot_points(series, columns)
        if not len(x):
            continue
        options: dict[str, Any] = {}
        if series.label:
            options["label"] = series.label
        if series.color:
            options["color"] = series.color
        if series.style == "line":
            options["marker"] = series.marker or "braille"
            plt.plot(x.tolist(), y.tolist(), **options)
        else:
            options["marker"] = series.marker or ("●" if series.style == "marker" else "dot")
            plt.scatter(x.tolist(), y.tolist(), **options)
        plotted += len(x)
    plt.title(chart.title)
    if chart.xlabel:
        plt.xlabel(chart.xlabel)
    if chart.ylabel:
        plt.ylabel(chart.ylabel)
    if chart.xlim is not None and all(math.isfinite(v) for v in chart.xlim):
        plt.xlim(*chart.xlim)
    if chart.ylim is not None and all(math.isfinite(v) for v in chart.ylim):
        plt.ylim(*chart.ylim)
    return plotted


def chart_summary(chart: Chart) -> str:
    """One line of numbers standing in for a chart that has no room to be drawn."""
    parts = []
    for series in chart.series:
        if series.style != "line":
            continue
        y = np.asarray(series.y, dtype=float).ravel()
        if not len(y):
            continue
        name = series.label or "value"
        finite = y[np.isfinite(y)]
        text = f"{name} {format_value(float(y[-1]))}"
        if len(finite) > 1:
            text += f" (min {format_value(float(finite.min()))})"
        parts.append(text)
    body = "; ".join(parts) if parts else "too small to draw"
    return f"{chart.title}: {body}"


class FastPlot(PlotextPlot):
    """A PlotextPlot drawn line by line straight from plotext's character matrix.

    The stock widget asks plotext for one ANSI string per frame and has Rich parse it back into
    styled text (about 25 ms per chart at 60×30, most of a frame's budget). Plotext already holds
    the characters and colours of every cell; turning runs of equal colours into segments, with
    one cached Rich style per colour triple, gives the same picture in a few milliseconds.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] | None = None
        self._strips_key: tuple[int, int, str] | None = None
        self._styles: dict[tuple[Any, Any, Any], Style] = {}

    def invalidate(self) -> None:
        """The figure changed: rebuild the lines at the next paint."""
        self._strips = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        theme = self._get_plotext_theme_name(self.app.theme)
        key = (width, height, theme)
        if self._strips is None or self._strips_key != key:
            self._strips = self._build_strips(width, height, theme)
            self._strips_key = key
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width)

    def _style(self, colors: tuple[Any, Any, Any]) -> Style:
        style = self._styles.get(colors)
        if style is None:
            decoded = Text.from_ansi(colors_to_ansi(*colors) + "x")
            style = decoded.get_style_at_offset(_NULL_CONSOLE, 0) if decoded.spans else Style()
            self._styles[colors] = style
        return style

    def _build_strips(self, width: int, height: int, theme: str) -> list[Strip]:
        plt = self._plot
        plt.plotsize(width, height)
        plt._set_size(width, height)
        plt.theme(theme)
        plt._set_sizes()
        plt._build_matrix()
        matrix = plt.monitor.matrix
        strips = []
        for row in reversed(range(matrix.rows)):
            markers = matrix.marker[row]
            colors = list(
                zip(matrix.fullground[row], matrix.style[row], matrix.background[row], strict=True)
            )
            segments = []
            start = 0
            for col in range(1, len(markers) + 1):
                if col == len(markers) or colors[col] != colors[start]:
                    text = "".join(markers[start:col])
                    segments.append(Segment(text, self._style(colors[start])))
                    start = col
            strips.append(Strip(segments).adjust_cell_length(width))
        return strips


def _console() -> Any:
    from rich.console import Console

    return Console(width=80, color_system="truecolor", file=None, force_terminal=True)


_NULL_CONSOLE = _console()


class ChartView(Widget):
    """One demo chart: a PlotextPlot redrawn only when its data or size changes."""

    DEFAULT_CSS: ClassVar[str] = """
    ChartView {
        width: 1fr;
        height: 1fr;
        min-height: 1;
    }
    ChartView > FastPlot {
        width: 1fr;
        height: 1fr;
    }
    ChartView > .chart-fallback {
        display: none;
        height: auto;
        color: $text-muted;
    }
    ChartView.-compact > FastPlot {
        display: none;
    }
    ChartView.-compact > .chart-fallback {
        display: block;
    }
    """

    def __init__(self, chart: Chart | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart = chart
        self._drawn_key: Hashable | None = None
        #: How many times the plot was actually rebuilt (tests and benchmarks read this).
        self.draws = 0
        #: How many points went to plotext on the last draw.
        self.points = 0
        self._fallback = ""

    def compose(self) -> ComposeResult:
        yield FastPlot()
        yield Static(classes="chart-fallback", markup=False)

    @property
    def plot(self) -> FastPlot:
        return self.query_one(FastPlot)

    @property
    def compact(self) -> bool:
        """True when the chart shows its one-line text fallback instead of a plot."""
        return self.has_class("-compact")

    @property
    def fallback_text(self) -> str:
        """The one-line stand-in shown while the chart is too small to draw."""
        return self._fallback

    def show(self, chart: Chart) -> bool:
        """Display `chart`; return True if anything was redrawn (False when unchanged)."""
        self.chart = chart
        return self._draw()

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._draw()

    def _draw(self) -> bool:
        chart = self.chart
        if chart is None or not self.is_attached:
            return False
        width, height = self.size
        compact = width < MIN_PLOT_WIDTH or height < MIN_PLOT_HEIGHT
        columns = max(1, width - AXIS_COLUMNS)
        key = (chart_key(chart), compact, width, height)
        if key == self._drawn_key:
            return False
        self._drawn_key = key
        self.set_class(compact, "-compact")
        if compact:
            self._fallback = chart_summary(chart)
            self.query_one(".chart-fallback", Static).update(Text(self._fallback))
        else:
            plot = self.plot
            self.points = draw_chart(plot.plt, chart, columns)
            plot.invalidate()
        self.draws += 1
        return True
