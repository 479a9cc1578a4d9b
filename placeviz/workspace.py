"""Workspaces: the open maps, comparisons, imported layers and areas, saved so that no work is lost.

A workspace file (``.placeviz``) is UTF-8 JSON::

    {"format": "placeviz-workspace", "version": 1, "saved_at": ..., "placeviz": "0.1.0",
     "title": ..., "active": 0,
     "maps": [MapSpec.to_dict(), ...],
     "comparisons": [{"comparison": ComparisonSpec.to_dict(), "left": MapSpec, "right": MapSpec}, ...],
     "imported": [{"layer": {...}, "data": {"codes": [...], "values": [...]}, "data_sha256": ...,
                   "source": {"path": ..., "sha256": ..., "name": ...}, "options": {...}}, ...],
     "areas": [{"name": ..., "crs": "EPSG:27700", "data": {"codes", "names", "wkb"}, "data_sha256": ...,
                "source": {...}, "layer": ...}, ...]}

**Imported data are stored inside the workspace**, not only referenced: the values the maps showed are
what a workspace must bring back, on another computer, after the original file was moved, renamed or
edited. Each embedded table carries the sha256 of its canonical JSON, checked on opening (a mismatch means
the file was damaged or edited: it is refused), and the sha256 of the source file it came from, checked
when that file is still at its path (a changed source is reported, not silently re-read). An area table is
at most 33,755 codes and values, well under 2 MB of JSON.

Saving is atomic: the JSON is written to a temporary file in the same folder, flushed to disk, and renamed
over the old file with ``os.replace``, so a crash or a full disk during saving leaves the previous file
intact. A file that cannot be read (corrupted, truncated, or saved by a newer placeviz) is refused with a
sentence saying so, and :func:`save_workspace` will not overwrite it unless told to.

Crash recovery: :class:`Autosaver` writes the current state every few minutes to a per-process file in
:func:`recovery_dir` and deletes it on a clean exit; at start-up :func:`find_recoverable` lists the
autosaves left by processes that are no longer running, newest first, for the app to offer. No Qt here.

How the desktop app uses it:

- Save: ``save_workspace(Workspace.capture(maps, comparisons, areas, active, title), path)``; catch
  WorkspaceError and show it. Do not pass ``force=True`` unless the user confirmed replacing a file that
  placeviz cannot read (the error says so).
- Open: ``ws = open_workspace(path)`` (the imported layers join the catalog); show ``ws.warnings``; apply
  ``ws.maps[ws.active]``, ``ws.comparisons``, ``ws.areas``.
- Autosave: one ``Autosaver()`` per window; ``autosaver.save(Workspace.capture(...))`` every few minutes
  and after changes (a timer), ``autosaver.discard()`` on a clean close.
- Start-up: for each ``info in find_recoverable()``, ask "Recover {info.describe()}?"; yes ->
  ``recover(info)`` (its ``path`` is the original file, so Save goes back there), then
  ``discard_recovery(info)`` once saved; no -> ``discard_recovery(info)``.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import math
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np
import pandas as pd

import placeviz.analysis.change  # noqa: F401  (registers derived change layers, so saved maps of them reopen)
from placeviz.imports import ImportResult, ValidationReport, add_to_catalog, imported_results, sha256_file
from placeviz.model.catalog import Dataset, Layer, load_catalog
from placeviz.model.errors import UserError
from placeviz.model.spec import ComparisonSpec, MapSpec, SpecError
from placeviz.model.version import __version__

FORMAT = "placeviz-workspace"
VERSION = 1
SUFFIX = ".placeviz"
#: workspaces larger than this are refused before reading
MAX_WORKSPACE_BYTES = 256 * 1024 * 1024


class WorkspaceError(UserError, ValueError):
    """A workspace that cannot be opened or saved, with a sentence saying why and what to do."""

    def __init__(self, message: str):
        # one line, whatever names from the file (a header with a line break, say) it quotes
        super().__init__(" ".join(str(message).split()))


# --------------------------------------------------------------------------------------------------
# the model


#: the tab an old workspace's ``options["mode"]`` named, as a ComparisonSpec mode
_OLD_MODES = {"side_by_side": "places", "places": "places", "comparison": "places", "ranking": "ranking",
              "bivariate": "bivariate", "two_layers": "bivariate", "change": "change"}


@dataclass
class Comparison:
    """Maps shown together, as the compare window shows them (a ComparisonSpec).

    Saved as ``{"comparison": ComparisonSpec.to_dict(), "left": ..., "right": ...}``: the first two maps are
    repeated as "left" and "right" so that an older placeviz still reopens the pair. Workspaces saved before
    ComparisonSpec (``{"left", "right", "options": {"shared_scale", "linked", "mode"}}``) still open."""

    spec: ComparisonSpec = field(default_factory=ComparisonSpec)

    @property
    def left(self) -> MapSpec:
        return self.spec.left

    @property
    def right(self) -> MapSpec:
        return self.spec.right

    def to_dict(self) -> dict:
        return {"comparison": self.spec.to_dict(), "left": self.left.to_dict(), "right": self.right.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> Comparison:
        if not isinstance(d, dict):
            raise WorkspaceError("A comparison in the workspace is not a JSON object (the file was damaged or "
                                 "edited).")
        if "comparison" in d:
            c = d["comparison"]
            if not isinstance(c, dict) or not isinstance(c.get("panes"), list):
                raise WorkspaceError("A comparison in the workspace has no list of maps (the file was damaged or "
                                     "edited).")
            panes = [_spec(p) for p in c["panes"]]
            try:
                return cls(ComparisonSpec.from_dict({**c, "panes": [p.to_dict() for p in panes]}))
            except SpecError as exc:
                raise WorkspaceError(f"A comparison in the workspace cannot be read: {exc}") from exc
        if "left" not in d or "right" not in d:
            raise WorkspaceError("A comparison in the workspace is incomplete (it needs a left and a right map).")
        options = d.get("options") or {}
        if not isinstance(options, dict):
            raise WorkspaceError("A comparison's options in the workspace are not a JSON object.")

        def flag(name: str) -> bool:
            v = options.get(name, True)
            return v if isinstance(v, bool) else True

        mode = options.get("mode")
        return cls(ComparisonSpec(panes=(_spec(d["left"]), _spec(d["right"])), shared_scale=flag("shared_scale"),
                                  linked=flag("linked"), mode=_OLD_MODES.get(mode, "places") if isinstance(mode, str)
                                  else "places"))


def _spec(d) -> MapSpec:
    """A MapSpec from a workspace, its fields checked for type (a hand-edited file may hold anything)."""
    spec = MapSpec.from_dict(d)
    c = spec.classification
    ok = (isinstance(spec.place, str) and isinstance(spec.layer, str) and isinstance(spec.level, str)
          and (spec.title is None or isinstance(spec.title, str))
          and (spec.year is None or (isinstance(spec.year, (str, int)) and not isinstance(spec.year, bool)))
          and all(isinstance(x, str) for x in spec.selection)
          and (spec.extent is None or (len(spec.extent) == 4 and all(math.isfinite(x) for x in spec.extent)))
          and isinstance(c.scheme, str) and isinstance(c.palette, str) and isinstance(c.reverse, bool)
          and (c.breaks is None or all(math.isfinite(b) for b in c.breaks)))
    if not ok:
        raise WorkspaceError("A map in the workspace has settings of the wrong kind (the file was damaged or "
                             "edited): open an earlier copy, or the recovered work.")
    return spec


def _canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _float_or_none(v) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


@dataclass
class ImportedLayer:
    """An imported layer and its values, as the workspace keeps them."""

    layer: Layer
    frame: pd.DataFrame  # indexed by code, column ``layer.column``
    source_path: str = ""
    source_sha256: str = ""
    options: dict = field(default_factory=dict)

    @classmethod
    def from_result(cls, result) -> ImportedLayer:
        """From a placeviz.imports.ImportResult (table or raster)."""
        return cls(result.layer, result.frame, result.source_path, result.source_sha256, dict(result.options))

    @classmethod
    def from_catalog(cls, layer_id: str, source_path: str = "", source_sha256: str = "") -> ImportedLayer:
        cat = load_catalog()
        layer = cat.get(layer_id)
        if layer.id not in cat.frames:
            raise WorkspaceError(f"{layer.title} is not an imported layer, so it is not saved in the workspace.")
        return cls(layer, cat.frames[layer.id], source_path, source_sha256)

    def data(self) -> dict:
        col = self.layer.column or "value"
        s = self.frame[col] if col in self.frame else self.frame.iloc[:, 0]
        return {"codes": [str(c) for c in s.index], "values": [_float_or_none(v) for v in s.to_numpy()]}

    def to_dict(self) -> dict:
        data = self.data()
        return {
            "layer": layer_to_dict(self.layer), "data": data,
            "data_sha256": hashlib.sha256(_canonical(data)).hexdigest(),
            "source": {"path": self.source_path, "name": Path(self.source_path).name if self.source_path else "",
                       "sha256": self.source_sha256},
            "options": _jsonable(self.options),
        }

    @classmethod
    def from_dict(cls, d: dict) -> ImportedLayer:
        if not isinstance(d, dict):
            raise WorkspaceError("An imported layer in the workspace is not a JSON object: the file is damaged.")
        layer = layer_from_dict(d.get("layer"))
        data = d.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("codes"), list) or not isinstance(
                data.get("values"), list) or len(data["codes"]) != len(data["values"]):
            raise WorkspaceError(f"The data of the imported layer {layer.title!r} are incomplete: the workspace is "
                                 "damaged; import the source file again.")
        try:
            digest = hashlib.sha256(_canonical(data)).hexdigest()
        except (TypeError, ValueError) as exc:
            raise WorkspaceError(f"The data of the imported layer {layer.title!r} are not plain numbers: the "
                                 "workspace is damaged; import the source file again.") from exc
        if digest != d.get("data_sha256"):
            raise WorkspaceError(
                f"The data of the imported layer {layer.title!r} do not match their checksum, so the workspace was "
                "damaged or edited: import the source file again, or open an earlier copy of the workspace.")
        codes = data["codes"]
        if not all(isinstance(c, str) for c in codes) or len(set(codes)) != len(codes):
            raise WorkspaceError(f"The area codes of the imported layer {layer.title!r} are damaged (not text, or "
                                 "repeated): import the source file again.")
        try:
            if any(isinstance(v, (bool, str)) for v in data["values"]):
                raise TypeError("not a number")
            values = np.array([np.nan if v is None else float(v) for v in data["values"]], dtype="float64")
        except (TypeError, ValueError) as exc:
            raise WorkspaceError(f"The data of the imported layer {layer.title!r} are not numbers: the workspace is "
                                 "damaged; import the source file again.") from exc
        frame = pd.DataFrame({layer.column or "value": values}, index=pd.Index(data["codes"], name="code"))
        src = d.get("source") or {}
        options = d.get("options") or {}
        if not isinstance(src, dict) or not isinstance(options, dict):
            raise WorkspaceError(f"The source details of the imported layer {layer.title!r} are damaged: import the "
                                 "file again.")
        return cls(layer, frame, str(src.get("path") or ""), str(src.get("sha256") or ""), options)

    def register(self) -> None:
        report = ValidationReport(file=Path(self.source_path).name if self.source_path else self.layer.dataset.title,
                                  boundary_set=self.layer.geography, matched=len(self.frame))
        add_to_catalog(ImportResult(report=report, frame=self.frame, layer=self.layer, source_path=self.source_path,
                                    source_sha256=self.source_sha256, options=dict(self.options)))

    def source_changed(self) -> bool | None:
        """True when the source file is still at its path but differs from what was imported; None if gone."""
        if not self.source_path or not self.source_sha256:
            return None
        p = Path(self.source_path)
        if not p.is_file():
            return None
        try:
            return sha256_file(p) != self.source_sha256
        except OSError:
            return None


@dataclass
class SavedAreas:
    """The user's own areas (imported boundaries) kept in the workspace, optionally with a layer's values."""

    name: str
    areas: object  # GeoDataFrame in EPSG:27700 with code, name, geometry
    source_path: str = ""
    source_sha256: str = ""
    layer_id: str | None = None

    def data(self) -> dict:
        g = self.areas
        wkb = [base64.b64encode(b).decode("ascii") for b in g.geometry.to_wkb()]
        return {"codes": [str(c) for c in g["code"]], "names": [str(n) for n in g["name"]], "wkb": wkb}

    def to_dict(self) -> dict:
        data = self.data()
        return {"name": self.name, "crs": "EPSG:27700", "data": data,
                "data_sha256": hashlib.sha256(_canonical(data)).hexdigest(),
                "source": {"path": self.source_path, "sha256": self.source_sha256}, "layer": self.layer_id}

    @classmethod
    def from_dict(cls, d: dict) -> SavedAreas:
        import geopandas as gpd
        import shapely

        if not isinstance(d, dict) or not isinstance(d.get("data"), dict):
            raise WorkspaceError("A set of your areas in the workspace is damaged: import the boundary file again.")
        name = str(d.get("name") or "areas")
        data = d["data"]
        try:
            digest = hashlib.sha256(_canonical(data)).hexdigest()
        except (TypeError, ValueError) as exc:
            raise WorkspaceError(f"Your areas {name!r} in the workspace are damaged: import them again.") from exc
        if digest != d.get("data_sha256"):
            raise WorkspaceError(f"Your areas {name!r} do not match their checksum, so the workspace was damaged or "
                                 "edited: import the boundary file again, or open an earlier copy.")
        ok = all(isinstance(data.get(k), list) for k in ("codes", "names", "wkb")) and (
            len(data["codes"]) == len(data["names"]) == len(data["wkb"]))
        if not ok or not all(isinstance(x, str) for k in ("codes", "names", "wkb") for x in data[k]):
            raise WorkspaceError(f"Your areas {name!r} in the workspace are damaged: import them again.")
        try:
            geoms = shapely.from_wkb([base64.b64decode(w) for w in data["wkb"]])
            g = gpd.GeoDataFrame({"code": data["codes"], "name": data["names"]}, geometry=geoms, crs="EPSG:27700")
        except Exception as exc:  # shapely/base64 raise several kinds on damaged data
            raise WorkspaceError(f"Your areas {name!r} in the workspace are damaged: import them again.") from exc
        src = d.get("source") or {}
        return cls(name, g, str(src.get("path") or ""), str(src.get("sha256") or ""), d.get("layer"))


@dataclass
class Workspace:
    """What the app has open: maps, comparisons, imported layers and areas."""

    maps: list[MapSpec] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    imported: list[ImportedLayer] = field(default_factory=list)
    areas: list[SavedAreas] = field(default_factory=list)
    active: int = 0
    title: str = ""
    path: str | None = None  # where it was opened from / saved to (not stored in the file)
    warnings: list[str] = field(default_factory=list)  # found when opening (not stored)
    saved_at: str | None = None

    def to_dict(self) -> dict:
        used = {m.layer for m in self.maps} | {p.layer for c in self.comparisons for p in c.spec.panes}
        return {
            "format": FORMAT, "version": VERSION, "placeviz": __version__,
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "title": self.title, "active": int(self.active),
            "maps": [m.to_dict() for m in self.maps],
            "comparisons": [c.to_dict() for c in self.comparisons],
            "imported": [x.to_dict() for x in self.imported],
            "areas": [a.to_dict() for a in self.areas],
            "layers_used": sorted(used),
        }

    def to_bytes(self) -> bytes:
        try:
            return (json.dumps(self.to_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise WorkspaceError(f"The workspace could not be written as JSON ({exc}): nothing was saved.") from exc

    def register(self) -> None:
        """Put the imported layers into the catalog so the maps that use them draw."""
        for x in self.imported:
            x.register()

    @classmethod
    def capture(cls, maps=(), comparisons=(), areas=(), active: int = 0, title: str = "",
                path: str | None = None) -> Workspace:
        """The app's current state, with every layer imported this session (still in the catalog)."""
        return cls(maps=list(maps), comparisons=list(comparisons),
                   imported=[ImportedLayer.from_result(r) for r in imported_results()], areas=list(areas),
                   active=active, title=title, path=path)


def layer_to_dict(layer: Layer) -> dict:
    d = asdict(layer)
    d["caveats"] = list(layer.caveats)
    return _jsonable(d)


def layer_from_dict(d) -> Layer:
    if not isinstance(d, dict) or not isinstance(d.get("dataset"), dict):
        raise WorkspaceError("An imported layer's description in the workspace is damaged: import the file again.")
    try:
        d = dict(d)
        d["dataset"] = Dataset(**d["dataset"])
        d["caveats"] = tuple(d.get("caveats") or ())
        layer = Layer(**d)
    except TypeError as exc:
        raise WorkspaceError(f"An imported layer's description in the workspace is damaged ({exc}): import the "
                             "file again.") from exc
    if not isinstance(layer.id, str) or not layer.id or layer.geography not in (
            "lsoa11", "lsoa21", "msoa11", "msoa21", "lad19", "lad21", "lad24"):
        raise WorkspaceError(f"The imported layer {layer.id!r} in the workspace has an unknown geography "
                             f"{layer.geography!r}: import the file again.")
    texts = (layer.title, layer.theme, layer.unit, layer.period, layer.description, layer.kind, layer.short_title,
             layer.unit_long, layer.default_scheme, *layer.caveats, *(getattr(layer.dataset, f.name) for f in
                                                                     fields(Dataset)))
    ok = (all(isinstance(t, str) for t in texts) and isinstance(layer.column, str)
          and layer.aggregate in ("mean", "sum") and layer.weight in (None, "population")
          and layer.higher_is_worse in (None, True, False) and isinstance(layer.decimals, int)
          and not isinstance(layer.decimals, bool) and 0 <= layer.decimals <= 6
          and all(v is None or isinstance(v, str) for v in (layer.table, layer.raster, layer.rank_column,
                                                             layer.decile_column, layer.lower_column,
                                                             layer.upper_column))
          and isinstance(layer.series, dict) and isinstance(layer.zonal, dict) and layer.kind == "table")
    if not ok:
        raise WorkspaceError(f"The description of the imported layer {layer.id!r} in the workspace is damaged (a "
                             "setting of the wrong kind): import the file again.")
    return layer


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        return _float_or_none(obj)
    if obj is None or isinstance(obj, (str, int, bool)):
        return obj
    return str(obj)


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
    return doc


def open_workspace(path: str | Path, register: bool = True) -> Workspace:
    """Open a workspace; its imported layers join the catalog (``register``) so its maps draw.

    Raises WorkspaceError, touching nothing, when the file is corrupted, truncated, from a newer placeviz
    or its embedded data fail their checksums. Problems that do not stop it opening (a source file that has
    changed since it was imported, a map whose layer is missing) are listed in ``workspace.warnings``.
    """
    doc = read_workspace_dict(path)
    name = Path(path).name
    for key in ("maps", "comparisons", "imported", "areas"):
        if not isinstance(doc.get(key, []), list):
            raise WorkspaceError(f"The workspace {name} is damaged ({key!r} is not a list): it was left as it is.")
    try:
        maps = [_spec(m) for m in doc.get("maps", [])]
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
    for x in imported:
        if x.source_changed():
            ws.warnings.append(f"{Path(x.source_path).name} has changed since {x.layer.title!r} was imported: the "
                               "workspace shows the values as imported; import the file again to update them.")
    if register:
        cat = load_catalog()
        for x in imported:
            if x.layer.id in cat and cat.get(x.layer.id) != x.layer:
                ws.warnings.append(f"The layer {x.layer.id!r} already open was replaced by the workspace's "
                                   f"{x.layer.title!r}.")
        ws.register()
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


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that it holds either the old or the new bytes, never a mixture."""
    p = Path(path).expanduser()
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise WorkspaceError(f"The folder {folder} does not exist: choose another place to save.")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if p.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, p.stat().st_mode & 0o777)
        os.replace(tmp, p)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WorkspaceError(f"Could not save {p.name} ({exc.strerror or exc}): the previous file is unchanged; "
                                 "free some space or choose another folder.") from exc
        raise
    _fsync_dir(folder)
    return p


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_workspace(ws: Workspace, path: str | Path, force: bool = False) -> Path:
    """Save atomically to ``path``. Refuses to replace a file placeviz cannot read (a newer or damaged
    workspace, or not a workspace at all) unless ``force``, so nothing the user had is lost."""
    p = Path(path).expanduser()
    if p.suffix == "":
        p = p.with_suffix(SUFFIX)
    if p.exists() and not force:
        if p.is_dir():
            raise WorkspaceError(f"{p} is a folder: choose a file name to save the workspace to.")
        try:
            read_workspace_dict(p)
        except WorkspaceError as exc:
            raise WorkspaceError(f"placeviz will not overwrite {p.name}, which it cannot read as one of its "
                                 f"workspaces ({exc}); save under another name.") from exc
    data = ws.to_bytes()
    out = atomic_write(p, data)
    ws.path = str(out)
    return out


# --------------------------------------------------------------------------------------------------
# crash recovery


def recovery_dir() -> Path:
    """Where autosaves live: $PLACEVIZ_RECOVERY_DIR, else the platform's per-user state folder."""
    env = os.environ.get("PLACEVIZ_RECOVERY_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "placeviz" / "recovery"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass
class RecoveryInfo:
    """An autosave left by a session that did not close cleanly."""

    path: Path  # the autosave file
    original: str | None  # the workspace it was the unsaved state of, if any
    saved_at: str
    maps: int
    pid: int

    def describe(self) -> str:
        what = f"unsaved changes to {Path(self.original).name}" if self.original else "an unsaved workspace"
        return f"{what} ({self.maps} map{'s' if self.maps != 1 else ''}), autosaved {self.saved_at}"


class Autosaver:
    """Autosaves the app's workspace to a per-process recovery file; ``discard()`` on a clean exit."""

    def __init__(self, directory: str | Path | None = None, pid: int | None = None):
        self.directory = Path(directory) if directory else recovery_dir()
        self.pid = os.getpid() if pid is None else int(pid)

    @property
    def path(self) -> Path:
        return self.directory / f"autosave-{self.pid}{SUFFIX}"

    def save(self, ws: Workspace) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        doc = ws.to_dict()
        doc["recovery"] = {"original": ws.path, "pid": self.pid}
        try:
            data = (json.dumps(doc, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise WorkspaceError(f"The workspace could not be autosaved ({exc}).") from exc
        return atomic_write(self.path, data)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def find_recoverable(directory: str | Path | None = None) -> list[RecoveryInfo]:
    """Autosaves left by placeviz sessions that are no longer running (crashed or killed), newest first.

    Unreadable autosaves are skipped (never deleted here): the app may say so and offer to discard them.
    """
    folder = Path(directory) if directory else recovery_dir()
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob(f"autosave-*{SUFFIX}"):
        try:
            pid = int(p.stem.split("-", 1)[1])
        except ValueError:
            continue
        if _pid_alive(pid):
            continue
        try:
            doc = read_workspace_dict(p)
        except WorkspaceError:
            continue
        rec = doc.get("recovery") or {}
        out.append(RecoveryInfo(path=p, original=rec.get("original"), saved_at=str(doc.get("saved_at") or ""),
                                maps=len(doc.get("maps") or []), pid=pid))
    out.sort(key=lambda r: r.path.stat().st_mtime, reverse=True)
    return out


def recover(info: RecoveryInfo, register: bool = True) -> Workspace:
    """The workspace in an autosave; its ``path`` is the original workspace's (None if it was never saved)."""
    ws = open_workspace(info.path, register=register)
    ws.path = info.original
    ws.warnings.insert(0, f"Recovered {info.describe()}: save it to keep it.")
    return ws


def discard_recovery(info: RecoveryInfo) -> None:
    with contextlib.suppress(FileNotFoundError):
        info.path.unlink()


__all__ = [
    "Autosaver", "Comparison", "ImportedLayer", "RecoveryInfo", "SavedAreas", "Workspace", "WorkspaceError",
    "atomic_write", "discard_recovery", "find_recoverable", "layer_from_dict", "layer_to_dict", "open_workspace",
    "recover", "recovery_dir", "save_workspace",
]
