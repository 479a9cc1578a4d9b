"""Reading the bundled layer and gazetteer tables (layers/tables/*.parquet), once each. No Qt here."""

from __future__ import annotations

from functools import cache

import pandas as pd

from placeviz.model.bundle import table_path

#: the gazetteer (placeviz.model.gazetteer): wards, towns and postcodes, in layers/tables/
GAZETTEER_TABLES = {"wards": "gazetteer_wards.parquet", "towns": "gazetteer_towns.parquet",
                    "postcodes": "gazetteer_postcodes.parquet", "outcodes": "gazetteer_outcodes.parquet"}


@cache
def read_table(name: str) -> pd.DataFrame:
    """A bundled layer table (layers/tables/NAME), indexed by area code. Shared: do not modify."""
    df = pd.read_parquet(table_path(name))
    return df.set_index("code")


@cache
def gazetteer_table(name: str) -> pd.DataFrame:
    """A gazetteer table as bundled ("wards", "towns", "outcodes"), read once for the gazetteer and for the
    sentence about a town typed as a place. Shared: do not modify."""
    return pd.read_parquet(table_path(GAZETTEER_TABLES[name]))
