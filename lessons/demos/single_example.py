"""Gradient descent on a single example: forward, backward, update, again, with the graph updating.

Each step is the lecture's recipe for one example: compute dz = a − y, then dw1 = x1·dz,
dw2 = x2·dz, db = dz, then w1 := w1 − α·dw1, w2 := w2 − α·dw2, b := b − α·db. The charts show the
loss L and dz per step: both shrink as a moves towards the label y. The run is an
`engine.runner.GradientDescent` over the three parameters with `engine.logistic.single_example` as
its cost, so the stop conditions and the outcome are the engine's.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine import numfmt
from engine.logistic import ExampleGraph, single_example
from engine.numfmt import fixed
from engine.runner import GradientDescent, StepRecord
from lessons.demo import Chart, Control, Frame, History, Series, TextPanel
from lessons.demos.graph import draw_graph_narrow, label
from lessons.demos.run import ALPHA_CONTROLS, RunDemo, alpha_rung

ALPHAS = (0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0)


class SingleExampleDemo(RunDemo):
    """Repeated gradient steps on one example with two features; L and dz charted per step."""

    title = "Gradient steps on one example"
    controls = (
        *ALPHA_CONTROLS,
        Control("l", "flip_label", "flip label y"),
    )
    #: About eight steps a second: slow enough to read the parameters change.
    steps_per_tick = 0.25
    max_iterations: int

    def __init__(
        self,
        x1: float = 1.0,
        x2: float = 2.0,
        w1: float = 0.5,
        w2: float = -0.3,
        b: float = 0.1,
        y: float = 1.0,
        *,
        alpha: float = 0.1,
        max_iterations: int = 150,
        tol: float = 1e-7,
    ) -> None:
        if not (math.isfinite(alpha) and alpha > 0):
            raise ValueError(f"α must be a positive number; got {alpha!r}")
        if float(y) not in {0.0, 1.0}:
            raise ValueError(f"the label y is 0 or 1; got {y!r}")
        self.x1, self.x2, self.y = float(x1), float(x2), float(y)
        self.start = {"w1": float(w1), "w2": float(w2), "b": float(b)}
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.tol = tol
        self.losses = History()
        self.dzs = History()
        self.reset()

    # -- the engine run ---------------------------------------------------------------------------
    def graph_at(self, params: dict[str, Any]) -> ExampleGraph:
        """The whole graph (forward values and derivatives) at these parameters."""
        return single_example(self.x1, self.x2, params["w1"], params["w2"], params["b"], self.y)

    def _cost_and_grads(self, params: dict[str, Any]) -> tuple[float, dict[str, float]]:
        g = self.graph_at(params)
        return g.L, {"dw1": g.dw1, "dw2": g.dw2, "db": g.db}

    @property
    def params(self) -> dict[str, float]:
        return self.last.params

    @property
    def graph(self) -> ExampleGraph:
        return self.graph_at(self.params)

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.losses.clear()
        self.dzs.clear()
        self._start(
            GradientDescent(
                self._cost_and_grads,
                self.start,
                self.alpha,
                max_iterations=self.max_iterations,
                tol=self.tol,
            )
        )

    def _record(self, record: StepRecord) -> None:
        if math.isfinite(record.cost):
            self.losses.append(record.iteration, record.cost)
            self.dzs.append(record.iteration, float(record.grads["db"]))

    def act(self, action: str) -> None:
        if action in {"alpha_up", "alpha_down"}:
            self.alpha = alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHAS)
        elif action == "flip_label":
            self.y = 1.0 - self.y
            self.reset()

    def update_notes(self) -> tuple[str, str]:
        """The last update of w1, old value → new, and the rule that made it."""
        last, before = self.run.last, self.previous
        if last is None or before is None or last.iteration == 0:
            return ("w1 := w1 − α·dw1", "(w2 and b alike)")
        return (
            f"w1: {fixed(before.params['w1'], 3)} → {fixed(last.params['w1'], 3)}",
            "  = w1 − α·dw1",
        )

    def frame(self) -> Frame:
        g = self.graph
        charts = (
            Chart(
                "loss L per step",
                (Series(self.losses.x, self.losses.y, "", "line", "sky"),),
                xlabel="step",
                whole_x=True,
            ),
            Chart(
                "dz = a − y per step",
                (Series(self.dzs.x, self.dzs.y, "", "line", "orange"),),
                xlabel="step",
                whole_x=True,
            ),
        )
        body = draw_graph_narrow(g, notes=self.update_notes())
        panel = TextPanel(f"step {self.iteration} · α = {numfmt.number(self.alpha, 6)}", body)
        return Frame(charts=charts, panels=(panel,), status=f"L {fixed(g.L, 4)}")

    def summary(self) -> str:
        g = self.graph
        start = self.losses.y[0] if len(self.losses) else math.nan
        return (
            f"{super().summary()}; L fell from {fixed(start, 4)} to {fixed(g.L, 4)}, "
            f"a = {fixed(g.a, 3)} for y = {label(g.y)}"
        )

    def loss_history(self) -> np.ndarray:
        """Every kept loss value, oldest first (for tests and summaries)."""
        return np.array(self.losses.y)
