"""Logistic regression: the single-example graph, the vectorised form, and their gradients."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import logistic
from engine.datasets import blobs
from engine.gradcheck import numerical_gradient, relative_difference

value = st.floats(-2.0, 2.0)
label = st.sampled_from([0.0, 1.0])


def test_single_example_known_values() -> None:
    g = logistic.single_example(x1=1.0, x2=2.0, w1=0.0, w2=0.0, b=0.0, y=1.0)
    assert (g.z, g.a, g.dadz) == (0.0, 0.5, 0.25)
    assert pytest.approx(np.log(2.0)) == g.L
    assert g.da == pytest.approx(-2.0) and g.dz == -0.5
    assert (g.dw1, g.dw2, g.db) == (-0.5, -1.0, -0.5)
    assert logistic.single_example_step(g, alpha=0.1) == pytest.approx((0.05, 0.1, 0.05))


@given(x1=value, x2=value, w1=value, w2=value, b=value, y=label)
def test_dz_is_da_times_a_one_minus_a(x1, x2, w1, w2, b, y) -> None:
    g = logistic.single_example(x1, x2, w1, w2, b, y)
    assert g.dadz == pytest.approx(g.a * (1 - g.a))
    assert g.dz == pytest.approx(g.da * g.dadz, rel=1e-9, abs=1e-12)
    assert pytest.approx(logistic.loss(g.a, g.y), rel=1e-9) == g.L


@given(x1=value, x2=value, w1=value, w2=value, b=value, y=label)
def test_single_example_gradients_match_numerical_twins(x1, x2, w1, w2, b, y) -> None:
    g = logistic.single_example(x1, x2, w1, w2, b, y)

    def L_of(p: dict) -> float:
        return logistic.single_example(x1, x2, p["w1"], p["w2"], p["b"], y).L

    def L_of_z(p: dict) -> float:
        return float(logistic._loss_from_z(p["z"], y))

    def L_of_a(p: dict) -> float:
        return logistic.loss(p["a"], y)

    assume(abs(g.dz) > 1e-3)
    numeric = numerical_gradient(L_of, {"w1": w1, "w2": w2, "b": b})
    assert relative_difference({"dw1": g.dw1, "dw2": g.dw2, "db": g.db}, numeric) < 1e-7
    assert relative_difference(g.dz, numerical_gradient(L_of_z, {"z": g.z})["z"]) < 1e-7
    assume(0.01 < g.a < 0.99)  # da divides by a and 1 − a
    assert relative_difference(g.da, numerical_gradient(L_of_a, {"a": g.a})["a"]) < 1e-7


def test_loss_is_stable_at_zero_and_one() -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert logistic.loss(1.0, 1.0) == pytest.approx(0.0, abs=1e-14)
        assert 30 < logistic.loss(0.0, 1.0) < 40
        assert 30 < logistic.loss(1.0, 0.0) < 40
        g = logistic.single_example(1e6, 1e6, 1.0, 1.0, 0.0, 0.0)
        assert np.isfinite(g.L) and np.isfinite(g.da)


def data(n0: int, m: int):
    return st.tuples(
        arrays(np.float64, (n0, m), elements=st.floats(-2.0, 2.0)),
        arrays(np.float64, (1, m), elements=label),
        arrays(np.float64, (n0, 1), elements=st.floats(-2.0, 2.0)),
        st.floats(-2.0, 2.0),
    )


@given(st.integers(1, 3).flatmap(lambda n0: st.integers(1, 6).flatmap(lambda m: data(n0, m))))
def test_propagate_gradients_match_numerical_twin(case) -> None:
    X, Y, w, b = case
    grads, cost = logistic.propagate(w, b, X, Y)
    assert grads["dw"].shape == w.shape and isinstance(grads["db"], float)
    assert isinstance(cost, float)
    analytic = {"w": grads["dw"], "b": grads["db"]}
    # central differences lose about 1e-9 to rounding: a gradient near 1e-3 cannot match to 1e-7
    assume(np.sqrt(np.sum(grads["dw"] ** 2) + grads["db"] ** 2) > 1e-2)
    numeric = numerical_gradient(
        lambda p: logistic.propagate(p["w"], p["b"], X, Y)[1], {"w": w, "b": b}
    )
    assert relative_difference(analytic, numeric) < 1e-7


def test_propagate_equals_the_average_of_single_examples() -> None:
    X, Y = blobs(m=6, seed=3)
    w, b = np.array([[0.3], [-0.7]]), 0.2
    grads, cost = logistic.propagate(w, b, X, Y)
    graphs = [logistic.single_example(*X[:, i], w[0, 0], w[1, 0], b, Y[0, i]) for i in range(6)]
    assert cost == pytest.approx(np.mean([g.L for g in graphs]))
    assert grads["dw"][:, 0] == pytest.approx(
        [np.mean([g.dw1 for g in graphs]), np.mean([g.dw2 for g in graphs])]
    )
    assert grads["db"] == pytest.approx(np.mean([g.db for g in graphs]))


def test_near_perfect_classifier_costs_about_zero() -> None:
    X, Y = blobs()
    w = np.array([[1.0], [1.0]]) * 200
    _, cost = logistic.propagate(w, 0.0, X, Y)
    assert 0.0 <= cost < 1e-20
    assert logistic.accuracy(logistic.predict(w, 0.0, X), Y) == 1.0


def test_update_predict_accuracy_shapes() -> None:
    X, Y = blobs(m=10)
    w, b = np.zeros((2, 1)), 0.0
    grads, _ = logistic.propagate(w, b, X, Y)
    w2, b2 = logistic.update(w, b, grads, 0.5)
    assert w2.shape == (2, 1) and isinstance(b2, float) and np.all(w == 0)
    pred = logistic.predict(w2, b2, X)
    assert pred.shape == (1, 10) and set(np.unique(pred)) <= {0.0, 1.0}
    assert 0.0 <= logistic.accuracy(pred, Y) <= 1.0


def test_shape_errors_speak_to_the_learner() -> None:
    X, Y = blobs(m=4)
    with pytest.raises(ValueError, match=r"w must have shape \(2, 1\).*got \(1, 2\)"):
        logistic.propagate(np.zeros((1, 2)), 0.0, X, Y)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, 4\)"):
        logistic.propagate(np.zeros((2, 1)), 0.0, X, Y.T)
    with pytest.raises(ValueError, match="rank-1"):
        logistic.propagate(np.zeros(2), 0.0, X, Y)
