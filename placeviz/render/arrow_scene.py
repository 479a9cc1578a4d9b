"""The scene of a map of all England without pandas: the print exports' fast path.

A map of all England's 32,844 neighbourhoods on a bundled layer at its own geography is built from the
layer's table and the boundaries' GeoArrow geometry read with pyarrow straight into numpy (no pandas, no
shapely), so a whole ``placeviz export png --place england`` process needs little more than Python, numpy,
pyarrow and Qt. Every other map goes through ``placeviz.render.scene.build_scene`` (``scene_for`` chooses).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow.parquet as pq

from placeviz.model.arrow import arrow_values
from placeviz.model.bundle import table_path
from placeviz.model.catalog import GEOGRAPHY_LEVEL, load_catalog
from placeviz.model.classify import classify_map
from placeviz.model.names import normalise
from placeviz.render.geometry import RenderGeometry
from placeviz.render.scene import MapScene, Outlines, build_scene, outline_set

#: the boundary sets on which ``light_scene`` draws a bundled table layer
ARROW_SETS = ("lsoa11", "lsoa21", "msoa11", "msoa21", "lad19", "lad21", "lad24")


@dataclass(frozen=True)
class ArrowPlace:
    name: str
    kind: str
    codes: tuple[str, ...] = ()


class Column:
    """A numpy column with the one pandas method the classifier uses on a frame's columns."""

    def __init__(self, values: np.ndarray):
        self.values = values

    def to_numpy(self, dtype=None, **_):
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class ArrowMapData:
    """What a page needs of a MapData (``placeviz.model.mapdata``), read without pandas."""

    place: ArrowPlace
    layer: object
    level: str
    boundary_set: str
    values: np.ndarray
    codes: np.ndarray
    year: str | None = None
    note: str | None = None
    frame: dict = field(default_factory=dict)

    @property
    def period(self) -> str:
        return self.year or self.layer.period


def rows_in_file_order(codes: list, file_codes: np.ndarray) -> np.ndarray:
    """For each area of a boundary file (``file_codes``, its order), its row among a table's ``codes``; -1 where
    the table has none. A table in the file's own order (the bundled IMD tables are) needs no lookup: the
    lookup cost England's PNG about 7 ms for 32,844 areas."""
    if len(codes) == len(file_codes) and codes == file_codes.tolist():
        return np.arange(len(codes), dtype=np.int64)
    where = {c: i for i, c in enumerate(codes)}
    return np.fromiter((where.get(c, -1) for c in file_codes), dtype=np.int64, count=len(file_codes))


def light_scene(spec):
    """A MapScene for all of England on a bundled layer at its own geography, built with pyarrow and numpy
    only (no pandas, no shapely). None when the spec needs the general path (``build_scene``)."""
    if normalise(spec.place) != "england" or spec.year or spec.wards:  # ward outlines need the place's areas
        return None
    cat = load_catalog()
    layer = cat.get(spec.layer)
    if (layer.kind != "table" or layer.id in cat.frames or not layer.table
            or GEOGRAPHY_LEVEL.get(layer.geography) != spec.level or layer.geography not in ARROW_SETS):
        return None
    geo = RenderGeometry.for_set(layer.geography)
    columns = ["code", layer.column] + ([layer.decile_column] if layer.decile_column else [])
    table = pq.ParquetFile(table_path(layer.table)).read(columns=columns, use_pandas_metadata=False)
    at = rows_in_file_order(table.column("code").to_pylist(), geo.codes)

    def column(name):  # the table's column in boundary order; NaN where an area has no row or no value
        v = arrow_values(table.column(name)).astype(np.float64)
        out = np.full(len(at), np.nan)
        out[at >= 0] = v[at[at >= 0]]
        return out

    values = column(layer.column)
    md = ArrowMapData(ArrowPlace("England", "england"), layer, spec.level, layer.geography, values, geo.codes)
    md.frame = {"code": Column(geo.codes), "value": Column(values)}
    if layer.decile_column:
        md.frame["decile"] = Column(column(layer.decile_column))
    classified = classify_map(md, spec.classification)  # exactly as build_scene classifies
    la = RenderGeometry.for_set(outline_set(layer.geography))
    la.ensure_paths()
    outlines = Outlines(la, np.arange(len(la)), [str(n) for n in la.names])
    return MapScene(md, classified, geo, np.arange(len(geo)), outlines, None, selection=tuple(spec.selection))


def scene_for(spec):
    """The MapScene of a spec: the pandas-free path where it applies, else ``build_scene``."""
    scene = light_scene(spec)
    return build_scene(spec) if scene is None else scene
