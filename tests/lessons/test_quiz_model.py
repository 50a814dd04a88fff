"""The quiz model on its own: drawing, grading each kind of answer, and the rules of help."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest

from engine import answers, numfmt
from engine.activations import sigmoid
from engine.gradcheck import numerical_derivative
from engine.logistic import loss, single_example
from lessons.model import QuizStep
from lessons.quiz import (
    SOLUTION_AFTER_TRIES,
    Mistake,
    NumberQuestion,
    Question,
    Quiz,
    QuizNotConfirmed,
    QuizSession,
    QuizSpec,
    Redraw,
    ShapeQuestion,
    choice,
    full_precision,
    grade,
    number,
    quiz_problems,
    shape,
)


# -- the example quiz used by these tests and by the quiz card's tests -----------------------------
def example_quiz(rng: np.random.Generator) -> Quiz:
    """One logistic-regression example: dz, dw1, the shape of W1, and which way w1 moves."""
    x1, x2 = (round(float(v), 1) for v in rng.uniform(0.5, 2.0, size=2) * rng.choice([-1, 1], 2))
    w1, w2, b = (round(float(v), 2) for v in rng.uniform(-1.0, 1.0, size=3))
    y = float(rng.integers(0, 2))
    g = single_example(x1, x2, w1, w2, b, y)
    dz_twin = numerical_derivative(lambda z: loss(float(sigmoid(z)), y), g.z)
    dw1_twin = numerical_derivative(lambda w: single_example(x1, x2, w, w2, b, y).L, w1)
    n0, n1 = 2, int(rng.integers(3, 6))
    f = answers.format_number
    dz = NumberQuestion(
        label="dz",
        prompt="What is dz = dL/dz for this example?",
        expected=g.dz,
        twin=dz_twin,
        hints=(
            "dz = a − y: the prediction minus the label.",
            f"dz = a − y = {f(g.a)} − {f(y)}",
        ),
        solution=f"a = σ(z) = σ({f(g.z)}) = {f(g.a)}\ndz = a − y = {f(g.a)} − {f(y)} = {f(g.dz)}",
        mistakes=(
            Mistake("sign", -g.dz, "The sign is flipped: dz = a − y, not y − a."),
            Mistake("used-da", g.da, "You used da; the question asks for dz."),
        ),
    )
    dw1 = NumberQuestion(
        label="dw1",
        prompt="What is dw1 = dL/dw1?",
        expected=g.dw1,
        twin=dw1_twin,
        hints=("dw1 = x1 · dz.", f"dw1 = {f(x1)} × {f(g.dz)}"),
        solution=f"dw1 = x1 · dz = {f(x1)} × {f(g.dz)} = {f(g.dw1)}",
        mistakes=(
            Mistake("used-x2", x2 * g.dz, "You multiplied by x2; dw1 uses x1."),
            Mistake("sign", -g.dw1, "The sign is flipped: dz = a − y, not y − a."),
        ),
    )
    shape = ShapeQuestion(
        label="shape of W1",
        prompt=f"With n0 = {n0} inputs and n1 = {n1} hidden units, what shape is W1?",
        expected=(n1, n0),
        hints=("W1 has one row per hidden unit.", f"W1 is (n1, n0) = ({n1}, ?)"),
        solution=f"W1 maps {n0} inputs to {n1} units: rows n1 = {n1}, columns n0 = {n0}.",
        mistakes=(Mistake("rank-1", (n1,), "That is a rank-1 array; W1 is a matrix."),),
    )
    left = g.dw1 > 0
    direction = choice(
        "direction",
        "After w1 := w1 − α·dw1 with α = 0.1, which way does w1 move?",
        {"down": "w1 decreases", "up": "w1 increases"},
        "down" if left else "up",
        hints=("The update subtracts α·dw1.", f"dw1 = {f(g.dw1)}, so −α·dw1 has sign …"),
        solution=f"−α·dw1 = −0.1 × {f(g.dw1)} = {f(-0.1 * g.dw1)}",
        mistakes=(
            Mistake(
                "with-slope",
                "up" if left else "down",
                "That follows the slope uphill; the update moves against it.",
            ),
        ),
    )
    intro = (
        f"One example: x1 = {f(x1)}, x2 = {f(x2)}, y = {f(y)}; "
        f"w1 = {f(w1)}, w2 = {f(w2)}, b = {f(b)}."
    )
    figure = f"z = {f(g.z)}   a = σ(z) = {f(g.a)}"
    return Quiz(intro=intro, parts=(dz, dw1, shape, direction), figure=figure)


EXAMPLE_SPEC = QuizSpec(example_quiz)
EXAMPLE_STEP = QuizStep(
    id="example-quiz", title="Example quiz", text="Answer each part.", quiz=EXAMPLE_SPEC
)


def draw(seed: int = 3) -> Quiz:
    return EXAMPLE_SPEC.draw(np.random.default_rng(seed))


def part(quiz: Quiz, label: str) -> Question:
    return next(q for q in quiz.parts if q.label == label)


# -- drawing ---------------------------------------------------------------------------------------
def test_same_seed_same_numbers_and_fresh_numbers_otherwise() -> None:
    assert draw(5) == draw(5)
    assert draw(5).intro != draw(6).intro


def test_every_drawn_number_agrees_with_its_numerical_twin() -> None:
    for seed in range(20):
        quiz = draw(seed)
        assert quiz_problems(quiz) == []
        for question in quiz.parts:
            if isinstance(question, NumberQuestion) and question.twin is not None:
                assert math.isclose(float(question.expected), question.twin, rel_tol=1e-6)


def _with_twin(quiz: Quiz, twin: float) -> Quiz:
    first = quiz.parts[0]
    bad = replace(first, twin=twin)
    return Quiz(quiz.intro, (bad, *quiz.parts[1:]), quiz.figure)


def test_a_disagreeing_twin_is_redrawn() -> None:
    calls = itertools.count()

    def generate(rng: np.random.Generator) -> Quiz:
        quiz = example_quiz(rng)
        if next(calls) < 2:  # the first two draws disagree with their twin
            return _with_twin(quiz, float(quiz.parts[0].expected) + 0.01)
        return quiz

    quiz = QuizSpec(generate).draw(np.random.default_rng(0))
    assert next(calls) == 3  # two rejected, the third shown
    assert quiz_problems(quiz) == []


def test_a_twin_that_never_agrees_raises_quiz_not_confirmed() -> None:
    calls = itertools.count()

    def generate(rng: np.random.Generator) -> Quiz:
        next(calls)
        quiz = example_quiz(rng)
        return _with_twin(quiz, float(quiz.parts[0].expected) * (1 + 1e-4))

    with pytest.raises(QuizNotConfirmed, match="numerical twin"):
        QuizSpec(generate, max_draws=7).draw(np.random.default_rng(0))
    assert next(calls) == 7


def test_a_draw_that_overflows_or_yields_nan_is_redrawn_without_a_warning() -> None:
    calls = itertools.count()

    def generate(rng: np.random.Generator) -> Quiz:
        attempt = next(calls)
        if attempt == 0:
            np.exp(np.array([1000.0]))  # overflows: raised inside draw, never a warning
        if attempt == 1:
            return Quiz("", (NumberQuestion("n", "?", math.nan, ("1", "2"), "s"),))
        return example_quiz(rng)

    quiz = QuizSpec(generate).draw(np.random.default_rng(0))
    assert next(calls) == 3  # two bad draws, then a good one
    assert quiz_problems(quiz) == []


def test_a_nan_twin_is_never_confirmed() -> None:
    quiz = _with_twin(draw(), math.nan)
    assert any("twin" in problem for problem in quiz_problems(quiz))


def test_a_mistake_that_gives_the_right_answer_is_a_problem() -> None:
    quiz = draw()
    dz = quiz.parts[0]
    hidden = replace(dz, mistakes=(Mistake("same", float(dz.expected) * 1.001, "…"),))
    problems = quiz_problems(Quiz(quiz.intro, (hidden,)))
    assert problems == ["dz: mistake 'same' gives the right answer"]


def test_question_rejects_an_answer_it_does_not_offer_or_cannot_show() -> None:
    with pytest.raises(ValueError, match="not offered"):
        choice("c", "?", {"a": "A", "b": "B"}, "z", hints=("1", "2"), solution="s")
    with pytest.raises(ValueError, match="not finite"):
        NumberQuestion("n", "?", math.nan, ("1", "2"), "s")


# -- grading numbers -------------------------------------------------------------------------------
def test_correct_answer_rounded_is_accepted_with_the_full_precision_value() -> None:
    dz = part(draw(), "dz")
    fb = grade(dz, answers.format_number(float(dz.expected), 3))
    assert fb.status == "correct"
    assert fb.counts_as_attempt
    assert full_precision(float(dz.expected)) in fb.message
    # every digit the engine computed, less the float noise, and said as a rounding when it is one
    assert f"dz ≈ {numfmt.number(float(dz.expected), 12)}." in fb.message


def test_unicode_minus_is_read_and_echoed() -> None:
    dz = part(draw(), "dz")
    target = -abs(float(dz.expected))
    question = replace(dz, expected=target, mistakes=())
    fb = grade(question, "−" + f"{abs(target):.4f}")
    assert fb.status == "correct"
    assert fb.echo.startswith("−")
    assert fb.value == pytest.approx(target, rel=1e-3)


def test_an_expression_is_read_and_echoed_as_its_value() -> None:
    question = NumberQuestion("dz", "dz?", 0.73 - 1, ("a − y", "0.73 − 1"), "0.73 − 1")
    fb = grade(question, "0.73-1")
    assert fb.status == "correct"
    assert fb.echo == "−0.27"
    assert fb.value == pytest.approx(-0.27)


def test_invalid_text_says_what_could_not_be_read_and_is_not_an_attempt() -> None:
    dz = part(draw(), "dz")
    fb = grade(dz, "0.3.2")
    assert fb.status == "invalid"
    assert not fb.counts_as_attempt
    assert "0.3.2" in fb.message and "−0.27" in fb.message  # what failed, and an example
    assert grade(dz, "").status == "invalid"
    assert grade(dz, "nan").status == "invalid"


def test_close_answer_is_told_to_check_its_rounding() -> None:
    dz = part(draw(), "dz")
    fb = grade(dz, repr(float(dz.expected) * 1.03))
    assert fb.status == "close"
    assert "rounding" in fb.message
    assert fb.counts_as_attempt


def test_sign_flip_is_diagnosed_with_its_message() -> None:
    dz = part(draw(), "dz")
    fb = grade(dz, answers.format_number(-float(dz.expected), 4))
    assert (fb.status, fb.mistake) == ("mistake", "sign")
    assert "a − y, not y − a" in fb.message


def test_using_da_for_dz_is_diagnosed() -> None:
    dz = part(draw(), "dz")
    da = next(m for m in dz.mistakes if m.key == "used-da")
    fb = grade(dz, answers.format_number(float(da.value), 4))
    assert (fb.status, fb.mistake) == ("mistake", "used-da")
    assert "da" in fb.message


def test_far_off_answer_is_wrong_without_a_diagnosis() -> None:
    dz = part(draw(), "dz")
    fb = grade(dz, "7.5")
    assert (fb.status, fb.mistake, fb.value) == ("wrong", None, 7.5)


# -- shapes and choices ----------------------------------------------------------------------------
def test_shapes_in_every_spelling_and_the_usual_shape_mistakes() -> None:
    shape = part(draw(), "shape of W1")
    n1, n0 = shape.expected
    for typed in (f"({n1}, {n0})", f"{n1}x{n0}", f"{n1}×{n0}", f"{n1},{n0}"):
        assert grade(shape, typed).status == "correct", typed
    transposed = grade(shape, f"({n0}, {n1})")
    assert (transposed.status, transposed.mistake) == ("mistake", "transposed")
    assert "transposed" in transposed.message
    rank1 = grade(shape, f"({n1},)")
    assert (rank1.status, rank1.mistake) == ("mistake", "rank-1")
    assert grade(shape, "(7, 7)").status == "wrong"
    assert grade(shape, "four by two").status == "invalid"


def test_choices_accept_number_key_and_label() -> None:
    direction = part(draw(), "direction")
    keys = [key for key, _ in direction.choices]
    right = keys.index(direction.expected)
    label = dict(direction.choices)[direction.expected]
    for typed in (str(right + 1), direction.expected, label, label.upper(), f" {right + 1}. "):
        fb = grade(direction, typed)
        assert fb.status == "correct", typed
        assert label in fb.echo
    wrong = grade(direction, str(2 - right))
    assert (wrong.status, wrong.mistake) == ("mistake", "with-slope")
    for typed in ("3", "sideways", ""):
        fb = grade(direction, typed)
        assert fb.status == "invalid" and "1 (" in fb.message, typed


# -- the session: parts in order, escalating help, mastery -----------------------------------------
def answer(question: Question) -> str:
    if question.kind == "number":
        return answers.format_number(float(question.expected), 4)
    if question.kind == "shape":
        return answers.format_shape(question.expected)
    return str(question.expected)


def test_answering_every_part_in_order_masters_the_draw() -> None:
    session = QuizSession(draw())
    labels = []
    while not session.finished:
        labels.append(session.current.label)
        assert session.submit(answer(session.current)).feedback.status == "correct"
    assert labels == ["dz", "dw1", "shape of W1", "direction"]
    assert session.mastered


def test_invalid_input_is_not_a_try_but_wrong_answers_open_the_solution() -> None:
    session = QuizSession(draw())
    assert not session.solution_available
    session.submit("oops")
    assert session.tries == 0
    for _ in range(SOLUTION_AFTER_TRIES - 1):
        session.submit("99")
        assert not session.solution_available
    session.submit("99")
    assert session.solution_available


def test_hints_escalate_then_the_solution_spoils_mastery_of_this_draw() -> None:
    quiz = draw()
    session = QuizSession(quiz)
    with pytest.raises(RuntimeError):
        session.reveal_solution()
    assert session.next_hint() == quiz.parts[0].hints[0]
    assert session.next_hint() == quiz.parts[0].hints[1]
    assert session.next_hint() is None
    assert session.solution_available
    assert session.reveal_solution() == quiz.parts[0].solution
    first = session.submit(answer(session.current))
    assert (first.hints_used, first.solution_shown) == (2, True)
    assert session.hints_used == 0  # help is counted per part
    while not session.finished:
        session.submit(answer(session.current))
    assert session.finished and not session.mastered


# -- the one draw loop: nothing a generator raises reaches the screen ------------------------------
def test_a_generator_bug_is_a_failed_draw_and_ends_in_quiz_not_confirmed() -> None:
    calls = itertools.count()

    def broken(rng: np.random.Generator) -> Quiz:
        next(calls)
        raise KeyError("a bug in the generator")

    with pytest.raises(QuizNotConfirmed, match="KeyError") as error:
        QuizSpec(broken, max_draws=4).draw(np.random.default_rng(0))
    assert next(calls) == 4  # bounded: exactly max_draws tries
    assert "no draw in 4 could be confirmed" in str(error.value)


def test_a_generator_may_ask_for_a_redraw() -> None:
    calls = itertools.count()

    def picky(rng: np.random.Generator) -> Quiz:
        if next(calls) < 3:
            raise Redraw("the answer would be lost to rounding")
        return example_quiz(rng)

    assert quiz_problems(QuizSpec(picky).draw(np.random.default_rng(0))) == []
    assert next(calls) == 4


def test_a_generator_that_returns_no_quiz_is_refused() -> None:
    with pytest.raises(QuizNotConfirmed, match="not a Quiz"):
        QuizSpec(lambda rng: None, max_draws=2).draw(np.random.default_rng(0))  # type: ignore[arg-type, return-value]


def test_two_mistakes_that_coincide_are_a_problem() -> None:
    dz = draw().parts[0]
    assert isinstance(dz, NumberQuestion)
    near = float(dz.expected) * 3
    twins = replace(dz, mistakes=(Mistake("one", near, "…"), Mistake("two", near * 1.001, "…")))
    assert quiz_problems(Quiz("", (twins,))) == ["dz: mistakes 'one' and 'two' coincide"]


def test_the_number_builder_declares_a_part_in_one_call() -> None:
    part = number(
        "dJ/dw",
        np.float64(3.0),
        3.0000001,
        hints=("1", "2"),
        solution="s",
        mistakes={"sign": (np.float64(-3.0), "flipped"), "close": (3.01, "as good as right")},
    )
    assert [(m.key, m.value) for m in part.mistakes] == [("sign", -3.0), ("close", 3.01)]
    assert all(type(m.value) is float for m in part.mistakes) and type(part.expected) is float
    assert part.prompt == "dJ/dw =" and part.twin == 3.0000001
    assert quiz_problems(Quiz("", (part,))) == ["dJ/dw: mistake 'close' gives the right answer"]


def test_the_shape_builder_lists_the_transposed_shape() -> None:
    part = shape("W1", (4, 2), hints=("1", "2"), solution="s")
    assert [(m.key, m.value) for m in part.mistakes] == [("transposed", (2, 4))]
    assert shape("b", (3, 3), hints=("1", "2"), solution="s").mistakes == ()
    assert grade(part, "(2, 4)").mistake == "transposed"
