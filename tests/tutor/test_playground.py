"""The playground screen: settings checked, runs replaced, the command line kept true."""

from __future__ import annotations

import shlex

import numpy as np
from textual.widgets import Input, Select, Static

from lessons.playground import PlaygroundSettings, parse_playground_args
from tutor.app import GDTutorApp
from tutor.screens.home import HomeScreen
from tutor.screens.playground import PlaygroundScreen
from tutor.widgets.demo_view import DemoView


def shown_command(screen: PlaygroundScreen) -> str:
    text = str(screen.query_one("#pg-command", Static).render())
    assert text.startswith("Reproduce: ")
    return text.removeprefix("Reproduce: ")


def settings_of(command: str) -> PlaygroundSettings:
    words = shlex.split(command)
    assert words[:2] == ["gd-tutor", "playground"]
    return parse_playground_args(words[2:])


def costs(view: DemoView) -> list[float]:
    frame = view.demo.frame()
    return np.asarray(frame.charts[0].series[0].y, dtype=float).tolist()


async def test_the_command_line_option_opens_the_playground_with_those_settings() -> None:
    chosen = parse_playground_args(["--problem", "flower", "--alpha", "0.6", "--n1", "3"])
    app = GDTutorApp(playground=chosen, demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        assert shown_command(screen) == chosen.command_line()
        view = screen.view
        assert view is not None
        assert view.has_focus
        assert not view.playing
        assert (view.demo.alpha, view.demo.n1) == (0.6, 3)
        assert screen.query_one("#pg-alpha", Input).value == "0.6"
        assert screen.query_one("#pg-n1", Input).value == "3"
        assert not screen.query_one("#pg-network").has_class("-hidden")
        await pilot.press("s", "s")
        assert view.demo.iteration == 2


async def test_the_shown_command_reproduces_the_run() -> None:
    app = GDTutorApp(
        playground=parse_playground_args(["--problem", "blobs"]), demos_start_paused=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        screen.query_one("#pg-alpha", Input).value = "0.05"
        screen.query_one("#pg-iterations", Input).value = "300"
        screen.query_one("#pg-alpha", Input).focus()
        await pilot.press("enter")
        view = screen.view
        assert view is not None
        assert view.demo.alpha == 0.05
        view.advance(25)
        command = shown_command(screen)
        assert "--alpha 0.05 --iterations 300" in command
        replay = settings_of(command).make_demo()
        for _ in range(25):
            replay.step()
        assert replay.iteration == view.demo.iteration
        assert np.asarray(replay.frame().charts[0].series[0].y).tolist() == costs(view)


async def test_a_bad_value_is_explained_and_the_run_goes_on() -> None:
    app = GDTutorApp(playground=PlaygroundSettings(), demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        view = screen.view
        assert view is not None
        view.advance(5)
        command = shown_command(screen)
        alpha = screen.query_one("#pg-alpha", Input)
        alpha.value = "fast"
        alpha.focus()
        await pilot.press("enter")
        assert screen.message == "α must be a positive number like 0.1; 'fast' is not a number"
        assert alpha.has_class("-invalid")
        assert alpha.value == "fast"  # what the learner typed stays to be corrected
        assert screen.view is view
        assert view.demo.iteration == 5
        assert shown_command(screen) == command
        iterations = screen.query_one("#pg-iterations", Input)
        alpha.value = "0.2"
        iterations.value = "0"
        await pilot.press("enter")
        assert "iterations must be a whole number from 1 to 1,000,000" in screen.message
        assert iterations.has_class("-invalid")
        assert not alpha.has_class("-invalid")
        iterations.value = "40"
        await pilot.press("enter")
        assert screen.message == ""
        assert screen.view is not view
        assert screen.view.demo.alpha == 0.2


async def test_choosing_a_problem_loads_its_settings_and_fields() -> None:
    app = GDTutorApp(playground=PlaygroundSettings(), demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        assert screen.query_one("#pg-network").has_class("-hidden")
        screen.query_one("#pg-problem", Select).value = "flower"
        await pilot.pause()
        await pilot.pause()
        assert screen.settings == PlaygroundSettings.for_problem("flower")
        assert screen.query_one("#pg-alpha", Input).value == "1.2"
        assert screen.query_one("#pg-iterations", Input).value == "10000"
        assert not screen.query_one("#pg-network").has_class("-hidden")
        assert type(screen.view.demo).__name__ == "NetworkDemo"
        screen.query_one("#pg-activation", Select).value = "relu"
        await pilot.pause()
        await pilot.pause()
        assert screen.view.demo.activation == "relu"
        assert "--activation relu" in shown_command(screen)


async def test_the_demos_own_keys_keep_the_command_line_true() -> None:
    chosen = PlaygroundSettings.for_problem("flower")
    app = GDTutorApp(playground=chosen, demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        await pilot.press("plus", "right_square_bracket", "a")
        await pilot.pause()
        demo = screen.view.demo
        again = settings_of(shown_command(screen))
        assert (again.alpha, again.n1, again.activation) == (demo.alpha, demo.n1, demo.activation)
        assert again.alpha > chosen.alpha
        assert screen.query_one("#pg-alpha", Input).value == repr(demo.alpha)


async def test_leaving_the_playground_stops_the_run() -> None:
    app = GDTutorApp(playground=PlaygroundSettings.for_problem("flower"), demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.view
        assert view is not None
        view.steps_per_tick = 1
        view.playing = True
        await pilot.pause()
        assert view.timer_running
        timer = view._timer
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not view.timer_running
        assert timer._task is None
        iteration = view.demo.iteration
        await pilot.pause(0.1)
        assert view.demo.iteration == iteration


async def test_home_opens_the_playground() -> None:
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PlaygroundScreen)
        assert shown_command(app.screen) == PlaygroundSettings().command_line()
