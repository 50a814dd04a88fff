"""How a run behaves (converges, crawls, oscillates, diverges, stuck) and several α side by side."""

from __future__ import annotations

import numpy as np
import pytest

from engine.compare import AlphaComparison, Behaviour, BehaviourWatch
from engine.costs import CONVEX, LOGISTIC_1D, NON_CONVEX, logistic_cost_1d, logistic_cost_2d
from engine.gradcheck import numerical_derivative
from engine.runner import GradientDescent, descent_1d, descent_2d


def behaviour_of(run: GradientDescent) -> Behaviour:
    watch = BehaviourWatch()
    for record in run:
        watch.add(record)
    return watch.behaviour(run.outcome)


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        (0.003, Behaviour.CRAWLS),
        (0.1, Behaviour.CONVERGES),
        (0.9, Behaviour.CONVERGES),  # zig-zags, but settles
        (1.0, Behaviour.OSCILLATES),
        (1.1, Behaviour.DIVERGES),
    ],
)
def test_behaviour_on_the_bowl(alpha: float, expected: Behaviour) -> None:
    assert behaviour_of(descent_1d(CONVEX, 4.0, alpha, max_iterations=200)) is expected


def test_zigzag_is_seen_even_when_the_run_converges() -> None:
    watch = BehaviourWatch()
    for record in descent_1d(CONVEX, 4.0, 0.9):
        watch.add(record)
    assert watch.zigzagged and watch.turns > 0.9 * (watch.steps - 1)
    calm = BehaviourWatch()
    for record in descent_1d(CONVEX, 4.0, 0.1):
        calm.add(record)
    assert not calm.zigzagged and calm.turns == 0


def test_a_saddle_start_is_stuck() -> None:
    def saddle(params: dict) -> tuple[float, dict]:
        w, b = params["w"], params["b"]
        return w * w - b * b, {"dw": 2 * w, "db": -2 * b}

    assert behaviour_of(GradientDescent(saddle, {"w": 0.0, "b": 0.0}, 0.1)) is Behaviour.STUCK


def test_two_parameter_overshoot_is_oscillation() -> None:
    cost = logistic_cost_2d()
    assert behaviour_of(descent_2d(cost, -4.0, 4.0, 40.0, max_iterations=500)) is (
        Behaviour.OSCILLATES
    )
    assert behaviour_of(descent_2d(cost, -4.0, 4.0, 1.0, max_iterations=500)) is (
        Behaviour.CONVERGES
    )


def test_alpha_comparison_steps_all_runs_together() -> None:
    comparison = AlphaComparison(
        lambda a: descent_1d(CONVEX, 4.0, a, max_iterations=200), (0.003, 0.3, 1.1)
    )
    assert [len(r) for r in comparison.records] == [1, 1, 1]
    assert comparison.step()
    assert [len(r) for r in comparison.records] == [2, 2, 2]
    comparison.run()
    assert comparison.finished and not comparison.step()
    assert comparison.behaviours() == [Behaviour.CRAWLS, Behaviour.CONVERGES, Behaviour.DIVERGES]
    for alpha, records in zip(comparison.alphas, comparison.records, strict=True):
        engine = descent_1d(CONVEX, 4.0, alpha, max_iterations=200).take(1000)
        assert [r.params["w"] for r in records] == [r.params["w"] for r in engine]
    comparison.reset()
    assert [len(r) for r in comparison.records] == [1, 1, 1]
    with pytest.raises(ValueError, match="at least one"):
        AlphaComparison(lambda a: descent_1d(CONVEX, 4.0, a), ())


def test_logistic_cost_in_w_is_a_convex_bowl_with_an_exact_slope() -> None:
    cost = LOGISTIC_1D
    assert cost.convex and len(cost.minima) == 1 and cost.name == "logistic"
    (lowest,) = cost.minima
    lo, hi = cost.w_range
    assert lo < lowest < hi
    w = np.linspace(lo, hi, 401)
    j = cost.J(w)
    assert np.all(np.diff(j, 2) >= -1e-12)  # bends upwards everywhere
    for point in (-2.0, 0.0, 1.3, 4.0):
        assert cost.dJ(point) == pytest.approx(numerical_derivative(cost.J, point), abs=1e-8)
        assert isinstance(cost.J(point), float)
    assert abs(cost.dJ(lowest)) < 1e-9
    surface = logistic_cost_2d()
    assert cost.J(1.3) == pytest.approx(surface.J(1.3, 0.0))
    held = logistic_cost_1d(b=surface.minimum()[1])
    assert held.minima[0] == pytest.approx(surface.minimum()[0], abs=1e-6)
    assert "+ 0.367441" in held.formula
    assert not NON_CONVEX.convex
