"""Activations: known values, stability for huge |z|, and each g′ against its numerical twin."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.activations import (
    ACTIVATIONS,
    leaky_relu,
    leaky_relu_prime,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_prime,
    tanh,
    tanh_prime,
)
from engine.gradcheck import numerical_derivative, relative_difference

HUGE = np.array([-1e6, -1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0, 1e6])


def test_sigmoid_known_values() -> None:
    assert sigmoid(0.0) == 0.5
    assert sigmoid(np.log(3.0)) == pytest.approx(0.75)
    assert sigmoid(-40.0) == pytest.approx(np.exp(-40.0) / (1 + np.exp(-40.0)), rel=1e-14)
    assert isinstance(sigmoid(0.0), float)
    assert sigmoid(np.zeros((2, 3))).shape == (2, 3)


def test_every_activation_is_quiet_for_huge_z() -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for activation in ACTIVATIONS.values():
            values = activation.g(HUGE)
            slopes = activation.g_prime(HUGE)
            assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes))
    s = sigmoid(HUGE)
    assert s[0] == 0.0 and s[-1] == 1.0 and np.all(np.diff(s) >= 0)


def test_derivative_closed_forms() -> None:
    z = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(sigmoid_prime(z), sigmoid(z) * (1 - sigmoid(z)))
    np.testing.assert_allclose(tanh_prime(z), 1 - np.tanh(z) ** 2)
    assert sigmoid_prime(0.0) == 0.25 and tanh_prime(0.0) == 1.0
    assert relu(-2.0) == 0.0 and relu(3.0) == 3.0 and relu_prime(-2.0) == 0.0
    assert relu_prime(3.0) == 1.0
    assert leaky_relu(-2.0) == pytest.approx(-0.02) and leaky_relu_prime(-2.0) == 0.01
    assert leaky_relu(-2.0, slope=0.1) == pytest.approx(-0.2)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_from_output_matches_from_z(name: str) -> None:
    activation = ACTIVATIONS[name]
    z = np.linspace(-4, 4, 17) + 0.013  # keep off the ReLU kink at 0
    assert activation.g_prime_from_output is not None
    np.testing.assert_allclose(
        activation.g_prime_from_output(activation.g(z)), activation.g_prime(z)
    )


#: |z| up to which the check is well-conditioned: where g′(z) is tiny next to g(z) (the flat tails
#: of σ and tanh), the central difference is mostly rounding noise of size 1e-16·|g| / ε.
WELL_CONDITIONED = {"sigmoid": 4.0, "tanh": 2.5, "relu": 8.0, "leaky_relu": 8.0}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@given(u=st.floats(-1.0, 1.0).filter(lambda v: abs(v) > 1e-3))  # away from the ReLU kink
def test_derivative_matches_numerical_twin(name: str, u: float) -> None:
    activation = ACTIVATIONS[name]
    z = u * WELL_CONDITIONED[name]
    numeric = numerical_derivative(lambda v: float(activation.g(np.float64(v))), z)
    assert relative_difference(float(activation.g_prime(np.float64(z))), numeric) < 1e-7


def test_tanh_wrapper_gives_floats_and_arrays() -> None:
    assert isinstance(tanh(0.5), float)
    assert tanh(np.ones(3)).shape == (3,)
