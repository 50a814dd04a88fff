"""Work-arounds for Textual bugs, each in one place, each with a test in tests/tutor/.

Most are command-palette crashes that random keys reach in a real terminal (Textual 8.2.8):

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

And one that any screen reaches when it is closed right after it was opened (Enter on the
palette's "Playground" then Esc, in one read; or SIGTERM while the first screen is still mounting):

- **Mounting a widget that is already being removed** (`guard_mount_while_removed`): removing a
  screen marks every widget on it as being removed; a widget that composes only after that gets
  no children (`Widget.mount` does nothing on a widget being removed), yet its Mount handlers
  still run, and those that look up their own children fail: `NoMatches` for Header's
  `HeaderTitle`, Select's `SelectOverlay`, SelectCurrent's `#label`, and our screens' and
  widgets' own parts; events already queued for it (a screen's ScreenResume, a Resize) do the
  same in their handlers. An app leaving (SIGTERM during start-up) closes widgets in no
  particular order, children before the screen that is still mounting them: the same failures
  (home's `OptionList`, the playground's `#pg-network`). Minimal reproduction:
  `python tests/repro_mount_while_removed.py`. The guard skips the Mount handlers of a widget
  that is being removed (or closed, or whose app is leaving) before it was mounted, and every
  event after that, Unmount included (what was never set up is not taken down); messages that
  are not events (Textual's own Prune and CloseMessages, which end it) still go through.

- **A header's title shown after its screen closed** (`guard_header_title`): `Header` watches
  the app's and the screen's title; the first call of that watcher is queued on the screen, and
  when the screen is closed before it gets to it, it runs after the header's parts were removed:
  `NoMatches: HeaderTitle`. Textual's `Header._on_mount` is replaced by the same code whose
  watcher does nothing once the header's title is gone (the test holds a copy of Textual's code
  and fails when it changes).

- **After-refresh callbacks of a removed widget** (`guard_after_refresh_of_removed`): a widget's
  `call_after_refresh` callback is kept by its screen and run after the next repaint, even when
  the widget was removed meanwhile (a storm's `n` leaves a quiz step while its card is fitting
  its rows): the callback finds the widget's parts gone, `NoMatches: #quiz-question`. Textual
  drops a removed widget's messages and timers; the guard drops its after-refresh callbacks too.

`install()` applies them all once (tutor/app.py calls it). `tests/tutor/test_textual_compat.py`
fails with a clear message when Textual changes the code a guard wraps or fixes the bug, so each
guard can be reviewed or removed.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from textual import events
from textual._callback import invoke
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.dom import NoScreen
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList
from textual.widgets._header import HeaderTitle

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


#: Set on a widget whose Mount handlers were skipped: its Unmount handlers are skipped too.
_NEVER_MOUNTED = "_gd_tutor_never_mounted"


def guard_mount_while_removed() -> bool:
    """No Mount handlers, nor any event after it, for a widget removed before it was mounted."""

    def make(dispatch: Any) -> Callable[[Widget, Message], Any]:
        async def _dispatch_message(self: Widget, message: Message) -> None:
            if type(message) is events.Mount:
                # Decided afresh at each mount: a widget removed unmounted may be mounted again.
                never = bool(self._pruning or self._closing or self.app._exit)
                setattr(self, _NEVER_MOUNTED, never)
                if never:
                    return  # its composed children were never mounted: nothing to set up
            elif isinstance(message, events.Event) and getattr(self, _NEVER_MOUNTED, False):
                return  # resize, resume, show, unmount…: nothing was set up to handle them
            await dispatch(self, message)

        return _dispatch_message

    if not hasattr(Widget(), "_pruning"):
        return False
    return _wrap(Widget, "_dispatch_message", make)


def original_header_on_mount() -> Callable[[Header, events.Mount], None]:
    """Textual's own `Header._on_mount` (the one the guard replaces)."""
    return _unwrapped(Header._on_mount)


def guard_header_title() -> bool:
    """Header's title watcher does nothing once the header's parts are gone."""

    def make(_original: Any) -> Callable[[Header, events.Mount], None]:
        # Textual 8.2.8's Header._on_mount, with the watcher checking that the title is still
        # there: it may run after the header's screen was closed and its parts removed. Not a
        # coroutine (Textual's is): a coroutine queued on a header closed before it ran was
        # reported "never awaited"; the work is synchronous anyway.
        def _on_mount(self: Header, _: events.Mount) -> None:
            def set_title() -> None:
                titles = self.query(HeaderTitle)
                if not titles:
                    return  # the screen closed before the title was first shown
                with contextlib.suppress(NoScreen):  # as Textual's own
                    titles.first().update(self.format_title())

            self.watch(self.app, "title", set_title)
            self.watch(self.app, "sub_title", set_title)
            self.watch(self.screen, "title", set_title)
            self.watch(self.screen, "sub_title", set_title)

        return _on_mount

    return _wrap(Header, "_on_mount", make)


def _gone(pump: Any) -> bool:
    """True for a widget that is being removed or has been."""
    return isinstance(pump, Widget) and (
        pump._pruning or pump._closing or pump._closed or not pump.is_attached
    )


def _owner(callback: Any) -> Any:
    """The object a callback is a method of (through `functools.partial`), if any."""
    while isinstance(callback, partial):
        callback = callback.func
    return getattr(callback, "__self__", None)


def guard_after_refresh_of_removed() -> bool:
    """A screen runs no after-refresh callback of a widget that has been removed meanwhile."""

    def make(_original: Any) -> Callable[[Screen[Any]], Any]:
        # Textual 8.2.8's Screen._invoke_and_clear_callbacks, skipping removed widgets' callbacks.
        async def _invoke_and_clear_callbacks(self: Screen[Any]) -> None:
            if self._callbacks:
                callbacks = self._callbacks[:]
                self._callbacks.clear()
                for callback, message_pump in callbacks:
                    if _gone(message_pump) or _gone(_owner(callback)):
                        continue  # its widget was removed before the repaint came
                    with message_pump._context():
                        await invoke(callback)

        return _invoke_and_clear_callbacks

    return _wrap(Screen, "_invoke_and_clear_callbacks", make)


def original_invoke_and_clear_callbacks() -> Callable[..., Any]:
    """Textual's own `Screen._invoke_and_clear_callbacks` (the one the guard replaces)."""
    return _unwrapped(Screen._invoke_and_clear_callbacks)


def install() -> bool:
    """Apply every guard (idempotent); False if Textual lacks something a guard wraps."""
    return all(
        (
            guard_option_list_paging(),
            guard_command_palette(),
            guard_mount_while_removed(),
            guard_header_title(),
            guard_after_refresh_of_removed(),
        )
    )
