"""Quizzes whose expected answers live next to their questions.

A `QuizSpec` draws fresh numbers from a seeded generator; the engine computes each expected value and
an independent numerical twin (a central difference, or a recomputation by another route). A quiz
whose two answers disagree is never shown. `grade` turns what the learner typed into feedback that
teaches: an echo of what was read, the verdict, and the likely mistake in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from engine import answers

AnswerKind = Literal["number", "shape", "choice"]
Status = Literal["correct", "invalid", "close", "mistake", "wrong"]

#: Largest relative disagreement allowed between the engine's answer and its numerical twin.
TWIN_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Mistake:
    """A common wrong answer: the value it produces and what to tell the learner who typed it."""

    key: str
    value: float | tuple[int, ...]
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
        if self.kind == "choice" and self.expected not in {key for key, _ in self.choices}:
            raise ValueError(f"{self.label}: expected choice {self.expected!r} is not offered")
        if self.kind == "number" and not math.isfinite(float(self.expected)):  # type: ignore[arg-type]
            raise ValueError(f"{self.label}: expected value {self.expected!r} is not finite")


@dataclass(frozen=True)
class Quiz:
    """A drawn quiz: the shared context with its numbers, then parts answered in order."""

    intro: str
    parts: tuple[Question, ...]
    figure: str | None = None


class QuizNotConfirmed(RuntimeError):
    """The engine's answer and its numerical twin disagreed on every draw."""


@dataclass(frozen=True)
class QuizSpec:
    """How to draw a quiz: `generate(rng)` builds a `Quiz` from fresh numbers."""

    generate: Callable[[np.random.Generator], Quiz]
    max_draws: int = 20

    def draw(self, rng: np.random.Generator) -> Quiz:
        """Draw a quiz whose every numeric answer agrees with its twin; redraw otherwise."""
        for _ in range(self.max_draws):
            quiz = self.generate(rng)
            if all(twin_agrees(part) for part in quiz.parts):
                return quiz
        raise QuizNotConfirmed("no draw produced answers confirmed by their numerical twins")


def twin_agrees(question: Question) -> bool:
    """True when a numeric answer matches its independently computed twin (or has none to match)."""
    if question.kind != "number" or question.twin is None:
        return True
    expected = float(question.expected)  # type: ignore[arg-type]
    twin = float(question.twin)
    scale = abs(expected) + abs(twin)
    if scale < 1e-12:
        return True
    return abs(expected - twin) / scale < TWIN_TOLERANCE


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
        verdict = answers.check_shape(text, tuple(question.expected))  # type: ignore[arg-type]
        mistakes = {m.key: m.message for m in question.mistakes}
        if verdict.mistake and verdict.mistake not in mistakes:
            mistakes[verdict.mistake] = (
                "That is the transposed shape: rows and columns are the other way round."
            )
        return _feedback_from_verdict(verdict, question, mistakes)
    verdict = answers.check(
        text,
        float(question.expected),  # type: ignore[arg-type]
        rtol=question.rtol,
        atol=question.atol,
        mistakes={m.key: float(m.value) for m in question.mistakes},  # type: ignore[arg-type]
    )
    return _feedback_from_verdict(verdict, question, {m.key: m.message for m in question.mistakes})


def _feedback_from_verdict(
    verdict: answers.Verdict, question: Question, messages: dict[str, str]
) -> Feedback:
    if not verdict.valid:
        return Feedback("invalid", verdict.echo, verdict.message)
    if verdict.correct:
        return Feedback("correct", verdict.echo, "Correct.", verdict.value)
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
    return Feedback(
        "wrong", verdict.echo, "Not quite. A hint is available (h).", verdict.value
    )


def _grade_choice(question: Question, text: str) -> Feedback:
    typed = " ".join(text.split()).casefold()
    if not typed:
        return Feedback("invalid", "", _choice_help(question))
    chosen: str | None = None
    for index, (key, label) in enumerate(question.choices, start=1):
        if typed in {key.casefold(), label.casefold(), str(index)}:
            chosen = key
            break
    if chosen is None:
        return Feedback("invalid", text.strip()[:40], _choice_help(question))
    label = dict(question.choices)[chosen]
    if chosen == question.expected:
        return Feedback("correct", label, "Correct.", chosen)
    for mistake in question.mistakes:
        if mistake.value == chosen:  # type: ignore[comparison-overlap]
            return Feedback("mistake", label, mistake.message, chosen, mistake.key)
    return Feedback("wrong", label, "Not that one. A hint is available (h).", chosen)


def _choice_help(question: Question) -> str:
    options = ", ".join(f"{i} ({label})" for i, (_, label) in enumerate(question.choices, 1))
    return f"Type the number of one option: {options}."


def choice(label: str, prompt: str, options: dict[str, str], expected: str, **kw: object) -> Question:
    """Shorthand for a multiple-choice question; options maps key → label in display order."""
    return Question(
        label=label,
        prompt=prompt,
        kind="choice",
        expected=expected,
        choices=tuple(options.items()),
        **kw,  # type: ignore[arg-type]
    )


__all__ = [
    "Feedback",
    "Mistake",
    "Question",
    "Quiz",
    "QuizNotConfirmed",
    "QuizSpec",
    "choice",
    "grade",
    "twin_agrees",
]

