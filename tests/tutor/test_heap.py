"""Settling the heap before a live run: collected once, frozen, and never a leak for good."""

from __future__ import annotations

import gc
import weakref

import pytest

from tutor import heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture(autouse=True)
def fresh_heap(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(heap, "_settled_at", None)
    yield
    gc.unfreeze()


def test_settling_freezes_what_is_alive_and_not_twice_in_quick_succession(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(heap, "monotonic", lambda: clock[0])
    assert heap.settle_heap()
    assert gc.get_freeze_count() > 0
    clock[0] += heap.SETTLE_INTERVAL / 2
    assert not heap.settle_heap()  # a second run started right after: no second full pass
    clock[0] += heap.SETTLE_INTERVAL
    assert heap.settle_heap()


def test_a_cycle_frozen_alive_is_collected_by_the_next_settling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(heap, "monotonic", lambda: clock[0])
    node = Node()
    gone = weakref.ref(node)
    assert heap.settle_heap()  # the node is alive: frozen with everything else
    del node
    gc.collect()
    assert gone() is not None  # frozen: out of the collector's sight for now
    clock[0] += heap.SETTLE_INTERVAL + 1
    assert heap.settle_heap()
    assert gone() is None  # the next settling unfroze it first and collected it
