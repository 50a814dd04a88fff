"""The costs lecture 1 draws: a convex J(w), a non-convex J(w), and logistic regression's J(w, b).

Each comes with its exact slope, so a demo can draw the curve, the tangent at the current w and
the step w := w − α·dJ(w)/dw, and the tests can hold the slope to its numerical twin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from engine import numfmt
from engine.activations import sigmoid
from engine.datasets import one_feature
from engine.logistic import _loss_from_z

ArrayOrFloat = Any  # float | np.ndarray


def _float_or_array(result: np.ndarray, w: ArrayOrFloat) -> ArrayOrFloat:
    return result if isinstance(w, np.ndarray) else float(result)


@dataclass(frozen=True)
class Cost1D:
    """A cost J(w) of one parameter, its exact slope dJ/dw and where its minima are.

    `minima` lists the local minima inside `w_range` (to 1e-6): one for a convex J, several for a
    non-convex J, which is the point of showing both.
    """

    name: str
    formula: str
    J: Callable[[ArrayOrFloat], ArrayOrFloat]
    dJ: Callable[[ArrayOrFloat], ArrayOrFloat]
    w_range: tuple[float, float]
    convex: bool
    minima: tuple[float, ...]


def _convex_J(w: ArrayOrFloat) -> ArrayOrFloat:
    """J(w) = (w − 2)² + 1: one bowl, lowest at w = 2 where J = 1."""
    x = np.asarray(w, dtype=np.float64) - 2.0
    return _float_or_array(x * x + 1.0, w)


def _convex_dJ(w: ArrayOrFloat) -> ArrayOrFloat:
    """dJ/dw = 2(w − 2): positive right of the minimum (step left), negative left of it."""
    return _float_or_array(2.0 * (np.asarray(w, dtype=np.float64) - 2.0), w)


def _non_convex_J(w: ArrayOrFloat) -> ArrayOrFloat:
    """J(w) = 0.1·w² + sin(2w): a wide bowl with ripples, so several valleys (local minima)."""
    x = np.asarray(w, dtype=np.float64)
    return _float_or_array(0.1 * x * x + np.sin(2.0 * x), w)


def _non_convex_dJ(w: ArrayOrFloat) -> ArrayOrFloat:
    """dJ/dw = 0.2·w + 2·cos(2w)."""
    x = np.asarray(w, dtype=np.float64)
    return _float_or_array(0.2 * x + 2.0 * np.cos(2.0 * x), w)


def _local_minima(
    dJ: Callable[[ArrayOrFloat], ArrayOrFloat], lo: float, hi: float
) -> tuple[float, ...]:
    """Where dJ/dw crosses zero from − to + inside (lo, hi), found by bisection to ~1e-12."""
    grid = np.linspace(lo, hi, 20_001)
    slope = dJ(grid)
    minima = []
    for i in np.nonzero((slope[:-1] < 0.0) & (slope[1:] >= 0.0))[0]:
        left, right = float(grid[i]), float(grid[i + 1])
        for _ in range(60):
            middle = 0.5 * (left + right)
            if dJ(middle) < 0.0:
                left = middle
            else:
                right = middle
        minima.append(0.5 * (left + right))
    return tuple(minima)


CONVEX = Cost1D(
    name="convex",
    formula="J(w) = (w − 2)² + 1",
    J=_convex_J,
    dJ=_convex_dJ,
    w_range=(-2.0, 6.0),
    convex=True,
    minima=(2.0,),
)

NON_CONVEX = Cost1D(
    name="non-convex",
    formula="J(w) = 0.1·w² + sin(2w)",
    J=_non_convex_J,
    dJ=_non_convex_dJ,
    w_range=(-6.0, 6.0),
    convex=False,
    minima=_local_minima(_non_convex_dJ, -6.0, 6.0),
)


class LogisticCost2D:
    """Logistic regression's J(w, b) = (1/m) Σ L(σ(w·x⁽ⁱ⁾ + b), y⁽ⁱ⁾) on one feature x.

    With two parameters J is a surface over the (w, b) plane; for logistic regression it is convex,
    a single bowl, so every start slides to the same minimum. The loss is computed from z
    (log(1 + e^(−|z|)) + max(z, 0) − y·z), the same number as −(y log a + (1 − y) log(1 − a))
    without ever taking log(0).
    """

    formula = "J(w, b) = (1/m) Σ L(σ(w·x⁽ⁱ⁾ + b), y⁽ⁱ⁾)"

    def __init__(self, X: np.ndarray, Y: np.ndarray) -> None:
        X = np.asarray(X, dtype=np.float64)
        Y = np.asarray(Y, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] != 1:
            raise ValueError(f"X must have shape (1, m), one feature per example; got {X.shape}")
        if Y.shape != X.shape:
            raise ValueError(
                f"Y must have shape (1, m) = {X.shape}, one label per example; got {Y.shape}"
            )
        self.X = X
        self.Y = Y
        self.m = X.shape[1]
        self._x = X[0]
        self._y = Y[0]

    def _losses(self, z: np.ndarray) -> np.ndarray:
        return _loss_from_z(z, self._y)

    def J(self, w: float, b: float) -> float:
        """The cost at one point (w, b): the average loss over the m examples."""
        z = float(w) * self._x + float(b)
        return float(np.mean(self._losses(z)))

    def gradient(self, w: float, b: float) -> tuple[float, float]:
        """(∂J/∂w, ∂J/∂b) = ((1/m) Σ dz⁽ⁱ⁾·x⁽ⁱ⁾, (1/m) Σ dz⁽ⁱ⁾) with dz = a − y."""
        z = float(w) * self._x + float(b)
        dz = sigmoid(z) - self._y
        return float(np.mean(dz * self._x)), float(np.mean(dz))

    def grid(self, w_values: np.ndarray, b_values: np.ndarray) -> np.ndarray:
        """J on a grid, for level curves: row i, column j holds J(w_values[j], b_values[i]).

        That is the layout of `np.meshgrid(w_values, b_values)`: b varies down, w across.
        """
        w = np.asarray(w_values, dtype=np.float64).reshape(1, -1, 1)
        b = np.asarray(b_values, dtype=np.float64).reshape(-1, 1, 1)
        z = w * self._x + b
        return np.mean(self._losses(z), axis=2)

    @cached_property
    def _minimum(self) -> tuple[float, float]:
        from engine.runner import GradientDescent

        # α = 1/L with L = ¼·λmax((1/m) Σ (x, 1)(x, 1)ᵀ) ≥ the bowl's steepest curvature: every step
        # goes downhill, so descent creeps to the bottom; stop once both slopes are below 1e-12.
        features = np.vstack([self._x, np.ones(self.m)])
        curvature = 0.25 * float(np.linalg.eigvalsh(features @ features.T / self.m)[-1])

        def cost_and_grads(params: dict[str, float]) -> tuple[float, dict[str, float]]:
            dw, db = self.gradient(params["w"], params["b"])
            return self.J(params["w"], params["b"]), {"dw": dw, "db": db}

        run = GradientDescent(
            cost_and_grads, {"w": 0.0, "b": 0.0}, 1.0 / curvature, max_iterations=100_000, tol=-1.0
        )
        for record in run:
            if max(abs(record.grads["dw"]), abs(record.grads["db"])) < 1e-12:
                break
        assert run.last is not None
        return float(run.last.params["w"]), float(run.last.params["b"])

    @property
    def w_range(self) -> tuple[float, float]:
        """w values worth plotting: (−6, 6), widened to keep the minimum 2 away from the edge."""
        w = self.minimum()[0]
        return min(-6.0, w - 2.0), max(6.0, w + 2.0)

    @property
    def b_range(self) -> tuple[float, float]:
        """b values worth plotting: (−6, 6), widened to keep the minimum 2 away from the edge."""
        b = self.minimum()[1]
        return min(-6.0, b - 2.0), max(6.0, b + 2.0)

    def minimum(self) -> tuple[float, float]:
        """The (w, b) at the bottom of the bowl, found by running descent to convergence."""
        return self._minimum


def logistic_cost_2d(seed: int = 0) -> LogisticCost2D:
    """J(w, b) of logistic regression on the seeded one-feature data set (20 examples)."""
    X, Y = one_feature(seed=seed)
    return LogisticCost2D(X, Y)


def logistic_cost_1d(seed: int = 0, b: float = 0.0) -> Cost1D:
    """Logistic regression's cost on the 20 examples of `one_feature`, as a function of w alone.

    b is held at a fixed value (0, the usual start), so J(w) = (1/m) Σ L(σ(w·x⁽ⁱ⁾ + b), y⁽ⁱ⁾) is a
    curve, not a surface: a real cost, not a toy, and convex — one bowl, one minimum. Its exact
    slope is dJ/dw = (1/m) Σ (a⁽ⁱ⁾ − y⁽ⁱ⁾)·x⁽ⁱ⁾. The plotted w-range is centred on the minimum.
    """
    surface = logistic_cost_2d(seed)
    x, y, bias = surface._x, surface._y, float(b)

    def J(w: ArrayOrFloat) -> ArrayOrFloat:
        z = np.asarray(w, dtype=np.float64)[..., None] * x + bias
        return _float_or_array(np.mean(_loss_from_z(z, y), axis=-1), w)

    def dJ(w: ArrayOrFloat) -> ArrayOrFloat:
        z = np.asarray(w, dtype=np.float64)[..., None] * x + bias
        return _float_or_array(np.mean((sigmoid(z) - y) * x, axis=-1), w)

    found = _local_minima(dJ, -20.0, 20.0)
    if len(found) != 1:
        raise ValueError(f"the logistic cost should have one minimum in w; found {len(found)}")
    centre = round(found[0])
    held = numfmt.number(bias, 6)
    return Cost1D(
        name="logistic",
        formula=f"J(w) = (1/m) Σ L(σ(w·x⁽ⁱ⁾ + {held}), y⁽ⁱ⁾)"
        if bias
        else "J(w) = (1/m) Σ L(σ(w·x⁽ⁱ⁾), y⁽ⁱ⁾)",
        J=J,
        dJ=dJ,
        w_range=(centre - 5.0, centre + 5.0),
        convex=True,
        minima=found,
    )


#: Logistic regression's cost on 20 examples as a function of w (b = 0): lecture 1's convex bowl.
LOGISTIC_1D = logistic_cost_1d()
