"""Lesson 3 driven as a learner drives it: type shapes and gradient entries, step the matrices,
train the network by steps, and finish the lesson."""

from __future__ import annotations

import re

import numpy as np
from textual.widgets import Input, Static

from engine import network
from lessons import find_lesson
from lessons.demos.init_compare import InitCompareDemo
from lessons.demos.network import NetworkDemo
from lessons.demos.staged_network import DECIMALS, StagedNetworkDemo, matrix_lines
from lessons.model import DemoStep, QuizStep
from tests.pilot import answer_all, card, current, demo_view, feedback, go_to, right_answer, type_in
from tests.screen import screen_text
from tutor.app import GDTutorApp

LESSON = find_lesson("3")
SLUG = LESSON.slug


async def test_shape_drill_accepts_right_shapes_and_names_transposes() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True, seed=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "parameter-shapes")
        question = current(app)
        assert question.label == "W1"
        rows, cols = question.expected  # type: ignore[misc]
        await type_in(pilot, f"({cols}, {rows})")
        assert "transposed" in feedback(app)
        assert current(app) is question
        await type_in(pilot, f"({rows}, {cols})")
        assert current(app).label == "b1"
        await answer_all(pilot, decimals=4, numpy_shape=True)
        assert "parameter-shapes" in app.progress.completed_steps(SLUG)


async def test_staged_forward_matrices_match_the_engine() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "forward")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, StagedNetworkDemo)
        _, cache = network.forward(demo.batch.params, demo.batch.X)
        for name in ("Z1", "A1", "Z2", "A2"):
            await pilot.press("space")
            shown = screen_text(app)
            assert f"{name} = " in shown
            assert all(line in shown for line in matrix_lines(cache[name], DECIMALS)), name
            if name == "Z1":  # X, W1, b1 and Z1 each with its own shape beside its name
                for caption in ("W1 (4, 2)", "X (2, 5)", "b1 (4, 1)", "Z1 (4, 5)"):
                    assert caption in shown, caption
        assert demo.finished


async def test_staged_backward_shows_shapes_and_the_selected_slope() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await go_to(pilot, "backward-hidden")
        demo = demo_view(app).demo
        assert isinstance(demo, StagedNetworkDemo)
        await pilot.press("space")
        shown = screen_text(app)
        for caption in (
            "W2ᵀ (4, 1)",
            "dZ2 (1, 5)",
            "W2ᵀ·dZ2 (4, 5)",
            "1 − A1² (4, 5)",
            "dZ1 (4, 5)",
        ):
            assert caption in shown, caption
        await pilot.press("a")  # σ as the hidden activation: its slope in the same stage
        assert demo.activation == "sigmoid" and "A1(1 − A1) (4, 5)" in screen_text(app)
        await pilot.press("space")
        assert "Xᵀ (5, 2)" in screen_text(app) and "dW1 (4, 2)" in screen_text(app)


async def test_constant_start_units_stay_identical_after_100_steps_in_the_app() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, "zeros-vs-random")
        demo = demo_view(app).demo
        assert isinstance(demo, InitCompareDemo)
        start = demo.params("left")["W1"].copy()
        for _ in range(99):
            demo.step()
        await pilot.press("s")
        assert demo.iteration == 100
        W1 = demo.params("left")["W1"]
        assert np.all(W1[0] == W1) and not np.array_equal(W1, start)
        shown = screen_text(app)
        assert "constant: units identical, moving" in shown and "unit 0" in shown
        assert "random: units differ" in shown
        await pilot.press("i")  # zeros on the left: a stationary point, never "converged"
        await pilot.press("s")
        shown = screen_text(app)
        assert "stationary point" in shown and "converged" not in shown


async def test_entry_quizzes_accept_right_answers_and_diagnose_mistakes() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True, seed=11)
    async with app.run_test(size=(100, 30)) as pilot:
        for step_id in ("output-gradients", "hidden-delta", "hidden-gradients"):
            await go_to(pilot, step_id)
            figure = screen_text(app)
            assert "⎡" in figure  # the matrices the learner needs are on screen
            while card(app).session.current is not None:
                question = current(app)
                for mistake in question.mistakes[:2]:
                    await type_in(pilot, f"{float(mistake.value):.5g}")  # type: ignore[arg-type]
                    assert mistake.message[:40] in feedback(app).replace("\n", " "), mistake.key
                await type_in(pilot, right_answer(question, decimals=4, numpy_shape=True))
            assert card(app).session.finished


async def test_live_training_by_steps_lowers_cost_and_raises_accuracy() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "train")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, NetworkDemo) and not view.playing
        start_cost, start_accuracy = demo.cost, demo.accuracy()
        for _ in range(800):
            demo.step()
        await pilot.press("s")  # one more step from the keyboard, and a redraw
        status = str(view.query_one("#demo-status", Static).render())
        match = re.search(r"cost (\d\.\d+) · train (\d+\.\d)% · held-out (\d+\.\d)%", status)
        assert match, status
        assert float(match.group(1)) < start_cost - 0.2
        assert float(match.group(2)) / 100 > start_accuracy + 0.3
        held = float(match.group(3)) / 100
        assert held == round(demo.held_out_accuracy(), 3) and held > demo.baseline.held_out_accuracy
        assert f"{demo.baseline.train_accuracy:.1%}" in screen_text(app)  # the baseline beside it
        await pilot.press("plus")
        assert demo.alpha == 2.4


async def test_the_whole_lesson_is_marked_complete() -> None:
    app = GDTutorApp(lesson="3", demos_start_paused=True, seed=2)
    async with app.run_test(size=(100, 30)) as pilot:
        for index, step in enumerate(LESSON.steps):
            assert app.screen.index == index
            if isinstance(step, QuizStep):
                await answer_all(pilot, decimals=4, numpy_shape=True)
                assert step.id in app.progress.completed_steps(SLUG)
                if isinstance(app.focused, Input):
                    await pilot.press("escape")  # leave the answer box: n is the lesson's key

            elif isinstance(step, DemoStep):
                view = demo_view(app)
                if not view.demo.live:
                    while not view.demo.finished:
                        await pilot.press("space")
            await pilot.press("n")
        assert set(app.progress.completed_steps(SLUG)) == {s.id for s in LESSON.steps}
        assert "Lesson 3 complete" in " ".join(str(n.message) for n in app._notifications)
