"""Why training averages over m examples: one example can always be fitted, two opposite ones not.

Left, gradient descent on ONE example (x1 = 1, x2 = 2, y = 1): dz = a − y has the same sign at
every step (a < 1 = y, so dz < 0), so every step pushes z the same way, a creeps towards y and the
loss L falls towards 0 without end. Right, the same inputs twice with OPPOSITE labels (y = 1 and
y = 0): their dz have opposite signs and the averaged gradient pulls both ways at once. No w, b can
make a = 1 and a = 0 for the same x, so the average cost J stops at log 2 ≈ 0.693 (a = 0.5), well
above 0. What training minimises is that average J over all m examples, not any one loss.

Both runs are `engine.runner.GradientDescent`; the single example's cost is
`engine.logistic.single_example`, the pair's is the vectorised `engine.logistic.batch_kernel`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine import logistic, numfmt
from engine.activations import sigmoid
from engine.logistic import single_example
from engine.numfmt import fixed
from engine.runner import GradientDescent, StepRecord
from lessons.demo import Chart, Frame, History, Series, TextPanel
from lessons.demos.run import ALPHA_CONTROLS, MultiRunDemo, alpha_rung

ALPHAS = (0.1, 0.3, 0.5, 1.0, 2.0)
#: The shared inputs of both runs.
X1, X2 = 1.0, 2.0


class BridgeDemo(MultiRunDemo):
    """One example fitted to L → 0 beside two opposite examples whose average J stays above 0."""

    title = "One example vs two: what can be fitted"
    controls = ALPHA_CONTROLS
    steps_per_tick = 0.5
    max_iterations: int

    def __init__(
        self, *, alpha: float = 1.0, max_iterations: int = 400, w1: float = -1.0, w2: float = -0.5
    ) -> None:
        if not (math.isfinite(alpha) and alpha > 0):
            raise ValueError(f"α must be a positive number; got {alpha!r}")
        self.alpha = float(alpha)
        self.max_iterations = max_iterations
        # Both start confidently wrong for y = 1 (z = −2): L and J both have a long way down.
        self.start = {"w1": float(w1), "w2": float(w2), "b": 0.0}
        self.one = History()
        self.two = History()
        self.dz_signs: list[float] = []
        self.reset()

    # -- the two runs -----------------------------------------------------------------------------
    def _one_example(self, p: dict[str, Any]) -> tuple[float, dict[str, float]]:
        g = single_example(X1, X2, p["w1"], p["w2"], p["b"], 1.0)
        return g.L, {"dw1": g.dw1, "dw2": g.dw2, "db": g.db}

    def reset(self) -> None:
        self.one.clear()
        self.two.clear()
        self.dz_signs = []
        X = np.array([[X1, X1], [X2, X2]])
        Y = np.array([[1.0, 0.0]])
        w = np.array([[self.start["w1"]], [self.start["w2"]]])
        self._start(
            [
                GradientDescent(
                    self._one_example,
                    self.start,
                    self.alpha,
                    max_iterations=self.max_iterations,
                    tol=0.0,
                ),
                GradientDescent(
                    logistic.batch_kernel(X, Y),
                    {"w": w, "b": self.start["b"]},
                    self.alpha,
                    max_iterations=self.max_iterations,
                    tol=0.0,
                ),
            ]
        )

    def _record(self, index: int, record: StepRecord) -> None:
        if not math.isfinite(record.cost):
            return
        if index == 0:
            self.one.append(record.iteration, record.cost)
            self.dz_signs.append(float(np.sign(record.grads["db"])))
        else:
            self.two.append(record.iteration, record.cost)

    def act(self, action: str) -> None:
        if action in {"alpha_up", "alpha_down"}:
            self.alpha = alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHAS)
            self.reset()  # both curves always come from the α in the title

    # -- reading the runs -------------------------------------------------------------------------
    @property
    def one_loss(self) -> float:
        """The single example's loss L now."""
        return float(self.one.y[-1])

    @property
    def pair_cost(self) -> float:
        """The two examples' average cost J now."""
        return float(self.two.y[-1])

    @property
    def dz_kept_its_sign(self) -> bool:
        """True while dz = a − y of the single example has had one sign at every step."""
        return len({s for s in self.dz_signs if s != 0.0}) <= 1

    def pair_activation(self) -> float:
        """a for the pair's shared x (both examples get the same a: their x is the same)."""
        last = self.runs[1].last
        assert last is not None
        p = last.params
        z = float(p["w"][0, 0] * X1 + p["w"][1, 0] * X2 + p["b"])
        return float(sigmoid(z))

    def frame(self) -> Frame:
        charts = (
            Chart(
                "one example (y = 1): L",
                (Series(self.one.x, self.one.y, "L", "line", "green"),),
                xlabel="step",
            ),
            Chart(
                "two, y = 1 and y = 0: J",
                (Series(self.two.x, self.two.y, "J", "line", "orange"),),
                xlabel="step",
            ),
        )
        a = self.pair_activation()
        sign = "always < 0" if self.dz_kept_its_sign else "changed sign"
        body = "\n".join(
            [
                f"one example: L = {fixed(self.one_loss, 5)}",
                f"  dz = a − y {sign}: every step pushes z up",
                f"two examples, same x: J = {fixed(self.pair_cost, 5)} "
                f"(log 2 = {fixed(math.log(2.0), 3)})",
                f"  both get a = {fixed(a, 3)}: one pulls a up, one down, so J stays > 0",
            ]
        )
        panel = TextPanel(f"step {self.iteration} · α = {numfmt.number(self.alpha, 6)}", body)
        return Frame(
            charts=charts,
            panels=(panel,),
            status=f"L {fixed(self.one_loss, 4)} · J {fixed(self.pair_cost, 4)}",
        )

    def summary(self) -> str:
        return (
            f"After {self.iteration} steps: one example L = {fixed(self.one_loss, 4)} (still "
            f"falling), two opposite examples J = {fixed(self.pair_cost, 4)} (stuck near log 2)"
        )
