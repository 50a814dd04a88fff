"""Arithmetic shown on screen that adds up as shown.

`w := 3.60 − 0.10 × 3.20 = 3.28` must be true for the numbers printed, not only for the floats
behind them: a learner who redoes the sum with the shown factors must get the shown result. Each
number is rounded on its own, so fixed decimals are not enough (at α = 40 a slope shown to two
decimals is off by up to 0.2 in the product). `update_parts` picks the fewest digits — never fewer
than asked, at most `MAX_SIGNIFICANT` significant ones — for which the shown sum holds.
"""

from __future__ import annotations

import math
from decimal import Decimal

from engine import numfmt
from engine.numfmt import MINUS
from engine.numfmt import alpha as alpha_text

#: No number on a lesson screen shows more significant digits than this.
MAX_SIGNIFICANT = 10
#: Above this size numbers switch to powers of ten (a diverging run).
LARGE = numfmt.FIXED_LIMIT


def shown(x: float, digits: int = 2, scientific: bool | None = None) -> str:
    """x with `digits` decimals, or, when huge, `digits + 1` significant digits (1.01e6).

    Goes through `engine.numfmt`: the Unicode minus, never −0.00, and "diverged" or "∞" for what
    a blown-up run produces.
    """
    if scientific is None:
        scientific = math.isfinite(x) and abs(x) >= LARGE
    if scientific:
        return numfmt.number(x, digits + 1)
    return numfmt.fixed(x, digits)


factor = numfmt.factor


def value_of(text: str) -> Decimal:
    """The exact decimal a shown number stands for."""
    return Decimal(text.strip("()").replace(MINUS, "-"))  # reading, not formatting


def significant(text: str) -> int:
    """How many significant digits a shown number has."""
    mantissa = text.strip("()").replace(MINUS, "").split("e")[0].replace(".", "")
    return len(mantissa.lstrip("0")) or 1


def half_unit(text: str) -> Decimal:
    """Half a unit in the last shown place of a number (the rounding it can hide)."""
    exponent = value_of(text).as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(5).scaleb(exponent - 1)


def holds(old: str, alpha: str, grad: str, new: str) -> bool:
    """True when old − α × grad, computed exactly from the shown numbers, rounds to `new`."""
    computed = value_of(old) - value_of(alpha) * value_of(grad)
    return abs(computed - value_of(new)) <= half_unit(new)


def _shown_decimal(x: Decimal, digits: int, scientific: bool) -> str:
    """An exact decimal shown like `shown` shows a float (a tie may round either way)."""
    return shown(float(x), digits, scientific)


def slope_decimals(alpha: float, decimals: int) -> int:
    """Decimals for the slope next to α, so α × slope is as precise as the result (α = 40: +2)."""
    extra = max(0, math.ceil(math.log10(alpha) - 1e-12)) if alpha > 0 else 0
    return decimals + extra


def update_parts(
    old: float, alpha: float, grad: float, new: float, decimals: int = 2
) -> tuple[str, str, str, str]:
    """(old, α, slope, new) as shown, such that old − α × slope, redone exactly, rounds to new.

    old and new get `decimals` places, the slope `slope_decimals` so the product is as precise as
    the result. Each number is rounded on its own; when rounding old and the slope shifts the sum
    across a rounding boundary, the result shown is the sum of the shown numbers (one unit in the
    last place away from the exact new value at most) — the number a learner redoing it gets.
    """
    a = alpha_text(alpha)
    if not all(math.isfinite(v) for v in (old, grad, new)):
        return shown(old, decimals), a, shown(grad, decimals), shown(new, decimals)
    scientific = max(abs(old), abs(new)) >= LARGE
    old_t = shown(old, decimals, scientific)
    grad_t = shown(grad, slope_decimals(alpha, decimals))
    new_t = shown(new, decimals, scientific)
    if not holds(old_t, a, grad_t, new_t):
        computed = value_of(old_t) - value_of(a) * value_of(grad_t)
        new_t = _shown_decimal(computed, decimals, scientific)
    return old_t, a, grad_t, new_t


def update_line(
    name: str, old: float, alpha: float, grad: float, new: float, decimals: int = 2
) -> str:
    """`w := 3.60 − 0.10 × 3.20 = 3.28`: the shown numbers give the shown result."""
    old_t, a, grad_t, new_t = update_parts(old, alpha, grad, new, decimals)
    return f"{name} := {old_t} {MINUS} {a} × {factor(grad_t)} = {new_t}"


def step_decimals(step: float) -> int:
    """Decimals that keep a step α·dw visible: 2, or up to 4 when the step is tiny."""
    decimals = 2
    while decimals < 4 and math.isfinite(step) and 0 < abs(step) < 10.0 ** (1 - decimals):
        decimals += 1
    return decimals


class StickyDecimals:
    """Decimals per parameter that grow as the steps shrink and never shrink back within a run."""

    def __init__(self) -> None:
        self._decimals: dict[str, int] = {}

    def clear(self) -> None:
        self._decimals.clear()

    def get(self, name: str) -> int:
        """The decimals `name` is shown with now (2 before any step)."""
        return self._decimals.get(name, 2)

    def __call__(self, name: str, step: float) -> int:
        decimals = max(self._decimals.get(name, 2), step_decimals(step))
        self._decimals[name] = decimals
        return decimals
