"""Drawing a demo's `Chart` into a textual-plotext plot, cheaply enough to do it every frame.

Plotext's cost grows with the number of points, and a terminal column can show only a vertical
span, so each line series is decimated to about two points per column (min and max of each
bucket) before plotting. A chart whose data did not change is not redrawn at all, and a chart in a
space too small for axes shows one line of numbers instead of a broken plot.

Meaning never rests on colour alone: each line style has its own look (solid, dotted, dashed,
beaded), each scatter its own glyph, and the legend row under the plot shows them. Colours come
from the Okabe–Ito palette, chosen for the app's light or dark theme; with NO_COLOR every glyph is
drawn in the theme's text colour (a shading in a quieter grey), so the picture reads the same.

Everything that touches plotext's private parts (its character matrix, its canvas geometry, its
size setters) is gathered here; `check_plotext()` says clearly when an installed plotext or
textual-plotext no longer has them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any, ClassVar

import numpy as np
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
from lessons.demo import Chart, Series, Shading, decimate

try:  # plotext's private colour encoder: the one way to read its matrix colours back
    from plotext._utility import colors_to_ansi
except ImportError:  # pragma: no cover - reported by check_plotext()
    colors_to_ansi = None

#: Below this size a plot has no room for its axes and title; show the text fallback instead.
MIN_PLOT_WIDTH = 24
MIN_PLOT_HEIGHT = 6
#: Scatter clouds are not decimated (a cloud has no order), only thinned past this many points.
MAX_SCATTER_POINTS = 4000
#: Plotext reserves about this many columns for the y-axis ticks and frame.
AXIS_COLUMNS = 10
#: Rows the plot spends on its title, x ticks, x label and frame.
AXIS_ROWS = 5
#: The plotext versions whose private parts this module was written against.
PLOTEXT_SERIES = "5.3"

Color = tuple[int, int, int]

#: The Okabe–Ito colour-blind-safe palette (Okabe & Ito, 2008), by role, for dark and light themes.
#: On a dark background its dark blue is lifted a little; on a light one its yellow is darkened.
OKABE_ITO: dict[bool, dict[str, Color]] = {
    True: {
        "orange": (230, 159, 0),
        "sky": (86, 180, 233),
        "green": (0, 158, 115),
        "yellow": (240, 228, 66),
        "blue": (60, 140, 220),
        "vermillion": (213, 94, 0),
        "purple": (204, 121, 167),
    },
    False: {
        "orange": (200, 130, 0),
        "sky": (40, 140, 200),
        "green": (0, 130, 95),
        "yellow": (150, 135, 0),
        "blue": (0, 114, 178),
        "vermillion": (213, 94, 0),
        "purple": (170, 80, 135),
    },
}
#: Older colour names a demo may still use, mapped to the palette's roles.
COLOR_ALIASES = {
    "red": "vermillion",
    "magenta": "purple",
    "cyan": "sky",
    "white": "ink",
    "black": "ink",
    "gray": "faint",
    "grey": "faint",
}
#: How each line style is drawn by plotext, and how the legend shows it.
LINE_MARKERS = {"solid": "braille", "dotted": "·", "dashed": "-", "beaded": "•"}
LINE_SAMPLES = {"solid": "──", "dotted": "··", "dashed": "--", "beaded": "••"}
#: A scatter or marker series without its own glyph.
DEFAULT_GLYPHS = {"scatter": "•", "marker": "●"}


def check_plotext() -> None:
    """Raise RuntimeError naming what is missing when plotext or textual-plotext changed.

    The charts rely on plotext 5.3's private character matrix (markers and colours per cell),
    its canvas geometry and size setters, and on textual-plotext's `_plot` and theme naming.
    Plotext 6 and later restructured all of these.
    """
    import plotext

    problems = []
    version = getattr(plotext, "__version__", None)
    if version is None:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as installed

        try:
            version = installed("plotext")
        except PackageNotFoundError:  # pragma: no cover
            version = "unknown"
    if not str(version).startswith(PLOTEXT_SERIES + "."):
        problems.append(f"plotext {version} is installed; the charts need {PLOTEXT_SERIES}.x")
    if colors_to_ansi is None:
        problems.append("plotext._utility.colors_to_ansi is gone")
    from textual_plotext.plot import Plot

    plot = Plot()
    for name in ("plotsize", "_set_size", "_set_sizes", "_build_matrix", "theme", "monitor"):
        if not hasattr(plot, name):
            problems.append(f"textual_plotext Plot has no {name}")
    if not hasattr(PlotextPlot, "_get_plotext_theme_name"):
        problems.append("PlotextPlot._get_plotext_theme_name is gone")
    if not problems:
        try:
            plot.scatter([0.0, 1.0], [0.0, 1.0], marker="o")
            plot.plotsize(30, 10)
            plot._set_size(30, 10)
            plot._set_sizes()
            plot._build_matrix()
            matrix = plot.monitor.matrix
            for name in ("marker", "fullground", "style", "background", "rows", "Cols_canvas"):
                if not hasattr(matrix, name):
                    problems.append(f"plotext's matrix has no {name}")
            if not any("o" in row for row in matrix.marker):
                problems.append("plotext's matrix does not hold the plotted glyphs")
            for name in ("xlim", "ylim"):
                if not hasattr(plot.monitor, name):
                    problems.append(f"plotext's monitor has no {name}")
        except Exception as error:  # any failure here is the finding
            problems.append(f"building a plot failed: {error!r}")
    if problems:
        raise RuntimeError(
            "gd-tutor's charts need plotext 5.3.x with textual-plotext 1.x: "
            + "; ".join(problems)
            + ". Install the versions pinned in pyproject.toml."
        )


def blend(a: Color, b: Color, share: float) -> Color:
    """`share` of b mixed into a."""
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def palette(
    dark: bool, ink: Color, faint: Color, background: Color | None = None
) -> dict[str, Color]:
    """Every colour role for one theme: Okabe–Ito, the theme's text colour and a quiet tone.

    Each Okabe–Ito role also has a "faint-" twin halfway to the background, for shadings.
    """
    background = background or ((30, 30, 30) if dark else (245, 245, 245))
    colors = dict(OKABE_ITO[dark])
    for name, value in list(colors.items()):
        colors[f"faint-{name}"] = blend(background, value, 0.55)
    colors["ink"] = ink
    colors["faint"] = faint
    return colors


def resolve_color(name: str | None, colors: dict[str, Color]) -> Color:
    """The colour of a role (or an older colour name); unknown names get the text colour."""
    if not name:
        return colors["ink"]
    return colors.get(COLOR_ALIASES.get(name, name), colors["ink"])


def format_value(value: float) -> str:
    """A number for the fallback line: 4 significant digits, Unicode minus, never 'nan'."""
    return numfmt.number(value, 4)


def tick_label(value: float, step: float) -> str:
    """A tick label with just the decimals its spacing needs: no float noise, never −0."""
    if value == 0 or abs(value) < abs(step) * 1e-6:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return numfmt.number(value, 2)
    spacing = numfmt.number(abs(step), 3) if step else "0.01"
    decimals = len(spacing.split(".")[1]) if "." in spacing and "e" not in spacing else 0
    return numfmt.number(value, 6) if decimals > 4 else numfmt.fixed(value, decimals, trim=True)


def nice_ticks(lo: float, hi: float, count: int, *, whole: bool = False) -> list[float]:
    """About `count` round tick values inside [lo, hi] (1, 2 or 5 times a power of ten).

    With `whole`, ticks are whole numbers (iterations): never 176.5.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or count < 2:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(1, count - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    candidates = [m * power * scale for scale in (0.1, 1, 10) for m in (1, 2, 2.5, 5)]
    if whole:
        candidates = [c for c in candidates if c >= 1 and c == int(c)] or [1.0]

    def fits(step: float) -> int:
        return math.floor(hi / step + 1e-9) - math.ceil(lo / step - 1e-9) + 1

    # The finest round step that gives at most `count` ticks (and at least two if it can).
    usable = [c for c in sorted(candidates) if 2 <= fits(c) <= count]
    step = usable[0] if usable else max(candidates)
    first = math.ceil(lo / step - 1e-9) * step
    ticks: list[float] = []
    value = first
    while value <= hi + step * 1e-9 and len(ticks) < 50:
        ticks.append(round(value, 12))
        value += step
    return ticks


def fit_title(title: str, width: int) -> str:
    """A title that fits `width` (plotext drops one that does not): shortened, not cut.

    Drops a trailing "(…)" aside first, then trailing " · " parts, and only then ends in "…".
    """
    while len(title) > width:
        if title.endswith(")") and " (" in title:
            title = title[: title.rindex(" (")].rstrip()
        elif " · " in title:
            title = title[: title.rindex(" · ")].rstrip()
        else:
            return title[: max(1, width - 1)].rstrip() + "…"
    return title


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


_SHADING_KEYS: dict[int, tuple[Shading, Hashable]] = {}


def shading_key(shading: Shading | None) -> Hashable:
    """A fingerprint of what a shading draws: its grid and the band of every grid point.

    A new Shading whose bands did not change (the regions of a network between two refreshes,
    when only ŷ's decimals moved) draws the same picture and must not cost a redraw. Computed
    once per Shading object.
    """
    if shading is None:
        return None
    cached = _SHADING_KEYS.get(id(shading))
    if cached is not None and cached[0] is shading:
        return cached[1]
    bands = shading.bands(np.asarray(shading.values, dtype=float)).astype(np.int8)
    key = (
        _array_key(shading.x),
        _array_key(shading.y),
        hash(bands.tobytes()),
        shading.glyphs,
        shading.colors,
    )
    if len(_SHADING_KEYS) > 64:
        _SHADING_KEYS.clear()
    _SHADING_KEYS[id(shading)] = (shading, key)
    return key


def chart_key(chart: Chart) -> Hashable:
    """A cheap fingerprint of everything a chart draws, to skip redrawing an unchanged chart."""
    return (
        chart.title,
        chart.xlabel,
        chart.ylabel,
        chart.xlim,
        chart.ylim,
        chart.whole_x,
        chart.yscale,
        chart.note,
        shading_key(chart.shading),
        tuple(
            (
                s.label,
                s.style,
                s.color,
                s.marker,
                s.line,
                s.emphasis,
                _array_key(s.x),
                _array_key(s.y),
            )
            for s in chart.series
        ),
    )


def series_glyph(series: Series) -> str:
    """What one series looks like on the plot and in the legend (a glyph or a line sample)."""
    if series.style == "line":
        if series.marker:
            return series.marker * 2
        return LINE_SAMPLES.get(series.line, LINE_SAMPLES["solid"])
    return series.marker or DEFAULT_GLYPHS[series.style]


def legend_entries(chart: Chart) -> list[tuple[str, str | None, str]]:
    """(glyph, colour role, label) of every labelled series, in drawing order."""
    return [(series_glyph(s), s.color, s.label) for s in chart.series if s.label]


# -- the y-axis scale ------------------------------------------------------------------------------


def _symlog(values: np.ndarray, scale: float) -> np.ndarray:
    return np.sign(values) * np.log10(1.0 + np.abs(values) / scale)


def _symlog_inverse(values: np.ndarray, scale: float) -> np.ndarray:
    return np.sign(values) * scale * (10.0 ** np.abs(values) - 1.0)


def choose_scale(chart: Chart) -> tuple[str, float]:
    """("linear" | "log" | "symlog", linear threshold) for the chart's y values.

    "auto" picks a log axis when positive values span more than three decades (a diverging cost)
    and a symmetric-log one when values of both signs do (a slope that flips and grows).
    """
    if chart.yscale == "linear":
        return "linear", 1.0
    values = [_finite_points(s)[1] for s in chart.series if s.style == "line"]
    y = np.concatenate(values) if values else np.empty(0)
    if not len(y):
        return "linear", 1.0
    magnitude = np.abs(y)
    top = float(magnitude.max())
    nonzero = magnitude[magnitude > 0]
    small = float(np.percentile(nonzero, 10)) if len(nonzero) else 0.0
    positive = bool((y > 0).all())
    spans = top > 0 and small > 0 and top / small > 1e3
    if chart.yscale == "log":
        return ("log", 1.0) if positive else ("symlog", max(small, 1e-12))
    if chart.yscale == "symlog":
        return "symlog", max(small, 1e-12)
    if not spans:
        return "linear", 1.0
    return ("log", 1.0) if positive else ("symlog", max(small, 1e-12))


def _scaled(y: np.ndarray, scale: str, threshold: float) -> np.ndarray:
    if scale == "log":
        return np.log10(y)
    if scale == "symlog":
        return _symlog(y, threshold)
    return y


def _log_ticks(lo: float, hi: float, scale: str, threshold: float, count: int) -> list[float]:
    """Tick values (in data units) at powers of ten across a log or symlog range."""
    if scale == "log":
        first, last = math.floor(lo), math.ceil(hi)
        powers = [10.0**k for k in range(first, last + 1)]
    else:
        top = float(_symlog_inverse(np.array([max(abs(lo), abs(hi))]), threshold)[0])
        k_lo = math.floor(math.log10(threshold))
        k_hi = math.ceil(math.log10(max(top, threshold)))
        positive = [10.0**k for k in range(k_lo, k_hi + 1)]
        powers = sorted({0.0, *positive, *(-p for p in positive)})
    inside = [
        p for p in powers if lo - 1e-9 <= float(_scaled(np.array([p]), scale, threshold)[0]) <= hi
    ]
    every = max(1, math.ceil(len(inside) / max(2, count)))
    return inside[::every]


def _power_label(value: float) -> str:
    if value == 0:
        return "0"
    exponent = round(math.log10(abs(value)))
    sign = "−" if value < 0 else ""
    text = numfmt.number(abs(value), 3) if -2 <= exponent <= 3 else numfmt.number(10.0**exponent)
    return sign + text


# -- drawing -------------------------------------------------------------------------------------


def draw_chart(
    plt: Any,
    chart: Chart,
    columns: int,
    rows: int | None = None,
    colors: dict[str, Color] | None = None,
) -> int:
    """Clear the plot's data and plot `chart` on a canvas about `columns` × `rows` cells.

    Returns how many points went to plotext. Ticks are chosen here (round values, whole numbers
    for iterations, powers of ten on a log axis) so labels never show float noise or −0.
    """
    colors = colors or palette(True, (220, 220, 220), (110, 110, 110))
    rows = rows if rows is not None else 12
    plt.clear_figure()
    scale, threshold = choose_scale(chart)
    plotted = 0
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for series in chart.series:
        x, y = plot_points(series, columns)
        if scale != "linear" and series.style == "line":
            keep = y > 0 if scale == "log" else np.ones(len(y), dtype=bool)
            x, y = x[keep], _scaled(y[keep], scale, threshold)
        elif scale != "linear":
            x, y = x[np.isfinite(y)], _scaled(y, scale, threshold)
            keep = np.isfinite(y)
            x, y = x[keep], y[keep]
        if not len(x):
            continue
        xs.append(x)
        ys.append(y)
        options: dict[str, Any] = {"color": resolve_color(series.color, colors)}
        if series.emphasis:
            options["style"] = "inverted"
        if series.style == "line":
            options["marker"] = series.marker or LINE_MARKERS.get(series.line, "braille")
            plt.plot(x.tolist(), y.tolist(), **options)
        else:
            options["marker"] = series.marker or DEFAULT_GLYPHS[series.style]
            plt.scatter(x.tolist(), y.tolist(), **options)
        plotted += len(x)
    title = chart.title + ("  (log scale)" if scale != "linear" else "")
    plt.title(fit_title(title, columns + AXIS_COLUMNS - 2))
    if chart.xlabel:
        plt.xlabel(chart.xlabel)
    # A log axis says so where it is read, beside the y ticks (the title may have no room).
    ylabel = chart.ylabel if scale == "linear" else f"{chart.ylabel} (log)".strip()
    if ylabel:
        plt.ylabel(ylabel)
    xlim = _limits(chart.xlim, xs, whole=chart.whole_x)
    ylim = (
        _limits(chart.ylim, ys)
        if scale == "linear"
        else _limits(None, ys, pad=0.05)  # a log axis fits its data
    )
    plt.xlim(*xlim)
    plt.ylim(*ylim)
    x_count = max(3, columns // 9)
    x_ticks = nice_ticks(*xlim, x_count, whole=chart.whole_x)
    x_step = x_ticks[1] - x_ticks[0] if len(x_ticks) > 1 else 1.0
    plt.xticks(x_ticks, [tick_label(v, x_step) for v in x_ticks])
    y_count = max(3, min(8, rows // 2))
    if scale == "linear":
        y_ticks = nice_ticks(*ylim, y_count)
        y_step = y_ticks[1] - y_ticks[0] if len(y_ticks) > 1 else 1.0
        plt.yticks(y_ticks, [tick_label(v, y_step) for v in y_ticks])
    else:
        values = _log_ticks(*ylim, scale, threshold, y_count)
        positions = _scaled(np.array(values, dtype=float), scale, threshold).tolist()
        plt.yticks(positions, [_power_label(v) for v in values])
    return plotted


def _limits(
    given: tuple[float, float] | None,
    data: Iterable[np.ndarray],
    *,
    whole: bool = False,
    pad: float = 0.0,
) -> tuple[float, float]:
    """The axis range: the chart's own if finite, else the data's (never empty, never 0 wide)."""
    if given is not None and all(math.isfinite(v) for v in given) and given[1] > given[0]:
        return float(given[0]), float(given[1])
    values = [d for d in data if len(d)]
    if not values:
        return (0.0, 1.0)
    joined = np.concatenate(values)
    lo, hi = float(joined.min()), float(joined.max())
    if whole:
        lo = math.floor(lo)
        hi = max(math.ceil(hi), lo + 1)
        return float(lo), float(hi)
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        half = 0.5 if lo == 0 else 0.1 * abs(lo)
        return lo - half, hi + half
    margin = pad * (hi - lo)
    return lo - margin, hi + margin


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


def shade_cells(
    shading: Shading,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    columns: int,
    rows: int,
) -> np.ndarray:
    """The band index of every canvas cell (rows × columns, row 0 at the bottom).

    Cell i of n sits at lo + i·(hi − lo)/(n − 1), as plotext places points; each cell takes the
    value of the nearest grid point of the field.
    """
    cx = np.linspace(xlim[0], xlim[1], columns) if columns > 1 else np.array([xlim[0]])
    cy = np.linspace(ylim[0], ylim[1], rows) if rows > 1 else np.array([ylim[0]])
    gx = np.asarray(shading.x, dtype=float)
    gy = np.asarray(shading.y, dtype=float)
    ix = np.clip(np.rint(np.interp(cx, gx, np.arange(len(gx)))).astype(np.intp), 0, len(gx) - 1)
    iy = np.clip(np.rint(np.interp(cy, gy, np.arange(len(gy)))).astype(np.intp), 0, len(gy) - 1)
    values = np.asarray(shading.values, dtype=float)[np.ix_(iy, ix)]
    bands = shading.bands(values)
    outside = (cx < gx.min()) | (cx > gx.max())
    bands[:, outside] = -1
    bands[(cy < gy.min()) | (cy > gy.max()), :] = -1
    return bands


def shade_matrix(
    plt: Any,
    shading: Shading,
    band_colors: list[Any],
    cache: tuple[Hashable, np.ndarray] | None = None,
) -> tuple[Hashable, np.ndarray] | None:
    """Fill the empty canvas cells of a built plotext matrix with `shading`'s band glyphs.

    Returns the (key, bands) pair to pass back as `cache` next time: the bands of each cell
    depend only on the shading, the axis limits and the canvas size.
    """
    monitor = plt.monitor
    matrix = monitor.matrix
    columns, rows = matrix.Cols_canvas, matrix.Rows_canvas
    if len(columns) < 2 or len(rows) < 2:
        return cache
    xlim, ylim = tuple(monitor.xlim[0]), tuple(monitor.ylim[0])
    if None in xlim or None in ylim:
        return cache
    key = (id(shading), xlim, ylim, len(columns), len(rows))
    if cache is None or cache[0] != key:
        cache = (key, shade_cells(shading, xlim, ylim, len(columns), len(rows)))
    bands = cache[1]
    glyphs = shading.glyphs
    col0, row0 = columns.start, rows.start
    markers, foreground = matrix.marker, matrix.fullground
    for r in range(len(rows)):
        line, paint = markers[row0 + r], foreground[row0 + r]
        band_row = bands[r]
        for c in range(len(columns)):
            band = band_row[c]
            if band >= 0 and line[col0 + c] == " ":
                line[col0 + c] = glyphs[band]
                paint[col0 + c] = band_colors[band]
    return cache


class FastPlot(PlotextPlot):
    """A PlotextPlot drawn line by line straight from plotext's character matrix.

    The stock widget asks plotext for one ANSI string per frame and has Rich parse it back into
    styled text (about 25 ms per chart at 60×30, most of a frame's budget). Plotext already holds
    the characters and colours of every cell; turning runs of equal colours into segments, with
    one cached Rich style per colour triple, gives the same picture in a few milliseconds.

    A `shading` fills the empty cells of the canvas with its band glyphs after plotext has drawn
    the series, so the series always stay on top. With `monochrome`, every glyph takes the text
    colour (the shading a quieter one): the glyphs alone carry the meaning.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] | None = None
        self._strips_key: tuple[Any, ...] | None = None
        self._styles: dict[tuple[Any, Any, Any], Style] = {}
        self.shading: Shading | None = None
        self.palette: dict[str, Color] = palette(True, (220, 220, 220), (110, 110, 110))
        self.monochrome = False
        self._shading_colors: set[Any] = set()
        self._bands_cache: tuple[Hashable, np.ndarray] | None = None

    def invalidate(self, *, refresh: bool = True) -> None:
        """The figure changed: build its lines now, while the caller holds the event loop anyway.

        Built here rather than at the next paint, the paint stays cheap: a key pressed meanwhile
        is shown without waiting for a chart. A plot not yet laid out is built at its first paint.
        With `refresh=False` the new lines wait for the caller's `refresh()` to be shown.
        """
        self._strips = None
        if self.size.area:
            self._ensure_strips()
        if refresh:
            self.refresh()

    def _ensure_strips(self) -> list[Strip]:
        width, height = self.size
        theme = self._get_plotext_theme_name(self.app.theme)
        key = (width, height, theme, self.monochrome)
        if self._strips is None or self._strips_key != key:
            if self._strips_key is None or self._strips_key[2:] != key[2:]:
                self._styles.clear()
            self._strips = self._build_strips(width, height, theme)
            self._strips_key = key
        return self._strips

    def render_line(self, y: int) -> Strip:
        strips = self._ensure_strips()
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width)

    def _style(self, colors: tuple[Any, Any, Any]) -> Style:
        style = self._styles.get(colors)
        if style is None:
            fg, text_style, bg = colors
            if self.monochrome and fg != "default":
                quiet = fg in self._shading_colors
                fg = self.palette["faint"] if quiet else self.palette["ink"]
            assert colors_to_ansi is not None
            decoded = Text.from_ansi(colors_to_ansi(fg, text_style, bg) + "x")
            style = decoded.get_style_at_offset(_NULL_CONSOLE, 0) if decoded.spans else Style()
            self._styles[colors] = style
        return style

    def _shade(self) -> None:
        """Fill the canvas's empty cells with the shading's band glyphs (series stay on top)."""
        if self.shading is None:
            return
        band_colors = [resolve_color(c, self.palette) for c in self.shading.colors]
        self._shading_colors = set(band_colors)
        self._bands_cache = shade_matrix(self._plot, self.shading, band_colors, self._bands_cache)

    def _build_strips(self, width: int, height: int, theme: str) -> list[Strip]:
        plt = self._plot
        plt.plotsize(width, height)
        plt._set_size(width, height)
        plt.theme(theme)
        plt._set_sizes()
        plt._build_matrix()
        self._shade()
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


def _rgb(color: Any) -> Color:
    return (int(color.r), int(color.g), int(color.b))


#: Palettes by Textual theme name.
_PALETTES: dict[str, dict[str, Color]] = {}


class ChartView(Widget):
    """One demo chart: a plot redrawn only when its data or size changes, with its legend row."""

    DEFAULT_CSS: ClassVar[str] = """
    ChartView {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        layout: vertical;
    }
    ChartView > FastPlot {
        width: 1fr;
        height: 1fr;
    }
    ChartView > .chart-legend {
        height: auto;
        padding: 0 1;
    }
    ChartView.-no-legend > .chart-legend {
        display: none;
    }
    ChartView > .chart-fallback {
        display: none;
        height: auto;
        color: $text-muted;
    }
    ChartView.-compact > FastPlot, ChartView.-compact > .chart-legend {
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
        self._legend_key: Hashable | None = None
        #: How many times the plot was actually rebuilt (tests and benchmarks read this).
        self.draws = 0
        #: How many points went to plotext on the last draw.
        self.points = 0
        self._fallback = ""
        self._unrevealed = False  # a prepared picture is waiting for `reveal`

    def compose(self) -> ComposeResult:
        yield FastPlot()
        yield Static(classes="chart-legend", markup=False)
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

    @property
    def legend_text(self) -> str:
        """The legend row as plain text ('' when no series is labelled)."""
        return str(self.query_one(".chart-legend", Static).render()) if self.chart else ""

    def show(self, chart: Chart) -> bool:
        """Display `chart`; return True if anything was redrawn (False when unchanged).

        `chart` may also be assigned alone: the view then holds the new data and draws it at the
        next `show`, resize or theme change (a key's answer is painted before the charts).
        """
        prepared = self.prepare(chart)
        return self.reveal() or prepared

    def prepare(self, chart: Chart) -> bool:
        """Build `chart`'s picture without showing it yet (`reveal` does); True if it changed."""
        self.chart = chart
        return self._draw(reveal=False)

    def reveal(self) -> bool:
        """Show a picture `prepare` built; False when there was none waiting."""
        if not self._unrevealed:
            return False
        self._unrevealed = False
        if self.is_attached:
            self.plot.refresh()
        return True

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._draw()

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, _theme: object) -> None:
        self._drawn_key = None
        self._legend_key = None
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._draw()

    def theme_palette(self) -> dict[str, Color]:
        """The palette for the app's current theme (worked out once per theme)."""
        cached = _PALETTES.get(self.app.theme)
        if cached is not None:
            return cached
        theme = self.app.current_theme
        variables = self.app.theme_variables
        from textual.color import Color as TextualColor

        ink = TextualColor.parse(variables.get("foreground", "#e0e0e0"))
        background = TextualColor.parse(variables.get("surface", "#1e1e1e"))
        faint = background.blend(ink, 0.45)
        colors = palette(bool(theme.dark), _rgb(ink), _rgb(faint), _rgb(background))
        _PALETTES[self.app.theme] = colors
        return colors

    def _legend(self, chart: Chart, colors: dict[str, Color], monochrome: bool, width: int) -> Text:
        """Glyph and label of each labelled series, then the chart's note, on one row if it fits.

        Entries are two spaces apart, or one when that keeps the legend on one row.
        """
        entries = legend_entries(chart)
        pieces = [f"{glyph} {label}" for glyph, _role, label in entries]
        if chart.note:
            pieces.append(chart.note)
        gap = "  " if len("  ".join(pieces)) <= width else " "
        text = Text(no_wrap=False, overflow="fold")
        for index, (glyph, role, label) in enumerate(entries):
            if index:
                text.append(gap)
            color = None if monochrome else resolve_color(role, colors)
            style = Style(color=f"rgb{color}" if color else None, bold=True)
            text.append(glyph, style)
            text.append(" " + label)
        if chart.note:
            if entries:
                text.append(gap)
            text.append(chart.note, Style(dim=True))
        return text

    def _draw(self, *, reveal: bool = True) -> bool:
        chart = self.chart
        if chart is None or not self.is_attached:
            return False
        monochrome = bool(getattr(self.app, "no_color", False))
        has_legend = bool(chart.note or any(s.label for s in chart.series))
        self.set_class(not has_legend, "-no-legend")
        width, height = self.size
        plot_height = height - (1 if has_legend else 0)
        compact = width < MIN_PLOT_WIDTH or plot_height < MIN_PLOT_HEIGHT
        columns = max(1, width - AXIS_COLUMNS)
        rows = max(1, plot_height - AXIS_ROWS)
        key = (chart_key(chart), compact, width, height, monochrome)
        if key == self._drawn_key:
            return False
        self._drawn_key = key
        self.set_class(compact, "-compact")
        colors = self.theme_palette()
        if compact:
            self._fallback = chart_summary(chart)
            self.query_one(".chart-fallback", Static).update(Text(self._fallback))
        else:
            plot = self.plot
            plot.palette = colors
            plot.monochrome = monochrome
            plot.shading = chart.shading
            self.points = draw_chart(plot.plt, chart, columns, rows, colors)
            plot.invalidate(refresh=reveal)
            self._unrevealed = not reveal
        legend_key = (tuple(legend_entries(chart)), chart.note, monochrome, width)
        if has_legend and legend_key != self._legend_key:
            self._legend_key = legend_key
            self.query_one(".chart-legend", Static).update(
                self._legend(chart, colors, monochrome, width - 2)
            )
        self.draws += 1
        return True
