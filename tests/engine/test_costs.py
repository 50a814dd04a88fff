"""Lecture-1 demo costs: values, exact slopes against their numerical twins, minima."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from engine.costs import CONVEX, NON_CONVEX, LogisticCost2D, logistic_cost_2d
from engine.gradcheck import numerical_derivative, numerical_gradient, relative_difference


def test_convex_known_values() -> None:
    assert CONVEX.J(2.0) == 1.0 and CONVEX.dJ(2.0) == 0.0
    assert CONVEX.J(4.0) == 5.0 and CONVEX.dJ(4.0) == 4.0 and CONVEX.dJ(0.0) == -4.0
    assert CONVEX.convex and CONVEX.minima == (2.0,)
    assert isinstance(CONVEX.J(1.0), float)
    assert CONVEX.J(np.array([1.0, 2.0])).shape == (2,)
    assert "²" in CONVEX.formula


def test_non_convex_has_several_local_minima_inside_its_range() -> None:
    assert not NON_CONVEX.convex and NON_CONVEX.w_range == (-6.0, 6.0)
    assert len(NON_CONVEX.minima) >= 3
    lo, hi = NON_CONVEX.w_range
    for w in NON_CONVEX.minima:
        assert lo < w < hi
        assert abs(NON_CONVEX.dJ(w)) < 1e-6
        assert NON_CONVEX.J(w - 1e-3) > NON_CONVEX.J(w) < NON_CONVEX.J(w + 1e-3)
    values = [NON_CONVEX.J(w) for w in NON_CONVEX.minima]
    assert max(values) - min(values) > 0.5  # some valleys are deeper than others


@pytest.mark.parametrize("cost", [CONVEX, NON_CONVEX], ids=lambda c: c.name)
@given(w=st.floats(-6.0, 6.0))
def test_slope_matches_numerical_twin(cost, w: float) -> None:
    slope = cost.dJ(w)
    assume(abs(slope) > 0.05)  # near a minimum the slope is 0 and only rounding noise is left
    assert relative_difference(slope, numerical_derivative(cost.J, w)) < 1e-7


def test_logistic_cost_2d_is_a_bowl_with_a_finite_minimum() -> None:
    cost = logistic_cost_2d()
    w, b = cost.minimum()
    dw, db = cost.gradient(w, b)
    assert abs(dw) < 1e-9 and abs(db) < 1e-9
    assert cost.J(w, b) < cost.J(0.0, 0.0) == pytest.approx(np.log(2.0))
    assert cost.J(w + 0.5, b) > cost.J(w, b) and cost.J(w, b - 0.5) > cost.J(w, b)
    lo, hi = cost.w_range
    assert lo < w < hi


def test_logistic_cost_2d_grid_layout() -> None:
    cost = logistic_cost_2d()
    w_values, b_values = np.linspace(-4, 4, 7), np.linspace(-3, 3, 5)
    grid = cost.grid(w_values, b_values)
    assert grid.shape == (5, 7)
    assert grid[1, 4] == pytest.approx(cost.J(w_values[4], b_values[1]), rel=1e-12)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.all(np.isfinite(cost.grid(np.array([-1e6, 1e6]), np.array([1e6]))))


@given(w=st.floats(-5.0, 5.0), b=st.floats(-5.0, 5.0))
def test_logistic_cost_2d_gradient_matches_numerical_twin(w: float, b: float) -> None:
    cost = logistic_cost_2d()
    dw, db = cost.gradient(w, b)
    assume(np.hypot(dw, db) > 1e-3)
    numeric = numerical_gradient(lambda p: cost.J(p["w"], p["b"]), {"w": w, "b": b})
    assert relative_difference({"dw": dw, "db": db}, numeric) < 1e-7


def test_logistic_cost_2d_refuses_bad_shapes() -> None:
    with pytest.raises(ValueError, match=r"shape \(1, m\)"):
        LogisticCost2D(np.zeros((2, 5)), np.zeros((1, 5)))
