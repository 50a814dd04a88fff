"""The notice shown instead of a broken layout when the terminal is below 80×24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(ModalScreen[None]):
    """Covers everything until the terminal is large enough again; the app pops it on resize."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen > Static { width: 100%; height: auto; content-align: center middle;
                              text-align: center; color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self._update()

    def on_resize(self, event: Resize) -> None:
        self._update(event.size)

    def _update(self, size: Size | None = None) -> None:
        width, height = size or self.app.size
        self.query_one(Static).update(
            f"Make the terminal at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
            f"It is {width}×{height} now. Your place is kept.\n(ctrl+q quits)"
        )
