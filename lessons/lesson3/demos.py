"""The demos of lesson 3, each built fresh when the learner reaches its step."""

from __future__ import annotations

from lessons.demos.init_compare import InitCompareDemo
from lessons.demos.keepdims import KeepdimsDemo
from lessons.demos.network import NetworkDemo, SweepDemo
from lessons.demos.staged_network import FORWARD, M, StagedNetworkDemo


def zeros_vs_random() -> InitCompareDemo:
    return InitCompareDemo()


def forward_staged() -> StagedNetworkDemo:
    return StagedNetworkDemo(FORWARD, title=f"Forward propagation on m = {M} examples")


def backward_output() -> StagedNetworkDemo:
    return StagedNetworkDemo(("dZ2", "dW2", "db2"), title="Backward: the output layer")


def keepdims() -> KeepdimsDemo:
    return KeepdimsDemo()


def backward_hidden() -> StagedNetworkDemo:
    return StagedNetworkDemo(
        ("dZ1", "dW1", "db1", "update"), title="Backward: the hidden layer, then the updates"
    )


def train_network() -> NetworkDemo:
    return NetworkDemo()


def hidden_size_sweep() -> SweepDemo:
    return SweepDemo()
