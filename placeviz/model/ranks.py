"""One rule for the rank of a place on the Index of Multiple Deprivation, used by the profile, its narrative,
its report and every comparison.

- **Official** where MHCLG publishes one: a local authority that is exactly one of the File 10 authorities
  (317 local authorities on 2019 boundaries for IoD 2019; 296 on 2024 boundaries for IoD 2025), and, for
  IoD 2025, a place made of exactly the local authorities of one Integrated Care Board (42 ICBs), whose
  official summary is quoted (NHS Cheshire and Merseyside: average score 25.531, 10th of 42).
- **Computed** for a region: its average score among the 9 regions' average scores, each weighted the same way;
  for a ward, among England's wards' (6,784 with a best-fit LSOA), each averaged over its LSOAs the same way. The
  ward level of an IMD map takes its values and ranks from here (``ward_ranks``), as the local-authority level
  does (``la_ranks``). On IoD 2019's 2011 LSOAs, a ward that holds most of no 2011 LSOA (four do) is averaged over
  the 2011 LSOAs it shares ground with, placed among the others and counted in the set ("of 6,781").
- **Computed** for any other place: its residents' average score (population-weighted over its
  neighbourhoods), placed among the official average scores of File 10's local authorities. A computed rank
  says so and says among which set ("would be 71st of 296 local authorities").

Rank 1 = the most deprived (highest average score). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from placeviz.model.geography import attributes
from placeviz.model.tables import read_table

#: the official summaries of each edition and the neighbourhoods they rest on
SUMMARIES = {
    "2019": {"label": "IoD 2019", "layer": "imd2019", "set": "lsoa11", "table": "imd2019_lsoa11.parquet",
             "file10": "imd2019_file10_lad19.parquet", "lad_column": "lad19_code", "lad_boundaries": "2019",
             "icb": None},
    "2025": {"label": "IoD 2025", "layer": "imd2025", "set": "lsoa21", "table": "imd2025_lsoa21.parquet",
             "file10": "imd2025_file10_lad24.parquet", "lad_column": "lad24_code", "lad_boundaries": "2024",
             "icb": "imd2025_file10_icb24.parquet"},
}
LAYER_EDITION = {v["layer"]: k for k, v in SUMMARIES.items()}


@dataclass(frozen=True)
class PlaceRank:
    """A place's average IMD score and its rank (1 = most deprived), official or computed, among which set."""

    edition: str
    score: float
    rank: int
    n: int
    basis: str  # "official" or "computed"
    among: str  # "local authorities" or "ICBs"
    official_name: str = ""  # the published area quoted (an ICB's name), when not the place itself
    official_code: str = ""

    @property
    def official(self) -> bool:
        return self.basis == "official"

    @property
    def source(self) -> str:
        e = SUMMARIES[self.edition]
        if self.among == "ICBs":
            return f"{e['label']} summary for Integrated Care Boards, 2024"
        if self.among in GROUPS:
            return f"{e['label']}, average scores of England's {self.among} computed by placeviz"
        return f"{e['label']} local-authority summary, File 10, {e['lad_boundaries']} boundaries"

    @property
    def set_words(self) -> str:
        """'317 local authorities (IoD 2019 File 10)'."""
        return f"{self.n} {self.among} ({self.source})"

    @property
    def label(self) -> str:
        """'official: rank among the 317 local authorities of ...', for tables and sidecars."""
        if self.official:
            return f"official: published rank among the {self.set_words}"
        return (f"computed: the place's population-weighted average score placed among the official average "
                f"scores of the {self.set_words}")

    @property
    def note(self) -> str:
        e = SUMMARIES[self.edition]
        if self.official:
            who = f" ({self.official_name}, {self.official_code})" if self.official_name else ""
            return (f"Official{who}: {self.source}, rank of average score among {self.n} {self.among} "
                    "(1 = most deprived).")
        weights = ("the IoD's own mid-2015 denominators" if self.edition == "2019"
                   else "Census 2021 usual residents of each 2021 neighbourhood")
        if self.among in GROUPS:
            what = self.among.removesuffix("s")
            return (f"Computed: the {what}'s average score, weighted with {weights}, ranked among England's "
                    f"{self.n:,} {self.among}, each averaged the same way (1 = most deprived); not a published rank.")
        return (f"Computed: the place's average score, weighted with {weights}, placed among the official "
                f"average scores of the {self.n} {self.among} in {e['label']} File 10 (1 = most deprived); "
                "not a published rank.")

    def to_dict(self) -> dict:
        return {"edition": self.edition, "score": round(float(self.score), 3), "rank": int(self.rank),
                "n": int(self.n), "basis": self.basis, "among": self.among, "source": self.source,
                "official_name": self.official_name, "official_code": self.official_code, "label": self.label}


#: IoD 2025's weights: Census 2021 usual residents of each 2021 neighbourhood (ONS TS021). The IoD's own mid-2022
#: denominators (File 6) are not bundled, so figures weighted with these approximate the official method.
IOD2025_WEIGHTS_NOTE = (
    "IoD 2025 figures are weighted with Census 2021 usual residents of each 2021 neighbourhood (ONS, TS021), "
    "not the IoD's own mid-2022 denominators, which are not bundled; a computed figure can differ slightly "
    "from the official method."
)


def census2021_residents() -> pd.Series:
    """Census 2021 usual residents of every English 2021 LSOA: the stated weights of IoD 2025 figures."""
    return read_table("census2021_residents_lsoa21.parquet")["residents"].astype("float64")


def edition_weights(edition: str) -> pd.Series:
    """The residents each edition's figures are weighted with: IoD 2019's own mid-2015 denominators; Census 2021
    usual residents for IoD 2025."""
    if edition == "2019":
        return read_table(SUMMARIES["2019"]["table"])["pop_mid2015"].astype("float64")
    return census2021_residents()


def _weights(edition: str, t: pd.DataFrame) -> pd.Series:
    return edition_weights(edition).reindex(t.index)


def icb_of(lad24_codes) -> pd.Series | None:
    """The official IoD 2025 summary row of the ICB made of exactly these 2024 local authorities, or None."""
    want = ";".join(sorted(set(lad24_codes)))
    icb = read_table(SUMMARIES["2025"]["icb"])
    hit = icb[icb["lad24_codes"] == want]
    return None if hit.empty or not want else hit.iloc[0]


#: the sets of areas a place is ranked among by its own average score, and the column that groups LSOAs into them
GROUPS = {"regions": "region_code", "wards": "ward24_code"}


@cache
def group_scores(edition: str, among: str) -> pd.Series:
    """Every region's (or ward's) average IMD score, weighted as a computed place's is. A 2011 LSOA counts in
    the ward holding most of its residents (``lsoa_apportion``). Cached (every ward target of a map and every
    ward rank asks): shared, do not modify."""
    e = SUMMARIES[edition]
    t = read_table(e["table"])
    a = attributes(e["set"]).set_index("code").reindex(t.index)
    w = _weights(edition, t)
    ok = t["imd_score"].notna() & w.notna()
    by = a[GROUPS[among]][ok]
    return (t["imd_score"][ok] * w[ok]).groupby(by).sum() / w[ok].groupby(by).sum()


def ward_ranks(edition: str) -> pd.DataFrame:
    """Every ward's average score (``value``) and ``rank`` among England's wards (1 = most deprived), by the rule
    ``imd_place_rank`` gives one ward: what the ward level of an IMD map shows, so a map, ``find`` and a profile
    agree."""
    scores = group_scores(edition, "wards")
    out = pd.DataFrame({"value": scores, "rank": scores.rank(method="min", ascending=False)})
    out.index.name = "code"
    return out


def ward_note(edition: str) -> str:
    """How a ward's IMD figure is made, with its weights: said with every ward-level IMD map and table."""
    e = SUMMARIES[edition]
    weights = ("the IoD's own mid-2015 denominators of each 2011 neighbourhood" if edition == "2019"
               else "Census 2021 usual residents of each 2021 neighbourhood (ONS, TS021)")
    return (f"{e['label']} for wards (May 2024): each ward's average score is the population-weighted mean of "
            f"the scores of the LSOAs the ONS best-fit lookup puts in it, weighted with {weights}, and its rank "
            f"is among England's {len(group_scores(edition, 'wards')):,} wards averaged the same way (1 = most "
            "deprived); computed by placeviz, not an official ward figure.")


def _group_rank(edition: str, among: str, place) -> PlaceRank | None:
    scores = group_scores(edition, among)
    code = place.codes[0]
    outside = code not in scores.index
    if not outside:
        score = float(scores[code])
    elif among == "wards":
        # a ward holding most of no 2011 LSOA: the average of the 2011 LSOAs it shares ground with (its mask)
        score = _residents_score(edition, attributes(SUMMARIES[edition]["set"]), place)
    else:
        return None
    if not np.isfinite(score):
        return None
    # a ward placed among the others counts in the set it is ranked of: "of 6,781", not of the 6,780 it is not in
    return PlaceRank(edition, score, 1 + int((scores > score).sum()), len(scores) + outside, "computed", among)


def imd_place_rank(place, edition: str) -> PlaceRank | None:
    """The place's rank on average IMD score by the one rule above; None for England."""
    if place.kind == "england":
        return None
    if place.kind in ("region", "ward"):
        return _group_rank(edition, f"{place.kind}s", place)
    e = SUMMARIES[edition]
    f10 = read_table(e["file10"])
    a = attributes(e["set"])
    inside = a.loc[place.mask(a)]
    if inside.empty:
        return None
    lads = set(inside[e["lad_column"]].dropna())
    whole = set(a.loc[a[e["lad_column"]].isin(lads), "code"]) == set(inside["code"])
    n_las = len(f10)
    if whole and len(lads) == 1 and next(iter(lads)) in f10.index:
        code = next(iter(lads))
        return PlaceRank(edition, float(f10.at[code, "imd_average_score"]),
                         int(f10.at[code, "imd_rank_of_average_score"]), n_las, "official", "local authorities")
    if whole and e["icb"] is not None:
        row = icb_of(lads)
        if row is not None:
            n_icb = len(read_table(e["icb"]))
            name = str(row["name"]).replace(" Integrated Care Board", " ICB")
            return PlaceRank(edition, float(row["imd_average_score"]), int(row["imd_rank_of_average_score"]),
                             n_icb, "official", "ICBs", name, str(row.name))
    score = _residents_score(edition, a, place)
    if not np.isfinite(score):
        return None
    rank = 1 + int((f10["imd_average_score"] > score).sum())
    return PlaceRank(edition, score, rank, n_las, "computed", "local authorities")


def _residents_score(edition: str, areas: pd.DataFrame, place) -> float:
    """The place's residents' average score over its neighbourhoods, weighted as every computed figure is."""
    t = read_table(SUMMARIES[edition]["table"]).reindex(areas.loc[place.mask(areas), "code"])
    w = _weights(edition, t)
    ok = t["imd_score"].notna() & w.notna()
    return float(np.average(t["imd_score"][ok], weights=w[ok])) if ok.any() and w[ok].sum() > 0 else float("nan")


def percentile_among(r: PlaceRank) -> float:
    """The share (0-100) of the ranked set with a lower average score than the place (ties count half)."""
    e = SUMMARIES[r.edition]
    if r.among in GROUPS:
        x = group_scores(r.edition, r.among).to_numpy()
        if r.n > x.size:  # a ward placed among the others (it holds most of no 2011 LSOA) counts in the set
            x = np.append(x, r.score)
    else:
        x = read_table(e["icb"] if r.among == "ICBs" else e["file10"])["imd_average_score"].dropna().to_numpy()
    return float(100.0 * ((x < r.score).sum() + 0.5 * (x == r.score).sum()) / x.size)


def la_ranks(edition: str, set_name: str) -> pd.DataFrame:
    """Every local authority of a boundary set ("lad19", "lad21", "lad24") by the same rule, for the map's own
    tables: ``value`` (average score), ``rank``, ``rank_of`` (the size of the ranked set) and ``rank_basis``.

    A local authority whose neighbourhoods are exactly those of the File 10 authority with its code takes the
    published score and rank ("official"); any other (one made or changed since) has its residents' average
    score placed among File 10's ("computed"), as ``imd_place_rank`` does for a single place."""
    e = SUMMARIES[edition]
    f10 = read_table(e["file10"])
    a = attributes(e["set"]).set_index("code")
    own, published = a[f"{set_name}_code"], a[e["lad_column"]]
    moved = set(own[own != published].dropna()) | set(published[own != published].dropna())
    t = read_table(e["table"]).reindex(a.index)
    w = _weights(edition, t)
    ok = t["imd_score"].notna() & w.notna() & own.notna()
    score = (t["imd_score"][ok] * w[ok]).groupby(own[ok]).sum() / w[ok].groupby(own[ok]).sum()
    published_scores = np.sort(f10["imd_average_score"].dropna().to_numpy())
    out = pd.DataFrame({"value": score})
    out["rank"] = (1 + published_scores.size - np.searchsorted(published_scores, score.to_numpy(), side="right")
                   ).astype("float64")
    out["rank_of"] = float(len(f10))
    out["rank_basis"] = "computed"
    official = [c for c in out.index if c in f10.index and c not in moved]
    out.loc[official, "value"] = f10.loc[official, "imd_average_score"].astype("float64").to_numpy()
    out.loc[official, "rank"] = f10.loc[official, "imd_rank_of_average_score"].astype("float64").to_numpy()
    out.loc[official, "rank_basis"] = "official"
    out.index.name = "code"
    return out


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 11th, 216th, 3,784th."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def rank_words(rank: float, rank_of: float, basis: str, edition_label: str = "") -> str:
    """'216th of 317 local authorities (official, IoD 2019 File 10)' for a local authority's row."""
    if basis == "official":
        how = f"official, {edition_label} File 10" if edition_label else "official"
    else:
        how = f"computed, placed among {edition_label} File 10's" if edition_label else "computed"
    return f"{ordinal(rank)} of {int(rank_of):,} local authorities ({how})"
