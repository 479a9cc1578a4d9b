"""Suburbs are named by importance, not alphabetically: OS Open Names gives them no population, so each is
ranked by the residents of the neighbourhoods around it (mid-2020 estimates of LSOAs whose centres lie within
1 km), and a city map names its populous districts before the sparse ones."""

import geopandas as gpd
import numpy as np
import pytest

from placeviz.model.bundle import boundaries_dir
from placeviz.model.mapdata import read_table
from placeviz.model.places import load_places

pytest.importorskip("pytestqt")


def _residents_within_1km(xy):
    g = gpd.read_parquet(boundaries_dir() / "lsoa11.parquet", columns=["code", "geometry"])
    c = g.geometry.centroid
    pop = read_table("population_lsoa11.parquet")["population"].reindex(g["code"]).to_numpy()
    centres = np.column_stack([c.x, c.y])
    return np.array([pop[((centres - p) ** 2).sum(axis=1) <= 1_000 ** 2].sum() for p in xy])


def _liverpool_suburbs():
    places = load_places()
    x, y = places.xy[:, 0], places.xy[:, 1]
    inside = (places.kinds == "suburb") & (x > 334_000) & (x < 348_000) & (y > 380_000) & (y < 398_000)
    return places, np.flatnonzero(inside)  # in the bundle's order of importance


def test_suburbs_come_in_order_of_the_residents_around_them():
    places, rows = _liverpool_suburbs()
    names = [places.names[i] for i in rows]
    assert len(names) > 40 and names != sorted(names)
    near = _residents_within_1km(places.xy[rows])
    assert (np.diff(near) <= 0).all()  # most residents around them first
    assert near[0] > 3 * near[-1]


def test_a_city_page_names_its_populous_suburbs_first(qapp):
    from tests.test_where_am_i import _page_labels

    labels, _lay, _furniture = _page_labels("Liverpool")
    shown = {lab.name for lab in labels if lab.kind == "suburb"}
    places, rows = _liverpool_suburbs()
    near = dict(zip((places.names[i] for i in rows), _residents_within_1km(places.xy[rows]), strict=False))
    named = [near[n] for n in shown if n in near]
    unnamed = [v for n, v in near.items() if n not in shown]
    assert len(named) >= 10 and np.median(named) > np.median(unnamed)
