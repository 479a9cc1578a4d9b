"""Deprivation hot spots and cold spots: where deprived (or affluent) neighbourhoods cluster.

Getis-Ord Gi* (default) or local Moran's I, on Queen contiguity between the place's own neighbourhood
polygons (``contiguity``: the same neighbours as PySAL's libpysal). Significance comes from conditional
permutations with a fixed seed, so the same place gives the same map every time: for Gi*, placeviz's own
vectorised permutation engine (``gi_star``; it agrees with PySAL's esda as closely as esda agrees with
itself under another seed, see tests/test_hotspots.py); for local Moran's I, esda. No Qt here.

A neighbourhood is a *hot spot* when it and its neighbours together score significantly higher (worse, for
a layer where higher is worse) than the place as a whole, and a *cold spot* when they score significantly
lower (better). Neighbourhoods with no neighbours in the place (islands) or no value are "not tested".
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from placeviz.analysis.contiguity import queen_neighbours_of_rows
from placeviz.analysis.gi_star import gi_star
from placeviz.model.catalog import load_catalog
from placeviz.model.errors import UserError
from placeviz.model.geography import attributes, boundaries
from placeviz.model.mapdata import map_data

#: significance level for hot and cold spots (permutation pseudo p-value)
ALPHA = 0.05
PERMUTATIONS = 999
#: the seed for the permutations: fixed, so results are reproducible
SEED = 20191
#: fewer areas than this make a local statistic meaningless
MIN_AREAS = 10
METHODS = {
    "gi_star": "Getis-Ord Gi*",
    "moran": "local Moran's I",
}
HOT, COLD, NOT_SIGNIFICANT, NOT_TESTED = "hot spot", "cold spot", "not significant", "not tested"
HIGH_LOW, LOW_HIGH = "high among low", "low among high"  # local Moran's I outliers
SPOT_CLASSES = (HOT, COLD, HIGH_LOW, LOW_HIGH, NOT_SIGNIFICANT, NOT_TESTED)
#: map colours: red for clusters of deprivation, blue for clusters of its absence (a diverging pair that
#: stays distinct for the common colour-vision deficiencies), pale tints for outliers, grey for the rest
SPOT_COLOURS = {HOT: "#b2182b", COLD: "#2166ac", HIGH_LOW: "#f4a582", LOW_HIGH: "#92c5de",
                NOT_SIGNIFICANT: "#f0f0f0", NOT_TESTED: "#d9d9d9"}
#: share of neighbourhoods flagged (hot or cold) where values have no spatial pattern at all: esda's
#: permutation p-value is one-sided in the direction observed, so each direction flags ALPHA of them
CHANCE_SHARE = 2 * ALPHA
MULTIPLE_TESTING_CAVEAT = (
    "Hot and cold spots are tested neighbourhood by neighbourhood at p < 0.05 in each direction without "
    "correction for the many tests, so about one in ten neighbourhoods could be flagged as a hot or cold spot "
    "by chance alone; treat small, isolated spots with care."
)


class HotSpotError(UserError, ValueError):
    """Hot spots that cannot be computed for this place or layer, with a sentence that says why."""


@dataclass
class HotSpots:
    """The result: a table (code, name, lad_name, value, z, p, spot), the same as a map-ready GeoDataFrame
    (``frame``, with geometry), and the settings."""

    table: pd.DataFrame
    rows: np.ndarray  # the row of each neighbourhood in the boundary file of ``boundary_set``
    layer_id: str
    place_name: str
    boundary_set: str
    method: str = "gi_star"
    alpha: float = ALPHA
    permutations: int = PERMUTATIONS
    seed: int = SEED
    notes: list[str] = field(default_factory=list)

    @cached_property
    def frame(self):
        """``table`` with each neighbourhood's boundary: a GeoDataFrame, read when first asked for (a text
        profile never reads the boundaries)."""
        import geopandas as gpd

        g = boundaries(self.boundary_set)
        return gpd.GeoDataFrame(self.table.assign(geometry=g.geometry.values[self.rows]), geometry="geometry",
                                crs=g.crs)

    @property
    def counts(self) -> dict[str, int]:
        vc = self.table["spot"].value_counts()
        return {c: int(vc.get(c, 0)) for c in SPOT_CLASSES}

    @property
    def n_tested(self) -> int:
        return int((self.table["spot"] != NOT_TESTED).sum())

    def codes(self, spot: str) -> list[str]:
        """Codes of the neighbourhoods in one class (e.g. ``HOT``), sorted."""
        return sorted(self.table.loc[self.table["spot"] == spot, "code"].tolist())

    def records(self) -> list[dict]:
        """Map-ready rows: every neighbourhood's code and its class."""
        return [{"code": c, "spot": s} for c, s in zip(self.table["code"], self.table["spot"], strict=True)]

    def colours(self) -> list[str]:
        """The map colour of every row of ``table`` (and ``frame``)."""
        return [SPOT_COLOURS[s] for s in self.table["spot"]]

    def legend(self) -> list[tuple[str, str, int]]:
        """(label, colour, count) for the classes on the map: hot and cold spots always, others when present."""
        c = self.counts
        return [(s[0].upper() + s[1:], SPOT_COLOURS[s], c[s]) for s in SPOT_CLASSES if c[s] or s in (HOT, COLD)]

    @property
    def method_title(self) -> str:
        return METHODS[self.method]

    def description(self) -> str:
        return (f"{self.method_title} on Queen contiguity between neighbourhoods ({self.boundary_set.upper()}), "
                f"p < {self.alpha:g} from {self.permutations} conditional permutations (seed {self.seed}).")


def _areas(n: int) -> str:
    return "1 neighbourhood" if n == 1 else f"{n:,} neighbourhoods"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def _require_pysal() -> None:
    """Local Moran's I needs PySAL (esda, libpysal); without them, one clear sentence instead of a traceback."""
    import importlib.util

    missing = [m for m in ("esda", "libpysal") if importlib.util.find_spec(m) is None]
    if missing:
        raise HotSpotError(
            f"Local Moran's I hot spots need the {' and '.join(missing)} package{'s' if len(missing) > 1 else ''}, which "
            f"{'are' if len(missing) > 1 else 'is'} not installed: run 'python -m pip install esda libpysal'."
        )


def _moran(y, nb, permutations: int, seed: int):
    """esda's local Moran's I on row-standardised weights from the neighbour lists ``nb``."""
    import esda
    from libpysal.weights import W

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(nb.as_dict(), silence_warnings=True)
        w.transform = "r"
        return esda.Moran_Local(y, w, transformation="r", permutations=permutations, seed=seed, n_jobs=1,
                                keep_simulations=False)


def hotspots(place, layer: str = "imd2019", method: str = "gi_star", alpha: float = ALPHA,
             permutations: int = PERMUTATIONS, seed: int = SEED) -> HotSpots:
    """Hot and cold spots of an LSOA-level layer over the neighbourhoods of a place.

    ``place`` is a name, code or Place; ``layer`` a layer id published for neighbourhoods (LSOAs).
    """
    if method not in METHODS:
        raise HotSpotError(f"Unknown hot spot method {method!r}: use one of {', '.join(METHODS)}.")
    if not 0 < alpha < 1:
        raise HotSpotError(f"The significance level must be between 0 and 1, not {alpha}.")
    if int(permutations) < 99:
        raise HotSpotError(f"Use at least 99 permutations for hot spots, not {permutations}.")
    lay = load_catalog().get(layer)
    if lay.level not in ("lsoa", "grid"):
        raise HotSpotError(
            f"Hot spots need a neighbourhood-level layer; {lay.label} is published for {lay.geography_name} areas."
        )
    md = map_data(place, "lsoa", lay, geometry=False)
    frame = md.frame[["code", "name", "lad_name", "value"]].copy()
    file_rows = np.flatnonzero(md.place.mask(attributes(md.boundary_set)))  # the rows map_data picked, in order
    values = frame["value"].to_numpy(dtype="float64")
    ok = np.isfinite(values)
    frame["z"] = np.nan
    frame["p"] = np.nan
    frame["spot"] = NOT_TESTED
    notes: list[str] = []
    if (~ok).any():
        n = int((~ok).sum())
        notes.append(f"{_areas(n)} {'has' if n == 1 else 'have'} no value and {_was(n)} not tested.")
    if ok.sum() < MIN_AREAS:
        raise HotSpotError(
            f"{md.place.name} has {_areas(int(ok.sum()))} with a value: hot spots need at least "
            f"{MIN_AREAS}. Choose a bigger place."
        )
    if method == "moran":
        _require_pysal()  # after the checks of the request itself, so a bad request is named first
    idx = np.flatnonzero(ok)
    nb = queen_neighbours_of_rows(md.boundary_set, file_rows[idx])
    islands = nb.islands
    keep = np.setdiff1d(np.arange(len(idx)), islands)
    if islands.size:
        n = int(islands.size)
        notes.append(f"{_areas(n)} {'touches' if n == 1 else 'touch'} no other neighbourhood of the place and "
                     f"{_was(n)} not tested.")
        if keep.size < MIN_AREAS:
            raise HotSpotError(f"Too few neighbourhoods of {md.place.name} touch each other for hot spots.")
        nb = nb.subset(keep)
    y = values[idx[keep]]
    worse_high = lay.higher_is_worse is not False
    if method == "gi_star":
        stat = gi_star(y, nb, permutations=int(permutations), seed=int(seed))
        z, p = stat.z, stat.p
        spot = np.where(p < alpha, np.where((z > 0) == worse_high, HOT, COLD), NOT_SIGNIFICANT)
    else:
        stat = _moran(y, nb, int(permutations), int(seed))
        z = np.asarray(stat.z_sim, dtype="float64")
        p = np.asarray(stat.p_sim, dtype="float64")
        q = np.asarray(stat.q)  # 1 high-high, 2 low-high, 3 low-low, 4 high-low
        labels = {1: HOT if worse_high else COLD, 3: COLD if worse_high else HOT, 2: LOW_HIGH, 4: HIGH_LOW}
        spot = np.where(p < alpha, [labels[int(x)] for x in q], NOT_SIGNIFICANT)
    rows = idx[keep]
    frame.iloc[rows, frame.columns.get_loc("z")] = z
    frame.iloc[rows, frame.columns.get_loc("p")] = p
    frame.iloc[rows, frame.columns.get_loc("spot")] = spot
    frame["spot"] = pd.Categorical(frame["spot"], categories=list(SPOT_CLASSES)).astype(str)
    return HotSpots(table=frame, rows=file_rows, layer_id=lay.id, place_name=md.place.name, boundary_set=md.boundary_set,
                    method=method, alpha=alpha, permutations=int(permutations), seed=int(seed), notes=notes)
