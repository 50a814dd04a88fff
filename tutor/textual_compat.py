"""Work-arounds for Textual bugs, each in one place, each with a test in tests/tutor/.

All of them are command-palette crashes that random keys reach in a real terminal (Textual 8.2.8):

- **Paging before layout** (`guard_option_list_paging`): PageUp or PageDown on an `OptionList`
  that has options but has not been laid out yet ends the app with `KeyError: 0` in
  `OptionList._move_page` (it looks the highlight up in a line map that is only filled once the
  list has a size). ctrl+p immediately followed by PageDown does it. Reported downstream as
  kagan-sh/kagan-legacy#31; no report in Textualize/textual was found. Minimal reproduction for an
  upstream report: `python tests/repro_option_list_paging.py`. The guard makes such a page move a
  no-op while the highlighted option has no line yet, as paging does on an empty list.
- **A second palette** (`guard_command_palette`): ctrl+p twice in one read pushes a second
  palette before the first is current (`CommandPalette.is_open` only looks at the current screen):
  `DuplicateIds: '--command-palette'`; so does ctrl+p right after Escape, while the old palette
  is still being removed. The guard opens a palette only when none is on the stack or going away
  (the key then does nothing; pressed again a moment later, it opens the palette).
- **Closing twice, or from under another screen**: Enter and Escape (or Enter twice) in one read
  make the palette dismiss itself twice; the second `pop_screen` pops whatever is below it or, on
  the lesson list, raises `ScreenStackError`. Esc on help followed at once by ctrl+p runs help's
  dismiss after the palette opened over it: help's result is set but the palette is popped, and
  the next Esc on help sets the same result future again: `InvalidStateError: invalid state`.
  The guard makes `Screen.dismiss` act only on the screen on top of the stack (dismiss always
  pops the top screen, so on any other one it would pop the wrong screen); a screen under another
  ignores it, and the learner's next Esc closes what is on top.
- **Results after closing**: a search that finishes after the palette was closed sets
  `_list_visible`, whose watcher looks for the gone `CommandList`: `NoMatches`. The guard skips the
  watcher once the list is gone.

`install()` applies them all once (tutor/app.py calls it). `tests/tutor/test_textual_compat.py`
fails with a clear message when Textual changes the code a guard wraps or fixes the bug, so each
guard can be reviewed or removed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import OptionList

_GUARD_MARK = "_gd_tutor_guard"

#: Where an app keeps the last palette it opened, to know when the palette's id is free again.
_LAST_PALETTE = "_gd_tutor_last_palette"


def _unwrapped(method: Any) -> Any:
    return getattr(method, "__wrapped__", method) if hasattr(method, _GUARD_MARK) else method


def original_move_page() -> Callable[[OptionList, int], None]:
    """Textual's own `OptionList._move_page` (unwrapped if the guard is installed)."""
    return _unwrapped(OptionList._move_page)


def _wrap(owner: type, name: str, make: Callable[[Any], Callable[..., Any]]) -> bool:
    """Replace `owner.name` by `make(original)` once; False when Textual has no such attribute."""
    method = getattr(owner, name, None)
    if method is None:
        return False
    if hasattr(method, _GUARD_MARK):
        return True
    guarded = wraps(method)(make(method))
    setattr(guarded, _GUARD_MARK, True)
    setattr(owner, name, guarded)
    return True


def guard_option_list_paging() -> bool:
    """PageUp/PageDown before the list is laid out does nothing instead of raising KeyError."""

    def make(move_page: Any) -> Callable[[OptionList, int], None]:
        def _move_page(self: OptionList, direction: int) -> None:
            if self.option_count and (self.highlighted or 0) not in self._index_to_line:
                return  # not laid out yet: no line to page from
            move_page(self, direction)

        return _move_page

    return _wrap(OptionList, "_move_page", make)


def guard_command_palette() -> bool:
    """One palette at a time, dismissed once, and no watcher looking for a list that is gone."""

    def make_open(action: Any) -> Callable[[App[Any]], None]:
        def action_command_palette(self: App[Any]) -> None:
            if any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
                return  # one is open, or about to be
            last = getattr(self, _LAST_PALETTE, None)
            if last is not None and last.is_attached:
                return  # the last one is still being taken down: its id is not free yet
            action(self)
            if isinstance(self.screen_stack[-1], CommandPalette):
                setattr(self, _LAST_PALETTE, self.screen_stack[-1])

        return action_command_palette

    def make_dismiss(dismiss: Any) -> Callable[..., AwaitComplete]:
        def screen_dismiss(self: Screen[Any], result: Any = None) -> AwaitComplete:
            # `is_active` (top of the stack), not `is_current`: that is also true of a screen
            # drawn under a modal one, and dismissing it would pop the modal instead.
            if not self.is_active:
                return AwaitComplete(_nothing())  # already dismissed, or covered: nothing to pop
            return dismiss(self, result)

        return screen_dismiss

    def make_watch(watch: Any) -> Callable[[CommandPalette], None]:
        def _watch__list_visible(self: CommandPalette) -> None:
            if not self.query(CommandList):
                return  # closed: the list is gone
            watch(self)

        return _watch__list_visible

    def make_list_user(method: Any) -> Callable[..., Any]:
        """Any other palette method that reaches for its list: nothing to do once it is gone."""
        if inspect.iscoroutinefunction(method):

            async def guarded_async(self: CommandPalette, *args: Any, **kwargs: Any) -> Any:
                if not self.query(CommandList):
                    return None
                return await method(self, *args, **kwargs)

            return guarded_async

        def guarded(self: CommandPalette, *args: Any, **kwargs: Any) -> Any:
            if not self.query(CommandList):
                return None
            return method(self, *args, **kwargs)

        return guarded

    # Found by real-terminal storms on the playground: NoMatches 'CommandList' from these too.
    list_users = ("_watch__show_busy", "_action_command_list")
    return all(
        (
            _wrap(App, "action_command_palette", make_open),
            _wrap(Screen, "dismiss", make_dismiss),
            _wrap(CommandPalette, "_watch__list_visible", make_watch),
            *(_wrap(CommandPalette, name, make_list_user) for name in list_users),
        )
    )


async def _nothing() -> None:
    return None


def install() -> bool:
    """Apply every guard (idempotent); False if Textual lacks something a guard wraps."""
    return all((guard_option_list_paging(), guard_command_palette()))
