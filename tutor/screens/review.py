"""Review: a short session of quiz parts from the lessons already studied, with fresh numbers.

Each question is the lessons' own quiz card (same hints, diagnosis and worked solutions) showing one
part of a quiz; the card records every answer under the lesson's step as usual, so the mastery
estimate and the review schedule follow from what is answered here. Which parts, and in what order,
is `lessons.review.plan_review`'s choice: due and weak skills first, mixed across lessons and kinds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from lessons.review import ReviewItem
from tutor.report import build_report, step_heading, when
from tutor.widgets.quiz_card import QuizCard

if TYPE_CHECKING:
    from tutor.app import GDTutorApp


class ReviewScreen(Screen[None]):
    """One question at a time; n moves on (answered or not), Esc goes home."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_question", "Next", id="review.next"),
        Binding("escape", "home", "Home", id="review.home"),
        Binding("r", "again", "Another review", id="review.again"),
    ]

    DEFAULT_CSS = """
    ReviewScreen #review-bar { height: 1; background: $boost; padding: 0 1; }
    ReviewScreen #review-name { width: 1fr; text-style: bold; }
    ReviewScreen #review-counter { width: auto; color: $accent; }
    ReviewScreen #review-keys { width: auto; color: $text-muted; }
    ReviewScreen #review-why { height: auto; padding: 0 1; color: $text-muted; }
    ReviewScreen #review-card { height: 1fr; }
    ReviewScreen #review-summary { height: 1fr; padding: 1 2; }
    """

    app: GDTutorApp

    def __init__(self, items: list[ReviewItem], *, title: str = "Review") -> None:
        super().__init__()
        if not items:
            raise ValueError("a review needs at least one question")
        self.items = items
        self.title_text = title
        self.index = 0
        #: Per question: "mastered" (right, no solution), "helped" (done with the solution), None.
        self.results: list[str | None] = [None] * len(items)

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-bar"):
            yield Static(self.title_text, id="review-name")
            yield Static(id="review-counter")
            yield Static("  n next · esc home", id="review-keys")
        yield Static(id="review-why")
        yield Container(id="review-card")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.sub_title = self.title_text
        await self._show_question()

    @property
    def item(self) -> ReviewItem:
        return self.items[self.index]

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    async def _show_question(self) -> None:
        holder = self.query_one("#review-card", Container)
        await holder.remove_children()
        if self.finished:
            self._show_summary(holder)
            return
        item = self.item
        lesson, step = item.part.lesson, item.part.step
        self.query_one("#review-counter", Static).update(
            f"question {self.index + 1} of {len(self.items)}"
        )
        self.query_one("#review-why", Static).update(
            Text(
                f"Lesson {lesson.number} · {step_heading(step.text, step.title)} · "
                f"{item.part.key} — {item.reason}"
            )
        )
        card = QuizCard(item.step, lesson.slug)
        await holder.mount(card)
        card.focus()

    def _show_summary(self, holder: Container) -> None:
        self.query_one("#review-counter", Static).update("done")
        self.query_one("#review-why", Static).update("")
        mastered = self.results.count("mastered")
        helped = self.results.count("helped")
        skipped = len(self.results) - mastered - helped
        lines = [
            Text(
                f"Review done: {mastered} of {len(self.items)} right without the worked solution.",
                style="bold",
            ),
        ]
        if helped:
            lines.append(Text(f"{helped} answered with the worked solution's help."))
        if skipped:
            lines.append(Text(f"{skipped} left unanswered; they stay due."))
        report = build_report(self.app.progress, self.app.clock())
        due = report.due
        if due:
            lines.append(Text(f"Still due: {len(due)} ({'; '.join(s.name for s in due[:3])})."))
        else:
            upcoming = [s for s in report.skills.values() if s.schedule.due_at is not None]
            if upcoming:
                soonest = min(upcoming, key=lambda s: s.schedule.due_at or 0.0)
                moment = soonest.schedule.due_at or report.now
                lines.append(Text(f"Next review: {soonest.name}, {when(moment, report.now)}."))
        lines.append(Text(""))
        lines.append(Text("r: another review · esc: home", style="dim"))
        summary = Static(Text("\n").join(lines), id="review-summary")
        holder.mount(summary)
        self.query_one("#review-keys", Static).update("  r again · esc home")

    # -- messages and actions ----------------------------------------------------------------------

    # The answer loop's card (helper i13) reports answers and moves as messages instead of writing
    # to the store itself; these handlers take them as the lesson screen does. Typed as Any until
    # that card is on main.

    def on_quiz_card_attempted(self, message: Any) -> None:
        """Keep every answer as the lesson does, under the quiz's own lesson and step."""
        submission = message.submission
        feedback = submission.feedback
        value = feedback.value
        self.app.progress.record_attempt(
            message.lesson_slug,
            message.step_id,
            submission.question.label,
            submission.typed,
            repr(value) if isinstance(value, float | tuple) else value,
            feedback.status,
            feedback.mistake,
            submission.hints_used,
            submission.solution_shown,
        )

    async def on_quiz_card_move_requested(self, message: Any) -> None:
        """The card's own "next" and "home" keys move through the review."""
        if message.where == "next":
            await self.action_next_question()
        elif message.where == "home":
            self.action_home()
        else:  # no "previous" in a review: the card keeps its keys
            for card in self.query(QuizCard):
                if hasattr(card, "leaving"):
                    card.leaving = False

    def on_quiz_card_mastered(self, message: QuizCard.Mastered) -> None:
        """Right without the solution: noted for the summary (a review completes no lesson step)."""
        message.stop()
        if not self.finished:
            self.results[self.index] = "mastered"

    async def action_next_question(self) -> None:
        if self.finished:
            return
        card = self.query(QuizCard).first(QuizCard) if self.query(QuizCard) else None
        session = card.session if card is not None else None
        if session is not None and session.finished and self.results[self.index] is None:
            self.results[self.index] = "helped"
        self.index += 1
        await self._show_question()

    def action_home(self) -> None:
        self.app.go_home()

    def action_again(self) -> None:
        if self.finished:
            self.app.go_home()
            self.app.open_review()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return self.finished
        if action == "next_question":
            return not self.finished
        return True
