"""Several starts, one cost: do they all end at the same minimum?

On logistic regression's convex J(w) every start — zeros, as is usual, or random — rolls to the one
bottom of the bowl. On a non-convex J(w) the valley a run ends in depends on where it started, and
only some starts reach the lowest minimum (marked ★), which is why a convex cost is worth so much:
the starting point stops mattering.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from engine.costs import CONVEX, LOGISTIC_1D, NON_CONVEX, Cost1D
from engine.runner import GradientDescent, Outcome, StepRecord, descent_1d
from lessons.demo import Chart, Control, Frame, History, Series, TextPanel
from lessons.demos.descent1d import alpha_text, curve_window, fmt, global_minimum
from lessons.demos.predicting import Predicting, prediction_controls
from lessons.demos.run import MultiRunDemo
from lessons.predict import Prediction

COLORS = ("green", "vermillion", "orange", "purple", "sky", "yellow")
#: The glyph of each start's trail (its current point carries its number).
TRAILS = ("·", "∘", "⋄", "∗", "+", "~")
#: The glyph marking the lowest minimum among the local ones.
LOWEST = "★"
#: A learning rate that suits each cost: its slopes differ in size (the logistic cost's are ≤ 0.8).
ALPHA_FOR = {NON_CONVEX.name: 0.05, LOGISTIC_1D.name: 3.0, CONVEX.name: 0.1}


def stratified_starts(cost: Cost1D, count: int, rng: np.random.Generator) -> list[float]:
    """`count` random starts, one in each equal slice of the plotted range, so they spread out."""
    lo, hi = cost.w_range
    margin = 0.05 * (hi - lo)
    edges = np.linspace(lo + margin, hi - margin, count + 1)
    return [round(float(rng.uniform(a, b)), 2) for a, b in itertools.pairwise(edges)]


def nearest_minimum(cost: Cost1D, w: float) -> float:
    """The local minimum a run has settled next to."""
    return min(cost.minima, key=lambda m: abs(m - w))


class MultiStartDemo(Predicting, MultiRunDemo):
    """A zero start and random starts stepped together on one cost, each drawn with its number."""

    title = "Many starts: one bowl or many valleys?"
    steps_per_tick = 1.0
    controls: tuple[Control, ...] = (
        Control("c", "toggle_cost", "convex/non-convex"),
        Control("g", "new_starts", "new starts"),
    )

    def __init__(
        self,
        cost: Cost1D = NON_CONVEX,
        *,
        random_starts: int = 4,
        alpha: float | None = None,
        seed: int = 0,
        max_iterations: int = 500,
        prediction: Prediction | None = None,
    ) -> None:
        self.cost = cost
        self.alpha = float(alpha) if alpha is not None else ALPHA_FOR.get(cost.name, 0.05)
        self.max_iterations = int(max_iterations)
        self.random_starts = int(random_starts)
        self.rng = np.random.default_rng(seed)
        self.starts = [0.0, *stratified_starts(cost, self.random_starts, self.rng)]
        self.runs: list[GradientDescent] = []
        self.costs: list[History] = []
        self.paths: list[History] = []
        self._init_prediction(prediction)
        self.controls = (*prediction_controls(prediction), *type(self).controls)
        self.note = ""
        self.reset()

    # -- state ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self.costs = [History(cap=512) for _ in self.starts]
        self.paths = [History(cap=256) for _ in self.starts]
        self._start(
            [
                descent_1d(self.cost, w0, self.alpha, max_iterations=self.max_iterations)
                for w0 in self.starts
            ]
        )

    def _record(self, index: int, record: StepRecord) -> None:
        cost = float(record.cost)
        w = float(record.params["w"])
        if math.isfinite(cost) and math.isfinite(w):
            self.costs[index].append(record.iteration, cost)
            self.paths[index].append(w, cost)

    def step(self) -> bool:
        if self.waiting_for_prediction:
            self.note = "predict first: press the number of your prediction"
            return False
        self.note = ""
        moved = super().step()
        self.judge_if_done(self.finished)
        return moved

    def final_w(self) -> list[float]:
        """Where each run is now, in start order."""
        return [float(run.last.params["w"]) for run in self.runs if run.last is not None]

    def minima_reached(self) -> list[float]:
        """The distinct minima the runs sit next to, left to right."""
        return sorted({nearest_minimum(self.cost, w) for w in self.final_w() if math.isfinite(w)})

    def run_token(self) -> object:
        """The list of runs: a new list on every reset."""
        return self.runs

    @property
    def lowest(self) -> float:
        """The global minimum: the lowest of the cost's local minima."""
        return global_minimum(self.cost)

    def at_lowest(self) -> list[int]:
        """Start numbers (1-based) whose runs ended at the lowest minimum."""
        return [
            index + 1
            for index, w in enumerate(self.final_w())
            if math.isfinite(w) and nearest_minimum(self.cost, w) == self.lowest
        ]

    # -- controls -------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        if self.predict_act(action):
            return
        if action == "toggle_cost":
            self.setup_changed()
            self.cost = LOGISTIC_1D if self.cost is NON_CONVEX else NON_CONVEX
            self.alpha = ALPHA_FOR.get(self.cost.name, 0.05)
            self.starts = [0.0, *stratified_starts(self.cost, self.random_starts, self.rng)]
            self.reset()
        elif action == "new_starts":
            self.setup_changed()
            self.starts = [0.0, *stratified_starts(self.cost, self.random_starts, self.rng)]
            self.reset()

    # -- drawing --------------------------------------------------------------------------------
    def frame(self) -> Frame:
        lo, hi = self.cost.w_range
        xs, js, ylim = curve_window(self.cost, lo, hi)
        curve = [Series(xs, js, "", "line", "ink")]
        markers = []
        for index, (run, path) in enumerate(zip(self.runs, self.paths, strict=True)):
            # Each start's trail and its current point carry its number: no colour needed.
            color = COLORS[index % len(COLORS)]
            glyph = str(index + 1)
            # a trail of digits would read as one long number: each trail has its own symbol
            trail = TRAILS[index % len(TRAILS)]
            curve.append(Series(path.x, path.y, "", "scatter", color, marker=trail))
            last = run.last
            if last is not None and math.isfinite(last.cost):
                markers.append(
                    Series(
                        [float(last.params["w"])],
                        [last.cost],
                        "",
                        "marker",
                        color,
                        marker=glyph,
                        emphasis=True,
                    )
                )
        if not self.cost.convex:
            lowest = self.lowest
            markers.insert(
                0, Series([lowest], [float(self.cost.J(lowest))], "", "marker", "yellow", LOWEST)
            )
        kind = "convex: one bowl" if self.cost.convex else "non-convex: several valleys"
        chart = Chart(
            f"{self.cost.formula}  ({kind})",
            tuple(curve + markers),
            "w",
            "J",
            xlim=(lo, hi),
            ylim=ylim,
            note="1–5: each start now; trails ·∘⋄∗+",
        )
        body = self.table()
        predicted = self.prediction_text()
        if predicted:
            body += "\n" + predicted
        return Frame(
            charts=(chart,), panels=(TextPanel("start → end", body),), status=self.status()
        )

    def table(self) -> str:
        """Start → where it is now, two a line; ★ marks a run resting at the lowest minimum."""
        cells = []
        lowest = set(self.at_lowest()) if self.finished and not self.cost.convex else set()
        for index, (w0, w) in enumerate(zip(self.starts, self.final_w(), strict=True)):
            origin = "zeros" if index == 0 else "random"
            mark = f" {LOWEST}" if index + 1 in lowest else ""
            cells.append(f"{index + 1} {origin:<6} {fmt(w0):>5} → {fmt(w):>5}{mark}".ljust(28))
        lines = ["   ".join(cells[i : i + 2]).rstrip() for i in range(0, len(cells), 2)]
        return "\n".join(lines)

    def status(self) -> str:
        if self.note:
            return self.note
        if self.finished:
            return f"minima reached: {', '.join(self._minimum_names())}"
        moving = sum(run.outcome is Outcome.RUNNING for run in self.runs)
        return (
            f"iteration {self.iteration} · α = {alpha_text(self.alpha)} · "
            f"{moving} of {len(self.runs)} still moving"
        )

    def summary(self) -> str:
        """The verdict on the prediction, else how many different minima the starts ended in."""
        if self.verdict_text():
            return self.verdict_text()
        if any(run.outcome is Outcome.DIVERGED for run in self.runs):
            return "a run diverged: lower α"
        reached = self.minima_reached()
        n = len(self.runs)
        if len(reached) == 1:
            lowest = " (the lowest)" if not self.cost.convex and reached[0] == self.lowest else ""
            return f"all {n} starts ended at the same minimum, w = {fmt(reached[0])}{lowest}"
        where = ", ".join(self._minimum_names())
        count = len(self.at_lowest())
        return (
            f"{n} starts ended in {len(reached)} different minima: w = {where}; "
            f"{count} of {n} reached the lowest"
        )

    def _minimum_names(self) -> list[str]:
        """The minima reached, the lowest marked ★."""
        return [
            fmt(m) + (f" {LOWEST}" if not self.cost.convex and m == self.lowest else "")
            for m in self.minima_reached()
        ]

    def observed(self) -> tuple[str, str]:
        """For the valley prediction: did every start reach the lowest minimum?"""
        reached = self.at_lowest()
        n = len(self.runs)
        others = [m for m in self.minima_reached() if m != self.lowest]
        if len(reached) == n:
            return "all", f"Every start reached the lowest minimum, w = {fmt(self.lowest)}."
        which = (
            f" (start{'s' if len(reached) > 1 else ''} {', '.join(str(i) for i in reached)})"
            if reached
            else ""
        )
        return "some", (
            f"Only {len(reached)} of {n}{which} reached ★ at w = {fmt(self.lowest)}; the others "
            f"stopped at {' and '.join(fmt(m) for m in others)}: descent only goes downhill from "
            "where it starts."
        )
