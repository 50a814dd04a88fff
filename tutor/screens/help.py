"""Every key binding of the tutor, gathered from the classes that define them."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lessons.demo import Control
from tutor.keys import key_label

#: (section, module, class) of everything that declares bindings, in the order a learner meets them.
BINDING_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("Everywhere", "tutor.app", "GDTutorApp"),
    ("Lesson list", "tutor.screens.home", "HomeScreen"),
    ("Inside a lesson", "tutor.screens.lesson", "LessonScreen"),
    ("Live demos", "tutor.widgets.demo_view", "DemoView"),
    ("Quizzes", "tutor.widgets.quiz_card", "QuizCard"),
    ("Playground", "tutor.screens.playground", "PlaygroundScreen"),
    ("This help", "tutor.screens.help", "HelpScreen"),
)


def binding_sections() -> Iterator[tuple[str, list[Binding]]]:
    """Each section's bindings; sections whose module is missing are skipped, never invented."""
    for title, module_name, class_name in BINDING_SOURCES:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
        bindings = [b for b in cls.BINDINGS if isinstance(b, Binding)]
        if bindings:
            yield title, bindings


def help_table(demo_controls: Sequence[Control] = ()) -> Table:
    """All sections in one compact table: a heading row per section, then key and description.

    When help is opened over a demo, that demo's own keys come first: they are what the learner
    is most likely looking for.
    """
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    if demo_controls:
        sections.append(("This demo", [(key_label(c.key), c.description) for c in demo_controls]))
    for title, bindings in binding_sections():
        rows = [(key_label(b.key), b.description or b.action) for b in bindings]
        sections.append((title, rows))
    table = Table(box=None, show_header=False, expand=True, padding=(0, 2))
    table.add_column("Key", style="bold", no_wrap=True, width=14)
    table.add_column("Does")
    for index, (title, rows) in enumerate(sections):
        if index:
            table.add_row("", "")
        table.add_row(Text(title, style="bold underline"), "")
        for key, description in rows:
            table.add_row(key, description)
    return table


HELP_NOTES = (
    "Demos add their own keys (α up and down, start left or right, …): open this help from a "
    "demo to see them at the top. In a quiz, Enter checks your answer; press Esc to leave the "
    "answer box, then use the quiz keys. ctrl+p opens the command palette: type a lesson's "
    "name to jump to it."
)


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    #help-title { text-style: bold; content-align: center middle; width: 100%; }
    #help-notes { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, demo_controls: Sequence[Control] = ()) -> None:
        super().__init__()
        self.demo_controls = tuple(demo_controls)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static("Keys", id="help-title")
            yield Static(help_table(self.demo_controls), id="help-text")
            yield Static(HELP_NOTES, id="help-notes")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
