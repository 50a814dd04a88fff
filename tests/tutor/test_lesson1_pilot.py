"""Lesson 1 driven as a learner drives it: every step, the live demos by single steps, the
divergence of a too-large α, every quiz answered (after a sign error), and the lesson completed."""

from __future__ import annotations

import re

from textual.widgets import Input

from engine.compare import Behaviour
from engine.costs import CONVEX, logistic_cost_2d
from engine.runner import Outcome, descent_1d, descent_2d
from lessons import find_lesson
from lessons.demos.compare_alpha import AlphaComparisonDemo
from lessons.demos.descent1d import Descent1DDemo, update_line
from lessons.demos.descent2d import Descent2DDemo
from lessons.model import DemoStep, QuizStep
from lessons.quiz import Question
from tests.pilot import (
    answer_text,
    card,
    demo_view,
    feedback,
    go_to,
    panel_text,
    right_answer,
    type_in,
)
from tests.screen import screen_text
from tutor.app import GDTutorApp
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


async def test_live_descent_asks_for_a_prediction_then_steps_like_the_engine() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "descent-1d")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, Descent1DDemo) and not view.playing
        assert "Predict first: w₀ = 0 is left of the minimum" in panel_text(app)
        await pilot.press("s")  # no prediction yet: the run waits and says why
        assert demo.iteration == 0 and "predict first" in view.status_text()
        await pilot.press("1")  # "right"
        assert demo.predict is not None and demo.predict.choice == "right"
        records = descent_1d(CONVEX, 0.0, 0.1).take(4)
        assert "start: w₀ = 0.00, no step taken yet" in panel_text(app)
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
        assert "< 0 → next step goes right" in screen_text(app)
        view.advance(500)
        await pilot.pause()
        assert demo.finished and demo.predict.verdict is not None
        assert demo.predict.verdict.held
        assert "your prediction: right · ✓ held" in panel_text(app)
        assert "Your prediction held: “right”" in view.summary_text()
        await pilot.press("right_square_bracket")
        assert demo.w0 == 4.0 and demo.iteration == 0
        assert "> 0 → next step goes left" in screen_text(app)
        await pilot.press("plus")
        assert demo.alpha == 0.2
        assert "α = 0.20" in screen_text(app)


async def test_alpha_one_on_the_bowl_is_never_reported_converged() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await go_to(pilot, "descent-1d")
        view = demo_view(app)
        demo = view.demo
        await pilot.press("right_square_bracket", *["plus"] * 6)  # 0.1 → … → 1.0
        assert demo.alpha == 1.0 and demo.w0 == 4.0
        await pilot.press("s")
        assert "w := 4.00 − 1.00 × 4.00 = 0.00" in screen_text(app)
        assert "converged" not in screen_text(app)
        view.advance(1000)
        await pilot.pause()
        assert demo.finished and demo.outcome is Outcome.MAX_ITERATIONS
        shown = " ".join(screen_text(app).split())
        assert "converged" not in shown
        assert "jumped between 0.00 and 4.00 and never settled" in shown


async def test_three_alphas_prediction_is_recorded_and_judged() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, "learning-rate")
        view = demo_view(app)
        demo = view.demo
        assert isinstance(demo, AlphaComparisonDemo)
        assert "what will the run with α = 1.1 do?" in screen_text(app)
        await pilot.press("3")  # oscillates
        assert demo.predict is not None and demo.predict.choice == "oscillates"
        view.advance(1000)
        await pilot.pause()
        assert demo.finished
        assert demo.behaviours() == [Behaviour.CRAWLS, Behaviour.CONVERGES, Behaviour.DIVERGES]
        shown = " ".join(screen_text(app).split())
        assert "crawls: w = 2.60 after 200" in shown and "converges: w = 2.00 after 23" in shown
        assert "diverges at iteration 72" in shown
        assert "your prediction: oscillates · ½ partly right" in shown
        assert "Partly right: you predicted “oscillates”, it was “diverges”" in shown
        assert "nan" not in shown.lower()
        (attempt,) = [a for a in app.progress.attempts(SLUG) if a.part.startswith("prediction")]
        assert attempt.step == "learning-rate" and attempt.typed == "oscillates"
        assert attempt.value == "diverges" and attempt.verdict == "prediction partly held"
        await pilot.press("4")  # settled: a later key does not change the recorded prediction
        assert demo.predict.choice == "oscillates"


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
                if getattr(view.demo, "waiting_for_prediction", False):
                    await pilot.press("1")
                iteration = view.demo.iteration  # type: ignore[attr-defined]
                await pilot.press("s")
                assert view.demo.iteration == iteration + 1  # type: ignore[attr-defined]
                assert re.search(r"iteration \d+", screen_text(app))
            await pilot.press("n")
        assert set(app.progress.completed_steps(SLUG)) == {s.id for s in LESSON.steps}
        assert "Lesson 1 complete" in " ".join(str(n.message) for n in app._notifications)


NUMBER_TEXT = re.compile(r"(?<![\w.])[−-]?(\d+(?:\.\d+)?)(?:e[+−-]?\d+)?")


def significant_digits(text: str) -> int:
    """Significant digits of a number as written (trailing zeros after a point count)."""
    digits = text.replace(".", "").lstrip("0")
    return len(digits)


def too_precise(text: str) -> list[str]:
    """Every number on screen with more than 10 significant digits."""
    return [m.group(0) for m in NUMBER_TEXT.finditer(text) if significant_digits(m.group(1)) > 10]


UPDATE_ON_SCREEN = re.compile(
    r"(\w) := \(?(−?[\d.]+(?:e[+−]\d+)?)\)? − ([\d.]+) × \(?(−?[\d.]+(?:e[+−]\d+)?)\)? = "
    r"(−?[\d.]+(?:e[+−]\d+)?)"
)


def update_lines_add_up(text: str) -> int:
    """Every update line on screen: old − α × slope, redone exactly, gives the shown result."""
    from decimal import Decimal

    count = 0
    for match in UPDATE_ON_SCREEN.finditer(text):
        old, alpha, grad, new = (Decimal(g.replace("−", "-")) for g in match.groups()[1:])
        exponent = new.as_tuple().exponent
        assert isinstance(exponent, int)
        assert abs(old - alpha * grad - new) <= Decimal(5).scaleb(exponent - 1), match.group(0)
        count += 1
    return count


async def test_every_lesson1_screen_adds_up_and_shows_at_most_10_significant_digits() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True, seed=3)
    seen = []
    checked = 0
    async with app.run_test(size=(120, 40)) as pilot:
        for step in LESSON.steps:
            await pilot.pause()
            seen.append(screen_text(app))
            if isinstance(step, DemoStep):
                view = demo_view(app)
                if getattr(view.demo, "waiting_for_prediction", False):
                    await pilot.press("1")
                for _ in range(3):
                    await pilot.press("s")
                    await pilot.pause()
                    text = screen_text(app) + panel_text(app)
                    seen.append(text)
                    checked += update_lines_add_up(text)
                view.advance(10_000)
                await pilot.pause()
                text = screen_text(app) + panel_text(app) + view.summary_text()
                seen.append(text)
                checked += update_lines_add_up(text)
                for key in ("plus", "plus", "plus"):  # larger α: more digits for the slope
                    await pilot.press(key)
                    await pilot.press("s", "s")
                    await pilot.pause()
                    text = panel_text(app)
                    seen.append(text)
                    checked += update_lines_add_up(text)
            elif isinstance(step, QuizStep):
                session = card(app).session
                while session.current is not None:
                    question = session.current
                    seen.extend(question.hints)
                    seen.append(question.solution)
                    await type_in(pilot, right_answer(question, decimals=4))
                    seen.append(feedback(app))
                    seen.append(screen_text(app))
                if isinstance(app.focused, Input):
                    await pilot.press("escape")
            await pilot.press("n")
    assert checked > 20
    noisy = sorted({number for text in seen for number in too_precise(text)})
    assert noisy == []
