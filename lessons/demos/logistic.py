"""Logistic regression on m examples at once: the bridge from one example to a training set.

With m examples the cost is the average of the losses, J = (1/m)·Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾), and each
derivative is the average of the per-example derivatives: dw = (1/m)·X·dZᵀ, db = (1/m)·Σ dZ. The
engine computes both without a loop over the examples (`engine.logistic.propagate`, driven by
`engine.runner.descent_logistic`). The demo shows the cost per iteration, the decision boundary
w1·x1 + w2·x2 + b = 0 over the two classes, and the accuracy.

The live component calls `step()` many times per animation tick and `frame()` once, so `step()`
runs one engine iteration and the boundary grid and accuracy are computed in `frame()`, at most
once every `BOUNDARY_EVERY` iterations while the run goes on.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from engine import logistic
from engine.datasets import blobs, flower
from engine.runner import GradientDescent, Outcome, StepRecord, descent_logistic
from lessons.demo import Chart, Control, Demo, Frame, History, Series

ALPHAS = (0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0, 10.0)
DATASETS: dict[str, Callable[[int], tuple[np.ndarray, np.ndarray]]] = {
    "blobs": lambda seed: blobs(200, seed=seed),
    "flower": lambda seed: flower(400, seed=seed + 1),
}
GRID_COLUMNS, GRID_ROWS = 40, 20
BOUNDARY_EVERY = 10
CLASS_COLOURS = ("red", "blue")


def _nearest(value: float) -> int:
    return min(range(len(ALPHAS)), key=lambda i: abs(math.log(ALPHAS[i]) - math.log(value)))


class LogisticDemo(Demo):
    """Vectorised logistic regression trained live: cost per iteration, boundary, accuracy."""

    title = "Logistic regression on m examples"
    controls = (
        Control("plus", "alpha_up", "α up"),
        Control("minus", "alpha_down", "α down"),
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
        self._alpha = float(alpha)
        self.max_iterations = max_iterations
        self.seed = seed
        self.history = History()
        self.run: GradientDescent
        self._load()
        self.reset()

    def _load(self) -> None:
        self.X, self.Y = DATASETS[self.dataset](self.seed)
        lo = self.X.min(axis=1) - 0.5
        hi = self.X.max(axis=1) + 0.5
        self.xlim = (float(lo[0]), float(hi[0]))
        self.ylim = (float(lo[1]), float(hi[1]))
        gx, gy = np.meshgrid(
            np.linspace(lo[0], hi[0], GRID_COLUMNS), np.linspace(lo[1], hi[1], GRID_ROWS)
        )
        self.grid = np.vstack([gx.ravel(), gy.ravel()])

    # -- state ------------------------------------------------------------------------------------
    @property
    def m(self) -> int:
        """How many examples the cost averages over."""
        return int(self.X.shape[1])

    @property
    def alpha(self) -> float:
        return self._alpha

    @alpha.setter
    def alpha(self, value: float) -> None:
        """A new α applies from the next iteration on."""
        self._alpha = float(value)
        self.run.alpha = self._alpha

    @property
    def iteration(self) -> int:
        return self.run.last.iteration if self.run.last is not None else 0

    @property
    def outcome(self) -> Outcome:
        return self.run.outcome

    @property
    def last(self) -> StepRecord:
        assert self.run.last is not None
        return self.run.last

    @property
    def cost(self) -> float:
        return self.last.cost

    @property
    def w(self) -> np.ndarray:
        return self.last.params["w"]

    @property
    def b(self) -> float:
        return float(self.last.params["b"])

    @property
    def diverged(self) -> bool:
        return self.run.outcome is Outcome.DIVERGED

    def accuracy(self) -> float:
        """Share of the m training examples on the right side of the boundary."""
        with np.errstate(all="ignore"):
            return logistic.accuracy(logistic.predict(self.w, self.b, self.X), self.Y)

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.run = descent_logistic(self.X, self.Y, self._alpha, max_iterations=self.max_iterations)
        self.history.clear()
        self._boundary_at: int | None = None
        self._predicted = np.zeros(self.grid.shape[1])
        self._accuracy: float | None = None
        self._record(next(self.run))

    def _record(self, record: StepRecord) -> None:
        if math.isfinite(record.cost):
            self.history.append(record.iteration, record.cost)

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
            index = _nearest(self._alpha) + (1 if action == "alpha_up" else -1)
            self.alpha = ALPHAS[max(0, min(len(ALPHAS) - 1, index))]
            if self.diverged:
                self.reset()
        elif action == "dataset":
            names = list(DATASETS)
            self.dataset = names[(names.index(self.dataset) + 1) % len(names)]
            self._load()
            self.reset()

    def _refresh_boundary(self, force: bool = False) -> None:
        last = self._boundary_at
        due = last is None or self.iteration - last >= BOUNDARY_EVERY or self.finished
        if (force or due) and last != self.iteration and not self.diverged:
            with np.errstate(all="ignore"):
                self._predicted = logistic.predict(self.w, self.b, self.grid).ravel()
            self._accuracy = self.accuracy()
            self._boundary_at = self.iteration

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
        return Series(xs[keep], ys[keep], "boundary", "line", "white")

    def frame(self) -> Frame:
        self._refresh_boundary()
        cost_chart = Chart(
            f"cost J = (1/m)·Σ L over m = {self.m}",
            (Series(self.history.x, self.history.y, "J", "line", "green"),),
            xlabel="iteration",
        )
        regions = tuple(
            Series(
                self.grid[0, self._predicted == cls],
                self.grid[1, self._predicted == cls],
                "",  # the regions need no legend entry: their colour matches the class
                "scatter",
                CLASS_COLOURS[cls],
                "·",
            )
            for cls in (0, 1)
        )
        data = tuple(
            Series(
                self.X[0, self.Y[0] == cls],
                self.X[1, self.Y[0] == cls],
                f"class {cls}",
                "scatter",
                CLASS_COLOURS[cls],
                "•",
            )
            for cls in (0, 1)
        )
        line = self.boundary_line()
        accuracy = "" if self._accuracy is None else f" · accuracy {self._accuracy:.1%}"
        boundary_chart = Chart(
            f"decision boundary{accuracy}",
            regions + data + ((line,) if line is not None else ()),
            xlim=self.xlim,
            ylim=self.ylim,
        )
        if self.diverged:
            status = f"{self.run.summary()} · α {self._alpha:g} · lower α (−)"
        else:
            status = f"J {self.cost:.4f} · α {self._alpha:g} · {self.dataset}"
        return Frame(charts=(cost_chart, boundary_chart), status=status)

    def summary(self) -> str:
        if self.diverged:
            return self.run.summary()
        self._refresh_boundary(force=True)
        return f"{self.run.summary()}, accuracy {self.accuracy():.1%}"
