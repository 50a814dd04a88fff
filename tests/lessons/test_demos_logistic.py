"""LogisticDemo: vectorised logistic regression whose cost falls and whose boundary separates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import logistic
from engine.datasets import blobs
from engine.runner import Outcome
from lessons.demos.boundary import BOUNDARY_EVERY
from lessons.demos.logistic import ALPHAS, LogisticDemo
from lessons.demos.run import alpha_rung


def run(demo: LogisticDemo, steps: int) -> None:
    for _ in range(steps):
        if not demo.step():
            break


def test_the_cost_falls_and_the_blobs_are_separated() -> None:
    demo = LogisticDemo(max_iterations=300)
    start = demo.cost
    assert start == pytest.approx(math.log(2.0))  # w = 0, b = 0: a = 0.5 for every example
    run(demo, 300)
    costs = np.array(demo.history.y)
    assert np.all(np.diff(costs) <= 1e-12)
    assert demo.cost < 0.2 * start
    assert demo.accuracy() >= 0.95
    assert demo.finished and demo.outcome is Outcome.MAX_ITERATIONS
    assert "accuracy" in demo.summary()


def test_the_cost_is_the_engines_average_loss() -> None:
    demo = LogisticDemo()
    run(demo, 25)
    X, Y = blobs(200, seed=0)
    _, cost = logistic.propagate(demo.w, demo.b, X, Y)
    a = 1.0 / (1.0 + np.exp(-(demo.w.T @ X + demo.b)))
    average_loss = float(np.mean(-(Y * np.log(a) + (1 - Y) * np.log(1 - a))))
    assert demo.cost == pytest.approx(cost, rel=1e-12)
    assert demo.cost == pytest.approx(average_loss, rel=1e-9)
    assert demo.m == 200


def test_the_frame_shows_cost_boundary_and_accuracy() -> None:
    demo = LogisticDemo()
    run(demo, 50)
    frame = demo.frame()
    cost_chart, boundary_chart = frame.charts
    assert "(1/m)" in cost_chart.title and "m = 200" in cost_chart.title
    assert "accuracy" in boundary_chart.title
    assert frame.status == f"J {demo.cost:.4f} · α 0.5 · blobs"
    line = boundary_chart.series[-1]
    assert line.label == "edge" and line.line == "beaded"
    w1, w2 = np.ravel(demo.w)
    assert np.allclose(w1 * np.asarray(line.x) + w2 * np.asarray(line.y) + demo.b, 0.0)
    assert "nan" not in frame.status


def test_controls_change_alpha_and_switch_to_the_flower() -> None:
    demo = LogisticDemo(alpha=0.5)
    demo.act("alpha_up")
    assert demo.alpha == 1.0 and demo.run.alpha == 1.0
    demo.act("alpha_down")
    demo.act("alpha_down")
    assert demo.alpha == 0.3
    demo.act("dataset")
    assert demo.dataset == "flower" and demo.m == 400 and demo.iteration == 0
    run(demo, 500)
    assert demo.accuracy() < 0.7  # one straight line cannot separate the petals


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="dataset must be one of"):
        LogisticDemo(dataset="moons")
    with pytest.raises(ValueError, match="α must be a positive"):
        LogisticDemo(alpha=float("nan"))
    with pytest.raises(ValueError, match="max_iterations"):
        LogisticDemo(max_iterations=0)


def test_the_boundary_follows_every_refresh_and_the_end_of_the_run() -> None:
    demo = LogisticDemo(max_iterations=BOUNDARY_EVERY + 5)
    demo.frame()
    assert demo.boundary.iteration == 0
    run(demo, BOUNDARY_EVERY - 1)
    demo.frame()
    assert demo.boundary.iteration == 0  # too recent to redo
    run(demo, 1)
    demo.frame()
    assert demo.boundary.iteration == BOUNDARY_EVERY
    run(demo, 10)
    assert demo.finished
    demo.frame()
    assert demo.boundary.iteration == demo.iteration == BOUNDARY_EVERY + 5
    predicted = logistic.predict(demo.w, demo.b, demo.boundary.points).ravel()
    assert np.array_equal(demo.boundary.predicted, predicted)
    assert f"accuracy {demo.accuracy():.1%}" in demo.summary()


def test_an_alpha_off_the_ladder_steps_to_the_next_rung() -> None:
    # The playground accepts any α; + and − then move to the next rung above or below it.
    assert alpha_rung(0.2, 1, ALPHAS) == 0.3 and alpha_rung(0.2, -1, ALPHAS) == 0.1
    assert alpha_rung(100.0, -1, ALPHAS) == 10.0 and alpha_rung(100.0, 1, ALPHAS) == 10.0
    demo = LogisticDemo(alpha=0.2)
    demo.act("alpha_up")
    assert demo.alpha == demo.run.alpha == 0.3
