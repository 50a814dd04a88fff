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
_BEFORE_NFKC = {"²": "**2", "³": "**3"}  # NFKC would turn "0.5²" into "0.52"
_AFTER_NFKC = {
    "−": "-", "–": "-", "—": "-", "‒": "-", "﹣": "-",
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "✕": "*",
    "÷": "/", "∕": "/", "⁄": "/",
    "^": "**", "σ": "sigmoid", "π": "pi",
}  # fmt: skip


def _shown(text: str, limit: int = 30) -> str:
    """The learner's text as it can be shown back: one line, printable, not too long."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    line = " ".join(printable.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _cannot_read(text: str) -> AnswerError:
    return AnswerError(f"Could not read “{_shown(text)}”. {EXAMPLES}")


def _normalise(text: str) -> str:
    """Plain ASCII-style arithmetic from what a learner may type or paste."""
    if not isinstance(text, str):
        raise AnswerError(f"An answer is text. {EXAMPLES}")
    if len(text) > MAX_LENGTH:
        raise AnswerError(f"That answer is too long (over {MAX_LENGTH} characters). {EXAMPLES}")
    for old, new in _BEFORE_NFKC.items():
        text = text.replace(old, new)
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
        raise AnswerError(f"That answer is too long (over {MAX_LENGTH} characters). {EXAMPLES}")
    return text


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
    tolerance = _tolerance(expected, rtol, atol)
    error = abs(value - expected)
    correct = error <= tolerance
    close = not correct and error <= 5.0 * tolerance
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
    if not core or not 1 <= len(parts) <= 4 or not all(part.isdigit() for part in parts):
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
    correct = shape == expected
    mistake = None
    if not correct and len(shape) >= 2 and shape[::-1] == expected:
        mistake = "transposed"
    return Verdict(True, correct, False, None, format_shape(shape), "", mistake)
