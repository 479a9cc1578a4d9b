"""Comparison tables written by ``placeviz compare``: places side by side on several layers, and every area
of one place between two layers or periods (with the maps that go with them).

Columns are named <layer id>_<period>_<measure> so that a column keeps its meaning when copied out on its own.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from placeviz.analysis.bivariate import joint_set
from placeviz.analysis.change import (
    DECILE_CHANGE_BREAKS,
    change_layer,
    change_layer_id,
    edition_pair,
    imd_change,
)
from placeviz.analysis.compare import CompareError, compare_areas, period_tag, resolve_area
from placeviz.model.catalog import GEOGRAPHY_LEVEL, GEOGRAPHY_NAMES
from placeviz.model.mapdata import map_data, target_set
from placeviz.model.spec import Classification, MapSpec
from placeviz.model.viewstate import default_classification


def places_table(places, layers) -> tuple:
    """One row per place; columns named <layer>_<period>_<measure>. Returns (frame, notes)."""
    areas = [resolve_area(p) for p in places]
    out = pd.DataFrame({"place": [a.name for a in areas], "code": [a.code for a in areas],
                        "kind": [a.kind for a in areas]})
    notes = []
    for layer, year in layers:
        long = compare_areas(areas, [layer], years={layer.id: year} if year else None)
        tag = f"{layer.id}_{period_tag(layer, year)}"
        for measure in ("value", "rank", "n_ranked", "rank_basis", "ranked_among", "percentile", "decile", "la_value", "diff_la",
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

    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "first"


def periods_table(place, layers, level: str = "lsoa") -> tuple:
    """One row per area of ``place`` with both layers' values, the change and any flag.

    Returns (frame, method text, specs for the maps)."""
    (la, ya), (lb, yb) = layers
    pair = edition_pair(la.id, lb.id)
    if pair is not None and ya is None and yb is None:
        if level != "lsoa":  # it was passed over without a word
            raise CompareError("The change between two editions of the indices is worked out for neighbourhoods "
                               "(LSOAs, through the ONS lookup between their boundaries): leave out --level.")
        return _imd_table(place, pair[0], la, lb, pair[1])
    if edition_pair(lb.id, la.id) is not None:
        raise CompareError(f"Give the earlier edition first: --layer {lb.id} --layer {la.id}.")
    return _generic_table(place, la, ya, lb, yb, level)


def _hood(frame) -> pd.Series:
    """The frame's neighbourhood (MSOA) names, or empty text where it has none (local authorities)."""
    return frame.get("neighbourhood", pd.Series("", index=frame.index)).fillna("")


def _imd_table(place, period, la, lb, domain="imd"):
    ch = imd_change(period, place, domain)
    f = ch.frame
    old, new = period.split("-")
    a, b = f"{la.id}_{old}", f"{lb.id}_{new}"
    out = pd.DataFrame({"code": f["code"], "name": f["name"], "neighbourhood": _hood(f),
                        "local_authority": f["lad_name"]})
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


def _generic_table(place, la, ya, lb, yb, level):
    ma = map_data(place, level, la, ya)
    mb = map_data(place, level, lb, yb)
    if ma.boundary_set != mb.boundary_set:

        joint, _ = joint_set(la, lb, level)
        ways = []
        to = GEOGRAPHY_LEVEL[joint]
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
        raise CompareError(f"{la.label} is on {GEOGRAPHY_NAMES[ma.boundary_set]} areas and {lb.label} on "
                    f"{GEOGRAPHY_NAMES[mb.boundary_set]} areas, which do not match one to one: "
                    + ", or ".join(ways) + ".")
    a, b = f"{la.id}_{period_tag(la, ya)}", f"{lb.id}_{period_tag(lb, yb)}"
    if a == b:
        raise CompareError("Give two different layers, or two years of one layer (LAYER:YEAR).")
    fa, fb = ma.frame, mb.frame.set_index("code").reindex(ma.frame["code"])
    out = pd.DataFrame({"code": fa["code"], "name": fa["name"], "neighbourhood": _hood(fa),
                        "local_authority": fa["lad_name"]})
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
    # a change is one measure's, between two of its years: PM2.5 minus NO2, or the 1 km grid's PM2.5 minus the
    # Health Index's, in the same unit, was written as a change
    one_measure = la.id == lb.id
    if not one_measure:
        out = out.drop(columns=["change"])
    cls = default_classification(la)  # one scale for both maps, coloured as the desktop app colours la
    specs = [MapSpec(place=ma.place.name, level=level, layer=la.id, year=ya, classification=cls),
             MapSpec(place=ma.place.name, level=level, layer=lb.id, year=yb, classification=cls)]
    text = [f"{la.title} ({ya or la.period}) and {lb.title} ({yb or lb.period}) for {ma.place.name}, "
            f"at {ma.boundary_set}; written by placeviz.", "",
            "change = second minus first value." if one_measure else
            "The layers are different measures, so no change column is given: their difference is not a change.",
            ""]
    for layer, year in ((la, ya), (lb, yb)):
        text.append(f"{layer.id}: {layer.title} ({year or layer.period}). {layer.source_line()}")
        text += [f"  Caveat: {c}" for c in layer.caveats]
    return out, "\n".join(text) + "\n", specs, None
