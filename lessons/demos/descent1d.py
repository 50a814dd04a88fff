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

from engine import numfmt
from engine.compare import Behaviour, BehaviourWatch
from engine.costs import CONVEX, Cost1D
from engine.runner import Outcome, StepRecord, descent_1d
from lessons.demo import Chart, Control, Frame, History, Series, TextPanel
from lessons.demos.arith import (
    MINUS,
    StickyDecimals,
    alpha_text,
    factor,
    shown,
    slope_decimals,
    update_parts,
    value_of,
)
from lessons.demos.arith import update_line as update_line
from lessons.demos.predicting import Predicting, prediction_controls
from lessons.demos.run import ALPHA_CONTROLS, RunDemo, alpha_rung
from lessons.predict import Prediction

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

#: Widths a tangent triangle may have: round numbers, so height = slope × width is exact as shown.
TRIANGLE_WIDTHS: tuple[str, ...] = ("2", "1", "0.5", "0.2", "0.1", "0.05", "0.02", "0.01")


def fmt(x: float, decimals: int = 2) -> str:
    """A number as the lesson writes it: fixed decimals through `engine.numfmt`."""
    return shown(x, decimals)


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


def minimum_word(cost: Cost1D, w: float) -> str:
    """'the minimum' on a convex cost; on a non-convex one, whether it is the lowest valley."""
    if cost.convex:
        return "the minimum"
    nearest = min(cost.minima, key=lambda m: abs(m - w))
    return "the lowest minimum" if nearest == global_minimum(cost) else "a local minimum"


class Descent1DDemo(Predicting, RunDemo):
    """w := w − α·dJ/dw on a 1-D cost, one engine step per `step()`, drawn from the records.

    The panel tells one story: the step just taken, with the slope at the point where it was taken,
    then where w is now and the slope there, which decides the next step. A `prediction` (which way
    w moves, what the run does) can be asked before the first run and is judged when it ends.
    """

    title = "Gradient descent on J(w)"
    #: Engine steps per animation frame: about 15 a second, slow enough to follow each step.
    steps_per_tick = 0.5
    controls: tuple[Control, ...] = (
        *ALPHA_CONTROLS,
        Control("left_square_bracket", "start_left", "start ←"),
        Control("right_square_bracket", "start_right", "start →"),
    )

    def __init__(
        self,
        cost: Cost1D = CONVEX,
        *,
        w0: float = 4.0,
        alpha: float = 0.1,
        max_iterations: int = 200,
        prediction: Prediction | None = None,
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
        self.watch = BehaviourWatch()
        self._init_prediction(prediction)
        self.controls = (*prediction_controls(prediction), *type(self).controls)
        self.reset()

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.decimals.clear()
        self.watch.clear()
        for history in (self.costs, self.slopes, self.path):
            history.clear()
        self._start(descent_1d(self.cost, self.w0, self.alpha, max_iterations=self.max_iterations))

    def _record(self, record: StepRecord) -> None:
        """Keep the finite values of one step; a diverged value is reported, never plotted."""
        self.watch.add(record)
        if math.isfinite(record.cost):
            self.costs.append(record.iteration, record.cost)
        slope = record.slope if record.slope is not None else math.nan
        if math.isfinite(slope):
            self.slopes.append(record.iteration, slope)
        w = float(record.params["w"])
        if math.isfinite(w):
            self.path.append(w, record.cost)

    def step(self) -> bool:
        if self.waiting_for_prediction:
            self.note = "predict first: press the number of your prediction"
            return False
        moved = super().step()
        self.judge_if_done(self.finished)
        return moved

    @property
    def w(self) -> float:
        return float(self.last.params["w"])

    @property
    def slope(self) -> float:
        return float(self.last.slope) if self.last.slope is not None else math.nan

    @property
    def behaviour(self) -> Behaviour:
        return self.watch.behaviour(self.outcome)

    # -- controls -------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        if self.predict_act(action):
            return
        if action in {"alpha_up", "alpha_down"}:
            self.set_alpha(alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHA_LADDER))
        elif action in {"start_left", "start_right"}:
            self.set_start(-1 if action == "start_left" else 1)

    def set_alpha(self, alpha: float) -> None:
        """A new α starts the run again from w₀, so each run's charts belong to one α."""
        self.setup_changed()
        self.alpha = float(alpha)
        self.reset()
        self.note = f"α = {alpha_text(self.alpha)}: starting again from w₀ = {fmt(self.w0)}"

    def set_start(self, side: int) -> None:
        """Start as far from the minimum as now, on the left (−1) or the right (+1) of it."""
        self.setup_changed()
        lowest = global_minimum(self.cost)
        lo, hi = self.cost.w_range
        distance = abs(self.w0 - lowest) or 2.0
        self.w0 = float(np.clip(lowest + side * distance, lo + 0.05 * (hi - lo), hi))
        self.reset()
        where = "left" if self.w0 < lowest else "right"
        self.note = f"starting on the {where} of the minimum, at w₀ = {fmt(self.w0)}"

    # -- the numbers shown ----------------------------------------------------------------------
    def _parts(self) -> tuple[str, str, str, str] | None:
        """The last update as shown (old, α, slope, new), or None before the first step."""
        before = self.previous
        if before is None or before.slope is None:
            return None
        grad = float(before.slope)
        decimals = self.decimals("w", self.alpha * grad)
        return update_parts(float(before.params["w"]), self.alpha, grad, self.w, decimals)

    def w_text(self) -> str:
        """w now, exactly as the last update line shows it (its result)."""
        parts = self._parts()
        return parts[3] if parts is not None else fmt(self.w, self.decimals.get("w"))

    def update_text(self) -> str:
        """The step just taken, with the slope at the point where it was taken."""
        parts = self._parts()
        if parts is None:
            return f"start: w₀ = {self.w_text()}, no step taken yet"
        old, a, grad, new = parts
        return (
            f"step {self.iteration}: w := {old} {MINUS} {a} × {factor(grad)} = {new}"
            f"   (slope at w = {old})"
        )

    def triangle(self) -> tuple[str, str, str] | None:
        """(height, width, slope) as shown: slope = height/width exactly, with a round width."""
        slope = self.slope
        if not math.isfinite(slope):
            return None
        (lo, hi), (bottom, top) = self._view()
        room = 0.12 * (hi - lo)
        if slope:
            room = min(room, 0.3 * (top - bottom) / abs(slope))
        width = next((t for t in TRIANGLE_WIDTHS if float(t) <= room), TRIANGLE_WIDTHS[-1])
        slope_t = fmt(slope, slope_decimals(self.alpha, self.decimals.get("w")))
        height = value_of(slope_t) * value_of(width)
        return numfmt.number(float(height), 10), width, slope_t

    def slope_text(self) -> str:
        """Where w is now, the slope there as height/width, and what it means for the next step."""
        slope = self.slope
        if not math.isfinite(slope) or not math.isfinite(self.w):
            return "slope: diverged"
        here = f"now at w = {self.w_text()}"
        (lo, hi), _ = self._view()
        if not lo <= self.w <= hi:
            return f"{here}, far off the chart: slope dJ/dw = {fmt(slope)}"
        triangle = self.triangle()
        assert triangle is not None
        height, width, slope_t = triangle
        if value_of(slope_t) == 0:
            where = minimum_word(self.cost, self.w)
            exact = "= 0" if slope == 0.0 else f"≈ 0 ({numfmt.number(slope, 2)})"
            if self.outcome is Outcome.CONVERGED:
                return f"{here}: slope {exact}, {where}: w has stopped (converged)"
            return f"{here}: slope {exact}, near {where}: the steps are now tiny"
        way = "> 0 → next step goes left" if slope > 0 else "< 0 → next step goes right"
        return f"{here}: slope dJ/dw = {height}/{width} = {slope_t} {way}"

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
        triangle = self.triangle() if inside else None
        if triangle is not None:
            width = float(triangle[1])
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
        lines = [self.update_text(), second]
        predicted = self.prediction_text()
        if predicted:
            lines.append(predicted)
        return "\n".join(lines)

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
        shown_cost = fmt(cost, 4) if math.isfinite(cost) and cost < 1e12 else fmt(cost)
        return (
            f"iteration {self.iteration} · w = {self.w_text()} · J(w) = {shown_cost} · "
            f"α = {alpha_text(self.alpha)}"
        )

    # -- how the run went -----------------------------------------------------------------------
    def why(self) -> str:
        """What the run did and why, in words and numbers (for the summary and the verdict)."""
        a = alpha_text(self.alpha)
        behaviour = self.behaviour
        if behaviour is Behaviour.DIVERGES:
            return (
                f"With α = {a} every step jumped over the minimum and landed further away than it "
                "started, so the jumps grew until the cost blew up."
            )
        if behaviour is Behaviour.OSCILLATES:
            ends = sorted({fmt(float(r), 2) for r in self.path.x[-2:]})
            between = " and ".join(ends)
            return (
                f"With α = {a} each step overshot the minimum by as much as it was away: "
                f"w jumped between {between} and never settled."
            )
        if behaviour is Behaviour.CRAWLS and math.isfinite(self.w):
            nearest = min(self.cost.minima, key=lambda m: abs(m - self.w))
            return (
                f"With α = {a} the steps are tiny: after {self.iteration} iterations w = "
                f"{fmt(self.w)} is still {fmt(abs(self.w - nearest))} from the minimum."
            )
        if behaviour is Behaviour.STUCK:
            return "The slope was exactly 0 at the start, so no step moved w."
        zigzag = " zig-zagging across it" if self.watch.zigzagged else ""
        return (
            f"With α = {a} w settled at {minimum_word(self.cost, self.w)}, w = {fmt(self.w)}"
            f"{zigzag}, after {self.iteration} iterations."
        )

    def observed(self) -> tuple[str, str]:
        """For a 'which way' prediction: the direction w moved; otherwise the behaviour."""
        keys = {key for key, _ in self.predict.prediction.options} if self.predict else set()
        if {"right", "left"} <= keys:
            first = float(self.cost.dJ(self.w0))
            change = -self.alpha * first
            way = "right" if change > 0 else "left" if change < 0 else "stays"
            moved = "did not move" if way == "stays" else f"moved {way}"
            return way, (
                f"The slope at w₀ = {fmt(self.w0)} is {fmt(first)}, so −α·dw = {fmt(change)}: "
                f"w {moved}, downhill, and ended at w = {fmt(self.w)}."
            )
        return self.behaviour.value, self.why()

    def summary(self) -> str:
        """The verdict on the prediction, else the engine's verdict plus what the run did."""
        if self.verdict_text():
            return self.verdict_text()
        text = super().summary()
        if self.outcome is Outcome.CONVERGED:
            return f"{text} at w = {fmt(self.w)}"
        if self.outcome is Outcome.MAX_ITERATIONS:
            return f"{text}. {self.why()}"
        return text
