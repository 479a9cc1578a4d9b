"""HTML map export: one self-contained page that works offline, small, safe, and shows what the canvas shows.

The page embeds Leaflet (from the xstatic-leaflet package), its own decoder and styles, and the map's data
as JSON. Geometry is stored once as a topology (shared borders once, see ``topology.py``) in British
National Grid metres snapped to a 5 m grid, so no point moves more than 3.6 m. Without a basemap the page
draws those metres directly on a flat Leaflet CRS (no reprojection, exact shapes, a true metric scale bar);
with ``basemap=True`` the page converts them to WGS84 in JavaScript (inverse transverse Mercator and the
Ordnance Survey's Helmert datum shift, good to a few metres) so they line up with web map tiles.

Classes and colours come from ``placeviz.model.classify.classify_map`` on the same MapSpec the desktop app
draws, so the exported legend, breaks and colours are the canvas's own. Every string from data or the user
reaches the page as JSON inside a non-executed script element (with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped) and is put into the document with ``textContent``. A Content-Security-Policy allows only the
page's own inline scripts (by hash) and no network access (except the tile server with a basemap).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import html
import json
import re
from functools import cache
from pathlib import Path

import numpy as np

from placeviz.export.outputs import check_ending, check_output
from placeviz.export.prepared import Prepared, as_specs, one_per_map, prepare
from placeviz.export.topology import (
    DEFAULT_QUANTUM,
    b64,
    build_topology,
    encode_ints,
    encode_polygons,
    varints,
)
from placeviz.export.ward_lines import inner_ward_arcs, place_ward_lines
from placeviz.model.catalog import (
    GEOGRAPHY_LEVEL,
    GEOGRAPHY_NAMES,
    boundary_attribution,
    load_catalog,
    names_attribution,
)
from placeviz.model.classify import map_caveats, pooled_bins, scheme_label, titled
from placeviz.model.errors import UserError
from placeviz.model.geography import attributes, boundaries
from placeviz.model.mapdata import map_data
from placeviz.model.palettes import NODATA_COLOUR
from placeviz.model.places import BIG_TOWN, NAMED_FROM, SUBURBS_BELOW, load_places
from placeviz.model.safe_files import atomic_write_text, check_target
from placeviz.model.spec import LEVEL_NAMES, WARD_OUTLINES_NOTE, ward_outlines_drawn
from placeviz.model.version import __version__

ASSETS = Path(__file__).with_name("assets")
BASEMAP_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
BASEMAP_ORIGIN = "https://tile.openstreetmap.org"
BASEMAP_ATTRIBUTION = "Basemap \u00a9 OpenStreetMap contributors (openstreetmap.org/copyright), ODbL."
_CODE = re.compile(r"^([A-Z]\d\d)(\d{6})$")


class HtmlExportError(UserError, ValueError):
    pass


# ---------------------------------------------------------------- assets

@cache
def leaflet_sources() -> tuple[str, str]:
    """Leaflet's minified script and stylesheet, from the xstatic-leaflet package, made request-free."""
    try:
        import xstatic.pkg.leaflet as xl
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise HtmlExportError(
            "HTML export needs the xstatic-leaflet package: install it with 'pip install xstatic-leaflet'."
        ) from exc
    base = Path(xl.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"\n?//# sourceMappingURL=\S*\s*$", "\n", js)
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"url\([^)]*\)", "none", css)  # marker and layer-control images are not used
    css = re.sub(r"behavior:\s*none;?", "", css)
    return js, css


@cache
def page_assets() -> tuple[str, str]:
    return ((ASSETS / "placeviz-map.js").read_text(encoding="utf-8"),
            (ASSETS / "placeviz-map.css").read_text(encoding="utf-8"))


def script_json(obj) -> str:
    """JSON safe to embed in an HTML <script> element: no ``</script>``, comment or entity can form."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


# ---------------------------------------------------------------- preparing maps

# ---------------------------------------------------------------- encoding

@cache
def _la_points() -> dict:
    """Local authority name -> (x, y) of a point inside it, from the bundled LA sets."""
    import shapely

    out = {}
    for s in ("lad24", "lad21", "lad19"):
        g = boundaries(s)
        pts = shapely.point_on_surface(g.geometry.values)
        for name, p in zip(g["name"], pts, strict=True):
            out.setdefault(name, (round(p.x), round(p.y)))
    return out


def ward_codes(md) -> np.ndarray | None:
    """Each area's ward (May 2024) where the wards are made of the map's own areas (2021 LSOAs), else None.
    A 2011 LSOA's ward is only the one holding most of its residents, so grouping 2011 LSOAs would draw other
    outlines than the wards' (and miss the four wards holding none): those maps take the wards' own lines."""
    if md.boundary_set != "lsoa21":
        return None
    a = attributes(md.boundary_set)
    return a.set_index("code")["ward24_code"].reindex(md.frame["code"]).fillna("").to_numpy(dtype=object)


def encode_geometry(frame, quantum: float = DEFAULT_QUANTUM, wards: np.ndarray | None = None) -> dict:
    """A frame's shapes and area attributes (codes, names, LAs, LA outlines and labels) for the page; with
    ``wards`` (each area's ward code), the arcs between areas of two wards of one LA, for ward outlines."""
    import shapely

    geoms = frame.geometry.values
    topo = build_topology(np.asarray(geoms), quantum)
    shape, refs = encode_polygons(topo)
    codes = frame["code"].astype(str).tolist()
    m = [_CODE.match(c) for c in codes]
    if codes and all(m) and len({x.group(1) for x in m}) == 1:
        nums = np.array([int(x.group(2)) for x in m], dtype=np.int64)
        code_enc = {"prefix": m[0].group(1), "width": 6, "nums": encode_ints(np.diff(nums, prepend=0))}
    else:
        code_enc = {"list": codes}
    # columns as Python lists first: iterating a pandas column of arrow strings makes each value one at a time
    # (about 3 us each, 0.15 s for England's names, authorities and neighbourhoods)
    lad_names = frame["lad_name"].fillna("").astype(str).tolist()
    lad_list = sorted(set(lad_names))
    lad_index = {n: i for i, n in enumerate(lad_list)}
    lad = np.array([lad_index[n] for n in lad_names], dtype=np.int64)
    names, with_lad = [], []
    for name, ln in zip(frame["name"].fillna("").astype(str).tolist(), lad_names, strict=True):
        if ln and name.startswith(ln + " "):
            names.append(name[len(ln) + 1:])
            with_lad.append(1)
        else:
            names.append(name)
            with_lad.append(0)
    # local-authority outlines: arcs with a different LA (or the outside) on either side
    owners = topo.arc_owners
    side = np.where(owners >= 0, lad[np.maximum(owners, 0)], -1)
    la_arcs = np.flatnonzero(side[:, 0] != side[:, 1])
    ward_arcs = None
    if wards is not None:  # wards are unions of LSOAs: their outlines are arcs of the same topology
        ward_index = {w: i for i, w in enumerate(sorted(set(wards)))}
        ward_arcs = inner_ward_arcs(owners, np.array([ward_index[w] for w in wards], dtype=np.int64), lad)
    # labels: one per LA at a point inside it, bigger LAs placed first in the page
    areas = shapely.area(np.asarray(geoms))
    la_area = np.bincount(lad, weights=areas, minlength=len(lad_list))
    pts = _la_points()
    labels = []
    for i, n in enumerate(lad_list):
        if not n:
            continue
        if n in pts:
            x, y = pts[n]
        else:
            members = np.flatnonzero(lad == i)
            big = members[np.argmax(areas[members])]
            p = shapely.point_on_surface(geoms[big])
            x, y = round(p.x), round(p.y)
        labels.append([n, x, y, round(float(la_area[i]) / 1e6, 2)])
    xmin, ymin, xmax, ymax = (float(v) for v in frame.total_bounds)
    out = {
        "places": encode_places(geoms, (xmin, ymin, xmax, ymax)),
        "n": len(frame), "quantum": topo.quantum, "origin": list(topo.origin),
        "arcs": topo.encode_arcs(), "shape": shape, "refs": refs,
        "codes": code_enc, "names": names, "nameWithLad": _plain_varints(with_lad), "ladNames": lad_list, "lad": _plain_varints(lad),
        "laArcs": encode_ints(np.diff(la_arcs, prepend=0)), "labels": labels,
        "bbox": [xmin, ymin, xmax, ymax],
    }
    if ward_arcs is not None and len(ward_arcs):  # a ward's own LSOAs have no line between wards
        out["wardArcs"] = encode_ints(np.diff(ward_arcs, prepend=0))
    # neighbourhood (MSOA) names, each once, and an index per area (0 = none): "in Anfield West"
    hoods = frame["neighbourhood"].fillna("").astype(str).tolist() if "neighbourhood" in frame else None
    if hoods is not None and any(hoods):
        hood_list = sorted(set(hoods) - {""})
        index = {n: i + 1 for i, n in enumerate(hood_list)}
        out["hoodNames"] = hood_list
        out["hood"] = _plain_varints(np.array([index.get(n, 0) for n in hoods], dtype=np.int64))
    return out


#: place kinds as one letter in the page (city, town, suburb), the order the page names them in
PLACE_KIND_CODES = {"city": "c", "town": "t", "suburb": "s"}
#: the page measures its scale in metres per CSS pixel, which is three quarters of a point (96 px = 72 pt)
POINTS_PER_CSS_PIXEL = 0.75


def label_rule() -> dict:
    """model.places' rule for which towns are named at a scale, for the page's script, in metres per CSS
    pixel: the page names what the printed map of the same scale names."""
    return {"namedFrom": [[scale * POINTS_PER_CSS_PIXEL, pop] for scale, pop in NAMED_FROM],
            "bigTown": BIG_TOWN, "suburbsBelow": SUBURBS_BELOW * POINTS_PER_CSS_PIXEL}


def encode_places(geoms, bbox) -> list:
    """The towns, cities and suburbs around a map, for the page's labels, most important first:
    [name, kind letter, x, y, population, 1 if inside the map's areas]. A map of England's thousands of areas
    carries cities and towns of 15,000 people or more; a smaller place also its suburbs and small towns."""
    import shapely

    places = load_places()
    if places is None:
        return []
    x, y = places.xy[:, 0], places.xy[:, 1]
    kinds, pop = places.kinds, places.population
    margin = 0.15 * max(bbox[2] - bbox[0], bbox[3] - bbox[1])
    keep = (x >= bbox[0] - margin) & (x <= bbox[2] + margin) & (y >= bbox[1] - margin) & (y <= bbox[3] + margin)
    if len(geoms) > 3000:  # the towns a county's map names at the least
        keep &= (kinds == "city") | ((kinds == "town") & (pop >= NAMED_FROM[-1][1]))
    idx = np.nonzero(keep)[0]
    tree = shapely.STRtree(np.asarray(geoms))
    hit = tree.query(shapely.points(places.xy[idx]), predicate="intersects")
    inside = np.zeros(len(idx), dtype=bool)
    inside[np.unique(hit[0])] = True
    if len(geoms) <= 3000:  # suburbs and small towns only inside the map's own areas; big names around it
        near = inside | (kinds[idx] == "city") | (pop[idx] >= BIG_TOWN)
        idx, inside = idx[near], inside[near]
    return [[str(places.names[i]), PLACE_KIND_CODES[kinds[i]], int(x[i]), int(y[i]), int(pop[i]), int(ins)]
            for i, ins in zip(idx, inside, strict=True)]


def _plain_varints(values) -> str:
    return b64(varints(np.asarray(values, dtype=np.int64)))


def _value_ints(values: np.ndarray, decimals: int) -> tuple[np.ndarray, np.ndarray]:
    """Values as integers at display precision (formatted exactly as Python formats them), and a NaN mask."""
    v = np.asarray(values, dtype="float64")
    missing = ~np.isfinite(v)
    out = np.zeros(len(v), dtype=np.int64)
    ok = np.flatnonzero(~missing)
    # as Python floats (the same digits), not numpy scalars made one at a time: four times as fast
    out[ok] = [int(f"{x:.{decimals}f}".replace(".", "")) for x in v[ok].tolist()]
    return out, missing


def _worse_words(layer) -> tuple[str, str]:
    if layer.theme == "deprivation" and layer.higher_is_worse:
        return "most deprived in England", "most deprived 10%"
    if layer.higher_is_worse is False:
        return "lowest in England", "lowest 10%"
    return "highest in England", "highest 10%"


def encode_layer(p: Prepared, geom_key: str) -> dict:
    """One map layer's values, classes, colours, legend and provenance for the page."""
    md, c, layer, spec = p.md, p.classified, p.md.layer, p.spec
    frame = md.frame
    decimals = 0 if layer.unit == "rank" else int(layer.decimals)
    vals, missing = _value_ints(frame["value"].to_numpy(), decimals)
    out = {
        "id": layer.id, "title": layer.title, "label": layer.label, "unit": layer.unit,
        "unitLong": layer.unit_long or "", "decimals": decimals, "period": md.period,
        "geographyName": GEOGRAPHY_NAMES.get(md.boundary_set, md.boundary_set),
        "sourceLine": layer.source_line(), "licence": layer.dataset.licence,
        "licenceUrl": layer.dataset.licence_url or "", "description": layer.description or "",
        "caveats": map_caveats(layer, md.boundary_set), "geom": geom_key,
        "values": encode_ints(vals, missing=missing),
        "classes": _plain_varints(c.classes + 1),
        "colours": list(c.colours), "nodataColour": NODATA_COLOUR,
        "legend": [{"label": e.label, "colour": e.colour, "count": int(e.count), "nodata": bool(e.nodata)}
                   for e in c.legend],
        "nRanked": md.n_ranked,
    }
    covered = c.extra.get("covered")
    if covered is not None:  # a layer covering part of the map: areas outside it are left unshaded
        out["covered"] = _plain_varints(np.asarray(covered, dtype=np.int64))
    out["worseWord"], out["worseDecile"] = _worse_words(layer)
    for key in ("lower", "upper"):  # a confidence interval, where the layer publishes one
        if key in frame:
            b, bad = _value_ints(frame[key].to_numpy(), decimals)
            out[key] = encode_ints(b, missing=bad)
    for key in ("rank", "decile"):
        if key in frame:
            r = frame[key].to_numpy(dtype="float64")
            bad = ~np.isfinite(r)
            out[key] = encode_ints(np.where(bad, 0, np.rint(r)).astype(np.int64), missing=bad)
    scheme = scheme_label(c)
    if c.k == 0:
        scheme = "No area has a value here"
    elif c.scheme != "national_deciles":
        scheme += f", {c.k} classes"
    if c.shared:
        scheme += " (one scale shared by every map on this page)"
    out["schemeLabel"] = scheme
    out["decileClasses"] = c.scheme == "national_deciles"
    out["notes"] = [n for n in (md.note, c.note) if n]
    title = titled(spec.title or md.title(), c)
    out["heading"] = title
    drawn = GEOGRAPHY_LEVEL.get(md.boundary_set, md.level)  # a layer published for bigger areas is drawn so
    parts = [md.place.name, LEVEL_NAMES.get(drawn, drawn), f"data {md.period}"]
    if layer.title not in title:
        parts.insert(0, layer.title)
    out["subtitle"] = " \u00b7 ".join(parts)
    return out


def page_data(panes: list[list[Prepared]], *, title: str | None = None, basemap: bool = False,
              quantum: float = DEFAULT_QUANTUM) -> dict:
    """The JSON the page reads: shared geometries, and per pane its layers."""
    geoms: dict = {}
    geom_keys: dict = {}
    out_panes = []
    for pane in panes:
        layers = []
        for p in pane:
            wards = ward_codes(p.md) if p.spec.wards else None
            key = (p.md.boundary_set, tuple(p.md.frame["code"].tolist()), p.md.place.name if p.spec.wards else None)
            if key not in geom_keys:
                geom_keys[key] = f"g{len(geom_keys)}"
                geoms[geom_keys[key]] = g = encode_geometry(p.md.frame, quantum, wards)
                # areas not made of 2021 LSOAs: the wards' own lines
                if wards is None and ward_outlines_drawn(p.spec.wards, p.md.boundary_set):
                    lines = place_ward_lines(p.md.place, quantum)
                    if lines is not None:
                        g["wardLines"] = lines
            layers.append(encode_layer(p, geom_keys[key]))
        out_panes.append({"heading": layers[0]["heading"], "layers": layers})
    first = panes[0][0]
    if title is None:
        title = _default_title(panes)
    if len(panes) == 1:
        subtitle = out_panes[0]["layers"][0]["subtitle"]
    else:
        subtitle = "Side by side; the maps move together. Hover an area for its figures."
    bd = load_catalog().datasets["boundaries"]
    boundaries = {"attribution": boundary_attribution(), "note": bd.notes + " Drawn snapped to a 5 m grid."}
    if any("hood" in g for g in geoms.values()):  # the names' own licence (Open Parliament Licence)
        boundaries["names"] = names_attribution()
    if any("wardArcs" in g or "wardLines" in g for g in geoms.values()):  # said only when lines are drawn
        boundaries["wards"] = WARD_OUTLINES_NOTE
    extent = first.spec.extent
    return {
        "version": 1, "title": title, "subtitle": subtitle, "geoms": geoms, "panes": out_panes,
        "basemap": {"url": BASEMAP_URL, "attribution": BASEMAP_ATTRIBUTION} if basemap else False,
        "boundaries": boundaries, "extent": list(extent) if extent else None,
        "selection": list(first.spec.selection), "labelRule": label_rule(),
        "madeWith": f"Made with placeviz {__version__} on {datetime.date.today().isoformat()}. "
                    "Hover (or tap) an area to see its figures; scroll or use + and \u2212 to zoom.",
    }


def _default_title(panes: list[list[Prepared]]) -> str:
    first = panes[0][0]
    if len(panes) == 1:
        return titled(first.spec.title or first.md.title(), first.classified)
    places = {pn[0].md.place.name for pn in panes}
    layers = [pn[0].md.layer for pn in panes]
    if len(places) == 1 and len({x.id for x in layers}) == len(layers):
        return " and ".join(x.label for x in layers) + f", {first.md.place.name}"
    if len({x.id for x in layers}) == 1:
        return f"{layers[0].title}: " + " and ".join(pn[0].md.place.name for pn in panes)
    return " compared with ".join(pn[0].spec.title or pn[0].md.title() for pn in panes)


def render_page(data: dict) -> str:
    """The complete HTML document for ``page_data``'s output."""
    leaflet_js, leaflet_css = leaflet_sources()
    app_js, app_css = page_assets()
    img_src = "data:" + (f" {BASEMAP_ORIGIN}" if data.get("basemap") else "")
    csp = (f"default-src 'none'; script-src {_csp_hash(leaflet_js)} {_csp_hash(app_js)}; "
           f"style-src 'unsafe-inline'; img-src {img_src}; font-src 'none'; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    title = html.escape(str(data["title"]), quote=True)
    subtitle = html.escape(str(data["subtitle"]), quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{html.escape(csp, quote=True)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"placeviz\">\n"
        f"<title>{title}</title>\n<style>{leaflet_css}</style>\n<style>{app_css}</style>\n</head>\n<body>\n"
        f"<header class=\"pv-header\"><h1 id=\"pv-title\">{title}</h1><p id=\"pv-subtitle\">{subtitle}</p></header>\n"
        "<main class=\"pv-main\"><div id=\"pv-maps\" role=\"region\" aria-label=\"Map\"></div>"
        "<aside id=\"pv-side\" aria-label=\"Legend and sources\" tabindex=\"0\"></aside>"
        # what the keyboard's area cursor is on, said by screen readers as it moves
        "<div id=\"pv-announce\" class=\"pv-sr-only\" role=\"status\" aria-live=\"polite\"></div></main>\n"
        "<noscript><p style=\"padding:1em\">This map needs JavaScript to draw.</p></noscript>\n"
        f"<script type=\"application/json\" id=\"placeviz-data\">{script_json(data)}</script>\n"
        f"<script>{leaflet_js}</script>\n<script>{app_js}</script>\n</body>\n</html>\n"
    )


def _check_path(path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise HtmlExportError(f"{path} is a folder: give a file name ending in .html.")
    check_output(path)  # first: never over a file the user imported, whatever else is wrong
    check_ending(path, (".html", ".htm"), "a web page")
    check_target(path)  # the folder exists and the file, if there is one, may be replaced
    return path


def _write(text: str, path) -> Path:
    """The page, whole or not at all: a failure leaves any previous file as it was."""
    return atomic_write_text(_check_path(path), text)


# ---------------------------------------------------------------- public API

def page_html(spec_or_specs, *, basemap: bool = False, title: str | None = None, bins=None, mapdata=None,
              quantum: float = DEFAULT_QUANTUM) -> str:
    """The self-contained HTML page of one map, or of several layers with a layer switcher, as text.

    ``spec_or_specs`` is a MapSpec or a list of them (each becomes a layer of the page; areas shared by
    several layers are stored once). ``bins`` forces class breaks (as a shared scale does on the canvas);
    ``mapdata`` (a MapData or list of them, one per spec) skips recomputing data the caller already has.
    """
    specs = as_specs(spec_or_specs)
    mds = one_per_map(mapdata, len(specs))
    prepared = [prepare(s, bins=bins, mapdata=m) for s, m in zip(specs, mds, strict=True)]
    return render_page(page_data([prepared], title=title, basemap=basemap, quantum=quantum))


def export_html(spec_or_specs, path, *, basemap: bool = False, title: str | None = None, bins=None,
                mapdata=None, quantum: float = DEFAULT_QUANTUM) -> Path:
    """Write ``page_html``'s page to ``path``."""
    _check_path(path)
    return _write(page_html(spec_or_specs, basemap=basemap, title=title, bins=bins, mapdata=mapdata,
                            quantum=quantum), path)


def export_html_compare(specs, path, shared_bins=None, *, basemap: bool = False, title: str | None = None,
                        mapdata=None, quantum: float = DEFAULT_QUANTUM) -> Path:
    """Write N maps side by side in one page, their views synchronised.

    ``shared_bins``: None gives each map its own breaks (as its spec says); True computes one set of breaks
    across all maps (mapclassify's pooled approach, via ``placeviz.model.classify.pooled_bins``); an array gives
    the breaks to use for all.
    """
    specs = as_specs(specs)
    _check_path(path)
    mds = one_per_map(mapdata, len(specs))
    if mds[0] is None:
        mds = [map_data(s.place, s.level, s.layer, s.year) for s in specs]
    bins = None
    if shared_bins is True:
        from placeviz.analysis.compare import one_measure  # here, as same_area_note below

        if not one_measure(m.layer for m in mds):  # IMD scores on a scale of years: "22.1 to 22.1 years"
            names = " and ".join(dict.fromkeys(m.layer.label for m in mds))
            raise HtmlExportError(f"One scale needs one measure: {names} are measured differently. Give each map "
                                  "its own scale, or compare one layer.")
        cls = specs[0].classification
        # national deciles are one national scale already
        bins = None if cls.scheme == "national_deciles" else pooled_bins([m.values for m in mds], cls)
    elif shared_bins is not None and shared_bins is not False:
        bins = np.asarray(shared_bins, dtype="float64")
    # a ward beside its council on a council layer: the page says why its maps are one area twice
    from dataclasses import replace

    from placeviz.analysis.compare import same_area_note  # here: the single page never needs it

    same = same_area_note(mds, "Both maps show" if len(mds) == 2 else "The maps all show", "")
    if same:
        mds = [replace(m, note=" ".join(x for x in (m.note, same) if x)) for m in mds]
    prepared = [[prepare(s, bins=bins, mapdata=m)] for s, m in zip(specs, mds, strict=True)]
    data = page_data(prepared, title=title, basemap=basemap, quantum=quantum)
    return _write(render_page(data), path)
