"""A lesson: one step at a time, its text above and its demo or quiz below."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Markdown, Static

from lessons import DemoStep, Lesson, QuizStep, Step, TextStep
from tutor.report import step_heading

if TYPE_CHECKING:
    from tutor.app import GDTutorApp


class LessonScreen(Screen[None]):
    """Steps in lecture order: n completes a text step, a demo run to its end completes a demo step,
    and a mastered quiz completes a quiz step."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("n", "next_step", "Next", id="lesson.next"),
        Binding("p", "previous_step", "Back", id="lesson.previous"),
        Binding("escape", "home", "Lessons", id="lesson.home"),
    ]

    app: GDTutorApp
    index: reactive[int] = reactive(0, init=False)

    def __init__(self, lesson: Lesson, step: int = 0) -> None:
        super().__init__()
        self.lesson = lesson
        self.set_reactive(LessonScreen.index, max(0, min(step, len(lesson.steps) - 1)))

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    def compose(self) -> ComposeResult:
        # No app header here: the lesson bar names the lesson, and at 80×24 every row counts.
        with Horizontal(id="lesson-bar"):
            yield Static(
                f"Lesson {self.lesson.number} · {self.lesson.title} ({self.lesson.lecture})",
                id="lesson-name",
            )
            yield Static(id="step-counter")
            # The footer can overflow when a demo adds its keys; the way on is always shown here.
            yield Static("  n next · p back · esc lessons", id="step-keys")
        with VerticalScroll(id="step-text"):
            yield Markdown(id="step-markdown")
        yield Container(id="activity")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.sub_title = f"Lesson {self.lesson.number}: {self.lesson.title}"
        await self._show_step()

    async def watch_index(self) -> None:
        await self._show_step()

    async def _show_step(self) -> None:
        """Render the current step: its text, then a fresh demo or quiz card for it."""
        step = self.step
        self._update_counter()
        await self.query_one("#step-markdown", Markdown).update(step.text)
        text_pane = self.query_one("#step-text", VerticalScroll)
        text_pane.scroll_home(animate=False)
        activity = self.query_one("#activity", Container)
        await activity.remove_children()
        widget = self._activity_for(step)
        self.set_class(widget is not None, "-with-activity")
        if widget is not None:
            await activity.mount(widget)
            # A quiz card takes focus itself, not its answer box, so n and p still move on.
            widget.focus()
        else:
            text_pane.focus()
        self.app.progress.set_position(self.lesson.slug, step.id)

    def _activity_for(self, step: Step) -> Widget | None:
        if isinstance(step, DemoStep):
            from tutor.widgets.demo_view import DemoView

            # Lesson demos wait for space: the learner reads the step's few lines first and
            # then watches the run from its first step rather than catching it half-way.
            return DemoView(step.make_demo(), autoplay=False)
        if isinstance(step, QuizStep):
            from tutor.widgets.quiz_card import QuizCard

            return QuizCard(step, self.lesson.slug)
        return None

    # -- actions -----------------------------------------------------------------------------------

    def action_next_step(self) -> None:
        step = self.step
        if isinstance(step, TextStep):
            self.app.progress.complete_step(self.lesson.slug, step.id)
        if self.index + 1 < len(self.lesson.steps):
            self.index += 1
            return
        self._finish()

    def action_previous_step(self) -> None:
        if self.index > 0:
            self.index -= 1

    def action_home(self) -> None:
        self.app.go_home()

    def _finish(self) -> None:
        """At the end of the lesson: say what is complete and what is left, then go home."""
        done = self.app.progress.completed_steps(self.lesson.slug)
        left = [s for s in self.lesson.steps if s.id not in done]
        if not left:
            self.app.notify(
                f"Lesson {self.lesson.number} complete: every step done.", title="Well done"
            )
        else:
            names = ", ".join(
                f"{self.lesson.step_index(s.id) + 1}. {step_heading(s.text, s.title)}"
                for s in left[:3]
            )
            more = f" and {len(left) - 3} more" if len(left) > 3 else ""
            self.app.notify(
                f"End of lesson {self.lesson.number}. Still to master: {names}{more}.",
                title="Almost there",
                timeout=8,
            )
        self.app.go_home()

    def on_demo_view_finished(self, message: Message) -> None:
        """A demo run to its outcome, or stepped through to its last stage, completes its step."""
        step = self.step
        if isinstance(step, DemoStep):
            self.app.progress.complete_step(self.lesson.slug, step.id)
            self._update_counter()

    def on_quiz_card_mastered(self, message: object) -> None:
        """A quiz answered without the solution completes its step."""
        step_id = getattr(message, "step_id", self.step.id)
        self.app.progress.complete_step(self.lesson.slug, step_id)
        if step_id == self.step.id:
            self._update_counter()

    def _update_counter(self) -> None:
        done = self.step.id in self.app.progress.completed_steps(self.lesson.slug)
        mark = " ✓" if done else ""
        self.query_one("#step-counter", Static).update(
            f"step {self.index + 1} of {len(self.lesson.steps)}{mark}"
        )
