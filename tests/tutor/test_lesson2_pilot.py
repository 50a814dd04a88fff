"""Lesson 2 driven as a learner drives it: fill the graph forward and backward key by key, compute
every value in the quizzes (mistakes first), watch the single-example run, and finish the lesson."""

from __future__ import annotations

import re

from textual.widgets import Static

from engine.logistic import single_example
from engine.numfmt import fixed
from lessons import find_lesson
from lessons.demos.graph import BACKWARD, FORWARD, GraphDemo
from lessons.demos.logistic import LogisticDemo
from lessons.demos.single_example import SingleExampleDemo
from lessons.model import QuizStep
from tests.pilot import (
    answer_all,
    card,
    current,
    demo_view,
    feedback,
    go_to,
    panel_text,
    right_answer,
    type_in,
)
from tests.screen import screen_text
from tutor.app import GDTutorApp

LESSON = find_lesson("2")
SLUG = LESSON.slug
QUIZZES = [step.id for step in LESSON.steps if isinstance(step, QuizStep)]


async def test_the_graph_fills_forward_then_backward_with_the_engines_values() -> None:
    app = GDTutorApp(lesson="2", demos_start_paused=True)
    g = single_example(1.0, 2.0, 0.5, -0.3, 0.1, 1.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "forward-demo")
        demo = demo_view(app).demo
        assert isinstance(demo, GraphDemo)
        assert panel_text(app).count("?") == 3
        for name in FORWARD:
            await pilot.press("space")
            text = panel_text(app)
            assert f"│ {fixed(getattr(g, name), 3)} │" in text, name
            if name == "z":
                assert "= 0.5×1.0 + (−0.3)×2.0 + 0.1 = 0.0" in screen_text(app)
        assert "?" not in panel_text(app).splitlines()[2]
        assert demo.finished and "Forward pass done" in screen_text(app)

        await go_to(pilot, "backward-demo")
        demo = demo_view(app).demo
        for name in BACKWARD:
            assert f"{name}=" not in panel_text(app)
            await pilot.press("space")
            assert f"{name}={fixed(getattr(g, name), 3)}" in panel_text(app), name
            if name == "dz":
                shown = screen_text(app)
                assert "dL/dz = dL/da · da/dz" in shown and "a − y = 0.5 − 1 = −0.5" in shown
        assert demo.finished and "Backward pass done" in screen_text(app)


async def test_every_quiz_accepts_right_answers_diagnoses_mistakes_and_records_attempts() -> None:
    app = GDTutorApp(lesson="2", demos_start_paused=True, seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        for step_id in QUIZZES:
            await go_to(pilot, step_id)
            quiz = card(app).quiz
            assert quiz is not None and quiz.figure is not None
            assert quiz.figure.splitlines()[0] in screen_text(app)  # the graph is on screen
            typed = 0
            while card(app).session.current is not None:
                question = current(app)
                for mistake in question.mistakes:
                    await type_in(pilot, f"{float(mistake.value):.6g}", keys=False)  # type: ignore[arg-type]
                    assert " ".join(mistake.message.split()) in feedback(app, fold=True), (
                        mistake.key
                    )
                    assert current(app) is question
                    typed += 1
                await type_in(pilot, right_answer(question), keys=False)
                assert "Correct" in feedback(app, fold=True)
                typed += 1
            assert card(app).session.finished and card(app).session.mastered
            attempts = app.progress.attempts(SLUG, step_id)
            assert len(attempts) == typed
            assert {a.verdict for a in attempts} == {"mistake", "correct"}
            assert step_id in app.progress.completed_steps(SLUG)


async def test_an_expression_answer_is_read_and_an_invalid_one_costs_nothing() -> None:
    app = GDTutorApp(lesson="2", demos_start_paused=True, seed=9)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "backward-quiz")
        question = current(app)
        await type_in(pilot, "-y/a")
        assert app.progress.attempts(SLUG, "backward-quiz") == []
        assert current(app) is question
        g = question.expected
        await type_in(pilot, f"{float(g):.8f}*1", keys=False)  # type: ignore[arg-type]
        assert "Correct" in feedback(app, fold=True)
        assert current(app).label == "dz"


async def test_the_live_run_lowers_the_loss_and_updates_the_graph() -> None:
    app = GDTutorApp(lesson="2", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "single-run")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, SingleExampleDemo) and not view.playing
        start = demo.graph.L
        for _ in range(20):
            await pilot.press("s")
        assert demo.iteration == 20
        status = str(view.query_one("#demo-status", Static).render())
        match = re.search(r"L (\d\.\d{4})", status)
        assert match, status
        assert float(match.group(1)) < start - 0.3
        losses = demo.loss_history()
        assert (losses[1:] < losses[:-1]).all()
        assert f"w1 {demo.params['w1']:.3f}" in panel_text(app)

        await go_to(pilot, "m-demo")
        view = demo_view(app)
        logistic_demo = view.demo
        assert isinstance(logistic_demo, LogisticDemo)
        start = logistic_demo.cost
        view.advance(100)
        await pilot.pause()
        assert logistic_demo.cost < 0.5 * start
        assert "accuracy" in screen_text(app)


async def test_walking_the_lesson_marks_it_complete() -> None:
    app = GDTutorApp(lesson="2", demos_start_paused=True, seed=3)
    async with app.run_test(size=(100, 30)) as pilot:
        for step in LESSON.steps:
            assert app.screen.step.id == step.id
            if isinstance(step, QuizStep):
                await answer_all(pilot, keys=False)
                card(app).focus_card()
            await pilot.press("n")
        assert app.progress.completed_steps(SLUG) == {step.id for step in LESSON.steps}
        assert any("Lesson 2 complete" in n.message for n in app._notifications)
