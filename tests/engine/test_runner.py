"""The gradient-descent runner: records, every stop reason, divergence without warnings."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from engine import datasets, logistic, network
from engine.costs import CONVEX, NON_CONVEX, logistic_cost_2d
from engine.datasets import blobs, flower
from engine.network import init_params
from engine.runner import (
    GradientDescent,
    Outcome,
    StepRecord,
    descent_1d,
    descent_2d,
    descent_logistic,
    descent_network,
    gradient_step,
)


def test_record_zero_is_the_start_then_one_update_per_record() -> None:
    run = descent_1d(CONVEX, w0=4.0, alpha=0.1)
    first, second = run.take(2)
    assert isinstance(first, StepRecord)
    assert (first.iteration, first.params, first.cost, first.slope) == (0, {"w": 4.0}, 5.0, 4.0)
    assert first.grads == {"dw": 4.0}
    assert second.iteration == 1
    assert second.params["w"] == pytest.approx(4.0 - 0.1 * 4.0)
    assert second.slope == pytest.approx(CONVEX.dJ(3.6))
    assert run.outcome is Outcome.RUNNING and run.stopped_at is None and run.last is second
    assert run.summary().startswith("running")


def test_converges_on_the_convex_cost_from_either_side() -> None:
    for w0 in (-1.0, 5.0):
        run = descent_1d(CONVEX, w0=w0, alpha=0.1)
        records = list(run)
        assert run.outcome is Outcome.CONVERGED
        assert run.stopped_at == records[-1].iteration == len(records) - 1
        assert records[-1].params["w"] == pytest.approx(2.0, abs=1e-4)
        assert run.summary() == f"converged after {run.stopped_at} iterations, cost 1.0000"
        assert list(run) == [] and run.take(5) == []  # a finished run yields nothing more


def test_stops_at_max_iterations() -> None:
    run = descent_1d(CONVEX, w0=4.0, alpha=0.001, max_iterations=25)
    records = run.take(100)
    assert len(records) == 26 and records[-1].iteration == 25
    assert run.outcome is Outcome.MAX_ITERATIONS and run.stopped_at == 25
    assert "25 iterations" in run.summary()


def test_too_large_alpha_diverges_quietly(recwarn: pytest.WarningsRecorder) -> None:
    run = descent_1d(CONVEX, w0=4.0, alpha=1.5, max_iterations=10_000)
    records = list(run)
    assert run.outcome is Outcome.DIVERGED
    assert run.stopped_at == records[-1].iteration and 5 < run.stopped_at < 100
    assert run.summary().startswith(f"diverged at iteration {run.stopped_at}: ")
    assert all(math.isfinite(r.cost) and r.cost <= 1e12 for r in records[:-1])
    assert len(recwarn) == 0


def test_divergence_to_inf_and_nan_is_an_outcome(recwarn: pytest.WarningsRecorder) -> None:
    def overflowing(params: dict) -> tuple[float, dict]:
        w = params["w"]
        return float(np.float64(w) ** 400), {"dw": 1.0}

    run = GradientDescent(overflowing, {"w": 10.0}, 0.0)
    assert len(run.take(10)) == 1
    assert run.summary() == "diverged at iteration 0: the cost became inf"

    def python_overflow(params: dict) -> tuple[float, dict]:
        return params["w"] ** 400, {"dw": -1.0}  # a Python float raises OverflowError here

    run = GradientDescent(python_overflow, {"w": 10.0}, 1.0)
    run.run()
    assert run.outcome is Outcome.DIVERGED and run.stopped_at == 0

    X, Y = flower(m=20)
    run = descent_network(X, Y, init_params(2, 4, scale=1.0), alpha=1e9, activation="relu")
    run.run()
    assert run.outcome is Outcome.DIVERGED
    assert run.summary().startswith("diverged at iteration")
    assert len(recwarn) == 0


def test_non_convex_start_decides_the_valley() -> None:
    ends = set()
    for w0 in (-5.0, -1.0, 1.5, 5.0):
        run = descent_1d(NON_CONVEX, w0=w0, alpha=0.05)
        last = run.run()
        assert run.outcome is Outcome.CONVERGED
        ends.add(min(NON_CONVEX.minima, key=lambda m: abs(m - last.params["w"])))
    assert len(ends) >= 3


def test_two_parameter_descent_reaches_the_same_minimum_from_any_start() -> None:
    cost = logistic_cost_2d()
    w_min, b_min = cost.minimum()
    for w0, b0 in ((-4.0, 4.0), (5.0, -5.0), (0.0, 0.0)):
        run = descent_2d(cost, w0, b0, alpha=1.0, tol=1e-14, max_iterations=20_000)
        last = run.run()
        assert last.slope is None and set(last.grads) == {"dw", "db"}
        assert last.params["w"] == pytest.approx(w_min, abs=1e-3)
        assert last.params["b"] == pytest.approx(b_min, abs=1e-3)


def test_logistic_descent_separates_the_blobs() -> None:
    X, Y = blobs()
    run = descent_logistic(X, Y, alpha=0.5, max_iterations=500)
    records = run.take(501)
    assert records[0].params["w"].shape == (2, 1) and records[0].cost == pytest.approx(np.log(2))
    assert records[-1].cost < 0.05
    assert all(a.cost >= b.cost for a, b in itertools.pairwise(records))


def test_records_keep_their_own_parameters() -> None:
    X, Y = flower(m=40)
    run = descent_network(X, Y, init_params(2, 4), alpha=1.2)
    records = run.take(5)
    snapshot = {k: v.copy() for k, v in records[0].params.items()}
    run.take(50)
    for name, value in snapshot.items():
        np.testing.assert_array_equal(records[0].params[name], value)
    assert records[1].params["W1"] is not records[0].params["W1"]


def test_the_runner_does_not_change_the_callers_params() -> None:
    X, Y = flower(m=40)
    params = init_params(2, 4)
    before = {k: v.copy() for k, v in params.items()}
    descent_network(X, Y, params, alpha=1.2).take(20)
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])


def test_bad_arguments_are_refused_with_reasons() -> None:
    with pytest.raises(ValueError, match="learning rate"):
        descent_1d(CONVEX, 4.0, alpha=float("nan"))
    with pytest.raises(ValueError, match="at least one parameter"):
        GradientDescent(lambda p: (0.0, {}), {}, 0.1)
    X, Y = flower(m=10)
    with pytest.raises(ValueError, match=r"one example per column; got \(10, 2\)"):
        descent_network(X.T, Y, init_params(2, 4), 1.0)
    with pytest.raises(ValueError, match=r"Y must have shape \(1, 10\)"):
        descent_logistic(X, Y.T, 1.0)


# -- the stop rule: at rest means the step or the gradient is negligible, not the cost change -----
def test_alpha_one_on_the_bowl_bounces_between_two_points_and_never_converges() -> None:
    # J(4) = J(0) = 5: the cost does not change at all, yet the slope is ±4 at both points
    for w0 in (4.0, 0.0, 3.0, -1.5):
        run = descent_1d(CONVEX, w0=w0, alpha=1.0, max_iterations=300)
        records = list(run)
        assert run.outcome is Outcome.MAX_ITERATIONS, (w0, run.summary())
        assert run.stopped_at == 300 and "converged" not in run.summary()
        ws = {r.params["w"] for r in records}
        assert ws == {w0, 4.0 - w0}  # w := w − 2(w − 2) = 4 − w
        assert all(abs(r.slope) == abs(2 * (w0 - 2)) for r in records)


def test_converged_means_the_parameters_are_at_rest() -> None:
    run = descent_1d(CONVEX, w0=4.0, alpha=0.1)
    before, last = run.take(1_000)[-2:]
    assert run.outcome is Outcome.CONVERGED
    step = abs(last.params["w"] - before.params["w"])
    assert step <= 1e-9 * (1 + abs(last.params["w"])) or abs(last.slope) <= 1e-9
    assert abs(last.params["w"] - 2.0) < 1e-7  # far closer than a cost-change rule gets
    assert "stopped moving" in run.reason or "slope" in run.reason


def test_a_start_at_the_minimum_has_converged_before_any_step() -> None:
    run = descent_1d(CONVEX, w0=2.0, alpha=0.1)
    assert len(list(run)) == 1
    assert run.outcome is Outcome.CONVERGED and run.stopped_at == 0
    assert run.reason == "every slope is exactly 0"
    assert run.summary() == "converged after 0 iterations, cost 1.0000"


def _saddle(params: dict) -> tuple[float, dict]:
    """J(w, b) = w² − b²: a saddle at (0, 0), lowest along w, highest along b."""
    w, b = params["w"], params["b"]
    return w * w - b * b, {"dw": 2 * w, "db": -2 * b}


def test_a_saddle_start_is_a_stationary_point_not_a_minimum() -> None:
    run = GradientDescent(_saddle, {"w": 0.0, "b": 0.0}, 0.1)
    assert len(list(run)) == 1
    assert run.outcome is Outcome.STATIONARY and run.stopped_at == 0
    summary = run.summary()
    assert summary.startswith("stopped at a stationary point after 0 iterations")
    assert "exactly 0" in summary and "peak or a saddle, not a minimum" in summary
    assert "converged" not in summary


def test_descent_that_slides_into_a_saddle_along_its_ridge_is_not_called_converged() -> None:
    # b = 0 exactly keeps ∂J/∂b = 0: the run slides along w into the saddle and rests there
    run = GradientDescent(_saddle, {"w": 3.0, "b": 0.0}, 0.1)
    run.run()
    assert run.outcome is Outcome.STATIONARY
    assert "about 0" in run.reason


def test_a_peak_of_a_one_parameter_cost_is_stationary() -> None:
    def hill(params: dict) -> tuple[float, dict]:
        w = params["w"]
        return -((w - 1.0) ** 2), {"dw": -2.0 * (w - 1.0)}

    run = GradientDescent(hill, {"w": 1.0}, 0.1)
    run.run()
    assert run.outcome is Outcome.STATIONARY and run.stopped_at == 0

    def inflection(params: dict) -> tuple[float, dict]:
        w = params["w"]
        return w**3, {"dw": 3.0 * w * w}  # slope 0 at w = 0, lower to the left

    run = GradientDescent(inflection, {"w": 0.0}, 0.1)
    run.run()
    assert run.outcome is Outcome.STATIONARY


def test_a_flat_cost_is_a_minimum_everywhere() -> None:
    run = GradientDescent(lambda p: (3.0, {"dw": 0.0}), {"w": 5.0}, 0.1)
    run.run()
    assert run.outcome is Outcome.CONVERGED and run.stopped_at == 0


def test_stationary_probe_covers_array_parameters() -> None:
    def saddle_matrix(params: dict) -> tuple[float, dict]:
        W, b = params["W"], params["b"]
        signs = np.array([[1.0, 1.0], [1.0, -1.0]])  # lower along the last entry only
        return float(np.sum(signs * W * W) + b * b), {"dW": 2 * signs * W, "db": 2 * b}

    run = GradientDescent(saddle_matrix, {"W": np.zeros((2, 2)), "b": 0.0}, 0.1)
    run.run()
    assert run.outcome is Outcome.STATIONARY


def test_negative_tol_switches_the_stop_rule_off() -> None:
    run = descent_1d(CONVEX, w0=2.0, alpha=0.1, tol=-1.0, max_iterations=7)
    run.run()
    assert run.outcome is Outcome.MAX_ITERATIONS and run.stopped_at == 7


def test_a_learning_rate_too_small_to_move_w_is_said_in_words() -> None:
    run = descent_1d(CONVEX, w0=4.0, alpha=1e-12)
    run.run()
    assert run.stopped_at == 1 and "α is too small to move them" in run.reason
    assert run.summary().startswith("stopped after 1 iteration, cost 5.0000: the parameters")
    assert "converged" not in run.summary()
    run = descent_1d(CONVEX, w0=4.0, alpha=0.1)
    run.run()
    assert "too small" not in run.reason and "stopped moving" in run.reason


# -- the update rule and the published kernels ----------------------------------------------------
def test_the_default_update_is_plain_gradient_descent() -> None:
    params = {"w": np.array([[1.0], [2.0]]), "b": 0.5}
    grads = {"dw": np.array([[0.5], [-1.0]]), "db": 2.0}
    new = gradient_step(params, grads, 0.1)
    assert np.allclose(new["w"], [[0.95], [2.1]]) and new["b"] == pytest.approx(0.3)
    assert params["b"] == 0.5  # a new dict; the old parameters are untouched


def test_a_run_uses_the_update_rule_it_is_given() -> None:
    calls: list[float] = []

    def half_steps(params, grads, alpha):  # α/2 by another route: the same as α halved
        calls.append(alpha)
        return gradient_step(params, grads, alpha / 2)

    custom = descent_1d(CONVEX, 4.0, 0.2, max_iterations=5, update=half_steps).take(6)
    plain = descent_1d(CONVEX, 4.0, 0.1, max_iterations=5).take(6)
    assert [r.params["w"] for r in custom] == pytest.approx([r.params["w"] for r in plain])
    assert calls == [0.2] * 5


def test_the_published_kernels_are_the_public_functions_without_rechecking() -> None:
    X, Y = datasets.blobs(m=40)
    w, b = np.full((2, 1), 0.3), -0.2
    cost, grads = logistic.batch_kernel(X, Y)({"w": w, "b": b})
    expected_grads, expected_cost = logistic.propagate(w, b, X, Y)
    assert cost == pytest.approx(expected_cost)
    assert np.allclose(grads["dw"], expected_grads["dw"]) and grads["db"] == expected_grads["db"]

    params = network.init_params(2, 3, seed=1)
    Xc, Yc, checked = network.check_inputs(params, X, Y)
    cost, grads = network.batch_kernel(Xc, Yc, "tanh")(checked)
    expected_cost, expected = network.cost_and_grads(params, X, Y, "tanh")
    assert cost == pytest.approx(expected_cost)
    assert all(np.allclose(grads[k], expected[k]) for k in expected)
    with pytest.raises(ValueError, match="X"):
        network.check_inputs(params, X[:1], Y)
