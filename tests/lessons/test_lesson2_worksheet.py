"""Issue 17: lesson 2 graph as the worksheet, nudges, the update's effect, the bridge demo."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import logistic
from engine.numfmt import fixed
from lessons.demos.bridge import BridgeDemo
from lessons.demos.graph import ASKING, GraphDemo, draw_example
from lessons.demos.single_example import SingleExampleDemo
from lessons.lesson2 import LESSON, quizzes
from lessons.quiz import QuizSession, QuizSpec
from tests.pilot import card, card_text, type_in
from tests.tutor.test_quiz_card import QuizApp
from tutor.progress import ProgressStore


def step(step_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in LESSON.steps if s.id == step_id)


def nearby(value: float) -> str:
    """A right answer that is not the engine's exact number (within the 1 % tolerance)."""
    return repr(round(value * 1.004, 6))


@pytest.mark.parametrize("step_id", ["forward-quiz", "backward-quiz"])
async def test_each_correct_part_fills_its_box_with_the_learners_value(step_id: str) -> None:
    app = QuizApp(ProgressStore(None), step(step_id))
    async with app.run_test(size=(100, 40)) as pilot:
        quiz = card(app).quiz
        assert quiz is not None
        for part in quiz.parts:
            label = part.label
            figure = card_text(app, "#quiz-figure")
            assert f"{ASKING}?" in figure or f"{ASKING}{label}=?" in figure  # marked, not colour
            typed = nearby(float(part.expected))
            await type_in(pilot, typed)
            figure = card_text(app, "#quiz-figure")
            mine = float(typed)
            assert fixed(mine, 3) in figure or fixed(mine, 4) in figure, (label, figure)
            assert f"{ASKING}{label}=?" not in figure
        assert ASKING not in card_text(app, "#quiz-figure")  # nothing left to ask


def test_session_figure_keeps_the_learners_values_across_a_save() -> None:
    quiz = QuizSpec(quizzes.forward_quiz).draw(np.random.default_rng(5))
    session = QuizSession(quiz)
    typed = nearby(float(quiz.parts[0].expected))
    session.submit(typed)
    restored = QuizSession.from_state(quiz, session.to_state())
    assert restored.figure() == session.figure()
    assert fixed(float(typed), 3) in (restored.figure() or "")


def test_a_nudge_changes_L_by_the_derivative_times_eps_to_second_order() -> None:
    rng = np.random.default_rng(17)
    for _ in range(200):
        g = draw_example(rng).graph()
        for name in logistic.NUDGEABLE:
            for eps in (1e-2, -1e-2, 1e-3):
                n = logistic.nudge(g, name, eps)
                # |ΔL − dL·ε| ≤ ½·max|L''|·ε², L'' ≤ (local slope)²/4 for the logistic loss
                slope = {"w1": g.x1, "w2": g.x2, "b": 1.0, "x1": g.w1, "x2": g.w2}[name]
                assert abs(n.delta - n.predicted) <= 0.5 * slope**2 / 4 * eps**2 + 1e-12
                assert n.central == pytest.approx(n.predicted, abs=slope**2 * eps**2)
                assert n.after == pytest.approx(n.before + n.delta)


def test_the_graph_demo_nudge_keys_show_delta_L_beside_the_prediction() -> None:
    demo = GraphDemo(first="L", last="db")
    while demo.step():
        pass
    demo.act("nudge_up")
    body = demo.frame().panels[0].body
    n = logistic.nudge(demo.graph, "w1", GraphDemo.EPS)
    assert f"ΔL = {fixed(n.delta, 6)}" in body and fixed(n.predicted, 6) in body
    demo.act("choose_input")
    demo.act("nudge_down")
    assert demo.last_nudge is not None and demo.last_nudge.name == "w2"
    assert demo.last_nudge.eps == -GraphDemo.EPS


def test_the_nudge_quiz_accepts_the_prediction_and_the_true_change() -> None:
    rng = np.random.default_rng(3)
    for _ in range(60):
        quiz = QuizSpec(quizzes.nudge_quiz).draw(rng)
        [part] = quiz.parts
        intro_name = next(n for n in ("w1", "w2", "b") if f"**{n}**" in quiz.intro)
        session = QuizSession(quiz)
        assert session.figure() is not None and "ΔL = ?" in (session.figure() or "")
        # The true ΔL (forward pass again) is also within the tolerance of the prediction.
        e_true = None
        for line in (quiz.figure or "").splitlines():
            if line.startswith("▸"):
                e_true = line
        assert e_true is not None and intro_name in e_true
        assert session.submit(repr(part.expected)).feedback.status == "correct"
        assert "true ΔL" in (session.figure() or "")


def test_the_update_quiz_shows_L_before_and_after_as_the_engine_computes() -> None:
    rng = np.random.default_rng(8)
    for _ in range(30):
        quiz = QuizSpec(quizzes.update_quiz).draw(rng)
        session = QuizSession(quiz)
        assert "L " not in (session.figure() or "").split("\n")[-1]
        for part in quiz.parts:
            session.submit(repr(part.expected))
        last_lines = (session.figure() or "").splitlines()[-2]
        # Recompute the step independently of the quiz from the figure's intro numbers.
        alpha = float(quiz.intro.split("α = ")[1].split("**")[0])
        assert alpha in quizzes.ALPHAS
        assert "→" in last_lines and last_lines.startswith("Forward again")
        before, after = (float(s.replace("−", "-")) for s in last_lines.split("L ")[1].split(" → "))
        assert after < before  # one step on one example with these α always goes downhill


def test_one_example_is_fitted_while_two_opposite_ones_keep_J_above_zero() -> None:
    demo = BridgeDemo()
    while demo.step():
        pass
    assert demo.one_loss < 1e-3
    assert demo.dz_kept_its_sign
    assert demo.pair_cost > 0.69 and demo.pair_cost == pytest.approx(math.log(2), abs=1e-3)
    demo.act("alpha_down")
    assert demo.iteration == 0 and len(demo.one) == 1  # new α, both runs again


def test_no_draw_in_2000_has_a_feature_equal_to_its_weight() -> None:
    rng = np.random.default_rng(2000)
    for _ in range(2000):
        e = draw_example(rng)
        assert e.x1 != e.w1 and e.x2 != e.w2


def test_after_a_run_ends_changing_alpha_runs_again_so_title_and_curves_agree() -> None:
    demo = SingleExampleDemo(alpha=5.0)
    while demo.step():
        pass
    demo.act("alpha_down")
    assert demo.iteration == 0 and demo.run.alpha == demo.alpha == 2.0
    assert "α = 2" in demo.frame().panels[0].title


def test_forward_quiz_diagnoses_a_sign_flipped_z_and_da_hint_names_the_surviving_term() -> None:
    rng = np.random.default_rng(4)
    for _ in range(20):
        quiz = QuizSpec(quizzes.forward_quiz).draw(rng)
        z = quiz.parts[0]
        assert any(m.key == "sign" and m.value == -z.expected for m in z.mistakes)
        back = QuizSpec(quizzes.backward_quiz).draw(rng)
        hint = back.parts[0].hints[0]
        assert "drops out" in hint and "−y/a + (1 − y)/(1 − a)" not in hint
