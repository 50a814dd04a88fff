"""One parameter, one curve: gradient descent on J(w) with the tangent, the slope and the step.

The lecture's second picture in motion. The learner sees where w is on J(w), the tangent whose
slope dJ/dw decides the direction of the step (height over width of a small triangle), the update
w := w − α·dw with the very numbers the engine used, and the cost and the slope shrinking per
iteration. α and the side of the start are the learner's to change; a too-large α makes the steps
overshoot further each time until the engine reports divergence, which the demo says in words.
"""

from __future__ import annotations

import math

import numpy as np

from engine.costs import CONVEX, Cost1D
from engine.numfmt import alpha as alpha_text
from engine.numfmt import fixed, update_decimals, update_line
from engine.runner import Outcome, StepRecord, descent_1d
from lessons.demo import Chart, Control, Frame, History, Series, TextPanel
from lessons.demos.run import ALPHA_CONTROLS, RunDemo, alpha_rung

#: α values the learner moves through with + and −: from a crawl to a divergence on CONVEX.
ALPHA_LADDER: tuple[float, ...] = (
    0.001,
    0.003,
    0.01,
    0.03,
    0.1,
    0.2,
    0.3,
    0.5,
    0.7,
    0.9,
    1.0,
    1.1,
    1.2,
    1.5,
)


class StickyDecimals:
    """Decimals per parameter that grow as the steps shrink and never shrink back within a run."""

    def __init__(self) -> None:
        self._decimals: dict[str, int] = {}

    def clear(self) -> None:
        self._decimals.clear()

    def __call__(self, name: str, step: float) -> int:
        decimals = max(self._decimals.get(name, 2), update_decimals(step))
        self._decimals[name] = decimals
        return decimals


def curve_window(
    cost: Cost1D, lo: float, hi: float
) -> tuple[np.ndarray, np.ndarray, tuple[float, float]]:
    """J sampled across [lo, hi] and the J-range that shows all of it with a margin above and below.

    Both the one-run and the many-starts demos draw J(w) this way, so their curves look alike.
    """
    xs = np.linspace(lo, hi, 241)
    js = np.asarray(cost.J(xs), dtype=float)
    bottom, top = float(js.min()), float(js.max())
    pad = 0.08 * (top - bottom or 1.0)
    return xs, js, (bottom - pad, top + pad)


def global_minimum(cost: Cost1D) -> float:
    """The lowest of the cost's minima: the point 'left' and 'right' are measured from."""
    return min(cost.minima, key=lambda w: float(cost.J(w)))


class Descent1DDemo(RunDemo):
    """w := w − α·dJ/dw on a 1-D cost, one engine step per `step()`, drawn from the records."""

    title = "Gradient descent on J(w)"
    #: Engine steps per animation frame: about 15 a second, slow enough to follow each step.
    steps_per_tick = 0.5
    controls: tuple[Control, ...] = (
        *ALPHA_CONTROLS,
        Control("left_square_bracket", "start_left", "Start left"),
        Control("right_square_bracket", "start_right", "Start right"),
    )

    def __init__(
        self,
        cost: Cost1D = CONVEX,
        *,
        w0: float = 4.0,
        alpha: float = 0.1,
        max_iterations: int = 200,
    ) -> None:
        if not math.isfinite(w0):
            raise ValueError(f"the start w₀ must be a finite number; got {w0!r}")
        self.cost = cost
        self.w0 = float(w0)
        self.alpha = float(alpha)
        self.max_iterations = int(max_iterations)
        self.costs = History(cap=1024)
        self.slopes = History(cap=1024)
        self.path = History(cap=256)
        self.decimals = StickyDecimals()
        self.reset()

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.decimals.clear()
        for history in (self.costs, self.slopes, self.path):
            history.clear()
        self._start(descent_1d(self.cost, self.w0, self.alpha, max_iterations=self.max_iterations))

    def _record(self, record: StepRecord) -> None:
        """Keep the finite values of one step; a diverged value is reported, never plotted."""
        if math.isfinite(record.cost):
            self.costs.append(record.iteration, record.cost)
        slope = record.slope if record.slope is not None else math.nan
        if math.isfinite(slope):
            self.slopes.append(record.iteration, slope)
        w = float(record.params["w"])
        if math.isfinite(w):
            self.path.append(w, record.cost)

    @property
    def w(self) -> float:
        return float(self.last.params["w"])

    @property
    def slope(self) -> float:
        return float(self.last.slope) if self.last.slope is not None else math.nan

    # -- controls -------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        if action in {"alpha_up", "alpha_down"}:
            self.set_alpha(alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHA_LADDER))
        elif action in {"start_left", "start_right"}:
            self.set_start(-1 if action == "start_left" else 1)

    def set_alpha(self, alpha: float) -> None:
        """A new α starts the run again from w₀, so each run's charts belong to one α."""
        self.alpha = float(alpha)
        self.reset()
        self.note = f"α = {alpha_text(self.alpha)}: starting again from w₀ = {fixed(self.w0)}"

    def set_start(self, side: int) -> None:
        """Start as far from the minimum as now, on the left (−1) or the right (+1) of it."""
        lowest = global_minimum(self.cost)
        lo, hi = self.cost.w_range
        distance = abs(self.w0 - lowest) or 2.0
        self.w0 = float(np.clip(lowest + side * distance, lo + 0.05 * (hi - lo), hi))
        self.reset()
        where = "left" if self.w0 < lowest else "right"
        self.note = f"starting on the {where} of the minimum, at w₀ = {fixed(self.w0)}"

    # -- drawing --------------------------------------------------------------------------------
    def update_text(self) -> str:
        """The update that led to the current w, or the first one to come."""
        last = self.last
        if self.previous is None:
            slope = self.slope
            preview = self.w - self.alpha * slope
            if not math.isfinite(preview):
                return "w := diverged"
            decimals = self.decimals("w", self.alpha * slope)
            return "next: " + update_line("w", self.w, self.alpha, slope, preview, decimals)
        grad = float(self.previous.slope) if self.previous.slope is not None else math.nan
        decimals = self.decimals("w", self.alpha * grad)
        line = update_line(
            "w", float(self.previous.params["w"]), self.alpha, grad, self.w, decimals
        )
        return f"step {last.iteration}: {line}"

    def slope_text(self) -> str:
        """The slope as the tangent triangle's height over width, and what its sign means."""
        slope = self.slope
        if not math.isfinite(slope) or not math.isfinite(self.w):
            return "slope: diverged"
        (lo, hi), _ = self._view()
        if not lo <= self.w <= hi:
            return f"dJ/dw = {fixed(slope)} at w = {fixed(self.w)}, far off the chart"
        width = self._triangle_width()
        height = slope * width
        d = update_decimals(height)
        if slope > 0:
            way = "positive → w steps left"
        elif slope < 0:
            way = "negative → w steps right"
        else:
            way = "zero → w stays"
        return f"slope dJ/dw = {fixed(height, d)}/{fixed(width)} = {fixed(slope, d)}: {way}"

    def _xlim(self) -> tuple[float, float]:
        """The chart's w-range: the cost's range, widened to follow w (and its last jump) out."""
        base_lo, base_hi = self.cost.w_range
        points = [self.w]
        if self.previous is not None:
            points.append(float(self.previous.params["w"]))
        shown = [w for w in points if math.isfinite(w) and abs(w) < 1e150]
        lo, hi = min([base_lo, *shown]), max([base_hi, *shown])
        pad = 0.05 * (hi - lo)
        return (lo - pad if lo < base_lo else lo), (hi + pad if hi > base_hi else hi)

    def _view(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The chart's window: `_xlim()` and the J-range of the curve across it."""
        xlim = self._xlim()
        return xlim, curve_window(self.cost, *xlim)[2]

    def _triangle_width(self) -> float:
        """A width for the tangent triangle that keeps it inside the chart's window."""
        (lo, hi), (bottom, top) = self._view()
        width = 0.12 * (hi - lo)
        slope = abs(self.slope)
        if slope * width > 0.3 * (top - bottom):
            width = 0.3 * (top - bottom) / slope
        return width

    def curve_chart(self) -> Chart:
        """J(w) as a solid curve, w as a big dot, the tangent dotted, its triangle beaded.

        Each has its own look, so the lesson names them by look ("the dotted tangent") and a
        learner who sees no colour reads them as well as one who does.
        """
        xlim = self._xlim()
        xs, js, ylim = curve_window(self.cost, *xlim)
        w, cost, slope = self.w, self.last.cost, self.slope
        series = [Series(xs, js, "", "line", "ink")]
        inside = math.isfinite(w) and xlim[0] <= w <= xlim[1] and math.isfinite(cost)
        if len(self.path) > 1:
            series.append(Series(self.path.x, self.path.y, "steps", "scatter", "faint", "∘"))
        if inside and math.isfinite(slope):
            width = self._triangle_width()
            tx = np.array([w - 1.6 * width, w + 1.6 * width])
            series.append(
                Series(tx, cost + slope * (tx - w), "tangent", "line", "vermillion", line="dotted")
            )
            base = cost - slope * width
            series.append(
                Series(
                    [w - width, w, w],
                    [base, base, cost],
                    "triangle",
                    "line",
                    "orange",
                    line="beaded",
                )
            )
        if inside:
            series.append(Series([w], [cost], "w", "marker", "green", marker="●"))
        return Chart(f"{self.cost.formula}", tuple(series), "w", "J", xlim=xlim, ylim=ylim)

    def history_chart(self) -> Chart:
        """Cost (solid) and slope (dashed) per iteration on one chart: both shrink as w settles.

        The y-axis turns logarithmic (symmetric-log for the slope's two signs) when the values
        span decades, so a diverging run shows its growth instead of a flat line and a spike.
        """
        return Chart(
            "cost J and slope dJ/dw per iteration",
            (
                Series(self.costs.x, self.costs.y, "J", "line", "sky"),
                Series(self.slopes.x, self.slopes.y, "dJ/dw", "line", "vermillion", line="dashed"),
            ),
            "iteration",
            whole_x=True,
            yscale="auto",
        )

    def panel_text(self) -> str:
        if self.outcome is Outcome.DIVERGED:
            second = (
                f"Diverged at iteration {self.run.stopped_at}: each step overshot further. "
                "Lower α (−)."
            )
        else:
            second = self.slope_text()
        return f"{self.update_text()}\n{second}"

    def frame(self) -> Frame:
        return Frame(
            charts=(self.curve_chart(), self.history_chart()),
            panels=(TextPanel("the update w := w − α·dw", self.panel_text()),),
            status=self.status(),
        )

    def status(self) -> str:
        if self.note:
            return self.note
        cost = self.last.cost
        shown = fixed(cost, 4) if math.isfinite(cost) and cost < 1e12 else fixed(cost)
        return (
            f"iteration {self.iteration} · w = {fixed(self.w)} · J(w) = {shown} · "
            f"α = {alpha_text(self.alpha)}"
        )

    def summary(self) -> str:
        """The engine's verdict, plus how far from the minimum a run that ran out of steps is."""
        text = super().summary()
        if self.outcome is Outcome.MAX_ITERATIONS and math.isfinite(self.w):
            nearest = min(self.cost.minima, key=lambda m: abs(m - self.w))
            text += f"; w = {fixed(self.w)}, still {fixed(abs(self.w - nearest))} from the minimum"
        elif self.outcome is Outcome.CONVERGED:
            text += f" at w = {fixed(self.w)}"
        return text


#: The three learning rates of the lesson, on the convex cost from w₀ = 4.
PRESETS: dict[str, tuple[str, float]] = {
    "preset_small": ("too small", 0.003),
    "preset_good": ("about right", 0.3),
    "preset_large": ("too large", 1.1),
}


class LearningRateDemo(Descent1DDemo):
    """The same descent with α too small, about right or too large, one key each."""

    title = "The learning rate α: too small, about right, too large"
    controls: tuple[Control, ...] = (
        Control("1", "preset_small", "α too small"),
        Control("2", "preset_good", "α about right"),
        Control("3", "preset_large", "α too large"),
        *Descent1DDemo.controls,
    )

    def __init__(
        self,
        cost: Cost1D = CONVEX,
        *,
        w0: float = 4.0,
        preset: str = "preset_small",
        max_iterations: int = 200,
    ) -> None:
        super().__init__(cost, w0=w0, alpha=PRESETS[preset][1], max_iterations=max_iterations)
        self.preset = preset

    def act(self, action: str) -> None:
        if action in PRESETS:
            self.preset = action
            self.set_alpha(PRESETS[action][1])
            self.note = f"α = {alpha_text(self.alpha)} ({PRESETS[action][0]}): press space to run"
            return
        super().act(action)

    def status(self) -> str:
        names = {a: name for name, a in PRESETS.values()}
        label = names.get(self.alpha)
        text = super().status()
        return f"{label}: {text}" if label else text
