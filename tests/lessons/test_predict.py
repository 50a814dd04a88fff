"""Predict, then watch: a prediction is recorded before the run and judged against what it did."""

from __future__ import annotations

import pytest

from lessons.demos.compare_alpha import AlphaComparisonDemo
from lessons.lesson1 import demos
from lessons.predict import RUN_OPTIONS, Prediction, PredictThenWatch

ASK = Prediction(
    "alpha",
    "what does it do?",
    RUN_OPTIONS,
    partly={"diverges": {"oscillates": "It did jump from side to side."}},
)


def test_a_prediction_is_recorded_then_judged_once() -> None:
    watch = PredictThenWatch(ASK)
    assert watch.waiting and watch.choice is None
    watch.choose("crawls")
    watch.choose("oscillates")  # may change its mind before the run is judged
    assert watch.choice == "oscillates" and not watch.waiting
    verdict = watch.judge("diverges", "Each jump was longer.")
    assert (verdict.predicted, verdict.observed, verdict.held, verdict.partly) == (
        "oscillates",
        "diverges",
        False,
        True,
    )
    assert verdict.text.startswith("Partly right: you predicted “oscillates”, it was “diverges”.")
    assert "Each jump was longer." in verdict.text
    watch.choose("converges")  # settled: no change after the verdict
    assert watch.choice == "oscillates" and watch.judge("converges", "") is verdict


def test_held_and_missed_verdicts_say_so() -> None:
    held = PredictThenWatch(ASK)
    held.choose("diverges")
    assert held.judge("diverges", "Why.").text == "Your prediction held: “diverges”. Why."
    missed = PredictThenWatch(ASK)
    missed.choose("converges")
    verdict = missed.judge("crawls", "Why.")
    assert not verdict.held and not verdict.partly
    assert verdict.text.startswith("Not this time")


def test_bad_predictions_are_refused() -> None:
    watch = PredictThenWatch(ASK)
    with pytest.raises(RuntimeError, match="no prediction"):
        watch.judge("diverges", "")
    with pytest.raises(ValueError, match="not an option"):
        watch.choose("explodes")
    with pytest.raises(ValueError, match="two or more"):
        Prediction("x", "?", (("a", "a"),))
    assert ASK.key_for(4) == "diverges" and ASK.key_for(5) is None and ASK.key_for(0) is None
    assert ASK.short("oscillates") == "oscillates"


def test_every_lesson1_prediction_is_judged_against_its_run() -> None:
    # valleys: only some of the five starts reach the lowest minimum
    valley = demos.valleys()
    assert valley.waiting_for_prediction and not valley.step()
    valley.act("predict_1")  # "all"
    while valley.step():
        pass
    verdict = valley.predict.verdict
    assert verdict is not None and verdict.observed == "some" and not verdict.held
    assert "3 of 5" in verdict.text and "★" in verdict.text
    # start left: the first step goes right
    left = demos.descent()
    left.act("predict_1")
    while left.step():
        pass
    assert left.predict.verdict is not None and left.predict.verdict.held
    assert "−4.00" in left.predict.verdict.text
    # α = 1.1: it diverges
    compare = demos.learning_rate()
    assert isinstance(compare, AlphaComparisonDemo)
    compare.act("predict_4")
    while compare.step():
        pass
    assert compare.predict.verdict is not None and compare.predict.verdict.held
    assert compare.summary() == compare.predict.verdict.text


def test_changing_the_setup_before_predicting_sets_the_question_aside() -> None:
    demo = demos.descent()
    assert demo.waiting_for_prediction
    demo.act("alpha_up")
    assert not demo.waiting_for_prediction and demo.step()
    assert "Predict first" not in demo.panel_text()
    while demo.step():
        pass
    assert demo.predict.verdict is None  # nothing was predicted, nothing is judged


def test_the_verdict_belongs_to_the_run_it_judged() -> None:
    demo = demos.descent()
    demo.act("predict_1")
    while demo.step():
        pass
    assert demo.summary().startswith("Your prediction held")
    assert "(see below)" in demo.panel_text()
    demo.act("alpha_up")  # a new run: its own summary, the verdict stays as history
    while demo.step():
        pass
    assert demo.summary().startswith("converged after")
    assert "your prediction: right · ✓ held" in demo.panel_text()
    assert "(see below)" not in demo.panel_text()
    compare = demos.learning_rate()
    compare.act("predict_4")
    while compare.step():
        pass
    compare.reset()
    assert compare.verdict_text() == "" and compare.predict.verdict is not None
