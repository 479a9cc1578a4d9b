"""The one rule for giving LSOA 2011 figures to LSOA 2021 areas: the ONS lookup, apportioned by population.

Each pair of a 2011 and a 2021 LSOA that share ground (a row of the ONS best-fit lookup) carries the share
of the 2011 area's residents who live in that 2021 area, estimated from the 2021 areas' populations (mid-2020
estimates). An unchanged or merged 2011 area lies wholly in one 2021 area (share 1); a split or irregular
one is shared among its 2021 areas in proportion to their populations. Those mid-2020 populations of 2021
areas are the bundle's own (tools/build_bundle.py): the 2011 estimate split equally among a split area's
parts, so in effect a split area is shared equally. Census 2021 residents would share it as people live;
that would change figures, and is left as a decision.

- A rate (mean) for a 2021 area is the mean of its 2011 parents' values, each weighted by the 2011
  residents it brings (its population times its share): a split area's parts keep its value, a merged area
  takes its parents' population-weighted mean, and an irregular area counts each parent by the part of it
  that lies inside rather than by the whole.
- A count (sum) for a 2021 area is the sum of its parents' values times their shares, so England's total
  is kept.

Parents without a value are left out; a 2021 area none of whose parents has one gets no value. Used by the
overlap layer (analysis) and by converting an imported LSOA 2011 table (imports).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from placeviz.model.geography import lsoa_lookup
from placeviz.model.mapdata import population


@dataclass(frozen=True)
class Apportioning:
    """The lookup's rows as arrays, one entry per row: made once, shared, never modified."""

    codes11: pd.Index  # the row's 2011 LSOA
    rows21: np.ndarray  # the position of the row's 2021 LSOA in ``codes21``
    codes21: pd.Index  # every 2021 LSOA, sorted
    share: np.ndarray  # the share of the 2011 area's residents living in the 2021 area
    weight: np.ndarray  # those residents: the 2011 population times the share


def residents_shares(codes11, pop21) -> np.ndarray:
    """For each lookup row (a 2011 LSOA ``codes11`` and a 2021 LSOA of population ``pop21`` sharing ground): the
    share of the 2011 area's residents living in the 2021 area."""
    pop21 = np.asarray(pop21, dtype="float64")
    # an area without a population estimate (none in the bundle) counts as one resident: an equal share
    pop21 = np.where(np.isfinite(pop21) & (pop21 > 0), pop21, 1.0)
    parent, _ = pd.factorize(np.asarray(codes11, dtype=object))
    return pop21 / np.bincount(parent, weights=pop21)[parent]


@cache
def apportioning() -> Apportioning:
    lk = lsoa_lookup()
    rows21, codes21 = pd.factorize(lk["lsoa21_code"], sort=True)
    codes11 = pd.Index(lk["lsoa11_code"].to_numpy(dtype=object))
    share = residents_shares(codes11, population("lsoa21").reindex(codes21).to_numpy(dtype="float64")[rows21])
    pop11 = np.nan_to_num(population("lsoa11").reindex(codes11).to_numpy(dtype="float64"), nan=0.0)
    return Apportioning(codes11, rows21, pd.Index(np.asarray(codes21, dtype=object)), share, pop11 * share)


def lsoa11_to_lsoa21(values11: pd.Series, how: str = "mean") -> pd.Series:
    """2021 LSOA values from 2011 ones (indexed by 2011 code): a population-weighted mean of the parents
    (``how="mean"``, for rates) or their apportioned sum (``"sum"``, for counts). Only 2021 areas with at
    least one parent with a value, sorted by code."""
    a = apportioning()
    v = values11.reindex(a.codes11).to_numpy(dtype="float64")
    out = apportioned_mean(v) if how == "mean" else _apportioned_sum(v)
    reached = np.bincount(a.rows21[~np.isnan(v)], minlength=len(a.codes21)) > 0
    return pd.Series(out[reached], index=a.codes21[reached])


def apportioned_mean(v: np.ndarray) -> np.ndarray:
    """Each 2021 LSOA's (``apportioning().codes21``) population-weighted mean of ``v``, the values of the
    lookup's rows (NaN where a parent has none); NaN where no parent has a value. For callers that match codes
    once and keep arrays."""
    a = apportioning()
    ok = ~np.isnan(v)
    rows, w = a.rows21[ok], a.weight[ok]
    n = len(a.codes21)
    den = np.bincount(rows, weights=w, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(rows, weights=v[ok] * w, minlength=n) / np.where(den > 0, den, np.nan)


def _apportioned_sum(v: np.ndarray) -> np.ndarray:
    a = apportioning()
    ok = ~np.isnan(v)
    return np.bincount(a.rows21[ok], weights=v[ok] * a.share[ok], minlength=len(a.codes21))
