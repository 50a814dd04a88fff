"""Your progress: mastery per lesson and concept, what is due for review, and recurring mistakes.

The same report `gd-tutor --progress` prints (`tutor.report`), with keys: r starts a review and
1–9 practise one recurring mistake with fresh numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tutor.report import ProgressReport, build_report, report_lines

if TYPE_CHECKING:
    from tutor.app import GDTutorApp


class ProgressScreen(Screen[None]):
    """The learner's progress in one scrollable page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review", id="progress.review"),
        Binding("escape", "home", "Home", id="progress.home"),
        *[
            Binding(
                str(n), f"practise({n})", f"Practise mistake {n}", show=False, id=f"progress.m{n}"
            )
            for n in range(1, 10)
        ],
    ]

    DEFAULT_CSS = """
    ProgressScreen #progress-page { height: 1fr; padding: 0 1; }
    ProgressScreen #progress-text { width: 1fr; height: auto; }
    """

    app: GDTutorApp

    def __init__(self) -> None:
        super().__init__()
        self.report: ProgressReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-page"):
            yield Static(id="progress-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Your progress"
        self.refresh_report()
        self.query_one("#progress-page", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.refresh_report()

    def refresh_report(self) -> None:
        self.report = build_report(self.app.progress, self.app.clock())
        text = Text("\n").join(report_lines(self.report, screen=True))
        self.query_one("#progress-text", Static).update(text)

    def action_review(self) -> None:
        self.app.open_review()

    def action_home(self) -> None:
        self.app.go_home()

    def action_practise(self, number: int) -> None:
        report = self.report
        if report is None or not 1 <= number <= min(9, len(report.mistakes)):
            self.app.bell()
            return
        self.app.open_drill(report.mistakes[number - 1])
