"""Minimal reproduction of a Textual crash, for an upstream report (not collected by pytest).

PageDown (or PageUp) on an `OptionList` that has options but has not been laid out yet raises
`KeyError: 0` in `OptionList._move_page`: `_index_to_line` is only filled once the list has a
size, but `_move_page` looks the highlighted option up in it unconditionally. In an app this
happens when PageDown arrives right after ctrl+p, before the command palette's list is drawn (a
terminal delivers both in one read), and the whole app ends with the traceback.

    python tests/repro_option_list_paging.py

Prints the Textual version and the two reproductions' outcomes; exits 1 while the bug is there.
Seen with Textual 8.2.8. gd-tutor works around it in tutor/textual_compat.py.
"""

from __future__ import annotations

import asyncio
import sys

import textual
from textual import events
from textual.app import App
from textual.widgets import OptionList


def bare_widget() -> str:
    """The widget alone: options and a highlight, no layout yet."""
    option_list = OptionList("one", "two", "three")
    option_list.highlighted = 0
    try:
        option_list.action_page_down()
    except KeyError as error:
        return f"KeyError: {error}"
    return "no error"


async def palette_then_page_down() -> str:
    """ctrl+p and PageDown queued together, as a terminal delivers them."""
    app = App()
    async with app.run_test() as pilot:
        assert app._driver is not None
        for key in ("ctrl+p", "pagedown", "pagedown", "pageup"):
            event = events.Key(key, None)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
    return "no error"


def main() -> int:
    print(f"textual {textual.__version__}")
    outcome = bare_widget()
    print(f"OptionList.action_page_down before layout: {outcome}")
    palette = "no error in 20 tries"
    for attempt in range(1, 21):  # it depends on when the palette is first laid out
        try:
            asyncio.run(palette_then_page_down())
        except KeyError as error:
            palette = f"KeyError: {error} (the app ended, try {attempt})"
            break
    print(f"ctrl+p then PageDown: {palette}")
    return 1 if "KeyError" in outcome + palette else 0


if __name__ == "__main__":
    sys.exit(main())
