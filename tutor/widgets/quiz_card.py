"""The quiz card: a question with the learner's numbers, an answer box, and feedback that teaches.

The rules (grading, parts in order, help that escalates, mastery) live in
`lessons.quiz.QuizSession`; this widget shows them.

How keys work on a quiz, the one model the footer, the help screen and the README describe:

- While a part is open, the answer box has the keys. Every printable key (letters, digits,
  operators, parentheses, any Unicode) is typed into the answer, whatever verdict came before: a
  wrong answer never moves focus away, and `q` is a letter here (ctrl+q always quits).
- The quiz's own commands are "Esc, then a key": Esc shows the quiz keys, then h hint, x solution,
  f fresh numbers, n next step, p previous step, ? help, and Esc again leaves the lesson. Any other
  key after Esc is typed as usual. A terminal sends Esc and a letter pressed together as alt+letter;
  that works the same.
- Once every part is answered the box is closed, and the same keys work with or without Esc.

Keys are handled strictly in the order they arrive. The answer box does all of it in its own key
handler (typing, editing, Enter, Esc and the commands), so nothing depends on the focus moving or
on Textual resolving a binding later: a burst such as "1⏎sqrt(2)⏎" is two answers, in order.
Keys that reach the card itself (focus arriving, a click) are passed on to the box in order.

What happens is posted up as typed messages (`QuizCard.Drawn`, `Attempted`, `HelpShown`, `Typed`,
`Mastered`, `MoveRequested`); the card never writes to the progress store itself. Each message that
changes the quiz carries `state`, the JSON-ready snapshot `QuizCard(saved=...)` restores: the
generator state the draw used, the parts answered, the hints shown and the text in the box.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.scalar import Scalar
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
    grade,
)

if TYPE_CHECKING:
    from tutor.app import GDTutorApp

#: Rows the feedback area keeps at least (its title line and two lines of text).
FEEDBACK_ROWS = 3

#: Version of the saved state's layout; a state of another version is not restored.
STATE_VERSION = 1

#: The quiz commands, by the key pressed after Esc (or with alt, or alone once the quiz is done).
COMMANDS: dict[str, str] = {
    "h": "hint",
    "x": "solution",
    "f": "new_numbers",
    "n": "next_step",
    "p": "previous_step",
    "question_mark": "help",
}

KEYS_TYPING = "Enter: check · Esc: quiz keys (hint, solution, new numbers, next, back)"
#: Shown after Esc, on one line at 80 columns (any other key is typed, as the README says).
KEYS_ARMED = "▶ h hint · x solution · f new numbers · n next · p back · ? help · Esc lessons"
KEYS_DONE = "f: new numbers · n: next step · p: back · Esc Esc: lessons"
KEYS_CLOSED = "f: try new numbers · n: next step · p: back · Esc Esc: lessons"

Where = Literal["next", "previous", "home"]

#: Input's own editing bindings, by key: the box runs them in arrival order, not as bindings.
_INPUT_ACTIONS: dict[str, str] = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if isinstance(binding, Binding)
    for key in binding.key.split(",")
}


def _draw_fingerprint(quiz: Quiz) -> str:
    """A short digest of what the learner sees and must answer: a restored draw must match it."""
    parts = [quiz.intro, quiz.figure or ""]
    for question in quiz.parts:
        parts += [question.label, question.prompt, expected_text(question)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def rng_from_state(state: object) -> np.random.Generator:
    """A generator in exactly the saved state (ValueError, TypeError or KeyError when unusable)."""
    if not isinstance(state, dict):
        raise TypeError("no generator state")
    bit_generator = getattr(np.random, str(state["bit_generator"]))()
    bit_generator.state = state
    return np.random.Generator(bit_generator)


class AnswerInput(Input):
    """The answer box: handles every key it gets itself, in the order the keys arrive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in the footer while typing; the key handler below does the work in order.
        Binding("enter", "submit", "Check", id="quiz.check"),
    ]

    def __init__(self, card: QuizCard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.card = card

    async def _on_key(self, event: events.Key) -> None:
        if await self.card.route_key(event, in_box=True):
            event.stop()
            event.prevent_default()
            return
        action = _INPUT_ACTIONS.get(event.key)
        if event.is_printable:
            await super()._on_key(event)
        elif action is not None and action != "submit":
            # Editing keys run now, between the characters around them, not when the binding
            # would be looked up after the event has bubbled (by then later keys are typed).
            event.stop()
            event.prevent_default()
            await self.run_action(action)

    async def action_submit(self) -> None:
        self.card.submit_answer(self.value)

    def _on_paste(self, event: events.Paste) -> None:
        self.card.disarm()
        super()._on_paste(event)


class QuizCard(Vertical, can_focus=True):
    """One quiz step: intro and figure (kept in view), the current part, answer box, feedback."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "quiz_keys", "Quiz keys", id="quiz.keys"),
        Binding("h", "hint", "Hint", key_display="Esc h", id="quiz.hint"),
        Binding("x", "solution", "Solution", key_display="Esc x", id="quiz.solution"),
        Binding("f", "new_numbers", "New numbers", key_display="Esc f", id="quiz.new_numbers"),
        Binding("n", "next_step", "Next", key_display="Esc n", id="quiz.next"),
        Binding("p", "previous_step", "Back", key_display="Esc p", id="quiz.previous"),
        # In a quiz q is a letter, never quit (ctrl+q quits anywhere); hidden, never in help.
        Binding("q", "typed_q", "", show=False, system=True),
        Binding("up", "scroll_feedback(-1)", "", show=False, system=True),
        Binding("down", "scroll_feedback(1)", "", show=False, system=True),
        Binding("pageup", "scroll_feedback(-10)", "", show=False, system=True),
        Binding("pagedown", "scroll_feedback(10)", "", show=False, system=True),
    ]

    DEFAULT_CSS = """
    QuizCard {
        height: 1fr;
        padding: 0 1;
        border-top: hkey $primary;
    }
    QuizCard:focus-within { border-top: hkey $accent; }
    QuizCard > * { height: auto; }
    QuizCard #quiz-question { height: auto; }
    QuizCard #quiz-question > * { height: auto; }
    QuizCard Markdown { margin: 0; padding: 0; }
    QuizCard #quiz-intro > * { margin: 0; }
    QuizCard #quiz-figure { color: $text; background: $boost; padding: 0 1; }
    QuizCard #quiz-answered { color: $success; }
    QuizCard #quiz-part { text-style: bold; color: $accent; }
    QuizCard #quiz-answer-row { height: 1; }
    QuizCard #quiz-answer-label { width: auto; padding-right: 1; text-style: bold; }
    QuizCard AnswerInput { width: 1fr; }
    QuizCard #quiz-keys { color: $text-muted; }
    QuizCard #quiz-keys.-armed { color: $text; background: $accent 30%; text-style: bold; }
    QuizCard #quiz-response {
        height: 1fr;
        min-height: 3;
        border-top: dashed $primary 50%;
        border-title-color: $text-muted;
        scrollbar-size-vertical: 1;
    }
    QuizCard #quiz-response.-empty { border-top: none; }
    QuizCard #quiz-response > * { height: auto; }
    QuizCard #quiz-feedback.-correct { color: $success; }
    QuizCard #quiz-feedback.-invalid { color: $warning; }
    QuizCard #quiz-feedback.-close { color: $warning; }
    QuizCard #quiz-feedback.-mistake { color: $error; }
    QuizCard #quiz-feedback.-wrong { color: $error; }
    QuizCard #quiz-help { margin-top: 1; }
    QuizCard #quiz-status { margin-top: 1; text-style: bold; }
    """

    app: GDTutorApp

    # -- messages (the card says what happened; the lesson screen keeps it) ----------------------

    class QuizMessage(Message):
        """Something happened on a quiz card; `state` is the card's snapshot after it."""

        def __init__(self, lesson_slug: str, step_id: str, state: dict[str, Any]) -> None:
            super().__init__()
            self.lesson_slug = lesson_slug
            self.step_id = step_id
            self.state = state

    class Drawn(QuizMessage):
        """Fresh numbers were drawn (the learner asked, or there was nothing to restore)."""

    class Attempted(QuizMessage):
        """An answer was graded (unreadable text is not an attempt and is not posted)."""

        def __init__(
            self, lesson_slug: str, step_id: str, state: dict[str, Any], submission: Submission
        ) -> None:
            super().__init__(lesson_slug, step_id, state)
            self.submission = submission

    class HelpShown(QuizMessage):
        """A hint (`kind` "hint") or the worked solution ("solution") was shown for a part."""

        def __init__(
            self, lesson_slug: str, step_id: str, state: dict[str, Any], kind: str, part: str
        ) -> None:
            super().__init__(lesson_slug, step_id, state)
            self.kind = kind
            self.part = part

    class Typed(QuizMessage):
        """The text in the answer box changed (frequent: keep it, write it when convenient)."""

    class Mastered(QuizMessage):
        """Every part of a draw answered correctly without the solution: the step is complete."""

    class MoveRequested(Message):
        """The learner asked to leave the quiz: to the next or previous step, or home."""

        def __init__(self, where: Where) -> None:
            super().__init__()
            self.where = where

    # -- building ---------------------------------------------------------------------------------

    def __init__(
        self,
        step: QuizStep,
        lesson_slug: str,
        *,
        saved: Mapping[str, Any] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.step = step
        self.lesson_slug = lesson_slug
        self.session: QuizSession | None = None
        self.error: str | None = None
        #: Esc was pressed: the next key is a quiz command (or, if it is not one, typed).
        self.armed = False
        #: The learner asked to leave: keys from here on belong to wherever they are going.
        self.leaving = False
        self._saved = dict(saved) if saved is not None else None
        self._rng_state: dict[str, Any] | None = None
        self._fingerprint = ""
        self._confirming_solution = False
        self._help: list[str] = []
        self._answered: list[str] = []
        self._last: Submission | None = None
        #: A note shown when saved numbers could not be restored.
        self._restore_note = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiz-question", can_focus=False):
            yield Markdown(id="quiz-intro")
            yield Static("", id="quiz-figure", markup=False)
        yield Static("", id="quiz-part", markup=False)
        yield Static("", id="quiz-prompt", markup=False)
        with Horizontal(id="quiz-answer-row"):
            yield Label("Answer ›", id="quiz-answer-label")
            yield AnswerInput(self, id="quiz-input", compact=True, select_on_focus=False)
        yield Static(KEYS_TYPING, id="quiz-keys", markup=False)
        with VerticalScroll(id="quiz-response", can_focus=False):
            yield Static("", id="quiz-answered", markup=False)
            yield Static("", id="quiz-feedback", markup=False)
            yield Static("", id="quiz-help", markup=False)
            yield Static("", id="quiz-status", markup=False)

    async def on_mount(self) -> None:
        area = self.query_one("#quiz-response", VerticalScroll)
        self.watch(area, "scroll_y", lambda _: self._update_scroll_cue(), init=False)
        saved, self._saved = self._saved, None
        if saved is None or not await self._restore(saved):
            await self.new_draw()

    @property
    def answer_box(self) -> AnswerInput:
        return self.query_one("#quiz-input", AnswerInput)

    @property
    def quiz(self) -> Quiz | None:
        return None if self.session is None else self.session.quiz

    @property
    def part_open(self) -> bool:
        """True while there is a part to answer (the answer box takes the keys)."""
        return self.session is not None and not self.session.finished

    def _draw(self, rng: np.random.Generator) -> Quiz:
        """Draw the step's quiz, remembering the generator state the draw started from."""
        self._rng_state = dict(rng.bit_generator.state)
        return self.step.quiz.draw(rng)

    async def new_draw(self) -> None:
        """Draw the same quiz with fresh numbers and start again from its first part."""
        previous = self._fingerprint
        try:
            quiz = self._draw(self.app.rng_for(f"{self.lesson_slug}/{self.step.id}"))
            for _ in range(3):  # after a restart a seeded draw may repeat the saved numbers
                if _draw_fingerprint(quiz) != previous:
                    break
                quiz = self._draw(self.app.rng_for(f"{self.lesson_slug}/{self.step.id}"))
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
        await self._start(quiz, QuizSession(quiz))
        self._show_part()
        if self._restore_note:
            self._set("#quiz-status", self._restore_note)
            self._restore_note = ""
        self.post_message(self.Drawn(self.lesson_slug, self.step.id, self.state()))

    async def _start(self, quiz: Quiz, session: QuizSession) -> None:
        self.session = session
        self._fingerprint = _draw_fingerprint(quiz)
        self._confirming_solution = False
        self._help = []
        self._answered = []
        self._last = None
        await self.query_one("#quiz-intro", Markdown).update(quiz.intro)
        self._show_figure()
        self._set_feedback("", None)
        self._set("#quiz-help", "")
        self._set("#quiz-status", "")
        self._set("#quiz-answered", "")
        self.query_one("#quiz-question", VerticalScroll).scroll_home(animate=False)

    def _show_figure(self) -> None:
        """The figure as the session stands (a worksheet fills in as parts are answered)."""
        text = None if self.session is None else self.session.figure()
        figure = self.query_one("#quiz-figure", Static)
        figure.update(Text(text or ""))
        figure.display = bool(text)
        self.call_after_refresh(self._fit)

    # -- saving and restoring ---------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything needed to show this card again as it is now, as JSON-ready values."""
        session = self.session
        last = self._last
        return {
            "version": STATE_VERSION,
            "rng": self._rng_state,
            "fingerprint": self._fingerprint,
            "session": None if session is None else session.to_state(),
            "answered": list(self._answered),
            "text": self.answer_box.value if self.is_mounted else "",
            "last": None if last is None else {"typed": last.typed, "part": last.part_index},
        }

    async def _restore(self, saved: Mapping[str, Any]) -> bool:
        """Show the saved draw where the learner left it; False (with a note) when it cannot be."""
        try:
            if saved.get("version") != STATE_VERSION:
                raise ValueError("saved by another version")
            quiz = self._draw(rng_from_state(saved["rng"]))
            if _draw_fingerprint(quiz) != saved.get("fingerprint"):
                raise ValueError("the question has changed since")
            session = QuizSession.from_state(quiz, saved.get("session") or {})
        except (QuizNotConfirmed, ValueError, TypeError, KeyError, AttributeError):
            self._restore_note = (
                "Your earlier numbers for this question could not be brought back (the question "
                "has changed since), so here are fresh ones."
            )
            return False
        await self._start(quiz, session)
        answered = saved.get("answered")
        if isinstance(answered, list):
            self._answered = [str(line) for line in answered][: session.part_index]
        question = session.current
        if question is not None:
            self._help = [
                f"Hint {number} of 2: {hint}"
                for number, hint in enumerate(session.hints_given(), start=1)
            ]
            if session.part_solution_shown:
                self._help.append(self._solution_line(question))
            last = saved.get("last")
            if isinstance(last, dict) and last.get("part") == session.part_index:
                typed = str(last.get("typed", ""))
                self._last = Submission(
                    question,
                    session.part_index,
                    typed,
                    grade(question, typed),
                    session.hints_used,
                    session.solution_shown,
                )
        self._show_part(text=str(saved.get("text") or ""))
        if self._last is not None and self._last.feedback.status != "invalid":
            self._set_feedback(_feedback_text(self._last, session), self._last.feedback.status)
        if self._help:
            self._set("#quiz-help", "\n".join(self._help))
        if session.finished:
            self._finish(announce=False)
        elif session.part_solution_shown:
            self._set("#quiz-status", SOLUTION_STATUS)
        return True

    # -- showing ----------------------------------------------------------------------------------

    def _set(self, selector: str, text: str | Text) -> None:
        widget = self.query_one(selector, Static)
        widget.update(text if isinstance(text, Text) else Text(text))
        widget.display = bool(str(text))
        self.call_after_refresh(self._fit)

    def _set_feedback(self, text: str, status: str | None) -> None:
        feedback = self.query_one("#quiz-feedback", Static)
        for name in ("correct", "invalid", "close", "mistake", "wrong"):
            feedback.set_class(name == status, f"-{name}")
        self._set("#quiz-feedback", text)

    def _show_part(self, *, text: str = "") -> None:
        """Show the current part's prompt (or the end of the quiz) and ready the answer box."""
        box = self.answer_box
        session = self.session
        question = None if session is None else session.current
        self._set("#quiz-answered", "\n".join(self._answered))
        if question is None or session is None:
            self._set("#quiz-part", "")
            self._set("#quiz-prompt", self.error or "")
            box.value = ""
            box.placeholder = ""
            box.disabled = True
            self.disarm()
            if self.screen.focused is box or self.screen.focused is None:
                self.screen.set_focus(self, scroll_visible=False)
            return
        parts = len(session.quiz.parts)
        if parts > 1:
            self._set("#quiz-part", f"Part {session.part_index + 1} of {parts} · {question.label}")
        else:  # one part: its label is already in the prompt or the intro
            self._set("#quiz-part", "")
        self._set("#quiz-prompt", _prompt_text(question))
        box.disabled = False
        box.value = text
        box.cursor_position = len(text)
        box.placeholder = answer_example(question)
        self._show_keys()
        if self.screen.focused is self:
            self.screen.set_focus(box, scroll_visible=False)

    def _show_keys(self) -> None:
        keys = self.query_one("#quiz-keys", Static)
        if self.armed:
            text = KEYS_ARMED
        elif self.part_open:
            text = KEYS_TYPING
        elif self.session is None:
            text = KEYS_CLOSED
        else:
            text = KEYS_DONE
        keys.update(Text(text))
        keys.set_class(self.armed, "-armed")
        self.refresh_bindings()

    def _update_scroll_cue(self) -> None:
        """Name the feedback area, and say when more of it is out of view and how to see it."""
        if not self.is_attached:
            return
        area = self.query_one("#quiz-response", VerticalScroll)
        empty = not any(child.display for child in area.children)
        area.set_class(empty, "-empty")
        if empty:
            area.border_title = ""
            return
        if area.max_scroll_y > 0:
            above = area.scroll_y > 0
            below = area.scroll_y < area.max_scroll_y
            more = " · ".join(
                [*(["▲ more above"] if above else []), *(["▼ more below"] if below else [])]
            )
            area.border_title = f"feedback · {more} · ↑ ↓ PgUp PgDn scroll"
        else:
            area.border_title = "feedback"

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Share the rows: the question's numbers get all that the part, the answer box, the keys
        line and three rows of feedback leave; what does not fit scrolls, top row in view."""
        if not self.is_attached:
            return
        fixed = sum(
            widget.outer_size.height
            for widget in self.query("#quiz-part, #quiz-prompt, #quiz-answer-row, #quiz-keys")
            if widget.display
        )
        room = max(2, self.content_region.height - fixed - FEEDBACK_ROWS)
        question = self.query_one("#quiz-question", VerticalScroll)
        if question.styles.max_height != Scalar.from_number(room):
            question.styles.max_height = room
        self._update_scroll_cue()

    def _reveal(self, selector: str) -> None:
        """Scroll a freshly written line into view in the feedback area, after it was sized.

        The learner may have left the step before that redraw: then there is nothing to scroll.
        """
        if not self.is_attached:
            return
        area = self.query_one("#quiz-response", VerticalScroll)
        for target in self.query(selector):
            if target.display:
                area.scroll_to_widget(target, animate=False, top=True)
        self._update_scroll_cue()

    def action_scroll_feedback(self, rows: int) -> None:
        area = self.query_one("#quiz-response", VerticalScroll)
        area.scroll_to(y=area.scroll_y + rows, animate=False)
        self.call_after_refresh(self._update_scroll_cue)

    # -- keys and focus ---------------------------------------------------------------------------

    def arm(self) -> None:
        self.armed = True
        self._show_keys()

    def disarm(self) -> None:
        if self.armed:
            self.armed = False
            if self.is_mounted:
                self._show_keys()

    def focus_card(self) -> None:
        """Show the quiz keys, as Esc does (kept for callers that step out of the answer box)."""
        if self.part_open:
            self.arm()
        elif self.is_attached:
            self.screen.set_focus(self, scroll_visible=False)

    def on_focus(self, event: events.Focus) -> None:
        """The card itself got focus (on arrival, a click, Tab): the answer box takes it on."""
        if self.part_open and not self.answer_box.disabled:
            self.screen.set_focus(self.answer_box, scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The letter bindings show (and act) only when the next key is a command."""
        if action in {"hint", "solution"}:
            return self.armed
        if action in {"new_numbers", "next_step", "previous_step"}:
            return self.armed or not self.part_open
        return True

    async def route_key(self, event: events.Key, *, in_box: bool) -> bool:
        """Act on a key that reached the answer box or the card, in arrival order.

        Returns True when the key was used here (the caller stops it). Printable keys and editing
        keys that are not commands are left to the box (False); when they reached the card
        rather than the box, they are passed on to the box, behind the keys already there.
        """
        if self.leaving:
            return self.screen_holds(event)
        key = event.key
        command_key = key[4:] if key.startswith("alt+") else key
        armed = self.armed
        if key == "escape":
            if armed:
                self.disarm()
                self._move("home")
            else:
                self.arm()
            return True
        if armed:
            self.disarm()
        if (armed or key.startswith("alt+") or not self.part_open) and command_key in COMMANDS:
            await self.run_command(COMMANDS[command_key])
            return True
        if not self.part_open:
            if event.is_printable or key == "enter":
                if key == "q":
                    self.action_typed_q()
                return True  # nothing to type into: no key falls through to a binding
            return False
        if key == "enter":
            self.submit_answer(self.answer_box.value)
            return True
        if key in ("tab", "shift+tab"):
            return True  # the answer keeps the keys
        if not in_box and (event.is_printable or key in _INPUT_ACTIONS):
            self.pass_to_box(event)
            return True
        return False

    def screen_holds(self, event: events.Key) -> bool:
        """While the card is being left, hand keys to the lesson screen to replay afterwards."""
        from tutor.screens.lesson import LessonScreen

        screen = self.screen
        if isinstance(screen, LessonScreen):
            screen.hold_key(event)
            return True
        return False

    def pass_to_box(self, event: events.Key | events.Paste) -> None:
        """Give a key (or pasted text) that reached the card to the answer box, after its own."""
        box = self.answer_box
        if isinstance(event, events.Key):
            box.post_message(events.Key(event.key, event.character))
        else:
            box.post_message(events.Paste(event.text))
        if self.screen.focused is not box:
            self.screen.set_focus(box, scroll_visible=False)

    async def on_key(self, event: events.Key) -> None:
        """Keys that reached the card itself (keys from the box were handled there)."""
        if await self.route_key(event, in_box=False):
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        if self.part_open:
            event.stop()
            self.pass_to_box(event)

    async def run_command(self, name: str) -> None:
        if name == "next_step":
            self._move("next")
        elif name == "previous_step":
            self._move("previous")
        elif name == "help":
            await self.app.run_action("help")
        elif name == "hint":
            self.action_hint()
        elif name == "solution":
            self.action_solution()
        elif name == "new_numbers":
            await self.action_new_numbers()

    def _move(self, where: Where) -> None:
        """Ask the lesson screen to move on; keys typed from now belong where the learner goes."""
        self.leaving = True
        self.post_message(self.MoveRequested(where))

    def action_quiz_keys(self) -> None:
        if not self.armed:
            self.arm()
        else:
            self.disarm()
            self._move("home")

    def action_next_step(self) -> None:
        self._move("next")

    def action_previous_step(self) -> None:
        self._move("previous")

    def action_typed_q(self) -> None:
        self.notify("In a quiz, q is a letter. ctrl+q quits the tutor.", timeout=4)

    @on(Input.Changed, "#quiz-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.session is not None:
            self.post_message(self.Typed(self.lesson_slug, self.step.id, self.state()))

    # -- answering --------------------------------------------------------------------------------

    @on(Input.Submitted, "#quiz-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # answers are submitted by the box's key handler, in order

    def submit_answer(self, text: str) -> None:
        """Grade `text` for the current part, at once (the keys after Enter see the result)."""
        session = self.session
        if session is None or session.finished:
            return
        box = self.answer_box
        self._confirming_solution = False
        submission = session.submit(text)
        feedback = submission.feedback
        self._last = submission
        if feedback.status == "correct":
            self._answered.append(
                f"✓ {submission.question.label}: {feedback.echo or submission.typed.strip()}"
            )
            self._help = []
            self._set("#quiz-help", "")
            self._set_feedback(_feedback_text(submission, session), feedback.status)
            self._show_figure()
            if session.finished:
                self._finish()
            else:
                self._set("#quiz-status", "")
                self._show_part()
        else:
            self._set_feedback(_feedback_text(submission, session), feedback.status)
            if feedback.status != "invalid":
                # The wrong answer stays, selected: typing replaces it, an arrow key edits it.
                box.select_all()
        if feedback.counts_as_attempt:
            self.post_message(
                self.Attempted(self.lesson_slug, self.step.id, self.state(), submission)
            )
        self.call_after_refresh(self._reveal, "#quiz-feedback")

    def _finish(self, *, announce: bool = True) -> None:
        session = self.session
        assert session is not None
        self._show_part()
        self._show_keys()
        if session.mastered:
            self._set(
                "#quiz-status",
                "Mastered ✓ every part right without the solution. "
                "n: next step · f: new numbers to practise again.",
            )
            if announce:
                self.post_message(self.Mastered(self.lesson_slug, self.step.id, self.state()))
        else:
            self._set(
                "#quiz-status",
                "All parts done, with the worked solution's help. "
                "Press f for new numbers and master it on your own.",
            )

    # -- help -------------------------------------------------------------------------------------

    def _show_help(self, kind: str | None = None) -> None:
        self._set("#quiz-help", "\n".join(self._help))
        last, session = self._last, self.session
        if (
            last is not None
            and session is not None
            and last.feedback.status
            not in (
                "correct",
                "invalid",
            )
        ):
            # The verdict stays; its "what next" line follows the help given since.
            self._set_feedback(_feedback_text(last, session), last.feedback.status)
        else:
            # A "could not read" note (or an old verdict) must not sit above the new help.
            self._set_feedback("", None)
        if kind is not None and session is not None and session.current is not None:
            self.post_message(
                self.HelpShown(
                    self.lesson_slug, self.step.id, self.state(), kind, session.current.label
                )
            )
        self.call_after_refresh(self._reveal, "#quiz-help")

    def action_hint(self) -> None:
        session = self.session
        self._confirming_solution = False
        if session is None or session.finished:
            self.app.bell()
            return
        hint = session.next_hint()
        if hint is None:
            self._help = [*self._help_without_prompts(), "Both hints are shown. Esc x: solution."]
            self._show_help()
            return
        self._help = [*self._help_without_prompts(), f"Hint {session.hints_used} of 2: {hint}"]
        self._show_help("hint")

    def _help_without_prompts(self) -> list[str]:
        return [line for line in self._help if line.startswith(("Hint ", "Solution"))]

    @staticmethod
    def _solution_line(question: Question) -> str:
        return (
            f"Solution for {question.label}:\n{question.solution}\n"
            f"The engine's value: {expected_text(question)}"
        )

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
                f"The worked solution opens after both hints (Esc h, {left} to go) "
                "or three tries. Have a go first.",
            ]
            self._show_help()
            return
        if not self._confirming_solution and not session.part_solution_shown:
            self._confirming_solution = True
            self._help = [
                *self._help_without_prompts(),
                "Press Esc x again to see the worked solution. After it, these numbers no longer "
                "count for mastery: Esc f gives new numbers to master the step.",
            ]
            self._show_help()
            return
        self._confirming_solution = False
        session.reveal_solution()
        question = session.current
        assert question is not None
        self._help = [
            *[line for line in self._help_without_prompts() if not line.startswith("Solution")],
            self._solution_line(question),
        ]
        self._set("#quiz-status", SOLUTION_STATUS)
        self._show_help("solution")

    async def action_new_numbers(self) -> None:
        await self.new_draw()


SOLUTION_STATUS = (
    "Solution shown: type the answer to go on, then Esc f for new numbers to master the step."
)


def _prompt_text(question: Question) -> str:
    """The part's question; a choice's options on one line when they are short (rows count)."""
    if question.kind != "choice":
        return question.prompt
    options = [f"{i}. {label}" for i, (_, label) in enumerate(question.choices, 1)]
    one_line = "   ".join(options)
    if len(one_line) <= 70:
        return f"{question.prompt}\n  {one_line}"
    return question.prompt + "".join(f"\n  {option}" for option in options)


def _feedback_text(submission: Submission, session: QuizSession) -> str:
    """The echo of what was read, then the verdict and what to do next."""
    feedback = submission.feedback
    if feedback.status == "invalid" and not submission.typed.strip():
        return (
            "Nothing to read yet: type your answer in the box, then press Enter.\n"
            f"It takes {answer_example(submission.question)}."
        )
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
        lines.append("Type a new answer, or Esc x for the worked solution.")
    elif session.hints_used < 2:
        lines.append("Type a new answer, or Esc h for a hint.")
    else:
        lines.append("Type a new answer (it replaces the old one).")
    return "\n".join(lines)
