"""The profile of a place: the numbers a place briefing rests on, each with its layers and provenance.

``place_profile(place)`` computes, from the bundled tables only:

- residents (mid-2020, LSOA 2011);
- for IoD 2019 (LSOA 2011) and IoD 2025 (LSOA 2021): the neighbourhoods in the most deprived 10% and 20% in
  England, as a count, a share of neighbourhoods and a share of residents; the average IMD score and the
  place's rank among local authorities; the domain profile against England;
- life expectancy of men and women (MSOA 2016-2020) against England, and the gap between the place's most and
  least deprived fifth of MSOAs;
- air quality (local-authority PM2.5; the 1 km grids where the place is covered) and insecure work against
  England;
- where disadvantages coincide: neighbourhoods in England's worst fifth on all, most or none of IMD 2025, life
  expectancy, air quality and insecure work (see ``overlap``);
- the five most and least deprived neighbourhoods; hot spots and cold spots (see ``hotspots``).

Every number is a ``Figure`` with a stable id, its unit, and the catalog layers it comes from, so the
narrative and every export can say where it came from. No Qt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from placeviz.analysis import hotspots as hs
from placeviz.analysis.hotspots import MULTIPLE_TESTING_CAVEAT, HotSpotError, hotspots
from placeviz.analysis.official_le import ENGLAND_CODE, official_life_expectancy
from placeviz.analysis.overlap import DEFAULT_INDICATORS, INDICATORS, coincidence, pass_down_note
from placeviz.model.catalog import get_layer
from placeviz.model.errors import UserError
from placeviz.model.geography import (
    NEIGHBOURHOOD,
    attributes,
    neighbourhood_label,
    resolve_place,
    ward_shared_ground_note,
)
from placeviz.model.mapdata import population, read_table
from placeviz.model.msoa_on_lsoas import MSOA_ON_LSOAS_NOTE, place_msoa_mean
from placeviz.model.ranks import (
    IOD2025_WEIGHTS_NOTE,
    PlaceRank,
    census2021_residents,
    imd_place_rank,
    ordinal,
)

#: IoD editions: the boundary set, tables, the File 10 local-authority summary, and how residents are counted
EDITIONS = {
    "2019": {
        "layer": "imd2019", "label": "IoD 2019", "set": "lsoa11", "table": "imd2019_lsoa11.parquet",
        "file10": "imd2019_file10_lad19.parquet", "lad_column": "lad19_code", "lad_set": "lad19",
        "population_note": (
            "IoD 2019 shares of residents use the ONS mid-2020 population of each 2011 neighbourhood (the same "
            "count as 'residents'), not the IoD's own mid-2015 denominators."
        ),
        "score_note": (
            "IoD 2019 average scores are population-weighted with the IoD's own mid-2015 denominators, as in the "
            "official local-authority summary (File 10)."
        ),
    },
    "2025": {
        "layer": "imd2025", "label": "IoD 2025", "set": "lsoa21", "table": "imd2025_lsoa21.parquet",
        "file10": "imd2025_file10_lad24.parquet", "lad_column": "lad24_code", "lad_set": "lad24",
        "population_note": (
            "IoD 2025 shares of residents count Census 2021 usual residents of each 2021 neighbourhood (ONS, "
            "TS021), not the IoD's own mid-2022 denominators (not bundled)."
        ),
        "score_note": IOD2025_WEIGHTS_NOTE,
    },
}
DOMAINS = {
    "income": "income", "employment": "employment", "education": "education, skills and training",
    "health": "health and disability", "crime": "crime", "barriers": "barriers to housing and services",
    "living": "living environment",
}
COMPARE_EDITIONS_CAVEAT = (
    "IoD 2019 and IoD 2025 are on different neighbourhood boundaries (2011 and 2021 LSOAs) and their scores are "
    "not comparable: compare shares in national deciles between editions, not scores."
)
#: a place gets a 1 km grid average only when neighbourhoods holding this share of its residents have a value
GRID_MIN_COVERAGE = 0.9
#: life expectancy fifths need at least this many MSOAs with a value
MIN_MSOAS_FOR_FIFTHS = 10


class ProfileError(UserError, ValueError):
    """A profile that cannot be made, with a sentence that says why."""


@dataclass(frozen=True)
class Figure:
    """One number of the profile, with where it came from."""

    id: str
    label: str
    value: float | int | None
    unit: str  # "people", "areas", "%", "score", "rank", "years", "µg/m³"
    layers: tuple[str, ...] = ()
    decimals: int = 1
    note: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None or (isinstance(self.value, float) and math.isnan(self.value))

    def display(self) -> str:
        v = self.value
        if self.missing:
            return "no data"
        if self.unit in ("people", "areas"):
            return f"{round(v):,}"
        if self.unit == "rank":
            return ordinal(v)
        text = f"{v:,.{self.decimals}f}"
        if self.unit == "%":
            return text + "%"
        if self.unit in ("years", "µg/m³"):
            return f"{text} {self.unit}"
        return text

    def to_dict(self) -> dict:
        v = None if self.missing else (int(self.value) if self.unit in ("people", "areas", "rank")
                                       else round(float(self.value), 6))
        return {"id": self.id, "label": self.label, "value": v, "display": self.display(), "unit": self.unit,
                "layers": list(self.layers), "note": self.note}


@dataclass
class Neighbourhood:
    code: str
    name: str
    lad_name: str
    rank: int
    decile: int
    score: float
    edition: str
    neighbourhood: str = ""  # the House of Commons Library name of its MSOA ("Anfield West")

    @property
    def label(self) -> str:
        """"Liverpool 018A, in Anfield West": the ONS name with the neighbourhood name people know."""
        return neighbourhood_label(self.name, self.neighbourhood)

    def to_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "neighbourhood": self.neighbourhood,
                "lad_name": self.lad_name, "rank": int(self.rank),
                "decile": int(self.decile), "score": round(float(self.score), 3), "edition": self.edition}


@dataclass
class PlaceProfile:
    """All the figures of a place; tables and hot spots besides."""

    place: object  # placeviz.model.geography.Place
    figures: dict[str, Figure] = field(default_factory=dict)
    most_deprived: dict[str, list[Neighbourhood]] = field(default_factory=dict)  # edition -> 5 areas
    least_deprived: dict[str, list[Neighbourhood]] = field(default_factory=dict)
    hotspots: object | None = None  # placeviz.analysis.hotspots.HotSpots
    rank_official: dict[str, bool] = field(default_factory=dict)  # edition -> official rank (True) or computed
    ranks: dict[str, PlaceRank] = field(default_factory=dict)  # edition -> the rank, by model.ranks' rule
    official_le: dict[str, dict] = field(default_factory=dict)  # LA (or England) code -> OHID LE by sex
    caveats: list[tuple[str, str]] = field(default_factory=list)  # (topic, text)
    notes: list[str] = field(default_factory=list)  # how figures were computed, and what was skipped

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def is_england(self) -> bool:
        return self.place.kind == "england"

    def add(self, id: str, label: str, value, unit: str, layers=(), decimals: int = 1, note: str = "") -> Figure:
        if isinstance(value, np.generic):
            value = value.item()
        f = Figure(id, label, value, unit, tuple(layers), decimals, note)
        self.figures[id] = f
        return f

    def figure(self, id: str) -> Figure | None:
        """The figure with this id, or None when it is missing or has no value."""
        f = self.figures.get(id)
        return None if f is None or f.missing else f

    def value(self, id: str):
        f = self.figure(id)
        return None if f is None else f.value

    def caveat(self, topic: str, text: str) -> None:
        if (topic, text) not in self.caveats:
            self.caveats.append((topic, text))

    def domain_table(self, edition: str) -> list[dict]:
        """One row per domain (and the IMD): shares in national deciles 1-2 here and in England."""
        rows = []
        for key, title in [("imd", "Index of Multiple Deprivation"), *DOMAINS.items()]:
            base = f"imd{edition}.{key}.decile1_2"
            if self.figure(base + ".resident_share") is None:
                continue
            rows.append({
                "domain": key, "title": title,
                "layer": EDITIONS[edition]["layer"] + ("" if key == "imd" else f"_{key}"),
                "areas": self.value(base + ".areas"),
                "area_share": self.value(base + ".area_share"),
                "resident_share": self.value(base + ".resident_share"),
                "england_resident_share": self.value(base + ".resident_share.england"),
            })
        return rows

    def domain_drivers(self, edition: str) -> list[dict]:
        """Domains (not the IMD itself) where more residents than in England live in deciles 1-2, worst first."""
        rows = [r for r in self.domain_table(edition) if r["domain"] != "imd"]
        rows = [r for r in rows if r["england_resident_share"] is not None
                and r["resident_share"] > r["england_resident_share"]]
        return sorted(rows, key=lambda r: -r["resident_share"])

    def to_dict(self) -> dict:
        out = {
            "place": {"name": self.place.name, "kind": self.place.kind, "codes": list(self.place.codes)},
            "figures": {k: f.to_dict() for k, f in self.figures.items()},
            "domains": {e: self.domain_table(e) for e in EDITIONS},
            "most_deprived": {e: [n.to_dict() for n in v] for e, v in self.most_deprived.items()},
            "least_deprived": {e: [n.to_dict() for n in v] for e, v in self.least_deprived.items()},
            "rank_official": dict(self.rank_official),
            "ranks": {e: r.to_dict() for e, r in self.ranks.items()},
            "official_life_expectancy": self.official_le,
            "caveats": [{"topic": t, "text": c} for t, c in self.caveats],
            "notes": list(self.notes),
        }
        if self.hotspots is not None:
            h = self.hotspots
            out["hotspots"] = {"layer": h.layer_id, "method": h.method_title, "description": h.description(),
                               "boundary_set": h.boundary_set, "alpha": h.alpha, "permutations": h.permutations,
                               "seed": h.seed, "counts": h.counts, "areas": h.records(), "notes": h.notes}
        return out


# --- helpers ------------------------------------------------------------------------------------------------

def _pct(part: float, whole: float) -> float:
    return float("nan") if not whole else 100.0 * float(part) / float(whole)


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Weighted mean over the rows where both value and weight are known; NaN when none are."""
    ok = values.notna() & weights.notna()
    w = weights[ok].astype("float64")
    if not ok.any() or w.sum() <= 0:
        return float("nan")
    return float((values[ok].astype("float64") * w).sum() / w.sum())


@lru_cache(maxsize=64)
def _place_areas(place, set_name: str) -> pd.DataFrame:
    """The attribute rows of the areas of ``place`` in a boundary set, by code (cached: an atlas and the
    desktop ask for the same place's areas many times; shared, do not modify)."""
    a = attributes(set_name)
    return a.loc[place.mask(a, set_name)].set_index("code")


# --- sections -----------------------------------------------------------------------------------------------

def _residents(p: PlaceProfile) -> None:
    areas = _place_areas(p.place, "lsoa11")
    # a ward is its 2021 LSOAs: counted from its 2011 ones, a ward holding most of none took in the residents of
    # the wider 2011 LSOAs it shares ground with
    if p.place.kind == "ward":
        total = float(population("lsoa21").reindex(_place_areas(p.place, "lsoa21").index).sum())
        how = ("Sum of the mid-2020 residents of the 2021 neighbourhoods (LSOAs) the ONS best-fit lookup puts in "
               "the ward, computed by placeviz from the ONS estimates for 2011 LSOAs (a 2011 LSOA split in 2021 is "
               "shared equally among its parts).")
    else:
        total = float(population("lsoa11").reindex(areas.index).sum())
        how = "Sum of the ONS mid-2020 estimates for the place's 2011 neighbourhoods (LSOAs)."
    p.add("residents", "Residents (mid-2020)", total, "people", ("population",), 0, how)
    p.add("lsoa11.count", "Neighbourhoods (2011 LSOAs)", len(areas), "areas", ("population",), 0)
    p.add("lsoa21.count", "Neighbourhoods (2021 LSOAs)", len(_place_areas(p.place, "lsoa21")), "areas",
          ("imd2025",), 0)


def _deprivation(p: PlaceProfile, edition: str) -> None:
    e = EDITIONS[edition]
    layer = e["layer"]
    t = read_table(e["table"])
    # residents counted: mid-2020 for 2011 neighbourhoods; Census 2021 for 2021 neighbourhoods (IoD 2025)
    pop_all = _residents_by_lsoa(edition)
    areas = _place_areas(p.place, e["set"])
    here = t.reindex(areas.index)
    pop = pop_all.reindex(areas.index)
    label = e["label"]
    p.add(f"{layer}.lsoas", f"Neighbourhoods ranked in {label}", len(here), "areas", (layer,), 0)
    domains = [("imd", layer, "imd_decile", "IMD"), *[
        (k, f"{layer}_{k}", f"{k}_decile", f"{v} domain") for k, v in DOMAINS.items()]]
    for key, layer_id, col, title in domains:
        for upto, tag, words in ((1, "decile1", "10%"), (2, "decile1_2", "20%")):
            if key != "imd" and upto == 1:
                continue  # the domain profile uses deciles 1-2
            base = f"{layer}.{key}.{tag}"
            lay = (layer_id, "population")
            inside = here[col] <= upto
            n = int(inside.sum())
            p.add(base + ".areas", f"Neighbourhoods in the most deprived {words} in England ({title}, {label})",
                  n, "areas", lay, 0)
            p.add(base + ".area_share", f"Share of neighbourhoods in the most deprived {words} ({title}, {label})",
                  _pct(n, len(here)), "%", lay)
            p.add(base + ".residents", f"Residents of neighbourhoods in the most deprived {words} ({title}, {label})",
                  float(pop[inside].sum()), "people", lay, 0, e["population_note"])
            p.add(base + ".resident_share",
                  f"Share of residents living in the most deprived {words} of neighbourhoods ({title}, {label})",
                  _pct(pop[inside].sum(), pop.sum()), "%", lay, note=e["population_note"])
            p.add(base + ".resident_share.england",
                  f"Share of England's residents living in the most deprived {words} ({title}, {label})",
                  _england_share(edition, col, upto), "%", lay, note=e["population_note"])
    # average score and rank (official where published: model.ranks)
    if p.is_england:
        weights = t.get("pop_mid2015", pop_all)
        p.add(f"{layer}.average_score", f"Average IMD score ({label}, population-weighted)",
              weighted_mean(t["imd_score"], weights), "score", (layer,), 3, e["score_note"])
    else:
        r = imd_place_rank(p.place, edition)
        if r is not None:
            p.ranks[edition] = r
            p.rank_official[edition] = r.official
            note = r.note if r.official else r.note + " " + e["score_note"]
            p.add(f"{layer}.average_score", f"Average IMD score ({label}, population-weighted)", r.score, "score",
                  (layer,), 3, note)
            if r.among == "ICBs":
                p.add(f"{layer}.icb_rank", f"Rank of average IMD score among ICBs ({label}, official)", r.rank,
                      "rank", (layer,), 0, note)
                p.add(f"{layer}.icb_count", f"ICBs ranked ({label})", r.n, "areas", (layer,), 0)
            else:
                p.add(f"{layer}.la_rank", f"Rank of average IMD score among {r.among} ({label}, {r.basis})",
                      r.rank, "rank", (layer,), 0, note)
                p.add(f"{layer}.la_count", f"{r.among[0].upper()}{r.among[1:]} ranked ({label})", r.n, "areas",
                      (layer,), 0)
    # the five most and least deprived neighbourhoods
    names = areas  # the place's own rows of the boundary attributes, by code
    ordered = here.sort_values("imd_rank")
    def rows(sub):
        hood = names[NEIGHBOURHOOD] if NEIGHBOURHOOD in names else pd.Series("", index=names.index)
        return [Neighbourhood(c, str(names.at[c, "name"]), str(names.at[c, "lad_name"]), int(r.imd_rank),
                              int(r.imd_decile), float(r.imd_score), edition, str(hood.get(c, "") or ""))
                for c, r in sub.iterrows()]
    p.most_deprived[edition] = rows(ordered.head(5))
    p.least_deprived[edition] = rows(ordered.tail(5).iloc[::-1])
    p.notes.append(e["population_note"])


@cache
def _residents_by_lsoa(edition: str) -> pd.Series:
    """Residents of every neighbourhood of an edition's table: mid-2020 (2011 LSOAs) or Census 2021 (2021);
    shared, do not modify."""
    e = EDITIONS[edition]
    t = read_table(e["table"])
    return (census2021_residents() if edition == "2025" else population(e["set"])).reindex(t.index)


@cache
def _england_share(edition: str, col: str, upto: int) -> float:
    """England's share of residents in deciles 1..``upto`` of ``col``: the same for every place, so once."""
    pop_all = _residents_by_lsoa(edition)
    national = read_table(EDITIONS[edition]["table"])[col] <= upto
    return _pct(pop_all[national].sum(), pop_all.sum())


def _fifths(scores: pd.Series) -> pd.Series:
    """Fifth of each area by score within the place: 1 = the most deprived fifth (highest scores).

    Areas are ordered by score, highest first (ties by code), and cut into five groups of (nearly) equal
    count: position i of n goes to fifth floor(5 i / n) + 1.
    """
    codes = np.asarray(scores.index, dtype=object)
    order = np.lexsort((codes, -scores.to_numpy(dtype="float64")))
    n = len(order)
    fifth = pd.Series((np.arange(n) * 5 // max(n, 1)) + 1, index=scores.index[order])
    return fifth.reindex(scores.index)


@cache
def msoa_imd2019_scores() -> pd.Series:
    """IMD 2019 score of every 2011 MSOA: its neighbourhoods' scores weighted by the IoD mid-2015 population
    (shared and cached: do not modify)."""
    t = read_table("imd2019_lsoa11.parquet")
    msoa = attributes("lsoa11").set_index("code")["msoa_code"].reindex(t.index)
    num = (t["imd_score"] * t["pop_mid2015"]).groupby(msoa).sum()
    den = t["pop_mid2015"].groupby(msoa).sum()
    return num / den


def _le_gap(le: pd.Series, pop: pd.Series, scores: pd.Series) -> tuple[float, float, float]:
    """(most deprived fifth, least deprived fifth, gap = least - most) of population-weighted LE."""
    ok = le.notna()
    if ok.sum() < MIN_MSOAS_FOR_FIFTHS:
        return float("nan"), float("nan"), float("nan")
    fifth = _fifths(scores.reindex(le.index))
    worst = weighted_mean(le[fifth == 1], pop[fifth == 1])
    best = weighted_mean(le[fifth == 5], pop[fifth == 5])
    return worst, best, best - worst


SII_NOTE = (
    "Slope index of inequality (SII), computed: MSOAs with a suppressed or missing value are dropped first; the "
    "rest are ordered by IMD 2019 score within the place (IoD mid-2015 weights) and cut into ten deciles of "
    "residents (mid-2020); each decile's life expectancy is the residents-weighted mean of its MSOAs; the SII is "
    "the slope of a residents-weighted straight line through the deciles, from the most to the least deprived "
    "end, in years. It differs from OHID's official SII, which uses LSOA deprivation deciles within each local "
    "authority and abridged life tables built from each decile's deaths and population (three years), not "
    "averages of MSOA life expectancies (2016-2020): quote OHID's where there is one."
)


def slope_index(le: pd.Series, pop: pd.Series, scores: pd.Series, deciles: int = 10) -> float:
    """Slope index of inequality in years (least minus most deprived end of a fitted line), as in ``SII_NOTE``;
    NaN with fewer than ``MIN_MSOAS_FOR_FIFTHS`` areas with a value."""
    ok = le.notna() & pop.notna() & scores.notna() & (pop > 0)
    if ok.sum() < MIN_MSOAS_FOR_FIFTHS:
        return float("nan")
    le, pop, scores = le[ok].astype("float64"), pop[ok].astype("float64"), scores[ok].astype("float64")
    codes = np.asarray(le.index, dtype=object)
    order = np.lexsort((codes, -scores.to_numpy()))  # most deprived first, ties by code
    w = pop.to_numpy()[order]
    v = le.to_numpy()[order]
    cum = np.cumsum(w) / w.sum()
    mid = cum - w / w.sum() / 2
    dec = np.minimum((mid * deciles).astype(int), deciles - 1)
    x, y, wt = [], [], []
    for d in range(deciles):
        m = dec == d
        if not m.any():
            continue
        lo = (cum[m] - w[m] / w.sum()).min()
        x.append((lo + cum[m].max()) / 2)
        y.append(np.average(v[m], weights=w[m]))
        wt.append(w[m].sum())
    x, y, wt = np.asarray(x), np.asarray(y), np.asarray(wt)
    xm, ym = np.average(x, weights=wt), np.average(y, weights=wt)
    return float(np.sum(wt * (x - xm) * (y - ym)) / np.sum(wt * (x - xm) ** 2))


@cache
def _england_life_expectancy(col: str) -> tuple[float, float, float]:
    """England's (mean, gap between fifths, slope index) of MSOA life expectancy ``col``, by the profile's
    method: the same for every place, so computed once."""
    t = read_table("life_expectancy_msoa11.parquet")
    le_all = t[col]
    pop_all = population("msoa11").reindex(t.index)
    scores_all = msoa_imd2019_scores().reindex(t.index)
    return (weighted_mean(le_all, pop_all), _le_gap(le_all, pop_all, scores_all)[2],
            slope_index(le_all, pop_all, scores_all))


#: a ward's figure on an MSOA layer (``model.msoa_on_lsoas``): the MSOAs holding it reach beyond it, so it is
#: made from its own neighbourhoods, as a comparison makes it
WARD_MSOA_WORDS = "its neighbourhoods, each taking its MSOA's value"
WARD_MSOA_NOTE = (f"For a ward: the mean over its own 2011 neighbourhoods, not the whole MSOAs holding them: "
                  f"{MSOA_ON_LSOAS_NOTE}, as a comparison gives it; computed by placeviz, not an official ward "
                  "figure.")


def _life_expectancy(p: PlaceProfile) -> None:
    t = read_table("life_expectancy_msoa11.parquet")
    pop_all = population("msoa11").reindex(t.index)
    scores_all = msoa_imd2019_scores().reindex(t.index)
    areas = _place_areas(p.place, "msoa11")
    for sex, col, lid in (("male", "le_male", "life_expectancy_male"), ("female", "le_female", "life_expectancy_female")):
        lay = (lid, "population")
        period = get_layer(lid).period
        words = "men" if sex == "male" else "women"
        le = t[col].reindex(areas.index)
        pop = pop_all.reindex(areas.index)
        mean_e, gap_e, sii_e = _england_life_expectancy(col)
        if p.place.kind == "ward":
            p.add(f"le.{sex}", f"Life expectancy at birth, {words} ({period}, {WARD_MSOA_WORDS})",
                  place_msoa_mean(p.place, t[col]), "years", lay, note=WARD_MSOA_NOTE)
        else:
            p.add(f"le.{sex}", f"Life expectancy at birth, {words} ({period}, population-weighted MSOAs)",
                  weighted_mean(le, pop), "years", lay)
        p.add(f"le.{sex}.england", f"Life expectancy at birth, {words}, England (same method)",
              mean_e, "years", lay)
        gap_layers = (lid, "population", "imd2019")
        worst, best, gap = _le_gap(le, pop, scores_all.reindex(areas.index))
        p.add(f"le.{sex}.most_deprived_fifth", f"Life expectancy, {words}, most deprived fifth of MSOAs here",
              worst, "years", gap_layers)
        p.add(f"le.{sex}.least_deprived_fifth", f"Life expectancy, {words}, least deprived fifth of MSOAs here",
              best, "years", gap_layers)
        p.add(f"le.{sex}.gap", f"Gap in life expectancy, {words}, least minus most deprived fifth of MSOAs",
              gap, "years", gap_layers, note=(
                  "MSOAs are put into fifths (by count) by their IMD 2019 score within the place, weighted by the "
                  "IoD mid-2015 population; each fifth's life expectancy is weighted by mid-2020 residents."))
        p.add(f"le.{sex}.gap.england", f"Gap in life expectancy, {words}, England (same method)", gap_e, "years",
              gap_layers)
        p.add(f"le.{sex}.sii", f"Slope index of inequality in life expectancy, {words} (computed from MSOAs, "
              f"{period})", slope_index(le, pop, scores_all.reindex(areas.index)), "years", gap_layers, 1, SII_NOTE)
        p.add(f"le.{sex}.sii.england", f"Slope index of inequality in life expectancy, {words}, England (same "
              "method)", sii_e, "years", gap_layers, 1, SII_NOTE)
        if p.figure(f"le.{sex}.gap") is None and not p.is_england:
            p.notes.append(f"Too few MSOAs with life expectancy for {words} to compare fifths in {p.name}.")
    for lid in ("life_expectancy_male", "life_expectancy_female"):  # each with its own sex's figures
        p.caveat("Life expectancy", get_layer(lid).caveats[0])


def _life_expectancy_official(p: PlaceProfile) -> None:
    """Official life expectancy by sex first: for a local authority or England, OHID's figures; for a group of
    local authorities, each member's (there is no published figure for the group in the bundle)."""
    kind = p.place.kind
    codes = [ENGLAND_CODE] if kind == "england" else list(p.place.codes) if kind in ("la", "group") else []
    for code in codes:
        le = official_life_expectancy(code)
        if le:
            p.official_le[code] = le
    if kind in ("la", "england") and codes[0] in p.official_le:
        for sex, by in p.official_le[codes[0]].items():
            words = "men" if sex == "male" else "women"
            for ind, key in (("le", "le.official"), ("hle", "hle.official"), ("sii", "le.sii.official")):
                f = by.get(ind)
                if f is None:
                    continue
                note = (f"{f['indicator']}, {f['period']}, {f['source']}; Fingertips compares it with England as "
                        f"'{f['compared_to_england']}'. Values rounded to 1 dp.")
                lay = (f"{ind}_la_{sex}",)
                p.add(f"{key}.{sex}", f"{f['indicator']}, {words} ({f['period']}, OHID)", f["value"], "years",
                      lay, 1, note)
                if f["england"] is not None and kind != "england":
                    p.add(f"{key}.{sex}.england", f"{f['indicator']}, {words}, England ({f['period']}, OHID)",
                          f["england"], "years", lay, 1)
    elif kind == "group" and p.official_le:
        for sex in ("male", "female"):
            rows = [by[sex]["le"] for by in p.official_le.values() if sex in by and "le" in by[sex]]
            if not rows:
                continue
            words = "men" if sex == "male" else "women"
            period = rows[0]["period"]
            below = sum(1 for r in rows if r["england"] is not None and r["value"] < r["england"])
            p.add(f"le.official.{sex}.las_below_england", f"Local authorities here where {words}'s life "
                  f"expectancy is below England's ({period}, OHID)", below, "areas", (f"le_la_{sex}",), 0)
            p.add(f"le.official.{sex}.las", f"Local authorities here with an official life expectancy for "
                  f"{words} ({period}, OHID)", len(rows), "areas", (f"le_la_{sex}",), 0)
            p.add(f"le.official.{sex}.lowest", f"Lowest local-authority life expectancy here, {words} "
                  f"({period}, OHID)", min(r["value"] for r in rows), "years", (f"le_la_{sex}",), 1,
                  next(r["name"] for r in rows if r["value"] == min(x["value"] for x in rows)))
            p.add(f"le.official.{sex}.highest", f"Highest local-authority life expectancy here, {words} "
                  f"({period}, OHID)", max(r["value"] for r in rows), "years", (f"le_la_{sex}",), 1,
                  next(r["name"] for r in rows if r["value"] == max(x["value"] for x in rows)))
            p.add(f"le.official.{sex}.england", f"Life expectancy at birth, {words}, England ({period}, OHID)",
                  rows[0]["england"], "years", (f"le_la_{sex}",), 1)
    if p.official_le:
        p.caveat("Life expectancy", (
            "Official life expectancy is OHID's (Fingertips indicators 90366, 90362 and 92901, by local authority "
            "and sex, rounded to 1 dp). The latest period quoted is the latest verified against ONS "
            "publications; a later '2023-25' period in the source is carried in the series as unverified."))


def _air_quality(p: PlaceProfile) -> None:
    lay = get_layer("air_quality")
    t = read_table(lay.table)[lay.column]
    lsoa = _place_areas(p.place, "lsoa11")
    pop11 = population("lsoa11")
    la_pop_here = pop11.reindex(lsoa.index).groupby(lsoa["lad21_code"]).sum()
    la_pop_all = population("lad21")
    p.add("air.pm25", f"Fine particulate matter PM2.5 ({lay.period}, local-authority average)",
          weighted_mean(t.reindex(la_pop_here.index), la_pop_here), "µg/m³", (lay.id, "population"), 1,
          "Population-weighted mean of the local-authority values covering the place."
          if len(la_pop_here) > 1 else "")
    p.add("air.pm25.england", f"Fine particulate matter PM2.5 ({lay.period}), England population-weighted mean",
          weighted_mean(t.reindex(la_pop_all.index), la_pop_all), "µg/m³", (lay.id, "population"), 1)
    for c in lay.caveats:
        p.caveat("Air quality", c)
    # the 1 km grids (Cheshire and Merseyside and its edges)

    cm = _place_areas(resolve_place("Cheshire and Merseyside"), "lsoa11")
    for lid in ("no2_2023", "pm25_2023"):
        g = get_layer(lid)
        z = read_table(g.zonal["lsoa11"]["table"])[g.zonal["lsoa11"]["column"]]
        v = z.reindex(lsoa.index)
        pop = pop11.reindex(lsoa.index)
        covered = _pct(pop[v.notna()].sum(), pop.sum()) / 100
        if not covered >= GRID_MIN_COVERAGE:
            continue
        short = "NO2" if lid.startswith("no2") else "PM2.5"
        p.add(f"air.grid.{lid}", f"{short} {g.period}, 1 km grid, population-weighted mean of neighbourhoods",
              weighted_mean(v, pop), "µg/m³", (lid, "population"), g.decimals,
              f"Neighbourhoods with a value hold {covered:.0%} of residents.")
        p.add(f"air.grid.{lid}.cheshire_merseyside", f"{short} {g.period}, Cheshire and Merseyside (same method)",
              weighted_mean(z.reindex(cm.index), pop11.reindex(cm.index)), "µg/m³", (lid, "population"),
              g.decimals)
        p.caveat("Air quality", g.caveats[0])


def _insecure_work(p: PlaceProfile) -> None:
    lay = get_layer("insecure_work")
    full = read_table(lay.table)
    t = full[lay.column]
    pop_all = population("msoa11").reindex(t.index)
    areas = _place_areas(p.place, "msoa11")
    note = ("An average of MSOA shares, not a share of the place's jobs: each MSOA's share of the jobs located "
            "in it, averaged with its residents (mid-2020) as weights, as the map aggregates this layer.")
    if p.place.kind == "ward":
        p.add("work.insecure", f"Jobs in sectors with much insecure work ({lay.period}): average of MSOA shares of "
              f"jobs located there ({WARD_MSOA_WORDS})", place_msoa_mean(p.place, t), "%", (lay.id, "population"),
              1, f"{note} {WARD_MSOA_NOTE}")
    else:
        p.add("work.insecure", f"Jobs in sectors with much insecure work ({lay.period}): average of MSOA shares of "
              "jobs located there, weighted by residents", weighted_mean(t.reindex(areas.index),
                                                                       pop_all.reindex(areas.index)),
              "%", (lay.id, "population"), 1, note)
    p.add("work.insecure.england", f"Jobs in sectors with much insecure work ({lay.period}), England (same method)",
          weighted_mean(t, pop_all), "%", (lay.id, "population"), 1, note)
    # say where a value was capped: an MSOA whose three sector shares add to more than 100%
    parts = full[["jobs_arts_pct", "jobs_hospitality_pct", "jobs_retail_pct"]].reindex(areas.index).sum(axis=1)
    capped = parts[parts > 100]
    if len(capped):
        p.notes.append("Insecure work: " + "; ".join(
            f"MSOA {c}'s sector shares add to {v:.1f}% in the source and are capped at 100%"
            for c, v in capped.items()) + ".")
    for c in lay.caveats[:3]:
        p.caveat("Insecure work", c)


def _coincide(p: PlaceProfile) -> None:
    """Where disadvantages coincide (``analysis.overlap``, the default four indicators, worst fifth)."""
    o = coincidence(DEFAULT_INDICATORS, "fifth")
    n = len(o.keys)
    layers = tuple(dict.fromkeys(INDICATORS[k].layer for k in o.keys))
    counted = o.frame["overlap"].dropna()
    here = counted.reindex(_place_areas(p.place, o.boundary_set).index).dropna()
    words = ", ".join(i.label for i in o.indicators)
    note = "Computed by placeviz: " + o.method()
    p.add("overlap.areas", f"Neighbourhoods counted for where disadvantages coincide ({words})", len(here),
          "areas", layers, 0, note)
    p.add("overlap.all", f"Neighbourhoods in England's worst fifth on all {n} ({words})", int((here == n).sum()),
          "areas", layers, 0, note)
    p.add("overlap.all.share", f"Share of neighbourhoods in England's worst fifth on all {n}",
          _pct((here == n).sum(), len(here)), "%", layers, 1, note)
    p.add("overlap.all.share.england", f"Share of England's neighbourhoods in its worst fifth on all {n}",
          _pct((counted == n).sum(), len(counted)), "%", layers, 1, note)
    p.add("overlap.most", f"Neighbourhoods in England's worst fifth on at least {n - 1} of the {n}",
          int((here >= n - 1).sum()), "areas", layers, 0, note)
    p.add("overlap.none", f"Neighbourhoods in England's worst fifth on none of the {n}", int((here == 0).sum()),
          "areas", layers, 0, note)
    p.caveat("Where disadvantages coincide", pass_down_note(o.keys, o.boundary_set))  # report.COINCIDE_SECTION


def _hotspots(p: PlaceProfile, seed: int, permutations: int) -> None:
    try:
        h = hotspots(p.place, "imd2019", seed=seed, permutations=permutations)
    except HotSpotError as exc:
        p.notes.append(f"No hot spots: {exc}")
        return
    p.hotspots = h
    c = h.counts
    p.add("hotspots.hot", "Neighbourhoods in deprivation hot spots (IMD 2019, Gi*, p < 0.05)", c["hot spot"],
          "areas", ("imd2019",), 0, h.description())
    p.add("hotspots.cold", "Neighbourhoods in deprivation cold spots (IMD 2019, Gi*, p < 0.05)", c["cold spot"],
          "areas", ("imd2019",), 0, h.description())
    p.add("hotspots.tested", "Neighbourhoods tested for hot and cold spots", h.n_tested, "areas", ("imd2019",), 0)
    p.caveat("Hot spots", MULTIPLE_TESTING_CAVEAT)


def place_profile(place, with_hotspots: bool = True, seed: int | None = None,
                  permutations: int | None = None) -> PlaceProfile:
    """The profile of a place (a name, code or Place): every figure of the briefing."""
    place = resolve_place(place)
    p = PlaceProfile(place=place)
    _residents(p)
    if not p.value("residents"):
        raise ProfileError(f"{place.name} has no neighbourhoods in the bundled data, so it has no profile.")
    if ward_shared_ground_note(place):
        p.notes.append(ward_shared_ground_note(place))
    for edition in EDITIONS:
        _deprivation(p, edition)
        p.notes.append(EDITIONS[edition]["score_note"])
    p.caveat("Deprivation", COMPARE_EDITIONS_CAVEAT)
    _life_expectancy_official(p)
    _life_expectancy(p)
    _air_quality(p)
    _insecure_work(p)
    _coincide(p)
    if with_hotspots:
        _hotspots(p, hs.SEED if seed is None else seed, hs.PERMUTATIONS if permutations is None else permutations)
    return p


def sources_for(layer_ids) -> list[str]:
    """The source line of each layer, once each, in order."""
    out: list[str] = []
    for lid in layer_ids:
        line = get_layer(lid).source_line()
        if line not in out:
            out.append(line)
    return out
