"""Reading the bundled layer tables (layers/tables/*.parquet), once each. No Qt here."""

from __future__ import annotations

from functools import cache

import pandas as pd

from placeviz.model.bundle import layers_dir


@cache
def read_table(name: str) -> pd.DataFrame:
    """A bundled layer table (layers/tables/NAME), indexed by area code. Shared: do not modify."""
    df = pd.read_parquet(layers_dir() / "tables" / name)
    return df.set_index("code")
