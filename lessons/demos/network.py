"""A one-hidden-layer network learning the flower data set live: cost, decision boundary, accuracy.

Logistic regression draws one straight line through the petals and stalls near 50 %; a handful of
tanh units bends the boundary around them. Watching the coloured regions change shape while the
cost falls is the payoff of the four forward and six backward equations.

Stepping, α and the boundary's refresh rhythm are shared with logistic regression
(`lessons.demos.boundary.BoundaryDemo`); this module holds what is particular to the network: its
settings (n1, activation, init) and how it predicts.
"""

from __future__ import annotations

import math

import numpy as np

from engine import network, numfmt
from engine.datasets import flower
from engine.runner import StepRecord, descent_network
from lessons.demo import Chart, Control, Frame, History, Series
from lessons.demos.boundary import BOUNDARY_EVERY, Boundary, BoundaryDemo
from lessons.demos.run import ALPHA_CONTROLS, alpha_rung

#: Re-exported: the refresh rhythm belongs to the boundary helper, the tests pin it from here.
__all__ = ["BOUNDARY_EVERY", "NetworkDemo"]

ALPHAS = (0.01, 0.03, 0.1, 0.3, 0.6, 1.2, 2.4, 5.0, 10.0, 50.0)
HIDDEN_UNITS = (1, 2, 3, 4, 5, 8, 10, 20, 50)
ACTIVATION_CYCLE = ("tanh", "relu", "sigmoid")
INITS = ("random", "zeros")
#: Grid of predicted points behind the data: coarse enough to be cheap, fine enough to show petals.
GRID_COLUMNS, GRID_ROWS = 80, 40


class NetworkDemo(BoundaryDemo):
    """Train W1, b1, W2, b2 by gradient descent on the flower data, one iteration per step."""

    title = "A network learning the flower"
    controls = (
        *ALPHA_CONTROLS,
        Control("right_square_bracket", "n1_up", "more hidden units"),
        Control("left_square_bracket", "n1_down", "fewer hidden units"),
        Control("a", "activation", "hidden activation"),
        Control("i", "init", "random/zeros init"),
    )

    def __init__(
        self,
        *,
        n1: int = 4,
        activation: str = "tanh",
        init: str = "random",
        alpha: float = 1.2,
        max_iterations: int = 10_000,
        seed: int = 2,
        m: int = 400,
    ) -> None:
        if activation not in ACTIVATION_CYCLE:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATION_CYCLE)}")
        if init not in INITS:
            raise ValueError('init must be "random" or "zeros"')
        if not (isinstance(n1, int) and n1 >= 1):
            raise ValueError(f"n1 (hidden units) must be a whole number ≥ 1; got {n1!r}")
        if not (math.isfinite(alpha) and alpha > 0):
            raise ValueError(f"α must be a positive number; got {alpha!r}")
        self.n1 = n1
        self.activation = activation
        self.init = init
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.seed = seed
        self.X, self.Y = flower(m)
        self.history = History()
        self.boundary = Boundary(self.X, GRID_COLUMNS, GRID_ROWS)
        self.reset()

    # -- state ------------------------------------------------------------------------------------
    @property
    def params(self) -> dict[str, np.ndarray]:
        return self.last.params

    @property
    def cost(self) -> float:
        return self.last.cost

    def predict(self, points: np.ndarray) -> np.ndarray:
        return network.predict(self.params, points, self.activation)

    def probability(self, points: np.ndarray) -> np.ndarray:
        return network.forward(self.params, points, self.activation)[0]

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        params = network.init_params(
            self.X.shape[0], self.n1, method=self.init, scale=0.01, seed=self.seed
        )
        self.history.clear()
        self._forget_boundary()
        self._start(
            descent_network(
                self.X,
                self.Y,
                params,
                self.alpha,
                self.activation,
                max_iterations=self.max_iterations,
            )
        )

    def _record(self, record: StepRecord) -> None:
        if math.isfinite(record.cost):
            self.history.append(record.iteration, record.cost)

    def act(self, action: str) -> None:
        """α carries on from where the run is (starting again only after a divergence); the
        architecture and initialisation controls start a new network."""
        if action in {"alpha_up", "alpha_down"}:
            self.alpha = alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHAS)
            if self.diverged:
                self.reset()
            return
        if action in {"n1_up", "n1_down"}:
            index = HIDDEN_UNITS.index(self.n1) if self.n1 in HIDDEN_UNITS else 3
            index += 1 if action == "n1_up" else -1
            self.n1 = HIDDEN_UNITS[max(0, min(len(HIDDEN_UNITS) - 1, index))]
        elif action == "activation":
            position = ACTIVATION_CYCLE.index(self.activation)
            self.activation = ACTIVATION_CYCLE[(position + 1) % len(ACTIVATION_CYCLE)]
        elif action == "init":
            self.init = INITS[(INITS.index(self.init) + 1) % len(INITS)]
        else:
            return
        self.reset()

    def settings(self) -> str:
        alpha = numfmt.number(self.alpha, 6)
        return f"α = {alpha}, n1 = {self.n1}, {self.activation}, {self.init} init"

    def frame(self) -> Frame:
        self.refresh_boundary()
        cost_chart = Chart(
            f"J · α={numfmt.number(self.alpha, 6)} n1={self.n1} {self.activation} {self.init}",
            (Series(self.history.x, self.history.y, "", "line", "sky"),),
            xlabel="iteration",
            whole_x=True,
            yscale="auto",
        )
        boundary_chart = self.boundary_chart("predicted regions")
        if self.diverged:
            status = f"{self.run.summary()} · press − to lower α"
        else:
            # the view shows the iteration itself
            status = f"cost {numfmt.fixed(self.cost, 4)}{self.accuracy_text()}"
        return Frame(charts=(cost_chart, boundary_chart), status=status)
