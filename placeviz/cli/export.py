"""`placeviz export FORMAT`: write a map as an HTML page, a table (CSV, GeoPackage) or an image.

    placeviz export html --place "Cheshire and Merseyside" --layer imd2019 -o map.html
    placeviz export html --place England --layer imd2019 --layer imd2019_income -o england.html
    placeviz export csv  --place Liverpool --layer life_expectancy_male --level msoa -o le.csv
    placeviz export png  --place Wirral --layer imd2019 --paper A4 --orientation landscape -o wirral.png

Images (png, svg, pdf) are drawn by ``placeviz.export.static.export_static``, the same painter as the
desktop canvas.

Imports of analysis, export and the importer sit inside the functions that use them, on purpose: `placeviz`
builds every command's parser at start-up, and pandas or Qt must not load for a command that does not
need them (the England PNG export stays pandas-free).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from placeviz.cli import mapargs
from placeviz.model.errors import UserError
from placeviz.model.spec import MapSpec

FORMATS = ("html", "csv", "gpkg", "png", "svg", "pdf")
IMAGE_FORMATS = ("png", "svg", "pdf")
#: the layer of an atlas asked for without --layer (the README's example): the desktop app's first map
ATLAS_DEFAULT_LAYER = "imd2019"
HELP = "Export a map as a self-contained HTML page, CSV or GeoPackage table, or PNG/SVG/PDF image."


class ExportArgumentError(UserError, ValueError):
    pass


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format", choices=FORMATS, help="what to write: html, csv, gpkg, png, svg or pdf")
    p.add_argument("--place", required=True, help='England, a region, "Cheshire and Merseyside", '
                   '"Liverpool City Region", a local authority (name or code) or a ward '
                   '("Anfield (Liverpool ward)"; placeviz places --kind ward)')
    p.add_argument("--layer", action="append", metavar="LAYER",
                   help="layer id (see 'placeviz layers'); repeat for several layers in one file "
                   f"(an --atlas without it maps {ATLAS_DEFAULT_LAYER})")
    mapargs.add_level_option(p)
    mapargs.add_wards_option(p)
    mapargs.add_classification_options(p)
    p.add_argument("--title", help="map title (default: layer and place)")
    p.add_argument("--year", help="year, for layers with a yearly series")
    p.add_argument("-o", "--output", required=True, help="file to write")
    p.add_argument("--basemap", action="store_true",
                   help="html: add a web basemap (OpenStreetMap tiles; the page then needs the internet)")
    p.add_argument("--compare", action="store_true",
                   help="html: put the layers side by side (views move together) instead of a layer switcher")
    p.add_argument("--shared-scale", action="store_true",
                   help="html --compare: one set of class breaks across all the maps")
    img = p.add_argument_group("images (png, svg, pdf)")
    img.add_argument("--width", type=int, help="png, svg: image width in pixels (alone, the height keeps the 4:3 of "
                                               "the default 1600 x 1200)")
    img.add_argument("--height", type=int, help="png, svg: image height in pixels (alone, the width keeps 4:3)")
    img.add_argument("--dpi", type=int, help="resolution, dots per inch")
    img.add_argument("--paper", choices=("A4", "A3"), help="page size")
    img.add_argument("--orientation", choices=("portrait", "landscape"), help="page orientation")
    img.add_argument("--atlas", action="store_true", help="one page per local authority (pdf)")


def specs_from_args(args: argparse.Namespace) -> list[MapSpec]:
    """One MapSpec per --layer, with the classification the desktop app would choose unless overridden."""
    place = mapargs.place_name(args.place)
    layer_ids = args.layer
    if not layer_ids:
        if not args.atlas:
            raise ExportArgumentError("Say which layer to map with --layer, e.g. --layer imd2019 "
                                      "('placeviz layers' lists them).")
        layer_ids = [ATLAS_DEFAULT_LAYER]
    return [mapargs.map_spec(args, mapargs.layer_or_file(layer_id), place, args.year, args.title)
            for layer_id in layer_ids]


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def run(args) -> int:
    out = Path(args.output)
    specs = specs_from_args(args)
    fmt = args.format
    if args.compare and fmt != "html":
        raise ExportArgumentError("--compare is for html only.")
    if args.wards and fmt in ("csv", "gpkg"):
        raise ExportArgumentError(mapargs.WARDS_ON_TABLES)
    if fmt == "html":
        from placeviz.export.html import export_html, export_html_compare

        if args.compare:
            if len(specs) < 2:
                raise ExportArgumentError("--compare needs at least two --layer options.")
            export_html_compare(specs, out, shared_bins=True if args.shared_scale else None,
                                basemap=args.basemap, title=args.title)
        else:
            export_html(specs, out, basemap=args.basemap, title=args.title)
        print(f"Wrote {out} ({_size(out)}): opens offline in any web browser"
              + (" (the basemap needs the internet)" if args.basemap else "") + ".")
        return 0
    if fmt == "csv":
        from placeviz.export.tables import export_csv

        export_csv(specs, out)
        print(f"Wrote {out} ({_size(out)}) and its sources and licence in {out}.txt.")
        return 0
    if fmt == "gpkg":
        import pyogrio

        from placeviz.export.tables import export_gpkg

        export_gpkg(specs, out)
        written = [s.layer for s in specs]
        kept = [name for name, _ in pyogrio.list_layers(out) if name not in (*written, "layer_styles")]
        print(f"Wrote {out} ({_size(out)}): layers {', '.join(written)}, EPSG:27700"
              + (f"; its other layers are kept: {', '.join(kept)}." if kept else "."))
        return 0
    return _run_static(specs, out, fmt, args)


def _run_static(specs, out: Path, fmt: str, args) -> int:
    from placeviz.export.static import export_static  # lazy: Qt loads only for images
    # 'is not None', not truthiness: --width 0 must reach the check that refuses it, not become the default
    options = {k: getattr(args, k) for k in ("width", "height", "dpi", "paper", "orientation")
               if getattr(args, k) is not None}
    if args.basemap:
        options["basemap"] = True
    if args.atlas:
        options["atlas"] = True
    if not out.parent.exists():
        raise ExportArgumentError(f"The folder {out.parent} does not exist: create it or choose another place.")
    paths = [out] if len(specs) == 1 else [out.with_name(f"{out.stem}_{s.layer}{out.suffix}") for s in specs]
    for spec, path in zip(specs, paths, strict=True):
        export_static(spec, path, fmt, **options)
        print(f"Wrote {path}.")
    return 0
