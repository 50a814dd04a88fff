"""The one live-run component: every demo in the tutor is driven and drawn by `DemoView`.

A frame (30 a second) leaves at the timer's tick: the tick shows the frame prepared before it
(status line, panels, a chart's new picture: cheap to show), and half a frame later, once that
paint is out, the view steps the engine as often as the demo asks, but never for longer than a
small time budget (5 ms), so a slow machine shows fewer steps per frame and never a frozen
screen, then prepares the next frame: the demo's `Frame` and at most one chart's picture. So
frames are evenly spaced whether or not they carry a new chart, and a key pressed during a run
waits for at most one short piece of work. A key answers first: pausing, resuming, a step or a
demo's own key updates the status line at once, and the charts catch up one per frame after
that. The timer is paused whenever there is nothing to show: the run is paused or finished, the
widget is hidden, or its screen is not the active one. Staged demos (`live = False`) have no
timer: space and s advance one stage.

How fast a demo runs: `demo.steps_per_tick` (a float; 0.25 means one step every fourth frame) if
the demo sets it, else its `max_iterations` spread over about ten seconds, else one step per tick.
"""

from __future__ import annotations

import math
from time import perf_counter
from typing import ClassVar, Literal

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Resize
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from lessons.demo import Control, Demo, Frame, TextPanel
from tutor.heap import settle_heap
from tutor.keys import key_label
from tutor.widgets.charts import ChartView

#: Frames per second: one redraw per frame at most.
FPS = 30
#: While a run plays, charts are rebuilt at most this often; the status line keeps the full rate.
#: Building a plotext chart is most of a frame's cost, so this keeps keys answered within a frame.
CHART_FPS = 15
#: Wall-clock time per frame that stepping may take; the rest is for drawing and keys. A key
#: pressed while the engine steps waits at most this long before it is handled.
STEP_BUDGET = 0.005
#: Without a demo-chosen rate, a run of `max_iterations` is spread over about this many seconds.
RUN_SECONDS = 10.0
#: Keys the app and this component use; a demo control on one of them is not bound.
RESERVED_KEYS = frozenset(
    {"space", "s", "r", "n", "p", "q", "h", "x", "f", "question_mark", "?", "escape", "tab"}
    | {"enter", "shift+tab"}
    # t unfolds a lesson step's text, e the playground's settings
    | {"t", "e"}
)
#: Below this width the panels go under the charts instead of beside them.
SIDE_BY_SIDE_WIDTH = 100
#: A chart column narrower than this is not worth having; fewer, wider charts instead.
MIN_CHART_COLUMN = 40
#: Panels go beside the charts only if this many columns are left for the charts.
MIN_CHART_ROOM = 2 * MIN_CHART_COLUMN
#: A lone chart may sit beside the panels when this many columns are left for it.
MIN_SINGLE_CHART_ROOM = 46
#: Below this many rows the text panels drop their frame (a title rule only) to leave the rows
#: to the charts.
SHORT_VIEW_ROWS = 26


def pair_descriptions(first: str, second: str) -> str:
    """One description for two keys that do opposite things: "α up", "α down" → "α up/down".

    Words the two share at the start and the end are kept once; what differs is joined by "/".
    """
    a, b = first.split(), second.split()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a = " ".join(a[head : len(a) - tail])
    middle_b = " ".join(b[head : len(b) - tail])
    if not middle_a or not middle_b:
        return f"{first}/{second}"
    words = [*a[:head], f"{middle_a}/{middle_b}", *a[len(a) - tail :]]
    return " ".join(words)


def fit_status(line: str, width: int) -> str:
    """Shorten a status line to `width` columns without cutting a word or a number in half."""
    steps = (
        lambda t: t.replace("⏸ paused · ", "⏸ ").replace("▶ running · ", "▶ "),
        lambda t: t.replace("■ finished · r resets", "■ done"),
        lambda t: t.replace(" = ", "=").replace(" := ", ":="),
        lambda t: t.replace("iteration ", "it. "),
    )
    for shorten in steps:
        line = shorten(line)
        if len(line) <= width:
            return line
    parts = line.split(" · ")
    while len(parts) > 1 and len(" · ".join(parts)) > width:
        parts.pop()
    return " · ".join(parts)


#: Keys that come in opposite pairs, shown as one entry ("+/− α up/down").
KEY_PAIRS = (("plus", "minus"), ("left_square_bracket", "right_square_bracket"))


def default_steps_per_tick(demo: Demo, fps: float = FPS) -> float:
    """The demo's own rate if it has one, else its iteration limit spread over ~10 seconds."""
    chosen = demo.steps_per_tick
    if isinstance(chosen, int | float) and math.isfinite(chosen) and chosen > 0:
        return float(chosen)
    limit = demo.max_iterations
    if isinstance(limit, int | float) and math.isfinite(limit) and limit > 0:
        return max(0.5, float(limit) / (RUN_SECONDS * fps))
    return 1.0


class DemoView(Widget, can_focus=True):
    """Runs a `Demo` on a timer and draws its frames: charts, text panels, status and summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_play", "Play/Pause", id="demo.play_pause"),
        Binding("s", "step_once", "Step", id="demo.step"),
        Binding("r", "reset", "Reset", id="demo.reset"),
    ]

    DEFAULT_CSS: ClassVar[str] = """
    DemoView {
        width: 1fr;
        height: 1fr;
        layout: vertical;
    }
    DemoView > #demo-head {
        height: auto;
    }
    DemoView #demo-title {
        width: auto;
        height: 1;
        padding: 0 1;
        text-style: bold;
        color: $accent;
    }
    DemoView.-untitled #demo-title {
        display: none;
    }
    DemoView #demo-keys {
        width: 1fr;
        height: auto;
        padding: 0 1;
        text-align: right;
        color: $text-muted;
    }
    DemoView.-keys-first #demo-title {
        display: none;
    }
    DemoView.-keys-first #demo-keys {
        text-align: left;
    }
    DemoView > #demo-body {
        height: 1fr;
        layout: horizontal;
    }
    DemoView.-stacked > #demo-body {
        layout: vertical;
    }
    DemoView #demo-charts {
        layout: grid;
        grid-size: 1;
        grid-rows: 1fr;
        grid-gutter: 0 1;
        width: 1fr;
        height: 1fr;
    }
    DemoView #demo-panels {
        width: auto;
        height: 1fr;
    }
    DemoView.-stacked #demo-panels {
        width: 1fr;
        height: auto;
        max-height: 50%;
    }
    DemoView.-no-charts #demo-charts {
        display: none;
    }
    DemoView.-no-charts #demo-panels {
        width: 1fr;
        height: 1fr;
        max-height: 100%;
    }
    DemoView.-no-panels #demo-panels {
        display: none;
    }
    DemoView .demo-panel {
        width: 1fr;
        height: auto;
        padding: 0 1;
        border: round $primary 60%;
        border-title-color: $text;
    }
    DemoView.-short.-stacked .demo-panel {
        border: none;
        border-top: solid $primary 60%;
    }
    DemoView > #demo-status {
        width: 1fr;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    DemoView:focus > #demo-status {
        background: $primary 25%;
    }
    DemoView > #demo-summary {
        display: none;
        height: auto;
        padding: 0 1;
        text-style: bold;
    }
    DemoView.-finished > #demo-summary {
        display: block;
    }
    """

    playing: reactive[bool] = reactive(False, init=False, repaint=False)
    """True while a live demo is meant to run (it still pauses when hidden or off-screen).

    Not a repaint: the status line says it, and repainting the whole view (every chart's cells)
    would make the key that toggles it wait for a full-screen write.
    """

    class Finished(Message):
        """The run ended (converged, limit, diverged or last stage); `summary` says how."""

        def __init__(self, view: DemoView, summary: str) -> None:
            super().__init__()
            self.view = view
            self.summary = summary

        @property
        def control(self) -> DemoView:
            return self.view

    class ControlUsed(Message):
        """The learner pressed one of the demo's own keys (its settings may have changed)."""

        def __init__(self, view: DemoView, action: str) -> None:
            super().__init__()
            self.view = view
            self.action = action

        @property
        def control(self) -> DemoView:
            return self.view

    def __init__(
        self,
        demo: Demo,
        *,
        autoplay: bool = True,
        steps_per_tick: float | None = None,
        fps: float = FPS,
        step_budget: float = STEP_BUDGET,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.demo = demo
        self.fps = fps
        self.step_budget = step_budget
        self.steps_per_tick = (
            float(steps_per_tick) if steps_per_tick else default_steps_per_tick(demo, fps)
        )
        self.set_reactive(DemoView.playing, bool(autoplay and demo.live and not demo.finished))
        self._credit = 0.0
        self._charts_at = 0.0
        self._chart_turn = -1  # the chart last redrawn by a "one" redraw
        self._catching_up = False  # charts are being brought up to date after a key's paint
        self._settled = False  # the heap was settled when this view first played
        #: A frame prepared after the last paint, shown at the next tick (with its chart mode).
        self._prepared: tuple[Frame, bool | Literal["one", "after"]] | None = None
        self._status_line: str | None = None
        self._timer_running = False
        self._shown = False
        self._frame = Frame()
        self._panel_bodies: list[str] = []
        self._announced_finish = False
        self._ready = False
        #: Counters for tests and benchmarks: frames stepped, redraws, engine steps taken.
        self.ticks = 0
        self.frames_drawn = 0
        self.steps_taken = 0
        #: Demo controls that were not bound because their key is reserved or already taken.
        self.skipped_controls: tuple[Control, ...] = ()
        self._bind_keys()

    # -- keys -------------------------------------------------------------------------------------

    def _bind_keys(self) -> None:
        """Give this instance the demo's own keys (shown in the footer) and staged-demo wording."""
        keymap = self._bindings.key_to_bindings
        if not self.demo.live:
            keymap["space"] = [Binding("space", "step_once", "Next stage", id="demo.next_stage")]
            keymap["s"] = [
                Binding("s", "step_once", "Next stage", show=False, id="demo.next_stage_s")
            ]
        skipped = []
        for index, control in enumerate(self.demo.controls):
            key = control.key
            if key in RESERVED_KEYS or key.startswith("ctrl+") or key in keymap:
                skipped.append(control)
                continue
            keymap[key] = [
                Binding(
                    key,
                    f"control({index})",
                    control.description,
                    show=False,  # listed on the demo's own keys line: the footer has no room
                    id=f"demo.control.{control.action}",
                )
            ]
        self.skipped_controls = tuple(skipped)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out stepping once the run is over (reset or play starts it again)."""
        if action == "step_once" and self.demo.finished:
            return None
        return True

    # -- building ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        frame = self._frame = self.demo.frame()
        with Horizontal(id="demo-head"):
            yield Static(Text(self.demo.title), id="demo-title")
            yield Static(Text(self._keys_text()), id="demo-keys")
        with Container(id="demo-body"):
            with Container(id="demo-charts"):
                for chart in frame.charts:
                    yield ChartView(chart)
            with VerticalScroll(id="demo-panels"):
                for panel in frame.panels:
                    yield self._panel_widget(panel)
        yield Static(id="demo-status")
        yield Static(id="demo-summary")

    def _keys_text(self, width: int | None = None) -> str:
        """The demo's own keys on one line: at 80 columns the footer cannot hold them too.

        Opposite keys share one entry ("+/− α up/down"). Given a `width`, entries that do not fit
        are left for the help screen, and the line says "? more keys" instead of being cut.
        """
        bound = [c for c in self.demo.controls if c not in self.skipped_controls]
        by_key = {c.key: c for c in bound}
        entries: list[str] = []
        done: set[str] = set()
        for control in bound:
            if control.key in done:
                continue
            pair = next(
                (p for p in KEY_PAIRS if control.key in p and all(k in by_key for k in p)), None
            )
            if pair is not None:
                first, second = (by_key[k] for k in pair)
                keys = f"{key_label(first.key)}/{key_label(second.key)}"
                entries.append(f"{keys} {pair_descriptions(first.description, second.description)}")
                done.update(pair)
            else:
                entries.append(f"{key_label(control.key)} {control.description}")
                done.add(control.key)
        line = " · ".join(entries)
        if width is None or len(line) <= width:
            return line
        more = " · ? more keys"
        kept: list[str] = []
        for entry in entries:
            if len(" · ".join([*kept, entry])) + len(more) > width:
                break
            kept.append(entry)
        return " · ".join(kept) + more if kept else "? shows this demo's keys"

    def _panel_widget(self, panel: TextPanel) -> Static:
        widget = Static(Text(panel.body), classes="demo-panel")
        widget.border_title = panel.title
        return widget

    def on_mount(self) -> None:
        self._ready = True
        self._panel_bodies = [panel.body for panel in self._frame.panels]
        self.set_class(not self.demo.title, "-untitled")
        self._timer = self.set_interval(1 / self.fps, self._on_timer, pause=True, name="demo-tick")
        self.app.screen_change_signal.subscribe(self, self._on_screen_change)
        self._show_state(self._frame)
        self._sync_timer()

    def on_unmount(self) -> None:
        self._ready = False
        self._timer.stop()
        self._timer_running = False
        self.app.screen_change_signal.unsubscribe(self)

    def on_show(self) -> None:
        self._shown = True
        self._sync_timer()

    def on_hide(self) -> None:
        self._shown = False
        self._sync_timer()

    def _on_screen_change(self, screen: Screen) -> None:
        self._sync_timer()

    def on_resize(self, event: Resize) -> None:
        self._arrange(event.size.width)
        self._show_state(self._frame)

    def _arrange(self, width: int) -> None:
        """Choose the grid: panels beside or under the charts, and how many chart columns."""
        charts = list(self.query(ChartView))
        panels = self._frame.panels
        self.set_class(not charts, "-no-charts")
        self.set_class(not panels, "-no-panels")
        # Narrow: the demo's keys matter more than its title (the step text has a heading).
        keys_first = width < SIDE_BY_SIDE_WIDTH and bool(self._keys_text())
        self.set_class(keys_first, "-keys-first")
        room = width - 2 if keys_first else width - 4 - len(self.demo.title)
        self.query_one("#demo-keys", Static).update(Text(self._keys_text(max(20, room))))
        self.set_class(self.size.height < SHORT_VIEW_ROWS, "-short")
        # Panels hold preformatted lines: beside the charts only if those lines fit unwrapped.
        widest = max(
            (len(line) for panel in panels for line in (panel.title, *panel.body.splitlines())),
            default=0,
        )
        panel_width = widest + 4  # border and padding
        # One chart can share a narrow screen with a narrow panel; two need a wide one.
        if len(charts) == 1:
            stacked = bool(panels) and width - panel_width < MIN_SINGLE_CHART_ROOM
        else:
            stacked = bool(panels) and (
                width < SIDE_BY_SIDE_WIDTH or width - panel_width < MIN_CHART_ROOM
            )
        self.set_class(stacked, "-stacked")
        if panels and charts and not stacked:
            self.query_one("#demo-panels").styles.width = panel_width
        if not charts:
            return
        room = width if stacked or not panels else width - panel_width
        columns = max(1, min(len(charts), room // MIN_CHART_COLUMN))
        grid = self.query_one("#demo-charts", Container)
        grid.styles.grid_size_columns = columns
        for chart in charts:
            chart.styles.column_span = 1
        spare = len(charts) % columns
        if spare:
            charts[-1].styles.column_span = columns - spare + 1

    # -- running ----------------------------------------------------------------------------------

    @property
    def timer_running(self) -> bool:
        """True while the animation timer is live (False when paused, hidden, off-screen, done)."""
        return self._timer_running

    def _wants_to_run(self) -> bool:
        demo = self.demo
        if not (self.playing and demo.live and not demo.finished):
            return False
        if not (self.is_attached and self._shown and self.display):
            return False
        try:
            return self.screen.is_active
        except NoScreen:  # being removed
            return False

    def _sync_timer(self) -> None:
        """Resume or pause the timer to match what should be happening now."""
        timer = getattr(self, "_timer", None)
        if timer is None:
            return
        run = self._wants_to_run()
        if run and not self._timer_running:
            self._credit = 0.0
            # A resumed timer turns at once: let the paint that says "running" go out first.
            self.call_after_refresh(self._resume_timer)
        elif not run and self._timer_running:
            timer.pause()
        self._timer_running = run

    def _resume_timer(self) -> None:
        if self._timer_running and self._wants_to_run():
            if not self._settled:
                # No full garbage-collector pass in the middle of this view's runs: the heap
                # is settled once, when it first plays (tutor/heap.py).
                self._settled = True
                settle_heap()
            self._timer.resume()

    def watch_playing(self, playing: bool) -> None:
        self._sync_timer()
        if not playing and self._ready:
            self.redraw(charts="after")  # paused: the charts catch up with the status line
        else:
            self._show_state(self._frame)

    def _on_timer(self) -> None:
        """A frame: show what was prepared, step, and prepare the next frame after the paint.

        The frame leaves at the tick, so frames are as evenly spaced as the timer whether or not
        they carry a new chart; the costly part (the demo's frame, a chart's picture) is done in
        a turn of its own after the paint, where a key that came meanwhile goes first.
        """
        if not self._wants_to_run():
            self._sync_timer()
            return
        prepared, self._prepared = self._prepared, None
        if prepared is not None:
            self._publish(*prepared)
        # Half a frame later, when the paint of what was just shown (or of the key that started
        # the run) is out. Not `call_after_refresh`: that may run before the screen has seen
        # what changed.
        self.set_timer(0.5 / self.fps, self._step_and_prepare, name="demo-prepare")

    def _step_and_prepare(self) -> None:
        if not self._ready or not self._wants_to_run():
            return
        if not self.step_turn():
            return
        if self.demo.finished:
            self.redraw()  # the run has just ended: its last frame at once
            return
        charts = self._chart_mode()
        self._prepared = (self._prepare(charts), charts)

    def step_turn(self) -> int:
        """A frame's stepping: its share of steps within the budget; return the steps taken."""
        self.ticks += 1
        self._credit += self.steps_per_tick
        wanted = int(self._credit)
        if wanted < 1:
            return 0
        # Whatever the budget could not take is dropped, so a slow machine never builds a backlog.
        self._credit -= wanted
        return self._advance(wanted, self.step_budget)

    def draw_turn(self) -> None:
        """A frame's drawing prepared and shown at once: status, panels, at most one chart.

        The timer splits this in two (prepared half a frame before its tick, shown at the tick);
        tests drive whole frames with `step_turn()` and this.
        """
        self.redraw(charts=True if self.demo.finished else self._chart_mode())

    def _chart_mode(self) -> Literal["one"] | bool:
        return "one" if perf_counter() - self._charts_at >= 1 / CHART_FPS else False

    def _advance(self, wanted: int, budget: float) -> int:
        """Take up to `wanted` steps (at least one) within `budget` seconds; return steps taken."""
        demo = self.demo
        deadline = perf_counter() + budget
        taken = 0
        with np.errstate(all="ignore"):
            while taken < wanted and not demo.finished:
                more = demo.step()
                taken += 1
                if not more or perf_counter() >= deadline:
                    break
        self.steps_taken += taken
        return taken

    def step_once(self) -> bool:
        """One engine step (or one stage) and a redraw; False when the run is already over."""
        return self.advance(1) > 0

    def advance(self, steps: int) -> int:
        """Take `steps` steps now, however long they take, and redraw once (tests, step key)."""
        if self.demo.finished or steps < 1:
            return 0
        taken = self._advance(steps, math.inf)
        self.redraw()
        return taken

    def redraw(self, *, charts: bool | Literal["one", "after"] = True) -> None:
        """Ask the demo for its current frame and draw it (charts skip themselves if unchanged).

        `charts=False` updates the status and panels only; `charts="one"` also redraws the next
        chart in turn whose picture changed, so a turn never rebuilds more than one chart (each
        costs a plotext matrix and its strips, which a key press would wait for). The playing
        timer asks for one chart at most `CHART_FPS` times a second. `charts="after"` is for keys:
        status and panels now, then the charts one per frame, starting a frame later.
        """
        self._prepared = None  # anything prepared by the timer is older than this
        self._publish(self._prepare(charts), charts)

    def _prepare(self, charts: bool | Literal["one", "after"]) -> Frame:
        """The costly half of a redraw: the demo's frame and the chart pictures, not yet shown."""
        frame = self.demo.frame()
        if not self._ready:
            return frame
        views = list(self.query(ChartView))
        if len(views) != len(frame.charts):
            return frame  # the charts are rebuilt when this frame is shown
        if charts == "one":
            self._show_next_chart(views, frame, reveal=False)
            self._charts_at = perf_counter()
        elif charts is True:
            for view, chart in zip(views, frame.charts, strict=True):
                view.prepare(chart)
            self._charts_at = perf_counter()
        elif charts == "after":
            for view, chart in zip(views, frame.charts, strict=True):
                view.chart = chart  # the data now (cheap); its picture a frame later
        return frame

    def _publish(self, frame: Frame, charts: bool | Literal["one", "after"]) -> None:
        """The cheap half: show a prepared frame (status, panels, the charts' new pictures)."""
        self._frame = frame
        self.frames_drawn += 1
        if not self._ready:
            return
        views = list(self.query(ChartView))
        if len(views) != len(frame.charts) or len(self._panel_bodies) != len(frame.panels):
            self._rebuild(frame)
            self._charts_at = perf_counter()
        else:
            for view in views:
                view.reveal()
            if charts == "after" and not self._catching_up:
                self._catching_up = True
                self.set_timer(1 / self.fps, self._catch_up, name="demo-catch-up")
            panels = list(self.query(".demo-panel").results(Static))
            for index, (widget, panel) in enumerate(zip(panels, frame.panels, strict=True)):
                if self._panel_bodies[index] != panel.body:
                    widget.update(Text(panel.body))
                    self._panel_bodies[index] = panel.body
                if widget.border_title != panel.title:
                    widget.border_title = panel.title
        self._show_state(frame)

    def _show_next_chart(
        self, views: list[ChartView], frame: Frame, *, reveal: bool = True
    ) -> bool:
        """Redraw the first chart, in turn after the last one redrawn, whose picture changed.

        With `reveal=False` its new picture is built but shown only by the view's `reveal()`.
        """
        count = len(views)
        for offset in range(1, count + 1):
            index = (self._chart_turn + offset) % count
            view, chart = views[index], frame.charts[index]
            if view.show(chart) if reveal else view.prepare(chart):
                self._chart_turn = index
                return True
        return False

    def _catch_up(self) -> None:
        """A frame after a key: redraw one stale chart, then the next one a frame later.

        A frame, not `call_after_refresh`: that can run before the key's own status line has
        reached the screen (the line's update is still on its way to the screen then).
        """
        views = list(self.query(ChartView)) if self._ready else []
        if len(views) == len(self._frame.charts) and self._show_next_chart(views, self._frame):
            self._charts_at = perf_counter()
            self.set_timer(1 / self.fps, self._catch_up, name="demo-catch-up")
        else:
            self._catching_up = False

    def _rebuild(self, frame: Frame) -> None:
        """The demo changed how many charts or panels it shows: replace them all."""
        grid = self.query_one("#demo-charts", Container)
        grid.remove_children()
        grid.mount_all([ChartView(chart) for chart in frame.charts])
        panels = self.query_one("#demo-panels", VerticalScroll)
        panels.remove_children()
        panels.mount_all([self._panel_widget(panel) for panel in frame.panels])
        self._panel_bodies = [panel.body for panel in frame.panels]
        self.call_after_refresh(self._arrange, self.size.width)

    def _show_state(self, frame: Frame) -> None:
        """Status line, end-of-run summary, and the timer once the run has ended."""
        if not self._ready:
            return
        demo = self.demo
        finished = demo.finished
        try:
            status = self.query_one("#demo-status", Static)
        except NoMatches:  # the app is closing: children go before this view's on_unmount
            return
        width = self.size.width - 2 if self.size.width else None
        line = self.status_text(frame, width)
        if line != self._status_line:
            # one row across the view whatever it says: a repaint, never a relayout of the screen
            status.update(Text(line), layout=False)
            self._status_line = line
        self.set_class(finished, "-finished")
        if finished:
            summary = self.summary_text()
            self.query_one("#demo-summary", Static).update(Text(summary))
            if not self._announced_finish:
                self._announced_finish = True
                if self.playing:
                    self.playing = False
                self._sync_timer()
                self.refresh_bindings()
                self.post_message(self.Finished(self, demo.summary()))
        elif self._announced_finish:
            self._announced_finish = False
            self.refresh_bindings()

    def status_text(self, frame: Frame | None = None, width: int | None = None) -> str:
        """The status line: running state, iteration, and the demo's own status.

        Given a `width`, the line is shortened to fit rather than cut: the state keeps only its
        symbol, "x = 1" becomes "x=1", "iteration" becomes "it.", and only then are whole parts
        left off from the end (the help and the panels still show them).
        """
        frame = frame or self._frame
        demo = self.demo
        if demo.finished:
            state = "■ finished · r resets" if demo.live else "■ all stages shown · r restarts"
        elif not demo.live:
            state = "▷ space: next stage"
        elif self.playing:
            state = "▶ running"
        else:
            state = "⏸ paused"  # the footer says space plays and s steps
        parts = [state]
        iteration = demo.iteration
        shows_iteration = "iteration" in frame.status
        if demo.live and isinstance(iteration, int | np.integer) and not shows_iteration:
            parts.append(f"iteration {int(iteration):,}")
        if frame.status:
            parts.append(frame.status)
        line = " · ".join(parts)
        if width is None or len(line) <= width:
            return line
        return fit_status(line, width)

    def summary_text(self) -> str:
        """The one-line end-of-run summary shown under the charts."""
        summary = self.demo.summary()
        if not summary:
            return "Done: every stage shown." if not self.demo.live else "Run ended."
        return f"Run ended: {summary}" if self.demo.live else summary

    # -- actions ----------------------------------------------------------------------------------

    def action_toggle_play(self) -> None:
        """Play or pause; on a finished run, start it again from the beginning."""
        if not self.demo.live:
            self.action_step_once()
            return
        if self.demo.finished:
            self.action_reset()
            self.playing = True
            return
        self.playing = not self.playing

    def action_step_once(self) -> None:
        """One step while paused (pressing s during a run pauses it first)."""
        if self.demo.live and self.playing:
            self.playing = False
        if not self.demo.finished and self._advance(1, math.inf):
            self.redraw(charts="after")

    def action_reset(self) -> None:
        """Start over from the demo's initial state, keeping its settings."""
        with np.errstate(all="ignore"):
            self.demo.reset()
        self._credit = 0.0
        self.redraw(charts="after")
        self._sync_timer()

    def action_control(self, index: int) -> None:
        """A demo-specific key: hand its action to the demo and show the result at once."""
        controls = self.demo.controls
        if not 0 <= index < len(controls):
            return
        action = controls[index].action
        with np.errstate(all="ignore"):
            self.demo.act(action)
        self.redraw(charts="after")
        self._sync_timer()
        self.post_message(self.ControlUsed(self, action))

    @property
    def frame(self) -> Frame:
        """The frame drawn last."""
        return self._frame

    def chart_views(self) -> list[ChartView]:
        """The chart widgets, in the demo's order."""
        return list(self.query(ChartView))

    def summary_shown(self) -> str | None:
        """The summary line as shown, or None while the run goes on."""
        if not self.has_class("-finished"):
            return None
        return self.summary_text()


__all__ = ["FPS", "RESERVED_KEYS", "STEP_BUDGET", "DemoView", "default_steps_per_tick"]
