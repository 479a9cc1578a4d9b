"""Hot spots and cold spots (Getis-Ord Gi*, local Moran's I) on the real neighbourhoods of real places."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from placeviz.analysis.contiguity import queen_neighbours, queen_neighbours_of_rows
from placeviz.analysis.gi_star import _samples, gi_star
from placeviz.analysis.hotspots import COLD, HOT, NOT_TESTED, HotSpotError, hotspots
from placeviz.model.errors import UserError
from placeviz.model.mapdata import map_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def liverpool():
    return hotspots("Liverpool")


def _esda_gi_star(y, nb, seed):
    import esda
    from libpysal.weights import W

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W(nb.as_dict(), silence_warnings=True)
        w.transform = "b"
        return esda.G_Local(y, w, transform="B", star=True, permutations=999, seed=seed, n_jobs=1,
                            keep_simulations=False)


def _classes(p, z):
    return np.where(p < 0.05, np.where(z > 0, HOT, COLD), "not significant")


@pytest.mark.parametrize("place", ["Cheshire and Merseyside", "South West"])
def test_queen_neighbours_are_libpysals(place):
    """The numpy contiguity finds exactly the neighbours libpysal's Queen finds (islands included)."""
    from libpysal.weights import Queen

    frame = map_data(place, "lsoa", "imd2019").frame
    nb = queen_neighbours(frame.geometry.values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(frame, use_index=False, silence_warnings=True)
    assert nb.n == len(frame) and len(nb.indices) == w.s0
    assert all(set(nb.of(i)) == set(w.neighbors[i]) for i in range(nb.n))
    assert nb.islands.tolist() == sorted(w.islands)


def test_neighbours_from_the_bundled_coordinates_are_those_of_the_polygons():
    """Hot spots read the boundary file's coordinates directly (no geometry objects): same neighbours."""
    from placeviz.model.geography import attributes

    md = map_data("Cheshire and Merseyside", "lsoa", "imd2019")
    rows = np.flatnonzero(md.place.mask(attributes(md.boundary_set)))
    assert attributes(md.boundary_set)["code"].to_numpy()[rows].tolist() == md.frame["code"].tolist()
    direct = queen_neighbours_of_rows(md.boundary_set, rows)
    polygons = queen_neighbours(md.frame.geometry.values)
    assert np.array_equal(direct.indptr, polygons.indptr) and np.array_equal(direct.indices, polygons.indices)
    assert len(direct.indices) == 9070


def test_gi_star_engine_is_the_conditional_permutation_test_written_out():
    """The vectorised engine gives exactly the counts of the test written out area by area and permutation by
    permutation: the area's own value fixed, its k neighbours' values the first k of the shared random
    sample that are not itself."""
    frame = map_data("Knowsley", "lsoa", "imd2019").frame
    nb = queen_neighbours(frame.geometry.values)
    y = frame["value"].to_numpy(dtype="float64")
    perms = 199
    got = gi_star(y, nb, permutations=perms, seed=3)
    drawn = _samples(len(y), int(nb.cardinalities.max()) + 1, perms, 3)
    tolerance = 1e-9 * np.abs(y).max() * (nb.cardinalities.max() + 1)
    expected = []
    for i in range(len(y)):
        k = nb.cardinalities[i]
        sims = np.array([y[[j for j in row if j != i][:k]].sum() for row in drawn])
        larger = int((sims >= y[nb.of(i)].sum() - tolerance).sum())
        expected.append((min(larger, perms - larger) + 1) / (perms + 1))
    assert np.array_equal(got.p, np.array(expected))
    assert (got.p < 0.05).sum() > 10


def test_cheshire_and_merseyside_hot_spots_agree_with_esda():
    """The previous method was esda's G_Local (999 permutations, seed 20191). On Cheshire and Merseyside's
    1,562 neighbourhoods the z-scores are the same to 1e-12 and 1,531 of 1,562 (98.0%) neighbourhoods get
    the same class; esda run with seeds 1 and 2 agrees with its own seed-20191 result on 1,534 and 1,526:
    the differences are the chance of the permutations, for areas near p = 0.05."""
    frame = map_data("Cheshire and Merseyside", "lsoa", "imd2019").frame
    nb = queen_neighbours(frame.geometry.values)
    y = frame["value"].to_numpy(dtype="float64")
    ours = gi_star(y, nb, permutations=999, seed=20191)
    before = _esda_gi_star(y, nb, 20191)
    assert np.allclose(ours.z, before.Zs, rtol=0, atol=1e-12)
    same = int((_classes(ours.p, ours.z) == _classes(before.p_sim, before.Zs)).sum())
    esda_itself = [int((_classes(e.p_sim, e.Zs) == _classes(before.p_sim, before.Zs)).sum())
                   for e in (_esda_gi_star(y, nb, 1), _esda_gi_star(y, nb, 2))]
    assert same == 1531 and esda_itself == [1534, 1526]
    assert same >= min(esda_itself)
    assert abs(np.mean(ours.p) - np.mean(before.p_sim)) < 0.005
    # and through hotspots(): the classes the profile maps
    h = hotspots("Cheshire and Merseyside")
    assert (h.frame["spot"].to_numpy() == _classes(ours.p, ours.z)).all()
    assert h.counts[HOT] == 305 and h.counts[COLD] == 397


def test_hot_spots_are_the_deprived_ones_and_results_are_reproducible(liverpool):
    f = liverpool.frame
    assert len(f) == 298 and liverpool.n_tested == 298
    assert f.loc[f.spot == HOT, "value"].mean() > 2 * f.loc[f.spot == COLD, "value"].mean()
    assert (f.loc[f.spot == HOT, "z"] > 0).all() and (f.loc[f.spot.isin([HOT, COLD]), "p"] < 0.05).all()
    again = hotspots("Liverpool")
    assert again.records() == liverpool.records()
    assert f.crs is not None and f.geometry.notna().all()  # map-ready
    assert set(liverpool.codes(HOT)).isdisjoint(liverpool.codes(COLD))
    legend = {label: (colour, n) for label, colour, n in liverpool.legend()}
    assert legend["Hot spot"][1] == liverpool.counts[HOT] and legend["Cold spot"][1] == liverpool.counts[COLD]
    colours = liverpool.colours()
    assert len(colours) == 298 and colours.count(legend["Hot spot"][0]) == liverpool.counts[HOT]


def test_imd2025_hot_spots_use_2021_neighbourhoods():
    h = hotspots("Knowsley", layer="imd2025")
    assert h.boundary_set == "lsoa21" and h.frame.code.is_unique
    assert h.counts[HOT] > 0


def test_local_morans_i_high_high_clusters_are_hot():
    h = hotspots("Cheshire East", method="moran")
    f = h.frame
    mean = f["value"].mean()
    assert h.counts[HOT] > 0 and h.counts[COLD] > 0
    assert (f.loc[f.spot == HOT, "value"] > mean).mean() > 0.9
    assert (f.loc[f.spot == COLD, "value"] < mean).mean() > 0.9


def test_islands_are_not_tested():
    h = hotspots("South West")  # the Isles of Scilly touch no other neighbourhood
    f = h.frame.set_index("code")
    scilly = pd.read_parquet(ROOT / "boundaries" / "lsoa11.parquet", columns=["code", "lad21_code"])
    scilly = scilly.loc[scilly.lad21_code == "E06000053", "code"]
    assert (f.loc[scilly, "spot"] == NOT_TESTED).all()
    assert "1 neighbourhood touches no other neighbourhood of the place and was not tested." in h.notes


def test_bad_requests_are_user_errors():
    with pytest.raises(HotSpotError, match="at least 10"):
        hotspots("City of London")
    with pytest.raises(HotSpotError, match="neighbourhood-level layer"):
        hotspots("Liverpool", layer="life_expectancy_male")
    with pytest.raises(HotSpotError, match="Unknown hot spot method"):
        hotspots("Liverpool", method="kriging")
    with pytest.raises(UserError):
        hotspots("Liverpool", permutations=5)


def test_without_pysal_gi_star_still_works_and_morans_i_is_a_sentence(monkeypatch):
    """A fresh install without esda/libpysal: Gi* hot spots (and the profile's) need neither; local Moran's I
    says in one sentence what to install."""
    import sys

    from placeviz.analysis.profile import place_profile

    monkeypatch.setitem(sys.modules, "libpysal", None)
    monkeypatch.setitem(sys.modules, "esda", None)
    with pytest.raises(HotSpotError, match="pip install esda libpysal"):
        hotspots("Liverpool", method="moran")
    with pytest.raises(HotSpotError, match="at least 10"):  # a bad request is still named as such
        hotspots("City of London", method="moran")
    p = place_profile("Halton")
    assert p.hotspots is not None and p.figure("hotspots.hot").value > 0
