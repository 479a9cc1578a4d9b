"""Reading and writing workspace files, so that a crash or a full disk never costs the user a file.

Saving is atomic: the JSON is written to a temporary file in the same folder, flushed to disk, and renamed
over the old file with ``os.replace``, so a crash or a full disk during saving leaves the previous file
intact. A file that cannot be read (corrupted, truncated, or saved by a newer placeviz) is refused with a
sentence saying so, and :func:`save_workspace` will not overwrite it unless told to.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from placeviz.analysis.derived import register_derived
from placeviz.model.catalog import load_catalog
from placeviz.model.safe_files import FileWriteError, atomic_write
from placeviz.workspace.grids import find_grids, with_grids_beside
from placeviz.workspace.model import (
    FORMAT,
    SUFFIX,
    VERSION,
    Comparison,
    ImportedLayer,
    SavedAreas,
    Workspace,
    WorkspaceError,
    map_spec_from_dict,
)

#: workspaces larger than this are refused before reading
MAX_WORKSPACE_BYTES = 256 * 1024 * 1024
#: files this process read or wrote whole as workspaces, by path: their inode, size and modification time then
#: (a file changed since, by anyone, has another; one written over in place within the same clock tick and to
#: the same size would not, and is then a file placeviz itself read or wrote a moment before)
_KNOWN_READABLE: dict[Path, tuple[int, int, int]] = {}


def _stamp(p: Path) -> tuple[int, int, int] | None:
    try:
        st = p.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def _remember_readable(p: Path) -> None:
    """``p`` was just read or written as a workspace: saving over it again needs no reading while it is unchanged."""
    stamp = _stamp(p)
    if stamp is not None:
        _KNOWN_READABLE[p.resolve()] = stamp


def _known_readable(p: Path) -> bool:
    """``p`` is a workspace this process read or wrote, not changed since (by anyone, placeviz included)."""
    stamp = _stamp(p)
    return stamp is not None and _KNOWN_READABLE.get(p.resolve()) == stamp


# --------------------------------------------------------------------------------------------------
# reading


def read_workspace_dict(path: str | Path) -> dict:
    """The workspace JSON, after refusing a missing, empty, truncated, corrupted or newer-version file."""
    p = Path(path).expanduser()
    if not p.exists():
        raise WorkspaceError(f"The workspace {p} does not exist: check the path.")
    if p.is_dir():
        raise WorkspaceError(f"{p} is a folder, not a workspace file: choose the .placeviz file.")
    try:
        size = p.stat().st_size
        if size > MAX_WORKSPACE_BYTES:
            raise WorkspaceError(f"{p.name} is {size / 1e6:,.0f} MB, too big to be a placeviz workspace: "
                                 "choose the right file.")
        raw = p.read_bytes()
    except PermissionError as exc:
        raise WorkspaceError(f"placeviz is not allowed to read {p.name}: check its permissions.") from exc
    except OSError as exc:
        raise WorkspaceError(f"{p.name} could not be read ({exc.strerror or exc}): check the disk.") from exc
    if not raw.strip():
        raise WorkspaceError(f"The workspace {p.name} is empty (perhaps a save was interrupted): it was left as it "
                             "is; open an earlier copy or the recovered work.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(f"{p.name} is not a placeviz workspace (it is not text): it was left as it is; choose "
                             "a .placeviz file.") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1 or not text.rstrip().endswith("}"):
            raise WorkspaceError(f"The workspace {p.name} is truncated (it ends part-way through): it was left as it "
                                 "is; open an earlier copy or the recovered work.") from exc
        raise WorkspaceError(f"The workspace {p.name} is corrupted (invalid JSON at line {exc.lineno}): it was left "
                             "as it is; open an earlier copy or the recovered work.") from exc
    except RecursionError as exc:
        raise WorkspaceError(f"The workspace {p.name} is corrupted (nested too deeply): it was left as it is.") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise WorkspaceError(f"{p.name} is not a placeviz workspace: choose a .placeviz file saved by placeviz.")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkspaceError(f"The workspace {p.name} has no valid format version: it is damaged; it was left as "
                             "it is.")
    if version > VERSION:
        raise WorkspaceError(
            f"The workspace {p.name} was saved by a newer placeviz (workspace format {version}, this placeviz reads "
            f"up to {VERSION}): update placeviz to open it; the file was left as it is.")
    _remember_readable(p)
    return doc


def _layer_ids(value) -> list[str]:
    """Every "layer" named anywhere in ``value`` (a workspace's maps, or its comparisons' specs)."""
    if isinstance(value, dict):
        own = [value["layer"]] if isinstance(value.get("layer"), str) else []
        return own + [i for v in value.values() for i in _layer_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _layer_ids(v)]
    return []


def open_workspace(path: str | Path, register: bool = True) -> Workspace:
    """Open a workspace; its imported layers join the catalog (``register``) so its maps draw.

    Raises WorkspaceError, touching nothing, when the file is corrupted, truncated, from a newer placeviz
    or its embedded data fail their checksums. Problems that do not stop it opening (a source file that has
    changed since it was imported, a map whose layer is missing) are listed in ``workspace.warnings``.
    """
    doc = read_workspace_dict(path)
    name = Path(path).name
    for layer_id in _layer_ids(doc.get("maps", [])) + _layer_ids(doc.get("comparisons", [])):
        register_derived(layer_id)  # saved maps and comparisons of derived layers reopen
    for key in ("maps", "comparisons", "imported", "areas"):
        if not isinstance(doc.get(key, []), list):
            raise WorkspaceError(f"The workspace {name} is damaged ({key!r} is not a list): it was left as it is.")
    try:
        maps = [map_spec_from_dict(m) for m in doc.get("maps", [])]
        comparisons = [Comparison.from_dict(c) for c in doc.get("comparisons", [])]
    except WorkspaceError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # SpecError is a ValueError
        raise WorkspaceError(f"A map in the workspace {name} cannot be read: {exc}") from exc
    try:
        imported = [ImportedLayer.from_dict(x) for x in doc.get("imported", [])]
        areas = [SavedAreas.from_dict(a) for a in doc.get("areas", [])]
    except WorkspaceError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise WorkspaceError(f"The imported data in the workspace {name} are damaged ({type(exc).__name__}): it was "
                             "left as it is; open an earlier copy or import the files again.") from exc
    active = doc.get("active", 0)
    ws = Workspace(maps=maps, comparisons=comparisons, imported=imported, areas=areas,
                   active=active if isinstance(active, int) and 0 <= active < max(len(maps), 1) else 0,
                   title=str(doc.get("title") or ""), path=str(Path(path)), saved_at=doc.get("saved_at"))
    find_grids(imported, Path(path), ws.warnings)
    for x in imported:
        if x.source_changed():
            ws.warnings.append(f"{Path(x.source_path).name} has changed since {x.layer.title!r} was imported: the "
                               "workspace shows the values as imported; import the file again to update them.")
    if register:
        cat = load_catalog()
        for saved, new in ws.register().items():
            ws.warnings.append(f"The workspace's own layer {saved!r} has the id of one of placeviz's layers: it "
                               f"opens as {new!r}, with its own values and source.")
        maps, comparisons = ws.maps, ws.comparisons
        for i, m in enumerate(maps):
            if m.layer not in cat:
                ws.warnings.append(f"Map {i + 1} uses the layer {m.layer!r}, which this placeviz does not have: "
                                   "choose another layer for it.")
        for i, c in enumerate(comparisons):
            for p in c.spec.panes:
                if p.layer not in cat:
                    ws.warnings.append(f"Comparison {i + 1} uses the layer {p.layer!r}, which this placeviz does "
                                       "not have: choose another layer for it.")
    return ws


# --------------------------------------------------------------------------------------------------
# writing


def save_workspace(ws: Workspace, path: str | Path, force: bool = False) -> Path:
    """Save atomically to ``path``. Refuses to replace a file placeviz cannot read (a newer or damaged
    workspace, or not a workspace at all) unless ``force``, so nothing the user had is lost."""
    p = Path(path).expanduser()
    if p.suffix == "":
        p = p.with_suffix(SUFFIX)
    # the file being replaced is read (all of it) only when placeviz has not itself read or written it as it is
    if p.exists() and not force and not _known_readable(p):
        if p.is_dir():
            raise WorkspaceError(f"{p} is a folder: choose a file name to save the workspace to.")
        try:
            read_workspace_dict(p)
        except WorkspaceError as exc:
            raise WorkspaceError(f"placeviz will not overwrite {p.name}, which it cannot read as one of its "
                                 f"workspaces ({exc}); save under another name.") from exc
    try:
        # an imported layer's grid goes beside the workspace, so that it reopens with it (workspace.grids)
        data = replace(ws, imported=with_grids_beside(ws.imported, p)).to_bytes()
        out = atomic_write(p, data)
    except FileWriteError as exc:  # one kind of error for everything that goes wrong with a workspace
        raise WorkspaceError(str(exc)) from exc
    _remember_readable(out)
    ws.path = str(out)
    return out
