"""placeviz in Python: the layers, places and maps of the desktop app, as pandas, geopandas and folium objects.

Everything here is also reachable as ``placeviz.<name>`` (``import placeviz as pv``); the rest of the package
is private. The maps are the same as the desktop app's and the command line's: one MapSpec, the same default
classes, the same colours, the same sources.

>>> import placeviz as pv
>>> m = pv.Map(place="Knowsley", layer="imd2019")
>>> int(m.classes["count"].sum())
98
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from placeviz.analysis.compare import period_tag
from placeviz.analysis.compare_tables import places_table
from placeviz.analysis.narrative import so_what
from placeviz.analysis.profile import PlaceProfile, place_profile
from placeviz.analysis.report import to_html, to_json, to_text
from placeviz.export.html import export_html, page_html
from placeviz.export.static import export_static
from placeviz.export.tables import export_csv, export_gpkg
from placeviz.imports import ImportResult, add_to_catalog, convert_lsoa11_to_lsoa21, import_file
from placeviz.model.catalog import (
    Layer,
    boundary_attribution,
    get_layer,
    is_derived_id,
    load_catalog,
    names_attribution,
)
from placeviz.model.classify import Classified, classify_map, map_caveats
from placeviz.model.errors import UserError
from placeviz.model.geography import list_places, resolve_place
from placeviz.model.mapdata import MapData, checked_year, map_data
from placeviz.model.names import suggestion
from placeviz.model.spec import LEVELS, MapSpec
from placeviz.model.viewstate import classification_for, parse_breaks
from placeviz.workspace import Workspace, save_workspace

__all__ = ["Map", "Profile", "UserLayer", "brief", "compare", "data", "find", "layers", "places", "profile", "read",
           "slides"]


def layers() -> pd.DataFrame:
    """Every layer placeviz bundles, and those you read in this session (``read``): id, title, theme, period,
    geography, unit, source and licence. The layers placeviz derives when named are not rows here, so the
    table does not grow as they are used: ``overlap`` (where disadvantages coincide, and its variants such as
    ``overlap-tenth``) and the IMD change between editions (``imd_decile_change_2019_2025``); the README
    says how to name them.

    >>> table = layers()
    >>> table.loc[table["id"] == "imd2019", "source"].item()
    'Ministry of Housing, Communities and Local Government (MHCLG)'
    """
    return pd.DataFrame([
        {"id": x.id, "title": x.title, "theme": x.theme, "period": x.period, "geography": x.geography_name,
         "unit": x.unit_long or x.unit, "source": x.dataset.publisher, "licence": x.dataset.licence}
        for x in load_catalog() if not is_derived_id(x.id)])


def places() -> pd.DataFrame:
    """Every place you can map: name, kind (country, region, county, combined authority, integrated care
    board, group of local authorities, local authority, former local authority) and code (a local
    authority's, region's, county's, combined authority's or ICB's GSS code, where it has one).

    >>> table = places()
    >>> table.loc[table["name"] == "Liverpool", "code"].item()
    'E08000012'
    """
    return pd.DataFrame([{"name": p.name, "kind": p.description,
                          "code": p.code or (p.codes[0] if len(p.codes) == 1 else "")} for p in list_places()])


def find(query: str) -> list:
    """Where a postcode, town, ward, neighbourhood name, place or area code is: a list of answers, each with
    ``title``, ``lines`` (the areas it lies in), ``figures`` (headline figures), ``sources`` and ``text()``.

    >>> "Anfield West" in find("L4 0TH")[0].text()
    True
    """
    from placeviz.analysis.whereis import find as _find  # lazy: the gazetteer loads on first use

    return _find(query)


def _file(path, verb: str = "write") -> Path:
    """``path`` as a Path, when it names a file: a sentence otherwise, rather than pathlib's TypeError for None.
    Each export checks the file's ending itself."""
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise UserError(f"Give the file to {verb} as a path (text or a pathlib.Path), not {path!r}.")
    return Path(path)


def _layer_id(layer: str | Layer | UserLayer) -> str:
    if isinstance(layer, UserLayer):
        return layer.id
    if isinstance(layer, Layer):
        return layer.id
    return get_layer(str(layer)).id


def _default_level(layer: Layer) -> str:
    return layer.level if layer.level in LEVELS else "lsoa"


def data(place: str, layer: str | Layer | UserLayer, level: str | None = None,
         year: str | None = None) -> gpd.GeoDataFrame:
    """The areas of ``place`` at ``level`` with ``layer``'s values, as a GeoDataFrame in EPSG:27700.

    Columns: ``code``, ``name``, ``local_authority``, ``region``, ``value``, ``rank`` and ``decile`` (1 = the
    most deprived or worst in England; missing where the layer has none) and ``geometry``. ``attrs`` holds
    the layer, place, level, period, unit, source, licence, attribution and caveats, so the figures can be
    quoted with where they come from. ``level`` defaults to the layer's own (neighbourhoods for rasters).

    >>> gdf = data("Liverpool", "imd2019")
    >>> len(gdf), gdf.crs.to_epsg(), gdf.attrs["licence"]
    (298, 27700, 'Open Government Licence v3.0')
    """
    lay = get_layer(_layer_id(layer))
    md = map_data(place, level or _default_level(lay), lay, year)
    return _frame(md)


def _frame(md: MapData) -> gpd.GeoDataFrame:
    lay = md.layer
    gdf = gpd.GeoDataFrame(md.area_table(), geometry=md.frame.geometry.to_numpy(), crs="EPSG:27700")
    d = lay.dataset
    gdf.attrs.update({
        "layer": lay.id, "title": lay.title, "place": md.place.name, "level": md.level,
        "boundaries": md.boundary_set, "period": md.period, "unit": lay.unit_long or lay.unit,
        "source": d.publisher, "dataset": d.title, "licence": d.licence, "attribution": d.attribution,
        "source_line": lay.source_line(), "caveats": map_caveats(lay, md.boundary_set), "note": md.note or "",
        # the neighbourhood column's names are the House of Commons Library's (Open Parliament Licence)
        "names_attribution": names_attribution() if "neighbourhood" in md.frame else "",
    })
    return gdf


@dataclass
class UserLayer:
    """Your own table or raster, imported as a layer: use it in ``Map`` or ``data`` like a bundled one.
    ``report`` says what matched England's areas and what did not."""

    layer: Layer
    report: object
    result: ImportResult

    @property
    def id(self) -> str:
        return self.layer.id

    def __repr__(self) -> str:
        return f"UserLayer({self.layer.id!r}, {self.layer.title!r})"


#: ``read``'s options: those of ``placeviz import`` for a table or a raster
READ_OPTIONS = ("code_column", "value_column", "sheet", "name", "where", "aggregate", "higher_is_worse",
                "to_lsoa21", "level", "vintage", "band", "nodata", "guess_nodata")


def read(path: str | Path, **options) -> UserLayer:
    """Import your own table (CSV, TSV, XLSX, or one zipped) or raster (GeoTIFF) of values for England's areas
    as a layer, with its validation report. ``options`` are those of ``placeviz import``: code_column,
    value_column, sheet, name, where (a dict, column: value), aggregate ("sum"), higher_is_worse (True or
    False), to_lsoa21 (True: LSOA 2011 values moved to 2021 areas); for a raster level, vintage, band, nodata
    and guess_nodata. Boundary files (GeoPackage, GeoJSON, Shapefile) are your own areas, not values: open
    them with ``placeviz import`` or the app. Raises a UserError with one sentence when the file or an option
    cannot be used."""
    for key in options:
        if key not in READ_OPTIONS:
            raise UserError(suggestion(key, READ_OPTIONS, "option of placeviz.read")
                            + f" The options are {', '.join(READ_OPTIONS)}.")
    for key in ("higher_is_worse", "to_lsoa21", "guess_nodata"):
        if options.get(key) is not None and not isinstance(options[key], bool):
            raise UserError(f"{key} is True or False, not {options[key]!r}.")
    for key in ("code_column", "value_column", "sheet", "name", "aggregate"):
        if options.get(key) is not None and not isinstance(options[key], str):
            raise UserError(f"{key} is text, such as 'value', not {options[key]!r}.")
    if options.get("where") is not None and not isinstance(options["where"], dict):
        raise UserError(f"where is a dict of column and value, such as {{'Sex': 'Persons'}}, not {options['where']!r}.")
    path = _file(path, "read")
    to_lsoa21 = options.pop("to_lsoa21", False)
    result = import_file(path, **options)
    if not isinstance(result, ImportResult):
        raise UserError(f"{Path(path).name} holds boundaries, not values: placeviz.read takes a table (CSV, XLSX) "
                        "or a raster (GeoTIFF) of values for England's areas; open boundaries with 'placeviz "
                        "import' or in the app.")
    if to_lsoa21:
        result = convert_lsoa11_to_lsoa21(result)
    add_to_catalog(result)
    return UserLayer(result.layer, result.report, result)


class Map:
    """One map: the same description (MapSpec) the desktop app and the command line use.

    ``scheme``, ``k``, ``breaks``, ``palette``, ``reverse`` and ``classes_from`` ("england", the default, or
    "place") change the layer's recommended classes, as the app's classification panel does. ``wards=True``
    draws the May 2024 ward outlines over it in every export.

    >>> m = Map(place="Liverpool", layer="imd2019")
    >>> m.spec.classification.scheme, len(m.data)
    ('national_deciles', 298)
    """

    def __init__(self, place: str = "Cheshire and Merseyside", layer: str | Layer | UserLayer = "imd2019",
                 level: str | None = None, *, year: str | None = None, scheme: str | None = None,
                 k: int | None = None, breaks=None, palette: str | None = None, reverse: bool = False,
                 title: str | None = None, classes_from: str | None = None, wards: bool = False):
        lay = get_layer(_layer_id(layer))
        if isinstance(breaks, str):
            breaks = parse_breaks(breaks)
        breaks = tuple(breaks) if breaks is not None and len(breaks) else None  # a numpy array too
        cls = classification_for(lay, scheme=scheme, k=k, breaks=breaks,
                                 palette=palette, reverse=reverse, classes_from=classes_from)
        self.spec = MapSpec(place=resolve_place(place).name, level=level or _default_level(lay), layer=lay.id,
                            classification=cls, title=title, year=year, wards=wards)

    @classmethod
    def from_spec(cls, spec: MapSpec) -> Map:
        """A Map of an existing MapSpec (from a workspace, say)."""
        m = cls.__new__(cls)
        m.spec = spec
        return m

    @property
    def spec(self) -> MapSpec:
        """The map's description. Setting another (``m.spec = m.spec.with_(place="Halton")``) makes its data,
        classes and exports the new map's."""
        return self._spec

    @spec.setter
    def spec(self, spec: MapSpec) -> None:
        if not isinstance(spec, MapSpec):
            raise UserError(f"A map's spec is a MapSpec, not {type(spec).__name__}: make one with "
                            "m.spec.with_(place=...), or use pv.Map(...).")
        self._spec = spec
        self._md: MapData | None = None  # worked out again for the new spec when asked for
        self._classified: Classified | None = None

    def __repr__(self) -> str:
        c = self.spec.classification
        classes = f"breaks={list(c.breaks)!r}" if c.scheme == "user" else f"scheme={c.scheme!r}, k={c.k}"
        return (f"Map(place={self.spec.place!r}, layer={self.spec.layer!r}, level={self.spec.level!r}, "
                f"{classes}, palette={c.palette!r})")

    @property
    def layer(self) -> Layer:
        return get_layer(self.spec.layer)

    @property
    def map_data(self) -> MapData:
        if self._md is None:
            s = self.spec
            self._md = map_data(s.place, s.level, s.layer, s.year)
        return self._md

    @property
    def classified(self) -> Classified:
        if self._classified is None:
            self._classified = classify_map(self.map_data, self.spec.classification)
        return self._classified

    @property
    def data(self) -> gpd.GeoDataFrame:
        """The map's areas and values (see ``placeviz.data``), with each area's class and colour."""
        gdf = _frame(self.map_data)
        classes = np.asarray(self.classified.classes)
        gdf["class"] = pd.array(np.where(classes >= 0, classes + 1, 0), dtype="Int64")
        gdf.loc[classes < 0, "class"] = pd.NA
        gdf["colour"] = self.classified.area_colours()
        return gdf

    @property
    def classes(self) -> pd.DataFrame:
        """The legend: one row per class (label, lower and upper bound, colour, count of areas), and a
        no-data row where some areas have no value."""
        return pd.DataFrame([{"label": e.label, "lower": e.lower, "upper": e.upper, "colour": e.colour,
                              "count": int(e.count), "no_data": e.nodata} for e in self.classified.legend])

    # -- files ----------------------------------------------------------------------------------------------

    def to_html(self, path: str | Path) -> Path:
        """placeviz's own self-contained page: works offline, escapes every name, carries the sources."""
        return export_html(self.spec, _file(path), mapdata=self.map_data)

    def to_png(self, path: str | Path, **options) -> Path:
        """A print-ready image (options: width, height, dpi, paper 'A4'/'A3', orientation)."""
        return export_static(self.spec, _file(path), "png", **options)

    def to_svg(self, path: str | Path, **options) -> Path:
        return export_static(self.spec, _file(path), "svg", **options)

    def to_pdf(self, path: str | Path, **options) -> Path:
        return export_static(self.spec, _file(path), "pdf", **options)

    def to_csv(self, path: str | Path) -> Path:
        """The areas, values, ranks and classes as CSV, with the sources in ``<path>.txt``."""
        return export_csv(self.spec, _file(path), mapdata=self.map_data)

    def to_gpkg(self, path: str | Path) -> Path:
        """A GeoPackage layer that opens styled in QGIS (the map's classes and colours)."""
        return export_gpkg(self.spec, _file(path), mapdata=self.map_data)

    def save_workspace(self, path: str | Path) -> Path:
        """A workspace file that the desktop app opens (File > Open workspace) on this map."""
        return save_workspace(Workspace.capture(maps=[self.spec], title=self.map_data.title()), _file(path))

    # -- notebooks ------------------------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        """The offline page, inline in Jupyter (in a sandboxed frame, so it needs no network)."""
        page = page_html(self.spec, mapdata=self.map_data)
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:560px;border:0" '
                f'sandbox="allow-scripts" title="{html.escape(self.map_data.title(), quote=True)}"></iframe>')

    def to_folium(self, **map_options):
        """A ``folium.Map`` of this map: the areas as a GeoJson layer (WGS84) in the same classes and colours,
        tooltips with name, value, rank and decile, a legend, and the sources and licences in the map's
        attribution, ready for your own folium layers and plugins.

        folium's page loads Leaflet and the basemap tiles from the web, as folium always does; placeviz's own
        ``to_html`` page works offline.
        """
        import folium  # lazy: folium (and branca) only for those who ask for a folium map

        gdf = self.data.to_crs(4326)
        lay = self.layer
        gdf["value_text"] = [lay.format_value(v) for v in gdf["value"]]
        for key in ("rank", "decile"):
            gdf[key] = gdf[key].astype("float64")
        xmin, ymin, xmax, ymax = gdf.total_bounds
        # the caller's own location and tiles (tiles=None: no basemap) before placeviz's defaults
        fmap = folium.Map(**{"location": [(ymin + ymax) / 2, (xmin + xmax) / 2], "tiles": "OpenStreetMap",
                             **map_options})
        if "location" not in map_options and "zoom_start" not in map_options:  # else the caller's own view
            fmap.fit_bounds([[ymin, xmin], [ymax, xmax]])
        fields, aliases = ["name", "code", "value_text"], ["Area", "Code", lay.label]
        if gdf["rank"].notna().any():
            fields += ["rank", "decile"]
            aliases += ["National rank (1 = worst)", "National decile (1 = worst)"]
        folium.GeoJson(
            json.loads(gdf[["code", "name", "value_text", "rank", "decile", "colour", "geometry"]].to_json(na="null")),
            name=html.escape(self.map_data.title()),
            style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": "#ffffff", "weight": 0.3,
                                      "fillOpacity": 0.85},
            tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, localize=True),
            attribution=html.escape(lay.source_line() + " " + boundary_attribution()),
        ).add_to(fmap)
        fmap.get_root().html.add_child(folium.Element(self._legend_html()))
        return fmap

    def _legend_html(self) -> str:
        rows = "".join(
            f'<div><span style="display:inline-block;width:14px;height:14px;margin-right:6px;'
            f'background:{html.escape(e.colour)};border:1px solid #888;vertical-align:middle"></span>'
            f"{html.escape(e.label)} ({int(e.count)})</div>" for e in self.classified.legend)
        return ('<div class="placeviz-legend" style="position:fixed;bottom:24px;left:12px;z-index:1000;'
                'background:#fff;padding:8px 10px;font:12px sans-serif;border:1px solid #999;max-width:320px">'
                f"<strong>{html.escape(self.layer.label)}</strong><br>{html.escape(self.map_data.period)}"
                f"{rows}</div>")


class Profile:
    """A place's profile: every briefing figure with its source, and the plain-English summary.

    ``figures`` maps each figure's id to its value (``profile.figures["residents"]``, also
    ``profile.residents``); the full records, with labels, units and sources, are in ``to_dict()``.
    """

    def __init__(self, profile: PlaceProfile):
        self._profile = profile
        self.sentences = so_what(profile)
        self.place = profile.place.name
        self.figures = {k: f.value for k, f in profile.figures.items()}

    def __repr__(self) -> str:
        return f"Profile({self.place!r}, {len(self.figures)} figures)"

    def __getattr__(self, name: str):
        """Each figure as an attribute too (``p.residents``; dots in an id read as underscores)."""
        figures = self.__dict__.get("figures", {})
        for key, value in figures.items():
            if key.replace(".", "_") == name:
                return value
        raise AttributeError(f"{self.place!r} has no figure {name!r}; its figures are {', '.join(figures)}")

    def to_dict(self) -> dict:
        return json.loads(to_json(self._profile, self.sentences))

    def to_text(self) -> str:
        return to_text(self._profile, self.sentences)

    def to_html(self) -> str:
        return to_html(self._profile, self.sentences)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.to_html(), quote=True)}" style="width:100%;height:600px;'
                f'border:0" sandbox="" title="Profile of {html.escape(self.place, quote=True)}"></iframe>')


def profile(place: str, hotspots: bool = True, seed: int | None = None) -> Profile:
    """The profile of a place, as ``placeviz profile`` prints it.

    >>> p = profile("Knowsley", hotspots=False)
    >>> p.figures["residents"] > 150_000, p.residents == p.figures["residents"]
    (True, True)
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise UserError(f"The hot spots' seed is a whole number, such as 12345, not {seed!r}.")
    return Profile(place_profile(resolve_place(place).name, with_hotspots=hotspots, seed=seed))


def brief(places: str | list[str], path: str | Path) -> Path:
    """A one-page brief for a meeting, as ``placeviz brief`` writes it: A4 landscape, ``path`` a .pdf or a
    .png, of one place or (a list of two) two side by side; returns the file's path. For example
    ``pv.brief("Knowsley", "knowsley.pdf")`` or ``pv.brief(["Knowsley", "Halton"], "pair.png")``."""
    from placeviz.export.brief import export_brief  # Qt: loaded when a brief is made

    names = [places] if isinstance(places, str) or not isinstance(places, (list, tuple)) else list(places)
    return export_brief([resolve_place(p).name for p in names], _file(path))


def slides(place: str, path: str | Path, compare: str | None = None, template: str | Path | None = None) -> Path:
    """An editable 16:9 slide deck (.pptx) for a meeting, as ``placeviz slides`` writes it: a slide per theme
    with its map, the change since 2019, sources and caveats; ``compare``, a second place beside the first;
    ``template``, your organisation's PowerPoint template. Returns the file's path. For example
    ``pv.slides("Knowsley", "knowsley.pptx", compare="Halton")``."""
    from placeviz.export.slides import export_slides  # Qt and python-pptx: loaded when a deck is made

    other = resolve_place(compare).name if compare else None
    return export_slides(resolve_place(place).name, _file(path), compare=other, template=template)


def compare(places: list[str], layers: list[str | Layer | UserLayer]) -> pd.DataFrame:
    """Places side by side: one row per place, columns ``<layer>_<period>_<measure>`` (value, national rank,
    percentile, decile, and the differences from the local authority, region, England and the first place),
    as ``placeviz compare -o x.csv`` writes them; ``attrs`` holds each layer's source, licences, caveats (such
    as that scores from different editions of the indices are not comparable) and the rows' notes.

    >>> t = compare(["Liverpool", "Wirral"], ["imd2019"])
    >>> list(t["place"])
    ['Liverpool', 'Wirral']
    """
    places = [places] if isinstance(places, str) else list(places)
    layers = [layers] if isinstance(layers, (str, Layer, UserLayer)) else list(layers)  # a tuple: of layers
    if not places or not layers:
        raise UserError("Choose at least one place and one layer to compare, such as compare(['Liverpool', "
                        "'Wirral'], ['imd2025']).")
    chosen = [_layer_and_year(x) for x in layers]
    table, notes = places_table(places, chosen)
    # where each column comes from, as the command line's notes beside its CSV say (the frame said nothing)
    table.attrs.update({
        "sources": {f"{lay.id}_{period_tag(lay, year)}": lay.source_line() for lay, year in chosen},
        "licences": sorted({lay.dataset.licence for lay, _ in chosen}),
        "caveats": list(dict.fromkeys(c for lay, _ in chosen for c in lay.caveats)),
        "notes": list(dict.fromkeys(notes)),
    })
    return table


def _layer_and_year(item) -> tuple[Layer, str | None]:
    """A layer to compare, and a year of its series: a layer, "layer:year" ("air_quality:2019") or (layer,
    year), as ``placeviz compare --layer LAYER:YEAR`` takes it."""
    if isinstance(item, tuple) and len(item) == 2:
        layer, year = item
    elif isinstance(item, str) and ":" in item:
        layer, year = item.split(":", 1)
    else:
        layer, year = item, None
    lay = get_layer(_layer_id(layer))
    return lay, checked_year(lay, year)
