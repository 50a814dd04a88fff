"""Decision boundaries in the plane: predicted regions behind the data, refreshed now and then.

Logistic regression (lesson 2) and the network (lesson 3) both classify two-feature points, and
both show it the same way: every point of a coarse grid coloured by its predicted class, the
examples on top, the accuracy in the title. Predicting the grid costs far more than one training
step, and the live component runs dozens of steps per animation tick, so the regions are computed
in `frame()`, not `step()`, and only every `BOUNDARY_EVERY` iterations while the run goes on.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable

import numpy as np

from engine.logistic import accuracy
from lessons.demo import Chart, Series
from lessons.demos.run import RunDemo

#: Iterations between two grid predictions while a run goes on: at about 33 steps per tick (the
#: network's pace) every frame would otherwise rebuild and redraw the regions. A manual step still
#: sees the regions follow within this many iterations; the end of a run always refreshes them.
BOUNDARY_EVERY = 50
CLASS_COLOURS = ("red", "blue")

Predict = Callable[[np.ndarray], np.ndarray]


class Boundary:
    """The predicted class on a coarse grid over the data, with the iteration it was made at."""

    def __init__(self, X: np.ndarray, columns: int = 56, rows: int = 22) -> None:
        lo = X.min(axis=1) - 0.5
        hi = X.max(axis=1) + 0.5
        self.xlim = (float(lo[0]), float(hi[0]))
        self.ylim = (float(lo[1]), float(hi[1]))
        xs = np.linspace(lo[0], hi[0], columns)
        ys = np.linspace(lo[1], hi[1], rows)
        gx, gy = np.meshgrid(xs, ys)
        self.points = np.vstack([gx.ravel(), gy.ravel()])
        self.iteration: int | None = None
        self.clear()

    def clear(self) -> None:
        """Forget the regions (a new run): the next frame computes them again."""
        self.iteration = None
        self._set(np.zeros(self.points.shape[1]))

    def update(self, predict: Predict, iteration: int) -> None:
        """Predict every grid point; `predict` maps points (2, n) to classes (1, n) of 0/1."""
        with np.errstate(all="ignore"):
            self._set(np.ravel(predict(self.points)))
        self.iteration = iteration

    def due(self, iteration: int, finished: bool, every: int = BOUNDARY_EVERY) -> bool:
        """True when the regions are missing, `every` iterations old, or the run just ended."""
        last = self.iteration
        return last is None or iteration - last >= every or finished

    def _set(self, predicted: np.ndarray) -> None:
        self.predicted = predicted
        self._series: tuple[Series, ...] | None = None

    def series(self) -> tuple[Series, ...]:
        """One scatter per predicted class, drawn faintly (small dots) behind the data.

        Built once per prediction: frames between two refreshes reuse the same series.
        """
        if self._series is None:
            self._series = tuple(
                Series(
                    self.points[0, self.predicted == label],
                    self.points[1, self.predicted == label],
                    "",  # the regions need no legend entry: the data points carry it
                    "scatter",
                    CLASS_COLOURS[label],
                    "·",
                )
                for label in (0, 1)
            )
        return self._series


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


class BoundaryDemo(RunDemo):
    """A run that classifies the examples `X`, `Y`: its regions, accuracy and summary.

    Subclasses set `X`, `Y` and `boundary`, call `_forget_boundary()` on reset, and say how the
    current parameters classify points (`predict`).
    """

    X: np.ndarray
    Y: np.ndarray
    boundary: Boundary
    _accuracy: float | None = None

    @abstractmethod
    def predict(self, points: np.ndarray) -> np.ndarray:
        """Classes (1, n) of 0/1 that the current parameters give the points (2, n)."""

    def accuracy(self) -> float:
        """Share of the training examples classified right by the current parameters."""
        with np.errstate(all="ignore"):
            return float(accuracy(self.predict(self.X), self.Y))

    def _forget_boundary(self) -> None:
        """A new run: its first frame draws fresh regions and accuracy."""
        self.boundary.clear()
        self._accuracy = None

    def refresh_boundary(self, force: bool = False) -> None:
        """Recompute the grid and the accuracy unless they are recent enough (or diverged)."""
        last = self.boundary.iteration
        due = force or self.boundary.due(self.iteration, self.finished)
        if due and last != self.iteration and not self.diverged:
            self.boundary.update(self.predict, self.iteration)
            self._accuracy = self.accuracy()

    def accuracy_text(self) -> str:
        """' · accuracy 87.5%' once known, for titles and status lines."""
        return "" if self._accuracy is None else f" · accuracy {self._accuracy:.1%}"

    def boundary_chart(self, title: str, extra: tuple[Series, ...] = ()) -> Chart:
        """Predicted regions, then the examples, then `extra` on top; accuracy in the title."""
        return Chart(
            f"{title}{self.accuracy_text()}",
            self.boundary.series() + data_series(self.X, self.Y) + extra,
            xlim=self.boundary.xlim,
            ylim=self.boundary.ylim,
        )

    def summary(self) -> str:
        """The engine's verdict and, unless the run diverged, the final accuracy."""
        if self.diverged:
            return super().summary()
        self.refresh_boundary(force=True)
        return f"{super().summary()}, accuracy {self.accuracy():.1%}"
