"""The numerical twin of every derivative, to catch a wrong backward pass.

For each parameter θ, one element at a time: dθ ≈ (J(θ + ε) − J(θ − ε)) / 2ε with ε = 1e-7, then
the relative difference ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) between the analytic g and the numerical ĝ. Below
1e-7 the backward pass is right; around 1e-3 or more something is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np


def numerical_derivative(f: Callable[[float], float], x: float, eps: float = 1e-7) -> float:
    """(f(x + ε) − f(x − ε)) / 2ε for a function of one number: the slope of the secant."""
    x = float(x)
    plus, minus = x + eps, x - eps
    return (float(f(plus)) - float(f(minus))) / (plus - minus)  # plus − minus: the ε really used


def numerical_gradient(
    f: Callable[[dict[str, Any]], float], params: Mapping[str, Any], eps: float = 1e-7
) -> dict[str, Any]:
    """The two-sided numerical gradient of J = f(params) for every element of every parameter.

    `params` maps names to arrays or floats; the result has the same names and shapes (a float for
    a float). `f` receives a dict of copies, one element nudged by ±ε, and must return J.
    """
    base = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
    result: dict[str, Any] = {}
    for name, value in base.items():
        gradient = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            original = float(value[index])
            value[index] = original + eps
            plus_at = float(value[index])
            j_plus = float(f(_as_given(base, params)))
            value[index] = original - eps
            minus_at = float(value[index])
            j_minus = float(f(_as_given(base, params)))
            value[index] = original
            gradient[index] = (j_plus - j_minus) / (plus_at - minus_at)
        result[name] = gradient if np.ndim(params[name]) else float(gradient)
    return result


def _as_given(base: dict[str, np.ndarray], like: Mapping[str, Any]) -> dict[str, Any]:
    """Copies in the caller's types: floats stay floats, arrays are fresh arrays."""
    return {
        name: value.copy() if np.ndim(like[name]) else float(value) for name, value in base.items()
    }


def _flatten(g: Any, order: list[str] | None = None) -> np.ndarray:
    if isinstance(g, Mapping):
        keys = order if order is not None else list(g)
        return np.concatenate([np.ravel(np.asarray(g[key], dtype=np.float64)) for key in keys])
    return np.ravel(np.asarray(g, dtype=np.float64))


def _aligned(g: Any, g_hat: Any) -> tuple[np.ndarray, np.ndarray]:
    """Both as flat vectors, matching dict entries by name ("dW1" in one may pair with "W1")."""
    if isinstance(g, Mapping) != isinstance(g_hat, Mapping):
        raise ValueError("compare a dict with a dict, or an array/float with an array/float")
    if not isinstance(g, Mapping):
        a, b = _flatten(g), _flatten(g_hat)
    else:
        keys, keys_hat = list(g), set(g_hat)
        if set(keys) == keys_hat:
            a, b = _flatten(g, keys), _flatten(g_hat, keys)
        elif {"d" + key for key in keys} == keys_hat:
            a, b = _flatten(g, keys), _flatten(g_hat, ["d" + key for key in keys])
        elif {key[1:] for key in keys if key.startswith("d")} == keys_hat and all(
            key.startswith("d") for key in keys
        ):
            a, b = _flatten(g, keys), _flatten(g_hat, [key[1:] for key in keys])
        else:
            raise ValueError(
                f"the gradients name different parameters: {sorted(keys)} vs {sorted(keys_hat)}"
            )
    if a.shape != b.shape:
        raise ValueError(f"the gradients have different sizes: {a.size} vs {b.size} numbers")
    return a, b


def relative_difference(g: Any, g_hat: Any) -> float:
    """‖g − ĝ‖ / (‖g‖ + ‖ĝ‖): 0 when they agree, 1 when one is 0 and the other is not.

    Accepts floats, arrays, or dicts of arrays (flattened together, matched by name; the
    analytic "dW1" pairs with the numerical "W1"). Two zero gradients give 0.
    """
    a, b = _aligned(g, g_hat)
    denominator = float(np.linalg.norm(a) + np.linalg.norm(b))
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b)) / denominator
