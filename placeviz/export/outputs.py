"""Where an export may write: never over a file of the user's that placeviz is reading.

The CLI checks its own input files (``placeviz import a.csv -o a.csv``); this check is the one every front
end shares (the desktop app, the Python API, the commands): an export must not replace the file behind a
layer imported in this session (a table, raster or boundaries the user brought).
"""

from __future__ import annotations

import sys
from pathlib import Path

from placeviz.model.safe_files import refuse_input_as_output


def imported_sources() -> list[str]:
    """The files behind the layers imported in this session."""
    # the import registry lives in placeviz.imports.catalog: when that module was never loaded nothing was
    # imported, and importing it here would load pandas into the England PNG export for nothing
    registry = sys.modules.get("placeviz.imports.catalog")
    if registry is None:
        return []
    return [r.source_path for r in registry.imported_results() if r.source_path]


def check_output(path: str | Path, inputs=()) -> None:
    """A SameFileError when ``path`` is one of ``inputs`` or a file the user imported in this session."""
    refuse_input_as_output(path, [*inputs, *imported_sources()])
