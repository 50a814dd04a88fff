"""The one-hidden-layer network of lecture 3: four forward and six backward equations.

Parameters W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1); X (n0, m) with one example per column.

Forward:   Z1 = W1·X + b1      A1 = g1(Z1)      Z2 = W2·A1 + b2      A2 = σ(Z2)
Backward:  dZ2 = A2 − Y
           dW2 = (1/m)·dZ2·A1ᵀ        db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True)
           dZ1 = W2ᵀ·dZ2 * g1′(Z1)    (element-wise product)
           dW1 = (1/m)·dZ1·Xᵀ         db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import numpy as np

from engine._shapes import as_matrix
from engine.activations import Activation, get_activation, sigmoid
from engine.logistic import accuracy as accuracy
from engine.logistic import loss

Params = dict[str, np.ndarray]
PARAM_NAMES = ("W1", "b1", "W2", "b2")
#: The starting points `init_params` knows: the lecture's choice first, then the two symmetric ones.
INITS = ("random", "constant", "zeros")


def init_params(
    n0: int,
    n1: int,
    n2: int = 1,
    *,
    method: str = "random",
    scale: float = 0.01,
    seed: int = 0,
) -> Params:
    """W1, b1, W2, b2 for n0 inputs, n1 hidden units and n2 outputs.

    "random": W = scale·randn (small, so tanh starts in its steep middle), b = 0 — the lecture's
    choice; `seed` makes it reproducible.
    "constant": every weight equals `scale` (non-zero), b = 0. Every hidden unit then computes the
    same function and receives the same update: the units move, but stay exactly identical to
    each other however long you train, so n1 units are worth one (the symmetry of the lecture).
    "zeros": all zero. Symmetric too, and worse: on balanced data every gradient is exactly 0.
    A2 = σ(0) = 0.5 for every example, so the mean of dZ2 = 0.5 − Y is 0 (db2 = 0); A1 = g(0) is
    the same for every example, so dW2 is a multiple of that mean (0 too); and W2 = 0 sends
    nothing back to W1 and b1. Gradient descent starts at a stationary point and never moves
    (see `is_stationary`).
    """
    for name, n in (("n0", n0), ("n1", n1), ("n2", n2)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} (a number of units) must be a whole number ≥ 1; got {n!r}")
    if method == "zeros":
        return {
            "W1": np.zeros((n1, n0)),
            "b1": np.zeros((n1, 1)),
            "W2": np.zeros((n2, n1)),
            "b2": np.zeros((n2, 1)),
        }
    if method == "constant":
        if not (np.isfinite(scale) and scale != 0.0):
            raise ValueError(f"a constant start needs a finite, non-zero scale; got {scale!r}")
        return {
            "W1": np.full((n1, n0), float(scale)),
            "b1": np.zeros((n1, 1)),
            "W2": np.full((n2, n1), float(scale)),
            "b2": np.zeros((n2, 1)),
        }
    if method != "random":
        raise ValueError(f"method must be one of {', '.join(map(repr, INITS))}; got {method!r}")
    rng = np.random.default_rng(seed)
    return {
        "W1": scale * rng.standard_normal((n1, n0)),
        "b1": np.zeros((n1, 1)),
        "W2": scale * rng.standard_normal((n2, n1)),
        "b2": np.zeros((n2, 1)),
    }


def _check_params(params: Mapping[str, Any]) -> Params:
    missing = [name for name in PARAM_NAMES if name not in params]
    if missing:
        raise ValueError(f"params must hold W1, b1, W2 and b2; missing {', '.join(missing)}")
    W1 = as_matrix(params["W1"], "W1", None, None, "= (n1, n0)")
    n1 = W1.shape[0]
    b1 = as_matrix(params["b1"], "b1", n1, 1, "= (n1, 1), one bias per hidden unit")
    W2 = as_matrix(params["W2"], "W2", None, n1, "= (n2, n1)")
    b2 = as_matrix(params["b2"], "b2", W2.shape[0], 1, "= (n2, 1), one bias per output unit")
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _checked(
    params: Mapping[str, Any], X: Any, Y: Any | None = None
) -> tuple[np.ndarray, Any, Params]:
    checked = _check_params(params)
    n0 = checked["W1"].shape[1]
    X = as_matrix(
        X,
        "X",
        n0,
        None,
        f"= (n0, m), n0 = {n0} features (the columns of W1), one example per column",
    )
    if Y is not None:
        Y = as_matrix(
            Y, "Y", checked["W2"].shape[0], X.shape[1], "(n2, m), one label per column of X"
        )
    return X, Y, checked


def _forward(
    params: Params, X: np.ndarray, g: Activation
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    Z1 = np.dot(params["W1"], X) + params["b1"]
    A1 = g.g(Z1)
    Z2 = np.dot(params["W2"], A1) + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def forward(
    params: Mapping[str, np.ndarray], X: np.ndarray, activation: str = "tanh"
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Forward propagation, all m examples at once: Z1 = W1X + b1, A1 = g1(Z1), Z2 = W2A1 + b2,
    A2 = σ(Z2).

    Returns A2 (n2, m), the predictions ŷ, and the cache {Z1, A1, Z2, A2} that backward needs.
    """
    X, _, checked = _checked(params, X)
    return _forward(checked, X, get_activation(activation))


def compute_cost(A2: np.ndarray, Y: np.ndarray) -> float:
    """J = (1/m) Σ L(a⁽ⁱ⁾, y⁽ⁱ⁾): the loss of logistic regression, averaged over the m examples.

    A2 is clipped into [1e-15, 1 − 1e-15] inside the loss, so a confident wrong prediction gives a
    large finite cost, never log(0).
    """
    A2 = np.asarray(A2, dtype=np.float64)
    Y = as_matrix(Y, "Y", None, None, "(1, m) with one label per example")
    if A2.shape != Y.shape:
        raise ValueError(f"A2 {A2.shape} and Y {Y.shape} must have the same shape (1, m)")
    return float(np.sum(loss(A2, Y))) / Y.shape[1]


def _backward(
    params: Params, cache: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, g: Activation
) -> Params:
    m = X.shape[1]
    A1 = cache["A1"]
    dZ2 = cache["A2"] - Y
    # dW2 = dZ2·A1ᵀ and dW1 = dZ1·Xᵀ as einsum sums over the examples: every hidden unit's sum is
    # added in the same order, so identical units get bit-identical gradients and a symmetric start
    # stays exactly symmetric. (BLAS's product adds different rows in different orders; the
    # last-digit differences then grow until the symmetry breaks by itself.) Also faster here.
    dW2 = np.einsum("om,hm->oh", dZ2, A1) / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    g1_prime = g.g_prime_from_output(A1) if g.g_prime_from_output else g.g_prime(cache["Z1"])
    dZ1 = np.dot(params["W2"].T, dZ2) * g1_prime
    dW1 = np.einsum("hm,km->hk", dZ1, X) / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward(
    params: Mapping[str, np.ndarray],
    cache: Mapping[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    activation: str = "tanh",
) -> Params:
    """The six backward equations; every gradient has its parameter's shape.

    dZ2 = A2 − Y; dW2 = (1/m)·dZ2·A1ᵀ; db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True);
    dZ1 = W2ᵀ·dZ2 * g1′(Z1) (element-wise; for tanh g1′(Z1) = 1 − A1²);
    dW1 = (1/m)·dZ1·Xᵀ; db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True).
    keepdims=True keeps db1 an (n1, 1) column instead of a rank-1 array of shape (n1,).
    """
    X, Y, checked = _checked(params, X, Y)
    for name in ("Z1", "A1", "A2"):
        if name not in cache:
            raise ValueError(f"cache must hold Z1, A1, Z2 and A2 from forward(); missing {name}")
    return _backward(checked, cache, X, Y, get_activation(activation))


def update(
    params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], alpha: float
) -> Params:
    """One gradient-descent step: W1 := W1 − α·dW1, b1 := b1 − α·db1, and W2, b2 alike.

    Returns a new dict of new arrays; `params` is left as it was.
    """
    return {name: params[name] - alpha * grads["d" + name] for name in PARAM_NAMES}


def predict(
    params: Mapping[str, np.ndarray], X: np.ndarray, activation: str = "tanh"
) -> np.ndarray:
    """ŷ = 1 where A2 > 0.5, else 0: shape (n2, m), one prediction per example."""
    A2, _ = forward(params, X, activation)
    return (A2 > 0.5).astype(np.float64)


def _cost_and_grads(
    params: Params, X: np.ndarray, Y: np.ndarray, g: Activation, exact_symmetry: bool = True
) -> tuple[float, Params]:
    """Forward, cost and backward in one pass: the kernel every network run calls each step.

    The same operations in the same order as `_forward`, `_loss_from_z` and `_backward`, so the
    numbers are identical to the last bit (tests compare them), written out once so that σ(Z2)
    and the loss share e^(−|Z2|), which both need: one exponential and two dicts fewer a step.

    `exact_symmetry` picks how dW2 and dW1 sum over the examples: einsum adds every hidden unit's
    sum in the same order, so identical units get bit-identical gradients (see `_backward`); off,
    BLAS's matrix product computes the same sums several times faster, rounding the last digit
    of each unit's sum its own way. `batch_kernel` chooses per run (`has_identical_units`).
    """
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = X.shape[1]
    # forward: Z1 = W1·X + b1, A1 = g1(Z1), Z2 = W2·A1 + b2, A2 = σ(Z2) (as `sigmoid` computes it)
    Z1 = np.dot(W1, X) + b1
    A1 = g.g(Z1)
    Z2 = np.dot(W2, A1) + b2
    e = np.exp(-np.abs(Z2))
    A2 = np.exp(np.minimum(Z2, 0.0)) / (1.0 + e)
    # the cost from Z2 (as `_loss_from_z`): log(1 + e^(−|Z2|)) + max(Z2, 0) − Y·Z2, averaged
    cost = float((np.log1p(e) + (np.maximum(Z2, 0.0) - Y * Z2)).sum()) / m
    # backward (as `_backward`)
    dZ2 = A2 - Y
    dW2 = np.einsum("om,hm->oh", dZ2, A1) / m if exact_symmetry else np.dot(dZ2, A1.T) / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    g1_prime = g.g_prime_from_output(A1) if g.g_prime_from_output else g.g_prime(Z1)
    dZ1 = np.dot(W2.T, dZ2) * g1_prime
    dW1 = np.einsum("hm,km->hk", dZ1, X) / m if exact_symmetry else np.dot(dZ1, X.T) / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return cost, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def check_inputs(
    params: Mapping[str, Any], X: Any, Y: Any
) -> tuple[np.ndarray, np.ndarray, Params]:
    """(X, Y, params) as float64 matrices whose shapes agree, or a ValueError saying which not."""
    X, Y, checked = _checked(params, X, Y)
    return X, Y, checked


def batch_kernel(
    X: Any, Y: Any, activation: str = "tanh", *, exact_symmetry: bool = True
) -> Callable[[Mapping[str, Any]], tuple[float, Params]]:
    """The per-step kernel params -> (J, grads) over fixed, already-checked X and Y (check them
    with `check_inputs`); what `engine.runner.descent_network` calls every iteration.

    With `exact_symmetry` (the default) identical hidden units keep bit-identical gradients, so a
    symmetric start stays exactly symmetric for ever; without it each step is faster, for a start
    whose units all differ (`has_identical_units` says which a start needs)."""
    g = get_activation(activation)
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)

    def kernel(params: Mapping[str, Any]) -> tuple[float, Params]:
        return _cost_and_grads(cast(Params, params), X, Y, g, exact_symmetry)

    return kernel


def has_identical_units(params: Mapping[str, np.ndarray]) -> bool:
    """True when two hidden units (or more) have the same incoming weights, bias and outgoing
    weights: a run from here needs the exactly symmetric sums to keep them identical.

    Units that differ at the start never become identical (their updates differ), so a run can
    choose its kernel once, at the start.
    """
    W1, b1, W2 = (np.asarray(params[name]) for name in ("W1", "b1", "W2"))
    units = np.hstack([W1, b1, W2.T])  # one row per hidden unit
    return bool(np.unique(units, axis=0).shape[0] < units.shape[0])


def cost_and_grads(
    params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, activation: str = "tanh"
) -> tuple[float, Params]:
    """One forward and one backward pass: (J, {dW1, db1, dW2, db2}), what the runner needs per step.

    The cost here is computed from Z2 (log(1 + e^(∓Z2))) rather than from A2, the same value as
    `compute_cost(A2, Y)` but exact even when A2 is within 1e-15 of 0 or 1.
    """
    X, Y, checked = _checked(params, X, Y)
    return _cost_and_grads(checked, X, Y, get_activation(activation))


def is_stationary(grads: Mapping[str, Any]) -> bool:
    """True when every gradient entry is exactly 0: gradient descent cannot move from here.

    That is a stationary point (a zero start on balanced data is one), not convergence: the cost
    stays where it is because nothing pushes the parameters, not because they reached a minimum.
    """
    return all(not np.any(np.asarray(value)) for value in grads.values())


def hidden_units_identical(params: Mapping[str, np.ndarray]) -> bool:
    """True when every hidden unit has exactly the same incoming weights, bias and outgoing weight.

    Such units compute the same function of the input: n1 of them are worth one.
    """
    W1, b1, W2 = (np.asarray(params[name]) for name in ("W1", "b1", "W2"))
    return bool(np.all(W1[0] == W1) and np.all(b1 == b1[0]) and np.all(W2.T[0] == W2.T))
