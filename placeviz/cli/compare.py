"""`placeviz compare`: places side by side on one scale, or one place between two layers or periods.

Two forms:

- ``placeviz compare --place A --place B --layer L -o out.(csv|html|png)``: the places (local authorities,
  regions, groups, England; in CSV also LSOAs and MSOAs by code or name) compared on one or more layers.
  CSV: one row per place. Maps: one per place, on one shared scale (pooled breaks) unless
  ``--own-scales``.
- ``placeviz compare --place P --layer imd2019 --layer imd2025 -o out.(csv|html|png)``: every area of P
  between two layers, or two years of one layer (``--layer air_quality:2015 --layer air_quality:2021``).
  IMD 2015 -> 2019 compares each 2011 LSOA with itself; IMD 2019 -> 2025 goes through the ONS LSOA lookup
  and flags split, merged and irregular areas (see ``placeviz.analysis.change``). CSV: one row per area.
  Maps: both layers and the change.

CSV header: the column names themselves carry the layer id and period (``imd2019_2019_decile``,
``air_quality_2015_value``, ``imd_decile_change_2019_2025``), with one plain header row. Chosen over
``#`` comment lines because every reader (pandas with no options, R, Excel, databases) then loads it
unchanged and a column keeps its meaning when copied out of the file on its own; ``#`` lines need
``comment="#"``, which also cuts any field containing ``#``. The method (what was compared and why) and
the sources go into a sidecar ``<name>.csv.txt``, as for map CSVs, and are printed when the file is written.

Imports of analysis, export and the importer sit inside the functions that use them, on purpose: `placeviz`
builds every command's parser at start-up, and pandas or Qt must not load for a command that does not
need them (the England PNG export stays pandas-free).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from placeviz.cli import mapargs
from placeviz.model.catalog import Layer

HELP = ("Compare places on one scale, or one place between two layers or periods "
        "(e.g. IMD 2019 -> 2025), as CSV, HTML or PNG.")
FORMATS = (".csv", ".html", ".htm", ".png")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.epilog = (
        "examples:\n"
        "  placeviz compare --place Liverpool --place Manchester --layer imd2019 -o two.csv\n"
        "  placeviz compare --place Liverpool --place Wirral --layer life_expectancy_male --level msoa -o two.html\n"
        "  placeviz compare --place Liverpool --layer imd2019 --layer imd2025 -o change.csv\n"
        "  placeviz compare --place 'North West' --layer air_quality:2015 --layer air_quality:2021 --level la "
        "-o aq.png\n"
        "  placeviz compare --place Liverpool --layer imd2019 -o ranking.csv\n\n"
        "CSV columns are named <layer>_<period>_<measure>; a <name>.csv.txt beside the file gives the method,\n"
        "sources and caveats.")
    p.add_argument("--place", action="append", required=True, metavar="PLACE",
                   help="a place (repeat for each): local authority, region, 'Liverpool City Region', "
                        "a ward ('Anfield (Liverpool ward)'), England; in CSV also an LSOA/MSOA code or name")
    p.add_argument("--layer", action="append", required=True, metavar="LAYER[:YEAR]",
                   help="a layer id (repeat); LAYER:YEAR for a year of a layer's series")
    p.add_argument("-o", "--output", required=True, help="output file: .csv, .html or .png")
    mapargs.add_level_option(p)
    mapargs.add_wards_option(p)
    mapargs.add_classification_options(p, user_breaks=False)
    p.add_argument("--own-scales", action="store_true",
                   help="give each map its own breaks instead of one shared scale")
    p.add_argument("--title", default=None, help="title of the HTML page or image")
    p.add_argument("--bivariate", action="store_true",
                   help="with one --place and two --layer: a 3 x 3 bivariate classification (.csv)")


def _layer_arg(text: str) -> tuple[Layer, str | None]:
    """LAYER or LAYER:YEAR, where LAYER is a layer id or the user's own table or raster file."""
    name, sep, year = text.partition(":")
    if sep and not year.strip().isdigit():  # a colon that is not LAYER:YEAR (e.g. in a file name)
        name, year = text, ""
    layer = mapargs.layer_or_file(name.strip())
    return layer, mapargs.checked_year(layer, year)


def _suffix(path: str) -> str:
    from placeviz.analysis.compare import CompareError

    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise CompareError(f"Cannot write {Path(path).name!r}: name the output .csv, .html or .png.")
    return ".html" if suffix == ".htm" else suffix


def run(args) -> int:
    from placeviz.analysis.compare import CompareError

    suffix = _suffix(args.output)
    layers = [_layer_arg(x) for x in args.layer]
    _check_output(args.output)  # after the layers: a file named as a layer is imported (and so known) by now
    if len(args.place) >= 2:
        if args.bivariate:  # it wrote an ordinary table of the places, without a word
            raise CompareError("--bivariate sets two layers of one place against each other: give one --place and "
                               "two --layer, or leave out --bivariate to compare places.")
        return _run_places(args, layers, suffix)
    if args.bivariate:
        if len(layers) != 2:
            raise CompareError("A bivariate map needs exactly two --layer.")
        return _run_bivariate(args, layers, suffix)
    if len(layers) == 2:
        return _run_periods(args, layers, suffix)
    if len(layers) == 1 and suffix == ".csv":
        return _run_ranking(args, layers[0])
    raise CompareError("Give two or more --place to compare places, or one --place with two --layer "
                       "(e.g. --layer imd2019 --layer imd2025) to compare periods; one --place with one "
                       "--layer writes a ranking table (.csv).")


# --- one place, one layer: the ranking table ---------------------------------------------------

def _run_ranking(args, layer_year) -> int:
    from placeviz.analysis.compare import period_tag, ranking_table
    from placeviz.model.classify import map_caveats
    from placeviz.model.mapdata import target_set

    layer, year = layer_year
    table = ranking_table(args.place[0], layer, args.level, year)
    tag = f"{layer.id}_{period_tag(layer, year)}"
    table = table.rename(columns={"value": f"{tag}_value", "rank": f"{tag}_national_rank",
                                  "decile": f"{tag}_decile", "percentile": f"{tag}_percentile",
                                  "lad_name": "local_authority"})
    if table[f"{tag}_decile"].isna().all():
        table = table.drop(columns=[f"{tag}_decile"])
    lines = [f"Ranking of every area of {args.place[0]} for {layer.title} ({year or layer.period}); "
             "written by placeviz.", "",
             "place_rank: 1 = the worst area of the place; national_rank: 1 = the worst in England; "
             "percentile: share of England's areas with a lower value; rank_basis: official (the published "
             "rank: IoD ranks of neighbourhoods, File 10 ranks of local authorities) or computed by placeviz.", "", layer.source_line(),
             *[f"Caveat: {c}" for c in map_caveats(layer, target_set(layer, args.level)[0])]]
    path = _write_table(table, args.output, "\n".join(lines) + "\n")
    print(f"Wrote {path}: {len(table)} areas ranked.")
    return 0


# --- bivariate ----------------------------------------------------------------------------------

def _run_bivariate(args, layers, suffix) -> int:
    import pandas as pd

    from placeviz.analysis.bivariate import bivariate_map
    from placeviz.analysis.compare import CompareError, period_tag

    if len(args.place) != 1:
        raise CompareError("A bivariate map is of one place: give one --place.")
    if suffix != ".csv":
        raise CompareError("Bivariate maps are written as .csv here (the desktop app draws them); "
                           "name the output .csv.")
    (lx, yx), (ly, yy) = layers
    b = bivariate_map(args.place[0], lx, ly, args.level, yx, yy)
    f = b.frame
    ax, ay = f"{lx.id}_{period_tag(lx, yx)}", f"{ly.id}_{period_tag(ly, yy)}"
    hx, hy = ("worse" if x.higher_is_worse is not None else "highest" for x in (lx, ly))
    out = pd.DataFrame({"code": f["code"], "name": f["name"],
                        "neighbourhood": f.get("neighbourhood", pd.Series("", index=f.index)).fillna(""),
                        "local_authority": f["lad_name"], f"{ax}_value": f["x"], f"{ay}_value": f["y"],
                        f"{ax}_third_3_is_{hx}": f["x_class"].where(f["x_class"] >= 0) + 1,
                        f"{ay}_third_3_is_{hy}": f["y_class"].where(f["y_class"] >= 0) + 1,
                        "colour": f["colour"]})
    text = b.legend_description() + "\n\n" + "\n".join(x.source_line() for x in (lx, ly)) + "\n"
    path = _write_table(out, args.output, text)
    print(f"Wrote {path}: {len(out)} areas at {b.level_name} level. {b.note}".rstrip())
    return 0


# --- first form: places side by side ----------------------------------------------------------

def _run_places(args, layers, suffix) -> int:
    from placeviz.analysis.compare import CompareError
    from placeviz.analysis.compare_tables import places_table

    if suffix == ".csv":
        if args.wards:
            raise CompareError(mapargs.WARDS_ON_TABLES)
        if args.level != "lsoa":  # it was passed over without a word
            raise CompareError("A table of places gives each place's own figures, at no level of areas: leave out "
                               "--level, or write .png or .html for maps at that level.")
        table, notes = places_table(args.place, layers)
        path = _write_table(table, args.output, _places_text(table, layers, notes))
        print(f"Wrote {path}: {len(table)} places x {len(layers)} layer(s).")
        return 0
    if len(layers) != 1:
        raise CompareError("Maps compare places on one layer at a time: give one --layer, or write .csv "
                           "to compare several layers.")
    from placeviz.model.geography import UnknownPlaceError

    layer, year = layers[0]
    specs = []
    for p in args.place:
        try:
            place = mapargs.place_name(p)
        except UnknownPlaceError as exc:
            raise CompareError(f"{exc} Maps compare places (a local authority, region, group, ward or England); "
                               "LSOAs and MSOAs can be compared in a .csv.") from None
        specs.append(mapargs.map_spec(args, layer, place, year))
    _refuse_one_area_twice(specs)
    shared = not args.own_scales
    names = [s.place for s in specs]
    title = args.title or f"{layer.title}: {', '.join(names[:-1])} and {names[-1]}"
    path = _write_maps(specs, args.output, suffix, shared, title)
    scale = "one shared scale" if shared else "each its own scale"
    print(f"Wrote {path}: {len(specs)} maps of {layer.label}, {scale}.")
    return 0


def _places_text(table, layers, notes) -> str:
    lines = ["Comparison of places written by placeviz.", "",
             "Columns are named <layer id>_<period>_<measure>. value: the layer's value (population-weighted "
             "mean of the layer's own areas for bigger areas; on the IMD layers, the average score that is "
             "ranked: the official one where rank_basis is official); rank: 1 = worst in England among areas of the "
             "same kind (n_ranked of them); rank_basis: official (published: IoD neighbourhood ranks, File 10 "
             "local-authority ranks, the IoD 2025 ICB summary) or computed by placeviz; ranked_among: the set "
             "ranked; percentile: share of those areas with a lower value; "
             "diff_*: value minus the local authority's, region's or England's figure (on the IMD layers the "
             "average score that is ranked; beside OHID's life expectancy, England's published figure; else the "
             "population-weighted mean of the layer's areas); "
             "diff_vs_<place>: value minus the first place's.", ""]
    for layer, year in layers:
        lines.append(f"{layer.id}: {layer.title} ({year or layer.period}). {layer.source_line()}")
        lines += [f"  Caveat: {c}" for c in layer.caveats]
    if notes:
        lines += ["", "Notes:", *[f"  {n}" for n in dict.fromkeys(notes)]]
    return "\n".join(lines) + "\n"


# --- second form: one place, two layers or periods ---------------------------------------------

def _run_periods(args, layers, suffix) -> int:
    from placeviz.analysis.compare import one_measure
    from placeviz.analysis.compare_tables import periods_table


    table, text, specs, summary = periods_table(args.place[0], layers, args.level)
    if args.scheme or args.k or args.palette or args.reverse:  # the user's classes for the two layers' maps
        specs[:2] = [s.with_(classification=mapargs.classification(args, layer))
                     for s, (layer, _) in zip(specs[:2], layers, strict=True)]
    if suffix == ".csv":
        path = _write_table(table, args.output, text)
        print(f"Wrote {path}: {len(table)} area{'s' if len(table) != 1 else ''}.")
        if summary is not None:
            sp = Path(args.output).with_name(Path(args.output).stem + "_by_local_authority.csv")
            _write_table(summary, sp, None)
            print(f"Wrote {sp}: the same change summarised per local authority.")
        print(text.split("\n\n")[1] if "\n\n" in text else text)
        return 0
    (la, ya), (lb, yb) = layers[0], layers[1]
    # one scale where the two measure one thing: two measures each keep their own, on the page as in the image
    same_scale = specs[0].classification.scheme != "national_deciles" and not args.own_scales and one_measure(
        (la, lb))
    # two years of one layer: its name once, with both years ("Air pollution (PM2.5) and Air pollution (PM2.5)")
    title = args.title or (f"{la.label}, {ya or la.period} and {yb or lb.period}: {specs[0].place}" if la.id == lb.id
                           else f"{la.label} and {lb.label}: {specs[0].place}")
    path = _write_maps(specs, args.output, suffix, same_scale if len(specs) == 2 else None, title)
    print(f"Wrote {path}: {len(specs)} maps.")
    return 0


# --- writing ------------------------------------------------------------------------------------

def _write_table(frame, path, sidecar_text: str | None) -> Path:
    from placeviz.analysis.compare import write_csv
    from placeviz.model.catalog import names_attribution
    from placeviz.model.safe_files import FileWriteError, atomic_write_text

    if sidecar_text and "neighbourhood" in frame and frame["neighbourhood"].astype(bool).any():
        # the neighbourhood names' own licence (Open Parliament Licence), beside the data's
        sidecar_text = sidecar_text.rstrip("\n") + "\n" + names_attribution() + "\n"
    side = Path(path).with_name(Path(path).name + ".txt")
    _check_output(side if sidecar_text else path)
    if sidecar_text:
        from placeviz.export.outputs import check_sidecar

        check_sidecar(side)
    out = write_csv(frame, path)
    if sidecar_text:
        try:
            atomic_write_text(side, sidecar_text)
        except FileWriteError as exc:
            raise FileWriteError(f"Wrote {out.name} but not its notes file: {exc}") from None
    return out


def _check_output(path) -> None:
    """Refuse an output that is one of the files being compared (``--layer mine.csv -o mine.csv``), or any
    file the user imported."""
    from placeviz.export.outputs import check_output

    check_output(path)


def _refuse_one_area_twice(specs) -> None:
    """Maps that would all show one area (a ward beside its own council on a council layer) get a sentence
    instead. Only places with a ward among them are checked (the check reads each map's areas)."""
    from placeviz.analysis.compare import CompareError, same_area_note
    from placeviz.model.geography import resolve_place
    from placeviz.model.mapdata import map_data

    if not any(resolve_place(s.place).kind == "ward" for s in specs):
        return
    mds = [map_data(s.place, s.level, s.layer, s.year, geometry=False) for s in specs]
    sentence = same_area_note(mds, "Every map would show", "Choose a layer for neighbourhoods (such as imd2025), "
                              "or write a .csv to compare the places' figures.")
    if sentence:
        raise CompareError(sentence)


def _write_maps(specs, path, suffix, shared, title) -> Path:
    # imported here, as in every command module, so that `placeviz --help` starts without them
    shared_bins = True if shared else None
    if suffix == ".html":
        from placeviz.export.html import export_html_compare

        return export_html_compare(specs, path, shared_bins=shared_bins, title=title)
    from placeviz.export.static import export_static_compare

    return export_static_compare(specs, path, shared_bins=shared_bins, title=title)
