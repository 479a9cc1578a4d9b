"""`placeviz layers` and `placeviz places`: what the bundle holds."""

from __future__ import annotations

import argparse

from placeviz.cli import mapargs
from placeviz.model.catalog import load_catalog
from placeviz.model.errors import UserError
from placeviz.model.names import normalise, suggestion

LAYERS_HELP = "List every layer: id, title, geography, period and source."
PLACES_HELP = "List the places you can map: England, regions, groups, local authorities (and wards, with --kind ward)."


def _table(rows: list[tuple[str, ...]], headers: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headers), line.format(*("-" * w for w in widths))]
    out += [line.format(*r) for r in rows]
    return "\n".join(x.rstrip() for x in out)


def add_layers_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--theme", help="only layers of this theme (deprivation, health, environment, work, population; any case)")
    p.add_argument("--details", metavar="LAYER", help="print the full description, caveats and licence of one layer")


def run_layers(args) -> int:
    cat = load_catalog()
    if args.details:
        layer = mapargs.layer_or_file(args.details)  # derived layers too (IMD change, overlap)
        d = layer.dataset
        print(f"{layer.title}  [{layer.id}]")
        print(f"Theme: {layer.theme}   Unit: {layer.unit_long or layer.unit}   Period: {layer.period}")
        print(f"Geography: {layer.geography_name}   Higher is worse: {layer.higher_is_worse}")
        print(f"\n{layer.description}\n")
        for c in layer.caveats:
            print(f"Caveat: {c}")
        print(f"\nPublisher: {d.publisher}\nDataset: {d.title}\nLicence: {d.licence}\nAttribution: {d.attribution}")
        return 0
    themes = sorted({x.theme for x in cat})
    theme = normalise(args.theme) if args.theme else None
    if theme is not None and theme not in themes:
        raise UserError(suggestion(args.theme, themes, "theme") + f" The themes are: {', '.join(themes)}.")
    rows = [(x.id, x.title, x.geography_name, x.period, x.dataset.publisher)
            for x in cat if theme is None or x.theme == theme]
    print(_table(rows, ("id", "title", "geography", "period", "source")))
    return 0


#: ``placeviz places --kind``: which places each kind lists
PLACE_KINDS = {
    "england": lambda p: p.kind == "england", "region": lambda p: p.kind == "region",
    "group": lambda p: p.kind == "group", "county": lambda p: "county" in p.group_type,
    "combined-authority": lambda p: "combined authority" in p.group_type,
    "icb": lambda p: p.group_type == "integrated care board", "la": lambda p: p.kind == "la",
    "ward": lambda p: p.kind == "ward",
}


def add_places_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=list(PLACE_KINDS), help="only places of this kind (group: every county, "
                   "combined authority and ICB as well as Cheshire and Merseyside; ward: the 6,784 May 2024 "
                   "wards, which the full list leaves out)")


def run_places(args) -> int:
    from placeviz.model.geography import list_places, list_wards, mapped_ward_codes  # lazy: pandas

    places = list_wards() if args.kind == "ward" else list_places()
    rows = [(p.listed_name, p.description, p.code or ("" if p.group_type else ", ".join(p.codes[:1])
                                                      + (" ..." if len(p.codes) > 1 else "")))
            for p in places if not args.kind or PLACE_KINDS[args.kind](p)]
    print(_table(rows, ("place", "kind", "code")))
    if not args.kind:
        print(f"\nAnd {len(mapped_ward_codes()):,} wards, as 'Anfield (Liverpool ward)': placeviz places --kind ward")
    return 0
