"""Seeded random key storms through a real terminal never end the tutor.

The pilot storms in test_key_storm.py hand Textual ready-made events one batch at a time; these
send the bytes a terminal sends, in bursts, to `python -m tutor` on a pseudo-terminal: ctrl+p and
PageUp/PageDown (the command palette's paging crash), Escape, Enter, Tab, arrows, letters, digits,
Unicode and raw bytes that are not UTF-8 (a Latin-1 terminal's ² and é). Each storm starts on
home, help, the command palette, the playground or a lesson step; afterwards the app must still be
running and `?` must still open help.

A storm may pick "Quit" in the command palette (random letters, then Enter): that is the app doing
what it was asked, not a crash. Then it must have exited cleanly, without a traceback, and the
storm goes on in a fresh start. By default the storms visit the screens and a few steps of each
lesson; GD_TUTOR_LONG_TESTS=1 (the `slow` test) visits every lesson step with longer storms.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyte
import pytest

from lessons import LESSONS, DemoStep, QuizStep
from tests.robustness.helpers import LONG
from tests.terminal import LearnerTerminal, key_bytes, screen_lines
from tutor.progress import ProgressStore

#: q and ctrl+q quit on purpose (tested on their own); ctrl+c, ctrl+z and ctrl+s belong to the
#: terminal. Everything else a learner can hit is in.
STORM_KEYS: tuple[str, ...] = (
    *("ctrl+p", "ctrl+p", "pageup", "pagedown", "pageup", "pagedown"),
    *("escape", "escape", "enter", "enter", "tab", "shift+tab", "space", "backspace"),
    *("up", "down", "left", "right", "home", "end", "delete", "ctrl+u"),
    *"abcdefghijklmnoprstuvwxyz",
    *"0123456789",
    *("?", "+", "-", "(", ")", "/", ".", "σ", "−", "²", "[", "]"),
    *("latin1-superscript-two", "latin1-e-acute"),  # bytes that are not UTF-8
)

KEYS_PER_STORM = 150


def storm_keys(seed: str, count: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(STORM_KEYS) for _ in range(count)]


def lesson_targets(every: int) -> list[str]:
    """Lesson steps to storm: every `every`-th step of each lesson plus its first quiz and demo."""
    targets: list[str] = []
    for lesson in LESSONS:
        chosen = set(range(0, len(lesson.steps), every))
        for kind in (QuizStep, DemoStep):
            chosen.add(next(i for i, s in enumerate(lesson.steps) if isinstance(s, kind)))
        targets += [f"{lesson.number}/{index}" for index in sorted(chosen)]
    return targets


def launch(home: Path, target: str) -> LearnerTerminal:
    """Start the tutor showing `target`."""
    args: list[str] = []
    if target == "playground":
        args = ["--playground"]
    elif "/" in target:
        number, index = (int(part) for part in target.split("/"))
        lesson = LESSONS[number - 1]
        store = ProgressStore(home / "progress.sqlite3")
        store.set_position(lesson.slug, lesson.steps[index].id)
        store.close()
        args = ["--lesson", str(number), "--seed", "1"]
    term = LearnerTerminal(args, home=home)
    ready = "Reproduce:" if target == "playground" else ("Lesson " if "/" in target else "Overall:")
    assert term.wait_for_text(ready), (target, term.text())
    term.settle(0.2)
    if target == "help":
        term.press("question_mark")
        assert term.wait_for_text("Everywhere"), term.text()
    elif target == "palette":
        term.press("ctrl+p")
        term.settle(0.2)
    return term


def assert_clean_quit(term: LearnerTerminal, target: str, position: int) -> None:
    """The app ended: it must have been asked to (exit status 0, no traceback on screen)."""
    text = term.text()
    assert term.exit_status == 0 and "Traceback" not in text, (target, position, text)


def run_storm(home: Path, target: str, count: int) -> int:
    """Storm `target` with `count` keys in bursts of 1-8; return how many clean quits it caused."""
    keys = storm_keys(f"pty-storm/{target}", count)
    rng = random.Random(f"bursts/{target}")
    quits = 0
    term = launch(home, target)
    try:
        position = 0
        while position < len(keys):
            size = rng.randint(1, 8)
            term.send(b"".join(key_bytes(k) for k in keys[position : position + size]))
            position += size
            term.pump(rng.choice((0.0, 0.005, 0.02)))
            if not term.running():
                assert_clean_quit(term, target, position)
                quits += 1  # the palette's Quit: start again and go on
                term.close()
                term = launch(home, target)
        term.settle(0.3)
        # The last bursts may have picked Quit: on a loaded machine the app can take a second or
        # more to end after that, so it may end only now, while help is being checked.
        answered = term.answers_help()
        if not answered and not term.running():
            assert_clean_quit(term, target, position)
            quits += 1
            term.close()
            term = launch(home, target)
            answered = term.answers_help()
        assert term.running(), (target, term.exit_status, term.text())
        assert "Traceback" not in term.text(), term.text()
        assert answered, (target, term.text())
    finally:
        term.close()
    return quits


TARGETS = ["home", "help", "palette", "playground", *lesson_targets(every=8)]


@pytest.mark.parametrize("target", TARGETS)
def test_a_key_storm_through_a_real_terminal_leaves_the_tutor_answering(
    tmp_path: Path, target: str
) -> None:
    quits = run_storm(tmp_path / "home", target, KEYS_PER_STORM)
    assert quits <= 3, f"{quits} quits from {KEYS_PER_STORM} keys: keys that quit too easily"


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="long run: GD_TUTOR_LONG_TESTS=1")
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson{lesson.number}")
def test_long_storms_on_every_lesson_step(tmp_path: Path, lesson) -> None:
    for index in range(len(lesson.steps)):
        run_storm(tmp_path / f"home-{index}", f"{lesson.number}/{index}", 600)


def test_the_screen_reads_after_a_wide_character_is_overwritten() -> None:
    """The palette's 🔎 overwritten by a letter (a storm redraws it) left pyte's display broken."""
    screen = pyte.Screen(10, 2)
    stream = pyte.ByteStream(screen)
    stream.feed("🔎 ab".encode())
    stream.feed(b"\x1b[1;1Hx")  # a narrow character where the wide one began
    assert screen_lines(screen)[0].rstrip() == "x  ab"
    stream.feed("\x1b[2;1H🔎z".encode())
    assert screen_lines(screen)[1].rstrip() == "🔎z"
