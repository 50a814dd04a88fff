"""The learner's preferences (the theme chosen in the command palette), kept between sessions.

Settings live in one small JSON file, `settings.json` in the platform's config directory (or in
$GD_TUTOR_HOME). Every change rewrites the whole file atomically: it is written to a temporary file
beside it, flushed to disk and renamed over the old one, so a crash leaves the old settings or the
new ones, never half a file. A file that cannot be read (damaged, not JSON, not an object, wrong
types) is ignored with a notice and the defaults are used; it is replaced at the next change.
A directory that cannot be written costs the saving, never the session: the notice says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

#: Every preference the app keeps, with the type its value must have.
KNOWN: dict[str, type] = {"theme": str}

#: Settings files larger than this are not ours (a few preferences take a few dozen bytes).
MAX_BYTES = 64 * 1024


class Settings:
    """Preferences read once at start-up and written through on every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        #: Called with each later notice (the app shows it); set by the owner.
        self.on_notice: Callable[[str], None] | None = None
        self._values: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as file:
                data = file.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return {}
        except OSError as error:
            self.notice = f"Your settings could not be read ({error.strerror}); using the defaults."
            return {}
        try:
            if len(data) > MAX_BYTES:
                raise ValueError("too large")
            loaded = json.loads(data.decode("utf-8"))
            if not isinstance(loaded, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError):
            self.notice = (
                f"Your settings file {self.path} could not be read, so the defaults are used; "
                "it will be replaced when you change a setting."
            )
            return {}
        return {
            key: value
            for key, value in loaded.items()
            if key in KNOWN and isinstance(value, KNOWN[key])
        }

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> bool:
        """Keep `value` for `key` now and in the file; False (with a notice) if it was not saved."""
        expected = KNOWN.get(key)
        if expected is None or not isinstance(value, expected):
            raise ValueError(f"unknown setting {key}={value!r}")
        if self._values.get(key) == value and self.path.exists():
            return True
        self._values[key] = value
        try:
            self._write()
        except OSError as error:
            self._tell(
                f"Settings will not be saved: {self.path.parent} is not writable "
                f"({error.strerror or error})."
            )
            return False
        return True

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self._values, indent=2, sort_keys=True) + "\n"
        descriptor, temporary = tempfile.mkstemp(
            prefix=".settings-", suffix=".tmp", dir=self.path.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def _tell(self, message: str) -> None:
        self.notice = message
        if self.on_notice is not None:
            self.on_notice(message)


def keep_settings(app: App[Any], settings: Settings) -> None:
    """Give `app` the theme chosen in an earlier session, and save every new choice."""

    def notice(message: str) -> None:
        app.notify(message, title="Settings", severity="warning", timeout=12)

    if settings.get("theme") in app.available_themes:
        app.theme = settings.get("theme")
    if settings.notice:
        notice(settings.notice)
    settings.on_notice = notice

    def keep_theme(theme: str) -> None:
        settings.set("theme", theme)

    app.watch(app, "theme", keep_theme, init=False)
