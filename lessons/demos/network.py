"""A one-hidden-layer network learning the flower data set live: cost, decision boundary, accuracy.

Logistic regression draws one straight line through the petals and stalls near 50 %; a handful of
tanh units bends the boundary around them. Watching the coloured regions change shape while the
cost falls is the payoff of the four forward and six backward equations.

The live component calls `step()` many times per animation tick and `frame()` once, so `step()`
only runs one engine iteration; the boundary grid and the accuracy are computed in `frame()`, and
at most once every `BOUNDARY_EVERY` iterations while the run goes on.
"""

from __future__ import annotations

import math

import numpy as np

from engine import network
from engine.datasets import flower
from engine.runner import GradientDescent, Outcome, descent_network
from lessons.demo import Chart, Control, Demo, Frame, History, Series

ALPHAS = (0.01, 0.03, 0.1, 0.3, 0.6, 1.2, 2.4, 5.0, 10.0, 50.0)
HIDDEN_UNITS = (1, 2, 3, 4, 5, 8, 10, 20, 50)
ACTIVATION_CYCLE = ("tanh", "relu", "sigmoid")
INITS = ("random", "zeros")
#: Grid of predicted points behind the data: coarse enough to be cheap, fine enough to show petals.
GRID_COLUMNS, GRID_ROWS = 56, 22
BOUNDARY_EVERY = 10
CLASS_COLOURS = ("red", "blue")


def _nearest(options: tuple, value: float) -> int:
    return min(range(len(options)), key=lambda i: abs(math.log(options[i]) - math.log(value)))


class Boundary:
    """The predicted class on a coarse grid over the data, with the iteration it was made at."""

    def __init__(self, X: np.ndarray, columns: int = GRID_COLUMNS, rows: int = GRID_ROWS) -> None:
        lo = X.min(axis=1) - 0.5
        hi = X.max(axis=1) + 0.5
        self.xlim = (float(lo[0]), float(hi[0]))
        self.ylim = (float(lo[1]), float(hi[1]))
        xs = np.linspace(lo[0], hi[0], columns)
        ys = np.linspace(lo[1], hi[1], rows)
        gx, gy = np.meshgrid(xs, ys)
        self.points = np.vstack([gx.ravel(), gy.ravel()])
        self.predicted: np.ndarray = np.zeros(self.points.shape[1])
        self.iteration: int | None = None

    def update(self, params: dict, activation: str, iteration: int) -> None:
        with np.errstate(all="ignore"):
            self.predicted = network.predict(params, self.points, activation).ravel()
        self.iteration = iteration

    def series(self) -> tuple[Series, ...]:
        """One scatter per predicted class, drawn faintly (small dots) behind the data."""
        out = []
        for label in (0, 1):
            mask = self.predicted == label
            out.append(
                Series(
                    self.points[0, mask],
                    self.points[1, mask],
                    "",  # the regions need no legend entry: the data points carry it
                    "scatter",
                    CLASS_COLOURS[label],
                    "·",
                )
            )
        return tuple(out)


def data_series(X: np.ndarray, Y: np.ndarray) -> tuple[Series, ...]:
    """The examples themselves, one scatter per true class."""
    return tuple(
        Series(
            X[0, Y[0] == label],
            X[1, Y[0] == label],
            f"class {label}",
            "scatter",
            CLASS_COLOURS[label],
            "•",
        )
        for label in (0, 1)
    )


class NetworkDemo(Demo):
    """Train W1, b1, W2, b2 by gradient descent on the flower data, one iteration per step."""

    title = "A network learning the flower"
    controls = (
        Control("plus", "alpha_up", "α up"),
        Control("minus", "alpha_down", "α down"),
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
        self._alpha = float(alpha)
        self.max_iterations = max_iterations
        self.seed = seed
        self.X, self.Y = flower(m)
        self.history = History()
        self.boundary = Boundary(self.X)
        self._accuracy: float | None = None
        self.run: GradientDescent
        self.reset()

    # -- state ------------------------------------------------------------------------------------
    @property
    def alpha(self) -> float:
        return self._alpha

    @alpha.setter
    def alpha(self, value: float) -> None:
        """A new α takes effect at the next step; the run goes on from where it is."""
        self._alpha = float(value)
        self.run.alpha = self._alpha

    @property
    def params(self) -> dict[str, np.ndarray]:
        assert self.run.last is not None
        return self.run.last.params

    @property
    def cost(self) -> float:
        assert self.run.last is not None
        return self.run.last.cost

    @property
    def iteration(self) -> int:
        return self.run.last.iteration if self.run.last is not None else 0

    @property
    def outcome(self) -> Outcome:
        return self.run.outcome

    @property
    def diverged(self) -> bool:
        return self.run.outcome is Outcome.DIVERGED

    def accuracy(self) -> float:
        """Share of the training examples classified right by the current parameters."""
        with np.errstate(all="ignore"):
            predicted = network.predict(self.params, self.X, self.activation)
        return float(network.accuracy(predicted, self.Y))

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        params = network.init_params(
            self.X.shape[0], self.n1, method=self.init, scale=0.01, seed=self.seed
        )
        self.run = descent_network(
            self.X,
            self.Y,
            params,
            self._alpha,
            self.activation,
            max_iterations=self.max_iterations,
        )
        self.history.clear()
        self.boundary.iteration = None
        self._accuracy = None
        self._record(next(self.run))

    def _record(self, record: object) -> None:
        cost = self.run.last.cost if self.run.last is not None else math.nan
        if math.isfinite(cost):
            self.history.append(self.iteration, cost)

    def step(self) -> bool:
        if self.finished:
            return False
        records = self.run.take(1)
        if not records:
            return False
        self._record(records[0])
        return True

    @property
    def finished(self) -> bool:
        return self.run.outcome is not Outcome.RUNNING

    def act(self, action: str) -> None:
        if action in {"alpha_up", "alpha_down"}:
            index = _nearest(ALPHAS, self._alpha) + (1 if action == "alpha_up" else -1)
            self.alpha = ALPHAS[max(0, min(len(ALPHAS) - 1, index))]
            if self.finished and not self.diverged:
                return
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

    def refresh_boundary(self, force: bool = False) -> None:
        """Recompute the grid and the accuracy unless they are recent enough."""
        last = self.boundary.iteration
        due = last is None or self.iteration - last >= BOUNDARY_EVERY or self.finished
        if (force or due) and last != self.iteration and not self.diverged:
            self.boundary.update(self.params, self.activation, self.iteration)
            self._accuracy = self.accuracy()

    def settings(self) -> str:
        return f"α = {self._alpha:g}, n1 = {self.n1}, {self.activation}, {self.init} init"

    def frame(self) -> Frame:
        self.refresh_boundary()
        cost_chart = Chart(
            f"J · α={self._alpha:g} n1={self.n1} {self.activation} {self.init}",
            (Series(self.history.x, self.history.y, "", "line", "green"),),
            xlabel="iteration",
        )
        accuracy = "" if self._accuracy is None else f" · accuracy {self._accuracy:.1%}"
        boundary_chart = Chart(
            f"predicted regions{accuracy}",
            self.boundary.series() + data_series(self.X, self.Y),
            xlim=self.boundary.xlim,
            ylim=self.boundary.ylim,
        )
        if self.diverged:
            status = f"{self.run.summary()} · press − to lower α"
        else:
            status = f"cost {self.cost:.4f}{accuracy}"  # the view shows the iteration itself
        return Frame(charts=(cost_chart, boundary_chart), status=status)

    def summary(self) -> str:
        if self.diverged:
            return self.run.summary()
        self.refresh_boundary(force=True)
        return f"{self.run.summary()}, accuracy {self._accuracy:.1%}"
