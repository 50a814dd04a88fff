"""Lesson 3 driven as a learner drives it: type shapes and gradient entries, step the matrices,
train the network by steps, and finish the lesson."""

from __future__ import annotations

import re

from textual.widgets import Input, Static

from engine import network
from lessons import find_lesson
from lessons.demos.network import NetworkDemo
from lessons.demos.staged_network import StagedNetworkDemo, matrix_lines
from lessons.model import DemoStep, QuizStep
from tests.pilot import (
    answer_all,
    card,
    current,
    demo_view,
    feedback,
    finish_demo,
    go_to,
    right_answer,
    type_in,
)
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
            assert any(
                all(line in shown for line in matrix_lines(cache[name], d)) for d in (3, 2)
            ), name
        assert demo.finished


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
        match = re.search(r"cost (\d\.\d+) · accuracy (\d+\.\d)%", status)
        assert match, status
        assert float(match.group(1)) < start_cost - 0.2
        assert float(match.group(2)) / 100 > start_accuracy + 0.3
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
                await finish_demo(pilot)
            await pilot.press("n")
        assert set(app.progress.completed_steps(SLUG)) == {s.id for s in LESSON.steps}
        assert "Lesson 3 complete" in " ".join(str(n.message) for n in app._notifications)
