"""The quiz card: a question with the learner's numbers, an answer box, and feedback that teaches.

The rules (grading, parts in order, help that escalates, mastery) live in
`lessons.quiz.QuizSession`; this widget shows them. Typing always goes to the answer box, so the
card's keys (h, x, f) only act once focus has left it: Esc leaves the box, and after a wrong answer
focus leaves it by itself so help is one key away. A digit typed on the card starts a new answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Markdown, Static

from lessons.model import QuizStep
from lessons.quiz import (
    Question,
    Quiz,
    QuizNotConfirmed,
    QuizSession,
    Submission,
    answer_example,
    expected_text,
)

if TYPE_CHECKING:
    from tutor.app import GDTutorApp

#: Keys that start a new answer when pressed on the card (none of them is a binding anywhere).
ANSWER_START = frozenset("0123456789-−+.(")

KEYS_TYPING = "Enter: check · Esc, then h: hint · x: solution · f: new numbers"
KEYS_ON_CARD = "Type a number or press Enter to answer · h: hint · x: solution · f: new numbers"
KEYS_DONE = "f: new numbers · n: next step"


class AnswerInput(Input):
    """The answer box: Esc hands focus back to the card instead of leaving the lesson."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "leave", "Leave the answer box", show=False, id="quiz.leave_answer"),
    ]

    def action_leave(self) -> None:
        card = next((a for a in self.ancestors if isinstance(a, QuizCard)), None)
        if card is not None:
            card.focus_card()


class QuizCard(VerticalScroll):
    """One quiz step: intro with numbers, figure, the current part, answer box, verdict, help."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("h", "hint", "Hint", id="quiz.hint"),
        Binding("x", "solution", "Solution", id="quiz.solution"),
        Binding("f", "new_numbers", "New numbers", id="quiz.new_numbers"),
        Binding("enter", "answer", "Answer", show=False, id="quiz.answer"),
    ]

    DEFAULT_CSS = """
    QuizCard {
        height: 1fr;
        padding: 0 1;
        border-top: hkey $primary;
    }
    QuizCard:focus { border-top: hkey $accent; }
    QuizCard > * { height: auto; }
    QuizCard > Markdown { margin: 0; padding: 0; }
    QuizCard #quiz-figure { color: $text; background: $boost; padding: 0 1; margin-bottom: 1; }
    QuizCard #quiz-part { text-style: bold; color: $accent; }
    QuizCard #quiz-answer-row { height: 1; margin-top: 1; }
    QuizCard #quiz-answer-label { width: auto; padding-right: 1; text-style: bold; }
    QuizCard AnswerInput { width: 1fr; }
    QuizCard #quiz-keys { color: $text-muted; }
    QuizCard #quiz-feedback { margin-top: 1; }
    QuizCard #quiz-feedback.-correct { color: $success; }
    QuizCard #quiz-feedback.-invalid { color: $warning; }
    QuizCard #quiz-feedback.-close { color: $warning; }
    QuizCard #quiz-feedback.-mistake { color: $error; }
    QuizCard #quiz-feedback.-wrong { color: $error; }
    QuizCard #quiz-help { margin-top: 1; }
    QuizCard #quiz-status { margin-top: 1; text-style: bold; }
    """

    app: GDTutorApp

    class Mastered(Message):
        """Every part of a draw answered correctly without the solution: the step is complete."""

        def __init__(self, lesson_slug: str, step_id: str) -> None:
            super().__init__()
            self.lesson_slug = lesson_slug
            self.step_id = step_id

    def __init__(self, step: QuizStep, lesson_slug: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step = step
        self.lesson_slug = lesson_slug
        self.session: QuizSession | None = None
        self.error: str | None = None
        self._confirming_solution = False
        #: True from a key that starts an answer on the card until the answer box has focus.
        self._starting_answer = False
        self._help: list[str] = []
        self._last: Submission | None = None

    # -- building ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Markdown(id="quiz-intro")
        yield Static("", id="quiz-figure", markup=False)
        yield Static("", id="quiz-part", markup=False)
        yield Static("", id="quiz-prompt", markup=False)
        with Horizontal(id="quiz-answer-row"):
            yield Label("Answer ›", id="quiz-answer-label")
            yield AnswerInput(id="quiz-input", compact=True, select_on_focus=False)
        yield Static(KEYS_TYPING, id="quiz-keys", markup=False)
        yield Static("", id="quiz-feedback", markup=False)
        yield Static("", id="quiz-help", markup=False)
        yield Static("", id="quiz-status", markup=False)

    async def on_mount(self) -> None:
        await self.new_draw()

    @property
    def answer_box(self) -> AnswerInput:
        return self.query_one("#quiz-input", AnswerInput)

    @property
    def quiz(self) -> Quiz | None:
        return None if self.session is None else self.session.quiz

    async def new_draw(self) -> None:
        """Draw the same quiz with fresh numbers and start again from its first part."""
        rng = self.app.rng_for(f"{self.lesson_slug}/{self.step.id}")
        try:
            quiz = self.step.quiz.draw(rng)
        except QuizNotConfirmed:
            self.session = None
            self.error = (
                "This question could not be confirmed by the engine's numerical check, so it is "
                "not asked. Press f to try new numbers."
            )
            await self.query_one("#quiz-intro", Markdown).update("")
            self._set("#quiz-figure", "")
            self._show_part()
            return
        self.error = None
        self.session = QuizSession(quiz)
        self._confirming_solution = False
        self._help = []
        self._last = None
        await self.query_one("#quiz-intro", Markdown).update(quiz.intro)
        figure = self.query_one("#quiz-figure", Static)
        figure.update(Text(quiz.figure or ""))
        figure.display = bool(quiz.figure)
        self._set_feedback("", None)
        self._set("#quiz-help", "")
        self._set("#quiz-status", "")
        self._show_part()
        self.scroll_home(animate=False)

    def _set(self, selector: str, text: str | Text) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text if isinstance(text, Text) else Text(text))
        widget.display = bool(str(text))

    def _set_feedback(self, text: str, status: str | None) -> None:
        feedback = self.query_one("#quiz-feedback", Static)
        for name in ("correct", "invalid", "close", "mistake", "wrong"):
            feedback.set_class(name == status, f"-{name}")
        self._set("#quiz-feedback", text)

    def _show_part(self) -> None:
        """Show the current part's prompt (or the end of the quiz) and ready the answer box."""
        box = self.answer_box
        session = self.session
        question = None if session is None else session.current
        if question is None or session is None:
            self._set("#quiz-part", "")
            self._set("#quiz-prompt", self.error or "")
            box.value = ""
            box.placeholder = ""
            box.disabled = True
            self._show_keys()
            self.call_after_refresh(self.focus_card)
            return
        parts = len(session.quiz.parts)
        if parts > 1:
            self._set("#quiz-part", f"Part {session.part_index + 1} of {parts} · {question.label}")
        else:  # one part: its label is already in the prompt or the intro
            self._set("#quiz-part", "")
        self._set("#quiz-prompt", _prompt_text(question))
        box.disabled = False
        box.value = ""
        box.placeholder = answer_example(question)
        self._show_keys()

    # -- focus and keys ---------------------------------------------------------------------------

    def focus_card(self) -> None:
        """Move focus from the answer box to the card itself, where h, x and f act."""
        if self.is_attached:
            self.focus(scroll_visible=False)

    def _typing(self) -> bool:
        return self.screen.focused is self.answer_box

    def _show_keys(self) -> None:
        if self.session is None or self.session.finished:
            keys = KEYS_DONE
        else:
            keys = KEYS_TYPING if self._typing() else KEYS_ON_CARD
        self._set("#quiz-keys", keys)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._starting_answer = False  # the box has the keys from here on
        self._show_keys()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_keys()

    def on_focus(self, event: events.Focus) -> None:
        self._show_keys()

    def on_key(self, event: events.Key) -> None:
        """A digit or a minus pressed on the card starts a new answer in the box.

        Focus moves to the box only after the keys already queued are handled, so a fast typist
        (or a terminal sending "0.5⏎" at once) has keys land here first: while that answer is
        being started, they are added to it and Enter submits it, so nothing typed is lost.
        """
        if self.screen.focused is not self:
            return
        box = self.answer_box
        if box.disabled:
            return
        character = event.character
        if self._starting_answer:
            if event.key == "enter":
                self._submit_started_answer()
            elif event.key == "backspace":
                box.value = box.value[:-1]
            elif character and character.isprintable():
                box.value += character
            else:
                return
        elif character in ANSWER_START:
            self._starting_answer = True
            box.value = character or ""
            box.focus()
        else:
            return
        event.stop()
        event.prevent_default()
        box.cursor_position = len(box.value)

    def _submit_started_answer(self) -> None:
        box = self.answer_box
        self._starting_answer = False
        box.post_message(Input.Submitted(box, box.value))

    def action_answer(self) -> None:
        if self._starting_answer:
            self._submit_started_answer()
            return
        self._type_answer()

    def _type_answer(self) -> None:
        """Put the learner in the answer box (its text selected, so typing replaces it)."""
        box = self.answer_box
        if not box.disabled:
            box.select_all()
            box.focus()

    # -- answering --------------------------------------------------------------------------------

    @on(Input.Submitted, "#quiz-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        session = self.session
        if session is None or session.finished:
            return
        self._confirming_solution = False
        submission = session.submit(event.value)
        feedback = submission.feedback
        if feedback.counts_as_attempt:
            self._record(submission)
        self._last = submission
        self._set_feedback(_feedback_text(submission, session), feedback.status)
        if feedback.status == "invalid":
            return  # keep the typed text and the focus: fix it and press Enter again
        if feedback.status == "correct":
            self._help = []
            self._set("#quiz-help", "")
            if session.finished:
                self._finish()
            else:
                self._show_part()
                self.answer_box.focus()
        else:
            self.focus_card()
            self._show_keys()
        self.call_after_refresh(self._reveal, "#quiz-feedback")

    def _reveal(self, selector: str) -> None:
        """Scroll a freshly written line into view, after the redraw that sized it.

        The learner may have left the step (n, p, Esc) before that redraw: then there is nothing
        left to scroll, and the card must not look for children it no longer has.
        """
        if not self.is_attached:
            return
        for target in self.query(selector):
            self.scroll_to_widget(target, animate=False, top=False)

    def _record(self, submission: Submission) -> None:
        feedback = submission.feedback
        value = feedback.value
        if isinstance(value, float | tuple):
            value = repr(value)
        self.app.progress.record_attempt(
            self.lesson_slug,
            self.step.id,
            submission.question.label,
            submission.typed,
            value,
            feedback.status,
            feedback.mistake,
            submission.hints_used,
            submission.solution_shown,
        )

    def _finish(self) -> None:
        session = self.session
        assert session is not None
        self._show_part()
        if session.mastered:
            self._set(
                "#quiz-status",
                "Mastered ✓ every part right without the solution. "
                "n: next step · f: new numbers to practise again.",
            )
            self.post_message(self.Mastered(self.lesson_slug, self.step.id))
        else:
            self._set(
                "#quiz-status",
                "All parts done, with the worked solution's help. "
                "Press f for new numbers and master it on your own.",
            )

    # -- help -------------------------------------------------------------------------------------

    def _show_help(self) -> None:
        self._set("#quiz-help", "\n".join(self._help))
        last, session = self._last, self.session
        if last is not None and session is not None and last.feedback.status != "correct":
            # The verdict stays; its "what next" line follows the help given since.
            self._set_feedback(_feedback_text(last, session), last.feedback.status)
        self.call_after_refresh(self._reveal, "#quiz-help")

    def action_hint(self) -> None:
        session = self.session
        self._confirming_solution = False
        if session is None or session.finished:
            self.app.bell()
            return
        hint = session.next_hint()
        if hint is None:
            self._help = [*self._help_without_prompts(), "Both hints are shown. x: the solution."]
        else:
            number = session.hints_used
            self._help = [
                *self._help_without_prompts(),
                f"Hint {number} of 2: {hint}",
            ]
        self._show_help()

    def _help_without_prompts(self) -> list[str]:
        return [line for line in self._help if line.startswith(("Hint ", "Solution"))]

    def action_solution(self) -> None:
        session = self.session
        if session is None or session.finished:
            self.app.bell()
            return
        if not session.solution_available:
            self._confirming_solution = False
            left = 2 - session.hints_used
            self._help = [
                *self._help_without_prompts(),
                f"The worked solution opens after both hints (h, {left} to go) "
                "or three tries. Have a go first.",
            ]
            self._show_help()
            return
        if not self._confirming_solution and not session.part_solution_shown:
            self._confirming_solution = True
            self._help = [
                *self._help_without_prompts(),
                "Press x again to see the worked solution. After it, these numbers no longer "
                "count for mastery: f gives new numbers to master the step.",
            ]
            self._show_help()
            return
        self._confirming_solution = False
        solution = session.reveal_solution()
        question = session.current
        assert question is not None
        self._help = [
            *[line for line in self._help_without_prompts() if not line.startswith("Solution")],
            f"Solution for {question.label}:\n{solution}\n"
            f"The engine's value: {expected_text(question)}",
        ]
        self._show_help()
        self._set(
            "#quiz-status",
            "Solution shown: type the answer to go on, then f for new numbers to master the step.",
        )

    async def action_new_numbers(self) -> None:
        await self.new_draw()
        self._type_answer()


def _prompt_text(question: Question) -> str:
    if question.kind != "choice":
        return question.prompt
    options = "\n".join(f"  {i}. {label}" for i, (_, label) in enumerate(question.choices, 1))
    return f"{question.prompt}\n{options}"


def _feedback_text(submission: Submission, session: QuizSession) -> str:
    """The echo of what was read, then the verdict and what to do next."""
    feedback = submission.feedback
    if feedback.status == "invalid":
        return f"{feedback.message}\nYour text is still in the box: fix it and press Enter."
    typed = " ".join(submission.typed.split())
    echo = feedback.echo
    if submission.question.kind == "number" and typed.replace("-", "−") != echo:
        echo = f"{typed} = {echo}"
    lines = [f"You entered {echo}.", feedback.message]
    if feedback.status == "correct":
        if not session.finished:
            lines.append("On to the next part.")
    elif session.solution_available and not session.part_solution_shown:
        lines.append("Try again, or x for the worked solution.")
    elif feedback.status == "wrong" and session.hints_used == 0:
        lines.append("A hint is ready: press h.")
    elif session.hints_used < 2:
        lines.append("Try again, or h for a hint.")
    else:
        lines.append("Try again: type a new answer.")
    return "\n".join(lines)
