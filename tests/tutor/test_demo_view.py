"""The live-run component, stepped explicitly: never by wall-clock, never asserting speed."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import numpy as np
import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Static

from engine.costs import CONVEX
from engine.runner import Outcome, descent_1d
from lessons.demo import Chart, Control, Demo, Frame, History, Series, TextPanel
from tutor.widgets.charts import AXIS_COLUMNS, ChartView, plot_points
from tutor.widgets.demo_view import CHART_FPS, FPS, RUN_SECONDS, DemoView, default_steps_per_tick


class DescentDemo(Demo):
    """A real engine run (w := w − α·dJ/dw on the convex J) with the shape of a lesson demo."""

    title = "Descent on J(w) = (w − 2)² + 1"
    controls = (
        Control("plus", "alpha_up", "α ×2"),
        Control("minus", "alpha_down", "α ÷2"),
        Control("s", "steal_s", "must not be bound: s is reserved"),
    )

    def __init__(
        self, *, alpha: float = 0.1, w0: float = 4.0, max_iterations: int = 200, cap: int = 64
    ) -> None:
        self.alpha = alpha
        self.w0 = w0
        self.max_iterations = max_iterations
        self.costs = History(cap)
        self.slopes = History(cap)
        self.reset()

    def reset(self) -> None:
        self.run = descent_1d(CONVEX, self.w0, self.alpha, max_iterations=self.max_iterations)
        self.costs.clear()
        self.slopes.clear()
        self.iteration = 0
        self.w = self.w0

    @property
    def outcome(self) -> Outcome:
        return self.run.outcome

    @property
    def finished(self) -> bool:
        return self.run.outcome is not Outcome.RUNNING

    def step(self) -> bool:
        records = self.run.take(1)
        if not records:
            return False
        record = records[0]
        self.iteration = record.iteration
        self.w = float(record.params["w"])
        self.costs.append(record.iteration, record.cost)
        self.slopes.append(record.iteration, record.slope)
        return not self.finished

    def frame(self) -> Frame:
        cost = self.costs.last
        status = f"α = {self.alpha:g}"
        if cost is not None and np.isfinite(cost[1]):
            status += f", J = {cost[1]:.4f}"
        return Frame(
            charts=(
                Chart("cost per iteration", (Series(self.costs.x, self.costs.y, "J"),)),
                Chart("slope per iteration", (Series(self.slopes.x, self.slopes.y, "dJ/dw"),)),
            ),
            panels=(TextPanel("update", f"w = {self.w:.4f}"),),
            status=status,
        )

    def act(self, action: str) -> None:
        if action == "alpha_up":
            self.alpha *= 2
        elif action == "alpha_down":
            self.alpha /= 2
        self.reset()

    def summary(self) -> str:
        return self.run.summary()


class StagedDemo(Demo):
    """Three stages shown one per key press, as the computation-graph demos do."""

    title = "Three stages"
    live = False
    STAGES: ClassVar[tuple[str, ...]] = ("z = w·x + b", "a = σ(z)", "L = −(y log a + …)")

    def __init__(self) -> None:
        self.stage = 0

    def reset(self) -> None:
        self.stage = 0

    def step(self) -> bool:
        if self.stage < len(self.STAGES):
            self.stage += 1
        return self.stage < len(self.STAGES)

    @property
    def finished(self) -> bool:
        return self.stage == len(self.STAGES)

    def frame(self) -> Frame:
        shown = "\n".join(self.STAGES[: self.stage]) or "(press space)"
        return Frame(panels=(TextPanel("forward pass", shown),), status=f"stage {self.stage}")

    def summary(self) -> str:
        return "forward pass complete"


class DemoScreen(Screen[None]):
    def __init__(self, demo: Demo, autoplay: bool) -> None:
        super().__init__()
        self.demo = demo
        self.autoplay = autoplay

    def compose(self) -> ComposeResult:
        yield DemoView(self.demo, autoplay=self.autoplay)
        yield Footer()

    def on_mount(self) -> None:
        self.finished: list[str] = []
        self.query_one(DemoView).focus()

    def on_demo_view_finished(self, message: DemoView.Finished) -> None:
        self.finished.append(message.summary)


class OtherScreen(Screen[None]):
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.pop_screen", "Back", id="t.back")]

    def compose(self) -> ComposeResult:
        yield Static("another screen")


class DemoApp(App[None]):
    def __init__(self, demo: Demo, *, autoplay: bool = False) -> None:
        super().__init__()
        self.demo = demo
        self.autoplay = autoplay

    def on_mount(self) -> None:
        self.push_screen(DemoScreen(self.demo, self.autoplay))


def slow_demo() -> DescentDemo:
    """A run that cannot end during a test: tiny α, one step per tick (rate follows the limit)."""
    return DescentDemo(alpha=1e-4, max_iterations=int(RUN_SECONDS * FPS))


def play_frame(view: DemoView) -> None:
    """One frame as the playing timer makes it: the stepping turn, then (if it stepped) drawing."""
    if view.step_turn():
        view.draw_turn()


async def caught_up(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Wait (up to 5 s of a loaded machine) for what the view does a frame or half a frame on."""
    for _ in range(250):
        if done():
            return
        await pilot.pause(0.02)
    assert done(), "the charts never caught up after the key"


def status(app: App) -> str:
    return str(app.screen.query_one("#demo-status", Static).render())


async def test_starts_paused_and_steps_explicitly() -> None:
    demo = DescentDemo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        assert not view.playing
        assert not view.timer_running
        assert "paused" in status(app)
        assert view.step_once()
        assert view.step_once()
        await pilot.pause()
        # Record 0 is the start (J(4) = 5); record 1 is after one update: w = 4 − 0.1·4 = 3.6.
        assert demo.iteration == 1
        assert demo.w == pytest.approx(3.6)
        assert "iteration 1" in status(app)
        assert "J = 3.5600" in status(app)
        await pilot.press("s")
        assert demo.iteration == 2
        assert demo.w == pytest.approx(3.6 - 0.1 * 2 * 1.6)


async def test_bindings_have_ids_and_demo_controls_are_listed() -> None:
    demo = DescentDemo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        active = app.screen.active_bindings
        for key, description in [
            ("space", "Play/Pause"),
            ("s", "Step"),
            ("r", "Reset"),
            ("plus", "α ×2"),
            ("minus", "α ÷2"),
        ]:
            binding = active[key].binding
            assert binding.description == description
            assert binding.id and binding.id.startswith("demo.")
        footer_text = " ".join(str(key.render()) for key in app.screen.query("FooterKey"))
        assert "Play/Pause" in footer_text
        # The demo's own keys have their own line (the footer has no room for them at 80×24).
        assert "α ×2" not in footer_text
        keys_line = str(view.query_one("#demo-keys", Static).render())
        # opposite keys share one entry, their descriptions joined where they differ
        assert "+/- α ×2/÷2" in keys_line
        # The reserved key s stays the view's own step key: the demo's control on s is not bound.
        assert [control.key for control in view.skipped_controls] == ["s"]
        assert active["s"].binding.action == "step_once"
        await pilot.press("plus")
        assert demo.alpha == pytest.approx(0.2)
        assert "α = 0.2" in status(app)
        # Other instances keep their own keys: the class bindings were not changed.
        assert "plus" not in {key for key, _ in DemoView._merged_bindings}


async def test_pause_stops_the_timer() -> None:
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.playing = True
        await pilot.pause()
        assert view.timer_running
        assert "running" in status(app)
        view.playing = False
        await pilot.pause()
        assert not view.timer_running
        assert "paused" in status(app)
        ticks, iteration = view.ticks, demo.iteration
        await pilot.pause(0.2)
        assert (view.ticks, demo.iteration) == (ticks, iteration)


async def test_a_tick_takes_at_least_one_step_within_its_budget() -> None:
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.step_once()  # record 0, the starting point
        view.playing = True  # no await below: the timer cannot fire, the ticks are driven by hand
        view.steps_per_tick = 50
        view.step_budget = 0.0  # a machine too slow for even one step: still one per tick
        before = demo.iteration
        play_frame(view)
        assert demo.iteration == before + 1
        view.step_budget = 10.0
        play_frame(view)
        assert demo.iteration == before + 1 + 50
        drawn = view.frames_drawn
        view.steps_per_tick = 0.5  # one step every second tick; a tick with no step draws nothing
        view._credit = 0.0
        play_frame(view)
        assert (demo.iteration, view.frames_drawn) == (before + 51, drawn)
        play_frame(view)
        assert (demo.iteration, view.frames_drawn) == (before + 52, drawn + 1)
        view.playing = False


async def test_leaving_the_screen_stops_the_run_and_coming_back_resumes_it() -> None:
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.playing = True
        await pilot.pause()
        assert view.timer_running
        await app.push_screen(OtherScreen())
        await pilot.pause()
        assert not view.timer_running
        assert view.playing  # still meant to play: it resumes when its screen is back
        iteration = demo.iteration
        await pilot.pause(0.15)
        assert demo.iteration == iteration
        app.pop_screen()
        await pilot.pause()
        assert view.timer_running
        view.playing = False
        await pilot.pause()
        timer = view._timer
        app.pop_screen()  # the demo's screen goes away: its timer is stopped for good
        await pilot.pause()
        assert not view.timer_running
        assert timer._task is None


async def test_hiding_the_view_stops_the_timer() -> None:
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.playing = True
        await pilot.pause()
        assert view.timer_running
        view.display = False
        await pilot.pause()
        assert not view.timer_running
        view.display = True
        await pilot.pause()
        await pilot.pause()
        assert view.timer_running
        view.playing = False


async def test_divergence_ends_the_run_with_its_summary() -> None:
    # α = 1.5 on (w − 2)² + 1: each step multiplies w − 2 by 1 − 2α = −2, so J explodes.
    demo = DescentDemo(alpha=1.5, max_iterations=1000)
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        assert view.summary_shown() is None
        while view.step_once():
            pass
        await pilot.pause()
        assert demo.outcome is Outcome.DIVERGED
        summary = view.summary_shown()
        assert summary is not None
        assert summary.startswith("Run ended: diverged at iteration ")
        assert summary == f"Run ended: {demo.summary()}"
        shown = str(app.screen.query_one("#demo-summary", Static).render())
        assert shown == summary
        assert "finished" in status(app)
        assert "nan" not in status(app).casefold()
        assert not view.playing
        assert not view.timer_running
        assert not view.step_once()
        assert app.screen.finished == [demo.summary()]
        # space on a finished run starts it again from the beginning
        view.steps_per_tick = 0.001
        await pilot.press("space")
        assert demo.iteration == 0
        assert view.playing
        assert view.summary_shown() is None
        view.playing = False


async def test_an_autoplaying_run_ends_by_itself_and_stops_its_timer() -> None:
    demo = DescentDemo(alpha=1.5, max_iterations=1000)
    app = DemoApp(demo, autoplay=True)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.query_one(DemoView)
        for _ in range(200):
            await pilot.pause(0.02)
            if demo.finished:
                break
        await pilot.pause()
        assert demo.outcome is Outcome.DIVERGED
        assert view.ticks > 0
        assert not view.playing
        assert not view.timer_running
        assert view.summary_shown() == f"Run ended: {demo.summary()}"
        assert app.screen.finished == [demo.summary()]


async def test_convergence_reports_iterations_and_cost() -> None:
    demo = DescentDemo(alpha=0.1)
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.advance(10_000)
        await pilot.pause()
        assert demo.outcome is Outcome.CONVERGED
        assert view.summary_shown() == f"Run ended: {demo.summary()}"
        assert "converged after" in str(app.screen.query_one("#demo-summary", Static).render())
        await pilot.press("r")
        assert demo.iteration == 0
        assert view.summary_shown() is None


async def test_charts_are_decimated_to_their_width_and_skip_unchanged_frames() -> None:
    demo = DescentDemo(alpha=0.001, max_iterations=5000, cap=4096)
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.advance(3000)
        await pilot.pause()
        cost_view = view.chart_views()[0]
        assert len(demo.costs) == 3000
        assert not cost_view.compact
        assert 0 < cost_view.points <= 2 * cost_view.size.width
        draws = cost_view.draws
        view.redraw()  # nothing changed since the last frame: the plot is not rebuilt
        assert cost_view.draws == draws
        view.step_once()
        assert cost_view.draws == draws + 1
        # What goes to plotext keeps the curve's extremes: the first (highest) and newest cost.
        series = cost_view.chart.series[0]
        x, y = plot_points(series, cost_view.size.width - AXIS_COLUMNS)
        assert len(x) < len(demo.costs)
        assert y.max() == demo.costs.y.max() == demo.costs.y[0]
        assert y.min() == demo.costs.y.min()
        assert x[-1] == demo.iteration


async def test_a_chart_too_small_to_draw_shows_numbers_instead() -> None:
    demo = DescentDemo()
    app = DemoApp(demo)
    async with app.run_test(size=(44, 14)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        for _ in range(3):
            view.step_once()
        await pilot.pause()
        compact = [chart for chart in view.chart_views() if chart.compact]
        assert compact
        text = compact[0].fallback_text
        assert text.startswith(compact[0].chart.title)
        assert "(min " in text or "J " in text or "dJ/dw " in text


async def test_staged_demo_advances_one_stage_per_key_and_resets() -> None:
    demo = StagedDemo()
    app = DemoApp(demo, autoplay=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        assert not view.playing
        assert not view.timer_running
        assert app.screen.active_bindings["space"].binding.description == "Next stage"
        panel = view.query_one(".demo-panel", Static)
        assert "press space" in str(panel.render())
        await pilot.press("space")
        assert "z = w·x + b" in str(panel.render())
        await pilot.press("s")
        await pilot.press("space")
        assert demo.finished
        assert view.summary_shown() == "forward pass complete"
        assert "L = −(y log a" in str(panel.render())
        await pilot.press("r")
        assert demo.stage == 0
        assert view.summary_shown() is None


def test_default_rate_spreads_a_run_over_about_ten_seconds() -> None:
    assert default_steps_per_tick(DescentDemo(max_iterations=3000)) == pytest.approx(10.0)
    assert default_steps_per_tick(DescentDemo(max_iterations=30)) == pytest.approx(0.5)
    chosen = DescentDemo()
    chosen.steps_per_tick = 4  # type: ignore[attr-defined]
    assert default_steps_per_tick(chosen) == 4.0
    assert default_steps_per_tick(StagedDemo()) == 1.0


async def test_a_frame_with_more_charts_rebuilds_the_grid() -> None:
    demo = DescentDemo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        original = demo.frame

        def three_charts() -> Frame:
            frame = original()
            return Frame(frame.charts + frame.charts[:1], frame.panels, frame.status)

        demo.frame = three_charts  # type: ignore[method-assign]
        view.step_once()
        await pilot.pause()
        assert len(view.chart_views()) == 3
        assert isinstance(view.chart_views()[2], ChartView)


async def test_the_fast_plot_draws_exactly_what_plotext_draws() -> None:
    demo = DescentDemo(alpha=0.01, max_iterations=500)
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.advance(200)
        await pilot.pause()
        plot = view.chart_views()[0].plot
        width, height = plot.size
        lines = ["".join(segment.text for segment in plot.render_line(y)) for y in range(height)]
        reference = plot.plt.build()  # plotext's own ANSI picture of the same figure
        expected = Text.from_ansi(reference).plain.splitlines()
        assert lines == [line.ljust(width)[:width] for line in expected]
        assert any("cost per iteration" in line for line in lines)


async def test_while_playing_charts_rebuild_at_most_at_chart_rate_and_catch_up_on_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]  # the view's clock, moved by hand: no wall-clock timing in this test
    monkeypatch.setattr("tutor.widgets.demo_view.perf_counter", lambda: clock[0])
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        cost_view = view.chart_views()[0]
        view.playing = True
        await pilot.pause()
        views = view.chart_views()
        assert len(views) == 2
        # The first frame after a long gap rebuilds a chart (one: never more in a frame).
        play_frame(view)
        draws, frames = [v.draws for v in views], view.frames_drawn
        for _ in range(5):  # five ticks at the frame rate: all within 1 / CHART_FPS seconds
            clock[0] += 0.2 / (FPS * 5)
            play_frame(view)
        assert view.frames_drawn == frames + 5  # the status line followed every tick
        assert [v.draws for v in views] == draws  # the charts waited for their own rate
        first = draws
        for _ in range(2):
            clock[0] += 1 / CHART_FPS
            play_frame(view)  # a chart period later, one chart is rebuilt: the next in turn
            now = [v.draws for v in views]
            assert sum(now) == sum(draws) + 1
            draws = now
        assert all(d == f + 1 for d, f in zip(draws, first, strict=True))  # each had its turn
        play_frame(view)  # and the next tick waits again
        assert [v.draws for v in views] == draws
        assert cost_view.chart.series[0].x[-1] < demo.iteration
        assert f"iteration {demo.iteration}" in status(app)
        view.playing = False  # pausing says so at once; the charts follow after that paint
        assert "paused" in status(app)
        assert cost_view.draws == draws[0]
        await caught_up(pilot, lambda: cost_view.draws == draws[0] + 1)
        assert cost_view.chart.series[0].x[-1] == demo.iteration


async def test_a_key_repaints_the_status_line_and_not_the_charts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Play, pause and a demo's own key: what is painted for the key is the status line.

    Repainting the whole view (every chart cell) before the status line said "paused" is what
    made a key wait for a full-screen write during a network run; the charts follow a frame later.
    """
    from textual.screen import Screen as TextualScreen

    painted: list[int] = []  # area of the screen written by each paint
    original = TextualScreen._compositor_refresh

    def recording(screen: TextualScreen) -> None:
        painted.append(sum(r.area for r in screen._compositor._dirty_regions))
        original(screen)

    monkeypatch.setattr(TextualScreen, "_compositor_refresh", recording)
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.fps = 0.2  # the charts' catch-up comes five seconds after a key: not in this test
        for _ in range(3):
            view.step_once()
        view.steps_per_tick = 1e-6  # playing takes no step here: only the keys change anything
        await pilot.pause()
        painted.clear()
        await pilot.press("space")  # play
        await pilot.pause()
        assert "running" in status(app)
        await pilot.press("space")  # pause
        await pilot.pause()
        assert "paused" in status(app)
        await pilot.press("plus")  # α ×2: the status says so, the charts catch up later
        await pilot.pause()
        assert demo.alpha == pytest.approx(2e-4)
        status_line = app.screen.query_one("#demo-status").region.area
        assert painted and max(painted) <= 2 * status_line, (painted, status_line)


async def test_the_charts_catch_up_a_frame_after_a_key() -> None:
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        cost_view = view.chart_views()[0]
        for _ in range(3):
            view.step_once()
        await pilot.pause()
        draws = cost_view.draws
        await pilot.press("r")  # a reset empties the histories: the charts change, a frame later
        assert "iteration 0" in status(app)
        await caught_up(pilot, lambda: cost_view.draws == draws + 1)
        assert len(cost_view.chart.series[0].x) <= 1


def test_textual_may_paint_at_120_frames_a_second_unless_the_learner_says_otherwise() -> None:
    """A key's effect reaches the screen within 8 ms of Textual's paint timer, not 17."""
    import subprocess
    import sys

    code = "import tutor.app, textual.constants as c; print(c.MAX_FPS)"
    env = {k: v for k, v in __import__("os").environ.items() if k != "TEXTUAL_FPS"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "120", run.stderr
    env["TEXTUAL_FPS"] = "30"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "30", run.stderr


async def test_a_playing_frame_is_shown_at_the_next_tick_after_it_was_prepared() -> None:
    """The timer shows the frame prepared after the last paint, then steps and prepares anew.

    So every frame leaves at a tick, whether or not it carries a new chart picture, and the
    costly part (the demo's frame, a chart) runs after the paint.
    """
    demo = slow_demo()
    app = DemoApp(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DemoView)
        view.step_once()  # record 0, the starting point
        view.steps_per_tick = 1
        view._timer.stop()  # a timer that never ticks during the test: its ticks are made by hand
        view._timer = view.set_interval(1000, view._on_timer, pause=True)
        view.playing = True
        await pilot.pause()
        start = demo.iteration
        view._on_timer()  # nothing prepared yet: step and prepare now, show nothing
        await pilot.pause()
        assert demo.iteration == start + 1
        assert f"iteration {start}" in status(app)
        view._on_timer()  # shows what was prepared, then steps (after the paint) again
        assert f"iteration {start + 1}" in status(app)
        assert demo.iteration == start + 1  # the stepping waits for half a frame
        await caught_up(pilot, lambda: demo.iteration == start + 2)
        view.playing = False  # pausing shows where the run really is
        await pilot.pause()
        assert f"iteration {start + 2}" in status(app)
