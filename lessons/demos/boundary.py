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
from lessons.demo import Chart, Series, Shading
from lessons.demos.run import RunDemo

#: Iterations between two grid predictions while a run goes on: at about 33 steps per tick (the
#: network's pace) every frame would otherwise rebuild and redraw the regions. A manual step still
#: sees the regions follow within this many iterations; the end of a run always refreshes them.
BOUNDARY_EVERY = 50
#: Class 0 and class 1: the Okabe–Ito orange and sky blue, and a glyph each (the course draws the
#: two classes as o and x; filled and hollow circles read better at terminal size).
CLASS_COLOURS = ("orange", "sky")
CLASS_GLYPHS = ("○", "●")
#: A training example the current parameters classify wrongly (in its class's colour).
WRONG_GLYPH = "✗"
#: Regions by predicted probability ŷ: sure of class 0 (ŷ < 0.2), unsure either way, sure of 1.
REGION_EDGES = (0.2, 0.5, 0.8)
REGION_GLYPHS = ("-", "·", "·", "+")
REGION_COLOURS = ("faint-orange", "faint", "faint", "faint-sky")
REGION_NOTE = "-·+ ŷ 0→1"

Probability = Callable[[np.ndarray], np.ndarray]


class Boundary:
    """The predicted probability ŷ on a grid over the data, with the iteration it was made at."""

    def __init__(self, X: np.ndarray, columns: int = 80, rows: int = 40) -> None:
        lo = X.min(axis=1) - 0.5
        hi = X.max(axis=1) + 0.5
        self.xlim = (float(lo[0]), float(hi[0]))
        self.ylim = (float(lo[1]), float(hi[1]))
        self.xs = np.linspace(lo[0], hi[0], columns)
        self.ys = np.linspace(lo[1], hi[1], rows)
        gx, gy = np.meshgrid(self.xs, self.ys)
        self.points = np.vstack([gx.ravel(), gy.ravel()])
        self.iteration: int | None = None
        self.clear()

    def clear(self) -> None:
        """Forget the regions (a new run): the next frame computes them again."""
        self.iteration = None
        self._set(np.full(self.points.shape[1], 0.5))

    def update(self, probability: Probability, iteration: int) -> None:
        """Evaluate ŷ at every grid point; `probability` maps points (2, n) to (1, n) in [0, 1]."""
        with np.errstate(all="ignore"):
            self._set(np.ravel(probability(self.points)).astype(float))
        self.iteration = iteration

    def due(self, iteration: int, finished: bool, every: int = BOUNDARY_EVERY) -> bool:
        """True when the regions are missing, `every` iterations old, or the run just ended."""
        last = self.iteration
        return last is None or iteration - last >= every or finished

    def _set(self, probabilities: np.ndarray) -> None:
        self.probabilities = probabilities
        self.predicted = (probabilities > 0.5).astype(float)
        self._shading: Shading | None = None

    def shading(self) -> Shading:
        """The regions, shaded by ŷ: built once per prediction and reused between refreshes."""
        if self._shading is None:
            self._shading = Shading(
                self.xs,
                self.ys,
                self.probabilities.reshape(len(self.ys), len(self.xs)),
                REGION_EDGES,
                REGION_GLYPHS,
                REGION_COLOURS,
                REGION_NOTE,
            )
        return self._shading


def data_series(
    X: np.ndarray, Y: np.ndarray, predicted: np.ndarray | None = None
) -> tuple[Series, ...]:
    """The examples, one scatter per true class; with `predicted`, the wrong ones marked ✗."""
    y = np.ravel(Y)
    wrong = np.zeros(len(y), dtype=bool) if predicted is None else np.ravel(predicted) != y
    series = [
        Series(
            X[0, (y == label) & ~wrong],
            X[1, (y == label) & ~wrong],
            f"y={label}",
            "scatter",
            CLASS_COLOURS[label],
            CLASS_GLYPHS[label],
        )
        for label in (0, 1)
    ]
    if predicted is not None:
        # One series per class so the colour still says the class; one legend entry for both.
        series += [
            Series(
                X[0, (y == label) & wrong],
                X[1, (y == label) & wrong],
                "wrong" if label == 0 else "",
                "scatter",
                CLASS_COLOURS[label],
                WRONG_GLYPH,
            )
            for label in (0, 1)
        ]
    return tuple(series)


class BoundaryDemo(RunDemo):
    """A run that classifies the examples `X`, `Y`: its regions, accuracy and summary.

    Subclasses set `X`, `Y` and `boundary`, call `_forget_boundary()` on reset, and say how the
    current parameters classify points (`predict`).
    """

    X: np.ndarray
    Y: np.ndarray
    boundary: Boundary
    _accuracy: float | None = None

    _predicted: np.ndarray | None = None

    @abstractmethod
    def predict(self, points: np.ndarray) -> np.ndarray:
        """Classes (1, n) of 0/1 that the current parameters give the points (2, n)."""

    @abstractmethod
    def probability(self, points: np.ndarray) -> np.ndarray:
        """ŷ (1, n), the predicted probability of class 1, for the points (2, n)."""

    def accuracy(self) -> float:
        """Share of the training examples classified right by the current parameters."""
        with np.errstate(all="ignore"):
            return float(accuracy(self.predict(self.X), self.Y))

    def _forget_boundary(self) -> None:
        """A new run: its first frame draws fresh regions and accuracy."""
        self.boundary.clear()
        self._accuracy = None
        self._predicted = None

    def refresh_boundary(self, force: bool = False) -> None:
        """Recompute the grid and the accuracy unless they are recent enough (or diverged)."""
        last = self.boundary.iteration
        due = force or self.boundary.due(self.iteration, self.finished)
        if due and last != self.iteration and not self.diverged:
            self.boundary.update(self.probability, self.iteration)
            with np.errstate(all="ignore"):
                self._predicted = self.predict(self.X)
            self._accuracy = float(accuracy(self._predicted, self.Y))

    def accuracy_text(self) -> str:
        """' · accuracy 87.5%' once known, for titles and status lines."""
        return "" if self._accuracy is None else f" · accuracy {self._accuracy:.1%}"

    def boundary_chart(self, title: str, extra: tuple[Series, ...] = ()) -> Chart:
        """Regions shaded by ŷ, the examples (wrong ones ✗), `extra` on top; accuracy in title."""
        return Chart(
            f"{title}{self.accuracy_text()}",
            data_series(self.X, self.Y, self._predicted) + extra,
            xlim=self.boundary.xlim,
            ylim=self.boundary.ylim,
            shading=self.boundary.shading(),
            note=REGION_NOTE,
        )

    def summary(self) -> str:
        """The engine's verdict and, unless the run diverged, the final accuracy."""
        if self.diverged:
            return super().summary()
        self.refresh_boundary(force=True)
        return f"{super().summary()}, accuracy {self.accuracy():.1%}"
