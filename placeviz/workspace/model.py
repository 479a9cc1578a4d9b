"""The workspace itself: the maps, comparisons, imported layers and areas a workspace holds, and their JSON.

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

Every value read back is checked for type, because a hand-edited file may hold anything: what cannot be
read raises :class:`WorkspaceError` with a sentence saying what to do.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from placeviz.imports import ImportResult, ValidationReport, add_to_catalog, imported_results, sha256_file
from placeviz.model.catalog import Dataset, Layer, load_catalog
from placeviz.model.errors import UserError
from placeviz.model.spec import ComparisonSpec, MapSpec, SpecError
from placeviz.model.version import __version__

FORMAT = "placeviz-workspace"
VERSION = 1
SUFFIX = ".placeviz"


class WorkspaceError(UserError, ValueError):
    """A workspace that cannot be opened or saved, with a sentence saying why and what to do."""

    def __init__(self, message: str):
        # one line, whatever names from the file (a header with a line break, say) it quotes
        super().__init__(" ".join(str(message).split()))


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
            panes = [map_spec_from_dict(p) for p in c["panes"]]
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
        return cls(ComparisonSpec(panes=(map_spec_from_dict(d["left"]), map_spec_from_dict(d["right"])),
                                  shared_scale=flag("shared_scale"), linked=flag("linked"),
                                  mode=_OLD_MODES.get(mode, "places") if isinstance(mode, str) else "places"))


def map_spec_from_dict(d) -> MapSpec:
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

    def register(self) -> str:
        """Put the layer into the catalog; returns the id it has there, which differs from the saved one when
        that id is placeviz's own (a file saved with a layer called 'imd2019' never stands in for IMD 2019)."""
        report = ValidationReport(file=Path(self.source_path).name if self.source_path else self.layer.dataset.title,
                                  boundary_set=self.layer.geography, matched=len(self.frame))
        self.layer = add_to_catalog(ImportResult(report=report, frame=self.frame, layer=self.layer,
                                                 source_path=self.source_path, source_sha256=self.source_sha256,
                                                 options=dict(self.options)))
        return self.layer.id

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
        # lazy: start-up. The app imports the workspace at start to autosave (gui/app.py), before the first
        # map is drawn, and nothing else has loaded these yet: at the top they added 60 ms (shapely 12,
        # geopandas 48; timed after importing placeviz.gui.window and placeviz.workspace, three runs).
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

    def register(self) -> dict[str, str]:
        """Put the imported layers into the catalog so the maps that use them draw; a layer that had to take
        a new id (its saved id is one of placeviz's own) is renamed in the maps and comparisons too. Returns
        {saved id: new id} for those."""
        renamed = {}
        for x in self.imported:
            saved = x.layer.id
            if x.register() != saved:
                renamed[saved] = x.layer.id
        if renamed:
            self.maps = [replace(m, layer=renamed.get(m.layer, m.layer)) for m in self.maps]
            self.comparisons = [
                Comparison(c.spec.with_(panes=tuple(replace(p, layer=renamed.get(p.layer, p.layer))
                                                    for p in c.spec.panes)))
                for c in self.comparisons]
        return renamed

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
