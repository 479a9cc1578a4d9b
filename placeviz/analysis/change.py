"""Change in deprivation between editions of the English Indices of Deprivation.

IMD 2015 -> 2019: both on the same 2011 LSOAs, so every neighbourhood is compared with itself: change in
score, national rank and decile.

IMD 2019 -> 2025: 2019 is on 2011 LSOAs and 2025 on 2021 LSOAs. Each 2021 LSOA is matched to the 2011
LSOA(s) it comes from through the ONS lookup (layers/tables/lookup_lsoa11_lsoa21.parquet), whose change
codes say what happened to the boundary:

- U (unchanged): compared with the same LSOA.
- S (split): the 2011 LSOA was divided; each 2021 part descends from that one parent and is compared
  with it (a part inherits its parent's 2019 rank and decile).
- M (merged): several 2011 LSOAs became one. Their 2019 ranks cannot simply be averaged, so the merged
  area's 2019 position is *estimated*: the population-weighted mean of its parents' 2019 scores (weights:
  the 2019 index's own mid-2015 populations) is placed in the 2019 national score distribution, which
  gives an estimated 2019 rank and decile. Scores are only combined within one edition, never across
  editions. These rows are flagged "estimated" and also list the parents' own deciles.
- X (irregular): boundaries redrawn across several LSOAs; not compared, flagged.

No row is dropped: areas that are not compared keep their 2025 values and a flag, and count in the
local-authority summaries as "not compared".

Deciles and ranks, not scores, are compared between 2019 and 2025: the IMD's technical report says scores
from different editions are not comparable (indicators, data years and methods change), while a national
rank says where a neighbourhood stands relative to all others in the same edition. Because England had
32,844 LSOAs in 2019 and 33,755 in 2025, ranks are compared as a share of England ("rank percentile":
rank / number of LSOAs x 100; lower = more deprived), not as raw rank numbers. For 2015 -> 2019 (same
areas) the score change is given too, with the same caveat; ranks and deciles are the headline.

Signs: a positive ``decile_change`` or ``rank_change`` means the area moved towards the *less* deprived
end relative to the rest of England; negative means relatively more deprived.

No Qt here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from placeviz.model.catalog import Dataset, Layer, load_catalog, register_resolver
from placeviz.model.errors import UserError
from placeviz.model.geography import Place, attributes, boundaries, lsoa_lookup, resolve_place
from placeviz.model.mapdata import map_data, read_table

#: IMD domains published in both 2019 and 2025 (compared across the boundary change like the IMD itself)
DOMAINS = {"income": "income", "employment": "employment", "education": "education, skills and training",
           "health": "health deprivation and disability", "crime": "crime",
           "barriers": "barriers to housing and services", "living": "living environment"}
PERIODS = ("2015-2019", "2019-2025")

METHOD_2015_2019 = (
    "IMD 2015 and IMD 2019 are both published for the same 2011 LSOAs, so each neighbourhood is compared "
    "with itself. Decile and national rank changes are the headline: a positive change means relatively "
    "less deprived. Score changes are shown too but the indices' method says scores are not comparable "
    "between editions, so read them with care."
)
METHOD_2019_2025 = (
    "IMD 2025 is on 2021 LSOAs, IMD 2019 on 2011 LSOAs: each 2021 LSOA is matched to its 2011 LSOA(s) through "
    "the ONS lookup. Unchanged areas are compared with themselves; each part of a split area with the 2011 "
    "LSOA it came from; a merged area with an estimate of its 2019 position (its parents' population-weighted "
    "2019 score placed among all 2019 scores); irregular changes are not compared and are flagged. Deciles "
    "and rank percentiles (rank as a share of England's LSOAs) are compared, not scores, because the indices' "
    "method says scores are not comparable between editions and England had 32,844 LSOAs in 2019 but 33,755 "
    "in 2025."
)
COMPARISON_TEXT = {
    "U": "same area", "S": "split part vs its 2011 parent", "M": "merged area vs its parents (estimated)",
    "X": "not compared: irregular boundary change",
}


class ChangeError(UserError, ValueError):
    pass


@dataclass
class Change:
    """Change between two IMD editions for the areas of a place."""

    period: str  # "2015-2019" or "2019-2025"
    place: Place
    boundary_set: str  # the areas rows describe: lsoa11 (2015-2019) or lsoa21 (2019-2025)
    frame: pd.DataFrame  # one row per area; see the module docstring for columns
    summary: pd.DataFrame  # one row per local authority
    method: str
    caveats: tuple[str, ...] = field(default_factory=tuple)
    domain: str = "imd"  # "imd" or an IMD domain: income, employment, education, health, crime, ...

    def geoframe(self):
        """The rows with their boundaries (EPSG:27700), for drawing: flagged areas included."""
        g = boundaries(self.boundary_set)
        g = g.loc[g["code"].isin(self.frame["code"]), ["code", "geometry"]]
        return g.merge(self.frame, on="code", how="right")

    def decile_movements(self) -> dict:
        """England-or-place totals: areas that entered / left the most deprived 10%, among those compared."""
        f = self.frame[self.frame["compared"]]
        return {"compared": len(f), "not_compared": int((~self.frame["compared"]).sum()),
                "entered_most_deprived_10pc": int(f["entered_d1"].sum()),
                "left_most_deprived_10pc": int(f["left_d1"].sum()),
                "more_deprived_decile": int((f["decile_change"] < 0).sum()),
                "same_decile": int((f["decile_change"] == 0).sum()),
                "less_deprived_decile": int((f["decile_change"] > 0).sum())}


def _lsoa_frame(set_name: str, place: Place) -> pd.DataFrame:
    a = attributes(set_name)
    a = a[place.mask(a)]
    la_col = "lad24_code" if set_name == "lsoa21" else "lad21_code"
    return pd.DataFrame({"code": a["code"].values, "name": a["name"].values,
                         "neighbourhood": a.get("neighbourhood", pd.Series("", index=a.index)).values,
                         "lad_code": a[la_col].values,
                         "lad_name": a["lad_name"].values, "region_name": a["region_name"].values})


def _flags(d1_old: pd.Series, d1_new: pd.Series) -> tuple[pd.Series, pd.Series]:
    return (d1_new & ~d1_old), (d1_old & ~d1_new)


def imd_change_2015_2019(place: str | Place = "England") -> Change:
    """IMD 2015 -> 2019 for every 2011 LSOA of ``place``: change in score, rank and decile."""
    place = resolve_place(place)
    f = _lsoa_frame("lsoa11", place)
    t15 = read_table("imd2015_lsoa11.parquet").reindex(f["code"])
    t19 = read_table("imd2019_lsoa11.parquet").reindex(f["code"])
    f["score_2015"] = t15["imd_score"].to_numpy(dtype="float64")
    f["score_2019"] = t19["imd_score"].to_numpy(dtype="float64")
    f["score_change"] = f["score_2019"] - f["score_2015"]
    f["rank_2015"] = t15["imd_rank"].to_numpy(dtype="float64")
    f["rank_2019"] = t19["imd_rank"].to_numpy(dtype="float64")
    f["rank_change"] = f["rank_2019"] - f["rank_2015"]
    f["decile_2015"] = t15["imd_decile"].to_numpy(dtype="float64")
    f["decile_2019"] = t19["imd_decile"].to_numpy(dtype="float64")
    f["decile_change"] = f["decile_2019"] - f["decile_2015"]
    f["compared"] = f["decile_2015"].notna() & f["decile_2019"].notna()
    f["entered_d1"], f["left_d1"] = _flags(f["decile_2015"] == 1, f["decile_2019"] == 1)
    f["entered_d1"] &= f["compared"]
    f["left_d1"] &= f["compared"]
    f["flag"] = np.where(f["compared"], "", "not compared: missing from one edition")
    caveats = ("Scores from different editions are not directly comparable; compare ranks and deciles.",
               "A change of decile can be a small move across a boundary between deciles.")
    return Change("2015-2019", place, "lsoa11", f, _summary(f, "2015", "2019"), METHOD_2015_2019, caveats)


def _estimated_rank(score: pd.Series, national_scores: np.ndarray) -> pd.Series:
    """Where a score would rank among all areas of one edition (1 = highest score = most deprived)."""
    s = np.sort(national_scores[np.isfinite(national_scores)])
    above = s.size - np.searchsorted(s, score.to_numpy(dtype="float64"), side="right")
    return pd.Series(above + 1.0, index=score.index)


def _among(codes, choices) -> np.ndarray:
    """Which of ``codes`` are among ``choices`` (both area codes), as booleans. pyarrow's is_in, because
    pandas' own isin on Arrow-backed strings looks at each choice in Python (0.3 s for England)."""
    found = pc.is_in(pa.array(np.asarray(codes, dtype=object)),
                     value_set=pa.array(np.asarray(choices, dtype=object), type=pa.string()))
    return found.to_numpy(zero_copy_only=False).astype(bool)


def decile_of_rank(rank, n: int):
    """The IMD decile of a national rank among ``n`` areas (decile 1 = ranks 1 .. n/10)."""
    return np.ceil(np.asarray(rank, dtype="float64") * 10 / n).clip(1, 10)


def imd_change_2019_2025(place: str | Place = "England", domain: str = "imd") -> Change:
    """IMD 2019 -> 2025 (or one of its domains: income, employment, education, health, crime, barriers,
    living) for every 2021 LSOA of ``place``, matched to 2011 LSOAs through the ONS lookup."""
    place = resolve_place(place)
    t19 = read_table("imd2019_lsoa11.parquet")
    t25_all = read_table("imd2025_lsoa21.parquet")
    rk, dk, sk = f"{domain}_rank", f"{domain}_decile", f"{domain}_score"
    if dk not in t19 or dk not in t25_all:
        raise ChangeError(f"No 2019 -> 2025 comparison for {domain!r}: use imd or one of "
                          f"{', '.join(DOMAINS)}.")
    has_score = sk in t19  # merged areas' 2019 positions can be estimated from the parents' scores
    f = _lsoa_frame("lsoa21", place)
    lk = lsoa_lookup()
    lk = lk[_among(lk["lsoa21_code"], f["code"])]
    t25 = t25_all.reindex(f["code"])
    n19 = int(t19[rk].notna().sum())
    n25 = int(t25_all[rk].notna().sum())

    codes = lk.groupby("lsoa21_code")["change_code"].first()
    codes[_among(codes.index, lk.loc[lk["change_code"] == "X", "lsoa21_code"])] = "X"
    n_parents = lk.groupby("lsoa21_code").size()
    multi = lk[_among(lk["lsoa21_code"], n_parents.index[n_parents > 1])]
    parents = lk[~_among(lk["lsoa21_code"], multi["lsoa21_code"])].set_index("lsoa21_code")["lsoa11_code"]
    parents = pd.concat([parents, multi.groupby("lsoa21_code")["lsoa11_code"].agg(lambda s: " ".join(sorted(s)))])
    f["change_code"] = f["code"].map(codes).fillna("X").to_numpy()
    f["lsoa11_codes"] = f["code"].map(parents).fillna("").to_numpy()

    # 2019 position: the parent's for U and S; an estimate for M; none for X
    one_parent = lk[lk["change_code"].isin(["U", "S"])].set_index("lsoa21_code")["lsoa11_code"]
    rank19 = f["code"].map(one_parent).map(t19[rk]).astype("float64")
    dec19 = f["code"].map(one_parent).map(t19[dk]).astype("float64")
    m = lk[lk["change_code"] == "M"].copy()
    m["decile"] = m["lsoa11_code"].map(t19[dk]).astype("float64")  # float even when m is empty
    is_m = f["change_code"] == "M"
    if has_score:
        m["score"] = m["lsoa11_code"].map(t19[sk]).astype("float64")
        m["w"] = m["lsoa11_code"].map(t19["pop_mid2015"]).astype("float64")
        est_score = (m["score"] * m["w"]).groupby(m["lsoa21_code"]).sum() / m["w"].groupby(m["lsoa21_code"]).sum()
        est_rank = _estimated_rank(est_score, t19[sk].to_numpy(dtype="float64"))
        m_rank = f["code"].map(est_rank).astype("float64")
        rank19 = rank19.mask(is_m, m_rank)
        dec19 = dec19.mask(is_m, pd.Series(decile_of_rank(m_rank, n19), index=f.index))
    else:  # no 2019 scores for this domain: compared only where every parent had the same decile
        common = m.groupby("lsoa21_code")["decile"].agg(lambda s: s.iloc[0] if s.nunique() == 1 else np.nan)
        rank19 = rank19.mask(is_m, np.nan)
        dec19 = dec19.mask(is_m, f["code"].map(common).astype("float64"))
    rng = m.groupby("lsoa21_code")["decile"].agg(lambda s: f"{int(s.min())}-{int(s.max())}"
                                                  if s.min() != s.max() else f"{int(s.min())}")
    one = f["change_code"].isin(["U", "S"])
    own = dec19.map(lambda d: "" if d != d else f"{int(d)}")
    f["parent_deciles_2019"] = own.where(one, f["code"].map(rng).astype(object)).fillna("").to_numpy()

    if has_score:
        score19 = f["code"].map(one_parent).map(t19[sk]).astype("float64")
        score19 = score19.mask(is_m, f["code"].map(est_score).astype("float64"))
        f["score_2019"] = score19.to_numpy()
    if sk in t25:
        f["score_2025"] = t25[sk].to_numpy(dtype="float64")
    f["rank_2019"] = rank19.to_numpy()
    f["rank_pct_2019"] = 100.0 * f["rank_2019"] / n19
    f["decile_2019"] = dec19.to_numpy()
    f["rank_2025"] = t25[rk].to_numpy(dtype="float64")
    f["rank_pct_2025"] = 100.0 * f["rank_2025"] / n25
    f["decile_2025"] = t25[dk].to_numpy(dtype="float64")
    f["compared"] = (f["change_code"] != "X") & f["decile_2019"].notna() & f["decile_2025"].notna()
    f.loc[~f["compared"], [c for c in ("score_2019", "rank_2019", "rank_pct_2019", "decile_2019") if c in f]] = np.nan
    f["rank_change"] = f["rank_pct_2025"] - f["rank_pct_2019"]
    f["decile_change"] = f["decile_2025"] - f["decile_2019"]
    f["entered_d1"], f["left_d1"] = _flags(f["decile_2019"] == 1, f["decile_2025"] == 1)
    f["entered_d1"] &= f["compared"]
    f["left_d1"] &= f["compared"]
    f["estimated"] = (f["change_code"] == "M") & has_score
    f["comparison"] = f["change_code"].map(COMPARISON_TEXT)
    if not has_score:
        f["comparison"] = f["comparison"].mask(is_m & f["compared"], "merged area vs its parents' common decile")
        f["comparison"] = f["comparison"].mask(is_m & ~f["compared"],
                                               "not compared: merged from areas in different deciles")
    # plain numpy arrays: iterating Arrow-backed strings one by one is several times slower
    f["flag"] = [_flag_text(c, p, has_score, ok) for c, p, ok in
                 zip(f["change_code"].to_numpy(dtype=object), f["lsoa11_codes"].to_numpy(dtype=object),
                     f["compared"].to_numpy(), strict=True)]
    merged = ("Merged areas' 2019 positions are estimates" if has_score else
              "Merged areas are compared only where all their 2011 parts had the same 2019 decile")
    caveats = (
        "Scores are not compared between 2019 and 2025: the indices' method says they are not comparable "
        "between editions.",
        f"{merged}; irregularly changed areas are not compared.",
        "A split area's parts all inherit their parent's 2019 decile, so a split parent counts once per part.",
    )
    method = METHOD_2019_2025 if domain == "imd" else (
        METHOD_2019_2025.replace("IMD 2025", f"The {DOMAINS[domain]} domain of 2025")
        .replace("IMD 2019", "that of 2019")
        .replace("a merged area with an estimate of its 2019 position (its parents' population-weighted 2019 "
                 "score placed among all 2019 scores)",
                 "a merged area with an estimate of its 2019 position (its parents' population-weighted 2019 "
                 "score placed among all 2019 scores)" if has_score else
                 "a merged area with its parents' 2019 decile where they all had the same one (ranks are not "
                 "estimated, as 2019 scores for this domain are not bundled)"))
    return Change("2019-2025", place, "lsoa21", f, _summary(f, "2019", "2025"), method, caveats, domain)


def _flag_text(code: str, parents: str, estimated: bool = True, compared: bool = True) -> str:
    n = len(parents.split())
    if code == "U":
        return ""
    if code == "S":
        return f"split: compared with its 2011 parent {parents}"
    if code == "M" and estimated:
        return f"merged from {n} 2011 LSOAs ({parents}): 2019 position estimated"
    if code == "M" and compared:
        return f"merged from {n} 2011 LSOAs ({parents}), all in the same 2019 decile"
    if code == "M":
        return f"merged from {n} 2011 LSOAs ({parents}) in different 2019 deciles: not compared"
    return f"irregular boundary change (2011 LSOAs {parents}): not compared"


def _summary(f: pd.DataFrame, old: str, new: str) -> pd.DataFrame:
    """Per local authority: areas, most-deprived-10% counts and movements, decile moves."""
    keys = ["lad_code", "lad_name"]
    comp = f["compared"].to_numpy()
    d = pd.DataFrame({
        "areas": 1,
        "compared": comp,
        f"d1_{old}": comp & (f[f"decile_{old}"] == 1).to_numpy(),
        f"d1_{new}": comp & (f[f"decile_{new}"] == 1).to_numpy(),
        "entered_d1": f["entered_d1"].to_numpy(),
        "left_d1": f["left_d1"].to_numpy(),
        "more_deprived_decile": comp & (f["decile_change"] < 0).to_numpy(),
        "same_decile": comp & (f["decile_change"] == 0).to_numpy(),
        "less_deprived_decile": comp & (f["decile_change"] > 0).to_numpy(),
    }, index=f.index)
    if "change_code" in f:
        for code, name in (("S", "split"), ("M", "merged"), ("X", "not_compared_irregular")):
            d[name] = (f["change_code"] == code).to_numpy()
    else:
        d["not_compared"] = ~comp
    d = d.astype("int64")
    for k in keys:
        d[k] = f[k].to_numpy()
    out = d.groupby(keys, sort=True).sum()
    rank = f["rank_change"].where(f["compared"])
    out.insert(out.columns.get_loc("less_deprived_decile") + 1, "mean_rank_change",
               rank.groupby([f[k] for k in keys]).mean().reindex(out.index))
    out["net_d1"] = out["entered_d1"] - out["left_d1"]
    return out.reset_index()


def imd_change(period: str, place: str | Place = "England", domain: str = "imd") -> Change:
    if period in ("2015-2019", "2015", "imd2015"):
        if domain != "imd":
            raise ChangeError("IMD 2015 is bundled as the overall index only: compare domains 2019 -> 2025.")
        return imd_change_2015_2019(place)
    if period in ("2019-2025", "2025", "imd2025"):
        return imd_change_2019_2025(place, domain)
    raise ChangeError(f"Unknown change period {period!r}: use 2015-2019 or 2019-2025.")


def edition_pair(layer_a: str, layer_b: str) -> tuple[str, str] | None:
    """(period, domain) when two layer ids are consecutive editions of the IMD or of one of its domains
    (earlier first), e.g. ('imd2019', 'imd2025') -> ('2019-2025', 'imd'); else None."""
    pat = re.compile(r"^imd(2015|2019|2025)(?:_(\w+))?$")
    ma, mb = pat.match(layer_a), pat.match(layer_b)
    if not ma or not mb or ma.group(2) != mb.group(2):
        return None
    period = f"{ma.group(1)}-{mb.group(1)}"
    domain = ma.group(2) or "imd"
    if period not in PERIODS or (domain != "imd" and (period != "2019-2025" or domain not in DOMAINS)):
        return None
    return period, domain


# --- change as map layers ----------------------------------------------------------------------

#: the IMD change layers that can be drawn; the seven domains' 2019 -> 2025 changes follow the same pattern
#: (e.g. income_decile_change_2019_2025)
CHANGE_LAYERS = {
    "imd_decile_change_2015_2019": ("2015-2019", "decile_change"),
    "imd_rank_change_2015_2019": ("2015-2019", "rank_change"),
    "imd_decile_change_2019_2025": ("2019-2025", "decile_change"),
    "imd_rank_change_2019_2025": ("2019-2025", "rank_change"),
}
_CHANGE_ID = re.compile(r"^(?P<domain>[a-z]+)_(?P<what>decile|rank)_change_(?P<old>2015|2019)_(?P<new>2019|2025)$")


def change_layer_id(period: str, domain: str = "imd", what: str = "decile") -> str:
    old, new = period.split("-")
    return f"{domain}_{what}_change_{old}_{new}"


def _parse_change_id(layer_id: str):
    """The match of a change layer's id (old, new, domain, what), or a sentence naming the ones there are."""
    m = _CHANGE_ID.match(layer_id)
    ok = m is not None and f"{m['old']}-{m['new']}" in PERIODS and (
        m["domain"] == "imd" or (m["domain"] in DOMAINS and m["old"] == "2019"))
    if not ok:
        raise ChangeError(f"Unknown change layer {layer_id!r}: use one of {', '.join(CHANGE_LAYERS)}, or "
                          "<domain>_decile_change_2019_2025 for an IMD domain.")
    return m


def change_layer(layer_id: str) -> Layer:
    """A run-time catalog layer of IMD change (added to the catalog on first use), so change can be drawn,
    classified and exported like any layer. Its description says what is compared and why."""
    cat = load_catalog()
    if layer_id in cat:
        return cat.get(layer_id)
    m = _parse_change_id(layer_id)
    ch = imd_change(f"{m['old']}-{m['new']}", domain=m["domain"])
    layer = _layer_of(layer_id, ch)
    cat.add(layer, _values_of(ch, layer.column))
    return layer


def place_change_map_data(ch: Change, what: str = "decile"):
    """The map of ``ch``'s change layer (decile or rank) for ``ch``'s place alone, from ``ch``: England's change
    (a quarter of a second) is not worked out, nor added to the catalog, for a picture of one place. Its
    classes must be fixed breaks (DECILE_CHANGE_BREAKS), as England's values are not in it."""
    layer_id = change_layer_id(ch.period, ch.domain, what)
    cat = load_catalog()
    if layer_id in cat:  # England's change is at hand already: the usual map data
        return map_data(ch.place, "lsoa", cat.get(layer_id), geometry=False)
    layer = _layer_of(layer_id, ch)
    values = pd.DataFrame({"value": _values_of(ch, layer.column)[layer.column].astype("float64")})
    return map_data(ch.place, "lsoa", layer, geometry=False, values=values)


def _values_of(ch: Change, column: str) -> pd.DataFrame:
    return ch.frame.set_index("code")[[column, "change_code" if "change_code" in ch.frame else "compared"]]


def _layer_of(layer_id: str, ch: Change) -> Layer:
    """The catalog entry of change layer ``layer_id``, whose values are ``ch``'s: its title, units, method and
    caveats (the same whichever place ``ch`` covers)."""
    m = _parse_change_id(layer_id)
    old, new, domain = m["old"], m["new"], m["domain"]
    period, column = f"{old}-{new}", f"{m['what']}_change"
    cat = load_catalog()
    name = "IMD" if domain == "imd" else f"IMD {domain} domain"
    base = cat.get(f"imd{new}").dataset
    other = cat.get(f"imd{old}").dataset
    ds = Dataset(
        id=f"imd_change_{old}_{new}",
        title=f"Change between the English indices of deprivation {old} and {new} (derived by placeviz)",
        publisher=f"{other.publisher}; {base.publisher}",
        licence=base.licence, licence_url=base.licence_url,
        attribution=f"{other.attribution} {base.attribution}",
        notes="Derived: " + ch.method,
    )
    if column == "decile_change":
        title, unit, unit_long, decimals = (f"Change in {name} decile, {old} to {new}", "deciles",
                                            "deciles moved (positive = relatively less deprived)", 1)
    elif period == "2015-2019":
        title, unit, unit_long, decimals = (f"Change in {name} national rank, {old} to {new}", "ranks",
                                            "ranks moved (positive = relatively less deprived)", 0)
    else:
        title, unit, unit_long, decimals = (f"Change in {name} rank percentile, {old} to {new}", "points",
                                            "percentage points of England's LSOAs (positive = relatively "
                                            "less deprived)", 1)
    flagged = ""
    if period == "2019-2025":
        merged = ("merged areas (M) carry an estimated 2019 position" if ch.frame["estimated"].any() or
                  "score_2019" in ch.frame else
                  "merged areas (M) are compared only where their 2011 parts shared a 2019 decile")
        flagged = (" Areas shown as not compared are 2021 LSOAs whose boundaries changed irregularly (ONS "
                   f"change code X){'' if 'score_2019' in ch.frame else ' or merged across deciles'}; {merged}. "
                   "Tables list every area with its change code and flag.")
    nodata = "No data"
    if period == "2019-2025":
        nodata = ("Not compared: irregular boundary change (ONS code X)" if "score_2019" in ch.frame else
                  "Not compared: irregular boundary change, or merged across deciles")
    label = "IMD" if domain == "imd" else domain.capitalize()
    layer = Layer(
        id=layer_id, title=title, theme="deprivation", unit=unit, unit_long=unit_long,
        period=f"{old} to {new}", geography=ch.boundary_set, dataset=ds,
        description=ch.method + flagged, short_title=f"{label} {m['what']} change {old}-{new}",
        table=None, column=column, weight="population", higher_is_worse=False,
        default_scheme="equal_interval", decimals=decimals, caveats=ch.caveats, nodata_label=nodata,
    )
    return layer


def _is_change_id(layer_id: str) -> bool:
    return _CHANGE_ID.match(str(layer_id)) is not None


# a saved map or a command line naming a change layer has it made on first use
register_resolver(_is_change_id, change_layer)

#: the breaks a decile-change map uses (upper-inclusive; changes are whole deciles, so the half-way breaks
#: give the classes: 2 or more deciles more deprived, 1 more, the same, 1 less, 2 or more less deprived)
DECILE_CHANGE_BREAKS = (-1.5, -0.5, 0.5, 1.5)
