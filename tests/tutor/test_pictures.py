"""Every picture readable at 80×24, and no meaning carried by colour alone.

Pilots visit every demo step of every lesson and the playground's five problems at 80×24 and
120×40 (one app per lesson and size: starting the app is the slow part) and check that each chart
is drawn, never its one-line fallback, with at least ten rows at 80×24; that status and key lines
fit the width; and that every chart drawn without colour still gives each series and each class its
own glyph.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual_plotext.plot import Plot

from lessons import LESSONS, DemoStep, Lesson
from lessons.demo import Chart, Demo
from lessons.playground import PROBLEMS, PlaygroundSettings
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.screens.lesson import LessonScreen
from tutor.screens.playground import PlaygroundScreen
from tutor.widgets.charts import (
    AXIS_COLUMNS,
    FastPlot,
    check_plotext,
    draw_chart,
    legend_entries,
    series_glyph,
    shade_matrix,
)
from tutor.widgets.demo_view import DemoView

SIZES = [(80, 24), (100, 30), (120, 40)]
#: Steps taken before looking (a staged demo shows its stages one per step).
STEPS = 8
#: Live demos are also run this far (most lesson runs end well before) to see their last frame.
FINISH_STEPS = 600


def test_installed_plotext_has_what_the_charts_rely_on() -> None:
    """Fails with the missing parts named when plotext or textual-plotext changed underneath."""
    check_plotext()


def demo_steps(lesson: Lesson) -> list[tuple[int, DemoStep]]:
    return [(i, s) for i, s in enumerate(lesson.steps) if isinstance(s, DemoStep)]


async def settle(pilot: Pilot, view: DemoView) -> None:
    """Let a freshly mounted demo lay its charts out (a new step mounts a new view)."""
    for _ in range(10):
        await pilot.pause()
        if all(chart.size.height for chart in view.chart_views()):
            return


def check_view(view: DemoView, size: tuple[int, int], where: str) -> None:
    """Charts drawn (not the fallback), tall enough at 80×24; status and keys fit the width."""
    width, height = size
    for chart in view.chart_views():
        title = chart.chart.title if chart.chart else "?"
        assert not chart.compact, f"{where}: {title!r} fell back to {chart.fallback_text}"
        plot_rows = chart.query_one(FastPlot).size.height
        if (width, height) == (80, 24):
            assert plot_rows >= 10, f"{where}: {chart.chart.title!r} has {plot_rows} rows"
            assert chart.size.width >= 36, f"{where}: {chart.chart.title!r} is too narrow"
    status = str(view.query_one("#demo-status", Static).render())
    assert len(status) <= view.size.width - 2, f"{where}: status cut: {status!r}"
    keys = str(view.query_one("#demo-keys", Static).render())
    assert "\n" not in keys and len(keys) <= width, f"{where}: keys line too long: {keys!r}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
async def test_every_demo_step_shows_its_pictures(lesson: Lesson, size: tuple[int, int]) -> None:
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=size) as pilot:
        app.open_lesson(lesson, 0)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        for index, step in demo_steps(lesson):
            screen.index = index
            await pilot.pause()
            where = f"{lesson.slug}/{step.id} at {size[0]}×{size[1]}"
            assert screen.brief is (size[1] < 34), where
            view = screen.query_one(DemoView)
            await settle(pilot, view)
            check_view(view, size, where + " (start)")
            view.advance(STEPS)
            await pilot.pause()
            check_view(view, size, where + f" (after {STEPS} steps)")
            if view.demo.live:
                view.advance(FINISH_STEPS)
                await pilot.pause()
                check_view(view, size, where + " (later)")
            text = screen_text(app)
            assert all(len(line.rstrip()) <= size[0] for line in text.splitlines())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_playground_problem_shows_its_pictures(size: tuple[int, int]) -> None:
    app = GDTutorApp(playground=PlaygroundSettings(), demos_start_paused=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        assert screen.form_shown is (size[0] >= 110)
        for key in PROBLEMS:
            assert await screen.start(PlaygroundSettings.for_problem(key))
            await pilot.pause()
            view = screen.view
            assert view is not None
            view.advance(40)
            await settle(pilot, view)
            check_view(view, size, f"playground {key} at {size[0]}×{size[1]}")


async def test_the_folded_text_and_form_open_with_a_key_at_80x24() -> None:
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        screen.index = LESSONS[0].step_index("descent-1d")
        await pilot.pause()
        brief = str(screen.query_one("#step-brief", Static).render())
        assert brief.startswith("Watch w roll downhill") and "t reads all" in brief
        await pilot.press("t")
        assert screen.query_one("#step-text").display and not screen.query_one("#activity").display
        await pilot.press("t")
        assert screen.query_one(DemoView).has_focus
        assert not screen.query_one("#step-text").display
        # a text step shows its whole text: there is nothing to fold
        screen.index = 0
        await pilot.pause()
        assert not screen.brief and screen.query_one("#step-text").display
    app = GDTutorApp(playground=PlaygroundSettings(), demos_start_paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlaygroundScreen)
        assert not screen.form_shown
        await pilot.press("e")
        assert screen.form_shown and app.focused is screen.query_one("#pg-alpha")
        app.focused.value = "0.3"  # type: ignore[union-attr]
        await pilot.press("enter")
        assert not screen.form_shown and screen.view is not None and screen.view.has_focus
        assert screen.view.demo.alpha == pytest.approx(0.3)


# -- no meaning by colour alone ------------------------------------------------------------------


def every_demo() -> list[tuple[str, Demo]]:
    demos: list[tuple[str, Demo]] = []
    for lesson in LESSONS:
        for _index, step in demo_steps(lesson):
            demos.append((f"{lesson.slug}/{step.id}", step.make_demo()))
    for key in PROBLEMS:
        demos.append((f"playground/{key}", PlaygroundSettings.for_problem(key).make_demo()))
    return demos


def drawn_glyphs(chart: Chart, width: int = 60, height: int = 20) -> set[str]:
    """Every character plotext puts on the canvas for `chart`, drawn with no colour at all."""
    plot = Plot()
    plot.plotsize(width, height)
    draw_chart(plot, chart, width - AXIS_COLUMNS, height - 5)
    plot._set_size(width, height)
    plot._set_sizes()
    plot._build_matrix()
    if chart.shading is not None:
        shade_matrix(plot, chart.shading, ["default"] * len(chart.shading.glyphs))
    return {cell for row in plot.monitor.matrix.marker for cell in row}


BRAILLE = {chr(code) for code in range(0x2801, 0x2900)}


def test_every_series_and_class_has_its_own_glyph_without_colour() -> None:
    for name, demo in every_demo():
        for _ in range(2):
            for chart in demo.frame().charts:
                entries = legend_entries(chart)
                looks = [glyph for glyph, _color, _label in entries]
                assert len(looks) == len(set(looks)), f"{name}: {chart.title!r} repeats {looks}"
                # Unlabelled series are told apart by glyph and emphasis, or are the one curve.
                unlabelled = [
                    (series_glyph(s), s.emphasis) for s in chart.series if not s.label and len(s.x)
                ]
                assert len(unlabelled) == len(set(unlabelled)), f"{name}: {chart.title!r}"
                # Each labelled series, drawn alone without colour, shows its legend's glyph.
                for series in chart.series:
                    if not series.label or not len(series.x):
                        continue
                    alone = replace(chart, series=(series,), shading=None)
                    glyphs = drawn_glyphs(alone)
                    look = series_glyph(series)
                    if series.style == "line" and series.line == "solid" and not series.marker:
                        assert glyphs & BRAILLE, f"{name}: {series.label!r} is not drawn"
                    else:
                        assert look[0] in glyphs, f"{name}: {series.label!r} is not drawn"
            demo.step()


def test_classes_and_misclassified_points_have_their_own_glyphs() -> None:
    demo = LESSONS[2].steps[LESSONS[2].step_index("train")].make_demo()  # type: ignore[union-attr]
    for _ in range(20):
        demo.step()
    chart = demo.frame().charts[1]
    by_label = {label: glyph for glyph, _color, label in legend_entries(chart)}
    assert {"y=0", "y=1", "wrong"} <= set(by_label)
    assert len({by_label["y=0"], by_label["y=1"], by_label["wrong"]}) == 3
    assert chart.shading is not None and chart.note  # regions shaded by ŷ, said in the legend
    wrong = sum(len(s.x) for s in chart.series if s.marker == by_label["wrong"])
    accuracy = demo.accuracy()  # type: ignore[attr-defined]
    assert wrong == round((1 - accuracy) * demo.X.shape[1])  # type: ignore[attr-defined]
    glyphs = drawn_glyphs(chart)
    shading = chart.shading
    present = {shading.glyphs[band] for band in np.unique(shading.bands(shading.values))}
    assert present - {" "} and present - {" "} <= glyphs  # the bands of ŷ that occur are drawn
    assert {by_label["y=0"], by_label["y=1"]} <= glyphs


async def test_no_color_draws_every_glyph_in_the_text_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = GDTutorApp(lesson="3", demos_start_paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        screen.index = LESSONS[2].step_index("train")
        await pilot.pause()
        view = screen.query_one(DemoView)
        view.advance(20)
        await pilot.pause()
        regions = view.chart_views()[1].query_one(FastPlot)
        # the canvas only: the title row above it has a "·" of its own
        lines = [regions.render_line(y) for y in range(1, regions.size.height - 3)]
        colours: dict[str, set[object]] = {}
        for line in lines:
            for segment in line:
                for char in set(segment.text) - {" "}:
                    colour = segment.style.color if segment.style else None
                    colours.setdefault(char, set()).add(colour)
        ink = {c for char in "○●" if char in colours for c in colours[char]}
        assert "○" in colours and "●" in colours  # class 0 does not vanish
        assert len(ink) == 1  # both classes in the one text colour: the glyph tells them apart
        shading = {c for c in colours.get("·", set()) | colours.get("-", set())}
        assert shading and not shading & ink  # regions in a quieter tone than the data


def test_axes_show_whole_iterations_and_round_numbers() -> None:
    demo = LESSONS[0].steps[LESSONS[0].step_index("descent-1d")].make_demo()  # type: ignore[union-attr]
    for _ in range(7):
        demo.step()
    plot = Plot()
    history = demo.frame().charts[1]
    draw_chart(plot, history, 30, 10)
    ticks = plot.monitor.xticks[0]
    labels = plot.monitor.xlabels[0]
    assert all(float(t) == int(t) for t in ticks)
    assert all("." not in label and label != "−0" for label in labels)


def test_a_diverging_run_gets_a_log_axis_and_a_window_that_follows_it() -> None:
    from engine.runner import Outcome
    from lessons.demos.descent1d import Descent1DDemo

    demo = Descent1DDemo(alpha=1.5, max_iterations=200)
    xlims = []
    while demo.step():
        curve, history = demo.frame().charts
        w = demo.w
        if np.isfinite(w) and abs(w) < 1e100:
            assert curve.xlim[0] <= w <= curve.xlim[1]  # the point never leaves the window
        xlims.append(curve.xlim)
    assert demo.outcome is Outcome.DIVERGED
    plot = Plot()
    draw_chart(plot, history, 40, 12)
    assert "(log)" in plot.monitor.ylabel[0]  # said beside the ticks, whatever the title's room
    labels = plot.monitor.ylabels[0]
    assert any("e" in label for label in labels)  # powers of ten, not 1.01e+12 squashed flat
