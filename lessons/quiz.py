"""Quizzes whose expected answers live next to their questions.

A `QuizSpec` draws fresh numbers from a seeded generator; the engine computes each expected value
and an independent numerical twin (a central difference, or a recomputation by another route). A
quiz whose two answers disagree is never shown, and neither is one where a usual mistake would give
the right answer (a question that cannot tell understanding from the slip teaches nothing). `grade`
turns what the learner typed into feedback that teaches: an echo of what was read, the verdict, and
the likely mistake in words. `QuizSession` holds the rules of one learner working through one draw
(parts in order, help that escalates, mastery) so that any front end applies the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from engine import answers, numfmt

AnswerKind = Literal["number", "shape", "choice"]
Status = Literal["correct", "invalid", "close", "mistake", "wrong"]

#: Largest relative disagreement allowed between the engine's answer and its numerical twin.
TWIN_TOLERANCE = 1e-6
#: Wrong tries on one part after which the worked solution is offered even without both hints.
SOLUTION_AFTER_TRIES = 3

TRANSPOSED_MESSAGE = "That is the transposed shape: rows and columns are the other way round."


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer: the value it produces and what to tell the learner who typed it.

    The value is a number for numeric questions, a shape for shape questions and an option key for
    choice questions.
    """

    key: str
    value: float | tuple[int, ...] | str
    message: str


@dataclass(frozen=True)
class Question:
    """One value to compute, with everything needed to grade it and to help."""

    label: str
    prompt: str
    kind: AnswerKind
    expected: float | tuple[int, ...] | str
    hints: tuple[str, str]
    solution: str
    twin: float | None = None
    mistakes: tuple[Mistake, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    rtol: float = 1e-2
    atol: float = 1e-4

    def __post_init__(self) -> None:
        if len(self.hints) != 2:
            raise ValueError(f"{self.label}: a question has exactly two hints")
        if self.kind == "choice":
            keys = {key for key, _ in self.choices}
            if self.expected not in keys:
                raise ValueError(f"{self.label}: expected choice {self.expected!r} is not offered")
            for mistake in self.mistakes:
                if mistake.value not in keys or mistake.value == self.expected:
                    raise ValueError(
                        f"{self.label}: mistake {mistake.key!r} must name a wrong option"
                    )
        elif self.kind == "number":
            if not math.isfinite(float(self.expected)):  # type: ignore[arg-type]
                raise ValueError(f"{self.label}: expected value {self.expected!r} is not finite")
        elif self.kind == "shape":
            if not isinstance(self.expected, tuple) or not self.expected:
                raise ValueError(f"{self.label}: expected shape must be a non-empty tuple")
        else:
            raise ValueError(f"{self.label}: unknown question kind {self.kind!r}")


@dataclass(frozen=True)
class Quiz:
    """A drawn quiz: the shared context with its numbers, then parts answered in order."""

    intro: str
    parts: tuple[Question, ...]
    figure: str | None = None


class QuizNotConfirmed(RuntimeError):
    """No draw produced a question fit to ask (twins disagreed, or a mistake hid the answer)."""


@dataclass(frozen=True)
class QuizSpec:
    """How to draw a quiz: `generate(rng)` builds a `Quiz` from fresh numbers."""

    generate: Callable[[np.random.Generator], Quiz]
    max_draws: int = 20

    def draw(self, rng: np.random.Generator) -> Quiz:
        """Draw a quiz that passes `quiz_problems`; redraw otherwise, up to `max_draws` times.

        A draw that fails on its numbers (an overflow, a NaN refused by `Question`) is redrawn too;
        any other exception is a bug in the generator and propagates.
        """
        problems: list[str] = []
        for _ in range(self.max_draws):
            try:
                # An overflow or NaN is a bad draw, not a warning on the learner's screen.
                with np.errstate(over="raise", divide="raise", invalid="raise"):
                    quiz = self.generate(rng)
            except (ArithmeticError, ValueError) as error:
                problems = [f"the draw failed: {error}"]
                continue
            problems = quiz_problems(quiz)
            if not problems:
                return quiz
        raise QuizNotConfirmed(
            f"no draw in {self.max_draws} could be confirmed; the last: " + "; ".join(problems)
        )


def twin_agrees(question: Question) -> bool:
    """True when a numeric answer matches its independently computed twin (or has none to match)."""
    if question.kind != "number" or question.twin is None:
        return True
    expected = float(question.expected)  # type: ignore[arg-type]
    twin = float(question.twin)
    if not math.isfinite(twin):
        return False
    scale = abs(expected) + abs(twin)
    if scale < 1e-12:
        return True
    return abs(expected - twin) / scale < TWIN_TOLERANCE


def _tolerance(question: Question, target: float) -> float:
    return max(question.rtol * abs(target), question.atol)


def quiz_problems(quiz: Quiz) -> list[str]:
    """Why a drawn quiz must not be shown (empty when it is fine to ask).

    A numeric answer must agree with its twin; each listed mistake must be finite, outside the
    tolerance of the right answer and of every other mistake, so that typing it is diagnosed as
    that mistake and nothing else.
    """
    problems: list[str] = []
    for part in quiz.parts:
        if not twin_agrees(part):
            problems.append(
                f"{part.label}: engine {part.expected!r} ≠ numerical twin {part.twin!r}"
            )
        if part.kind != "number":
            continue
        expected = float(part.expected)  # type: ignore[arg-type]
        values: list[tuple[str, float]] = []
        for mistake in part.mistakes:
            value = float(mistake.value)  # type: ignore[arg-type]
            if not math.isfinite(value):
                problems.append(f"{part.label}: mistake {mistake.key!r} is not finite")
                continue
            if abs(value - expected) <= 2 * _tolerance(part, expected):
                problems.append(f"{part.label}: mistake {mistake.key!r} gives the right answer")
            for other_key, other in values:
                if abs(value - other) <= 2 * max(_tolerance(part, value), _tolerance(part, other)):
                    problems.append(
                        f"{part.label}: mistakes {other_key!r} and {mistake.key!r} coincide"
                    )
            values.append((mistake.key, value))
    return problems


#: Every digit the engine computed, without float noise (kept under its old name for callers).
full_precision = numfmt.precise


def expected_text(question: Question) -> str:
    """The right answer as the tutor states it: full precision, a shape, or the option's label."""
    if question.kind == "number":
        return numfmt.precise(question.expected)  # type: ignore[arg-type]
    if question.kind == "shape":
        return numfmt.shape(question.expected)  # type: ignore[arg-type]
    return dict(question.choices)[question.expected]  # type: ignore[index]


def answer_example(question: Question) -> str:
    """What kind of text the answer box takes, for its placeholder."""
    if question.kind == "number":
        return "a number or an expression, e.g. −0.27 or 0.73 − 1"
    if question.kind == "shape":
        return "a shape, e.g. (4, 2)"
    return f"the number of an option, 1 to {len(question.choices)}"


@dataclass(frozen=True)
class Feedback:
    """What the quiz card shows after Enter."""

    status: Status
    echo: str
    message: str
    value: float | tuple[int, ...] | str | None = None
    mistake: str | None = None

    @property
    def counts_as_attempt(self) -> bool:
        """Unreadable input is not a wrong attempt: the learner only mistyped."""
        return self.status != "invalid"


def grade(question: Question, text: str) -> Feedback:
    """Read the learner's answer and say what it means, never raising on any input."""
    if question.kind == "choice":
        return _grade_choice(question, text)
    if question.kind == "shape":
        return _grade_shape(question, text)
    verdict = answers.check(
        text,
        float(question.expected),  # type: ignore[arg-type]
        rtol=question.rtol,
        atol=question.atol,
        mistakes={m.key: float(m.value) for m in question.mistakes},  # type: ignore[arg-type]
    )
    return _feedback_from_verdict(verdict, question, {m.key: m.message for m in question.mistakes})


def _grade_shape(question: Question, text: str) -> Feedback:
    expected = tuple(question.expected)  # type: ignore[arg-type]
    verdict = answers.check_shape(text, expected)
    if not verdict.valid:
        return Feedback("invalid", verdict.echo, verdict.message)
    shape = answers.parse_shape(text)  # readable: check_shape just read it
    if verdict.correct:
        return Feedback("correct", verdict.echo, _correct_message(question), shape)
    for mistake in question.mistakes:
        if tuple(mistake.value) == shape:  # type: ignore[arg-type]
            return Feedback("mistake", verdict.echo, mistake.message, shape, mistake.key)
    if verdict.mistake == "transposed":
        return Feedback("mistake", verdict.echo, TRANSPOSED_MESSAGE, shape, "transposed")
    return Feedback("wrong", verdict.echo, "Not that shape.", shape)


def _correct_message(question: Question) -> str:
    if question.kind == "number":
        value = numfmt.computed(question.expected)  # type: ignore[arg-type]
        return f"Correct. The engine computed {question.label} {value}."
    return f"Correct: {expected_text(question)}."


def _feedback_from_verdict(
    verdict: answers.Verdict, question: Question, messages: dict[str, str]
) -> Feedback:
    if not verdict.valid:
        return Feedback("invalid", verdict.echo, verdict.message)
    if verdict.correct:
        return Feedback("correct", verdict.echo, _correct_message(question), verdict.value)
    if verdict.mistake is not None and verdict.mistake in messages:
        return Feedback(
            "mistake", verdict.echo, messages[verdict.mistake], verdict.value, verdict.mistake
        )
    if verdict.close:
        return Feedback(
            "close",
            verdict.echo,
            "Close, but not within tolerance: check your rounding (keep at least three "
            "significant figures in intermediate values).",
            verdict.value,
        )
    return Feedback("wrong", verdict.echo, "Not quite.", verdict.value)


def _grade_choice(question: Question, text: str) -> Feedback:
    typed = " ".join(text.split()).casefold().strip(" .()")
    if not typed:
        return Feedback("invalid", "", "Nothing to read yet. " + _choice_help(question))
    chosen: str | None = None
    for index, (key, label) in enumerate(question.choices, start=1):
        if typed in {key.casefold(), label.casefold(), str(index)}:
            chosen = key
            break
    if chosen is None:
        shown = " ".join(text.split())[:30]
        return Feedback(
            "invalid", shown, f"“{shown}” is not one of the options. " + _choice_help(question)
        )
    index = [key for key, _ in question.choices].index(chosen) + 1
    label = dict(question.choices)[chosen]
    echo = f"{index} ({label})"
    if chosen == question.expected:
        return Feedback("correct", echo, _correct_message(question), chosen)
    for mistake in question.mistakes:
        if mistake.value == chosen:
            return Feedback("mistake", echo, mistake.message, chosen, mistake.key)
    return Feedback("wrong", echo, "Not that one.", chosen)


def _choice_help(question: Question) -> str:
    options = ", ".join(f"{i} ({label})" for i, (_, label) in enumerate(question.choices, 1))
    return f"Type the number of one option: {options}."


def choice(
    label: str, prompt: str, options: dict[str, str], expected: str, **kw: object
) -> Question:
    """Shorthand for a multiple-choice question; options maps key → label in display order."""
    return Question(
        label=label,
        prompt=prompt,
        kind="choice",
        expected=expected,
        choices=tuple(options.items()),
        **kw,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Submission:
    """One graded answer with the help the learner had had when they gave it."""

    question: Question
    part_index: int
    typed: str
    feedback: Feedback
    hints_used: int
    solution_shown: bool


class QuizSession:
    """One learner working through one drawn quiz.

    Parts are answered in order; a correct answer moves on. Help escalates per part: hint 1, hint 2,
    then the worked solution, which opens after both hints or `SOLUTION_AFTER_TRIES` counted wrong
    tries. The draw is mastered when every part is answered correctly and no solution was shown.
    """

    def __init__(self, quiz: Quiz) -> None:
        if not quiz.parts:
            raise ValueError("a quiz needs at least one part")
        self.quiz = quiz
        self.part_index = 0
        self.tries = 0
        self.hints_used = 0
        self.solution_shown = False
        self.part_solution_shown = False

    @property
    def finished(self) -> bool:
        return self.part_index >= len(self.quiz.parts)

    @property
    def mastered(self) -> bool:
        return self.finished and not self.solution_shown

    @property
    def current(self) -> Question | None:
        return None if self.finished else self.quiz.parts[self.part_index]

    @property
    def solution_available(self) -> bool:
        """The solution is offered once the learner has had both hints or tried three times."""
        return not self.finished and (
            self.hints_used >= 2 or self.tries >= SOLUTION_AFTER_TRIES or self.part_solution_shown
        )

    def submit(self, text: str) -> Submission:
        """Grade an answer to the current part; a correct one moves on to the next part."""
        question = self.current
        if question is None:
            raise RuntimeError("every part is already answered")
        feedback = grade(question, text)
        submission = Submission(
            question, self.part_index, text, feedback, self.hints_used, self.solution_shown
        )
        if feedback.status == "correct":
            self.part_index += 1
            self.tries = 0
            self.hints_used = 0
            self.part_solution_shown = False
        elif feedback.counts_as_attempt:
            self.tries += 1
        return submission

    def next_hint(self) -> str | None:
        """The next hint for the current part (None when both have been given)."""
        question = self.current
        if question is None or self.hints_used >= len(question.hints):
            return None
        self.hints_used += 1
        return question.hints[self.hints_used - 1]

    def hints_given(self) -> tuple[str, ...]:
        question = self.current
        return () if question is None else question.hints[: self.hints_used]

    def reveal_solution(self) -> str:
        """The worked solution of the current part; from now on this draw cannot be mastered."""
        question = self.current
        if question is None:
            raise RuntimeError("every part is already answered")
        if not self.solution_available:
            raise RuntimeError("the solution opens after both hints or three tries")
        self.solution_shown = True
        self.part_solution_shown = True
        return question.solution


__all__ = [
    "SOLUTION_AFTER_TRIES",
    "Feedback",
    "Mistake",
    "Question",
    "Quiz",
    "QuizNotConfirmed",
    "QuizSession",
    "QuizSpec",
    "Submission",
    "answer_example",
    "choice",
    "expected_text",
    "full_precision",
    "grade",
    "quiz_problems",
    "twin_agrees",
]
