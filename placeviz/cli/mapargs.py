"""The map options every command shares, turned into one MapSpec with one set of defaults.

``placeviz gui``, ``export``, ``compare`` and ``profile`` all read their place, layer, year and classes
here, so a layer mapped from any command is coloured as the desktop app colours it
(``viewstate.classification_for``) unless the user says otherwise, and bad values get the same sentence.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from placeviz.analysis.derived import register_derived
from placeviz.model.catalog import Layer, load_catalog
from placeviz.model.classify import SCHEMES
from placeviz.model.names import normalise
from placeviz.model.spec import LEVELS, Classification, MapSpec
from placeviz.model.viewstate import classification_for, parse_breaks


def add_level_option(p: argparse.ArgumentParser, default: str | None = "lsoa") -> None:
    p.add_argument("--level", choices=LEVELS, default=default,
                   help="geography: neighbourhoods (lsoa, the default), msoa, ward (May 2024 wards, for 2021 "
                        "LSOA layers, through the best-fit lookup) or local authorities (la)")


#: --wards asked of a table, which has no map to draw them on
WARDS_ON_TABLES = ("--wards draws ward outlines on a map (html, png, svg or pdf); a table has no map to draw them "
                   "on: leave out --wards, or give each ward's figure with --level ward.")


def add_wards_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wards", action="store_true",
                   help="draw the May 2024 ward outlines over the map (each ward as the 2021 LSOAs best-fitted "
                        "to it, so they follow the neighbourhoods' edges)")


def add_classification_options(p: argparse.ArgumentParser, user_breaks: bool = True) -> None:
    """--scheme, --k, --palette, --reverse and (where a command can use them) --breaks."""
    schemes = [s for s in SCHEMES if user_breaks or s != "user"]
    p.add_argument("--scheme", choices=schemes,
                   help="classification (default: national deciles where the layer has them, else the "
                        "layer's own scheme, as in the desktop app)")
    p.add_argument("--k", type=int, help="number of classes, 2 to 12")
    p.add_argument("--palette", help="colour palette, e.g. RdYlBu, YlOrRd, viridis")
    p.add_argument("--reverse", action="store_true", help="reverse the palette")
    p.add_argument("--classes-from", choices=("england", "place"), default=None,
                   help="cut the classes on England's values at this level, so a colour means the same value in "
                        "every place (the default), or on the place's own areas only")
    if user_breaks:
        p.add_argument("--breaks", help="your own class breaks, comma-separated, e.g. 10,20,30 "
                                        "(implies --scheme user)")


def place_name(text: str) -> str:
    """The canonical name of a place the user typed (a clear error with suggestions when unknown)."""
    if normalise(text) == "england":
        return "England"  # no place lookup (and no pandas) for the commonest national map
    # lazy: the place table needs pandas, which the England PNG export never loads
    from placeviz.model.geography import resolve_place

    return resolve_place(text).name


def layer_or_file(text: str) -> Layer:
    """A catalog layer by id or title, a derived layer (IMD change), or the user's own file (table or
    raster) imported on the spot: what every option that takes a layer accepts."""
    path = Path(text).expanduser()
    if path.suffix and (path.exists() or "/" in text or "\\" in text):
        # lazy: the importer and pandas load only when a file is named, so bundled exports start fast
        from placeviz.imports import layer_from_file

        return layer_from_file(path)
    register_derived(text)  # IMD change, where disadvantages coincide: made when asked for
    return load_catalog().get(text)


def checked_year(layer: Layer, year) -> str | None:
    """``model.mapdata.checked_year``, loaded (with pandas) only when a year is given."""
    if year is None or str(year).strip() == "":
        return None
    from placeviz.model.mapdata import checked_year  # lazy: pandas

    return checked_year(layer, year)


def classification(args: argparse.Namespace, layer: Layer) -> Classification:
    """The desktop app's default classes for ``layer``, changed by --scheme, --k, --breaks, --palette,
    --reverse and --classes-from (see ``viewstate.classification_for``)."""
    breaks = getattr(args, "breaks", None)
    return classification_for(layer, scheme=args.scheme, k=args.k, palette=args.palette, reverse=args.reverse,
                              breaks=parse_breaks(breaks) if breaks else None,
                              classes_from=getattr(args, "classes_from", None))


def map_spec(args: argparse.Namespace, layer: Layer, place: str, year: str | None = None,
             title: str | None = None) -> MapSpec:
    """One map of ``layer`` over ``place`` (a canonical name) at --level, with the classes above and any
    --select'ed areas."""
    return MapSpec(place=place, level=args.level or "lsoa", layer=layer.id, year=checked_year(layer, year),
                   classification=classification(args, layer), title=title,
                   selection=tuple(getattr(args, "select", None) or ()), wards=bool(getattr(args, "wards", False)))
