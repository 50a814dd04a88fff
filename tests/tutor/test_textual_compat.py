"""The work-arounds in tutor/textual_compat.py: each still needed, each still working.

If Textual fixes a bug or changes the code a guard wraps, a test here fails and says what to do.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import textual
from textual.app import App, ComposeResult
from textual.widgets import OptionList

from tests.terminal import LearnerTerminal
from tutor import textual_compat


def unlaid_option_list() -> OptionList:
    option_list = OptionList("one", "two", "three")
    option_list.highlighted = 0
    return option_list


def test_textual_still_crashes_when_paging_an_option_list_before_layout() -> None:
    """Fails once Textual is fixed: then remove `guard_option_list_paging` and this test."""
    original = textual_compat.original_move_page()
    try:
        original(unlaid_option_list(), 1)
    except KeyError:
        return
    pytest.fail(
        f"Textual {textual.__version__} no longer raises KeyError in OptionList._move_page "
        "before layout: the bug is fixed, so remove guard_option_list_paging from "
        "tutor/textual_compat.py (and its call in tutor/app.py) and this test."
    )


def test_the_guard_wraps_textuals_own_move_page() -> None:
    import tutor.app  # noqa: F401  (installs the guard)

    assert textual_compat.guard_option_list_paging(), (
        f"Textual {textual.__version__} has no OptionList._move_page: review "
        "tutor/textual_compat.py against the new OptionList paging code."
    )
    option_list = unlaid_option_list()
    option_list.action_page_down()  # no KeyError: nothing to page through yet
    option_list.action_page_up()
    assert option_list.highlighted == 0


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList(*[f"option {i}" for i in range(40)])


async def test_paging_still_pages_once_the_list_is_drawn() -> None:
    textual_compat.guard_option_list_paging()
    app = ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        option_list = app.query_one(OptionList)
        option_list.focus()
        option_list.highlighted = 0
        await pilot.pause()
        await pilot.press("pagedown")
        assert option_list.highlighted is not None and option_list.highlighted > 3
        await pilot.press("pageup")
        assert option_list.highlighted == 0


def test_ctrl_p_then_page_down_in_a_real_terminal_leaves_the_tutor_running() -> None:
    """What a terminal sends when PageDown follows ctrl+p at once: one read, both keys."""
    home = Path(tempfile.mkdtemp(prefix="gd-tutor-home-"))
    with LearnerTerminal(home=home) as term:
        assert term.wait_for_text("Overall:"), term.text()
        for _ in range(5):
            term.press("ctrl+p", "pagedown", "pagedown", "pageup", "pagedown")
            term.settle(0.2)
            assert term.running(), term.text()
            term.press("escape")
            term.settle(0.2)
        assert term.running(), term.text()
        assert term.answers_help(), term.text()
