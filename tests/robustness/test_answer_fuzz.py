"""Whatever a learner types into a quiz, the tutor gives a verdict or says what it could not read.

Two layers: `lessons.quiz.grade` fuzzed with hypothesis against every question of every quiz in the
curriculum, and the real quiz card in the running app, fed hostile and random strings through its
answer box and Enter. Nothing may raise, nothing may be executed, and the app must still answer `?`.
"""

from __future__ import annotations

import ast
import builtins
import math
import os
import random
import re
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons import LESSONS, QuizStep
from lessons.quiz import Feedback, Question, expected_text, grade
from tests.robustness.helpers import LONG, submit
from tutor import textual_private
from tutor.app import GDTutorApp
from tutor.screens.help import HelpScreen
from tutor.screens.lesson import LessonScreen
from tutor.widgets.quiz_card import QuizCard

QUIZ_STEPS = [
    (lesson, step) for lesson in LESSONS for step in lesson.steps if isinstance(step, QuizStep)
]
#: Text found only in the hostile answers below: seeing it reach eval, exec or compile means the
#: tutor tried to run what the learner typed.
PAYLOAD_MARKS = ("__import__", "__subclasses__", "globals()", "lambda: 1", "/etc/passwd", "9**9**9")
STATUSES = {"correct", "invalid", "close", "mistake", "wrong"}
NAN_OR_INF = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def hostile_strings(canary: Path) -> list[str]:
    """Inputs a curious, careless or malicious learner could type."""
    return [
        "",
        " ",
        "        ",
        "\t",
        "\n",
        "\x00",
        "\x07\x08\x1b",
        "\x1b[31mred\x1b[0m",
        "\u202e1.0",
        "\ufeff0.5",
        f"__import__('os').system('touch {canary}')",
        f'__import__("os").popen("touch {canary}")',
        "open('/etc/passwd').read()",
        "().__class__.__bases__[0].__subclasses__()",
        "lambda: 1",
        "[1, 2]",
        "{'a': 1}",
        "globals()",
        "9**9**9",
        "9^9^9",
        "10**400",
        "2**-2000",
        "(-8)**(1/3)",
        "1e309",
        "-1e309",
        "1e-400",
        "nan",
        "NaN",
        "-nan",
        "inf",
        "-inf",
        "Infinity",
        "∞",
        "1/0",
        "0/0",
        "0**-1",
        "exp(1000)",
        "exp(exp(exp(10)))",
        "log(0)",
        "log(-1)",
        "sqrt(-1)",
        "sigmoid(1e6)",
        "tanh(nan)",
        "1j",
        "0x10",
        "1_000",
        "½",
        "٣",
        "１２",
        "Ⅻ",
        "🙂",
        "−0.5",
        "1,5",
        "(4, 2)",
        "4×2",
        "(4,)",
        "(0, 0)",
        "(-1, 2)",
        "(99999999999999999999, 1)",
        "1 2",
        "(" * 500 + "1" + ")" * 500,
        "-" * 300 + "1",
        "1" * 5000,
        "9" * 100_000,
        "0." + "0" * 10_000 + "1",
        "é" * 1000,
        "\x00" * 1000,
        "π",
        "e",
        "σ(0)",
        "1 +",
        "**",
        "..",
        "'1'",
    ]


def random_strings(rng: random.Random, n: int) -> list[str]:
    """Seeded noise: digits and operators mixed with letters, Unicode and control characters."""
    pools = [
        "0123456789.+-*/^() e",
        "0123456789.,x×()",
        "abcxyz_'\"[]{}:;=<>!@#$%&|\\`~",
        "αβσπ∂−×÷²³½€ñ中文🙂\u200b\u202e",
        "".join(chr(c) for c in range(32)),
    ]
    out = []
    for _ in range(n):
        length = rng.choice([1, 2, 3, 5, 8, 20, 60, 250])
        pool = "".join(rng.sample(pools, rng.randint(1, len(pools))))
        out.append("".join(rng.choice(pool) for _ in range(length)))
    return out


def check_feedback(question: Question, text: str, feedback: Feedback) -> None:
    assert isinstance(feedback, Feedback)
    assert feedback.status in STATUSES
    assert feedback.message.strip(), (text, feedback)
    if feedback.status == "invalid":
        assert feedback.value is None
        return
    if question.kind == "number":
        assert isinstance(feedback.value, float) and math.isfinite(feedback.value), (text, feedback)
    assert not NAN_OR_INF.search(feedback.echo), (text, feedback)


def drawn_questions(seeds: range) -> list[Question]:
    questions = []
    for lesson, step in QUIZ_STEPS:
        for seed in seeds:
            rng = np.random.default_rng([seed, lesson.number, zlib_key(step.id)])
            questions.extend(step.quiz.draw(rng).parts)
    return questions


def zlib_key(text: str) -> int:
    return zlib.crc32(text.encode())


QUESTIONS = drawn_questions(range(2))


def test_every_quiz_accepts_its_own_answer() -> None:
    """The fuzz below must not pass because nothing is ever accepted."""
    assert QUESTIONS
    for question in QUESTIONS:
        assert grade(question, expected_text(question)).status == "correct", question.label


@settings(
    max_examples=1500 if LONG else 120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not LONG,
)
@given(text=st.one_of(st.text(max_size=300), st.from_regex(r"[-+ 0-9.e()*/^x×,]{0,40}")))
def test_grade_never_raises_on_any_text(text: str) -> None:
    for question in QUESTIONS:
        check_feedback(question, text, grade(question, text))


def test_grade_on_hostile_strings(tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    for text in hostile_strings(canary):
        for question in QUESTIONS:
            check_feedback(question, text, grade(question, text))
    assert not canary.exists()


# -- through the quiz card ---------------------------------------------------------------------


def first_step_of_kind(kind: str) -> tuple[int, int]:
    for lesson, step in QUIZ_STEPS:
        parts = step.quiz.draw(np.random.default_rng(0)).parts
        if parts[0].kind == kind:
            return lesson.number, lesson.step_index(step.id)
    raise LookupError(kind)


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any attempt to run code or a command while answers are graded."""
    calls: list[str] = []

    def spy(name: str):
        def called(*args: object, **kwargs: object) -> None:
            calls.append(f"{name}{args!r}")
            raise AssertionError(f"{name} was called while grading an answer")

        return called

    def source_spy(name: str, real):
        # Libraries eval and exec their own code (imports, namedtuple); learner text must not be.
        def called(source: object, *args: object, **kwargs: object) -> object:
            if isinstance(source, str | bytes) and any(m in str(source) for m in PAYLOAD_MARKS):
                calls.append(f"{name}({str(source)[:40]!r})")
                raise AssertionError(f"{name} was called on a learner's text")
            return real(source, *args, **kwargs)

        return called

    real_compile = builtins.compile

    def compile_to_ast_only(source, filename, mode, flags=0, *args, **kwargs):
        # ast.parse compiles to a syntax tree only, which runs nothing; anything else is code.
        if not flags & ast.PyCF_ONLY_AST and any(m in str(source) for m in PAYLOAD_MARKS):
            calls.append(f"compile({str(source)[:40]!r})")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", source_spy("eval", builtins.eval))
    monkeypatch.setattr(builtins, "exec", source_spy("exec", builtins.exec))
    monkeypatch.setattr(builtins, "compile", compile_to_ast_only)
    monkeypatch.setattr(os, "system", spy("os.system"))
    monkeypatch.setattr(os, "popen", spy("os.popen"))
    monkeypatch.setattr(subprocess, "Popen", spy("subprocess.Popen"))
    return calls


@pytest.mark.parametrize("kind", ["number", "shape", "choice"])
async def test_the_quiz_card_answers_every_string(
    kind: str, tmp_path: Path, nothing_runs: list[str]
) -> None:
    number, index = first_step_of_kind(kind)
    lesson = LESSONS[number - 1]
    canary = tmp_path / "pwned"
    rng = random.Random(f"answers-{kind}")
    hostile = hostile_strings(canary)
    if kind != "number" and not LONG:
        # grade() meets every string on every question above; the card needs a sample of them.
        hostile = hostile[:12] + rng.sample(hostile[12:], 14)
    texts = hostile + random_strings(rng, 2000 if LONG else 30 if kind == "number" else 10)
    app = GDTutorApp(seed=3, lesson=str(number), demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        screen.index = index
        await pilot.pause()
        card = screen.query_one(QuizCard)
        typed = [t for t in texts if t.isascii() and t.isprintable() and 0 < len(t) <= 12][:3]
        graded = 0
        for text in typed:  # a few typed key by key, the way a learner types
            if card.session is None or card.session.finished:
                await card.new_draw()
            card.answer_box.focus()
            card.answer_box.value = ""
            await pilot.press(*text, "enter")
            assert card._last is not None and card._last.typed == text
            graded += card._last.feedback.status != "invalid"
        for text in texts:
            if card.session is None or card.session.finished:
                await card.new_draw()
            feedback = await submit(app, card, text)
            status = card._last.feedback.status
            graded += status != "invalid"
            if status == "invalid":
                assert feedback.strip() and "still in the box" in feedback, (text, feedback)
            else:
                assert feedback.startswith("You entered "), (text, feedback)
                assert not NAN_OR_INF.search(card._last.feedback.echo), (text, feedback)
        # Still responsive: leave the box, and ? opens help.
        if app.screen.focused is card.answer_box:
            await pilot.press("escape")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen
        kept = app.progress.attempts(lesson.slug)
        assert all(a.verdict != "invalid" for a in kept)  # a typo is not a wrong attempt
        assert len(kept) == graded  # and every graded answer is kept
    assert textual_private.crash(app) is None
    assert nothing_runs == []
    assert not canary.exists()
