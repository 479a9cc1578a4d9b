"""The one rule for the ward (May 2024) of a 2011 LSOA: the ward where most of its residents live.

Wards are not built from 2011 LSOAs. The ONS best-fit lookup puts each 2021 LSOA wholly in one ward, and the
ONS LSOA 2011 to 2021 lookup says which 2021 LSOAs each 2011 LSOA shares ground with. Each ward is credited
with the Census 2021 usual residents of the 2021 LSOAs it holds among those, and the 2011 LSOA takes the ward
credited with most. Real residents, not the 2011 population split equally among the 2021 parts: split evenly,
a 2011 LSOA spread over two wards tied 0.5/0.5 and the ward code's sort order decided.

A tie (the same number of residents) goes to a ward that would otherwise hold no 2011 LSOA, so that it can
be mapped on 2011 areas as itself; failing that, to the lowest ward code. Ties are settled in 2011 code
order. (The bundled figures have no tie; the rule keeps a rebuild from other figures fair.)

Used by the bundle build; pandas only, so a test can check the committed bundle against it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def lsoa11_wards(codes11, wards21, residents21) -> pd.Series:
    """The ward of each 2011 LSOA, indexed by its code (sorted). One entry per row of the LSOA 2011 -> 2021
    lookup in each argument: the 2011 LSOA, the ward of the 2021 LSOA, the residents of the 2021 LSOA (a
    missing count credits nobody)."""
    rows = pd.DataFrame({
        "lsoa11": np.asarray(codes11, dtype=object), "ward": np.asarray(wards21, dtype=object),
        "residents": np.nan_to_num(np.asarray(residents21, dtype="float64"), nan=0.0),
    })
    held = rows.groupby(["lsoa11", "ward"], as_index=False)["residents"].sum()
    top = held[held["residents"] == held.groupby("lsoa11")["residents"].transform("max")]
    top = top.sort_values(["lsoa11", "ward"])
    tied = top["lsoa11"].duplicated(keep=False)
    ward = top[~tied].set_index("lsoa11")["ward"]
    return pd.concat([ward, _settle_ties(top[tied], set(ward))]).sort_index()


def _settle_ties(tied: pd.DataFrame, holding: set) -> pd.Series:
    """Each tied 2011 LSOA (in code order) to the first of its tied wards (by code) that holds no 2011 LSOA
    yet, else to the first."""
    out = {}
    for code, wards in tied.groupby("lsoa11", sort=True)["ward"]:
        options = list(wards)
        pick = next((w for w in options if w not in holding), options[0])
        out[code] = pick
        holding.add(pick)
    return pd.Series(out, dtype=object)
