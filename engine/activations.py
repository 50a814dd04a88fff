"""Activation functions g(z) and their slopes g′(z), stable for any z a network can produce.

The lectures write a = g(z): σ for the output unit, tanh (or ReLU) for the hidden layer. Backward
propagation needs g′(z); for σ and tanh it is cheapest to compute from the output a = g(z)
(σ′ = a(1 − a), tanh′ = 1 − a²), which is why `Activation` also carries `g_prime_from_output`.
Every function accepts a float (and returns a float) or an array (and returns an array).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

ArrayOrFloat = Any  # float | np.ndarray; kept loose so callers can pass either


@overload
def _like_input(result: np.ndarray, z: float) -> float: ...
@overload
def _like_input(result: np.ndarray, z: np.ndarray) -> np.ndarray: ...
def _like_input(result: np.ndarray, z: ArrayOrFloat) -> ArrayOrFloat:
    """Give a float back for a float in, an array for an array in."""
    if isinstance(z, np.ndarray):
        return result
    return float(result)


def sigmoid(z: ArrayOrFloat) -> ArrayOrFloat:
    """σ(z) = 1 / (1 + e^(−z)), the output unit that turns z into a probability a = ŷ.

    Written as e^min(z, 0) / (1 + e^(−|z|)) so that e is only ever raised to a power ≤ 0 and
    z = ±1e6 never overflows: for z ≥ 0 it is 1 / (1 + e^(−z)), for z < 0 the same value as
    e^z / (1 + e^z), exact to the last digit on both sides.
    """
    array = np.asarray(z, dtype=np.float64)
    return _like_input(np.exp(np.minimum(array, 0.0)) / (1.0 + np.exp(-np.abs(array))), z)


def sigmoid_prime(z: ArrayOrFloat) -> ArrayOrFloat:
    """σ′(z) = a(1 − a) with a = σ(z): the factor da/dz of the chain rule in lecture 2."""
    a = np.asarray(sigmoid(np.asarray(z, dtype=np.float64)))
    return _like_input(a * (1.0 - a), z)


def tanh(z: ArrayOrFloat) -> ArrayOrFloat:
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), the usual hidden activation g[1] of lecture 3."""
    return _like_input(np.tanh(np.asarray(z, dtype=np.float64)), z)


def tanh_prime(z: ArrayOrFloat) -> ArrayOrFloat:
    """tanh′(z) = 1 − tanh(z)² = 1 − a², the g[1]′(Z1) in dZ1 = W2ᵀdZ2 * g[1]′(Z1)."""
    a = np.tanh(np.asarray(z, dtype=np.float64))
    return _like_input(1.0 - a * a, z)


def relu(z: ArrayOrFloat) -> ArrayOrFloat:
    """ReLU(z) = max(0, z): a slope of 1 for every positive z, so it does not saturate."""
    return _like_input(np.maximum(np.asarray(z, dtype=np.float64), 0.0), z)


def relu_prime(z: ArrayOrFloat) -> ArrayOrFloat:
    """ReLU′(z) = 1 for z > 0 and 0 for z < 0 (at the kink z = 0 we take 0, as is usual)."""
    return _like_input((np.asarray(z, dtype=np.float64) > 0.0).astype(np.float64), z)


def leaky_relu(z: ArrayOrFloat, slope: float = 0.01) -> ArrayOrFloat:
    """Leaky ReLU(z) = z for z > 0, slope·z otherwise: negative z still passes a small gradient."""
    array = np.asarray(z, dtype=np.float64)
    return _like_input(np.where(array > 0.0, array, slope * array), z)


def leaky_relu_prime(z: ArrayOrFloat, slope: float = 0.01) -> ArrayOrFloat:
    """Leaky ReLU′(z) = 1 for z > 0 and `slope` otherwise (the kink z = 0 takes `slope`)."""
    array = np.asarray(z, dtype=np.float64)
    return _like_input(np.where(array > 0.0, 1.0, slope), z)


def _sigmoid_prime_from_output(a: np.ndarray) -> np.ndarray:
    """σ′ from a = σ(z): a(1 − a), no second exponential needed."""
    return a * (1.0 - a)


def _tanh_prime_from_output(a: np.ndarray) -> np.ndarray:
    """tanh′ from a = tanh(z): 1 − a², the form the lecture writes for g[1]′(Z1)."""
    return 1.0 - a * a


def _relu_prime_from_output(a: np.ndarray) -> np.ndarray:
    """ReLU′ from a = ReLU(z): a > 0 exactly when z > 0."""
    return (a > 0.0).astype(np.float64)


def _leaky_relu_prime_from_output(a: np.ndarray) -> np.ndarray:
    """Leaky ReLU′ (slope 0.01) from its output: the output is positive exactly when z is."""
    return np.where(a > 0.0, 1.0, 0.01)


@dataclass(frozen=True)
class Activation:
    """An activation g with its derivative g′(z), and g′ from the output a = g(z) when cheaper."""

    name: str
    g: Callable[[np.ndarray], np.ndarray]
    g_prime: Callable[[np.ndarray], np.ndarray]
    g_prime_from_output: Callable[[np.ndarray], np.ndarray] | None = None


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, _sigmoid_prime_from_output),
    "tanh": Activation("tanh", np.tanh, tanh_prime, _tanh_prime_from_output),
    "relu": Activation("relu", relu, relu_prime, _relu_prime_from_output),
    "leaky_relu": Activation(
        "leaky_relu", leaky_relu, leaky_relu_prime, _leaky_relu_prime_from_output
    ),
}


def get_activation(name: str) -> Activation:
    """Look an activation up by name, saying which names exist when it is not one of them."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(f'"{key}"' for key in ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}") from None
