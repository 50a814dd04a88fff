"""Read what a running Textual app shows, as plain text, the way a learner would read it."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App

from tutor import textual_private


def screen_text(app: App) -> str:
    """The whole visible screen (including screens below a modal) as plain text lines."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = textual_private.render_screen(app)
    console.print(update)
    return console.export_text(styles=False)
