"""Two copies of the same network trained side by side: one started at zeros, one at random values.

Starting at zeros, every hidden unit computes the same function, receives the same gradient and
makes the same update: the rows of W1 are equal after any number of steps, so n1 units are worth
one, and the boundary cannot bend around the petals. (Here they even stay exactly 0: with W2 = 0
no gradient reaches W1, and A1 = tanh(0) = 0 gives W2 none either.) A small random start breaks the
symmetry and the network learns.
"""

from __future__ import annotations

import numpy as np

from engine import network, numfmt
from engine.datasets import flower
from engine.numfmt import fixed
from engine.runner import GradientDescent, Outcome, StepRecord, descent_network
from lessons.demo import Chart, Frame, TextPanel
from lessons.demos.boundary import REGION_NOTE, Boundary, data_series
from lessons.demos.run import MultiRunDemo

#: The two starts compared, left to right.
METHODS = ("zeros", "random")


class InitCompareDemo(MultiRunDemo):
    """Zeros (left) against random (right), stepped together, with the rows of W1 printed."""

    title = "Zeros or random: the same network started two ways"

    def __init__(
        self,
        *,
        n1: int = 3,
        activation: str = "tanh",
        alpha: float = 1.2,
        max_iterations: int = 5000,
        seed: int = 2,
        m: int = 400,
    ) -> None:
        self.n1 = n1
        self.activation = activation
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.seed = seed
        self.X, self.Y = flower(m)
        self.boundaries = {"zeros": Boundary(self.X, 60, 30), "random": Boundary(self.X, 60, 30)}
        self._predicted: dict[str, np.ndarray] = {}
        self.reset()

    def reset(self) -> None:
        for boundary in self.boundaries.values():
            boundary.clear()
        self._predicted.clear()
        runs = []
        for method in METHODS:
            params = network.init_params(
                self.X.shape[0], self.n1, method=method, scale=0.01, seed=self.seed
            )
            # tol < 0: a run from zeros whose cost never moves must keep running, not "converge"
            runs.append(
                descent_network(
                    self.X,
                    self.Y,
                    params,
                    self.alpha,
                    self.activation,
                    max_iterations=self.max_iterations,
                    tol=-1.0,
                )
            )
        self._start(runs)

    def _record(self, index: int, record: StepRecord) -> None:
        """Nothing to keep per step: the frame reads each run's last record."""

    def run_of(self, method: str) -> GradientDescent:
        return self.runs[METHODS.index(method)]

    @property
    def outcome(self) -> Outcome:
        return self.run_of("random").outcome

    def params(self, method: str) -> dict[str, np.ndarray]:
        last = self.run_of(method).last
        assert last is not None
        return last.params

    def accuracy(self, method: str) -> float:
        with np.errstate(all="ignore"):
            predicted = network.predict(self.params(method), self.X, self.activation)
        return float(network.accuracy(predicted, self.Y))

    def hidden_rows(self) -> str:
        """Each hidden unit's weights (a row of W1) and bias, zeros start beside random start."""
        zeros, random = self.params("zeros"), self.params("random")

        def row(p: dict[str, np.ndarray], unit: int) -> str:
            weights = " ".join(fixed(v, 3).rjust(6) for v in p["W1"][unit])
            return f"[{weights}] {fixed(p['b1'][unit, 0], 3).rjust(6)}"

        lines = []
        for unit in range(min(self.n1, 4)):
            lines.append(f"unit {unit + 1}: {row(zeros, unit):<23} {row(random, unit)}")
        return "\n".join(lines)

    def _chart(self, method: str) -> Chart:
        boundary = self.boundaries[method]
        params = self.params(method)
        if boundary.due(self.iteration, self.finished, every=10):
            boundary.update(
                lambda x: network.forward(params, x, self.activation)[0], self.iteration
            )
            with np.errstate(all="ignore"):
                self._predicted[method] = network.predict(params, self.X, self.activation)
        cost = self.run_of(method).last.cost  # type: ignore[union-attr]
        return Chart(
            f"from {method}: cost {numfmt.fixed(cost, 3)}, {self.accuracy(method):.0%} right",
            data_series(self.X, self.Y, self._predicted.get(method)),
            xlim=boundary.xlim,
            ylim=boundary.ylim,
            shading=boundary.shading(),
            note=REGION_NOTE,
        )

    def identical(self, method: str) -> bool:
        """True when every hidden unit has the same incoming weights and bias as the first."""
        p = self.params(method)
        return bool(np.all(p["W1"] == p["W1"][0]) and np.all(p["b1"] == p["b1"][0]))

    def frame(self) -> Frame:
        charts = (self._chart("zeros"), self._chart("random"))
        same = "all equal" if self.identical("zeros") else "different"
        panels = (
            TextPanel(
                f"W1 rows and b1 · left: from zeros ({same}) · right: random", self.hidden_rows()
            ),
        )
        status = f"α = {numfmt.number(self.alpha, 6)} · n1 = {self.n1} · {self.activation}"
        return Frame(charts=charts, panels=panels, status=status)

    def summary(self) -> str:
        return (
            f"after {self.iteration} iterations: zeros {self.accuracy('zeros'):.0%}, "
            f"random {self.accuracy('random'):.0%} accuracy"
        )
