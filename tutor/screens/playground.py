"""The playground: any problem, your own α and iterations, live charts, a reproducible command.

Settings are checked by `lessons.playground` (the same rules as `gd-tutor --playground …`). A bad
value gets its message under the form and a marked field; the run on screen keeps going, so nothing
is lost. The command line above the charts always describes the run being shown, including changes
made with the demo's own keys.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from lessons.playground import (
    ACTIVATIONS,
    INITS,
    PROBLEMS,
    PlaygroundError,
    PlaygroundSettings,
    format_alpha,
    settings_from_fields,
)
from tutor.widgets.demo_view import DemoView

INPUT_FIELDS = ("alpha", "iterations", "n1")
#: Narrower than this, the settings form folds away (e opens it) so the charts get the width.
FORM_BESIDE_WIDTH = 110
#: Shorter than this, the app header is left out: every row goes to the charts.
HEADER_ROWS = 30


class PlaygroundScreen(Screen[None]):
    """Pick a problem and settings, watch gradient descent run, copy the command that repeats it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "home", "Lessons", id="playground.home"),
        Binding("e", "toggle_form", "Settings", id="playground.settings"),
    ]

    DEFAULT_CSS: ClassVar[str] = """
    PlaygroundScreen #pg-body {
        height: 1fr;
    }
    PlaygroundScreen #pg-form {
        width: 28;
        padding: 0 1;
        border-right: vkey $primary 40%;
    }
    PlaygroundScreen #pg-form Label {
        margin-top: 1;
        color: $text-muted;
    }
    PlaygroundScreen #pg-form Input {
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    PlaygroundScreen #pg-form Input:focus {
        background: $primary 30%;
    }
    PlaygroundScreen #pg-form Input.-invalid {
        background: $error 40%;
    }
    PlaygroundScreen #pg-form SelectCurrent {
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    PlaygroundScreen #pg-form Select:focus > SelectCurrent {
        background: $primary 30%;
    }
    PlaygroundScreen #pg-network {
        height: auto;
    }
    PlaygroundScreen #pg-network.-hidden {
        display: none;
    }
    PlaygroundScreen #pg-run {
        margin-top: 1;
        width: 100%;
        height: 1;
        min-width: 0;
        border: none;
    }
    PlaygroundScreen #pg-message {
        height: auto;
        margin-top: 1;
        color: $error;
    }
    PlaygroundScreen #pg-main {
        width: 1fr;
    }
    PlaygroundScreen #pg-command {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    PlaygroundScreen #pg-demo {
        height: 1fr;
    }
    PlaygroundScreen.-narrow #pg-form {
        display: none;
    }
    PlaygroundScreen.-narrow.-form-open #pg-form {
        display: block;
    }
    PlaygroundScreen.-short Header {
        display: none;
    }
    """

    def __init__(self, settings: object | None = None) -> None:
        super().__init__()
        self._initial = (
            settings if isinstance(settings, PlaygroundSettings) else PlaygroundSettings()
        )
        #: The settings of the run on screen.
        self.settings: PlaygroundSettings = self._initial
        self._starting = asyncio.Lock()

    # -- layout -----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        start = self._initial
        yield Header()
        with Horizontal(id="pg-body"):
            with VerticalScroll(id="pg-form"):
                yield Label("Problem")
                yield Select(
                    [(problem.label, problem.key) for problem in PROBLEMS.values()],
                    value=start.problem,
                    allow_blank=False,
                    id="pg-problem",
                )
                yield Label("Learning rate α")
                yield Input(format_alpha(start.alpha), id="pg-alpha")
                yield Label("Most iterations")
                yield Input(str(start.iterations), id="pg-iterations")
                with Vertical(id="pg-network"):
                    yield Label("Hidden units n1")
                    yield Input(str(start.n1), id="pg-n1")
                    yield Label("Hidden activation")
                    yield Select(
                        [(name, name) for name in ACTIVATIONS],
                        value=start.activation,
                        allow_blank=False,
                        id="pg-activation",
                    )
                    yield Label("Initialisation")
                    yield Select(
                        [(name, name) for name in INITS],
                        value=start.init,
                        allow_blank=False,
                        id="pg-init",
                    )
                yield Button("Run with these settings", id="pg-run", variant="primary")
                yield Static(id="pg-message")
            with Vertical(id="pg-main"):
                yield Static(id="pg-command")
                yield Container(id="pg-demo")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.sub_title = "Playground"
        self._show_network_fields(self._initial.problem)
        self._fit(self.app.size.width, self.app.size.height)
        await self.start(self._initial)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Fold the form away on narrow screens and the header on short ones."""
        self.set_class(width < FORM_BESIDE_WIDTH, "-narrow")
        self.set_class(height < HEADER_ROWS, "-short")
        self.refresh_bindings()

    @property
    def form_shown(self) -> bool:
        """True when the settings form is on screen (always on wide screens)."""
        return not self.has_class("-narrow") or self.has_class("-form-open")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The settings key is there only where the form folds away."""
        if action == "toggle_form":
            return self.has_class("-narrow")
        return True

    def action_toggle_form(self) -> None:
        """Open the folded settings form (focused on α) or close it again."""
        if not self.has_class("-narrow"):
            return
        opening = not self.has_class("-form-open")
        self.set_class(opening, "-form-open")
        if opening:
            self.query_one("#pg-alpha", Input).focus()
        elif self.view is not None:
            self.view.focus()

    # -- running ----------------------------------------------------------------------------------

    @property
    def view(self) -> DemoView | None:
        """The live run on screen, if any."""
        views = self.query(DemoView)
        return views.first() if views else None

    async def start(self, settings: PlaygroundSettings) -> bool:
        """Replace the run on screen by a fresh one; False (with a message) if it cannot start."""
        try:
            demo = settings.make_demo()
        except (PlaygroundError, ValueError) as error:
            self.show_message(str(error))
            return False
        autoplay = not getattr(self.app, "demos_start_paused", False)
        holder = self.query_one("#pg-demo", Container)
        # Two starts in quick succession (a problem picked while the first run is mounting) take
        # turns: the second replaces the first instead of mounting beside it.
        async with self._starting:
            await holder.remove_children()
            if not holder.is_attached:
                return False  # the app is leaving: the screen was closed meanwhile
            view = DemoView(demo, autoplay=autoplay, id="pg-view")
            await holder.mount(view)
        if not view.is_attached:
            return False  # the screen was closed while the run was being mounted
        # A run started from the folded form closes it: the learner came to watch.
        self.set_class(False, "-form-open")
        view.focus()
        self.settings = settings
        self._show_settings(settings)
        self.show_message("")
        return True

    def _fields(self) -> dict[str, str]:
        problem = self.query_one("#pg-problem", Select).value
        fields = {
            "problem": str(problem),
            "activation": str(self.query_one("#pg-activation", Select).value),
            "init": str(self.query_one("#pg-init", Select).value),
        }
        for name in INPUT_FIELDS:
            fields[name] = self.query_one(f"#pg-{name}", Input).value
        current = self.settings
        if current.problem == fields["problem"]:
            # The starting point is set with the demo's own keys; keep it across form changes.
            for name, _default in current.spec.start:
                fields[name] = format_alpha(getattr(current, name))
        return fields

    async def apply(self) -> bool:
        """Read the form; run it if every field is valid, else say which field is wrong and why."""
        for name in INPUT_FIELDS:
            self.query_one(f"#pg-{name}", Input).remove_class("-invalid")
        try:
            settings = settings_from_fields(self._fields())
        except PlaygroundError as error:
            self.show_message(str(error))
            if error.field in INPUT_FIELDS:
                field = self.query_one(f"#pg-{error.field}", Input)
                field.add_class("-invalid")
                field.focus()
            return False
        return await self.start(settings)

    def show_message(self, message: str) -> None:
        self.query_one("#pg-message", Static).update(Text(message))

    @property
    def message(self) -> str:
        """The validation message shown under the form ('' when all is well)."""
        return str(self.query_one("#pg-message", Static).render())

    def _show_settings(self, settings: PlaygroundSettings) -> None:
        """Put `settings` in the form and the command line (without triggering a new run)."""
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#pg-problem", Select).value = settings.problem
            self.query_one("#pg-alpha", Input).value = format_alpha(settings.alpha)
            self.query_one("#pg-iterations", Input).value = str(settings.iterations)
            self.query_one("#pg-n1", Input).value = str(settings.n1)
            self.query_one("#pg-activation", Select).value = settings.activation
            self.query_one("#pg-init", Select).value = settings.init
        self._show_network_fields(settings.problem)
        self.query_one("#pg-command", Static).update(
            Text.assemble(("Reproduce: ", "bold"), settings.command_line())
        )

    def _show_network_fields(self, problem: str) -> None:
        self.query_one("#pg-network").set_class(not PROBLEMS[problem].network, "-hidden")

    # -- events -----------------------------------------------------------------------------------

    @on(Select.Changed, "#pg-problem")
    async def _problem_changed(self, event: Select.Changed) -> None:
        """A new problem starts from its own α and iteration count."""
        if str(event.value) not in PROBLEMS or str(event.value) == self.settings.problem:
            return  # the select reporting its initial value, or no change
        problem = str(event.value)
        spec = PROBLEMS[problem]
        with self.prevent(Input.Changed):
            self.query_one("#pg-alpha", Input).value = format_alpha(spec.alpha)
            self.query_one("#pg-iterations", Input).value = str(spec.iterations)
        self._show_network_fields(problem)
        await self.apply()

    @on(Select.Changed, "#pg-activation, #pg-init")
    async def _network_choice_changed(self) -> None:
        await self.apply()

    @on(Input.Submitted)
    async def _submitted(self) -> None:
        await self.apply()

    @on(Button.Pressed, "#pg-run")
    async def _run_pressed(self) -> None:
        await self.apply()

    def on_demo_view_control_used(self, message: DemoView.ControlUsed) -> None:
        """The demo's own keys changed α, n1, activation or init: keep the command line true."""
        current = self.settings
        demo = message.view.demo
        names = ["alpha", *(name for name, _default in current.spec.start)]
        if current.spec.network:
            names += ["n1", "activation", "init"]
        changes = {
            name: getattr(demo, name) for name in names if getattr(demo, name, None) is not None
        }
        try:
            updated = replace(current, **changes)
        except (PlaygroundError, TypeError):
            return
        self.settings = updated
        self._show_settings(updated)

    def action_home(self) -> None:
        go_home = getattr(self.app, "go_home", None)
        if callable(go_home):
            go_home()
        else:
            self.app.pop_screen()
