"""Lesson 3's demos without a terminal: staged matrices, keepdims, initialisation, training."""

from __future__ import annotations

import numpy as np
import pytest

from engine import network
from engine.datasets import flower
from engine.runner import Outcome
from engine.sweep import HiddenSizeSweep, holdout_split, logistic_baseline
from lessons.demos.init_compare import InitCompareDemo
from lessons.demos.keepdims import KeepdimsDemo
from lessons.demos.network import BOUNDARY_EVERY, NetworkDemo, SweepDemo
from lessons.demos.staged_network import (
    BACKWARD,
    DECIMALS,
    FORWARD,
    MAX_WIDTH,
    UPDATE,
    StagedNetworkDemo,
    matrix_lines,
)


def shown_matrix(body: str, values: np.ndarray, decimals: int = DECIMALS) -> bool:
    """True when the body prints `values` as a matrix, at the lesson's one number format."""
    return all(line.strip() in body for line in matrix_lines(values, decimals))


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
    assert f"{network.compute_cost(A2, batch.Y):.3f}" in shown[-1][1]


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
    "stages", [FORWARD, BACKWARD + UPDATE, ("dZ2", "dW2", "db2"), ("dZ1", "dW1", "db1", "update")]
)
def test_every_panel_fits_an_80_column_terminal(stages: tuple[str, ...]) -> None:
    for seed in range(10):
        demo = StagedNetworkDemo(
            stages, seed=seed, activation=("tanh", "sigmoid", "relu")[seed % 3]
        )
        frames = [demo.frame()]
        while demo.step():
            frames.append(demo.frame())
        for frame in frames:
            for panel in frame.panels:
                assert max(len(line) for line in panel.body.splitlines()) <= MAX_WIDTH
                assert "nan" not in panel.body and "-" not in panel.body.replace("np.", "")


def _shape(text: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(v) for v in text) + ")"


@pytest.mark.parametrize("seed", [3, 11])
def test_staged_shapes_tell_every_matrix_apart(seed: int) -> None:
    demo = StagedNetworkDemo(FORWARD + BACKWARD + UPDATE, seed=seed)
    b = demo.batch
    shapes = {
        "X": b.X.shape,
        "Z1": b.cache["Z1"].shape,
        "A1ᵀ": b.cache["A1"].T.shape,
        "W1": b.params["W1"].shape,
        "W2ᵀ": b.params["W2"].T.shape,
    }
    assert len(set(shapes.values())) == len(shapes)  # pairwise different
    assert b.dZ1.shape == shapes["Z1"]  # a derivative has the shape of what it differentiates
    bodies = {name: body for name, (_, body) in zip(demo.names, run_stages(demo), strict=True)}
    # every matrix carries its shape beside its name
    assert (
        f"X {_shape(shapes['X'])}" in bodies["Z1"] and f"W1 {_shape(shapes['W1'])}" in bodies["Z1"]
    )
    assert f"Z1 {_shape(shapes['Z1'])}" in bodies["Z1"]
    assert f"A1ᵀ {_shape(shapes['A1ᵀ'])}" in bodies["dW2"]
    assert f"dZ1 {_shape(shapes['Z1'])}" in bodies["dW1"]
    assert f"Xᵀ {_shape(b.X.T.shape)}" in bodies["dW1"]


def test_dz1_stage_shows_w2t_times_dz2_before_the_elementwise_product() -> None:
    demo = StagedNetworkDemo(("dZ1", "dW1", "db1", "update"))
    b = demo.batch
    n1, m = b.n1, b.m
    demo.step()
    body = demo.frame().panels[0].body
    w2t_dz2 = b.params["W2"].T @ b.dZ2
    order = [body.index(f"W2ᵀ ({n1}, 1)"), body.index(f"dZ2 (1, {m})")]
    order += [
        body.index(f"W2ᵀ·dZ2 ({n1}, {m})"),
        body.index("1 − A1²"),
        body.index(f"dZ1 ({n1}, {m})"),
    ]
    assert order == sorted(order)
    assert shown_matrix(body, w2t_dz2) and shown_matrix(body, b.dZ1)
    assert f"({n1}, 1)·(1, {m}) → ({n1}, {m})" in body.replace("\n", " ")
    while demo.step():
        pass
    updates = demo.frame().panels[0].body
    for name, shape in (("W1", (n1, 2)), ("b1", (n1, 1)), ("W2", (1, n1)), ("b2", (1, 1))):
        assert f"{name} {_shape(shape)} := {name} − α·d{name} {_shape(shape)}" in updates
    assert shown_matrix(updates, network.update(b.params, b.grads, 1.0)["W2"])


@pytest.mark.parametrize(
    ("activation", "prime"), [("tanh", "1 − A1²"), ("sigmoid", "A1(1 − A1)"), ("relu", "[Z1 > 0]")]
)
def test_staged_backward_pass_uses_the_selected_activations_slope(
    activation: str, prime: str
) -> None:
    demo = StagedNetworkDemo(("dZ1",))
    while demo.activation != activation:
        demo.act("activation")
    b = demo.batch
    _, cache = network.forward(b.params, b.X, activation)
    grads = network.backward(b.params, cache, b.X, b.Y, activation)
    np.testing.assert_allclose(b.dZ1 @ b.X.T / b.m, grads["dW1"], rtol=1e-12)
    demo.step()
    body = demo.frame().panels[0].body
    assert prime in body and shown_matrix(body, b.dZ1)
    demo.act("activation")  # the stage on show is redrawn with the next activation
    assert demo.shown == 1 and demo.frame().panels[0].body != body


def test_staged_demo_resets_and_rejects_unknown_stages() -> None:
    demo = StagedNetworkDemo(FORWARD)
    demo.step()
    demo.reset()
    assert demo.iteration == 0 and "Z1 = W1·X + b1" in demo.frame().status
    with pytest.raises(ValueError, match="unknown stages"):
        StagedNetworkDemo(("dZ3",))


def test_keepdims_demo_shows_what_numpy_really_returns() -> None:
    demo = KeepdimsDemo(n1=4, m=5)
    shown = []
    while demo.step():
        panel = demo.frame().panels[0]
        shown.append(panel.title + "\n" + panel.body)
    without, with_keepdims, broken, fixed = shown
    assert "shape (4,)" in without
    assert "(4, 1)" in with_keepdims
    assert "(4, 4)" in broken and "ValueError" in broken  # W1·X is (4, 5): cannot add (4, 4)
    assert shown_matrix(fixed, demo.b1 - demo.alpha * np.sum(demo.dZ1, axis=1, keepdims=True) / 5)
    assert shown_matrix(broken, demo.b1 - demo.alpha * np.sum(demo.dZ1, axis=1) / 5)
    assert demo.finished


def test_keepdims_demo_when_m_equals_n1_says_the_mess_is_silent() -> None:
    demo = KeepdimsDemo(n1=3, m=3)
    broken = demo.items[2]
    assert "(3, 3)" in broken.note and "no error" in broken.note


def test_constant_start_units_learn_but_stay_identical_beside_random() -> None:
    demo = InitCompareDemo()
    start = {name: value.copy() for name, value in demo.params("left").items()}
    for _ in range(100):
        demo.step()
    assert demo.iteration == 100
    left = demo.params("left")
    W1, b1, W2 = left["W1"], left["b1"], left["W2"]
    assert np.all(W1[0] == W1) and np.all(b1[0] == b1) and np.all(W2[0, 0] == W2)  # exactly
    assert not np.array_equal(W1, start["W1"]) and not np.array_equal(W2, start["W2"])
    assert demo.identical("left") and demo.moved("left") and not demo.stationary("left")
    assert not demo.identical("random")
    frame = demo.frame()
    (panel,) = frame.panels
    assert panel.title == "constant: units identical, moving │ random: units differ"
    # each unit's map and weights side by side: three equal columns on the left, not on the right
    rows = panel.body.splitlines()
    left = [row.split(" │ ")[0] for row in rows[1:]]
    right = [row.split(" │ ")[1] for row in rows[1:]]

    def units(lines: list[str]) -> set[str]:
        width = 12
        return {
            "\n".join(line.ljust(3 * width)[k * width : (k + 1) * width] for line in lines)
            for k in range(3)
        }

    assert len(units(left)) == 1 and len(units(right)) == 3
    assert rows[0].startswith("unit 0") and "unit 3" not in panel.body  # counted from 0
    for _ in range(500):
        demo.step()
    assert demo.identical("left") and demo.accuracy("random") > demo.accuracy("left") + 0.1
    assert len(frame.charts) == 2 and "constant" in frame.charts[0].title


def rows_equal(columns: list[str]) -> bool:
    return len(set(columns)) == 1


def test_zero_start_is_named_a_stationary_point_never_converged() -> None:
    demo = InitCompareDemo(left="zeros")
    for _ in range(50):
        demo.step()
    assert demo.stationary("left") and not demo.moved("left")
    assert demo.accuracy("left") == pytest.approx(0.5)
    frame = demo.frame()
    assert "zeros: stationary point" in frame.panels[0].title and "stationary" in frame.status
    assert "converged" not in frame.status
    assert "stationary point" in demo.summary() and "converged" not in demo.summary()
    demo.act("init")
    assert demo.left == "constant" and demo.iteration == 0 and not demo.stationary("left")


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
    assert demo.init == "constant"
    for _ in range(50):
        demo.step()
    assert np.all(demo.params["W1"][0] == demo.params["W1"])  # units identical, and moving
    assert not np.all(demo.params["W1"] == 0.01) and "identical" in demo.frame().panels[0].body
    demo.act("init")
    assert demo.init == "zeros" and demo.finished and demo.stationary and not demo.step()
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


def test_network_demo_reports_held_out_accuracy_and_the_baseline_from_the_engine() -> None:
    demo = NetworkDemo()
    split = holdout_split(*flower(400), held_out=0.25, seed=0)
    np.testing.assert_array_equal(demo.X, split.X_train)
    base = logistic_baseline(split)
    assert demo.baseline == base and 0.4 < base.train_accuracy < 0.65
    frame = demo.frame()
    assert "iteration 0" in frame.panels[0].body and "accident" in frame.panels[0].body
    for _ in range(1000):
        demo.step()
    frame = demo.frame()
    held = demo.held_out_accuracy()
    assert f"held-out {held:.1%}" in frame.status and f"train {demo.accuracy():.1%}" in frame.status
    assert f"train {base.train_accuracy:.1%}" in frame.panels[0].body
    assert f"held-out {base.held_out_accuracy:.1%}" in frame.panels[0].body
    assert held > base.held_out_accuracy + 0.2  # what the hidden layer buys
    assert f"held-out {held:.1%}" in demo.summary()


def test_zero_start_in_the_network_demo_is_a_stationary_point_not_converged() -> None:
    demo = NetworkDemo(init="zeros")
    assert demo.stationary and demo.finished and not demo.step()
    frame = demo.frame()
    assert "stationary point" in frame.panels[0].body
    assert "stationary point" in demo.summary() and "converged" not in demo.summary()


def test_relu_with_few_units_gets_a_word_on_stalling() -> None:
    demo = NetworkDemo(activation="relu", n1=4)
    for _ in range(300):
        demo.step()
    note = demo.frame().panels[0].body
    assert "ReLU, 4 units" in note
    assert demo.dead_units() == int(
        np.sum(np.all(demo.params["W1"] @ demo.X + demo.params["b1"] <= 0, axis=1))
    )
    assert all(len(line) <= MAX_WIDTH for line in note.splitlines())


def test_sweep_demo_fills_its_table_from_the_engine_a_slice_at_a_time() -> None:
    demo = SweepDemo(sizes=(1, 4), iterations=200)
    assert demo.live and not demo.finished and demo.iteration == 0
    first = demo.frame().panels[0].body
    assert "logistic regression" in first and "training: iteration 0 of 200" in first
    steps = 0
    while demo.step():
        steps += 1
        assert demo.iteration <= 20 * steps  # never more than a slice per step
    assert demo.finished and steps >= 20
    expected = HiddenSizeSweep(demo.split, (1, 4), iterations=200, seed=2).run()
    assert demo.sweep.results == expected  # the same numbers, however it was sliced
    body = demo.frame().panels[0].body
    for score in expected:
        assert f"{score.train_accuracy:6.1%}     {score.held_out_accuracy:6.1%}" in body
    assert demo.summary() == demo.verdict() and "hidden units already reach" in demo.summary()
    assert all(len(line) <= MAX_WIDTH for line in body.splitlines())
    demo.reset()
    assert demo.iteration == 0 and not demo.finished
