"""Demos as plain objects: engine state that a view advances step by step and draws from a `Frame`.

A demo knows nothing of screens or timers. The tutor's one live-run component calls `step()` as many
times per animation tick as its time budget allows, then draws `frame()` once. A staged demo (the
computation graph, the matrices of lesson 3) sets `live = False` and advances one stage per press.
Keeping this pure Python means the tests can drive every demo without a terminal.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

SeriesStyle = Literal["line", "scatter", "marker"]
#: How a line is drawn, so that lines differ by look and not by colour alone: "solid" (a thin
#: braille stroke), "dotted" (·), "dashed" (-) or "beaded" (•). The legend shows the same look.
LineStyle = Literal["solid", "dotted", "dashed", "beaded"]
#: How the y-axis is scaled: "auto" switches to a logarithmic axis (or a symmetric-log one when
#: values change sign) once the values span more than three decades, as a diverging run does.
AxisScale = Literal["linear", "log", "symlog", "auto"]
#: Colour roles a chart may ask for. The tutor maps them to the Okabe–Ito colour-blind-safe palette
#: (adjusted for light or dark themes); "ink" is the theme's own text colour and "faint" a quiet
#: tone for backgrounds. Meaning never rests on the colour alone: glyphs and line styles carry it.
COLOR_ROLES = ("ink", "faint", "orange", "sky", "green", "yellow", "blue", "vermillion", "purple")


@dataclass(frozen=True)
class Series:
    """Points of one curve or cloud on a chart.

    `marker` is the glyph of a scatter or marker series (one character); `line` is how a line
    series is drawn. `emphasis` draws the glyphs in reverse video (the current point of a run).
    A series with a `label` appears in the chart's legend with its glyph or line look.
    """

    x: Sequence[float] | np.ndarray
    y: Sequence[float] | np.ndarray
    label: str = ""
    style: SeriesStyle = "line"
    color: str | None = None
    marker: str | None = None
    line: LineStyle = "solid"
    emphasis: bool = False


@dataclass(frozen=True)
class Shading:
    """A field drawn behind a chart's series: `values` on the grid `x` × `y`, in bands.

    `values[i, j]` is the value at (x[j], y[i]). Band k holds the values below `edges[k]` (and at
    or above `edges[k − 1]`); the last band holds everything from the last edge up, so there is one
    more glyph and colour than edges. The tutor samples the field at every empty cell of the plot
    (whatever its size) and draws that cell's band glyph in its colour; series are drawn on top.
    Pick glyphs that tell the bands apart without colour (for example `· : ░ ▒`).
    """

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    edges: tuple[float, ...]
    glyphs: tuple[str, ...]
    colors: tuple[str, ...]
    #: What the shading means, for the legend (for example "J: light low → dense high").
    label: str = ""

    def __post_init__(self) -> None:
        bands = len(self.edges) + 1
        if len(self.glyphs) != bands or len(self.colors) != bands:
            raise ValueError(
                f"Shading with {len(self.edges)} edges needs {bands} glyphs and colours, "
                f"got {len(self.glyphs)} and {len(self.colors)}"
            )
        shape = np.shape(self.values)
        if shape != (len(self.y), len(self.x)):
            raise ValueError(f"Shading values must have shape (len(y), len(x)); got {shape}")

    def bands(self, values: np.ndarray) -> np.ndarray:
        """The band index of each value (0 … len(edges)); non-finite values fall in the last."""
        values = np.asarray(values, dtype=float)
        index = np.searchsorted(np.asarray(self.edges, dtype=float), values, side="right")
        return np.where(np.isfinite(values), index, len(self.edges))


@dataclass(frozen=True)
class Chart:
    """One plot: the component decimates long series to its width before drawing.

    `whole_x` asks for whole-number ticks on the x-axis (iterations); `yscale` for a log or
    symmetric-log y-axis (or "auto"); `shading` is a banded field drawn behind the series; `note`
    is a short line the legend row adds after the series (what the shading means, say).
    """

    title: str
    series: tuple[Series, ...]
    xlabel: str = ""
    ylabel: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    whole_x: bool = False
    yscale: AxisScale = "linear"
    shading: Shading | None = None
    note: str = ""


@dataclass(frozen=True)
class TextPanel:
    """Preformatted text (a computation graph, a matrix, an update with its numbers)."""

    title: str
    body: str


@dataclass(frozen=True)
class Control:
    """A demo-specific key: `action` is passed to `Demo.act`."""

    key: str
    action: str
    description: str


@dataclass(frozen=True)
class Frame:
    """Everything a demo shows at one moment."""

    charts: tuple[Chart, ...] = ()
    panels: tuple[TextPanel, ...] = ()
    status: str = ""


class Demo(ABC):
    """Base class of every demo: reset, step, act on a control, describe the current frame."""

    title: str = ""
    controls: tuple[Control, ...] = ()
    #: Live demos run on a timer; staged ones advance one stage per key press.
    live: bool = True
    # What the live view (tutor/widgets/demo_view.py) reads, declared here so it needs no guessing:
    #: Engine steps per animation tick at 30 Hz (0.5 = one step every other tick); None lets the
    #: view spread `max_iterations` over about ten seconds of play.
    steps_per_tick: float | None = None
    #: The run's iteration limit, when it has one.
    max_iterations: int | None = None
    #: The current iteration of a live run (None for a demo without one); the view appends
    #: "iteration N" to the status unless the status already names it.
    iteration: int | None = None

    @abstractmethod
    def reset(self) -> None:
        """Start again from the demo's initial state (keeping the learner's settings)."""

    @abstractmethod
    def step(self) -> bool:
        """Advance one engine step or one stage; False once there is nothing more to do."""

    @property
    @abstractmethod
    def finished(self) -> bool:
        """True when the run has ended (converged, reached its limit, diverged, or fully staged)."""

    @abstractmethod
    def frame(self) -> Frame:
        """What to draw now."""

    def act(self, action: str) -> None:  # noqa: B027 - optional hook
        """React to one of `controls`; demos without controls ignore it."""

    def summary(self) -> str:
        """One line describing the finished run (outcome, final cost, iterations)."""
        return ""


@dataclass
class History:
    """A capped per-iteration history that thins itself instead of growing without bound.

    When full, every second point is dropped and the stride doubles, so an hour-long run keeps the
    whole curve's shape in constant memory (two preallocated arrays, nothing allocated per step).
    The newest point is always shown, even between kept points, so a live curve ends at the
    current iteration rather than up to `stride` iterations behind it.
    """

    cap: int = 2048
    _x: np.ndarray = field(init=False, repr=False)
    _y: np.ndarray = field(init=False, repr=False)
    _n: int = field(default=0, init=False)
    _tail: int = field(default=0, init=False)
    _stride: int = field(default=1, init=False)
    _seen: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.cap < 4 or self.cap % 2:
            raise ValueError("History cap must be an even number of at least 4")
        # One spare slot holds the newest point when the stride would otherwise skip it.
        self._x = np.empty(self.cap + 1)
        self._y = np.empty(self.cap + 1)

    def append(self, x: float, y: float) -> None:
        """Record one point; only every `stride`-th point is kept once the history has thinned."""
        index = self._seen
        self._seen += 1
        if index % self._stride and self._n < self.cap:
            self._x[self._n] = x
            self._y[self._n] = y
            self._tail = 1
            return
        if self._n == self.cap:
            half = self.cap // 2
            self._x[:half] = self._x[0 : self.cap : 2]
            self._y[:half] = self._y[0 : self.cap : 2]
            self._n = half
            self._stride *= 2
        self._x[self._n] = x
        self._y[self._n] = y
        if index % self._stride:
            self._tail = 1
        else:
            self._n += 1
            self._tail = 0

    def clear(self) -> None:
        """Forget every point (a reset), keeping the preallocated arrays."""
        self._n = 0
        self._tail = 0
        self._stride = 1
        self._seen = 0

    def __len__(self) -> int:
        return self._n + self._tail

    @property
    def seen(self) -> int:
        """How many points were appended since the last clear (kept or not)."""
        return self._seen

    @property
    def stride(self) -> int:
        """Every `stride`-th appended point is kept."""
        return self._stride

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n + self._tail]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n + self._tail]

    @property
    def last(self) -> tuple[float, float] | None:
        """The newest point, or None when empty."""
        size = self._n + self._tail
        if not size:
            return None
        return float(self._x[size - 1]), float(self._y[size - 1])


def decimate(x: np.ndarray, y: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """Reduce a series to at most 2·buckets points, keeping each bucket's min and max.

    Drawing cost grows with points, but a terminal column can only show a vertical span; keeping the
    extremes of each bucket keeps spikes and the curve's envelope visible. Non-finite values are
    never chosen as an extreme (a bucket of only non-finite values keeps its first point). Runs
    without a Python loop over buckets: it is called for every chart on every frame.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    if len(y) != n:
        raise ValueError(f"decimate needs x and y of the same length, got {n} and {len(y)}")
    if buckets < 1 or n <= 2 * buckets:
        return x, y
    edges = np.linspace(0, n, buckets + 1).astype(np.intp)
    sizes = np.diff(edges)
    starts = edges[:-1][sizes > 0]
    finite = np.isfinite(y)
    low = np.where(finite, y, np.inf)
    high = np.where(finite, -y, np.inf)
    i_min = _first_extreme(low, starts, sizes[sizes > 0])
    i_max = _first_extreme(high, starts, sizes[sizes > 0])
    index = np.unique(np.concatenate((i_min, i_max)))
    return x[index], y[index]


def _first_extreme(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Index of the first smallest value in each contiguous bucket (vectorised argmin per bucket).

    Ties and buckets holding only +inf pick the bucket's earliest point.
    """
    smallest = np.minimum.reduceat(values, starts)
    hits = np.flatnonzero(values == np.repeat(smallest, sizes))
    owner = np.searchsorted(starts, hits, side="right")
    first = np.ones(len(hits), dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    return hits[first]
