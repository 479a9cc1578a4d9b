"""The bundled files read straight from disk, without placeviz's own readers: what tests compare against."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from placeviz.model.bundle import boundaries_dir, layers_dir


def attrs(set_name: str) -> pd.DataFrame:
    """A boundary set's attribute columns (no geometry), indexed by area code."""
    path = boundaries_dir() / f"{set_name}.parquet"
    cols = [c for c in pq.read_schema(path).names if c != "geometry"]
    return pq.read_table(path, columns=cols).to_pandas().set_index("code")


def table(name: str) -> pd.DataFrame:
    """A bundled layer table (layers/tables/NAME), indexed by area code."""
    return pd.read_parquet(layers_dir() / "tables" / name).set_index("code")
