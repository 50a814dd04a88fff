"""Several starts, one cost: do they all end at the same minimum?

On the convex J(w) of logistic regression's kind every start — zeros, as is usual, or random —
rolls to the one bottom of the bowl. On a non-convex J(w) the valley a run ends in depends on where
it started, which is why a convex cost is worth so much: the starting point stops mattering.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from engine.costs import CONVEX, NON_CONVEX, Cost1D
from engine.numfmt import alpha as alpha_text
from engine.numfmt import fixed
from engine.runner import GradientDescent, Outcome, StepRecord, descent_1d
from lessons.demo import Chart, Control, Frame, History, Series, TextPanel
from lessons.demos.descent1d import curve_window
from lessons.demos.run import MultiRunDemo

COLORS = ("green", "vermillion", "orange", "purple", "sky", "yellow")


def stratified_starts(cost: Cost1D, count: int, rng: np.random.Generator) -> list[float]:
    """`count` random starts, one in each equal slice of the plotted range, so they spread out."""
    lo, hi = cost.w_range
    margin = 0.05 * (hi - lo)
    edges = np.linspace(lo + margin, hi - margin, count + 1)
    return [round(float(rng.uniform(a, b)), 2) for a, b in itertools.pairwise(edges)]


def nearest_minimum(cost: Cost1D, w: float) -> float:
    """The local minimum a run has settled next to."""
    return min(cost.minima, key=lambda m: abs(m - w))


class MultiStartDemo(MultiRunDemo):
    """A zero start and random starts stepped together on one cost, each drawn with its number."""

    title = "Many starts: one bowl or many valleys?"
    steps_per_tick = 1.0
    max_iterations: int
    controls: tuple[Control, ...] = (
        Control("c", "toggle_cost", "Convex / non-convex"),
        Control("g", "new_starts", "New random starts"),
    )

    def __init__(
        self,
        cost: Cost1D = NON_CONVEX,
        *,
        random_starts: int = 4,
        alpha: float = 0.05,
        seed: int = 0,
        max_iterations: int = 500,
    ) -> None:
        self.cost = cost
        self.alpha = float(alpha)
        self.max_iterations = int(max_iterations)
        self.random_starts = int(random_starts)
        self.rng = np.random.default_rng(seed)
        self.starts = [0.0, *stratified_starts(cost, self.random_starts, self.rng)]
        self.runs: list[GradientDescent] = []
        self.costs: list[History] = []
        self.paths: list[History] = []
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

    def final_w(self) -> list[float]:
        """Where each run is now, in start order."""
        return [float(run.last.params["w"]) for run in self.runs if run.last is not None]

    def minima_reached(self) -> list[float]:
        """The distinct minima the runs sit next to, left to right."""
        return sorted({nearest_minimum(self.cost, w) for w in self.final_w() if math.isfinite(w)})

    # -- controls -------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        if action == "toggle_cost":
            self.cost = CONVEX if self.cost is not CONVEX else NON_CONVEX
            self.starts = [0.0, *stratified_starts(self.cost, self.random_starts, self.rng)]
            self.reset()
        elif action == "new_starts":
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
            curve.append(Series(path.x, path.y, "", "scatter", color, marker=glyph))
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
        kind = "convex: one bowl" if self.cost.convex else "non-convex: several valleys"
        chart = Chart(
            f"{self.cost.formula}  ({kind})",
            tuple(curve + markers),
            "w",
            "J",
            xlim=(lo, hi),
            ylim=ylim,
            note="1–5: each start's steps, highlighted where it is now",
        )
        return Frame(
            charts=(chart,), panels=(TextPanel("start → end", self.table()),), status=self.status()
        )

    def table(self) -> str:
        """One line per start: where it began, where it is, ✓ once it has settled."""
        lines = []
        for index, (w0, w) in enumerate(zip(self.starts, self.final_w(), strict=True)):
            origin = "zeros " if index == 0 else "random"
            # the mark's room is kept from the start, so the table never changes width
            done = " ✓" if self.runs[index].outcome is not Outcome.RUNNING else "  "
            lines.append(f"{index + 1} {origin} {fixed(w0):>5} → {fixed(w):>5}{done}")
        return "\n".join(lines)

    def status(self) -> str:
        if self.finished:
            return f"minima reached: {', '.join(fixed(m) for m in self.minima_reached())}"
        moving = sum(run.outcome is Outcome.RUNNING for run in self.runs)
        return (
            f"iteration {self.iteration} · α = {alpha_text(self.alpha)} · "
            f"{moving} of {len(self.runs)} still moving"
        )

    def summary(self) -> str:
        """How many different minima the starts ended in — the point of the demo."""
        if any(run.outcome is Outcome.DIVERGED for run in self.runs):
            return "a run diverged: lower α"
        reached = self.minima_reached()
        n = len(self.runs)
        if len(reached) == 1:
            return f"all {n} starts ended at the same minimum, w = {fixed(reached[0])}"
        where = ", ".join(fixed(m) for m in reached)
        return f"{n} starts ended in {len(reached)} different minima: w = {where}"
