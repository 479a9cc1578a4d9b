"""Arrow columns as numpy arrays without pandas: drawing a map of England reads its parquet files this way
and never imports pandas (tests/test_static_speed.py)."""

from __future__ import annotations

import numpy as np

_NUMPY_TYPES = {"double": np.float64, "float": np.float32, "int64": np.int64, "int32": np.int32,
                "int16": np.int16, "int8": np.int8, "uint8": np.uint8, "uint32": np.uint32, "uint64": np.uint64}


def arrow_values(arr, nulls=np.nan) -> np.ndarray:
    """A numpy copy of a numeric arrow array, read from its buffers (nulls become ``nulls``, as float64).

    pyarrow's own ``to_numpy`` imports pandas (about 0.2 s), which drawing a map does not otherwise need."""
    if hasattr(arr, "combine_chunks"):
        arr = arr.combine_chunks()
    dtype = np.dtype(_NUMPY_TYPES[str(arr.type)])
    out = np.frombuffer(arr.buffers()[1], dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize).copy()
    if arr.null_count:
        bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
        valid = bits[arr.offset:arr.offset + len(arr)].astype(bool)
        out = out.astype(np.float64)
        out[~valid] = nulls
    return out
