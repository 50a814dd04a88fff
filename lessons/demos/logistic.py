"""Logistic regression on m examples at once: the bridge from one example to a training set.

With m examples the cost is the average of the losses, J = (1/m)·Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾), and each
derivative is the average of the per-example derivatives: dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ. The
engine computes both without a loop over the examples (`engine.logistic.propagate`, driven by
`engine.runner.descent_logistic`). The demo shows the cost per iteration, the decision boundary
w1·x1 + w2·x2 + b = 0 over the two classes, and the accuracy.

Stepping, α and the boundary's refresh rhythm are shared with the network of lesson 3
(`lessons.demos.boundary.BoundaryDemo`); this module adds the data sets, the straight boundary
line and how logistic regression predicts.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from engine import logistic, numfmt
from engine.activations import sigmoid
from engine.datasets import blobs, flower
from engine.runner import StepRecord, descent_logistic
from lessons.demo import Chart, Control, Frame, History, Series
from lessons.demos.boundary import Boundary, BoundaryDemo
from lessons.demos.run import ALPHA_CONTROLS, alpha_rung

ALPHAS = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0, 10.0)
DATASETS: dict[str, Callable[[int], tuple[np.ndarray, np.ndarray]]] = {
    "blobs": lambda seed: blobs(200, seed=seed),
    "flower": lambda seed: flower(400, seed=seed + 1),
}
GRID_COLUMNS, GRID_ROWS = 80, 40


class LogisticDemo(BoundaryDemo):
    """Vectorised logistic regression trained live: cost per iteration, boundary, accuracy."""

    title = "Logistic regression on m examples"
    controls = (
        *ALPHA_CONTROLS,
        Control("c", "dataset", "other data set"),
    )

    def __init__(
        self,
        *,
        dataset: str = "blobs",
        alpha: float = 0.5,
        max_iterations: int = 2000,
        seed: int = 0,
    ) -> None:
        if dataset not in DATASETS:
            raise ValueError(f"dataset must be one of {', '.join(DATASETS)}; got {dataset!r}")
        if not (math.isfinite(alpha) and alpha > 0):
            raise ValueError(f"α must be a positive number; got {alpha!r}")
        if not (isinstance(max_iterations, int) and max_iterations >= 1):
            raise ValueError(f"max_iterations must be a whole number ≥ 1; got {max_iterations!r}")
        self.dataset = dataset
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.seed = seed
        self.history = History()
        self._load()
        self.reset()

    def _load(self) -> None:
        self.X, self.Y = DATASETS[self.dataset](self.seed)
        self.boundary = Boundary(self.X, GRID_COLUMNS, GRID_ROWS)

    # -- state ------------------------------------------------------------------------------------
    @property
    def m(self) -> int:
        """How many examples the cost averages over."""
        return int(self.X.shape[1])

    @property
    def xlim(self) -> tuple[float, float]:
        return self.boundary.xlim

    @property
    def ylim(self) -> tuple[float, float]:
        return self.boundary.ylim

    @property
    def cost(self) -> float:
        return self.last.cost

    @property
    def w(self) -> np.ndarray:
        return self.last.params["w"]

    @property
    def b(self) -> float:
        return float(self.last.params["b"])

    def predict(self, points: np.ndarray) -> np.ndarray:
        return logistic.predict(self.w, self.b, points)

    def probability(self, points: np.ndarray) -> np.ndarray:
        return sigmoid(self.w.T @ points + self.b)

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.history.clear()
        self._forget_boundary()
        self._start(
            descent_logistic(self.X, self.Y, self.alpha, max_iterations=self.max_iterations)
        )

    def _record(self, record: StepRecord) -> None:
        if math.isfinite(record.cost):
            self.history.append(record.iteration, record.cost)

    def act(self, action: str) -> None:
        """α carries on from where the run is (starting again only after a divergence)."""
        if action in {"alpha_up", "alpha_down"}:
            self.alpha = alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHAS)
            if self.diverged:
                self.reset()
        elif action == "dataset":
            names = list(DATASETS)
            self.dataset = names[(names.index(self.dataset) + 1) % len(names)]
            self._load()
            self.reset()

    def boundary_line(self) -> Series | None:
        """The boundary w1·x1 + w2·x2 + b = 0 across the plot, or None when w2 is (almost) 0."""
        w1, w2 = (float(v) for v in np.ravel(self.w)[:2])
        if abs(w2) < 1e-12 or not (math.isfinite(w1) and math.isfinite(w2)):
            return None
        xs = np.linspace(self.xlim[0], self.xlim[1], 50)
        ys = -(w1 * xs + self.b) / w2
        keep = (ys >= self.ylim[0]) & (ys <= self.ylim[1])
        if keep.sum() < 2:
            return None
        return Series(xs[keep], ys[keep], "edge", "line", "ink", line="beaded")

    def frame(self) -> Frame:
        self.refresh_boundary()
        cost_chart = Chart(
            f"cost J = (1/m)·Σ L over m = {self.m}",
            (Series(self.history.x, self.history.y, "", "line", "sky"),),
            xlabel="iteration",
            whole_x=True,
            yscale="auto",
        )
        line = self.boundary_line()
        boundary_chart = self.boundary_chart(
            "decision boundary", (line,) if line is not None else ()
        )
        if self.diverged:
            status = f"{self.run.summary()} · α {numfmt.number(self.alpha, 6)} · lower α (−)"
        else:
            cost, alpha = numfmt.fixed(self.cost, 4), numfmt.number(self.alpha, 6)
            status = f"J {cost} · α {alpha} · {self.dataset}"
        return Frame(charts=(cost_chart, boundary_chart), status=status)
