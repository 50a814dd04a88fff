"""The work-arounds in tutor/textual_compat.py: each still needed, each still working.

If Textual fixes a bug or changes the code a guard wraps, a test here fails and says what to do.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import tempfile
from asyncio import InvalidStateError
from pathlib import Path

import pytest
import textual
from textual._node_list import DuplicateIds
from textual.app import App, ComposeResult, ScreenStackError
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList

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
    import tutor.app  # noqa: F401  (installs the guards)

    assert textual_compat.install(), (
        f"Textual {textual.__version__} lacks something tutor/textual_compat.py wraps: review "
        "each guard against the new code."
    )
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


async def test_textual_still_reuses_a_palette_id_that_is_not_free_yet() -> None:
    """Fails once Textual can reopen the palette while the last one is being removed."""
    original = textual_compat._unwrapped(App.action_command_palette)
    app = App()
    with pytest.raises(DuplicateIds):
        async with app.run_test() as pilot:
            original(app)
            await pilot.pause()
            app.screen.dismiss()
            original(app)  # ctrl+p right after Escape, in one read
            await pilot.pause()
            await pilot.pause()


async def test_textual_still_dismisses_a_screen_twice_without_the_guard() -> None:
    """Fails once Textual ignores a second dismiss: then drop that part of the guard."""
    original = textual_compat._unwrapped(Screen.dismiss)
    app = App()
    with pytest.raises((ScreenStackError, InvalidStateError)):
        async with app.run_test() as pilot:
            app.push_screen(ModalScreen())
            await pilot.pause()
            screen = app.screen
            original(screen)
            original(screen)  # Escape twice in one read
            await pilot.pause()


@pytest.mark.parametrize(
    "keys",
    [
        ["ctrl+p", "ctrl+p", "ctrl+p"],
        ["ctrl+p", "enter", "escape", "enter"],
        ["ctrl+p", "x", "escape", "ctrl+p", "escape", "escape"],
        ["ctrl+p", "pagedown", "pageup", "enter", "enter"],
    ],
    ids=["three-ctrl-p", "enter-escape", "search-then-close", "page-then-enter"],
)
async def test_palette_bursts_leave_the_tutor_running(keys: list[str]) -> None:
    from tests.robustness.helpers import storm
    from tutor.app import GDTutorApp
    from tutor.screens.home import HomeScreen

    app = GDTutorApp(seed=1, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await storm(app, pilot, [*keys, "escape", "escape"], batch=len(keys) + 2)
            await pilot.pause(0.3)  # searches finish after the palette closed
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
        await pilot.press("question_mark")
        assert app._exception is None and app.is_running


async def test_textual_still_pops_the_wrong_screen_when_a_covered_screen_is_dismissed() -> None:
    """Fails once Textual's dismiss leaves a covered screen alone: then drop that guard."""
    original = textual_compat._unwrapped(Screen.dismiss)
    app = App()
    with pytest.raises(InvalidStateError):
        async with app.run_test() as pilot:
            covered, top = ModalScreen(), ModalScreen()
            app.push_screen(covered)
            app.push_screen(top)  # help, then the palette over it
            await pilot.pause()
            original(covered)  # help's Esc, handled after the palette opened
            await pilot.pause()
            assert app.screen is covered, "Textual popped the screen on top instead"
            original(covered)  # the next Esc on help: its result future is set again
            await pilot.pause()


async def test_a_covered_screen_dismissed_leaves_the_stack_alone() -> None:
    textual_compat.install()
    app = App()
    async with app.run_test() as pilot:
        covered, top = ModalScreen(), ModalScreen()
        app.push_screen(covered)
        app.push_screen(top)
        await pilot.pause()
        covered.dismiss()
        await pilot.pause()
        assert app.screen_stack[-2:] == [covered, top]
        top.dismiss()
        await pilot.pause()
        covered.dismiss()
        await pilot.pause()
        assert len(app.screen_stack) == 1 and app._exception is None


async def test_escape_on_help_then_ctrl_p_leaves_the_tutor_running() -> None:
    """Help's Esc handled after ctrl+p opened the palette over it (one read from a terminal)."""
    from tutor.app import GDTutorApp
    from tutor.screens.help import HelpScreen
    from tutor.screens.home import HomeScreen

    app = GDTutorApp(seed=1, demos_start_paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        app.action_command_palette()
        await pilot.pause()
        await help_screen.run_action("dismiss")
        await pilot.pause()
        for _ in range(2):
            await pilot.press("escape")  # the palette, then help
        assert isinstance(app.screen, HomeScreen) and app._exception is None
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


def test_textual_still_mounts_a_widget_that_is_being_removed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fails once Textual skips Mount for a removed widget: then drop guard_mount_while_removed."""
    from textual.widget import Widget

    from tests.repro_mount_while_removed import Card, open_and_close

    original = textual_compat._unwrapped(Widget._dispatch_message)
    monkeypatch.setattr(Widget, "_dispatch_message", original)
    outcome = asyncio.run(open_and_close(Card))
    assert outcome.startswith("NoMatches"), (
        f"Textual {textual.__version__} no longer runs Mount handlers of a widget removed before "
        f"it composed ({outcome}): remove guard_mount_while_removed from tutor/textual_compat.py "
        "and this test."
    )


@pytest.mark.parametrize("widget", ["Card", "Header", "Select"])
def test_a_screen_closed_as_it_opens_mounts_nothing(widget: str) -> None:
    import tests.repro_mount_while_removed as repro

    assert textual_compat.install()
    assert asyncio.run(repro.open_and_close(getattr(repro, widget))) == "no error"


@pytest.mark.parametrize("opened", ["playground", "lesson", "progress", "help"])
async def test_tutor_screens_closed_as_they_open_leave_it_running(opened: str) -> None:
    """Enter on the palette's "Playground" and Esc in one read: opened and closed in one turn."""
    from lessons import LESSONS
    from tutor.app import GDTutorApp
    from tutor.screens.home import HomeScreen

    app = GDTutorApp(seed=1)
    open_screen = {
        "playground": app.open_playground,
        "lesson": lambda: app.open_lesson(LESSONS[2], 3),
        "progress": app.open_progress,
        "help": app.action_help,
    }[opened]
    async with app.run_test(size=(80, 24)) as pilot:
        for turns in range(4):  # closed before composing, while composing, while mounting
            open_screen()
            for _ in range(turns):
                await asyncio.sleep(0)
            app.go_home()
            await pilot.pause()
            assert app._exception is None, f"closed after {turns} turns"
        assert isinstance(app.screen, HomeScreen)
        open_screen()
        await pilot.pause()
        assert not isinstance(app.screen, HomeScreen)  # and it still opens properly


#: Textual 8.2.8's `Header._on_mount`, which `guard_header_title` copies with one check added.
HEADER_ON_MOUNT_8_2_8 = """
    def _on_mount(self, _: Mount) -> None:
        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except NoScreen:
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
"""


def test_textuals_header_on_mount_is_still_the_code_the_guard_copies() -> None:
    source = inspect.getsource(textual_compat.original_header_on_mount())
    assert source.strip() == HEADER_ON_MOUNT_8_2_8.strip(), (
        f"Textual {textual.__version__} changed Header._on_mount: compare it with the copy in "
        "guard_header_title (tutor/textual_compat.py); drop the guard if the title watcher now "
        "copes with a header that is gone, else copy the new code with the check."
    )


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # its watcher
def test_textual_header_still_shows_its_title_after_its_screen_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fails once the first title update no longer outlives the header: drop the guard."""
    from textual.widgets import Header

    from tests.repro_mount_while_removed import failures

    textual_compat.install()  # the mount guard: only the title watcher is left to fail
    monkeypatch.setattr(Header, "_on_mount", textual_compat.original_header_on_mount())
    failed = failures(Header, most_turns=12)
    gc.collect()  # Textual's watcher coroutines left behind are reported here, under the filter
    assert any("HeaderTitle" in outcome for outcome in failed.values()), (
        f"Textual {textual.__version__}: a Header whose screen closes right after opening no "
        "longer fails: remove guard_header_title from tutor/textual_compat.py and its tests."
    )


def test_a_header_closed_at_any_moment_after_opening_is_quiet() -> None:
    from textual.widgets import Header

    from tests.repro_mount_while_removed import failures

    assert textual_compat.install()
    assert failures(Header, most_turns=12) == {}


#: Textual 8.2.8's `Screen._invoke_and_clear_callbacks`, which the guard copies with one check.
INVOKE_AND_CLEAR_8_2_8 = '''
    async def _invoke_and_clear_callbacks(self) -> None:
        """If there are scheduled callbacks to run, call them and clear
        the callback queue."""
        if self._callbacks:
            callbacks = self._callbacks[:]
            self._callbacks.clear()
            for callback, message_pump in callbacks:
                with message_pump._context():
                    await invoke(callback)
'''


def test_textuals_after_refresh_runner_is_still_the_code_the_guard_copies() -> None:
    source = inspect.getsource(textual_compat.original_invoke_and_clear_callbacks())
    assert source.strip() == INVOKE_AND_CLEAR_8_2_8.strip(), (
        f"Textual {textual.__version__} changed Screen._invoke_and_clear_callbacks: compare it "
        "with guard_after_refresh_of_removed (tutor/textual_compat.py) and update or drop it."
    )


class Fitting(Vertical):
    """Fits its child after each repaint, as the quiz card does."""

    def compose(self) -> ComposeResult:
        yield Label("part", id="fitting-part")

    def fit(self) -> None:
        self.call_after_refresh(self._fit_part)

    def _fit_part(self) -> None:
        self.query_one("#fitting-part", Label)


async def fit_then_remove() -> None:
    app = App()
    async with app.run_test() as pilot:
        widget = Fitting()
        await app.screen.mount(widget)
        await pilot.pause()
        widget.fit()
        app.screen.refresh()  # a repaint is due…
        widget.remove()  # …and the learner leaves the step before it comes
        await pilot.pause()


async def test_textual_still_runs_after_refresh_callbacks_of_removed_widgets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fails once Textual drops them itself: remove guard_after_refresh_of_removed."""
    monkeypatch.setattr(
        Screen, "_invoke_and_clear_callbacks", textual_compat.original_invoke_and_clear_callbacks()
    )
    with pytest.raises(NoMatches):
        await fit_then_remove()


async def test_after_refresh_callbacks_of_removed_widgets_are_dropped() -> None:
    assert textual_compat.install()
    await fit_then_remove()
