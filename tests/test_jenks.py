"""Tests for placeviz.model.jenks (exact Fisher-Jenks natural breaks)."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pytest

from placeviz.model.jenks import fisher_jenks_breaks

N_IMD = 32_844


def imd_like(rng: np.random.Generator, n: int) -> np.ndarray:
    """Skewed scores in ~0.5-93 rounded to 3 dp (many ties), like IMD scores."""
    return np.clip(rng.gamma(1.6, 14.0, n) + 0.5, 0.5, 93.0).round(3)


def mapclassify_bins(x: np.ndarray, k: int) -> np.ndarray:
    with warnings.catch_warnings():
        # "Numba not installed. Using slow pure python version."
        warnings.simplefilter("ignore", UserWarning)
        return mapclassify.FisherJenks(x, k).bins


def within_ss(x: np.ndarray, bins: np.ndarray) -> float:
    """Total within-class sum of squared deviations for classes bins[c-1] < v <= bins[c]."""
    x = np.sort(np.asarray(x, dtype=np.float64))
    cls = np.searchsorted(bins, x, side="left")
    total = 0.0
    for c in np.unique(cls):
        v = x[cls == c]
        total += float(((v - v.mean()) ** 2).sum())
    return total


def brute_force_breaks(x: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Plain O(k n^2) Fisher-Jenks DP (float64, full cost matrix) over the sorted values.

    Deliberately independent of the implementation under test: no tie
    collapsing, no monotonicity assumption.
    """
    v = np.sort(np.asarray(x, dtype=np.float64))
    n = v.size
    v0 = v - v.mean()
    c1 = np.concatenate(([0.0], np.cumsum(v0)))
    c2 = np.concatenate(([0.0], np.cumsum(v0 * v0)))
    t = np.arange(n + 1)[:, None]  # class start (exclusive prefix length)
    i = np.arange(n + 1)[None, :]  # class end
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = (c2[i] - c2[t]) - (c1[i] - c1[t]) ** 2 / (i - t)
    cost[~(t < i)] = np.inf
    best = cost[0].copy()  # one class over the first i values
    back = []
    for _ in range(2, k + 1):
        tot = best[:, None] + cost
        arg = np.argmin(tot, axis=0)
        best = tot[arg, np.arange(n + 1)]
        back.append(arg)
    ends = [n]
    for arg in reversed(back):
        ends.append(int(arg[ends[-1]]))
    ends = np.array(ends[::-1])
    return v[ends - 1], float(best[n])


# --- agreement with mapclassify.FisherJenks ----------------------------------------------------


def _datasets() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20240611)
    return {
        "normal": rng.normal(size=200),
        "gamma_3dp": rng.gamma(2.0, 5.0, 300).round(3),
        "imd_like": imd_like(rng, 400),
        "integers_ties": rng.integers(0, 30, 250).astype(float),
        "lognormal_1dp": rng.lognormal(2.0, 1.0, 350).round(1),
        "few_uniques": rng.choice([1.0, 2.0, 2.5, 4.0, 7.0, 7.5, 8.0, 15.0, 16.0, 40.0], 300),
        "bimodal": np.concatenate((rng.normal(10, 2, 150), rng.normal(40, 5, 100))).round(2),
        "negative": (rng.standard_t(3, 180) * 20 - 50).round(1),
    }


DATASETS = _datasets()


@pytest.mark.parametrize("k", range(2, 9))
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_matches_mapclassify(name, k):
    x = DATASETS[name]
    if np.unique(x).size < k:
        pytest.skip("fewer unique values than classes")
    ours = fisher_jenks_breaks(x, k)
    assert ours.dtype == np.float64
    assert ours.shape == (k,)
    np.testing.assert_array_equal(ours, mapclassify_bins(x, k))


@pytest.mark.slow
@pytest.mark.parametrize("k", [2, 5, 8])
def test_matches_mapclassify_n1500(k):
    x = imd_like(np.random.default_rng(2024), 1500)
    np.testing.assert_array_equal(fisher_jenks_breaks(x, k), mapclassify_bins(x, k))


@pytest.mark.parametrize("k", range(2, 9))
def test_never_worse_than_mapclassify_with_large_offset(k):
    """Values near -5000: mapclassify's float32 running sums of squares lose precision here (for
    k >= 6 it returns measurably worse partitions), ours matches the float64 brute-force optimum."""
    x = (np.random.default_rng(20240611).standard_t(3, 180) * 100 - 5000).round(0)
    ours = fisher_jenks_breaks(x, k)
    ref_bins, ref_ss = brute_force_breaks(x, k)
    np.testing.assert_array_equal(ours, ref_bins)
    assert within_ss(x, ours) == pytest.approx(ref_ss, rel=1e-10)
    assert within_ss(x, ours) <= within_ss(x, mapclassify_bins(x, k)) * (1 + 1e-12)


@pytest.mark.slow
def test_never_worse_than_mapclassify():
    """mapclassify's DP accumulates in float32, so on larger n it can settle for a partition
    that is worse by rounding noise; ours must be exactly optimal and never worse."""
    rng = np.random.default_rng(2)
    checked = 0
    for n in (829, 918):
        x = rng.gamma(2.0, 5.0, n).round(3)
        for k in (6, 7):
            ours = fisher_jenks_breaks(x, k)
            ref_ss = brute_force_breaks(x, k)[1]
            assert within_ss(x, ours) == pytest.approx(ref_ss, rel=1e-9, abs=1e-9)
            theirs = mapclassify_bins(x, k)
            assert within_ss(x, ours) <= within_ss(x, theirs) + 1e-9
            checked += 1
    assert checked == 4


def test_k_equal_to_unique_count_matches_mapclassify():
    x = np.array([3.0, 1.0, 2.0, 2.0, 5.0, 1.0, 3.0])
    ours = fisher_jenks_breaks(x, 4)
    np.testing.assert_array_equal(ours, [1.0, 2.0, 3.0, 5.0])
    np.testing.assert_array_equal(ours, mapclassify_bins(x, 4))


# --- exact optimality at scale --------------------------------------------------------------------


@pytest.fixture(scope="module")
def imd_values() -> np.ndarray:
    return imd_like(np.random.default_rng(12345), N_IMD)


@pytest.mark.parametrize("k", range(2, 9))
def test_optimal_against_brute_force_dp_on_3000_subset(imd_values, k):
    rng = np.random.default_rng(7)
    sub = rng.choice(imd_values, 3000, replace=False)
    ref_bins, ref_ss = brute_force_breaks(sub, k)
    ours = fisher_jenks_breaks(sub, k)
    assert within_ss(sub, ours) == pytest.approx(ref_ss, rel=1e-10, abs=1e-8)
    assert within_ss(sub, ours) <= within_ss(sub, ref_bins) * (1 + 1e-12)
    np.testing.assert_array_equal(ours, ref_bins)


def _sorted_ss(values_sorted: np.ndarray, ends: np.ndarray) -> float:
    v = values_sorted - values_sorted.mean()
    c1 = np.concatenate(([0.0], np.cumsum(v)))
    c2 = np.concatenate(([0.0], np.cumsum(v * v)))
    starts = np.concatenate(([0], ends[:-1]))
    w = ends - starts
    return float(np.sum((c2[ends] - c2[starts]) - (c1[ends] - c1[starts]) ** 2 / w))


@pytest.mark.parametrize("k", range(2, 11))
def test_full_size_run_is_locally_optimal(imd_values, k):
    """32,844 values: valid breaks, and no single break can move to a neighbouring value and improve."""
    bins = fisher_jenks_breaks(imd_values, k)
    assert bins.shape == (k,)
    assert np.all(np.diff(bins) > 0)
    assert bins[-1] == imd_values.max()
    assert np.isin(bins, imd_values).all()

    v = np.sort(imd_values)
    uniq = np.unique(v)
    ends = np.searchsorted(v, bins, side="right")
    best = _sorted_ss(v, ends)
    pos = np.searchsorted(uniq, bins)
    for c in range(k - 1):
        for step in (-1, 1):
            p = pos[c] + step
            if p < 0 or p >= uniq.size:
                continue
            moved = bins.copy()
            moved[c] = uniq[p]
            if np.any(np.diff(moved) <= 0):
                continue
            alt = _sorted_ss(v, np.searchsorted(v, moved, side="right"))
            assert best <= alt * (1 + 1e-12)
    # Better than (or equal to) simple alternatives.
    quantile_bins = np.unique(np.quantile(imd_values, np.linspace(0, 1, k + 1)[1:], method="lower"))
    assert best <= within_ss(imd_values, quantile_bins)


# --- input handling ----------------------------------------------------------------------------


def test_nan_values_are_dropped():
    rng = np.random.default_rng(3)
    x = rng.gamma(2.0, 3.0, 200).round(2)
    with_nan = x.copy()
    with_nan[::17] = np.nan
    np.testing.assert_array_equal(
        fisher_jenks_breaks(with_nan, 4), fisher_jenks_breaks(with_nan[~np.isnan(with_nan)], 4)
    )


def test_order_and_shape_do_not_matter():
    rng = np.random.default_rng(4)
    x = rng.lognormal(1.0, 0.7, 240).round(2)
    expected = fisher_jenks_breaks(x, 5)
    np.testing.assert_array_equal(fisher_jenks_breaks(rng.permutation(x), 5), expected)
    np.testing.assert_array_equal(fisher_jenks_breaks(x.reshape(12, 20), 5), expected)
    np.testing.assert_array_equal(fisher_jenks_breaks(list(x), 5), expected)


def test_integer_input():
    x = np.array([1, 1, 2, 9, 10, 10, 11, 30, 31, 31])
    np.testing.assert_array_equal(fisher_jenks_breaks(x, 3), [2.0, 11.0, 31.0])
    assert fisher_jenks_breaks(x, 3).dtype == np.float64


def test_k_at_least_unique_count_returns_unique_values():
    x = [5.0, 1.0, 5.0, 3.0, np.nan, 1.0]
    np.testing.assert_array_equal(fisher_jenks_breaks(x, 3), [1.0, 3.0, 5.0])
    np.testing.assert_array_equal(fisher_jenks_breaks(x, 7), [1.0, 3.0, 5.0])
    np.testing.assert_array_equal(fisher_jenks_breaks([2.5] * 10, 2), [2.5])


def test_two_classes_tiny():
    np.testing.assert_array_equal(fisher_jenks_breaks([1.0, 2.0, 10.0], 2), [2.0, 10.0])


@pytest.mark.parametrize("k", [1, 0, -3])
def test_k_below_two_raises(k):
    with pytest.raises(ValueError, match="at least 2 classes"):
        fisher_jenks_breaks([1.0, 2.0, 3.0], k)


@pytest.mark.parametrize("k", [2.5, "3", True])
def test_non_integer_k_raises(k):
    with pytest.raises(TypeError):
        fisher_jenks_breaks([1.0, 2.0, 3.0], k)


def test_numpy_integer_k_accepted():
    np.testing.assert_array_equal(fisher_jenks_breaks([1.0, 2.0, 10.0], np.int64(2)), [2.0, 10.0])


@pytest.mark.parametrize("values", [[], [np.nan, np.nan]])
def test_no_values_raises(values):
    with pytest.raises(ValueError, match="no non-NaN values"):
        fisher_jenks_breaks(values, 3)


def test_infinite_values_raise():
    with pytest.raises(ValueError, match="infinite"):
        fisher_jenks_breaks([1.0, 2.0, np.inf, 4.0], 2)
