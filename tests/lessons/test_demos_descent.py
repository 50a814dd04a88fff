"""Lesson 1's demos driven without a terminal: what they show must be what the engine computed."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.costs import CONVEX, NON_CONVEX, logistic_cost_2d
from engine.runner import Outcome, descent_1d, descent_2d
from lessons.demo import Frame
from lessons.demos.descent1d import (
    ALPHA_LADDER,
    PRESETS,
    Descent1DDemo,
    LearningRateDemo,
    update_line,
)
from lessons.demos.descent2d import Descent2DDemo, level_points
from lessons.demos.multistart import MultiStartDemo
from lessons.demos.run import alpha_rung

NUMBER = r"\(?(−?[\d.]+(?:e[+−]\d+)?)\)?"
UPDATE = re.compile(rf"(\w) := {NUMBER} − ([\d.]+) × {NUMBER} = {NUMBER}")


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def parse_update(line: str) -> tuple[str, float, float, float, float]:
    match = UPDATE.search(line)
    assert match, line
    name, old, alpha, grad, new = match.groups()
    return name, number(old), number(alpha), number(grad), number(new)


def decimals_of(line: str) -> int:
    old = UPDATE.search(line).group(2)  # type: ignore[union-attr]
    return len(old.split(".")[1]) if "." in old else 0


def frame_text(frame: Frame) -> str:
    return "\n".join([frame.status, *(p.title + "\n" + p.body for p in frame.panels)])


def all_finite(frame: Frame) -> bool:
    return all(
        np.all(np.isfinite(np.asarray(s.x, float))) and np.all(np.isfinite(np.asarray(s.y, float)))
        for chart in frame.charts
        for s in chart.series
    )


def test_update_line_has_the_lecture_form() -> None:
    assert update_line("w", 1.8, 0.1, 3.6, 1.44) == "w := 1.80 − 0.10 × 3.60 = 1.44"
    assert update_line("w", 0.4, 0.1, -3.2, 0.72) == "w := 0.40 − 0.10 × (−3.20) = 0.72"


def test_each_step_matches_the_engine_and_the_update_line_adds_up() -> None:
    demo = Descent1DDemo(CONVEX, w0=4.0, alpha=0.1)
    run = descent_1d(CONVEX, 4.0, 0.1, max_iterations=200)
    records = run.take(1000)
    assert demo.w == records[0].params["w"]
    assert demo.update_text() == "next: w := 4.00 − 0.10 × 4.00 = 3.60"
    for record, before in zip(records[1:], records, strict=False):
        assert demo.step()
        assert demo.iteration == record.iteration
        assert demo.w == pytest.approx(record.params["w"], abs=0)
        name, old, alpha, grad, new = parse_update(demo.update_text())
        d = decimals_of(demo.update_text())
        unit = 10.0**-d
        assert name == "w" and alpha == 0.1
        assert old == pytest.approx(before.params["w"], abs=0.51 * unit)
        assert grad == pytest.approx(before.slope, abs=0.51 * unit)
        assert new == pytest.approx(record.params["w"], abs=0.51 * unit)
        assert old - alpha * grad == pytest.approx(new, abs=2 * unit)
    assert demo.finished and demo.outcome is run.outcome is Outcome.CONVERGED
    assert not demo.step()
    assert demo.summary().startswith(f"converged after {run.stopped_at} iterations")
    # the histories hold the engine's cost and slope per iteration
    assert np.allclose(demo.costs.y, [r.cost for r in records])
    assert np.allclose(demo.slopes.y, [r.slope for r in records])
    assert list(demo.costs.x) == [r.iteration for r in records]


def test_charts_show_curve_point_tangent_and_histories() -> None:
    demo = Descent1DDemo(CONVEX, w0=4.0, alpha=0.1)
    for _ in range(3):
        demo.step()
    curve, history = demo.frame().charts
    assert "(w − 2)²" in curve.title
    # told apart by look, not colour: a solid curve, a dotted tangent, a beaded triangle
    looks = [(s.style, s.line, s.label) for s in curve.series]
    assert ("line", "solid", "") in looks and ("line", "dotted", "tangent") in looks
    point = next(s for s in curve.series if s.style == "marker")
    assert point.marker == "●" and point.label == "w"
    assert list(point.x) == [demo.w] and list(point.y) == [pytest.approx(CONVEX.J(demo.w))]
    tangent = next(s for s in curve.series if s.label == "tangent")
    tx, ty = np.asarray(tangent.x), np.asarray(tangent.y)
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(CONVEX.dJ(demo.w))
    assert tx[0] < demo.w < tx[1]
    triangle = next(s for s in curve.series if s.label == "triangle")
    assert triangle.line == "beaded"
    (x0, x1, _), (y0, _, y2) = triangle.x, triangle.y
    assert (y2 - y0) / (x1 - x0) == pytest.approx(demo.slope)  # height / width = slope
    labels = [s.label for s in history.series]
    assert labels == ["J", "dJ/dw"]
    assert len(history.series[0].x) == demo.iteration + 1
    assert history.series[1].y[-1] == pytest.approx(demo.slope)


def test_slope_sign_says_which_way_and_start_left_or_right() -> None:
    demo = Descent1DDemo(CONVEX, w0=4.0, alpha=0.1)
    assert "positive → w steps left" in demo.panel_text()
    demo.act("start_left")
    assert demo.w0 == 0.0 and demo.iteration == 0
    assert "negative → w steps right" in demo.panel_text()
    assert "(−4.00)" in demo.update_text()
    demo.step()
    assert demo.w > 0.0
    demo.act("start_right")
    assert demo.w0 == 4.0


def test_alpha_ladder_moves_and_restarts() -> None:
    demo = Descent1DDemo(CONVEX, alpha=0.1)
    demo.step()
    demo.act("alpha_up")
    assert demo.alpha == alpha_rung(0.1, 1, ALPHA_LADDER) == 0.2 and demo.iteration == 0
    demo.act("alpha_down")
    demo.act("alpha_down")
    assert demo.alpha == 0.03
    for _ in range(len(ALPHA_LADDER) + 2):
        demo.act("alpha_down")
    assert demo.alpha == ALPHA_LADDER[0]
    for _ in range(len(ALPHA_LADDER) + 2):
        demo.act("alpha_up")
    assert demo.alpha == ALPHA_LADDER[-1] == 1.5


@pytest.mark.parametrize("alpha", [1.1, 1.5])
def test_too_large_alpha_diverges_in_words_and_stops(alpha: float) -> None:
    demo = Descent1DDemo(CONVEX, w0=4.0, alpha=alpha, max_iterations=500)
    run = descent_1d(CONVEX, 4.0, alpha, max_iterations=500)
    run.run()
    steps = 0
    while demo.step():
        steps += 1
        assert all_finite(demo.frame())
    assert demo.outcome is Outcome.DIVERGED
    assert demo.iteration == run.stopped_at == steps
    frame = demo.frame()
    text = frame_text(frame)
    assert f"diverged at iteration {run.stopped_at}" in demo.summary()
    assert f"Diverged at iteration {run.stopped_at}" in text
    assert "nan" not in text.lower()
    assert not demo.step() and demo.iteration == steps


def test_large_alpha_on_the_ripples_never_shows_nan() -> None:
    demo = Descent1DDemo(NON_CONVEX, w0=4.0, alpha=1.5, max_iterations=300)
    while demo.step():
        assert all_finite(demo.frame())
        assert "nan" not in frame_text(demo.frame()).lower()
    assert demo.outcome is not Outcome.RUNNING


def test_learning_rate_presets() -> None:
    demo = LearningRateDemo()
    assert [c.key for c in demo.controls[:3]] == ["1", "2", "3"]
    outcomes = {}
    for action in PRESETS:
        demo.act(action)
        assert demo.alpha == PRESETS[action][1] and demo.iteration == 0
        while demo.step():
            pass
        outcomes[action] = (demo.outcome, demo.summary())
    small, good, large = outcomes.values()
    assert small[0] is Outcome.MAX_ITERATIONS and "still" in small[1]
    assert good[0] is Outcome.CONVERGED
    assert large[0] is Outcome.DIVERGED and large[1].startswith("diverged at iteration")
    # too large oscillates before it diverges: w alternates sides of the minimum
    demo.act("preset_large")
    sides = []
    for _ in range(6):
        demo.step()
        sides.append(demo.w > 2.0)
    assert sides == [False, True, False, True, False, True]


def test_non_convex_starts_end_in_different_minima() -> None:
    for seed in range(5):
        demo = MultiStartDemo(NON_CONVEX, seed=seed)
        assert demo.starts[0] == 0.0
        while demo.step():
            pass
        reached = demo.minima_reached()
        assert len(reached) >= 2, demo.starts
        for w0, w in zip(demo.starts, demo.final_w(), strict=True):
            engine = descent_1d(NON_CONVEX, w0, demo.alpha, max_iterations=demo.max_iterations)
            assert engine.run().params["w"] == w
            assert min(abs(w - m) for m in NON_CONVEX.minima) < 1e-3
        assert "different minima" in demo.summary()


def test_convex_every_start_zeros_or_random_reaches_the_minimum() -> None:
    for seed in range(5):
        demo = MultiStartDemo(CONVEX, seed=seed)
        while demo.step():
            pass
        assert demo.minima_reached() == [2.0]
        assert all(abs(w - 2.0) < 1e-3 for w in demo.final_w())
        assert demo.summary().startswith(f"all {len(demo.runs)} starts ended at the same")


def test_multistart_controls_and_markers() -> None:
    demo = MultiStartDemo(NON_CONVEX, seed=0)
    first = list(demo.starts)
    demo.act("new_starts")
    assert demo.starts != first and demo.starts[0] == 0.0
    demo.act("toggle_cost")
    assert demo.cost is CONVEX and demo.iteration == 0
    (chart,) = demo.frame().charts
    markers = [s.marker for s in chart.series if s.style == "marker"]
    assert markers == [str(i + 1) for i in range(len(demo.starts))]


def test_descent_2d_matches_engine_and_both_updates_add_up() -> None:
    demo = Descent2DDemo()
    cost = logistic_cost_2d()
    run = descent_2d(cost, -4.0, 4.0, 1.0, max_iterations=500)
    records = run.take(1000)
    for record, before in zip(records[1:], records, strict=False):
        assert demo.step()
        assert demo.wb == (record.params["w"], record.params["b"])
        lines = demo.panel_text().splitlines()
        for line, name in zip(lines[:2], ("w", "b"), strict=True):
            shown, old, alpha, grad, new = parse_update(line)
            unit = 10.0 ** -decimals_of(line)
            assert shown == name and alpha == 1.0
            assert old == pytest.approx(before.params[name], abs=0.51 * unit)
            assert grad == pytest.approx(before.grads["d" + name], abs=0.51 * unit)
            assert new == pytest.approx(record.params[name], abs=0.51 * unit)
    assert demo.outcome is Outcome.CONVERGED
    plane, history = demo.frame().charts
    path = next(s for s in plane.series if s.label == "path")
    assert np.allclose(path.x, [r.params["w"] for r in records])
    assert np.allclose(history.series[0].y, [r.cost for r in records])
    w_min, b_min = cost.minimum()
    assert demo.wb == pytest.approx((w_min, b_min), abs=1e-2)
    assert "converged" in demo.summary()


def test_descent_2d_controls() -> None:
    demo = Descent2DDemo()
    demo.act("alpha_up")
    assert demo.alpha == 3.0 and demo.iteration == 0
    starts = set()
    for _ in range(4):
        demo.act("next_start")
        starts.add((demo.w0, demo.b0))
    assert (0.0, 0.0) in starts and len(starts) == 4


def test_level_points_lie_on_their_level_curves() -> None:
    w = np.linspace(-3, 3, 121)
    b = np.linspace(-3, 3, 121)
    values = w[None, :] ** 2 + b[:, None] ** 2
    x, y = level_points(values, w, b, np.array([4.0]))
    assert len(x) > 50
    radius = np.hypot(x, y)
    assert np.all(np.abs(radius - 2.0) < 0.06)  # within a cell of the circle of radius 2


def test_the_bowl_is_drawn_as_bands_that_darken_with_the_cost() -> None:
    demo = Descent2DDemo()
    cost = demo.cost
    plane = demo.frame().charts[0]
    bands = plane.shading
    assert bands is not None and plane.note
    # the shading is J itself on its grid, banded in order of cost
    j, i = 40, 17
    assert bands.values[i, j] == pytest.approx(cost.J(bands.x[j], bands.y[i]))
    order = np.argsort(bands.values.ravel())
    assert np.all(np.diff(bands.bands(bands.values.ravel()[order])) >= 0)
    assert bands.bands(np.array([cost.J(*cost.minimum())]))[0] == 0  # the bottom is the lightest
    assert len(set(bands.glyphs)) == len(bands.glyphs)  # each band its own glyph
