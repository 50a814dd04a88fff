"""Lesson 2's content: every syllabus concept in order, and quizzes the engine can stand behind.

The quizzes are drawn over many seeds: each must agree with its numerical twin, accept the right
answer typed rounded or as an expression, and name every listed mistake when it is typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pytest

from engine import logistic
from engine.answers import format_number
from lessons import find_lesson
from lessons.demo import Demo
from lessons.demos.graph import MAX_WIDTH, Example, draw_example, widest
from lessons.lesson2 import quizzes
from lessons.model import DemoStep, QuizStep, TextStep
from lessons.quiz import Question, Quiz, grade, quiz_problems, twin_agrees

LESSON = find_lesson("2")
SYLLABUS = tuple(f"LR-{i}" for i in range(1, 9))
INTERACTIVE = {"LR-2", "LR-3", "LR-4", "LR-5", "LR-6", "LR-7"}
SEEDS = range(150)

Generate = Callable[[np.random.Generator], Quiz]


def test_every_concept_is_taught_in_lecture_order() -> None:
    assert LESSON.syllabus == SYLLABUS
    positions = [
        SYLLABUS.index(concept)
        for step in LESSON.steps
        for concept in step.syllabus
        if concept in SYLLABUS
    ]
    firsts = [positions.index(i) for i in range(len(SYLLABUS))]
    assert firsts == sorted(firsts)


def test_interactive_concepts_have_a_demo_or_a_quiz() -> None:
    for concept in INTERACTIVE:
        kinds = {type(step) for step in LESSON.steps if concept in step.syllabus}
        assert kinds & {DemoStep, QuizStep}, concept


def test_step_texts_are_ours_and_short_where_an_activity_needs_room() -> None:
    lecture = open_lecture()
    for step in LESSON.steps:
        assert step.text.startswith("# ")
        if not isinstance(step, TextStep):
            assert len(step.text.splitlines()) <= 8, step.id
        for sentence in re.split(r"(?<=[.:])\s+", step.text):
            words = sentence.split()
            if len(words) >= 8:
                assert " ".join(words) not in lecture, sentence
    ids = [step.id for step in LESSON.steps]
    assert len(ids) == len(set(ids))


def open_lecture() -> str:
    from pathlib import Path

    shared = Path(__file__).resolve().parents[3] / "shared"
    path = shared / "lectures" / "2-logistic-regression-gradient-descent-C1W2L09.txt"
    return " ".join(path.read_text(encoding="utf-8").split()) if path.exists() else ""


def test_demo_steps_build_fresh_demos() -> None:
    for step in LESSON.steps:
        if isinstance(step, DemoStep):
            first, second = step.make_demo(), step.make_demo()
            assert isinstance(first, Demo) and first is not second
            assert first.frame() is not None


# -- quizzes --------------------------------------------------------------------------------------


def rounded(x: float) -> str:
    """The answer as a learner types it after rounding to three significant figures."""
    return f"{x:.3g}"


def z_expression(e: Example) -> str:
    return f"({e.w1})*({e.x1}) + ({e.w2})*({e.x2}) + ({e.b})"


def expressions(e: Example, alpha: float | None = None) -> dict[str, str]:
    """Each answer written as a learner may type it: the formula with the numbers put in."""
    z = z_expression(e)
    a = f"sigmoid({z})"
    y = int(e.y)
    return {
        "z": z,
        "a": a,
        "L": f"-log({a})" if y == 1 else f"-ln(1 - {a})",
        "da": f"-{y}/{a} + {1 - y}/(1 - {a})",
        "dz": f"{a} - {y}",
        "dw1": f"({e.x1})*({a} - {y})",
        "dw2": f"({e.x2})*({a} - {y})",
        "db": f"{a} - {y}",
        "w1 after the step": f"{e.w1} - {alpha}*({e.x1})*({a} - {y})",
        "b after the step": f"{e.b} - {alpha}*({a} - {y})",
    }


def fit_draws(generate: Generate) -> list[tuple[Quiz, Example, float | None]]:
    """Draws the quiz card would show, each with the example it was drawn from."""
    kept = []
    for seed in SEEDS:
        quiz = generate(np.random.default_rng(seed))
        replay = np.random.default_rng(seed)
        example = draw_example(replay)
        alpha = None
        if generate is quizzes.update_quiz:
            alpha = float(quizzes.ALPHAS[int(replay.integers(len(quizzes.ALPHAS)))])
        if not quiz_problems(quiz):
            kept.append((quiz, example, alpha))
    assert len(kept) >= len(SEEDS) // 2
    return kept


GENERATORS = {
    "forward": (quizzes.forward_quiz, ("z", "a", "L")),
    "backward": (quizzes.backward_quiz, ("da", "dz", "dw1", "dw2", "db")),
    "update": (quizzes.update_quiz, ("w1 after the step", "b after the step")),
}


@pytest.mark.parametrize("name", GENERATORS)
def test_answers_are_the_engines_and_agree_with_their_twins(name: str) -> None:
    generate, labels = GENERATORS[name]
    for quiz, e, alpha in fit_draws(generate):
        assert tuple(part.label for part in quiz.parts) == labels
        g = e.graph()
        engine = {
            "z": g.z, "a": g.a, "L": g.L, "da": g.da, "dz": g.dz,
            "dw1": g.dw1, "dw2": g.dw2, "db": g.db,
        }  # fmt: skip
        if alpha is not None:
            w1, _, b = logistic.single_example_step(g, alpha)
            engine |= {"w1 after the step": w1, "b after the step": b}
        for part in quiz.parts:
            assert part.expected == engine[part.label]
            assert part.twin is not None and twin_agrees(part)
            assert abs(part.twin - part.expected) <= 1e-6 * (abs(part.expected) + 1e-3)


@pytest.mark.parametrize("name", GENERATORS)
def test_right_answers_rounded_or_as_expressions_are_accepted(name: str) -> None:
    generate, _ = GENERATORS[name]
    for quiz, e, alpha in fit_draws(generate):
        typed = expressions(e, alpha)
        for part in quiz.parts:
            expected = float(part.expected)  # type: ignore[arg-type]
            assert grade(part, rounded(expected)).status == "correct", (part.label, expected)
            unicode = format_number(expected, 4)  # Unicode minus, as copied from the screen
            assert grade(part, unicode).status == "correct"
            feedback = grade(part, typed[part.label])
            assert feedback.status == "correct", (part.label, typed[part.label])
            assert feedback.value == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", GENERATORS)
def test_every_listed_mistake_is_diagnosed(name: str) -> None:
    generate, _ = GENERATORS[name]
    seen: set[tuple[str, str]] = set()
    for quiz, _, _ in fit_draws(generate):
        for part in quiz.parts:
            assert part.mistakes
            for mistake in part.mistakes:
                feedback = grade(part, repr(float(mistake.value)))  # type: ignore[arg-type]
                assert feedback.status == "mistake", (part.label, mistake.key)
                assert feedback.mistake == mistake.key
                assert feedback.message == mistake.message
                seen.add((part.label, mistake.key))
            assert grade(part, "two").status == "invalid"
    listed = {
        "forward": {("z", "no_bias"), ("a", "sigma_of_minus_z"), ("L", "log10")},
        "backward": {
            ("da", "sign"), ("da", "dz_for_da"), ("dz", "da_for_dz"), ("dz", "sign"),
            ("dz", "chain_twice"), ("dw1", "used_x2"), ("dw2", "used_x1"),
            ("db", "bias_as_weight"),
        },
        "update": {("w1 after the step", "plus"), ("w1 after the step", "no_alpha")},
    }[name]  # fmt: skip
    assert listed <= seen


def test_the_listed_mistakes_are_the_usual_slips_recomputed() -> None:
    for quiz, e, _ in fit_draws(quizzes.backward_quiz):
        g = e.graph()
        dz = {m.key: float(m.value) for m in quiz.parts[1].mistakes}  # type: ignore[arg-type]
        assert dz["da_for_dz"] == g.da  # the chain factor a(1 − a) forgotten
        assert dz["sign"] == pytest.approx(g.y - g.a)
        assert dz["chain_twice"] == pytest.approx((g.a - g.y) * g.a * (1 - g.a))
        dw1 = {m.key: float(m.value) for m in quiz.parts[2].mistakes}  # type: ignore[arg-type]
        assert dw1["used_x2"] == pytest.approx(g.x2 * g.dz)


@pytest.mark.parametrize("name", GENERATORS)
def test_figures_hints_and_solutions_carry_the_drawn_numbers(name: str) -> None:
    generate, _ = GENERATORS[name]
    for quiz, e, _ in fit_draws(generate)[:40]:
        assert quiz.figure is not None and widest(quiz.figure) <= MAX_WIDTH
        for row in (f"x1={e.x1:.1f}", f"w2={e.w2:.1f}"):
            assert row.replace("-", "−") in quiz.figure.replace(" ", "")
        for part in quiz.parts:
            check_help(part)


def check_help(part: Question) -> None:
    first, second = part.hints
    assert first and second and first != second
    assert re.search(r"\d", second), f"the second hint of {part.label} has no numbers"
    expected = float(part.expected)  # type: ignore[arg-type]
    shown = re.findall(r"−?\d+(?:\.\d+)?", part.solution)
    assert shown, part.solution
    last = float(shown[-1].replace("−", "-"))
    assert math.isclose(last, expected, rel_tol=5e-4, abs_tol=5e-5), (part.solution, expected)


@pytest.mark.parametrize("step_id", ["forward-quiz", "backward-quiz", "update-quiz"])
def test_quiz_steps_always_draw(step_id: str) -> None:
    step = LESSON.steps[LESSON.step_index(step_id)]
    assert isinstance(step, QuizStep)
    rng = np.random.default_rng(2024)
    for _ in range(200):
        quiz = step.quiz.draw(rng)
        assert quiz_problems(quiz) == []
