"""Absurd numbers — tiny and huge α, huge starting weights, any width, every activation — end in a
finished run or divergence said in words: never a NumPy warning, never NaN or inf shown as a value.

Runs go through the same objects the app draws (lesson demos, playground settings) with every
floating-point error turned into an exception and every warning into an error, and each frame's
panels and status are read for nan/inf tokens.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import warnings
from collections.abc import Iterator

import numpy as np
import pytest
from textual.widgets import Static

from engine.runner import Outcome
from lessons import LESSONS, DemoStep
from lessons.demo import Demo, Frame
from lessons.playground import ACTIVATIONS, INITS, MAX_HIDDEN_UNITS, PROBLEMS, PlaygroundSettings
from tests.robustness.helpers import LONG
from tests.screen import screen_text
from tutor import textual_private
from tutor.app import GDTutorApp

NAN_OR_INF = re.compile(r"(?<![A-Za-z])[-−+]?(nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)
ALPHAS = [1e-6, 1e-4, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3] if LONG else [1e-6, 0.1, 10.0, 1e3]
MAX_STEPS = 3000 if LONG else 400


@contextlib.contextmanager
def strict_numbers() -> Iterator[None]:
    """Every NumPy floating-point problem raises, and every warning is an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


def frame_text(frame: Frame) -> str:
    return "\n".join([frame.status, *(f"{p.title}\n{p.body}" for p in frame.panels)])


def assert_no_nan_shown(frame: Frame, where: str) -> None:
    text = frame_text(frame)
    match = NAN_OR_INF.search(text)
    assert match is None, f"{where}: {match.group(0)!r} shown in\n{text}"


def run_to_the_end(demo: Demo, where: str, max_steps: int = MAX_STEPS, every: int = 50) -> None:
    """Step a demo until it finishes (or `max_steps`), reading its frame as the view would."""
    with strict_numbers():
        assert_no_nan_shown(demo.frame(), where)
        for count in itertools.count(1):
            more = demo.step()
            if count % every == 0 or not more or demo.finished:
                assert_no_nan_shown(demo.frame(), f"{where} at step {count}")
            if not more or demo.finished or count >= max_steps:
                break
        summary = demo.summary()
    outcome = getattr(demo, "outcome", None)
    if demo.finished:
        assert summary.strip(), f"{where}: a finished run says nothing"
    if outcome is Outcome.DIVERGED:
        assert "diverg" in summary.lower(), f"{where}: {summary!r}"
        assert "diverg" in frame_text(demo.frame()).lower() or "diverg" in summary.lower()


def playground_cases() -> list[PlaygroundSettings]:
    cases = []
    for problem, spec in PROBLEMS.items():
        iterations = min(spec.iterations, MAX_STEPS)
        starts = [{}]
        if spec.start:
            starts += [
                {name: 100.0 for name, _ in spec.start},
                {name: -100.0 for name, _ in spec.start},
            ]
        for alpha, start in itertools.product(ALPHAS, starts):
            if spec.network and start:
                continue
            cases.append(
                PlaygroundSettings.for_problem(problem, alpha=alpha, iterations=iterations, **start)
            )
    return cases


@pytest.mark.parametrize("settings", playground_cases(), ids=lambda s: " ".join(s.arguments()))
def test_playground_problems_at_any_alpha_and_start(settings: PlaygroundSettings) -> None:
    with strict_numbers():
        demo = settings.make_demo()
    run_to_the_end(demo, settings.command_line())


NETWORK_CASES = [
    (n1, activation, init, alpha)
    for n1 in ([1, 2, 7, 50, MAX_HIDDEN_UNITS] if LONG else [1, MAX_HIDDEN_UNITS])
    for activation in ACTIVATIONS
    for init in INITS
    for alpha in ([1e-6, 1.2, 50.0, 1e3] if LONG else [1.2, 1e3])
]


@pytest.mark.parametrize(("n1", "activation", "init", "alpha"), NETWORK_CASES)
def test_networks_of_any_width_and_activation(
    n1: int, activation: str, init: str, alpha: float
) -> None:
    settings = PlaygroundSettings.for_problem(
        "flower",
        n1=n1,
        activation=activation,
        init=init,
        alpha=alpha,
        iterations=MAX_STEPS if LONG else 150,
    )
    with strict_numbers():
        demo = settings.make_demo()
    run_to_the_end(demo, settings.command_line(), every=25)


HUGE_STARTS = [1e6, -1e6, 1e12, 1e100, -1e150]


@pytest.mark.parametrize("w0", HUGE_STARTS)
@pytest.mark.parametrize("alpha", [1e-6, 0.1, 1e3])
def test_huge_starting_weights_beyond_the_playground_limits(w0: float, alpha: float) -> None:
    """The demos themselves, started far outside any sensible range, by code rather than a form."""
    from engine.costs import CONVEX, NON_CONVEX
    from lessons.demos.descent1d import Descent1DDemo
    from lessons.demos.descent2d import Descent2DDemo

    for make in (
        lambda: Descent1DDemo(CONVEX, w0=w0, alpha=alpha, max_iterations=200),
        lambda: Descent1DDemo(NON_CONVEX, w0=w0, alpha=alpha, max_iterations=200),
        lambda: Descent2DDemo(w0=w0, b0=-w0, alpha=alpha, max_iterations=200),
    ):
        with strict_numbers():
            demo = make()
        run_to_the_end(demo, f"{type(demo).__name__} w0={w0} α={alpha}")


def lesson_demo_steps() -> list[tuple[str, DemoStep]]:
    return [
        (f"{lesson.number}/{step.id}", step)
        for lesson in LESSONS
        for step in lesson.steps
        if isinstance(step, DemoStep)
    ]


@pytest.mark.parametrize(
    ("name", "step"), lesson_demo_steps(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_lesson_demo_with_its_controls_pushed_to_the_limits(
    name: str, step: DemoStep
) -> None:
    """Press each control many times in a row (α to its ceiling, to its floor, …) and run."""
    with strict_numbers():
        demo = step.make_demo()
    run_to_the_end(demo, name)
    presses = 40 if LONG else 12
    for control in demo.controls:
        with strict_numbers():
            for _ in range(presses):
                demo.act(control.action)
                demo.step()
        run_to_the_end(demo, f"{name} after {presses}× {control.action}")
        with strict_numbers():
            demo.reset()
        run_to_the_end(demo, f"{name} after reset")


async def test_a_diverging_playground_run_says_so_on_screen() -> None:
    """α = 1000 on the convex cost: the view shows divergence in words and no nan/inf value."""
    from tutor.widgets.demo_view import DemoView

    settings = PlaygroundSettings.for_problem("convex", alpha=1000.0, iterations=200)
    app = GDTutorApp(playground=settings, demos_start_paused=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        with strict_numbers():
            for _ in range(60):
                if view.demo.finished:
                    break
                view.action_step_once()
                await pilot.pause()
        assert view.demo.finished
        await pilot.pause()
        shown = screen_text(app)
        status = str(view.query_one("#demo-status", Static).render())
        summary = str(view.query_one("#demo-summary", Static).render())
        assert "diverg" in (status + summary).lower(), (status, summary)
        for line in shown.splitlines():
            if "diverg" in line.lower():
                continue  # "the cost became inf" describes the divergence in words
            assert not NAN_OR_INF.search(line), line
    assert textual_private.crash(app) is None
