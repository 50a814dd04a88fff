"""Drive a running tutor the way a learner does: move through a lesson, read the quiz card and the
demo, and type answers into the card's box."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from engine.answers import format_number, format_shape
from lessons.demos.predicting import Predicting
from lessons.quiz import Question
from tutor.widgets.demo_view import DemoView
from tutor.widgets.quiz_card import QuizCard


def card(app: App) -> QuizCard:
    """The quiz card on the current screen."""
    return app.screen.query_one(QuizCard)


def current(app: App) -> Question:
    """The question the card is asking now (there must be one)."""
    question = card(app).session.current
    assert question is not None
    return question


def card_text(app: App, selector: str, *, fold: bool = False) -> str:
    """What the card's `selector` line shows; with `fold`, runs of whitespace become one space."""
    text = str(card(app).query_one(selector, Static).render())
    return " ".join(text.split()) if fold else text


def feedback(app: App, *, fold: bool = False) -> str:
    """The card's verdict on the last answer; with `fold`, runs of whitespace become one space."""
    return card_text(app, "#quiz-feedback", fold=fold)


def demo_view(app: App) -> DemoView:
    """The demo on the current screen."""
    return app.screen.query_one(DemoView)


def panel_text(app: App) -> str:
    """The text panels of the demo on the current screen, one after the other."""
    return "\n".join(str(panel.render()) for panel in demo_view(app).query(".demo-panel"))


async def go_to(pilot: Pilot, step_id: str) -> None:
    """Jump the open lesson to the step `step_id`."""
    screen = pilot.app.screen
    screen.index = screen.lesson.step_index(step_id)  # type: ignore[attr-defined]
    await pilot.pause()


async def type_in(pilot: Pilot, text: str, *, keys: bool = True) -> None:
    """Put an answer in the card's box and press Enter: key by key as a learner types, or pasted
    at once (faster) when not `keys`. The box has the keys whenever a part is open."""
    box = card(pilot.app).query_one(Input)
    assert pilot.app.focused is box, f"the answer box should have the keys, not {pilot.app.focused}"
    box.value = "" if keys else text
    await pilot.press(*(text if keys else ""), "enter")


def answer_text(
    question: Question, value: object, *, decimals: int | None = None, numpy_shape: bool = False
) -> str:
    """What a learner types to give `value` (the expected value or a mistake's) as the answer.

    A number is typed as the tutor prints it, to 4 significant figures with the keyboard's minus,
    or to `decimals` decimal places; a shape as "3x2", or as NumPy prints it ("(3, 2)", "(3,)")
    with `numpy_shape`; a choice as the number of its option.
    """
    if question.kind == "number":
        number = float(value)  # type: ignore[arg-type]
        if decimals is not None:
            return f"{number:.{decimals}f}"
        return format_number(number, 4).replace("−", "-")
    if question.kind == "shape":
        shape = tuple(value)  # type: ignore[call-overload]
        return format_shape(shape) if numpy_shape else "{}x{}".format(*shape)
    keys = [key for key, _ in question.choices]
    return str(keys.index(value) + 1)  # type: ignore[arg-type]


def right_answer(
    question: Question, *, decimals: int | None = None, numpy_shape: bool = False
) -> str:
    """The right answer as a learner types it (see `answer_text` for the options)."""
    return answer_text(question, question.expected, decimals=decimals, numpy_shape=numpy_shape)


async def answer_all(
    pilot: Pilot, *, keys: bool = True, decimals: int | None = None, numpy_shape: bool = False
) -> None:
    """Answer every remaining part of the card right (see `type_in` and `answer_text`)."""
    app = pilot.app
    while card(app).session.current is not None:
        answer = right_answer(current(app), decimals=decimals, numpy_shape=numpy_shape)
        await type_in(pilot, answer, keys=keys)


async def finish_demo(pilot: Pilot) -> None:
    """Run the demo on screen to its outcome (a live run) or through its last stage (staged), as a
    learner does before a demo step counts as done; the view's Finished message is handled."""
    view = pilot.app.screen.query_one(DemoView)
    demo = view.demo
    if isinstance(demo, Predicting) and demo.waiting_for_prediction:
        await pilot.press("1")  # a demo that asks for a prediction runs only once it has one
    for _ in range(1_000):  # bounded: a demo that never finishes fails here instead of hanging
        if demo.finished:
            break
        if demo.live:
            view.advance(2_000)
        else:
            await pilot.press("space")
    assert demo.finished, f"{type(demo).__name__} did not finish: {demo.summary()}"
    await pilot.pause()
