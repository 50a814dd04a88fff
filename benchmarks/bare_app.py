"""The baseline gd-tutor's start-up is compared with: a bare Textual app that shows one plot.

It imports what any Textual + plotext app must (textual, textual-plotext) and draws one plotext
chart with a footer, so the ratio `gd-tutor / bare app` printed by `benchmarks/ui.py` says what
gd-tutor's own code adds to the time before the first frame. Run by the benchmark in a pty.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot


class BareApp(App[None]):
    """One line of text (the marker the benchmark waits for) above one plot."""

    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("Overall: bare Textual + plotext app")
        yield PlotextPlot()
        yield Footer()

    def on_mount(self) -> None:
        plt = self.query_one(PlotextPlot).plt
        plt.plot([x * x for x in range(-20, 21)])
        plt.title("J(w)")


if __name__ == "__main__":
    BareApp().run()
