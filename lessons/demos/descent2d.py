"""Two parameters: descent on logistic regression's J(w, b) for 20 examples, seen from above.

The bowl is the real cost of logistic regression on a small data set (one feature, 20 examples),
convex, so every start reaches the same bottom. It is drawn as level curves on the (w, b) plane —
every point of one curve has the same cost — and the path of (w, b) crosses them downhill towards
the bottom. Both updates are shown with numbers that add up as shown: w := w − α·∂J/∂w and
b := b − α·∂J/∂b, taken together. A too-large α overshoots across the valley; the panel says so.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from engine.compare import Behaviour, BehaviourWatch
from engine.costs import LogisticCost2D, logistic_cost_2d
from engine.runner import Outcome, StepRecord, descent_2d
from lessons.demo import Chart, Control, Frame, History, Series, Shading, TextPanel
from lessons.demos.arith import (
    MINUS,
    StickyDecimals,
    alpha_text,
    factor,
    shown,
    slope_decimals,
    update_parts,
)
from lessons.demos.run import ALPHA_CONTROLS, RunDemo, alpha_rung

fmt = shown

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
        self.watch = BehaviourWatch()
        self.reset()

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.decimals.clear()
        self.watch.clear()
        self.costs.clear()
        self.path.clear()
        self._start(
            descent_2d(self.cost, self.w0, self.b0, self.alpha, max_iterations=self.max_iterations)
        )

    def _record(self, record: StepRecord) -> None:
        self.watch.add(record)
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
            self.note = f"starting at w = {fmt(self.w0)}, b = {fmt(self.b0)}{zeros}"

    # -- drawing --------------------------------------------------------------------------------
    def _parts(self) -> dict[str, tuple[str, str, str, str]] | None:
        """Both updates of the last step as shown (old, α, slope, new), or None before it."""
        before = self.previous
        if before is None:
            return None
        parts = {}
        for name in ("w", "b"):
            grad = float(before.grads["d" + name])
            decimals = self.decimals(name, self.alpha * grad)
            parts[name] = update_parts(
                float(before.params[name]),
                self.alpha,
                grad,
                float(self.last.params[name]),
                decimals,
            )
        return parts

    def now_text(self, name: str) -> str:
        """w or b now, exactly as the last update line shows it."""
        parts = self._parts()
        value = float(self.last.params[name])
        return parts[name][3] if parts is not None else fmt(value, self.decimals.get(name))

    def update_lines(self) -> tuple[str, str]:
        """Both updates of the step just taken, with the slopes at the point they were taken."""
        parts = self._parts()
        if parts is None:
            w, b = (self.now_text(n) for n in ("w", "b"))
            return f"start: (w, b) = ({w}, {b}), no step taken yet", ""
        label = f"step {self.iteration}:"
        pad = " " * len(label)
        lines = []
        for name, lead in (("w", label), ("b", pad)):
            old, a, grad, new = parts[name]
            lines.append(f"{lead} {name} := {old} {MINUS} {a} × {factor(grad)} = {new}")
        return lines[0], lines[1]

    def slopes_text(self) -> str:
        """Where (w, b) is now and the two slopes there, which set the next step."""
        dw, db = (float(self.last.grads[k]) for k in ("dw", "db"))
        where = f"now at (w, b) = ({self.now_text('w')}, {self.now_text('b')})"
        if not (math.isfinite(dw) and math.isfinite(db)):
            return where
        if self.outcome is Outcome.CONVERGED:
            return f"{where}: both slopes ≈ 0, the bottom (converged)"
        # as many decimals as the next update line gives these slopes
        dw_t = fmt(dw, slope_decimals(self.alpha, self.decimals.get("w")))
        db_t = fmt(db, slope_decimals(self.alpha, self.decimals.get("b")))
        return f"{where}: ∂J/∂w = {dw_t}, ∂J/∂b = {db_t}"

    def overshoot_text(self) -> str:
        """Why a large α never settles in two parameters: it jumps across the valley floor."""
        return (
            f"Overshooting: α = {alpha_text(self.alpha)} makes each step near the bottom so long "
            f"that (w, b) jumps across the valley to its far side ({self.watch.turns} of "
            f"{self.watch.steps} steps reversed direction), so it never settles. Lower α (−)."
        )

    def panel_text(self) -> str:
        first, second = self.update_lines()
        lines = [first] + ([second] if second else []) + [self.slopes_text()]
        if self.outcome is Outcome.DIVERGED:
            lines.append(f"Diverged at iteration {self.run.stopped_at}: lower α (−).")
        elif self.finished and self.watch.behaviour(self.outcome) is Behaviour.OSCILLATES:
            lines.append(self.overshoot_text())
        return "\n".join(lines)

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
            "J(w, b) on 20 examples, from above",
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
        return (
            f"iteration {self.iteration} · J = {fmt(self.last.cost, 4)} · "
            f"α = {alpha_text(self.alpha)}"
        )

    def summary(self) -> str:
        """The engine's verdict and, unless it diverged, where (w, b) ended."""
        text = super().summary()
        w, b = self.wb
        if self.outcome is Outcome.DIVERGED or not (math.isfinite(w) and math.isfinite(b)):
            return text
        if self.watch.behaviour(self.outcome) is Behaviour.OSCILLATES:
            return f"{text}: α = {alpha_text(self.alpha)} overshoots, (w, b) never settles"
        return f"{text} at w = {fmt(w)}, b = {fmt(b)}"
