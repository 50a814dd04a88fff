"""The learning rate compared side by side: too small crawls, about right converges, too large
overshoots further each time and diverges — three runs from one start, on one chart.

The lecture's point about α is a comparison, so the three runs go together: one engine step each
per `step()`, their costs on one cost-per-iteration chart (a log scale, so a crawl, a fast
convergence and a blow-up fit on the same axes; one glyph per run), their paths on J(w) (the large
α's zig-zag across the valley is visible there), and one line each saying what the run does.
"""

from __future__ import annotations

import numpy as np

from engine.compare import AlphaComparison, Behaviour
from engine.costs import CONVEX, Cost1D
from engine.runner import Outcome, descent_1d
from lessons.demo import Chart, Control, Demo, Frame, Series, TextPanel
from lessons.demos.arith import alpha_text, shown
from lessons.demos.descent1d import curve_window, global_minimum
from lessons.demos.predicting import Predicting, prediction_controls
from lessons.predict import RUN_OPTIONS, Prediction

#: The three rates of the lesson on the convex J(w) = (w − 2)² + 1 from w₀ = 4.
ALPHAS: tuple[tuple[str, float], ...] = (
    ("too small", 0.003),
    ("about right", 0.3),
    ("too large", 1.1),
)
#: One glyph and colour per run, on both charts.
GLYPHS: tuple[tuple[str, str], ...] = (("·", "cyan"), ("+", "green"), ("x", "red"))

WHAT_IT_DOES = {
    Behaviour.CONVERGES: "converges",
    Behaviour.CRAWLS: "crawls",
    Behaviour.OSCILLATES: "oscillates",
    Behaviour.DIVERGES: "diverges",
    Behaviour.STUCK: "stays put",
}

#: What the lesson asks before the comparison runs: what the largest α does.
LARGE_ALPHA_PREDICTION = Prediction(
    id="alpha-too-large",
    question="what will the run with α = 1.1 do?",
    options=RUN_OPTIONS,
    partly={"diverges": {"oscillates": "It did jump from side to side, but each jump was longer."}},
)


class AlphaComparisonDemo(Predicting, Demo):
    """Three learning rates from one start, stepped together and drawn on shared charts."""

    title = "The learning rate α: too small, about right, too large"
    steps_per_tick = 0.5
    controls: tuple[Control, ...] = ()

    def __init__(
        self,
        cost: Cost1D = CONVEX,
        *,
        w0: float = 4.0,
        alphas: tuple[tuple[str, float], ...] = ALPHAS,
        max_iterations: int = 200,
        prediction: Prediction | None = LARGE_ALPHA_PREDICTION,
    ) -> None:
        self.cost = cost
        self.w0 = float(w0)
        self.names = tuple(name for name, _ in alphas)
        self.max_iterations = int(max_iterations)
        self.comparison = AlphaComparison(
            lambda a: descent_1d(cost, self.w0, a, max_iterations=self.max_iterations),
            [a for _, a in alphas],
        )
        self._init_prediction(prediction)
        self.controls = prediction_controls(prediction)
        self.note = ""
        self.iteration = 0

    @property
    def alphas(self) -> tuple[float, ...]:
        return self.comparison.alphas

    @property
    def alpha(self) -> float:
        """The largest α: the one whose run makes the point."""
        return max(self.alphas)

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.comparison.reset()
        self.iteration = 0

    def step(self) -> bool:
        if self.waiting_for_prediction:
            self.note = "predict first: press the number of your prediction"
            return False
        moved = self.comparison.step()
        self.iteration = max(records[-1].iteration for records in self.comparison.records)
        if self.note:
            self.note = ""
        self.judge_if_done(self.finished)
        return moved

    @property
    def finished(self) -> bool:
        return self.comparison.finished

    @property
    def outcome(self) -> Outcome:
        """The engine outcome of the largest α's run (the one whose run makes the point)."""
        return self.comparison.runs[-1].outcome

    def act(self, action: str) -> None:
        self.predict_act(action)

    def run_token(self) -> object:
        """The comparison's list of runs: a new list on every reset."""
        return self.comparison.runs

    def behaviours(self) -> list[Behaviour]:
        return self.comparison.behaviours()

    # -- drawing ----------------------------------------------------------------------------------
    def cost_chart(self) -> Chart:
        """log₁₀ of how far each run's cost is above the minimum cost, per iteration."""
        lowest = float(self.cost.J(global_minimum(self.cost)))
        series = []
        for (glyph, color), alpha, records in zip(
            GLYPHS, self.alphas, self.comparison.records, strict=True
        ):
            with np.errstate(all="ignore"):
                x = np.array([r.iteration for r in records], dtype=float)
                gap = np.array([r.cost for r in records], dtype=float) - lowest
                y = np.log10(np.where(gap > 0, gap, np.nan))
            series.append(Series(x, y, f"α = {alpha_text(alpha)}", "line", color, marker=glyph))
        return Chart(
            f"log₁₀(J − {shown(lowest).rstrip('0').rstrip('.')}): cost above the minimum",
            tuple(series),
            "iteration",
            "log₁₀",
        )

    def curve_chart(self) -> Chart:
        """J(w) with each run's path: the large α's zig-zag across the valley shows here."""
        lo, hi = self.cost.w_range
        xs, js, ylim = curve_window(self.cost, lo, hi)
        series = [Series(xs, js, "", "line", "blue")]
        for (glyph, color), records in zip(GLYPHS, self.comparison.records, strict=True):
            w = np.array([float(r.params["w"]) for r in records])
            j = np.array([r.cost for r in records], dtype=float)
            keep = np.isfinite(w) & np.isfinite(j) & (w >= lo) & (w <= hi)
            if keep.any():
                series.append(Series(w[keep], j[keep], "", "scatter", color, marker=glyph))
        return Chart(self.cost.formula, tuple(series), "w", "J", xlim=(lo, hi), ylim=ylim)

    def run_lines(self) -> list[str]:
        """One short line per run: its α, its name and what it does (or its iteration so far)."""
        lines = []
        for (glyph, _), name, alpha, run, behaviour in zip(
            GLYPHS, self.names, self.alphas, self.comparison.runs, self.behaviours(), strict=True
        ):
            last = run.last
            assert last is not None
            w = float(last.params["w"])
            if run.outcome is Outcome.RUNNING:
                state = f"w = {shown(w)}"
            elif behaviour is Behaviour.DIVERGES:
                state = f"diverges at iteration {run.stopped_at}"
            elif behaviour is Behaviour.CONVERGES:
                state = f"converges: w = {shown(w)} after {run.stopped_at}"
            elif behaviour is Behaviour.CRAWLS:
                state = f"crawls: w = {shown(w)} after {run.stopped_at}"
            else:
                state = f"{WHAT_IT_DOES[behaviour]}: w = {shown(w)}"
            lines.append(f"{glyph} α = {alpha_text(alpha):<5} {name:<11} {state}")
        return lines

    def frame(self) -> Frame:
        body = self.run_lines()
        predicted = self.prediction_text()
        if predicted:
            body.append(predicted)
        return Frame(
            charts=(self.cost_chart(), self.curve_chart()),
            panels=(TextPanel(f"three runs from w₀ = {shown(self.w0)}", "\n".join(body)),),
            status=self.note or f"iteration {self.iteration} · three values of α side by side",
        )

    # -- how it went ------------------------------------------------------------------------------
    def observed(self) -> tuple[str, str]:
        behaviour = self.behaviours()[-1]
        run = self.comparison.runs[-1]
        a = alpha_text(self.alpha)
        if behaviour is Behaviour.DIVERGES:
            why = (
                f"Each step with α = {a} jumped over the minimum to a point further away; "
                f"the cost blew up at iteration {run.stopped_at}."
            )
        else:
            why = f"With α = {a} the run {WHAT_IT_DOES[behaviour]}."
        return behaviour.value, why

    def summary(self) -> str:
        """The verdict on the prediction when there was one, else what each run did."""
        return self.verdict_text() or self.comparison_summary()

    def comparison_summary(self) -> str:
        parts = []
        for name, alpha, behaviour in zip(self.names, self.alphas, self.behaviours(), strict=True):
            parts.append(f"α = {alpha_text(alpha)} ({name}) {WHAT_IT_DOES[behaviour]}")
        return "; ".join(parts)
