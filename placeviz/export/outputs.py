"""Where an export may write: never over a file of the user's that placeviz is reading.

The CLI checks its own input files (``placeviz import a.csv -o a.csv``); this check is the one every front
end shares (the desktop app, the Python API, the commands): an export must not replace the file behind a
layer imported in this session (a table, raster or boundaries the user brought), nor a file of placeviz's
own bundled data, which every map reads.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from placeviz.model.bundle import boundaries_dir, layers_dir, resources_dir
from placeviz.model.errors import UserError
from placeviz.model.safe_files import SameFileError, refuse_input_as_output, short_name


def imported_sources() -> list[str]:
    """The files behind the layers imported in this session."""
    # the import registry lives in placeviz.imports.catalog: when that module was never loaded nothing was
    # imported, and importing it here would load pandas into the England PNG export for nothing
    registry = sys.modules.get("placeviz.imports.catalog")
    if registry is None:
        return []
    return [r.source_path for r in registry.imported_results() if r.source_path]


def bundled(path: str | Path) -> bool:
    """Whether ``path`` is an existing file of the bundled data (layers, boundaries, resources)."""
    real = Path(os.path.realpath(Path(path).expanduser()))
    if not real.exists():
        return False
    try:
        folders = (layers_dir(), boundaries_dir(), resources_dir())
    except FileNotFoundError:  # no bundle: nothing to protect (and no map could have been made)
        return False
    return any(Path(os.path.realpath(f)) in real.parents for f in folders)


def check_output(path: str | Path, inputs=()) -> None:
    """A SameFileError when ``path`` is one of ``inputs``, a file the user imported in this session, or a
    file of the bundled data."""
    refuse_input_as_output(path, [*inputs, *imported_sources()])
    if bundled(path):
        raise SameFileError(f"{short_name(path)} is part of placeviz's own data, which the maps are read from: "
                            "choose another output name.")


class FileEndingError(UserError):
    """A file name whose ending says another format than the one an export writes."""


def check_ending(path: Path, endings: tuple[str, ...], written: str) -> None:
    """Refuse a file name whose ending says another format than the one written there (a CSV table written
    into ``x.xlsx``, a GeoPackage into ``x.shp``): ``written`` says what is written ("a CSV table")."""
    if path.suffix.lower() not in endings:
        raise FileEndingError(f"{path.name} does not end {endings[0]}, but {written} is written there: name it "
                              f"{path.stem}{endings[0]}.")


def check_sidecar(side: Path) -> None:
    """Refuse to write a CSV's note of its sources (``<name>.csv.txt``) over a file of the user's of that name;
    a note placeviz wrote (an export's, "Layer: ...", or a comparison's, which names placeviz) may be replaced."""
    if not side.is_file():
        return
    with open(side, "rb") as f:
        head = f.read(1024)
    if not (head.startswith(b"Layer: ") or b"placeviz" in head):
        raise FileEndingError(f"{side.name} is there already and is not placeviz's note of the CSV's sources, which "
                              "goes beside it under that name: move it, or name the CSV otherwise.")
