"""Lesson 1 driven as a learner drives it: every step, the live demos by single steps, the
divergence of a too-large α, every quiz answered (after a sign error), and the lesson completed."""

from __future__ import annotations

import re

from textual.widgets import Input

from engine.costs import CONVEX, logistic_cost_2d
from engine.runner import Outcome, descent_1d, descent_2d
from lessons import find_lesson
from lessons.demos.descent1d import Descent1DDemo, LearningRateDemo, update_line
from lessons.demos.descent2d import Descent2DDemo
from lessons.model import DemoStep, QuizStep
from lessons.quiz import Question
from tests.pilot import answer_text, card, demo_view, feedback, go_to, right_answer, type_in
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.screens.help import HelpScreen
from tutor.widgets.charts import ChartView
from tutor.widgets.demo_view import DemoView

LESSON = find_lesson("1")
SLUG = LESSON.slug


def sign_error(question: Question) -> tuple[str, str] | None:
    """What a learner with the sign the wrong way round types, and the message it must get."""
    for mistake in question.mistakes:
        if mistake.key == "sign":
            return answer_text(question, mistake.value, decimals=4), mistake.message
    return None


def charts(view: DemoView) -> list[ChartView]:
    return list(view.query(ChartView))


async def test_live_descent_advances_by_single_steps_like_the_engine() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "descent-1d")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, Descent1DDemo) and not view.playing
        records = descent_1d(CONVEX, 4.0, 0.1).take(4)
        assert "next: w := 4.00 − 0.10 × 4.00 = 3.60" in screen_text(app)
        for k in (1, 2, 3):
            await pilot.press("s")
            before, now = records[k - 1], records[k]
            assert demo.iteration == k and demo.w == now.params["w"]
            line = update_line("w", before.params["w"], 0.1, before.slope, now.params["w"])
            shown = screen_text(app)
            assert f"step {k}: {line}" in shown
            assert f"iteration {k} · w = " in shown
            curve, history = (chart.chart for chart in charts(view))
            assert curve is not None and history is not None
            point = next(s for s in curve.series if s.style == "marker")
            assert list(point.x) == [now.params["w"]]
            assert list(history.series[0].y) == [r.cost for r in records[: k + 1]]
            assert list(history.series[1].y) == [r.slope for r in records[: k + 1]]
        assert "positive → w steps left" in screen_text(app)
        await pilot.press("left_square_bracket")
        assert demo.w0 == 0.0 and demo.iteration == 0
        assert "negative → w steps right" in screen_text(app)
        await pilot.press("plus")
        assert demo.alpha == 0.2
        assert "α = 0.20" in screen_text(app)


async def test_too_large_alpha_reports_divergence_and_the_app_still_answers() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "learning-rate")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, LearningRateDemo)
        await pilot.press("3")
        assert demo.alpha == 1.1 and demo.iteration == 0
        engine = descent_1d(CONVEX, 4.0, 1.1, max_iterations=200)
        engine.run()
        while demo.iteration < engine.stopped_at - 1:  # type: ignore[operator]
            demo.step()
        await pilot.press("s")  # the step that diverges, from the keyboard
        assert demo.outcome is Outcome.DIVERGED and demo.finished
        shown = screen_text(app)
        assert f"diverged at iteration {engine.stopped_at}" in shown
        assert "nan" not in shown.lower()
        await pilot.press("s")  # nothing more to do: the run stays stopped
        assert demo.iteration == engine.stopped_at
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("2")
        assert demo.alpha == 0.3 and demo.outcome is Outcome.RUNNING


async def test_two_parameter_demo_shows_both_updates() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "two-parameters")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, Descent2DDemo)
        first, second = descent_2d(logistic_cost_2d(), -4.0, 4.0, 1.0).take(2)
        await pilot.press("s")
        shown = screen_text(app)
        for name in ("w", "b"):
            line = update_line(
                name, first.params[name], 1.0, first.grads["d" + name], second.params[name]
            )
            assert line in shown
        assert demo.wb == (second.params["w"], second.params["b"])
        plane = charts(view)[0].chart
        assert plane is not None and plane.shading is not None  # the bands of equal cost
        assert plane.shading.values.size > 1000


async def test_whole_lesson_quizzes_and_completion() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True, seed=5)
    async with app.run_test(size=(100, 30)) as pilot:
        for index, step in enumerate(LESSON.steps):
            assert app.screen.index == index
            assert step.title.split()[0] in screen_text(app)
            if isinstance(step, QuizStep):
                session = card(app).session
                while session.current is not None:
                    question = session.current
                    wrong = sign_error(question)
                    if wrong is not None:
                        typed, message = wrong
                        await type_in(pilot, typed)
                        assert " ".join(message.split())[:40] in feedback(app, fold=True), (
                            question.label
                        )
                        assert session.current is question
                    await type_in(pilot, right_answer(question, decimals=4))
                assert step.id in app.progress.completed_steps(SLUG)
                if isinstance(app.focused, Input):
                    await pilot.press("escape")
            elif isinstance(step, DemoStep):
                view = demo_view(app)
                assert not view.playing
                iteration = view.demo.iteration  # type: ignore[attr-defined]
                await pilot.press("s")
                assert view.demo.iteration == iteration + 1  # type: ignore[attr-defined]
                assert re.search(r"iteration \d+", screen_text(app))
            await pilot.press("n")
        assert set(app.progress.completed_steps(SLUG)) == {s.id for s in LESSON.steps}
        assert "Lesson 1 complete" in " ".join(str(n.message) for n in app._notifications)
