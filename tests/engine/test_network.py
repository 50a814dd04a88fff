"""The one-hidden-layer network: shapes, the six backward equations against their numerical twin
for every activation, the symmetry of a zero start, and training on the flower."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import network
from engine.activations import ACTIVATIONS
from engine.datasets import flower
from engine.gradcheck import numerical_gradient, relative_difference
from engine.runner import Outcome, descent_network


def test_init_shapes_and_seeding() -> None:
    params = network.init_params(2, 4)
    shapes = {name: value.shape for name, value in params.items()}
    assert shapes == {"W1": (4, 2), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}
    assert np.all(params["b1"] == 0) and np.abs(params["W1"]).max() < 0.05
    np.testing.assert_array_equal(params["W1"], network.init_params(2, 4)["W1"])
    assert not np.array_equal(params["W1"], network.init_params(2, 4, seed=1)["W1"])
    zeros = network.init_params(3, 5, 2, method="zeros")
    assert all(np.all(value == 0) for value in zeros.values()) and zeros["W2"].shape == (2, 5)
    with pytest.raises(ValueError, match="method"):
        network.init_params(2, 4, method="ones")
    with pytest.raises(ValueError, match="n1"):
        network.init_params(2, 0)


def test_forward_backward_shapes_and_keepdims() -> None:
    X, Y = flower(m=10)
    params = network.init_params(2, 4, scale=1.0)
    A2, cache = network.forward(params, X)
    assert A2.shape == (1, 10) and set(cache) == {"Z1", "A1", "Z2", "A2"}
    assert cache["Z1"].shape == cache["A1"].shape == (4, 10)
    grads = network.backward(params, cache, X, Y)
    assert {k: v.shape for k, v in grads.items()} == {
        "dW1": (4, 2),
        "db1": (4, 1),
        "dW2": (1, 4),
        "db2": (1, 1),
    }
    cost = network.compute_cost(A2, Y)
    assert isinstance(cost, float)
    assert network.cost_and_grads(params, X, Y, "tanh")[0] == pytest.approx(cost, rel=1e-12)


def test_update_returns_new_arrays() -> None:
    X, Y = flower(m=10)
    params = network.init_params(2, 3)
    before = {k: v.copy() for k, v in params.items()}
    _, grads = network.cost_and_grads(params, X, Y, "tanh")
    new = network.update(params, grads, 0.5)
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])
        np.testing.assert_allclose(new[name], params[name] - 0.5 * grads["d" + name])


def cases():
    """Small random networks with weights of size 1, so every gradient is well above the noise."""

    def build(dims):
        n0, n1, m = dims
        return st.tuples(
            st.just(dims),
            arrays(np.float64, (n1, n0), elements=st.floats(-1.5, 1.5)),
            arrays(np.float64, (n1, 1), elements=st.floats(-1.0, 1.0)),
            arrays(np.float64, (1, n1), elements=st.floats(-1.5, 1.5)),
            arrays(np.float64, (1, 1), elements=st.floats(-1.0, 1.0)),
            arrays(np.float64, (n0, m), elements=st.floats(-2.0, 2.0)),
            arrays(np.float64, (1, m), elements=st.sampled_from([0.0, 1.0])),
        )

    return st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 5)).flatmap(build)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@settings(max_examples=60, deadline=None)
@given(case=cases())
def test_backward_matches_numerical_twin(activation: str, case) -> None:
    _, W1, b1, W2, b2, X, Y = case
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    _, cache = network.forward(params, X, activation)
    assume(np.min(np.abs(cache["Z1"])) > 1e-3)  # ReLU's kink at 0 has no derivative
    grads = network.backward(params, cache, X, Y, activation)
    assume(np.sqrt(sum(np.sum(g**2) for g in grads.values())) > 1e-2)

    def J(p: dict) -> float:
        return network.cost_and_grads(p, X, Y, activation)[0]

    assert relative_difference(grads, numerical_gradient(J, params)) < 1e-7
    assert relative_difference(network.cost_and_grads(params, X, Y, activation)[1], grads) < 1e-14


def test_compute_cost_known_values_and_stability() -> None:
    Y = np.array([[1.0, 0.0]])
    assert network.compute_cost(np.array([[0.5, 0.5]]), Y) == pytest.approx(np.log(2))
    assert network.compute_cost(np.array([[1.0, 0.0]]), Y) == pytest.approx(0.0, abs=1e-14)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isfinite(network.compute_cost(np.array([[0.0, 1.0]]), Y))


def test_near_perfect_classifier_costs_about_zero() -> None:
    X = np.array([[-2.0, -1.0, 1.0, 2.0]])
    Y = np.array([[0.0, 0.0, 1.0, 1.0]])
    params = {
        "W1": np.array([[50.0]]),
        "b1": np.zeros((1, 1)),
        "W2": np.array([[50.0]]),
        "b2": np.zeros((1, 1)),
    }
    cost, _ = network.cost_and_grads(params, X, Y, "tanh")
    assert 0.0 <= cost < 1e-15
    assert network.compute_cost(network.forward(params, X)[0], Y) < 1e-14
    assert network.accuracy(network.predict(params, X), Y) == 1.0


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_zero_start_keeps_every_hidden_unit_identical(activation: str) -> None:
    X, Y = flower()
    X, Y = X[:, :300], Y[:, :300]  # more of class 0, so the output unit has something to learn
    params = network.init_params(2, 4, method="zeros")
    params["b1"] = np.full((4, 1), 0.1)  # same for every unit: the symmetry the lecture means
    run = descent_network(X, Y, params, 1.2, activation, max_iterations=300)
    last = run.run()
    W1, W2 = last.params["W1"], last.params["W2"]
    assert np.ptp(W1, axis=0).max() == 0.0 and np.ptp(W2) == 0.0  # every row, every entry equal
    assert np.abs(W1).max() > 0  # the units do learn, they just all learn the same thing


def test_random_start_learns_the_flower() -> None:
    X, Y = flower()
    run = descent_network(X, Y, network.init_params(2, 4, seed=2), 1.2, max_iterations=3000)
    last = run.run()
    assert run.outcome is Outcome.MAX_ITERATIONS
    assert network.accuracy(network.predict(last.params, X), Y) > 0.85
    assert last.cost < 0.35


def test_shape_errors_speak_to_the_learner() -> None:
    X, _ = flower(m=10)
    params = network.init_params(2, 4)
    bad = dict(params, W1=params["W1"].T)
    with pytest.raises(ValueError, match=r"b1 must have shape \(2, 1\).*got \(4, 1\)"):
        network.forward(bad, X)
    with pytest.raises(ValueError, match=r"one example per column; got \(10, 2\)"):
        network.forward(params, X.T)
    with pytest.raises(ValueError, match="rank-1"):
        network.forward(dict(params, b1=np.zeros(4)), X)
    with pytest.raises(ValueError, match="missing b2"):
        network.forward({k: v for k, v in params.items() if k != "b2"}, X)
    with pytest.raises(ValueError, match="unknown activation"):
        network.forward(params, X, "softmax")


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_constant_start_units_move_but_stay_identical_after_100_steps(activation: str) -> None:
    X, Y = flower()
    start = network.init_params(2, 4, method="constant", scale=0.5)
    assert np.all(start["W1"] == 0.5) and np.all(start["W2"] == 0.5) and np.all(start["b1"] == 0)
    run = descent_network(X, Y, start, 1.2, activation, max_iterations=100, tol=-1.0)
    last = run.run()
    assert last is not None and last.iteration == 100
    W1, b1, W2 = last.params["W1"], last.params["b1"], last.params["W2"]
    assert network.hidden_units_identical(last.params)
    assert np.all(W1[0] == W1) and np.all(b1 == b1[0]) and np.all(W2[0, 0] == W2)
    assert not np.array_equal(W1, start["W1"]) and not np.array_equal(W2, start["W2"])
    assert not network.is_stationary(last.grads)


def test_constant_start_rejects_a_zero_or_missing_value() -> None:
    with pytest.raises(ValueError, match="non-zero"):
        network.init_params(2, 4, method="constant", scale=0.0)
    assert network.INITS == ("random", "constant", "zeros")


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_zero_start_on_balanced_data_is_a_stationary_point(activation: str) -> None:
    X, Y = flower()
    params = network.init_params(2, 4, method="zeros")
    _, grads = network.cost_and_grads(params, X, Y, activation)
    assert network.is_stationary(grads)
    assert all(np.all(value == 0.0) for value in grads.values())
    random = network.init_params(2, 4, seed=2)
    assert not network.is_stationary(network.cost_and_grads(random, X, Y, activation)[1])
    assert not network.hidden_units_identical(random)
    assert network.hidden_units_identical(params)


# -- the runner's kernel: one fused pass, and its choice of sums -----------------------------------


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_the_fused_kernel_gives_the_equations_numbers_to_the_last_bit(activation: str) -> None:
    """cost_and_grads (σ and the loss sharing e^(−|Z2|)) = forward, the loss from Z2, backward."""
    from engine.logistic import _loss_from_z

    X, Y = flower(m=38, seed=4)
    X, Y = X[:, :37], Y[:, :37]  # an odd m: the rows of X and Z1 start at every alignment
    params = network.init_params(2, 5, scale=3.0, seed=1)  # large Z2 of both signs
    params["b2"] = np.array([[-40.0]])  # some examples deep in σ's flat tails
    cost, grads = network.cost_and_grads(params, X, Y, activation)
    _, cache = network.forward(params, X, activation)
    assert cost == float(_loss_from_z(cache["Z2"], Y).sum()) / X.shape[1]
    expected = network.backward(params, cache, X, Y, activation)
    assert set(grads) == set(expected)
    for name, value in expected.items():
        np.testing.assert_array_equal(grads[name], value, err_msg=name)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_the_fast_kernel_agrees_with_the_exact_one_to_rounding(activation: str) -> None:
    X, Y = flower()
    params = network.init_params(2, 5, scale=1.0, seed=3)
    exact = network.batch_kernel(X, Y, activation)(params)
    fast = network.batch_kernel(X, Y, activation, exact_symmetry=False)(params)
    assert fast[0] == exact[0]  # the forward pass and the cost do not depend on the choice
    for name in exact[1]:
        np.testing.assert_allclose(fast[1][name], exact[1][name], rtol=1e-12, atol=1e-15)


def test_identical_units_are_found_in_any_start() -> None:
    assert network.has_identical_units(network.init_params(2, 3, method="constant", scale=0.5))
    assert network.has_identical_units(network.init_params(2, 4, method="zeros"))
    random = network.init_params(2, 5, seed=2)
    assert not network.has_identical_units(random)
    twins = {name: value.copy() for name, value in random.items()}
    twins["W1"][3], twins["b1"][3], twins["W2"][:, 3] = twins["W1"][1], 0.0, twins["W2"][:, 1]
    assert network.has_identical_units(twins)  # two of five units alike is enough
    twins["W2"][0, 3] += 1e-12  # the same incoming weights but another outgoing one: different
    assert not network.has_identical_units(twins)


@pytest.mark.parametrize("n1", [3, 5, 6])
def test_a_partly_symmetric_start_keeps_its_twin_units_identical(n1: int) -> None:
    """The runner picks the exact sums for any start with twins, whatever n1 (BLAS's products
    round the units of a block of four apart from the rest: n1 = 3, 5, 6 would drift)."""
    X, Y = flower()
    start = network.init_params(2, n1, scale=0.5, seed=7)
    start["W1"][-1], start["W2"][:, -1] = start["W1"][0], start["W2"][:, 0]  # unit n1 − 1 = unit 0
    last = descent_network(X, Y, start, 1.2, max_iterations=300, tol=-1.0).run()
    assert last is not None
    W1, b1, W2 = last.params["W1"], last.params["b1"], last.params["W2"]
    assert np.array_equal(W1[-1], W1[0]) and b1[-1, 0] == b1[0, 0] and W2[0, -1] == W2[0, 0]
    assert not np.array_equal(W1[1], W1[0])  # the other units went their own way
