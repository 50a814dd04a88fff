"""Lesson 1 as data: every syllabus concept in lecture order, short step texts, checked quizzes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from engine import answers
from engine.costs import CONVEX, NON_CONVEX
from engine.gradcheck import numerical_derivative
from lessons import find_lesson
from lessons.demo import Demo
from lessons.lesson1 import LESSON, quizzes
from lessons.model import DemoStep, QuizStep
from lessons.quiz import grade, quiz_problems

SYLLABUS = Path(__file__).resolve().parents[3] / "shared" / "SYLLABUS.md"
INTERACTIVE = {"GD-3", "GD-4", "GD-5", "GD-6", "GD-7", "GD-8", "GD-9"}
SEEDS = range(40)


def syllabus_ids() -> list[str]:
    if SYLLABUS.exists():
        return re.findall(r"^- (GD-\d+)", SYLLABUS.read_text(encoding="utf-8"), re.M)
    return [f"GD-{i}" for i in range(1, 11)]


def test_every_concept_is_taught_in_lecture_order() -> None:
    assert find_lesson("1") is LESSON
    assert list(LESSON.syllabus) == syllabus_ids() == [f"GD-{i}" for i in range(1, 11)]
    for concept in INTERACTIVE:
        assert any(
            concept in step.syllabus and isinstance(step, DemoStep | QuizStep)
            for step in LESSON.steps
        ), concept


def test_demo_and_quiz_texts_are_short_and_step_ids_unique() -> None:
    assert len({step.id for step in LESSON.steps}) == len(LESSON.steps)
    for step in LESSON.steps:
        assert step.text.startswith("# ")
        if isinstance(step, DemoStep | QuizStep):
            assert len(step.text.splitlines()) <= 8, step.id


def test_every_demo_step_builds_steps_and_draws() -> None:
    for step in LESSON.steps:
        if isinstance(step, DemoStep):
            demo = step.make_demo()
            assert isinstance(demo, Demo) and demo.live
            assert not demo.finished
            keys = [c.key for c in demo.controls]
            assert not set(keys) & set("srnpqhxf") and "space" not in keys
            if getattr(demo, "waiting_for_prediction", False):
                assert not demo.step()  # a demo that asks first waits for the prediction
                assert "Predict first" in demo.frame().panels[0].body
                demo.act("predict_1")
            assert demo.step()
            frame = demo.frame()
            assert frame.charts and frame.panels and frame.status


#: The quiz of each quiz step, as the lesson's manifest declares it.
SPECS = {
    name: next(s.quiz for s in LESSON.steps if isinstance(s, QuizStep) and s.id == f"{name}-quiz")
    for name in ("pictures", "slope", "direction", "update", "notation")
}


def draw(spec, seed: int):
    return spec.draw(np.random.default_rng(seed))


def numbers(cls, seed: int):
    return cls.draw(np.random.default_rng(seed))


def correct(question, typed: str) -> None:
    feedback = grade(question, typed)
    assert feedback.status == "correct", (question.label, typed, feedback)


def diagnosed(question, typed: str, key: str) -> None:
    feedback = grade(question, typed)
    assert (feedback.status, feedback.mistake) == ("mistake", key), (question.label, typed)


def test_slope_quiz_over_many_seeds() -> None:
    for seed in SEEDS:
        nums = numbers(quizzes.SlopeNumbers, seed)
        quiz = quizzes.slope_quiz(nums)
        if quiz_problems(quiz):
            continue  # the draw loop would draw again
        slope, height = quiz.parts
        twin = numerical_derivative(nums.J, nums.w)
        assert float(slope.expected) == pytest.approx(twin, rel=1e-6)
        assert slope.twin == pytest.approx(twin)
        assert nums.formula() in quiz.intro and f"w = {quizzes.n(nums.w)}" in slope.prompt
        correct(slope, f"2*{nums.a}*({nums.w}-({nums.c}))")
        correct(slope, answers.format_number(float(slope.expected), 3))
        diagnosed(slope, answers.format_number(-float(slope.expected), 4), "sign")
        correct(height, f"2*{nums.a}*({nums.w}-({nums.c}))*{nums.width}")
        diagnosed(height, answers.format_number(-float(height.expected), 4), "sign")
        assert quizzes.n(nums.w) in slope.hints[1] and quizzes.n(nums.a) in slope.hints[1]
        assert quizzes.n(float(slope.expected)) in slope.solution
        # every symbol a hint or a diagnosis names is on screen before it is used
        for symbol in (f"a = {quizzes.n(nums.a)}", f"c = {quizzes.n(nums.c)}", "a·(w − c)² + k"):
            assert symbol in quiz.intro
        assert "− 0)" not in quiz.intro and "+ 0" not in quiz.intro
        figure = quiz.figure or ""
        assert "●" in figure and "·" in figure and "│" in figure and "─" in figure
        assert max(len(line) for line in figure.splitlines()) <= 76


def test_slope_quiz_step_states_the_rule_it_asks_for() -> None:
    step = LESSON.steps[LESSON.step_index("slope-quiz")]
    assert "dJ/dw = 2·a·(w − c)" in step.text and "a·(w − c)² + k" in step.text
    assert "tangent" in step.text and "triangle" in step.text
    quiz = draw(SPECS["slope"], 0)
    assert "2·a·(w − c)" in quiz.parts[0].hints[0]


def test_slope_quiz_formula_never_shows_a_zero_shift_or_constant() -> None:
    plain = quizzes.SlopeNumbers(2.0, 0.0, 3.0, 1.5, 0.1)
    assert plain.formula() == "J(w) = 2·w² + 3"
    assert quizzes.SlopeNumbers(1.0, -2.0, 0.0, 1.0, 0.1).formula() == "J(w) = (w + 2)²"
    figure = quizzes.tangent_figure(plain).splitlines()
    # the rise of the one-unit triangle sits one unit from w, on the uphill side
    assert "● at w = 1.5" in figure[-2]


def test_lesson_texts_fix_the_wording_the_issue_found() -> None:
    texts = {step.id: step.text for step in LESSON.steps}
    assert "each time lower" not in texts["update-rule"]
    assert "The amount w is updated by is stored in" not in texts["notation"]
    assert "stored in **`dw`**" in texts["notation"]
    assert "convex" in texts["convex-cost"] and "one reason" in texts["convex-cost"]
    assert "Logistic regression's cost" in texts["starts"]
    assert "cost on the same 20 examples" in texts["two-parameters"]
    direction = draw(SPECS["direction"], 0).parts[0]
    stay = next(m for m in direction.mistakes if m.key == "stay")
    assert "top of a hill" in stay.message
    pictures = draw(SPECS["pictures"], 0).parts[1]
    assert pictures.mistakes[0].message.startswith("That can happen on")


def test_direction_quiz_over_many_seeds() -> None:
    seen = set()
    for seed in SEEDS:
        nums = numbers(quizzes.DirectionNumbers, seed)
        quiz = quizzes.direction_quiz(nums)
        if quiz_problems(quiz):
            continue  # the draw loop would draw again
        direction, change = quiz.parts
        slope = float(NON_CONVEX.dJ(nums.w))
        expected_way = "left" if slope > 0 else "right"
        seen.add(expected_way)
        assert direction.expected == expected_way
        correct(direction, str([k for k, _ in direction.choices].index(expected_way) + 1))
        diagnosed(direction, "right" if expected_way == "left" else "left", "sign")
        correct(change, f"-{nums.alpha}*({nums.slope})")
        diagnosed(change, answers.format_number(-float(change.expected), 4), "sign")
        assert np.sign(float(change.expected)) == -np.sign(slope)
        assert quizzes.n(nums.w) in quiz.intro
    assert seen == {"left", "right"}


def test_update_quiz_over_many_seeds() -> None:
    for seed in SEEDS:
        nums = numbers(quizzes.UpdateNumbers, seed)
        quiz = quizzes.update_quiz(nums)
        if quiz_problems(quiz):
            continue  # the draw loop would draw again
        dw, new_w = quiz.parts
        assert float(dw.expected) == pytest.approx(2 * (nums.w - 2))
        assert float(new_w.expected) == pytest.approx(nums.w - nums.alpha * 2 * (nums.w - 2))
        assert abs(float(new_w.expected) - 2.0) < abs(nums.w - 2.0)  # closer to the minimum
        correct(dw, f"2*({nums.w}-2)")
        correct(new_w, f"{nums.w} - {nums.alpha}*2*({nums.w}-2)")
        correct(new_w, answers.format_number(float(new_w.expected), 4))
        diagnosed(dw, answers.format_number(-float(dw.expected), 4), "sign")
        diagnosed(new_w, f"{nums.w} + {nums.alpha}*2*({nums.w}-2)", "sign")
        diagnosed(new_w, f"{nums.w} - 2*({nums.w}-2)", "no_alpha")
        assert quizzes.n(nums.alpha) in new_w.hints[1]
        assert quizzes.n(float(new_w.expected)) in new_w.solution
        assert CONVEX.J(float(new_w.expected)) < CONVEX.J(nums.w)


def test_notation_quiz_over_many_seeds() -> None:
    for seed in SEEDS:
        nums = numbers(quizzes.NotationNumbers, seed)
        quiz = quizzes.notation_quiz(nums)
        if quiz_problems(quiz):
            continue  # the draw loop would draw again
        *symbols, code = quiz.parts
        for part in symbols:
            two = "J(w, b)" in part.prompt
            assert part.expected == ("partial" if two else "d")
            correct(part, "2" if two else "1")
            diagnosed(part, "1" if two else "2", "symbol")
        assert code.expected == "d" + nums.param
        correct(code, "d" + nums.param)
        diagnosed(code, "db" if nums.param == "w" else "dw", "other")


def test_pictures_quiz_over_many_seeds() -> None:
    for seed in SEEDS:
        nums = numbers(quizzes.PicturesNumbers, seed)
        quiz = quizzes.pictures_quiz(nums)
        if quiz_problems(quiz):
            continue  # the draw loop would draw again
        which, starts = quiz.parts
        convex_key = "A" if nums.convex_is_a else "B"
        assert which.expected == convex_key
        assert quizzes.is_convex(nums.convex, -5, 5)
        assert not quizzes.is_convex(nums.wavy, -5, 5)
        assert quizzes.local_minima_count(nums.wavy, -5, 5) >= 2
        correct(which, convex_key)
        diagnosed(which, "B" if convex_key == "A" else "A", "non_convex")
        correct(starts, "1")
        diagnosed(starts, "2", "different")
        assert quiz.figure is not None
        lines = quiz.figure.splitlines()
        assert max(len(line) for line in lines) <= 76
        assert "A" in lines[0] and "B" in lines[0]


def test_fresh_numbers_each_draw() -> None:
    rng = np.random.default_rng(7)
    intros = {
        SPECS["slope"].draw(rng).intro + SPECS["slope"].draw(rng).parts[0].prompt for _ in range(10)
    }
    assert len(intros) > 5
