"""Shared pieces of the robustness tests: the long-run switch and small builders."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from lessons.quiz import Question
from tutor import textual_private
from tutor.progress import ProgressStore
from tutor.widgets.quiz_card import QuizCard

#: GD_TUTOR_LONG_TESTS=1 turns the bounded fuzzing and storms into long runs.
LONG = os.environ.get("GD_TUTOR_LONG_TESTS", "").strip() not in {"", "0"}


def filled_store(directory: Path, attempts: int = 300) -> Path:
    """A real progress file with some steps, attempts and a position, closed and ready to damage."""
    path = directory / "progress.sqlite3"
    store = ProgressStore(path)
    for i in range(attempts):
        store.record_attempt("l", "s", "dz", str(i) * 20, i, "wrong", "sign", i % 3)
    store.complete_step("l", "done")
    store.set_position("l", "done")
    store.close()
    return path


#: Keys a learner can hit anywhere. Left out on purpose: q and ctrl+q quit (tested on their own),
#: ctrl+c and ctrl+z belong to the terminal (copy, suspend), ctrl+p opens the command palette whose
#: system commands (screenshot, quit) a storm would run at random.
STORM_KEYS: tuple[str, ...] = (
    *("escape", "tab", "shift+tab", "enter", "space", "backspace", "delete"),
    *("up", "down", "left", "right", "home", "end", "pageup", "pagedown"),
    *("ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+d", "ctrl+f", "ctrl+b"),
    *("ctrl+l", "ctrl+r", "ctrl+s", "ctrl+x", "ctrl+v", "ctrl+y", "ctrl+left", "ctrl+right"),
    *("plus", "minus", "left_square_bracket", "right_square_bracket", "question_mark"),
    *("full_stop", "comma", "slash", "asterisk", "circumflex_accent", "left_parenthesis"),
    *"abcdefghijklmnoprstuvwxyz",
    *"0123456789",
    *("A", "N", "P", "Z"),
)


#: Characters terminals send with keys whose Textual names have no Unicode name to look up.
KEY_CHARACTERS = {
    "plus": "+", "minus": "-", "asterisk": "*", "enter": "\r", "tab": "\t",
    "escape": "\x1b", "backspace": "\x7f", "space": " ",
}  # fmt: skip


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key`: its Textual name and the character it types."""
    if len(key) == 1:
        return events.Key(key, key)
    if key.startswith("ctrl+") and len(key) == 6:
        return events.Key(key, chr(ord(key[-1]) - ord("a") + 1))
    character = KEY_CHARACTERS.get(key)
    if character is None:
        character = textual_private.key_character(key)
    return events.Key(key, character)


async def storm(app: App, pilot: Pilot, keys: list[str], batch: int = 25) -> None:
    """Press `keys` as fast as a learner mashing the keyboard: queued in batches, not one by one.

    `pilot.press` waits for the app to go idle after every key, which is both slow and gentler
    than a real storm; here a whole batch is queued before the app gets to handle any of it.
    """
    driver = textual_private.driver(app)
    assert driver is not None
    for start in range(0, len(keys), batch):
        for key in keys[start : start + batch]:
            event = key_event(key)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
        crash = textual_private.crash(app)
        if crash is not None:
            raise crash
        assert not textual_private.exiting(app), "the storm made the app quit"


def wrong_answer(question: Question) -> str:
    """A readable answer that is certainly not right, of the kind the question asks for."""
    if question.kind == "choice":
        keys = [key for key, _ in question.choices]
        return str(next(i for i, key in enumerate(keys, 1) if key != question.expected))
    if question.kind == "shape":
        return "(97, 89)" if tuple(question.expected) != (97, 89) else "(89, 97)"
    return "12345" if abs(float(question.expected) - 12345) > 100 else "-12345"


async def submit(app: App, card: QuizCard, text: str) -> str:
    """Put `text` in the answer box and press Enter; wait until the card has graded it.

    The Enter key goes through the app's event queue like a real key, but without `pilot.press`'s
    wait for the whole process to idle, which makes hundreds of answers affordable.
    """
    box = card.answer_box
    box.focus()
    box.value = text
    before = card._last
    driver = textual_private.driver(app)
    assert driver is not None
    driver.send_message(key_event("enter"))
    for attempt in range(3000):  # a bound on waiting, not a timing assertion
        if card._last is not before:
            break
        await asyncio.sleep(0 if attempt < 100 else 0.001)
    assert card._last is not before, f"no verdict for {text[:40]!r}"
    return str(card.query_one("#quiz-feedback", Static).render())
