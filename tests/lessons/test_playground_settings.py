"""Playground settings: validation with clear messages, and a command line that reproduces a run."""

from __future__ import annotations

import shlex

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.playground import (
    PROBLEMS,
    PlaygroundError,
    PlaygroundSettings,
    parse_playground_args,
    playground_help,
    settings_from_fields,
)


def words_after_playground(command: str) -> list[str]:
    words = shlex.split(command)
    assert words[:2] == ["gd-tutor", "playground"]
    return words[2:]


def test_no_options_give_the_default_problem_with_its_own_settings() -> None:
    chosen = parse_playground_args([])
    assert chosen == PlaygroundSettings()
    assert chosen.problem == "convex"
    assert chosen.command_line() == (
        "gd-tutor playground --problem convex --alpha 0.1 --iterations 200 --w0 4.0"
    )


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_each_problem_starts_from_its_own_alpha_and_iterations(problem: str) -> None:
    chosen = parse_playground_args(["--problem", problem])
    assert chosen.alpha == PROBLEMS[problem].alpha
    assert chosen.iterations == PROBLEMS[problem].iterations
    assert parse_playground_args(words_after_playground(chosen.command_line())) == chosen


def test_starting_points_apply_only_where_there_is_one() -> None:
    bowl = parse_playground_args(["--problem", "logistic-2d", "--w0", "2", "--b0", "−1.5"])
    assert (bowl.w0, bowl.b0) == (2.0, -1.5)
    assert bowl.command_line().endswith("--w0 2.0 --b0 -1.5")
    assert parse_playground_args(words_after_playground(bowl.command_line())) == bowl
    with pytest.raises(PlaygroundError, match="--b0 does not apply to --problem convex"):
        parse_playground_args(["--b0", "1"])
    with pytest.raises(PlaygroundError, match="from −100 to 100"):
        parse_playground_args(["--w0", "1e6"])


def test_network_options_appear_only_for_the_network() -> None:
    flower = parse_playground_args(
        ["--problem", "flower", "--n1", "8", "--activation", "relu", "--init", "zeros"]
    )
    assert (flower.n1, flower.activation, flower.init) == (8, "relu", "zeros")
    assert "--n1 8 --activation relu --init zeros" in flower.command_line()
    assert "--n1" not in parse_playground_args(["--problem", "blobs"]).command_line()
    with pytest.raises(PlaygroundError, match="only apply to --problem flower"):
        parse_playground_args(["--problem", "convex", "--n1", "3"])


@pytest.mark.parametrize(
    ("argv", "field", "message"),
    [
        (["--alpha", "-1"], "alpha", "α must be a positive number like 0.1"),
        (["--alpha", "fast"], "alpha", "'fast' is not a number"),
        (["--alpha", "nan"], "alpha", "α must be a positive number like 0.1"),
        (["--alpha", "1e9"], "alpha", "at most 1000"),
        (["--iterations", "0"], "iterations", "whole number from 1 to 1,000,000, like 500"),
        (["--iterations", "2.5"], "iterations", "whole number"),
        (["--problem", "flower", "--n1", "0"], "n1", "from 1 to 100, like 4"),
        (["--problem", "moon"], "problem", "invalid choice: 'moon'"),
        (["--problem", "flower", "--activation", "swish"], "activation", "invalid choice"),
        (["--alpha"], "alpha", "expected one argument"),
    ],
)
def test_bad_options_get_a_clear_message(argv: list[str], field: str, message: str) -> None:
    with pytest.raises(PlaygroundError, match=message) as raised:
        parse_playground_args(argv)
    assert raised.value.field == field
    assert "Traceback" not in str(raised.value)


def test_unknown_options_are_named() -> None:
    with pytest.raises(PlaygroundError, match="unknown playground option --speed"):
        parse_playground_args(["--speed", "3"])


def test_the_help_lists_every_problem_and_option() -> None:
    text = playground_help()
    for key in PROBLEMS:
        assert key in text
    for option in ("--alpha", "--iterations", "--n1", "--activation", "--init"):
        assert option in text


def test_form_fields_are_validated_with_the_field_named() -> None:
    chosen = settings_from_fields({"problem": "blobs", "alpha": " 0.25 ", "iterations": "1,500"})
    assert (chosen.problem, chosen.alpha, chosen.iterations) == ("blobs", 0.25, 1500)
    assert settings_from_fields({"problem": "convex", "alpha": "5e-2"}).alpha == 0.05
    with pytest.raises(PlaygroundError, match=r"α must be a positive number like 0\.1"):
        settings_from_fields({"problem": "convex", "alpha": "−0.05"})  # Unicode minus, read as −
    with pytest.raises(PlaygroundError) as raised:
        settings_from_fields({"problem": "flower", "alpha": "0.1", "n1": "four"})
    assert raised.value.field == "n1"
    assert str(raised.value) == "n1 (hidden units) must be a whole number from 1 to 100, like 4"
    with pytest.raises(PlaygroundError) as raised:
        settings_from_fields({"problem": "convex", "alpha": "", "iterations": "10"})
    assert raised.value.field == "alpha"


def test_settings_themselves_refuse_impossible_values() -> None:
    with pytest.raises(PlaygroundError, match="α must be"):
        PlaygroundSettings(alpha=0.0)
    with pytest.raises(PlaygroundError, match="iterations"):
        PlaygroundSettings(iterations=True)  # type: ignore[arg-type]
    with pytest.raises(PlaygroundError, match="init"):
        PlaygroundSettings(init="he")


@given(
    problem=st.sampled_from(sorted(PROBLEMS)),
    alpha=st.floats(min_value=1e-12, max_value=1000, allow_nan=False, allow_infinity=False),
    iterations=st.integers(1, 1_000_000),
    n1=st.integers(1, 100),
    activation=st.sampled_from(["tanh", "relu", "sigmoid"]),
    init=st.sampled_from(["random", "zeros"]),
)
@settings(max_examples=200, deadline=None)
def test_the_command_line_round_trips_exactly(
    problem: str, alpha: float, iterations: int, n1: int, activation: str, init: str
) -> None:
    network = PROBLEMS[problem].network
    extra = {"n1": n1, "activation": activation, "init": init} if network else {}
    chosen = PlaygroundSettings.for_problem(problem, alpha=alpha, iterations=iterations, **extra)
    again = parse_playground_args(words_after_playground(chosen.command_line()))
    assert again == chosen
    assert again.alpha == alpha  # the very same float, not a rounded one


def first_steps(chosen: PlaygroundSettings, steps: int) -> tuple[object, ...]:
    """What a run shows after its first steps: iteration, status and every plotted value."""
    demo = chosen.make_demo()
    for _ in range(steps):
        demo.step()
    frame = demo.frame()
    series = [s for chart in frame.charts for s in chart.series]
    values = tuple(np.asarray(s.y, dtype=float).tolist() for s in series)
    return demo.iteration, frame.status, values


@pytest.mark.parametrize(
    "argv",
    [
        ["--problem", "convex", "--alpha", "0.3", "--iterations", "50"],
        ["--problem", "non-convex", "--alpha", "0.05"],
        ["--problem", "logistic-2d", "--alpha", "3.0"],
        ["--problem", "flower", "--alpha", "0.6", "--n1", "5", "--activation", "relu"],
    ],
)
def test_the_printed_command_reproduces_the_same_first_steps(argv: list[str]) -> None:
    chosen = parse_playground_args(argv)
    replayed = parse_playground_args(words_after_playground(chosen.command_line()))
    assert replayed == chosen
    shown = first_steps(chosen, 15)
    assert shown == first_steps(replayed, 15)
    assert shown[0] >= 10  # it really ran (a fast α may converge before 15)
    demo = chosen.make_demo()
    assert demo.alpha == chosen.alpha
    assert demo.max_iterations == chosen.iterations
    # A different α is a different run: the comparison above can tell runs apart.
    other = PlaygroundSettings.for_problem(chosen.problem, alpha=chosen.alpha / 2)
    assert first_steps(other, 15) != shown
