"""A lesson: one step at a time, its text above and its demo or quiz below."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.console import Console
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.events import Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Markdown, Static

from lessons import DemoStep, Lesson, QuizStep, Step

if TYPE_CHECKING:
    from tutor.app import GDTutorApp

#: Below this many rows a demo step shows its text as a two-line brief (t reads it all), so the
#: demo's picture keeps at least ten rows at 80×24. Taller terminals show the whole text.
BRIEF_BELOW_ROWS = 34
#: Rows of the brief.
BRIEF_ROWS = 2
#: Markdown emphasis and code spans, whose words the brief keeps without the marks.
EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|`(.+?)`")


def plain_markdown(text: str) -> tuple[str, str]:
    """(heading, body) of a step's Markdown as plain words: no #, **, ` or line breaks."""
    heading = ""
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("#"):
        heading = lines[0].lstrip("#").strip()
        lines = lines[1:]
    # Prose only: code blocks (fenced or indented) are equations that need their own lines.
    prose: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith(("    ", "\t")) or not line.strip():
            continue
        prose.append(line.strip())
    body = " ".join(prose)
    return heading, EMPHASIS.sub(lambda m: next(g for g in m.groups() if g), body)


def brief_text(text: str, width: int, rows: int = BRIEF_ROWS) -> Text:
    """The step's heading and first words, wrapped to `rows` lines of `width`.

    When the text is longer, its last line ends with "… t reads all" instead of its next words.
    """
    heading, body = plain_markdown(text)
    brief = Text(no_wrap=False)
    if heading:
        brief.append(heading, "bold")
        brief.append(" · ")
    brief.append(body)
    width = max(20, width)
    lines = brief.wrap(_NULL_CONSOLE, width)
    if len(lines) <= rows:
        return brief
    more = Text("… t reads all", "italic")
    kept = lines[: rows - 1]
    for line in kept:
        line.rstrip()
    last = lines[rows - 1]
    room = max(0, width - more.cell_len)
    if last.cell_len > room:
        cut = last.plain.rfind(" ", 0, room + 1)
        last.truncate(cut if cut > room // 2 else room, overflow="crop")
    last.rstrip()
    kept.append(Text.assemble(last, more))
    return Text("\n").join(kept)


def _console() -> Console:
    return Console(width=200, file=None)


_NULL_CONSOLE = _console()


class LessonScreen(Screen[None]):
    """Steps in lecture order; moving on with n completes a text or demo step."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("n", "next_step", "Next", id="lesson.next"),
        Binding("p", "previous_step", "Back", id="lesson.previous"),
        Binding("escape", "home", "Lessons", id="lesson.home"),
        Binding("t", "toggle_text", "Text", id="lesson.text"),
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
                markup=False,
            )
            yield Static(id="step-counter")
            # The footer can overflow when a demo adds its keys; the way on is shown here too
            # when the bar has room for it after the lesson's name.
            yield Static("  n next · p back · esc lessons", id="step-keys")
        yield Static(id="step-brief")
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
        self.set_class(False, "-reading")
        self._fit_layout()
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

    # -- layout ------------------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._fit_layout()

    @property
    def brief(self) -> bool:
        """True while the step's text shows as a two-line brief (a demo step on a short screen)."""
        return self.has_class("-brief")

    def _fit_layout(self) -> None:
        """Brief text on short screens for demo steps, and a lesson bar that fits its width."""
        if not self.is_mounted:
            return
        width, height = self.size
        if not width:
            return
        brief = isinstance(self.step, DemoStep) and height < BRIEF_BELOW_ROWS
        self.set_class(brief, "-brief")
        if brief:
            self.query_one("#step-brief", Static).update(brief_text(self.step.text, width - 2))
        self._fit_bar(width)
        self.refresh_bindings()

    def _fit_bar(self, width: int) -> None:
        """The lesson's name, shortened rather than cut: with its lecture, without, or as L1."""
        lesson = self.lesson
        counter_width = len(f"step {self.index + 1} of {len(lesson.steps)} ✓")
        keys = self.query_one("#step-keys", Static)
        keys_width = len("  n next · p back · esc lessons")
        room = width - 2 - counter_width - 1
        names = (
            f"Lesson {lesson.number} · {lesson.title} ({lesson.lecture})",
            f"Lesson {lesson.number} · {lesson.title}",
            f"L{lesson.number} · {lesson.title}",
        )
        # The name matters more than the keys (the footer shows them too).
        name = next((n for n in names if len(n) <= room), None)
        if name is None:
            name = names[-1][: max(1, room - 1)].rstrip() + "…"
        show_keys = len(name) + keys_width <= room
        keys.display = show_keys
        self.query_one("#lesson-name", Static).update(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The text key is there only where the text is folded into a brief."""
        if action == "toggle_text":
            return self.brief
        return True

    def action_toggle_text(self) -> None:
        """Swap the demo for the step's whole text, and back (only on short screens)."""
        if not self.brief:
            return
        reading = not self.has_class("-reading")
        self.set_class(reading, "-reading")
        if reading:
            self.query_one("#step-text", VerticalScroll).focus()
        else:
            for widget in self.query_one("#activity", Container).children:
                widget.focus()
                break

    # -- actions -----------------------------------------------------------------------------------

    def action_next_step(self) -> None:
        step = self.step
        if not isinstance(step, QuizStep):
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
            names = ", ".join(f"{self.lesson.step_index(s.id) + 1}. {s.title}" for s in left[:3])
            more = f" and {len(left) - 3} more" if len(left) > 3 else ""
            self.app.notify(
                f"End of lesson {self.lesson.number}. Still to master: {names}{more}.",
                title="Almost there",
                timeout=8,
            )
        self.app.go_home()

    def on_demo_view_finished(self, message: object) -> None:
        """A demo that asked for a prediction judged it: keep the prediction and its verdict."""
        demo = getattr(getattr(message, "view", None), "demo", None)
        predict = getattr(demo, "predict", None)
        verdict = getattr(predict, "verdict", None)
        if verdict is None or getattr(demo, "predict_recorded", False):
            return
        demo.predict_recorded = True  # type: ignore[union-attr]
        outcome = "held" if verdict.held else ("partly held" if verdict.partly else "missed")
        self.app.progress.record_attempt(
            self.lesson.slug,
            self.step.id,
            f"prediction:{predict.prediction.id}",  # type: ignore[union-attr]
            verdict.predicted,
            verdict.observed,
            f"prediction {outcome}",
            verdict.text,
        )

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
