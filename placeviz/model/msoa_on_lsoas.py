"""How a figure published for MSOAs reaches a place made of LSOAs (a ward): each LSOA takes the value of the MSOA
it lies in and counts with its own residents (mid-2020), so the place counts each MSOA by the residents it holds
of it, not by the whole MSOA, which can reach far beyond it.

The one rule for "a place's residents-weighted mean of an MSOA layer over its LSOAs": a comparison
(``analysis.compare``) and the profile, brief and slides (``analysis.profile``) both give a ward's figure on an
MSOA layer through it, so they agree. No Qt here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from placeviz.model.geography import attributes
from placeviz.model.mapdata import aggregate, population

#: said beside a ward's figure on an MSOA layer, wherever it is shown
MSOA_ON_LSOAS_NOTE = ("each neighbourhood (LSOA) takes the value of the MSOA it lies in, weighted by its "
                      "residents (mid-2020)")


def msoa_values_on_lsoas(msoa_values: pd.Series, lsoa_set: str) -> tuple[pd.Series, pd.Series]:
    """Every LSOA of ``lsoa_set`` with its MSOA's value (from ``msoa_values``, by MSOA code) and its residents
    as weight, both indexed by LSOA code."""
    a = attributes(lsoa_set).set_index("code")
    values = pd.Series(msoa_values.reindex(a["msoa_code"]).to_numpy(dtype="float64"), index=a.index)
    return values, population(lsoa_set).reindex(a.index)


def place_mean_over_lsoas(place, values: pd.Series, weights: pd.Series | None, lsoa_set: str,
                          how: str = "mean") -> float:
    """The place's weighted mean (``how="sum"``: total) of LSOA values over its LSOAs of ``lsoa_set``, by the
    maps' aggregation rule (NaN when LSOAs holding less than half its weight have a value)."""
    a = attributes(lsoa_set).set_index("code").reindex(values.index)
    inside = place.mask(a.reset_index())
    groups = pd.Series(np.where(inside, "in", None), index=values.index)
    return float(aggregate(values, weights, groups, how=how).get("in", np.nan))


def place_msoa_mean(place, msoa_values: pd.Series, lsoa_set: str = "lsoa11") -> float:
    """A place's residents-weighted mean of an MSOA layer over its LSOAs, each taking its MSOA's value."""
    values, weights = msoa_values_on_lsoas(msoa_values, lsoa_set)
    return place_mean_over_lsoas(place, values, weights, lsoa_set)
