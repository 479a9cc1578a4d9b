"""The desktop app's state logic, without Qt: how a MapSpec changes when the user picks things,
what the place search finds, and what the identify panel shows. The widgets only call these.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from placeviz.model.catalog import THEME_TITLES, get_layer, load_catalog, names_credit
from placeviz.model.classify import SCHEMES, ClassificationError
from placeviz.model.names import nearest, neighbourhood_label, normalise, suggestion, ward_label
from placeviz.model.palettes import PALETTES, PaletteError
from placeviz.model.spec import CLASSES_FROM, Classification, MapSpec

DEFAULT_SPEC = MapSpec()


# -- spec edits ---------------------------------------------------------------------------------------------

def default_classification(layer) -> Classification:
    """National deciles for layers that have them, else the layer's own default scheme (5 classes)."""
    if layer.has_deciles:
        return Classification("national_deciles", 10, palette="RdYlBu")
    if layer.default_breaks:  # counts (where disadvantages coincide): one class per whole number
        return Classification("user", len(layer.default_breaks) + 1, tuple(layer.default_breaks), "YlOrRd")
    palette = "YlOrRd" if layer.higher_is_worse is not None else "viridis"
    if layer.kind == "raster":
        palette = "YlOrRd"
    scheme = layer.default_scheme if layer.default_scheme != "national_deciles" else "quantiles"
    return Classification(scheme, 5 if scheme != "quantiles" or layer.kind != "raster" else 7, palette=palette)


def classification_for(layer, scheme: str | None = None, k: int | None = None,
                       breaks: tuple[float, ...] | None = None, palette: str | None = None,
                       reverse: bool = False, classes_from: str | None = None) -> Classification:
    """The default classes for ``layer`` with what the user chose instead; one sentence for a choice that
    cannot be drawn. The command line, the Python API and the window's defaults all come through here."""
    cls = default_classification(layer)
    changes: dict = {}
    if breaks:
        changes.update(breaks=tuple(breaks), scheme="user")
    if scheme:
        if scheme not in SCHEMES:
            raise ClassificationError(suggestion(scheme, list(SCHEMES), "classification scheme"))
        if scheme == "user" and not breaks:
            raise ClassificationError("The scheme 'user' needs your own breaks, e.g. 10,20,30.")
        changes["scheme"] = scheme
        if scheme != "national_deciles" and cls.scheme == "national_deciles" and k is None:
            changes["k"] = 5  # deciles' ten classes are not a default for another scheme
    if k is not None:
        changes["k"] = k
    if palette:
        if palette not in PALETTES:
            message = suggestion(palette, list(PALETTES), "palette")
            if not nearest(palette, list(PALETTES)):  # nothing like it: say which there are
                message += f" Choose one of: {', '.join(PALETTES)}."
            raise PaletteError(message)
        changes["palette"] = palette
    if not isinstance(reverse, (bool, np.bool_)):  # "no" is a true string: it reversed the palette
        raise ClassificationError(f"reverse is True or False, not {reverse!r}.")
    if reverse:
        changes["reverse"] = True
    if classes_from:
        if classes_from not in CLASSES_FROM:
            raise ClassificationError(suggestion(classes_from, list(CLASSES_FROM), "source of classes"))
        changes["classes_from"] = classes_from
    if changes.get("scheme", cls.scheme) == "national_deciles":
        if not layer.has_deciles:
            raise ClassificationError(
                f"{layer.label} has no national deciles: choose the scheme quantiles, equal_interval, "
                "fisher_jenks or std_mean, or give your own breaks.")
        if k is not None and k != 10:  # not silently ignored: deciles are ten classes
            raise ClassificationError(
                f"National deciles always have 10 classes, so {k} classes do not apply: choose the scheme "
                f"quantiles (or equal_interval, fisher_jenks, std_mean) for {k} classes.")
        changes["k"] = 10
    return replace(cls, **changes)  # validated by Classification


def with_layer(spec: MapSpec, layer_id: str, chosen: dict | None = None) -> MapSpec:
    """Switch layer, with its recommended classes (national deciles for the IMD) unless the user changed the
    classes of that very layer before: ``chosen`` (layer id -> Classification, see ``remember_classes``)."""
    layer = get_layer(layer_id)
    cls = (chosen or {}).get(layer.id) or default_classification(layer)
    year = spec.year if spec.year and str(spec.year) in layer.series else None
    return spec.with_(layer=layer.id, classification=cls, year=year, selection=())


def remember_classes(chosen: dict, layer_id: str, classification: Classification) -> None:
    """Note in ``chosen`` the classes shown for a layer when they are the user's own (not the layer's
    recommended ones), so that going back to the layer brings them back; forget them when they are not."""
    try:
        recommended = default_classification(get_layer(layer_id))
    except Exception:  # a layer that vanished (an imported layer removed): nothing to remember
        return
    if classification == recommended:
        chosen.pop(layer_id, None)
    else:
        chosen[layer_id] = classification


def colour_hint(classification: Classification, layer) -> str:
    """Which colours mean what, following the palette as drawn (reversed or not)."""
    if classification.scheme == "national_deciles":
        # decile 1 takes the palette's dark/warm end unless reversed (classify.orient)
        end = "lighter/cooler" if classification.reverse else "darker/warmer"
        return (f"Decile 1 = the most deprived tenth of areas in England, in the {end} colours"
                + (" (colours reversed)." if classification.reverse else "."))
    reversed_ = classification.reverse
    if layer.higher_is_worse is None:  # no worse end: the darker end holds the higher values
        colours_, what = ("Lighter colours" if reversed_ else "Darker colours"), "higher values"
    else:  # the worse end takes the palette's dark/warm end (classify.orient), the light end when reversed
        colours_ = "Lighter/cooler colours" if reversed_ else "Darker/warmer colours"
        what = f"{'higher' if layer.higher_is_worse else 'lower'} values, the worse end"
    return f"{colours_}: {what}" + (" (colours reversed)." if classification.reverse else ".")


def with_classification(spec: MapSpec, **changes) -> MapSpec:
    """Change scheme, k, breaks, palette or reverse. Validation errors are SpecError (a UserError)."""
    c = replace(spec.classification, **changes)
    if c.scheme == "national_deciles":
        c = replace(c, k=10)
    return spec.with_(classification=c)


def with_place(spec: MapSpec, place: str) -> MapSpec:
    from placeviz.model.geography import resolve_place  # lazy: pandas, kept off the start-up path

    p = resolve_place(place)
    return spec.with_(place=p.name, extent=None, selection=())


def with_level(spec: MapSpec, level: str) -> MapSpec:
    return spec.with_(level=level, selection=())


def parse_breaks(text: str) -> tuple[float, ...]:
    """'10, 20.5, 30' -> (10.0, 20.5, 30.0); a clear UserError for anything else."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]
    if not parts:
        raise ClassificationError("Type one or more break values separated by commas, e.g. 10, 20, 30.")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        bad = next(p for p in parts if not _is_number(p))
        raise ClassificationError(
            f"{bad!r} is not a number: type break values separated by commas, e.g. 10, 20, 30.") from None
    if len(values) > 11:
        raise ClassificationError("At most 11 breaks (12 classes).")
    return tuple(sorted(values))


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


# -- place search -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchHit:
    label: str  # what the list shows
    kind: str  # "england", "region", "group", "la", "lsoa", "msoa", "town", "ward", "postcode"
    place: str | None  # a place name to map (England, regions, groups, LAs, wards)
    code: str | None = None  # an area code to zoom to and select (LSOA, MSOA)
    boundary_set: str | None = None
    la_name: str | None = None


@cache
def _area_table():
    import pandas as pd

    from placeviz.model.geography import attributes  # lazy: pandas, kept off the start-up path

    frames = []
    for set_name, kind in (("lsoa11", "lsoa"), ("lsoa21", "lsoa"), ("msoa11", "msoa"), ("msoa21", "msoa")):
        a = attributes(set_name)
        a = a[["code", "name", "lad_name"] + ["neighbourhood"] * ("neighbourhood" in a)].copy()
        a["set"], a["kind"] = set_name, kind
        frames.append(a)
    t = pd.concat(frames, ignore_index=True).drop_duplicates("code")
    t["key"] = t["name"].str.lower()
    t["ckey"] = t["code"].str.lower()
    if "neighbourhood" not in t:
        t["neighbourhood"] = ""
    t["neighbourhood"] = t["neighbourhood"].fillna("")
    # every word of a neighbourhood name starts a match: "anfield" finds "Anfield West" and "Old Anfield"
    t["hkey"] = " " + t["neighbourhood"].map(normalise)
    return t


def search(text: str, limit: int = 25) -> list[SearchHit]:
    """Places, local authorities and areas matching ``text`` (start of a name or code first)."""
    from placeviz.model.geography import list_places  # lazy: pandas, kept off the start-up path
    key = normalise(text)
    raw = str(text).strip().lower()
    if not key:  # England and the groups around Cheshire and Merseyside, not all 78 groups
        from placeviz.model.geography import (
            CHESHIRE_AND_MERSEYSIDE,  # lazy: pandas, kept off the start-up path
        )

        return [SearchHit("England", "england", "England")] + [
            SearchHit(p.name, p.kind, p.name) for p in list_places()
            if p.kind == "group" and set(p.codes) <= set(CHESHIRE_AND_MERSEYSIDE)]
    hits: list[SearchHit] = _postcode_hits(text)
    starts, contains = [], []
    for p in list_places():
        n = normalise(p.name)
        code = p.codes[0].lower() if p.codes and p.kind in ("la", "region") else p.code.lower()
        if n.startswith(key) or (code and code.startswith(raw)):
            starts.append(p)
        elif key in n:
            contains.append(p)
    def place_hit(p):
        label = p.name if p.kind == "england" else f"{p.listed_name}  ({p.description})"
        return SearchHit(label, p.kind, p.name)

    # what is called exactly that first (the place, then the town or ward), then names that start so, then
    # places that merely contain the text: "Chester" the town before Chesterfield, and never Winchester first
    gaz = _gazetteer_hits(key) if len(raw) >= 3 else []
    exact = [h for h in gaz if normalise(h.label.split("  (")[0]) == key]
    hits += [place_hit(p) for p in starts if normalise(p.name) == key] + exact
    hits += [place_hit(p) for p in starts if normalise(p.name) != key] + [h for h in gaz if h not in exact]
    hits += [place_hit(p) for p in contains]
    if len(raw) >= 3:
        t = _area_table()
        named = t["ckey"].str.startswith(raw) | t["key"].str.startswith(raw)
        # a neighbourhood name: its MSOAs first (newest first), then their LSOAs
        hood = t[~named & t["hkey"].str.contains(" " + key, regex=False)]
        hood = hood.assign(order=hood["kind"].map({"msoa": 0, "lsoa": 1})).sort_values(
            ["order", "set", "code"], ascending=[True, False, True], kind="mergesort")
        for r in pd_rows(t[named].head(limit), hood.head(limit)):
            what = "LSOA" if r.kind == "lsoa" else "MSOA"
            vintage = r.set[-2:]
            hits.append(SearchHit(f"{neighbourhood_label(r.name, r.neighbourhood)}  ({r.code}, {what} 20{vintage}, "
                                  f"{r.lad_name})", r.kind, None, r.code, r.set, r.lad_name))
    return hits[:limit]


def _postcode_hits(text: str) -> list[SearchHit]:
    """A postcode: its LSOA 2021 (named), to zoom to and select; nothing when the text is not a postcode."""
    from placeviz.model.gazetteer import find_postcode, normalise_postcode  # lazy: pandas
    from placeviz.model.geography import MissingBundleDataError, attributes  # lazy: pandas

    if normalise_postcode(text) is None:
        return []
    try:
        hit = find_postcode(text)
    except MissingBundleDataError:
        return []
    if hit is None or not (hit.lsoa21_code or hit.lsoa11_code):
        return []
    set_name, code = ("lsoa21", hit.lsoa21_code) if hit.lsoa21_code else ("lsoa11", hit.lsoa11_code)
    r = attributes(set_name).set_index("code").loc[code]
    gone = f", terminated {hit.terminated}" if hit.terminated else ""
    label = (f"{hit.postcode}  (postcode{gone}: {neighbourhood_label(r['name'], r.get('neighbourhood'))}, "
             f"{r['lad_name']})")
    return [SearchHit(label, "postcode", None, code, set_name, str(r["lad_name"]))]


def _gazetteer_hits(key: str) -> list[SearchHit]:
    """Towns and wards whose name starts with ``key``: a town is a point, so it zooms to the neighbourhood
    (LSOA 2021) at its centre in its local authority; a ward is mapped as a place."""
    from placeviz.model.gazetteer import towns, wards  # lazy: pandas, kept off the start-up path
    from placeviz.model.geography import MissingBundleDataError, mapped_ward_codes  # lazy: pandas

    out = []
    try:
        t, w = towns(), wards()
    except MissingBundleDataError:
        return out
    for r in t[t["name"].map(normalise).str.startswith(key)].head(10).itertuples():
        pop = f", {int(r.population_2011):,} residents in 2011" if r.population_2011 == r.population_2011 else ""
        out.append(SearchHit(f"{r.name}  (town in {r.lad_name}{pop}; centre in {r.ward_name} ward)", "town", None,
                             r.lsoa21_code, "lsoa21", r.lad_name))
    # "Anfield (Liverpool ward)" finds it as well as "Anfield"
    label = ward_label(w["name"], w["lad_name"])
    m = w[w["name"].map(normalise).str.startswith(key) | label.map(normalise).str.startswith(key)].head(10)
    for _, r in m.iterrows():
        # a ward is a place to map; one that no LSOA is fitted to has no area: zoom to the LSOA at its point
        name = ward_label(r["name"], r["lad_name"])
        place = name if r["code"] in mapped_ward_codes() else None
        out.append(SearchHit(f"{name}  ({r['code']}, ward May 2024)", "ward", place, r["lsoa21_code"],
                             "lsoa21", r["lad_name"]))
    return out


@cache
def suggestion_names() -> tuple[str, ...]:
    """Every place, town and ward name once: what a misspelt search is compared with."""
    from placeviz.model.gazetteer import towns, wards  # lazy: pandas, kept off the start-up path
    from placeviz.model.geography import MissingBundleDataError, list_places  # lazy: pandas

    names = [p.name for p in list_places()]
    with contextlib.suppress(MissingBundleDataError):
        names += towns()["name"].tolist() + wards()["name"].tolist()
    return tuple(dict.fromkeys(names))


def search_suggestions(text: str, n: int = 3) -> list[SearchHit]:
    """When ``search`` finds nothing: the places, towns or wards spelt most like ``text`` (e.g. "Knowsly"
    suggests Knowsley), each as the hit that searching its name exactly gives first."""
    out: list[SearchHit] = []
    for name in nearest(text, suggestion_names(), n=n):
        key = normalise(name)
        hits = search(name, limit=5)  # the name itself first: the place, then a town, then a ward of that name
        hit = next((h for h in hits if normalise(h.label.split("  (")[0]) == key), None) or \
            next((h for h in hits if normalise(h.label).startswith(key)), None)
        if hit is not None and hit not in out:
            out.append(hit)
    return out


def pd_rows(*frames):
    """The rows of several frames, one after another, as named tuples."""
    for f in frames:
        yield from f.itertuples()


# -- identify ------------------------------------------------------------------------------------------------

@dataclass
class IdentifyRow:
    layer_id: str
    title: str
    theme: str
    period: str
    values: list[str]  # formatted, one per selected area
    raw: list[float]
    extras: list[str]  # "rank 264 of 32,844, decile 1" or "for its MSOA E02001234"
    source: str  # the full source line
    publisher: str = ""
    #: per area, how an MSOA's figure is made from its LSOAs (``members.MemberSummary``: "population-weighted
    #: mean of 5 LSOAs (range 12.0 to 51.0)"), or None where the figure is the area's own
    members: list = field(default_factory=list)
    #: per area, the code of the other area whose figure it shows (its MSOA, local authority, or LSOA of the
    #: other census), or "" where the figure is its own
    figure_of: list[str] = field(default_factory=list)


@cache
def _lsoa_code_maps():
    """2011 -> 2021 LSOA codes (and back), from the bundled ONS lookup; empty when it is missing."""
    from placeviz.model.geography import MissingBundleDataError, lsoa_lookup  # lazy: pandas

    try:
        t = lsoa_lookup()
    except MissingBundleDataError:
        return {}, {}
    fwd = t.groupby("lsoa11_code")["lsoa21_code"].agg(tuple).to_dict()
    back = t.groupby("lsoa21_code")["lsoa11_code"].agg(tuple).to_dict()
    return fwd, back


def _parent_code(attrs_row, area_set: str, target: str) -> tuple[str | None, str]:
    """The code to look up in ``target`` for an area of ``area_set``, and a note when it is another area."""
    code = attrs_row["code"]
    if target == area_set:
        return code, ""
    if target.startswith("lsoa") and area_set.startswith("lsoa"):
        fwd, back = _lsoa_code_maps()
        other = (fwd if area_set == "lsoa11" else back).get(code, (code,))
        year = "2021" if target == "lsoa21" else "2011"
        if len(other) == 1:
            return other[0], ("" if other[0] == code else f"for its {year} LSOA {other[0]}")
        return None, f"became {len(other)} LSOAs in {year} ({', '.join(other)}): no single value"
    if target.startswith("msoa"):
        m = attrs_row.get("msoa_code") if area_set.startswith("lsoa") else code
        return m, (f"for its MSOA {m}" if m != code else "")
    if target in ("lad19", "lad21", "lad24"):
        la = attrs_row.get(f"{target}_code")
        return la, (f"for its local authority {la}" if la != code else "")
    return None, ""


def _area_detail(layer_id: str, code: str) -> list[str]:
    """A derived layer's own words for one area (its table's "detail" column), such as which indicators
    count where disadvantages coincide; none for other layers."""
    frame = load_catalog().frames.get(layer_id)
    if frame is None or "detail" not in frame or code not in frame.index:
        return []
    return [str(frame.at[code, "detail"])]


def identify(codes, boundary_set: str, level: str) -> tuple[list[dict], list[IdentifyRow]]:
    """For the selected areas (codes of ``boundary_set``, or of its other census vintage), every layer's
    value with its source.

    Returns (areas: [{code, name, neighbourhood, lad_name}], rows). A layer published for bigger areas reports its value
    for the area's MSOA or local authority, and says so.
    """
    from placeviz.model.geography import attributes  # lazy: pandas, kept off the start-up path
    from placeviz.model.mapdata import national_values, target_set  # lazy: pandas, kept off the start-up path
    from placeviz.model.members import member_summary  # lazy: pandas, kept off the start-up path

    sibling = {"lsoa11": "lsoa21", "lsoa21": "lsoa11", "msoa11": "msoa21", "msoa21": "msoa11"}
    sets = [boundary_set] + ([sibling[boundary_set]] if boundary_set in sibling else [])
    frames = {s: attributes(s).set_index("code", drop=False) for s in sets}
    own: dict[str, str] = {}  # code -> the boundary set it belongs to (the map's, else the other vintage)
    for c in codes:
        for s in sets:
            if c in frames[s].index:
                own[c] = s
                break
    codes = [c for c in codes if c in own]
    areas = [{"code": c, "name": frames[own[c]].at[c, "name"],
              "neighbourhood": str(frames[own[c]].at[c, "neighbourhood"]) if "neighbourhood" in frames[own[c]] else "",
              "lad_name": frames[own[c]].at[c, "lad_name"] if "lad_name" in frames[own[c]] else ""}
             for c in codes]
    rows: list[IdentifyRow] = []
    for layer in load_catalog():
        try:
            set_name, _ = target_set(layer, level)
            nat = national_values(layer, set_name)
        except Exception:  # a layer that cannot be shown at this level: leave it out of the table
            continue
        vals, raws, extras, members, figure_of = [], [], [], [], []
        for c in codes:
            target, where = _parent_code(frames[own[c]].loc[c], own[c], set_name)
            figure_of.append(target if target is not None and target != c else "")
            if target is None or target not in nat.index:
                vals.append("no data")
                raws.append(float("nan"))
                extras.append(where)
                members.append(None)
                continue
            summary = member_summary(layer, c, own[c]) if target == c else None  # an MSOA of LSOA values
            members.append(summary)
            r = nat.loc[target]
            v = float(r["value"])
            vals.append(layer.format_value(v))
            raws.append(v)
            bits = [where] if where else []
            if "rank" in r and np.isfinite(r["rank"]) and np.isfinite(v):
                bits.append(rank_text(r, layer, int(nat["value"].notna().sum())))
            if "decile" in r and np.isfinite(r["decile"]) and np.isfinite(v):
                bits.append(f"decile {int(r['decile'])}")
            bits += _area_detail(layer.id, target)
            extras.append(", ".join(bits))
        rows.append(IdentifyRow(layer.id, layer.title, THEME_TITLES.get(layer.theme, layer.theme),
                                layer.period, vals, raws, extras, layer.source_line(), layer.dataset.publisher,
                                members, figure_of))
    return areas, rows


def _has_la_rank(row) -> bool:
    basis = row.get("rank_basis") if hasattr(row, "get") else None
    return isinstance(basis, str) and bool(basis)


def rank_text(row, layer, n_ranked: int | None) -> str:
    """An area's rank in words: a local authority on an IMD layer by model.ranks' rule ('216th of 317 local
    authorities (official, IoD 2019 File 10)'), any other area 'rank 1,234 of 32,844'."""
    if _has_la_rank(row):
        # lazy: model.ranks reads tables with pandas, kept off the England PNG path (tests/test_static_speed.py)
        from placeviz.model.ranks import LAYER_EDITION, SUMMARIES, rank_words

        edition = LAYER_EDITION.get(layer.id)
        label = SUMMARIES[edition]["label"] if edition else ""
        return rank_words(row["rank"], row["rank_of"], row["rank_basis"], label)
    of = f" of {n_ranked:,}" if n_ranked else ""
    return f"rank {int(row['rank']):,}{of}"


def tooltip_fields(frame_row, layer, n_ranked: int | None = None) -> list[tuple[str, str]]:
    """(label, text) pairs for an area's hover tooltip: name (with its neighbourhood name: "Liverpool 018A, in
    Anfield West"), code, value, rank and decile, LA, and the names' credit (Open Parliament Licence)."""
    hood = frame_row.get("neighbourhood")
    out = [("Area", neighbourhood_label(frame_row["name"], hood)), ("Code", str(frame_row["code"])),
           (layer.label, layer.format_value(frame_row["value"]))]
    rank = frame_row.get("rank")
    if rank is not None and rank == rank and frame_row["value"] == frame_row["value"]:
        if _has_la_rank(frame_row):
            out.append(("Rank", rank_text(frame_row, layer, n_ranked) + " (1st = most deprived)"))
        else:
            of = f" of {n_ranked:,}" if n_ranked else ""
            out.append(("National rank",
                        f"{int(rank):,}{of} (1 = {'most deprived' if layer.has_deciles else 'worst'})"))
    dec = frame_row.get("decile")
    if dec is not None and dec == dec and frame_row["value"] == frame_row["value"]:
        out.append(("National decile", f"{int(dec)} of 10"))
    la = frame_row.get("lad_name")
    if la is not None and la == la and str(la) != str(frame_row["name"]):
        out.append(("Local authority", str(la)))
    if hood is not None and hood == hood and str(hood):
        out.append(("Neighbourhood name", names_credit()))
    return out


def scale_denominator(pixels_per_metre: float, dpi: float = 96.0) -> float:
    """The map scale 1:N for a view of ``pixels_per_metre`` on a screen of ``dpi``."""
    return dpi / 0.0254 / max(pixels_per_metre, 1e-12)


def nice_scale(n: float) -> str:
    """1:N rounded to two significant figures, e.g. '1:250,000'."""
    if n <= 0 or not np.isfinite(n):
        return ""
    mag = 10 ** int(np.floor(np.log10(n)) - 1)
    return f"1:{round(n / mag) * mag:,.0f}"


def python_code(spec: MapSpec) -> str:
    """Python that makes the same map with placeviz's API (Edit > Copy as Python): the choices that differ
    from the layer's recommended classes are written out, so the code reads as the user's intent."""
    layer = get_layer(spec.layer)
    args = [f"place={spec.place!r}", f"layer={spec.layer!r}", f"level={spec.level!r}"]
    if spec.year:
        args.append(f"year={spec.year!r}")
    c, default = spec.classification, default_classification(layer)
    if c.scheme == "user":
        args.append(f"breaks={list(c.breaks or ())!r}")
    elif c.scheme != default.scheme:
        args.append(f"scheme={c.scheme!r}")
    if c.scheme not in ("user", "national_deciles") and c.k != classification_for(layer, scheme=c.scheme).k:
        args.append(f"k={c.k}")
    if c.palette != default.palette:
        args.append(f"palette={c.palette!r}")
    if c.reverse:
        args.append("reverse=True")
    if c.classes_from != default.classes_from and c.scheme not in ("user", "national_deciles"):
        args.append(f"classes_from={c.classes_from!r}")
    if spec.title:
        args.append(f"title={spec.title!r}")
    if spec.wards:
        args.append("wards=True")
    return ("import placeviz as pv\n\n"
            f"m = pv.Map({', '.join(args)})\n"
            "m  # in a notebook: the map; also m.data, m.classes, m.to_folium(), m.to_png('map.png')\n")


#: what the areas of a boundary set are called, one and many, for the window's status bar
_AREA_WORDS = {
    "lsoa11": ("LSOA (2011)", "LSOAs (2011)"), "lsoa21": ("LSOA (2021)", "LSOAs (2021)"),
    "msoa11": ("MSOA (2011)", "MSOAs (2011)"), "msoa21": ("MSOA (2021)", "MSOAs (2021)"),
    "ward24": ("ward (2024)", "wards (2024)"),
}


def area_count_text(n: int, boundary_set: str, nodata: int = 0) -> str:
    """'298 LSOAs (2011)', '1 local authority', '25 wards (2024), 2 without data': how many areas a map has."""
    one, many = _AREA_WORDS.get(boundary_set, ("local authority", "local authorities"))
    return f"{n:,} {one if n == 1 else many}" + (f", {nodata:,} without data" if nodata else "")
