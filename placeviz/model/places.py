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
