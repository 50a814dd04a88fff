"""The one number format: every number, matrix, shape and update line the learner sees.

Rules, everywhere: the Unicode minus (−0.27, 3e−5), never `-0` or `−0.00`, never float noise
(0.1 + 0.09 reads 0.19, not 0.19000000000000014), and a NaN or an infinity reads as what it means
("diverged", "∞") rather than as Python's spelling. Two styles cover the lessons:

- `number(x, digits)` — significant digits that suit the value, trailing zeros dropped
  (0.19, 1.235e6, 0.0001235); the style of echoes, hints and solutions.
- `fixed(x, decimals)` — a fixed count of decimals (−0.50, 1.25), for columns and matrices that
  must line up, and for live values that must not change width as they move.

`equals(x)` says whether the shown digits are the whole value ("= 0.19") or a rounding of it
("≈ 0.5473"). Everything here is pure Python (no NumPy needed), so engine, lessons and tutor can use
it alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

MINUS = "−"
#: Significant digits a float keeps after `clean`: enough for any value a lesson computes, few
#: enough to drop the noise of binary arithmetic (0.30000000000000004 → 0.3).
CLEAN_DIGITS = 12
#: What a NaN reads as: in a lesson it only ever comes from a run that blew up.
NAN_TEXT = "diverged"
#: From this size on, `fixed` switches to powers of ten so a diverging value stays one short word.
FIXED_LIMIT = 1e5
#: Relative size of float noise: a few hundred units in the last place of a double (sums of a
#: few terms of similar size stay well inside it).
NOISE = 1e-13


def clean(x: float) -> float:
    """x without float noise: rounded to `CLEAN_DIGITS` significant digits; −0.0 becomes 0.0."""
    x = float(x)
    if not math.isfinite(x):
        return x
    value = float(f"{x:.{CLEAN_DIGITS}g}")
    return value + 0.0  # −0.0 + 0.0 is 0.0


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def _not_finite(x: float) -> str:
    if math.isnan(x):
        return NAN_TEXT
    return "∞" if x > 0 else f"{MINUS}∞"


def _exponent(text: str) -> str:
    """Python's "1.235e+06" as "1.235e6", "3e-05" as "3e−5"."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def number(x: float, digits: int = 4, *, min_decimals: int = 0) -> str:
    """x to `digits` significant digits, trailing zeros dropped: −0.27, 0.19, 1.235e6, 3e−5.

    `min_decimals` keeps that many decimals even when they are zeros (1.0 and −0.3 as drawn).
    More than `CLEAN_DIGITS` digits are never shown: past that lies float noise.
    """
    digits = max(1, min(int(digits), CLEAN_DIGITS))
    x = clean(x)
    if not math.isfinite(x):
        return _not_finite(x)
    if x == 0.0:
        return "0" if min_decimals == 0 else "0." + "0" * min_decimals
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        return _minus(_exponent(f"{mantissa}e{exponent}"))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if min_decimals:
        decimals = len(text.split(".")[1]) if "." in text else 0
        if decimals < min_decimals:
            text = f"{float(text):.{min_decimals}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return _minus(text)


def drawn(x: float) -> str:
    """A number as a lesson drew it or a worked line writes it: 1.0 and −0.3 keep their one
    decimal, anything else gets 4 significant digits (0.5473, −2.35).

    A value within 1e−9 of a multiple of 0.1 is one: 0.5×1.0 + (−0.3)×2.0 + 0.1 reads 0.0, not
    2.776e−17 (the noise of a sum that cancels is absolute, not relative).
    """
    x = float(x)
    tenths = x * 10.0
    if math.isfinite(x) and abs(tenths - round(tenths)) < 1e-8 and abs(x) < 1000:
        return fixed(x, 1)
    return number(x, 4)


def fixed(x: float, decimals: int = 2, *, trim: bool = False) -> str:
    """x with exactly `decimals` decimals (−0.50), never "−0.00"; from 1e5 on, 1.23e5.

    `trim` drops trailing zeros (0.5000 → 0.5), for a number inside a worked line.
    """
    x = clean(x)
    if not math.isfinite(x):
        return _not_finite(x)
    if abs(x) >= FIXED_LIMIT:
        return _minus(_exponent(f"{x:.2e}"))
    text = f"{x:.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if float(text) == 0.0:
        text = text.lstrip("-")
    return _minus(text)


def factor(text: str) -> str:
    """A formatted number as a factor in a product: a negative one in parentheses, (−0.3)."""
    return f"({text})" if text.startswith(MINUS) else text


def precise(x: float) -> str:
    """Every digit the engine computed, without float noise: 0.19, 0.547345234127, −2.5."""
    x = clean(x)
    if not math.isfinite(x):
        return _not_finite(x)
    text = repr(x)
    if text.endswith(".0"):
        text = text[:-2]
    return _minus(_exponent(text))


def is_exact(x: float, digits: int = 4) -> bool:
    """True when `number(x, digits)` is the whole value, up to float noise (a few units in the
    last place of binary arithmetic): 0.19000000000000014 is exactly 0.19, 0.5473452 is not."""
    x = float(x)
    if not math.isfinite(x):
        return True
    shown = float(f"{x:.{digits}g}")
    return abs(shown - x) <= NOISE * abs(x)


def equals(x: float, digits: int = 4) -> str:
    """ "= 0.19" when those digits are the whole value, "≈ 0.5473" when they round it."""
    sign = "=" if is_exact(x, digits) else "≈"
    return f"{sign} {number(x, digits)}"


def computed(x: float) -> str:
    """What the engine computed, said honestly: "= 0.19", or "≈ 0.722119605849" (12 digits)."""
    return equals(x, CLEAN_DIGITS)


def alpha(value: float) -> str:
    """A learning rate with at least two decimals and as many as it needs: 0.10, 0.003, 1.50."""
    value = clean(value)
    if not math.isfinite(value):
        return _not_finite(value)
    decimals = 2
    while decimals < 6 and abs(round(value, decimals) - value) > 1e-12:
        decimals += 1
    return fixed(value, decimals)


def update_decimals(step: float) -> int:
    """Decimals that keep a step α·dw visible: 2, or up to 4 when the step is tiny."""
    decimals = 2
    while decimals < 4 and math.isfinite(step) and 0 < abs(step) < 10.0 ** (1 - decimals):
        decimals += 1
    return decimals


def update_line(
    name: str, old: float, rate: float, grad: float, new: float, decimals: int | None = None
) -> str:
    """`w := 1.80 − 0.10 × 3.60 = 1.44`: one gradient step with the numbers the engine used.

    Each number is rounded on its own, so the last digit may differ by one from the sum of the
    shown numbers; a live demo passes `decimals` that only grow during a run, so lines keep still.
    """
    if decimals is None:
        decimals = update_decimals(rate * grad)
    return (
        f"{name} := {fixed(old, decimals)} {MINUS} {alpha(rate)} × "
        f"{factor(fixed(grad, decimals))} = {fixed(new, decimals)}"
    )


def shape(dims: Sequence[int]) -> str:
    """A shape as NumPy prints it: (4, 2), or (4,) for a rank-1 array, () for a scalar."""
    dims = tuple(int(d) for d in dims)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join(str(d) for d in dims) + ")"


def _rows(values: Any) -> list[list[float]]:
    """A scalar, a vector or a matrix (anything NumPy-like) as a list of rows of floats."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    if not isinstance(values, Iterable):
        return [[float(values)]]
    rows = list(values)
    if not rows:
        return [[]]
    if not isinstance(rows[0], Iterable):
        return [[float(v) for v in rows]]
    return [[float(v) for v in row] for row in rows]


def matrix_lines(values: Any, decimals: int = 2) -> list[str]:
    """A matrix as bracketed rows, columns right-aligned: ⎡ ⎤ ⎢ ⎥ ⎣ ⎦, or [ ] for one row."""
    cells = [[fixed(v, decimals) for v in row] for row in _rows(values)]
    width = max((len(cell) for row in cells for cell in row), default=0)
    rows = [" ".join(cell.rjust(width) for cell in row) for row in cells]
    if len(rows) == 1:
        return [f"[{rows[0]}]"]
    lines = []
    for index, row in enumerate(rows):
        left, right = (
            ("⎡", "⎤") if index == 0 else ("⎣", "⎦") if index == len(rows) - 1 else ("⎢", "⎥")
        )
        lines.append(f"{left}{row}{right}")
    return lines


def vector(values: Iterable[float], digits: int = 4) -> str:
    """A row of numbers as a list reads: [0.19, −0.5, 2]."""
    return "[" + ", ".join(number(v, digits) for v in values) + "]"


__all__ = [
    "MINUS",
    "NAN_TEXT",
    "alpha",
    "clean",
    "computed",
    "drawn",
    "equals",
    "factor",
    "fixed",
    "is_exact",
    "matrix_lines",
    "number",
    "precise",
    "shape",
    "update_decimals",
    "update_line",
    "vector",
]
