"""The England PNG's pandas-free scene finds each neighbourhood's row in its layer's table: a table in the
boundary file's own order is matched as it is (no lookup of 32,844 codes, about 7 ms), any other order or a
table with gaps through the codes."""

import numpy as np
import pyarrow.parquet as pq

from placeviz.model.bundle import layers_dir
from placeviz.render.arrow_scene import rows_in_file_order
from placeviz.render.geometry import RenderGeometry


def test_rows_of_a_table_in_file_order_and_in_any_other():
    file_codes = RenderGeometry.for_set("lsoa11").codes
    codes = pq.read_table(layers_dir() / "tables" / "imd2019_lsoa11.parquet", columns=["code"]).column(
        "code").to_pylist()
    assert codes == file_codes.tolist()  # the bundled table is in the boundary file's order
    assert np.array_equal(rows_in_file_order(codes, file_codes), np.arange(32_844))

    rng = np.random.default_rng(3)
    shuffled = [codes[i] for i in rng.permutation(len(codes))[:30_000]]  # another order, 2,844 areas missing
    rows = rows_in_file_order(shuffled, file_codes)
    found = rows >= 0
    assert found.sum() == 30_000
    assert all(shuffled[r] == c for r, c in zip(rows[found].tolist(), file_codes[found].tolist(), strict=True))
    assert set(file_codes[~found].tolist()) == set(codes) - set(shuffled)
