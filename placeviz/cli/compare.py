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
"""

from __future__ import annotations

import argparse
from pathlib import Path

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
                        "England; in CSV also an LSOA/MSOA code or name")
    p.add_argument("--layer", action="append", required=True, metavar="LAYER[:YEAR]",
                   help="a layer id (repeat); LAYER:YEAR for a year of a layer's series")
    p.add_argument("-o", "--output", required=True, help="output file: .csv, .html or .png")
    p.add_argument("--level", choices=["lsoa", "msoa", "la"], default="lsoa",
                   help="geography of the maps and of the second form's rows (default lsoa)")
    from placeviz.model.classify import SCHEMES

    p.add_argument("--scheme", default=None, choices=[x for x in SCHEMES if x != "user"],
                   help="classification for the maps (default: the layer's own, e.g. national deciles)")
    p.add_argument("--k", type=int, default=None, help="number of classes (default 5, or 10 for deciles)")
    p.add_argument("--palette", default=None, help="palette name (see the desktop app's list)")
    p.add_argument("--own-scales", action="store_true",
                   help="give each map its own breaks instead of one shared scale")
    p.add_argument("--title", default=None, help="title of the HTML page or image")
    p.add_argument("--bivariate", action="store_true",
                   help="with one --place and two --layer: a 3 x 3 bivariate classification (.csv)")


def _layer_arg(text: str):
    """LAYER or LAYER:YEAR, where LAYER is a layer id or the user's own table or raster file."""
    from placeviz.cli.mapargs import layer_or_file
    from placeviz.model.mapdata import LayerDataError, no_year_message

    name, sep, year = text.partition(":")
    if sep and not year.strip().isdigit():  # a colon that is not LAYER:YEAR (e.g. in a file name)
        name, year = text, ""
    layer = layer_or_file(name.strip())
    year = year.strip() or None
    if year is not None and year not in layer.series:
        raise LayerDataError(no_year_message(layer, year))
    return layer, year


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
    if len(args.place) >= 2:
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
             "percentile: share of England's areas with a lower value.", "", layer.source_line(),
             *[f"Caveat: {c}" for c in layer.caveats]]
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
    out = pd.DataFrame({"code": f["code"], "name": f["name"], "local_authority": f["lad_name"],
                        f"{ax}_value": f["x"], f"{ay}_value": f["y"],
                        f"{ax}_third_3_is_{hx}": f["x_class"].where(f["x_class"] >= 0) + 1,
                        f"{ay}_third_3_is_{hy}": f["y_class"].where(f["y_class"] >= 0) + 1,
                        "colour": f["colour"]})
    text = b.legend_description() + "\n\n" + "\n".join(x.source_line() for x in (lx, ly)) + "\n"
    path = _write_table(out, args.output, text)
    print(f"Wrote {path}: {len(out)} areas at {b.level_name} level. {b.note}".rstrip())
    return 0


# --- first form: places side by side ----------------------------------------------------------

def places_table(places, layers) -> tuple:
    """One row per place; columns named <layer>_<period>_<measure>. Returns (frame, notes)."""
    import numpy as np
    import pandas as pd

    from placeviz.analysis.compare import compare_areas, period_tag, resolve_area

    areas = [resolve_area(p) for p in places]
    out = pd.DataFrame({"place": [a.name for a in areas], "code": [a.code for a in areas],
                        "kind": [a.kind for a in areas]})
    notes = []
    for layer, year in layers:
        long = compare_areas(areas, [layer], years={layer.id: year} if year else None)
        tag = f"{layer.id}_{period_tag(layer, year)}"
        for measure in ("value", "rank", "n_ranked", "percentile", "decile", "la_value", "diff_la",
                        "region_value", "diff_region", "england_value", "diff_england"):
            col = long[measure].to_numpy()
            if measure == "decile" and np.isnan(col.astype("float64")).all():
                continue
            out[f"{tag}_{measure}"] = col
        first = long["value"].iloc[0]
        out[f"{tag}_diff_vs_{_slug(areas[0].name)}"] = long["value"].to_numpy() - first
        out[f"{tag}_note"] = long["note"].to_numpy()
        notes += [n for n in long["note"] if n]
    return out, notes


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "first"


def _classification(args, layer):
    from placeviz.analysis.compare import CompareError
    from placeviz.model.spec import Classification

    scheme = args.scheme or layer.default_scheme
    if scheme == "national_deciles" and not layer.has_deciles:
        if args.scheme:
            raise CompareError(f"{layer.label} has no national deciles: choose --scheme quantiles, equal_interval, "
                               "fisher_jenks or std_mean.")
        scheme = "quantiles"
    if scheme == "user":
        scheme = "quantiles"
    k = args.k or (10 if scheme == "national_deciles" else 5)
    kw = {"scheme": scheme, "k": k}
    if args.palette:
        kw["palette"] = args.palette
    return Classification(**kw)


def _run_places(args, layers, suffix) -> int:
    from placeviz.analysis.compare import CompareError
    from placeviz.model.spec import MapSpec

    if suffix == ".csv":
        table, notes = places_table(args.place, layers)
        path = _write_table(table, args.output, _places_text(table, layers, notes))
        print(f"Wrote {path}: {len(table)} places x {len(layers)} layer(s).")
        return 0
    if len(layers) != 1:
        raise CompareError("Maps compare places on one layer at a time: give one --layer, or write .csv "
                           "to compare several layers.")
    from placeviz.model.geography import resolve_place

    layer, year = layers[0]
    specs = []
    for p in args.place:
        try:
            place = resolve_place(p)
        except Exception:
            raise CompareError(f"{p!r} is not a place that can be mapped (a local authority, region, group "
                               "or England); LSOAs and MSOAs can be compared in a .csv.") from None
        specs.append(MapSpec(place=place.name, level=args.level, layer=layer.id, year=year,
                             classification=_classification(args, layer)))
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
             "mean of the layer's own areas for bigger areas); rank: 1 = worst in England among areas of the "
             "same kind (n_ranked of them); percentile: share of those areas with a lower value; "
             "diff_*: value minus the local authority's, region's or England's population-weighted mean; "
             "diff_vs_<place>: value minus the first place's.", ""]
    for layer, year in layers:
        lines.append(f"{layer.id}: {layer.title} ({year or layer.period}). {layer.source_line()}")
        lines += [f"  Caveat: {c}" for c in layer.caveats]
    if notes:
        lines += ["", "Notes:", *[f"  {n}" for n in dict.fromkeys(notes)]]
    return "\n".join(lines) + "\n"


# --- second form: one place, two layers or periods ---------------------------------------------

def periods_table(place, layers, level: str = "lsoa") -> tuple:
    """One row per area of ``place`` with both layers' values, the change and any flag.

    Returns (frame, method text, specs for the maps)."""
    from placeviz.analysis.change import edition_pair
    from placeviz.analysis.compare import CompareError

    (la, ya), (lb, yb) = layers
    pair = edition_pair(la.id, lb.id)
    if pair is not None and ya is None and yb is None:
        return _imd_table(place, pair[0], la, lb, pair[1])
    if edition_pair(lb.id, la.id) is not None:
        raise CompareError(f"Give the earlier edition first: --layer {lb.id} --layer {la.id}.")
    return _generic_table(place, la, ya, lb, yb, level, CompareError)


def _imd_table(place, period, la, lb, domain="imd"):
    import pandas as pd

    from placeviz.analysis.change import DECILE_CHANGE_BREAKS, change_layer, change_layer_id, imd_change
    from placeviz.model.spec import Classification, MapSpec

    ch = imd_change(period, place, domain)
    f = ch.frame
    old, new = period.split("-")
    a, b = f"{la.id}_{old}", f"{lb.id}_{new}"
    out = pd.DataFrame({"code": f["code"], "name": f["name"], "local_authority": f["lad_name"]})
    if "change_code" in f:
        out["change_code"] = f["change_code"]
        out["lsoa11_codes"] = f["lsoa11_codes"]
        for tag, y in ((a, "2019"), (b, "2025")):
            if f"score_{y}" in f:
                out[f"{tag}_score"] = f[f"score_{y}"]
            for measure in ("rank", "rank_pct", "decile") + (("parent_deciles",) if y == "2019" else ()):
                out[f"{tag}_{measure}"] = f[f"{measure}_{y}"]
        out[f"{domain}_rank_pct_change_{old}_{new}"] = f["rank_change"]
    else:
        for tag, y in ((a, old), (b, new)):
            out[f"{tag}_score"] = f[f"score_{y}"]
            out[f"{tag}_rank"] = f[f"rank_{y}"]
            out[f"{tag}_decile"] = f[f"decile_{y}"]
        out[f"imd_score_change_{old}_{new}"] = f["score_change"]
        out[f"imd_rank_change_{old}_{new}"] = f["rank_change"]
    out[f"{domain}_decile_change_{old}_{new}"] = f["decile_change"]
    out["compared"] = f["compared"]
    out["entered_most_deprived_10pc"] = f["entered_d1"]
    out["left_most_deprived_10pc"] = f["left_d1"]
    if "estimated" in f:
        out[f"{a}_estimated"] = f["estimated"]
    out["flag"] = f["flag"]
    change = change_layer(change_layer_id(period, domain))
    level = "lsoa"
    deciles = Classification("national_deciles", 10)
    specs = [MapSpec(place=ch.place.name, level=level, layer=la.id, classification=deciles),
             MapSpec(place=ch.place.name, level=level, layer=lb.id, classification=deciles),
             MapSpec(place=ch.place.name, level=level, layer=change.id,
                     classification=Classification("user", 5, DECILE_CHANGE_BREAKS, "RdBu"))]
    mv = ch.decile_movements()
    what = "IMD" if domain == "imd" else f"IMD {domain} domain"
    text = [f"{what} {old} -> {new} for {ch.place.name}, written by placeviz.", "", ch.method, "",
            f"{len(f)} areas: {mv['compared']} compared, {mv['not_compared']} not compared (flagged). "
            f"Entered the most deprived 10%: {mv['entered_most_deprived_10pc']}; left it: "
            f"{mv['left_most_deprived_10pc']}. Decile: {mv['more_deprived_decile']} more deprived, "
            f"{mv['same_decile']} same, {mv['less_deprived_decile']} less deprived.", "",
            "Columns are named <layer id>_<period>_<measure>; changes are <new> minus <old>, so a positive "
            "rank or decile change means relatively less deprived.", ""]
    for layer in (la, lb):
        text.append(f"{layer.id}: {layer.title} ({layer.period}). {layer.source_line()}")
    text += [f"Caveat: {c}" for c in ch.caveats]
    summary = ch.summary
    return out, "\n".join(text) + "\n", specs, summary


def _generic_table(place, la, ya, lb, yb, level, error):
    import pandas as pd

    from placeviz.analysis.compare import period_tag
    from placeviz.model.catalog import GEOGRAPHY_NAMES
    from placeviz.model.mapdata import map_data, target_set
    from placeviz.model.spec import Classification, MapSpec

    ma = map_data(place, level, la, ya)
    mb = map_data(place, level, lb, yb)
    if ma.boundary_set != mb.boundary_set:
        from placeviz.analysis.bivariate import SET_LEVEL, joint_set

        joint, _ = joint_set(la, lb, level)
        ways = []
        to = SET_LEVEL[joint]
        # advise a level only where the two layers really share areas, never the level already chosen
        if to != level and target_set(la, to)[0] == target_set(lb, to)[0]:
            ways.append(f"compare them with --level {to}")
        ids = {la.id, lb.id}
        if "imd2025" in ids and ids & {"imd2015", "imd2019"}:
            ways.append("use --layer imd2019 --layer imd2025, which goes through the ONS LSOA lookup"
                        + (" (and --layer imd2015 --layer imd2019 for the earlier step)" if "imd2015" in ids else ""))
        elif "imd2025" in ids:
            other = lb if la.id == "imd2025" else la
            ways.append(f"set {other.label} against IMD 2019 (--layer imd2019), which is on 2011 areas like it")
        if not ways:
            ways.append("choose two layers published for the same areas")
        raise error(f"{la.label} is on {GEOGRAPHY_NAMES[ma.boundary_set]} areas and {lb.label} on "
                    f"{GEOGRAPHY_NAMES[mb.boundary_set]} areas, which do not match one to one: "
                    + ", or ".join(ways) + ".")
    a, b = f"{la.id}_{period_tag(la, ya)}", f"{lb.id}_{period_tag(lb, yb)}"
    if a == b:
        raise error("Give two different layers, or two years of one layer (LAYER:YEAR).")
    fa, fb = ma.frame, mb.frame.set_index("code").reindex(ma.frame["code"])
    out = pd.DataFrame({"code": fa["code"], "name": fa["name"], "local_authority": fa["lad_name"]})
    out[f"{a}_value"] = fa["value"].to_numpy()
    out[f"{b}_value"] = fb["value"].to_numpy()
    out["change"] = out[f"{b}_value"] - out[f"{a}_value"]
    for key in ("rank", "decile"):
        if key in fa and key in fb:
            out[f"{a}_{key}"] = fa[key].to_numpy()
            out[f"{b}_{key}"] = fb[key].to_numpy()
    flags = []
    for va, vb in zip(out[f"{a}_value"], out[f"{b}_value"], strict=True):
        flags.append("" if va == va and vb == vb else
                     f"no value for {a if va != va else b}" if (va == va) != (vb == vb) else "no values")
    out["flag"] = flags
    same_unit = la.unit == lb.unit
    if not same_unit:
        out = out.drop(columns=["change"])
    cls = Classification("quantiles", 5, palette="YlOrRd")
    specs = [MapSpec(place=ma.place.name, level=level, layer=la.id, year=ya, classification=cls),
             MapSpec(place=ma.place.name, level=level, layer=lb.id, year=yb, classification=cls)]
    text = [f"{la.title} ({ya or la.period}) and {lb.title} ({yb or lb.period}) for {ma.place.name}, "
            f"at {ma.boundary_set}; written by placeviz.", "",
            "change = second minus first value." if same_unit else
            "The layers have different units, so no change column is given.", ""]
    for layer in (la, lb):
        text.append(f"{layer.id}: {layer.title} ({layer.period}). {layer.source_line()}")
        text += [f"  Caveat: {c}" for c in layer.caveats]
    return out, "\n".join(text) + "\n", specs, None


def _run_periods(args, layers, suffix) -> int:
    table, text, specs, summary = periods_table(args.place[0], layers, args.level)
    if suffix == ".csv":
        path = _write_table(table, args.output, text)
        print(f"Wrote {path}: {len(table)} area{'s' if len(table) != 1 else ''}.")
        if summary is not None:
            sp = Path(args.output).with_name(Path(args.output).stem + "_by_local_authority.csv")
            _write_table(summary, sp, None)
            print(f"Wrote {sp}: the same change summarised per local authority.")
        print(text.split("\n\n")[1] if "\n\n" in text else text)
        return 0
    same_scale = specs[0].classification.scheme != "national_deciles" and not args.own_scales
    title = args.title or (f"{layers[0][0].label} and {layers[1][0].label}: {specs[0].place}")
    path = _write_maps(specs, args.output, suffix, same_scale if len(specs) == 2 else None, title)
    print(f"Wrote {path}: {len(specs)} maps.")
    return 0


# --- writing ------------------------------------------------------------------------------------

def _write_table(frame, path, sidecar_text: str | None) -> Path:
    from placeviz.analysis.compare import CompareError, write_csv

    out = write_csv(frame, path)
    if sidecar_text:
        side = out.with_name(out.name + ".txt")
        try:
            side.write_text(sidecar_text, encoding="utf-8")
        except OSError as exc:
            raise CompareError(f"Wrote {out} but not its notes file {side.name}: "
                               f"{exc.strerror or 'it could not be written'}.") from None
    return out


def _write_maps(specs, path, suffix, shared, title) -> Path:
    # imported here, as in every command module, so that `placeviz --help` starts without them
    shared_bins = True if shared else None
    if suffix == ".html":
        from placeviz.export.html import export_html_compare

        return export_html_compare(specs, path, shared_bins=shared_bins, title=title)
    from placeviz.export.static import export_static_compare

    return export_static_compare(specs, path, shared_bins=shared_bins, title=title)
