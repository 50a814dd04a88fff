"""The lesson list: lessons in lecture order with the learner's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from lessons import LESSONS, Lesson, find_lesson
from tutor.progress import lesson_fraction

if TYPE_CHECKING:
    from tutor.app import GDTutorApp

BAR_WIDTH = 12


def progress_bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A text bar, so progress reads the same in every terminal and in tests."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def lesson_bindings() -> list[Binding]:
    """A number key for each lesson (1 to 9), generated from the lessons themselves."""
    return [
        Binding(
            str(lesson.number),
            f"open_lesson({lesson.number})",
            f"Lesson {lesson.number}",
            show=False,
            id=f"home.lesson{lesson.number}",
        )
        for lesson in LESSONS
        if 1 <= lesson.number <= 9
    ]


class HomeScreen(Screen[None]):
    """Pick a lesson, continue where you left off, or open the playground."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *lesson_bindings(),
        Binding("c", "continue", "Continue", id="home.continue"),
        Binding("g", "playground", "Playground", id="home.playground"),
    ]

    app: GDTutorApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                "Learn gradient descent by reading, watching it run, and computing the "
                "derivatives yourself. Pick a lesson and press Enter.",
                id="home-intro",
            )
            yield OptionList(id="lesson-list")
            yield Static(id="overall")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_progress()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Rebuild the list from the store (called whenever the learner comes back here)."""
        store = self.app.progress
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        resume = self._resume_target()
        if resume is not None:
            lesson, step_index = resume
            step = lesson.steps[step_index]
            label = Text.assemble(
                ("▶ Continue where you left off: ", "bold"),
                f"Lesson {lesson.number}, step {step_index + 1} — {step.title}",
            )
            option_list.add_option(Option(label, id="continue"))
        total_steps = done_steps = 0
        for lesson in LESSONS:
            fraction = lesson_fraction(store, lesson.slug, (s.id for s in lesson.steps))
            total_steps += len(lesson.steps)
            done = round(fraction * len(lesson.steps))
            label = Text.assemble(
                (f"{lesson.number}  {lesson.title}", "bold"),
                (f"  {lesson.lecture}\n", "dim"),
                f"   {progress_bar(fraction)} {fraction:4.0%}  {done}/{len(lesson.steps)} steps\n",
                ("   " + lesson.summary, "italic"),
            )
            done_steps += done
            option_list.add_option(Option(label, id=f"lesson-{lesson.number}"))
        option_list.add_option(
            Option(
                Text.assemble(
                    ("⚙  Playground", "bold"), ("  run any problem with your own α", "dim")
                ),
                id="playground",
            )
        )
        if highlighted is None or highlighted >= option_list.option_count:
            highlighted = 0
        option_list.highlighted = highlighted
        overall = done_steps / total_steps if total_steps else 0.0
        note = "  (progress is not being saved this session)" if store.in_memory else ""
        self.query_one("#overall", Static).update(
            f"Overall: {progress_bar(overall, 20)} {overall:.0%} of {total_steps} steps{note}"
        )

    def _resume_target(self) -> tuple[Lesson, int] | None:
        position = self.app.progress.position()
        if position is None:
            return None
        try:
            lesson = find_lesson(position[0])
            return lesson, lesson.step_index(position[1])
        except (LookupError, KeyError):
            return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "continue":
            self.action_continue()
        elif option_id == "playground":
            self.action_playground()
        elif option_id.startswith("lesson-"):
            self.action_open_lesson(int(option_id.removeprefix("lesson-")))

    def action_open_lesson(self, number: int) -> None:
        self.app.open_lesson(find_lesson(number))

    def action_continue(self) -> None:
        resume = self._resume_target()
        if resume is None:
            self.app.open_lesson(LESSONS[0], 0)
        else:
            self.app.open_lesson(*resume)

    def action_playground(self) -> None:
        self.app.open_playground()
