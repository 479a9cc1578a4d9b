"""The user's own areas (wards, primary care networks, neighbourhoods) from a GeoPackage, GeoJSON or
Shapefile (a file, a folder or a zip), in any coordinate system, checked and reprojected to EPSG:27700.

geopandas and shapely are imported when boundaries are first read, not with placeviz.imports: they add
about 0.15 s, and importing a table does not need them.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from placeviz.imports.errors import ImportFileError, first_line
from placeviz.imports.files import (
    VECTOR_SUFFIXES,
    checked_path,
    extract_archive,
    read_file_bytes,
    sha256_file,
    sniff_kind,
)
from placeviz.imports.report import ValidationReport
from placeviz.model.names import suggestion


@dataclass
class AreasImport:
    """The user's own areas, in EPSG:27700, with an id and a name column, and a report."""

    areas: object  # GeoDataFrame: code, name, geometry (+ the file's other columns)
    report: ValidationReport
    source_path: str = ""
    source_sha256: str = ""


def _vector_files(folder: Path) -> list[Path]:
    """The boundary files in a folder and its subfolders (a .json only when it is GeoJSON)."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in VECTOR_SUFFIXES and p.is_file()
                  and "__MACOSX" not in p.parts and (p.suffix.lower() != ".json" or _looks_geojson(p)))


def _looks_geojson(p: Path) -> bool:
    try:
        with open(p, "rb") as f:
            head = f.read(65536)
    except OSError:
        return True  # let the reader say what is wrong with it
    return b"Feature" in head or b"coordinates" in head


def _vector_in(folder: Path, name: str, choice: str | None) -> tuple[Path, str | None]:
    """(the boundary file in the folder, the layer chosen in it): the one file there, or the one ``choice``
    names ('sub/wards.shp', 'wards.shp', 'wards', or 'areas.gpkg:wards' for a GeoPackage's layer)."""
    found = _vector_files(folder)
    if not found:
        raise ImportFileError(f"{name} holds no boundary file (.shp, .gpkg or .geojson): choose the folder or zip "
                              "that holds your areas.")
    rel = [p.relative_to(folder).as_posix() for p in found]
    if choice is not None and str(choice).strip():
        choice = str(choice).strip()
        readings: list[tuple[str, str | None]] = [(choice, None)]
        if ":" in choice:
            readings.append(tuple(choice.rsplit(":", 1)))  # FILE:LAYER
        for file_part, layer in readings:
            key = file_part.lower().replace("\\", "/")
            hits = [p for p, r in zip(found, rel, strict=True) if key in (r.lower(), p.name.lower(), p.stem.lower())]
            if len(hits) == 1:
                return hits[0], layer
        if len(found) == 1 and found[0].suffix.lower() == ".gpkg":
            return found[0], choice  # the layer of the one GeoPackage there
        raise ImportFileError(f"{name} holds no boundary file {choice!r}: choose one of {', '.join(rel[:12])} "
                              "with --boundary-layer.")
    if len(found) > 1:
        more = f" and {len(rel) - 8:,} more" if len(rel) > 8 else ""
        raise ImportFileError(f"{name} holds {len(found)} boundary files ({', '.join(rel[:8])}{more}): choose one "
                              f"with --boundary-layer (e.g. --boundary-layer {rel[0]}), or import it directly.",
                              choices={"boundary_layer": rel})
    return found[0], None


def read_boundaries(path: str | Path, layer: str | None = None, id_column: str | None = None,
                    name_column: str | None = None) -> AreasImport:
    """The user's areas from a GeoPackage, GeoJSON or Shapefile (file, folder or zip), reprojected to EPSG:27700.

    ``layer`` chooses where a file holds several: the layer of a GeoPackage, the file in a folder or zip
    ('sub/wards.shp', 'wards'), or both ('areas.gpkg:wards'). Without it, a folder of several boundary files
    or a GeoPackage of several layers is refused with a sentence listing them.
    """
    p = checked_path(path, allow_dir=True)
    with tempfile.TemporaryDirectory(prefix="placeviz-import-") as tmp:
        src, chosen = _boundary_file(p, Path(tmp), layer)
        g = _read_vector(src, chosen, in_folder=src != p)
        report = ValidationReport(file=p.name, kind="boundaries")
        if layer and src != p:
            report.notes.append(f"Read {src.name}" + (f", layer {chosen!r}," if chosen else "") + f" in {p.name}, "
                                "as chosen.")
        elif layer:
            report.notes.append(f"Read layer {chosen!r} of {p.name}, as chosen.")
        areas = _clean_areas(g, src.name, id_column, name_column, report)
    return AreasImport(areas=areas, report=report, source_path=str(p.resolve()),
                       source_sha256=sha256_file(p) if p.is_file() else "")


def _boundary_file(p: Path, tmp: Path, choice: str | None = None) -> tuple[Path, str | None]:
    """(the one boundary file at ``p`` (itself, or inside the folder or zip, unpacked into ``tmp``), the layer
    chosen in it), checked for the parts a shapefile needs and, for GeoJSON, for being GeoJSON at all."""
    src, layer = p, choice
    if p.is_dir():
        src, layer = _vector_in(p, p.name, choice)
    elif p.suffix.lower() == ".zip" or (p.is_file() and sniff_kind(p) == "archive"):
        extract_archive(p, tmp)
        src, layer = _vector_in(tmp, p.name, choice)
    if src.suffix.lower() == ".shp":
        missing = [ext for ext in (".shx", ".dbf") if not src.with_suffix(ext).exists()
                   and not src.with_suffix(ext.upper()).exists()]
        if missing:
            raise ImportFileError(f"The shapefile {src.name} is missing its {' and '.join(missing)} file: a "
                                  "shapefile is several files; copy them all (or a zip of them) and try again.")
        if not src.with_suffix(".prj").exists() and not src.with_suffix(".PRJ").exists():
            raise ImportFileError(f"The shapefile {src.name} has no .prj file, so its coordinate system is unknown: "
                                  "copy the .prj that came with it, or save it from a GIS with its CRS.")
    if src.suffix.lower() in (".geojson", ".json"):
        _check_geojson_text(src)
    return src, layer


def _read_vector(src: Path, layer: str | None, in_folder: bool = False):
    """The file's features as a GeoDataFrame: for a GeoPackage, its one layer of features or the one chosen
    (several without a choice are refused with a sentence listing them)."""
    import geopandas as gpd

    if src.suffix.lower() == ".gpkg":
        layer = _gpkg_layer(src, layer, in_folder)
    elif layer is not None and layer not in (src.name, src.stem):
        raise ImportFileError(f"{src.name} holds one set of boundaries, so there is no layer {layer!r} to choose: "
                              "leave --boundary-layer out.")
    else:
        layer = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's remarks on odd features: the checks below speak instead
            return gpd.read_file(src, layer=layer) if layer else gpd.read_file(src)
    except Exception as exc:  # pyogrio/fiona raise their own types for unreadable data
        raise ImportFileError(f"{src.name} is not a boundary file placeviz can read ({first_line(exc)}): export it "
                              "again as GeoPackage, GeoJSON or a zipped Shapefile.") from exc


def _gpkg_layer(src: Path, layer: str | None, in_folder: bool) -> str | None:
    """The GeoPackage layer to read: the one chosen, else its only layer of features."""
    import pyogrio

    try:
        layers = [str(n) for n, geom in pyogrio.list_layers(src) if geom]
    except Exception as exc:  # pyogrio raises its own types for unreadable data
        raise ImportFileError(f"{src.name} is not a boundary file placeviz can read ({first_line(exc)}): export it "
                              "again as GeoPackage, GeoJSON or a zipped Shapefile.") from exc
    prefix = f"{src.name}:" if in_folder else ""
    if layer is not None:
        if layer in layers:
            return layer
        raise ImportFileError(suggestion(layer, layers, f"layer in {src.name}")
                              + f" Its layers of areas are: {', '.join(layers)}.")
    if len(layers) > 1:
        raise ImportFileError(f"{src.name} holds {len(layers)} layers ({', '.join(layers[:12])}): choose one with "
                              f"--boundary-layer {prefix}{layers[0]} (any of those).",
                              choices={"boundary_layer": [prefix + n for n in layers]})
    return layers[0] if layers else None


def _check_geojson_text(src: Path) -> None:
    data = read_file_bytes(src)
    if not data.strip():
        raise ImportFileError(f"{src.name} is empty: export your areas again as GeoJSON.")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ImportFileError(f"{src.name} is not a GeoJSON file (it is not valid JSON): export your areas again as "
                              "GeoJSON.") from exc
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature", "Polygon",
                                                              "MultiPolygon", "GeometryCollection"):
        raise ImportFileError(f"{src.name} is JSON but not GeoJSON (no FeatureCollection of areas): export your areas "
                              "again as GeoJSON.")


def _clean_areas(g, src_name: str, id_column, name_column, report: ValidationReport):
    """The areas as a GeoDataFrame of code, name, geometry (EPSG:27700) and the file's other columns."""
    g, dropped = _polygons_in_bng(g, src_name, report)
    cols = [c for c in g.columns if c != g.geometry.name]
    idc = id_column or _guess_column(g, cols, ("code", "cd", "id", "fid", "ref"))
    namec = name_column or _guess_column(g, cols, ("name", "nm", "label", "title"))
    for wanted, what in ((id_column, "id"), (name_column, "name")):
        if wanted and wanted not in g.columns:
            raise ImportFileError(suggestion(wanted, cols, f"{what} column in {src_name}") +
                                  f" The columns are: {', '.join(cols[:20])}.")
    out = _named_areas(g, cols, idc, namec)
    if not out["code"].is_unique:
        report.warnings.append(f"The id column {idc!r} repeats values: areas are kept as separate rows.")
    report.rows = len(g) + dropped
    report.matched = len(out)
    report.code_column, report.value_column = idc, None
    report.notes.append(f"{len(out):,} areas read and reprojected to British National Grid (EPSG:27700)"
                        + (f"; {dropped} empty or non-polygon features skipped." if dropped else "."))
    report.notes.append(f"Id column: {idc!r}; name column: {namec!r}." if idc or namec else
                        "No id or name column found: areas are numbered.")
    return out


def _polygons_in_bng(g, src_name: str, report: ValidationReport):
    """(the polygons, valid and in British National Grid; how many empty or non-polygon features were dropped),
    after refusing a file with no areas, no CRS, or a CRS that puts them outside Great Britain."""
    import shapely

    if len(g) == 0:
        raise ImportFileError(f"{src_name} holds no areas: choose a file with at least one polygon.")
    if g.crs is None:
        raise ImportFileError(f"{src_name} has no coordinate reference system: save it with its CRS (e.g. EPSG:27700 "
                              "or EPSG:4326) and try again.")
    geom = g.geometry
    kinds = set(geom.geom_type.dropna())
    if not kinds & {"Polygon", "MultiPolygon"}:
        raise ImportFileError(f"{src_name} holds {', '.join(sorted(kinds)) or 'no'} geometries, not areas: placeviz "
                              "needs polygons (wards, networks, neighbourhoods).")
    keep = ~geom.isna() & ~geom.is_empty & geom.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])
    dropped = int((~keep).sum())
    g = g[keep].copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            g = g.to_crs("EPSG:27700")
        except Exception as exc:  # pyproj raises CRSError and ProjError
            raise ImportFileError(f"{src_name} is in a coordinate system placeviz cannot convert ({first_line(exc)}): "
                                  "save it in EPSG:27700 or EPSG:4326.") from exc
        minx, miny, maxx, maxy = g.total_bounds
        if not (np.isfinite([minx, miny, maxx, maxy]).all() and -10_000 < minx and maxx < 720_000
                and -10_000 < miny and maxy < 1_300_000):
            raise ImportFileError(f"{src_name}'s areas do not fall in Great Britain once reprojected: its coordinate "
                                  "system (.prj or CRS) is probably wrong; set the right one in a GIS and save again.")
        invalid = ~g.geometry.is_valid
        if invalid.any():
            g.loc[invalid, "geometry"] = shapely.make_valid(g.geometry[invalid].values)
            report.notes.append(f"Repaired {int(invalid.sum())} invalid geometries.")
    return g, dropped


def _named_areas(g, cols: list[str], idc: str | None, namec: str | None):
    """A GeoDataFrame with code and name first (numbered when the file has no such column), then the rest."""
    import geopandas as gpd

    out = gpd.GeoDataFrame({
        "code": g[idc].astype(str).to_numpy() if idc else [f"area {i + 1}" for i in range(len(g))],
        "name": g[namec].astype(str).to_numpy() if namec else (g[idc].astype(str).to_numpy() if idc else
                                                               [f"Area {i + 1}" for i in range(len(g))]),
    }, geometry=g.geometry.to_numpy(), crs="EPSG:27700")
    for c in cols:
        if c not in ("code", "name"):
            out[c] = g[c].to_numpy()
    return out


def _guess_column(g, cols: list[str], words: tuple[str, ...]) -> str | None:
    """The first text column whose name is, starts or ends with one of ``words`` (any column, failing that)."""
    for w in words:
        for c in cols:
            cl = c.lower()
            if (cl == w or cl.endswith(w) or cl.startswith(w)) and g[c].dtype == object:
                return c
    for w in words:
        for c in cols:
            if c.lower() == w or c.lower().endswith(w):
                return c
    return None

