"""Towns, cities and suburbs for map labels: the bundle's ``layers/tables/places.parquet`` (OS Open Names
points with ONS 2011 town populations), most important first.

Read with pyarrow only and cached, so the England PNG never imports pandas (tests/test_static_speed.py) and
the screen, the print exports and the HTML page read the table once a process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow.parquet as pq

from placeviz.model.arrow import arrow_values
from placeviz.model.bundle import places_path

#: which towns a map names at its scale, the one rule for the screen, print and the HTML page: (metres per
#: unit above which, the smallest town named), a unit being a device pixel on screen and a point in print
NAMED_FROM = ((400.0, 150_000), (150.0, 60_000), (50.0, 15_000))  # England, a region, a county or big district
BIG_TOWN = 40_000  # towns this big are named before the local authorities
SUBURBS_BELOW = 60.0  # metres per unit: suburbs are named only on maps this detailed (a city of about 20 km)


def min_population(metres_per_unit: float) -> float:
    """The smallest town named at a scale (metres per device pixel on screen, per point in print)."""
    return next((pop for scale, pop in NAMED_FROM if metres_per_unit > scale), 0)


@dataclass(frozen=True)
class Places:
    names: list
    kinds: np.ndarray  # object array: 'city', 'town', 'suburb'
    xy: np.ndarray  # (n, 2) float64, EPSG:27700 metres
    population: np.ndarray  # int64, 0 where unknown


@cache
def load_places() -> Places | None:
    """The bundled places, most important first; None when the bundle has none."""
    path = places_path()
    if not path.exists():
        return None
    t = pq.ParquetFile(path).read(columns=["name", "kind", "x", "y", "population", "rank"],
                                  use_pandas_metadata=False)
    order = np.argsort(arrow_values(t.column("rank")), kind="stable")
    names = t.column("name").to_pylist()
    kinds = np.array(t.column("kind").to_pylist(), dtype=object)
    xy = np.column_stack([arrow_values(t.column("x")), arrow_values(t.column("y"))]).astype(np.float64)
    pop = arrow_values(t.column("population")).astype(np.int64)
    return Places([names[i] for i in order], kinds[order], xy[order], pop[order])
