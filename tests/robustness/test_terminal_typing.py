"""Answers typed in a real terminal after a wrong answer arrive whole, and q never quits a quiz.

Everything goes through a pseudo-terminal to `python -m tutor` (see tests/terminal.py): the bytes a
terminal sends, Textual's parser and event queue, and the screen the learner reads back.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from engine import answers
from lessons import LESSONS
from tests.robustness.helpers import LONG
from tests.terminal import LearnerTerminal
from tutor.progress import ProgressStore

LESSON = LESSONS[1]
STEP = "forward-quiz"

#: Answers the README invites, most of them starting with letters.
EXPRESSIONS = ("sigmoid(0.45)", "sqrt(2)", "pi/4", "tanh(0.2)")


def at_quiz(home: Path, step: str = STEP) -> Path:
    """A progress store that reopens lesson 2 at `step`, as if the learner had left it there."""
    home.mkdir(parents=True, exist_ok=True)
    store = ProgressStore(home / "progress.sqlite3")
    store.set_position(LESSON.slug, step)
    store.close()
    return home


def echo(typed: str) -> str:
    """What the card says it read for `typed` (an expression: the text, then its value)."""
    verdict = answers.check(typed, 0.0)
    assert verdict.valid, typed
    return f"You entered {typed} = {verdict.echo}."


def start(home: Path, columns: int = 80, rows: int = 24, seed: int = 3) -> LearnerTerminal:
    term = LearnerTerminal(
        ["--lesson", "2", "--seed", str(seed)], home=home, columns=columns, rows=rows
    )
    assert term.wait_for_text("Answer ›"), term.text()
    return term


def be_wrong(term: LearnerTerminal) -> None:
    term.type("12345\r")
    assert term.wait_for_text("You entered 12345."), term.text()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_expressions_typed_after_a_wrong_answer_arrive_whole(tmp_path: Path, size) -> None:
    with start(at_quiz(tmp_path / "home"), *size) as term:
        for expression in EXPRESSIONS:
            # at human speed, after the verdict is on screen
            be_wrong(term)
            term.type(expression, gap=0.04)
            assert term.wait_until(lambda e=expression: term.answer_text() == e), term.text()
            term.press("enter")
            assert term.wait_for_text(echo(expression)), term.text()
            # as one burst with the wrong answer: the verdict and the typing in the same read
            term.type("12345\r" + expression)
            assert term.wait_until(
                lambda e=expression: "You entered 12345." in term.text() and term.answer_text() == e
            ), term.text()
            term.press("enter")
            assert term.wait_for_text(echo(expression)), term.text()
        assert "Part 1 of 3" in term.text() and term.running()


def test_q_typed_in_a_quiz_is_a_letter_and_ctrl_q_quits(tmp_path: Path) -> None:
    with start(at_quiz(tmp_path / "home")) as term:
        be_wrong(term)
        term.type("q")
        assert term.wait_until(lambda: term.answer_text() == "q"), term.text()
        term.press("escape")
        assert term.wait_for_text("▶ h hint"), term.text()
        term.type("q")  # not a quiz key: typed too
        assert term.wait_until(lambda: term.answer_text() == "qq"), term.text()
        term.settle(0.3)
        assert term.running()
        term.press("ctrl+q")
        assert term.wait_until(lambda: not term.running()), term.text()
        assert term.exit_status == 0


def burst_answers(count: int, seed: int) -> list[str]:
    """`count` wrong answers (values far from any quiz's), letters, Unicode and operators."""
    rng = random.Random(seed)
    pool = (*EXPRESSIONS, "exp(-1)", "log(2)", "σ(0.3)", "(0.73−1)*2", "2^3", "1e-3", "-7.1")
    return [f"{rng.choice(pool)}+{rng.randint(100, 999)}" for _ in range(count)]


def run_bursts(home: Path, count: int) -> None:
    """Type `count` answers, ten to a burst, each burst sent the moment the last verdict shows;
    then read every attempt back from the progress store: all there, in order, key for key."""
    typed = burst_answers(count, seed=count)
    with start(at_quiz(home)) as term:
        be_wrong(term)
        for first in range(0, count, 10):
            burst = typed[first : first + 10]
            term.type("".join(f"{answer}\r" for answer in burst))
            assert term.wait_for_text(echo(burst[-1])), (first, term.text())
        term.settle(0.7)  # the last attempts are written
        term.press("ctrl+q")
        assert term.wait_until(lambda: not term.running())
    with sqlite3.connect(home / "progress.sqlite3") as db:
        rows = db.execute("SELECT typed FROM attempts ORDER BY rowid").fetchall()
    recorded = [row[0] for row in rows]
    assert recorded[0] == "12345"
    assert recorded[1:] == typed  # no key lost, none out of order, no answer split or merged


def test_hundreds_of_answers_typed_in_bursts_lose_no_key(tmp_path: Path) -> None:
    run_bursts(tmp_path / "home", 1000 if LONG else 200)


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="long run: GD_TUTOR_LONG_TESTS=1")
def test_a_thousand_answers_typed_in_bursts_lose_no_key(tmp_path: Path) -> None:
    run_bursts(tmp_path / "home", 1000)
