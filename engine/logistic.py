"""Logistic regression, lecture 2: one example as a computation graph, then m examples at once.

    x1, w1, x2, w2, b  →  z = w1·x1 + w2·x2 + b  →  a = σ(z)  →  L(a, y)

Forward computes left to right; backward computes the derivatives right to left, named as in the
lecture: da = dL/da, dz = dL/dz, dw1 = dL/dw1, dw2, db. Vectorised over m examples (columns of X)
the same equations give grads["dw"] of shape (n0, 1) and grads["db"], averaged over the examples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine._shapes import as_matrix
from engine.activations import sigmoid

#: a is clipped into [EPS, 1 − EPS] before log(a) and log(1 − a) so neither is ever log(0).
EPS = 1e-15


def loss(a: Any, y: Any) -> Any:
    """L(a, y) = −(y·log a + (1 − y)·log(1 − a)): small when a is close to the label y.

    a is clipped into [1e-15, 1 − 1e-15] first, so a = 0 or a = 1 gives a large finite loss
    (about 34.5), never log(0). Floats in, float out; arrays in, array out.
    """
    a_safe = np.clip(np.asarray(a, dtype=np.float64), EPS, 1.0 - EPS)
    y_arr = np.asarray(y, dtype=np.float64)
    result = -(y_arr * np.log(a_safe) + (1.0 - y_arr) * np.log(1.0 - a_safe))
    return result if isinstance(result, np.ndarray) and result.ndim else float(result)


def _loss_from_z(z: Any, y: Any) -> Any:
    """L written with z instead of a = σ(z): log(1 + e^(−|z|)) + max(z, 0) − y·z.

    The same number as −(y log a + (1 − y) log(1 − a)) (for y = 1 it is log(1 + e^(−z)), for
    y = 0 it is log(1 + e^z)), but it never takes log(0) and keeps every digit when a is close to
    0 or 1: for a confident right answer max(z, 0) − y·z is exactly 0 and only the tiny
    log(1 + e^(−|z|)) remains. That keeps the numerical gradient check sharp.
    """
    return np.log1p(np.exp(-np.abs(z))) + (np.maximum(z, 0.0) - y * z)


@dataclass(frozen=True)
class ExampleGraph:
    """Every value of the computation graph for one example, forward and backward.

    Forward: z = w1·x1 + w2·x2 + b, a = σ(z), L = L(a, y).
    Backward: da = −y/a + (1 − y)/(1 − a); dadz = da/dz = a(1 − a);
    dz = da·dadz = a − y; dw1 = x1·dz; dw2 = x2·dz; db = dz.
    """

    x1: float
    x2: float
    w1: float
    w2: float
    b: float
    y: float
    z: float
    a: float
    L: float
    da: float
    dadz: float
    dz: float
    dw1: float
    dw2: float
    db: float


def single_example(x1: float, x2: float, w1: float, w2: float, b: float, y: float) -> ExampleGraph:
    """Forward then backward through the graph of one example with two features.

    dz is computed as a − y, the lecture's simplification of da·a(1 − a); the tests confirm the two
    agree. L is computed from z (see `_loss_from_z`) so it stays exact when a is near 0 or 1.
    """
    x1, x2, w1, w2, b, y = (float(v) for v in (x1, x2, w1, w2, b, y))
    z = w1 * x1 + w2 * x2 + b
    a = float(sigmoid(z))
    L = float(_loss_from_z(z, y))
    a_safe = min(max(a, EPS), 1.0 - EPS)  # da divides by a and 1 − a
    da = -y / a_safe + (1.0 - y) / (1.0 - a_safe)
    dadz = a * (1.0 - a)
    dz = a - y
    return ExampleGraph(
        x1=x1, x2=x2, w1=w1, w2=w2, b=b, y=y, z=z, a=a, L=L,
        da=da, dadz=dadz, dz=dz, dw1=x1 * dz, dw2=x2 * dz, db=dz,
    )  # fmt: skip


def single_example_step(graph: ExampleGraph, alpha: float) -> tuple[float, float, float]:
    """One gradient step on one example: w1 := w1 − α·dw1, w2 := w2 − α·dw2, b := b − α·db."""
    return (
        graph.w1 - alpha * graph.dw1,
        graph.w2 - alpha * graph.dw2,
        graph.b - alpha * graph.db,
    )


def _check(w: Any, b: Any, X: Any) -> tuple[np.ndarray, float, np.ndarray]:
    X = as_matrix(X, "X", None, None, "with one example per column")
    w = as_matrix(w, "w", X.shape[0], 1, "with one weight per feature (a column)")
    b_arr = np.asarray(b, dtype=np.float64)
    if b_arr.size != 1:
        raise ValueError(f"b must be one number (the bias); got an array of shape {b_arr.shape}")
    return w, float(b_arr.reshape(())), X


def _propagate(
    w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray
) -> tuple[dict[str, Any], float]:
    m = X.shape[1]
    Z = np.dot(w.T, X) + b
    A = sigmoid(Z)
    cost = float(_loss_from_z(Z, Y).sum()) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = float(dZ.sum()) / m
    return {"dw": dw, "db": db}, cost


def propagate(
    w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray
) -> tuple[dict[str, Any], float]:
    """Forward and backward over all m examples at once (no loop over i).

    Z = wᵀX + b, A = σ(Z), J = (1/m) Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾); dZ = A − Y, dw = (1/m)·X·dZᵀ of shape (n0, 1),
    db = (1/m)·Σ dZ. Returns ({"dw": dw, "db": db}, cost) with db and cost plain floats.
    """
    w, b, X = _check(w, b, X)
    Y = as_matrix(Y, "Y", 1, X.shape[1], "with one label per column of X")
    return _propagate(w, b, X, Y)


def batch_kernel(X: Any, Y: Any) -> Callable[[Mapping[str, Any]], tuple[float, dict[str, Any]]]:
    """Check X and Y once and return the per-step kernel {w, b} -> (cost, {dw, db}) that a runner
    calls every iteration without re-checking shapes (as fast as a bare NumPy loop)."""
    X = as_matrix(X, "X", None, None, "with one example per column")
    Y = as_matrix(Y, "Y", 1, X.shape[1], "with one label per column of X")

    def kernel(params: Mapping[str, Any]) -> tuple[float, dict[str, Any]]:
        grads, cost = _propagate(params["w"], params["b"], X, Y)
        return cost, grads

    return kernel


def update(
    w: np.ndarray, b: float, grads: dict[str, Any], alpha: float
) -> tuple[np.ndarray, float]:
    """One gradient-descent step: w := w − α·dw, b := b − α·db (new values; inputs untouched)."""
    return w - alpha * grads["dw"], float(b - alpha * grads["db"])


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """ŷ = 1 where a = σ(wᵀX + b) > 0.5 (that is, z > 0), else 0; shape (1, m)."""
    w, b, X = _check(w, b, X)
    return (np.dot(w.T, X) + b > 0.0).astype(np.float64)


def accuracy(pred: np.ndarray, Y: np.ndarray) -> float:
    """The fraction of the m examples whose prediction equals the label, in [0, 1]."""
    pred = np.asarray(pred, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if pred.shape != Y.shape:
        raise ValueError(
            f"predictions {pred.shape} and labels Y {Y.shape} must have the same shape"
        )
    if Y.size == 0:
        raise ValueError("accuracy needs at least one example")
    return float(np.mean(pred == Y))
