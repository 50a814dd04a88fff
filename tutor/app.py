"""The Textual app: screens for the lesson list, a lesson, help and the playground."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import zlib
from collections.abc import Callable, Iterable
from itertools import count
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen

from lessons import Lesson, all_lessons, find_lesson
from tutor import buglog
from tutor.locations import progress_path, relative_home_note, settings_path
from tutor.progress import ProgressStore
from tutor.screens.home import HomeScreen
from tutor.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tutor.settings import Settings, keep_settings
from tutor.terminal import driver_for, sanitize_size_environment
from tutor.textual_compat import install as install_textual_guards

install_textual_guards()  # command-palette crashes in Textual (see tutor/textual_compat.py)

if TYPE_CHECKING:
    from lessons.review import RecurringMistake

if TYPE_CHECKING:
    import numpy as np

# Start-up imports only what the first frame (the lesson list) needs. NumPy, the demos, the quiz
# generators, plotext and the lesson, playground and help screens load when first shown
# (benchmarks/ui.py measures the start against a bare Textual app).


class GDTutorApp(App[None]):
    """Lessons, live demos and quizzes on gradient descent, keyboard first."""

    TITLE = "gd-tutor"
    SUB_TITLE = "understand gradient descent"
    CSS_PATH = "tutor.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_anywhere"),
    ]

    def __init__(
        self,
        *,
        lesson: str | None = None,
        seed: int | None = None,
        demos_start_paused: bool = False,
        playground: object | None = None,
        store: ProgressStore | None = None,
        settings: Settings | None = None,
        review: bool = False,
        drill: RecurringMistake | None = None,
    ) -> None:
        self._size_note = sanitize_size_environment()  # before Textual reads COLUMNS/LINES
        super().__init__()
        self.seed = seed
        self.start_review = review
        self.start_drill = drill
        self.demos_start_paused = demos_start_paused
        self.start_lesson: Lesson | None = find_lesson(lesson) if lesson is not None else None
        self.start_playground = playground
        self.progress = store if store is not None else ProgressStore(progress_path())
        self.settings = settings if settings is not None else Settings(settings_path())
        buglog.install(progress_path().parent)  # bug reports to a file, never a traceback
        self._draws: dict[str, count[int]] = {}
        # what np.random.SeedSequence(seed).entropy is: the seed, else 128 bits from the OS
        # (os.urandom, as secrets.randbits uses, without importing secrets' hmac and hashlib)
        self._entropy: int = seed if seed is not None else int.from_bytes(os.urandom(16), "big")

    @property
    def clock(self) -> Callable[[], float]:
        """ "Now" for the store's records and for review scheduling (one clock for both)."""
        return self.progress.clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        self.progress.clock = clock

    # -- lifecycle --------------------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        return driver_for(self, super().get_driver_class())  # tutor/terminal.py: lenient, ends

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        self._exit_on_signals()
        keep_settings(self, self.settings)
        if self.start_lesson is not None:
            self.open_lesson(self.start_lesson)
        elif self.start_playground is not None:
            self.open_playground(self.start_playground)
        elif self.start_drill is not None:
            self.open_drill(self.start_drill)
        elif self.start_review:
            self.open_review()
        if self.progress.notice:
            self._progress_notice(self.progress.notice)
        if (note := relative_home_note()) is not None:
            self._progress_notice(note)
        if self._size_note is not None:
            self.notify(self._size_note, title="Terminal size", severity="warning", timeout=12)
        self.progress.on_notice = self._progress_notice
        self.set_interval(2.0, self.progress.retry)  # writes that failed are tried again
        self._check_size()

    def _progress_notice(self, message: str) -> None:
        self.notify(message, title="Progress", severity="warning", timeout=12)

    def _exit_on_signals(self) -> None:
        """Leave cleanly on SIGTERM, SIGINT or SIGHUP: the terminal is restored, progress is kept.

        Every progress write is already committed, so exiting is all there is to do.
        """
        if self.is_headless:
            return
        guard = getattr(self._driver, "guard", None)
        if guard is not None:  # tutor/terminal.py handles the signals, even with a stuck loop
            guard.last_chance.append(self.progress.close)
            return
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.exit)

    def on_unmount(self) -> None:
        self.progress.close()

    def run(self, *args: object, **kwargs: object) -> None:
        """Run the app; afterwards name anything the store could not save, with its path."""
        try:
            return super().run(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            self.progress.close()
            if self.progress.unsaved_report:
                with contextlib.suppress(OSError, ValueError):
                    print(self.progress.unsaved_report, file=sys.stderr, flush=True)

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size)

    def _check_size(self, size: Size | None = None) -> None:
        """Cover the app with a notice when the terminal is too small to lay it out properly."""
        width, height = size or self.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif not too_small and showing:
            self.pop_screen()

    # -- navigation -------------------------------------------------------------------------------

    def open_lesson(self, lesson: Lesson, step: int | None = None) -> None:
        """Show a lesson, at `step` or where the learner left it."""
        from tutor.screens.lesson import LessonScreen  # Markdown is slow to import; not at start

        if step is None:
            step = self.resume_step(lesson)
        self.push_screen(LessonScreen(lesson, step))

    def open_playground(self, settings: object | None = None) -> None:
        from tutor.screens.playground import PlaygroundScreen

        self.push_screen(PlaygroundScreen(settings))

    def open_progress(self) -> None:
        from tutor.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    def open_review(self) -> bool:
        """Start a review session of the most needed questions; False when nothing is studied."""
        from lessons.review import plan_review
        from tutor.report import completed_by_lesson
        from tutor.screens.review import ReviewScreen

        items = plan_review(
            self.progress.attempts(),
            completed_by_lesson(self.progress),
            self.clock(),
            seed=self.seed,
        )
        if not items:
            self.notify(
                "Nothing to review yet: reviews ask about the quizzes you have met in the "
                "lessons. Start one with 1, 2 or 3.",
                title="Review",
            )
            return False
        self.push_screen(ReviewScreen(items))
        return True

    def open_drill(self, mistake: RecurringMistake) -> None:
        """Practise exactly one recurring mistake: its part three times with fresh numbers."""
        from lessons.review import plan_drill
        from tutor.screens.review import ReviewScreen

        items = plan_drill(mistake.lesson, mistake.step, mistake.part)
        if items:
            self.push_screen(ReviewScreen(items, title=f"Practise: {mistake.name}"))

    def go_home(self) -> None:
        """Return to the lesson list, whatever is stacked above it."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def resume_step(self, lesson: Lesson) -> int:
        """The step to reopen: where the learner was, else the first step not yet completed."""
        position = self.progress.position()
        if position is not None and position[0] == lesson.slug:
            try:
                return lesson.step_index(position[1])
            except KeyError:
                pass
        done = self.progress.completed_steps(lesson.slug)
        for index, step in enumerate(lesson.steps):
            if step.id not in done:
                return index
        return 0

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen | TooSmallScreen):
            return
        from tutor.widgets.demo_view import DemoView

        controls = [
            c
            for view in self.screen.query(DemoView)
            for c in view.demo.controls
            if c not in view.skipped_controls
        ]
        self.push_screen(HelpScreen(controls))

    # -- randomness -------------------------------------------------------------------------------

    def rng_for(self, key: str) -> np.random.Generator:
        """A fresh generator for one quiz draw: new numbers each call, reproducible with --seed."""
        import numpy as np

        draw = next(self._draws.setdefault(key, count()))
        return np.random.default_rng([self._entropy, zlib.crc32(key.encode()), draw])

    # -- command palette --------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for lesson in all_lessons():
            yield SystemCommand(
                f"Lesson {lesson.number}: {lesson.title} ({lesson.lecture})",
                lesson.summary,
                lambda lesson=lesson: self._jump_to(lesson),
            )
        yield SystemCommand("Home: lesson list", "Back to the list of lessons", self.go_home)
        yield SystemCommand(
            "Playground", "Run gradient descent on any problem", self.open_playground
        )
        yield SystemCommand(
            "Review", "A few questions, due and weakest first", self._command_review
        )
        yield SystemCommand(
            "Progress", "Mastery per concept, reviews due, recurring mistakes", self.open_progress
        )

    def _command_review(self) -> None:
        self.open_review()

    def _jump_to(self, lesson: Lesson) -> None:
        self.go_home()
        self.open_lesson(lesson)
