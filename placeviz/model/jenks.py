"""Exact Fisher-Jenks ("natural breaks") classification in pure numpy.

Fisher-Jenks splits sorted 1-D data into ``k`` contiguous classes so that the
total within-class sum of squared deviations from the class means is as small
as possible.  This is the same objective as :class:`mapclassify.FisherJenks`,
and :func:`fisher_jenks_breaks` returns breaks in the same form as that
class's ``bins`` attribute: ``k`` ascending class upper bounds, each an actual
data value, the last being the maximum.

mapclassify's own implementation is an O(k n²) dynamic programme that needs
numba to be usable on tens of thousands of values (and numba costs seconds at
import).  This module solves the same dynamic programme exactly but much
faster, with plain numpy:

* Equal values always end up in the same class of an optimal partition, so the
  data are first collapsed to their ``m`` distinct values with weights (counts).
  The cost of a class is computed in O(1) from prefix sums of the weights, of
  the values and of the squared values (centred on the mean, to limit
  cancellation).
* ``D[j][i]``, the least cost of putting the first ``i`` distinct values into
  ``j`` classes, is ``min over t of D[j-1][t] + cost(t, i)``.  The 1-D
  sum-of-squares cost satisfies the quadrangle inequality, so the optimal
  split ``t`` is non-decreasing in ``i`` and each layer can be computed by
  divide and conquer in O(m log m) instead of O(m²).
* The divide and conquer is run breadth first: at each recursion level the
  midpoints of *all* pending segments are solved together with one set of
  vectorised numpy operations over ragged candidate ranges, so there are only
  about ``log2(m)`` numpy passes per layer.

Overall the work is O(k m log m) with O(k log m) numpy calls; 32,844 values
(~24,000 distinct) take about 30 ms at k = 5 and 75 ms at k = 10.

Precision: class costs are evaluated in float64 from prefix sums, so two
partitions whose objectives differ by less than roughly 1e-13 of the data's
total sum of squares are indistinguishable (effectively ties).  mapclassify
accumulates in float32 and, on larger n or on values far from zero, can settle
for a partition that is measurably worse; there this module returns the better
(optimal) partition, so the two can then differ.
"""

from __future__ import annotations

import operator

import numpy as np

__all__ = ["fisher_jenks_breaks"]


def fisher_jenks_breaks(values, k: int) -> np.ndarray:
    """Return the optimal Fisher-Jenks class upper bounds of ``values``.

    Parameters
    ----------
    values : array_like
        Numeric values (any shape; flattened).  NaN values are ignored.
    k : int
        Number of classes, at least 2.

    Returns
    -------
    numpy.ndarray
        Float64 array of ``k`` ascending class upper bounds, each one a data
        value and the last one ``max(values)``; the same as
        ``mapclassify.FisherJenks(values, k).bins``.  Class ``c`` holds the
        values ``v`` with ``bins[c-1] < v <= bins[c]``.  If the data have no
        more than ``k`` distinct values, the sorted distinct values are
        returned (so the result may be shorter than ``k``).

    Raises
    ------
    ValueError
        If ``k`` < 2, if there are no non-NaN values, or if any value is
        infinite.
    TypeError
        If ``k`` is not an integer.
    """
    if isinstance(k, bool):
        raise TypeError("k must be an integer number of classes, not a bool")
    try:
        k = operator.index(k)
    except TypeError:
        raise TypeError(f"k must be an integer number of classes, got {k!r}") from None
    if k < 2:
        raise ValueError(f"Fisher-Jenks needs at least 2 classes (k >= 2), got k={k}")

    x = np.asarray(values, dtype=np.float64).ravel()
    x = x[~np.isnan(x)]
    if x.size == 0:
        raise ValueError("no non-NaN values to classify")
    if not np.isfinite(x).all():
        raise ValueError("values contain infinite values; Fisher-Jenks needs finite data")

    uniq, counts = np.unique(x, return_counts=True)
    m = uniq.size
    if k >= m:
        return uniq.astype(np.float64, copy=True)

    ends = _optimal_class_ends(uniq, counts.astype(np.float64), k)
    return uniq[ends - 1].astype(np.float64, copy=False)


def _optimal_class_ends(uniq: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """Exclusive end indices (into ``uniq``) of the ``k`` optimal classes.

    ``uniq`` is sorted, strictly increasing, with ``len(uniq) > k``;
    ``weights`` are the multiplicities.  Class ``c`` covers
    ``uniq[ends[c-1]:ends[c]]`` (with ``ends[-1] == len(uniq)``).
    """
    m = uniq.size
    mean = np.dot(uniq, weights) / weights.sum()
    xc = uniq - mean
    # Prefix sums indexed by the number of distinct values covered (0..m).
    cw = np.concatenate(([0.0], np.cumsum(weights)))
    cs1 = np.concatenate(([0.0], np.cumsum(weights * xc)))
    cs2 = np.concatenate(([0.0], np.cumsum(weights * xc * xc)))

    # Layer 1: one class holding the first i distinct values.
    idx = np.arange(m + 1)
    prev = np.full(m + 1, np.inf)
    prev[1:] = _cost(cw, cs1, cs2, np.zeros(m, dtype=np.intp), idx[1:])

    # argmins[j][i]: start (in distinct-value index) of the last of j+1 classes
    # covering the first i distinct values, for layers j+1 = 2..k-1.
    argmins = []
    for j in range(2, k):
        # j classes over the first i values: need i >= j, and the remaining
        # k - j classes need at least k - j values after i.
        cur, arg = _dc_layer(prev, cw, cs1, cs2, i_lo=j, i_hi=m - (k - j), t_lo=j - 1)
        argmins.append(arg)
        prev = cur

    # Last layer: only i = m is needed; t ranges over k-1 .. m-1.
    t = np.arange(k - 1, m)
    tot = prev[t] + _cost(cw, cs1, cs2, t, np.full(t.size, m))
    last_start = int(t[np.argmin(tot)])

    ends = [m, last_start]
    for arg in reversed(argmins):
        ends.append(int(arg[ends[-1]]))
    return np.array(ends[::-1], dtype=np.intp)


def _cost(cw, cs1, cs2, t, i):
    """Within-class sum of squares of the distinct values with index in [t, i)."""
    w = cw[i] - cw[t]
    s1 = cs1[i] - cs1[t]
    ss = (cs2[i] - cs2[t]) - s1 * s1 / w
    # Rounding can leave a tiny negative number for (near-)constant classes.
    return np.maximum(ss, 0.0)


def _dc_layer(prev, cw, cs1, cs2, i_lo, i_hi, t_lo):
    """One DP layer by level-synchronous divide and conquer.

    Computes ``cur[i] = min_{t_lo <= t < i} prev[t] + cost(t, i)`` and the
    leftmost minimising ``t`` for ``i_lo <= i <= i_hi``, relying on the
    optimal ``t`` being non-decreasing in ``i``.
    """
    n_all = prev.size
    cur = np.full(n_all, np.inf)
    arg = np.zeros(n_all, dtype=np.intp)

    # Pending segments: i in [lo, hi], optimal t known to lie in [tlo, thi].
    lo = np.array([i_lo], dtype=np.intp)
    hi = np.array([i_hi], dtype=np.intp)
    tlo = np.array([t_lo], dtype=np.intp)
    thi = np.array([i_hi - 1], dtype=np.intp)

    while lo.size:
        mid = (lo + hi) // 2
        c_hi = np.minimum(thi, mid - 1)
        # Non-empty: tlo is t_lo or the optimum of some i' < mid, and either is <= mid - 1.
        cnt = c_hi - tlo + 1
        starts = np.cumsum(cnt) - cnt
        total = int(starts[-1] + cnt[-1])
        flat = np.arange(total)
        t = np.repeat(tlo - starts, cnt) + flat
        i = np.repeat(mid, cnt)
        val = prev[t] + _cost(cw, cs1, cs2, t, i)

        seg_min = np.minimum.reduceat(val, starts)
        is_min = val == np.repeat(seg_min, cnt)
        first = np.minimum.reduceat(np.where(is_min, flat, total), starts)
        opt = t[first]
        cur[mid] = seg_min
        arg[mid] = opt

        left = lo < mid
        right = mid < hi
        lo = np.concatenate((lo[left], mid[right] + 1))
        hi = np.concatenate((mid[left] - 1, hi[right]))
        tlo_new = np.concatenate((tlo[left], opt[right]))
        thi = np.concatenate((opt[left], thi[right]))
        tlo = tlo_new

    return cur, arg
