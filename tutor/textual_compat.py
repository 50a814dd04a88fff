"""Work-arounds for Textual bugs, each in one place, each with a test in tests/tutor/.

`guard_option_list_paging()` — PageUp or PageDown on an `OptionList` that has options but has not
been laid out yet ends the app with `KeyError: 0` in `OptionList._move_page` (Textual 8.2.8): it
looks the highlighted option up in a line map that is only filled once the list has a size. The
command palette hits it when PageDown arrives right after ctrl+p, before the palette's list is
drawn (a terminal delivers both in one read; random key storms find it within 150 keys). Reported
downstream as kagan-sh/kagan-legacy#31; no report in Textualize/textual was found. A minimal
reproduction for an upstream report: `python tests/repro_option_list_paging.py`.

The guard turns such a page move into a no-op while the highlighted option has no line yet, as
paging does on an empty list; once the list is drawn, paging is Textual's own. The test
`tests/tutor/test_textual_compat.py` fails with a clear message when Textual changes `_move_page`
or fixes the bug, so the guard can be reviewed or removed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from textual.widgets import OptionList

_GUARD_MARK = "_gd_tutor_paging_guard"


def original_move_page() -> Callable[[OptionList, int], None]:
    """Textual's own `OptionList._move_page` (unwrapped if the guard is installed)."""
    method = OptionList._move_page
    return getattr(method, "__wrapped__", method) if hasattr(method, _GUARD_MARK) else method


def guard_option_list_paging() -> bool:
    """Install the guard (once); False when this Textual has no `OptionList._move_page`."""
    method = getattr(OptionList, "_move_page", None)
    if method is None:
        return False
    if hasattr(method, _GUARD_MARK):
        return True

    @wraps(method)
    def _move_page(self: OptionList, direction: int) -> None:
        if self.option_count and (self.highlighted or 0) not in self._index_to_line:
            return  # not laid out yet: no line to page from
        method(self, direction)

    setattr(_move_page, _GUARD_MARK, True)
    OptionList._move_page = _move_page  # type: ignore[method-assign]
    return True
