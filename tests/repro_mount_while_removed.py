"""Minimal reproduction of a Textual crash, for an upstream report (not collected by pytest).

A screen pushed and popped in the same turn of the event loop (a terminal delivers the key that
opens it and Esc in one read) is removed before its widgets have composed. Removing marks every
widget on it as being removed, and `Widget.mount` does nothing on such a widget, so a widget
that composes after that gets no children; but its Mount handlers still run. Any of them that
looks up its own children raises `NoMatches` and the whole app ends with the traceback. Textual's
own `Header` (which looks up `HeaderTitle`) and `Select` (`SelectOverlay`) do exactly that.
Closed a few turns later, a `Header` that did mount fails the same way: the first call of its
title watcher is queued on the screen, which runs it once the header's parts are gone.

    python tests/repro_mount_while_removed.py

Prints the Textual version and the outcomes; exits 1 while the bug is there. Seen with Textual
8.2.8. gd-tutor works around it in tutor/textual_compat.py (`guard_mount_while_removed`,
`guard_header_title`).
"""

from __future__ import annotations

import asyncio
import sys

import textual
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Label, Select


class Card(Vertical):
    """A widget that finds its own child once mounted, as many do."""

    def compose(self) -> ComposeResult:
        yield Label("text", id="card-label")

    def on_mount(self) -> None:
        self.query_one("#card-label", Label)


def screen_of(widget: type[Widget]) -> Screen:
    class OneWidget(Screen):
        def compose(self) -> ComposeResult:
            if widget is Select:
                yield Select([("one", 1), ("two", 2)], value=1, allow_blank=False)
            else:
                yield widget()

    return OneWidget()


async def open_and_close(widget: type[Widget], turns: int = 0) -> str:
    """Push a screen holding `widget` and pop it `turns` turns of the event loop later."""
    app = App()
    try:
        async with app.run_test() as pilot:
            app.push_screen(screen_of(widget))
            for _ in range(turns):
                await asyncio.sleep(0)
            app.pop_screen()  # with 0 turns: before the screen's widgets composed
            await pilot.pause()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "no error"


def failures(widget: type[Widget], most_turns: int = 20) -> dict[int, str]:
    """The errors seen closing the screen 0, 1, … `most_turns` turns after opening it."""
    outcomes = {turns: asyncio.run(open_and_close(widget, turns)) for turns in range(most_turns)}
    return {turns: outcome for turns, outcome in outcomes.items() if outcome != "no error"}


def main() -> int:
    print(f"textual {textual.__version__}")
    outcomes = []
    for widget in (Card, Header, Select):
        outcome = asyncio.run(open_and_close(widget))
        outcomes.append(outcome)
        print(f"screen with a {widget.__name__}, pushed and popped at once: {outcome}")
    # Closed a little later, a Header has mounted, but the first call of its title watcher is
    # still queued on the screen, which runs it after the header's parts were removed.
    failed = failures(Header)
    outcomes += failed.values()
    print(f"screen with a Header, popped 0-19 turns after it was pushed: fails after {[*failed]}")
    for turns, outcome in failed.items():
        print(f"  after {turns} turns: {outcome}")
    return 1 if any(outcome != "no error" for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
