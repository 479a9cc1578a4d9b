"""Hot spots and cold spots (Getis-Ord Gi*, local Moran's I) on the real neighbourhoods of real places."""

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from placeviz.analysis.hotspots import COLD, HOT, NOT_TESTED, HotSpotError, hotspots
from placeviz.model.errors import UserError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def liverpool():
    return hotspots("Liverpool")


def test_gi_star_matches_a_direct_esda_computation(liverpool):
    import esda
    from libpysal.weights import Queen

    g = gpd.read_parquet(ROOT / "boundaries" / "lsoa11.parquet")
    g = g[g.lad21_code == "E08000012"].reset_index(drop=True)
    imd = pd.read_parquet(ROOT / "layers" / "tables" / "imd2019_lsoa11.parquet").set_index("code")
    y = imd.imd_score.reindex(g.code).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = Queen.from_dataframe(g, use_index=False)
        w.transform = "b"
        gi = esda.G_Local(y, w, transform="B", star=True, permutations=999, seed=20191, n_jobs=1)
    expected = np.where(gi.p_sim < 0.05, np.where(gi.Zs > 0, HOT, COLD), "not significant")
    got = liverpool.frame.set_index("code").loc[g.code, "spot"].to_numpy()
    assert (got == expected).all()
    assert liverpool.counts[HOT] == int((expected == HOT).sum()) > 0
    assert liverpool.counts[COLD] == int((expected == COLD).sum()) > 0


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


def test_without_pysal_hot_spots_are_a_sentence_and_the_profile_still_works(monkeypatch):
    """A fresh install without esda/libpysal: one clear sentence, and the profile keeps its other figures."""
    import sys

    from placeviz.analysis.narrative import so_what
    from placeviz.analysis.profile import place_profile

    monkeypatch.setitem(sys.modules, "libpysal", None)
    monkeypatch.setitem(sys.modules, "esda", None)
    with pytest.raises(HotSpotError, match="pip install esda libpysal"):
        hotspots("Liverpool")
    with pytest.raises(HotSpotError, match="at least 10"):  # a bad request is still named as such
        hotspots("City of London")
    p = place_profile("Halton")
    assert p.hotspots is None and p.figure("hotspots.hot") is None
    assert any("esda" in n for n in p.notes)
    assert p.figure("residents").value > 100_000
    assert "hot spots" not in [s.topic for s in so_what(p)]
