"""The numerical twin itself: exact on polynomials, same shapes and types, relative difference."""

from __future__ import annotations

import numpy as np
import pytest

from engine.gradcheck import numerical_derivative, numerical_gradient, relative_difference


def test_numerical_derivative_of_a_cubic() -> None:
    assert numerical_derivative(lambda x: x**3, 2.0) == pytest.approx(12.0, rel=1e-8)


def test_numerical_gradient_keeps_names_shapes_and_types() -> None:
    params = {"W": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": 0.5}

    def J(p: dict) -> float:
        assert isinstance(p["b"], float)
        return float(np.sum(p["W"] ** 2) + 3 * p["b"])

    numeric = numerical_gradient(J, params)
    assert set(numeric) == {"W", "b"} and isinstance(numeric["b"], float)
    np.testing.assert_allclose(numeric["W"], 2 * params["W"], rtol=1e-7)
    assert numeric["b"] == pytest.approx(3.0)
    assert params["W"][0, 0] == 1.0  # the caller's arrays are not nudged


def test_relative_difference() -> None:
    assert relative_difference(0.0, 0.0) == 0.0
    assert relative_difference(1.0, 0.0) == 1.0
    assert relative_difference(np.array([3.0, 4.0]), np.array([3.0, 4.0])) == 0.0
    assert relative_difference(2.0, 1.0) == pytest.approx(1 / 3)
    g = {"dW": np.ones((2, 2)), "db": 1.0}
    assert relative_difference(g, {"W": np.ones((2, 2)), "b": 1.0}) == 0.0
    assert relative_difference({"W": np.ones((2, 2)), "b": 1.0}, g) == 0.0
    assert relative_difference(g, {"dW": np.ones((2, 2)), "db": 2.0}) > 0.0
    with pytest.raises(ValueError, match="different parameters"):
        relative_difference(g, {"x": 1.0})
    with pytest.raises(ValueError, match="different sizes"):
        relative_difference(np.ones(3), np.ones(2))
