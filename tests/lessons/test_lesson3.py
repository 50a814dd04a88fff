"""Lesson 3 as data: syllabus coverage in order, and every quiz over many fresh draws.

Quizzes are graded with `lessons.quiz.grade`, the function the quiz card uses, so what passes here
is what the learner gets: right answers (rounded, or as the expression the worked solution writes)
are accepted, and every listed mistake is diagnosed as itself.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine import network
from lessons import find_lesson
from lessons.demos.staged_network import tiny_batch
from lessons.lesson3 import quizzes
from lessons.model import DemoStep, QuizStep
from lessons.quiz import Question, Quiz, QuizSpec, Redraw, grade, quiz_problems

LESSON = find_lesson("3")
SYLLABUS = tuple(f"NN-{i}" for i in range(1, 12))
INTERACTIVE = {"NN-2", "NN-4", "NN-5", "NN-6", "NN-7", "NN-8", "NN-9", "NN-10", "NN-11"}
NUMBER_SPECS = {
    "one_iteration": QuizSpec(quizzes.one_iteration),
    "output_gradients": QuizSpec(quizzes.output_gradients),
    "hidden_delta": QuizSpec(quizzes.hidden_delta),
    "hidden_gradients": QuizSpec(quizzes.hidden_gradients),
}
SHAPE_SPECS = {
    "parameter_shapes": QuizSpec(quizzes.parameter_shapes),
    "forward_shapes": QuizSpec(quizzes.forward_shapes),
    "gradient_shapes": QuizSpec(quizzes.gradient_shapes),
    "keepdims_shapes": QuizSpec(quizzes.keepdims_shapes),
}
SEEDS = range(30)


def sizes(text: str, *names: str) -> list[int]:
    """Read "n0 = 3" style sizes out of a quiz's intro."""
    return [int(re.search(rf"\b{name} = (\d+)", text).group(1)) for name in names]  # type: ignore[union-attr]


def test_every_concept_is_taught_in_lecture_order() -> None:
    assert LESSON.syllabus == SYLLABUS


def test_interactive_concepts_are_taught_by_a_demo_or_quiz() -> None:
    for concept in INTERACTIVE:
        kinds = {type(s) for s in LESSON.steps if concept in s.syllabus}
        assert kinds & {DemoStep, QuizStep}, concept


def test_demo_and_quiz_texts_are_short_and_code_fits_80_columns() -> None:
    for step in LESSON.steps:
        if step.kind != "text":
            assert len(step.text.splitlines()) <= 8, step.id
        for line in step.text.splitlines():
            if line.startswith("    "):
                assert len(line) <= 78, (step.id, line)


def test_steps_build_their_demos_and_draw_their_quizzes() -> None:
    rng = np.random.default_rng(0)
    for step in LESSON.steps:
        if isinstance(step, DemoStep):
            demo = step.make_demo()
            assert demo.frame().panels or demo.frame().charts
        elif isinstance(step, QuizStep):
            assert step.quiz.draw(rng).parts


def _solution_expression(question: Question) -> str:
    """The arithmetic the worked solution writes, before its final "= value"."""
    middle = question.solution.split("=")
    expression = middle[1] if question.label.startswith("dZ1") else middle[-2]
    return expression.replace(":", "").strip()


@pytest.mark.parametrize("name", sorted(NUMBER_SPECS))
def test_number_quizzes_over_many_draws(name: str) -> None:
    for seed in SEEDS:
        quiz = NUMBER_SPECS[name].draw(np.random.default_rng(seed))
        assert quiz_problems(quiz) == []
        for part in quiz.parts:
            if part.kind == "choice":
                keys = [key for key, _ in part.choices]
                right = keys.index(part.expected) + 1  # type: ignore[arg-type]
                assert grade(part, str(right)).status == "correct"
                assert grade(part, str(right % len(keys) + 1)).status == "wrong"
                continue
            expected = float(part.expected)  # type: ignore[arg-type]
            twin = float(part.twin)  # type: ignore[arg-type]
            assert abs(expected - twin) <= 1e-6 * (abs(expected) + abs(twin))
            rounded = f"{expected:.4f}".replace("-", "−")
            assert grade(part, rounded).status == "correct", (part.label, rounded)
            expression = _solution_expression(part)
            feedback = grade(part, expression)
            assert feedback.status == "correct", (part.label, expression, feedback)
            assert grade(part, "two").status == "invalid"
            for mistake in part.mistakes:
                typed = f"{float(mistake.value):.5g}"  # type: ignore[arg-type]
                feedback = grade(part, typed)
                assert feedback.status == "mistake", (part.label, mistake.key, typed, expected)
                assert feedback.mistake == mistake.key
                assert feedback.message == mistake.message


def test_output_gradient_answers_are_the_engine_values() -> None:
    """Recompute the drawn entries from the figure's matrices by the lecture's equations."""
    for seed in SEEDS:
        quiz = QuizSpec(quizzes.output_gradients).draw(np.random.default_rng(seed))
        dz2, dw2, db2 = quiz.parts
        j = int(re.search(r"\[0, (\d)\]", dz2.label).group(1))  # type: ignore[union-attr]
        k = int(re.search(r"\[0, (\d)\]", dw2.label).group(1))  # type: ignore[union-attr]
        assert f"A2[0, {j}]" in dz2.hints[1]
        assert f"row {k} of A1" in dw2.hints[0]
        assert isinstance(db2.expected, float)


def test_listed_mistakes_are_the_ones_the_issue_names() -> None:
    rng = np.random.default_rng(7)
    keys = {
        part.label.split("[")[0]: {m.key for m in part.mistakes}
        for spec in NUMBER_SPECS.values()
        for part in spec.draw(rng).parts
    }
    assert {"no_1_over_m", "twice_1_over_m", "sign", "transposed"} <= keys["dW2"]
    assert {"no_1_over_m", "twice_1_over_m", "sign", "transposed", "x_for_xt"} <= keys["dW1"]
    assert {"no_1_over_m", "twice_1_over_m", "sign", "transposed"} <= keys["db1"]
    assert {"z1_for_a1", "transposed", "sign", "w2_wrong_index"} <= keys["dZ1"]
    assert {"sign"} <= keys["dZ2"]


def test_hidden_delta_mistakes_are_computed_from_the_batch() -> None:
    """Z1 used for A1 in g′ gives W2·dZ2·(1 − Z1²); the transposed entry is dZ1[j, i]."""
    checked = 0
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        batch = tiny_batch(rng)
        try:
            quiz = quizzes._hidden_delta(batch, rng)
        except Redraw:
            continue
        part = quiz.parts[0]
        i, j = (int(v) for v in re.search(r"\[(\d+), (\d+)\]", part.label).groups())  # type: ignore[union-attr]
        w, d = batch.params["W2"][0, i], batch.dZ2[0, j]
        z, a = batch.cache["Z1"][i, j], batch.cache["A1"][i, j]
        values = {m.key: float(m.value) for m in part.mistakes}  # type: ignore[arg-type]
        assert part.expected == pytest.approx(w * d * (1 - a * a), rel=1e-12)
        assert values["z1_for_a1"] == pytest.approx(w * d * (1 - z * z), rel=1e-12)
        assert values["transposed"] == pytest.approx(batch.dZ1[j, i], rel=1e-12)
        assert values["no_g_prime"] == pytest.approx(w * d, rel=1e-12)
        wrong_w = batch.params["W2"][0, j]  # the weight of unit j, not of unit i
        assert values["w2_wrong_index"] == pytest.approx(wrong_w * d * (1 - a * a), rel=1e-12)
        assert abs(wrong_w) != abs(w)  # W2's entries never coincide
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("name", sorted(SHAPE_SPECS))
def test_shape_quizzes_accept_right_shapes_and_name_transposes(name: str) -> None:
    for seed in SEEDS:
        quiz = SHAPE_SPECS[name].draw(np.random.default_rng(seed))
        for part in quiz.parts:
            shape = tuple(part.expected)  # type: ignore[arg-type]
            typed = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
            assert grade(part, typed).status == "correct", (part.label, typed)
            if len(shape) > 1:  # "4" alone is refused: a bare number is not a shape
                assert grade(part, "x".join(map(str, shape))).status == "correct"
            assert grade(part, "(4, 2").status in {"invalid", "wrong"}
            if len(shape) == 2 and shape[0] != shape[1]:
                feedback = grade(part, f"({shape[1]}, {shape[0]})")
                assert feedback.status == "mistake" and feedback.mistake == "transposed"
                assert "transposed" in feedback.message


def test_parameter_shapes_follow_the_lecture() -> None:
    for seed in SEEDS:
        quiz = quizzes.parameter_shapes(np.random.default_rng(seed))
        n0, n1 = sizes(quiz.intro, "n0", "n1")
        params = network.init_params(n0, n1)
        assert [p.expected for p in quiz.parts] == [
            params[name].shape for name in ("W1", "b1", "W2", "b2")
        ]


def test_forward_and_gradient_shapes_match_the_engine() -> None:
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        quiz = quizzes.forward_shapes(rng)
        n0, n1, m = sizes(quiz.intro, "n0", "n1", "m")
        params = network.init_params(n0, n1)
        X = np.ones((n0, m))
        _, cache = network.forward(params, X)
        assert [p.expected for p in quiz.parts] == [
            cache[k].shape for k in ("Z1", "A1", "Z2", "A2")
        ]
        quiz = quizzes.gradient_shapes(rng)
        n0, n1, m = sizes(quiz.intro, "n0", "n1", "m")
        params = network.init_params(n0, n1)
        X, Y = np.ones((n0, m)), np.ones((1, m))
        _, cache = network.forward(params, X)
        grads = network.backward(params, cache, X, Y)
        shapes = {p.label: p.expected for p in quiz.parts}
        assert shapes["dW1"] == grads["dW1"].shape and shapes["db1"] == grads["db1"].shape
        assert shapes["dW2"] == grads["dW2"].shape
        assert shapes["dZ1"] == cache["Z1"].shape and shapes["dZ2"] == cache["Z2"].shape


def test_keepdims_quiz_shapes() -> None:
    quiz = quizzes.keepdims_shapes(np.random.default_rng(1))
    n1 = int(re.search(r"\((\d+), \d+\)", quiz.intro).group(1))  # type: ignore[union-attr]
    flat, column, broken = quiz.parts
    assert flat.expected == (n1,)
    assert column.expected == (n1, 1)
    assert broken.expected == (n1, n1)
    assert grade(flat, f"({n1},)").status == "correct"
    assert grade(flat, f"({n1}, 1)").mistake == "keepdims_on"  # keepdims left on
    assert grade(column, f"(1, {n1})").mistake == "transposed"


SHAPE_CAPTION = re.compile(r"(\w+)(?: = \S+(?: − \w+)?)? \((\d+), (\d+)\)")


def figure_shapes(quiz: Quiz) -> dict[str, tuple[int, int]]:
    """Every "name (rows, columns)" caption of a quiz's figure."""
    return {
        name: (int(rows), int(cols))
        for name, rows, cols in SHAPE_CAPTION.findall(quiz.figure or "")
    }


def test_number_quiz_batches_have_sizes_that_differ_everywhere() -> None:
    for n0, n1, m in quizzes.BATCH_SIZES:
        X, Z1, A1t, W1 = (n0, m), (n1, m), (m, n1), (n1, n0)
        assert len({X, Z1, A1t, W1}) == 4  # pairwise different (dZ1 is shaped like Z1)
    for name, spec in NUMBER_SPECS.items():
        for seed in SEEDS:
            quiz = spec.draw(np.random.default_rng(seed))
            shapes = figure_shapes(quiz)
            if name == "one_iteration":
                continue  # no matrices shown
            assert shapes, name
            n1, m = shapes.get("dZ1") or shapes.get("Z1") or shapes["A1"]
            assert n1 != m, (name, shapes)
            if "X" in shapes:
                assert shapes["X"][1] == m and len({shapes["X"][0], n1, m}) == 3
            for line in (quiz.figure or "").splitlines():
                assert len(line) <= 76


def _shape_mistake(quiz: Quiz, label: str, key: str) -> tuple[Question, tuple[int, ...]]:
    part = next(p for p in quiz.parts if p.label == label)
    mistake = next(m for m in part.mistakes if m.key == key)
    return part, mistake.value  # type: ignore[return-value]


def _typed(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


@pytest.mark.parametrize(
    ("spec", "label", "key", "wrong"),
    [
        ("parameter_shapes", "b1", "rank1", lambda n0, n1, m: (n1,)),
        ("forward_shapes", "Z1", "w1_shape", lambda n0, n1, m: (n1, n0)),
        ("gradient_shapes", "db1", "rank1", lambda n0, n1, m: (n1,)),
        ("gradient_shapes", "dW1", "dz1_shape", lambda n0, n1, m: (n1, m)),
        ("keepdims_shapes", "np.sum(dZ1, axis=1).shape", "keepdims_on", lambda n0, n1, m: (n1, 1)),
        ("keepdims_shapes", "np.sum(dZ1, axis=1).shape", "wrong_axis", lambda n0, n1, m: (m,)),
        (
            "keepdims_shapes",
            "np.sum(dZ1, axis=1, keepdims=True).shape",
            "keepdims_off",
            lambda n0, n1, m: (n1,),
        ),
        (
            "keepdims_shapes",
            "np.sum(dZ1, axis=1, keepdims=True).shape",
            "wrong_axis",
            lambda n0, n1, m: (1, m),
        ),
    ],
)
def test_each_shape_slip_gets_its_own_diagnosis(spec: str, label: str, key: str, wrong) -> None:  # type: ignore[no-untyped-def]
    for seed in SEEDS:
        quiz = SHAPE_SPECS[spec].draw(np.random.default_rng(seed))
        if spec == "keepdims_shapes":
            n1, m = (int(v) for v in re.search(r"\((\d+), (\d+)\)", quiz.intro).groups())  # type: ignore[union-attr]
            n0 = 0
        elif spec == "parameter_shapes":
            n0, n1 = sizes(quiz.intro, "n0", "n1")
            m = 0
        else:
            n0, n1, m = sizes(quiz.intro, "n0", "n1", "m")
        part, value = _shape_mistake(quiz, label, key)
        assert value == wrong(n0, n1, m)
        feedback = grade(part, _typed(value))
        assert feedback.status == "mistake" and feedback.mistake == key, (label, feedback)
        assert feedback.message != "Not that shape."


def test_a_bare_number_is_not_a_shape() -> None:
    quiz = quizzes.parameter_shapes(np.random.default_rng(0))
    b1 = quiz.parts[1]
    n1 = b1.expected[0]  # type: ignore[index]
    feedback = grade(b1, str(n1))
    assert feedback.status == "invalid" and not feedback.counts_as_attempt
    assert f"({n1},)" in feedback.message and f"({n1}, 1)" in feedback.message
    assert grade(b1, f"({n1},)").mistake == "rank1"


def test_the_order_question_shuffles_its_options_by_seed() -> None:
    positions = set()
    for seed in SEEDS:
        quiz = NUMBER_SPECS["one_iteration"].draw(np.random.default_rng(seed))
        order = quiz.parts[0]
        positions.add([key for key, _ in order.choices].index("fwd"))
        again = NUMBER_SPECS["one_iteration"].draw(np.random.default_rng(seed)).parts[0]
        assert again.choices == order.choices  # the same seed, the same order
    assert positions == {0, 1, 2, 3}


DRAWS = 2000


@pytest.mark.parametrize("name", sorted(NUMBER_SPECS))
def test_no_listed_mistake_is_accepted_over_2000_draws(name: str) -> None:
    rng = np.random.default_rng(2026)
    for _ in range(DRAWS):
        quiz = NUMBER_SPECS[name].draw(rng)
        for part in quiz.parts:
            for mistake in part.mistakes:
                if part.kind == "choice":
                    continue
                # typed as a learner would, to four decimals
                typed = f"{float(mistake.value):.4f}"  # type: ignore[arg-type]
                feedback = grade(part, typed)
                assert feedback.status == "mistake", (part.label, mistake.key, typed, feedback)
                assert feedback.mistake == mistake.key


def test_a_huge_bare_number_is_refused_without_converting_it() -> None:
    b1 = quizzes.parameter_shapes(np.random.default_rng(0)).parts[1]
    feedback = grade(b1, "9" * 5000)
    assert feedback.status == "invalid" and "(n,)" in feedback.message
    assert len(feedback.echo) <= 13
