"""The computation-graph demo: each press reveals the next stage, with the engine's numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine.logistic import single_example
from engine.numfmt import drawn
from lessons.demos.graph import (
    BACKWARD,
    FORWARD,
    MAX_WIDTH,
    NARROW_WIDTH,
    STAGES,
    GraphDemo,
    draw_example,
    draw_graph,
    draw_graph_narrow,
    widest,
    worked_lines,
)

EDGE = re.compile(r"(dw1|dw2|db|dz|da) ?= ?([−\d.?]+)")


def boxes(drawing: str) -> list[str]:
    """The three box contents (z, a, L) as drawn, read from the middle row."""
    middle = drawing.splitlines()[2]
    return [cell.strip() for cell in middle.split("│")[1::2]]


def edges(drawing: str) -> dict[str, str]:
    """The derivatives written on the edges, read from the five rows of the graph itself."""
    return dict(EDGE.findall("\n".join(drawing.splitlines()[:5])))


def as_float(text: str) -> float:
    return float(text.replace("−", "-"))


def body(demo: GraphDemo) -> str:
    [panel] = demo.frame().panels
    return panel.body


def test_forward_fills_left_to_right_with_the_engines_values() -> None:
    demo = GraphDemo(first="inputs", last="L")
    g = single_example(1.0, 2.0, 0.5, -0.3, 0.1, 1.0)
    assert boxes(body(demo)) == ["?", "?", "?"]
    assert edges(body(demo)) == {}
    seen = []
    for name in FORWARD:
        assert not demo.finished
        assert demo.step() is True
        seen.append(name)
        shown = boxes(body(demo))
        for index, stage in enumerate(FORWARD):
            if stage in seen:
                assert as_float(shown[index]) == pytest.approx(getattr(g, stage), abs=5e-4)
            else:
                assert shown[index] == "?"
        assert edges(body(demo)) == {}  # no derivative yet on the way forward
    assert demo.finished
    assert demo.step() is False
    assert "L = 0.6931" in demo.summary()


def test_the_z_line_shows_formula_and_numbers_as_in_the_worked_example() -> None:
    demo = GraphDemo()
    demo.step()
    text = body(demo)
    assert "z = w1·x1 + w2·x2 + b" in text
    assert "= 0.5×1.0 + (−0.3)×2.0 + 0.1 = 0.0" in text
    assert demo.frame().panels[0].title == "forward: z"


def test_backward_writes_each_derivative_on_its_edge_right_to_left() -> None:
    demo = GraphDemo(first="L", last="db")
    g = demo.graph
    assert [as_float(v) for v in boxes(body(demo))] == pytest.approx([g.z, g.a, g.L], abs=5e-4)
    revealed: list[str] = []
    for name in BACKWARD:
        demo.step()
        revealed.append(name)
        drawn = edges(body(demo))
        assert set(drawn) == set(revealed)
        for key in revealed:
            assert as_float(drawn[key]) == pytest.approx(getattr(g, key), abs=5e-4)
        assert demo.frame().panels[0].title == f"backward: {name}"
    assert demo.finished and demo.shown == FORWARD + BACKWARD


def test_dz_stage_writes_out_the_chain_rule_with_numbers() -> None:
    demo = GraphDemo(first="L", last="db")
    demo.step()
    demo.step()
    assert demo.stage == "dz"
    text = body(demo)
    assert "dL/dz = dL/da · da/dz" in text
    assert "da/dz = a(1 − a)" in text
    assert "da/dz = 0.5×(1 − 0.5) = 0.25" in text
    assert "dz = (−2.0)×0.25 = −0.5" in text
    assert "a − y = 0.5 − 1 = −0.5" in text


def test_worked_lines_end_with_the_engines_numbers_for_random_examples() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        g = draw_example(rng).graph()
        for stage in ("z", "a", "L", "da", "dz", "dw1", "dw2", "db"):
            lines = worked_lines(g, stage)
            numbers = next(
                line for line in lines if line.rstrip().endswith(drawn(g_value(g, stage)))
            )
            assert "=" in numbers
            assert widest("\n".join(lines)) <= MAX_WIDTH


def g_value(g, stage: str) -> float:  # type: ignore[no-untyped-def]
    return float(getattr(g, stage))


def test_every_drawing_fits_its_width_and_shows_the_right_numbers() -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        g = draw_example(rng, max_abs_z=4.0).graph()
        for index in range(len(STAGES)):
            shown = STAGES[1 : index + 1]
            drawing = draw_graph(g, shown)
            assert widest(drawing) <= MAX_WIDTH
            assert len(drawing.splitlines()) == 5
        full = draw_graph(g, decimals=4)
        values = [as_float(v) for v in boxes(full)]
        assert values == pytest.approx([g.z, g.a, g.L], abs=5e-3)
        for key, text in edges(full).items():
            assert as_float(text) == pytest.approx(getattr(g, key), abs=5e-3)
        assert widest(draw_graph_narrow(g)) <= NARROW_WIDTH


def test_a_quiz_figure_asks_with_question_marks() -> None:
    g = single_example(1.0, 2.0, 0.5, -0.3, 0.1, 0.0)
    figure = draw_graph(g, shown=FORWARD, asked=BACKWARD)
    assert edges(figure) == {name: "?" for name in BACKWARD}
    assert "y = 0" in figure or "y=0" in figure


def test_flipping_the_label_recomputes_and_keeps_the_stage() -> None:
    demo = GraphDemo(first="L", last="db")
    for _ in range(3):
        demo.step()
    before = demo.graph.dz
    demo.act("flip_label")
    assert demo.stage == "dw1"
    assert demo.graph.y == 0.0
    assert demo.graph.dz == pytest.approx(before + 1.0)
    assert as_float(edges(body(demo))["dz"]) == pytest.approx(demo.graph.dz, abs=5e-4)


def test_new_numbers_start_the_walk_again() -> None:
    demo = GraphDemo(first="inputs", last="L", seed=4)
    demo.step()
    demo.act("new_numbers")
    assert demo.stage == "inputs"
    assert (demo.graph.x1, demo.graph.w1) != (1.0, 0.5)
    g = demo.graph
    assert g == single_example(g.x1, g.x2, g.w1, g.w2, g.b, g.y)


def test_reset_returns_to_the_first_stage() -> None:
    demo = GraphDemo(first="L", last="db")
    demo.step()
    demo.reset()
    assert demo.stage == "L" and not demo.finished


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"first": "q"}, "stages are"),
        ({"first": "db", "last": "z"}, "must come before"),
        ({"y": 0.5}, "label y is 0 or 1"),
    ],
)
def test_bad_settings_are_refused_with_a_message(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GraphDemo(**kwargs)


def test_drawn_examples_are_hand_friendly() -> None:
    rng = np.random.default_rng(0)
    for _ in range(500):
        e = draw_example(rng)
        for value in (e.x1, e.x2, e.w1, e.w2, e.b):
            assert value != 0.0 and round(value, 1) == value
        assert 0.05 <= abs(e.w1 * e.x1 + e.w2 * e.x2 + e.b) <= 2.0
        assert e.y in (0.0, 1.0)


def test_earlier_results_are_listed_newest_first_under_the_current_stage() -> None:
    demo = GraphDemo()
    for _ in range(4):
        demo.step()
    text = body(demo)
    current, earlier = text.split("\n\nBefore that:\n")
    assert "da = dL/da" in current
    assert [line.split(" =")[0] for line in earlier.splitlines()] == ["L", "a", "z"]
    assert earlier.splitlines()[0].endswith("= 0.6931")
