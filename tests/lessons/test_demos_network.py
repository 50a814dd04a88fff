"""Lesson 3's demos without a terminal: staged matrices, keepdims, initialisation, training."""

from __future__ import annotations

import numpy as np
import pytest

from engine import network
from engine.runner import Outcome
from lessons.demos.init_compare import InitCompareDemo
from lessons.demos.keepdims import KeepdimsDemo
from lessons.demos.network import BOUNDARY_EVERY, NetworkDemo
from lessons.demos.staged_network import (
    BACKWARD,
    FORWARD,
    MAX_WIDTH,
    StagedNetworkDemo,
    matrix_lines,
)


def shown_matrix(body: str, values: np.ndarray) -> bool:
    """True when the body prints `values` as a matrix (at 3 or 2 decimals)."""
    return any(all(line.strip() in body for line in matrix_lines(values, d)) for d in (3, 2))


def run_stages(demo: StagedNetworkDemo) -> list[tuple[str, str]]:
    shown = []
    while demo.step():
        panel = demo.frame().panels[0]
        shown.append((panel.title, panel.body))
    return shown


def test_forward_stages_show_the_engine_matrices_one_per_step() -> None:
    demo = StagedNetworkDemo(FORWARD)
    assert not demo.live
    batch = demo.batch
    A2, cache = network.forward(batch.params, batch.X)
    shown = run_stages(demo)
    assert [title.split(" =")[0] for title, _ in shown] == list(FORWARD)
    for (title, body), name in zip(shown, FORWARD, strict=True):
        assert shown_matrix(body, cache[name]), (name, body)
        assert "=" in title
    assert demo.finished and not demo.step()
    assert f"{network.compute_cost(A2, batch.Y):.4f}" in shown[-1][1]


def test_backward_stages_match_engine_gradients() -> None:
    demo = StagedNetworkDemo(BACKWARD)
    b = demo.batch
    grads = network.backward(b.params, b.cache, b.X, b.Y)
    shown = dict(zip(BACKWARD, run_stages(demo), strict=True))
    for name in ("dW1", "db1", "dW2", "db2"):
        assert shown_matrix(shown[name][1], grads[name]), name
    assert shown_matrix(shown["dZ2"][1], b.cache["A2"] - b.Y)
    assert shown_matrix(
        shown["dZ1"][1], b.params["W2"].T @ (b.cache["A2"] - b.Y) * (1 - b.cache["A1"] ** 2)
    )
    # the displayed dZ1 is the one the engine's dW1 and db1 come from
    np.testing.assert_allclose(b.dZ1 @ b.X.T / b.m, grads["dW1"], rtol=1e-12)
    assert shown["dW2"][0] == "dW2 = (1/m)·dZ2·A1ᵀ"
    assert shown["db1"][0].startswith("db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True)")


@pytest.mark.parametrize(
    "stages", [FORWARD, BACKWARD, ("dZ2", "dW2", "db2"), ("dZ1", "dW1", "db1")]
)
def test_every_panel_fits_an_80_column_terminal(stages: tuple[str, ...]) -> None:
    for seed in range(10):
        demo = StagedNetworkDemo(stages, seed=seed)
        frames = [demo.frame()]
        while demo.step():
            frames.append(demo.frame())
        for frame in frames:
            for panel in frame.panels:
                assert max(len(line) for line in panel.body.splitlines()) <= MAX_WIDTH
                assert "nan" not in panel.body and "-" not in panel.body.replace("np.", "")


def test_staged_demo_resets_and_rejects_unknown_stages() -> None:
    demo = StagedNetworkDemo(FORWARD)
    demo.step()
    demo.reset()
    assert demo.iteration == 0 and "Z1 = W1·X + b1" in demo.frame().status
    with pytest.raises(ValueError, match="unknown stages"):
        StagedNetworkDemo(("dZ3",))


def test_keepdims_demo_shows_what_numpy_really_returns() -> None:
    demo = KeepdimsDemo(n1=4, m=3)
    shown = []
    while demo.step():
        panel = demo.frame().panels[0]
        shown.append(panel.title + "\n" + panel.body)
    without, with_keepdims, broken, fixed = shown
    assert "shape (4,)" in without
    assert "(4, 1)" in with_keepdims
    assert "(4, 4)" in broken and "ValueError" in broken  # W1·X is (4, 3): cannot add (4, 4)
    assert shown_matrix(fixed, demo.b1 - demo.alpha * np.sum(demo.dZ1, axis=1, keepdims=True) / 3)
    assert shown_matrix(broken, demo.b1 - demo.alpha * np.sum(demo.dZ1, axis=1) / 3)
    assert demo.finished


def test_keepdims_demo_when_m_equals_n1_says_the_mess_is_silent() -> None:
    demo = KeepdimsDemo(n1=3, m=3)
    broken = demo.items[2]
    assert "(3, 3)" in broken.note and "no error" in broken.note


def test_zero_init_keeps_hidden_units_identical_and_random_learns() -> None:
    demo = InitCompareDemo()
    for _ in range(600):
        demo.step()
    assert demo.iteration == 600
    zeros = demo.params("zeros")
    assert np.all(zeros["W1"] == zeros["W1"][0]) and demo.identical("zeros")
    assert not demo.identical("random")
    assert demo.accuracy("zeros") == pytest.approx(0.5)
    assert demo.accuracy("random") > 0.8
    frame = demo.frame()
    assert "all equal" in frame.panels[0].title
    rows = frame.panels[0].body.splitlines()
    assert len(rows) == demo.n1 == 3
    zeros_rows = {row[8:31] for row in rows}
    random_rows = {row[31:] for row in rows}
    assert len(zeros_rows) == 1 and len(random_rows) == 3  # printed rows: equal vs different
    assert len(frame.charts) == 2 and "zeros" in frame.charts[0].title


def test_network_demo_learns_the_flower() -> None:
    demo = NetworkDemo()
    start_cost = demo.cost
    start_accuracy = demo.accuracy()
    for _ in range(1500):
        assert demo.step()
    assert demo.iteration == 1500
    assert demo.cost < start_cost - 0.3
    assert demo.accuracy() > start_accuracy + 0.3 and demo.accuracy() > 0.85
    frame = demo.frame()
    cost_chart, boundary_chart = frame.charts
    assert len(cost_chart.series[0].x) > 100
    assert f"{demo.accuracy():.1%}" in frame.status
    labels = [s.label for s in boundary_chart.series]
    assert labels == ["y=0", "y=1", "wrong", ""]  # wrong ones of either class share one entry
    assert sum(len(s.x) for s in boundary_chart.series) == demo.X.shape[1]
    regions = boundary_chart.shading
    assert regions is not None and regions.values.size == demo.boundary.points.shape[1]
    assert demo.outcome is Outcome.RUNNING and "nan" not in frame.status


def test_boundary_is_recomputed_in_frame_not_in_step() -> None:
    demo = NetworkDemo()
    demo.frame()
    first = demo.boundary.iteration
    assert first == 0  # the first frame always has regions
    for _ in range(BOUNDARY_EVERY - 1):
        demo.step()
    assert demo.boundary.iteration == first  # step() never touches it
    demo.frame()
    assert demo.boundary.iteration == first  # too recent to redo
    demo.step()
    demo.frame()
    assert demo.boundary.iteration == demo.iteration


def test_boundary_rhythm_is_slower_than_a_live_tick_but_follows_single_steps() -> None:
    # The live view runs about 33 flower steps per tick: a refresh every tick would redraw the
    # 1,232-point regions every frame; more than 50 would leave a manual step's regions stale.
    assert 33 < BOUNDARY_EVERY <= 50
    demo = NetworkDemo()
    refreshed = set()
    for _ in range(10):  # ten live ticks
        for _ in range(33):
            demo.step()
        demo.frame()
        refreshed.add(demo.boundary.iteration)
    assert len(refreshed) <= 7 < 10  # not every frame
    made_at = set()
    for _ in range(2 * BOUNDARY_EVERY):  # `s` pressed again and again: one step, one frame
        demo.step()
        demo.frame()
        assert demo.boundary.iteration is not None
        assert demo.iteration - demo.boundary.iteration < BOUNDARY_EVERY
        made_at.add(demo.boundary.iteration)
    assert len(made_at) >= 2  # the regions followed the steps


def test_regions_are_reused_between_refreshes_and_redone_on_reset_and_at_the_end() -> None:
    demo = NetworkDemo(max_iterations=BOUNDARY_EVERY + 20)
    first = demo.frame().charts[1].shading
    demo.step()
    again = demo.frame().charts[1].shading
    assert first is again  # not rebuilt every frame
    while demo.step():
        pass
    assert demo.finished and demo.iteration == BOUNDARY_EVERY + 20
    frame = demo.frame()
    assert demo.boundary.iteration == demo.iteration  # the end of a run always refreshes
    predicted = network.predict(demo.params, demo.boundary.points, demo.activation).ravel()
    assert np.array_equal(demo.boundary.predicted, predicted)
    probability = network.forward(demo.params, demo.boundary.points, demo.activation)[0]
    assert np.allclose(frame.charts[1].shading.values.ravel(), probability.ravel())
    assert f"{demo.accuracy():.1%}" in demo.summary()
    demo.act("n1_up")  # a new network: regions and accuracy of the old one are forgotten
    assert demo.boundary.iteration is None and "accuracy" not in demo.accuracy_text()
    demo.frame()
    assert demo.boundary.iteration == 0
    predicted = network.predict(demo.params, demo.boundary.points, demo.activation).ravel()
    assert np.array_equal(demo.boundary.predicted, predicted)


def test_network_demo_controls() -> None:
    demo = NetworkDemo()
    for _ in range(5):
        demo.step()
    demo.act("alpha_up")
    assert demo.alpha == 2.4 and demo.run.alpha == 2.4 and demo.iteration == 5
    demo.act("alpha_down")
    demo.act("alpha_down")
    assert demo.alpha == 0.6
    demo.act("n1_up")
    assert demo.n1 == 5 and demo.iteration == 0 and demo.params["W1"].shape == (5, 2)
    demo.act("activation")
    assert demo.activation == "relu"
    demo.act("activation")
    demo.act("activation")
    assert demo.activation == "tanh"
    demo.act("init")
    assert demo.init == "zeros"
    for _ in range(50):
        demo.step()
    assert np.all(demo.params["W1"] == demo.params["W1"][0])
    keys = [c.key for c in demo.controls]
    reserved = {"space", "s", "r", "n", "p", "q", "h", "x", "f", "question_mark", "escape", "tab"}
    assert not set(keys) & reserved


def test_huge_alpha_never_shows_nan() -> None:
    demo = NetworkDemo(alpha=50.0, activation="relu")
    for _ in range(300):
        if not demo.step():
            break
    frame = demo.frame()
    assert "nan" not in frame.status.lower()
    assert all(np.all(np.isfinite(s.y)) for s in frame.charts[0].series)
