"""The computation graph of one example, filled in one box at a time: forward, then backward.

    x1, w1, x2, w2, b  →  z = w1·x1 + w2·x2 + b  →  a = σ(z)  →  L(a, y)

The picture is the lecture's: the inputs on the left feed the box z, z feeds a, a feeds the loss.
Forward values appear in their boxes left to right; derivatives appear on the edges right to left
(da on a → L, dz on z → a, dw1, dw2, db on the input edges), each with its formula and the numbers
put in, so the learner sees where every number comes from. All values come from
`engine.logistic.single_example`; this module only lays them out.

`draw_graph` is shared with the lesson's quizzes (their figure is this graph with `?` where the
learner's answers go) and a narrow variant, `draw_graph_narrow`, fits beside the charts of a live
run.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from engine.logistic import ExampleGraph, single_example
from engine.numfmt import drawn, factor, fixed
from lessons.demo import Control, Demo, Frame, TextPanel

#: Widest line of a graph: an 80-column terminal less a panel's border, padding and scroll bar
#: (80 − 2 − 2 − 2), which is also what a quiz card leaves its figure.
MAX_WIDTH = 74
#: Widest line of the narrow graph, which sits beside charts in at most 45 % of 100 columns.
NARROW_WIDTH = 41

#: The stages of the staged demo, in the order they are revealed.
STAGES: tuple[str, ...] = ("inputs", "z", "a", "L", "da", "dz", "dw1", "dw2", "db")
FORWARD: tuple[str, ...] = ("z", "a", "L")
BACKWARD: tuple[str, ...] = ("da", "dz", "dw1", "dw2", "db")
#: The edge each parameter derivative is written on.
INPUT_EDGES: tuple[tuple[str, str | None], ...] = (
    ("x1", None),
    ("w1", "dw1"),
    ("x2", None),
    ("w2", "dw2"),
    ("b", "db"),
)
HEADERS = {"z": "z = w1x1+w2x2+b", "a": "a = σ(z)", "L": "L(a, y)"}


# -- numbers --------------------------------------------------------------------------------------
def label(y: float) -> str:
    """The label y as the lecture writes it: 0 or 1."""
    return str(round(float(y)))


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


# -- drawing --------------------------------------------------------------------------------------
def _value(graph: ExampleGraph, name: str) -> float:
    return float(getattr(graph, name))


def _draw(
    graph: ExampleGraph,
    shown: Collection[str],
    asked: Collection[str],
    decimals: int,
    input_decimals: int | None,
    spaced: bool,
) -> str:
    eq = " = " if spaced else "="

    def input_text(name: str) -> str:
        value = _value(graph, name)
        return drawn(value) if input_decimals is None else fixed(value, input_decimals)

    def edge_label(name: str, full: bool = False) -> str:
        if full or name in shown:
            return f"{name}{eq}{fixed(_value(graph, name), decimals)}"
        if name in asked:
            return f"{name}{eq}?"
        return ""

    def box_text(name: str, full: bool = False) -> str:
        if full or name in shown:
            return fixed(_value(graph, name), decimals)
        return "?"

    values = [input_text(name) for name, _ in INPUT_EDGES]
    value_width = max(len(v) for v in values)
    lefts = [
        f"{name:>2}{eq}{value.rjust(value_width)} "
        for (name, _), value in zip(INPUT_EDGES, values, strict=True)
    ]
    edge_width = max(len(edge_label(d, full=True)) for _, d in INPUT_EDGES if d) + 2
    bus = len(lefts[0]) + edge_width
    boxes = {name: max(len(box_text(name, full=True)), 3) + 2 for name in FORWARD}
    arrows = {name: len(edge_label(name, full=True)) + 3 for name in ("dz", "da")}
    z_at = bus + 2
    a_at = z_at + boxes["z"] + 2 + arrows["dz"]
    L_at = a_at + boxes["a"] + 2 + arrows["da"]
    width = L_at + boxes["L"] + 2
    rows = [[" "] * width for _ in range(5)]

    def put(row: int, col: int, text: str) -> None:
        for offset, ch in enumerate(text):
            if 0 <= col + offset < width:
                rows[row][col + offset] = ch

    for row, ((_, derivative), left) in enumerate(zip(INPUT_EDGES, lefts, strict=True)):
        put(row, 0, left)
        text = edge_label(derivative) if derivative else ""
        edge = "─" + text + "─" * (edge_width - 1 - len(text)) if text else "─" * edge_width
        put(row, len(left), edge)
        put(row, bus, "┐┤┼┤┘"[row])
    put(2, bus + 1, "▶")
    for name, at in (("z", z_at), ("a", a_at), ("L", L_at)):
        inner = boxes[name]
        put(0, at, HEADERS[name])
        put(1, at, "┌" + "─" * inner + "┐")
        put(2, at, "│" + box_text(name).center(inner) + "│")
        bottom = "─" * inner
        if name == "L":
            middle = inner // 2
            bottom = bottom[:middle] + "▲" + bottom[middle + 1 :]
        put(3, at, "└" + bottom + "┘")
    for name, start, end in (
        ("dz", z_at + boxes["z"] + 2, a_at),
        ("da", a_at + boxes["a"] + 2, L_at),
    ):
        text = edge_label(name)
        span = end - start
        edge = ("─" + text + "─" * (span - 2 - len(text)) if text else "─" * (span - 1)) + "▶"
        put(2, start, edge)
    y_text = f"y{eq}{label(graph.y)}"
    put(4, L_at + 1 + boxes["L"] // 2 - len(y_text) // 2, y_text)
    return "\n".join("".join(row).rstrip() for row in rows)


def draw_graph(
    graph: ExampleGraph,
    shown: Collection[str] = FORWARD + BACKWARD,
    asked: Collection[str] = (),
    *,
    decimals: int = 3,
    input_decimals: int | None = None,
    max_width: int = MAX_WIDTH,
) -> str:
    """The graph as five lines of text: boxes z, a, L with values, derivatives on the edges.

    `shown` names the forward values and derivatives already computed; a forward value not shown
    is a `?` in its box, a derivative in `asked` is written `dz=?` on its edge (a quiz's figure),
    and any other derivative leaves its edge bare. Inputs are drawn as given (one decimal for
    hand-friendly numbers) unless `input_decimals` fixes their decimals. The layout tightens
    (fewer spaces, then fewer decimals) until it fits `max_width` columns.
    """
    attempts = [(decimals, input_decimals, True), (decimals, input_decimals, False)]
    for fewer in range(decimals - 1, 0, -1):
        inputs = None if input_decimals is None else min(input_decimals, fewer)
        attempts.append((fewer, inputs, False))
    text = ""
    for d, inputs, spaced in attempts:
        text = _draw(graph, shown, asked, d, inputs, spaced)
        if widest(text) <= max_width:
            return text
    return text


def draw_graph_narrow(graph: ExampleGraph, *, decimals: int = 3, notes: Sequence[str] = ()) -> str:
    """The graph folded into a column (≤ 41 columns): the inputs with dw1, dw2, db on their
    edges, then z, a, L one under the other with dz, da beside them; up to two short `notes` go
    in the free space of the first two rows (a live run's last update).

    A live run shows it beside its charts, where a panel gets less than half the width.
    """
    d = decimals
    while True:
        values = [fixed(_value(graph, name), d) for name, _ in INPUT_EDGES]
        value_width = max(len(v) for v in values)
        grads = [fixed(_value(graph, g), d) if g else "" for _, g in INPUT_EDGES]
        edge_width = max(len(g) for g in grads) + 2
        lines = []
        for row, ((name, _), value, grad) in enumerate(
            zip(INPUT_EDGES, values, grads, strict=True)
        ):
            edge = "─" + grad + "─" * (edge_width - 1 - len(grad)) if grad else "─" * edge_width
            lines.append(f"{name:>2} {value.rjust(value_width)} {edge}{'┐┤┼┤┘'[row]}")
        nodes = [
            ("z", graph.z, "dz", graph.dz),
            ("a", graph.a, "da", graph.da),
            ("L", graph.L, "y", graph.y),
        ]
        texts = [fixed(v, d) for _, v, _, _ in nodes]
        node_width = max(len(t) for t in texts)
        for row, ((name, _, side, side_value), text) in enumerate(zip(nodes, texts, strict=True)):
            side_text = label(side_value) if side == "y" else fixed(side_value, d)
            lead = "─▶ " if row == 0 else "   "
            lines[2 + row] += f"{lead}{name} {text.rjust(node_width)}  {side} {side_text}"
        for row, note in enumerate(notes[:2]):
            lines[row] += "  " + note
        text = "\n".join(lines)
        if widest(text) <= NARROW_WIDTH or d <= 1:
            return text
        d -= 1


# -- worked lines ---------------------------------------------------------------------------------
def worked_lines(graph: ExampleGraph, stage: str) -> list[str]:
    """What one stage computes, as the formula with the graph's numbers put in."""
    g = graph
    y = label(g.y)
    not_y = label(1.0 - g.y)
    if stage == "inputs":
        return [
            f"Given: the inputs x1, x2, the parameters w1, w2, b and the label y = {y}.",
            "Forward: each press computes the next box, left to right.",
        ]
    if stage == "z":
        w1, x1, w2, x2 = (factor(drawn(v)) for v in (g.w1, g.x1, g.w2, g.x2))
        return [
            "z = w1·x1 + w2·x2 + b",
            f"  = {w1}×{x1} + {w2}×{x2} + {drawn(g.b)} = {drawn(g.z)}",
        ]
    if stage == "a":
        return [
            "a = σ(z) = 1 / (1 + e^(−z))",
            f"  = 1 / (1 + e^{factor(drawn(-g.z))}) = {drawn(g.a)}",
        ]
    if stage == "L":
        term = "−log a" if y == "1" else "−log(1 − a)"
        inside = f"−log {drawn(g.a)}" if y == "1" else f"−log(1 − {drawn(g.a)})"
        return [
            "L = −(y·log a + (1 − y)·log(1 − a))",
            f"y = {y} leaves one term: L = {term} = {inside} = {drawn(g.L)}",
            "That is the forward pass: the loss on this one example.",
        ]
    if stage == "da":
        return [
            "Backward, from the right. da = dL/da = −y/a + (1 − y)/(1 − a)",
            f"  = −{y}/{drawn(g.a)} + {not_y}/(1 − {drawn(g.a)}) = {drawn(g.da)}",
        ]
    if stage == "dz":
        return [
            "Chain rule: dz = dL/dz = dL/da · da/dz, and da/dz = a(1 − a)",
            f"da/dz = {drawn(g.a)}×(1 − {drawn(g.a)}) = {drawn(g.dadz)},"
            f"  dz = {factor(drawn(g.da))}×{drawn(g.dadz)} = {drawn(g.da * g.dadz)}",
            f"which simplifies to dz = a − y = {drawn(g.a)} − {y} = {drawn(g.dz)}",
        ]
    if stage in {"dw1", "dw2"}:
        x = "x1" if stage == "dw1" else "x2"
        x_value = g.x1 if stage == "dw1" else g.x2
        return [
            f"{stage} = dL/d{stage[1:]} = {x}·dz   (z changes by {x} for each unit of {stage[1:]})",
            f"    = {factor(drawn(x_value))}×{factor(drawn(g.dz))} = {drawn(getattr(g, stage))}",
        ]
    if stage == "db":
        return [
            "db = dL/db = dz   (z changes one-for-one with b)",
            f"   = {drawn(g.db)}",
            "Backward pass done: dw1, dw2, db say how to change w1, w2, b.",
        ]
    raise ValueError(f"unknown stage {stage!r}; stages are {', '.join(STAGES)}")


def result_line(graph: ExampleGraph, stage: str) -> str:
    """One stage in a single line, rule and result, for the list of what was computed before."""
    g = graph
    lines = {
        "z": f"z = w1·x1 + w2·x2 + b = {drawn(g.z)}",
        "a": f"a = σ(z) = σ({drawn(g.z)}) = {drawn(g.a)}",
        "L": f"L = −(y·log a + (1 − y)·log(1 − a)) = {drawn(g.L)}",
        "da": f"da = −y/a + (1 − y)/(1 − a) = {drawn(g.da)}",
        "dz": f"dz = da · a(1 − a) = a − y = {drawn(g.dz)}",
        "dw1": f"dw1 = x1·dz = {drawn(g.dw1)}",
        "dw2": f"dw2 = x2·dz = {drawn(g.dw2)}",
        "db": f"db = dz = {drawn(g.db)}",
    }
    if stage not in lines:
        raise ValueError(f"no result for stage {stage!r}")
    return lines[stage]


# -- drawing numbers a learner can work with ------------------------------------------------------
@dataclass(frozen=True)
class Example:
    """Inputs of one example: numbers with one decimal, never zero (a zero hides a term)."""

    x1: float
    x2: float
    w1: float
    w2: float
    b: float
    y: float

    def graph(self) -> ExampleGraph:
        return single_example(self.x1, self.x2, self.w1, self.w2, self.b, self.y)


def _tenth(rng: np.random.Generator, bound: float) -> float:
    """A nonzero number with one decimal in [−bound, bound]."""
    steps = round(bound * 10)
    value = int(rng.integers(1, steps + 1)) * (1 if rng.random() < 0.5 else -1)
    return value / 10.0


def draw_example(rng: np.random.Generator, *, max_abs_z: float = 2.0) -> Example:
    """Fresh hand-friendly numbers whose z stays within ±max_abs_z (so a is not near 0 or 1)."""
    while True:
        example = Example(
            x1=_tenth(rng, 2.0),
            x2=_tenth(rng, 2.0),
            w1=_tenth(rng, 1.0),
            w2=_tenth(rng, 1.0),
            b=_tenth(rng, 0.5),
            y=float(rng.integers(0, 2)),
        )
        z = example.w1 * example.x1 + example.w2 * example.x2 + example.b
        if 0.05 <= abs(z) <= max_abs_z:
            return example


# -- the staged demo ------------------------------------------------------------------------------
class GraphDemo(Demo):
    """The graph filled one stage per press: z, a, L forward, then da, dz, dw1, dw2, db backward.

    `first` is the stage already shown at the start and `last` the final one, so a lesson can show
    the forward pass alone (first="inputs", last="L") and then the backward pass on the same
    numbers (first="L", last="db").
    """

    title = "The computation graph of one example"
    live = False
    controls = (
        Control("v", "new_numbers", "new numbers"),
        Control("l", "flip_label", "flip label y"),
    )

    def __init__(
        self,
        x1: float = 1.0,
        x2: float = 2.0,
        w1: float = 0.5,
        w2: float = -0.3,
        b: float = 0.1,
        y: float = 1.0,
        *,
        first: str = "inputs",
        last: str = "db",
        seed: int = 0,
    ) -> None:
        if first not in STAGES or last not in STAGES:
            raise ValueError(f"stages are {', '.join(STAGES)}")
        if STAGES.index(first) >= STAGES.index(last):
            raise ValueError(f"the first stage {first!r} must come before the last {last!r}")
        if float(y) not in {0.0, 1.0}:
            raise ValueError(f"the label y is 0 or 1; got {y!r}")
        self.example = Example(x1, x2, w1, w2, b, float(y))
        self.first = first
        self.last = last
        self.rng = np.random.default_rng(seed)
        self.graph = self.example.graph()
        self.index = STAGES.index(first)

    @property
    def stage(self) -> str:
        """The stage shown now (the last one revealed)."""
        return STAGES[self.index]

    @property
    def shown(self) -> tuple[str, ...]:
        """Forward values and derivatives revealed so far, in the order they were computed."""
        return STAGES[1 : self.index + 1]

    def reset(self) -> None:
        self.index = STAGES.index(self.first)

    def step(self) -> bool:
        if self.finished:
            return False
        self.index += 1
        return True

    @property
    def finished(self) -> bool:
        return self.index >= STAGES.index(self.last)

    def act(self, action: str) -> None:
        if action == "new_numbers":
            self.example = draw_example(self.rng)
            self.graph = self.example.graph()
            self.reset()
        elif action == "flip_label":
            e = self.example
            self.example = Example(e.x1, e.x2, e.w1, e.w2, e.b, 1.0 - e.y)
            self.graph = self.example.graph()

    def frame(self) -> Frame:
        parts = [
            draw_graph(self.graph, self.shown),
            "\n".join(worked_lines(self.graph, self.stage)),
        ]
        earlier = [result_line(self.graph, stage) for stage in reversed(self.shown[:-1])]
        if earlier:
            # Newest first: where the terminal is short, the oldest lines are the ones cut off.
            parts.append("Before that:\n" + "\n".join(earlier))
        body = "\n\n".join(parts)
        direction = "forward" if self.stage in ("inputs", *FORWARD) else "backward"
        return Frame(
            panels=(TextPanel(f"{direction}: {self.stage}", body),),
            status=self._status(),
        )

    def _status(self) -> str:
        if self.finished:
            return "forward pass done" if self.last == "L" else "backward pass done"
        return f"next: {STAGES[self.index + 1]}"

    def summary(self) -> str:
        g = self.graph
        if self.last == "L":
            return f"Forward pass done: z = {drawn(g.z)}, a = {drawn(g.a)}, L = {drawn(g.L)}."
        return (
            f"Backward pass done: dz = {drawn(g.dz)}, dw1 = {drawn(g.dw1)}, "
            f"dw2 = {drawn(g.dw2)}, db = {drawn(g.db)}."
        )


def stage_values(graph: ExampleGraph, names: Sequence[str]) -> dict[str, float]:
    """The engine's value of each named stage (for tests and summaries)."""
    return {name: _value(graph, name) for name in names}
