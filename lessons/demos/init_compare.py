"""The same network trained side by side from a symmetric start and from a random one.

From a constant start (every weight the same non-zero number) every hidden unit computes the same
function, receives the same gradient and makes the same update: the units learn — their weights
move — but stay exactly identical to each other, so n1 units are worth one and the boundary cannot
bend around the petals. Each unit's weights and where its output is positive over the plane are
shown side by side, so the learner sees three copies of one unit on the left and three different
units on the right. From all zeros it is worse: on the balanced flower every gradient is exactly 0,
a stationary point, and nothing moves at all (`i` switches the left start between the two).
"""

from __future__ import annotations

import numpy as np

from engine import network, numfmt
from engine.activations import get_activation
from engine.datasets import flower
from engine.numfmt import fixed
from engine.runner import GradientDescent, StepRecord, descent_network
from lessons.demo import Chart, Control, Frame, TextPanel
from lessons.demos.boundary import REGION_NOTE, Boundary, data_series
from lessons.demos.run import MultiRunDemo

#: The two symmetric starts the left side can show; the right side always starts at random.
SYMMETRIC = ("constant", "zeros")
#: The two runs, left to right.
SIDES = ("left", "random")
#: Size of each unit's little map of where its output is positive.
MAP_COLUMNS, MAP_ROWS = 11, 2
#: Decimals of the weights under each unit's map.
WEIGHT_DECIMALS = 2


class InitCompareDemo(MultiRunDemo):
    """A symmetric start (left) against a random one (right), stepped together."""

    title = "Symmetric or random: the same network started two ways"
    controls = (Control("i", "init", "constant/zeros start on the left"),)

    def __init__(
        self,
        *,
        n1: int = 3,
        activation: str = "tanh",
        alpha: float = 1.2,
        max_iterations: int = 5000,
        seed: int = 2,
        constant: float = 0.5,
        left: str = "constant",
        m: int = 400,
    ) -> None:
        if left not in SYMMETRIC:
            raise ValueError(f"the left start must be one of {', '.join(SYMMETRIC)}; got {left!r}")
        self.n1 = n1
        self.activation = activation
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.seed = seed
        self.constant = constant
        self.left = left
        self.X, self.Y = flower(m)
        self.g = get_activation(activation).g
        self.boundaries = {"left": Boundary(self.X, 30, 15), "random": Boundary(self.X, 30, 15)}
        lo, hi = self.X.min(axis=1) - 0.5, self.X.max(axis=1) + 0.5
        gx, gy = np.meshgrid(
            np.linspace(lo[0], hi[0], MAP_COLUMNS), np.linspace(hi[1], lo[1], MAP_ROWS)
        )
        self.map_points = np.vstack([gx.ravel(), gy.ravel()])  # top row first, as printed
        self.starts: dict[str, dict[str, np.ndarray]] = {}
        self.reset()

    def reset(self) -> None:
        runs = []
        for side, method in zip(SIDES, (self.left, "random"), strict=True):
            params = network.init_params(
                self.X.shape[0],
                self.n1,
                method=method,
                scale=self.constant if method == "constant" else 0.01,
                seed=self.seed,
            )
            self.starts[side] = params
            # tol < 0: a run whose cost never moves must keep running, never "converge"
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
            self.boundaries[side].clear()
        self._start(runs)

    def _record(self, index: int, record: StepRecord) -> None:
        """Nothing to keep per step: the frame reads each run's last record."""

    def run_of(self, side: str) -> GradientDescent:
        return self.runs[SIDES.index(side)]

    def act(self, action: str) -> None:
        if action == "init":
            self.left = SYMMETRIC[(SYMMETRIC.index(self.left) + 1) % len(SYMMETRIC)]
            self.reset()

    def params(self, side: str) -> dict[str, np.ndarray]:
        last = self.run_of(side).last
        assert last is not None
        return last.params

    def stationary(self, side: str = "left") -> bool:
        """True when every gradient of that side is exactly 0: it cannot move, ever."""
        last = self.run_of(side).last
        return last is not None and network.is_stationary(last.grads)

    def accuracy(self, side: str) -> float:
        with np.errstate(all="ignore"):
            predicted = network.predict(self.params(side), self.X, self.activation)
        return float(network.accuracy(predicted, self.Y))

    def identical(self, side: str) -> bool:
        """True when every hidden unit has the same weights in and out and the same bias."""
        return network.hidden_units_identical(self.params(side))

    def moved(self, side: str) -> bool:
        """True when the hidden units' weights are no longer where they started."""
        start, now = self.starts[side], self.params(side)
        return not (
            np.array_equal(start["W1"], now["W1"]) and np.array_equal(start["b1"], now["b1"])
        )

    # -- what each unit computes ----------------------------------------------------------------
    def unit_map(self, side: str, unit: int) -> list[str]:
        """Where hidden unit `unit` outputs a positive value over the plane: + positive, · not."""
        p = self.params(side)
        with np.errstate(all="ignore"):
            a = self.g(p["W1"][unit] @ self.map_points + p["b1"][unit, 0])
        marks = np.where(a > 0, "+", "·").reshape(MAP_ROWS, MAP_COLUMNS)
        return ["".join(row) for row in marks]

    def unit_lines(self, side: str, unit: int) -> list[str]:
        """A caption, the unit's map, its weights in W1[i, :] and its bias b1[i]."""
        p = self.params(side)
        w = " ".join(fixed(v, WEIGHT_DECIMALS) for v in p["W1"][unit])
        return [
            f"unit {unit}",
            *self.unit_map(side, unit),
            w,
            f"b {fixed(p['b1'][unit, 0], WEIGHT_DECIMALS)}",
        ]

    def verdict(self, side: str) -> str:
        """What the units of one side are doing, in a few words."""
        if self.stationary(side):
            return "stationary point, all gradients 0"
        if self.identical(side):
            return "units identical" + (", moving" if self.moved(side) else "")
        return "units differ"

    def side_lines(self, side: str) -> list[str]:
        """Every hidden unit of one side next to each other (units counted from 0, as NumPy)."""
        columns = [self.unit_lines(side, unit) for unit in range(min(self.n1, 3))]
        width = max(len(line) for column in columns for line in column)
        return [
            " ".join(column[row].ljust(width) for column in columns).rstrip()
            for row in range(len(columns[0]))
        ]

    def units_panel(self) -> TextPanel:
        """Both sides' units in one panel: the symmetric start left, the random one right."""
        left, right = self.side_lines("left"), self.side_lines("random")
        width = max(len(line) for line in left)
        body = "\n".join(f"{a.ljust(width)} │ {b}" for a, b in zip(left, right, strict=True))
        title = f"{self._name('left')}: {self.verdict('left')} │ random: {self.verdict('random')}"
        return TextPanel(title, body)

    def _name(self, side: str) -> str:
        return self.left if side == "left" else "random"

    def _chart(self, side: str) -> Chart:
        boundary = self.boundaries[side]
        params = self.params(side)
        if boundary.due(self.iteration, self.finished, every=10):
            boundary.update(
                lambda x: network.forward(params, x, self.activation)[0], self.iteration
            )
        with np.errstate(all="ignore"):
            predicted = network.predict(params, self.X, self.activation)
        cost = self.run_of(side).last.cost  # type: ignore[union-attr]
        return Chart(
            f"from {self._name(side)}: cost {fixed(cost, 3)}, {self.accuracy(side):.0%} right",
            data_series(self.X, self.Y, predicted),
            xlim=boundary.xlim,
            ylim=boundary.ylim,
            shading=boundary.shading(),
            note=REGION_NOTE,
        )

    def frame(self) -> Frame:
        charts = (self._chart("left"), self._chart("random"))
        panels = (self.units_panel(),)
        if self.stationary("left"):
            status = "zeros: a stationary point (all gradients 0), not a minimum"
        else:
            alpha = numfmt.number(self.alpha, 6)
            status = f"α = {alpha} · {self.activation} · under unit i: W1[i, :], b1[i]"
        return Frame(charts=charts, panels=panels, status=status)

    def summary(self) -> str:
        left = self._name("left")
        stuck = " (a stationary point)" if self.stationary("left") else ""
        return (
            f"after {self.iteration} iterations: {left} {self.accuracy('left'):.0%}{stuck}, "
            f"random {self.accuracy('random'):.0%} accuracy"
        )
