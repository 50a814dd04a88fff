"""The answer reader is total: only ASCII digits are digits, and nothing a learner types raises.

Every digit and number character in Unicode goes through every reader a learner can reach (quiz
answers, shapes, the playground's fields); each is either read as the ASCII digits it is drawn as
(full-width ２, mathematical 𝟐), read as what it means (superscript powers, vulgar fractions), or
refused with a message. Never a ValueError from int(), never a misreading like 1½ = 5.5.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import answers
from engine.answers import AnswerError, check, check_shape, parse_number, parse_shape
from lessons.playground import (
    PlaygroundError,
    parse_alpha,
    parse_iterations,
    parse_n1,
    parse_start,
)
from tests.robustness.helpers import LONG

#: Every character Unicode calls a digit or gives a numeric value, ASCII digits left out.
NUMBER_CHARACTERS = [
    chr(code)
    for code in range(sys.maxunicode + 1)
    if not 0x30 <= code <= 0x39
    and not 0xD800 <= code <= 0xDFFF
    and (
        chr(code).isdigit()
        or chr(code).isnumeric()
        or unicodedata.numeric(chr(code), None) is not None
    )
]


def same_digit_in_another_font(ch: str) -> bool:
    return unicodedata.normalize("NFKC", ch) in "0123456789" and (
        0xFF10 <= ord(ch) <= 0xFF19 or 0x1D7CE <= ord(ch) <= 0x1D7FF
    )


def test_there_are_many_number_characters() -> None:
    assert len(NUMBER_CHARACTERS) > 1500


def test_every_number_character_is_read_as_its_digit_or_refused() -> None:
    for ch in NUMBER_CHARACTERS:
        for text in (ch, f"1{ch}", f"{ch}0", f"2*{ch}", f"({ch})", f"-{ch}"):
            try:
                value = parse_number(text)
            except AnswerError as error:
                assert str(error), text
                continue
            plain = unicodedata.normalize("NFKC", text)
            if same_digit_in_another_font(ch):
                assert value == parse_number(plain), text
            else:
                # Only superscripts and vulgar fractions are read; never as the digits NFKC gives.
                assert ch in "⁰¹²³⁴⁵⁶⁷⁸⁹" or ch in answers._FRACTIONS, (text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2⁻¹", 0.5),
        ("1½", 1.5),
        ("-1½", -1.5),
        ("½", 0.5),
        ("¾", 0.75),
        ("2¾", 2.75),
        ("0.5⁴", 0.0625),
        ("2¹", 2.0),
        ("2²", 4.0),
        ("0.5²", 0.25),
        ("10⁻³", 0.001),
        ("e⁻¹", 0.36787944117144233),
        ("(1 + 1)³", 8.0),
        ("2 × ½", 1.0),
        ("½²", 0.25),
        ("05", 5.0),
        ("007", 7.0),
        ("1e05", 1e5),
        ("１２", 12.0),
        ("𝟐.𝟓", 2.5),
    ],
)
def test_powers_and_fractions_read_as_what_they_mean(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value, rel=1e-12)
    assert check(text, value).correct


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0x10", "only decimal numbers"),
        ("0X1f", "only decimal numbers"),
        ("0o17", "only decimal numbers"),
        ("0b101", "only decimal numbers"),
        ("1_0", "without _"),
        ("1_000.5", "without _"),
        ("٣", "not a digit"),
        ("፩", "not a digit"),
        ("①", "not a digit"),
        ("x₂", "not a digit"),
        ("Ⅻ", "not a digit"),
        ("三", "not a digit"),
        ("1.5½", "fraction like ½"),
    ],
)
def test_python_only_literals_and_other_digits_are_refused_with_a_message(
    text: str, words: str
) -> None:
    with pytest.raises(AnswerError, match=words):
        parse_number(text)
    verdict = check(text, 1.0)
    assert not verdict.valid and words.split()[0] in verdict.message


@pytest.mark.parametrize("text", ["፩x2", "٣x2", "(4, ①)", "4×₂", "４x２"])
def test_shapes_take_only_ascii_digits(text: str) -> None:
    verdict = check_shape(text, (4, 2))
    if text == "４x２":
        assert verdict.correct  # full-width digits are the same digits
    else:
        assert not verdict.valid and verdict.message
        with pytest.raises(AnswerError):
            parse_shape(text)


@pytest.mark.parametrize("reader", [parse_iterations, parse_n1, parse_alpha, parse_start])
def test_every_playground_field_takes_only_ascii_digits(reader) -> None:
    for ch in NUMBER_CHARACTERS:
        for text in (ch, f"1{ch}", f"{ch}0"):
            try:
                if reader is parse_start:
                    reader(text, "w0")
                else:
                    reader(text)
            except PlaygroundError as error:
                assert str(error)
            else:
                pytest.fail(f"{reader.__name__} accepted {text!r}")


DIGITS = st.sampled_from(NUMBER_CHARACTERS)
PIECES = st.one_of(DIGITS, st.sampled_from(list("0123456789.+-*/^()e x,")))


@settings(
    max_examples=2000 if LONG else 300,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(PIECES, min_size=1, max_size=12).map("".join))
def test_any_mix_of_unicode_digits_never_raises_anything_but_a_message(text: str) -> None:
    verdict = check(text, 1.0)
    assert verdict.valid or verdict.message
    shape = check_shape(text, (4, 2))
    assert shape.valid or shape.message
    for reader in (parse_iterations, parse_n1, parse_alpha):
        with contextlib.suppress(PlaygroundError):
            reader(text)


@pytest.mark.parametrize("size", [10_000, 1_000_000, 10_000_000])
def test_over_long_input_is_refused_before_anything_walks_it(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "🙂" * size

    def walked(*args: object) -> None:
        raise AssertionError("the text was walked before its length was checked")

    monkeypatch.setattr(answers, "_powers_and_fractions", walked)
    monkeypatch.setattr(
        answers, "unicodedata", SimpleNamespace(normalize=walked, numeric=walked, category=walked)
    )
    verdict = check(text, 1.0)
    assert not verdict.valid and "too long" in verdict.message
    assert len(verdict.echo) <= 30
    shape = check_shape(text, (4, 2))
    assert not shape.valid and "too long" in shape.message


def test_an_unexpected_failure_is_a_could_not_read_message_and_a_bug_report(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> float:
        raise KeyError("a bug")

    monkeypatch.setattr(answers, "_evaluate", broken)
    with caplog.at_level(logging.ERROR, logger="gd_tutor.answers"):
        verdict = check("0.5", 0.5)
    assert not verdict.valid and verdict.message.startswith("Could not read")
    assert verdict.echo == "0.5"
    [record] = caplog.records
    assert "bug report" in record.getMessage() and record.exc_info is not None

    monkeypatch.setattr(answers, "parse_shape", broken)
    with caplog.at_level(logging.ERROR, logger="gd_tutor.answers"):
        shape = check_shape("4x2", (4, 2))
    assert not shape.valid and shape.message.startswith("Could not read")


def test_bug_reports_go_to_the_log_file_beside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor import buglog

    path = buglog.install(tmp_path)

    def broken(*args: object) -> float:
        raise KeyError("a bug")

    monkeypatch.setattr(answers, "_evaluate", broken)
    verdict = check("0.5", 0.5)
    assert verdict.message.startswith("Could not read")
    text = path.read_text(encoding="utf-8")
    assert "bug report" in text and "KeyError" in text and "Traceback" in text
    (tmp_path / "elsewhere").write_text("")
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere")  # never written through a link
    check("0.5", 0.5)
    assert (tmp_path / "elsewhere").read_text() == ""
