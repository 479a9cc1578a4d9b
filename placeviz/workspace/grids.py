"""The grids (rasters) of imported layers, kept beside a workspace so that it reopens with them.

A workspace embeds the values of every imported layer, but the grid drawn under a raster layer's areas is a
file: the user's GeoTIFF, or, for a raster piped in on standard input, a copy that lasts only as long as the
session. On saving, each grid is copied into a folder beside the workspace (``NAME.placeviz-grids/``) and the
workspace names it relative to itself; on opening, that name is found again, and a grid that is missing
leaves its layer drawn by its areas' values only, with a warning.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from placeviz.model.names import normalise
from placeviz.model.safe_files import write_via


def grids_folder(workspace_path: Path) -> str:
    """The folder, beside the workspace, that holds its grids: 'areas.placeviz' -> 'areas.placeviz-grids'."""
    return f"{workspace_path.name}-grids"


def _same_copy(src: Path, dest: Path) -> bool:
    """``dest`` is ``src`` itself, or the copy an earlier save made of it (same size and time, as copy2 keeps)."""
    if not dest.is_file():
        return False
    if dest.samefile(src):
        return True
    a, b = src.stat(), dest.stat()
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)


def with_grids_beside(imported: list, workspace_path: Path) -> list:
    """The imported layers as they are saved: each grid copied beside the workspace and named relative to it
    (the layers in the session keep their own paths). A grid file that is gone is left named as it was."""
    out = []
    for x in imported:
        src = Path(x.layer.raster) if x.layer.raster else None
        if src is None or not src.is_absolute() or not src.is_file():
            out.append(x)
            continue
        rel = f"{grids_folder(workspace_path)}/{normalise(x.layer.id).replace(' ', '_') or 'grid'}{src.suffix}"
        dest = workspace_path.parent / rel
        if not _same_copy(src, dest):  # every save after the first would copy the whole grid again
            dest.parent.mkdir(exist_ok=True)
            write_via(dest, lambda tmp, src=src: shutil.copy2(src, tmp))
        out.append(replace(x, layer=replace(x.layer, raster=rel)))
    return out


def find_grids(imported: list, workspace_path: Path, warnings: list[str]) -> None:
    """Point each imported layer saved with a grid beside the workspace at that file; a grid not found is
    dropped (the layer draws its areas' values) with a warning."""
    for x in imported:
        raster = x.layer.raster
        if not raster:
            continue
        p = Path(raster)
        if not p.is_absolute():
            p = workspace_path.parent / p
        if p.is_file():
            x.layer = replace(x.layer, raster=str(p.resolve()))  # absolute: render reads it as it is
        else:
            x.layer = replace(x.layer, raster=None)
            warnings.append(f"The grid of {x.layer.title!r} ({raster}) is not where the workspace expects it: the "
                            "map shows its areas' values without the grid; keep the workspace's "
                            f"'{grids_folder(workspace_path)}' folder beside it to see the grid.")

