"""Reading and checking the numbers a learner types, safely.

The text is normalised (Unicode minus −, ×, ÷, ·, ^ as power, full-width characters), parsed with
`ast.parse(..., mode="eval")` and then walked by a small evaluator that knows only numbers, + − × ÷
and powers, parentheses, the constants e and pi, and the functions exp, log (ln), sqrt, sigmoid (σ),
tanh and abs. Nothing is ever run as code: there is no eval, exec or compile. Sizes are bounded
before anything is computed (input length, nesting, exponents, magnitudes), so `9**9**9` is refused
at once instead of computed.

Invalid input raises `AnswerError` (a ValueError) whose message a learner can act on; `check` turns
it into a `Verdict` with valid=False, because a typo is not a wrong attempt.
"""

from __future__ import annotations

import ast
import contextlib
import logging
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine import numfmt

#: Longest answer read, in characters (before and after normalising).
MAX_LENGTH = 200
#: Deepest nesting of operations and parentheses read.
MAX_DEPTH = 40
#: Largest |exponent| in a power, checked before the power is computed.
MAX_EXPONENT = 1000.0
#: Largest magnitude of any number, written or computed along the way.
MAX_MAGNITUDE = 1e300

EXAMPLES = "Type a number like −0.27, 3/4 or an expression like 0.73 − 1."

#: Where unexpected failures while reading an answer are reported (the app logs it to a file).
LOG = logging.getLogger("gd_tutor.answers")


class AnswerError(ValueError):
    """The typed text is not a number the tutor can read; the message says what to type instead."""


@dataclass(frozen=True)
class Verdict:
    """What `check` or `check_shape` concluded about one typed answer.

    valid: the text could be read (an invalid answer is not a wrong attempt).
    correct: within tolerance of the expected value. close: not correct, but within 5× the
    tolerance (usually a rounding slip). value: the number read (None for shapes and invalid text).
    echo: what was read, for "you entered −0.27". message: for invalid text, what to type instead.
    mistake: the key of the usual mistake this answer matches, when it is not correct.
    """

    valid: bool
    correct: bool
    close: bool
    value: float | None
    echo: str
    message: str = ""
    mistake: str | None = None


# -- normalising ---------------------------------------------------------------------------------
_AFTER_NFKC = {
    "−": "-", "–": "-", "—": "-", "‒": "-", "﹣": "-",
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "✕": "*",
    "÷": "/", "∕": "/", "⁄": "/",
    "^": "**", "σ": "sigmoid", "π": "pi",
}  # fmt: skip

#: Superscript characters read as a power: 2⁻¹ is 2**(-1), 0.5⁴ is 0.5**(4).
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")
#: Vulgar fractions read as what they mean: ½ is (1/2), 1½ is (1+1/2).
_FRACTIONS = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅐": "1/7", "⅛": "1/8", "⅜": "3/8",
    "⅝": "5/8", "⅞": "7/8", "⅑": "1/9", "⅒": "1/10", "↉": "0/3",
}  # fmt: skip
_MIXED = re.compile("(?<![0-9.])([0-9]*)([" + "".join(_FRACTIONS) + "])")
#: Digits in another width or font that NFKC turns into the same ASCII digit (２, 𝟐): accepted.
_SAME_DIGIT_BLOCKS = ((0xFF10, 0xFF19), (0x1D7CE, 0x1D7FF))
_LEADING_ZEROS = re.compile(r"(?<![0-9.eE])0+(?=[0-9])")
_RADIX_LITERAL = re.compile(r"(?<![0-9A-Za-z.])0[xXoObB]")

_DIGITS_HELP = "Type numbers with the digits 0–9 (powers as 2^3 or 2³, fractions as 3/4 or ¾)."


def _shown(text: str, limit: int = 30) -> str:
    """The learner's text as it can be shown back: one line, printable, not too long.

    Only the start of the text is looked at, so showing a pasted megabyte costs nothing.
    """
    head = text[: limit * 4]
    printable = "".join(ch if ch.isprintable() else " " for ch in head)
    line = " ".join(printable.split())
    return line if len(line) <= limit and len(text) <= len(head) else line[: limit - 1] + "…"


def _cannot_read(text: str) -> AnswerError:
    return AnswerError(f"Could not read “{_shown(text)}”. {EXAMPLES}")


def _too_long() -> AnswerError:
    return AnswerError(f"That answer is too long (over {MAX_LENGTH} characters). {EXAMPLES}")


def _is_other_digit(ch: str) -> bool:
    """A character that is a digit or number in some script but not an ASCII digit."""
    if "0" <= ch <= "9":
        return False
    if ch.isdigit() or ch.isnumeric() or unicodedata.numeric(ch, None) is not None:
        return not any(lo <= ord(ch) <= hi for lo, hi in _SAME_DIGIT_BLOCKS)
    return False


def _powers_and_fractions(text: str) -> str:
    """Rewrite superscript powers and vulgar fractions as the arithmetic they stand for."""

    def mixed(match: re.Match[str]) -> str:
        whole, fraction = match.group(1), _FRACTIONS[match.group(2)]
        return f"({whole}+{fraction})" if whole else f"({fraction})"

    text = _MIXED.sub(mixed, text)
    return _SUPERSCRIPT_RUN.sub(lambda m: "**(" + m.group(0).translate(_SUPERSCRIPTS) + ")", text)


def _normalise(text: str) -> str:
    """Plain ASCII-style arithmetic from what a learner may type or paste.

    The length is checked first, in constant time, before anything walks the text. Only ASCII
    digits are digits: superscripts and vulgar fractions are rewritten as what they mean, full-width
    and mathematical digits are the same digits in another font, and any other digit or number
    character (٣, ፩, ①, ₂, Ⅻ) is refused with a message rather than misread.
    """
    if not isinstance(text, str):
        raise AnswerError(f"An answer is text. {EXAMPLES}")
    if len(text) > MAX_LENGTH:
        raise _too_long()
    text = _powers_and_fractions(text)
    for ch in text:
        if ch in _FRACTIONS:
            raise AnswerError(
                f"Could not read “{_shown(text)}”: write a fraction like ½ alone or after a whole "
                "number (1½), or as 1/2."
            )
        if _is_other_digit(ch):
            raise AnswerError(f"“{_shown(ch, 3)}” is not a digit the tutor reads. {_DIGITS_HELP}")
    text = unicodedata.normalize("NFKC", text)
    for old, new in _AFTER_NFKC.items():
        text = text.replace(old, new)
    cleaned = []
    for ch in text:
        if ch.isspace():
            cleaned.append(" ")
        elif unicodedata.category(ch) == "Cf":  # zero-width spaces, byte-order marks: invisible
            continue
        elif not ch.isprintable():
            raise AnswerError(f"That answer contains a control character. {EXAMPLES}")
        else:
            cleaned.append(ch)
    text = "".join(cleaned).strip()
    if len(text) > MAX_LENGTH:
        raise _too_long()
    return text


def _plain_literals(text: str, shown: str) -> str:
    """Refuse Python-only number spellings (0x10, 1_000); drop leading zeros (007 is 7)."""
    if "_" in text:
        raise AnswerError(
            f"Could not read “{_shown(shown)}”: type numbers without _ (1000, not 1_000)."
        )
    if _RADIX_LITERAL.search(text):
        raise AnswerError(
            f"Could not read “{_shown(shown)}”: only decimal numbers are read (16, not 0x10)."
        )
    return _LEADING_ZEROS.sub("", text)


# -- evaluating ----------------------------------------------------------------------------------
def _bounded(x: float, what: str = "the result") -> float:
    if math.isnan(x):
        raise AnswerError(f"That is not a number ({what} is undefined). {EXAMPLES}")
    if math.isinf(x) or abs(x) > MAX_MAGNITUDE:
        raise AnswerError(f"That number is too large to check (over 1e300). {EXAMPLES}")
    return x


def _exp(x: float) -> float:
    if x > 690.0:
        raise AnswerError(f"exp({x:g}) is too large to check. {EXAMPLES}")
    return math.exp(x)


def _log(x: float) -> float:
    if x <= 0.0:
        raise AnswerError("log needs a number greater than 0, for example log(0.5).")
    return math.log(x)


def _sqrt(x: float) -> float:
    if x < 0.0:
        raise AnswerError("sqrt needs a number that is 0 or more, for example sqrt(2).")
    return math.sqrt(x)


def _sigmoid(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": _exp,
    "log": _log,
    "ln": _log,
    "sqrt": _sqrt,
    "sigmoid": _sigmoid,
    "tanh": math.tanh,
    "abs": abs,
}
CONSTANTS: dict[str, float] = {"e": math.e, "pi": math.pi}
_ALLOWED_NAMES = "the constants e and pi, and exp, log (ln), sqrt, sigmoid (σ), tanh and abs"


def _power(base: float, exponent: float) -> float:
    """base ** exponent, refused before computing when it could not be a sensible answer."""
    if abs(exponent) > MAX_EXPONENT:
        raise AnswerError(f"That power is too large to check (exponent over {MAX_EXPONENT:g}).")
    if base == 0.0:
        if exponent < 0.0:
            raise AnswerError("0 to a negative power divides by zero.")
        return 1.0 if exponent == 0.0 else 0.0
    if base < 0.0 and exponent != math.floor(exponent):
        raise AnswerError("A negative number to a fractional power is not a real number.")
    if exponent * math.log10(abs(base)) > 300.0:
        raise AnswerError(f"That power is too large to check (over 1e300). {EXAMPLES}")
    return math.pow(base, exponent)


def _divide(a: float, b: float) -> float:
    if b == 0.0:
        raise AnswerError("Division by zero: the number after / must not be 0.")
    return a / b


_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: _divide,
    ast.Pow: _power,
}


def _evaluate(node: ast.AST, text: str, depth: int) -> float:
    """The value of an expression tree, visiting only the node types listed here."""
    if depth > MAX_DEPTH:
        raise AnswerError(f"That expression is nested too deeply to read. {EXAMPLES}")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _cannot_read(text)
        return _bounded(float(value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = _evaluate(node.operand, text, depth + 1)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left = _evaluate(node.left, text, depth + 1)
        right = _evaluate(node.right, text, depth + 1)
        return _bounded(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.Name):
        name = node.id.lower()
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in {"nan", "inf", "infinity"}:
            raise AnswerError(f"“{node.id}” is not a number the tutor can check. {EXAMPLES}")
        raise AnswerError(
            f"Could not read “{_shown(text)}”: “{_shown(node.id, 12)}” is not a name the tutor "
            f"knows. Allowed are {_ALLOWED_NAMES}. {EXAMPLES}"
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id.lower()
        if name in FUNCTIONS:
            if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
                raise AnswerError(f"{name} takes one number in parentheses, like {name}(0.5).")
            argument = _evaluate(node.args[0], text, depth + 1)
            return _bounded(FUNCTIONS[name](argument))
    if isinstance(node, ast.Tuple):
        raise AnswerError(
            f"Could not read “{_shown(text)}”. Use a point for decimals, like 0.5, and type one "
            "number only (a comma separates numbers)."
        )
    raise _cannot_read(text)


def parse_number(text: str) -> float:
    """The value of a typed answer: a number (−0.27, 1e-3), a fraction (3/4) or an expression.

    Allowed: + − × ÷ * / ** ^ (power), parentheses, e, pi, exp, log, ln, sqrt, sigmoid, σ, tanh,
    abs. Raises AnswerError with a learner-readable message for anything else, for inf/NaN, and for
    anything too long, too deep or too large (checked before computing).
    """
    normalised = _normalise(text)
    if not normalised:
        raise AnswerError(f"Nothing to read yet. {EXAMPLES}")
    normalised = _plain_literals(normalised, text)
    try:
        with warnings.catch_warnings():
            # "1if" or "0x" make the parser warn about odd literals; the learner gets our message.
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(normalised, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        raise _cannot_read(text) from None
    try:
        return _evaluate(tree.body, text, 0)
    except AnswerError:
        raise
    except (ArithmeticError, ValueError, RecursionError, MemoryError):
        raise _cannot_read(text) from None


def could_not_read(text: object, error: BaseException) -> Verdict:
    """The verdict for an answer whose reading failed in a way nobody foresaw: a bug, not a typo.

    Logs a bug report (with the traceback) to `LOG` and returns an invalid Verdict whose message
    tells the learner the answer could not be read and that their text is kept. Call it from any
    code between a keypress and a verdict: `except Exception as e: verdict = could_not_read(t, e)`.
    """
    shown = _shown(text) if isinstance(text, str) else ""
    with contextlib.suppress(Exception):  # a failing log handler must not raise either
        LOG.error(
            "bug report: reading the answer %r failed: %s: %s",
            text[:200] if isinstance(text, str) else type(text).__name__,
            type(error).__name__,
            error,
            exc_info=(type(error), error, error.__traceback__),
        )
    return Verdict(
        False,
        False,
        False,
        None,
        shown,
        "Could not read that answer: something went wrong inside gd-tutor (a bug, reported in "
        f"its log), not in what you typed. Try writing it another way. {EXAMPLES}",
        None,
    )


# -- formatting ----------------------------------------------------------------------------------
def format_number(x: float, digits: int = 4) -> str:
    """x with `digits` significant figures, the Unicode minus (`engine.numfmt.number`)."""
    return numfmt.number(x, digits)


# -- checking numbers ----------------------------------------------------------------------------
def _tolerance(target: float, rtol: float, atol: float) -> float:
    return max(rtol * abs(target), atol)


def check(
    text: str,
    expected: float,
    *,
    rtol: float = 1e-2,
    atol: float = 1e-4,
    mistakes: Mapping[str, float] = {},  # read only, never changed
) -> Verdict:
    """Read the answer and compare it with the expected value t.

    Correct when |x − t| ≤ max(rtol·|t|, atol): rtol = 1e-2 accepts answers rounded to three
    significant figures, atol covers t = 0. Not correct: `mistake` names the alternative (computed
    by the lesson under a usual mistake: sign flipped, 1/m missing, …) that x matches within the
    same kind of tolerance, skipping alternatives that are themselves within tolerance of t, since
    those cannot be told apart from the right answer.
    """
    expected = float(expected)
    if not math.isfinite(expected):
        raise ValueError(f"expected must be a finite number; got {expected!r}")
    try:
        value = parse_number(text)
    except AnswerError as error:
        shown = _shown(text) if isinstance(text, str) else ""
        return Verdict(False, False, False, None, shown, str(error), None)
    except Exception as error:  # a bug in the reader: reported, never a traceback for the learner
        return could_not_read(text, error)
    tolerance = _tolerance(expected, rtol, atol)
    miss = abs(value - expected)
    correct = miss <= tolerance
    close = not correct and miss <= 5.0 * tolerance
    mistake = None
    if not correct:
        best = math.inf
        for key, alternative in mistakes.items():
            alternative = float(alternative)
            if not math.isfinite(alternative):
                continue
            if abs(alternative - expected) <= tolerance:
                continue  # indistinguishable from the right answer
            allowed = _tolerance(alternative, rtol, atol)
            distance = abs(value - alternative) / allowed
            if distance <= 1.0 and distance < best:
                best, mistake = distance, key
    return Verdict(True, correct, close, value, format_number(value, 6), "", mistake)


# -- shapes --------------------------------------------------------------------------------------
_SHAPE_SEPARATORS = re.compile(r"\s*(?:,|x|\*|by)\s*|\s+", re.IGNORECASE)
_SHAPE_HELP = "Type it like (4, 2) or 4x2: rows first, then columns."


def format_shape(shape: tuple[int, ...]) -> str:
    """A shape as NumPy prints it: (4, 2), or (4,) (`engine.numfmt.shape`)."""
    return numfmt.shape(shape)


def parse_shape(text: str) -> tuple[int, ...]:
    """A typed shape as a tuple: "(4, 2)", "4x2", "4×2", "4,2" and "(4,)" are all understood."""
    normalised = _normalise(text)
    core = normalised.replace("*", "x")
    if len(core) >= 2 and core[0] + core[-1] in {"()", "[]"}:
        core = core[1:-1].strip()
    parts = _SHAPE_SEPARATORS.split(core)
    if len(parts) > 1 and parts[-1] == "" and core.rstrip().endswith(","):
        parts = parts[:-1]  # "(4,)": the trailing comma of a rank-1 shape
    plain = all(part.isascii() and part.isdigit() for part in parts)
    if not core or not 1 <= len(parts) <= 4 or not plain:
        raise AnswerError(f"Could not read “{_shown(text)}” as a shape. {_SHAPE_HELP}")
    if any(len(part) > 7 for part in parts):
        raise AnswerError(f"Those dimensions are too large. {_SHAPE_HELP}")
    return tuple(int(part) for part in parts)


def check_shape(text: str, expected: tuple[int, ...]) -> Verdict:
    """Compare a typed shape with the expected one; mistake "transposed" when rows and columns
    are swapped, the usual slip between (n1, n0) and (n0, n1)."""
    expected = tuple(int(n) for n in expected)
    try:
        shape = parse_shape(text)
    except AnswerError as error:
        shown = _shown(text) if isinstance(text, str) else ""
        return Verdict(False, False, False, None, shown, str(error), None)
    except Exception as error:  # a bug in the reader: reported, never a traceback for the learner
        return could_not_read(text, error)
    correct = shape == expected
    mistake = None
    if not correct and len(shape) >= 2 and shape[::-1] == expected:
        mistake = "transposed"
    return Verdict(True, correct, False, None, format_shape(shape), "", mistake)
