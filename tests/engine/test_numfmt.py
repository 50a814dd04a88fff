"""The one number format: properties over any float, and the examples the lessons rely on."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from engine import numfmt

ROOT = Path(__file__).resolve().parents[2]
FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
ANY = st.floats(allow_nan=True, allow_infinity=True)


def read(text: str) -> float:
    """The value a formatted number stands for (parse_number refuses the extreme ones)."""
    return float(text.replace("−", "-"))


def _no_ascii_minus_or_negative_zero(text: str) -> None:
    assert "-" not in text, text
    assert not re.fullmatch(r"−0(\.0*)?", text), text
    assert "nan" not in text.lower() and "inf" not in text.lower(), text


@settings(max_examples=400, deadline=None)
@given(ANY, st.integers(1, 12))
def test_number_is_clean_for_any_float(x: float, digits: int) -> None:
    text = numfmt.number(x, digits)
    _no_ascii_minus_or_negative_zero(text)
    if math.isfinite(x) and abs(x) < 1e300:  # rounding up 1.5e308 to 2e308 would overflow
        back = read(text)
        assert abs(back - x) <= 10.0 ** (1 - digits) * abs(x) + 1e-300


@settings(max_examples=400, deadline=None)
@given(ANY, st.integers(0, 6), st.booleans())
def test_fixed_is_clean_for_any_float(x: float, decimals: int, trim: bool) -> None:
    text = numfmt.fixed(x, decimals, trim=trim)
    _no_ascii_minus_or_negative_zero(text)
    if math.isfinite(x) and abs(x) < numfmt.FIXED_LIMIT:
        assert abs(read(text) - x) <= 0.5 * 10.0**-decimals + 1e-9
        if not trim and decimals:
            assert len(text.split(".")[1]) == decimals


@settings(max_examples=300, deadline=None)
@given(st.integers(-10_000, 10_000), st.integers(-10_000, 10_000))
def test_sums_of_short_decimals_read_without_float_noise(a: int, b: int) -> None:
    total = a / 100 + b / 1000  # e.g. 0.1 + 0.09 = 0.19000000000000014 in binary
    exact = (10 * a + b) / 1000
    # The noise of a sum is relative to its terms: where they nearly cancel it outgrows any
    # relative cleaning (9.67 − 9.671 = −0.0009999999999994), which `drawn` handles instead.
    assume(abs(exact) * 100 >= max(abs(a / 100), abs(b / 1000)))
    assert numfmt.number(total, 12) == numfmt.number(exact, 12)
    assert numfmt.precise(total) == numfmt.precise(exact)
    assert numfmt.is_exact(total, 6)
    assert numfmt.equals(total, 6).startswith("= ")


@settings(max_examples=300, deadline=None)
@given(FINITE)
def test_precise_reads_back_as_the_engines_value(x: float) -> None:
    text = numfmt.precise(x)
    _no_ascii_minus_or_negative_zero(text)
    assert abs(read(text) - x) <= 1e-11 * abs(x)


@settings(max_examples=200, deadline=None)
@given(FINITE)
def test_drawn_keeps_one_decimal_of_a_drawn_number(x: float) -> None:
    text = numfmt.drawn(x)
    _no_ascii_minus_or_negative_zero(text)
    tenths = round(x, 1)
    if abs(tenths) < 1000:
        assert numfmt.drawn(tenths) == numfmt.fixed(tenths, 1)


@pytest.mark.parametrize(
    ("x", "digits", "text"),
    [(-0.27, 4, "−0.27"), (0.0, 4, "0"), (-0.0, 4, "0"), (0.123456, 4, "0.1235"),
     (1234567.0, 4, "1.235e6"), (-3e-5, 4, "−3e−5"), (math.inf, 4, "∞"), (-math.inf, 4, "−∞"),
     (math.nan, 4, "diverged"), (2.0, 4, "2"), (0.1 + 0.09, 12, "0.19"), (-1e-20, 2, "−1e−20"),
     (0.30000000000000004, 17, "0.3")],
)  # fmt: skip
def test_number_examples(x: float, digits: int, text: str) -> None:
    assert numfmt.number(x, digits) == text


def test_fixed_drawn_factor_and_equals_examples() -> None:
    assert numfmt.fixed(-0.0001, 2) == "0.00"
    assert numfmt.fixed(-0.5, 2) == "−0.50"
    assert numfmt.fixed(0.5, 4, trim=True) == "0.5"
    assert numfmt.fixed(3.2e7, 2) == "3.20e7"
    assert numfmt.fixed(math.nan) == "diverged"
    assert numfmt.drawn(0.5 * 1.0 + (-0.3) * 2.0 + 0.1) == "0.0"  # cancels to 2.8e−17
    assert numfmt.drawn(1.0) == "1.0" and numfmt.drawn(0.54734) == "0.5473"
    assert numfmt.factor("−0.3") == "(−0.3)" and numfmt.factor("0.3") == "0.3"
    assert numfmt.equals(0.1 + 0.09) == "= 0.19"
    assert numfmt.equals(0.5473452) == "≈ 0.5473"
    assert numfmt.computed(-0.7221196058493573) == "≈ −0.722119605849"
    assert numfmt.precise(0.19000000000000014) == "0.19"
    assert numfmt.precise(-2.0) == "−2"


def test_learning_rate_and_update_line() -> None:
    assert [numfmt.alpha(a) for a in (0.1, 0.003, 1.5, 0.0125)] == [
        "0.10",
        "0.003",
        "1.50",
        "0.0125",
    ]
    assert numfmt.update_line("w", 1.8, 0.1, 3.6, 1.44) == "w := 1.80 − 0.10 × 3.60 = 1.44"
    assert numfmt.update_line("w", 0.4, 0.1, -3.2, 0.72) == "w := 0.40 − 0.10 × (−3.20) = 0.72"
    # a tiny step gets the decimals that keep it visible
    line = numfmt.update_line("b", 0.5, 0.01, 0.02, 0.4998)
    assert line == "b := 0.5000 − 0.01 × 0.0200 = 0.4998"


def test_shapes_and_matrices() -> None:
    assert numfmt.shape((4, 2)) == "(4, 2)"
    assert numfmt.shape((4,)) == "(4,)"
    assert numfmt.shape(np.zeros((3, 1)).shape) == "(3, 1)"
    assert numfmt.matrix_lines(np.array([[1.0, -0.5]]), 2) == ["[ 1.00 −0.50]"]
    lines = numfmt.matrix_lines(np.array([[1.0], [-0.0], [2.5]]), 1)
    assert lines == ["⎡1.0⎤", "⎢0.0⎥", "⎣2.5⎦"]
    assert numfmt.vector([0.1 + 0.09, -0.5, 2.0]) == "[0.19, −0.5, 2]"


def test_no_other_module_spells_the_minus_itself() -> None:
    """Every formatter goes through engine.numfmt: no ad hoc `.replace("-", "−")` elsewhere."""
    allowed = {
        ROOT / "engine" / "numfmt.py",
        # compares what was typed with the echo; it formats nothing
        ROOT / "tutor" / "widgets" / "quiz_card.py",
    }
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("engine", "lessons", "tutor")
        for path in (ROOT / package).rglob("*.py")
        if path not in allowed and '.replace("-", "−")' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
