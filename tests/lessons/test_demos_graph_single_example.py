"""Repeated gradient steps on one example: the engine's update, a falling loss, the graph shown."""

from __future__ import annotations

import numpy as np
import pytest

from engine.logistic import single_example, single_example_step
from engine.runner import Outcome
from lessons.demos.graph import NARROW_WIDTH, widest
from lessons.demos.single_example import SingleExampleDemo


def test_each_step_is_the_engines_single_example_update() -> None:
    demo = SingleExampleDemo(alpha=0.3)
    for _ in range(10):
        before = dict(demo.params)
        g = single_example(demo.x1, demo.x2, before["w1"], before["w2"], before["b"], demo.y)
        demo.step()
        after = demo.params
        expected = single_example_step(g, 0.3)
        assert (after["w1"], after["w2"], after["b"]) == pytest.approx(expected, abs=1e-15)


def test_the_loss_falls_every_step_and_dz_shrinks() -> None:
    demo = SingleExampleDemo()
    while demo.step():
        pass
    losses = demo.loss_history()
    assert len(losses) == demo.iteration + 1
    assert np.all(np.diff(losses) < 0)
    assert losses[-1] < 0.1 * losses[0]
    dz = np.array(demo.dzs.y)
    assert abs(dz[-1]) < abs(dz[0])
    assert demo.outcome in {Outcome.MAX_ITERATIONS, Outcome.CONVERGED}
    assert "L fell from 0.6931" in demo.summary()


def test_the_panel_shows_the_current_graph_and_the_last_update() -> None:
    demo = SingleExampleDemo(alpha=0.5)
    demo.step()
    frame = demo.frame()
    [panel] = frame.panels
    g = demo.graph
    assert widest(panel.body) <= NARROW_WIDTH
    assert f"w1 {g.w1:.3f}" in panel.body
    assert f"L {g.L:.3f}" in panel.body
    assert "w1: 0.500 → 0.750" in panel.body  # w1 − α·dw1 = 0.5 − 0.5×(−0.5)
    assert panel.title == "step 1 · α = 0.5"
    assert [chart.title for chart in frame.charts] == ["loss L per step", "dz = a − y per step"]
    assert "nan" not in panel.body + frame.status
    assert frame.status == f"L {g.L:.4f}"


def test_controls_change_alpha_and_the_label() -> None:
    demo = SingleExampleDemo(alpha=0.1)
    demo.act("alpha_up")
    assert demo.alpha == 0.3 and demo.run.alpha == 0.3
    demo.act("alpha_down")
    demo.act("alpha_down")
    assert demo.alpha == 0.03
    for _ in range(5):
        demo.step()
    demo.act("flip_label")
    assert demo.y == 0.0 and demo.iteration == 0
    while demo.step():
        pass
    assert demo.graph.a < 0.5  # the prediction moved towards the new label


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="α must be a positive"):
        SingleExampleDemo(alpha=-1.0)
    with pytest.raises(ValueError, match="label y"):
        SingleExampleDemo(y=2.0)
