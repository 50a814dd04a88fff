"""Two parameters: descent on logistic regression's J(w, b), seen from above.

The bowl J(w, b) is drawn as level curves on the (w, b) plane — every point of one curve has the
same cost — and the path of (w, b) crosses them downhill towards the bottom. Both updates are shown
with the numbers the engine used: w := w − α·∂J/∂w and b := b − α·∂J/∂b, taken together.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from engine.costs import LogisticCost2D, logistic_cost_2d
from engine.numfmt import alpha as alpha_text
from engine.numfmt import fixed, update_line
from engine.runner import Outcome, StepRecord, descent_2d
from lessons.demo import Chart, Control, Frame, History, Series, Shading, TextPanel
from lessons.demos.descent1d import StickyDecimals
from lessons.demos.run import ALPHA_CONTROLS, RunDemo, alpha_rung

#: α for the 2-D bowl: its slopes are gentle, so useful steps are larger than on the 1-D curve.
ALPHA_LADDER_2D: tuple[float, ...] = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 20.0, 40.0)

#: Starting points the learner cycles through; (0, 0) is the usual zeros initialisation.
STARTS: tuple[tuple[float, float], ...] = ((-4.0, 4.0), (5.0, -5.0), (0.0, 0.0), (-5.0, -5.0))


def level_points(
    values: np.ndarray, w: np.ndarray, b: np.ndarray, levels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the grid cells a level curve passes through, for every level.

    A cell is crossed by the curve J = ℓ when ℓ lies between the smallest and the largest of its
    four corner values: plotext has no contour plot, and this draws the true curves one cell thick.
    """
    corners = np.stack([values[:-1, :-1], values[:-1, 1:], values[1:, :-1], values[1:, 1:]])
    low, high = corners.min(axis=0), corners.max(axis=0)
    wc = 0.5 * (w[:-1] + w[1:])
    bc = 0.5 * (b[:-1] + b[1:])
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for level in levels:
        rows, cols = np.nonzero((low <= level) & (level < high))
        xs.append(wc[cols])
        ys.append(bc[rows])
    return np.concatenate(xs), np.concatenate(ys)


#: The bands of J(w, b), low cost to high: sparse glyphs to dense, bright to dim, so the bowl
#: reads as a shaded map with or without colour; the path and the point are drawn on top.
BAND_GLYPHS = (" ", "·", ":", "-", "=", "≡")
BAND_COLOURS = ("sky", "sky", "faint-sky", "faint-sky", "faint", "faint")
BAND_NOTE = "·:-=≡ higher J"


@lru_cache(maxsize=4)
def _contours(seed: int) -> tuple[LogisticCost2D, np.ndarray, np.ndarray, np.ndarray, Shading]:
    """The cost, its level-curve points, the levels and the banded map; once per data set."""
    cost = logistic_cost_2d(seed)
    w = np.linspace(*cost.w_range, 161)
    b = np.linspace(*cost.b_range, 81)
    values = cost.grid(w, b)
    lowest = cost.J(*cost.minimum())
    # levels closer together near the bottom, where the bowl is flattest
    top = float(np.percentile(values, 70)) - lowest
    levels = lowest + (np.linspace(0.2, 1.0, 7) ** 2) * top
    x, y = level_points(values, w, b, levels)
    edges = tuple(float(v) for v in lowest + (np.linspace(0.12, 1.0, 5) ** 2) * top)
    bands = Shading(w, b, values, edges, BAND_GLYPHS, BAND_COLOURS, BAND_NOTE)
    return cost, x, y, levels, bands


class Descent2DDemo(RunDemo):
    """(w, b) stepping down the logistic bowl, both updates printed with their numbers."""

    title = "Gradient descent on J(w, b)"
    steps_per_tick = 1.0
    controls: tuple[Control, ...] = (
        *ALPHA_CONTROLS,
        Control("i", "next_start", "Other start"),
    )

    def __init__(
        self,
        *,
        w0: float = -4.0,
        b0: float = 4.0,
        alpha: float = 1.0,
        max_iterations: int = 500,
        seed: int = 0,
    ) -> None:
        self.cost, self._level_w, self._level_b, self.levels, self.bands = _contours(seed)
        self.w0, self.b0 = float(w0), float(b0)
        self.alpha = float(alpha)
        self.max_iterations = int(max_iterations)
        self.costs = History(cap=1024)
        self.path = History(cap=512)
        self.decimals = StickyDecimals()
        self.reset()

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.decimals.clear()
        self.costs.clear()
        self.path.clear()
        self._start(
            descent_2d(self.cost, self.w0, self.b0, self.alpha, max_iterations=self.max_iterations)
        )

    def _record(self, record: StepRecord) -> None:
        w, b = float(record.params["w"]), float(record.params["b"])
        if math.isfinite(record.cost):
            self.costs.append(record.iteration, record.cost)
        if math.isfinite(w) and math.isfinite(b):
            self.path.append(w, b)

    @property
    def wb(self) -> tuple[float, float]:
        return float(self.last.params["w"]), float(self.last.params["b"])

    # -- controls -------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        if action in {"alpha_up", "alpha_down"}:
            step = 1 if action == "alpha_up" else -1
            self.alpha = alpha_rung(self.alpha, step, ALPHA_LADDER_2D)
            self.reset()
            self.note = f"α = {alpha_text(self.alpha)}: starting again"
        elif action == "next_start":
            index = next(
                (i for i, s in enumerate(STARTS) if s == (self.w0, self.b0)), len(STARTS) - 1
            )
            self.w0, self.b0 = STARTS[(index + 1) % len(STARTS)]
            self.reset()
            zeros = " (the zeros initialisation)" if (self.w0, self.b0) == (0.0, 0.0) else ""
            self.note = f"starting at w = {fixed(self.w0)}, b = {fixed(self.b0)}{zeros}"

    # -- drawing --------------------------------------------------------------------------------
    def update_lines(self) -> tuple[str, str]:
        """Both updates that led to the current (w, b), or the first ones to come."""
        if self.previous is None:
            source, label = self.last, "next:"
            new = {
                n: float(source.params[n]) - self.alpha * float(source.grads["d" + n])
                for n in ("w", "b")
            }
        else:
            source, label = self.previous, f"step {self.iteration}:"
            new = {n: float(self.last.params[n]) for n in ("w", "b")}
        lines = tuple(
            update_line(
                name,
                float(source.params[name]),
                self.alpha,
                float(source.grads["d" + name]),
                new[name],
                self.decimals(name, self.alpha * float(source.grads["d" + name])),
            )
            for name in ("w", "b")
        )
        pad = " " * len(label)
        return f"{label} {lines[0]}", f"{pad} {lines[1]}"

    def panel_text(self) -> str:
        first, second = self.update_lines()
        if self.outcome is Outcome.DIVERGED:
            return f"{first}\n{second}\nDiverged at iteration {self.run.stopped_at}: lower α (−)."
        return f"{first}\n{second}"

    def plane_chart(self) -> Chart:
        w_min, b_min = self.cost.minimum()
        w, b = self.wb
        series = [
            Series(self.path.x, self.path.y, "path", "line", "vermillion"),
            Series([w_min], [b_min], "min", "marker", "ink", "×"),
        ]
        if math.isfinite(w) and math.isfinite(b):
            series.append(Series([w], [b], "now", "marker", "green", "●", emphasis=True))
        return Chart(
            "J(w, b) seen from above",
            tuple(series),
            "w",
            "b",
            xlim=self.cost.w_range,
            ylim=self.cost.b_range,
            shading=self.bands,
            note=BAND_NOTE,
        )

    def cost_chart(self) -> Chart:
        return Chart(
            "cost J(w, b) per iteration",
            (Series(self.costs.x, self.costs.y, "", "line", "sky"),),
            "iteration",
            "J",
            whole_x=True,
            yscale="auto",
        )

    def frame(self) -> Frame:
        return Frame(
            charts=(self.plane_chart(), self.cost_chart()),
            panels=(TextPanel("both updates, together", self.panel_text()),),
            status=self.status(),
        )

    def status(self) -> str:
        if self.note:
            return self.note
        dw, db = (float(self.last.grads[k]) for k in ("dw", "db"))
        return (
            f"iteration {self.iteration} · J = {fixed(self.last.cost, 4)} · "
            f"∂J/∂w = {fixed(dw, 3)} · "
            f"∂J/∂b = {fixed(db, 3)} · α = {alpha_text(self.alpha)}"
        )

    def summary(self) -> str:
        """The engine's verdict and, unless it diverged, where (w, b) ended."""
        text = super().summary()
        w, b = self.wb
        if self.outcome is not Outcome.DIVERGED and math.isfinite(w) and math.isfinite(b):
            text += f" at w = {fixed(w)}, b = {fixed(b)}"
        return text
