"""Lesson 1's quizzes: the slope, the direction of a step, one update, d versus ∂, convexity.

Each quiz draws its numbers from the generator it is given, computes every expected value from the
formula the lesson teaches (or the engine's own cost and runner), and sets as its twin the engine's
central-difference derivative or an independent recomputation. The numbers of one draw live in a
small frozen dataclass so that tests can redraw them from the same seed and type the answer as an
expression.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import numfmt
from engine.costs import CONVEX, NON_CONVEX
from engine.gradcheck import numerical_derivative
from engine.runner import descent_1d
from lessons.quiz import ChoiceQuestion, Mistake, Quiz, Redraw, choice, number, require


def n(x: float) -> str:
    """A drawn number as the quiz prints it: up to 6 significant digits, Unicode minus."""
    return numfmt.number(x, 6)


def p(x: float) -> str:
    """A number inside an expression: negatives in parentheses."""
    return numfmt.factor(n(x))


# -- 1. the slope of a bowl at a point (GD-7) ------------------------------------------------------
@dataclass(frozen=True)
class SlopeNumbers:
    """J(w) = a·(w − c)² + k, asked at w, with a tangent triangle `width` wide."""

    a: float
    c: float
    k: float
    w: float
    width: float

    @classmethod
    def draw(cls, rng: np.random.Generator) -> SlopeNumbers:
        a = float(rng.choice([0.5, 1.0, 1.5, 2.0, 3.0]))
        c = float(rng.integers(-3, 4))
        k = float(rng.integers(0, 4))
        offset = float(rng.choice([-1, 1])) * round(float(rng.uniform(0.5, 3.0)), 1)
        width = float(rng.choice([0.1, 0.2, 0.5]))
        return cls(a, c, k, round(c + offset, 1), width)

    def J(self, w: float) -> float:
        return self.a * (w - self.c) ** 2 + self.k

    def formula(self) -> str:
        """The cost as the learner reads it: 3·(w − 2)² + 2, or 2·w² (never '− 0' or '+ 0')."""
        a = "" if self.a == 1 else f"{n(self.a)}·"
        if self.c == 0:
            square = f"{a}w²"
        else:
            inner = f"w − {n(self.c)}" if self.c > 0 else f"w + {n(-self.c)}"
            square = f"{a}({inner})²"
        tail = f" + {n(self.k)}" if self.k else ""
        return f"J(w) = {square}{tail}"


FIGURE_COLUMNS = 41
FIGURE_ROWS = 6


def tangent_figure(numbers: SlopeNumbers) -> str:
    """The curve near w (•), the tangent there (·), the point (●) and a rise/run triangle under
    the tangent one unit wide (run ─, rise │), so the slope can be read off before it is computed.
    """
    w, slope = numbers.w, 2 * numbers.a * (numbers.w - numbers.c)
    lo, hi = w - 2.0, w + 2.0
    xs = np.linspace(lo, hi, FIGURE_COLUMNS)
    curve = numbers.a * (xs - numbers.c) ** 2 + numbers.k
    here = numbers.J(w)
    run_end = w + 1.0 if slope >= 0 else w - 1.0  # the triangle opens towards higher J
    # the window fits the triangle with room to spare; the curve leaves it where it climbs out
    bottom = min(float(curve.min()), here)
    top = max(here + 1.5 * abs(slope), bottom + 1.0)
    span = top - bottom

    def row(y: float) -> int:
        return round((top - y) / span * (FIGURE_ROWS - 1))

    def col(x: float) -> int:
        return round((x - lo) / (hi - lo) * (FIGURE_COLUMNS - 1))

    grid = [[" "] * FIGURE_COLUMNS for _ in range(FIGURE_ROWS)]
    for x, y in zip(xs, here + slope * (xs - w), strict=True):
        if bottom <= y <= top:
            grid[row(y)][col(x)] = "·"
    base = row(here)
    first, last = sorted((col(w), col(run_end)))
    for c in range(first, last + 1):
        grid[base][c] = "─"
    rise_top = row(here + slope * (run_end - w))
    for r in range(min(base, rise_top), max(base, rise_top) + 1):
        grid[r][col(run_end)] = "│"
    for x, y in zip(xs, curve, strict=True):
        if y <= top:
            grid[row(float(y))][col(float(x))] = "•"
    grid[base][col(w)] = "●"
    lines = ["│" + "".join(r) for r in grid]
    lines.append("└" + "─" * FIGURE_COLUMNS)
    left, right = f"w = {n(lo)}", f"w = {n(hi)}"
    mark = f"● at w = {n(w)}"
    lines.append(left + mark.center(FIGURE_COLUMNS + 1 - len(left) - len(right)) + right)
    legend = "• J(w)   · tangent   ─ run 1   │ rise = slope × 1"
    return "\n".join([*lines, legend])


def slope_quiz(numbers: SlopeNumbers) -> Quiz:
    """dJ/dw at one point, then the height of the tangent triangle it gives."""
    a, c, k, w, width = numbers.a, numbers.c, numbers.k, numbers.w, numbers.width
    slope = 2 * a * (w - c)
    twin = numerical_derivative(numbers.J, w)
    height = slope * width
    substituted = f"2 × {p(a)} × ({n(w)} − {p(c)})"
    sign = (
        "positive: the tangent rises to the right"
        if slope > 0
        else "negative: the tangent falls to the right"
    )
    mistakes = {
        "sign": (
            -slope,
            f"The sign is flipped: w − c = {n(w)} − {p(c)} = {n(w - c)}, and the slope "
            "has the sign of w − c.",
        ),
        "missing_2": (
            a * (w - c),
            "The 2 from the square is missing: the slope of (w − c)² is 2·(w − c).",
        ),
        "height": (numbers.J(w), "That is the height J(w) of the curve, not its slope dJ/dw."),
    }
    if a not in (1.0, 2.0):  # with a = 1 forgetting a changes nothing; with a = 2 it is missing_2
        mistakes["missing_a"] = (
            2 * (w - c),
            f"The factor a = {n(a)} in front of the square is missing.",
        )
    slope_part = number(
        "dJ/dw",
        slope,
        twin,
        prompt=f"What is the slope dJ/dw at w = {n(w)}?",
        hints=(
            "The rule from the text: the slope of a·(w − c)² + k is dJ/dw = 2·a·(w − c). The "
            "figure's triangle gives a rough check: rise over a run of 1.",
            f"Here a = {n(a)}, c = {n(c)}, w = {n(w)}: dJ/dw = {substituted}.",
        ),
        solution=(
            f"dJ/dw = 2·a·(w − c) = {substituted} = 2 × {p(a)} × {p(w - c)} = {n(slope)}.\n"
            f"The slope is {sign}."
        ),
        mistakes=mistakes,
    )
    height_part = number(
        "height",
        height,
        twin * width,
        prompt=(
            f"A triangle under the tangent at w = {n(w)} is {n(width)} wide. How tall is it "
            "(height = slope × width, with its sign)?"
        ),
        hints=(
            "The slope is height over width, so height = slope × width.",
            f"height = {n(slope)} × {n(width)}.",
        ),
        solution=f"height = dJ/dw × width = {p(slope)} × {n(width)} = {n(height)}.",
        mistakes={
            "sign": (-height, "The sign is flipped: it follows the slope's sign."),
            "divided": (
                slope / width,
                "You divided by the width; multiply: height = slope × width.",
            ),
        },
    )
    shape = f"a·(w − c)² + k with a = {n(a)}, c = {n(c)}, k = {n(k)}"
    intro = f"{numbers.formula()}, that is {shape}."
    return Quiz(intro=intro, parts=(slope_part, height_part), figure=tangent_figure(numbers))


def slope(rng: np.random.Generator) -> Quiz:
    """The slope quiz on fresh numbers (the generator the manifest names)."""
    return slope_quiz(SlopeNumbers.draw(rng))


# -- 2. which way does w move? (GD-8) --------------------------------------------------------------
@dataclass(frozen=True)
class DirectionNumbers:
    """A point on the engine's non-convex J(w) and a learning rate."""

    w: float
    alpha: float

    @classmethod
    def draw(cls, rng: np.random.Generator) -> DirectionNumbers:
        for _ in range(100):
            w = round(float(rng.uniform(-5.0, 5.0)), 1)
            if abs(float(NON_CONVEX.dJ(w))) >= 0.3:
                break
        return cls(w, float(rng.choice([0.05, 0.1, 0.2])))

    @property
    def slope(self) -> float:
        """The slope shown to the learner, rounded to 2 decimals as it is printed."""
        return round(float(NON_CONVEX.dJ(self.w)), 2)


DIRECTIONS = {
    "left": "left, w decreases",
    "right": "right, w increases",
    "stay": "it stays where it is",
}


def direction_quiz(numbers: DirectionNumbers) -> Quiz:
    """The sign of the slope decides the step; then the size of the change with its sign."""
    w, alpha, slope = numbers.w, numbers.alpha, numbers.slope
    way = "left" if slope > 0 else "right"
    other = "right" if way == "left" else "left"
    change = -alpha * slope
    # twin: the same change from the engine's numerical derivative, rounded as the slope is shown
    twin = -alpha * round(numerical_derivative(NON_CONVEX.J, w), 2)
    sign_word = "positive" if slope > 0 else "negative"
    direction = choice(
        "direction",
        "Which way does the next gradient-descent step move w? (type 1, 2 or 3)",
        DIRECTIONS,
        way,
        hints=(
            "The update is w := w − α·dJ/dw: it subtracts α times the slope.",
            f"Here the slope is {n(slope)}, {sign_word}; w := {n(w)} − {n(alpha)} × {p(slope)}. "
            "Is that larger or smaller than w?",
        ),
        solution=(
            f"w := w − α·dw = {n(w)} − {n(alpha)} × {p(slope)} = {n(w + change)}. "
            f"A {sign_word} slope makes −α·dw {'negative' if change < 0 else 'positive'}, "
            f"so w moves {way}, downhill."
        ),
        mistakes=(
            Mistake(
                "sign",
                other,
                f"That is uphill. The update subtracts α·dw: with a {sign_word} slope, "
                f"−α·dw is {'negative' if change < 0 else 'positive'}, so w goes {way}.",
            ),
            Mistake(
                "stay",
                "stay",
                "w only stays put where the slope is exactly 0 (at the bottom of a valley, or "
                f"the top of a hill); here it is {n(slope)}.",
            ),
        ),
    )
    size = number(
        "change in w",
        change,
        twin,
        prompt="By how much does w change in that step (new w − old w, with its sign)?",
        hints=(
            "The change is −α·dw: minus the learning rate times the slope.",
            f"change = −{n(alpha)} × {p(slope)}.",
        ),
        solution=f"new w − old w = −α·dw = −{n(alpha)} × {p(slope)} = {n(change)}.",
        mistakes={
            "sign": (
                -change,
                "The sign is flipped: the update subtracts α·dw, so the change is −α·dw.",
            ),
            "no_alpha": (
                -slope,
                f"The learning rate is missing: the step is α = {n(alpha)} times the slope.",
            ),
        },
    )
    intro = (
        f"On {NON_CONVEX.formula}, at w = {n(w)} the slope is dJ/dw = {numfmt.fixed(slope, 2)}"
        + f". The learning rate is α = {n(alpha)}."
    )
    return Quiz(intro=intro, parts=(direction, size))


def direction(rng: np.random.Generator) -> Quiz:
    """The direction quiz on fresh numbers."""
    return direction_quiz(DirectionNumbers.draw(rng))


# -- 3. one update on the lesson's convex J(w) (GD-6) ----------------------------------------------
@dataclass(frozen=True)
class UpdateNumbers:
    """A start w on the convex J(w) = (w − 2)² + 1 and a learning rate."""

    w: float
    alpha: float

    @classmethod
    def draw(cls, rng: np.random.Generator) -> UpdateNumbers:
        offset = float(rng.choice([-1, 1])) * round(float(rng.uniform(0.6, 3.5)), 1)
        return cls(round(2.0 + offset, 1), float(rng.choice([0.05, 0.1, 0.2, 0.25, 0.3])))


def update_quiz(numbers: UpdateNumbers) -> Quiz:
    """dw at the start, then w after one step, the second taken from the engine's own runner."""
    w, alpha = numbers.w, numbers.alpha
    dw = float(CONVEX.dJ(w))
    dw_twin = numerical_derivative(CONVEX.J, w)
    run = descent_1d(CONVEX, w, alpha, max_iterations=1)
    records = run.take(2)
    new_w = float(records[-1].params["w"])
    slope_part = number(
        "dw",
        dw,
        dw_twin,
        prompt=f"What is dw = dJ/dw at w = {n(w)}?",
        hints=(
            "For J(w) = (w − 2)² + 1 the slope is dJ/dw = 2·(w − 2).",
            f"dw = 2 × ({n(w)} − 2).",
        ),
        solution=f"dw = 2·(w − 2) = 2 × ({n(w)} − 2) = 2 × {p(w - 2)} = {n(dw)}.",
        mistakes={
            "sign": (-dw, "The sign is flipped: dw = 2·(w − 2) has the sign of w − 2."),
            "missing_2": (w - 2, "The 2 is missing: d/dw (w − 2)² = 2·(w − 2)."),
            "height": (float(CONVEX.J(w)), "That is J(w), the height, not the slope."),
        },
    )
    update_part = number(
        "new w",
        new_w,
        w - alpha * dw_twin,
        prompt=f"With α = {n(alpha)}, what is w after one update w := w − α·dw?",
        # the step α·dw can be small next to w: a tighter tolerance keeps "added instead of
        # subtracted" distinguishable from a rounding slip (the exact value has ≤ 3 decimals)
        rtol=1e-3,
        hints=(
            "Subtract the learning rate times the slope from the current w.",
            f"w := {n(w)} − {n(alpha)} × {p(dw)}.",
        ),
        solution=(
            f"w := w − α·dw = {n(w)} − {n(alpha)} × {p(dw)} = {n(w)} − {p(alpha * dw)} "
            f"= {n(new_w)}: closer to the minimum at w = 2."
        ),
        mistakes={
            "sign": (
                w + alpha * dw,
                "You added α·dw: the update subtracts it (w := w − α·dw), which is what "
                "makes the step go downhill.",
            ),
            "no_alpha": (
                w - dw,
                f"The learning rate is missing: subtract α·dw = {n(alpha)} × {p(dw)}, "
                "not the whole slope.",
            ),
            "step_only": (
                alpha * dw,
                "That is the step α·dw alone; the new w is the old w minus that step.",
            ),
        },
    )
    intro = f"J(w) = (w − 2)² + 1, gradient descent starts at w = {n(w)}."
    return Quiz(intro=intro, parts=(slope_part, update_part))


def update(rng: np.random.Generator) -> Quiz:
    """The one-update quiz on fresh numbers."""
    return update_quiz(UpdateNumbers.draw(rng))


# -- 4. d or ∂, dw or db (GD-10) -------------------------------------------------------------------
SYMBOLS = {"d": "d, as in dJ/dw", "partial": "∂, as in ∂J/∂w"}

ONE_VARIABLE = (
    "J(w) = (w − {c})² + 1",
    "J(w) = 0.1·w² + sin(2w)",
    "J(w) = {c}·w² + 3",
)
TWO_VARIABLES = (
    "J(w, b) = (1/m) Σ L(σ(w·x⁽ⁱ⁾ + b), y⁽ⁱ⁾)",
    "J(w, b) = (w − {c})² + (b + 1)²",
    "J(w, b) = w² + {c}·b²",
)


@dataclass(frozen=True)
class NotationNumbers:
    """Which one-variable and two-variable costs to show, in which order, about which parameter."""

    one: str
    two: str
    two_first: bool
    param: str

    @classmethod
    def draw(cls, rng: np.random.Generator) -> NotationNumbers:
        c = int(rng.integers(2, 6))
        one = ONE_VARIABLE[int(rng.integers(len(ONE_VARIABLE)))].format(c=c)
        two = TWO_VARIABLES[int(rng.integers(len(TWO_VARIABLES)))].format(c=c)
        return cls(one, two, bool(rng.integers(2)), str(rng.choice(["w", "b"])))


def _symbol_question(label: str, cost: str, variables: int) -> ChoiceQuestion:
    expected = "d" if variables == 1 else "partial"
    wrong = "partial" if variables == 1 else "d"
    if variables == 1:
        message = f"{cost} has one variable, w: write it with d, dJ/dw. ∂ is for two or more."
    else:
        message = f"{cost} has two variables, w and b: the slope in one of them is written ∂J/∂w."
    return choice(
        label,
        f"{cost}. Which symbol writes its derivative with respect to w? (type 1 or 2)",
        SYMBOLS,
        expected,
        hints=(
            "Count the variables J depends on: one → d, two or more → ∂.",
            f"{cost}: J depends on {'w only' if variables == 1 else 'both w and b'}.",
        ),
        solution=(
            f"{cost} is a function of {variables} variable{'s' if variables > 1 else ''}, so "
            f"its slope in w is written {'dJ/dw' if variables == 1 else '∂J/∂w'}. "
            "Both mean the same thing: how steeply J changes as w changes."
        ),
        mistakes=(Mistake("symbol", wrong, message),),
    )


def notation_quiz(numbers: NotationNumbers) -> Quiz:
    """d for one variable, ∂ for several, and the code names dw and db."""
    one = _symbol_question("symbol (one variable)", numbers.one, 1)
    two = _symbol_question("symbol (two variables)", numbers.two, 2)
    param = numbers.param
    other = "b" if param == "w" else "w"
    code = choice(
        "code name",
        f"In code, which variable holds ∂J/∂{param}, the slope the update of {param} "
        "multiplies by α? (type 1 to 4)",
        {"dw": "dw", "db": "db", "dJ": "dJ", param: param},
        "d" + param,
        hints=(
            "Code names the derivative after the parameter it belongs to, with a d in front.",
            f"The update is {param} := {param} − α·(this variable).",
        ),
        solution=(
            f"d{param}: the code writes {param} := {param} − alpha * d{param}, and "
            f"d{other} holds ∂J/∂{other}."
        ),
        mistakes=(
            Mistake(
                "other",
                "d" + other,
                f"d{other} holds ∂J/∂{other}, the slope in {other}'s direction.",
            ),
            Mistake("param", param, f"{param} is the parameter itself, not its slope."),
            Mistake("dJ", "dJ", "The code names each derivative after the parameter: dw, db."),
        ),
    )
    symbols = (two, one) if numbers.two_first else (one, two)
    intro = (
        "Calculus writes the slope of J in one variable's direction with d when J has one "
        "variable and with ∂ when it has more."
    )
    return Quiz(intro=intro, parts=(*symbols, code))


def notation(rng: np.random.Generator) -> Quiz:
    """The notation quiz on a fresh pick of costs."""
    return notation_quiz(NotationNumbers.draw(rng))


# -- 5. which picture is gradient descent sure to minimise? (GD-3, GD-4) ---------------------------
PLOT_WIDTH = 30
PLOT_HEIGHT = 7


@dataclass(frozen=True)
class PicturesNumbers:
    """A convex bowl and a rippled curve on w ∈ [−5, 5], and which of them is picture A."""

    centre: float
    curvature: float
    ripple: float
    frequency: float
    phase: float
    convex_is_a: bool

    @classmethod
    def draw(cls, rng: np.random.Generator) -> PicturesNumbers:
        """Redraw until the rippled curve really has two or more valleys in the picture."""
        for _ in range(100):
            numbers = cls(
                centre=round(float(rng.uniform(-2.0, 2.0)), 1),
                curvature=round(float(rng.uniform(0.3, 1.0)), 2),
                ripple=round(float(rng.uniform(1.5, 2.5)), 2),
                frequency=round(float(rng.uniform(1.2, 2.0)), 2),
                phase=round(float(rng.uniform(0.0, 2 * math.pi)), 2),
                convex_is_a=bool(rng.integers(2)),
            )
            if local_minima_count(numbers.wavy, -5, 5) >= 2:
                return numbers
        raise Redraw("no rippled curve with two valleys in 100 tries")

    def convex(self, w: Any) -> np.ndarray:
        return np.asarray(self.curvature * (np.asarray(w) - self.centre) ** 2)

    def wavy(self, w: Any) -> np.ndarray:
        w = np.asarray(w)
        return np.asarray(0.15 * w**2 + self.ripple * np.sin(self.frequency * w + self.phase))


def local_minima_count(f: Callable[[Any], np.ndarray], lo: float, hi: float) -> int:
    """Interior local minima of f, counted where its numerical slope turns from − to +."""
    grid = np.linspace(lo, hi, 801)
    slopes = np.array([numerical_derivative(lambda x: float(f(x)), x, 1e-5) for x in grid])
    return int(np.sum((slopes[:-1] < 0) & (slopes[1:] >= 0)))


def is_convex(f: Callable[[Any], np.ndarray], lo: float, hi: float) -> bool:
    """True when every second difference of f on a fine grid is ≥ 0 (the curve bends up)."""
    y = np.asarray(f(np.linspace(lo, hi, 801)), dtype=float)
    return bool(np.all(np.diff(y, 2) >= -1e-9))


def ascii_plot(f: Callable[[np.ndarray], np.ndarray], title: str) -> list[str]:
    """A small picture of f on [−5, 5], one dot per column, lowest values at the bottom."""
    y = np.asarray(f(np.linspace(-5.0, 5.0, PLOT_WIDTH)), dtype=float)
    rows = np.round((y - y.min()) / (np.ptp(y) or 1.0) * (PLOT_HEIGHT - 1)).astype(int)
    grid = [[" "] * PLOT_WIDTH for _ in range(PLOT_HEIGHT)]
    for col, row in enumerate(rows):
        grid[PLOT_HEIGHT - 1 - row][col] = "•"
    lines = [title.center(PLOT_WIDTH + 2)]
    lines += ["│" + "".join(r) + " " for r in grid]
    lines.append("└" + "─" * PLOT_WIDTH + "─")
    lines.append("w = −5".ljust(PLOT_WIDTH - 4) + "w = 5")
    return lines


def pictures_quiz(numbers: PicturesNumbers) -> Quiz:
    """Pick the convex one, then say where descent ends on it from a zero start."""
    a_fn, b_fn = (
        (numbers.convex, numbers.wavy) if numbers.convex_is_a else (numbers.wavy, numbers.convex)
    )
    convex_key = "A" if numbers.convex_is_a else "B"
    wavy_key = "B" if numbers.convex_is_a else "A"
    # the engine-side check: the answer must really be convex and the other really not
    require(
        is_convex(numbers.convex, -5, 5) and local_minima_count(numbers.wavy, -5, 5) >= 2,
        "drawn pictures do not show one bowl and one rippled curve",
    )
    valleys = local_minima_count(numbers.wavy, -5, 5)
    left, right = ascii_plot(a_fn, "A"), ascii_plot(b_fn, "B")
    figure = "\n".join(f"{a}     {b}" for a, b in zip(left, right, strict=True))
    which = choice(
        "sure to minimise",
        "Gradient descent with a small enough α is sure to reach the lowest point of which "
        "one, whatever the start? (type 1 or 2)",
        {"A": "A", "B": "B"},
        convex_key,
        hints=(
            "Look for a single bowl: a curve with one valley and no bumps is convex.",
            f"Count the valleys: one picture has {valleys}, the other has one.",
        ),
        solution=(
            f"{convex_key} is convex: a single bowl, so every downhill path ends at its one "
            f"minimum. {wavy_key} has {valleys} valleys; descent stops in whichever valley it "
            "starts in, which need not be the lowest."
        ),
        mistakes=(
            Mistake(
                "non_convex",
                wavy_key,
                f"{wavy_key} has {valleys} valleys. Descent only goes downhill, so it stops at "
                "the bottom of the valley it starts in — not always the lowest one.",
            ),
        ),
    )
    starts = choice(
        "zeros or random",
        f"On {convex_key}, one run starts at w = 0 and another at a random w. Where do they "
        "end? (type 1 or 2)",
        {"same": "at the same minimum", "different": "at different minima"},
        "same",
        hints=(
            "How many minima does a convex curve have?",
            f"{convex_key} has exactly one valley; both runs go downhill inside it.",
        ),
        solution=(
            f"At the same minimum: {convex_key} is a single bowl, so its only minimum is where "
            "every start ends. That is why zeros is a fine start for logistic regression."
        ),
        mistakes=(
            Mistake(
                "different",
                "different",
                f"That can happen on {wavy_key}, with several valleys. {convex_key} has one.",
            ),
        ),
    )
    intro = "Two costs J(w), pictured on w from −5 to 5 (higher dots = larger J)."
    return Quiz(intro=intro, parts=(which, starts), figure=figure)


def pictures(rng: np.random.Generator) -> Quiz:
    """The two-pictures quiz on freshly drawn curves."""
    return pictures_quiz(PicturesNumbers.draw(rng))
