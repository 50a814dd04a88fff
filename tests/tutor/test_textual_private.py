"""The installed Textual still has every private piece `tutor/textual_private.py` relies on."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tutor import textual_private as private


class Tiny(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello", id="hello")


def fail(what: str, error: BaseException) -> str:
    return (
        f"Textual {private.textual_version()} no longer has {what} ({error!r}); update "
        "tutor/textual_private.py, the one module that uses Textual's private API"
    )


async def test_every_private_piece_is_still_there() -> None:
    app = Tiny()
    checks = {
        "binding_map": lambda: isinstance(private.binding_map(app), dict),
        "render_screen": lambda: private.render_screen(app) is not None,
        "key_character": lambda: private.key_character("left_square_bracket") == "[",
        "driver": lambda: private.driver(app) is not None,
        "crash": lambda: private.crash(app) is None,
        "exiting": lambda: private.exiting(app) is False,
        "timer_task": lambda: private.timer_task(app.set_interval(10, lambda: None)) is not None,
    }
    assert {name for _, name in private.REQUIRED} == set(checks)
    async with app.run_test(size=(20, 5)):
        for what, name in private.REQUIRED:
            try:
                ok = checks[name]()
            except (AttributeError, ImportError, TypeError) as error:
                raise AssertionError(fail(what, error)) from None
            assert ok, fail(what, AssertionError("unexpected value"))
