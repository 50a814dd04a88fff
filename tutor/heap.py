"""Keeping Python's cyclic garbage collector out of a live run's frames.

While a network trains, Textual and the charts make and drop many small objects every frame, so
the collector's full pass (generation 2) ran about once a second. Each full pass walks every
object the program holds (Textual, NumPy, plotext, the curriculum, the screens) and took 30–55 ms
on this 2-core machine: a frame dropped, and a key pressed then waited. Almost all of those
objects live as long as the app, so when a live demo is shown the heap is settled: one full
collection, then `gc.freeze()` moves what is alive out of the collector's sight, and a full pass
walks only what was made since (measured: one pass every ~5 s of a network run, 15–19 ms, instead
of one a second at 30–55 ms). Each settling first unfreezes what the last one froze, so a screen
that has been closed since is collected then: nothing is kept for good. Settling costs one full
pass itself, so runs started in quick succession settle once.
"""

from __future__ import annotations

import gc
from time import monotonic

#: Runs started within this many seconds of the last settling do not settle again.
SETTLE_INTERVAL = 5.0

_settled_at: float | None = None


def settle_heap() -> bool:
    """Unfreeze, collect what is garbage now, freeze what is still alive; False if just done."""
    global _settled_at
    now = monotonic()
    if _settled_at is not None and now - _settled_at < SETTLE_INTERVAL:
        return False
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _settled_at = monotonic()
    return True
