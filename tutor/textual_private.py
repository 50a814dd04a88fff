"""Every use of Textual's private API in the project, in one place (tests included).

These names are not Textual's public API and may change in any release. Keeping them here means
one module to fix after an upgrade, and `tests/tutor/test_textual_private.py` checks each of them
against the installed Textual, so an incompatible version fails one clear test that names the
missing piece and the version, instead of many confusing ones. (plotext's private calls live in
`tutor/widgets/charts.py`, the only module that draws charts.)
"""

from __future__ import annotations

import unicodedata
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.timer import Timer


def textual_version() -> str:
    return version("textual")


def binding_map(node: DOMNode) -> dict[str, list[Binding]]:
    """The node's own key → bindings table, editable per instance (`node._bindings`)."""
    return node._bindings.key_to_bindings


def render_screen(app: App[Any]) -> Any:
    """The whole current screen as one Rich renderable, background screens included."""
    return app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


def key_character(key: str) -> str | None:
    """The character a terminal sends for a Textual key name ("left_square_bracket" → "["), if
    Textual knows it by its Unicode name."""
    from textual.keys import _get_unicode_name_from_key

    try:
        return unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        return None


def driver(app: App[Any]) -> Any:
    """The running app's driver, to queue events the way a terminal does."""
    return app._driver


def crash(app: App[Any]) -> BaseException | None:
    """The exception that stopped the app, if one did."""
    return app._exception


def exiting(app: App[Any]) -> bool:
    """True once the app has started to shut down."""
    return bool(app._exit)


def timer_task(timer: Timer) -> Any:
    """The asyncio task behind a timer (None once it is stopped for good)."""
    return timer._task


#: (what, how to check it exists): the test imports this list.
REQUIRED: tuple[tuple[str, str], ...] = (
    ("DOMNode._bindings.key_to_bindings", "binding_map"),
    ("Screen._compositor.render_update, App._background_screens", "render_screen"),
    ("textual.keys._get_unicode_name_from_key", "key_character"),
    ("App._driver", "driver"),
    ("App._exception", "crash"),
    ("App._exit", "exiting"),
    ("Timer._task", "timer_task"),
)
