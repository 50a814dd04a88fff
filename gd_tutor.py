"""The `gd-tutor` command's entry point: make sure `tutor`, `lessons` and `engine` are ours first.

gd-tutor's packages have plain top-level names, and other projects use the same ones: PyPI's
`tutor` (the Open edX tool) ships a top-level `tutor` too. Installed into one environment, one
overwrites the other's files, or the first on sys.path wins, and gd-tutor would fail somewhere
deep with an ImportError. This module has a name no one else uses, so it can check each package
for gd-tutor's marker (`__gd_tutor__`) before anything else runs, and say in one line which
package is in the way and how to keep the two apart.

The check runs no one's code: a package already imported is asked for the marker, any other is
located (not imported) and its `__init__.py` read for the marker line. The installed-package
metadata is read only when something is wrong, to name the other project.
"""

from __future__ import annotations

import os
import sys
from importlib.util import find_spec

PACKAGES: tuple[str, ...] = ("tutor", "lessons", "engine")
MARKER = "__gd_tutor__"
FIX = "install gd-tutor on its own with 'pipx install .' or 'uv tool install .' from its source"

#: Exit status when another project's package stands in for one of ours.
SHADOWED_STATUS = 1


def foreign_package() -> str | None:
    """A one-line description of the first package that is not gd-tutor's, or None if all are."""
    for name in PACKAGES:
        location = _location(name)
        if not _is_ours(name, location):
            return f"the Python package '{name}' here is not gd-tutor's: {_owner(name, location)}"
    return None


def _location(name: str) -> str | None:
    """The file that `import name` runs (the package's __init__.py), without running it."""
    module = sys.modules.get(name)
    if module is not None:
        return getattr(module, "__file__", None)
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


def _is_ours(name: str, location: str | None) -> bool:
    module = sys.modules.get(name)
    if module is not None:
        return getattr(module, MARKER, False) is True
    if location is None:
        return False
    try:
        with open(location, encoding="utf-8", errors="replace") as file:
            return any(line.strip() == f"{MARKER} = True" for line in file)
    except OSError:
        return False


def _owner(name: str, location: str | None) -> str:
    """Which installed project (and which directory) provides the package `name`."""
    from importlib.metadata import packages_distributions

    if location and os.path.basename(location) == "__init__.py":
        location = os.path.dirname(location)
    where = f" ({location})" if location else ""
    owners = [
        dist
        for dist in packages_distributions().get(name, [])
        if dist.replace("_", "-").casefold() != "gd-tutor"
    ]
    if owners:
        return f"it comes from the '{owners[0]}' project{where}"
    if location is None:
        return "it cannot be found"
    return f"it is another package of that name{where}"


def main() -> int:
    problem = foreign_package()
    if problem is not None:
        sys.stderr.write(f"gd-tutor: error: {problem}; {FIX}\n")
        return SHADOWED_STATUS
    from tutor.cli import run

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
