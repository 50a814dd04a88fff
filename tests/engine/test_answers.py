"""Answer checking: what is read, what is refused (quickly, with a message), and the verdicts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.answers import (
    AnswerError,
    Verdict,
    check,
    check_shape,
    format_number,
    parse_number,
    parse_shape,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.27", 0.27),
        ("−0.27", -0.27),
        ("-0.27", -0.27),
        (" 1e-3 ", 1e-3),
        ("2.5E2", 250.0),
        (".5", 0.5),
        ("3/4", 0.75),
        ("0.73 − 1", 0.73 - 1),
        ("2 × 3", 6.0),
        ("6 ÷ 4", 1.5),
        ("2·3", 6.0),
        ("2^10", 1024.0),
        ("2**-1", 0.5),
        ("(1 + 2) * 3", 9.0),
        ("0.5²", 0.25),
        ("½", 0.5),
        ("２．５", 2.5),  # full-width digits
        ("\u30001\u3000", 1.0),  # full-width spaces
        ("e", math.e),
        ("pi", math.pi),
        ("π", math.pi),
        ("exp(0)", 1.0),
        ("log(e)", 1.0),
        ("ln(1)", 0.0),
        ("sqrt(16)", 4.0),
        ("sigmoid(0)", 0.5),
        ("σ(0)", 0.5),
        ("tanh(0)", 0.0),
        ("abs(−2)", 2.0),
        ("0.73 * (1 − 0.73)", 0.73 * 0.27),
        ("-(1 - 0.3) / 0.3", -(0.7 / 0.3)),
        ("10**-400", 0.0),
        ("(" * 99 + "1" + ")" * 99, 1.0),
    ],
)
def test_reads_numbers_and_expressions(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0.3.2", "Could not read “0.3.2”. Type a number like −0.27"),
        ("", "Nothing to read"),
        ("   ", "Nothing to read"),
        ("0,5", "Use a point for decimals"),
        ("9**9**9", "too large"),
        ("10**400", "too large"),
        ("1e999", "too large"),
        ("1e308 * 10", "too large"),
        ("exp(1000)", "too large"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("1/0", "Division by zero"),
        ("0**-1", "divides by zero"),
        ("(-8)**(1/3)", "not a real number"),
        ("log(0)", "greater than 0"),
        ("sqrt(-1)", "0 or more"),
        ("x + 1", "not a name"),
        ("__import__('os')", "Could not read"),
        ("().__class__", "Could not read"),
        ("(lambda: 1)()", "Could not read"),
        ("open('x')", "Could not read"),
        ("'1'", "Could not read"),
        ("1j", "Could not read"),
        ("True", "Could not read"),
        ("[1]", "Could not read"),
        ("exp(1, 2)", "takes one number"),
        ("exp(x=1)", "takes one number"),
        ("1 if 1 else 2", "Could not read"),
        ("3 % 2", "Could not read"),
        ("1\x00", "control character"),
        ("1" * 201, "too long"),
        ("-" * 150 + "1", "nested too deeply"),
        ("(" * 120 + "1" + ")" * 120, "too long"),
    ],
)
def test_refuses_with_a_message_for_learners(text: str, words: str) -> None:
    with pytest.raises(AnswerError, match=None) as info:
        parse_number(text)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text", ["9**9**9", "9^9^9^9", "(10**300)**(10**300)", "exp(exp(exp(9)))"])
def test_huge_powers_are_refused_at_once(text: str) -> None:
    """Refused by the size bound before anything is computed (not by timing: machines are noisy)."""
    with pytest.raises(AnswerError, match="too large to check"):
        parse_number(text)


def only_number_or_answer_error(text: str) -> None:
    try:
        value = parse_number(text)
    except AnswerError as error:
        assert str(error)
    else:
        assert isinstance(value, float) and math.isfinite(value) and abs(value) <= 1e300


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text(text: str) -> None:
    only_number_or_answer_error(text)


ARITHMETIC = st.text(alphabet="0123456789.eE+-−*/×÷^()², pisqrtexplogσ_[]'\"", max_size=60)


@settings(max_examples=800, deadline=None)
@given(ARITHMETIC)
def test_fuzz_arithmetic_looking_text(text: str) -> None:
    only_number_or_answer_error(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["9", "**", "^", "(", ")", "-", "1e300", "*", "exp(", "."]), max_size=40
    )
)
def test_fuzz_towers_of_powers(parts: list[str]) -> None:
    only_number_or_answer_error("".join(parts))


def test_check_tolerance_and_echo() -> None:
    verdict = check("−0.27", -0.2689)
    assert verdict == Verdict(True, True, False, -0.27, "−0.27", "", None)
    assert check("0.5", 0.5).correct and not check("0.52", 0.5).correct
    assert check("0.52", 0.5).close and not check("0.7", 0.5).close
    assert check("0.00005", 0.0).correct  # atol works at t = 0
    assert not check("0.001", 0.0).correct and check("0.0003", 0.0).close
    assert check("1e-3", 0.001, rtol=1e-6, atol=0).correct
    assert check("1/3", 1 / 3, rtol=1e-9).correct


def test_check_invalid_input_is_not_an_attempt() -> None:
    verdict = check("0.3.2", 0.5)
    assert not verdict.valid and not verdict.correct and verdict.value is None
    assert verdict.echo == "0.3.2" and "Type a number like" in verdict.message


def test_check_names_the_mistake() -> None:
    expected = -0.27
    mistakes = {"sign": 0.27, "missing 1/m": -1.08, "same as expected": -0.2701}
    assert check("0.27", expected, mistakes=mistakes).mistake == "sign"
    assert check("−1.08", expected, mistakes=mistakes).mistake == "missing 1/m"
    assert check("−0.27", expected, mistakes=mistakes).mistake is None  # correct wins
    assert check("5", expected, mistakes=mistakes).mistake is None
    # an alternative within tolerance of the answer cannot be told apart from it
    assert check("0", 0.0, mistakes={"sign": -0.0}).mistake is None
    assert check("0.5004", 0.0, mistakes={"forgot a(1 − a)": 0.5}).mistake == "forgot a(1 − a)"
    assert check("0.3", 0.27, mistakes={"inf": math.inf}).mistake is None


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("(4, 2)", (4, 2)),
        ("4x2", (4, 2)),
        ("4×2", (4, 2)),
        ("4 X 2", (4, 2)),
        ("4,2", (4, 2)),
        ("[4, 2]", (4, 2)),
        ("(4,)", (4,)),
        ("4", (4,)),
        ("（４，２）", (4, 2)),
        ("4 by 2", (4, 2)),
        ("(1, 400)", (1, 400)),
    ],
)
def test_parse_shape(text: str, shape: tuple[int, ...]) -> None:
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text", ["", "x", "(4, -2)", "(4.5, 2)", "4 x", "(,)", "n1, n0", "9" * 9])
def test_parse_shape_refuses(text: str) -> None:
    with pytest.raises(AnswerError, match=r"shape|too large"):
        parse_shape(text)


def test_check_shape() -> None:
    assert check_shape("(4, 2)", (4, 2)) == Verdict(True, True, False, None, "(4, 2)", "", None)
    transposed = check_shape("2x4", (4, 2))
    assert not transposed.correct and transposed.mistake == "transposed"
    assert check_shape("(4,)", (4, 1)).mistake is None and check_shape("(4,)", (4,)).echo == "(4,)"
    invalid = check_shape("four by two", (4, 2))
    assert not invalid.valid and "(4, 2)" in invalid.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=250))
def test_fuzz_shapes(text: str) -> None:
    try:
        shape = parse_shape(text)
    except AnswerError:
        return
    assert isinstance(shape, tuple) and all(isinstance(n, int) and n >= 0 for n in shape)


@pytest.mark.parametrize(
    ("x", "text"),
    [(-0.27, "−0.27"), (0.0, "0"), (-0.0, "0"), (0.123456, "0.1235"), (1234567.0, "1.235e6"),
     (-3e-5, "−3e−5"), (math.inf, "∞"), (math.nan, "diverged"), (2.0, "2")],
)  # fmt: skip
def test_format_number(x: float, text: str) -> None:
    assert format_number(x) == text
