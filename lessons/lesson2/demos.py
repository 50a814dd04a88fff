"""The demos of lesson 2, built fresh on every visit to their step."""

from __future__ import annotations

from lessons.demos.graph import GraphDemo
from lessons.demos.logistic import LogisticDemo
from lessons.demos.single_example import SingleExampleDemo


def forward_graph() -> GraphDemo:
    """The lecture's graph on the numbers of the worked example, forward only."""
    return GraphDemo(first="inputs", last="L")


def backward_graph() -> GraphDemo:
    """The same numbers with the forward pass done, walked backward to dw1, dw2, db."""
    return GraphDemo(first="L", last="db")


def single_example_run() -> SingleExampleDemo:
    """Repeated steps on the worked example, so the graph's numbers are familiar."""
    return SingleExampleDemo()


def m_examples_run() -> LogisticDemo:
    """Vectorised logistic regression on the two blobs."""
    return LogisticDemo(dataset="blobs", alpha=0.5, max_iterations=2000)
