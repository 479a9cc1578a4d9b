"""CSV and GeoPackage exports of a map's data: the same areas, values, classes and colours as the map.

CSV stays machine-readable: one plain header row, one row per area (per layer, when several layers are
exported: the ``layer`` column tells them apart), UTF-8. Each row carries the short provenance that must
never be separated from a number (``layer``, ``unit``, ``period``); the full source line, licence,
classification and caveats go into a sidecar text file beside it (``<name>.csv.txt``), because repeating
a 200-character attribution on 32,844 rows would triple the file. Text cells that a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are prefixed with an
apostrophe (``placeviz.model.safe_files.defuse_formulas``, the OWASP convention).

Both files are written whole or not at all (``placeviz.model.safe_files``): a full disk or a failing driver
leaves any previous file as it was, and an export never replaces a file the user imported.

The GeoPackage holds one layer per map layer, named by the layer id, geometry in EPSG:27700 (British
National Grid, as bundled), with the same columns, and the provenance in the layer's description and
metadata.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd

from placeviz.export.outputs import check_ending, check_output, check_sidecar
from placeviz.export.prepared import as_specs, one_per_map, prepare
from placeviz.export.qgis_style import style_qml, write_layer_styles
from placeviz.model.catalog import boundary_attribution, names_attribution
from placeviz.model.classify import SCHEMES, map_caveats
from placeviz.model.errors import UserError
from placeviz.model.safe_files import atomic_write_text, check_target, defuse_formulas, write_via

COLUMNS = ["code", "name", "neighbourhood", "local_authority", "region", "value", "unit", "rank", "decile", "lower",
           "upper", "class", "class_label", "colour", "layer", "period"]


class TableExportError(UserError, ValueError):
    pass


def _prepared(spec_or_specs, bins=None, mapdata=None):
    specs = as_specs(spec_or_specs)
    mds = one_per_map(mapdata, len(specs))
    return [prepare(s, bins=bins, mapdata=m) for s, m in zip(specs, mds, strict=True)]


def table_frame(p, geometry: bool = False) -> pd.DataFrame:
    """One map's rows: codes, names, values, national rank and decile, class, class label and colour."""
    md, c, layer = p.md, p.classified, p.md.layer
    f = md.frame
    out = md.area_table()
    out.insert(out.columns.get_loc("value") + 1, "unit", layer.unit)
    for key in ("lower", "upper"):
        out[key] = f[key].to_numpy(dtype="float64") if key in f else np.nan
    classes = np.asarray(c.classes)
    labels = [e.label for e in c.legend if not e.nodata]
    out["class"] = pd.array(np.where(classes >= 0, classes + 1, 0), dtype="Int64")
    out.loc[classes < 0, "class"] = pd.NA
    out["class_label"] = [labels[k] if k >= 0 else "No data" for k in classes]
    out["colour"] = c.area_colours()
    out["layer"] = layer.id
    out["period"] = md.period
    if geometry:
        import geopandas as gpd

        return gpd.GeoDataFrame(out, geometry=f.geometry.to_numpy(), crs="EPSG:27700")
    return out


def provenance_text(prepared) -> str:
    """The sidecar: what each layer measures, where it comes from, its licence, classes and caveats."""
    lines = []
    for p in prepared:
        md, c, layer = p.md, p.classified, p.md.layer
        lines += [f"Layer: {layer.id} - {layer.title}", f"Place: {md.place.name}; areas: {md.boundary_set} "
                  f"({len(md.frame)} areas)", f"Period: {md.period}", f"Unit: {layer.unit_long or layer.unit}",
                  layer.source_line(), f"Licence: {layer.dataset.licence} {layer.dataset.licence_url}".rstrip(),
                  f"Classes: {SCHEMES.get(c.scheme, c.scheme)}"]
        lines += [f"  class {i + 1}: {e.label} ({e.colour}, {e.count} areas)"
                  for i, e in enumerate(x for x in c.legend if not x.nodata)]
        lines += [f"Note: {n}" for n in (md.note, c.note) if n]
        lines += [f"Caveat: {x}" for x in map_caveats(layer, md.boundary_set)]
        lines.append("")
    lines.append(boundary_attribution())
    if any("neighbourhood" in p.md.frame for p in prepared):
        lines.append(names_attribution())
    lines.append("Columns: " + ", ".join(COLUMNS) + ". rank 1 and decile 1 are the worst end in England; "
                 "class is the map's colour class (1 = first legend entry), empty for no data; neighbourhood "
                 "is the House of Commons Library's informal MSOA name (an LSOA has its MSOA's), not an "
                 "official name.")
    return "\n".join(lines) + "\n"


def _check_path(path, suffixes: tuple[str, ...], written: str) -> Path:
    path = Path(path)
    if path.is_dir():
        raise TableExportError(f"{path} is a folder: give a file name ending in {suffixes[0]}.")
    check_output(path)  # first: whatever else is wrong, never a word about writing over the data being read
    check_ending(path, suffixes, written)
    check_target(path)  # the folder exists and the file, if there is one, may be replaced
    return path


def export_csv(spec_or_specs, path, *, bins=None, mapdata=None, sidecar: bool = True) -> Path:
    """Write the map's data as CSV (one header row) and, unless ``sidecar=False``, ``<path>.txt``."""
    path = _check_path(path, (".csv",), "a CSV table")
    prepared = _prepared(spec_or_specs, bins, mapdata)
    # every text column: the unit, period and names can come from the user's own files
    df = defuse_formulas(pd.concat([table_frame(p) for p in prepared], ignore_index=True)[COLUMNS])
    side = Path(str(path) + ".txt")
    if sidecar:
        check_output(side)
        check_sidecar(side)
    write_via(path, lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n",
                                          float_format="%.10g"))
    if sidecar:
        atomic_write_text(side, provenance_text(prepared))
    return path


def _is_sqlite(path: Path) -> bool:
    """Whether the file begins as every SQLite database (and so every GeoPackage) does."""
    with open(path, "rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def export_gpkg(spec_or_specs, path, *, bins=None, mapdata=None) -> Path:
    """Write the map's data as a GeoPackage: one layer per map layer (named by its id), EPSG:27700, each with
    the map's classes and colours as its default QGIS style. Into a GeoPackage that exists, the layers are
    added, as GIS tools add a layer: a layer of the same name is replaced, and every other layer is kept."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    path = _check_path(path, (".gpkg",), "a GeoPackage")
    if path.is_file() and path.stat().st_size and not _is_sqlite(path):
        raise TableExportError(f"{path.name} is there already and is not a GeoPackage, so placeviz will not add "
                               "layers to it or replace it: choose another file name, or move that file.")
    if any(Path(f"{path}{end}").exists() for end in ("-wal", "-shm", "-journal")):
        # a program has it open (QGIS editing keeps its changes in the -wal file beside it): a file put in its
        # place would be read with that log, and be damaged
        raise TableExportError(f"{path.name} is open in another program (QGIS, say): close it there, then export "
                               "again, or choose another file name.")
    prepared = _prepared(spec_or_specs, bins, mapdata)
    ids = [p.md.layer.id for p in prepared]
    if len(set(ids)) != len(ids):
        raise TableExportError("Each layer can be written once per GeoPackage: remove the repeated --layer.")
    frames = []
    for p in prepared:
        g = table_frame(p, geometry=True)
        g["class"] = g["class"].astype("float64")  # nullable integers as real numbers with NULLs
        g["rank"] = g["rank"].astype("float64")
        g["decile"] = g["decile"].astype("float64")
        frames.append((p, g))

    def write(tmp: Path) -> None:
        # a copy of the file there is, put back in its place only when whole: the user's own layers in it stay
        if path.is_file():  # through SQLite, which reads the database as its last commit left it
            with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(tmp)) as dst:
                src.backup(dst)
                # written in place, not through a log beside it: a -wal file would stay behind at the
                # temporary name, with the layers in it, when the file is moved into place
                dst.execute("PRAGMA journal_mode=DELETE")
        for p, g in frames:
            layer = p.md.layer
            pyogrio.write_dataframe(  # not appended: a layer of that name is replaced, the others are kept
                g, tmp, layer=layer.id, driver="GPKG", append=False, promote_to_multi=True,
                layer_options={"DESCRIPTION": f"{layer.title}, {p.md.place.name}. {layer.source_line()}"},
                layer_metadata={"TITLE": layer.title, "PERIOD": p.md.period, "SOURCE": layer.source_line(),
                                "LICENCE": layer.dataset.licence, "UNIT": layer.unit_long or layer.unit},
            )
        # the map's classes and colours as each layer's default QGIS style, so the file opens looking like the map
        write_layer_styles(tmp, {p.md.layer.id: (f"placeviz: {p.md.layer.label}", style_qml(p.classified))
                                 for p in prepared})

    # GDAL and SQLite say "cannot open" in their own exceptions, not as OSError
    write_via(path, write, errors=(DataSourceError, DataLayerError, sqlite3.Error))
    return path
