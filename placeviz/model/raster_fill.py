"""Fill values a raster holds without a nodata tag: -9999, -999 or its type's lowest or highest number.

A grid written without a nodata tag still marks its empty cells somehow, usually with a conventional number
that no measurement takes. Averaged into an area, -9999 turns a mean of 10 into thousands below zero, so a
conventional number that also stands far apart from every other value is taken as no data, and the caller
says so in the import report (never silently), with how to choose otherwise.
"""

from __future__ import annotations

import numpy as np

#: numbers that files conventionally write in empty cells
CONVENTIONAL_FILLS = (-9999.0, -999.0, -99999.0)
#: a candidate must fill at least this many cells to be a fill value rather than one odd reading
MIN_FILL_CELLS = 5
#: "far apart": this many interquartile ranges from the median of the other values
IQR_FACTOR = 1000


def fill_candidates(dtype: str) -> tuple[float, ...]:
    """The conventional fills, and for an integer type its lowest and highest numbers (-32768, 65535...)
    and netCDF's default fill (-32767, -2147483647)."""
    kind = np.dtype(dtype)
    extremes: tuple[float, ...] = ()
    if kind.kind in "iu":
        info = np.iinfo(kind)
        extremes = (float(info.min), float(info.max)) if kind.kind == "i" else (float(info.max),)
        if kind.kind == "i":  # netCDF's default fill for the type (one above its lowest number), kept by a
            extremes += (float(info.min + 1),)  # GeoTIFF converted from netCDF without its nodata tag
    return CONVENTIONAL_FILLS + extremes


def guess_fill(values: np.ndarray, dtype: str) -> tuple[float, int] | None:
    """The likely fill value among ``values`` (NaN = already no data) and how many cells hold it, or None.

    A candidate counts when at least ``MIN_FILL_CELLS`` cells hold it and it stands apart from the other
    values: more than ``IQR_FACTOR`` interquartile ranges from their median, the only negative number among
    non-negative values, or separated from the nearest of them by more than their whole range.
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    for candidate in fill_candidates(dtype):
        hits = finite == candidate
        count = int(hits.sum())
        if count < MIN_FILL_CELLS or count == finite.size:
            continue
        if _stands_apart(candidate, finite[~hits]):
            return candidate, count
    return None


def _stands_apart(candidate: float, rest: np.ndarray) -> bool:
    low, q1, median, q3, high = np.percentile(rest, [0, 25, 50, 75, 100])
    if q3 > q1 and abs(candidate - median) > IQR_FACTOR * (q3 - q1):
        return True
    if candidate < 0 <= low:
        return True
    gap = low - candidate if candidate < low else candidate - high if candidate > high else 0.0
    return gap > max(high - low, 0.0) and gap > 0


def fill_note(value: float, count: int | None, guessed: bool, about: bool = False) -> str:
    """The report's sentence for cells taken as no data, with how to choose otherwise (``count`` None: not
    counted, for a grid read averaged; a guessed count on such a grid is an estimate)."""
    shown = f"{value:g}"
    cells = "Cells holding it" if count is None else f"{'About ' if about else ''}{count:,} cells"
    if guessed:
        return (f"{cells} hold {shown}, which the file does not tag as nodata but which stands far apart "
                f"from every other value (a fill value): treated as no data. If {shown} is a real measurement, "
                f"import again with --no-nodata-guess (guess_nodata=False in Python); to name the fill value "
                f"yourself, use --nodata VALUE (nodata=VALUE).")
    return f"{cells} hold {shown}, the nodata value you chose: treated as no data."
