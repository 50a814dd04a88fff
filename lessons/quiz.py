"""Quizzes whose expected answers live next to their questions.

A generator `rng -> Quiz` draws fresh numbers; the engine computes each expected value and an
independent numerical twin (a central difference, or a recomputation by another route). Parts are
typed (`NumberQuestion`, `ShapeQuestion`, `ChoiceQuestion`) and declared with the builders
`number`, `shape` and `choice`. `QuizSpec.draw` is the one draw loop: a quiz whose two answers
disagree is never shown, and neither is one where a usual mistake would give the right answer
or two mistakes coincide (a question that cannot tell understanding from the slip teaches
nothing). `grade` turns what the learner typed into feedback that teaches: an echo of what was
read, the verdict, and the likely mistake in words. `QuizSession` holds the rules of one learner
working through one draw (parts in order, help that escalates, mastery) so that any front end
applies the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from engine import answers, numfmt

if TYPE_CHECKING:  # NumPy is imported when a quiz is first drawn: loading lessons needs none
    import numpy as np

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

    The value is a number for number questions, a shape for shape questions and an option key for
    choice questions.
    """

    key: str
    value: float | tuple[int, ...] | str
    message: str


def _as_float(value: object) -> float:
    import numpy as np

    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected a number, got {value!r}")


def _as_shape(value: object) -> tuple[int, ...]:
    import numpy as np

    if isinstance(value, tuple) and all(isinstance(v, (int, np.integer)) for v in value):
        return tuple(int(v) for v in value)
    raise TypeError(f"expected a shape (a tuple of ints), got {value!r}")


def _check_hints(label: str, hints: tuple[str, ...]) -> None:
    if len(hints) != 2:
        raise ValueError(f"{label}: a question has exactly two hints")


@dataclass(frozen=True)
class NumberQuestion:
    """A value to compute, graded within rtol/atol, with an independently computed twin."""

    label: str
    prompt: str
    expected: float
    hints: tuple[str, str]
    solution: str
    twin: float | None = None
    mistakes: tuple[Mistake, ...] = ()
    rtol: float = 1e-2
    atol: float = 1e-4

    kind: ClassVar[Literal["number"]] = "number"
    choices: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __post_init__(self) -> None:
        _check_hints(self.label, self.hints)
        if not math.isfinite(_as_float(self.expected)):
            raise ValueError(f"{self.label}: expected value {self.expected!r} is not finite")
        for mistake in self.mistakes:
            _as_float(mistake.value)

    def mistake_values(self) -> dict[str, float]:
        return {m.key: _as_float(m.value) for m in self.mistakes}


@dataclass(frozen=True)
class ShapeQuestion:
    """An array shape to give, e.g. (4, 2); the reversed shape is diagnosed as transposed."""

    label: str
    prompt: str
    expected: tuple[int, ...]
    hints: tuple[str, str]
    solution: str
    mistakes: tuple[Mistake, ...] = ()

    kind: ClassVar[Literal["shape"]] = "shape"
    choices: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __post_init__(self) -> None:
        _check_hints(self.label, self.hints)
        if not isinstance(self.expected, tuple) or not self.expected:
            raise ValueError(f"{self.label}: expected shape must be a non-empty tuple")
        _as_shape(self.expected)
        for mistake in self.mistakes:
            _as_shape(mistake.value)


@dataclass(frozen=True)
class ChoiceQuestion:
    """One option to pick from `choices` (key, label) in display order."""

    label: str
    prompt: str
    expected: str
    choices: tuple[tuple[str, str], ...]
    hints: tuple[str, str]
    solution: str
    mistakes: tuple[Mistake, ...] = ()

    kind: ClassVar[Literal["choice"]] = "choice"

    def __post_init__(self) -> None:
        _check_hints(self.label, self.hints)
        keys = {key for key, _ in self.choices}
        if self.expected not in keys:
            raise ValueError(f"{self.label}: expected choice {self.expected!r} is not offered")
        for mistake in self.mistakes:
            if mistake.value not in keys or mistake.value == self.expected:
                raise ValueError(f"{self.label}: mistake {mistake.key!r} must name a wrong option")


#: One part of a quiz: a number, a shape or a choice.
Question = NumberQuestion | ShapeQuestion | ChoiceQuestion


@dataclass(frozen=True)
class Quiz:
    """A drawn quiz: the shared context with its numbers, then parts answered in order."""

    intro: str
    parts: tuple[Question, ...]
    figure: str | None = None
    #: A figure that follows the learner (the worksheet): called with the learner's accepted
    #: values by part label (answered parts only) and the label of the part being asked (None
    #: once every part is answered); `figure` is what it draws before any answer.
    worksheet: Callable[[Mapping[str, float], str | None], str] | None = None

    def figure_for(self, answers: Mapping[str, float], asking: str | None) -> str | None:
        """The figure to show with these parts answered and `asking` open."""
        if self.worksheet is None:
            return self.figure
        return self.worksheet(answers, asking)


class QuizNotConfirmed(RuntimeError):
    """No draw produced a question fit to ask (twins disagreed, a mistake hid the answer, or the
    generator failed); the card says so and offers another try."""


class Redraw(Exception):
    """Raised by a generator when these numbers would make a poor question: draw again."""


def require(condition: bool, reason: str) -> None:
    """Redraw unless `condition` holds (e.g. the answer survives rounding the shown numbers)."""
    if not condition:
        raise Redraw(reason)


#: Draws tried before a quiz gives up (QuizNotConfirmed); every lesson quiz succeeds in a few.
MAX_DRAWS = 50


@dataclass(frozen=True)
class QuizSpec:
    """How to draw a quiz: `generate(rng)` builds a `Quiz` from fresh numbers."""

    generate: Callable[[np.random.Generator], Quiz]
    max_draws: int = MAX_DRAWS

    def draw(self, rng: np.random.Generator) -> Quiz:
        """The one draw loop: a quiz that passes `quiz_problems`, redrawn up to `max_draws` times.

        A draw is redrawn when the generator asks (`Redraw`), when it fails in any way (an
        overflow, a NaN refused by a question, a bug: nothing a generator raises reaches the
        screen) or when `quiz_problems` finds something wrong. After `max_draws` tries it raises
        `QuizNotConfirmed` naming the last reason, which the quiz card shows with a retry key.
        """
        import numpy as np

        problems: list[str] = []
        for _ in range(self.max_draws):
            try:
                # An overflow or NaN is a bad draw, not a warning on the learner's screen.
                with np.errstate(over="raise", divide="raise", invalid="raise"):
                    quiz = self.generate(rng)
            except Redraw as reason:
                problems = [f"redrawn: {reason}"]
                continue
            except Exception as error:  # a generator's failure is a failed draw, never a crash
                problems = [f"the draw failed: {type(error).__name__}: {error}"]
                continue
            if not isinstance(quiz, Quiz) or not quiz.parts:
                problems = [f"the generator returned {type(quiz).__name__}, not a Quiz with parts"]
                continue
            problems = quiz_problems(quiz)
            if not problems:
                return quiz
        raise QuizNotConfirmed(
            f"no draw in {self.max_draws} could be confirmed; the last: " + "; ".join(problems)
        )


def twin_agrees(question: Question) -> bool:
    """True when a numeric answer matches its independently computed twin (or has none to match)."""
    if not isinstance(question, NumberQuestion) or question.twin is None:
        return True
    expected = question.expected
    twin = float(question.twin)
    if not math.isfinite(twin):
        return False
    scale = abs(expected) + abs(twin)
    if scale < 1e-12:
        return True
    return abs(expected - twin) / scale < TWIN_TOLERANCE


def _tolerance(question: NumberQuestion, target: float) -> float:
    return max(question.rtol * abs(target), question.atol)


def quiz_problems(quiz: Quiz) -> list[str]:
    """Why a drawn quiz must not be shown (empty when it is fine to ask): THE distinctness rule.

    A numeric answer must agree with its twin; each listed mistake must be finite, and farther
    than twice the tolerance from the right answer (else typing it would be accepted as correct)
    and from every other mistake (else the two coincide), so that typing it is diagnosed as that
    mistake and nothing else.
    """
    problems: list[str] = []
    for part in quiz.parts:
        if not twin_agrees(part):
            problems.append(
                f"{part.label}: engine {part.expected!r} ≠ numerical twin "
                f"{getattr(part, 'twin', None)!r}"
            )
        if not isinstance(part, NumberQuestion):
            continue
        expected = part.expected
        values: list[tuple[str, float]] = []
        for key, value in part.mistake_values().items():
            if not math.isfinite(value):
                problems.append(f"{part.label}: mistake {key!r} is not finite")
                continue
            if abs(value - expected) <= 2 * _tolerance(part, expected):
                problems.append(f"{part.label}: mistake {key!r} gives the right answer")
            for other_key, other in values:
                if abs(value - other) <= 2 * max(_tolerance(part, value), _tolerance(part, other)):
                    problems.append(f"{part.label}: mistakes {other_key!r} and {key!r} coincide")
            values.append((key, value))
    return problems


# -- building questions ----------------------------------------------------------------------------
#: A mistake as a generator lists it: key → (the value it gives, what to tell the learner).
MistakeTable = Mapping[str, tuple[Any, str]]


def _mistakes(table: MistakeTable | Sequence[Mistake]) -> tuple[Mistake, ...]:
    if isinstance(table, Mapping):
        return tuple(Mistake(key, value, message) for key, (value, message) in table.items())
    return tuple(table)


def number(
    label: str,
    answer: float,
    twin: float | None,
    *,
    hints: tuple[str, str],
    solution: str,
    mistakes: MistakeTable | Sequence[Mistake] = (),
    prompt: str | None = None,
    rtol: float = 1e-2,
    atol: float = 1e-4,
) -> NumberQuestion:
    """A numeric part: its answer, its numerical twin, two hints, the solution and the usual
    mistakes (key → (value, message)). `prompt` defaults to "label =". List only the slips these
    numbers can show: the draw loop redraws when a listed one gives the right answer or another
    listed one's value."""
    return NumberQuestion(
        label=label,
        prompt=f"{label} =" if prompt is None else prompt,
        expected=float(answer),
        hints=hints,
        solution=solution,
        twin=None if twin is None else float(twin),
        mistakes=tuple(Mistake(m.key, _as_float(m.value), m.message) for m in _mistakes(mistakes)),
        rtol=rtol,
        atol=atol,
    )


def shape(
    label: str,
    expected: tuple[int, ...],
    *,
    hints: tuple[str, str],
    solution: str,
    mistakes: MistakeTable | Sequence[Mistake] = (),
    prompt: str | None = None,
    transposed: bool = True,
) -> ShapeQuestion:
    """A shape part; with `transposed`, the reversed shape is listed as the transposed mistake."""
    expected = tuple(int(v) for v in expected)
    listed = list(_mistakes(mistakes))
    flipped = tuple(reversed(expected))
    if transposed and flipped != expected and not any(m.key == "transposed" for m in listed):
        listed.append(Mistake("transposed", flipped, TRANSPOSED_MESSAGE))
    return ShapeQuestion(
        label=label,
        prompt=f"shape of {label} =" if prompt is None else prompt,
        expected=expected,
        hints=hints,
        solution=solution,
        mistakes=tuple(listed),
    )


def choice(
    label: str,
    prompt: str,
    options: Mapping[str, str],
    expected: str,
    *,
    hints: tuple[str, str],
    solution: str,
    mistakes: MistakeTable | Sequence[Mistake] = (),
) -> ChoiceQuestion:
    """A multiple-choice part; `options` maps key → label in display order."""
    return ChoiceQuestion(
        label=label,
        prompt=prompt,
        expected=expected,
        choices=tuple(options.items()),
        hints=hints,
        solution=solution,
        mistakes=_mistakes(mistakes),
    )


def expected_text(question: Question) -> str:
    """The right answer as the tutor states it: every digit, a shape, or the option's label."""
    if isinstance(question, NumberQuestion):
        return numfmt.precise(question.expected)
    if isinstance(question, ShapeQuestion):
        return numfmt.shape(question.expected)
    return dict(question.choices)[question.expected]


def answer_example(question: Question) -> str:
    """What kind of text the answer box takes, for its placeholder."""
    if isinstance(question, NumberQuestion):
        return "a number or an expression, e.g. −0.27 or 0.73 − 1"
    if isinstance(question, ShapeQuestion):
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
    if isinstance(question, ChoiceQuestion):
        return _grade_choice(question, text)
    if isinstance(question, ShapeQuestion):
        return _grade_shape(question, text)
    verdict = answers.check(
        text,
        question.expected,
        rtol=question.rtol,
        atol=question.atol,
        mistakes=question.mistake_values(),
    )
    return _feedback_from_verdict(verdict, question, {m.key: m.message for m in question.mistakes})


def _grade_shape(question: ShapeQuestion, text: str) -> Feedback:
    bare = text.strip() if isinstance(text, str) else ""
    if bare.isdecimal():  # "3" could be (3,) or (3, 1): a shape question wants it spelled out
        n = str(int(bare)) if len(bare) <= 7 else "n"  # never int() of thousands of digits
        return Feedback(
            "invalid",
            bare[:12] + ("…" if len(bare) > 12 else ""),
            f"A bare number is not a shape: type ({n},) for a rank-1 array or ({n}, 1) for a "
            "column.",
        )
    verdict = answers.check_shape(text, question.expected)
    if not verdict.valid:
        return Feedback("invalid", verdict.echo, verdict.message)
    typed = answers.parse_shape(text)  # readable: check_shape just read it
    if verdict.correct:
        return Feedback("correct", verdict.echo, _correct_message(question), typed)
    for mistake in question.mistakes:
        if _as_shape(mistake.value) == typed:
            return Feedback("mistake", verdict.echo, mistake.message, typed, mistake.key)
    if verdict.mistake == "transposed":
        return Feedback("mistake", verdict.echo, TRANSPOSED_MESSAGE, typed, "transposed")
    return Feedback("wrong", verdict.echo, "Not that shape.", typed)


def _correct_message(question: Question) -> str:
    if isinstance(question, NumberQuestion):
        value = numfmt.computed(question.expected)
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


def _grade_choice(question: ChoiceQuestion, text: str) -> Feedback:
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


def _choice_help(question: ChoiceQuestion) -> str:
    options = ", ".join(f"{i} ({label})" for i, (_, label) in enumerate(question.choices, 1))
    return f"Type the number of one option: {options}."


#: Every digit the engine computed, without float noise (kept under its old name for callers).
full_precision = numfmt.precise


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
        #: The learner's accepted value of each answered number part, by label.
        self.answers: dict[str, float] = {}

    def figure(self) -> str | None:
        """The quiz's figure as it stands: the learner's accepted values filled in."""
        answers = dict(self.answers)
        for part in self.quiz.parts[: self.part_index]:  # answered before values were kept
            if isinstance(part, NumberQuestion):
                answers.setdefault(part.label, part.expected)
        current = self.current
        return self.quiz.figure_for(answers, None if current is None else current.label)

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
            if isinstance(question, NumberQuestion) and isinstance(feedback.value, float):
                self.answers[question.label] = feedback.value
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

    def to_state(self) -> dict[str, Any]:
        """Where the learner is in this draw, as JSON-ready values (not the draw itself)."""
        return {
            "part_index": self.part_index,
            "tries": self.tries,
            "hints_used": self.hints_used,
            "solution_shown": self.solution_shown,
            "part_solution_shown": self.part_solution_shown,
            "answers": dict(self.answers),
        }

    @classmethod
    def from_state(cls, quiz: Quiz, state: Mapping[str, object]) -> QuizSession:
        """The session `to_state` described, on the same draw; ValueError when it does not fit."""

        def count(name: str) -> int:
            value = state.get(name, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"not a quiz session state: {name} = {value!r}")
            return value

        session = cls(quiz)
        session.part_index = count("part_index")
        session.tries = count("tries")
        session.hints_used = count("hints_used")
        if session.part_index > len(quiz.parts) or session.hints_used > 2:
            raise ValueError(f"the state does not fit this quiz: {dict(state)!r}")
        session.solution_shown = bool(state.get("solution_shown", False))
        session.part_solution_shown = bool(state.get("part_solution_shown", False))
        answers = state.get("answers") or {}
        if isinstance(answers, Mapping):
            labels = {part.label for part in quiz.parts[: session.part_index]}
            session.answers = {
                str(k): float(v)
                for k, v in answers.items()
                if k in labels and isinstance(v, (int, float)) and math.isfinite(v)
            }
        return session


__all__ = [
    "MAX_DRAWS",
    "SOLUTION_AFTER_TRIES",
    "ChoiceQuestion",
    "Feedback",
    "Mistake",
    "NumberQuestion",
    "Question",
    "Quiz",
    "QuizNotConfirmed",
    "QuizSession",
    "QuizSpec",
    "Redraw",
    "ShapeQuestion",
    "Submission",
    "answer_example",
    "choice",
    "expected_text",
    "full_precision",
    "grade",
    "number",
    "quiz_problems",
    "require",
    "shape",
    "twin_agrees",
]
