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

from lessons import LESSONS, find_lesson
from tutor.progress import lesson_fraction
from tutor.report import build_report, next_step, step_heading

if TYPE_CHECKING:
    from tutor.app import GDTutorApp

BAR_WIDTH = 12
#: Characters of a step's title that fit on the Continue line at 80 columns.
HEADING_ROOM = 34


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
        Binding("r", "review", "Review", id="home.review"),
        Binding("v", "progress", "Progress", id="home.progress"),
        Binding("g", "playground", "Playground", id="home.playground"),
    ]

    app: GDTutorApp
    #: (store read, store only in memory) when the list was last drawn.
    _shown_state: tuple[bool, bool] = (False, False)

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
        # A store locked at start (or one that stops or starts being saved) changes what this
        # screen shows without the learner doing anything: redraw once it does.
        self.set_interval(1.0, self._follow_store, name="home-store")

    def _store_state(self) -> tuple[bool, bool]:
        store = self.app.progress
        return store.loaded, store.in_memory

    def _follow_store(self) -> None:
        if self._store_state() != self._shown_state:
            self.refresh_progress()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Rebuild the list from the store (called whenever the learner comes back here)."""
        store = self.app.progress
        self._shown_state = self._store_state()
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        target = next_step(store) if store.loaded else None
        if target is not None and target.lesson is not None:
            lesson, step = target.lesson, target.lesson.steps[target.index]
            position = store.position()
            same = position is not None and position[0] == lesson.slug
            heading = step_heading(step.text, step.title)
            if len(heading) > HEADING_ROOM:
                heading = heading[: HEADING_ROOM - 1].rstrip() + "…"
            label = Text.assemble(
                ("▶ Continue" if same else "▶ Next lesson", "bold"),
                f": Lesson {lesson.number}, step {target.index + 1} — {heading}",
            )
            option_list.add_option(Option(label, id="continue"))
        report = build_report(store, self.app.clock())
        due = len(report.due)
        if report.practised or due:
            review = Text.assemble(
                (f"↻ Review · {due} due", "bold"),
                (
                    "  a few questions from your lessons, the ones you may have forgotten"
                    if due
                    else "  nothing due: practise your weakest skills",
                    "dim",
                ),
            )
            option_list.add_option(Option(review, id="review"))
        total_steps = done_steps = 0
        for lesson in LESSONS:
            fraction = lesson_fraction(store, lesson.slug, (s.id for s in lesson.steps))
            total_steps += len(lesson.steps)
            done = round(fraction * len(lesson.steps))
            figures = (
                f"   {progress_bar(fraction)} {fraction:4.0%}  {done}/{len(lesson.steps)} steps\n"
                if store.loaded
                else f"   {len(lesson.steps)} steps · your progress is not read yet\n"
            )
            label = Text.assemble(
                (f"{lesson.number}  {lesson.title}", "bold"),
                (f"  {lesson.lecture}\n", "dim"),
                figures,
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
        if not store.loaded:
            # Locked by another program at start: 0% would be a wrong figure, not a fact.
            self.query_one("#overall", Static).update(
                "Overall: your progress file could not be read yet; your figures show here as "
                "soon as it can be read."
            )
            return
        note = "  (progress is not being saved this session)" if store.in_memory else ""
        self.query_one("#overall", Static).update(
            f"Overall: {progress_bar(overall, 20)} {overall:.0%} of {total_steps} steps{note}"
            + ("" if note else " · v: your progress")
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "continue":
            self.action_continue()
        elif option_id == "playground":
            self.action_playground()
        elif option_id == "review":
            self.action_review()
        elif option_id.startswith("lesson-"):
            self.action_open_lesson(int(option_id.removeprefix("lesson-")))

    def action_open_lesson(self, number: int) -> None:
        self.app.open_lesson(find_lesson(number))

    def action_continue(self) -> None:
        """The first unfinished step from where the learner was; a review once all is done."""
        target = next_step(self.app.progress)
        if target is None:
            self.app.open_lesson(LESSONS[0], 0)
        elif target.lesson is None:
            self.app.open_review()
        else:
            self.app.open_lesson(target.lesson, target.index)

    def action_review(self) -> None:
        self.app.open_review()

    def action_progress(self) -> None:
        self.app.open_progress()

    def action_playground(self) -> None:
        self.app.open_playground()
